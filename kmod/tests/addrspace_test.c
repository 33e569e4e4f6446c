// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of AddrSpace, its backends and the guest memory accessor,
 * every case over every format with frames and tables counted by the fake
 * HAL: the Rust crate's own test behaviours, a regression test for each of
 * its nine defects, error codes, and concurrent faults, translations and
 * copies against a writer.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/prandom.h>
#include <linux/sched/signal.h>
#include "formats.h"
#include "space_ctx.h"
#include "suite.h"

#define R AXAS_MAP_READ
#define W AXAS_MAP_WRITE
#define X AXAS_MAP_EXECUTE
#define RW (R | W)
#define SZ4K AXAS_PAGE_SIZE
#define SZ2M AXAS_SZ_2M
#define SZ1M (AXAS_SZ_2M / 2)
#define SZ1G AXAS_SZ_1G
#define BASE 0x40000000ULL	/* the space: [1 GiB, 3 GiB) */
#define SIZE (2 * SZ1G)

static struct axas_test_space *axas_as_new(struct kunit *test)
{
	return axas_test_space_new(test, BASE, SIZE);
}

/* How many areas the space has. */
static unsigned long axas_as_areas(struct axas_test_space *c)
{
	struct axas_space_stats st;

	axas_space_get_stats(c->as, &st);
	return st.areas;
}

static u64 axas_as_hpa(struct kunit *test, struct axas_test_space *c, u64 gpa)
{
	struct axas_translation t;

	KUNIT_EXPECT_EQ_MSG(test, 0, axas_space_translate(c->as, axas_gpa(gpa), &t),
			    "translate %#llx", gpa);
	return axas_hpa_val(t.hpa);
}

/* ---- the crate's behaviours --------------------------------------- */

static void axas_as_create_destroy(struct kunit *test)
{
	struct axas_test_space *c = axas_as_new(test);

	KUNIT_EXPECT_EQ(test, axas_gpa_val(axas_space_base(c->as)), BASE);
	KUNIT_EXPECT_EQ(test, axas_gpa_val(axas_space_end(c->as)), BASE + SIZE);
	KUNIT_EXPECT_EQ(test, axas_space_size(c->as), SIZE);
	KUNIT_EXPECT_EQ(test, c->fake->table_pages, c->root_pages);
	KUNIT_EXPECT_EQ(test, c->fake->frames, 0L);
	KUNIT_EXPECT_EQ(test, axas_space_hw_root(c->as, 3),
			axas_pt_root_pointer(&c->as->pt, 3));
	KUNIT_EXPECT_EQ(test, axas_hpa_val(axas_space_root(c->as)),
			axas_hpa_val(c->as->pt.root));
	KUNIT_ASSERT_EQ(test, 0, axas_space_map_alloc(c->as, axas_gpa(BASE), 8 * SZ4K,
						      RW, true));
	axas_space_destroy(c->as);
	c->as = NULL;
	KUNIT_EXPECT_EQ(test, c->fake->table_pages, 0L);
	KUNIT_EXPECT_EQ(test, c->fake->frames, 0L);
}

static void axas_as_create_errors(struct kunit *test)
{
	const struct axas_test_fmt *p = axas_test_fmt(test);
	struct axas_fake_hal *f = axas_fake_hal_create(test);
	struct axas_space *as;
	u64 limit;

	KUNIT_EXPECT_EQ(test, -EINVAL, axas_space_create(p->id, p->gpa_bits, axas_gpa(0x800),
							 SZ4K, &axas_fake_hal_ops, f, &as));
	KUNIT_EXPECT_EQ(test, -EINVAL, axas_space_create(p->id, p->gpa_bits, axas_gpa(0),
							 0, &axas_fake_hal_ops, f, &as));
	KUNIT_EXPECT_EQ(test, -EINVAL, axas_space_create(AXAS_FMT_NR, 0, axas_gpa(0),
							 SZ4K, &axas_fake_hal_ops, f, &as));
	KUNIT_EXPECT_EQ(test, -ERANGE, axas_space_create(p->id, p->gpa_bits,
							 axas_gpa(~0ULL - 0xfff), 2 * SZ4K,
							 &axas_fake_hal_ops, f, &as));
	KUNIT_ASSERT_EQ(test, 0, axas_space_create(p->id, p->gpa_bits, axas_gpa(0), SZ4K,
						   &axas_fake_hal_ops, f, &as));
	limit = axas_fmt_gpa_limit(&as->pt.fmt);
	axas_space_destroy(as);
	KUNIT_EXPECT_EQ(test, -ERANGE, axas_space_create(p->id, p->gpa_bits, axas_gpa(0),
							 limit + SZ4K, &axas_fake_hal_ops,
							 f, &as));
	KUNIT_EXPECT_EQ(test, f->table_pages, 0L);
}

static void axas_as_contains_range(struct kunit *test)
{
	struct axas_test_space *c = axas_as_new(test);

	KUNIT_EXPECT_TRUE(test, axas_space_contains_range(c->as, axas_gpa(BASE), SIZE));
	KUNIT_EXPECT_TRUE(test, axas_space_contains_range(c->as, axas_gpa(BASE + SIZE - 1), 1));
	KUNIT_EXPECT_FALSE(test, axas_space_contains_range(c->as, axas_gpa(BASE - 1), 2));
	KUNIT_EXPECT_FALSE(test, axas_space_contains_range(c->as, axas_gpa(BASE), SIZE + 1));
	KUNIT_EXPECT_FALSE(test, axas_space_contains_range(c->as, axas_gpa(BASE + SIZE), 1));
	KUNIT_EXPECT_FALSE(test, axas_space_contains_range(c->as, axas_gpa(BASE), ~0ULL));
	KUNIT_EXPECT_TRUE(test, axas_space_contains_range(c->as, axas_gpa(BASE + SIZE), 0));
}

static void axas_as_map_linear_translate(struct kunit *test)
{
	struct axas_test_space *c = axas_as_new(test);
	struct axas_translation t;

	KUNIT_ASSERT_EQ(test, 0, axas_space_map_linear(c->as, axas_gpa(BASE + SZ2M),
						       axas_hpa(0x80200000), SZ2M + SZ4K,
						       RW, 0));
	KUNIT_ASSERT_EQ(test, 0, axas_space_translate(c->as, axas_gpa(BASE + SZ2M + 0x123), &t));
	KUNIT_EXPECT_EQ(test, axas_hpa_val(t.hpa), 0x80200123ULL);
	KUNIT_EXPECT_EQ(test, t.level, 1U);
	KUNIT_EXPECT_EQ(test, t.flags, (u32)RW);
	KUNIT_EXPECT_EQ(test, axas_gpa_val(t.area_start), BASE + SZ2M);
	KUNIT_EXPECT_EQ(test, t.area_size, SZ2M + SZ4K);
	KUNIT_EXPECT_EQ(test, t.contig, SZ2M + SZ4K - 0x123);
	KUNIT_EXPECT_EQ(test, axas_as_hpa(test, c, BASE + 2 * SZ2M + 8), 0x80400008ULL);
	/* inside the space but unmapped, and outside it */
	KUNIT_EXPECT_EQ(test, -ENOENT, axas_space_translate(c->as, axas_gpa(BASE), &t));
	KUNIT_EXPECT_EQ(test, -ERANGE, axas_space_translate(c->as, axas_gpa(BASE - 1), &t));
	KUNIT_EXPECT_EQ(test, -ERANGE, axas_space_translate(c->as, axas_gpa(BASE + SIZE), &t));
	KUNIT_EXPECT_EQ(test, c->fake->frames, 0L);
	/* opting out of huge leaves */
	KUNIT_ASSERT_EQ(test, 0, axas_space_map_linear(c->as, axas_gpa(BASE + 4 * SZ2M),
						       axas_hpa(0x80800000), SZ2M, R,
						       AXAS_SPACE_NOHUGE));
	KUNIT_ASSERT_EQ(test, 0, axas_space_translate(c->as, axas_gpa(BASE + 4 * SZ2M), &t));
	KUNIT_EXPECT_EQ(test, t.level, 0U);
	KUNIT_EXPECT_EQ(test, t.contig, SZ2M);
}

