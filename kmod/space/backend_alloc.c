// SPDX-License-Identifier: GPL-2.0
/*
 * The alloc backend: zeroed 4 KiB frames from the HAL, installed when the
 * area is created (populate) or when the guest first touches a page.
 *
 * Each 2 MiB aligned 2 MiB of an area (unless it opted out or logs dirty
 * pages) is first offered one 2 MiB block of the HAL (alloc_huge), mapped
 * by one 2 MiB leaf; when the HAL has none at hand it gets 512 frames as
 * any other part.  The block's frames are independent 4 KiB frames from
 * the start (the kernel HAL splits it), so that an unmap or protect that
 * splits the leaf, the space's mmap and destroy treat them as any frame.
 */
#include <linux/bitmap.h>
#include <linux/lockdep.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/rwsem.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include "space.h"
#include "../pgtable/export.h"

/* Removed leaves: their frames are freed once the change is flushed. */
static void axas_alloc_gather(struct axas_space_gather *g, axas_hpa_t hpa,
			      u64 size)
{
	u64 off;

	for (off = 0; off < size; off += AXAS_PAGE_SIZE)
		axas_space_gather_frame(g, axas_hpa_add(hpa, off));
}

static void axas_alloc_release(struct axas_space_gather *g,
			       struct axas_area *a, u64 gpa, axas_hpa_t hpa,
			       u64 size)
{
	axas_alloc_gather(g, hpa, size);
}

static void axas_alloc_unwind(void *arg, axas_gpa_t gpa, axas_hpa_t hpa,
			      u64 size)
{
	axas_alloc_gather(arg, hpa, size);
}

/*
 * Whether the 2 MiB at @w (2 MiB aligned) is offered a 2 MiB block: all
 * of it inside @a, which neither opted out nor logs dirty pages (a dirty
 * bit stands for 4 KiB: see the huge-leaf policy in design.rst).
 */
static bool axas_alloc_huge_ok(const struct axas_space *as,
			       const struct axas_area *a, u64 w)
{
	return !a->priv.alloc.nohuge && !a->dirty && as->hal.ops->alloc_huge &&
	       IS_ALIGNED(w, AXAS_SZ_2M) && w >= axas_area_start(a) &&
	       w < axas_area_end(a) && axas_area_end(a) - w >= AXAS_SZ_2M;
}

/* Map one zeroed frame at @gpa. */
static int axas_alloc_install(struct axas_space *as, u64 gpa, u32 flags)
{
	axas_hpa_t pa;
	int ret;

	ret = axas_hal_alloc_frame(&as->hal, true, &pa);
	if (ret)
		return ret;
	ret = axas_pt_map(&as->pt, axas_gpa(gpa), pa, AXAS_PAGE_SIZE, flags,
			  AXAS_PT_NOHUGE);
	if (ret)
		axas_hal_dealloc_frame(&as->hal, pa);
	return ret;
}

/*
 * A 2 MiB block for the 2 MiB at @gpa, mapped by one leaf.  -EAGAIN: the
 * HAL has none (fall back to 4 KiB frames).
 */
static int axas_alloc_install_huge(struct axas_space *as, u64 gpa, u32 flags)
{
	axas_hpa_t pa;
	unsigned int i;
	int ret;

	if (axas_hal_alloc_huge(&as->hal, &pa))
		return -EAGAIN;
	ret = axas_pt_map(&as->pt, axas_gpa(gpa), pa, AXAS_SZ_2M, flags, 0);
	if (ret)
		for (i = 0; i < AXAS_HUGE_FRAMES; i++)
			axas_hal_dealloc_frame(&as->hal,
					       axas_hpa_add(pa, (u64)i <<
							    AXAS_PAGE_SHIFT));
	return ret;
}

/*
 * Frames of a populate, allocated before the space is locked and linked
 * through their struct page's lru in GPA order; mapped (and so taken off
 * the list) under the lock.  Bit r of @huge: run r (the r-th piece of at
 * most 2 MiB from the area's start, each ending at a 2 MiB boundary) is
 * one 2 MiB block, to be mapped by one leaf.
 */
