// SPDX-License-Identifier: GPL-2.0
/*
 * The user backend: a VMM's own memory backs guest RAM, as a KVM memslot
 * does, except that the pages are pinned (FOLL_LONGTERM) for as long as
 * they are mapped instead of being tracked with MMU notifiers.
 *
 * Pins are charged to the pinning user's locked_vm against RLIMIT_MEMLOCK
 * (as io_uring and RDMA do), so that a user's processes share one limit:
 * forking, or handing the space descriptor to another process, does not
 * give more.  They also show in the pinning mm's pinned_vm (VmPin).  The
 * charge travels with the page array and is dropped once, page by page,
 * as pages are unpinned.  Neither needs the mmap_lock, so pages can be
 * unpinned with the space lock held.  Pages are pinned
 * before the space lock is taken: pinning may fault on user memory, and
 * the lock order is mmap_lock -> space lock.
 *
 * The page array is shared by the areas a user area is split into; each
 * area holds a reference, and each page is unpinned when its leaf is
 * unmapped.
 */
#include <linux/capability.h>
#include <linux/lockdep.h>
#include <linux/cred.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include "space.h"
#include "../compat.h"
#include "../pgtable/export.h"

/**
 * struct axas_user_pages - pinned pages of one MAP_USER call
 * @ref: areas using the array
 * @mm: the mm whose pinned_vm shows the pins (grabbed)
 * @user: the user charged for them (referenced)
 * @nr_pages: slots in @pages
 * @pages: the pinned pages; NULL once unpinned
 */
struct axas_user_pages {
	refcount_t ref;
	struct mm_struct *mm;
	struct user_struct *user;
	unsigned long nr_pages;
	struct page **pages;
};

static atomic_long_t axas_user_pinned_total = ATOMIC_LONG_INIT(0);

/**
 * axas_user_global_pinned() - user pages pinned by every space
 *
 * Return: the module-wide count.
 */
long axas_user_global_pinned(void)
{
	return atomic_long_read(&axas_user_pinned_total);
}
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_user_global_pinned);

/*
 * Charge @n pins to @user (and show them in @mm): -ENOMEM past the
 * caller's RLIMIT_MEMLOCK, unless it has CAP_IPC_LOCK.  The limit is
 * checked and the charge taken in one step, so racing pinners of the same
 * user cannot both pass it.
 */
static int axas_user_charge(struct user_struct *user, struct mm_struct *mm,
			    unsigned long n)
{
	unsigned long limit = rlimit(RLIMIT_MEMLOCK) >> PAGE_SHIFT;
	atomic_long_t *locked = axas_user_locked_vm(user);
	bool unlimited = capable(CAP_IPC_LOCK);
	long cur, next;

	if (locked) {
		cur = atomic_long_read(locked);
		do {
			if (check_add_overflow(cur, (long)n, &next) ||
			    (!unlimited && next > limit))
				return -ENOMEM;
		} while (!atomic_long_try_cmpxchg(locked, &cur, next));
		atomic64_add(n, &mm->pinned_vm);
		return 0;
	}
	/* no per-user counter in this kernel: the mm's alone */
	next = atomic64_add_return(n, &mm->pinned_vm);
	if (next > limit && !unlimited) {
		atomic64_sub(n, &mm->pinned_vm);
		return -ENOMEM;
	}
	return 0;
}

static void axas_user_uncharge(struct user_struct *user, struct mm_struct *mm,
			       unsigned long n)
{
	atomic_long_t *locked = axas_user_locked_vm(user);

	if (locked)
		atomic_long_sub(n, locked);
	atomic64_sub(n, &mm->pinned_vm);
}

/* Unpin @n pages from slot @idx; the guest may have written them. */
static void axas_user_unpin(struct axas_space *as, struct axas_user_pages *up,
			    unsigned long idx, unsigned long n)
{
	unsigned long i, done = 0;

	for (i = idx; i < idx + n; i++) {
		if (!up->pages[i])
			continue;
		unpin_user_pages_dirty_lock(&up->pages[i], 1, true);
		up->pages[i] = NULL;
		done++;
	}
	axas_user_uncharge(up->user, up->mm, done);
	atomic_long_sub(done, &axas_user_pinned_total);
	if (as)
		atomic_long_sub(done, &as->nr_pinned);
}

