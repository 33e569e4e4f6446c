// SPDX-License-Identifier: GPL-2.0
/*
 * AddrSpace: areas over one page table, the seed's API with its defects
 * fixed.  Locking rules are in addrspace.h.
 *
 * Every writer allocates what it may need (the area struct, split areas;
 * the engine reserves its own table pages) before it changes anything, so
 * each operation either completes or leaves the space exactly as it was.
 */
#include <linux/lockdep.h>
#include <linux/overflow.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include "area.h"
#include "compat.h"

/**
 * axas_space_check() - validate a range of a map, unmap or protect
 * @as: the space
 * @gpa: first GPA
 * @size: bytes
 * @end: set to @gpa + @size
 *
 * Return: 0; -EINVAL unless 4 KiB aligned and non-empty; -ERANGE when it
 * overflows or leaves the space.
 */
int axas_space_check(const struct axas_space *as, u64 gpa, u64 size, u64 *end)
{
	if (!size || !IS_ALIGNED(gpa, AXAS_PAGE_SIZE) ||
	    !IS_ALIGNED(size, AXAS_PAGE_SIZE))
		return -EINVAL;
	if (check_add_overflow(gpa, size, end) ||
	    gpa < axas_gpa_val(as->range.start) ||
	    *end > axas_gpa_val(as->range.end))
		return -ERANGE;
	return 0;
}

/**
 * axas_space_create() - a new, empty address space
 * @fmt: page-table format (AXAS_FMT_NATIVE for the host's)
 * @gpa_bits: arm64 IPA width, or 0 for the format's default
 * @base: first guest physical address of the space, 4 KiB aligned
 * @size: its size, a non-zero multiple of 4 KiB
 * @ops: memory operations (&axas_default_hal_ops outside tests)
 * @hal_priv: their private data
 * @out: the new space
 *
 * Return: 0; -EINVAL for a bad format, width, alignment or size; -ERANGE
 * when the space does not fit the format's GPA width; -ENOMEM.
 */
int axas_space_create(enum axas_format fmt, unsigned int gpa_bits,
		      axas_gpa_t base, u64 size,
		      const struct axas_hal_ops *ops, void *hal_priv,
		      struct axas_space **out)
{
	struct axas_space *as;
	u64 start = axas_gpa_val(base), end;
	int ret;

	if (!size || !IS_ALIGNED(start, AXAS_PAGE_SIZE) ||
	    !IS_ALIGNED(size, AXAS_PAGE_SIZE))
		return -EINVAL;
	if (check_add_overflow(start, size, &end))
		return -ERANGE;

	as = kzalloc(sizeof(*as), GFP_KERNEL_ACCOUNT);
	if (!as)
		return -ENOMEM;
	init_rwsem(&as->lock);
	mutex_init(&as->fault_lock);
	as->areas = RB_ROOT_CACHED;
	atomic_long_set(&as->nr_faults, 0);
	atomic_long_set(&as->nr_pinned, 0);
	axas_hal_init(&as->hal, ops, hal_priv);

	ret = axas_pt_init(&as->pt, fmt, gpa_bits, &as->hal);
	if (ret)
		goto err_free;
	if (end > axas_fmt_gpa_limit(&as->pt.fmt)) {
		ret = -ERANGE;
		goto err_pt;
	}
	as->range.start = base;
	as->range.end = axas_gpa(end);
	*out = as;
	return 0;

err_pt:
	axas_pt_destroy(&as->pt, NULL, NULL);
err_free:
	mutex_destroy(&as->fault_lock);
	kfree(as);
	return ret;
}
EXPORT_SYMBOL_AXAS_INTERNAL(axas_space_create);

/**
 * axas_space_destroy() - unmap everything, free every frame and table
 * @as: the space; nobody may use it any more
 */
void axas_space_destroy(struct axas_space *as)
{
	axas_space_clear(as);
	axas_pt_destroy(&as->pt, NULL, NULL);
	mutex_destroy(&as->fault_lock);
	kfree(as);
}
EXPORT_SYMBOL_AXAS_INTERNAL(axas_space_destroy);

/**
 * axas_space_base() - first GPA of the space
 * @as: the space
 *
 * Return: its base.
 */
axas_gpa_t axas_space_base(const struct axas_space *as)
{
	return as->range.start;
}
EXPORT_SYMBOL_AXAS_INTERNAL(axas_space_base);

