// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of dirty logging: the engine's harvest of hardware dirty
 * bits and its write-protect visitor per format, and the space's log:
 * module writes log exactly the pages they wrote, splits keep the log,
 * unmap forgets it, the write-protect tracker of the formats without
 * hardware dirty bits, get-and-clear and clear flushed through the
 * consumers.
 */
#include <kunit/test.h>
#include <linux/bitmap.h>
#include "walk.h"
#include "formats.h"
#include "space_ctx.h"
#include "suite.h"

#define R AXAS_MAP_READ
#define W AXAS_MAP_WRITE
#define RW (R | W)
#define SZ4K AXAS_PAGE_SIZE
#define SZ2M AXAS_SZ_2M
#define WIN 0x40000000ULL
#define BASE 0x40000000ULL
#define SIZE (2 * AXAS_SZ_1G)
#define NPAGES 16

struct axas_dt_pt {
	struct axas_fake_hal *fake;
	struct axas_pt pt;
};

static void axas_dt_pt_destroy(void *data)
{
	struct axas_dt_pt *c = data;

	axas_pt_destroy(&c->pt, NULL, NULL);
}

static struct axas_dt_pt *axas_dt_pt_new(struct kunit *test)
{
	const struct axas_test_fmt *p = axas_test_fmt(test);
	struct axas_dt_pt *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, c);
	c->fake = axas_fake_hal_create(test);
	KUNIT_ASSERT_EQ(test, 0, axas_pt_init(&c->pt, p->id, p->gpa_bits,
					      &c->fake->hal));
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test,
							   axas_dt_pt_destroy, c));
	return c;
}

/* What a CPU does on a store: set the dirty bit of the leaf at a GPA. */
static int axas_dt_set_dirty_visit(struct axas_walk_ctx *ctx)
{
	ctx->next = AXAS_WALK_SKIP;
	if (ctx->info.type == AXAS_PTE_LEAF)
		WRITE_ONCE(*ctx->ptep, ctx->old | ctx->pt->fmt.dirty_mask);
	return 0;
}

static void axas_dt_cpu_store(struct axas_pt *pt, u64 gpa)
{
	struct axas_walker w = {
		.cb = axas_dt_set_dirty_visit, .flags = AXAS_VISIT_LEAF,
	};

	axas_pt_walk_range(pt, gpa, gpa + 1, &w);
}

/* The harvest callback: a bitmap of pages from WIN. */
static int axas_dt_collect(void *arg, const struct axas_pt_visit *v)
{
	unsigned long *bits = arg;

	__set_bit((axas_gpa_val(v->gpa) - WIN) >> AXAS_PAGE_SHIFT, bits);
	return 0;
}

static u32 axas_dt_flags(struct kunit *test, struct axas_pt *pt, u64 gpa)
{
	struct axas_pt_entry e;

	KUNIT_EXPECT_EQ(test, 0, axas_pt_query(pt, axas_gpa(gpa), &e));
	return e.flags;
}

