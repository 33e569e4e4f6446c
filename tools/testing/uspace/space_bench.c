// SPDX-License-Identifier: GPL-2.0
/*
 * space_bench: the rows of issue 13's table, natively.  The space layer
 * (kmod/space/: areas, backends, AddrSpace) and the engine are built
 * unchanged in user space over the pool HAL of space_hal.c and measured
 * against two limits taken in the same run: allocating and zeroing a pool
 * frame (the same memset populate does), and a chase of four dependent
 * loads (a 4-level walk with every table in the L1 cache).
 *
 *   space_bench [-r REPS] [-s MAX_MIB] [-w]
 *                                  every row, median and min of REPS (5)
 *                                  repetitions; -s adds the scaling table up
 *                                  to MAX_MIB; -w times with the wall clock
 *                                  instead of the thread's CPU time
 *
 * Figures, never pass/fail; pin it to one CPU (make bench-native does).
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>
#include "space.h"
#include "space_hal.h"

#define SB_GPA		AXAS_SZ_1G
#define SB_HPA		0x4000000000ULL
#define SB_SPACE	(512 * AXAS_SZ_1G)
#define SB_QUERIES	(1UL << 20)
#define SB_GIB_LEAVES	511	/* every 1 GiB slot of the space but the first */
#define SB_GIB_ROUNDS	4
#define SB_MAX_REPS	15
#define SB_RW		(AXAS_MAP_READ | AXAS_MAP_WRITE)

/*
 * The thread's CPU time, not the wall clock: on a machine shared with
 * other work, a pinned run is preempted more often the longer it lasts, so
 * the wall clock grew a row's cost with its size (the 4 KiB map and unmap
 * "doubling above 1 GiB" was that: flat in CPU time, with the involuntary
 * context switches growing with the size).  -w: the wall clock.
 */
static clockid_t sb_clock = CLOCK_THREAD_CPUTIME_ID;

