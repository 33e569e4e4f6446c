// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the HAL: the default ops over the page allocator with
 * their per-instance and module-wide counts, PhysFrame, and the fake HAL
 * that the other suites rely on (its counts and its fail-nth numbering).
 */
#include <kunit/test.h>
#include <linux/io.h>
#include <linux/mm.h>
#include "addrspace.h"
#include "fake_hal.h"
#include "suite.h"

static bool axas_hal_all_bytes(const u8 *p, size_t len, u8 byte)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] != byte)
			return false;
	return true;
}

/* PhysFrame over the default HAL: alloc_zero, fill, addresses, release. */
static void axas_hal_frame_default(struct kunit *test)
{
	long global = axas_hal_global_frames();
	struct axas_frame f, g;
	struct axas_hal hal;
	u8 *p;

	axas_hal_init(&hal, &axas_default_hal_ops, NULL);
	KUNIT_ASSERT_EQ(test, 0, axas_frame_alloc_zero(&hal, &f));
	KUNIT_EXPECT_PTR_EQ(test, f.hal, &hal);
	p = axas_frame_as_mut_ptr(&f);
	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_EXPECT_TRUE(test, axas_hal_all_bytes(p, PAGE_SIZE, 0));
	KUNIT_EXPECT_TRUE(test, axas_hpa_aligned(axas_frame_start_paddr(&f),
						 AXAS_PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, axas_hpa_val(axas_frame_start_paddr(&f)),
			(u64)virt_to_phys(p));
	axas_frame_fill(&f, 0xa5);
	KUNIT_EXPECT_TRUE(test, axas_hal_all_bytes(p, PAGE_SIZE, 0xa5));

	KUNIT_ASSERT_EQ(test, 0, axas_frame_alloc(&hal, &g));
	KUNIT_EXPECT_NE(test, axas_hpa_val(axas_frame_start_paddr(&g)),
			axas_hpa_val(axas_frame_start_paddr(&f)));
	KUNIT_EXPECT_EQ(test, atomic_long_read(&hal.nr_frames), 2L);
	KUNIT_EXPECT_EQ(test, axas_hal_global_frames(), global + 2);

	axas_frame_release(&f);
	KUNIT_EXPECT_NULL(test, f.hal);
	axas_frame_release(&f);		/* twice: harmless */
	axas_frame_release(&g);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&hal.nr_frames), 0L);
	KUNIT_EXPECT_EQ(test, axas_hal_global_frames(), global);
}

/* Table pages: zeroed, aligned to their size, counted in 4 KiB units. */
static void axas_hal_tables_default(struct kunit *test)
{
	long global = axas_hal_global_table_pages();
	unsigned int order;
	struct axas_hal hal;

	axas_hal_init(&hal, &axas_default_hal_ops, NULL);
	for (order = 0; order <= 4; order++) {
		axas_hpa_t pa;

		KUNIT_ASSERT_EQ(test, 0, axas_hal_alloc_table(&hal, order, &pa));
		KUNIT_EXPECT_TRUE(test, axas_hpa_aligned(pa, PAGE_SIZE << order));
		KUNIT_EXPECT_TRUE(test, axas_hal_all_bytes(axas_hal_phys_to_virt(&hal, pa),
							   PAGE_SIZE << order, 0));
		KUNIT_EXPECT_EQ(test, atomic_long_read(&hal.nr_table_pages), 1L << order);
		KUNIT_EXPECT_EQ(test, axas_hal_global_table_pages(), global + (1L << order));
		axas_hal_free_table(&hal, pa, order);
		KUNIT_EXPECT_EQ(test, atomic_long_read(&hal.nr_table_pages), 0L);
		KUNIT_EXPECT_EQ(test, axas_hal_global_table_pages(), global);
	}
}

/* The fake HAL counts frames and tables apart, and fails exactly the Nth. */
static void axas_hal_fake_counts_and_fail_nth(struct kunit *test)
{
	struct axas_fake_hal *f = axas_fake_hal_create(test);
	axas_hpa_t frame, table, t2;
	u8 *p;

	KUNIT_ASSERT_PTR_EQ(test, f->hal.priv, (void *)f);
	KUNIT_ASSERT_EQ(test, 0, axas_hal_alloc_frame(&f->hal, false, &frame));
	p = axas_hal_phys_to_virt(&f->hal, frame);
	KUNIT_EXPECT_TRUE(test, axas_hal_all_bytes(p, PAGE_SIZE, 0x5a));
	KUNIT_ASSERT_EQ(test, 0, axas_hal_alloc_table(&f->hal, 2, &table));
	KUNIT_EXPECT_EQ(test, f->frames, 1L);
	KUNIT_EXPECT_EQ(test, f->table_pages, 4L);
	KUNIT_EXPECT_EQ(test, f->nr_allocs, 2UL);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&f->hal.nr_table_pages), 4L);

	/* numbering restarts; attempt 2 (a frame or a table) fails */
	axas_fake_hal_reset_count(f, 2);
	KUNIT_EXPECT_EQ(test, 0, axas_hal_alloc_table(&f->hal, 0, &t2));
	KUNIT_EXPECT_EQ(test, -ENOMEM, axas_hal_alloc_frame(&f->hal, true, &frame));
	KUNIT_EXPECT_EQ(test, 0, axas_hal_alloc_frame(&f->hal, true, &frame));
	KUNIT_EXPECT_TRUE(test, axas_hal_all_bytes(axas_hal_phys_to_virt(&f->hal, frame),
						   PAGE_SIZE, 0));
	KUNIT_EXPECT_EQ(test, f->nr_allocs, 3UL);
	KUNIT_EXPECT_EQ(test, f->nr_failed, 1UL);
	KUNIT_EXPECT_EQ(test, f->frames, 2L);
	KUNIT_EXPECT_EQ(test, f->table_pages, 5L);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&f->hal.nr_frames), 2L);

	axas_hal_free_table(&f->hal, t2, 0);
	axas_hal_free_table(&f->hal, table, 2);
	axas_hal_dealloc_frame(&f->hal, frame);
	KUNIT_EXPECT_EQ(test, f->table_pages, 0L);
	KUNIT_EXPECT_EQ(test, f->frames, 1L);
	/* the first frame is left for the fake HAL to free at test exit */
}

AXAS_KUNIT_SUITE(axas_hal,
		 KUNIT_CASE(axas_hal_frame_default),
		 KUNIT_CASE(axas_hal_tables_default),
		 KUNIT_CASE(axas_hal_fake_counts_and_fail_nth));
