// SPDX-License-Identifier: GPL-2.0
/*
 * The writers of a space: one skeleton that every backend's map goes
 * through, and unmap, protect, clear and the fault handler.
 *
 * Every writer allocates what it may need (the area struct, split areas;
 * the engine reserves its own table pages) before it changes anything, so
 * each operation either completes or leaves the space exactly as it was.
 */
#include <linux/lockdep.h>
#include <linux/minmax.h>
#include <linux/overflow.h>
#include "space.h"
#include "../pgtable/export.h"

/**
 * axas_space_check() - validate a range of a map, unmap or protect
 * @as: the space
 * @gpa: first GPA
 * @size: bytes
 * @end: set to @gpa + @size
 *
 * Return: 0; -EINVAL unless 4 KiB aligned and non-empty; -ERANGE when it
 * overflows or leaves the space.
 */
int axas_space_check(const struct axas_space *as, u64 gpa, u64 size, u64 *end)
{
	if (!size || !IS_ALIGNED(gpa, AXAS_PAGE_SIZE) ||
	    !IS_ALIGNED(size, AXAS_PAGE_SIZE))
		return -EINVAL;
	if (check_add_overflow(gpa, size, end) ||
	    gpa < axas_gpa_val(as->range.start) ||
	    *end > axas_gpa_val(as->range.end))
		return -ERANGE;
	return 0;
}

/*
 * axas_space_check_map() - validate the range and flags of a map or protect
 * @as: the space
 * @gpa: first GPA
 * @size: bytes
 * @flags: AXAS_MAP_* flags
 * @end: set to @gpa + @size
 *
 * Return: as axas_space_check(), or -EINVAL for flags the format cannot
 * express.
 */
static int axas_space_check_map(const struct axas_space *as, u64 gpa,
				u64 size, u32 flags, u64 *end)
{
	int ret = axas_space_check(as, gpa, size, end);

	return ret ? ret : axas_fmt_check_flags(&as->pt.fmt, flags);
}

/**
 * axas_space_map() - the skeleton of every map: a new area over a range
 * @as: the space
 * @gpa: first GPA, 4 KiB aligned
 * @size: bytes, a non-zero multiple of 4 KiB
 * @flags: AXAS_MAP_* flags
 * @opts: AXAS_SPACE_LOG_DIRTY for an area with a dirty log; other bits
 *	are the backend's
 * @ops: the backend
 * @priv: the backend's data for the new area
 *
 * The range and flags are checked, the area (and its dirty log) allocated
 * and the backend's @prepare run before the space is locked; then an overlap is refused and
 * the backend's @map installs the entries.  Nothing is left behind on
 * failure.
 *
 * Return: 0; -EINVAL; -ERANGE; -EEXIST; -ENOMEM; or the backend's error.
 */
int axas_space_map(struct axas_space *as, axas_gpa_t gpa, u64 size, u32 flags,
		   u32 opts, const struct axas_backend_ops *ops,
		   const union axas_area_priv *priv)
{
	u64 start = axas_gpa_val(gpa), end;
	struct axas_area *a;
	int ret;

	ret = axas_space_check_map(as, start, size, flags, &end);
	if (ret)
		return ret;
	a = axas_area_alloc();
	if (!a)
		return -ENOMEM;
	a->range.start = gpa;
	a->range.end = axas_gpa(end);
	a->flags = flags;
	a->ops = ops;
	a->priv = *priv;
	if (opts & AXAS_SPACE_LOG_DIRTY) {
		a->dirty = axas_dirty_map_alloc(size >> AXAS_PAGE_SHIFT);
		if (!a->dirty) {
			ret = -ENOMEM;
			goto err_free;
		}
	}
	ret = ops->prepare ? ops->prepare(as, a) : 0;
	if (ret)
		goto err_free;

	down_write(&as->lock);
	ret = axas_area_first(as, start, end - 1) ? -EEXIST : ops->map(as, a);
	if (!ret) {
		axas_space_write_begin(as);
		axas_area_insert(as, a);
		axas_space_write_end(as);
	}
	up_write(&as->lock);
	if (!ret)
		return 0;
	if (ops->cancel)
		ops->cancel(as, a);
err_free:
	axas_area_free(a);
	return ret;
}

/* Remove an area whose range is unmapped, and free it. */
static void axas_space_drop_area(struct axas_space *as, struct axas_area *a)
{
	axas_dirty_forget(as, a);
	axas_area_erase(as, a);
	if (a->ops->destroy)
		a->ops->destroy(as, a);
	axas_area_free(a);
}

/* Engine callback of every unmap: the backend gathers what a leaf mapped. */
static void axas_space_leaf_removed(void *arg, axas_gpa_t gpa, axas_hpa_t hpa,
				    u64 size)
{
	struct axas_space_gather *g = arg;
	struct axas_area *a = g->area;

	if (!a || !axas_gpa_range_contains(&a->range, gpa)) {
		a = axas_area_find(g->as, axas_gpa_val(gpa));
		g->area = a;
	}
	if (a && a->ops->release)
		a->ops->release(g, a, axas_gpa_val(gpa), hpa, size);
}

