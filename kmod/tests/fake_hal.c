// SPDX-License-Identifier: GPL-2.0
/*
 * The KUnit fake HAL: counts live frames and table pages exactly, records
 * every allocation so that nothing outlives the test, and fails the Nth
 * allocation on request (fail-nth sweeps).
 */
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/xarray.h>
#include "fake_hal.h"

/*
 * The record of an allocation: an xarray value at its first pfn, its
 * order and whether it is a data frame (no memory of its own: a record
 * allocated per frame cost more than the tests it served, under KASAN and
 * kmemleak).
 */
#define AXAS_FAKE_FRAME		1UL
#define AXAS_FAKE_ORDER_SHIFT	1

static void *axas_fake_entry(unsigned int order, bool frame)
{
	return xa_mk_value((unsigned long)order << AXAS_FAKE_ORDER_SHIFT |
			   (frame ? AXAS_FAKE_FRAME : 0));
}

static unsigned int axas_fake_entry_order(void *entry)
{
	return xa_to_value(entry) >> AXAS_FAKE_ORDER_SHIFT;
}

static bool axas_fake_entry_frame(void *entry)
{
	return xa_to_value(entry) & AXAS_FAKE_FRAME;
}

static struct axas_fake_hal *axas_fake(struct axas_hal *hal)
{
	return hal->priv;
}

static int axas_fake_alloc(struct axas_fake_hal *f, unsigned int order,
			   bool frame, bool zero, axas_hpa_t *pa)
{
	struct page *page;
	int ret = -ENOMEM;

	mutex_lock(&f->lock);
	f->nr_allocs++;
	if (f->fail_nth && f->nr_allocs == f->fail_nth) {
		f->nr_failed++;
		goto out;
	}
	page = alloc_pages(GFP_KERNEL | (zero ? __GFP_ZERO : 0), order);
	if (!page)
		goto out;
	if (xa_err(xa_store(&f->pages, page_to_pfn(page),
			    axas_fake_entry(order, frame), GFP_KERNEL))) {
		__free_pages(page, order);
		goto out;
	}
	if (!zero)	/* make "not zeroed" visible */
		memset(page_address(page), 0x5a, PAGE_SIZE << order);
	if (frame)
		f->frames++;
	else
		f->table_pages += 1L << order;
	*pa = axas_hpa(page_to_phys(page));
	ret = 0;
out:
	mutex_unlock(&f->lock);
	return ret;
}

/* A table freed after a grace period: its order waits in page->private. */
static void axas_fake_free_rcu(struct rcu_head *head)
{
	struct page *page = container_of(head, struct page, rcu_head);

	__free_pages(page, page_private(page));
}

/*
 * Free @pa; @deferred: after an RCU grace period, as the kernel's HAL
 * frees unlinked tables, since a lockless reader may still hold them.  It
 * is counted as freed at once either way.  Anything not allocated here
 * as what @frame says is left alone (the release frees it).
 */
static void axas_fake_free(struct axas_fake_hal *f, axas_hpa_t pa, bool frame,
			   bool deferred)
{
	unsigned long pfn = PHYS_PFN(axas_hpa_val(pa));
	struct page *page = pfn_to_page(pfn);
	unsigned int order;
	void *entry;

	mutex_lock(&f->lock);
	entry = xa_load(&f->pages, pfn);
	if (!entry || axas_fake_entry_frame(entry) != frame)
		goto out;
	xa_erase(&f->pages, pfn);
	order = axas_fake_entry_order(entry);
	if (frame)
		f->frames--;
	else
		f->table_pages -= 1L << order;
	if (deferred) {
		/* the table's live count is not needed any more */
		set_page_private(page, order);
		call_rcu(&page->rcu_head, axas_fake_free_rcu);
	} else {
		__free_pages(page, order);
	}
out:
	mutex_unlock(&f->lock);
}

static int axas_fake_alloc_frame(struct axas_hal *hal, bool zero,
				 axas_hpa_t *pa)
{
	struct axas_fake_hal *f = axas_fake(hal);

	if (f->watch && rwsem_is_locked(f->watch))
		f->alloc_locked++;
	return axas_fake_alloc(f, 0, true, zero, pa);
}

static void axas_fake_dealloc_frame(struct axas_hal *hal, axas_hpa_t pa)
{
	struct axas_fake_hal *f = axas_fake(hal);

	if (f->watch && rwsem_is_locked(f->watch))
		f->freed_locked++;
	axas_fake_free(f, pa, true, false);
}

/*
 * A 2 MiB block: one order-9 allocation split into order-0 pages, one
 * record each, since they are freed one at a time like any frame.  It is
 * one allocation attempt for @fail_nth; a refused one is not a failure
 * of the caller (it falls back to 4 KiB frames).
 */
