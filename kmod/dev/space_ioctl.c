// SPDX-License-Identifier: GPL-2.0
/*
 * The ioctls of a space file: argument validation, permission checks and
 * the translation between the uapi structures and the AddrSpace API.  No
 * address-space logic lives here.
 */
#include <linux/bitmap.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include "ioctl.h"
#include "policy.h"
#include "handle.h"

static struct axas_space *axas_ucmd_space(struct axas_ucmd *ucmd)
{
	struct axas_handle *h = ucmd->file->private_data;

	return h->as;
}

static int axas_ioc_map_linear(struct axas_ucmd *ucmd)
{
	struct axas_map_linear *cmd = ucmd->cmd;
	int ret;

	if (cmd->flags & ~(AXAS_LINEAR_NOHUGE | AXAS_LINEAR_LOG_DIRTY) ||
	    cmd->__reserved)
		return -EINVAL;
	if (!cmd->length || !PAGE_ALIGNED(cmd->hpa) ||
	    !PAGE_ALIGNED(cmd->length))
		return -EINVAL;
	ret = axas_policy_linear(cmd->hpa, cmd->length);
	if (ret)
		return ret;
	return axas_space_map_linear(axas_ucmd_space(ucmd), axas_gpa(cmd->gpa),
				     axas_hpa(cmd->hpa), cmd->length,
				     cmd->map_flags,
				     (cmd->flags & AXAS_LINEAR_NOHUGE ?
				      AXAS_SPACE_NOHUGE : 0) |
				     (cmd->flags & AXAS_LINEAR_LOG_DIRTY ?
				      AXAS_SPACE_LOG_DIRTY : 0));
}

static int axas_ioc_map_alloc(struct axas_ucmd *ucmd)
{
	struct axas_map_alloc *cmd = ucmd->cmd;

	if (cmd->flags & ~(AXAS_ALLOC_POPULATE | AXAS_ALLOC_LOG_DIRTY |
			   AXAS_ALLOC_NO_HUGE) || cmd->__reserved)
		return -EINVAL;
	return axas_space_map_alloc_opts(axas_ucmd_space(ucmd),
					 axas_gpa(cmd->gpa), cmd->length,
					 cmd->map_flags,
					 (cmd->flags & AXAS_ALLOC_POPULATE ?
					  AXAS_SPACE_POPULATE : 0) |
					 (cmd->flags & AXAS_ALLOC_LOG_DIRTY ?
					  AXAS_SPACE_LOG_DIRTY : 0) |
					 (cmd->flags & AXAS_ALLOC_NO_HUGE ?
					  AXAS_SPACE_NOHUGE : 0));
}

static int axas_ioc_map_user(struct axas_ucmd *ucmd)
{
	struct axas_map_user *cmd = ucmd->cmd;

	if (cmd->flags & ~AXAS_USER_LOG_DIRTY || cmd->__reserved)
		return -EINVAL;
	if (cmd->uaddr != (unsigned long)cmd->uaddr)
		return -EFAULT;
	return axas_space_map_user_opts(axas_ucmd_space(ucmd),
					axas_gpa(cmd->gpa), cmd->length,
					cmd->map_flags, cmd->uaddr,
					cmd->flags & AXAS_USER_LOG_DIRTY ?
					AXAS_SPACE_LOG_DIRTY : 0);
}

static int axas_ioc_unmap(struct axas_ucmd *ucmd)
{
	struct axas_range *cmd = ucmd->cmd;

	if (cmd->flags)
		return -EINVAL;
	return axas_space_unmap(axas_ucmd_space(ucmd), axas_gpa(cmd->gpa),
				cmd->length);
}

static int axas_ioc_protect(struct axas_ucmd *ucmd)
{
	struct axas_protect *cmd = ucmd->cmd;

	if (cmd->flags || cmd->__reserved)
		return -EINVAL;
	return axas_space_protect(axas_ucmd_space(ucmd), axas_gpa(cmd->gpa),
				  cmd->length, cmd->map_flags);
}

