// SPDX-License-Identifier: GPL-2.0
/*
 * AddrSpace: creation, destruction and what a space is.  Maps and unmaps
 * are in map.c, translations in translate.c, the backends in backend_*.c.
 * Locking rules are in space.h.
 */
#include <linux/lockdep.h>
#include <linux/overflow.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include "arch.h"
#include "space.h"
#include "../pgtable/export.h"

/**
 * axas_space_create() - a new, empty address space
 * @fmt: page-table format (AXAS_FMT_NATIVE for the host's)
 * @gpa_bits: arm64 IPA width, or 0 for the format's default
 * @base: first guest physical address of the space, 4 KiB aligned
 * @size: its size, a non-zero multiple of 4 KiB
 * @ops: memory operations (&axas_default_hal_ops outside tests)
 * @hal_priv: their private data; for &axas_default_hal_ops, NULL: the
 *	space then charges its memory to the caller's memory cgroup
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
	kref_init(&as->ref);
	INIT_LIST_HEAD(&as->consumers);
	init_waitqueue_head(&as->release_wq);
	init_rwsem(&as->lock);
	mutex_init(&as->fault_lock);
	seqcount_init(&as->seq);
	as->areas = RB_ROOT_CACHED;
	as->last_area = NULL;
	atomic_long_set(&as->nr_faults, 0);
	atomic_long_set(&as->nr_pinned, 0);
	if (!hal_priv) {
		/* a VMM's faults, copies and populates are charged alike */
		as->memcg = axas_hal_memcg_get(ops);
		hal_priv = as->memcg;
	}
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
	axas_hal_memcg_put(as->memcg);
	kfree(as);
	return ret;
}
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_space_create);

static void axas_space_free(struct kref *ref)
{
	struct axas_space *as = container_of(ref, struct axas_space, ref);

	axas_space_clear(as);
	axas_pt_destroy(&as->pt, NULL, NULL);
	mutex_destroy(&as->fault_lock);
	axas_hal_memcg_put(as->memcg);
	kfree(as);
}

/**
 * axas_space_get() - one more reference to a space
 * @as: the space; the caller holds a reference already
 */
void axas_space_get(struct axas_space *as)
{
	kref_get(&as->ref);
}
EXPORT_SYMBOL_AXAS_API(axas_space_get);

/**
 * axas_space_put() - drop a reference; the last one frees the space
 * @as: the space
 *
 * What the space maps was freed already when its owner destroyed it; the
 * last reference frees the root table and the structure.
 */
void axas_space_put(struct axas_space *as)
{
	kref_put(&as->ref, axas_space_free);
}
EXPORT_SYMBOL_AXAS_API(axas_space_put);

/**
 * axas_space_destroy() - the owner's end of a space
 * @as: the space; its owner may not use it any more
 *
 * Every consumer is released first (it stops using the root pointer),
 * then everything is unmapped and freed; the structure and the root go
 * with the last reference (axas_space_put()).
 */
void axas_space_destroy(struct axas_space *as)
{
	axas_space_release_consumers(as);
	axas_space_clear(as);
	/* the owner's zap callback goes with the owner */
	down_write(&as->lock);
	as->zap = NULL;
	as->zap_priv = NULL;
	up_write(&as->lock);
	axas_space_put(as);
}
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_space_destroy);

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
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_space_base);

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
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_space_end);

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
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_space_size);

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
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_space_contains_range);

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
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_space_root);

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
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_space_hw_root);

/**
 * axas_space_set_vmid() - the VMID the hardware root pointer carries
 * @as: the space, not yet shared
 * @vmid: the VMID
 *
 * Return: 0, or -EINVAL when @vmid does not fit the format's VMID field
 * (EPT and NPT root pointers carry none: only 0 fits).
 */
int axas_space_set_vmid(struct axas_space *as, u64 vmid)
{
	if (vmid >> as->pt.fmt.vmid_bits)
		return -EINVAL;
	as->vmid = vmid;
	return 0;
}
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_space_set_vmid);

/**
 * axas_space_get_layout() - the format, range and root pointer of a space
 * @as: the space
 * @out: filled in completely
 */
void axas_space_get_layout(const struct axas_space *as,
			   struct axas_space_layout *out)
{
	const struct axas_fmt *f = &as->pt.fmt;

	*out = (struct axas_space_layout){
		.format = f->id,
		.gpa_bits = f->gpa_bits,
		.levels = f->top_level + 1,
		.vmid_bits = f->vmid_bits,
		.vmid = as->vmid,
		.base = axas_gpa_val(as->range.start),
		.size = axas_gpa_range_size(&as->range),
		.root = as->pt.root,
		.hw_root = axas_pt_root_pointer(&as->pt, as->vmid),
		.addr_mask = axas_fmt_addr_mask(f),
	};
}
EXPORT_SYMBOL_AXAS_API(axas_space_get_layout);

/**
 * axas_space_native_format() - the format AXAS_FMT_NATIVE stands for
 *
 * Return: the host's own second-stage format.
 */
enum axas_format axas_space_native_format(void)
{
	return axas_fmt_native();
}

/* The CPU's physical address width, probed at load (axas_space_init()). */
static unsigned int axas_host_phys_bits;

/**
 * axas_space_phys_bits() - physical address width of this host
 *
 * Return: host physical addresses lie below 2^this (x86 MAXPHYADDR, the
 * arm64 PARange capped at 48, 56 on RISC-V: see space/arch_*.c).
 */
unsigned int axas_space_phys_bits(void)
{
	return axas_host_phys_bits;
}

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
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_space_get_stats);

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
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_space_set_zap);

/* PhysFrame for the module's users: frames from the kernel's HAL. */
static struct axas_hal axas_module_hal_inst;

/**
 * axas_module_hal() - the HAL that in-kernel users allocate frames from
 *
 * Frames of axas_frame_alloc() and axas_frame_alloc_zero() on it come from
 * the page allocator, charged to the caller's memory cgroup, and count in
 * the module-wide frame count of GET_INFO.
 *
 * Return: the HAL.
 */
struct axas_hal *axas_module_hal(void)
{
	return &axas_module_hal_inst;
}
EXPORT_SYMBOL_AXAS_API(axas_module_hal);

/**
 * axas_space_init() - module-wide state of the space layer
 *
 * Return: 0 or -ENOMEM.
 */
int axas_space_init(void)
{
	struct axas_arch_info arch;
	int ret;

	axas_arch_probe(&arch);
	/* fails only when a probe returned a format that does not exist */
	ret = axas_fmt_set_native(arch.native, arch.native_gpa_bits);
	if (ret)
		return ret;
	axas_host_phys_bits = arch.phys_bits;
	axas_hal_init(&axas_module_hal_inst, &axas_default_hal_ops, NULL);
	return axas_area_cache_init();
}

/**
 * axas_space_exit() - undo axas_space_init(); no space may be left
 */
void axas_space_exit(void)
{
	/* table pages still waiting for a grace period (hal_kernel.c) */
	rcu_barrier();
	axas_area_cache_exit();
}
