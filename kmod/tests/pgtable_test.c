// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the page-table engine, every case over every format:
 * map/unmap/protect/query by leaf size, splitting, freeing of empty tables,
 * error codes, all-or-nothing under allocation failure (fail-nth), and a
 * seeded random differential test against a flat map of 4 KiB pages.
 */
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/prandom.h>
#include <linux/vmalloc.h>
#include "pgtable.h"
#include "fake_hal.h"
#include "formats.h"
#include "suite.h"

#define R AXAS_MAP_READ
#define W AXAS_MAP_WRITE
#define X AXAS_MAP_EXECUTE

#define SZ4K	AXAS_PAGE_SIZE
#define SZ2M	AXAS_SZ_2M
#define SZ1G	AXAS_SZ_1G
#define WIN	0x40000000ULL	/* a 1 GiB-aligned GiB every format reaches */

struct axas_pt_ctx {
	struct axas_fake_hal *fake;
	struct axas_pt pt;
	long root_pages;
	/* what the leaf callback saw */
	unsigned long removed;
	u64 removed_bytes;
	u64 last_gpa, last_hpa, last_size;
};

static void axas_pt_ctx_destroy(void *data)
{
	struct axas_pt_ctx *c = data;

	axas_pt_destroy(&c->pt, NULL, NULL);
}

static struct axas_pt_ctx *axas_pt_ctx_new(struct kunit *test)
{
	const struct axas_test_fmt *p = axas_test_fmt(test);
	struct axas_pt_ctx *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, c);
	c->fake = axas_fake_hal_create(test);
	KUNIT_ASSERT_EQ(test, 0, axas_pt_init(&c->pt, p->id, p->gpa_bits, &c->fake->hal));
	c->root_pages = 1L << c->pt.fmt.root_order;
	KUNIT_ASSERT_EQ(test, c->fake->table_pages, c->root_pages);
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, axas_pt_ctx_destroy, c));
	return c;
}

static void axas_pt_leaf_removed(void *arg, axas_gpa_t gpa, axas_hpa_t hpa,
				 u64 size)
{
	struct axas_pt_ctx *c = arg;

	c->removed++;
	c->removed_bytes += size;
	c->last_gpa = axas_gpa_val(gpa);
	c->last_hpa = axas_hpa_val(hpa);
	c->last_size = size;
}

/* The level of the largest leaf the format can place for a 1 GiB piece. */
static unsigned int axas_pt_top_leaf(const struct axas_pt *pt)
{
	return min(2U, pt->fmt.top_level);
}

static int axas_pt_expect(struct kunit *test, struct axas_pt_ctx *c, u64 gpa,
			  u64 hpa, unsigned int level, u32 flags)
{
	struct axas_pt_entry e;
	int ret = axas_pt_query(&c->pt, axas_gpa(gpa), &e);

	KUNIT_EXPECT_EQ_MSG(test, ret, 0, "query %#llx", gpa);
	if (ret)
		return ret;
	KUNIT_EXPECT_EQ_MSG(test, axas_hpa_val(e.hpa), hpa, "query %#llx", gpa);
	KUNIT_EXPECT_EQ_MSG(test, e.level, level, "query %#llx", gpa);
	KUNIT_EXPECT_EQ(test, e.leaf_size, axas_fmt_level_size(level));
	KUNIT_EXPECT_EQ(test, e.flags, flags);
	return 0;
}

static void axas_pt_expect_none(struct kunit *test, struct axas_pt_ctx *c,
				u64 gpa)
{
	struct axas_pt_entry e;

	KUNIT_EXPECT_EQ_MSG(test, -ENOENT, axas_pt_query(&c->pt, axas_gpa(gpa), &e),
			    "query %#llx", gpa);
}

static void axas_pt_map_4k(struct kunit *test)
{
	struct axas_pt_ctx *c = axas_pt_ctx_new(test);
	struct axas_pt_entry e;
	u64 raw;

	KUNIT_ASSERT_EQ(test, 0, axas_pt_map(&c->pt, axas_gpa(WIN + 0x1000),
					     axas_hpa(0x12345000), SZ4K, R | W, 0));
	axas_pt_expect(test, c, WIN + 0x1abc, 0x12345abc, 0, R | W);
	KUNIT_ASSERT_EQ(test, 0, axas_pt_query(&c->pt, axas_gpa(WIN + 0x1abc), &e));
	KUNIT_EXPECT_EQ(test, axas_gpa_val(e.leaf_gpa), WIN + 0x1000);
	KUNIT_EXPECT_EQ(test, axas_hpa_val(e.leaf_hpa), 0x12345000ULL);
	raw = c->pt.fmt.ops->encode_leaf(&c->pt.fmt, axas_hpa(0x12345000), R | W, 0);
	KUNIT_EXPECT_EQ(test, e.raw, raw);
	axas_pt_expect_none(test, c, WIN);
	axas_pt_expect_none(test, c, WIN + 0x2000);
	/* one new table per level below the root */
	KUNIT_EXPECT_EQ(test, c->fake->table_pages, c->root_pages + c->pt.fmt.top_level);
	KUNIT_EXPECT_EQ(test, c->pt.stats.table_pages,
			(unsigned long)(c->root_pages + c->pt.fmt.top_level));
	KUNIT_EXPECT_EQ(test, c->pt.stats.leaves[0], 1UL);
}

static void axas_pt_map_2m(struct kunit *test)
{
	struct axas_pt_ctx *c = axas_pt_ctx_new(test);

	KUNIT_ASSERT_EQ(test, 0, axas_pt_map(&c->pt, axas_gpa(WIN + SZ2M),
					     axas_hpa(0x80200000), SZ2M, R | X, 0));
	axas_pt_expect(test, c, WIN + SZ2M + 0x1234, 0x80201234, 1, R | X);
	KUNIT_EXPECT_EQ(test, c->pt.stats.leaves[1], 1UL);
	KUNIT_EXPECT_EQ(test, c->pt.stats.leaves[0], 0UL);
	KUNIT_EXPECT_EQ(test, c->fake->table_pages,
			c->root_pages + c->pt.fmt.top_level - 1);
}

static void axas_pt_map_1g(struct kunit *test)
{
	struct axas_pt_ctx *c = axas_pt_ctx_new(test);
	unsigned int top = axas_pt_top_leaf(&c->pt);

	KUNIT_ASSERT_EQ(test, 0, axas_pt_map(&c->pt, axas_gpa(WIN),
					     axas_hpa(0x80000000), SZ1G, R | W | X, 0));
	axas_pt_expect(test, c, WIN + 0x3fffffff, 0xbfffffff, top, R | W | X);
	if (top == 2) {
		KUNIT_EXPECT_EQ(test, c->pt.stats.leaves[2], 1UL);
		KUNIT_EXPECT_EQ(test, c->fake->table_pages,
				c->root_pages + c->pt.fmt.top_level - 2);
	} else {	/* a 32-bit IPA starts at level 2: 2 MiB blocks */
		KUNIT_EXPECT_EQ(test, c->pt.stats.leaves[1], 512UL);
		KUNIT_EXPECT_EQ(test, c->fake->table_pages, c->root_pages);
	}
}

/* The largest leaf the GPA, the HPA and the remaining size allow. */
static void axas_pt_map_largest_leaf(struct kunit *test)
{
	struct axas_pt_ctx *c = axas_pt_ctx_new(test);

	KUNIT_ASSERT_EQ(test, 0, axas_pt_map(&c->pt, axas_gpa(WIN + SZ2M - SZ4K),
					     axas_hpa(0x80200000 - SZ4K),
					     SZ2M + 2 * SZ4K, R | W, 0));
	axas_pt_expect(test, c, WIN + SZ2M - SZ4K, 0x80200000 - SZ4K, 0, R | W);
	axas_pt_expect(test, c, WIN + SZ2M, 0x80200000, 1, R | W);
	axas_pt_expect(test, c, WIN + 2 * SZ2M, 0x80400000, 0, R | W);
	axas_pt_expect_none(test, c, WIN + 2 * SZ2M + SZ4K);
	axas_pt_expect_none(test, c, WIN + SZ2M - 2 * SZ4K);
	KUNIT_EXPECT_EQ(test, c->pt.stats.leaves[0], 2UL);
	KUNIT_EXPECT_EQ(test, c->pt.stats.leaves[1], 1UL);
}

