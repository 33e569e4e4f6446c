// SPDX-License-Identifier: GPL-2.0
/*
 * axaddrspace_kunit: the KUnit suites of axaddrspace, one file per layer.
 * Each file registers its own suites with kunit_test_suites().
 */
#include <linux/minmax.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/rcupdate.h>
#include "suite.h"

/*
 * The share, in percent, of their default iteration counts that the long
 * randomised cases run: 100 by default; the harness passes less where
 * emulation makes every instruction expensive (arm64, riscv64).
 */
static unsigned int axas_kunit_scale = 100;
module_param_named(scale_pct, axas_kunit_scale, uint, 0444);
MODULE_PARM_DESC(scale_pct, "percent of the default iterations of the long random KUnit cases (1-100, default 100)");

/**
 * axas_kunit_iterations() - the iterations a long randomised case runs
 * @n: its default count
 *
 * Return: @n scaled by the module's scale_pct, at least a tenth of @n.
 */
unsigned int axas_kunit_iterations(unsigned int n)
{
	unsigned int pct = clamp(axas_kunit_scale, 10U, 100U);

	return max(1U, (unsigned int)((u64)n * pct / 100));
}

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
