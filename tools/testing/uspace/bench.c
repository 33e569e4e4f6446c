// SPDX-License-Identifier: GPL-2.0
/*
 * Native figures for the engine (engine_test -b), the user-space twin of
 * the in-kernel benchmark of kmod/tests/: map, query and unmap 1 GiB of an EPT4 table as
 * 4 KiB pages, 2 MiB leaves and one 1 GiB leaf, against two baselines
 * measured in the same run: allocating and zeroing as many pages, and a
 * chase of four dependent loads.  Figures, never pass/fail.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/mman.h>
#include "check.h"
#include "hal_user.h"

#define BENCH_GPA	0x40000000ULL
#define BENCH_HPA	0x100000000ULL
#define BENCH_QUERIES	1000000UL

static u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static u64 bench_next(u64 *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

struct bench_case {
	const char *name;
	u32 opts;
	u64 hpa;
	u64 leaves;
	double map, unmap, query;
};

static int bench_case(struct bench_case *b)
{
	struct axas_pt_entry e;
	struct axas_uhal u;
	struct axas_pt pt;
	u64 t, seed = 42, sum = 0, i;
	int ret;

	axas_uhal_init(&u);
	ret = axas_pt_init(&pt, AXAS_FMT_EPT4, 0, &u.hal);
	if (ret)
		return ret;
	t = now_ns();
	ret = axas_pt_map(&pt, axas_gpa(BENCH_GPA), axas_hpa(b->hpa), AXAS_SZ_1G,
			  AXAS_MAP_READ | AXAS_MAP_WRITE, b->opts);
	b->map = (double)(now_ns() - t) / b->leaves;
	if (ret)
		goto out;
	t = now_ns();
	for (i = 0; i < BENCH_QUERIES; i++) {
		u64 off = (bench_next(&seed) << 12) & (AXAS_SZ_1G - 1);

		if (!axas_pt_query(&pt, axas_gpa(BENCH_GPA + off), &e))
			sum += axas_hpa_val(e.hpa);
	}
	b->query = (double)(now_ns() - t) / BENCH_QUERIES;
	t = now_ns();
	ret = axas_pt_unmap(&pt, axas_gpa(BENCH_GPA), AXAS_SZ_1G, NULL, NULL);
	b->unmap = (double)(now_ns() - t) / b->leaves;
	if (!sum)
		ret = -1;
out:
	axas_pt_destroy(&pt, NULL, NULL);
	return ret;
}

/* Fault in and zero @n fresh pages, then give them back: ns per page. */
static double bench_alloc_zero(unsigned long n)
{
	unsigned long i;
	char *p;
	u64 t;

	t = now_ns();
	p = mmap(NULL, n * 4096, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return 0;
	for (i = 0; i < n; i++)
		memset(p + i * 4096, 0, 4096);
	munmap(p, n * 4096);
	return (double)(now_ns() - t) / n;
}

static double ratio(double a, double b)
{
	return b ? a / b : 0;
}

/* Four dependent loads through four pages, as a 4-level walk does. */
static double bench_chase(void)
{
	void **pages[4], **p;
	unsigned long i;
	u64 t, seed = 7;
	int k;

	for (k = 0; k < 4; k++) {
		pages[k] = aligned_alloc(4096, 4096);
		if (!pages[k])
			return 0;
	}
	for (i = 0; i < 512; i++)
		for (k = 0; k < 4; k++)
			pages[k][i] = &pages[(k + 1) % 4][bench_next(&seed) % 512];
	p = &pages[0][0];
	t = now_ns();
	for (i = 0; i < BENCH_QUERIES; i++)
		p = *(void **)*(void **)*(void **)*p;
	t = now_ns() - t;
	if (!p)
		t = 0;
	for (k = 0; k < 4; k++)
		free(pages[k]);
	return (double)t / BENCH_QUERIES;
}

/**
 * axas_bench_main() - print the native figures
 *
 * Return: 0, or 1 when a map failed.
 */
int axas_bench_main(void)
{
	struct bench_case cases[] = {
		{ "1 GiB as 4 KiB pages", AXAS_PT_NOHUGE, BENCH_HPA, 262144 },
		{ "1 GiB as 2 MiB leaves", 0, BENCH_HPA + AXAS_SZ_2M, 512 },
		{ "1 GiB as one leaf", 0, BENCH_HPA, 1 },
	};
	double az = bench_alloc_zero(262144), chase = bench_chase();
	unsigned int i;

	printf("baselines: alloc+zero %.1f ns/page, 4 dependent loads %.1f ns\n",
	       az, chase);
	for (i = 0; i < 3; i++) {
		struct bench_case *b = &cases[i];

		if (bench_case(b)) {
			printf("%s: map failed\n", b->name);
			return 1;
		}
		printf("%-22s map %9.1f ns/leaf, unmap %9.1f ns/leaf, ",
		       b->name, b->map, b->unmap);
		printf("query %6.1f ns (%.2f chases)\n", b->query,
		       ratio(b->query, chase));
	}
	printf("map 1 GiB as 4 KiB pages / alloc+zero of as many pages: %.2f\n",
	       ratio(cases[0].map, az));
	return 0;
}
