/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one place where differences between the kernels we support
 * (Debian's 6.1 and 6.12, and the 6.12 debug test kernel) are handled.
 */
#ifndef _AXAS_COMPAT_H
#define _AXAS_COMPAT_H

#include <linux/gfp.h>
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

#endif /* _AXAS_COMPAT_H */