/**
 * axas_space_end() - first GPA after the space
 * @as: the space
 *
 * Return: base + size.
 */
axas_gpa_t axas_space_end(const struct axas_space *as)
{
	return as->range.end;
}
EXPORT_SYMBOL_AXAS_INTERNAL(axas_space_end);

/**
 * axas_space_size() - size of the space
 * @as: the space
 *
 * Return: its size in bytes.
 */
u64 axas_space_size(const struct axas_space *as)
{
	return axas_gpa_range_size(&as->range);
}
EXPORT_SYMBOL_AXAS_INTERNAL(axas_space_size);

/**
 * axas_space_contains_range() - whether [@gpa, @gpa + @size) is inside
 * @as: the space
 * @gpa: first address
 * @size: bytes; an empty range is contained when @gpa is inside or at the end
 *
 * Return: true when the whole range lies in the space (no overflow).
 */
bool axas_space_contains_range(const struct axas_space *as, axas_gpa_t gpa,
			       u64 size)
{
	struct axas_gpa_range r;

	return axas_gpa_range_make(&r, gpa, size) &&
	       axas_gpa_range_contains_range(&as->range, &r);
}
EXPORT_SYMBOL_AXAS_INTERNAL(axas_space_contains_range);

/**
 * axas_space_root() - host physical address of the root table
 * @as: the space
 *
 * Return: the root's address (the seed's page_table_root).
 */
axas_hpa_t axas_space_root(const struct axas_space *as)
{
	return as->pt.root;
}
EXPORT_SYMBOL_AXAS_INTERNAL(axas_space_root);

/**
 * axas_space_hw_root() - the value to load into the hardware root register
 * @as: the space
 * @vmid: VMID for arm64 and RISC-V; ignored by EPT and NPT
 *
 * Return: EPTP, nCR3, VTTBR_EL2 or hgatp.
 */
u64 axas_space_hw_root(const struct axas_space *as, u64 vmid)
{
	return axas_pt_root_pointer(&as->pt, vmid);
}
EXPORT_SYMBOL_AXAS_INTERNAL(axas_space_hw_root);

/**
 * axas_space_check_map() - validate the range and flags of a map or protect
 * @as: the space
 * @gpa: first GPA
 * @size: bytes
 * @flags: AXAS_MAP_* flags
 * @end: set to @gpa + @size
 *
 * Return: as axas_space_check(), or -EINVAL for flags the format cannot
 * express.
 */
int axas_space_check_map(const struct axas_space *as, u64 gpa, u64 size,
			 u32 flags, u64 *end)
{
	int ret = axas_space_check(as, gpa, size, end);

	return ret ? ret : axas_fmt_check_flags(&as->pt.fmt, flags);
}

/**
 * axas_space_new_area() - a new area over [@gpa, @end), not yet inserted
 * @as: the space, locked for writing
 * @gpa: first GPA
 * @end: first GPA after it
 * @flags: AXAS_MAP_* flags
 * @out: the area
 *
 * Return: 0; -EEXIST when an area overlaps the range; -ENOMEM.
 */
int axas_space_new_area(struct axas_space *as, u64 gpa, u64 end, u32 flags,
			struct axas_area **out)
{
	struct axas_area *a;

	lockdep_assert_held_write(&as->lock);
	if (axas_area_first(as, gpa, end - 1))
		return -EEXIST;
	a = axas_area_alloc();
	if (!a)
		return -ENOMEM;
	a->range.start = axas_gpa(gpa);
	a->range.end = axas_gpa(end);
	a->flags = flags;
	*out = a;
	return 0;
}

/**
 * axas_space_drop_area() - remove an area whose range is unmapped, free it
 * @as: the space, locked for writing
 * @a: the area
 */
void axas_space_drop_area(struct axas_space *as, struct axas_area *a)
{
	axas_area_erase(as, a);
	if (a->kind == AXAS_BACKEND_USER)
		axas_user_put(as, a->user.pages);
	axas_area_free(a);
}

/**
 * axas_space_zap() - tell the space's user that [@start, @end) goes away
 * @as: the space, locked for writing
 * @start: first GPA
 * @end: first GPA after the range
 *
 * Called before the frames behind the range are freed, so that host
 * mappings of them (mmap of a space file) are removed first.
 */
void axas_space_zap(struct axas_space *as, u64 start, u64 end)
{
	lockdep_assert_held_write(&as->lock);
	if (as->zap)
		as->zap(as->zap_priv, start, end);
}

