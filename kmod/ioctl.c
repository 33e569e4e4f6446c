// SPDX-License-Identifier: GPL-2.0
/*
 * Table-driven ioctl dispatch: size negotiation, zero-tail checks and the
 * copy back, so that handlers only see a fully initialised kernel copy.
 */
#include <linux/errno.h>
#include <linux/uaccess.h>
#include <linux/string.h>
#include <linux/build_bug.h>
#include "ioctl.h"

/**
 * axas_ioctl_dispatch() - run one ioctl through a table
 * @ops: the table
 * @nr_ops: its number of rows
 * @ctx: the object the ioctl was issued on
 * @cmd: the command
 * @arg: the user pointer to its argument
 *
 * The argument starts with a __u32 size.  A size below the row's minimum
 * is -EINVAL; a size above the kernel's structure must have a zero tail
 * (-E2BIG otherwise, from copy_struct_from_user()).  The kernel copy is
 * zero-filled, so a short caller gets zeroes in the fields it does not
 * know, and handlers never read uninitialised bytes.
 *
 * Return: the handler's result, -ENOTTY for an unknown command, -EFAULT for
 * an unreadable or unwritable argument.
 */
long axas_ioctl_dispatch(const struct axas_ioctl_op *ops, size_t nr_ops,
			 void *ctx, unsigned int cmd, unsigned long arg)
{
	u64 buf[AXAS_IOCTL_MAX_SIZE / sizeof(u64)];
	const struct axas_ioctl_op *op = NULL;
	struct axas_ucmd ucmd = {};
	size_t i;
	int ret;

	for (i = 0; i < nr_ops; i++) {
		if (ops[i].ioctl_num == cmd) {
			op = &ops[i];
			break;
		}
	}
	if (!op)
		return -ENOTTY;
	if (WARN_ON_ONCE(op->size > sizeof(buf)))
		return -EOVERFLOW;

	ucmd.ctx = ctx;
	ucmd.ubuf = (void __user *)arg;
	ucmd.cmd = buf;
	if (get_user(ucmd.user_size, (u32 __user *)ucmd.ubuf))
		return -EFAULT;
	if (ucmd.user_size < op->min_size)
		return -EINVAL;
	ret = copy_struct_from_user(buf, op->size, ucmd.ubuf, ucmd.user_size);
	if (ret)
		return ret;

	ret = op->execute(&ucmd);
	if (ret)
		return ret;
	if (copy_to_user(ucmd.ubuf, buf, min_t(u32, ucmd.user_size, op->size)))
		return -EFAULT;
	return 0;
}