struct axas_alloc_batch {
	struct list_head frames;
	unsigned long nr;
	unsigned long *huge;
	axas_hpa_t pas[AXAS_SZ_2M >> AXAS_PAGE_SHIFT];
};

static void axas_alloc_batch_free(struct axas_space *as,
				  struct axas_alloc_batch *b)
{
	if (!b)
		return;
	axas_space_free_frames(as, &b->frames);
	kvfree(b->huge);
	kfree(b);
}

/* The runs of at most 2 MiB, each ending at a 2 MiB boundary, of @a. */
static unsigned long axas_alloc_runs(const struct axas_area *a)
{
	return (ALIGN(axas_area_end(a), AXAS_SZ_2M) -
		ALIGN_DOWN(axas_area_start(a), AXAS_SZ_2M)) / AXAS_SZ_2M;
}

/*
 * The frames of the run at @gpa (2 MiB aligned when @huge_ok) into @pas:
 * one 2 MiB block if the HAL has one, else @n frames.  Return: 1 for a
 * block, 0 for frames, or -ENOMEM.
 */
static int axas_alloc_run(struct axas_space *as, axas_hpa_t *pas,
			  unsigned int n, bool huge_ok)
{
	unsigned int i;

	if (huge_ok && !axas_hal_alloc_huge(&as->hal, &pas[0])) {
		for (i = 1; i < n; i++)
			pas[i] = axas_hpa_add(pas[0], (u64)i << AXAS_PAGE_SHIFT);
		return 1;
	}
	return axas_hal_alloc_frames(&as->hal, true, pas, n);
}

/*
 * axas_alloc_prepare() - allocate every frame of a populate, unlocked
 * @as: the space, not locked: allocating and zeroing gigabytes takes
 *	seconds, which faults, reads and other changes of the space need
 *	not wait for
 * @a: the new area
 *
 * Run by run of at most 2 MiB: the frames of a run come from the HAL in
 * one call (the kernel's bulk allocator).  Only a fatal signal stops it
 * (a VMM kicking its threads with signals must not redo gigabytes); on any
 * failure every frame is freed again.
 *
 * Return: 0, -EEXIST (the range is taken: nothing is allocated), -ENOMEM
 * or -EINTR.
 */
static int axas_alloc_prepare(struct axas_space *as, struct axas_area *a)
{
	u64 start = axas_area_start(a), end = axas_area_end(a), gpa = start;
	struct axas_alloc_batch *b;
	unsigned long run = 0;
	unsigned int i, n;
	bool taken;
	int ret = 0;

	if (!a->priv.alloc.populate)
		return 0;
	/* the common mistake costs no gigabytes (checked again when locked) */
	down_read(&as->lock);
	taken = axas_area_first(as, start, end - 1);
	up_read(&as->lock);
	if (taken)
		return -EEXIST;
	b = kmalloc(sizeof(*b), GFP_KERNEL_ACCOUNT);
	if (!b)
		return -ENOMEM;
	INIT_LIST_HEAD(&b->frames);
	b->nr = 0;
	b->huge = NULL;
	if (axas_alloc_huge_ok(as, a, ALIGN(start, AXAS_SZ_2M))) {
		b->huge = kvcalloc(BITS_TO_LONGS(axas_alloc_runs(a)),
				   sizeof(long), GFP_KERNEL_ACCOUNT);
		if (!b->huge) {
			kfree(b);
			return -ENOMEM;
		}
	}
	while (gpa < end) {
		u64 next = min(end, ALIGN_DOWN(gpa, AXAS_SZ_2M) + AXAS_SZ_2M);

		/* every 2 MiB: a short populate is never interrupted */
		if (gpa > start) {
			if (fatal_signal_pending(current)) {
				ret = -EINTR;
				break;
			}
			cond_resched();
		}
		n = (next - gpa) >> AXAS_PAGE_SHIFT;
		ret = axas_alloc_run(as, b->pas, n,
				     b->huge && axas_alloc_huge_ok(as, a, gpa));
		if (ret < 0)
			break;
		if (ret)
			__set_bit(run, b->huge);
		ret = 0;
		for (i = 0; i < n; i++)
			axas_space_gather_page(&b->frames, b->pas[i]);
		b->nr += n;
		gpa = next;
		run++;
	}
	if (ret) {
		axas_alloc_batch_free(as, b);
		return ret;
	}
	a->priv.alloc.batch = b;
	return 0;
}