/* An HPA aligned differently from the GPA forces 4 KiB leaves. */
static void axas_pt_map_misaligned_hpa(struct kunit *test)
{
	struct axas_pt_ctx *c = axas_pt_ctx_new(test);

	KUNIT_ASSERT_EQ(test, 0, axas_pt_map(&c->pt, axas_gpa(WIN + SZ2M),
					     axas_hpa(0x80201000), SZ2M, R, 0));
	KUNIT_EXPECT_EQ(test, c->pt.stats.leaves[0], 512UL);
	KUNIT_EXPECT_EQ(test, c->pt.stats.leaves[1], 0UL);
	axas_pt_expect(test, c, WIN + 2 * SZ2M - 1, 0x80401000 - 1, 0, R);
}

static void axas_pt_map_nohuge(struct kunit *test)
{
	struct axas_pt_ctx *c = axas_pt_ctx_new(test);

	KUNIT_ASSERT_EQ(test, 0, axas_pt_map(&c->pt, axas_gpa(WIN + SZ2M),
					     axas_hpa(0x80200000), SZ2M, R | W,
					     AXAS_PT_NOHUGE));
	KUNIT_EXPECT_EQ(test, c->pt.stats.leaves[0], 512UL);
	KUNIT_EXPECT_EQ(test, c->pt.stats.leaves[1], 0UL);
	axas_pt_expect(test, c, WIN + SZ2M + 0x5000, 0x80205000, 0, R | W);
}

/* Crate defect 1: unmapping part of a huge leaf splits it. */
static void axas_pt_partial_unmap_1g(struct kunit *test)
{
	struct axas_pt_ctx *c = axas_pt_ctx_new(test);
	unsigned int top = axas_pt_top_leaf(&c->pt);
	u64 hole = WIN + SZ2M + SZ4K;

	KUNIT_ASSERT_EQ(test, 0, axas_pt_map(&c->pt, axas_gpa(WIN),
					     axas_hpa(0x80000000), SZ1G, R | W, 0));
	KUNIT_ASSERT_EQ(test, 0, axas_pt_unmap(&c->pt, axas_gpa(hole), SZ4K,
					       axas_pt_leaf_removed, c));
	KUNIT_EXPECT_EQ(test, c->removed, 1UL);
	KUNIT_EXPECT_EQ(test, c->last_gpa, hole);
	KUNIT_EXPECT_EQ(test, c->last_hpa, 0x80201000ULL);
	KUNIT_EXPECT_EQ(test, c->last_size, SZ4K);

	axas_pt_expect_none(test, c, hole);
	axas_pt_expect(test, c, WIN, 0x80000000, 1, R | W);
	axas_pt_expect(test, c, WIN + SZ2M, 0x80200000, 0, R | W);
	axas_pt_expect(test, c, hole + SZ4K, 0x80202000, 0, R | W);
	axas_pt_expect(test, c, WIN + SZ1G - 1, 0xbfffffff, 1, R | W);
	KUNIT_EXPECT_EQ(test, c->pt.stats.leaves[2], 0UL);
	KUNIT_EXPECT_EQ(test, c->pt.stats.leaves[1], 511UL);
	KUNIT_EXPECT_EQ(test, c->pt.stats.leaves[0], 511UL);
	/* a split 1 GiB leaf costs two tables, a split 2 MiB leaf one */
	KUNIT_EXPECT_EQ(test, c->fake->table_pages, c->root_pages +
			c->pt.fmt.top_level - top + (top == 2 ? 2 : 1));

	/* the rest goes; every table but the root with it */
	c->removed_bytes = 0;
	KUNIT_ASSERT_EQ(test, 0, axas_pt_unmap(&c->pt, axas_gpa(WIN), SZ1G,
					       axas_pt_leaf_removed, c));
	KUNIT_EXPECT_EQ(test, c->removed_bytes, SZ1G - SZ4K);
	KUNIT_EXPECT_EQ(test, c->fake->table_pages, c->root_pages);
	KUNIT_EXPECT_EQ(test, c->pt.stats.table_pages, (unsigned long)c->root_pages);
	KUNIT_EXPECT_EQ(test, c->pt.stats.leaves[0] + c->pt.stats.leaves[1] +
			c->pt.stats.leaves[2], 0UL);
}

/* Crate defect 3: emptied tables are freed, so huge leaves fit again. */
static void axas_pt_empty_tables_freed(struct kunit *test)
{
	struct axas_pt_ctx *c = axas_pt_ctx_new(test);

	KUNIT_ASSERT_EQ(test, 0, axas_pt_map(&c->pt, axas_gpa(WIN + 0x1000),
					     axas_hpa(0x1000), SZ4K, R, 0));
	KUNIT_ASSERT_EQ(test, 0, axas_pt_map(&c->pt, axas_gpa(WIN + SZ1G - SZ4K),
					     axas_hpa(0x2000), SZ4K, R, 0));
	KUNIT_ASSERT_EQ(test, 0, axas_pt_unmap(&c->pt, axas_gpa(WIN), SZ1G, NULL, NULL));
	KUNIT_EXPECT_EQ(test, c->fake->table_pages, c->root_pages);
	KUNIT_ASSERT_EQ(test, 0, axas_pt_map(&c->pt, axas_gpa(WIN),
					     axas_hpa(0x80000000), SZ1G, R, 0));
	axas_pt_expect(test, c, WIN, 0x80000000, axas_pt_top_leaf(&c->pt), R);
}

static int axas_pt_count_leaf(void *arg, const struct axas_pt_visit *v)
{
	unsigned long *n = arg;

	if (v->info.type == AXAS_PTE_LEAF)
		n[0]++;
	else
		n[1]++;
	return 0;
}

static void axas_pt_counts(struct axas_pt_ctx *c, unsigned long *n)
{
	n[0] = 0;
	n[1] = 0;
	axas_pt_walk(&c->pt, axas_gpa(0), ~0ULL, AXAS_PT_WALK_TABLES,
		     axas_pt_count_leaf, n);
}

static void axas_pt_overlap_and_adjacent(struct kunit *test)
{
	struct axas_pt_ctx *c = axas_pt_ctx_new(test);
	unsigned long before[2], after[2];
	long tables;

	KUNIT_ASSERT_EQ(test, 0, axas_pt_map(&c->pt, axas_gpa(WIN),
					     axas_hpa(0x100000), 16 * SZ4K, R | W, 0));
	axas_pt_counts(c, before);
	tables = c->fake->table_pages;
	KUNIT_EXPECT_EQ(test, -EEXIST, axas_pt_map(&c->pt, axas_gpa(WIN + 15 * SZ4K),
						   axas_hpa(0x200000), 2 * SZ4K, R, 0));
	KUNIT_EXPECT_EQ(test, -EEXIST, axas_pt_map(&c->pt, axas_gpa(WIN),
						   axas_hpa(0x200000), SZ2M, R, 0));
	KUNIT_EXPECT_EQ(test, -EEXIST, axas_pt_map(&c->pt, axas_gpa(WIN), axas_hpa(0),
						   SZ1G, R, 0));
	axas_pt_counts(c, after);
	KUNIT_EXPECT_EQ(test, before[0], after[0]);
	KUNIT_EXPECT_EQ(test, before[1], after[1]);
	KUNIT_EXPECT_EQ(test, tables, c->fake->table_pages);
	axas_pt_expect(test, c, WIN + 15 * SZ4K, 0x10f000, 0, R | W);
	axas_pt_expect_none(test, c, WIN + 16 * SZ4K);
	/* adjacent on both sides is fine */
	KUNIT_EXPECT_EQ(test, 0, axas_pt_map(&c->pt, axas_gpa(WIN + 16 * SZ4K),
					     axas_hpa(0x300000), SZ4K, R, 0));
	axas_pt_counts(c, after);
	KUNIT_EXPECT_EQ(test, after[0], before[0] + 1);
	/* a huge leaf next to 4 KiB leaves */
	KUNIT_EXPECT_EQ(test, 0, axas_pt_map(&c->pt, axas_gpa(WIN + SZ2M),
					     axas_hpa(0x400000), SZ2M, R, 0));
	axas_pt_expect(test, c, WIN + SZ2M, 0x400000, 1, R);
	axas_pt_expect(test, c, WIN + SZ4K, 0x101000, 0, R | W);
}