/**
 * axas_space_set_zap() - register the callback of axas_space_zap()
 * @as: the space, not yet shared
 * @zap: called with the space locked for writing; may sleep, must not
 *	take the space lock
 * @priv: its argument
 */
void axas_space_set_zap(struct axas_space *as,
			void (*zap)(void *priv, u64 start, u64 end), void *priv)
{
	as->zap = zap;
	as->zap_priv = priv;
}
EXPORT_SYMBOL_AXAS_INTERNAL(axas_space_set_zap);

/**
 * axas_space_map_linear() - map [@gpa, @gpa + @size) to a fixed host range
 * @as: the space
 * @gpa: first GPA, 4 KiB aligned
 * @hpa: host physical address @gpa maps to, 4 KiB aligned
 * @size: bytes, a non-zero multiple of 4 KiB
 * @flags: AXAS_MAP_* flags; none of R/W/X is a valid no-access mapping
 * @opts: AXAS_SPACE_NOHUGE for 4 KiB leaves only
 *
 * The largest leaves the GPA, the HPA and the size allow are used.  The
 * caller (the ioctl layer) decides whether the host range may be mapped.
 *
 * Return: 0; -EINVAL (alignment, size, flags, options); -ERANGE (outside
 * the space, or an HPA the format cannot hold); -EEXIST; -ENOMEM.
 */
int axas_space_map_linear(struct axas_space *as, axas_gpa_t gpa,
			  axas_hpa_t hpa, u64 size, u32 flags, u32 opts)
{
	u64 start = axas_gpa_val(gpa), end;
	struct axas_area *a;
	int ret;

	if (opts & ~AXAS_SPACE_NOHUGE)
		return -EINVAL;
	ret = axas_space_check_map(as, start, size, flags, &end);
	if (ret)
		return ret;
	if (!axas_hpa_aligned(hpa, AXAS_PAGE_SIZE))
		return -EINVAL;

	down_write(&as->lock);
	ret = axas_space_new_area(as, start, end, flags, &a);
	if (ret)
		goto out;
	a->kind = AXAS_BACKEND_LINEAR;
	a->linear.hpa = hpa;
	a->linear.nohuge = opts & AXAS_SPACE_NOHUGE;
	ret = axas_pt_map(&as->pt, gpa, hpa, size, flags,
			  a->linear.nohuge ? AXAS_PT_NOHUGE : 0);
	if (ret) {
		axas_area_free(a);
		goto out;
	}
	axas_area_insert(as, a);
out:
	up_write(&as->lock);
	return ret;
}
EXPORT_SYMBOL_AXAS_INTERNAL(axas_space_map_linear);

/**
 * axas_space_map_alloc() - back [@gpa, @gpa + @size) with zeroed frames
 * @as: the space
 * @gpa: first GPA, 4 KiB aligned
 * @size: bytes, a non-zero multiple of 4 KiB
 * @flags: AXAS_MAP_* flags
 * @populate: allocate and map every frame now; otherwise on fault
 *
 * A populate can be interrupted by a signal; it then unwinds completely.
 *
 * Return: 0; -EINVAL; -ERANGE; -EEXIST; -ENOMEM; -EINTR.
 */
int axas_space_map_alloc(struct axas_space *as, axas_gpa_t gpa, u64 size,
			 u32 flags, bool populate)
{
	u64 start = axas_gpa_val(gpa), end;
	struct axas_area *a;
	int ret;

	ret = axas_space_check_map(as, start, size, flags, &end);
	if (ret)
		return ret;

	down_write(&as->lock);
	ret = axas_space_new_area(as, start, end, flags, &a);
	if (ret)
		goto out;
	a->kind = AXAS_BACKEND_ALLOC;
	a->alloc.populate = populate;
	if (populate) {
		ret = axas_alloc_populate(as, a);
		if (ret) {
			axas_area_free(a);
			goto out;
		}
	}
	axas_area_insert(as, a);
out:
	up_write(&as->lock);
	return ret;
}
EXPORT_SYMBOL_AXAS_INTERNAL(axas_space_map_alloc);

/* Preallocate the areas that cutting [start, end) out will create. */
static int axas_space_spares(struct axas_space *as, u64 start, u64 end,
			     struct axas_area **spares)
{
	unsigned int i, n = axas_area_splits(as, start, end);

