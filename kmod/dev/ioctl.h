/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Table-driven ioctl dispatch shared by /dev/axaddrspace and space fds,
 * in the manner of drivers/iommu/iommufd/main.c: one row per command,
 * indexed by its number, with its handler, its argument size and the
 * minimum size a caller may pass; and the helpers that copy listings out.
 */
#ifndef _AXAS_DEV_IOCTL_H
#define _AXAS_DEV_IOCTL_H

#include <linux/build_bug.h>
#include <linux/ioctl.h>
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
 * @size: size of the kernel's structure
 * @min_size: smallest size a caller may declare (end of the first version)
 * @write: the command modifies its object: -EBADF on a read-only file
 * @out: the structure has output fields, copied back on success; a
 *	modifying command without any is not copied back, so that once it
 *	has changed the object it cannot fail
 * @execute: the handler; returns 0 or a negative errno.  On success, and
 *	on -EMSGSIZE, the structure is copied back to the user, truncated to
 *	@user_size.
 */
struct axas_ioctl_op {
	u32 size;
	u32 min_size;
	bool write;
	bool out;
	int (*execute)(struct axas_ucmd *ucmd);
};

/* Largest argument structure of any table. */
#define AXAS_IOCTL_MAX_SIZE	256

/*
 * Row @_ioctl - @_first of a table whose first command number is @_first.
 * The build fails for an argument that does not start with its __u32
 * size, is not a multiple of 8 bytes or outgrows the dispatcher's buffer.
 */
#define __AXAS_IOCTL_OP(_first, _ioctl, _fn, _struct, _last, _write,	\
			_out)						\
	[_IOC_NR(_ioctl) - (_first)] = {				\
		.size = sizeof(_struct) +				\
			BUILD_BUG_ON_ZERO(offsetof(_struct, size)) +	\
			BUILD_BUG_ON_ZERO(sizeof(_struct) % 8) +	\
			BUILD_BUG_ON_ZERO(sizeof(_struct) >		\
					  AXAS_IOCTL_MAX_SIZE),		\
		.min_size = offsetofend(_struct, _last),		\
		.write = _write,					\
		.out = _out,						\
		.execute = _fn,						\
	}
/* A command that only reads its object. */
#define AXAS_IOCTL_OP(_first, _ioctl, _fn, _struct, _last)		\
	__AXAS_IOCTL_OP(_first, _ioctl, _fn, _struct, _last, false, true)
/* A command that modifies it, with nothing to tell back. */
#define AXAS_IOCTL_OP_W(_first, _ioctl, _fn, _struct, _last)		\
	__AXAS_IOCTL_OP(_first, _ioctl, _fn, _struct, _last, true, false)
/* A command that modifies it and has outputs (undone if they fail). */
#define AXAS_IOCTL_OP_WO(_first, _ioctl, _fn, _struct, _last)		\
	__AXAS_IOCTL_OP(_first, _ioctl, _fn, _struct, _last, true, true)

long axas_ioctl_dispatch(const struct axas_ioctl_op *ops, unsigned int first,
			 size_t nr_ops, struct file *file, unsigned int cmd,
			 unsigned long arg);
int axas_ucmd_new_fd(struct axas_ucmd *ucmd, struct file *file, int *fd);

/* Largest batch of one TRANSLATE_RANGE, WALK, LIST_AREAS, LIST_SPACES. */
#define AXAS_MAX_SEGS		1024	/* = AXAS_SEG_COUNT_MAX */
#define AXAS_MAX_ENTRIES	1024
/* Largest entry a caller may declare in those listings. */
#define AXAS_MAX_ENTRY_SIZE	4096

int axas_copy_entry(u64 uptr, u32 usize, unsigned int i, const void *kentry,
		    size_t ksize);
int axas_copy_entries(u64 uptr, u32 usize, const void *kbuf, size_t ksize,
		      unsigned int n);

#endif /* _AXAS_DEV_IOCTL_H */
