// SPDX-License-Identifier: GPL-2.0
/*
 * Dirty logging and the accessed ("young") harvest of a space.
 *
 * An area created with logging on (AXAS_SPACE_LOG_DIRTY) has a software
 * dirty log: one bit per 4 KiB page, in a refcounted bitmap that the
 * pieces of a split share (each piece keeps the index of its first
 * page), as the user backend shares its page array.  Log-dirty areas are
 * mapped with 4 KiB leaves only, so the log is exact to the page.
 *
 * A page is dirty when its software bit is set, or, on the formats whose
 * CPUs set a dirty bit in the leaf (fmt.hw_dirty), when that bit is set:
 *  - writes by the module itself (pwrite, AXAS_IOC_ACCESS, the in-kernel
 *    accessor) set the software bits of the pages they wrote;
 *  - on hw_dirty formats, a guest store sets the leaf's dirty bit; GET
 *    reads it, clearing tests and clears it atomically and flushes (a
 *    CPU caches the dirty state of a translation);
 *  - elsewhere the pages of a log-dirty area are write-protected while
 *    clean: the guest's first store faults, axas_space_handle_fault()
 *    sets the software bit and gives the write permission back (an
 *    upgrade: no flush); clearing a page write-protects it again (a
 *    downgrade: flushed).  Invariant: a writable leaf of such an area has
 *    its bit set.
 * Stores through a host mmap of the space are not seen (the VMM tracks
 * them, as with KVM).
 *
 * Readers of the log take the space lock for reading; whatever clears
 * takes it for writing, so a get-and-clear is atomic against module
 * writes and write faults, which run under the read lock and set bits
 * with atomic bit operations.
 */
#include <linux/bitmap.h>
#include <linux/lockdep.h>
#include <linux/minmax.h>
#include <linux/overflow.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include "space.h"
#include "../pgtable/export.h"

/**
 * axas_dirty_map_alloc() - a clean log for @pages pages
 * @pages: pages of the new area
 *
 * Return: the log (one reference) or NULL.
 */
struct axas_dirty_map *axas_dirty_map_alloc(unsigned long pages)
{
	struct axas_dirty_map *m;

	m = kvzalloc(struct_size(m, bits, BITS_TO_LONGS(pages)),
		     GFP_KERNEL_ACCOUNT);
	if (!m)
		return NULL;
	refcount_set(&m->ref, 1);
	m->nr = pages;
	return m;
}

/**
 * axas_dirty_map_get() - one more area uses @m
 * @m: the log
 */
void axas_dirty_map_get(struct axas_dirty_map *m)
{
	refcount_inc(&m->ref);
}

/**
 * axas_dirty_map_put() - an area stops using @m; freed with the last one
 * @m: the log
 */
void axas_dirty_map_put(struct axas_dirty_map *m)
{
	if (refcount_dec_and_test(&m->ref))
		kvfree(m);
}

/* Bit of page @gpa of log-dirty area @a. */
static unsigned long axas_dirty_bit(const struct axas_area *a, u64 gpa)
{
	return a->dirty_first + ((gpa - axas_area_start(a)) >> AXAS_PAGE_SHIFT);
}

/**
 * axas_dirty_forget() - the pages of @a are unmapped: clear their bits
 * @as: the space, locked for writing
 * @a: the area, about to leave the tree
 */
void axas_dirty_forget(struct axas_space *as, struct axas_area *a)
{
	lockdep_assert_held_write(&as->lock);
	if (a->dirty)
		bitmap_clear(a->dirty->bits, a->dirty_first,
			     axas_gpa_range_size(&a->range) >> AXAS_PAGE_SHIFT);
}

/**
 * axas_dirty_mark_all() - report every page of @a dirty
 * @as: the space, locked for writing
 * @a: a log-dirty area
 *
 * For a change that may have made its leaves writable (protect on a
 * format that tracks by write protection): no store can go unseen.
 */