	for (i = 0; i < n; i++) {
		spares[i] = axas_area_alloc();
		if (!spares[i])
			return -ENOMEM;
	}
	return 0;
}

static void axas_space_split(struct axas_space *as, u64 start, u64 end,
			     struct axas_area **spares)
{
	axas_area_split_at(as, start, &spares[0]);
	axas_area_split_at(as, end, spares[0] ? &spares[0] : &spares[1]);
}

/**
 * axas_space_unmap() - unmap any 4 KiB-aligned range
 * @as: the space
 * @gpa: first GPA
 * @size: bytes
 *
 * Frames of alloc areas are freed, huge leaves partly in the range split,
 * emptied table pages freed, areas shrunk, split or removed.  Holes are
 * fine.
 *
 * Return: 0; -EINVAL; -ERANGE; -ENOMEM (nothing changed then).
 */
int axas_space_unmap(struct axas_space *as, axas_gpa_t gpa, u64 size)
{
	struct axas_area *spares[2] = {}, *a, *next;
	u64 start = axas_gpa_val(gpa), end;
	int ret;

	ret = axas_space_check(as, start, size, &end);
	if (ret)
		return ret;

	down_write(&as->lock);
	ret = axas_space_spares(as, start, end, spares);
	if (ret)
		goto out;
	axas_space_zap(as, start, end);
	ret = axas_pt_unmap(&as->pt, gpa, size, axas_space_leaf_removed, as);
	if (ret)
		goto out;
	axas_space_split(as, start, end, spares);
	for (a = axas_area_first(as, start, end - 1); a; a = next) {
		next = axas_area_next(a, start, end - 1);
		axas_space_drop_area(as, a);
	}
out:
	up_write(&as->lock);
	axas_area_free(spares[0]);
	axas_area_free(spares[1]);
	return ret;
}
EXPORT_SYMBOL_AXAS_INTERNAL(axas_space_unmap);

/**
 * axas_space_protect() - change the flags of every area in a range
 * @as: the space
 * @gpa: first GPA
 * @size: bytes
 * @flags: the new AXAS_MAP_* flags
 *
 * Mapped leaves change now; lazy pages get the new flags when they fault.
 *
 * Return: 0; -EINVAL; -ERANGE; -ENOMEM (nothing changed then).
 */
int axas_space_protect(struct axas_space *as, axas_gpa_t gpa, u64 size,
		       u32 flags)
{
	struct axas_area *spares[2] = {}, *a;
	u64 start = axas_gpa_val(gpa), end;
	int ret;

	ret = axas_space_check_map(as, start, size, flags, &end);
	if (ret)
		return ret;

	down_write(&as->lock);
	ret = axas_space_spares(as, start, end, spares);
	if (ret)
		goto out;
	ret = axas_pt_protect(&as->pt, gpa, size, flags);
	if (ret)
		goto out;
	axas_space_split(as, start, end, spares);
	for (a = axas_area_first(as, start, end - 1); a;
	     a = axas_area_next(a, start, end - 1))
		a->flags = flags;
out:
	up_write(&as->lock);
	axas_area_free(spares[0]);
	axas_area_free(spares[1]);
	return ret;
}
EXPORT_SYMBOL_AXAS_INTERNAL(axas_space_protect);

/**
 * axas_space_clear() - unmap everything; only the root table remains
 * @as: the space
 */
void axas_space_clear(struct axas_space *as)
{
	struct axas_area *a, *next;
	u64 start = axas_gpa_val(as->range.start);
	u64 last = axas_gpa_val(as->range.end) - 1;

	down_write(&as->lock);
	axas_space_zap(as, start, last + 1);
	/* no leaf crosses the space's edges: nothing to split, cannot fail */
	WARN_ON_ONCE(axas_pt_unmap(&as->pt, as->range.start,
				   axas_space_size(as),
				   axas_space_leaf_removed, as));
	for (a = axas_area_first(as, start, last); a; a = next) {
		next = axas_area_next(a, start, last);
		axas_space_drop_area(as, a);
	}
	up_write(&as->lock);
}
EXPORT_SYMBOL_AXAS_INTERNAL(axas_space_clear);

/**
 * axas_space_handle_fault() - resolve a second-stage fault at @gpa
 * @as: the space
 * @gpa: the faulting guest physical address
 * @access: the AXAS_MAP_READ/WRITE/EXECUTE access that faulted
 *
 * A lazy page gets a zeroed frame; a page already present is left alone
 * (two racing faults allocate one frame).  Runs concurrently with other
 * readers.
 *
 * Return: 0 when @gpa is now mapped; -EINVAL for a bad @access; -ERANGE
 * outside the space; -EFAULT when no area covers @gpa; -EACCES when the
 * area does not allow @access; -ENOMEM.
 */