/* Test, test again (nothing changed), test and clear (gathered), none left. */
static void axas_dt_pt_harvest(struct kunit *test)
{
	struct axas_dt_pt *c = axas_dt_pt_new(test);
	DECLARE_BITMAP(bits, NPAGES);
	struct axas_pt_gather g;

	KUNIT_ASSERT_EQ(test, 0, axas_pt_map(&c->pt, axas_gpa(WIN), axas_hpa(0x100000),
					     NPAGES * SZ4K, RW, AXAS_PT_NOHUGE));
	/* what the encoder presets (RISC-V D) goes first */
	axas_pt_test_clear_dirty(&c->pt, axas_gpa(WIN), NPAGES * SZ4K, true,
				 NULL, NULL, NULL);
	axas_dt_cpu_store(&c->pt, WIN + 1 * SZ4K);
	axas_dt_cpu_store(&c->pt, WIN + 9 * SZ4K);
	bitmap_zero(bits, NPAGES);
	KUNIT_EXPECT_EQ(test, 0, axas_pt_test_clear_dirty(&c->pt, axas_gpa(WIN),
							  NPAGES * SZ4K, false, NULL,
							  axas_dt_collect, bits));
	if (!c->pt.fmt.dirty_mask) {
		/* arm64 stage 2: no dirty bit, nothing to report */
		KUNIT_EXPECT_TRUE(test, bitmap_empty(bits, NPAGES));
		KUNIT_EXPECT_FALSE(test, c->pt.fmt.hw_dirty);
		return;
	}
	KUNIT_EXPECT_EQ(test, bitmap_weight(bits, NPAGES), 2);
	KUNIT_EXPECT_TRUE(test, test_bit(1, bits) && test_bit(9, bits));
	/* a test without clear changed nothing */
	bitmap_zero(bits, NPAGES);
	axas_pt_test_clear_dirty(&c->pt, axas_gpa(WIN), NPAGES * SZ4K, false,
				 NULL, axas_dt_collect, bits);
	KUNIT_EXPECT_EQ(test, bitmap_weight(bits, NPAGES), 2);
	/* test and clear: reported once, and the range gathered for a flush */
	axas_pt_gather_init(&g, NULL, NULL);
	bitmap_zero(bits, NPAGES);
	axas_pt_test_clear_dirty(&c->pt, axas_gpa(WIN), NPAGES * SZ4K, true,
				 &g, axas_dt_collect, bits);
	KUNIT_EXPECT_EQ(test, bitmap_weight(bits, NPAGES), 2);
	KUNIT_EXPECT_EQ(test, g.start, WIN + SZ4K);
	KUNIT_EXPECT_EQ(test, g.end, WIN + 10 * SZ4K);
	bitmap_zero(bits, NPAGES);
	axas_pt_test_clear_dirty(&c->pt, axas_gpa(WIN), NPAGES * SZ4K, false,
				 NULL, axas_dt_collect, bits);
	KUNIT_EXPECT_TRUE(test, bitmap_empty(bits, NPAGES));
	/* the flags are untouched */
	KUNIT_EXPECT_EQ(test, axas_dt_flags(test, &c->pt, WIN + SZ4K), RW);
	KUNIT_EXPECT_EQ(test, -EINVAL,
			axas_pt_test_clear_dirty(&c->pt, axas_gpa(WIN + 1), SZ4K,
						 false, NULL, NULL, NULL));
}

/* Write-protect (gathered) and write-enable (not gathered) keep the rest. */
static void axas_dt_pt_set_write(struct kunit *test)
{
	struct axas_dt_pt *c = axas_dt_pt_new(test);
	struct axas_pt_gather g;
	struct axas_pt_entry e;

	KUNIT_ASSERT_EQ(test, 0, axas_pt_map(&c->pt, axas_gpa(WIN), axas_hpa(0x100000),
					     4 * SZ4K, RW, AXAS_PT_NOHUGE));
	KUNIT_ASSERT_EQ(test, 0, axas_pt_map(&c->pt, axas_gpa(WIN + SZ2M),
					     axas_hpa(0x200000), SZ2M, RW, 0));
	axas_pt_gather_init(&g, NULL, NULL);
	KUNIT_EXPECT_EQ(test, 0, axas_pt_set_write(&c->pt, axas_gpa(WIN), 2 * SZ4K,
						   false, &g));
	KUNIT_EXPECT_EQ(test, axas_dt_flags(test, &c->pt, WIN), R);
	KUNIT_EXPECT_EQ(test, axas_dt_flags(test, &c->pt, WIN + SZ4K), R);
	KUNIT_EXPECT_EQ(test, axas_dt_flags(test, &c->pt, WIN + 2 * SZ4K), RW);
	KUNIT_EXPECT_EQ(test, g.start, WIN);
	KUNIT_EXPECT_EQ(test, g.end, WIN + 2 * SZ4K);
	/* the output address is kept */
	KUNIT_EXPECT_EQ(test, 0, axas_pt_query(&c->pt, axas_gpa(WIN + SZ4K), &e));
	KUNIT_EXPECT_EQ(test, axas_hpa_val(e.hpa), 0x101000ULL);
	/* protecting again gathers nothing */
	axas_pt_gather_init(&g, NULL, NULL);
	axas_pt_set_write(&c->pt, axas_gpa(WIN), SZ4K, false, &g);
	KUNIT_EXPECT_GE(test, g.start, g.end);
	/* an upgrade is never gathered */
	axas_pt_set_write(&c->pt, axas_gpa(WIN), SZ4K, true, &g);
	KUNIT_EXPECT_GE(test, g.start, g.end);
	KUNIT_EXPECT_EQ(test, axas_dt_flags(test, &c->pt, WIN), RW);
	/* the write-enabled leaf is accessible at once: A preset where needed */
	KUNIT_EXPECT_EQ(test, 0, axas_pt_query(&c->pt, axas_gpa(WIN), &e));
	if (c->pt.fmt.id >= AXAS_FMT_ARM_S2)
		KUNIT_EXPECT_TRUE(test, e.raw & c->pt.fmt.accessed_mask);
	/* a huge leaf only partly in the range is left whole and writable */
	axas_pt_set_write(&c->pt, axas_gpa(WIN + SZ2M), SZ4K, false, &g);
	KUNIT_EXPECT_EQ(test, axas_dt_flags(test, &c->pt, WIN + SZ2M), RW);
	KUNIT_EXPECT_EQ(test, c->pt.stats.leaves[1], 1UL);
}

