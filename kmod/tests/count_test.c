// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the per-table live-entry counts (the HAL's table_count
 * word, pgtable/walk.h): after random sequences of every operation that
 * changes entries (map, map_pages, unmap, split, protect, clear, destroy,
 * failed operations unwinding), each table's count equals a recount of its
 * entries, in every format and through the space layer; exact counts after
 * a split; and proof that unmap frees a table by its count, not a scan.
 */
#include <kunit/test.h>
#include <linux/prandom.h>
#include "pgtable.h"
#include "walk.h"
#include "fake_hal.h"
#include "formats.h"
#include "space_ctx.h"
#include "suite.h"

#define R AXAS_MAP_READ
#define W AXAS_MAP_WRITE
#define SZ4K AXAS_PAGE_SIZE
#define SZ2M AXAS_SZ_2M
#define SZ1G AXAS_SZ_1G
#define WIN 0x40000000ULL	/* a 1 GiB-aligned GiB every format reaches */
#define WIN_PAGES (SZ1G / SZ4K)

struct axas_cnt_ctx {
	struct kunit *test;
	struct axas_fake_hal *fake;
	struct axas_pt pt;
	struct rnd_state rnd;
	unsigned long root_pages;
};

static void axas_cnt_destroy(void *data)
{
	struct axas_cnt_ctx *c = data;

	axas_pt_destroy(&c->pt, NULL, NULL);
}

static struct axas_cnt_ctx *axas_cnt_new(struct kunit *test)
{
	const struct axas_test_fmt *p = axas_test_fmt(test);
	struct axas_cnt_ctx *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, c);
	c->test = test;
	c->fake = axas_fake_hal_create(test);
	KUNIT_ASSERT_EQ(test, 0, axas_pt_init(&c->pt, p->id, p->gpa_bits,
					      &c->fake->hal));
	c->root_pages = 1UL << c->pt.fmt.root_order;
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, axas_cnt_destroy, c));
	prandom_seed_state(&c->rnd, 0xc0417ULL + p->id * 64 + p->gpa_bits);
	return c;
}

static u32 axas_cnt_rand(struct axas_cnt_ctx *c, u32 n)
{
	return prandom_u32_state(&c->rnd) % n;
}

/* Every count is exact and every table below the root was seen. */
static void axas_cnt_expect_exact(struct kunit *test, struct axas_pt *pt,
				  unsigned long root_pages, const char *after)
{
	unsigned long tables = 0, wrong;

	wrong = axas_pt_check_counts(pt, &tables);
	KUNIT_ASSERT_EQ_MSG(test, wrong, 0UL, "after %s: %lu of %lu counts wrong",
			    after, wrong, tables);
	KUNIT_ASSERT_EQ_MSG(test, tables + root_pages, pt->stats.table_pages,
			    "after %s", after);
}

/* The table at @level (1: the level-0 table's parent entry...) over @gpa. */
struct axas_cnt_find {
	u64 gpa;
	unsigned int level;
	axas_hpa_t pa;
	bool found;
};

static int axas_cnt_find_visit(void *arg, const struct axas_pt_visit *v)
{
	struct axas_cnt_find *f = arg;

	if (v->info.type == AXAS_PTE_TABLE && v->level == f->level + 1 &&
	    axas_gpa_val(v->gpa) <= f->gpa && f->gpa - axas_gpa_val(v->gpa) < v->size) {
		f->pa = v->info.pa;
		f->found = true;
	}
	return 0;
}

/* The count of the level-@level table that maps @gpa. */
static unsigned long *axas_cnt_of(struct kunit *test, struct axas_pt *pt,
				  u64 gpa, unsigned int level)
{
	struct axas_cnt_find f = { .gpa = gpa, .level = level };
	unsigned long *count;

	KUNIT_ASSERT_EQ(test, 0, axas_pt_walk(pt, axas_gpa(gpa), SZ4K,
					      AXAS_PT_WALK_TABLES,
					      axas_cnt_find_visit, &f));
	KUNIT_ASSERT_TRUE_MSG(test, f.found, "no level-%u table over %#llx",
			      level, gpa);
	count = pt->hal->ops->table_count(pt->hal, f.pa);
	KUNIT_ASSERT_NOT_NULL(test, count);
	return count;
}