/* Exact error codes, and nothing changes on any of them. */
static void axas_pt_errors(struct kunit *test)
{
	struct axas_pt_ctx *c = axas_pt_ctx_new(test);
	u64 limit = axas_fmt_gpa_limit(&c->pt.fmt);
	struct axas_pt_entry e;

	KUNIT_EXPECT_EQ(test, -EINVAL, axas_pt_map(&c->pt, axas_gpa(WIN + 0x800),
						   axas_hpa(0), SZ4K, R, 0));
	KUNIT_EXPECT_EQ(test, -EINVAL, axas_pt_map(&c->pt, axas_gpa(WIN),
						   axas_hpa(0x800), SZ4K, R, 0));
	KUNIT_EXPECT_EQ(test, -EINVAL, axas_pt_map(&c->pt, axas_gpa(WIN),
						   axas_hpa(0), 0, R, 0));
	KUNIT_EXPECT_EQ(test, -EINVAL, axas_pt_map(&c->pt, axas_gpa(WIN),
						   axas_hpa(0), 0x1800, R, 0));
	KUNIT_EXPECT_EQ(test, -EINVAL, axas_pt_map(&c->pt, axas_gpa(WIN),
						   axas_hpa(0), SZ4K, 0x40, 0));
	KUNIT_EXPECT_EQ(test, -EINVAL, axas_pt_map(&c->pt, axas_gpa(WIN),
						   axas_hpa(0), SZ4K, R, 0x2));
	/* crate defect 5: beyond the format's width is an error, never aliased */
	KUNIT_EXPECT_EQ(test, -ERANGE, axas_pt_map(&c->pt, axas_gpa(limit + SZ4K),
						   axas_hpa(0), SZ4K, R, 0));
	KUNIT_EXPECT_EQ(test, -ERANGE, axas_pt_map(&c->pt, axas_gpa(limit - SZ4K),
						   axas_hpa(0), 2 * SZ4K, R, 0));
	/* a range wrapping past 2^64 is malformed, not merely out of reach */
	KUNIT_EXPECT_EQ(test, -EINVAL, axas_pt_map(&c->pt, axas_gpa(~0ULL - 0xfff),
						   axas_hpa(0), 2 * SZ4K, R, 0));
	KUNIT_EXPECT_EQ(test, -EINVAL, axas_pt_map(&c->pt, axas_gpa(WIN),
						   axas_hpa(~0ULL - 0xfff), 2 * SZ4K, R, 0));
	KUNIT_EXPECT_EQ(test, -EINVAL, axas_pt_unmap(&c->pt, axas_gpa(~0ULL - 0xfff),
						     2 * SZ4K, NULL, NULL));
	KUNIT_EXPECT_EQ(test, -ERANGE, axas_pt_map(&c->pt, axas_gpa(WIN),
						   axas_hpa(axas_fmt_pa_limit(&c->pt.fmt)),
						   SZ4K, R, 0));
	KUNIT_EXPECT_EQ(test, -ERANGE, axas_pt_query(&c->pt, axas_gpa(limit), &e));
	KUNIT_EXPECT_EQ(test, -ERANGE, axas_pt_unmap(&c->pt, axas_gpa(limit), SZ4K,
						     NULL, NULL));
	KUNIT_EXPECT_EQ(test, -ERANGE, axas_pt_protect(&c->pt, axas_gpa(limit), SZ4K, R));
	KUNIT_EXPECT_EQ(test, -EINVAL, axas_pt_unmap(&c->pt, axas_gpa(WIN), 0,
						     NULL, NULL));
	KUNIT_EXPECT_EQ(test, -EINVAL, axas_pt_protect(&c->pt, axas_gpa(WIN + 1),
						       SZ4K, R));
	KUNIT_EXPECT_EQ(test, -EINVAL, axas_pt_protect(&c->pt, axas_gpa(WIN), SZ4K,
						       AXAS_MAP_DEVICE |
						       AXAS_MAP_UNCACHED | R));
	KUNIT_EXPECT_EQ(test, -ENOENT, axas_pt_query(&c->pt, axas_gpa(SZ4K), &e));
	KUNIT_EXPECT_EQ(test, c->fake->table_pages, c->root_pages);
	KUNIT_EXPECT_EQ(test, c->fake->nr_allocs, 1UL);	/* the root only */
}

static void axas_pt_protect_splits(struct kunit *test)
{
	struct axas_pt_ctx *c = axas_pt_ctx_new(test);
	u64 gpa = WIN + SZ2M;
	long tables;

	KUNIT_ASSERT_EQ(test, 0, axas_pt_map(&c->pt, axas_gpa(gpa),
					     axas_hpa(0x80200000), SZ2M, R | W, 0));
	KUNIT_ASSERT_EQ(test, 0, axas_pt_protect(&c->pt, axas_gpa(gpa + SZ4K),
						 SZ4K, R));
	axas_pt_expect(test, c, gpa, 0x80200000, 0, R | W);
	axas_pt_expect(test, c, gpa + SZ4K, 0x80201000, 0, R);
	axas_pt_expect(test, c, gpa + 2 * SZ4K, 0x80202000, 0, R | W);
	KUNIT_EXPECT_EQ(test, c->pt.stats.leaves[1], 0UL);
	KUNIT_EXPECT_EQ(test, c->pt.stats.leaves[0], 512UL);
	/* over holes and mapped pages alike */
	KUNIT_ASSERT_EQ(test, 0, axas_pt_protect(&c->pt, axas_gpa(WIN), 4 * SZ2M, R | X));
	axas_pt_expect(test, c, gpa + SZ4K, 0x80201000, 0, R | X);
	axas_pt_expect(test, c, gpa + SZ2M - SZ4K, 0x803ff000, 0, R | X);
	axas_pt_expect_none(test, c, WIN);
	/* a whole huge leaf keeps its size */
	KUNIT_ASSERT_EQ(test, 0, axas_pt_map(&c->pt, axas_gpa(WIN + 4 * SZ2M),
					     axas_hpa(0x80800000), SZ2M, R, 0));
	KUNIT_ASSERT_EQ(test, 0, axas_pt_protect(&c->pt, axas_gpa(WIN + 4 * SZ2M),
						 SZ2M, R | W | X));
	axas_pt_expect(test, c, WIN + 4 * SZ2M, 0x80800000, 1, R | W | X);
	/* a leaf that already has the flags stays whole: no split, no table */
	tables = c->fake->table_pages;
	KUNIT_ASSERT_EQ(test, 0, axas_pt_protect(&c->pt, axas_gpa(WIN + 4 * SZ2M + SZ4K),
						 SZ4K, R | W | X));
	axas_pt_expect(test, c, WIN + 4 * SZ2M + SZ4K, 0x80801000, 1, R | W | X);
	KUNIT_EXPECT_EQ(test, c->fake->table_pages, tables);
	KUNIT_EXPECT_EQ(test, c->pt.stats.leaves[1], 1UL);
}

/* Crate defect 2: a mapping without R, W or X is well defined. */
static void axas_pt_no_access_leaf(struct kunit *test)
{
	struct axas_pt_ctx *c = axas_pt_ctx_new(test);

	KUNIT_ASSERT_EQ(test, 0, axas_pt_map(&c->pt, axas_gpa(WIN), axas_hpa(0x7000),
					     SZ4K, 0, 0));
	KUNIT_ASSERT_EQ(test, 0, axas_pt_map(&c->pt, axas_gpa(WIN + SZ2M),
					     axas_hpa(0x80200000), SZ2M, 0, 0));
	axas_pt_expect(test, c, WIN, 0x7000, 0, 0);
	axas_pt_expect(test, c, WIN + SZ2M, 0x80200000, 1, 0);
	KUNIT_EXPECT_EQ(test, -EEXIST, axas_pt_map(&c->pt, axas_gpa(WIN),
						   axas_hpa(0x8000), SZ4K, R, 0));
	KUNIT_ASSERT_EQ(test, 0, axas_pt_unmap(&c->pt, axas_gpa(WIN + SZ2M + SZ4K),
					       SZ4K, axas_pt_leaf_removed, c));
	KUNIT_EXPECT_EQ(test, c->last_hpa, 0x80201000ULL);
	axas_pt_expect(test, c, WIN + SZ2M + 2 * SZ4K, 0x80202000, 0, 0);
	KUNIT_ASSERT_EQ(test, 0, axas_pt_unmap(&c->pt, axas_gpa(WIN), SZ1G, NULL, NULL));
	KUNIT_EXPECT_EQ(test, c->fake->table_pages, c->root_pages);
}