static u8 axas_as_byte(struct kunit *test, struct axas_test_space *c, u64 gpa)
{
	u8 b = 0xee;

	KUNIT_EXPECT_EQ(test, 0, axas_read_obj(c->as, axas_gpa(gpa), &b));
	return b;
}

/* Crate defect 7: data frames reach the guest zeroed. */
static void axas_as_populate_zeroed(struct kunit *test)
{
	struct axas_test_space *c = axas_as_new(test);
	u64 i, sum = 0;

	KUNIT_ASSERT_EQ(test, 0, axas_space_map_alloc(c->as, axas_gpa(BASE), 16 * SZ4K,
						      RW, true));
	KUNIT_EXPECT_EQ(test, c->fake->frames, 16L);
	/* the fake HAL fills frames that are not asked zeroed with 0x5a */
	for (i = 0; i < 16 * SZ4K; i += 512)
		sum += axas_as_byte(test, c, BASE + i);
	KUNIT_EXPECT_EQ(test, sum, 0ULL);
	KUNIT_EXPECT_EQ(test, c->as->pt.stats.leaves[0], 16UL);
}

/* A populate stopped by a signal unwinds everything it did. */
static void axas_as_populate_interrupted(struct kunit *test)
{
	struct axas_test_space *c = axas_as_new(test);
	int ret;

	/* a fatal signal stops it, and everything is undone */
	allow_signal(SIGKILL);
	send_sig(SIGKILL, current, 0);
	ret = axas_space_map_alloc(c->as, axas_gpa(BASE), 4 * SZ2M, RW, true);
	flush_signals(current);
	disallow_signal(SIGKILL);
	KUNIT_EXPECT_EQ(test, ret, -EINTR);
	/* it got as far as the first 2 MiB's frames before it looked */
	KUNIT_EXPECT_EQ(test, c->fake->nr_allocs, 1UL + 512);
	KUNIT_EXPECT_EQ(test, c->fake->frames, 0L);
	KUNIT_EXPECT_EQ(test, c->fake->table_pages, c->root_pages);
	KUNIT_EXPECT_EQ(test, axas_as_areas(c), 0UL);
	/* a signal a VMM kicks its threads with does not */
	allow_signal(SIGUSR1);
	send_sig(SIGUSR1, current, 0);
	ret = axas_space_map_alloc(c->as, axas_gpa(BASE), 4 * SZ2M, RW, true);
	flush_signals(current);
	disallow_signal(SIGUSR1);
	KUNIT_EXPECT_EQ(test, ret, 0);
	KUNIT_EXPECT_EQ(test, c->fake->frames, 2048L);
}

/* Crate defect 6: a second fault on a populated page changes nothing. */
static void axas_as_lazy_fault(struct kunit *test)
{
	struct axas_test_space *c = axas_as_new(test);
	struct axas_translation t;
	struct axas_space_stats st;
	u64 hpa;

	KUNIT_ASSERT_EQ(test, 0, axas_space_map_alloc(c->as, axas_gpa(BASE), SZ2M, R, false));
	KUNIT_EXPECT_EQ(test, c->fake->frames, 0L);
	KUNIT_EXPECT_EQ(test, -ENOENT, axas_space_translate(c->as, axas_gpa(BASE + SZ4K), &t));
	KUNIT_ASSERT_EQ(test, 0, axas_space_handle_fault(c->as, axas_gpa(BASE + SZ4K + 8), R));
	KUNIT_EXPECT_EQ(test, c->fake->frames, 1L);
	hpa = axas_as_hpa(test, c, BASE + SZ4K);
	KUNIT_EXPECT_EQ(test, axas_as_byte(test, c, BASE + SZ4K + 100), 0);
	KUNIT_ASSERT_EQ(test, 0, axas_space_handle_fault(c->as, axas_gpa(BASE + SZ4K), R));
	KUNIT_EXPECT_EQ(test, c->fake->frames, 1L);
	KUNIT_EXPECT_EQ(test, axas_as_hpa(test, c, BASE + SZ4K), hpa);
	axas_space_get_stats(c->as, &st);
	KUNIT_EXPECT_EQ(test, st.faults, 1UL);
	KUNIT_EXPECT_EQ(test, st.frames, 1UL);
	KUNIT_EXPECT_EQ(test, st.areas, 1UL);
	KUNIT_EXPECT_EQ(test, st.mapped_bytes, SZ2M);
	/* an access the area does not allow, and no area at all */
	KUNIT_EXPECT_EQ(test, -EACCES, axas_space_handle_fault(c->as, axas_gpa(BASE), W));
	KUNIT_EXPECT_EQ(test, -EFAULT, axas_space_handle_fault(c->as, axas_gpa(BASE + SZ2M), R));
	KUNIT_EXPECT_EQ(test, -ERANGE, axas_space_handle_fault(c->as, axas_gpa(0), R));
	KUNIT_EXPECT_EQ(test, -EINVAL, axas_space_handle_fault(c->as, axas_gpa(BASE), 0));
	KUNIT_EXPECT_EQ(test, -EINVAL, axas_space_handle_fault(c->as, axas_gpa(BASE), 0x10));
	KUNIT_EXPECT_EQ(test, c->fake->frames, 1L);
}

static void axas_as_unmap_splits_areas(struct kunit *test)
{
	struct axas_test_space *c = axas_as_new(test);
	struct axas_space_stats st;
	struct axas_translation t;

	KUNIT_ASSERT_EQ(test, 0, axas_space_map_alloc(c->as, axas_gpa(BASE), 16 * SZ4K,
						      RW, true));
	KUNIT_ASSERT_EQ(test, 0, axas_space_unmap(c->as, axas_gpa(BASE + 4 * SZ4K), 4 * SZ4K));
	KUNIT_EXPECT_EQ(test, c->fake->frames, 12L);
	axas_space_get_stats(c->as, &st);
	KUNIT_EXPECT_EQ(test, st.areas, 2UL);
	KUNIT_EXPECT_EQ(test, st.mapped_bytes, 12 * SZ4K);
	KUNIT_ASSERT_EQ(test, 0, axas_space_translate(c->as, axas_gpa(BASE + 8 * SZ4K), &t));
	KUNIT_EXPECT_EQ(test, axas_gpa_val(t.area_start), BASE + 8 * SZ4K);
	KUNIT_EXPECT_EQ(test, t.area_size, 8 * SZ4K);
	KUNIT_EXPECT_EQ(test, -ENOENT, axas_space_translate(c->as, axas_gpa(BASE + 4 * SZ4K), &t));
	/* the hole takes a new mapping; holes unmap fine */
	KUNIT_EXPECT_EQ(test, 0, axas_space_map_alloc(c->as, axas_gpa(BASE + 4 * SZ4K),
						      4 * SZ4K, R, false));
	KUNIT_EXPECT_EQ(test, 0, axas_space_unmap(c->as, axas_gpa(BASE + SZ1G), SZ2M));
	KUNIT_EXPECT_EQ(test, 0, axas_space_unmap(c->as, axas_gpa(BASE), SIZE));
	KUNIT_EXPECT_EQ(test, c->fake->frames, 0L);
	KUNIT_EXPECT_EQ(test, c->fake->table_pages, c->root_pages);
	KUNIT_EXPECT_EQ(test, axas_as_areas(c), 0UL);
}

