// SPDX-License-Identifier: GPL-2.0
/*
 * The page-table engine and formats built in user space (with the shim
 * headers of include/), checked natively: a seeded random differential
 * test per format against a flat map of 4 KiB pages, many more operations
 * than the KUnit version can afford under KASAN and TCG, and a leak check.
 * Prints TAP.  Physical addresses of table pages are their user addresses.
 *
 *   engine_test [OPS_PER_FORMAT]
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pgtable.h"

static long live_table_pages;

static void *uspace_phys_to_virt(struct axas_hal *hal, axas_hpa_t pa)
{
	return (void *)(uintptr_t)axas_hpa_val(pa);
}

static const struct axas_hal_ops uspace_ops = {
	.phys_to_virt = uspace_phys_to_virt,
};

int axas_hal_alloc_table(struct axas_hal *hal, unsigned int order, axas_hpa_t *pa)
{
	size_t size = AXAS_PAGE_SIZE << order;
	void *p = aligned_alloc(size, size);

	if (!p)
		return -ENOMEM;
	memset(p, 0, size);
	live_table_pages += 1L << order;
	*pa = axas_hpa((uintptr_t)p);
	return 0;
}

void axas_hal_free_table(struct axas_hal *hal, axas_hpa_t pa, unsigned int order)
{
	free((void *)(uintptr_t)axas_hpa_val(pa));
	live_table_pages -= 1L << order;
}

#define WIN	0x40000000ULL
#define PAGES	(AXAS_SZ_1G / AXAS_PAGE_SIZE)
#define VALID	1ULL

static u64 rnd_state;

static u32 rnd(u32 n)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return (u32)(rnd_state >> 11) % n;
}

static u64 removed;

static void count_removed(void *arg, axas_gpa_t gpa, axas_hpa_t hpa, u64 size)
{
	removed += size / AXAS_PAGE_SIZE;
}

static int differential(enum axas_format id, unsigned int bits, unsigned long ops,
			char *why, size_t whylen)
{
	u64 *ref = calloc(PAGES, sizeof(u64));
	u32 valid[64], nvalid = 0, flags;
	struct axas_hal hal = { .ops = &uspace_ops };
	struct axas_pt pt;
	unsigned long i;
	int ret = 0;

	if (!ref || axas_pt_init(&pt, id, bits, &hal)) {
		snprintf(why, whylen, "setup failed");
		return -1;
	}
	for (flags = 0; flags <= AXAS_MAP_FLAGS_ALL; flags++)
		if (!axas_fmt_check_flags(&pt.fmt, flags))
			valid[nvalid++] = flags;
	rnd_state = 0x9e3779b97f4a7c15ULL ^ (id * 131 + bits);

	for (i = 0; i < ops && !ret; i++) {
		u32 op = rnd(100), f = valid[rnd(nvalid)];
		u64 first, n, hpa, k, want = 0;
		struct axas_pt_entry e;
		int r;

		if (op < 35) {
			if (rnd(10) < 6) {
				first = rnd(PAGES - 16);
				n = 1 + rnd(16);
				hpa = (u64)rnd(1 << 26) << 12;
			} else {
				first = (u64)rnd(508) * 512;
				n = (1 + rnd(4)) * 512;
				hpa = (u64)rnd(1 << 18) << 21;
			}
			for (k = first; k < first + n; k++)
				want |= ref[k] & VALID;
			r = axas_pt_map(&pt, axas_gpa(WIN + first * AXAS_PAGE_SIZE), axas_hpa(hpa),
					n * AXAS_PAGE_SIZE, f, rnd(5) ? 0 : AXAS_PT_NOHUGE);
			if (r != (want ? -EEXIST : 0)) {
				snprintf(why, whylen, "op %lu map: %d", i, r);
				ret = -1;
			}
			for (k = 0; !r && k < n; k++)
				ref[first + k] = (hpa + k * AXAS_PAGE_SIZE) | (u64)f << 1 | VALID;
		} else if (op < 74) {
			first = rnd(PAGES);
			n = 1 + rnd(rnd(8) ? 64 : 4096);
			if (first + n > PAGES)
				n = PAGES - first;
			for (k = first; k < first + n; k++)
				want += ref[k] & VALID;
			removed = 0;
			if (op < 59) {
				r = axas_pt_unmap(&pt, axas_gpa(WIN + first * AXAS_PAGE_SIZE),
						  n * AXAS_PAGE_SIZE, count_removed, NULL);
				if (r || removed != want) {
					snprintf(why, whylen, "op %lu unmap: %d", i, r);
					ret = -1;
				}
				memset(&ref[first], 0, n * sizeof(u64));
			} else {
				r = axas_pt_protect(&pt, axas_gpa(WIN + first * AXAS_PAGE_SIZE),
						    n * AXAS_PAGE_SIZE, f);
				if (r) {
					snprintf(why, whylen, "op %lu protect: %d", i, r);
					ret = -1;
				}
				for (k = first; k < first + n; k++)
					if (ref[k] & VALID)
						ref[k] = (ref[k] & ~0xfffULL) | (u64)f << 1 | VALID;
			}
		} else {
			first = rnd(PAGES);
			r = axas_pt_query(&pt, axas_gpa(WIN + first * AXAS_PAGE_SIZE + 8), &e);
			if (!(ref[first] & VALID) ? r != -ENOENT :
			    (r || axas_hpa_val(e.hpa) != (ref[first] & ~0xfffULL) + 8 ||
			     e.flags != ((ref[first] >> 1) & AXAS_MAP_FLAGS_ALL))) {
				snprintf(why, whylen, "op %lu query %d", i, r);
				ret = -1;
			}
		}
	}
	if (!ret && axas_pt_unmap(&pt, axas_gpa(WIN), AXAS_SZ_1G, NULL, NULL))
		ret = -1;
	if (!ret && live_table_pages != 1L << pt.fmt.root_order) {
		snprintf(why, whylen, "%ld table pages left", live_table_pages);
		ret = -1;
	}
	axas_pt_destroy(&pt, NULL, NULL);
	if (!ret && live_table_pages) {
		snprintf(why, whylen, "%ld table pages leaked", live_table_pages);
		ret = -1;
	}
	free(ref);
	return ret;
}

int main(int argc, char **argv)
{
	static const struct { enum axas_format id; unsigned int bits; const char *name; } f[] = {
		{ AXAS_FMT_EPT4, 0, "ept4" }, { AXAS_FMT_EPT5, 0, "ept5" },
		{ AXAS_FMT_NPT4, 0, "npt4" }, { AXAS_FMT_NPT5, 0, "npt5" },
		{ AXAS_FMT_ARM_S2, 32, "s2-32" }, { AXAS_FMT_ARM_S2, 40, "s2-40" },
		{ AXAS_FMT_ARM_S2, 48, "s2-48" }, { AXAS_FMT_SV39X4, 0, "sv39x4" },
		{ AXAS_FMT_SV48X4, 0, "sv48x4" }, { AXAS_FMT_SV57X4, 0, "sv57x4" },
	};
	unsigned long ops = argc > 1 ? strtoul(argv[1], NULL, 0) : 200000;
	unsigned int i, failed = 0;
	char why[128];

	printf("TAP version 13\n1..%zu\n", sizeof(f) / sizeof(f[0]));
	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		why[0] = 0;
		if (differential(f[i].id, f[i].bits, ops, why, sizeof(why))) {
			printf("not ok %u random_differential %s # %s\n", i + 1, f[i].name, why);
			failed++;
		} else {
			printf("ok %u random_differential %s (%lu ops)\n", i + 1, f[i].name, ops);
		}
	}
	return failed ? 1 : 0;
}
