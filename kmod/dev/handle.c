// SPDX-License-Identifier: GPL-2.0
/*
 * Space handles: creation, the files that reach them, the registry of
 * identifiers, and the small pseudo file system that gives each space an
 * inode of its own (see space.h for lifetime and locking).
 *
 * Why an inode per space: mmaps of every file of one space must be found
 * when a GPA range is unmapped.  Files from anon_inode_getfile() share one
 * inode system-wide, and unmap_mapping_range() on it would reach other
 * spaces' (and other drivers') mappings.
 */
#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/fs_context.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mount.h>
#include <linux/mutex.h>
#include <linux/pid.h>
#include <linux/pseudo_fs.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/xarray.h>
#include "handle.h"

#define AXAS_FS_MAGIC	0x61786173	/* "axas" */

static int axas_fs_init_fs_context(struct fs_context *fc)
{
	return init_pseudo(fc, AXAS_FS_MAGIC) ? 0 : -ENOMEM;
}

static struct file_system_type axas_fs_type = {
	.owner = THIS_MODULE,
	.name = "axaddrspace",
	.init_fs_context = axas_fs_init_fs_context,
	.kill_sb = kill_anon_super,
};

/* Mounted while a space exists (simple_pin_fs), under its own lock. */
static struct vfsmount *axas_fs_mnt;
static int axas_fs_count;

static DEFINE_MUTEX(axas_registry_lock);
static DEFINE_XARRAY_ALLOC1(axas_registry);
static unsigned int axas_registry_count;
/* Identifiers are handed out cyclically, as PIDs are: an inspector that
 * listed a space does not open another one that took its number.
 */
static u32 axas_registry_next = 1;

/* axas_space_zap() callback: remove the range from every mmap of it. */
static void axas_handle_zap(void *priv, u64 start, u64 end)
{
	struct axas_handle *h = priv;

	unmap_mapping_range(h->inode->i_mapping, start, end - start, 1);
}

/**
 * axas_handle_create() - a new space, registered, with no file yet
 * @fmt: page-table format
 * @gpa_bits: arm64 IPA width or 0
 * @base: first GPA
 * @size: bytes
 * @vmid: VMID of the hardware root pointer
 * @flags: AXAS_CREATE_* flags (valid ones)
 * @out: the handle, holding one reference for the caller
 *
 * Return: 0; -EINVAL (format, width, VMID, alignment); -ERANGE; -ENOMEM;
 * -ENOSPC when every identifier is taken.
 */
int axas_handle_create(enum axas_format fmt, unsigned int gpa_bits,
		       u64 base, u64 size, u64 vmid, u32 flags,
		       struct axas_handle **out)
{
	struct axas_handle *h;
	int ret;

	h = kzalloc(sizeof(*h), GFP_KERNEL_ACCOUNT);
	if (!h)
		return -ENOMEM;
	ret = axas_space_create(fmt, gpa_bits, axas_gpa(base), size,
				&axas_default_hal_ops, NULL, &h->as);
	if (ret)
		goto err_free;
	ret = axas_space_set_vmid(h->as, vmid);
	if (ret)
		goto err_space;
	ret = simple_pin_fs(&axas_fs_type, &axas_fs_mnt, &axas_fs_count);
	if (ret)
		goto err_space;
	h->inode = alloc_anon_inode(axas_fs_mnt->mnt_sb);
	if (IS_ERR(h->inode)) {
		ret = PTR_ERR(h->inode);
		goto err_fs;
	}
	kref_init(&h->ref);
	h->owner = get_task_pid(current, PIDTYPE_TGID);
	h->owner_uid = current_euid();
	h->flags = flags;

	mutex_lock(&axas_registry_lock);
	ret = xa_alloc_cyclic(&axas_registry, &h->id, h, xa_limit_31b,
			      &axas_registry_next, GFP_KERNEL);
	if (ret >= 0) {
		ret = 0;
		axas_registry_count++;
	}
	mutex_unlock(&axas_registry_lock);
	if (ret)
		goto err_inode;
	axas_space_set_zap(h->as, axas_handle_zap, h);
	*out = h;
	return 0;

err_inode:
	put_pid(h->owner);
	iput(h->inode);
err_fs:
	simple_release_fs(&axas_fs_mnt, &axas_fs_count);
err_space:
	axas_space_destroy(h->as);
err_free:
	kfree(h);
	return ret == -EBUSY ? -ENOSPC : ret;
}

/* The last reference is gone; called with the registry lock held, which
 * it releases.
 */
static void axas_handle_release(struct kref *ref)
{
	struct axas_handle *h = container_of(ref, struct axas_handle, ref);

	xa_erase(&axas_registry, h->id);
	axas_registry_count--;
	mutex_unlock(&axas_registry_lock);

	axas_space_destroy(h->as);
	iput(h->inode);
	simple_release_fs(&axas_fs_mnt, &axas_fs_count);
	put_pid(h->owner);
	kfree(h);
}

/**
 * axas_handle_put() - drop a reference; the last one destroys the space
 * @h: the handle
 */
void axas_handle_put(struct axas_handle *h)
{
	kref_put_mutex(&h->ref, axas_handle_release, &axas_registry_lock);
}

/**
 * axas_handle_file() - a new file of the space
 * @h: the handle; the caller holds a reference, the file takes another
 * @writable: O_RDWR (the creator's file) or O_RDONLY (inspection)
 *
 * Return: the file, or an ERR_PTR.
 */