static void axas_user_free(struct axas_user_pages *up)
{
	kvfree(up->pages);
	mmdrop(up->mm);
	free_uid(up->user);
	kfree(up);
}

/*
 * An area stops using @up: with the last reference every page still
 * pinned is unpinned (taken from @as's pin count unless @as is NULL) and
 * the array freed.
 */
static void axas_user_put(struct axas_space *as, struct axas_user_pages *up)
{
	if (!refcount_dec_and_test(&up->ref))
		return;
	axas_user_unpin(as, up, 0, up->nr_pages);
	axas_user_free(up);
}

/*
 * Pin @n pages at @uaddr writable, 2 MiB at a time.  Only a fatal signal
 * stops it (-EINTR): a VMM that kicks its threads with signals would
 * otherwise pin gigabytes again and again.
 */
static int axas_user_pin(unsigned long uaddr, unsigned long n,
			 struct axas_user_pages **out)
{
	const unsigned long batch = AXAS_SZ_2M >> PAGE_SHIFT;
	struct user_struct *user = current_user();
	struct mm_struct *mm = current->mm;
	struct axas_user_pages *up;
	unsigned long done = 0;
	int ret;

	/* the page array must stay a sane allocation (kvmalloc warns) */
	if (n > INT_MAX / sizeof(struct page *))
		return -ENOMEM;
	/* the limit first: nothing is allocated for a request over it */
	ret = axas_user_charge(user, mm, n);
	if (ret)
		return ret;
	ret = -ENOMEM;
	up = kzalloc(sizeof(*up), GFP_KERNEL_ACCOUNT);
	if (!up)
		goto err_uncharge;
	up->pages = kvcalloc(n, sizeof(*up->pages), GFP_KERNEL_ACCOUNT);
	if (!up->pages)
		goto err_free;
	refcount_set(&up->ref, 1);
	up->nr_pages = n;
	up->mm = mm;
	mmgrab(mm);
	up->user = get_uid(user);

	while (done < n) {
		if (done && fatal_signal_pending(current)) {
			ret = -EINTR;
			goto err_unpin;
		}
		ret = axas_pin_user_longterm(uaddr + (done << PAGE_SHIFT),
					     min(n - done, batch),
					     up->pages + done);
		if (ret <= 0) {
			ret = ret ? ret : -EFAULT;
			goto err_unpin;
		}
		atomic_long_add(ret, &axas_user_pinned_total);
		done += ret;
		cond_resched();
	}
	*out = up;
	return 0;

err_unpin:
	/* charged for all n, pinned done: unpinning uncharges those */
	axas_user_uncharge(user, mm, n - done);
	axas_user_unpin(NULL, up, 0, done);
	axas_user_free(up);
	return ret;
err_free:
	kfree(up);
err_uncharge:
	axas_user_uncharge(user, mm, n);
	return ret;
}

/* Map @up's pages in physically contiguous runs (huge leaves allowed). */
static int axas_user_map(struct axas_space *as, struct axas_area *a)
{
	struct axas_user_pages *up = a->priv.user.pages;
	unsigned long i = 0, n = up->nr_pages;
	u64 start = axas_area_start(a);
	int ret = 0;

	lockdep_assert_held_write(&as->lock);
	while (i < n) {
		unsigned long pfn = page_to_pfn(up->pages[i]), j = i + 1;

		while (j < n && page_to_pfn(up->pages[j]) == pfn + (j - i))
			j++;
		ret = axas_pt_map(&as->pt, axas_gpa(start + ((u64)i << PAGE_SHIFT)),
				  axas_hpa(PFN_PHYS(pfn)), (u64)(j - i) << PAGE_SHIFT,
				  axas_area_leaf_flags(as, a),
				  axas_area_pt_opts(a, false));
		if (ret)
			break;
		i = j;
	}
	/* undo the runs mapped so far: whole leaves, nothing to split */
	if (ret && i)
		axas_space_unwind(as, start, start + ((u64)i << PAGE_SHIFT),
				  NULL);
	return ret;
}