static int axas_ioc_clear(struct axas_ucmd *ucmd)
{
	struct axas_clear *cmd = ucmd->cmd;

	if (cmd->flags)
		return -EINVAL;
	axas_space_clear(axas_ucmd_space(ucmd));
	return 0;
}

static int axas_ioc_translate(struct axas_ucmd *ucmd)
{
	struct axas_translate *cmd = ucmd->cmd;
	bool show = axas_policy_show_hpa(ucmd->file);
	struct axas_translation t;
	u64 gpa = cmd->gpa;
	int ret;

	if (cmd->flags)
		return -EINVAL;
	/* which frames are adjacent is as telling as where they are */
	if (show)
		ret = axas_space_translate(axas_ucmd_space(ucmd),
					   axas_gpa(gpa), &t);
	else
		ret = axas_space_translate_leaf(axas_ucmd_space(ucmd),
						axas_gpa(gpa), &t);
	if (ret)
		return ret;
	*cmd = (struct axas_translate){
		.size = sizeof(*cmd),
		.gpa = gpa,
		.hpa = show ? axas_hpa_val(t.hpa) : 0,
		.leaf_size = t.leaf_size,
		.area_start = axas_gpa_val(t.area_start),
		.area_size = t.area_size,
		.contig = t.contig,
		.map_flags = t.flags,
		.level = t.level,
		.backend = t.kind,
	};
	return 0;
}

/* a call never counts more segments than one call may return, plus one */
static_assert(AXAS_MAX_SEGS == AXAS_SEG_COUNT_MAX);

static int axas_ioc_translate_range(struct axas_ucmd *ucmd)
{
	struct axas_translate_range *cmd = ucmd->cmd;
	unsigned int n = cmd->nr_segs, needed, i;
	bool show = axas_policy_show_hpa(ucmd->file);
	struct axas_kseg *ksegs = NULL;
	int ret;

	if (cmd->flags || cmd->__reserved || n > AXAS_MAX_SEGS)
		return -EINVAL;
	if (n) {
		ksegs = kvcalloc(n, sizeof(*ksegs), GFP_KERNEL);
		if (!ksegs)
			return -ENOMEM;
	}
	ret = axas_space_translate_range(axas_ucmd_space(ucmd),
					 axas_gpa(cmd->gpa), cmd->length,
					 AXAS_SEG_BOUNDED |
					 (show ? 0 : AXAS_SEG_PER_LEAF),
					 ksegs, n, &needed);
	if (ret && ret != -E2BIG)
		goto out;
	for (i = 0; i < min(n, needed); i++) {
		struct axas_seg seg = {
			.gpa = axas_gpa_val(ksegs[i].gpa),
			.hpa = show ? axas_hpa_val(ksegs[i].hpa) : 0,
			.length = ksegs[i].len,
		};

		ret = axas_copy_entry(cmd->segs, sizeof(seg), i, &seg,
				      sizeof(seg));
		if (ret)
			goto out;
	}
	cmd->nr_segs = needed;
	ret = needed > n ? -EMSGSIZE : 0;
out:
	kvfree(ksegs);
	return ret;
}

static int axas_ioc_handle_fault(struct axas_ucmd *ucmd)
{
	struct axas_fault *cmd = ucmd->cmd;

	if (cmd->flags || cmd->__reserved)
		return -EINVAL;
	return axas_space_handle_fault(axas_ucmd_space(ucmd),
				       axas_gpa(cmd->gpa), cmd->access);
}

static int axas_ioc_access(struct axas_ucmd *ucmd)
{
	struct axas_access *cmd = ucmd->cmd;
	bool write = cmd->flags & AXAS_ACCESS_WRITE;
	int ret;

	if (cmd->flags & ~AXAS_ACCESS_WRITE || cmd->__reserved)
		return -EINVAL;
	if (write && !(ucmd->file->f_mode & FMODE_WRITE))
		return -EBADF;
	ret = axas_host_volatile(axas_ucmd_space(ucmd), axas_gpa(cmd->gpa),
				 cmd->width, &cmd->value, write);
	return ret == -ENXIO ? -EFAULT : ret;
}

