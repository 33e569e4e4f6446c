// SPDX-License-Identifier: GPL-2.0
/*
 * Space files: pread/pwrite and mmap of guest memory at offset = GPA, and
 * the release that drops the space.  The ioctls are in space_ioctl.c.
 *
 * mmap inserts the frames the guest tables point to as PFN mappings
 * (VM_PFNMAP: no struct page reference, no rmap), so alloc frames and a
 * VMM's own pinned pages are handled alike.  The space's unmap path zaps
 * every such mapping (axas_space_zap()) before it frees a frame, under the
 * space lock that the fault handler holds while it inserts one.
 */
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/sched/signal.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include "../compat.h"
#include "handle.h"

/* Bounce buffer of pread/pwrite: guest memory is never copied to or from
 * user memory with the space lock held (the copy may fault on an mmap of
 * the same space).
 */
#define AXAS_RW_CHUNK	(64 * 1024)

static ssize_t axas_space_rw(struct file *file, char __user *ubuf,
			     size_t count, loff_t *ppos, bool write)
{
	struct axas_handle *h = file->private_data;
	size_t chunk = min_t(size_t, count, AXAS_RW_CHUNK);
	loff_t pos = *ppos;
	ssize_t done = 0, n = 0;
	void *buf;

	if (!count)
		return 0;
	buf = kvmalloc(chunk, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	while (done < count) {
		size_t want = min_t(size_t, count - done, chunk);

		if (write && copy_from_user(buf, ubuf + done, want)) {
			n = -EFAULT;
			break;
		}
		n = axas_host_copy(h->as, pos, buf, want, write);
		if (n <= 0)
			break;
		if (!write && copy_to_user(ubuf + done, buf, n)) {
			n = -EFAULT;
			break;
		}
		done += n;
		pos += n;
		if (n < want || fatal_signal_pending(current))
			break;
	}
	kvfree(buf);
	*ppos = pos;
	return done ? done : n;
}

static ssize_t axas_space_read(struct file *file, char __user *buf,
			       size_t count, loff_t *ppos)
{
	return axas_space_rw(file, buf, count, ppos, false);
}

static ssize_t axas_space_write(struct file *file, const char __user *buf,
				size_t count, loff_t *ppos)
{
	return axas_space_rw(file, (char __user *)buf, count, ppos, true);
}

static int axas_vm_insert(void *arg, axas_hpa_t hpa)
{
	struct vm_fault *vmf = arg;
	vm_fault_t ret;

	ret = vmf_insert_pfn(vmf->vma, vmf->address,
			     PHYS_PFN(axas_hpa_val(hpa)));
	if (ret == VM_FAULT_NOPAGE)
		return 0;
	return ret == VM_FAULT_OOM ? -ENOMEM : -EFAULT;
}

static vm_fault_t axas_vm_fault(struct vm_fault *vmf)
{
	struct file *file = vmf->vma->vm_file;
	struct axas_handle *h = file->private_data;
	u64 gpa = (u64)vmf->pgoff << PAGE_SHIFT;
	int ret;

	/* a read-only file maps what is there; it never allocates */
	ret = axas_host_map(h->as, axas_gpa(gpa), file->f_mode & FMODE_WRITE,
			    axas_vm_insert, vmf);
	if (!ret)
		return VM_FAULT_NOPAGE;
	return ret == -ENOMEM ? VM_FAULT_OOM : VM_FAULT_SIGBUS;
}

static const struct vm_operations_struct axas_vm_ops = {
	.fault = axas_vm_fault,
};

static int axas_space_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct axas_handle *h = file->private_data;
	u64 start = (u64)vma->vm_pgoff << PAGE_SHIFT, end;

	/*
	 * MAP_SHARED only.  VM_MAYSHARE, not VM_SHARED: mmap() drops
	 * VM_SHARED for a file not open for writing, which then can only be
	 * mapped without PROT_WRITE (and stays no COW mapping).
	 */
	if (!(vma->vm_flags & VM_MAYSHARE))
		return -EINVAL;
	/* guest memory is data to the host, unless the creator said not */
	if (!(h->flags & AXAS_CREATE_MMAP_EXEC)) {
		if (vma->vm_flags & VM_EXEC)
			return -EPERM;
		axas_vm_flags_clear(vma, VM_MAYEXEC);
	}
	if (check_add_overflow(start, (u64)(vma->vm_end - vma->vm_start), &end) ||
	    start < axas_gpa_val(axas_space_base(h->as)) ||
	    end > axas_gpa_val(axas_space_end(h->as)))
		return -EINVAL;
	axas_vm_flags_set(vma, VM_PFNMAP | VM_DONTEXPAND | VM_DONTDUMP);
	vma->vm_ops = &axas_vm_ops;
	return 0;
}

/*
 * /proc/PID/fdinfo/FD: how an inspector finds spaces without a registry.
 * procfs shows it only to those who pass the ptrace read check on PID.
 */
static void axas_space_show_fdinfo(struct seq_file *m, struct file *file)
{
	struct axas_handle *h = file->private_data;
	struct axas_space_layout l;
	struct axas_space_stats st;

	axas_space_get_layout(h->as, &l);
	axas_space_get_stats(h->as, &st);
	seq_printf(m, "axas-id:\t%u\n", h->id);
	seq_printf(m, "axas-format:\t%u\n", l.format);
	seq_printf(m, "axas-gpa-bits:\t%u\n", l.gpa_bits);
	seq_printf(m, "axas-levels:\t%u\n", l.levels);
	seq_printf(m, "axas-base:\t0x%llx\n", l.base);
	seq_printf(m, "axas-size:\t0x%llx\n", l.size);
	seq_printf(m, "axas-areas:\t%lu\n", st.areas);
	seq_printf(m, "axas-mapped:\t%llu\n", st.mapped_bytes);
	seq_printf(m, "axas-frames:\t%lu\n", st.frames);
	seq_printf(m, "axas-table-pages:\t%lu\n", st.pt.table_pages);
	seq_printf(m, "axas-pinned:\t%lu\n", st.pinned);
	seq_printf(m, "axas-writable:\t%d\n", !!(file->f_mode & FMODE_WRITE));
}

static int axas_space_release(struct inode *inode, struct file *file)
{
	axas_handle_put(file->private_data);
	return 0;
}

const struct file_operations axas_space_fops = {
	.owner = THIS_MODULE,
	.release = axas_space_release,
	.read = axas_space_read,
	.write = axas_space_write,
	.llseek = no_seek_end_llseek,
	.mmap = axas_space_mmap,
	.unlocked_ioctl = axas_space_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.show_fdinfo = axas_space_show_fdinfo,
};
