// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/axaddrspace: the misc device and its ioctls.
 */
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <uapi/linux/axaddrspace.h>
#include "axas.h"
#include "ioctl.h"

static int axas_ioc_version(struct axas_ucmd *ucmd)
{
	struct axas_version *v = ucmd->cmd;

	if (v->__reserved)
		return -EINVAL;
	v->size = sizeof(*v);
	v->api_version = AXAS_API_VERSION;
	v->module_version = AXAS_VERSION_CODE;
	return 0;
}

static const struct axas_ioctl_op axas_dev_ioctls[] = {
	AXAS_IOCTL_OP(AXAS_IOC_VERSION, axas_ioc_version, struct axas_version,
		      module_version),
};

static long axas_dev_ioctl(struct file *file, unsigned int cmd,
			   unsigned long arg)
{
	return axas_ioctl_dispatch(axas_dev_ioctls, ARRAY_SIZE(axas_dev_ioctls),
				   file, cmd, arg);
}

static const struct file_operations axas_dev_fops = {
	.owner = THIS_MODULE,
	.open = nonseekable_open,
	.unlocked_ioctl = axas_dev_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice axas_miscdev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "axaddrspace",
	.fops = &axas_dev_fops,
	.mode = 0600,
};

/**
 * axas_dev_init() - register /dev/axaddrspace
 *
 * Return: 0 or the error of misc_register().
 */
int axas_dev_init(void)
{
	return misc_register(&axas_miscdev);
}

/**
 * axas_dev_exit() - unregister /dev/axaddrspace
 */
void axas_dev_exit(void)
{
	misc_deregister(&axas_miscdev);
}
