// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the 2 MiB backing of alloc areas, over every format: the
 * fake HAL hands out 2 MiB blocks (f->huge) or refuses them, and counts
 * both; populate and lazy faults map a block by one 2 MiB leaf, fall back
 * to 4 KiB frames, and an unmap or protect of a part of it splits the leaf
 * and frees exactly the frames unmapped.
 */
#include <kunit/test.h>
#include "formats.h"
#include "space_ctx.h"
#include "suite.h"

#define R AXAS_MAP_READ
#define W AXAS_MAP_WRITE
#define RW (R | W)
#define SZ4K AXAS_PAGE_SIZE
#define SZ2M AXAS_SZ_2M
#define BASE 0x40000000ULL	/* the space: [1 GiB, 3 GiB) */
#define SIZE (2 * AXAS_SZ_1G)
#define POP AXAS_SPACE_POPULATE

/*
 * The area of most cases: one page below a 2 MiB boundary, two whole
 * 2 MiB, one page above: two blocks and two 4 KiB frames.
 */
#define H_GPA (BASE + SZ2M - SZ4K)
#define H_SIZE (2 * SZ2M + 2 * SZ4K)
#define H_FRAMES (2L * AXAS_HUGE_FRAMES + 2)

static struct axas_test_space *axas_huge_new(struct kunit *test, bool huge)
{
	struct axas_test_space *c = axas_test_space_new(test, BASE, SIZE);

	c->fake->huge = huge;
	return c;
}

static struct axas_space_stats axas_huge_stats(struct axas_test_space *c)
{
	struct axas_space_stats st;

	axas_space_get_stats(c->as, &st);
	return st;
}

/* The leaf that maps @gpa: its size, and the HPA of @gpa. */
static u64 axas_huge_leaf(struct kunit *test, struct axas_test_space *c,
			  u64 gpa, u64 *hpa)
{
	struct axas_translation t;

	KUNIT_EXPECT_EQ_MSG(test, 0,
			    axas_space_translate(c->as, axas_gpa(gpa), &t),
			    "translate %#llx", gpa);
	if (hpa)
		*hpa = axas_hpa_val(t.hpa);
	return t.leaf_size;
}

/* Every 2 MiB of the area a block under one leaf, the edges 4 KiB frames. */
static void axas_huge_populate(struct kunit *test)
{
	struct axas_test_space *c = axas_huge_new(test, true);
	struct axas_space_stats st;
	u64 hpa, hpa2, off;
	u8 buf[64];
	int ret;

	c->fake->watch = &c->as->lock;
	KUNIT_ASSERT_EQ(test, 0, axas_space_map_alloc_opts(c->as, axas_gpa(H_GPA),
							   H_SIZE, RW, POP));
	KUNIT_EXPECT_EQ(test, c->fake->nr_huge, 2UL);
	KUNIT_EXPECT_EQ(test, c->fake->nr_huge_refused, 0UL);
	KUNIT_EXPECT_EQ(test, c->fake->frames, H_FRAMES);
	/* every frame before the lock, as for 4 KiB frames */
	KUNIT_EXPECT_EQ(test, c->fake->alloc_locked, 0UL);
	st = axas_huge_stats(c);
	KUNIT_EXPECT_EQ(test, st.frames, (unsigned long)H_FRAMES);
	KUNIT_EXPECT_EQ(test, st.pt.leaves[1], 2UL);
	KUNIT_EXPECT_EQ(test, st.pt.leaves[0], 2UL);
	KUNIT_EXPECT_EQ(test, axas_huge_leaf(test, c, H_GPA, NULL), SZ4K);
	KUNIT_EXPECT_EQ(test, axas_huge_leaf(test, c, BASE + SZ2M, &hpa), SZ2M);
	KUNIT_EXPECT_TRUE(test, IS_ALIGNED(hpa, SZ2M));
	/* one contiguous block: the last page of the leaf is 2 MiB - 4 KiB on */
	KUNIT_EXPECT_EQ(test, axas_huge_leaf(test, c, BASE + 2 * SZ2M - SZ4K,
					     &hpa2), SZ2M);
	KUNIT_EXPECT_EQ(test, hpa2, hpa + SZ2M - SZ4K);
	KUNIT_EXPECT_EQ(test, axas_huge_leaf(test, c, BASE + 3 * SZ2M, NULL),
			SZ4K);
	/* zeroed, and reached by the accessor like any frame */
	for (off = 0; off < SZ2M; off += 511 * SZ4K + 64) {
		memset(buf, 0xff, sizeof(buf));
		ret = axas_read_buffer(c->as, axas_gpa(BASE + SZ2M + off), buf,
				       sizeof(buf));
		KUNIT_ASSERT_EQ(test, 0, ret);
		KUNIT_EXPECT_NULL(test, memchr_inv(buf, 0, sizeof(buf)));
	}
	/* a copy across the boundary of the two leaves */
	memset(buf, 0x3c, sizeof(buf));
	ret = axas_write_buffer(c->as, axas_gpa(BASE + 2 * SZ2M - 32), buf,
				sizeof(buf));
	KUNIT_ASSERT_EQ(test, 0, ret);
	memset(buf, 0, sizeof(buf));
	ret = axas_read_buffer(c->as, axas_gpa(BASE + 2 * SZ2M - 32), buf,
			       sizeof(buf));
	KUNIT_ASSERT_EQ(test, 0, ret);
	KUNIT_EXPECT_NULL(test, memchr_inv(buf, 0x3c, sizeof(buf)));
	/* the whole area unmapped: every frame freed, after the lock */
	KUNIT_EXPECT_EQ(test, 0, axas_space_unmap(c->as, axas_gpa(H_GPA), H_SIZE));
	KUNIT_EXPECT_EQ(test, c->fake->frames, 0L);
	KUNIT_EXPECT_EQ(test, c->fake->freed_locked, 0UL);
	KUNIT_EXPECT_EQ(test, c->fake->table_pages, c->root_pages);
}