int axas_space_handle_fault(struct axas_space *as, axas_gpa_t gpa, u32 access)
{
	u64 addr = axas_gpa_val(gpa);
	struct axas_area *a;
	int ret = 0;

	if (!access || access & ~(AXAS_MAP_READ | AXAS_MAP_WRITE | AXAS_MAP_EXECUTE))
		return -EINVAL;
	if (!axas_gpa_range_contains(&as->range, gpa))
		return -ERANGE;

	down_read(&as->lock);
	a = axas_area_find(as, addr);
	if (!a)
		ret = -EFAULT;
	else if (access & ~a->flags)
		ret = -EACCES;
	else if (a->kind == AXAS_BACKEND_ALLOC)
		ret = axas_alloc_fault(as, a, ALIGN_DOWN(addr, AXAS_PAGE_SIZE));
	up_read(&as->lock);
	return ret;
}
EXPORT_SYMBOL_AXAS_INTERNAL(axas_space_handle_fault);

/* A single translation looks this far for host-contiguous pages. */
#define AXAS_CONTIG_SCAN	(16 * AXAS_PAGE_SIZE)

struct axas_contig {
	u64 next;	/* GPA the next leaf must start at */
	u64 hpa;	/* and the HPA it must map */
};

static int axas_contig_leaf(void *arg, const struct axas_pt_visit *v)
{
	struct axas_contig *c = arg;

	if (axas_gpa_val(v->gpa) != c->next || axas_hpa_val(v->info.pa) != c->hpa)
		return 1;
	c->next += v->size;
	c->hpa += v->size;
	return 0;
}

/*
 * Host-contiguous bytes from @gpa, within its area and up to @limit: one
 * walk from the leaf's end that stops at the first hole or jump.
 */
static u64 axas_space_contig(struct axas_space *as, const struct axas_area *a,
			     u64 gpa, const struct axas_pt_entry *e, u64 limit)
{
	u64 end = min(axas_area_end(a), limit);
	struct axas_contig c = {
		.next = axas_gpa_val(e->leaf_gpa) + e->leaf_size,
		.hpa = axas_hpa_val(e->leaf_hpa) + e->leaf_size,
	};

	if (a->kind == AXAS_BACKEND_LINEAR)
		return axas_area_end(a) - gpa;
	if (c.next < end)
		axas_pt_walk(&as->pt, axas_gpa(c.next), end - c.next, 0,
			     axas_contig_leaf, &c);
	return min(c.next, end) - gpa;
}

/*
 * Translate @gpa; host-contiguous bytes are counted up to @limit, or when
 * @limit is 0, up to AXAS_CONTIG_SCAN past @gpa or its leaf's end.
 */
static int axas_space_translate_locked(struct axas_space *as, u64 gpa,
				       u64 limit, struct axas_translation *out,
				       const struct axas_area **area)
{
	const struct axas_area *a;
	struct axas_pt_entry e;
	int ret;

	lockdep_assert_held(&as->lock);
	if (!axas_gpa_range_contains(&as->range, axas_gpa(gpa)))
		return -ERANGE;
	a = axas_area_find(as, gpa);
	if (!a)
		return -ENOENT;
	ret = axas_pt_query(&as->pt, axas_gpa(gpa), &e);
	if (ret)
		return ret;
	if (!limit)
		limit = max(axas_gpa_val(e.leaf_gpa) + e.leaf_size,
			    gpa + AXAS_CONTIG_SCAN);
	*out = (struct axas_translation){
		.hpa = e.hpa,
		.flags = e.flags,
		.level = e.level,
		.leaf_size = e.leaf_size,
		.area_start = a->range.start,
		.area_size = axas_gpa_range_size(&a->range),
		.contig = axas_space_contig(as, a, gpa, &e, limit),
		.kind = a->kind,
	};
	if (area)
		*area = a;
	return 0;
}

/**
 * axas_space_translate() - translate one guest physical address
 * @as: the space
 * @gpa: any address
 * @out: the host address, the leaf, the area (the seed's limit) and the
 *	host-contiguous bytes from @gpa
 *
 * Return: 0; -ERANGE outside the space; -ENOENT when nothing maps @gpa
 * (no area, or a lazy page not yet faulted in).
 */