/*
 * map_pages: scattered frames over three level-0 tables (8, 512 and 80 pages), the
 * tables counted exactly, each page the frame given, the same entries
 * axas_pt_map() writes; a conflict or a failed table leaves nothing.
 */
static void axas_pt_map_pages_runs(struct kunit *test)
{
	struct axas_pt_ctx *c = axas_pt_ctx_new(test);
	/* the tables between the root and level 0, and three at level 0 */
	unsigned long n = 600, i, need = c->pt.fmt.top_level - 1 + 3;
	u64 gpa = WIN + SZ2M - 8 * SZ4K;
	struct axas_pt_entry e;
	axas_hpa_t *pas;

	pas = kunit_kmalloc_array(test, n, sizeof(*pas), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pas);
	for (i = 0; i < n; i++)
		pas[i] = axas_hpa(0x7000000ULL + ((i * 37) % n) * SZ4K);
	/* every table allocation fails in turn: nothing changes, nothing leaks */
	for (i = 1; i <= need; i++) {
		axas_fake_hal_reset_count(c->fake, i);
		KUNIT_EXPECT_EQ(test, -ENOMEM, axas_pt_map_pages(&c->pt, axas_gpa(gpa), pas,
								 n, R | W));
		KUNIT_EXPECT_EQ(test, c->fake->table_pages, c->root_pages);
		axas_pt_expect_none(test, c, gpa);
	}
	axas_fake_hal_reset_count(c->fake, 0);
	KUNIT_ASSERT_EQ(test, 0, axas_pt_map_pages(&c->pt, axas_gpa(gpa), pas, n, R | W));
	KUNIT_EXPECT_EQ(test, c->fake->table_pages, c->root_pages + (long)need);
	KUNIT_EXPECT_EQ(test, c->pt.stats.leaves[0], n);
	for (i = 0; i < n; i++) {
		if (axas_pt_expect(test, c, gpa + i * SZ4K + 0x10,
				   axas_hpa_val(pas[i]) + 0x10, 0, R | W))
			break;
		axas_pt_query(&c->pt, axas_gpa(gpa + i * SZ4K), &e);
		KUNIT_EXPECT_EQ(test, e.raw,
				c->pt.fmt.ops->encode_leaf(&c->pt.fmt, pas[i], R | W, 0));
	}
	axas_pt_expect_none(test, c, gpa - SZ4K);
	axas_pt_expect_none(test, c, gpa + n * SZ4K);
	/* overlapping the last page: -EEXIST, and the pages before it stay free */
	KUNIT_EXPECT_EQ(test, -EEXIST, axas_pt_map_pages(&c->pt, axas_gpa(gpa - 4 * SZ4K),
							 pas, 5, R));
	axas_pt_expect_none(test, c, gpa - 4 * SZ4K);
	KUNIT_EXPECT_EQ(test, c->pt.stats.leaves[0], n);
	/* under a huge leaf: -EEXIST */
	KUNIT_ASSERT_EQ(test, 0, axas_pt_map(&c->pt, axas_gpa(WIN + 4 * SZ2M),
					     axas_hpa(0x80000000), SZ2M, R, 0));
	KUNIT_EXPECT_EQ(test, -EEXIST, axas_pt_map_pages(&c->pt, axas_gpa(WIN + 4 * SZ2M + SZ4K),
							 pas, 1, R));
	/* bad arguments */
	KUNIT_EXPECT_EQ(test, -EINVAL, axas_pt_map_pages(&c->pt, axas_gpa(WIN + 8 * SZ2M),
							 pas, 0, R));
	KUNIT_EXPECT_EQ(test, -EINVAL, axas_pt_map_pages(&c->pt, axas_gpa(WIN + 8 * SZ2M + 1),
							 pas, 1, R));
	pas[0] = axas_hpa(0x7000800);
	KUNIT_EXPECT_EQ(test, -EINVAL, axas_pt_map_pages(&c->pt, axas_gpa(WIN + 8 * SZ2M),
							 pas, 1, R));
	axas_pt_expect_none(test, c, WIN + 8 * SZ2M);
	KUNIT_ASSERT_EQ(test, 0, axas_pt_unmap(&c->pt, axas_gpa(WIN), SZ1G, NULL, NULL));
	KUNIT_EXPECT_EQ(test, c->fake->table_pages, c->root_pages);
}

/*
 * Runs of equal leaves in empty entries, one descent per table: 2 MiB
 * leaves on both sides of a 1 GiB boundary, then two pages.  Each table
 * allocation fails in turn first; then every entry is what the encoder
 * makes, and the counts are exact.
 */
static void axas_pt_map_leaf_runs(struct kunit *test)
{
	struct axas_pt_ctx *c = axas_pt_ctx_new(test);
	/*
	 * the tables from level top - 1 to 2, two at level 1, one at level 0;
	 * a 32-bit IPA's root is at level 1 (concatenated pages): one
	 */
	unsigned long need = c->pt.fmt.top_level > 1 ? c->pt.fmt.top_level + 1 : 1;
	unsigned long i, tables;
	u64 gpa = WIN + SZ1G - 2 * SZ2M, hpa = 0x10200000ULL;
	u64 size = 4 * SZ2M + 2 * SZ4K;
	struct axas_pt_entry e;

	for (i = 1; i <= need; i++) {
		axas_fake_hal_reset_count(c->fake, i);
		KUNIT_EXPECT_EQ(test, -ENOMEM, axas_pt_map(&c->pt, axas_gpa(gpa), axas_hpa(hpa),
							   size, R | W, 0));
		KUNIT_EXPECT_EQ(test, c->fake->table_pages, c->root_pages);
		axas_pt_expect_none(test, c, gpa);
	}
	axas_fake_hal_reset_count(c->fake, 0);
	KUNIT_ASSERT_EQ(test, 0, axas_pt_map(&c->pt, axas_gpa(gpa), axas_hpa(hpa), size,
					     R | W, 0));
	KUNIT_EXPECT_EQ(test, c->fake->table_pages, c->root_pages + (long)need);
	KUNIT_EXPECT_EQ(test, c->pt.stats.leaves[1], 4UL);
	KUNIT_EXPECT_EQ(test, c->pt.stats.leaves[0], 2UL);
	for (i = 0; i < 6; i++) {
		unsigned int level = i < 4 ? 1 : 0;
		u64 off = i < 4 ? i * SZ2M : 4 * SZ2M + (i - 4) * SZ4K;

		if (axas_pt_expect(test, c, gpa + off + 0x10, hpa + off + 0x10, level, R | W))
			break;
		axas_pt_query(&c->pt, axas_gpa(gpa + off), &e);
		KUNIT_EXPECT_EQ(test, e.raw,
				c->pt.fmt.ops->encode_leaf(&c->pt.fmt, axas_hpa(hpa + off),
							   R | W, level));
	}
	axas_pt_expect_none(test, c, gpa - SZ4K);
	axas_pt_expect_none(test, c, gpa + size);
	KUNIT_EXPECT_EQ(test, axas_pt_check_counts(&c->pt, &tables), 0UL);
	KUNIT_EXPECT_EQ(test, tables, need);
	/* overlapping the first leaf: -EEXIST, nothing before it mapped */
	KUNIT_EXPECT_EQ(test, -EEXIST, axas_pt_map(&c->pt, axas_gpa(gpa - SZ2M),
						   axas_hpa(hpa), 2 * SZ2M, R, 0));
	axas_pt_expect_none(test, c, gpa - SZ2M);
	KUNIT_EXPECT_EQ(test, c->fake->table_pages, c->root_pages + (long)need);
	KUNIT_ASSERT_EQ(test, 0, axas_pt_unmap(&c->pt, axas_gpa(gpa), size, NULL, NULL));
	KUNIT_EXPECT_EQ(test, c->fake->table_pages, c->root_pages);
}

