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
#include "fake_hal.h"

struct axas_fake_block;

struct axas_fake_record {
	struct list_head node;
	struct hlist_node hnode;	/* in by_page, keyed by page */
	struct rcu_head rcu;
	struct page *page;
	struct axas_fake_block *block;	/* the 2 MiB block holding it, if any */
	unsigned int order;
	bool frame;
};

/*
 * The records of one 2 MiB block, in one allocation (512 small ones cost
 * more than the test they serve under KASAN and kmemleak): freed when
 * its last frame is.
 */
struct axas_fake_block {
	unsigned int live;
	struct axas_fake_record recs[AXAS_HUGE_FRAMES];
};

static struct axas_fake_hal *axas_fake(struct axas_hal *hal)
{
	return hal->priv;
}

static int axas_fake_alloc(struct axas_fake_hal *f, unsigned int order,
			   bool frame, bool zero, axas_hpa_t *pa)
{
	struct axas_fake_record *r;
	int ret = -ENOMEM;

	mutex_lock(&f->lock);
	f->nr_allocs++;
	if (f->fail_nth && f->nr_allocs == f->fail_nth) {
		f->nr_failed++;
		goto out;
	}
	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		goto out;
	r->page = alloc_pages(GFP_KERNEL | (zero ? __GFP_ZERO : 0), order);
	if (!r->page) {
		kfree(r);
		goto out;
	}
	if (!zero)	/* make "not zeroed" visible */
		memset(page_address(r->page), 0x5a, PAGE_SIZE << order);
	r->order = order;
	r->frame = frame;
	list_add(&r->node, &f->records);
	hash_add(f->by_page, &r->hnode, (unsigned long)r->page);
	if (frame)
		f->frames++;
	else
		f->table_pages += 1L << order;
	*pa = axas_hpa(page_to_phys(r->page));
	ret = 0;
out:
	mutex_unlock(&f->lock);
	return ret;
}

/* A record and its page, off every list. */
static void axas_fake_put(struct axas_fake_record *r)
{
	struct axas_fake_block *b = r->block;

	__free_pages(r->page, r->order);
	if (!b)
		kfree(r);
	else if (!--b->live)
		kvfree(b);
}

static void axas_fake_free_rcu(struct rcu_head *head)
{
	axas_fake_put(container_of(head, struct axas_fake_record, rcu));
}

/*
 * Free @pa; @deferred: after an RCU grace period, as the kernel's HAL
 * frees unlinked tables, since a lockless reader may still hold them.  It
 * is counted as freed at once either way.
 */
static void axas_fake_free(struct axas_fake_hal *f, axas_hpa_t pa, bool frame,
			   bool deferred)
{
	struct page *page = pfn_to_page(PHYS_PFN(axas_hpa_val(pa)));
	struct axas_fake_record *r;

	mutex_lock(&f->lock);
	hash_for_each_possible(f->by_page, r, hnode, (unsigned long)page) {
		if (r->page != page || r->frame != frame)
			continue;
		hash_del(&r->hnode);
		list_del(&r->node);
		if (frame)
			f->frames--;
		else
			f->table_pages -= 1L << r->order;
		if (deferred)
			call_rcu(&r->rcu, axas_fake_free_rcu);
		else
			axas_fake_put(r);
		break;
	}
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
	struct axas_fake_block *b;
	struct axas_fake_record *r;
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
	b = kvzalloc(sizeof(*b), GFP_KERNEL);
	if (!b)
		goto refuse;
	page = alloc_pages(GFP_KERNEL | __GFP_ZERO, AXAS_HUGE_ORDER);
	if (!page) {
		kvfree(b);
		goto refuse;
	}
	split_page(page, AXAS_HUGE_ORDER);
	b->live = AXAS_HUGE_FRAMES;
	for (i = 0; i < AXAS_HUGE_FRAMES; i++) {
		r = &b->recs[i];
		r->page = page + i;
		r->block = b;
		r->frame = true;
		list_add(&r->node, &f->records);
		hash_add(f->by_page, &r->hnode, (unsigned long)r->page);
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
	struct axas_fake_record *r, *tmp;

	list_for_each_entry_safe(r, tmp, &f->records, node) {
		list_del(&r->node);
		axas_fake_put(r);
	}
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
	INIT_LIST_HEAD(&f->records);
	hash_init(f->by_page);
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
