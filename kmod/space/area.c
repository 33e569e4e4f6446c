// SPDX-License-Identifier: GPL-2.0
/*
 * The areas of an address space, in an interval tree keyed by GPA.
 *
 * Inserting and erasing never allocate, and splitting an area takes a
 * struct allocated beforehand by the caller: the tree can always be brought
 * in line with the page table after the page table has changed.
 */
#include <linux/interval_tree_generic.h>
#include <linux/lockdep.h>
#include <linux/slab.h>
#include "space.h"
#include "../pgtable/export.h"

#define AXAS_AREA_START(a)	axas_area_start(a)
#define AXAS_AREA_LAST(a)	(axas_area_end(a) - 1)

INTERVAL_TREE_DEFINE(struct axas_area, rb, u64, subtree_last,
		     AXAS_AREA_START, AXAS_AREA_LAST, static, axas_area_it)

static struct kmem_cache *axas_area_cache;

/**
 * axas_area_cache_init() - the slab cache of areas
 *
 * Return: 0 or -ENOMEM.
 */
int axas_area_cache_init(void)
{
	axas_area_cache = KMEM_CACHE(axas_area, SLAB_ACCOUNT);
	return axas_area_cache ? 0 : -ENOMEM;
}

/**
 * axas_area_cache_exit() - destroy the cache; every area must be freed
 */
void axas_area_cache_exit(void)
{
	kmem_cache_destroy(axas_area_cache);
}

/**
 * axas_area_alloc() - a zeroed area, charged to the caller
 *
 * Return: the area or NULL.
 */
struct axas_area *axas_area_alloc(void)
{
	return kmem_cache_zalloc(axas_area_cache, GFP_KERNEL_ACCOUNT);
}

static void axas_area_free_rcu(struct rcu_head *head)
{
	kmem_cache_free(axas_area_cache, container_of(head, struct axas_area, rcu));
}

/**
 * axas_area_free() - free an area that is not in a tree
 * @a: the area (NULL is fine); its reference to a dirty log is dropped
 *
 * The structure itself goes after a grace period: a lockless translation
 * may still be reading it (it then retries, see space.h).
 */
void axas_area_free(struct axas_area *a)
{
	if (!a)
		return;
	if (a->dirty)
		axas_dirty_map_put(a->dirty);
	a->dirty = NULL;
	call_rcu(&a->rcu, axas_area_free_rcu);
}

/**
 * axas_area_insert() - add an area; the caller checked it overlaps nothing
 * @as: the space, locked for writing
 * @a: the area
 */
void axas_area_insert(struct axas_space *as, struct axas_area *a)
{
	lockdep_assert_held_write(&as->lock);
	axas_area_it_insert(a, &as->areas);
}

/**
 * axas_area_erase() - remove an area from the tree (it is not freed)
 * @as: the space, locked for writing
 * @a: the area
 */
void axas_area_erase(struct axas_space *as, struct axas_area *a)
{
	lockdep_assert_held_write(&as->lock);
	axas_area_it_remove(a, &as->areas);
}

/**
 * axas_area_first() - the first area overlapping [@start, @last]
 * @as: the space, locked
 * @start: first GPA
 * @last: last GPA (inclusive)
 *
 * Return: the area with the lowest start, or NULL.
 */
struct axas_area *axas_area_first(struct axas_space *as, u64 start, u64 last)
{
	lockdep_assert_held(&as->lock);
	return axas_area_it_iter_first(&as->areas, start, last);
}

/**
 * axas_area_next() - the next area overlapping [@start, @last]
 * @a: the previous one
 * @start: first GPA
 * @last: last GPA (inclusive)
 *
 * Return: the next area in GPA order, or NULL.
 */
struct axas_area *axas_area_next(struct axas_area *a, u64 start, u64 last)
{
	return axas_area_it_iter_next(a, start, last);
}

/**
 * axas_area_find() - the area containing @gpa
 * @as: the space, locked
 * @gpa: a guest physical address
 *
 * Return: the area or NULL.
 */
struct axas_area *axas_area_find(struct axas_space *as, u64 gpa)
{
	return axas_area_first(as, gpa, gpa);
}
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_area_find);

/**
 * axas_area_splits() - new areas that cutting out [@start, @end) needs
 * @as: the space, locked
 * @start: first GPA
 * @end: first GPA after the range
 *
 * An area cut at a point strictly inside it becomes two.
 *
 * Return: 0, 1 or 2.
 */
unsigned int axas_area_splits(struct axas_space *as, u64 start, u64 end)
{
	struct axas_area *a;
	unsigned int n = 0;

	a = axas_area_find(as, start);
	if (a && axas_area_start(a) < start)
		n++;
	a = axas_area_find(as, end - 1);
	if (a && axas_area_end(a) > end)
		n++;
	return n;
}

/**
 * axas_area_split_at() - cut the area containing @gpa in two at @gpa
 * @as: the space, locked for writing
 * @gpa: where; nothing happens unless an area strictly contains it
 * @spare: a preallocated area, consumed (set to NULL) when a split happens
 */
void axas_area_split_at(struct axas_space *as, u64 gpa, struct axas_area **spare)
{
	struct axas_area *a = axas_area_find(as, gpa), *b;
	u64 delta;

	if (!a || axas_area_start(a) == gpa)
		return;
	b = *spare;
	*spare = NULL;
	delta = gpa - axas_area_start(a);
	*b = *a;
	axas_area_erase(as, a);
	a->range.end = axas_gpa(gpa);
	b->range.start = axas_gpa(gpa);
	if (b->dirty) {
		axas_dirty_map_get(b->dirty);
		b->dirty_first += delta >> AXAS_PAGE_SHIFT;
	}
	if (b->ops->split)
		b->ops->split(a, b, delta);
	axas_area_insert(as, a);
	axas_area_insert(as, b);
}