void axas_dirty_mark_all(struct axas_space *as, struct axas_area *a)
{
	lockdep_assert_held_write(&as->lock);
	if (a->dirty)
		bitmap_set(a->dirty->bits, a->dirty_first,
			   axas_gpa_range_size(&a->range) >> AXAS_PAGE_SHIFT);
}

/**
 * axas_space_mark_dirty() - the module wrote [@gpa, @gpa + @len)
 * @as: the space, locked (for reading is enough)
 * @gpa: first guest address written
 * @len: bytes, non-zero
 *
 * Sets the software bit of every page of the range that lies in a
 * log-dirty area, with atomic bit operations.
 */
void axas_space_mark_dirty(struct axas_space *as, u64 gpa, u64 len)
{
	u64 end = gpa + len, last = end - 1;
	struct axas_area *a;

	lockdep_assert_held(&as->lock);
	for (a = axas_area_first(as, gpa, last); a;
	     a = axas_area_next(a, gpa, last)) {
		u64 s = ALIGN_DOWN(max(gpa, axas_area_start(a)), AXAS_PAGE_SIZE);
		u64 e = min(end, axas_area_end(a));

		if (!a->dirty)
			continue;
		for (; s < e; s += AXAS_PAGE_SIZE)
			set_bit(axas_dirty_bit(a, s), a->dirty->bits);
	}
}

/**
 * axas_dirty_write_fault() - a guest store faulted on present page @gpa
 * @as: the space, locked for reading
 * @a: the area, log-dirty, whose flags allow the store
 * @gpa: the page
 *
 * The page is logged first, then (write-protect formats) made writable
 * again: an upgrade, which needs no flush.
 */
void axas_dirty_write_fault(struct axas_space *as, struct axas_area *a,
			    u64 gpa)
{
	lockdep_assert_held_read(&as->lock);
	set_bit(axas_dirty_bit(a, gpa), a->dirty->bits);
	if (!as->pt.fmt.hw_dirty)
		axas_pt_set_write(&as->pt, axas_gpa(gpa), AXAS_PAGE_SIZE, true,
				  NULL);
}

/* Every page of [start, end) in a log-dirty area: 0 or -EINVAL. */
static int axas_dirty_covered(struct axas_space *as, u64 start, u64 end)
{
	struct axas_area *a;
	u64 at = start;

	for (a = axas_area_first(as, start, end - 1); a;
	     a = axas_area_next(a, start, end - 1)) {
		if (axas_area_start(a) > at || !a->dirty)
			return -EINVAL;
		at = axas_area_end(a);
	}
	return at >= end ? 0 : -EINVAL;
}

/* The result bitmap gets the part of a leaf inside [start, end). */
struct axas_dirty_out {
	unsigned long *bitmap;
	u64 start;
	u64 end;
	bool any;
};

static int axas_dirty_out_leaf(void *arg, const struct axas_pt_visit *v)
{
	struct axas_dirty_out *o = arg;
	u64 s = max(axas_gpa_val(v->gpa), o->start);
	u64 e = min(axas_gpa_val(v->gpa) + v->size, o->end);

	if (v->info.type != AXAS_PTE_LEAF || e <= s)
		return 0;
	bitmap_set(o->bitmap, (s - o->start) >> AXAS_PAGE_SHIFT,
		   (e - s) >> AXAS_PAGE_SHIFT);
	o->any = true;
	return 0;
}

/* A young harvest without clearing: a plain walk for accessed leaves. */
static int axas_young_out_leaf(void *arg, const struct axas_pt_visit *v)
{
	return v->info.accessed ? axas_dirty_out_leaf(arg, v) : 0;
}

/*
 * Re-arm the pages of [start, end) whose bits are set in @bitmap (bit 0:
 * @start): hardware dirty bits cleared or leaves write-protected, either
 * way gathered into @g.
 */
static void axas_dirty_rearm(struct axas_space *as, u64 start, u64 end,
			     const unsigned long *bitmap,
			     struct axas_space_gather *g)
{
	unsigned long n = (end - start) >> AXAS_PAGE_SHIFT, i = 0, j;