/* Every allocation of a map fails in turn: no leak, nothing changed. */
static void axas_pt_fail_nth_map(struct kunit *test)
{
	struct axas_pt_ctx *c = axas_pt_ctx_new(test);
	unsigned long n, need = c->pt.fmt.top_level, counts[2];

	for (n = 1; n <= need; n++) {
		axas_fake_hal_reset_count(c->fake, n);
		KUNIT_EXPECT_EQ(test, -ENOMEM, axas_pt_map(&c->pt, axas_gpa(WIN + SZ4K),
							   axas_hpa(0x5000), SZ4K, R, 0));
		KUNIT_EXPECT_EQ(test, c->fake->table_pages, c->root_pages);
		KUNIT_EXPECT_EQ(test, c->pt.stats.table_pages, (unsigned long)c->root_pages);
		axas_pt_expect_none(test, c, WIN + SZ4K);
		axas_pt_counts(c, counts);
		KUNIT_EXPECT_EQ(test, counts[0] + counts[1], 0UL);
	}
	axas_fake_hal_reset_count(c->fake, 0);
	KUNIT_ASSERT_EQ(test, 0, axas_pt_map(&c->pt, axas_gpa(WIN + SZ4K),
					     axas_hpa(0x5000), SZ4K, R, 0));
	KUNIT_EXPECT_EQ(test, c->fake->nr_allocs, need);
	KUNIT_EXPECT_EQ(test, c->fake->nr_failed, need);
}

/* The splits of an unmap fail in turn: the huge leaf stays whole. */
static void axas_pt_fail_nth_split(struct kunit *test)
{
	struct axas_pt_ctx *c = axas_pt_ctx_new(test);
	unsigned int top = axas_pt_top_leaf(&c->pt);
	unsigned long n, need = top == 2 ? 2 : 1;
	u64 hole = WIN + SZ2M + SZ4K;
	long tables;
	int ret;

	KUNIT_ASSERT_EQ(test, 0, axas_pt_map(&c->pt, axas_gpa(WIN),
					     axas_hpa(0x80000000), SZ1G, R | W, 0));
	tables = c->fake->table_pages;
	for (n = 1; n <= need; n++) {
		axas_fake_hal_reset_count(c->fake, n);
		ret = axas_pt_unmap(&c->pt, axas_gpa(hole), SZ4K,
				    axas_pt_leaf_removed, c);
		KUNIT_EXPECT_EQ(test, -ENOMEM, ret);
		axas_fake_hal_reset_count(c->fake, n);
		ret = axas_pt_protect(&c->pt, axas_gpa(hole), SZ4K, R);
		KUNIT_EXPECT_EQ(test, -ENOMEM, ret);
		KUNIT_EXPECT_EQ(test, c->fake->table_pages, tables);
		KUNIT_EXPECT_EQ(test, c->removed, 0UL);
		axas_pt_expect(test, c, WIN + SZ2M + SZ4K, 0x80201000, top, R | W);
	}
	axas_fake_hal_reset_count(c->fake, 0);
	KUNIT_ASSERT_EQ(test, 0, axas_pt_unmap(&c->pt, axas_gpa(WIN + SZ2M + SZ4K),
					       SZ4K, NULL, NULL));
	KUNIT_EXPECT_EQ(test, c->fake->nr_allocs, need);
}

/* Every entry of the table, tables included, folded into one value. */
struct axas_pt_snap {
	u64 hash;
	unsigned long entries;
	long fake_tables;
	struct axas_pt_stats stats;
};

static int axas_pt_snap_visit(void *arg, const struct axas_pt_visit *v)
{
	struct axas_pt_snap *s = arg;

	s->hash = (s->hash ^ axas_gpa_val(v->gpa)) * 0x100000001b3ULL;
	s->hash = (s->hash ^ v->raw) * 0x100000001b3ULL;
	s->hash = (s->hash ^ v->level) * 0x100000001b3ULL;
	s->entries++;
	return 0;
}

static void axas_pt_snap(struct kunit *test, struct axas_pt_ctx *c,
			 struct axas_pt_snap *s)
{
	memset(s, 0, sizeof(*s));
	s->hash = 0xcbf29ce484222325ULL;
	KUNIT_ASSERT_EQ(test, 0, axas_pt_walk(&c->pt, axas_gpa(0), ~0ULL,
					      AXAS_PT_WALK_TABLES,
					      axas_pt_snap_visit, s));
	s->fake_tables = c->fake->table_pages;
	s->stats = c->pt.stats;
}

static void axas_pt_expect_same(struct kunit *test, struct axas_pt_ctx *c,
				const struct axas_pt_snap *before,
				unsigned long n)
{
	struct axas_pt_snap now;

	axas_pt_snap(test, c, &now);
	KUNIT_EXPECT_EQ_MSG(test, now.hash, before->hash, "fail %lu", n);
	KUNIT_EXPECT_EQ_MSG(test, now.entries, before->entries, "fail %lu", n);
	KUNIT_EXPECT_EQ_MSG(test, now.fake_tables, before->fake_tables,
			    "fail %lu: table pages leaked", n);
	KUNIT_EXPECT_EQ(test, 0, memcmp(&now.stats, &before->stats,
					sizeof(now.stats)));
}

/*
 * Mappings around which the sweeps below operate: a 4 KiB page and a
 * 2 MiB leaf in the first GiB, so some tables exist and others do not.
 */
static void axas_pt_populate(struct kunit *test, struct axas_pt_ctx *c)
{
	KUNIT_ASSERT_EQ(test, 0, axas_pt_map(&c->pt, axas_gpa(WIN + SZ4K),
					     axas_hpa(0x1000), SZ4K, R, 0));
	KUNIT_ASSERT_EQ(test, 0, axas_pt_map(&c->pt, axas_gpa(WIN + 2 * SZ2M),
					     axas_hpa(0x80400000), SZ2M, R | W, 0));
}

/*
 * A map across the end of a GiB that needs several new tables: each of its
 * allocations fails in turn; every time the table, walked entry by entry,
 * is exactly as before and no table page is left behind.
 */
static void axas_pt_fail_nth_map_sweep(struct kunit *test)
{
	struct axas_pt_ctx *c = axas_pt_ctx_new(test);
	u64 gpa = WIN + SZ1G - 2 * SZ4K, size = 4 * SZ4K + SZ2M;
	u64 hpa = 0x200000000ULL - 2 * SZ4K;	/* congruent: a 2 MiB leaf fits */
	struct axas_pt_snap before;
	unsigned long n, need;
	int ret;

	axas_pt_populate(test, c);
	axas_pt_snap(test, c, &before);
	for (n = 1; ; n++) {
		axas_fake_hal_reset_count(c->fake, n);
		ret = axas_pt_map(&c->pt, axas_gpa(gpa), axas_hpa(hpa), size, R | W, 0);
		if (!ret)
			break;
		KUNIT_ASSERT_EQ(test, -ENOMEM, ret);
		KUNIT_EXPECT_EQ(test, c->fake->nr_allocs, n);
		axas_pt_expect_same(test, c, &before, n);
		KUNIT_ASSERT_LT(test, n, 16UL);
	}
	need = c->fake->nr_allocs;
	/*
	 * A level-0 table at the end of this GiB, a level-1 table for the
	 * next (not with a 32-bit IPA, whose root is that table) and a
	 * level-0 table after the 2 MiB leaf there.
	 */
	KUNIT_EXPECT_EQ(test, need, c->pt.fmt.top_level >= 2 ? 3UL : 2UL);
	KUNIT_EXPECT_EQ(test, n, need + 1);
	KUNIT_EXPECT_EQ(test, c->fake->table_pages, before.fake_tables + (long)need);
	axas_pt_expect(test, c, gpa, hpa, 0, R | W);
	axas_pt_expect(test, c, WIN + SZ1G + 2 * SZ4K, 0x200000000ULL + 2 * SZ4K,
		       1, R | W);
	axas_pt_expect(test, c, gpa + size - SZ4K, hpa + size - SZ4K, 0, R | W);
	axas_pt_expect(test, c, WIN + SZ4K, 0x1000, 0, R);
}