int axas_space_translate(struct axas_space *as, axas_gpa_t gpa,
			 struct axas_translation *out)
{
	int ret;

	down_read(&as->lock);
	ret = axas_space_translate_locked(as, axas_gpa_val(gpa), 0, out, NULL);
	up_read(&as->lock);
	return ret;
}
EXPORT_SYMBOL_AXAS_INTERNAL(axas_space_translate);

/**
 * axas_space_translate_range_locked() - host segments covering a range
 * @as: the space, locked for reading (the segments stay valid as long)
 * @gpa: first address
 * @len: bytes, non-zero
 * @opts: AXAS_SEG_PER_LEAF to end every segment at its leaf's end, so that
 *	the segments say nothing of which frames are adjacent in host memory
 * @segs: output array, or NULL to only count
 * @max_segs: its size
 * @nr_segs: segments needed
 *
 * Each segment is host-contiguous and lies in one area.  Linear areas have
 * no kernel mapping (MMIO): their segments carry a NULL @hva.
 *
 * Return: 0; -ERANGE when the range leaves the space; -EFAULT when a page
 * in it is not mapped; -E2BIG when more than @max_segs are needed (then
 * @nr_segs tells how many); -EINTR when a fatal signal stopped a long
 * count.
 */
int axas_space_translate_range_locked(struct axas_space *as, u64 gpa, u64 len,
				      u32 opts, struct axas_kseg *segs,
				      unsigned int max_segs,
				      unsigned int *nr_segs)
{
	u64 end, n = 0;
	int ret;

	lockdep_assert_held(&as->lock);
	*nr_segs = 0;
	if (!len)
		return -EINVAL;
	if (check_add_overflow(gpa, len, &end) ||
	    !axas_space_contains_range(as, axas_gpa(gpa), len))
		return -ERANGE;
	while (gpa < end) {
		const struct axas_area *a;
		struct axas_translation t;
		u64 chunk;

		/* a long range of scattered frames: let a killed caller go */
		if (!(n % 1024) && n) {
			if (fatal_signal_pending(current))
				return -EINTR;
			cond_resched();
		}
		ret = axas_space_translate_locked(as, gpa, end, &t, &a);
		if (ret)
			return -EFAULT;
		chunk = min(t.contig, end - gpa);
		if (opts & AXAS_SEG_PER_LEAF)
			chunk = min(chunk, t.leaf_size - (gpa & (t.leaf_size - 1)));
		if (segs && n < max_segs)
			segs[n] = (struct axas_kseg){
				.gpa = axas_gpa(gpa),
				.hpa = t.hpa,
				.hva = a->kind == AXAS_BACKEND_LINEAR ? NULL :
				       axas_hal_phys_to_virt(&as->hal, t.hpa),
				.len = chunk,
			};
		n++;
		gpa += chunk;
	}
	*nr_segs = n;
	return segs && n > max_segs ? -E2BIG : 0;
}
EXPORT_SYMBOL_AXAS_INTERNAL(axas_space_translate_range_locked);

/**
 * axas_space_translate_range() - the seed's translated_byte_buffer
 * @as: the space
 * @gpa: first address
 * @len: bytes
 * @opts: as for axas_space_translate_range_locked()
 * @segs: output array
 * @max_segs: its size
 * @nr_segs: segments found
 *
 * As axas_space_translate_range_locked(), taking the lock itself: the
 * host addresses may be stale as soon as it returns, unless the caller
 * knows nothing unmaps the range.
 *
 * Return: as axas_space_translate_range_locked().
 */
int axas_space_translate_range(struct axas_space *as, axas_gpa_t gpa,
			       u64 len, u32 opts, struct axas_kseg *segs,
			       unsigned int max_segs, unsigned int *nr_segs)
{
	int ret;

	down_read(&as->lock);
	ret = axas_space_translate_range_locked(as, axas_gpa_val(gpa), len,
						opts, segs, max_segs, nr_segs);
	up_read(&as->lock);
	return ret;
}
EXPORT_SYMBOL_AXAS_INTERNAL(axas_space_translate_range);

/**
 * axas_space_get_stats() - counters of the space
 * @as: the space
 * @st: filled in
 */