/* The GPA of area @a, or 0 for none (no area starts at 0 here). */
static u64 axas_as_area_at(struct axas_area *a)
{
	return a ? axas_area_start(a) : 0;
}

/*
 * The tree of areas, ordered by GPA: inserted out of order, before and
 * after the last one; the first area overlapping a range, and the next
 * ones, found the same whether the range starts in a gap, in the first
 * area or beyond the last; the last area kept through erases.
 */
static void axas_as_area_order(struct kunit *test)
{
	struct axas_test_space *c = axas_as_new(test);
	static const unsigned int order[] = { 5, 1, 9, 3, 7 };
	struct axas_space *as = c->as;
	struct axas_area *a;
	unsigned int i;

	/* areas of 1 MiB at BASE + k * 4 MiB */
#define AREA(k) (BASE + (u64)(k) * 4 * SZ2M / 2)
	for (i = 0; i < ARRAY_SIZE(order); i++)
		KUNIT_ASSERT_EQ(test, 0, axas_space_map_linear(as, axas_gpa(AREA(order[i])),
							       axas_hpa(0x10000000), SZ2M / 2,
							       R, 0));
	down_read(&as->lock);
	KUNIT_EXPECT_EQ(test, axas_as_area_at(as->last_area), AREA(9));
	/* in the first area, in a gap, inside one, beyond the last */
	a = axas_area_first(as, AREA(1) + SZ4K, AREA(1) + SZ4K);
	KUNIT_EXPECT_EQ(test, axas_as_area_at(a), AREA(1));
	KUNIT_EXPECT_NULL(test, axas_area_first(as, AREA(2), AREA(3) - 1));
	a = axas_area_first(as, AREA(2), AREA(7));
	KUNIT_EXPECT_EQ(test, axas_as_area_at(a), AREA(3));
	a = axas_area_next(a, AREA(2), AREA(7));
	KUNIT_EXPECT_EQ(test, axas_as_area_at(a), AREA(5));
	a = axas_area_next(a, AREA(2), AREA(7));
	KUNIT_EXPECT_EQ(test, axas_as_area_at(a), AREA(7));
	KUNIT_EXPECT_NULL(test, axas_area_next(a, AREA(2), AREA(7)));
	a = axas_area_first(as, AREA(5) + SZ2M / 2 - SZ4K, AREA(8));
	KUNIT_EXPECT_EQ(test, axas_as_area_at(a), AREA(5));
	KUNIT_EXPECT_EQ(test, axas_as_area_at(axas_area_find(as, AREA(9) + SZ4K)), AREA(9));
	KUNIT_EXPECT_NULL(test, axas_area_first(as, AREA(9) + SZ2M / 2, AREA(10)));
	KUNIT_EXPECT_NULL(test, axas_area_first(as, BASE, AREA(1) - 1));
	up_read(&as->lock);

	/* the last one goes: the one before it is the last */
	KUNIT_ASSERT_EQ(test, 0, axas_space_unmap(as, axas_gpa(AREA(9)), SZ2M / 2));
	KUNIT_EXPECT_EQ(test, axas_as_area_at(READ_ONCE(as->last_area)), AREA(7));
	/* cut in two: the upper piece is the last */
	KUNIT_ASSERT_EQ(test, 0, axas_space_unmap(as, axas_gpa(AREA(7) + SZ4K), SZ4K));
	KUNIT_EXPECT_EQ(test, axas_as_area_at(READ_ONCE(as->last_area)), AREA(7) + 2 * SZ4K);
	down_read(&as->lock);
	a = axas_area_first(as, AREA(6), AREA(8));
	KUNIT_EXPECT_EQ(test, axas_as_area_at(a), AREA(7));
	a = axas_area_next(a, AREA(6), AREA(8));
	KUNIT_EXPECT_EQ(test, axas_as_area_at(a), AREA(7) + 2 * SZ4K);
	up_read(&as->lock);
	KUNIT_ASSERT_EQ(test, 0, axas_space_unmap(as, axas_gpa(BASE), SIZE));
	KUNIT_EXPECT_NULL(test, READ_ONCE(as->last_area));
	KUNIT_EXPECT_EQ(test, axas_as_areas(c), 0UL);
	/* the first insert into an empty tree is the last too */
	KUNIT_ASSERT_EQ(test, 0, axas_space_map_linear(as, axas_gpa(AREA(2)),
						       axas_hpa(0x10000000), SZ4K, R, 0));
	KUNIT_EXPECT_EQ(test, axas_as_area_at(READ_ONCE(as->last_area)), AREA(2));
#undef AREA
}

static void axas_as_clear(struct kunit *test)
{
	struct axas_test_space *c = axas_as_new(test);
	struct axas_space_stats st;

	axas_space_map_alloc(c->as, axas_gpa(BASE), 8 * SZ4K, RW, true);
	axas_space_map_alloc(c->as, axas_gpa(BASE + SZ2M), SZ2M, RW, false);
	axas_space_handle_fault(c->as, axas_gpa(BASE + SZ2M), R);
	axas_space_map_linear(c->as, axas_gpa(BASE + SZ1G), axas_hpa(0x40000000), SZ1G, R, 0);
	axas_space_clear(c->as);
	KUNIT_EXPECT_EQ(test, c->fake->frames, 0L);
	KUNIT_EXPECT_EQ(test, c->fake->table_pages, c->root_pages);
	axas_space_get_stats(c->as, &st);
	KUNIT_EXPECT_EQ(test, st.areas, 0UL);
	KUNIT_EXPECT_EQ(test, st.pt.table_pages, (unsigned long)c->root_pages);
	/* and the space is usable again */
	KUNIT_EXPECT_EQ(test, 0, axas_space_map_alloc(c->as, axas_gpa(BASE), SZ4K, R, true));
}

/*
 * Populating or unmapping gigabytes allocates or frees hundreds of
 * thousands of frames: never with the space lock held, so faults and
 * reads of the rest go on meanwhile.
 */
static void axas_as_frames_unlocked(struct kunit *test)
{
	struct axas_test_space *c = axas_as_new(test);

	c->fake->watch = &c->as->lock;
	KUNIT_ASSERT_EQ(test, 0, axas_space_map_alloc(c->as, axas_gpa(BASE), 32 * SZ4K,
						      RW, true));
	KUNIT_EXPECT_EQ(test, c->fake->frames, 32L);
	KUNIT_EXPECT_EQ(test, c->fake->alloc_locked, 0UL);
	/* a populate over an area allocates nothing */
	c->fake->nr_allocs = 0;
	KUNIT_EXPECT_EQ(test, -EEXIST, axas_space_map_alloc(c->as, axas_gpa(BASE + 31 * SZ4K),
							    SZ2M, RW, true));
	KUNIT_EXPECT_EQ(test, c->fake->nr_allocs, 0UL);
	KUNIT_ASSERT_EQ(test, 0, axas_space_unmap(c->as, axas_gpa(BASE + 8 * SZ4K), 8 * SZ4K));
	KUNIT_EXPECT_EQ(test, c->fake->frames, 24L);
	axas_space_clear(c->as);
	KUNIT_EXPECT_EQ(test, c->fake->frames, 0L);
	KUNIT_EXPECT_EQ(test, c->fake->freed_locked, 0UL);
	/* the owner's end frees the same way */
	KUNIT_ASSERT_EQ(test, 0, axas_space_map_alloc(c->as, axas_gpa(BASE), 4 * SZ4K,
						      RW, true));
	axas_space_destroy(c->as);
	c->as = NULL;
	KUNIT_EXPECT_EQ(test, c->fake->frames, 0L);
	KUNIT_EXPECT_EQ(test, c->fake->freed_locked, 0UL);
	c->fake->watch = NULL;
}