/* The HAL has no block at hand: 4 KiB frames and leaves, as before. */
static void axas_huge_fallback(struct kunit *test)
{
	struct axas_test_space *c = axas_huge_new(test, false);
	struct axas_space_stats st;
	int ret;

	KUNIT_ASSERT_EQ(test, 0, axas_space_map_alloc_opts(c->as, axas_gpa(H_GPA),
							   H_SIZE, RW, POP));
	KUNIT_EXPECT_EQ(test, c->fake->nr_huge, 0UL);
	KUNIT_EXPECT_EQ(test, c->fake->nr_huge_refused, 2UL);
	KUNIT_EXPECT_EQ(test, c->fake->frames, H_FRAMES);
	st = axas_huge_stats(c);
	KUNIT_EXPECT_EQ(test, st.pt.leaves[1], 0UL);
	KUNIT_EXPECT_EQ(test, st.pt.leaves[0], (unsigned long)H_FRAMES);
	KUNIT_EXPECT_EQ(test, axas_huge_leaf(test, c, BASE + SZ2M, NULL), SZ4K);
	/* the same HAL with blocks at hand again: whole blocks */
	KUNIT_EXPECT_EQ(test, 0, axas_space_unmap(c->as, axas_gpa(H_GPA), H_SIZE));
	axas_fake_hal_reset_count(c->fake, 0);
	c->fake->huge = true;
	ret = axas_space_map_alloc_opts(c->as, axas_gpa(BASE + 4 * SZ2M),
					2 * SZ2M, RW, POP);
	KUNIT_ASSERT_EQ(test, 0, ret);
	KUNIT_EXPECT_EQ(test, c->fake->nr_huge, 2UL);
	st = axas_huge_stats(c);
	KUNIT_EXPECT_EQ(test, st.pt.leaves[1], 2UL);
	KUNIT_EXPECT_EQ(test, st.pt.leaves[0], 0UL);
	KUNIT_EXPECT_EQ(test, c->fake->frames, 2L * AXAS_HUGE_FRAMES);
}