/* A change of [start, end) was flushed: unpin the pages behind it. */
static void axas_user_reclaim(struct axas_space *as, struct axas_area *a,
			      u64 start, u64 end)
{
	unsigned long idx = a->priv.user.first +
			    ((start - axas_area_start(a)) >> PAGE_SHIFT);

	lockdep_assert_held_write(&as->lock);
	axas_user_unpin(as, a->priv.user.pages, idx, (end - start) >> PAGE_SHIFT);
}

/* Before the space is locked: check the caller's memory and pin it. */
static int axas_user_prepare(struct axas_space *as, struct axas_area *a)
{
	unsigned long uaddr = a->priv.user.uaddr, uend;
	u64 size = axas_gpa_range_size(&a->range);

	BUILD_BUG_ON(PAGE_SIZE != AXAS_PAGE_SIZE);
	if (!PAGE_ALIGNED(uaddr) || check_add_overflow(uaddr, size, &uend))
		return -EINVAL;
	if (!access_ok((void __user *)uaddr, size))
		return -EFAULT;
	return axas_user_pin(uaddr, size >> PAGE_SHIFT, &a->priv.user.pages);
}

static int axas_user_map_area(struct axas_space *as, struct axas_area *a)
{
	int ret = axas_user_map(as, a);

	if (!ret)
		atomic_long_add(a->priv.user.pages->nr_pages, &as->nr_pinned);
	return ret;
}

/* The map failed: the area never took the pages; unpin and free them. */
static void axas_user_cancel(struct axas_space *as, struct axas_area *a)
{
	axas_user_put(NULL, a->priv.user.pages);
}

static void axas_user_split(struct axas_area *lo, struct axas_area *hi,
			    u64 delta)
{
	refcount_inc(&hi->priv.user.pages->ref);
	hi->priv.user.first += delta >> AXAS_PAGE_SHIFT;
}

static void axas_user_destroy(struct axas_space *as, struct axas_area *a)
{
	axas_user_put(as, a->priv.user.pages);
}

static const struct axas_backend_ops axas_user_ops = {
	.kind = AXAS_BACKEND_USER,
	.kernel_mapped = true,
	.prepare = axas_user_prepare,
	.map = axas_user_map_area,
	.cancel = axas_user_cancel,
	.reclaim = axas_user_reclaim,
	.split = axas_user_split,
	.destroy = axas_user_destroy,
};

/**
 * axas_space_map_user_opts() - back [@gpa, @gpa + @size) with the caller's
 *	memory
 * @as: the space
 * @gpa: first GPA, 4 KiB aligned
 * @size: bytes, a non-zero multiple of 4 KiB
 * @flags: AXAS_MAP_* flags
 * @uaddr: the caller's memory, 4 KiB aligned and writable
 * @opts: AXAS_SPACE_LOG_DIRTY to log dirty pages (4 KiB leaves then)
 *
 * The pages are pinned (FOLL_LONGTERM | FOLL_WRITE) and charged to
 * RLIMIT_MEMLOCK before the space is locked; physically contiguous runs
 * get huge leaves.  Every pin is released on failure.
 *
 * Return: 0; -EINVAL (alignment, size, flags); -ERANGE; -EEXIST; -EFAULT
 * (@uaddr not mapped writable); -ENOMEM (also RLIMIT_MEMLOCK); -EINTR.
 */
int axas_space_map_user_opts(struct axas_space *as, axas_gpa_t gpa, u64 size,
			     u32 flags, unsigned long uaddr, u32 opts)
{
	union axas_area_priv priv = { .user = { .uaddr = uaddr } };

	if (opts & ~AXAS_SPACE_LOG_DIRTY)
		return -EINVAL;
	return axas_space_map(as, gpa, size, flags, opts, &axas_user_ops,
			      &priv);
}
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_space_map_user_opts);

/**
 * axas_space_map_user() - axas_space_map_user_opts() without logging
 * @as: the space
 * @gpa: first GPA, 4 KiB aligned
 * @size: bytes, a non-zero multiple of 4 KiB
 * @flags: AXAS_MAP_* flags
 * @uaddr: the caller's memory, 4 KiB aligned and writable
 *
 * Return: as axas_space_map_user_opts().
 */
int axas_space_map_user(struct axas_space *as, axas_gpa_t gpa, u64 size,
			u32 flags, unsigned long uaddr)
{
	return axas_space_map_user_opts(as, gpa, size, flags, uaddr, 0);
}
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_space_map_user);