static void axas_as_protect(struct kunit *test)
{
	struct axas_test_space *c = axas_as_new(test);
	struct axas_translation t;

	KUNIT_ASSERT_EQ(test, 0, axas_space_map_alloc(c->as, axas_gpa(BASE), 8 * SZ4K,
						      R, false));
	KUNIT_EXPECT_EQ(test, -EACCES, axas_space_handle_fault(c->as, axas_gpa(BASE + SZ4K), W));
	KUNIT_ASSERT_EQ(test, 0, axas_space_protect(c->as, axas_gpa(BASE + SZ4K), SZ4K, RW));
	KUNIT_EXPECT_EQ(test, 0, axas_space_handle_fault(c->as, axas_gpa(BASE + SZ4K), W));
	KUNIT_ASSERT_EQ(test, 0, axas_space_translate(c->as, axas_gpa(BASE + SZ4K), &t));
	KUNIT_EXPECT_EQ(test, t.flags, (u32)RW);
	KUNIT_EXPECT_EQ(test, t.area_size, SZ4K);
	KUNIT_EXPECT_EQ(test, -EACCES,
			axas_space_handle_fault(c->as, axas_gpa(BASE + 2 * SZ4K), W));
	KUNIT_EXPECT_EQ(test, axas_as_areas(c), 3UL);
	KUNIT_EXPECT_EQ(test, -EINVAL, axas_space_protect(c->as, axas_gpa(BASE), SZ4K,
							  AXAS_MAP_DEVICE | AXAS_MAP_UNCACHED));
}

static void axas_as_errors(struct kunit *test)
{
	struct axas_test_space *c = axas_as_new(test);

	KUNIT_EXPECT_EQ(test, -EINVAL, axas_space_map_alloc(c->as, axas_gpa(BASE + 1), SZ4K, R, 0));
	KUNIT_EXPECT_EQ(test, -EINVAL, axas_space_map_alloc(c->as, axas_gpa(BASE), 0, R, 0));
	KUNIT_EXPECT_EQ(test, -EINVAL, axas_space_map_alloc(c->as, axas_gpa(BASE), SZ4K, 0x80, 0));
	KUNIT_EXPECT_EQ(test, -EINVAL, axas_space_map_linear(c->as, axas_gpa(BASE),
							     axas_hpa(0x10), SZ4K, R, 0));
	KUNIT_EXPECT_EQ(test, -EINVAL, axas_space_map_linear(c->as, axas_gpa(BASE),
							     axas_hpa(0), SZ4K, R, 4));
	KUNIT_EXPECT_EQ(test, -ERANGE, axas_space_map_alloc(c->as, axas_gpa(BASE - SZ4K),
							    2 * SZ4K, R, 0));
	KUNIT_EXPECT_EQ(test, -ERANGE, axas_space_map_alloc(c->as, axas_gpa(BASE + SIZE),
							    SZ4K, R, 0));
	KUNIT_EXPECT_EQ(test, -ERANGE, axas_space_unmap(c->as, axas_gpa(BASE + SIZE - SZ4K),
							2 * SZ4K));
	KUNIT_EXPECT_EQ(test, -ERANGE, axas_space_map_linear(c->as, axas_gpa(BASE),
							     axas_hpa(1ULL << 60), SZ4K, R, 0));
	KUNIT_ASSERT_EQ(test, 0, axas_space_map_alloc(c->as, axas_gpa(BASE + SZ2M), SZ2M, R, 0));
	KUNIT_EXPECT_EQ(test, -EEXIST, axas_space_map_alloc(c->as, axas_gpa(BASE + SZ2M - SZ4K),
							    2 * SZ4K, R, 0));
	KUNIT_EXPECT_EQ(test, -EEXIST,
			axas_space_map_linear(c->as, axas_gpa(BASE + 2 * SZ2M - SZ4K),
					      axas_hpa(0), SZ4K, R, 0));
	/* adjacent on both sides */
	KUNIT_EXPECT_EQ(test, 0, axas_space_map_alloc(c->as, axas_gpa(BASE + SZ2M - SZ4K),
						      SZ4K, R, 0));
	KUNIT_EXPECT_EQ(test, 0, axas_space_map_alloc(c->as, axas_gpa(BASE + 2 * SZ2M),
						      SZ4K, R, 0));
	KUNIT_EXPECT_EQ(test, c->fake->frames, 0L);
}

static void axas_as_translate_range(struct kunit *test)
{
	struct axas_test_space *c = axas_as_new(test);
	struct axas_kseg segs[8];
	unsigned int n;
	u8 *p;

	KUNIT_ASSERT_EQ(test, 0, axas_space_map_alloc(c->as, axas_gpa(BASE), 3 * SZ4K, RW, true));
	KUNIT_ASSERT_EQ(test, 0, axas_space_translate_range(c->as, axas_gpa(BASE + 0x800),
							    2 * SZ4K, 0, segs, 8, &n));
	KUNIT_ASSERT_GE(test, n, 1U);
	KUNIT_EXPECT_EQ(test, axas_gpa_val(segs[0].gpa), BASE + 0x800);
	KUNIT_EXPECT_EQ(test, axas_hpa_val(segs[0].hpa), axas_as_hpa(test, c, BASE + 0x800));
	KUNIT_EXPECT_LE(test, segs[0].len, 2 * SZ4K);
	p = segs[0].hva;
	p[0] = 0x42;
	KUNIT_EXPECT_EQ(test, axas_as_byte(test, c, BASE + 0x800), 0x42);
	/* the lengths add up, each segment host-contiguous */
	{
		u64 sum = 0;
		unsigned int i;

		for (i = 0; i < n; i++)
			sum += segs[i].len;
		KUNIT_EXPECT_EQ(test, sum, 2 * SZ4K);
	}
	/* crate defect 8: an unmapped page in the range is an error, not a crash */
	KUNIT_EXPECT_EQ(test, -EFAULT, axas_space_translate_range(c->as, axas_gpa(BASE + SZ4K),
								  3 * SZ4K, 0, segs, 8, &n));
	KUNIT_EXPECT_EQ(test, n, 0U);
	KUNIT_EXPECT_EQ(test, -ERANGE, axas_space_translate_range(c->as,
								  axas_gpa(BASE + SIZE - SZ4K),
								  2 * SZ4K, 0, segs, 8, &n));
	KUNIT_EXPECT_EQ(test, -E2BIG, axas_space_translate_range(c->as, axas_gpa(BASE),
								 3 * SZ4K, 0, segs, 0, &n));
	KUNIT_EXPECT_GE(test, n, 1U);
}

/* The seed's limit (the area size) and the host-contiguous bytes. */
static void axas_as_translate_and_get_limit(struct kunit *test)
{
	struct axas_test_space *c = axas_as_new(test);
	struct axas_translation t;
	struct axas_kseg segs[8];
	unsigned int n, i;

	KUNIT_ASSERT_EQ(test, 0, axas_space_map_alloc(c->as, axas_gpa(BASE), 4 * SZ4K, RW, true));
	KUNIT_ASSERT_EQ(test, 0, axas_space_translate(c->as, axas_gpa(BASE + 0x10), &t));
	KUNIT_EXPECT_EQ(test, t.area_size, 4 * SZ4K);
	KUNIT_EXPECT_EQ(test, axas_gpa_val(t.area_start), BASE);
	/* the contiguous run never passes the frames that really are adjacent */
	KUNIT_ASSERT_EQ(test, 0, axas_space_translate_range(c->as, axas_gpa(BASE),
							    4 * SZ4K, 0, segs, 8, &n));
	KUNIT_EXPECT_EQ(test, t.contig, segs[0].len - 0x10);
	for (i = 1; i < n; i++)
		KUNIT_EXPECT_NE(test, axas_hpa_val(segs[i].hpa),
				axas_hpa_val(segs[i - 1].hpa) + segs[i - 1].len);
}

