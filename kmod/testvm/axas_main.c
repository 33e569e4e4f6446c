// SPDX-License-Identifier: GPL-2.0
/*
 * axaddrspace_testvm: the module and /dev/axaddrspace_testvm.  Each open
 * file is one vCPU; AXAS_TESTVM_RUN runs it, AXAS_TESTVM_INFO says how.
 *
 * The backend follows the CPU (axas_arch_backend()): SVM on AMD (and
 * Hygon), VMX on Intel (and other VMX vendors), stage 2 at EL2 on arm64.
 */
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/uaccess.h>
#include "axas_testvm.h"

const struct axas_backend_ops *axas_backend;

static int axas_testvm_open(struct inode *inode, struct file *file)
{
	struct axas_vcpu *v = axas_vcpu_create();

	if (IS_ERR(v))
		return PTR_ERR(v);
	file->private_data = v;
	return 0;
}

static int axas_testvm_release(struct inode *inode, struct file *file)
{
	axas_vcpu_destroy(file->private_data);
	return 0;
}

static long axas_testvm_run_ioctl(struct axas_vcpu *v, void __user *uarg)
{
	struct axas_testvm_run in, run;
	u32 usize;
	int ret;

	if (get_user(usize, (u32 __user *)uarg))
		return -EFAULT;
	if (usize < sizeof(in) || usize > PAGE_SIZE)
		return -EINVAL;
	ret = copy_struct_from_user(&in, sizeof(in), uarg, usize);
	if (ret)
		return ret;
	if (in.flags)
		return -EINVAL;
	/* the inputs; every output starts at zero */
	run = (struct axas_testvm_run){
		.size = sizeof(run), .space_fd = in.space_fd,
		.timeout_ms = in.timeout_ms, .regs = in.regs,
	};
	ret = axas_vcpu_run(v, &run);
	if (ret)
		return ret;
	if (copy_to_user(uarg, &run, sizeof(run)))
		return -EFAULT;
	return 0;
}

static long axas_testvm_info_ioctl(void __user *uarg)
{
	struct axas_testvm_info info = *axas_backend->info;
	u32 usize;

	if (get_user(usize, (u32 __user *)uarg))
		return -EFAULT;
	if (usize < sizeof(info) || usize > PAGE_SIZE)
		return -EINVAL;
	info.size = sizeof(info);
	if (copy_to_user(uarg, &info, sizeof(info)))
		return -EFAULT;
	return 0;
}

static long axas_testvm_ioctl(struct file *file, unsigned int cmd,
			      unsigned long arg)
{
	switch (cmd) {
	case AXAS_TESTVM_RUN:
		return axas_testvm_run_ioctl(file->private_data,
					     (void __user *)arg);
	case AXAS_TESTVM_INFO:
		return axas_testvm_info_ioctl((void __user *)arg);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations axas_testvm_fops = {
	.owner = THIS_MODULE,
	.open = axas_testvm_open,
	.release = axas_testvm_release,
	.unlocked_ioctl = axas_testvm_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice axas_testvm_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "axaddrspace_testvm",
	.fops = &axas_testvm_fops,
};

static int __init axas_testvm_init(void)
{
	int ret;

	axas_backend = axas_arch_backend();
	if (!axas_backend)
		return -ENODEV;
	ret = axas_backend->init();
	if (ret)
		return ret;
	ret = misc_register(&axas_testvm_dev);
	if (ret)
		goto err_backend;
	pr_info("axaddrspace_testvm: %s\n", axas_backend->name);
	return 0;

err_backend:
	axas_backend->exit();
	return ret;
}

static void __exit axas_testvm_exit(void)
{
	misc_deregister(&axas_testvm_dev);
	axas_backend->exit();
}

module_init(axas_testvm_init);
module_exit(axas_testvm_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("axaddrspace test hypervisor (AMD SVM with NPT, Intel VMX with EPT, arm64 stage 2)");
MODULE_IMPORT_NS(AXADDRSPACE);