void axas_space_get_stats(struct axas_space *as, struct axas_space_stats *st)
{
	struct axas_area *a;
	u64 last = axas_gpa_val(as->range.end) - 1;

	memset(st, 0, sizeof(*st));
	down_read(&as->lock);
	mutex_lock(&as->fault_lock);
	st->pt = as->pt.stats;
	mutex_unlock(&as->fault_lock);
	st->frames = atomic_long_read(&as->hal.nr_frames);
	st->pinned = atomic_long_read(&as->nr_pinned);
	st->faults = atomic_long_read(&as->nr_faults);
	for (a = axas_area_first(as, axas_gpa_val(as->range.start), last); a;
	     a = axas_area_next(a, axas_gpa_val(as->range.start), last)) {
		st->areas++;
		st->mapped_bytes += axas_gpa_range_size(&a->range);
	}
	up_read(&as->lock);
}
EXPORT_SYMBOL_AXAS_INTERNAL(axas_space_get_stats);

/**
 * axas_space_walk() - visit the page-table entries of a range
 * @as: the space
 * @gpa: first GPA
 * @size: bytes
 * @wflags: AXAS_PT_WALK_TABLES to visit table entries too
 * @fn: called for each entry in GPA order (tables before what is below
 *	them), the space locked for reading: it must not sleep on user memory
 * @arg: its argument
 *
 * Return: as axas_pt_walk().
 */
int axas_space_walk(struct axas_space *as, axas_gpa_t gpa, u64 size,
		    u32 wflags, axas_pt_visit_fn fn, void *arg)
{
	int ret;

	down_read(&as->lock);
	ret = axas_pt_walk(&as->pt, gpa, size, wflags, fn, arg);
	up_read(&as->lock);
	return ret;
}
EXPORT_SYMBOL_AXAS_INTERNAL(axas_space_walk);

struct axas_populated {
	u64 start;
	u64 end;
	u64 bytes;
	unsigned long leaves;
};

static int axas_space_count_leaf(void *arg, const struct axas_pt_visit *v)
{
	struct axas_populated *p = arg;
	u64 start = max(axas_gpa_val(v->gpa), p->start);
	u64 end = min(axas_gpa_val(v->gpa) + v->size, p->end);

	if (v->info.type == AXAS_PTE_LEAF && end > start)
		p->bytes += end - start;
	/* a big area of 4 KiB leaves: let a killed caller go */
	if (!(++p->leaves % 4096)) {
		if (fatal_signal_pending(current))
			return -EINTR;
		cond_resched();
	}
	return 0;
}

/**
 * axas_space_areas() - describe the areas from a GPA on
 * @as: the space
 * @from: report the areas that end above this GPA
 * @out: array to fill
 * @max: its size
 * @nr: set to the number filled
 * @next: set to the start of the first area not reported, or 0 when
 *	every area was
 *
 * Counting the populated bytes walks each area's leaves.
 *
 * Return: 0, or -EINTR when a fatal signal stopped a long count.
 */
int axas_space_areas(struct axas_space *as, u64 from,
		     struct axas_area_info *out, unsigned int max,
		     unsigned int *nr, u64 *next)
{
	u64 last = axas_gpa_val(as->range.end) - 1;
	struct axas_area *a;
	unsigned int n = 0;
	int ret = 0;

	*next = 0;
	down_read(&as->lock);
	for (a = from <= last ? axas_area_first(as, from, last) : NULL; a;
	     a = axas_area_next(a, from, last)) {
		struct axas_populated p = {
			.start = axas_area_start(a), .end = axas_area_end(a),
		};

		if (n == max) {
			*next = axas_area_start(a);
			break;
		}
		ret = axas_pt_walk(&as->pt, a->range.start, p.end - p.start, 0,
				   axas_space_count_leaf, &p);
		if (ret)
			break;
		out[n++] = (struct axas_area_info){
			.start = p.start,
			.size = p.end - p.start,
			.kind = a->kind,
			.flags = a->flags,
			.hpa = a->kind == AXAS_BACKEND_LINEAR ? a->linear.hpa :
							       axas_hpa(0),
			.populated = p.bytes,
			.populate = a->kind == AXAS_BACKEND_ALLOC &&
				    a->alloc.populate,
			.nohuge = a->kind == AXAS_BACKEND_LINEAR &&
				  a->linear.nohuge,
		};
	}
	up_read(&as->lock);
	*nr = n;
	return ret;
}
EXPORT_SYMBOL_AXAS_INTERNAL(axas_space_areas);