/* An access fault after a young harvest: the flag is set again. */
static void axas_dt_pt_mkyoung(struct kunit *test)
{
	struct axas_dt_pt *c = axas_dt_pt_new(test);
	struct axas_pt_entry e;

	KUNIT_ASSERT_EQ(test, 0, axas_pt_map(&c->pt, axas_gpa(WIN), axas_hpa(0x100000),
					     2 * SZ4K, RW, AXAS_PT_NOHUGE));
	axas_pt_test_clear_young(&c->pt, axas_gpa(WIN), 2 * SZ4K, false, NULL, NULL);
	KUNIT_EXPECT_EQ(test, 0, axas_pt_query(&c->pt, axas_gpa(WIN), &e));
	KUNIT_EXPECT_FALSE(test, e.raw & c->pt.fmt.accessed_mask);
	KUNIT_EXPECT_EQ(test, 0, axas_pt_mkyoung(&c->pt, axas_gpa(WIN), SZ4K));
	KUNIT_EXPECT_EQ(test, 0, axas_pt_query(&c->pt, axas_gpa(WIN), &e));
	KUNIT_EXPECT_TRUE(test, e.raw & c->pt.fmt.accessed_mask);
	KUNIT_EXPECT_EQ(test, e.flags, RW);
	/* only the page asked for */
	KUNIT_EXPECT_EQ(test, 0, axas_pt_query(&c->pt, axas_gpa(WIN + SZ4K), &e));
	KUNIT_EXPECT_FALSE(test, e.raw & c->pt.fmt.accessed_mask);
}

/* ---- the space's log -------------------------------------------- */

static struct axas_test_space *axas_dt_space(struct kunit *test, u32 opts)
{
	struct axas_test_space *c = axas_test_space_new(test, BASE, SIZE);

	KUNIT_ASSERT_EQ(test, 0, axas_space_map_alloc_opts(c->as, axas_gpa(BASE),
							   NPAGES * SZ4K, RW,
							   AXAS_SPACE_LOG_DIRTY | opts));
	return c;
}

static unsigned long axas_dt_get(struct kunit *test, struct axas_space *as,
				 u64 gpa, unsigned long npages,
				 unsigned long *bits, bool clear)
{
	KUNIT_EXPECT_EQ(test, 0, axas_space_get_dirty_log(as, axas_gpa(gpa),
							  npages * SZ4K, bits,
							  clear));
	return bitmap_weight(bits, npages);
}

/* pwrite, ACCESS and the in-kernel accessor log exactly what they wrote. */
static void axas_dt_module_writes(struct kunit *test)
{
	struct axas_test_space *c = axas_dt_space(test, AXAS_SPACE_POPULATE);
	DECLARE_BITMAP(bits, NPAGES);
	char buf[2] = { 1, 2 };
	u64 v = 7;

	KUNIT_EXPECT_EQ(test, 0UL, axas_dt_get(test, c->as, BASE, NPAGES, bits, false));
	KUNIT_EXPECT_EQ(test, 0, axas_write_buffer(c->as, axas_gpa(BASE + SZ4K - 1),
						   buf, 2));
	KUNIT_EXPECT_EQ(test, 0, axas_write_volatile(c->as, axas_gpa(BASE + 5 * SZ4K),
						     4, 9));
	KUNIT_EXPECT_EQ(test, 1, axas_host_copy(c->as, BASE + 9 * SZ4K + 100, buf, 1,
						true));
	KUNIT_EXPECT_EQ(test, 0, axas_host_volatile(c->as, axas_gpa(BASE + 12 * SZ4K),
						    8, &v, true));
	/* reads log nothing */
	KUNIT_EXPECT_EQ(test, 0, axas_read_buffer(c->as, axas_gpa(BASE + 3 * SZ4K),
						  buf, 2));
	KUNIT_EXPECT_EQ(test, 5UL, axas_dt_get(test, c->as, BASE, NPAGES, bits, false));
	KUNIT_EXPECT_TRUE(test, test_bit(0, bits) && test_bit(1, bits) &&
			  test_bit(5, bits) && test_bit(9, bits) && test_bit(12, bits));
	/* a sub-range, bit 0 at its start */
	KUNIT_EXPECT_EQ(test, 2UL, axas_dt_get(test, c->as, BASE + 5 * SZ4K, 5, bits,
					       false));
	KUNIT_EXPECT_TRUE(test, test_bit(0, bits) && test_bit(4, bits));
	/* get and clear: once, then nothing */
	KUNIT_EXPECT_EQ(test, 5UL, axas_dt_get(test, c->as, BASE, NPAGES, bits, true));
	KUNIT_EXPECT_EQ(test, 0UL, axas_dt_get(test, c->as, BASE, NPAGES, bits, false));
	/* outside a log-dirty area, and outside the space */
	KUNIT_EXPECT_EQ(test, -EINVAL,
			axas_space_get_dirty_log(c->as, axas_gpa(BASE),
						 (NPAGES + 1) * SZ4K, bits, false));
	KUNIT_EXPECT_EQ(test, -ERANGE,
			axas_space_get_dirty_log(c->as, axas_gpa(BASE - SZ4K),
						 SZ4K, bits, false));
}

