/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Address spaces as user space sees them: a struct axas_space wrapped in a
 * handle with an identifier, an owner and an inode, reachable through
 * space files (one read-write file from CREATE_SPACE, read-only ones from
 * OPEN_READONLY, or from OPEN_SPACE for the administrator) and listed in
 * a registry that only CAP_SYS_ADMIN reads.
 *
 * Lifetime: every space file holds a reference on its handle (and every
 * mmap of it holds the file); the last reference unregisters the handle,
 * destroys the space (freeing every frame, pin and table) and drops the
 * inode.  The handle's files and the pseudo file system keep the module
 * loaded while a space exists.
 *
 * Locking: the registry mutex protects the identifier table and
 * registration only; no space lock, mm reference or task lookup is ever
 * taken while it is held (listing collects references, then describes).
 */
#ifndef _AXAS_DEV_HANDLE_H
#define _AXAS_DEV_HANDLE_H

#include <linux/kref.h>
#include <linux/types.h>
#include <linux/uidgid.h>
#include <uapi/linux/axaddrspace.h>
#include "../space/addrspace.h"

struct file;
struct inode;
struct pid;

/**
 * struct axas_handle - an address space as user space sees it
 * @ref: one per space file
 * @id: identifier in the registry (from 1)
 * @as: the space
 * @inode: shared by every file of the space; its mapping holds their
 *	mmaps, so unmapping a GPA range reaches all of them at once
 * @owner: the creator's thread group
 * @owner_uid: the creator's effective uid
 * @flags: AXAS_CREATE_* flags of the creation
 */
struct axas_handle {
	struct kref ref;
	u32 id;
	struct axas_space *as;
	struct inode *inode;
	struct pid *owner;
	kuid_t owner_uid;
	u32 flags;
};

int axas_handle_create(enum axas_format fmt, unsigned int gpa_bits,
		       u64 base, u64 size, u64 vmid, u32 flags,
		       struct axas_handle **out);
void axas_handle_put(struct axas_handle *h);
struct file *axas_handle_file(struct axas_handle *h, bool writable);
struct axas_handle *axas_handle_lookup(u32 id);
int axas_handle_list(u32 start, struct axas_space_desc *out,
		     unsigned int max, unsigned int *nr, u32 *next);
unsigned int axas_handle_count(void);
pid_t axas_handle_owner_pid(struct axas_handle *h);
void axas_handle_desc(struct axas_handle *h, struct axas_space_desc *d);

long axas_space_ioctl(struct file *file, unsigned int cmd, unsigned long arg);
extern const struct file_operations axas_space_fops;

#endif /* _AXAS_DEV_HANDLE_H */
