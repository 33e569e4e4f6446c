// SPDX-License-Identifier: GPL-2.0
/*
 * axaddrspace_kunit: the KUnit suites of axaddrspace, one file per layer.
 * Each file registers its own suites with kunit_test_suites().
 */
#include <linux/module.h>
#include <linux/rcupdate.h>

/* The fake HAL frees unlinked tables through call_rcu(): let them run. */
static void __exit axas_kunit_exit(void)
{
	rcu_barrier();
}
module_exit(axas_kunit_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for axaddrspace");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
MODULE_IMPORT_NS(AXADDRSPACE);
