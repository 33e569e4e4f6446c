// SPDX-License-Identifier: GPL-2.0
/*
 * axaddrspace: guest physical address spaces over second-stage page tables.
 *
 * Module entry points: the init ladder and its unwind, bottom layer first
 * (the space layer's area cache, then /dev/axaddrspace).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/init.h>
#include "axas.h"
#include "dev/dev.h"
#include "space/addrspace.h"

static int __init axas_mod_init(void)
{
	int ret;

	ret = axas_space_init();
	if (ret)
		goto err_space;
	ret = axas_dev_init();
	if (ret)
		goto err_dev;

	pr_info("version %s loaded\n", AXAS_VERSION_STR);
	return 0;

err_dev:
	axas_space_exit();
err_space:
	return ret;
}

static void __exit axas_mod_exit(void)
{
	axas_dev_exit();
	axas_space_exit();
}

module_init(axas_mod_init);
module_exit(axas_mod_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Guest physical address spaces over EPT, NPT, stage-2 and G-stage tables");
MODULE_AUTHOR("The axaddrspace developers");
MODULE_VERSION(AXAS_VERSION_STR);