/* ---- the accessor -------------------------------------------------- */

struct axas_as_obj {
	u64 a;
	u32 b;
	u16 c;
	u8 d[10];
};

static void axas_as_accessor_round_trip(struct kunit *test)
{
	struct axas_test_space *c = axas_as_new(test);
	struct axas_as_obj in = { 0x1122334455667788ULL, 0xdeadbeef, 0x4242, "axas" }, out;
	u8 *buf = kunit_kzalloc(test, 3 * SZ4K, GFP_KERNEL);
	u8 *back = kunit_kzalloc(test, 3 * SZ4K, GFP_KERNEL);
	u64 v;
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_NOT_NULL(test, back);
	KUNIT_ASSERT_EQ(test, 0, axas_space_map_alloc(c->as, axas_gpa(BASE), 4 * SZ4K, RW, true));
	KUNIT_ASSERT_EQ(test, 0, axas_write_obj(c->as, axas_gpa(BASE + SZ4K - 10), &in));
	KUNIT_ASSERT_EQ(test, 0, axas_read_obj(c->as, axas_gpa(BASE + SZ4K - 10), &out));
	KUNIT_EXPECT_EQ(test, memcmp(&in, &out, sizeof(in)), 0);
	/* a copy across three frames */
	for (i = 0; i < 3 * SZ4K; i++)
		buf[i] = i * 7;
	KUNIT_ASSERT_EQ(test, 0, axas_write_buffer(c->as, axas_gpa(BASE + 100), buf, 3 * SZ4K));
	KUNIT_ASSERT_EQ(test, 0, axas_read_buffer(c->as, axas_gpa(BASE + 100), back, 3 * SZ4K));
	KUNIT_EXPECT_EQ(test, memcmp(buf, back, 3 * SZ4K), 0);
	/* up to the last byte of the area, and empty copies */
	KUNIT_EXPECT_EQ(test, 0, axas_read_buffer(c->as, axas_gpa(BASE + 4 * SZ4K - 1), back, 1));
	KUNIT_EXPECT_EQ(test, 0, axas_read_buffer(c->as, axas_gpa(BASE + 4 * SZ4K), back, 0));
	/* one byte past the area: an error, and nothing written */
	memset(back, 0x33, 3 * SZ4K);
	KUNIT_EXPECT_EQ(test, -EFAULT, axas_write_buffer(c->as, axas_gpa(BASE + 4 * SZ4K - 8),
							 back, 9));
	KUNIT_ASSERT_EQ(test, 0, axas_read_volatile(c->as, axas_gpa(BASE + 4 * SZ4K - 8), 8, &v));
	KUNIT_EXPECT_EQ(test, v, 0ULL);
	KUNIT_EXPECT_EQ(test, -ERANGE, axas_read_buffer(c->as, axas_gpa(BASE - 1), back, 2));
	/* volatile accesses: exact widths, aligned */
	KUNIT_ASSERT_EQ(test, 0, axas_write_volatile(c->as, axas_gpa(BASE + 8), 8,
						     0x0102030405060708ULL));
	KUNIT_ASSERT_EQ(test, 0, axas_write_volatile(c->as, axas_gpa(BASE + 8), 2, 0xffffaaaa));
	KUNIT_ASSERT_EQ(test, 0, axas_read_volatile(c->as, axas_gpa(BASE + 8), 8, &v));
	KUNIT_EXPECT_EQ(test, v, 0x010203040506aaaaULL);
	KUNIT_ASSERT_EQ(test, 0, axas_read_volatile(c->as, axas_gpa(BASE + 12), 4, &v));
	KUNIT_EXPECT_EQ(test, v, 0x01020304ULL);
	KUNIT_ASSERT_EQ(test, 0, axas_read_volatile(c->as, axas_gpa(BASE + 15), 1, &v));
	KUNIT_EXPECT_EQ(test, v, 0x01ULL);
	KUNIT_EXPECT_EQ(test, -EINVAL, axas_read_volatile(c->as, axas_gpa(BASE + 8), 3, &v));
	KUNIT_EXPECT_EQ(test, -EINVAL, axas_read_volatile(c->as, axas_gpa(BASE + 4), 8, &v));
	KUNIT_EXPECT_EQ(test, -EFAULT, axas_read_volatile(c->as, axas_gpa(BASE + SZ2M), 4, &v));
}

static void axas_as_accessor_isolated(struct kunit *test)
{
	const struct axas_test_fmt *p = axas_test_fmt(test);
	struct axas_test_space *c = axas_as_new(test);
	struct axas_space *other;
	u64 v = 0x77;

	KUNIT_ASSERT_EQ(test, 0, axas_space_create(p->id, p->gpa_bits, axas_gpa(BASE), SIZE,
						   &axas_fake_hal_ops, c->fake, &other));
	KUNIT_ASSERT_EQ(test, 0, axas_space_map_alloc(c->as, axas_gpa(BASE), SZ4K, RW, true));
	KUNIT_ASSERT_EQ(test, 0, axas_space_map_alloc(other, axas_gpa(BASE), SZ4K, RW, true));
	KUNIT_ASSERT_EQ(test, 0, axas_write_volatile(c->as, axas_gpa(BASE), 8, 0x1234));
	KUNIT_ASSERT_EQ(test, 0, axas_read_volatile(other, axas_gpa(BASE), 8, &v));
	KUNIT_EXPECT_EQ(test, v, 0ULL);
	axas_space_destroy(other);
	KUNIT_EXPECT_EQ(test, c->fake->frames, 1L);
}

/* MMIO passthrough has no kernel mapping: refused, not dereferenced. */
static void axas_as_accessor_linear_refused(struct kunit *test)
{
	struct axas_test_space *c = axas_as_new(test);
	u64 v;

	KUNIT_ASSERT_EQ(test, 0, axas_space_map_linear(c->as, axas_gpa(BASE),
						       axas_hpa(0xfe000000), SZ4K,
						       RW | AXAS_MAP_DEVICE, 0));
	KUNIT_EXPECT_EQ(test, -EOPNOTSUPP, axas_read_volatile(c->as, axas_gpa(BASE), 4, &v));
	KUNIT_EXPECT_EQ(test, -EOPNOTSUPP, axas_read_buffer(c->as, axas_gpa(BASE), &v, 4));
}

/* ---- the nine defects of the Rust crate ----------------------------- */

static void regression_1_partial_huge_unmap(struct kunit *test)
{
	struct axas_test_space *c = axas_as_new(test);
	unsigned int top = min(2U, c->as->pt.fmt.top_level);
	struct axas_translation t;

	KUNIT_ASSERT_EQ(test, 0, axas_space_map_linear(c->as, axas_gpa(BASE),
						       axas_hpa(0x80000000), SZ1G, RW, 0));
	KUNIT_ASSERT_EQ(test, 0, axas_space_translate(c->as, axas_gpa(BASE), &t));
	KUNIT_EXPECT_EQ(test, t.level, top);
	KUNIT_ASSERT_EQ(test, 0, axas_space_unmap(c->as, axas_gpa(BASE + SZ4K), SZ4K));
	KUNIT_EXPECT_EQ(test, axas_as_hpa(test, c, BASE), 0x80000000ULL);
	KUNIT_EXPECT_EQ(test, axas_as_hpa(test, c, BASE + 2 * SZ4K), 0x80002000ULL);
	KUNIT_EXPECT_EQ(test, axas_as_hpa(test, c, BASE + SZ1G - 1), 0xbfffffffULL);
	KUNIT_EXPECT_EQ(test, -ENOENT, axas_space_translate(c->as, axas_gpa(BASE + SZ4K), &t));
	/* the second piece of the area starts where its HPA does */
	KUNIT_ASSERT_EQ(test, 0, axas_space_translate(c->as, axas_gpa(BASE + 2 * SZ4K), &t));
	KUNIT_EXPECT_EQ(test, t.area_size, SZ1G - 2 * SZ4K);
	KUNIT_EXPECT_EQ(test, t.contig, SZ1G - 2 * SZ4K);
	KUNIT_ASSERT_EQ(test, 0, axas_space_unmap(c->as, axas_gpa(BASE), SZ1G));
	KUNIT_EXPECT_EQ(test, c->fake->table_pages, c->root_pages);
}