/*
 * An unmap and a protect that split a 1 GiB leaf and two of its 2 MiB
 * pieces: each allocation fails in turn, and nothing changes.
 */
static void axas_pt_fail_nth_split_sweep(struct kunit *test)
{
	struct axas_pt_ctx *c = axas_pt_ctx_new(test);
	u64 gpa = WIN + SZ1G + SZ4K, size = 2 * SZ2M;
	struct axas_pt_snap before;
	unsigned long n, need[2];
	unsigned int op;
	int ret;

	axas_pt_populate(test, c);
	KUNIT_ASSERT_EQ(test, 0, axas_pt_map(&c->pt, axas_gpa(WIN + SZ1G),
					     axas_hpa(0x80000000), SZ1G, R | W, 0));
	axas_pt_snap(test, c, &before);
	for (op = 0; op < 2; op++) {
		c->removed = 0;
		for (n = 1; ; n++) {
			axas_fake_hal_reset_count(c->fake, n);
			if (op == 0)
				ret = axas_pt_unmap(&c->pt, axas_gpa(gpa), size,
						    axas_pt_leaf_removed, c);
			else
				ret = axas_pt_protect(&c->pt, axas_gpa(gpa), size, R);
			if (!ret)
				break;
			KUNIT_ASSERT_EQ(test, -ENOMEM, ret);
			KUNIT_EXPECT_EQ(test, c->removed, 0UL);
			axas_pt_expect_same(test, c, &before, n);
			KUNIT_ASSERT_LT(test, n, 16UL);
		}
		need[op] = c->fake->nr_allocs;
		if (op == 0) {
			/* undo, then sweep the protect from the same state */
			KUNIT_ASSERT_EQ(test, 0, axas_pt_unmap(&c->pt,
							       axas_gpa(WIN + SZ1G),
							       SZ1G, NULL, NULL));
			KUNIT_ASSERT_EQ(test, 0, axas_pt_map(&c->pt,
							     axas_gpa(WIN + SZ1G),
							     axas_hpa(0x80000000),
							     SZ1G, R | W, 0));
			axas_pt_expect_same(test, c, &before, 0);
		}
	}
	/* 1 GiB -> 2 MiB, and both edge 2 MiB pieces -> 4 KiB */
	KUNIT_EXPECT_EQ(test, need[0], axas_pt_top_leaf(&c->pt) == 2 ? 3UL : 2UL);
	KUNIT_EXPECT_EQ(test, need[1], need[0]);
	axas_fake_hal_reset_count(c->fake, 0);
	axas_pt_expect(test, c, gpa, 0x80001000, 0, R);
	axas_pt_expect(test, c, gpa - SZ4K, 0x80000000, 0, R | W);
	axas_pt_expect(test, c, gpa + size, 0x80401000, 0, R | W);
	axas_pt_expect(test, c, WIN + SZ1G + 4 * SZ2M, 0x80800000, 1, R | W);
}

static int axas_pt_count_young(void *arg, const struct axas_pt_visit *v)
{
	(*(unsigned long *)arg)++;
	return 0;
}

static void axas_pt_young(struct kunit *test)
{
	struct axas_pt_ctx *c = axas_pt_ctx_new(test);
	bool set_at_map = c->pt.fmt.id == AXAS_FMT_ARM_S2 ||
			  c->pt.fmt.id >= AXAS_FMT_SV39X4;
	unsigned long n = 0;
	struct axas_pt_entry e;

	KUNIT_ASSERT_EQ(test, 0, axas_pt_map(&c->pt, axas_gpa(WIN), axas_hpa(0x9000),
					     2 * SZ4K, R | W, 0));
	/* stage 2 and G-stage leaves are made accessed, EPT and NPT not */
	KUNIT_ASSERT_EQ(test, 0, axas_pt_test_clear_young(&c->pt, axas_gpa(WIN), SZ2M,
							  false, axas_pt_count_young, &n));
	KUNIT_EXPECT_EQ(test, n, set_at_map ? 2UL : 0UL);
	KUNIT_ASSERT_EQ(test, 0, axas_pt_query(&c->pt, axas_gpa(WIN), &e));
	KUNIT_EXPECT_EQ(test, e.raw & c->pt.fmt.accessed_mask, 0ULL);
	n = 0;
	axas_pt_test_clear_young(&c->pt, axas_gpa(WIN), SZ2M, true,
				 axas_pt_count_young, &n);
	KUNIT_EXPECT_EQ(test, n, 0UL);
	/* clearing A never changes what the leaf maps */
	axas_pt_expect(test, c, WIN + SZ4K, 0xa000, 0, R | W);
}

/*
 * Splitting is invisible: the pieces of a huge leaf whose accessed and
 * dirty bits were harvested are just as cold, even in formats whose fresh
 * leaves are made accessed (stage 2, G-stage).
 */
static void axas_pt_split_keeps_ad(struct kunit *test)
{
	struct axas_pt_ctx *c = axas_pt_ctx_new(test);
	u64 ad = c->pt.fmt.accessed_mask | c->pt.fmt.dirty_mask;
	bool set_at_map = c->pt.fmt.id == AXAS_FMT_ARM_S2 ||
			  c->pt.fmt.id >= AXAS_FMT_SV39X4;
	struct axas_pt_entry e;
	u64 raw;

	KUNIT_ASSERT_EQ(test, 0, axas_pt_map(&c->pt, axas_gpa(WIN + SZ2M),
					     axas_hpa(0x80200000), SZ2M, R | W, 0));
	axas_pt_test_clear_young(&c->pt, axas_gpa(WIN + SZ2M), SZ2M, true, NULL, NULL);
	KUNIT_ASSERT_EQ(test, 0, axas_pt_query(&c->pt, axas_gpa(WIN + SZ2M), &e));
	KUNIT_EXPECT_EQ(test, e.raw & ad, 0ULL);

	/* protect one page: the leaf splits */
	KUNIT_ASSERT_EQ(test, 0, axas_pt_protect(&c->pt, axas_gpa(WIN + SZ2M + SZ4K),
						 SZ4K, R));
	KUNIT_ASSERT_EQ(test, 0, axas_pt_query(&c->pt, axas_gpa(WIN + SZ2M + 2 * SZ4K), &e));
	KUNIT_EXPECT_EQ(test, e.level, 0U);
	KUNIT_EXPECT_EQ(test, e.raw & ad, 0ULL);
	raw = c->pt.fmt.ops->encode_leaf(&c->pt.fmt, axas_hpa(0x80202000), R | W, 0);
	KUNIT_EXPECT_EQ(test, e.raw, raw & ~ad);
	/* the protected page is re-encoded as a fresh leaf would be */
	KUNIT_ASSERT_EQ(test, 0, axas_pt_query(&c->pt, axas_gpa(WIN + SZ2M + SZ4K), &e));
	KUNIT_EXPECT_EQ(test, e.raw & c->pt.fmt.accessed_mask,
			set_at_map ? c->pt.fmt.accessed_mask : 0);
	KUNIT_EXPECT_EQ(test, e.flags, R);
}

struct axas_pt_reader {
	struct axas_pt *pt;
	u64 gpa;
	u64 hpa;
	u64 pages;
	unsigned long hits, misses, bad;
};

/* Query what a concurrent map installs: nothing, or the right page. */
static int axas_pt_reader_fn(void *arg)
{
	struct axas_pt_reader *r = arg;
	unsigned long i = 0;

	while (!kthread_should_stop()) {
		u64 page = (i++ * 37) % r->pages;
		struct axas_pt_entry e;
		int ret;

		ret = axas_pt_query(r->pt, axas_gpa(r->gpa + page * SZ4K + 8), &e);
		if (ret == -ENOENT)
			r->misses++;
		else if (ret || axas_hpa_val(e.hpa) != r->hpa + page * SZ4K + 8 ||
			 e.flags != R)
			r->bad++;
		else
			r->hits++;
		if (!(i % 64))
			cond_resched();
	}
	return 0;
}