static int axas_ioc_get_space_info(struct axas_ucmd *ucmd)
{
	struct axas_handle *h = ucmd->file->private_data;
	struct axas_space_info *cmd = ucmd->cmd;
	bool show = axas_policy_show_hpa(ucmd->file);
	struct axas_space_layout l;
	struct axas_space_stats st;
	unsigned int i;

	if (cmd->flags)
		return -EINVAL;
	axas_space_get_layout(h->as, &l);
	axas_space_get_stats(h->as, &st);
	*cmd = (struct axas_space_info){
		.size = sizeof(*cmd),
		.id = h->id,
		.format = l.format,
		.gpa_bits = l.gpa_bits,
		.levels = l.levels,
		.base = l.base,
		.length = l.size,
		.root = show ? axas_hpa_val(l.root) : 0,
		.hw_root = show ? l.hw_root : 0,
		.vmid = l.vmid,
		.table_pages = st.pt.table_pages,
		.frames = st.frames,
		.pinned_pages = st.pinned,
		.faults = st.faults,
		.nr_areas = st.areas,
		.read_only = !(ucmd->file->f_mode & FMODE_WRITE),
		.mapped_bytes = st.mapped_bytes,
		.owner_pid = axas_handle_owner_pid(h),
	};
	for (i = 0; i < ARRAY_SIZE(cmd->leaves); i++)
		cmd->leaves[i] = st.pt.leaves[i];
	return 0;
}

/* The cursor of AXAS_IOC_WALK, and the batch it fills. */
struct axas_walk_ctx {
	struct axas_walk_entry *out;
	unsigned int n;
	unsigned int max;
	u64 gpa;		/* cursor in, then where to resume */
	u32 level;
	bool show;
	u64 addr_mask;
};

static int axas_walk_visit(void *arg, const struct axas_pt_visit *v)
{
	struct axas_walk_ctx *w = arg;
	/* an entry reaching the cursor from below counts as starting at it */
	u64 key = max(axas_gpa_val(v->gpa), w->gpa);
	bool leaf = v->info.type == AXAS_PTE_LEAF;

	if (key == w->gpa && v->level > w->level)
		return 0;	/* reported by an earlier call */
	if (w->n == w->max) {
		w->gpa = key;
		w->level = v->level;
		return 1;
	}
	w->out[w->n++] = (struct axas_walk_entry){
		.gpa = axas_gpa_val(v->gpa),
		.length = v->size,
		.raw = w->show ? v->raw : v->raw & ~w->addr_mask,
		.hpa = w->show ? axas_hpa_val(v->info.pa) : 0,
		.level = v->level,
		.type = leaf ? AXAS_WALK_LEAF : AXAS_WALK_TABLE,
		.map_flags = leaf ? v->info.flags : 0,
		.accessed = leaf && v->info.accessed,
		.dirty = leaf && v->info.dirty,
	};
	return 0;
}

static int axas_ioc_walk(struct axas_ucmd *ucmd)
{
	struct axas_walk *cmd = ucmd->cmd;
	struct axas_space *as = axas_ucmd_space(ucmd);
	struct axas_walk_ctx w = {
		.max = min_t(u32, cmd->nr_entries, AXAS_MAX_ENTRIES),
		.gpa = cmd->gpa,
		.level = cmd->level,
		.show = axas_policy_show_hpa(ucmd->file),
	};
	struct axas_space_layout l;
	int ret;

	axas_space_get_layout(as, &l);
	w.addr_mask = l.addr_mask;

	if (cmd->flags & ~AXAS_WALK_TABLES || cmd->__reserved)
		return -EINVAL;
	if (cmd->entry_size < sizeof(*w.out) ||
	    cmd->entry_size > AXAS_MAX_ENTRY_SIZE || !w.max ||
	    cmd->gpa >= cmd->end)
		return -EINVAL;
	if (cmd->gpa < axas_gpa_val(axas_space_base(as)) ||
	    cmd->end > axas_gpa_val(axas_space_end(as)))
		return -ERANGE;
	w.out = kvcalloc(w.max, sizeof(*w.out), GFP_KERNEL);
	if (!w.out)
		return -ENOMEM;
	ret = axas_space_walk(as, axas_gpa(cmd->gpa), cmd->end - cmd->gpa,
			      cmd->flags & AXAS_WALK_TABLES ?
			      AXAS_PT_WALK_TABLES : 0,
			      axas_walk_visit, &w);
	if (ret < 0)
		goto out;
	if (!ret) {
		/* the whole range: nothing left to resume */
		w.gpa = cmd->end;
		w.level = AXAS_WALK_LEVEL_ANY;
	}
	ret = axas_copy_entries(cmd->entries, cmd->entry_size, w.out,
				sizeof(*w.out), w.n);
	if (ret)
		goto out;
	cmd->gpa = w.gpa;
	cmd->level = w.level;
	cmd->nr_entries = w.n;
out:
	kvfree(w.out);
	return ret;
}