static void regression_2_no_access_linear(struct kunit *test)
{
	struct axas_test_space *c = axas_as_new(test);
	struct axas_translation t;

	KUNIT_ASSERT_EQ(test, 0, axas_space_map_linear(c->as, axas_gpa(BASE),
						       axas_hpa(0x90000000), SZ2M + SZ4K, 0, 0));
	KUNIT_ASSERT_EQ(test, 0, axas_space_translate(c->as, axas_gpa(BASE + SZ2M), &t));
	KUNIT_EXPECT_EQ(test, t.flags, 0U);
	KUNIT_EXPECT_EQ(test, -EACCES, axas_space_handle_fault(c->as, axas_gpa(BASE), R));
	KUNIT_EXPECT_EQ(test, 0, axas_space_unmap(c->as, axas_gpa(BASE + SZ4K), SZ4K));
	axas_space_clear(c->as);
	KUNIT_EXPECT_EQ(test, c->fake->table_pages, c->root_pages);
}

static void regression_3_tables_freed(struct kunit *test)
{
	struct axas_test_space *c = axas_as_new(test);
	struct axas_translation t;

	KUNIT_ASSERT_EQ(test, 0, axas_space_map_alloc(c->as, axas_gpa(BASE), SZ4K, RW, true));
	KUNIT_ASSERT_EQ(test, 0, axas_space_unmap(c->as, axas_gpa(BASE), SZ4K));
	KUNIT_EXPECT_EQ(test, c->fake->table_pages, c->root_pages);
	KUNIT_ASSERT_EQ(test, 0, axas_space_map_linear(c->as, axas_gpa(BASE),
						       axas_hpa(0x80000000), SZ1G, RW, 0));
	KUNIT_ASSERT_EQ(test, 0, axas_space_translate(c->as, axas_gpa(BASE), &t));
	KUNIT_EXPECT_EQ(test, t.level, min(2U, c->as->pt.fmt.top_level));
}

static void regression_4_hpa_above_gpa(struct kunit *test)
{
	struct axas_test_space *c = axas_as_new(test);
	u64 hpa = 0xfff00000000ULL;	/* far above every GPA of the space */

	KUNIT_ASSERT_EQ(test, 0, axas_space_map_linear(c->as, axas_gpa(BASE + SZ2M),
						       axas_hpa(hpa), 2 * SZ2M, R, 0));
	KUNIT_EXPECT_EQ(test, axas_as_hpa(test, c, BASE + SZ2M + 0x1234), hpa + 0x1234);
	KUNIT_EXPECT_EQ(test, axas_as_hpa(test, c, BASE + 3 * SZ2M - 1), hpa + 2 * SZ2M - 1);
	KUNIT_ASSERT_EQ(test, 0, axas_space_unmap(c->as, axas_gpa(BASE + SZ2M), SZ4K));
	KUNIT_EXPECT_EQ(test, axas_as_hpa(test, c, BASE + SZ2M + SZ4K), hpa + SZ4K);
}

static void regression_5_beyond_width(struct kunit *test)
{
	const struct axas_test_fmt *p = axas_test_fmt(test);
	struct axas_fake_hal *f = axas_fake_hal_create(test);
	struct axas_translation t;
	struct axas_space *as;
	u64 limit;

	KUNIT_ASSERT_EQ(test, 0, axas_space_create(p->id, p->gpa_bits, axas_gpa(0), SZ4K,
						   &axas_fake_hal_ops, f, &as));
	limit = axas_fmt_gpa_limit(&as->pt.fmt);
	axas_space_destroy(as);
	/* a space can never reach past the format's width ... */
	KUNIT_EXPECT_EQ(test, -ERANGE, axas_space_create(p->id, p->gpa_bits, axas_gpa(limit),
							 SZ4K, &axas_fake_hal_ops, f, &as));
	/* ... so an address that would alias page 0 is outside every space */
	KUNIT_ASSERT_EQ(test, 0, axas_space_create(p->id, p->gpa_bits, axas_gpa(0), 2 * SZ4K,
						   &axas_fake_hal_ops, f, &as));
	KUNIT_EXPECT_EQ(test, -ERANGE, axas_space_map_alloc(as, axas_gpa(limit), SZ4K, R, true));
	KUNIT_EXPECT_EQ(test, -ERANGE, axas_space_translate(as, axas_gpa(limit), &t));
	KUNIT_EXPECT_EQ(test, -ENOENT, axas_space_translate(as, axas_gpa(0), &t));
	axas_space_destroy(as);
}

static void regression_6_double_fault(struct kunit *test)
{
	struct axas_test_space *c = axas_as_new(test);
	int i;

	KUNIT_ASSERT_EQ(test, 0, axas_space_map_alloc(c->as, axas_gpa(BASE), SZ4K, RW, false));
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_EQ(test, 0, axas_space_handle_fault(c->as, axas_gpa(BASE + 8 * i), W));
	KUNIT_EXPECT_EQ(test, c->fake->frames, 1L);
	KUNIT_ASSERT_EQ(test, 0,
			axas_space_map_alloc(c->as, axas_gpa(BASE + SZ4K), SZ4K, RW, true));
	KUNIT_EXPECT_EQ(test, 0, axas_space_handle_fault(c->as, axas_gpa(BASE + SZ4K), R));
	KUNIT_EXPECT_EQ(test, c->fake->frames, 2L);
}

static void regression_7_zeroed_frames(struct kunit *test)
{
	struct axas_test_space *c = axas_as_new(test);
	u64 v = 1;

	/* frames that held data go back and come again zeroed */
	KUNIT_ASSERT_EQ(test, 0, axas_space_map_alloc(c->as, axas_gpa(BASE), SZ4K, RW, false));
	KUNIT_ASSERT_EQ(test, 0, axas_space_handle_fault(c->as, axas_gpa(BASE), W));
	KUNIT_ASSERT_EQ(test, 0, axas_write_volatile(c->as, axas_gpa(BASE + 64), 8, ~0ULL));
	KUNIT_ASSERT_EQ(test, 0, axas_space_unmap(c->as, axas_gpa(BASE), SZ4K));
	KUNIT_ASSERT_EQ(test, 0, axas_space_map_alloc(c->as, axas_gpa(BASE), SZ4K, RW, true));
	KUNIT_ASSERT_EQ(test, 0, axas_read_volatile(c->as, axas_gpa(BASE + 64), 8, &v));
	KUNIT_EXPECT_EQ(test, v, 0ULL);
}