/*
 * The lockless-reader contract of pgtable.h: while a map fills an empty
 * range page by page (publishing new tables as it goes), a concurrent
 * reader only ever sees no entry or the right one.  KASAN watches the
 * reader's accesses to tables being published.
 */
static void axas_pt_lockless_readers(struct kunit *test)
{
	struct axas_pt_ctx *c = axas_pt_ctx_new(test);
	struct axas_pt_reader r = {
		.pt = &c->pt, .gpa = WIN + SZ1G - SZ2M, .hpa = 0x40000000,
		.pages = 2 * SZ2M / SZ4K,
	};
	struct task_struct *t;
	u64 i;

	t = kthread_run(axas_pt_reader_fn, &r, "axas_pt_reader");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	for (i = 0; i < r.pages; i++) {
		/* odd pages first: tables appear while the reader looks */
		u64 page = i < r.pages / 2 ? 2 * i + 1 : 2 * (i - r.pages / 2);

		KUNIT_EXPECT_EQ(test, 0, axas_pt_map(&c->pt,
						     axas_gpa(r.gpa + page * SZ4K),
						     axas_hpa(r.hpa + page * SZ4K),
						     SZ4K, R, 0));
		if (!(i % 32))
			cond_resched();
	}
	msleep(20);
	kthread_stop(t);
	kunit_info(test, "%s: reader saw %lu entries, %lu holes",
		   axas_test_fmt(test)->name, r.hits, r.misses);
	KUNIT_EXPECT_EQ(test, r.bad, 0UL);
	KUNIT_EXPECT_GT(test, r.hits + r.misses, 0UL);
	KUNIT_EXPECT_EQ(test, c->pt.stats.leaves[0], (unsigned long)r.pages);
}

static int axas_pt_stop_at_second(void *arg, const struct axas_pt_visit *v)
{
	unsigned long *n = arg;

	return ++*n == 2 ? 7 : 0;
}

static void axas_pt_walk_order(struct kunit *test)
{
	struct axas_pt_ctx *c = axas_pt_ctx_new(test);
	unsigned long counts[2], n = 0;

	axas_pt_map(&c->pt, axas_gpa(WIN), axas_hpa(0x1000), SZ4K, R, 0);
	axas_pt_map(&c->pt, axas_gpa(WIN + SZ2M), axas_hpa(0x80200000), SZ2M, R, 0);
	axas_pt_map(&c->pt, axas_gpa(WIN + 3 * SZ2M), axas_hpa(0x3000), SZ4K, R, 0);
	axas_pt_counts(c, counts);
	KUNIT_EXPECT_EQ(test, counts[0], 3UL);
	/* tables: top_level - 1 above the 2 MiB level, two level-0 tables */
	KUNIT_EXPECT_EQ(test, counts[1], (unsigned long)c->pt.fmt.top_level - 1 + 2);
	KUNIT_EXPECT_EQ(test, 7, axas_pt_walk(&c->pt, axas_gpa(WIN), SZ1G, 0,
					      axas_pt_stop_at_second, &n));
	KUNIT_EXPECT_EQ(test, n, 2UL);
	KUNIT_EXPECT_EQ(test, -EINVAL, axas_pt_walk(&c->pt, axas_gpa(WIN), SZ1G, 0x80,
						    axas_pt_stop_at_second, &n));
}

/* ---- the random differential test ---------------------------------- */

#define REF_PAGES	(SZ1G / SZ4K)
#define REF_VALID	BIT_ULL(0)
#define REF_FLAGS(e)	((u32)((e) >> 1) & AXAS_MAP_FLAGS_ALL)
#define REF_HPA(e)	((e) & ~0xfffULL)

struct axas_pt_diff {
	struct kunit *test;
	struct axas_pt_ctx *c;
	u64 *ref;
	struct rnd_state rnd;
	u32 valid_flags[64];
	unsigned int nr_valid;
	unsigned long ops[5];
};

static u32 axas_pt_rand(struct axas_pt_diff *d, u32 n)
{
	return prandom_u32_state(&d->rnd) % n;
}

static bool axas_pt_ref_any(struct axas_pt_diff *d, u64 first, u64 n)
{
	u64 i;

	for (i = first; i < first + n; i++)
		if (d->ref[i] & REF_VALID)
			return true;
	return false;
}

static int axas_pt_diff_leaf(void *arg, const struct axas_pt_visit *v)
{
	struct axas_pt_diff *d = arg;
	u64 first = (axas_gpa_val(v->gpa) - WIN) / SZ4K, i;

	for (i = 0; i < v->size / SZ4K; i++) {
		u64 e = d->ref[first + i];

		if (!(e & REF_VALID) ||
		    REF_HPA(e) != axas_hpa_val(v->info.pa) + i * SZ4K ||
		    REF_FLAGS(e) != v->info.flags)
			return -EILSEQ;
	}
	d->ops[4] += v->size / SZ4K;
	return 0;
}

/* Every leaf agrees with the reference and covers all of it. */
static void axas_pt_diff_check_all(struct axas_pt_diff *d)
{
	struct kunit *test = d->test;
	u64 i, mapped = 0;

	d->ops[4] = 0;
	KUNIT_ASSERT_EQ(test, 0, axas_pt_walk(&d->c->pt, axas_gpa(WIN), SZ1G, 0,
					      axas_pt_diff_leaf, d));
	for (i = 0; i < REF_PAGES; i++)
		mapped += d->ref[i] & REF_VALID;
	KUNIT_ASSERT_EQ(test, d->ops[4], mapped);
	KUNIT_ASSERT_EQ(test, d->c->pt.stats.leaves[0] +
			d->c->pt.stats.leaves[1] * 512 +
			d->c->pt.stats.leaves[2] * 512 * 512, mapped);
}

static void axas_pt_diff_map(struct axas_pt_diff *d)
{
	u32 shape = axas_pt_rand(d, 20), flags, opts = 0;
	u64 first, n, hpa, i;
	int ret, want;

	flags = d->valid_flags[axas_pt_rand(d, d->nr_valid)];
	if (shape == 0) {			/* the whole window */
		first = 0;
		n = REF_PAGES;
		hpa = (u64)(1 + axas_pt_rand(d, 64)) << 30;
	} else if (shape < 8) {			/* 2 MiB-aligned pieces */
		first = (u64)axas_pt_rand(d, 508) * 512;
		n = (1 + axas_pt_rand(d, 4)) * 512;
		hpa = (u64)axas_pt_rand(d, 1 << 18) << 21;
	} else {				/* a few pages anywhere */
		first = axas_pt_rand(d, REF_PAGES - 16);
		n = 1 + axas_pt_rand(d, 16);
		hpa = (u64)axas_pt_rand(d, 1 << 26) << 12;
	}
	if (axas_pt_rand(d, 5) == 0)
		opts = AXAS_PT_NOHUGE;
	want = axas_pt_ref_any(d, first, n) ? -EEXIST : 0;
	ret = axas_pt_map(&d->c->pt, axas_gpa(WIN + first * SZ4K), axas_hpa(hpa),
			  n * SZ4K, flags, opts);
	KUNIT_ASSERT_EQ_MSG(d->test, ret, want, "map %#llx+%#llx",
			    WIN + first * SZ4K, n * SZ4K);
	if (ret)
		return;
	for (i = 0; i < n; i++)
		d->ref[first + i] = (hpa + i * SZ4K) | (u64)flags << 1 | REF_VALID;
}

static void axas_pt_diff_range(struct axas_pt_diff *d, u64 *first, u64 *n)
{
	*first = axas_pt_rand(d, REF_PAGES);
	*n = 1 + axas_pt_rand(d, axas_pt_rand(d, 8) ? 64 : 4096);
	if (*first + *n > REF_PAGES)
		*n = REF_PAGES - *first;
}

static void axas_pt_diff_unmap(struct axas_pt_diff *d)
{
	u64 first, n, i, bytes = 0;
	int ret;

	axas_pt_diff_range(d, &first, &n);
	for (i = first; i < first + n; i++)
		bytes += (d->ref[i] & REF_VALID) ? SZ4K : 0;
	d->c->removed_bytes = 0;
	ret = axas_pt_unmap(&d->c->pt, axas_gpa(WIN + first * SZ4K), n * SZ4K,
			    axas_pt_leaf_removed, d->c);
	KUNIT_ASSERT_EQ(d->test, 0, ret);
	KUNIT_ASSERT_EQ(d->test, d->c->removed_bytes, bytes);
	memset(&d->ref[first], 0, n * sizeof(u64));
}

