/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal symbols that the tests call.
 *
 * A normal build exports none of them: EXPORT_SYMBOL_IF_KUNIT() exports
 * only on a kernel with KUnit, and then only into the namespace the KUnit
 * suites import.  The test harness builds with AXAS_TEST_BUILD=y, which
 * defines AXAS_TEST_EXPORTS so that the benchmark module also links on
 * kernels without KUnit (Debian's stock ones).  Since 6.13 a namespace is
 * a string literal.
 */
#ifndef _AXAS_PGTABLE_EXPORT_H
#define _AXAS_PGTABLE_EXPORT_H

#include <linux/export.h>
#include <linux/version.h>
#include <kunit/visibility.h>

#if !defined(AXAS_TEST_EXPORTS)
#define EXPORT_SYMBOL_IF_AXAS_TESTS(sym) EXPORT_SYMBOL_IF_KUNIT(sym)
#elif LINUX_VERSION_CODE >= KERNEL_VERSION(6, 13, 0)
#define EXPORT_SYMBOL_IF_AXAS_TESTS(sym) \
	EXPORT_SYMBOL_NS_GPL(sym, "EXPORTED_FOR_KUNIT_TESTING")
#else
#define EXPORT_SYMBOL_IF_AXAS_TESTS(sym) \
	EXPORT_SYMBOL_NS_GPL(sym, EXPORTED_FOR_KUNIT_TESTING)
#endif

/* The in-kernel API (<linux/axaddrspace.h>): exported on every kernel. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 13, 0)
#define EXPORT_SYMBOL_AXAS_API(sym) EXPORT_SYMBOL_NS_GPL(sym, "AXADDRSPACE")
#else
#define EXPORT_SYMBOL_AXAS_API(sym) EXPORT_SYMBOL_NS_GPL(sym, AXADDRSPACE)
#endif

#endif /* _AXAS_PGTABLE_EXPORT_H */