static void regression_8_byte_buffer_and_limit(struct kunit *test)
{
	struct axas_test_space *c = axas_as_new(test);
	struct axas_translation t;
	struct axas_kseg segs[4];
	unsigned int n;
	u8 buf[64];

	KUNIT_ASSERT_EQ(test, 0, axas_space_map_alloc(c->as, axas_gpa(BASE), 2 * SZ4K, RW, false));
	KUNIT_ASSERT_EQ(test, 0, axas_space_handle_fault(c->as, axas_gpa(BASE), W));
	/* the second page is still lazy */
	KUNIT_EXPECT_EQ(test, -EFAULT, axas_space_translate_range(c->as, axas_gpa(BASE),
								  2 * SZ4K, 0, segs, 4, &n));
	KUNIT_EXPECT_EQ(test, -EFAULT, axas_read_buffer(c->as, axas_gpa(BASE + SZ4K - 32),
							buf, sizeof(buf)));
	/* the contiguous run stops at the frame: the area size is no limit */
	KUNIT_ASSERT_EQ(test, 0, axas_space_translate(c->as, axas_gpa(BASE + 16), &t));
	KUNIT_EXPECT_EQ(test, t.area_size, 2 * SZ4K);
	KUNIT_EXPECT_EQ(test, t.contig, SZ4K - 16);
}

static void regression_9_failed_map_leaves_nothing(struct kunit *test)
{
	struct axas_test_space *c = axas_as_new(test);
	unsigned long n, allocs;

	/* count the allocations a populated map makes, then fail each in turn */
	axas_fake_hal_reset_count(c->fake, 0);
	KUNIT_ASSERT_EQ(test, 0, axas_space_map_alloc(c->as, axas_gpa(BASE + SZ2M - 2 * SZ4K),
						      4 * SZ4K, RW, true));
	allocs = c->fake->nr_allocs;
	KUNIT_EXPECT_GE(test, allocs, 4UL + c->as->pt.fmt.top_level);
	KUNIT_ASSERT_EQ(test, 0, axas_space_unmap(c->as, axas_gpa(BASE), SIZE));
	for (n = 1; n <= allocs; n++) {
		axas_fake_hal_reset_count(c->fake, n);
		KUNIT_EXPECT_EQ(test, -ENOMEM,
				axas_space_map_alloc(c->as, axas_gpa(BASE + SZ2M - 2 * SZ4K),
						     4 * SZ4K, RW, true));
		KUNIT_EXPECT_EQ(test, c->fake->frames, 0L);
		KUNIT_EXPECT_EQ(test, c->fake->table_pages, c->root_pages);
		KUNIT_EXPECT_EQ(test, axas_as_areas(c), 0UL);
	}
	axas_fake_hal_reset_count(c->fake, 0);
	KUNIT_EXPECT_EQ(test, 0, axas_space_map_alloc(c->as, axas_gpa(BASE + SZ2M - 2 * SZ4K),
						      4 * SZ4K, RW, true));
	/* a linear map whose tables cannot be had leaves no area either */
	axas_fake_hal_reset_count(c->fake, 1);
	KUNIT_EXPECT_EQ(test, -ENOMEM, axas_space_map_linear(c->as, axas_gpa(BASE + SZ1G),
							     axas_hpa(0), SZ4K, R, 0));
	KUNIT_EXPECT_EQ(test, axas_as_areas(c), 1UL);
	axas_fake_hal_reset_count(c->fake, 0);
}

/* ---- concurrency ------------------------------------------------------ */

#define AXAS_AS_THREADS 3
#define AXAS_AS_LAZY (BASE)		/* 2 MiB lazy area the readers use */
#define AXAS_AS_CHURN (BASE + SZ1G)	/* where the writer maps and unmaps */

struct axas_as_race;

struct axas_as_reader_arg {
	struct axas_as_race *r;
	unsigned int id;
};

struct axas_as_race {
	struct axas_space *as;
	atomic_t stop;
	atomic_t errors;
	struct completion done[AXAS_AS_THREADS + 1];
	struct axas_as_reader_arg arg[AXAS_AS_THREADS];
};

static int axas_as_reader(void *data)
{
	struct axas_as_reader_arg *arg = data;
	struct axas_as_race *r = arg->r;
	unsigned int id = arg->id;
	struct rnd_state rnd;
	u8 buf[256];

	prandom_seed_state(&rnd, id);
	while (!atomic_read(&r->stop)) {
		u64 gpa = AXAS_AS_LAZY + (prandom_u32_state(&rnd) % 512) * SZ4K;
		struct axas_translation t;
		int ret;

		ret = axas_space_handle_fault(r->as, axas_gpa(gpa), R);
		if (ret)
			atomic_inc(&r->errors);
		if (axas_space_translate(r->as, axas_gpa(gpa), &t))
			atomic_inc(&r->errors);
		if (axas_read_buffer(r->as, axas_gpa(gpa + SZ4K - 128), buf, sizeof(buf)) &&
		    !axas_space_handle_fault(r->as, axas_gpa(gpa + SZ4K), R) &&
		    axas_read_buffer(r->as, axas_gpa(gpa + SZ4K - 128), buf, sizeof(buf)))
			atomic_inc(&r->errors);
		/* the churn area: any answer is fine, a crash is not */
		axas_space_translate(r->as, axas_gpa(AXAS_AS_CHURN + (gpa & (SZ2M - 1))), &t);
		cond_resched();
	}
	complete(&r->done[id]);
	return 0;
}

/* 24 rounds of churn (fewer by scale_pct), while the readers fault */
static int axas_as_writer(void *data)
{
	struct axas_as_race *r = data;
	unsigned int i, n = axas_kunit_iterations(24);

	for (i = 0; i < n && !atomic_read(&r->stop); i++) {
		axas_space_map_alloc(r->as, axas_gpa(AXAS_AS_CHURN), SZ2M, RW, !(i & 3));
		axas_space_protect(r->as, axas_gpa(AXAS_AS_CHURN + SZ4K), SZ4K, R);
		axas_space_map_linear(r->as, axas_gpa(AXAS_AS_CHURN + SZ2M),
				      axas_hpa(0x80200000), SZ2M, R, 0);
		axas_space_unmap(r->as, axas_gpa(AXAS_AS_CHURN + SZ4K), SZ2M);
		axas_space_unmap(r->as, axas_gpa(AXAS_AS_CHURN), 2 * SZ2M);
		cond_resched();
	}
	atomic_set(&r->stop, 1);
	complete(&r->done[AXAS_AS_THREADS]);
	return 0;
}

static void axas_as_concurrency(struct kunit *test)
{
	struct axas_test_space *c = axas_as_new(test);
	struct axas_as_race *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	struct axas_space_stats st;
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, r);
	r->as = c->as;
	KUNIT_ASSERT_EQ(test, 0, axas_space_map_alloc(c->as, axas_gpa(AXAS_AS_LAZY), SZ2M + SZ4K,
						      RW, false));
	for (i = 0; i <= AXAS_AS_THREADS; i++)
		init_completion(&r->done[i]);
	for (i = 0; i < AXAS_AS_THREADS; i++) {
		r->arg[i].r = r;
		r->arg[i].id = i;
		KUNIT_ASSERT_FALSE(test, IS_ERR(kthread_run(axas_as_reader, &r->arg[i],
							    "axas-rd%u", i)));
	}
	KUNIT_ASSERT_FALSE(test, IS_ERR(kthread_run(axas_as_writer, r, "axas-wr")));
	for (i = 0; i <= AXAS_AS_THREADS; i++)
		wait_for_completion(&r->done[i]);

	KUNIT_EXPECT_EQ(test, atomic_read(&r->errors), 0);
	axas_space_get_stats(c->as, &st);
	/* each lazy page faulted in got exactly one frame */
	KUNIT_EXPECT_EQ(test, (unsigned long)c->fake->frames, st.pt.leaves[0]);
	KUNIT_EXPECT_EQ(test, st.faults, st.pt.leaves[0]);
	KUNIT_EXPECT_LE(test, c->fake->frames, 513L);
	axas_space_destroy(c->as);
	c->as = NULL;
	KUNIT_EXPECT_EQ(test, c->fake->frames, 0L);
	KUNIT_EXPECT_EQ(test, c->fake->table_pages, 0L);
}