/**
 * axas_space_unwind() - undo a map in progress: the area is not in the tree
 * @as: the space, locked for writing
 * @start: first GPA the map installed
 * @end: first GPA after what it installed; whole leaves only
 * @fn: gathers what a removed leaf mapped (its argument is the
 *	struct axas_space_gather), or NULL
 *
 * The guest may have used the entries already: they are flushed before
 * anything @fn gathered is freed.
 */
void axas_space_unwind(struct axas_space *as, u64 start, u64 end,
		       axas_pt_leaf_fn fn)
{
	struct axas_space_gather g;

	axas_space_gather_init(as, &g);
	/* whole leaves: no split, so no allocation, so no failure */
	WARN_ON_ONCE(axas_pt_unmap_gather(&as->pt, axas_gpa(start),
					  end - start, fn, &g, &g.pt));
	axas_space_gather_finish(&g);
}

/*
 * Remove the entries of [start, end), both checked: host mappings first,
 * then the table; then flush, free the tables, and let each area's
 * backend reclaim what it had there.  The data frames of alloc areas go
 * to @freed, for the caller to free once it dropped the lock; the areas
 * themselves are left to the caller too.
 */
static int axas_space_remove(struct axas_space *as, u64 start, u64 end,
			     struct axas_area *whole, struct list_head *freed)
{
	struct axas_space_gather g;
	struct axas_area *a;
	int ret;

	axas_space_gather_init(as, &g);
	g.area = whole;
	axas_space_zap(as, start, end);
	ret = axas_pt_unmap_gather(&as->pt, axas_gpa(start), end - start,
				   axas_space_leaf_removed, &g, &g.pt);
	/* all of it (clear): one flush of the whole space */
	if (g.pt.start < g.pt.end && start == axas_gpa_val(as->range.start) &&
	    end == axas_gpa_val(as->range.end)) {
		g.pt.start = start;
		g.pt.end = end;
	}
	axas_space_gather_flush(&g);
	list_splice_tail(&g.frames, freed);
	if (ret)
		return ret;
	if (whole) {
		if (whole->ops->reclaim)
			whole->ops->reclaim(as, whole, start, end);
		return 0;
	}
	for (a = axas_area_first(as, start, end - 1); a;
	     a = axas_area_next(a, start, end - 1))
		if (a->ops->reclaim)
			a->ops->reclaim(as, a, max(start, axas_area_start(a)),
					min(end, axas_area_end(a)));
	return 0;
}

/**
 * axas_space_zap() - tell the space's user that [@start, @end) goes away
 * @as: the space, locked for writing
 * @start: first GPA
 * @end: first GPA after the range
 *
 * Called before the frames behind the range are freed, so that host
 * mappings of them (mmap of a space file) are removed first.
 */
void axas_space_zap(struct axas_space *as, u64 start, u64 end)
{
	lockdep_assert_held_write(&as->lock);
	if (as->zap)
		as->zap(as->zap_priv, start, end);
}

/* Preallocate the areas that cutting [start, end) out will create. */
static int axas_space_spares(struct axas_space *as, u64 start, u64 end,
			     struct axas_area **spares)
{
	unsigned int i, n = axas_area_splits(as, start, end);

	for (i = 0; i < n; i++) {
		spares[i] = axas_area_alloc();
		if (!spares[i])
			return -ENOMEM;
	}
	return 0;
}

static void axas_space_split(struct axas_space *as, u64 start, u64 end,
			     struct axas_area **spares)
{
	axas_area_split_at(as, start, &spares[0]);
	axas_area_split_at(as, end, spares[0] ? &spares[0] : &spares[1]);
}

/*
 * Unmap (@unmap) or protect [start, end), both checked: the areas that
 * cutting the range out creates are allocated first, then the table
 * changes, then the areas are split and dropped or given @flags.
 */
static int axas_space_change(struct axas_space *as, u64 start, u64 end,
			     bool unmap, u32 flags)
{
	struct axas_area *spares[2] = {}, *a, *next, *whole;
	struct axas_space_gather g;
	LIST_HEAD(freed);
	int ret = 0;

	down_write(&as->lock);
	/* exactly one area, the range: nothing to split (areas never overlap) */
	whole = axas_area_first(as, start, end - 1);
	if (whole && (axas_area_start(whole) != start ||
		      axas_area_end(whole) != end))
		whole = NULL;
	if (!whole)
		ret = axas_space_spares(as, start, end, spares);
	if (ret)
		goto out;
	axas_space_write_begin(as);
	if (unmap) {
		ret = axas_space_remove(as, start, end, whole, &freed);
	} else {
		axas_space_gather_init(as, &g);
		ret = axas_pt_protect_gather(&as->pt, axas_gpa(start),
					     end - start, flags, &g.pt);
		axas_space_gather_finish(&g);
	}
	if (ret)
		goto out_seq;
	if (!whole)
		axas_space_split(as, start, end, spares);
	for (a = whole ?: axas_area_first(as, start, end - 1); a; a = next) {
		next = whole ? NULL : axas_area_next(a, start, end - 1);
		if (unmap) {
			axas_space_drop_area(as, a);
			continue;
		}
		a->flags = flags;
		/* leaves that became writable: no store may go unlogged */
		if ((flags & AXAS_MAP_WRITE) && !as->pt.fmt.hw_dirty)
			axas_dirty_mark_all(as, a);
	}
out_seq:
	axas_space_write_end(as);
out:
	up_write(&as->lock);
	axas_space_free_frames(as, &freed);
	axas_area_free(spares[0]);
	axas_area_free(spares[1]);
	return ret;
}

