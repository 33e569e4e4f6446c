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

/**
 * struct axas_ucmd - one ioctl call being executed
 * @ctx: the object the ioctl was issued on (device state or space file)
 * @ubuf: the user's argument
 * @user_size: the size the user declared in the first __u32 of @ubuf
 * @cmd: the kernel copy of the argument, zero-extended to the kernel's size
 */
struct axas_ucmd {
	void *ctx;
	void __user *ubuf;
	u32 user_size;
	void *cmd;
};

/**
 * struct axas_ioctl_op - one row of an ioctl table
 * @ioctl_num: the full command number
 * @size: size of the kernel's structure
 * @min_size: smallest size a caller may declare (end of the first version)
 * @execute: the handler; returns 0 or a negative errno.  On success the
 *	structure is copied back to the user, truncated to @user_size.
 */
struct axas_ioctl_op {
	unsigned int ioctl_num;
	u32 size;
	u32 min_size;
	int (*execute)(struct axas_ucmd *ucmd);
};

#define AXAS_IOCTL_OP(_ioctl, _fn, _struct, _last)			\
	{								\
		.ioctl_num = _ioctl,					\
		.size = sizeof(_struct),				\
		.min_size = offsetofend(_struct, _last),		\
		.execute = _fn,						\
	}

long axas_ioctl_dispatch(const struct axas_ioctl_op *ops, size_t nr_ops,
			 void *ctx, unsigned int cmd, unsigned long arg);

/* Largest argument structure of any table. */
#define AXAS_IOCTL_MAX_SIZE	256

#endif /* _AXAS_IOCTL_H */