struct file *axas_handle_file(struct axas_handle *h, bool writable)
{
	struct file *file;

	/*
	 * alloc_file_pseudo() does not take the fops owner's reference that
	 * __fput() drops; the caller runs in a file of this module, so the
	 * module is pinned already.
	 */
	__module_get(THIS_MODULE);
	ihold(h->inode);
	file = alloc_file_pseudo(h->inode, axas_fs_mnt, "[axaddrspace]",
				 writable ? O_RDWR : O_RDONLY,
				 &axas_space_fops);
	if (IS_ERR(file)) {
		iput(h->inode);
		module_put(THIS_MODULE);
		return file;
	}
	/*
	 * pread/pwrite at offset = GPA, lseek to a GPA; on a read-only file
	 * pwrite then fails in vfs_write() with -EBADF, as write does.
	 */
	file->f_mode |= FMODE_LSEEK | FMODE_PREAD | FMODE_PWRITE;
	kref_get(&h->ref);
	file->private_data = h;
	return file;
}

/**
 * axas_space_get_fd() - the space behind a descriptor a VMM passed
 * @fd: a descriptor of the calling process, from AXAS_IOC_CREATE_SPACE
 *
 * The space stays valid until axas_space_put(), even once its VMM closed
 * it (a registered consumer is then released, and the space is empty).
 *
 * Return: the space with a reference for the caller; ERR_PTR(-EBADF) for
 * a descriptor that is not open, or not open for writing (an inspector's);
 * ERR_PTR(-EINVAL) for one that is not an address space.
 */
struct axas_space *axas_space_get_fd(int fd)
{
	struct file *file = fget(fd);
	struct axas_space *as;

	if (!file)
		return ERR_PTR(-EBADF);
	if (file->f_op != &axas_space_fops)
		as = ERR_PTR(-EINVAL);
	else if (!(file->f_mode & FMODE_WRITE))
		as = ERR_PTR(-EBADF);
	else
		as = ((struct axas_handle *)file->private_data)->as;
	if (!IS_ERR(as))
		axas_space_get(as);
	fput(file);
	return as;
}
EXPORT_SYMBOL_AXAS_API(axas_space_get_fd);

/**
 * axas_handle_lookup() - the space with identifier @id
 * @id: the identifier
 *
 * Return: the handle with a reference for the caller, or NULL.
 */
struct axas_handle *axas_handle_lookup(u32 id)
{
	struct axas_handle *h;

	mutex_lock(&axas_registry_lock);
	h = xa_load(&axas_registry, id);
	if (h)
		kref_get(&h->ref);
	mutex_unlock(&axas_registry_lock);
	return h;
}

/**
 * axas_handle_owner_pid() - the creator's PID as the caller sees it
 * @h: the handle
 *
 * Return: the thread-group id in the caller's PID namespace, or 0 when the
 * creator has exited or is not visible there.
 */
pid_t axas_handle_owner_pid(struct axas_handle *h)
{
	return pid_has_task(h->owner, PIDTYPE_TGID) ? pid_vnr(h->owner) : 0;
}

/**
 * axas_handle_desc() - describe a space for a listing
 * @h: the handle
 * @d: filled in completely
 */
void axas_handle_desc(struct axas_handle *h, struct axas_space_desc *d)
{
	struct axas_space_layout l;
	struct axas_space_stats st;

	axas_space_get_layout(h->as, &l);
	axas_space_get_stats(h->as, &st);
	*d = (struct axas_space_desc){
		.id = h->id,
		.owner_pid = axas_handle_owner_pid(h),
		.owner_uid = from_kuid_munged(current_user_ns(), h->owner_uid),
		.format = l.format,
		.gpa_bits = l.gpa_bits,
		.levels = l.levels,
		.nr_areas = st.areas,
		.base = l.base,
		.length = l.size,
		.mapped_bytes = st.mapped_bytes,
		.table_pages = st.pt.table_pages,
		.frames = st.frames,
		.pinned_pages = st.pinned,
	};
}

/**
 * axas_handle_list() - every space, by identifier (CAP_SYS_ADMIN only)
 * @start: first identifier to consider
 * @out: array to fill
 * @max: its size
 * @nr: set to the number of entries filled
 * @next: set to the identifier to resume from, or 0 when none is left
 *
 * The registry lock only collects references: the descriptions read each
 * space's statistics under its own lock, which is never taken inside the
 * registry's.
 *
 * Return: 0 or -ENOMEM.
 */
int axas_handle_list(u32 start, struct axas_space_desc *out,
		     unsigned int max, unsigned int *nr, u32 *next)
{
	struct axas_handle *h, **hs;
	unsigned long id;
	unsigned int n = 0, i;

	hs = kvcalloc(max, sizeof(*hs), GFP_KERNEL);
	if (!hs)
		return -ENOMEM;
	*next = 0;
	mutex_lock(&axas_registry_lock);
	xa_for_each_start(&axas_registry, id, h, start) {
		if (n == max) {
			*next = id;
			break;
		}
		kref_get(&h->ref);
		hs[n++] = h;
	}
	mutex_unlock(&axas_registry_lock);
	for (i = 0; i < n; i++) {
		axas_handle_desc(hs[i], &out[i]);
		axas_handle_put(hs[i]);
	}
	kvfree(hs);
	*nr = n;
	return 0;
}

/**
 * axas_handle_count() - spaces alive
 *
 * Return: their number.
 */
unsigned int axas_handle_count(void)
{
	return READ_ONCE(axas_registry_count);
}