static void axas_cnt_range(struct axas_cnt_ctx *c, u64 *gpa, u64 *size)
{
	u64 first = axas_cnt_rand(c, WIN_PAGES), n;

	switch (axas_cnt_rand(c, 4)) {
	case 0:		/* 2 MiB-aligned pieces */
		first &= ~511ULL;
		n = (1 + axas_cnt_rand(c, 3)) * 512;
		break;
	case 1:		/* a large run crossing tables */
		n = 1 + axas_cnt_rand(c, 2048);
		break;
	default:	/* a few pages */
		n = 1 + axas_cnt_rand(c, 16);
		break;
	}
	if (first + n > WIN_PAGES)
		n = WIN_PAGES - first;
	*gpa = WIN + first * SZ4K;
	*size = n * SZ4K;
}

static void axas_cnt_map_pages(struct axas_cnt_ctx *c, u64 gpa, u64 size)
{
	unsigned long n = size / SZ4K, i;
	axas_hpa_t *pas = kunit_kmalloc_array(c->test, n, sizeof(*pas), GFP_KERNEL);
	int ret;

	KUNIT_ASSERT_NOT_NULL(c->test, pas);
	for (i = 0; i < n; i++)
		pas[i] = axas_hpa((u64)(1 + axas_cnt_rand(c, 1 << 19)) << 12);
	ret = axas_pt_map_pages(&c->pt, axas_gpa(gpa), pas, n, R | W);
	KUNIT_ASSERT_TRUE(c->test, !ret || ret == -EEXIST || ret == -ENOMEM);
	kunit_kfree(c->test, pas);
}

/*
 * One random operation; a third of them with an allocation failing at
 * once or a little later, so that the unwinding of a map, a split of an
 * unmap or of a protect is among them.
 */
static const char *axas_cnt_op(struct axas_cnt_ctx *c)
{
	u32 op = axas_cnt_rand(c, 100);
	u64 gpa, size, hpa;
	int ret;

	axas_cnt_range(c, &gpa, &size);
	axas_fake_hal_reset_count(c->fake, axas_cnt_rand(c, 3) ? 0 :
				  1 + axas_cnt_rand(c, 3));
	if (op < 30) {
		hpa = (u64)(1 + axas_cnt_rand(c, 64)) << 30 | (gpa & (SZ1G - 1));
		ret = axas_pt_map(&c->pt, axas_gpa(gpa), axas_hpa(hpa), size, R | W,
				  axas_cnt_rand(c, 4) ? 0 : AXAS_PT_NOHUGE);
		KUNIT_ASSERT_TRUE(c->test, !ret || ret == -EEXIST || ret == -ENOMEM);
		return "map";
	}
	if (op < 45) {
		axas_cnt_map_pages(c, gpa, size);
		return "map_pages";
	}
	if (op < 75) {
		ret = axas_pt_unmap(&c->pt, axas_gpa(gpa), size, NULL, NULL);
		KUNIT_ASSERT_TRUE(c->test, !ret || ret == -ENOMEM);
		return "unmap";
	}
	if (op < 97) {
		ret = axas_pt_protect(&c->pt, axas_gpa(gpa), size,
				      axas_cnt_rand(c, 2) ? R : R | W);
		KUNIT_ASSERT_TRUE(c->test, !ret || ret == -ENOMEM);
		return "protect";
	}
	ret = axas_pt_unmap(&c->pt, axas_gpa(WIN), SZ1G, NULL, NULL);
	KUNIT_ASSERT_EQ(c->test, ret, 0);	/* frees only: cannot fail */
	return "clear";
}

/*
 * 1,500 random operations (fewer by scale_pct), every count recounted
 * after each.
 */