static void axas_pt_diff_protect(struct axas_pt_diff *d)
{
	u32 flags = d->valid_flags[axas_pt_rand(d, d->nr_valid)];
	u64 first, n, i;
	int ret;

	axas_pt_diff_range(d, &first, &n);
	ret = axas_pt_protect(&d->c->pt, axas_gpa(WIN + first * SZ4K), n * SZ4K,
			      flags);
	KUNIT_ASSERT_EQ(d->test, 0, ret);
	for (i = first; i < first + n; i++)
		if (d->ref[i] & REF_VALID)
			d->ref[i] = REF_HPA(d->ref[i]) | (u64)flags << 1 | REF_VALID;
}

static void axas_pt_diff_query(struct axas_pt_diff *d)
{
	u64 page = axas_pt_rand(d, REF_PAGES), off = axas_pt_rand(d, SZ4K);
	u64 e = d->ref[page];
	struct axas_pt_entry q;
	int ret;

	ret = axas_pt_query(&d->c->pt, axas_gpa(WIN + page * SZ4K + off), &q);
	if (!(e & REF_VALID)) {
		KUNIT_ASSERT_EQ(d->test, ret, -ENOENT);
		return;
	}
	KUNIT_ASSERT_EQ(d->test, ret, 0);
	KUNIT_ASSERT_EQ(d->test, axas_hpa_val(q.hpa), REF_HPA(e) + off);
	KUNIT_ASSERT_EQ(d->test, q.flags, REF_FLAGS(e));
}

static void axas_pt_vfree(void *p)
{
	vfree(p);
}

/*
 * 10,000 random operations (fewer by scale_pct), each checked against a
 * flat page map.
 */
static void axas_pt_random_differential(struct kunit *test)
{
	const struct axas_test_fmt *p = axas_test_fmt(test);
	struct axas_pt_diff *d = kunit_kzalloc(test, sizeof(*d), GFP_KERNEL);
	unsigned int i;
	u32 flags;

	KUNIT_ASSERT_NOT_NULL(test, d);
	d->test = test;
	d->c = axas_pt_ctx_new(test);
	d->ref = vzalloc(REF_PAGES * sizeof(u64));
	KUNIT_ASSERT_NOT_NULL(test, d->ref);
	i = kunit_add_action_or_reset(test, axas_pt_vfree, d->ref);
	KUNIT_ASSERT_EQ(test, 0, i);
	prandom_seed_state(&d->rnd, 0xa5a5000ULL + p->id * 64 + p->gpa_bits);
	for (flags = 0; flags <= AXAS_MAP_FLAGS_ALL; flags++)
		if (!axas_fmt_check_flags(&d->c->pt.fmt, flags))
			d->valid_flags[d->nr_valid++] = flags;

	for (i = 0; i < axas_kunit_iterations(10000); i++) {
		u32 op = axas_pt_rand(d, 100);

		if (op < 35) {
			axas_pt_diff_map(d);
			d->ops[0]++;
		} else if (op < 59) {
			axas_pt_diff_unmap(d);
			d->ops[1]++;
		} else if (op < 74) {
			axas_pt_diff_protect(d);
			d->ops[2]++;
		} else if (op < 99) {
			axas_pt_diff_query(d);
			d->ops[3]++;
		} else {
			KUNIT_ASSERT_EQ(test, 0, axas_pt_unmap(&d->c->pt, axas_gpa(WIN),
							       SZ1G, NULL, NULL));
			memset(d->ref, 0, REF_PAGES * sizeof(u64));
		}
		if (i % 2000 == 1999)
			axas_pt_diff_check_all(d);
	}
	axas_pt_diff_check_all(d);
	kunit_info(test, "%s: %lu maps, %lu unmaps, %lu protects, %lu queries",
		   p->name, d->ops[0], d->ops[1], d->ops[2], d->ops[3]);
	KUNIT_ASSERT_EQ(test, 0, axas_pt_unmap(&d->c->pt, axas_gpa(WIN), SZ1G,
					       NULL, NULL));
	KUNIT_EXPECT_EQ(test, d->c->fake->table_pages, d->c->root_pages);
	KUNIT_EXPECT_EQ(test, d->c->pt.stats.leaves[0] + d->c->pt.stats.leaves[1] +
			d->c->pt.stats.leaves[2], 0UL);
}

/*
 * The query's leaf memo never answers for a leaf it does not describe:
 * leaves of different flags side by side, one level each, queried in
 * turn, then given new flags, and a hole where a leaf was.
 */
static void axas_pt_query_memo(struct kunit *test)
{
	struct axas_pt_ctx *c = axas_pt_ctx_new(test);
	u32 a = R, b = R | W;
	unsigned int i;

	if (axas_fmt_check_flags(&c->pt.fmt, R | X) == 0)
		b = R | X;
	KUNIT_ASSERT_EQ(test, 0, axas_pt_map(&c->pt, axas_gpa(WIN), axas_hpa(SZ1G),
					     SZ4K, a, 0));
	KUNIT_ASSERT_EQ(test, 0, axas_pt_map(&c->pt, axas_gpa(WIN + SZ4K),
					     axas_hpa(2 * SZ1G), SZ4K, b, 0));
	KUNIT_ASSERT_EQ(test, 0, axas_pt_map(&c->pt, axas_gpa(WIN + SZ2M),
					     axas_hpa(3 * SZ1G), SZ2M, b, 0));
	for (i = 0; i < 4; i++) {
		axas_pt_expect(test, c, WIN + 8, SZ1G + 8, 0, a);
		axas_pt_expect(test, c, WIN + SZ4K + 8, 2 * SZ1G + 8, 0, b);
		axas_pt_expect(test, c, WIN + SZ2M + SZ4K, 3 * SZ1G + SZ4K, 1, b);
	}
	KUNIT_ASSERT_EQ(test, 0, axas_pt_protect(&c->pt, axas_gpa(WIN), SZ4K, b));
	KUNIT_ASSERT_EQ(test, 0, axas_pt_protect(&c->pt, axas_gpa(WIN + SZ2M), SZ2M, a));
	axas_pt_expect(test, c, WIN, SZ1G, 0, b);
	axas_pt_expect(test, c, WIN + SZ2M, 3 * SZ1G, 1, a);
	axas_pt_expect(test, c, WIN + SZ4K, 2 * SZ1G, 0, b);
	KUNIT_ASSERT_EQ(test, 0, axas_pt_unmap(&c->pt, axas_gpa(WIN), SZ4K, NULL, NULL));
	axas_pt_expect_none(test, c, WIN);
	axas_pt_expect(test, c, WIN + SZ4K, 2 * SZ1G, 0, b);
}

AXAS_KUNIT_SUITE(axas_pgtable,
		 KUNIT_CASE_PARAM(axas_pt_query_memo, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM(axas_pt_map_4k, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM(axas_pt_map_pages_runs, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM(axas_pt_map_leaf_runs, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM(axas_pt_map_2m, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM(axas_pt_map_1g, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM(axas_pt_map_largest_leaf, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM(axas_pt_map_misaligned_hpa, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM(axas_pt_map_nohuge, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM(axas_pt_partial_unmap_1g, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM(axas_pt_empty_tables_freed, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM(axas_pt_overlap_and_adjacent, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM(axas_pt_errors, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM(axas_pt_protect_splits, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM(axas_pt_no_access_leaf, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM(axas_pt_fail_nth_map, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM(axas_pt_fail_nth_split, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM(axas_pt_fail_nth_map_sweep, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM(axas_pt_fail_nth_split_sweep, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM(axas_pt_young, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM(axas_pt_walk_order, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM(axas_pt_split_keeps_ad, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM(axas_pt_lockless_readers, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM_ATTR(axas_pt_random_differential,
				       axas_test_fmt_gen_params,
				       { .speed = KUNIT_SPEED_SLOW }));