static bool axas_dt_raw_bit(struct axas_space *as, u64 gpa)
{
	struct axas_area *a;
	bool set = false;

	down_read(&as->lock);
	a = axas_area_find(as, gpa);
	if (a && a->dirty)
		set = test_bit(a->dirty_first +
			       ((gpa - axas_area_start(a)) >> AXAS_PAGE_SHIFT),
			       a->dirty->bits);
	up_read(&as->lock);
	return set;
}

/* The pieces of a split share the log; unmap forgets the pages' bits. */
static void axas_dt_split_unmap(struct axas_test_space *c, struct kunit *test)
{
	DECLARE_BITMAP(bits, NPAGES);
	struct axas_area *a;
	struct axas_dirty_map *m;
	char b = 1;

	axas_write_buffer(c->as, axas_gpa(BASE + 2 * SZ4K), &b, 1);
	axas_write_buffer(c->as, axas_gpa(BASE + 7 * SZ4K), &b, 1);
	axas_write_buffer(c->as, axas_gpa(BASE + 12 * SZ4K), &b, 1);
	down_read(&c->as->lock);
	m = axas_area_find(c->as, BASE)->dirty;
	up_read(&c->as->lock);
	KUNIT_ASSERT_EQ(test, 0, axas_space_unmap(c->as, axas_gpa(BASE + 7 * SZ4K),
						  SZ4K));
	/* the original bit 7 is gone from the shared bitmap */
	KUNIT_EXPECT_FALSE(test, test_bit(7, m->bits));
	KUNIT_EXPECT_TRUE(test, test_bit(12, m->bits));
	down_read(&c->as->lock);
	a = axas_area_find(c->as, BASE + 8 * SZ4K);
	KUNIT_EXPECT_PTR_EQ(test, a->dirty, m);
	KUNIT_EXPECT_EQ(test, a->dirty_first, 8UL);
	KUNIT_EXPECT_EQ(test, refcount_read(&m->ref), 2U);
	up_read(&c->as->lock);
	KUNIT_EXPECT_EQ(test, 1UL, axas_dt_get(test, c->as, BASE, 7, bits, false));
	KUNIT_EXPECT_TRUE(test, test_bit(2, bits));
	KUNIT_EXPECT_EQ(test, 1UL, axas_dt_get(test, c->as, BASE + 8 * SZ4K, 8, bits,
					       false));
	KUNIT_EXPECT_TRUE(test, test_bit(4, bits));
	KUNIT_EXPECT_TRUE(test, axas_dt_raw_bit(c->as, BASE + 12 * SZ4K));
	/* a hole in the range: not a log-dirty page */
	KUNIT_EXPECT_EQ(test, -EINVAL,
			axas_space_get_dirty_log(c->as, axas_gpa(BASE),
						 NPAGES * SZ4K, bits, false));
	/* a protect split (same flags) keeps it too */
	KUNIT_EXPECT_EQ(test, 0, axas_space_protect(c->as, axas_gpa(BASE + 10 * SZ4K),
						    SZ4K, R));
	KUNIT_EXPECT_TRUE(test, axas_dt_raw_bit(c->as, BASE + 12 * SZ4K));
	KUNIT_EXPECT_EQ(test, refcount_read(&m->ref), 4U);
	/* unmapping the rest frees it (kmemleak and KASAN watch) */
	KUNIT_EXPECT_EQ(test, 0, axas_space_unmap(c->as, axas_gpa(BASE), NPAGES * SZ4K));
}

