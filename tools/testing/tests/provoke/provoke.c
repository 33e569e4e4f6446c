// SPDX-License-Identifier: GPL-2.0
/*
 * axas_provoke: deliberately produce the kernel reports that
 * tools/testing/collect.py must catch, to capture real console logs for
 * its tests (tools/testing/tests/logs/).  Never loaded by make check.
 *
 *   insmod axas_provoke.ko what=kasan|lockdep|leak
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/mutex.h>

static char *what = "";
module_param(what, charp, 0444);

static DEFINE_MUTEX(axas_provoke_a);
static DEFINE_MUTEX(axas_provoke_b);
static void *axas_provoke_leaked;

static noinline void axas_provoke_kasan(void)
{
	char *p = kmalloc(64, GFP_KERNEL);

	if (!p)
		return;
	kfree(p);
	/* use after free: KASAN must report it */
	OPTIMIZER_HIDE_VAR(p);
	pr_info("axas_provoke: read %d\n", READ_ONCE(p[8]));
}

static void axas_provoke_lockdep(void)
{
	/* A -> B, then B -> A: a possible circular locking dependency */
	mutex_lock(&axas_provoke_a);
	mutex_lock(&axas_provoke_b);
	mutex_unlock(&axas_provoke_b);
	mutex_unlock(&axas_provoke_a);
	mutex_lock(&axas_provoke_b);
	mutex_lock(&axas_provoke_a);
	mutex_unlock(&axas_provoke_a);
	mutex_unlock(&axas_provoke_b);
}

static noinline void axas_provoke_leak(void)
{
	int i;

	/* drop the only reference to each of these objects */
	for (i = 0; i < 4; i++) {
		WRITE_ONCE(axas_provoke_leaked, kmalloc(1024, GFP_KERNEL));
		if (axas_provoke_leaked)
			memset(axas_provoke_leaked, 0xa5, 1024);
	}
	WRITE_ONCE(axas_provoke_leaked, NULL);
}

static int __init axas_provoke_init(void)
{
	if (!strcmp(what, "kasan"))
		axas_provoke_kasan();
	else if (!strcmp(what, "lockdep"))
		axas_provoke_lockdep();
	else if (!strcmp(what, "leak"))
		axas_provoke_leak();
	return 0;
}

static void __exit axas_provoke_exit(void)
{
}

module_init(axas_provoke_init);
module_exit(axas_provoke_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Provokes kernel reports to test the axaddrspace log collector");
