// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the address types and the half-open range helpers.
 */
#include <kunit/test.h>
#include "types.h"
#include "suite.h"

static void axas_types_range_make(struct kunit *test)
{
	struct axas_gpa_range r;

	KUNIT_ASSERT_TRUE(test, axas_gpa_range_make(&r, axas_gpa(0x1000), 0x2000));
	KUNIT_EXPECT_EQ(test, axas_gpa_val(r.start), 0x1000ULL);
	KUNIT_EXPECT_EQ(test, axas_gpa_val(r.end), 0x3000ULL);
	KUNIT_EXPECT_EQ(test, axas_gpa_range_size(&r), 0x2000ULL);
	KUNIT_EXPECT_FALSE(test, axas_gpa_range_empty(&r));

	/* reaching exactly 2^64 overflows the exclusive end: refused */
	KUNIT_EXPECT_FALSE(test, axas_gpa_range_make(&r, axas_gpa(~0ULL - 0xfff), 0x1000));
	KUNIT_EXPECT_TRUE(test, axas_gpa_range_make(&r, axas_gpa(~0ULL - 0x1fff), 0x1000));
	KUNIT_EXPECT_FALSE(test, axas_gpa_range_make(&r, axas_gpa(1), ~0ULL));

	KUNIT_ASSERT_TRUE(test, axas_gpa_range_make(&r, axas_gpa(0x5000), 0));
	KUNIT_EXPECT_TRUE(test, axas_gpa_range_empty(&r));
}

static void axas_types_range_contains(struct kunit *test)
{
	struct axas_gpa_range r, in;

	axas_gpa_range_make(&r, axas_gpa(0x10000), 0x10000);
	KUNIT_EXPECT_FALSE(test, axas_gpa_range_contains(&r, axas_gpa(0xffff)));
	KUNIT_EXPECT_TRUE(test, axas_gpa_range_contains(&r, axas_gpa(0x10000)));
	KUNIT_EXPECT_TRUE(test, axas_gpa_range_contains(&r, axas_gpa(0x1ffff)));
	KUNIT_EXPECT_FALSE(test, axas_gpa_range_contains(&r, axas_gpa(0x20000)));

	axas_gpa_range_make(&in, axas_gpa(0x10000), 0x10000);
	KUNIT_EXPECT_TRUE(test, axas_gpa_range_contains_range(&r, &in));
	axas_gpa_range_make(&in, axas_gpa(0x1f000), 0x2000);
	KUNIT_EXPECT_FALSE(test, axas_gpa_range_contains_range(&r, &in));
	axas_gpa_range_make(&in, axas_gpa(0xf000), 0x1000);
	KUNIT_EXPECT_FALSE(test, axas_gpa_range_contains_range(&r, &in));
}

static void axas_types_range_overlaps(struct kunit *test)
{
	struct axas_gpa_range a, b;

	axas_gpa_range_make(&a, axas_gpa(0x1000), 0x1000);
	axas_gpa_range_make(&b, axas_gpa(0x2000), 0x1000);
	KUNIT_EXPECT_FALSE(test, axas_gpa_range_overlaps(&a, &b));	/* adjacent */
	KUNIT_EXPECT_FALSE(test, axas_gpa_range_overlaps(&b, &a));
	axas_gpa_range_make(&b, axas_gpa(0x1fff), 0x1000);
	KUNIT_EXPECT_TRUE(test, axas_gpa_range_overlaps(&a, &b));
	KUNIT_EXPECT_TRUE(test, axas_gpa_range_overlaps(&b, &a));
	axas_gpa_range_make(&b, axas_gpa(0x1800), 0);
	KUNIT_EXPECT_FALSE(test, axas_gpa_range_overlaps(&a, &b));	/* empty */
}

static void axas_types_alignment(struct kunit *test)
{
	struct axas_gpa_range r;

	KUNIT_EXPECT_TRUE(test, axas_gpa_aligned(axas_gpa(0x200000), AXAS_SZ_2M));
	KUNIT_EXPECT_FALSE(test, axas_gpa_aligned(axas_gpa(0x201000), AXAS_SZ_2M));
	KUNIT_EXPECT_TRUE(test, axas_hpa_aligned(axas_hpa(0x40000000), AXAS_SZ_1G));
	axas_gpa_range_make(&r, axas_gpa(0x1000), 0x1800);
	KUNIT_EXPECT_FALSE(test, axas_gpa_range_aligned(&r, AXAS_PAGE_SIZE));
	axas_gpa_range_make(&r, axas_gpa(0x1000), 0x2000);
	KUNIT_EXPECT_TRUE(test, axas_gpa_range_aligned(&r, AXAS_PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, axas_gpa_val(axas_gpa_add(axas_gpa(0x1000), 0x234)), 0x1234ULL);
}

AXAS_KUNIT_SUITE(axas_types,
		 KUNIT_CASE(axas_types_range_make),
		 KUNIT_CASE(axas_types_range_contains),
		 KUNIT_CASE(axas_types_range_overlaps),
		 KUNIT_CASE(axas_types_alignment));
