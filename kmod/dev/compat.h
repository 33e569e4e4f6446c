/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one place where differences between the kernels we support
 * (Debian's 6.1 and 6.12, and the 6.12 debug test kernel) are handled.
 */
#ifndef _AXAS_DEV_COMPAT_H
#define _AXAS_DEV_COMPAT_H

#include <linux/mm.h>
#include <linux/version.h>

/* vm_flags became read-only, with setters, in 6.3. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
#define axas_vm_flags_set(vma, flags) vm_flags_set(vma, flags)
#else
#define axas_vm_flags_set(vma, flags) ((vma)->vm_flags |= (flags))
#endif

#endif /* _AXAS_DEV_COMPAT_H */