/* Opting out, and a dirty log: never asked for a block. */
static void axas_huge_opt_out(struct kunit *test)
{
	static const u32 opts[] = { POP | AXAS_SPACE_NOHUGE,
				    POP | AXAS_SPACE_LOG_DIRTY,
				    AXAS_SPACE_NOHUGE, AXAS_SPACE_LOG_DIRTY };
	struct axas_test_space *c = axas_huge_new(test, true);
	struct axas_area_info info;
	struct axas_space_stats st;
	unsigned int i, nr;
	u64 next;
	int ret;

	for (i = 0; i < ARRAY_SIZE(opts); i++) {
		ret = axas_space_map_alloc_opts(c->as, axas_gpa(BASE), SZ2M,
						RW, opts[i]);
		KUNIT_ASSERT_EQ(test, 0, ret);
		KUNIT_ASSERT_EQ(test, 0, axas_space_handle_fault(c->as,
								 axas_gpa(BASE + SZ4K), W));
		KUNIT_EXPECT_EQ(test, c->fake->nr_huge, 0UL);
		KUNIT_EXPECT_EQ(test, c->fake->nr_huge_refused, 0UL);
		st = axas_huge_stats(c);
		KUNIT_EXPECT_EQ(test, st.pt.leaves[1], 0UL);
		KUNIT_EXPECT_EQ(test, c->fake->frames,
				opts[i] & POP ? (long)AXAS_HUGE_FRAMES : 1L);
		KUNIT_ASSERT_EQ(test, 0, axas_space_areas(c->as, BASE, &info, 1,
							  &nr, &next));
		KUNIT_ASSERT_EQ(test, nr, 1U);
		KUNIT_EXPECT_EQ(test, info.nohuge,
				!!(opts[i] & AXAS_SPACE_NOHUGE));
		KUNIT_EXPECT_EQ(test, 0, axas_space_unmap(c->as, axas_gpa(BASE),
							  SZ2M));
		KUNIT_EXPECT_EQ(test, c->fake->frames, 0L);
	}
}

/*
 * A page unmapped or protected inside a block: the leaf is split into
 * 4 KiB leaves over the same frames, and exactly the unmapped frame goes.
 */
static void axas_huge_split(struct kunit *test)
{
	struct axas_test_space *c = axas_huge_new(test, true);
	struct axas_space_stats st;
	u64 hpa, h;

	KUNIT_ASSERT_EQ(test, 0, axas_space_map_alloc_opts(c->as, axas_gpa(BASE),
							   2 * SZ2M, RW, POP));
	KUNIT_ASSERT_EQ(test, SZ2M, axas_huge_leaf(test, c, BASE, &hpa));
	KUNIT_ASSERT_EQ(test, 0, axas_write_buffer(c->as,
						   axas_gpa(BASE + 9 * SZ4K), "guest", 5));
	/* unmap one page in the middle of the first block */
	KUNIT_ASSERT_EQ(test, 0, axas_space_unmap(c->as,
						  axas_gpa(BASE + 7 * SZ4K), SZ4K));
	KUNIT_EXPECT_EQ(test, c->fake->frames, 2L * AXAS_HUGE_FRAMES - 1);
	st = axas_huge_stats(c);
	KUNIT_EXPECT_EQ(test, st.areas, 2UL);
	KUNIT_EXPECT_EQ(test, st.frames, 2UL * AXAS_HUGE_FRAMES - 1);
	KUNIT_EXPECT_EQ(test, st.pt.leaves[1], 1UL);
	KUNIT_EXPECT_EQ(test, st.pt.leaves[0], AXAS_HUGE_FRAMES - 1UL);
	/* the same frames, now under 4 KiB leaves, contents kept */
	KUNIT_EXPECT_EQ(test, SZ4K, axas_huge_leaf(test, c, BASE + 9 * SZ4K, &h));
	KUNIT_EXPECT_EQ(test, h, hpa + 9 * SZ4K);
	KUNIT_EXPECT_EQ(test, SZ4K, axas_huge_leaf(test, c, BASE + SZ2M - SZ4K, &h));
	KUNIT_EXPECT_EQ(test, h, hpa + SZ2M - SZ4K);
	/* protect one page of the second block: split, nothing freed */
	KUNIT_ASSERT_EQ(test, 0, axas_space_protect(c->as,
						    axas_gpa(BASE + SZ2M + 3 * SZ4K), SZ4K, R));
	KUNIT_EXPECT_EQ(test, c->fake->frames, 2L * AXAS_HUGE_FRAMES - 1);
	st = axas_huge_stats(c);
	KUNIT_EXPECT_EQ(test, st.pt.leaves[1], 0UL);
	KUNIT_EXPECT_EQ(test, st.pt.leaves[0], 2UL * AXAS_HUGE_FRAMES - 1);
	KUNIT_EXPECT_EQ(test, st.areas, 4UL);
	/* the pieces go one by one: every frame freed, no table left */
	KUNIT_EXPECT_EQ(test, 0, axas_space_unmap(c->as, axas_gpa(BASE),
						  SZ2M + 3 * SZ4K));
	KUNIT_EXPECT_EQ(test, c->fake->frames, AXAS_HUGE_FRAMES - 3L);
	KUNIT_EXPECT_EQ(test, 0, axas_space_unmap(c->as, axas_gpa(BASE),
						  2 * SZ2M));
	KUNIT_EXPECT_EQ(test, c->fake->frames, 0L);
	KUNIT_EXPECT_EQ(test, c->fake->table_pages, c->root_pages);
	st = axas_huge_stats(c);
	KUNIT_EXPECT_EQ(test, st.areas, 0UL);
}