/*
 * axas_alloc_populate() - map the frames axas_alloc_prepare() allocated
 * @as: the space, locked for writing
 * @a: the area, not yet in the tree
 *
 * Run by run of at most 2 MiB, with one descent of the table each, not
 * one walk per page; a run that is one 2 MiB block gets one 2 MiB leaf
 * (4 KiB leaves on a format without 2 MiB leaves).  On failure every frame it installed is unmapped
 * and gathered, and the rest stays for axas_alloc_cancel().
 *
 * Return: 0 or -ENOMEM.
 */
static int axas_alloc_populate(struct axas_space *as, struct axas_area *a)
{
	u64 start = axas_area_start(a), end = axas_area_end(a), gpa = start;
	struct axas_alloc_batch *b = a->priv.alloc.batch;
	u32 flags = axas_area_leaf_flags(as, a);
	unsigned long run = 0;
	unsigned int i, n;
	int ret = 0;

	lockdep_assert_held_write(&as->lock);
	while (gpa < end) {
		u64 next = min(end, ALIGN_DOWN(gpa, AXAS_SZ_2M) + AXAS_SZ_2M);

		n = (next - gpa) >> AXAS_PAGE_SHIFT;
		for (i = 0; i < n; i++)
			b->pas[i] = axas_space_ungather_page(&b->frames);
		if (b->huge && test_bit(run, b->huge))
			ret = axas_pt_map(&as->pt, axas_gpa(gpa), b->pas[0],
					  AXAS_SZ_2M, flags, 0);
		else
			ret = axas_pt_map_pages(&as->pt, axas_gpa(gpa), b->pas,
						n, flags);
		if (ret) {
			/* back on the list, for the cancel to free */
			for (i = 0; i < n; i++)
				axas_space_gather_page(&b->frames, b->pas[i]);
			break;
		}
		gpa = next;
		run++;
	}
	if (ret) {
		if (gpa > start)
			axas_space_unwind(as, start, gpa, axas_alloc_unwind);
		return ret;
	}
	/* every frame is the table's now */
	kvfree(b->huge);
	kfree(b);
	a->priv.alloc.batch = NULL;
	return 0;
}

/* The map failed or never ran: free what the prepare allocated. */
static void axas_alloc_cancel(struct axas_space *as, struct axas_area *a)
{
	axas_alloc_batch_free(as, a->priv.alloc.batch);
	a->priv.alloc.batch = NULL;
}

/*
 * axas_alloc_fault() - install a frame for a lazy page, once
 * @as: the space, locked for reading
 * @a: the area containing @gpa
 * @gpa: the page
 *
 * Serialised by the fault lock: a page already present (another fault won
 * the race) is left as it is and nothing is allocated.  In a 2 MiB that
 * may have a 2 MiB block (axas_alloc_huge_ok()) and has no page yet, the
 * whole 2 MiB is installed at once, by one leaf; else (or when the HAL has
 * no block at hand) the page alone.
 *
 * Return: 0 or -ENOMEM.
 */
/* axas_pt_walk() callback: stop at the first leaf. */
static int axas_alloc_any_leaf(void *arg, const struct axas_pt_visit *v)
{
	return 1;
}