/**
 * axas_space_unmap() - unmap any 4 KiB-aligned range
 * @as: the space
 * @gpa: first GPA
 * @size: bytes
 *
 * Frames of alloc areas are freed, huge leaves partly in the range split,
 * emptied table pages freed, areas shrunk, split or removed.  Holes are
 * fine.
 *
 * Return: 0; -EINVAL; -ERANGE; -ENOMEM (nothing changed then).
 */
int axas_space_unmap(struct axas_space *as, axas_gpa_t gpa, u64 size)
{
	u64 start = axas_gpa_val(gpa), end;
	int ret;

	ret = axas_space_check(as, start, size, &end);
	return ret ? ret : axas_space_change(as, start, end, true, 0);
}
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_space_unmap);

/**
 * axas_space_protect() - change the flags of every area in a range
 * @as: the space
 * @gpa: first GPA
 * @size: bytes
 * @flags: the new AXAS_MAP_* flags
 *
 * Mapped leaves change now; lazy pages get the new flags when they fault.
 *
 * Return: 0; -EINVAL; -ERANGE; -ENOMEM (nothing changed then).
 */
int axas_space_protect(struct axas_space *as, axas_gpa_t gpa, u64 size,
		       u32 flags)
{
	u64 start = axas_gpa_val(gpa), end;
	int ret;

	ret = axas_space_check_map(as, start, size, flags, &end);
	return ret ? ret : axas_space_change(as, start, end, false, flags);
}
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_space_protect);

/**
 * axas_space_clear() - unmap everything; only the root table remains
 * @as: the space
 */
void axas_space_clear(struct axas_space *as)
{
	struct axas_area *a, *next;
	u64 start = axas_gpa_val(as->range.start);
	u64 last = axas_gpa_val(as->range.end) - 1;
	LIST_HEAD(freed);

	down_write(&as->lock);
	axas_space_write_begin(as);
	/* no leaf crosses the space's edges: nothing to split, cannot fail */
	WARN_ON_ONCE(axas_space_remove(as, start, last + 1, NULL, &freed));
	for (a = axas_area_first(as, start, last); a; a = next) {
		next = axas_area_next(a, start, last);
		axas_space_drop_area(as, a);
	}
	axas_space_write_end(as);
	up_write(&as->lock);
	axas_space_free_frames(as, &freed);
}
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_space_clear);

/**
 * axas_space_handle_fault() - resolve a second-stage fault at @gpa
 * @as: the space
 * @gpa: the faulting guest physical address
 * @access: the AXAS_MAP_READ/WRITE/EXECUTE access that faulted
 *
 * A lazy page gets a zeroed frame; a page already present is left alone
 * (two racing faults allocate one frame), but on the formats whose CPUs
 * are not assumed to update accessed flags (arm64 stage 2, RISC-V) its
 * flag is set again after a young harvest cleared it.  A write in a
 * log-dirty area logs the page and, on the formats that track by write
 * protection, gives it its write permission back.  Runs concurrently with other
 * readers.
 *
 * Return: 0 when @gpa is now mapped; -EINVAL for a bad @access; -ERANGE
 * outside the space; -EFAULT when no area covers @gpa; -EACCES when the
 * area does not allow @access; -ENOMEM.
 */
int axas_space_handle_fault(struct axas_space *as, axas_gpa_t gpa, u32 access)
{
	u64 addr = axas_gpa_val(gpa);
	struct axas_area *a;
	int ret = 0;

	if (!access || access & ~(AXAS_MAP_READ | AXAS_MAP_WRITE | AXAS_MAP_EXECUTE))
		return -EINVAL;
	if (!axas_gpa_range_contains(&as->range, gpa))
		return -ERANGE;

	down_read(&as->lock);
	a = axas_area_find(as, addr);
	if (!a)
		ret = -EFAULT;
	else if (access & ~a->flags)
		ret = -EACCES;
	else if (a->ops->fault)
		ret = a->ops->fault(as, a, ALIGN_DOWN(addr, AXAS_PAGE_SIZE));
	/* a CPU without hardware A/D updates faults on a cleared flag */
	if (!ret && a && !as->pt.fmt.hw_dirty)
		axas_pt_mkyoung(&as->pt, axas_gpa(ALIGN_DOWN(addr, AXAS_PAGE_SIZE)),
				AXAS_PAGE_SIZE);
	if (!ret && a && a->dirty && (access & AXAS_MAP_WRITE))
		axas_dirty_write_fault(as, a, ALIGN_DOWN(addr, AXAS_PAGE_SIZE));
	up_read(&as->lock);
	return ret;
}
EXPORT_SYMBOL_AXAS_API(axas_space_handle_fault);