static u64 sb_now(void)
{
	struct timespec ts;

	clock_gettime(sb_clock, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static u64 sb_next(u64 *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void sb_check(int ret, const char *what)
{
	if (ret) {
		fprintf(stderr, "space_bench: %s: %d\n", what, ret);
		exit(1);
	}
}

/* What one row of the table is, and the figures of each rep. */
enum sb_base { SB_CHASE, SB_ALLOC_ZERO };

struct sb_row {
	const char *name;
	enum sb_base base;
	double rust;		/* the figure for the Rust crate */
	unsigned int per;	/* pages per unit of the row (limit x this) */
	double v[SB_MAX_REPS];
};

enum {
	R_MAP4K, R_MAP2M, R_MAP1G, R_UNMAP1G,
	R_TR4K, R_TR2M, R_TR1G, R_Q4K, R_Q2M, R_Q1G,
	R_POP, R_UNPOP, R_POP2M, R_UNPOP2M, R_FLT4K, R_FLT2M,
	R_CHASE, R_AZ, R_WALK4K, R_NR
};

static struct sb_row sb_rows[R_NR] = {
	[R_MAP4K] = { "map_linear 1 GiB as 4 KiB pages, ns/page", SB_CHASE, 10.2 },
	[R_MAP2M] = { "map_linear 1 GiB as 2 MiB leaves, ns/leaf", SB_CHASE, 8.7 },
	[R_MAP1G] = { "map one 1 GiB leaf, ns", SB_CHASE, 35.9 },
	[R_UNMAP1G] = { "unmap one 1 GiB leaf, ns", SB_CHASE, 29.0 },
	[R_TR4K] = { "translate with limit, 4 KiB mapped, ns", SB_CHASE, 13.7 },
	[R_TR2M] = { "translate with limit, 2 MiB mapped, ns", SB_CHASE, 10.7 },
	[R_TR1G] = { "translate with limit, 1 GiB mapped, ns", SB_CHASE, 7.5 },
	[R_Q4K] = { "engine query, 4 KiB mapped, ns", SB_CHASE, 11.5 },
	[R_Q2M] = { "engine query, 2 MiB mapped, ns", SB_CHASE, 7.4 },
	[R_Q1G] = { "engine query, 1 GiB mapped, ns", SB_CHASE, 4.3 },
	[R_POP] = { "populate 1 GiB, zeroed frames, ns/page", SB_ALLOC_ZERO, 450 },
	[R_UNPOP] = { "unmap of populated frames, ns/page", SB_ALLOC_ZERO, 11.4 },
	[R_POP2M] = { "populate 1 GiB, 2 MiB backing, ns/page", SB_ALLOC_ZERO },
	[R_UNPOP2M] = { "unmap of 2 MiB backed frames, ns/page", SB_ALLOC_ZERO },
	[R_FLT4K] = { "lazy fault, 4 KiB backing, ns/page", SB_ALLOC_ZERO },
	[R_FLT2M] = { "lazy fault, 2 MiB backing, ns/2 MiB", SB_ALLOC_ZERO, 0,
		      AXAS_HUGE_FRAMES },
	[R_CHASE] = { "limit: 4 dependent loads, ns", SB_CHASE, 5.0 },
	[R_AZ] = { "limit: alloc + zero of a page, ns", SB_ALLOC_ZERO, 443 },
	[R_WALK4K] = { "limit: bare walk, 4 KiB-mapped GiB's shape, ns", SB_CHASE },
};

static struct axas_space *sb_space(void)
{
	struct axas_space *as;

	sb_check(axas_space_create(AXAS_FMT_EPT4, 0, axas_gpa(0), SB_SPACE,
				   &axas_default_hal_ops, NULL, &as), "create");
	return as;
}

/* Random addresses in [SB_GPA, SB_GPA + 1 GiB): the same sequence each time. */
static double sb_query(struct axas_space *as)
{
	struct axas_pt_entry e;
	u64 seed = 42, sum = 0, t, i;

	t = sb_now();
	for (i = 0; i < SB_QUERIES; i++) {
		u64 off = (sb_next(&seed) << 12) & (AXAS_SZ_1G - 1);

		if (!axas_pt_query(&as->pt, axas_gpa(SB_GPA + off), &e))
			sum += axas_hpa_val(e.hpa);
	}
	t = sb_now() - t;
	sb_check(!sum, "query found nothing");
	return (double)t / SB_QUERIES;
}

static double sb_translate(struct axas_space *as)
{
	struct axas_translation tr;
	u64 seed = 42, sum = 0, t, i;

	t = sb_now();
	for (i = 0; i < SB_QUERIES; i++) {
		u64 off = (sb_next(&seed) << 12) & (AXAS_SZ_1G - 1);

		if (!axas_space_translate(as, axas_gpa(SB_GPA + off), &tr))
			sum += axas_hpa_val(tr.hpa) + tr.contig + tr.area_size;
	}
	t = sb_now() - t;
	sb_check(!sum, "translate found nothing");
	return (double)t / SB_QUERIES;
}

/* Map 1 GiB linearly in leaves of @leaf bytes; then query and translate. */
static void sb_linear(unsigned int rep, u64 leaf, int map, int tr, int q)
{
	struct axas_space *as = sb_space();
	u64 hpa = SB_HPA + (leaf == AXAS_PAGE_SIZE ? 0 : leaf);
	u64 t;

	if (leaf == AXAS_SZ_1G)
		hpa = SB_HPA;
	t = sb_now();
	sb_check(axas_space_map_linear(as, axas_gpa(SB_GPA), axas_hpa(hpa),
				       AXAS_SZ_1G, SB_RW,
				       leaf == AXAS_PAGE_SIZE ?
				       AXAS_SPACE_NOHUGE : 0), "map_linear");
	t = sb_now() - t;
	if (map >= 0)
		sb_rows[map].v[rep] = (double)t / (AXAS_SZ_1G / leaf);
	sb_check(as->pt.stats.leaves[leaf == AXAS_PAGE_SIZE ? 0 :
				     leaf == AXAS_SZ_2M ? 1 : 2] !=
		 AXAS_SZ_1G / leaf, "leaf size");
	sb_rows[tr].v[rep] = sb_translate(as);
	sb_rows[q].v[rep] = sb_query(as);
	axas_space_destroy(as);
}

/*
 * 1 GiB mapped and unmapped in leaves of @leaf bytes (one 1 GiB leaf, or
 * 512 leaves of 2 MiB from a host range offset by 2 MiB), SB_GIB_LEAVES
 * times at as many addresses of one 512 GiB slot, SB_GIB_ROUNDS rounds
 * after an untimed one: batches of 511, since the thread-CPU clock is a
 * system call of about a microsecond (batches of 64 added some 15 ns to
 * each 1 GiB leaf; a single 2 MiB-leaf call, timed alone, read 5 us of
 * which its 512 entries were under 1 us), and warm, as a VMM mapping its
 * memory slots one after the other is.  Rows @rmap and @runmap (or -1)
 * get ns per leaf.
 */
static void sb_slots(unsigned int rep, u64 leaf, int rmap, int runmap)
{
	struct axas_space *as = sb_space();
	u64 off = leaf == AXAS_SZ_1G ? 0 : leaf, per = AXAS_SZ_1G / leaf;
	u64 tmap = 0, tunmap = 0, t, i, r;

	for (r = 0; r <= SB_GIB_ROUNDS; r++) {
		t = sb_now();
		for (i = 0; i < SB_GIB_LEAVES; i++)
			sb_check(axas_space_map_linear(as,
						       axas_gpa((i + 1) * AXAS_SZ_1G),
						       axas_hpa(SB_HPA + i * AXAS_SZ_1G + off),
						       AXAS_SZ_1G, SB_RW, 0), "map slot");
		if (r)
			tmap += sb_now() - t;
		sb_check(as->pt.stats.leaves[leaf == AXAS_SZ_1G ? 2 : 1] !=
			 SB_GIB_LEAVES * per, "leaf size");
		t = sb_now();
		for (i = 0; i < SB_GIB_LEAVES; i++)
			sb_check(axas_space_unmap(as, axas_gpa((i + 1) * AXAS_SZ_1G),
						  AXAS_SZ_1G), "unmap slot");
		if (r)
			tunmap += sb_now() - t;
	}
	if (rmap >= 0)
		sb_rows[rmap].v[rep] = (double)tmap / (SB_GIB_ROUNDS * SB_GIB_LEAVES * per);
	if (runmap >= 0)
		sb_rows[runmap].v[rep] = (double)tunmap /
					 (SB_GIB_ROUNDS * SB_GIB_LEAVES * per);
	axas_space_destroy(as);
}

/*
 * Populate @bytes of zeroed frames (4 KiB frames, or 2 MiB blocks where
 * the pool has them with @huge), then unmap them: ns per page each.
 */
static void sb_populate_opts(u64 bytes, bool huge, double *pop, double *unpop)
{
	struct axas_space *as = sb_space();
	u64 pages = bytes / AXAS_PAGE_SIZE, t;
	u32 opts = AXAS_SPACE_POPULATE | (huge ? 0 : AXAS_SPACE_NOHUGE);
	struct axas_space_stats st;

	axas_upool_sort();
	t = sb_now();
	sb_check(axas_space_map_alloc_opts(as, axas_gpa(SB_GPA), bytes, SB_RW,
					   opts), "populate");
	*pop = (double)(sb_now() - t) / pages;
	axas_space_get_stats(as, &st);
	/* the row is what it says: every 2 MiB one leaf, or none */
	sb_check(st.pt.leaves[1] != (huge ? bytes / AXAS_SZ_2M : 0),
		 "2 MiB leaves");
	t = sb_now();
	sb_check(axas_space_unmap(as, axas_gpa(SB_GPA), bytes), "unmap");
	*unpop = (double)(sb_now() - t) / pages;
	axas_space_destroy(as);
}

/*
 * Fault in every 2 MiB of a lazy 1 GiB area (2 MiB backing), or every
 * page (4 KiB backing): ns per 2 MiB fault, or per page.
 */
static double sb_fault(bool huge)
{
	struct axas_space *as = sb_space();
	u64 step = huge ? AXAS_SZ_2M : AXAS_PAGE_SIZE, gpa, t;

	axas_upool_sort();
	sb_check(axas_space_map_alloc_opts(as, axas_gpa(SB_GPA), AXAS_SZ_1G,
					   SB_RW, huge ? 0 : AXAS_SPACE_NOHUGE),
		 "map lazy");
	t = sb_now();
	for (gpa = SB_GPA; gpa < SB_GPA + AXAS_SZ_1G; gpa += step)
		sb_check(axas_space_handle_fault(as, axas_gpa(gpa),
						 AXAS_MAP_WRITE), "fault");
	t = sb_now() - t;
	sb_check(axas_space_unmap(as, axas_gpa(SB_GPA), AXAS_SZ_1G), "unmap");
	axas_space_destroy(as);
	return (double)t / (AXAS_SZ_1G / step);
}

/* Populate @bytes of 4 KiB frames, then unmap them: ns per page each. */
static void sb_populate(u64 bytes, double *pop, double *unpop)
{
	struct axas_space *as = sb_space();
	u64 pages = bytes / AXAS_PAGE_SIZE, t;

	axas_upool_sort();
	t = sb_now();
	sb_check(axas_space_map_alloc_opts(as, axas_gpa(SB_GPA), bytes, SB_RW,
					   AXAS_SPACE_POPULATE |
					   AXAS_SPACE_NOHUGE), "populate");
	*pop = (double)(sb_now() - t) / pages;
	t = sb_now();
	sb_check(axas_space_unmap(as, axas_gpa(SB_GPA), bytes), "unmap");
	*unpop = (double)(sb_now() - t) / pages;
	axas_space_destroy(as);
}

/* The same frames, the same memset, without the space: ns per page. */
static double sb_alloc_zero(unsigned long pages)
{
	axas_hpa_t *pa = calloc(pages, sizeof(*pa));
	unsigned long i;
	u64 t;

	sb_check(!pa, "calloc");
	axas_upool_sort();
	t = sb_now();
	for (i = 0; i < pages; i++)
		sb_check(axas_upool_get(true, &pa[i]), "pool");
	t = sb_now() - t;
	for (i = 0; i < pages; i++)
		axas_upool_put(pa[i]);
	free(pa);
	return (double)t / pages;
}

/* Four dependent loads through four pages, as a 4-level walk does. */
static double sb_chase(void)
{
	void **pages[4], **p;
	u64 t, seed = 7, i;
	int k;

	for (k = 0; k < 4; k++) {
		pages[k] = aligned_alloc(4096, 4096);
		sb_check(!pages[k], "aligned_alloc");
	}
	for (i = 0; i < 512; i++)
		for (k = 0; k < 4; k++)
			pages[k][i] = &pages[(k + 1) % 4][sb_next(&seed) % 512];
	p = &pages[0][0];
	t = sb_now();
	for (i = 0; i < SB_QUERIES; i++)
		p = *(void **)*(void **)*(void **)*p;
	t = sb_now() - t;
	sb_check(!p, "chase");
	for (k = 0; k < 4; k++)
		free(pages[k]);
	return (double)t / SB_QUERIES;
}

/*
 * The memory limit of a 4 KiB query, which the chase above is not: the
 * chase's 2,048 entries stay in the L1 cache, while a query of a GiB
 * mapped as 4 KiB pages reads one entry of 2 MiB of level-0 tables at
 * random (cachegrind: about one L1 read miss per query, none per chase
 * step).  So: tables of the same shape (one table at each of levels 3 to
 * 1, 512 level-0 tables under them), holding pointers and values in place
 * of entries, walked four dependent loads deep at the query bench's random
 * addresses, lookups independent of each other as the queries are; no
 * decoding, no checks.
 */
static double sb_bare_walk(void)
{
	u64 **l3 = aligned_alloc(4096, 4096), **l2 = aligned_alloc(4096, 4096);
	u64 **l1 = aligned_alloc(4096, 4096), *l0 = aligned_alloc(4096, AXAS_SZ_2M);
	u64 seed = 42, sum = 0, t, i;

	sb_check(!l3 || !l2 || !l1 || !l0, "aligned_alloc");
	for (i = 0; i < 512; i++) {
		l3[i] = (u64 *)l2;
		l2[i] = (u64 *)l1;
		l1[i] = &l0[i * 512];
	}
	for (i = 0; i < AXAS_SZ_2M / sizeof(u64); i++)
		l0[i] = i;
	t = sb_now();
	for (i = 0; i < SB_QUERIES; i++) {
		u64 gpa = SB_GPA + ((sb_next(&seed) << 12) & (AXAS_SZ_1G - 1));
		u64 **t2 = (u64 **)READ_ONCE(l3[(gpa >> 39) & 511]);
		u64 **t1 = (u64 **)READ_ONCE(t2[(gpa >> 30) & 511]);
		u64 *t0 = READ_ONCE(t1[(gpa >> 21) & 511]);

		sum += READ_ONCE(t0[(gpa >> 12) & 511]);
	}
	t = sb_now() - t;
	sb_check(!sum, "bare walk");
	free(l0);
	free(l1);
	free(l2);
	free(l3);
	return (double)t / SB_QUERIES;
}

static int sb_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void sb_stats(const double *v, unsigned int n, double *med, double *min)
{
	double s[SB_MAX_REPS];

	memcpy(s, v, n * sizeof(*v));
	qsort(s, n, sizeof(*s), sb_cmp);
	*min = s[0];
	*med = n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/* The median over the reps of row @a's figure over row @b's, and the min. */
static void sb_ratio(unsigned int reps, int a, int b, double *med, double *min)
{
	double r[SB_MAX_REPS];
	unsigned int i;

	for (i = 0; i < reps; i++)
		r[i] = sb_rows[a].v[i] / sb_rows[b].v[i];
	sb_stats(r, reps, med, min);
}

/*
 * The ratio targets that are not to a limit: translate over the
 * query of the same rep (the machine's load moves both alike), and the
 * 4 KiB query over the bare walk of tables of its shape.
 */
static void sb_print_ratios(unsigned int reps)
{
	static const struct { int a, b; const char *what; } r[] = {
		{ R_TR4K, R_Q4K, "translate / query, 4 KiB mapped" },
		{ R_TR2M, R_Q2M, "translate / query, 2 MiB mapped" },
		{ R_TR1G, R_Q1G, "translate / query, 1 GiB mapped" },
		{ R_Q4K, R_WALK4K, "query 4 KiB / bare walk of its shape" },
		{ R_TR4K, R_WALK4K, "translate 4 KiB / bare walk of its shape" },
	};
	double med, min;
	unsigned int i;

	printf("%-46s %9s %9s\n", "ratio, per rep", "median", "min");
	for (i = 0; i < ARRAY_SIZE(r); i++) {
		sb_ratio(reps, r[i].a, r[i].b, &med, &min);
		printf("%-46s %8.2fx %8.2fx\n", r[i].what, med, min);
	}
}

static void sb_print(unsigned int reps)
{
	double lim[2], lmin, med, min;
	unsigned int r;

	sb_stats(sb_rows[R_CHASE].v, reps, &lim[SB_CHASE], &lmin);
	sb_stats(sb_rows[R_AZ].v, reps, &lim[SB_ALLOC_ZERO], &lmin);
	printf("%-46s %9s %9s %8s %8s %8s\n", "row (1 GiB, EPT4)", "median",
	       "min", "ratio", "Rust", "Rust r.");
	for (r = 0; r < R_NR; r++) {
		const struct sb_row *row = &sb_rows[r];
		double rl = row->base == SB_CHASE ? 5.0 : 443.0;
		unsigned int per = row->per ? row->per : 1;

		sb_stats(row->v, reps, &med, &min);
		if (!row->rust) {
			printf("%-46s %9.1f %9.1f %7.2f%c %8s %8s\n", row->name,
			       med, min, med / (lim[row->base] * per),
			       row->base == SB_CHASE ? 'c' : 'z', "-", "-");
			continue;
		}
		printf("%-46s %9.1f %9.1f %7.2f%c %8.1f %7.2f%c\n", row->name,
		       med, min, med / lim[row->base],
		       row->base == SB_CHASE ? 'c' : 'z', row->rust,
		       row->rust / rl, row->base == SB_CHASE ? 'c' : 'z');
	}
	sb_print_ratios(reps);
	sb_stats(sb_rows[R_POP].v, reps, &lmin, &min);
	sb_stats(sb_rows[R_POP2M].v, reps, &med, &min);
	printf("populate per byte, 2 MiB / 4 KiB backing: %.2fx (median)\n",
	       med / lmin);
	sb_stats(sb_rows[R_FLT4K].v, reps, &lmin, &min);
	sb_stats(sb_rows[R_FLT2M].v, reps, &med, &min);
	printf("lazy fault per byte, 2 MiB / 4 KiB backing: %.2fx (median)\n",
	       med / AXAS_HUGE_FRAMES / lmin);
	printf("ratio: median / the limit measured in this run (c: 4-load chase,\n"
	       "z: alloc+zero); Rust: the issue's figure for axaddrspace 0.3.0 and\n"
	       "its ratio to the issue's limits (5.0 ns chase, 443 ns alloc+zero);\n"
	       "the ns/2 MiB row's ratio is to 512 alloc+zero\n");
}

/* Populate, map (4 KiB pages) and unmap per page from 64 MiB to @max. */
static void sb_scaling(u64 max)
{
	u64 bytes;

	printf("\nscaling, ns per 4 KiB page (median of 3; %s); preempted: the\n"
	       "involuntary context switches of the three 4 KiB map+unmap pairs\n",
	       sb_clock == CLOCK_MONOTONIC ? "wall clock" : "thread CPU time");
	printf("%10s %10s %10s %8s %10s %10s %10s %9s\n", "size", "alloc+zero",
	       "populate", "ratio", "unmap(pop)", "map 4K", "unmap 4K",
	       "preempted");
	for (bytes = 64ULL << 20; bytes <= max; bytes <<= 1) {
		double az[3], pop[3], unpop[3], map[3], unmap[3], a, b, c, d, z, m;
		long csw = 0;
		unsigned int i;

		for (i = 0; i < 3; i++) {
			struct axas_space *as;
			struct rusage r0, r1;
			u64 t;

			az[i] = sb_alloc_zero(bytes >> 12);
			sb_populate(bytes, &pop[i], &unpop[i]);
			as = sb_space();
			getrusage(RUSAGE_THREAD, &r0);
			t = sb_now();
			sb_check(axas_space_map_linear(as, axas_gpa(SB_GPA),
						       axas_hpa(SB_HPA), bytes,
						       SB_RW, AXAS_SPACE_NOHUGE),
				 "map");
			map[i] = (double)(sb_now() - t) / (bytes >> 12);
			t = sb_now();
			sb_check(axas_space_unmap(as, axas_gpa(SB_GPA), bytes),
				 "unmap");
			unmap[i] = (double)(sb_now() - t) / (bytes >> 12);
			getrusage(RUSAGE_THREAD, &r1);
			csw += r1.ru_nivcsw - r0.ru_nivcsw;
			axas_space_destroy(as);
		}
		sb_stats(az, 3, &z, &m);
		sb_stats(pop, 3, &a, &m);
		sb_stats(unpop, 3, &b, &m);
		sb_stats(map, 3, &c, &m);
		sb_stats(unmap, 3, &d, &m);
		printf("%7llu MiB %10.1f %10.1f %7.2fz %10.1f %10.1f %10.1f %9ld\n",
		       (unsigned long long)(bytes >> 20), z, a, a / z, b, c, d,
		       csw);
	}
}

int main(int argc, char **argv)
{
	unsigned int reps = 5, rep;
	u64 scale_max = 0;
	int opt;

	while ((opt = getopt(argc, argv, "r:s:w")) != -1) {
		switch (opt) {
		case 'w':
			sb_clock = CLOCK_MONOTONIC;
			break;
		case 'r':
			reps = strtoul(optarg, NULL, 0);
			break;
		case 's':
			scale_max = strtoull(optarg, NULL, 0) << 20;
			break;
		default:
			fprintf(stderr, "usage: space_bench [-r REPS] [-s MAX_MIB] [-w]\n");
			return 2;
		}
	}
	if (!reps || reps > SB_MAX_REPS)
		reps = 5;
	sb_check(axas_space_init(), "space_init");
	/* 1 GiB of frames, its tables, and room for the scaling table */
	sb_check(axas_upool_init(((scale_max > AXAS_SZ_1G ? scale_max : AXAS_SZ_1G)
				  >> 12) + 65536), "pool");
	for (rep = 0; rep < reps; rep++) {
		sb_rows[R_CHASE].v[rep] = sb_chase();
		sb_rows[R_WALK4K].v[rep] = sb_bare_walk();
		sb_rows[R_AZ].v[rep] = sb_alloc_zero(AXAS_SZ_1G >> 12);
		sb_linear(rep, AXAS_PAGE_SIZE, R_MAP4K, R_TR4K, R_Q4K);
		sb_linear(rep, AXAS_SZ_2M, -1, R_TR2M, R_Q2M);
		sb_linear(rep, AXAS_SZ_1G, -1, R_TR1G, R_Q1G);
		sb_slots(rep, AXAS_SZ_2M, R_MAP2M, -1);
		sb_slots(rep, AXAS_SZ_1G, R_MAP1G, R_UNMAP1G);
		sb_populate(AXAS_SZ_1G, &sb_rows[R_POP].v[rep],
			    &sb_rows[R_UNPOP].v[rep]);
		sb_populate_opts(AXAS_SZ_1G, true, &sb_rows[R_POP2M].v[rep],
				 &sb_rows[R_UNPOP2M].v[rep]);
		sb_rows[R_FLT4K].v[rep] = sb_fault(false);
		sb_rows[R_FLT2M].v[rep] = sb_fault(true);
	}
	printf("space_bench: %u repetitions, CPU %d\n", reps, sched_getcpu());
	sb_print(reps);
	if (scale_max)
		sb_scaling(scale_max);
	axas_space_exit();
	axas_upool_exit();
	return 0;
}