static void axas_dt_split_keeps_log(struct kunit *test)
{
	axas_dt_split_unmap(axas_dt_space(test, AXAS_SPACE_POPULATE), test);
}

/* Log-dirty areas use 4 KiB leaves, even 2 MiB-aligned linear ones. */
static void axas_dt_huge_policy(struct kunit *test)
{
	struct axas_test_space *c = axas_test_space_new(test, BASE, SIZE);
	struct axas_translation t;

	KUNIT_ASSERT_EQ(test, 0, axas_space_map_linear(c->as, axas_gpa(BASE),
						       axas_hpa(0x80000000ULL), SZ2M,
						       R, AXAS_SPACE_LOG_DIRTY));
	KUNIT_ASSERT_EQ(test, 0, axas_space_map_linear(c->as, axas_gpa(BASE + SZ2M),
						       axas_hpa(0x80200000ULL), SZ2M,
						       R, 0));
	KUNIT_EXPECT_EQ(test, 0, axas_space_translate(c->as, axas_gpa(BASE), &t));
	KUNIT_EXPECT_EQ(test, t.leaf_size, SZ4K);
	KUNIT_EXPECT_EQ(test, 0, axas_space_translate(c->as, axas_gpa(BASE + SZ2M), &t));
	KUNIT_EXPECT_EQ(test, t.leaf_size, SZ2M);
}

struct axas_dt_consumer {
	struct axas_consumer c;
	unsigned int flushes;
};

static void axas_dt_flush_range(struct axas_consumer *c, u64 gpa, u64 size)
{
	container_of(c, struct axas_dt_consumer, c)->flushes++;
}

static void axas_dt_flush_all(struct axas_consumer *c)
{
	container_of(c, struct axas_dt_consumer, c)->flushes++;
}

static void axas_dt_release(struct axas_consumer *c)
{
}

static const struct axas_consumer_ops axas_dt_consumer_ops = {
	.flush_range = axas_dt_flush_range,
	.flush_all = axas_dt_flush_all,
	.release = axas_dt_release,
};

/*
 * A guest store as the hardware makes it: on hw_dirty formats the CPU
 * sets the leaf's dirty bit; elsewhere the write-protected page faults.
 */
static void axas_dt_guest_store(struct kunit *test, struct axas_space *as,
				u64 gpa)
{
	if (as->pt.fmt.hw_dirty) {
		down_read(&as->lock);
		axas_dt_cpu_store(&as->pt, gpa);
		up_read(&as->lock);
		return;
	}
	KUNIT_EXPECT_EQ(test, 0, axas_space_handle_fault(as, axas_gpa(gpa), W));
}

static u32 axas_dt_space_flags(struct kunit *test, struct axas_space *as, u64 gpa)
{
	struct axas_translation t;

	KUNIT_EXPECT_EQ(test, 0, axas_space_translate(as, axas_gpa(gpa), &t));
	return t.flags;
}

