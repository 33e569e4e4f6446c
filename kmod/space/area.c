// SPDX-License-Identifier: GPL-2.0
/*
 * The areas of an address space, in a red-black tree keyed by GPA.
 *
 * Areas never overlap, so the tree is ordered by their starts alone and
 * the areas overlapping a range are consecutive in it: an interval tree's
 * subtree bounds, kept up to date on every insert, rotation and erase,
 * bought nothing here and were a third of a one-area map and unmap.
 *
 * Inserting and erasing never allocate, and splitting an area takes a
 * struct allocated beforehand by the caller: the tree can always be brought
 * in line with the page table after the page table has changed.
 */
#include <linux/lockdep.h>
#include <linux/rbtree.h>
#include <linux/slab.h>
#include "space.h"
#include "../pgtable/export.h"

static inline struct axas_area *axas_area_of(struct rb_node *node)
{
	return node ? rb_entry(node, struct axas_area, rb) : NULL;
}

/*
 * Link @a as the child of @parent at @link, published for a lockless
 * reader (axas_area_find_rcu()): its range and its empty children are
 * visible before the pointer to it, on every architecture.  This is the
 * kernel's rb_link_node_rcu(), which the user-space rbtree lacks.
 */
static void axas_area_link(struct axas_area *a, struct rb_node *parent,
			   struct rb_node **link)
{
	a->rb.__rb_parent_color = (unsigned long)parent;
	a->rb.rb_left = NULL;
	a->rb.rb_right = NULL;
	/* pairs with the READ_ONCE() of a link in axas_area_find_rcu() */
	smp_store_release(link, &a->rb);
}

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
	struct axas_area *last = as->last_area;
	struct rb_node **link = &as->areas.rb_root.rb_node, *parent = NULL;
	bool leftmost = true;

	lockdep_assert_held_write(&as->lock);
	if (last && axas_area_start(a) > axas_area_start(last)) {
		/* the rightmost node has no right child: link it there */
		axas_area_link(a, &last->rb, &last->rb.rb_right);
		rb_insert_color_cached(&a->rb, &as->areas, false);
		as->last_area = a;
		return;
	}
	while (*link) {
		parent = *link;
		if (axas_area_start(a) < axas_area_start(axas_area_of(parent))) {
			link = &parent->rb_left;
		} else {
			link = &parent->rb_right;
			leftmost = false;
		}
	}
	axas_area_link(a, parent, link);
	rb_insert_color_cached(&a->rb, &as->areas, leftmost);
	if (!last)
		as->last_area = a;
}

/**
 * axas_area_erase() - remove an area from the tree (it is not freed)
 * @as: the space, locked for writing
 * @a: the area
 */
void axas_area_erase(struct axas_space *as, struct axas_area *a)
{
	lockdep_assert_held_write(&as->lock);
	if (as->last_area == a)
		as->last_area = axas_area_of(rb_prev(&a->rb));
	rb_erase_cached(&a->rb, &as->areas);
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
	struct rb_node *node = as->areas.rb_root.rb_node;
	struct axas_area *a, *first = NULL;

	lockdep_assert_held(&as->lock);
	/* the common cases without a descent: beyond the last, in the first */
	if (!as->last_area || start >= axas_area_end(as->last_area))
		return NULL;
	a = axas_area_of(rb_first_cached(&as->areas));
	if (start < axas_area_end(a))
		return axas_area_start(a) <= last ? a : NULL;
	/*
	 * Ordered by start and disjoint, the areas are ordered by end too:
	 * the first one ending after @start is the only candidate.
	 */
	while (node) {
		a = axas_area_of(node);
		if (start < axas_area_end(a)) {
			first = a;
			node = node->rb_left;
		} else {
			node = node->rb_right;
		}
	}
	return first && axas_area_start(first) <= last ? first : NULL;
}
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_area_first);

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
	a = axas_area_of(rb_next(&a->rb));
	return a && axas_area_start(a) <= last ? a : NULL;
}
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_area_next);

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
