// SPDX-License-Identifier: GPL-2.0
/*
 * Table-driven ioctl dispatch: size negotiation, zero-tail checks, the
 * copy back and the installation of new descriptors, so that handlers
 * only see a fully initialised kernel copy and never leak a descriptor.
 */
#include <linux/errno.h>
#include <linux/fcntl.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/uaccess.h>
#include <linux/string.h>
#include "ioctl.h"

/**
 * axas_ucmd_new_fd() - give a new file a descriptor once the call succeeds
 * @ucmd: the call
 * @file: the file (its reference passes to the call)
 * @fd: set to the descriptor number the caller will see
 *
 * The descriptor is reserved now (O_CLOEXEC) and installed by the
 * dispatcher after the argument naming it was copied back; if that copy
 * fails, the file is released and the descriptor number returned.
 *
 * Return: 0, or -EMFILE (and @file released).
 */
int axas_ucmd_new_fd(struct axas_ucmd *ucmd, struct file *file, int *fd)
{
	int ufd = get_unused_fd_flags(O_CLOEXEC);

	if (ufd < 0) {
		fput(file);
		return ufd;
	}
	ucmd->new_file = file;
	ucmd->new_fd = ufd;
	*fd = ufd;
	return 0;
}

/**
 * axas_ioctl_dispatch() - run one ioctl through a table
 * @ops: the table
 * @nr_ops: its number of rows
 * @file: the file the ioctl was issued on
 * @cmd: the command
 * @arg: the user pointer to its argument
 *
 * The argument starts with a __u32 size.  A size below the row's minimum
 * is -EINVAL; a size above the kernel's structure must have a zero tail
 * (-E2BIG otherwise, from copy_struct_from_user()).  The kernel copy is
 * zero-filled, so a short caller gets zeroes in the fields it does not
 * know, and handlers never read uninitialised bytes.
 *
 * Return: the handler's result, -ENOTTY for an unknown command, -EBADF for
 * a modifying command on a file not open for writing, -EFAULT for an
 * unreadable or unwritable argument.
 */
long axas_ioctl_dispatch(const struct axas_ioctl_op *ops, size_t nr_ops,
			 struct file *file, unsigned int cmd,
			 unsigned long arg)
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
	if (op->write && !(file->f_mode & FMODE_WRITE))
		return -EBADF;
	if (WARN_ON_ONCE(op->size > sizeof(buf)))
		return -EOVERFLOW;

	ucmd.file = file;
	ucmd.ubuf = (void __user *)arg;
	ucmd.cmd = buf;
	ucmd.new_fd = -1;
	if (get_user(ucmd.user_size, (u32 __user *)ucmd.ubuf))
		return -EFAULT;
	if (ucmd.user_size < op->min_size)
		return -EINVAL;
	ret = copy_struct_from_user(buf, op->size, ucmd.ubuf, ucmd.user_size);
	if (ret)
		return ret;

	ret = op->execute(&ucmd);
	if (ret && ret != -EMSGSIZE)
		goto out;
	if (copy_to_user(ucmd.ubuf, buf, min_t(u32, ucmd.user_size, op->size)))
		ret = -EFAULT;
out:
	if (ucmd.new_file) {
		if (ret) {
			fput(ucmd.new_file);
			put_unused_fd(ucmd.new_fd);
		} else {
			fd_install(ucmd.new_fd, ucmd.new_file);
		}
	}
	return ret;
}