static int axas_alloc_fault(struct axas_space *as, struct axas_area *a,
			    u64 gpa)
{
	u64 w = ALIGN_DOWN(gpa, AXAS_SZ_2M);
	u32 flags = axas_area_leaf_flags(as, a);
	struct axas_pt_entry e;
	int ret = 0;

	lockdep_assert_held_read(&as->lock);
	mutex_lock(&as->fault_lock);
	if (axas_pt_query(&as->pt, axas_gpa(gpa), &e)) {
		ret = -EAGAIN;
		/* no leaf in the 2 MiB: a walk that stops at the first one */
		if (axas_alloc_huge_ok(as, a, w) &&
		    !axas_pt_walk(&as->pt, axas_gpa(w), AXAS_SZ_2M, 0,
				  axas_alloc_any_leaf, NULL))
			ret = axas_alloc_install_huge(as, w, flags);
		if (ret == -EAGAIN)
			ret = axas_alloc_install(as, gpa, flags);
		if (!ret)
			atomic_long_inc(&as->nr_faults);
	}
	mutex_unlock(&as->fault_lock);
	return ret;
}

static int axas_alloc_map(struct axas_space *as, struct axas_area *a)
{
	return a->priv.alloc.populate ? axas_alloc_populate(as, a) : 0;
}

static void axas_alloc_describe(const struct axas_area *a,
				struct axas_area_info *out)
{
	out->populate = a->priv.alloc.populate;
	out->nohuge = a->priv.alloc.nohuge;
}

static const struct axas_backend_ops axas_alloc_ops = {
	.kind = AXAS_BACKEND_ALLOC,
	.kernel_mapped = true,
	.prepare = axas_alloc_prepare,
	.map = axas_alloc_map,
	.cancel = axas_alloc_cancel,
	.fault = axas_alloc_fault,
	.release = axas_alloc_release,
	.describe = axas_alloc_describe,
};

/**
 * axas_space_map_alloc_opts() - back [@gpa, @gpa + @size) with zeroed
 *	frames
 * @as: the space
 * @gpa: first GPA, 4 KiB aligned
 * @size: bytes, a non-zero multiple of 4 KiB
 * @flags: AXAS_MAP_* flags
 * @opts: AXAS_SPACE_POPULATE to allocate and map every frame now (else on
 *	fault), AXAS_SPACE_LOG_DIRTY to log dirty pages, AXAS_SPACE_NOHUGE
 *	for 4 KiB frames and leaves only
 *
 * Each 2 MiB aligned 2 MiB of the range that has no dirty log and no
 * AXAS_SPACE_NOHUGE is backed by one 2 MiB block of the HAL, mapped by one
 * 2 MiB leaf, when the HAL has one at hand; else by 512 frames.  A
 * populate can be interrupted by a fatal signal; it then unwinds
 * completely.
 *
 * Return: 0; -EINVAL; -ERANGE; -EEXIST; -ENOMEM; -EINTR.
 */
int axas_space_map_alloc_opts(struct axas_space *as, axas_gpa_t gpa,
			      u64 size, u32 flags, u32 opts)
{
	union axas_area_priv priv = {
		.alloc = {
			.populate = opts & AXAS_SPACE_POPULATE,
			.nohuge = opts & AXAS_SPACE_NOHUGE,
		},
	};

	if (opts & ~(AXAS_SPACE_POPULATE | AXAS_SPACE_LOG_DIRTY |
		     AXAS_SPACE_NOHUGE))
		return -EINVAL;
	return axas_space_map(as, gpa, size, flags, opts, &axas_alloc_ops,
			      &priv);
}
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_space_map_alloc_opts);

/**
 * axas_space_map_alloc() - axas_space_map_alloc_opts() without logging
 * @as: the space
 * @gpa: first GPA, 4 KiB aligned
 * @size: bytes, a non-zero multiple of 4 KiB
 * @flags: AXAS_MAP_* flags
 * @populate: allocate and map every frame now; otherwise on fault
 *
 * Return: as axas_space_map_alloc_opts().
 */
int axas_space_map_alloc(struct axas_space *as, axas_gpa_t gpa, u64 size,
			 u32 flags, bool populate)
{
	return axas_space_map_alloc_opts(as, gpa, size, flags,
					 populate ? AXAS_SPACE_POPULATE : 0);
}
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_space_map_alloc);