static void axas_count_random_ops(struct kunit *test)
{
	struct axas_cnt_ctx *c = axas_cnt_new(test);
	unsigned long i, n = axas_kunit_iterations(1500), max_tables = 0;

	for (i = 0; i < n; i++) {
		const char *what = axas_cnt_op(c);

		axas_fake_hal_reset_count(c->fake, 0);
		axas_cnt_expect_exact(test, &c->pt, c->root_pages, what);
		max_tables = max(max_tables, c->pt.stats.table_pages);
	}
	/* the sequence did build tables to count */
	KUNIT_EXPECT_GT(test, max_tables, c->root_pages + 2);
	KUNIT_ASSERT_EQ(test, 0, axas_pt_unmap(&c->pt, axas_gpa(WIN), SZ1G, NULL, NULL));
	KUNIT_EXPECT_EQ(test, c->pt.stats.table_pages, c->root_pages);
	KUNIT_EXPECT_EQ(test, c->fake->table_pages, (long)c->root_pages);
}

/*
 * Exact counts around a split: one 2 MiB leaf, one page of it unmapped,
 * leaves the new level-0 table 511 entries and its parent 1.
 */
static void axas_count_split_exact(struct kunit *test)
{
	struct axas_cnt_ctx *c = axas_cnt_new(test);
	u64 gpa = WIN + 3 * SZ2M;

	/* where the level-1 table is the root (stage 2, 32-bit IPA), no count */
	bool l1 = c->pt.fmt.top_level > 1;

	KUNIT_ASSERT_EQ(test, 0, axas_pt_map(&c->pt, axas_gpa(gpa),
					     axas_hpa(SZ1G), SZ2M, R | W, 0));
	if (l1)
		KUNIT_EXPECT_EQ(test, *axas_cnt_of(test, &c->pt, gpa, 1), 1UL);
	KUNIT_ASSERT_EQ(test, 0, axas_pt_unmap(&c->pt, axas_gpa(gpa + 5 * SZ4K),
					       SZ4K, NULL, NULL));
	KUNIT_EXPECT_EQ(test, *axas_cnt_of(test, &c->pt, gpa, 0), 511UL);
	if (l1)
		KUNIT_EXPECT_EQ(test, *axas_cnt_of(test, &c->pt, gpa, 1), 1UL);
	/* a protect that splits again changes no count */
	KUNIT_ASSERT_EQ(test, 0, axas_pt_protect(&c->pt, axas_gpa(gpa), SZ4K, R));
	KUNIT_EXPECT_EQ(test, *axas_cnt_of(test, &c->pt, gpa, 0), 511UL);
	/* a neighbour 2 MiB leaf: the parent holds 2 */
	KUNIT_ASSERT_EQ(test, 0, axas_pt_map(&c->pt, axas_gpa(gpa + SZ2M),
					     axas_hpa(2 * SZ1G), SZ2M, R, 0));
	if (l1)
		KUNIT_EXPECT_EQ(test, *axas_cnt_of(test, &c->pt, gpa, 1), 2UL);
	axas_cnt_expect_exact(test, &c->pt, c->root_pages, "split");
}

/*
 * The recount catches a wrong count, and unmap trusts the count: with one
 * extra live entry recorded, the table it empties stays.
 */
static void axas_count_checker_catches(struct kunit *test)
{
	struct axas_cnt_ctx *c = axas_cnt_new(test);
	unsigned long tables, *count;

	KUNIT_ASSERT_EQ(test, 0, axas_pt_map(&c->pt, axas_gpa(WIN + SZ4K),
					     axas_hpa(0x1000), 2 * SZ4K, R, 0));
	count = axas_cnt_of(test, &c->pt, WIN, 0);
	KUNIT_EXPECT_EQ(test, *count, 2UL);
	(*count)++;
	KUNIT_EXPECT_EQ(test, axas_pt_check_counts(&c->pt, &tables), 1UL);
	KUNIT_ASSERT_EQ(test, 0, axas_pt_unmap(&c->pt, axas_gpa(WIN), SZ2M / 2,
					       NULL, NULL));
	/* both pages gone, the table kept: the count said one is left */
	KUNIT_EXPECT_EQ(test, *count, 1UL);
	KUNIT_EXPECT_EQ(test, c->pt.stats.table_pages, c->root_pages + tables);
	*count = 0;
	axas_cnt_expect_exact(test, &c->pt, c->root_pages, "repair");
	/* an unmap over it now frees it by its (right) count */
	KUNIT_ASSERT_EQ(test, 0, axas_pt_unmap(&c->pt, axas_gpa(WIN), SZ4K, NULL, NULL));
	KUNIT_EXPECT_EQ(test, c->pt.stats.table_pages, c->root_pages);
}