static int axas_fake_alloc_huge(struct axas_hal *hal, axas_hpa_t *pa)
{
	struct axas_fake_hal *f = axas_fake(hal);
	unsigned long pfn;
	struct page *page;
	unsigned int i;

	if (f->watch && rwsem_is_locked(f->watch))
		f->alloc_locked++;
	mutex_lock(&f->lock);
	if (!f->huge)
		goto refuse;
	f->nr_allocs++;
	if (f->fail_nth && f->nr_allocs == f->fail_nth) {
		f->nr_failed++;
		goto refuse;
	}
	page = alloc_pages(GFP_KERNEL | __GFP_ZERO, AXAS_HUGE_ORDER);
	if (!page)
		goto refuse;
	pfn = page_to_pfn(page);
	split_page(page, AXAS_HUGE_ORDER);
	for (i = 0; i < AXAS_HUGE_FRAMES; i++)
		if (xa_err(xa_store(&f->pages, pfn + i, axas_fake_entry(0, true),
				    GFP_KERNEL)))
			break;
	if (i < AXAS_HUGE_FRAMES) {
		while (i--)
			xa_erase(&f->pages, pfn + i);
		for (i = 0; i < AXAS_HUGE_FRAMES; i++)
			__free_page(page + i);
		goto refuse;
	}
	f->frames += AXAS_HUGE_FRAMES;
	f->nr_huge++;
	*pa = axas_hpa(page_to_phys(page));
	mutex_unlock(&f->lock);
	return 0;
refuse:
	f->nr_huge_refused++;
	mutex_unlock(&f->lock);
	return -ENOMEM;
}

static int axas_fake_alloc_table(struct axas_hal *hal, unsigned int order,
				 axas_hpa_t *pa)
{
	return axas_fake_alloc(axas_fake(hal), order, false, true, pa);
}

static void axas_fake_free_table(struct axas_hal *hal, axas_hpa_t pa,
				 unsigned int order)
{
	axas_fake_free(axas_fake(hal), pa, false, false);
}

static void axas_fake_free_table_deferred(struct axas_hal *hal, axas_hpa_t pa,
					  unsigned int order)
{
	axas_fake_free(axas_fake(hal), pa, false, true);
}

static void *axas_fake_phys_to_virt(struct axas_hal *hal, axas_hpa_t pa)
{
	return phys_to_virt(axas_hpa_val(pa));
}

static unsigned long *axas_fake_table_count(struct axas_hal *hal,
					    axas_hpa_t pa)
{
	return &pfn_to_page(PHYS_PFN(axas_hpa_val(pa)))->private;
}

const struct axas_hal_ops axas_fake_hal_ops = {
	.alloc_frame = axas_fake_alloc_frame,
	.dealloc_frame = axas_fake_dealloc_frame,
	.alloc_huge = axas_fake_alloc_huge,
	.alloc_table = axas_fake_alloc_table,
	.free_table = axas_fake_free_table,
	.free_table_deferred = axas_fake_free_table_deferred,
	.phys_to_virt = axas_fake_phys_to_virt,
	.table_count = axas_fake_table_count,
	.linear = true,
};

static void axas_fake_hal_release(void *data)
{
	struct axas_fake_hal *f = data;
	unsigned long pfn;
	void *entry;

	xa_for_each(&f->pages, pfn, entry)
		__free_pages(pfn_to_page(pfn), axas_fake_entry_order(entry));
	xa_destroy(&f->pages);
	kfree(f);
}

/**
 * axas_fake_hal_create() - a fake HAL that lives as long as @test
 * @test: the running test
 *
 * Whatever the test leaves allocated is freed when it ends; the test
 * itself asserts the counters.  f->hal is ready for the engine.
 *
 * Return: the fake HAL (the test is aborted if it cannot be created).
 */
struct axas_fake_hal *axas_fake_hal_create(struct kunit *test)
{
	struct axas_fake_hal *f = kzalloc(sizeof(*f), GFP_KERNEL);
	int ret;

	KUNIT_ASSERT_NOT_NULL(test, f);
	mutex_init(&f->lock);
	xa_init(&f->pages);
	axas_hal_init(&f->hal, &axas_fake_hal_ops, f);
	ret = kunit_add_action_or_reset(test, axas_fake_hal_release, f);
	KUNIT_ASSERT_EQ(test, 0, ret);
	return f;
}

/**
 * axas_fake_hal_reset_count() - restart allocation numbering
 * @f: the fake HAL
 * @fail_nth: the attempt to fail from now on (0: none)
 */
void axas_fake_hal_reset_count(struct axas_fake_hal *f, unsigned long fail_nth)
{
	mutex_lock(&f->lock);
	f->nr_allocs = 0;
	f->fail_nth = fail_nth;
	f->nr_huge = 0;
	f->nr_huge_refused = 0;
	mutex_unlock(&f->lock);
}
