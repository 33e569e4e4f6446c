/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Table-driven ioctl dispatch shared by /dev/axaddrspace and space fds,
 * in the manner of drivers/iommu/iommufd/main.c: one row per command with
 * its handler, its argument size and the minimum size a caller may pass.
 */
#ifndef _AXAS_IOCTL_H
#define _AXAS_IOCTL_H

#include <linux/stddef.h>
#include <linux/types.h>

struct file;

/**
 * struct axas_ucmd - one ioctl call being executed
 * @file: the file the ioctl was issued on
 * @ubuf: the user's argument
 * @user_size: the size the user declared in the first __u32 of @ubuf
 * @cmd: the kernel copy of the argument, zero-extended to the kernel's size
 * @new_file: a file the handler created for a new descriptor; installed
 *	as @new_fd only once the argument (which names it) is copied back
 * @new_fd: the descriptor reserved for @new_file
 */
struct axas_ucmd {
	struct file *file;
	void __user *ubuf;
	u32 user_size;
	void *cmd;
	struct file *new_file;
	int new_fd;
};

/**
 * struct axas_ioctl_op - one row of an ioctl table
 * @ioctl_num: the full command number
 * @size: size of the kernel's structure
 * @min_size: smallest size a caller may declare (end of the first version)
 * @write: the command modifies its object: -EBADF on a read-only file
 * @execute: the handler; returns 0 or a negative errno.  On success, and
 *	on -EMSGSIZE, the structure is copied back to the user, truncated to
 *	@user_size.
 */
struct axas_ioctl_op {
	unsigned int ioctl_num;
	u32 size;
	u32 min_size;
	bool write;
	int (*execute)(struct axas_ucmd *ucmd);
};

#define __AXAS_IOCTL_OP(_ioctl, _fn, _struct, _last, _write)		\
	{								\
		.ioctl_num = _ioctl,					\
		.size = sizeof(_struct),				\
		.min_size = offsetofend(_struct, _last),		\
		.write = _write,					\
		.execute = _fn,						\
	}
/* A command that only reads its object. */
#define AXAS_IOCTL_OP(_ioctl, _fn, _struct, _last)			\
	__AXAS_IOCTL_OP(_ioctl, _fn, _struct, _last, false)
/* A command that modifies it. */
#define AXAS_IOCTL_OP_W(_ioctl, _fn, _struct, _last)			\
	__AXAS_IOCTL_OP(_ioctl, _fn, _struct, _last, true)

long axas_ioctl_dispatch(const struct axas_ioctl_op *ops, size_t nr_ops,
			 struct file *file, unsigned int cmd,
			 unsigned long arg);
int axas_ucmd_new_fd(struct axas_ucmd *ucmd, struct file *file, int *fd);

/* Largest argument structure of any table. */
#define AXAS_IOCTL_MAX_SIZE	256

#endif /* _AXAS_IOCTL_H */