	for (;;) {
		u64 gpa, size;

		i = find_next_bit(bitmap, n, i);
		if (i >= n)
			break;
		j = find_next_zero_bit(bitmap, n, i);
		gpa = start + ((u64)i << AXAS_PAGE_SHIFT);
		size = (u64)(j - i) << AXAS_PAGE_SHIFT;
		if (as->pt.fmt.hw_dirty)
			axas_pt_test_clear_dirty(&as->pt, axas_gpa(gpa), size,
						 true, &g->pt, NULL, NULL);
		else
			axas_pt_set_write(&as->pt, axas_gpa(gpa), size, false,
					  &g->pt);
		i = j;
	}
}

/* The software bits of [start, end) into @bitmap; cleared with @clear. */
static void axas_dirty_collect(struct axas_space *as, u64 start, u64 end,
			       unsigned long *bitmap, bool clear)
{
	struct axas_area *a;

	for (a = axas_area_first(as, start, end - 1); a;
	     a = axas_area_next(a, start, end - 1)) {
		u64 s = max(start, axas_area_start(a));
		u64 e = min(end, axas_area_end(a)), gpa;

		for (gpa = s; gpa < e; gpa += AXAS_PAGE_SIZE) {
			unsigned long bit = axas_dirty_bit(a, gpa);
			bool d = clear ? __test_and_clear_bit(bit, a->dirty->bits) :
					 test_bit(bit, a->dirty->bits);

			if (d)
				__set_bit((gpa - start) >> AXAS_PAGE_SHIFT,
					  bitmap);
		}
		cond_resched();
	}
}

/* Check [gpa, gpa + size) and start an empty bitmap for it in @o. */
static int axas_dirty_out_init(struct axas_space *as, axas_gpa_t gpa,
			       u64 size, unsigned long *bitmap,
			       struct axas_dirty_out *o)
{
	u64 start = axas_gpa_val(gpa), end;
	int ret;

	ret = axas_space_check(as, start, size, &end);
	if (ret)
		return ret;
	*o = (struct axas_dirty_out){
		.bitmap = bitmap, .start = start, .end = end,
	};
	bitmap_zero(bitmap, size >> AXAS_PAGE_SHIFT);
	return 0;
}

/**
 * axas_space_get_dirty_log() - the dirty pages of a range
 * @as: the space
 * @gpa: first GPA, 4 KiB aligned
 * @size: bytes, a non-zero multiple of 4 KiB, every page of them in a
 *	log-dirty area
 * @bitmap: kernel bitmap of @size / 4 KiB bits, filled (bit i: the page
 *	at @gpa + i * 4 KiB)
 * @clear: get and clear atomically: the space is locked for writing, the
 *	pages reported are re-armed (software bits and hardware dirty bits
 *	cleared, or leaves write-protected) and the change flushed
 *
 * Without @clear nothing changes: a second call reports the same pages
 * and every page written since.
 *
 * Return: 0; -EINVAL (alignment, size, a page not in a log-dirty area);
 * -ERANGE (outside the space).
 */
int axas_space_get_dirty_log(struct axas_space *as, axas_gpa_t gpa, u64 size,
			     unsigned long *bitmap, bool clear)
{
	struct axas_dirty_out o;
	struct axas_space_gather g;
	int ret;

	ret = axas_dirty_out_init(as, gpa, size, bitmap, &o);
	if (ret)
		return ret;
	if (clear)
		down_write(&as->lock);
	else
		down_read(&as->lock);
	ret = axas_dirty_covered(as, o.start, o.end);
	if (ret)
		goto out;
	axas_dirty_collect(as, o.start, o.end, bitmap, clear);
	if (!clear) {
		if (as->pt.fmt.hw_dirty)
			ret = axas_pt_test_clear_dirty(&as->pt, gpa, size, false,
						       NULL, axas_dirty_out_leaf,
						       &o);
		goto out;
	}
	axas_space_gather_init(as, &g);
	if (as->pt.fmt.hw_dirty)
		/* the bits set by the CPU: harvested and cleared at once */
		ret = axas_pt_test_clear_dirty(&as->pt, gpa, size, true, &g.pt,
					       axas_dirty_out_leaf, &o);
	else
		axas_dirty_rearm(as, o.start, o.end, bitmap, &g);
	axas_space_gather_finish(&g);
out:
	if (clear)
		up_write(&as->lock);
	else
		up_read(&as->lock);
	return ret;
}
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_space_get_dirty_log);

