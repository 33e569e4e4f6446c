/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one place where differences between the kernels we support
 * (Debian's 6.1 and 6.12, and the 6.12 debug test kernel) are handled.
 */
#ifndef _AXAS_COMPAT_H
#define _AXAS_COMPAT_H

#include <linux/version.h>
#include <linux/export.h>

/*
 * Internal symbols that the KUnit module calls are exported in a namespace
 * of their own, which only axaddrspace_kunit imports.  Since 6.13 the
 * namespace is a string literal.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 13, 0)
#define EXPORT_SYMBOL_AXAS_INTERNAL(sym) EXPORT_SYMBOL_NS_GPL(sym, "AXADDRSPACE_INTERNAL")
#else
#define EXPORT_SYMBOL_AXAS_INTERNAL(sym) EXPORT_SYMBOL_NS_GPL(sym, AXADDRSPACE_INTERNAL)
#endif

/* vm_flags became read-only, with setters, in 6.3. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
#define axas_vm_flags_set(vma, flags) vm_flags_set(vma, flags)
#else
#define axas_vm_flags_set(vma, flags) ((vma)->vm_flags |= (flags))
#endif

#endif /* _AXAS_COMPAT_H */
