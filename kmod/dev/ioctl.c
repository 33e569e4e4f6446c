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
#include <linux/nospec.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <uapi/linux/axaddrspace.h>
#include "ioctl.h"

/* Every structure of the ABI, pinned: a size change is an ABI break. */
static_assert(sizeof(struct axas_version) == 16);
static_assert(sizeof(struct axas_info) == 112);
static_assert(sizeof(struct axas_create_space) == 48);
static_assert(sizeof(struct axas_space_desc) == 80);
static_assert(sizeof(struct axas_list_spaces) == 32);
static_assert(sizeof(struct axas_open_space) == 16);
static_assert(sizeof(struct axas_map_linear) == 40);
static_assert(sizeof(struct axas_map_alloc) == 32);
static_assert(sizeof(struct axas_map_user) == 40);
static_assert(sizeof(struct axas_range) == 24);
static_assert(sizeof(struct axas_protect) == 32);
static_assert(sizeof(struct axas_clear) == 8);
static_assert(sizeof(struct axas_translate) == 72);
static_assert(sizeof(struct axas_seg) == 24);
static_assert(sizeof(struct axas_translate_range) == 40);
static_assert(sizeof(struct axas_fault) == 24);
static_assert(sizeof(struct axas_access) == 32);
static_assert(sizeof(struct axas_space_info) == 160);
static_assert(sizeof(struct axas_walk_entry) == 48);
static_assert(sizeof(struct axas_walk) == 48);
static_assert(sizeof(struct axas_area_desc) == 48);
static_assert(sizeof(struct axas_list_areas) == 40);
static_assert(sizeof(struct axas_dirty_log) == 32);
static_assert(sizeof(struct axas_young) == 32);
static_assert(sizeof(struct axas_open_readonly) == 16);

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
 * @ops: the table, indexed by command number - @first
 * @first: the command number of row 0
 * @nr_ops: its number of rows
 * @file: the file the ioctl was issued on
 * @cmd: the command
 * @arg: the user pointer to its argument
 *
 * The argument starts with a __u32 size.  A size below the row's minimum
 * is -EINVAL; a size above the kernel's structure must have a zero tail
 * (-E2BIG otherwise, from copy_struct_from_user()), and a size above
 * PAGE_SIZE is -E2BIG whatever its tail.  The kernel copy is
 * zero-filled, so a short caller gets zeroes in the fields it does not
 * know, and handlers never read uninitialised bytes.
 *
 * A modifying command with no output is not copied back: once it has
 * changed the object nothing can fail.  One with outputs (a new
 * descriptor) is undone when the copy back fails.
 *
 * Return: the handler's result, -ENOTTY for an unknown command, -EBADF for
 * a modifying command on a file not open for writing, -EFAULT for an
 * unreadable or unwritable argument.
 */
long axas_ioctl_dispatch(const struct axas_ioctl_op *ops, unsigned int first,
			 size_t nr_ops, struct file *file, unsigned int cmd,
			 unsigned long arg)
{
	u64 buf[AXAS_IOCTL_MAX_SIZE / sizeof(u64)];
	unsigned int nr = _IOC_NR(cmd);
	const struct axas_ioctl_op *op;
	struct axas_ucmd ucmd = {};
	int ret;

	if (nr < first || nr - first >= nr_ops)
		return -ENOTTY;
	op = &ops[array_index_nospec(nr - first, nr_ops)];
	/* a hole in the table, or another type, direction or size field */
	if (!op->execute || cmd != _IO(AXAS_IOCTL_BASE, nr))
		return -ENOTTY;
	if (op->write && !(file->f_mode & FMODE_WRITE))
		return -EBADF;
	ucmd.file = file;
	ucmd.ubuf = (void __user *)arg;
	ucmd.cmd = buf;
	ucmd.new_fd = -1;
	if (get_user(ucmd.user_size, (u32 __user *)ucmd.ubuf))
		return -EFAULT;
	if (ucmd.user_size < op->min_size)
		return -EINVAL;
	/* no argument is that large; do not scan gigabytes for a zero tail */
	if (ucmd.user_size > PAGE_SIZE)
		return -E2BIG;
	ret = copy_struct_from_user(buf, op->size, ucmd.ubuf, ucmd.user_size);
	if (ret)
		return ret;

	ret = op->execute(&ucmd);
	if ((ret && ret != -EMSGSIZE) || !op->out)
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

/**
 * axas_copy_entry() - copy entry @i of a user array from the kernel
 * @uptr: the user's array
 * @usize: size of one entry as the user knows it (at least @ksize)
 * @i: index of the entry
 * @kentry: the kernel's entry
 * @ksize: its size
 *
 * An entry larger in user space than in the kernel gets a zeroed tail.
 *
 * Return: 0 or -EFAULT.
 */
int axas_copy_entry(u64 uptr, u32 usize, unsigned int i, const void *kentry,
		    size_t ksize)
{
	void __user *u = u64_to_user_ptr(uptr) + (size_t)i * usize;

	if (copy_to_user(u, kentry, ksize))
		return -EFAULT;
	if (usize > ksize && clear_user(u + ksize, usize - ksize))
		return -EFAULT;
	return 0;
}

/**
 * axas_copy_entries() - copy an array of kernel entries to user space
 * @uptr: the user's array
 * @usize: size of one entry as the user knows it (at least @ksize)
 * @kbuf: the kernel's entries
 * @ksize: size of one kernel entry
 * @n: entries
 *
 * Return: 0 or -EFAULT.
 */
int axas_copy_entries(u64 uptr, u32 usize, const void *kbuf, size_t ksize,
		      unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (axas_copy_entry(uptr, usize, i, kbuf + i * ksize, ksize))
			return -EFAULT;
	return 0;
}