/* The descriptor's bit for "4 KiB leaves only": each backend has its own. */
static u32 axas_nohuge_flag(enum axas_backend kind)
{
	return kind == AXAS_BACKEND_ALLOC ? AXAS_ALLOC_NO_HUGE :
	       AXAS_LINEAR_NOHUGE;
}

static int axas_ioc_list_areas(struct axas_ucmd *ucmd)
{
	struct axas_list_areas *cmd = ucmd->cmd;
	unsigned int max = min_t(u32, cmd->nr_entries, AXAS_MAX_ENTRIES), n, i;
	bool show = axas_policy_show_hpa(ucmd->file);
	struct axas_area_info *info;
	int ret;

	if (cmd->flags)
		return -EINVAL;
	if (cmd->entry_size < sizeof(struct axas_area_desc) ||
	    cmd->entry_size > AXAS_MAX_ENTRY_SIZE || !max)
		return -EINVAL;
	info = kvcalloc(max, sizeof(*info), GFP_KERNEL);
	if (!info)
		return -ENOMEM;
	ret = axas_space_areas(axas_ucmd_space(ucmd), cmd->gpa, info, max, &n,
			       &cmd->next_gpa);
	for (i = 0; !ret && i < n; i++) {
		struct axas_area_desc d = {
			.gpa = info[i].start,
			.length = info[i].size,
			.backend = info[i].kind,
			.map_flags = info[i].flags,
			.hpa = show ? axas_hpa_val(info[i].hpa) : 0,
			.populated = info[i].populated,
			.flags = (info[i].populate ? AXAS_ALLOC_POPULATE : 0) |
				 (info[i].nohuge ?
				  axas_nohuge_flag(info[i].kind) : 0) |
				 (info[i].log_dirty ? AXAS_ALLOC_LOG_DIRTY : 0),
		};

		ret = axas_copy_entry(cmd->entries, cmd->entry_size, i, &d,
				      sizeof(d));
	}
	if (!ret)
		cmd->nr_entries = n;
	kvfree(info);
	return ret;
}

/*
 * A bitmap of GET_DIRTY_LOG, CLEAR_DIRTY_LOG or GET_YOUNG, bounced through
 * the kernel: the space layer never touches user memory with its lock
 * held.  @bits is the space layer's (unsigned long) bitmap, @words the
 * uapi's little-endian u64 words; @nbits is rounded up to 64.
 */
struct axas_bitmap_bounce {
	unsigned long *bits;
	u64 *words;
	unsigned long nbits;
	size_t bytes;
};

static int axas_bounce_init(struct axas_bitmap_bounce *b, u64 gpa, u64 length)
{
	if (!length || !PAGE_ALIGNED(gpa) || !PAGE_ALIGNED(length))
		return -EINVAL;
	if (length > AXAS_DIRTY_LOG_MAX_LENGTH)
		return -E2BIG;
	b->nbits = round_up(length >> PAGE_SHIFT, 64);
	b->bytes = b->nbits / 8;
	b->bits = kvcalloc(BITS_TO_LONGS(b->nbits), sizeof(long), GFP_KERNEL);
	b->words = kvzalloc(b->bytes, GFP_KERNEL);
	if (!b->bits || !b->words) {
		kvfree(b->bits);
		kvfree(b->words);
		return -ENOMEM;
	}
	return 0;
}