/* Guest stores tracked per format; clearing flushes, a write fault not. */
static void axas_dt_guest_tracking(struct kunit *test)
{
	struct axas_test_space *c = axas_dt_space(test, AXAS_SPACE_POPULATE);
	struct axas_dt_consumer *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	struct axas_space *as = c->as;
	DECLARE_BITMAP(bits, NPAGES);
	bool wp = !as->pt.fmt.hw_dirty;
	unsigned int f;

	KUNIT_ASSERT_NOT_NULL(test, r);
	r->c.ops = &axas_dt_consumer_ops;
	KUNIT_ASSERT_EQ(test, 0, axas_space_register_consumer(as, &r->c));
	/* clean pages of a write-protect format are not writable */
	KUNIT_EXPECT_EQ(test, axas_dt_space_flags(test, as, BASE), wp ? R : RW);
	axas_dt_guest_store(test, as, BASE + 3 * SZ4K);
	axas_dt_guest_store(test, as, BASE + 4 * SZ4K);
	KUNIT_EXPECT_EQ(test, r->flushes, 0U);
	KUNIT_EXPECT_EQ(test, axas_dt_space_flags(test, as, BASE + 3 * SZ4K), RW);
	KUNIT_EXPECT_EQ(test, 2UL, axas_dt_get(test, as, BASE, NPAGES, bits, false));
	KUNIT_EXPECT_TRUE(test, test_bit(3, bits) && test_bit(4, bits));
	/* GET without clear changed nothing, flushed nothing */
	KUNIT_EXPECT_EQ(test, 2UL, axas_dt_get(test, as, BASE, NPAGES, bits, false));
	KUNIT_EXPECT_EQ(test, r->flushes, 0U);
	/* CLEAR of page 3 only: re-armed (write-protected again), flushed */
	bitmap_zero(bits, NPAGES);
	__set_bit(3, bits);
	KUNIT_EXPECT_EQ(test, 0, axas_space_clear_dirty_log(as, axas_gpa(BASE),
							    NPAGES * SZ4K, bits));
	f = r->flushes;
	KUNIT_EXPECT_EQ(test, f, 1U);
	KUNIT_EXPECT_EQ(test, axas_dt_space_flags(test, as, BASE + 3 * SZ4K),
			wp ? R : RW);
	KUNIT_EXPECT_EQ(test, 1UL, axas_dt_get(test, as, BASE, NPAGES, bits, false));
	KUNIT_EXPECT_TRUE(test, test_bit(4, bits));
	/* written again after the clear: reported again */
	axas_dt_guest_store(test, as, BASE + 3 * SZ4K);
	KUNIT_EXPECT_EQ(test, 2UL, axas_dt_get(test, as, BASE, NPAGES, bits, true));
	KUNIT_EXPECT_EQ(test, r->flushes, f + 1);
	KUNIT_EXPECT_EQ(test, 0UL, axas_dt_get(test, as, BASE, NPAGES, bits, false));
	KUNIT_EXPECT_EQ(test, axas_dt_space_flags(test, as, BASE + 4 * SZ4K),
			wp ? R : RW);
	/* a read fault logs nothing; a fault the area refuses is -EACCES */
	KUNIT_EXPECT_EQ(test, 0, axas_space_handle_fault(as, axas_gpa(BASE), R));
	KUNIT_EXPECT_EQ(test, 0UL, axas_dt_get(test, as, BASE, NPAGES, bits, false));
	KUNIT_EXPECT_EQ(test, -EACCES, axas_space_handle_fault(as, axas_gpa(BASE),
							       AXAS_MAP_EXECUTE));
	axas_space_unregister_consumer(as, &r->c);
}

/* A lazy page written by a guest fault: logged, and writable. */
static void axas_dt_lazy_write_fault(struct kunit *test)
{
	struct axas_test_space *c = axas_dt_space(test, 0);
	DECLARE_BITMAP(bits, NPAGES);

	KUNIT_EXPECT_EQ(test, 0, axas_space_handle_fault(c->as, axas_gpa(BASE + 6 * SZ4K),
							 W));
	KUNIT_EXPECT_EQ(test, axas_dt_space_flags(test, c->as, BASE + 6 * SZ4K), RW);
	KUNIT_EXPECT_EQ(test, 1UL, axas_dt_get(test, c->as, BASE, NPAGES, bits, false));
	KUNIT_EXPECT_TRUE(test, test_bit(6, bits));
	/* a read fault installs a clean page: write-protected where tracked so */
	KUNIT_EXPECT_EQ(test, 0, axas_space_handle_fault(c->as, axas_gpa(BASE + 7 * SZ4K),
							 R));
	KUNIT_EXPECT_EQ(test, axas_dt_space_flags(test, c->as, BASE + 7 * SZ4K),
			c->as->pt.fmt.hw_dirty ? RW : R);
	KUNIT_EXPECT_EQ(test, 1UL, axas_dt_get(test, c->as, BASE, NPAGES, bits, false));
}

AXAS_KUNIT_SUITE(axas_dirty,
		 KUNIT_CASE_PARAM(axas_dt_pt_harvest, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM(axas_dt_pt_set_write, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM(axas_dt_pt_mkyoung, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM(axas_dt_module_writes, axas_test_fmt_family_gen_params),
		 KUNIT_CASE_PARAM(axas_dt_split_keeps_log, axas_test_fmt_family_gen_params),
		 KUNIT_CASE_PARAM(axas_dt_huge_policy, axas_test_fmt_family_gen_params),
		 KUNIT_CASE_PARAM(axas_dt_guest_tracking, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM(axas_dt_lazy_write_fault, axas_test_fmt_family_gen_params));