static void axas_cnt_leaf(void *arg, axas_gpa_t gpa, axas_hpa_t hpa, u64 size)
{
	u64 *seen = arg;

	seen[0]++;
	seen[1] = axas_gpa_val(gpa);
	seen[2] = size;
}

/*
 * A map or unmap of exactly one leaf under tables that exist touches one
 * entry: no allocation, one leaf reported, one range gathered; the
 * tables it empties go, found by their counts.
 */
static void axas_count_one_leaf(struct kunit *test)
{
	struct axas_cnt_ctx *c = axas_cnt_new(test);
	unsigned int top = c->pt.fmt.top_level;
	struct axas_pt_gather g;
	u64 seen[3] = {};

	KUNIT_ASSERT_EQ(test, 0, axas_pt_map(&c->pt, axas_gpa(WIN), axas_hpa(SZ4K),
					     SZ4K, R, 0));
	KUNIT_EXPECT_EQ(test, c->pt.stats.table_pages, c->root_pages + top);
	axas_fake_hal_reset_count(c->fake, 0);
	KUNIT_ASSERT_EQ(test, 0, axas_pt_map(&c->pt, axas_gpa(WIN + SZ2M),
					     axas_hpa(SZ1G), SZ2M, R | W, 0));
	KUNIT_EXPECT_EQ(test, c->fake->nr_allocs, 0UL);
	KUNIT_EXPECT_EQ(test, c->pt.stats.leaves[1], 1UL);
	/* on a leaf, or under one: refused by the same descent */
	KUNIT_EXPECT_EQ(test, -EEXIST, axas_pt_map(&c->pt, axas_gpa(WIN + SZ2M),
						   axas_hpa(0), SZ2M, R, 0));
	KUNIT_EXPECT_EQ(test, -EEXIST, axas_pt_map(&c->pt, axas_gpa(WIN + SZ2M + SZ4K),
						   axas_hpa(0), SZ4K, R, 0));
	KUNIT_EXPECT_EQ(test, -EEXIST, axas_pt_map(&c->pt, axas_gpa(WIN),
						   axas_hpa(0), SZ4K, R, 0));
	KUNIT_EXPECT_EQ(test, c->fake->nr_allocs, 0UL);

	axas_pt_gather_init(&g, NULL, NULL);
	KUNIT_ASSERT_EQ(test, 0, axas_pt_unmap_gather(&c->pt, axas_gpa(WIN + SZ2M), SZ2M,
						      axas_cnt_leaf, seen, &g));
	KUNIT_EXPECT_EQ(test, seen[0], 1ULL);
	KUNIT_EXPECT_EQ(test, seen[1], WIN + SZ2M);
	KUNIT_EXPECT_EQ(test, seen[2], SZ2M);
	KUNIT_EXPECT_EQ(test, g.start, WIN + SZ2M);
	KUNIT_EXPECT_EQ(test, g.end, WIN + 2 * SZ2M);
	KUNIT_EXPECT_EQ(test, g.nr_tables, 0UL);
	KUNIT_EXPECT_EQ(test, c->fake->nr_allocs, 0UL);
	axas_cnt_expect_exact(test, &c->pt, c->root_pages, "unmap of a 2 MiB leaf");

	/* the last page: every table above it, up to the root, empties */
	axas_pt_gather_init(&g, NULL, NULL);
	KUNIT_ASSERT_EQ(test, 0, axas_pt_unmap_gather(&c->pt, axas_gpa(WIN), SZ4K,
						      axas_cnt_leaf, seen, &g));
	KUNIT_EXPECT_EQ(test, seen[0], 2ULL);
	KUNIT_EXPECT_EQ(test, g.nr_tables, (unsigned long)top);
	KUNIT_EXPECT_EQ(test, c->pt.stats.table_pages, c->root_pages);
	axas_pt_gather_free(&c->pt, &g);
	KUNIT_EXPECT_EQ(test, c->fake->table_pages, (long)c->root_pages);
	/* and a hole is no leaf */
	KUNIT_EXPECT_EQ(test, 0, axas_pt_unmap(&c->pt, axas_gpa(WIN), SZ4K,
					       axas_cnt_leaf, seen));
	KUNIT_EXPECT_EQ(test, seen[0], 2ULL);
}

