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
 * Internal symbols the KUnit module tests directly are exported, in a
 * namespace of their own, only when KUnit is built.
 */
#if IS_ENABLED(CONFIG_KUNIT)
#define AXAS_EXPORT_FOR_TESTS(sym) EXPORT_SYMBOL_NS_GPL(sym, AXADDRSPACE_INTERNAL)
#else
#define AXAS_EXPORT_FOR_TESTS(sym)
#endif

#endif /* _AXAS_COMPAT_H */