/* ---- lockless translation --------------------------------------------- */

#define AXAS_LL_GPA (BASE + SZ1G)	/* the writer's 4 MiB window */
#define AXAS_LL_HOLE (AXAS_LL_GPA + SZ1M)	/* one page cut out of state A */
#define AXAS_LL_HPA_A 0x80000000ULL	/* state A: 4 MiB, R, huge leaves */
#define AXAS_LL_HPA_B 0x90000000ULL	/* state B: 2 MiB, RW, 4 KiB leaves */

struct axas_ll_race {
	struct axas_space *as;
	atomic_t stop;
	atomic_t errors;
	struct completion done;
};

/*
 * One answer of a translation racing with the writer: nothing, or exactly
 * one of the states the writer goes through, every field of it together
 * (a torn answer mixes two).
 */
static bool axas_ll_answer_ok(u64 gpa, int ret, const struct axas_translation *t)
{
	u64 off = gpa - AXAS_LL_GPA, start = axas_gpa_val(t->area_start);
	u64 end = start + t->area_size;

	if (ret)
		return ret == -ENOENT;
	if (t->kind != AXAS_BACKEND_LINEAR || t->contig != end - gpa ||
	    gpa < start || gpa >= end)
		return false;
	if (axas_hpa_val(t->hpa) == AXAS_LL_HPA_B + off)
		return t->flags == RW && t->leaf_size == SZ4K &&
		       start == AXAS_LL_GPA && t->area_size == SZ2M;
	if (axas_hpa_val(t->hpa) != AXAS_LL_HPA_A + off || t->flags != R)
		return false;
	/* A whole, or A with the hole: [GPA, HOLE) and [HOLE + 4K, GPA + 4M) */
	if (start == AXAS_LL_GPA && t->area_size == 4 * SZ1M)
		return t->leaf_size == SZ2M;
	if (start == AXAS_LL_GPA && end == AXAS_LL_HOLE)
		return t->leaf_size == SZ4K || t->leaf_size == SZ2M;
	return start == AXAS_LL_HOLE + SZ4K && end == AXAS_LL_GPA + 4 * SZ1M &&
	       (t->leaf_size == SZ4K || t->leaf_size == SZ2M);
}

static int axas_ll_reader(void *data)
{
	struct axas_ll_race *r = data;
	struct rnd_state rnd;

	prandom_seed_state(&rnd, 13);
	while (!atomic_read(&r->stop)) {
		u64 gpa = AXAS_LL_GPA + (prandom_u32_state(&rnd) % 1024) * SZ4K;
		struct axas_translation t = {};
		int ret = axas_space_translate(r->as, axas_gpa(gpa), &t);

		if (!axas_ll_answer_ok(gpa, ret, &t))
			atomic_inc(&r->errors);
		cond_resched();
	}
	complete(&r->done);
	return 0;
}

/*
 * Translations without the space lock, while a writer maps, splits (an
 * area and a huge leaf), unmaps and maps again other leaves at the same
 * addresses: every answer is exact, and KASAN sees no freed area or table
 * being read.
 */
static void axas_as_lockless_translate(struct kunit *test)
{
	struct axas_test_space *c = axas_as_new(test);
	struct axas_ll_race *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	struct axas_translation t;
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, r);
	r->as = c->as;
	init_completion(&r->done);
	KUNIT_ASSERT_FALSE(test, IS_ERR(kthread_run(axas_ll_reader, r, "axas-ll")));
	for (i = 0; i < 32; i++) {
		KUNIT_EXPECT_EQ(test, 0, axas_space_map_linear(c->as, axas_gpa(AXAS_LL_GPA),
							       axas_hpa(AXAS_LL_HPA_A),
							       4 * SZ1M, R, 0));
		cond_resched();
		KUNIT_EXPECT_EQ(test, 0, axas_space_unmap(c->as, axas_gpa(AXAS_LL_HOLE), SZ4K));
		cond_resched();
		KUNIT_EXPECT_EQ(test, 0, axas_space_unmap(c->as, axas_gpa(AXAS_LL_GPA),
							  4 * SZ1M));
		KUNIT_EXPECT_EQ(test, 0, axas_space_map_linear(c->as, axas_gpa(AXAS_LL_GPA),
							       axas_hpa(AXAS_LL_HPA_B), SZ2M,
							       RW, AXAS_SPACE_NOHUGE));
		cond_resched();
		KUNIT_EXPECT_EQ(test, 0, axas_space_unmap(c->as, axas_gpa(AXAS_LL_GPA), SZ2M));
	}
	atomic_set(&r->stop, 1);
	wait_for_completion(&r->done);
	KUNIT_EXPECT_EQ(test, atomic_read(&r->errors), 0);
	/* and the checker itself: a good answer passes, torn ones do not */
	KUNIT_ASSERT_EQ(test, 0, axas_space_map_linear(c->as, axas_gpa(AXAS_LL_GPA),
						       axas_hpa(AXAS_LL_HPA_B), SZ2M, RW,
						       AXAS_SPACE_NOHUGE));
	KUNIT_ASSERT_EQ(test, 0, axas_space_translate(c->as, axas_gpa(AXAS_LL_GPA + SZ4K), &t));
	KUNIT_EXPECT_TRUE(test, axas_ll_answer_ok(AXAS_LL_GPA + SZ4K, 0, &t));
	t.flags = R;
	KUNIT_EXPECT_FALSE(test, axas_ll_answer_ok(AXAS_LL_GPA + SZ4K, 0, &t));
	t.flags = RW;
	t.area_size = 4 * SZ1M;
	KUNIT_EXPECT_FALSE(test, axas_ll_answer_ok(AXAS_LL_GPA + SZ4K, 0, &t));
	KUNIT_EXPECT_FALSE(test, axas_ll_answer_ok(AXAS_LL_GPA, -EFAULT, &t));
	axas_space_destroy(c->as);
	c->as = NULL;
	KUNIT_EXPECT_EQ(test, c->fake->table_pages, 0L);
}

AXAS_KUNIT_SUITE(axas_addrspace,
		 KUNIT_CASE_PARAM(axas_as_create_destroy, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM(axas_as_create_errors, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM(axas_as_contains_range, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM(axas_as_map_linear_translate, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM(axas_as_populate_zeroed, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM(axas_as_populate_interrupted, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM(axas_as_lazy_fault, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM(axas_as_unmap_splits_areas, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM(axas_as_area_order, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM(axas_as_clear, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM(axas_as_frames_unlocked, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM(axas_as_protect, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM(axas_as_errors, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM(axas_as_translate_range, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM(axas_as_translate_and_get_limit, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM(axas_as_accessor_round_trip, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM(axas_as_accessor_isolated, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM(axas_as_accessor_linear_refused, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM(regression_1_partial_huge_unmap, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM(regression_2_no_access_linear, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM(regression_3_tables_freed, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM(regression_4_hpa_above_gpa, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM(regression_5_beyond_width, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM(regression_6_double_fault, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM(regression_7_zeroed_frames, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM(regression_8_byte_buffer_and_limit, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM(regression_9_failed_map_leaves_nothing, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM_ATTR(axas_as_concurrency,
				       axas_test_fmt_gen_params,
				       { .speed = KUNIT_SPEED_SLOW }),
		 KUNIT_CASE_PARAM_ATTR(axas_as_lockless_translate,
				       axas_test_fmt_gen_params,
				       { .speed = KUNIT_SPEED_SLOW }));
