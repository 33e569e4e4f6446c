// SPDX-License-Identifier: GPL-2.0
/*
 * Consumers of a space (whatever loads its root pointer into hardware) and
 * the order every change keeps with them:
 *
 *	entries written -> every consumer's flush -> table pages and data
 *	frames freed
 *
 * A change gathers (struct axas_space_gather) the range whose translations
 * it removed or weakened, the table pages it unlinked and the data frames
 * it released; axas_space_gather_finish() flushes the range once (or the
 * whole space when it is large) and only then frees.  Consumers are
 * called with the space locked for writing.
 */
#include <linux/io.h>
#include <linux/lockdep.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include "space.h"
#include "../pgtable/export.h"

/* A change wider than this is flushed whole (flush_all). */
#define AXAS_FLUSH_ALL_BYTES	AXAS_SZ_1G

/* The engine's flush: every consumer forgets [gpa, gpa + size). */
static void axas_space_flush(void *arg, u64 gpa, u64 size)
{
	struct axas_space *as = arg;
	struct axas_consumer *c;
	bool all = size > AXAS_FLUSH_ALL_BYTES ||
		   size >= axas_gpa_range_size(&as->range);

	lockdep_assert_held_write(&as->lock);
	list_for_each_entry(c, &as->consumers, node) {
		if (all)
			c->ops->flush_all(c);
		else
			c->ops->flush_range(c, gpa, size);
	}
}

/**
 * axas_space_gather_init() - an empty gather for one change of @as
 * @as: the space, locked for writing
 * @g: the gather
 */
void axas_space_gather_init(struct axas_space *as, struct axas_space_gather *g)
{
	lockdep_assert_held_write(&as->lock);
	axas_pt_gather_init(&g->pt, axas_space_flush, as);
	g->as = as;
	INIT_LIST_HEAD(&g->frames);
	g->area = NULL;
}

/**
 * axas_space_gather_frame() - free a data frame once the change is flushed
 * @g: the gather
 * @hpa: the frame, from the space's HAL (it has a struct page)
 */
void axas_space_gather_frame(struct axas_space_gather *g, axas_hpa_t hpa)
{
	axas_space_gather_page(&g->frames, hpa);
}

/**
 * axas_space_gather_page() - put a data frame on a list of frames
 * @frames: the list, linked through the frames' struct page's lru
 * @hpa: the frame, from the space's HAL (it has a struct page), not on
 *	any list
 */
void axas_space_gather_page(struct list_head *frames, axas_hpa_t hpa)
{
	struct page *page = pfn_to_page(PHYS_PFN(axas_hpa_val(hpa)));

	list_add_tail(&page->lru, frames);
}

/**
 * axas_space_ungather_page() - take the first frame off a list of frames
 * @frames: a list axas_space_gather_page() built; not empty
 *
 * Return: the frame.
 */
axas_hpa_t axas_space_ungather_page(struct list_head *frames)
{
	struct page *page = list_first_entry(frames, struct page, lru);

	list_del(&page->lru);
	return axas_hpa(page_to_phys(page));
}

/**
 * axas_space_gather_flush() - flush what a change did, free its tables
 * @g: the gather; its data frames stay on @g->frames, for
 *	axas_space_free_frames() once the space lock is dropped
 */
void axas_space_gather_flush(struct axas_space_gather *g)
{
	struct axas_space *as = g->as;

	if (g->pt.start < g->pt.end)
		axas_space_flush(as, g->pt.start, g->pt.end - g->pt.start);
	g->pt.start = ~0ULL;
	g->pt.end = 0;
	axas_pt_gather_free(&as->pt, &g->pt);
}

/**
 * axas_space_free_frames() - free flushed data frames
 * @as: the space they were part of; locked or not
 * @frames: frames gathered by axas_space_gather_frame() and flushed,
 *	linked through their struct page's lru; empty afterwards
 *
 * Unmapping gigabytes frees hundreds of thousands of frames: callers do
 * it after dropping the space lock, so that faults, reads and other
 * changes of the space are not held up by it.
 */
void axas_space_free_frames(struct axas_space *as, struct list_head *frames)
{
	struct page *page, *next;
	unsigned long n = 0;

	list_for_each_entry_safe(page, next, frames, lru) {
		list_del(&page->lru);
		axas_hal_dealloc_frame(&as->hal, axas_hpa(page_to_phys(page)));
		if (!(++n % 512))
			cond_resched();
	}
}

/**
 * axas_space_gather_finish() - flush what a change did, then free
 * @g: the gather; empty again afterwards
 */
void axas_space_gather_finish(struct axas_space_gather *g)
{
	axas_space_gather_flush(g);
	axas_space_free_frames(g->as, &g->frames);
}

/**
 * axas_space_register_consumer() - tell @c of every change of @as
 * @as: the space
 * @c: the consumer, with @c->ops set; flush_range, flush_all and release
 *	are all required
 *
 * Return: 0; -EINVAL for incomplete ops; -ENODEV when the space's owner
 * destroyed it already (its descriptor was closed meanwhile).
 */
int axas_space_register_consumer(struct axas_space *as,
				 struct axas_consumer *c)
{
	int ret = 0;

	if (!c->ops || !c->ops->flush_range || !c->ops->flush_all ||
	    !c->ops->release)
		return -EINVAL;
	down_write(&as->lock);
	if (as->dead)
		ret = -ENODEV;
	else
		list_add_tail(&c->node, &as->consumers);
	up_write(&as->lock);
	return ret;
}
EXPORT_SYMBOL_AXAS_API(axas_space_register_consumer);

/**
 * axas_space_unregister_consumer() - stop telling @c
 * @as: the space
 * @c: a consumer registered with @as (released or not)
 *
 * When it returns, no callback of @c runs or will run: if the space is
 * being torn down and @c's release callback runs, it waits for it to end
 * (so it must not be called from that callback).
 */
void axas_space_unregister_consumer(struct axas_space *as,
				    struct axas_consumer *c)
{
	down_write(&as->lock);
	list_del_init(&c->node);
	while (as->releasing == c) {
		up_write(&as->lock);
		wait_event(as->release_wq, READ_ONCE(as->releasing) != c);
		down_write(&as->lock);
	}
	up_write(&as->lock);
}
EXPORT_SYMBOL_AXAS_API(axas_space_unregister_consumer);

/**
 * axas_space_release_consumers() - the space is torn down: release all
 * @as: the space
 *
 * Each consumer's release runs without the space locked, one at a time,
 * before anything is unmapped or freed; afterwards none is registered and
 * none can register.
 */
void axas_space_release_consumers(struct axas_space *as)
{
	struct axas_consumer *c;

	down_write(&as->lock);
	as->dead = true;
	while ((c = list_first_entry_or_null(&as->consumers,
					     struct axas_consumer, node))) {
		list_del_init(&c->node);
		WRITE_ONCE(as->releasing, c);
		up_write(&as->lock);
		c->ops->release(c);
		down_write(&as->lock);
		WRITE_ONCE(as->releasing, NULL);
		wake_up_all(&as->release_wq);
	}
	up_write(&as->lock);
}