/**
 * axas_space_clear_dirty_log() - re-arm the pages set in @bitmap
 * @as: the space
 * @gpa: first GPA, 4 KiB aligned
 * @size: bytes, a non-zero multiple of 4 KiB, every page of them in a
 *	log-dirty area
 * @bitmap: bit i set: clear the page at @gpa + i * 4 KiB
 *
 * KVM's manual-protect clear: each page named loses its software bit and
 * its hardware dirty bit, or is write-protected again, so that the next
 * store to it is logged again; pages not named are left alone.  The
 * change is flushed before the call returns.
 *
 * Return: as axas_space_get_dirty_log().
 */
int axas_space_clear_dirty_log(struct axas_space *as, axas_gpa_t gpa,
			       u64 size, const unsigned long *bitmap)
{
	u64 start = axas_gpa_val(gpa), end;
	struct axas_space_gather g;
	struct axas_area *a;
	int ret;

	ret = axas_space_check(as, start, size, &end);
	if (ret)
		return ret;
	down_write(&as->lock);
	ret = axas_dirty_covered(as, start, end);
	if (ret)
		goto out;
	for (a = axas_area_first(as, start, end - 1); a;
	     a = axas_area_next(a, start, end - 1)) {
		u64 s = max(start, axas_area_start(a));
		u64 e = min(end, axas_area_end(a)), at;

		for (at = s; at < e; at += AXAS_PAGE_SIZE)
			if (test_bit((at - start) >> AXAS_PAGE_SHIFT, bitmap))
				__clear_bit(axas_dirty_bit(a, at), a->dirty->bits);
		cond_resched();
	}
	axas_space_gather_init(as, &g);
	axas_dirty_rearm(as, start, end, bitmap, &g);
	axas_space_gather_finish(&g);
out:
	up_write(&as->lock);
	return ret;
}
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_space_clear_dirty_log);

/**
 * axas_space_get_young() - the accessed pages of a range
 * @as: the space
 * @gpa: first GPA, 4 KiB aligned
 * @size: bytes, a non-zero multiple of 4 KiB, inside the space
 * @bitmap: kernel bitmap of @size / 4 KiB bits, filled: a page is set
 *	when the leaf mapping it has its accessed flag
 * @clear: also clear the accessed flags (one atomic step per leaf, with
 *	the space locked for writing) and flush the range
 *
 * Holes and lazy pages not present read as not accessed.
 *
 * Return: 0; -EINVAL; -ERANGE.
 */
int axas_space_get_young(struct axas_space *as, axas_gpa_t gpa, u64 size,
			 unsigned long *bitmap, bool clear)
{
	struct axas_dirty_out o;
	struct axas_space_gather g;
	int ret;

	ret = axas_dirty_out_init(as, gpa, size, bitmap, &o);
	if (ret)
		return ret;
	if (!clear) {
		down_read(&as->lock);
		ret = axas_pt_walk(&as->pt, gpa, size, 0, axas_young_out_leaf,
				   &o);
		up_read(&as->lock);
		return ret;
	}
	down_write(&as->lock);
	axas_space_gather_init(as, &g);
	ret = axas_pt_test_clear_young(&as->pt, gpa, size, false,
				       axas_dirty_out_leaf, &o);
	if (o.any) {
		g.pt.start = o.start;
		g.pt.end = o.end;
	}
	axas_space_gather_finish(&g);
	up_write(&as->lock);
	return ret;
}
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_space_get_young);
