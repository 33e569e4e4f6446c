// SPDX-License-Identifier: GPL-2.0
/*
 * The alloc backend: zeroed 4 KiB frames from the HAL, installed when the
 * area is created (populate) or when the guest first touches a page.
 */
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
 * Frames of a populate, allocated before the space is locked and linked
 * through their struct page's lru; mapped (and so taken off the list)
 * under the lock.
 */
struct axas_alloc_batch {
	struct list_head frames;
	unsigned long nr;
	axas_hpa_t pas[AXAS_SZ_2M >> AXAS_PAGE_SHIFT];
};

static void axas_alloc_batch_free(struct axas_space *as,
				  struct axas_alloc_batch *b)
{
	if (!b)
		return;
	axas_space_free_frames(as, &b->frames);
	kfree(b);
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
		ret = axas_hal_alloc_frames(&as->hal, true, b->pas, n);
		if (ret)
			break;
		for (i = 0; i < n; i++)
			axas_space_gather_page(&b->frames, b->pas[i]);
		b->nr += n;
		gpa = next;
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
 * one walk per page.  On failure every frame it installed is unmapped
 * and gathered, and the rest stays for axas_alloc_cancel().
 *
 * Return: 0 or -ENOMEM.
 */
static int axas_alloc_populate(struct axas_space *as, struct axas_area *a)
{
	u64 start = axas_area_start(a), end = axas_area_end(a), gpa = start;
	struct axas_alloc_batch *b = a->priv.alloc.batch;
	u32 flags = axas_area_leaf_flags(as, a);
	unsigned int i, n;
	int ret = 0;

	lockdep_assert_held_write(&as->lock);
	while (gpa < end) {
		u64 next = min(end, ALIGN_DOWN(gpa, AXAS_SZ_2M) + AXAS_SZ_2M);

		n = (next - gpa) >> AXAS_PAGE_SHIFT;
		for (i = 0; i < n; i++)
			b->pas[i] = axas_space_ungather_page(&b->frames);
		ret = axas_pt_map_pages(&as->pt, axas_gpa(gpa), b->pas, n, flags);
		if (ret) {
			/* back on the list, for the cancel to free */
			for (i = 0; i < n; i++)
				axas_space_gather_page(&b->frames, b->pas[i]);
			break;
		}
		gpa = next;
	}
	if (ret) {
		if (gpa > start)
			axas_space_unwind(as, start, gpa, axas_alloc_unwind);
		return ret;
	}
	/* every frame is the table's now */
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
 * the race) is left as it is and nothing is allocated.
 *
 * Return: 0 or -ENOMEM.
 */
static int axas_alloc_fault(struct axas_space *as, struct axas_area *a,
			    u64 gpa)
{
	struct axas_pt_entry e;
	int ret = 0;

	lockdep_assert_held_read(&as->lock);
	mutex_lock(&as->fault_lock);
	if (axas_pt_query(&as->pt, axas_gpa(gpa), &e)) {
		ret = axas_alloc_install(as, gpa, axas_area_leaf_flags(as, a));
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
 *	fault), AXAS_SPACE_LOG_DIRTY to log dirty pages
 *
 * A populate can be interrupted by a fatal signal; it then unwinds
 * completely.
 *
 * Return: 0; -EINVAL; -ERANGE; -EEXIST; -ENOMEM; -EINTR.
 */
int axas_space_map_alloc_opts(struct axas_space *as, axas_gpa_t gpa,
			      u64 size, u32 flags, u32 opts)
{
	union axas_area_priv priv = {
		.alloc = { .populate = opts & AXAS_SPACE_POPULATE },
	};

	if (opts & ~(AXAS_SPACE_POPULATE | AXAS_SPACE_LOG_DIRTY))
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