/* A lazy fault in an empty 2 MiB installs all of it, by one leaf. */
static void axas_huge_lazy(struct kunit *test)
{
	struct axas_test_space *c = axas_huge_new(test, true);
	struct axas_space_stats st;
	u64 hpa, h;

	KUNIT_ASSERT_EQ(test, 0, axas_space_map_alloc_opts(c->as, axas_gpa(H_GPA),
							   H_SIZE, RW, 0));
	KUNIT_EXPECT_EQ(test, c->fake->frames, 0L);
	KUNIT_ASSERT_EQ(test, 0, axas_space_handle_fault(c->as,
							 axas_gpa(BASE + SZ2M + 5 * SZ4K + 8), W));
	KUNIT_EXPECT_EQ(test, c->fake->nr_huge, 1UL);
	KUNIT_EXPECT_EQ(test, c->fake->frames, (long)AXAS_HUGE_FRAMES);
	KUNIT_EXPECT_EQ(test, SZ2M, axas_huge_leaf(test, c, BASE + SZ2M, &hpa));
	KUNIT_EXPECT_TRUE(test, IS_ALIGNED(hpa, SZ2M));
	/* another page of it: already there, nothing allocated */
	KUNIT_ASSERT_EQ(test, 0, axas_space_handle_fault(c->as,
							 axas_gpa(BASE + 2 * SZ2M - SZ4K), W));
	KUNIT_EXPECT_EQ(test, c->fake->frames, (long)AXAS_HUGE_FRAMES);
	KUNIT_EXPECT_EQ(test, SZ2M, axas_huge_leaf(test, c,
						   BASE + 2 * SZ2M - SZ4K, &h));
	KUNIT_EXPECT_EQ(test, h, hpa + SZ2M - SZ4K);
	/* the edge pages are not a whole 2 MiB of the area: 4 KiB */
	KUNIT_ASSERT_EQ(test, 0, axas_space_handle_fault(c->as, axas_gpa(H_GPA), R));
	KUNIT_EXPECT_EQ(test, SZ4K, axas_huge_leaf(test, c, H_GPA, NULL));
	KUNIT_EXPECT_EQ(test, c->fake->frames, AXAS_HUGE_FRAMES + 1L);
	/* refused: the faulting page alone */
	c->fake->huge = false;
	KUNIT_ASSERT_EQ(test, 0, axas_space_handle_fault(c->as,
							 axas_gpa(BASE + 2 * SZ2M + 4 * SZ4K), W));
	KUNIT_EXPECT_EQ(test, c->fake->nr_huge_refused, 1UL);
	KUNIT_EXPECT_EQ(test, c->fake->frames, AXAS_HUGE_FRAMES + 2L);
	/* a 2 MiB with a page in it already gets 4 KiB frames from then on */
	c->fake->huge = true;
	KUNIT_ASSERT_EQ(test, 0, axas_space_handle_fault(c->as,
							 axas_gpa(BASE + 2 * SZ2M + 9 * SZ4K), W));
	KUNIT_EXPECT_EQ(test, c->fake->nr_huge, 1UL);
	KUNIT_EXPECT_EQ(test, c->fake->frames, AXAS_HUGE_FRAMES + 3L);
	st = axas_huge_stats(c);
	/* the fault on a page already there was none */
	KUNIT_EXPECT_EQ(test, st.faults, 4UL);
	KUNIT_EXPECT_EQ(test, st.pt.leaves[1], 1UL);
	KUNIT_EXPECT_EQ(test, st.pt.leaves[0], 3UL);
	KUNIT_EXPECT_EQ(test, 0, axas_space_unmap(c->as, axas_gpa(H_GPA), H_SIZE));
	KUNIT_EXPECT_EQ(test, c->fake->frames, 0L);
	KUNIT_EXPECT_EQ(test, c->fake->table_pages, c->root_pages);
}

/*
 * Each allocation of a populate failing in turn (the block requests
 * among them, which then fall back): an error leaves nothing behind,
 * and a success has exactly its frames.
 */