static void axas_bounce_free(struct axas_bitmap_bounce *b)
{
	kvfree(b->bits);
	kvfree(b->words);
}

/* The result out to the caller's bitmap. */
static int axas_bounce_out(struct axas_bitmap_bounce *b, u64 ubitmap)
{
	unsigned long i;

	bitmap_to_arr64(b->words, b->bits, b->nbits);
	for (i = 0; i < b->nbits / 64; i++)
		b->words[i] = (__force u64)cpu_to_le64(b->words[i]);
	return copy_to_user(u64_to_user_ptr(ubitmap), b->words, b->bytes) ?
	       -EFAULT : 0;
}

/* The caller's bitmap in. */
static int axas_bounce_in(struct axas_bitmap_bounce *b, u64 ubitmap)
{
	unsigned long i;

	if (copy_from_user(b->words, u64_to_user_ptr(ubitmap), b->bytes))
		return -EFAULT;
	for (i = 0; i < b->nbits / 64; i++)
		b->words[i] = le64_to_cpu((__force __le64)b->words[i]);
	bitmap_from_arr64(b->bits, b->words, b->nbits);
	return 0;
}

/*
 * Before anything is cleared: the caller's bitmap must take the result,
 * so that a get-and-clear never loses what it cleared to an -EFAULT.
 */
static int axas_bounce_writable(struct axas_bitmap_bounce *b, u64 ubitmap)
{
	return clear_user(u64_to_user_ptr(ubitmap), b->bytes) ? -EFAULT : 0;
}

/* GET_DIRTY_LOG and GET_YOUNG: one bitmap out, cleared on request. */
static int axas_ioc_harvest(struct axas_ucmd *ucmd, u32 flags, u32 clear_flag,
			    u64 gpa, u64 length, u64 ubitmap,
			    int (*harvest)(struct axas_space *as,
					   axas_gpa_t gpa, u64 len,
					   unsigned long *bits, bool clear))
{
	bool clear = flags & clear_flag;
	struct axas_bitmap_bounce b;
	int ret;

	if (flags & ~clear_flag)
		return -EINVAL;
	if (clear && !(ucmd->file->f_mode & FMODE_WRITE))
		return -EBADF;
	ret = axas_bounce_init(&b, gpa, length);
	if (ret)
		return ret;
	ret = axas_bounce_writable(&b, ubitmap);
	if (!ret)
		ret = harvest(axas_ucmd_space(ucmd), axas_gpa(gpa), length,
			      b.bits, clear);
	if (!ret)
		ret = axas_bounce_out(&b, ubitmap);
	axas_bounce_free(&b);
	return ret;
}

static int axas_ioc_get_dirty_log(struct axas_ucmd *ucmd)
{
	struct axas_dirty_log *cmd = ucmd->cmd;

	return axas_ioc_harvest(ucmd, cmd->flags, AXAS_DIRTY_LOG_CLEAR,
				cmd->gpa, cmd->length, cmd->bitmap,
				axas_space_get_dirty_log);
}

static int axas_ioc_get_young(struct axas_ucmd *ucmd)
{
	struct axas_young *cmd = ucmd->cmd;

	return axas_ioc_harvest(ucmd, cmd->flags, AXAS_YOUNG_CLEAR, cmd->gpa,
				cmd->length, cmd->bitmap, axas_space_get_young);
}

static int axas_ioc_clear_dirty_log(struct axas_ucmd *ucmd)
{
	struct axas_dirty_log *cmd = ucmd->cmd;
	struct axas_bitmap_bounce b;
	int ret;

	if (cmd->flags)
		return -EINVAL;
	ret = axas_bounce_init(&b, cmd->gpa, cmd->length);
	if (ret)
		return ret;
	ret = axas_bounce_in(&b, cmd->bitmap);
	if (!ret)
		ret = axas_space_clear_dirty_log(axas_ucmd_space(ucmd),
						 axas_gpa(cmd->gpa),
						 cmd->length, b.bits);
	axas_bounce_free(&b);
	return ret;
}

