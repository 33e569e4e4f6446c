// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of MAP_LINEAR's host range policy against claims the test
 * makes itself: a window of its own in the resource tree, above the
 * test machine's RAM, with busy and exclusive claims nested inside.
 */
#include <kunit/test.h>
#include <linux/fs.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/mm.h>
#include <linux/sizes.h>
#include "../dev/policy.h"
#include "suite.h"

/* Nothing behind it on the test machines (at most 3 GiB of RAM). */
#define AXAS_POLICY_WINDOW	0x200000000ULL

static int axas_policy_set_busy(bool on)
{
	struct file *f;
	loff_t pos = 0;
	ssize_t n;

	f = filp_open("/sys/module/axaddrspace/parameters/allow_busy_linear",
		      O_WRONLY, 0);
	if (IS_ERR(f))
		return PTR_ERR(f);
	n = kernel_write(f, on ? "Y" : "N", 1, &pos);
	filp_close(f, NULL);
	return n == 1 ? 0 : -EIO;
}

static void axas_policy_claims(struct kunit *test)
{
	struct resource window = DEFINE_RES_MEM_NAMED(AXAS_POLICY_WINDOW, SZ_2M,
						      "axas-kunit window");
	u64 w = AXAS_POLICY_WINDOW;
	struct resource *busy, *excl;

	if (axas_policy_phys_bits() < 35)
		kunit_skip(test, "physical address width below 35 bits");
	KUNIT_ASSERT_EQ(test, 0, axas_policy_linear(w, SZ_2M));
	/* a window is not a claim: still free */
	KUNIT_ASSERT_EQ(test, 0, insert_resource(&iomem_resource, &window));
	KUNIT_EXPECT_EQ(test, 0, axas_policy_linear(w, SZ_2M));

	/* a busy claim nested in the window, as a driver's */
	busy = request_mem_region(w + SZ_4K, SZ_4K, "axas-kunit busy");
	KUNIT_ASSERT_NOT_NULL(test, busy);
	KUNIT_EXPECT_EQ(test, -EBUSY, axas_policy_linear(w, SZ_2M));
	KUNIT_EXPECT_EQ(test, -EBUSY, axas_policy_linear(w + SZ_4K, SZ_4K));
	KUNIT_EXPECT_EQ(test, 0, axas_policy_linear(w, SZ_4K));
	KUNIT_EXPECT_EQ(test, 0, axas_policy_linear(w + 2 * SZ_4K, SZ_4K));

	/* and an exclusive one: userland may not map it */
	excl = request_mem_region_exclusive(w + 3 * SZ_4K, SZ_4K,
					    "axas-kunit exclusive");
	KUNIT_ASSERT_NOT_NULL(test, excl);
	KUNIT_EXPECT_EQ(test, -EBUSY, axas_policy_linear(w + 3 * SZ_4K, SZ_4K));

	/* allow_busy_linear lifts the first refusal, never the second */
	KUNIT_ASSERT_EQ(test, 0, axas_policy_set_busy(true));
	KUNIT_EXPECT_EQ(test, 0, axas_policy_linear(w + SZ_4K, SZ_4K));
	KUNIT_EXPECT_EQ(test, -EBUSY, axas_policy_linear(w + 3 * SZ_4K, SZ_4K));
	KUNIT_EXPECT_EQ(test, -EBUSY, axas_policy_linear(w, SZ_2M));
	KUNIT_EXPECT_EQ(test, 0, axas_policy_set_busy(false));

	release_mem_region(w + 3 * SZ_4K, SZ_4K);
	release_mem_region(w + SZ_4K, SZ_4K);
	KUNIT_EXPECT_EQ(test, 0, axas_policy_linear(w, SZ_2M));
	release_resource(&window);
}

/* System RAM is the RAM check's: allow_busy_linear does not open it. */
static void axas_policy_ram(struct kunit *test)
{
	struct page *page = alloc_page(GFP_KERNEL);
	u64 ram;

	KUNIT_ASSERT_NOT_NULL(test, page);
	ram = page_to_phys(page);
	__free_page(page);

	KUNIT_EXPECT_EQ(test, -EPERM, axas_policy_linear(ram, SZ_4K));
	KUNIT_ASSERT_EQ(test, 0, axas_policy_set_busy(true));
	KUNIT_EXPECT_EQ(test, -EPERM, axas_policy_linear(ram, SZ_4K));
	KUNIT_EXPECT_EQ(test, 0, axas_policy_set_busy(false));
}

AXAS_KUNIT_SUITE(axas_policy,
		 KUNIT_CASE(axas_policy_claims),
		 KUNIT_CASE(axas_policy_ram));