static void axas_huge_fail_nth(struct kunit *test)
{
	struct axas_test_space *c = axas_huge_new(test, true);
	unsigned long n, fallbacks = 0;
	int ret;

	for (n = 1; n < 64; n++) {
		c->fake->nr_failed = 0;
		axas_fake_hal_reset_count(c->fake, n);
		ret = axas_space_map_alloc_opts(c->as, axas_gpa(H_GPA), H_SIZE,
						RW, POP);
		if (ret) {
			KUNIT_EXPECT_EQ(test, ret, -ENOMEM);
			KUNIT_EXPECT_EQ(test, c->fake->frames, 0L);
			KUNIT_EXPECT_EQ(test, c->fake->table_pages,
					c->root_pages);
			KUNIT_EXPECT_EQ(test, axas_huge_stats(c).areas, 0UL);
			continue;
		}
		KUNIT_EXPECT_EQ(test, c->fake->frames, H_FRAMES);
		KUNIT_EXPECT_EQ(test, c->fake->nr_huge + c->fake->nr_huge_refused,
				2UL);
		fallbacks += c->fake->nr_huge_refused;
		KUNIT_EXPECT_EQ(test, axas_huge_stats(c).pt.leaves[1],
				c->fake->nr_huge);
		KUNIT_EXPECT_EQ(test, 0, axas_space_unmap(c->as, axas_gpa(H_GPA),
							  H_SIZE));
		KUNIT_EXPECT_EQ(test, c->fake->frames, 0L);
		if (!c->fake->nr_failed)
			break;
	}
	/* the sweep reached the end, and some failures were block requests */
	KUNIT_EXPECT_LT(test, n, 64UL);
	KUNIT_EXPECT_EQ(test, fallbacks, 2UL);
	/* a lazy fault: a failure leaves the 2 MiB empty */
	KUNIT_ASSERT_EQ(test, 0, axas_space_map_alloc_opts(c->as, axas_gpa(BASE),
							   SZ2M, RW, 0));
	for (n = 1; n < 16; n++) {
		c->fake->nr_failed = 0;
		axas_fake_hal_reset_count(c->fake, n);
		ret = axas_space_handle_fault(c->as, axas_gpa(BASE + SZ4K), W);
		if (!c->fake->nr_failed) {
			KUNIT_EXPECT_EQ(test, ret, 0);
			break;
		}
		if (ret) {
			KUNIT_EXPECT_EQ(test, ret, -ENOMEM);
			KUNIT_EXPECT_EQ(test, c->fake->frames, 0L);
			KUNIT_EXPECT_EQ(test, c->fake->table_pages,
					c->root_pages);
			continue;
		}
		/* the block refused, or its tables: one 4 KiB frame instead */
		KUNIT_EXPECT_EQ(test, c->fake->frames, 1L);
		KUNIT_EXPECT_EQ(test, 0, axas_space_unmap(c->as,
							  axas_gpa(BASE + SZ4K), SZ4K));
		KUNIT_EXPECT_EQ(test, 0, axas_space_unmap(c->as, axas_gpa(BASE),
							  SZ2M));
		KUNIT_ASSERT_EQ(test, 0, axas_space_map_alloc_opts(c->as,
								   axas_gpa(BASE), SZ2M, RW, 0));
	}
	KUNIT_EXPECT_LT(test, n, 16UL);
	KUNIT_EXPECT_EQ(test, c->fake->frames, (long)AXAS_HUGE_FRAMES);
}

/* Destroying a space with blocks, split or whole, frees every frame. */
static void axas_huge_destroy(struct kunit *test)
{
	struct axas_test_space *c = axas_huge_new(test, true);

	KUNIT_ASSERT_EQ(test, 0, axas_space_map_alloc_opts(c->as, axas_gpa(BASE),
							   4 * SZ2M, RW, POP));
	KUNIT_ASSERT_EQ(test, 0, axas_space_protect(c->as,
						    axas_gpa(BASE + SZ2M + SZ4K), SZ4K, R));
	KUNIT_EXPECT_EQ(test, c->fake->frames, 4L * AXAS_HUGE_FRAMES);
	axas_space_destroy(c->as);
	c->as = NULL;
	KUNIT_EXPECT_EQ(test, c->fake->frames, 0L);
	KUNIT_EXPECT_EQ(test, c->fake->table_pages, 0L);
}

AXAS_KUNIT_SUITE(axas_huge,
		 KUNIT_CASE_PARAM(axas_huge_populate, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM(axas_huge_fallback, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM(axas_huge_opt_out, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM(axas_huge_split, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM(axas_huge_lazy, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM(axas_huge_fail_nth, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM(axas_huge_destroy, axas_test_fmt_gen_params));