static int axas_ioc_open_readonly(struct axas_ucmd *ucmd)
{
	struct axas_open_readonly *cmd = ucmd->cmd;
	struct file *file;

	if (cmd->flags || cmd->__reserved)
		return -EINVAL;
	file = axas_handle_file(ucmd->file->private_data, false);
	if (IS_ERR(file))
		return PTR_ERR(file);
	return axas_ucmd_new_fd(ucmd, file, &cmd->fd);
}

/* Rows indexed from the first command of a space descriptor. */
#define AXAS_SPACE_CMD_FIRST	AXAS_CMD_MAP_LINEAR
#define AXAS_SPACE_OP(_ioctl, _fn, _struct, _last)			\
	AXAS_IOCTL_OP(AXAS_SPACE_CMD_FIRST, _ioctl, _fn, _struct, _last)
#define AXAS_SPACE_OP_W(_ioctl, _fn, _struct, _last)			\
	AXAS_IOCTL_OP_W(AXAS_SPACE_CMD_FIRST, _ioctl, _fn, _struct, _last)

static const struct axas_ioctl_op axas_space_ioctls[] = {
	AXAS_SPACE_OP_W(AXAS_IOC_MAP_LINEAR, axas_ioc_map_linear,
			struct axas_map_linear, __reserved),
	AXAS_SPACE_OP_W(AXAS_IOC_MAP_ALLOC, axas_ioc_map_alloc,
			struct axas_map_alloc, __reserved),
	AXAS_SPACE_OP_W(AXAS_IOC_MAP_USER, axas_ioc_map_user,
			struct axas_map_user, __reserved),
	AXAS_SPACE_OP_W(AXAS_IOC_UNMAP, axas_ioc_unmap, struct axas_range,
			length),
	AXAS_SPACE_OP_W(AXAS_IOC_PROTECT, axas_ioc_protect,
			struct axas_protect, __reserved),
	AXAS_SPACE_OP_W(AXAS_IOC_CLEAR, axas_ioc_clear, struct axas_clear,
			flags),
	AXAS_SPACE_OP(AXAS_IOC_TRANSLATE, axas_ioc_translate,
		      struct axas_translate, __reserved),
	AXAS_SPACE_OP(AXAS_IOC_TRANSLATE_RANGE, axas_ioc_translate_range,
		      struct axas_translate_range, __reserved),
	AXAS_SPACE_OP_W(AXAS_IOC_HANDLE_FAULT, axas_ioc_handle_fault,
			struct axas_fault, __reserved),
	AXAS_SPACE_OP(AXAS_IOC_ACCESS, axas_ioc_access, struct axas_access,
		      value),
	AXAS_SPACE_OP(AXAS_IOC_GET_SPACE_INFO, axas_ioc_get_space_info,
		      struct axas_space_info, __reserved),
	AXAS_SPACE_OP(AXAS_IOC_WALK, axas_ioc_walk, struct axas_walk, entries),
	AXAS_SPACE_OP(AXAS_IOC_LIST_AREAS, axas_ioc_list_areas,
		      struct axas_list_areas, entries),
	AXAS_SPACE_OP(AXAS_IOC_GET_DIRTY_LOG, axas_ioc_get_dirty_log,
		      struct axas_dirty_log, bitmap),
	AXAS_SPACE_OP_W(AXAS_IOC_CLEAR_DIRTY_LOG, axas_ioc_clear_dirty_log,
			struct axas_dirty_log, bitmap),
	AXAS_SPACE_OP(AXAS_IOC_GET_YOUNG, axas_ioc_get_young,
		      struct axas_young, bitmap),
	AXAS_SPACE_OP(AXAS_IOC_OPEN_READONLY, axas_ioc_open_readonly,
		      struct axas_open_readonly, fd),
};

/**
 * axas_space_ioctl() - the unlocked_ioctl of a space file
 * @file: the space file
 * @cmd: the command
 * @arg: its argument
 *
 * Return: as axas_ioctl_dispatch().
 */
long axas_space_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	return axas_ioctl_dispatch(axas_space_ioctls, AXAS_SPACE_CMD_FIRST,
				   ARRAY_SIZE(axas_space_ioctls), file, cmd,
				   arg);
}
