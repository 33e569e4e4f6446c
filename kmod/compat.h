/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one place where differences between the kernels we support
 * (Debian's 6.1 and 6.12, and the 6.12 debug test kernel) are handled.
 */
#ifndef _AXAS_COMPAT_H
#define _AXAS_COMPAT_H

#include <linux/backing-dev.h>
#include <linux/gfp.h>
#include <linux/hugetlb.h>
#include <linux/mm.h>
#include <linux/sched/user.h>
#include <linux/version.h>

/* vm_flags became read-only, with setters, in 6.3. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
#define axas_vm_flags_set(vma, flags) vm_flags_set(vma, flags)
#define axas_vm_flags_clear(vma, flags) vm_flags_clear(vma, flags)
#else
#define axas_vm_flags_set(vma, flags) ((vma)->vm_flags |= (flags))
#define axas_vm_flags_clear(vma, flags) ((vma)->vm_flags &= ~(flags))
#endif

/*
 * Up to @nr pages into the NULL slots of @pages; the number of slots
 * filled.  6.14 renamed alloc_pages_bulk_array() to alloc_pages_bulk().
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 14, 0)
#define axas_alloc_pages_bulk(gfp, nr, pages) alloc_pages_bulk(gfp, nr, pages)
#else
#define axas_alloc_pages_bulk(gfp, nr, pages) alloc_pages_bulk_array(gfp, nr, pages)
#endif

/*
 * user_struct has its locked_vm (pins charged to RLIMIT_MEMLOCK, shared
 * by every process of the user) only when one of its users is built in;
 * the condition is include/linux/sched/user.h's, the same on 6.1 and
 * 6.12.  Without it, pins are charged to the pinning mm alone.
 */
#if defined(CONFIG_NET) || defined(CONFIG_IO_URING) || \
	defined(CONFIG_VFIO_PCI_ZDEV_KVM) || IS_ENABLED(CONFIG_IOMMUFD) || \
	defined(CONFIG_SECRETMEM)
#define AXAS_HAVE_USER_LOCKED_VM 1
static inline atomic_long_t *axas_user_locked_vm(struct user_struct *user)
{
	return &user->locked_vm;
}
#else
#define AXAS_HAVE_USER_LOCKED_VM 0
static inline atomic_long_t *axas_user_locked_vm(struct user_struct *user)
{
	return NULL;
}
#endif

/*
 * A long-term writable pin of a shared file mapping that the filesystem
 * writes back (ext4, xfs: not shmem, not hugetlbfs) lets the device write
 * pages the filesystem believes clean; 6.5 refuses it in GUP (-EFAULT).
 * Before, the module refuses it the same way, checking the VMAs and
 * pinning under one hold of the mmap_lock so that no mapping can change
 * in between.
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 5, 0)
static inline bool axas_vma_pin_refused(struct vm_area_struct *vma)
{
	struct address_space *mapping;

	if ((vma->vm_flags & (VM_SHARED | VM_WRITE)) != (VM_SHARED | VM_WRITE))
		return false;
	if (vma->vm_ops && (vma->vm_ops->page_mkwrite || vma->vm_ops->pfn_mkwrite))
		return true;
	if (is_vm_hugetlb_page(vma) || !vma->vm_file)
		return false;
	mapping = vma->vm_file->f_mapping;
	return mapping && mapping_can_writeback(mapping);
}

static inline long axas_pin_user_longterm(unsigned long start,
					  unsigned long nr,
					  struct page **pages)
{
	unsigned long end = start + (nr << PAGE_SHIFT);
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;
	struct vma_iterator vmi;
	long ret = 0;

	mmap_read_lock(mm);
	vma_iter_init(&vmi, mm, start);
	for_each_vma_range(vmi, vma, end) {
		if (axas_vma_pin_refused(vma)) {
			ret = -EFAULT;
			break;
		}
	}
	if (!ret)
		ret = pin_user_pages(start, nr, FOLL_WRITE | FOLL_LONGTERM,
				     pages, NULL);
	mmap_read_unlock(mm);
	return ret;
}
#else
static inline long axas_pin_user_longterm(unsigned long start,
					  unsigned long nr,
					  struct page **pages)
{
	return pin_user_pages_fast(start, nr, FOLL_WRITE | FOLL_LONGTERM,
				   pages);
}
#endif

#endif /* _AXAS_COMPAT_H */