/* The space layer: populate, faults, linear, unmap, protect, clear. */
static void axas_count_space_ops(struct kunit *test)
{
	struct axas_test_space *s = axas_test_space_new(test, WIN, 2 * SZ1G);
	struct axas_space *as = s->as;
	u64 g;

	KUNIT_ASSERT_EQ(test, 0, axas_space_map_alloc(as, axas_gpa(WIN), 4 * SZ2M + 5 * SZ4K,
						      R | W, true));
	axas_cnt_expect_exact(test, &as->pt, s->root_pages, "populate");
	KUNIT_ASSERT_EQ(test, 0, axas_space_map_alloc(as, axas_gpa(WIN + 8 * SZ2M), SZ2M,
						      R | W, false));
	for (g = WIN + 8 * SZ2M; g < WIN + 9 * SZ2M; g += 7 * SZ4K)
		KUNIT_ASSERT_EQ(test, 0, axas_space_handle_fault(as, axas_gpa(g), R));
	axas_cnt_expect_exact(test, &as->pt, s->root_pages, "faults");
	KUNIT_ASSERT_EQ(test, 0, axas_space_map_linear(as, axas_gpa(WIN + SZ1G),
						       axas_hpa(2 * SZ1G), SZ1G, R, 0));
	axas_cnt_expect_exact(test, &as->pt, s->root_pages, "map_linear");
	KUNIT_ASSERT_EQ(test, 0, axas_space_unmap(as, axas_gpa(WIN + SZ1G + SZ2M + SZ4K),
						  3 * SZ4K));
	axas_cnt_expect_exact(test, &as->pt, s->root_pages, "partial unmap");
	KUNIT_ASSERT_EQ(test, 0, axas_space_protect(as, axas_gpa(WIN + SZ2M + 9 * SZ4K),
						    SZ2M, R));
	axas_cnt_expect_exact(test, &as->pt, s->root_pages, "protect");
	/* a populate failing part-way unwinds what it mapped */
	axas_fake_hal_reset_count(s->fake, 300);
	KUNIT_EXPECT_EQ(test, -ENOMEM,
			axas_space_map_alloc(as, axas_gpa(WIN + 16 * SZ2M), 2 * SZ2M,
					     R | W, true));
	axas_fake_hal_reset_count(s->fake, 0);
	axas_cnt_expect_exact(test, &as->pt, s->root_pages, "failed populate");
	KUNIT_ASSERT_EQ(test, 0, axas_space_unmap(as, axas_gpa(WIN), SZ2M + 3 * SZ4K));
	axas_cnt_expect_exact(test, &as->pt, s->root_pages, "unmap");
	axas_space_clear(as);
	axas_cnt_expect_exact(test, &as->pt, s->root_pages, "clear");
	KUNIT_EXPECT_EQ(test, as->pt.stats.table_pages, s->root_pages);
}

AXAS_KUNIT_SUITE(axas_live_counts,
		 KUNIT_CASE_PARAM(axas_count_random_ops, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM(axas_count_split_exact, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM(axas_count_checker_catches, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM(axas_count_one_leaf, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM(axas_count_space_ops, axas_test_fmt_gen_params));
