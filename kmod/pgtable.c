// SPDX-License-Identifier: GPL-2.0
/*
 * The page-table engine: one walker for every format.
 *
 * Shape of the walk.  Levels count from the leaf up (0 maps 4 KiB) and the
 * root sits at fmt.top_level.  Every operation visits, at each level, the
 * entries that [gpa, end) touches, in GPA order; an entry is either covered
 * whole by the range (a leaf may be placed, removed or re-encoded in one
 * store) or only in part (the walk descends, after splitting a huge leaf
 * into a table of leaves one level down).  The format is consulted only
 * through its pure encode/decode functions and memory only through the
 * HAL, so this file also builds in user space (tools/testing/uspace/).
 *
 * All or nothing.  Each modifying operation runs this walk twice.  The
 * first (prepare) pass changes nothing: it finds conflicts (-EEXIST) and
 * counts the table pages the operation needs (new intermediate tables,
 * huge leaves to split).  Those pages are then allocated into a private
 * cache, like KVM's kvm_mmu_memory_cache, and only then does the second
 * (commit) pass change entries; it cannot fail.  An -ENOMEM therefore
 * leaves the tables exactly as they were.  The cache needs no memory of
 * its own: free table pages are chained through their first word and
 * handed out zeroed.
 *
 * Lockless readers.  Entries are read with READ_ONCE() and written with
 * WRITE_ONCE(); a new table is zeroed and published with a release store,
 * so query, walk and test-and-clear-young may run while a map fills a range
 * that held no entry (the contract in pgtable.h).  Unmap and protect free
 * or rewrite entries and need the caller's exclusion.
 *
 * Invariant: no table below the root is ever empty once an operation
 * returns (unmap frees the ones it empties; map and split fill the ones
 * they create), so table_pages in the counters is exactly what the mapped
 * leaves need.
 */
#include <linux/align.h>
#include <linux/atomic.h>
#include <linux/bits.h>
#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/minmax.h>
#include <linux/overflow.h>
#include <linux/string.h>
#include "pgtable.h"
#include "compat.h"

enum axas_pt_mode {
	AXAS_PT_MAP,
	AXAS_PT_UNMAP,
	AXAS_PT_PROTECT,
};

/* Free table pages reserved by the prepare pass, chained through word 0. */
struct axas_pt_cache {
	axas_hpa_t head;
	unsigned long nr;
};

/**
 * struct axas_pt_op - one map, unmap or protect in progress
 * @pt: the table
 * @mode: what is done
 * @prepare: true in the first pass (count and check, change nothing)
 * @gpa: first GPA of the operation
 * @hpa: host physical address @gpa maps to (map)
 * @flags: AXAS_MAP_* flags (map, protect)
 * @opts: AXAS_PT_* options (map)
 * @need: table pages counted by the prepare pass
 * @cache: table pages reserved for the commit pass
 * @fn: called for each removed leaf (unmap)
 * @arg: @fn's cookie
 */
struct axas_pt_op {
	struct axas_pt *pt;
	enum axas_pt_mode mode;
	bool prepare;
	u64 gpa;
	u64 hpa;
	u32 flags;
	u32 opts;
	unsigned long need;
	struct axas_pt_cache cache;
	axas_pt_leaf_fn fn;
	void *arg;
};

static u64 *axas_pt_va(struct axas_pt *pt, axas_hpa_t pa)
{
	return axas_hal_phys_to_virt(pt->hal, pa);
}

static unsigned int axas_pt_index(const struct axas_fmt *f, u64 gpa,
				  unsigned int level)
{
	unsigned int shift = AXAS_PAGE_SHIFT + AXAS_LEVEL_BITS * level;

	return (gpa >> shift) & (axas_fmt_nr_ptes(f, level) - 1);
}

/* End of the entry at @level holding @gpa, clipped to @end. */
static u64 axas_pt_next(u64 gpa, unsigned int level, u64 end)
{
	u64 size = axas_fmt_level_size(level);

	return min(end, ALIGN_DOWN(gpa, size) + size);
}

static void axas_pt_decode(struct axas_pt *pt, u64 pte, unsigned int level,
			   struct axas_pte_info *info)
{
	pt->fmt.ops->decode(&pt->fmt, pte, level, info);
}

static void axas_pt_cache_free(struct axas_pt *pt, struct axas_pt_cache *c)
{
	while (c->nr) {
		axas_hpa_t pa = c->head;

		c->head = axas_hpa(READ_ONCE(axas_pt_va(pt, pa)[0]));
		axas_hal_free_table(pt->hal, pa, 0);
		c->nr--;
	}
}

static int axas_pt_cache_fill(struct axas_pt *pt, struct axas_pt_cache *c,
			      unsigned long n)
{
	while (c->nr < n) {
		axas_hpa_t pa;

		if (axas_hal_alloc_table(pt->hal, 0, &pa)) {
			axas_pt_cache_free(pt, c);
			return -ENOMEM;
		}
		axas_pt_va(pt, pa)[0] = axas_hpa_val(c->head);
		c->head = pa;
		c->nr++;
	}
	return 0;
}

static axas_hpa_t axas_pt_cache_take(struct axas_pt *pt,
				     struct axas_pt_cache *c)
{
	axas_hpa_t pa = c->head;
	u64 *va = axas_pt_va(pt, pa);

	c->head = axas_hpa(va[0]);
	va[0] = 0;
	c->nr--;
	return pa;
}

/*
 * Publish a zeroed (or fully written) table: the release orders its
 * contents before the entry that points to it, so a lockless reader that
 * finds the entry (READ_ONCE(), then an address dependency) sees them.
 */
static void axas_pt_set_table(struct axas_pt *pt, u64 *ptep, axas_hpa_t pa)
{
	/* pairs with the address dependency of the readers' READ_ONCE() */
	smp_store_release(ptep, pt->fmt.ops->encode_table(&pt->fmt, pa));
	pt->stats.table_pages++;
}

static bool axas_pt_leaf_fits(const struct axas_pt_op *op, unsigned int level,
			      u64 gpa, u64 next)
{
	u64 size = axas_fmt_level_size(level);
	u64 hpa = op->hpa + (gpa - op->gpa);

	if (!axas_fmt_leaf_ok(&op->pt->fmt, level))
		return false;
	if (level > 0 && (op->opts & AXAS_PT_NOHUGE))
		return false;
	return IS_ALIGNED(gpa, size) && next - gpa == size &&
	       IS_ALIGNED(hpa, size);
}

static int axas_pt_map_walk(struct axas_pt_op *op, u64 *table,
			    unsigned int level, u64 gpa, u64 end)
{
	struct axas_pt *pt = op->pt;
	const struct axas_fmt *f = &pt->fmt;
	int ret = 0;

	for (; gpa < end; gpa = axas_pt_next(gpa, level, end)) {
		u64 next = axas_pt_next(gpa, level, end);
		struct axas_pte_info info = { .type = AXAS_PTE_NONE };
		u64 *ptep = NULL;
		axas_hpa_t child, hpa;

		if (table) {
			ptep = &table[axas_pt_index(f, gpa, level)];
			axas_pt_decode(pt, READ_ONCE(*ptep), level, &info);
		}

		/*
		 * A leaf goes where it fits and nothing is mapped.  An existing
		 * table is descended into even then: only a leaf it holds in
		 * the range is a conflict.
		 */
		if (info.type != AXAS_PTE_TABLE &&
		    axas_pt_leaf_fits(op, level, gpa, next)) {
			if (info.type == AXAS_PTE_LEAF)
				return -EEXIST;
			if (op->prepare)
				continue;
			hpa = axas_hpa(op->hpa + (gpa - op->gpa));
			WRITE_ONCE(*ptep, f->ops->encode_leaf(f, hpa, op->flags,
							      level));
			pt->stats.leaves[level]++;
			continue;
		}

		if (info.type == AXAS_PTE_LEAF)
			return -EEXIST;
		if (info.type == AXAS_PTE_TABLE) {
			ret = axas_pt_map_walk(op, axas_pt_va(pt, info.pa),
					       level - 1, gpa, next);
		} else if (op->prepare) {
			op->need++;
			/* below a new table, 4 KiB leaves always fit */
			if (level > 1)
				ret = axas_pt_map_walk(op, NULL, level - 1,
						       gpa, next);
		} else {
			child = axas_pt_cache_take(pt, &op->cache);
			axas_pt_set_table(pt, ptep, child);
			ret = axas_pt_map_walk(op, axas_pt_va(pt, child),
					       level - 1, gpa, next);
		}
		if (ret)
			return ret;
	}
	return 0;
}

/*
 * Tables needed to carve [gpa, end) out of a leaf at @level that covers it
 * only partly: one to split it, plus, recursively, one per child that the
 * range again covers only partly (at most the two at its edges).
 */
static unsigned long axas_pt_split_need(unsigned int level, u64 gpa, u64 end)
{
	unsigned long need = 1;
	u64 next, size = axas_fmt_level_size(level - 1);

	for (; gpa < end; gpa = next) {
		next = axas_pt_next(gpa, level - 1, end);
		if (!IS_ALIGNED(gpa, size) || next - gpa != size)
			need += axas_pt_split_need(level - 1, gpa, next);
	}
	return need;
}

/*
 * Replace the huge leaf at @ptep by a table of leaves one level down.  A
 * split changes nothing a reader can observe: each new leaf maps its part
 * with the same flags and the very accessed/dirty state of the old one
 * (not the state an encoder gives a fresh leaf).
 */
static axas_hpa_t axas_pt_split(struct axas_pt_op *op, u64 *ptep, u64 pte,
				const struct axas_pte_info *info,
				unsigned int level)
{
	struct axas_pt *pt = op->pt;
	const struct axas_fmt *f = &pt->fmt;
	u64 ad = f->accessed_mask | f->dirty_mask;
	u64 keep = pte & ad;
	u64 sub = axas_fmt_level_size(level - 1);
	axas_hpa_t child = axas_pt_cache_take(pt, &op->cache);
	u64 *ct = axas_pt_va(pt, child);
	unsigned int i;

	for (i = 0; i < AXAS_PTES_PER_TABLE; i++)
		ct[i] = (f->ops->encode_leaf(f, axas_hpa_add(info->pa, i * sub),
					     info->flags, level - 1) & ~ad) | keep;
	axas_pt_set_table(pt, ptep, child);
	pt->stats.leaves[level]--;
	pt->stats.leaves[level - 1] += AXAS_PTES_PER_TABLE;
	return child;
}

static bool axas_pt_table_empty(const u64 *table)
{
	unsigned int i;

	for (i = 0; i < AXAS_PTES_PER_TABLE; i++)
		if (READ_ONCE(table[i]))
			return false;
	return true;
}

static int axas_pt_change_walk(struct axas_pt_op *op, u64 *table,
			       unsigned int level, u64 gpa, u64 end)
{
	struct axas_pt *pt = op->pt;
	const struct axas_fmt *f = &pt->fmt;
	u64 size = axas_fmt_level_size(level);
	int ret;

	for (; gpa < end; gpa = axas_pt_next(gpa, level, end)) {
		u64 next = axas_pt_next(gpa, level, end);
		u64 *ptep = &table[axas_pt_index(f, gpa, level)];
		bool whole = IS_ALIGNED(gpa, size) && next - gpa == size;
		u64 pte = READ_ONCE(*ptep);
		struct axas_pte_info info;
		u64 *child;

		axas_pt_decode(pt, pte, level, &info);
		if (info.type == AXAS_PTE_NONE)
			continue;
		/* protect leaves alone (and unsplit) a leaf that has the flags */
		if (info.type == AXAS_PTE_LEAF && op->mode == AXAS_PT_PROTECT &&
		    info.flags == op->flags)
			continue;

		if (info.type == AXAS_PTE_LEAF && whole) {
			if (op->prepare)
				continue;
			if (op->mode == AXAS_PT_UNMAP) {
				WRITE_ONCE(*ptep, 0);
				pt->stats.leaves[level]--;
				if (op->fn)
					op->fn(op->arg, axas_gpa(gpa), info.pa, size);
			} else {
				u64 keep = pte & (f->accessed_mask | f->dirty_mask);
				u64 leaf = f->ops->encode_leaf(f, info.pa, op->flags,
							       level);

				WRITE_ONCE(*ptep, leaf | keep);
			}
			continue;
		}

		if (info.type == AXAS_PTE_LEAF) {
			if (level == 0 || !axas_fmt_leaf_ok(f, level - 1))
				return -EINVAL;
			if (op->prepare) {
				op->need += axas_pt_split_need(level, gpa, next);
				continue;
			}
			child = axas_pt_va(pt, axas_pt_split(op, ptep, pte,
							     &info, level));
		} else {
			child = axas_pt_va(pt, info.pa);
		}

		ret = axas_pt_change_walk(op, child, level - 1, gpa, next);
		if (ret)
			return ret;
		/* a child whose whole range was unmapped is empty */
		if (!op->prepare && op->mode == AXAS_PT_UNMAP &&
		    (whole || axas_pt_table_empty(child))) {
			axas_pt_decode(pt, READ_ONCE(*ptep), level, &info);
			WRITE_ONCE(*ptep, 0);
			axas_hal_free_table(pt->hal, info.pa, 0);
			pt->stats.table_pages--;
		}
	}
	return 0;
}

/*
 * Validate [gpa, gpa + size) against the format and set *end: a malformed
 * range (misaligned, empty, wrapping past 2^64) is -EINVAL, a well-formed
 * one that the format cannot reach is -ERANGE.
 */
static int axas_pt_check_range(const struct axas_pt *pt, u64 gpa, u64 size,
			       u64 *end)
{
	if (!size || !IS_ALIGNED(gpa, AXAS_PAGE_SIZE) ||
	    !IS_ALIGNED(size, AXAS_PAGE_SIZE) ||
	    check_add_overflow(gpa, size, end))
		return -EINVAL;
	if (*end > axas_fmt_gpa_limit(&pt->fmt))
		return -ERANGE;
	return 0;
}

/* Prepare, reserve, commit.  Nothing changes unless every pass can. */
static int axas_pt_run(struct axas_pt_op *op, u64 end)
{
	struct axas_pt *pt = op->pt;
	u64 *root = axas_pt_va(pt, pt->root);
	unsigned int top = pt->fmt.top_level;
	int ret;

	op->prepare = true;
	if (op->mode == AXAS_PT_MAP)
		ret = axas_pt_map_walk(op, root, top, op->gpa, end);
	else
		ret = axas_pt_change_walk(op, root, top, op->gpa, end);
	if (ret)
		return ret;

	ret = axas_pt_cache_fill(pt, &op->cache, op->need);
	if (ret)
		return ret;

	op->prepare = false;
	if (op->mode == AXAS_PT_MAP)
		ret = axas_pt_map_walk(op, root, top, op->gpa, end);
	else
		ret = axas_pt_change_walk(op, root, top, op->gpa, end);
	/* the prepare pass saw every conflict: the commit cannot fail */
	WARN_ON_ONCE(ret || op->cache.nr);
	axas_pt_cache_free(pt, &op->cache);
	return ret;
}

/**
 * axas_pt_init() - create an empty page table
 * @pt: the table to set up
 * @id: its format (AXAS_FMT_NATIVE for the host's)
 * @gpa_bits: arm64 stage-2 IPA width, or 0 for the format's default
 * @hal: where table pages come from
 *
 * Allocates the root (16 KiB for RISC-V, concatenated tables for arm64
 * where the IPA width needs them).
 *
 * Return: 0, -EINVAL for a bad format or width, -ENOMEM.
 */
int axas_pt_init(struct axas_pt *pt, enum axas_format id,
		 unsigned int gpa_bits, struct axas_hal *hal)
{
	int ret;

	memset(pt, 0, sizeof(*pt));
	ret = axas_fmt_init(&pt->fmt, id, gpa_bits);
	if (ret)
		return ret;
	pt->hal = hal;
	ret = axas_hal_alloc_table(hal, pt->fmt.root_order, &pt->root);
	if (ret)
		return ret;
	pt->stats.table_pages = 1UL << pt->fmt.root_order;
	return 0;
}
EXPORT_SYMBOL_AXAS_INTERNAL(axas_pt_init);

static void axas_pt_destroy_walk(struct axas_pt *pt, u64 *table,
				 unsigned int level, u64 base,
				 axas_pt_leaf_fn fn, void *arg)
{
	unsigned int i, n = axas_fmt_nr_ptes(&pt->fmt, level);
	u64 size = axas_fmt_level_size(level);

	for (i = 0; i < n; i++) {
		struct axas_pte_info info;

		axas_pt_decode(pt, READ_ONCE(table[i]), level, &info);
		if (info.type == AXAS_PTE_LEAF) {
			pt->stats.leaves[level]--;
			if (fn)
				fn(arg, axas_gpa(base + i * size), info.pa, size);
		} else if (info.type == AXAS_PTE_TABLE) {
			axas_pt_destroy_walk(pt, axas_pt_va(pt, info.pa),
					     level - 1, base + i * size, fn, arg);
			axas_hal_free_table(pt->hal, info.pa, 0);
			pt->stats.table_pages--;
		}
		WRITE_ONCE(table[i], 0);
	}
}

/**
 * axas_pt_destroy() - free every table page, root included
 * @pt: the table; unusable afterwards
 * @fn: called for each leaf still mapped, so its owner can free the frame
 *	(may be NULL)
 * @arg: @fn's cookie
 */
void axas_pt_destroy(struct axas_pt *pt, axas_pt_leaf_fn fn, void *arg)
{
	if (!axas_hpa_val(pt->root))
		return;
	axas_pt_destroy_walk(pt, axas_pt_va(pt, pt->root), pt->fmt.top_level,
			     0, fn, arg);
	axas_hal_free_table(pt->hal, pt->root, pt->fmt.root_order);
	pt->stats.table_pages -= 1UL << pt->fmt.root_order;
	pt->root = axas_hpa(0);
}
EXPORT_SYMBOL_AXAS_INTERNAL(axas_pt_destroy);

/**
 * axas_pt_map() - map [@gpa, @gpa + @size) to [@hpa, @hpa + @size)
 * @pt: the table
 * @gpa: first guest physical address, 4 KiB aligned
 * @hpa: first host physical address, 4 KiB aligned
 * @size: bytes, a non-zero multiple of 4 KiB
 * @flags: AXAS_MAP_* flags
 * @opts: AXAS_PT_NOHUGE for 4 KiB leaves only
 *
 * Each piece gets the largest leaf (1 GiB, 2 MiB, 4 KiB) that the GPA, the
 * HPA and the remaining size allow.  All or nothing.
 *
 * Return: 0; -EINVAL for misalignment, a zero size, a range wrapping past
 * 2^64, bad flags or options; -ERANGE for a range beyond the format's GPA
 * or HPA width; -EEXIST when a leaf already maps part of the range;
 * -ENOMEM (nothing changed then).
 */
int axas_pt_map(struct axas_pt *pt, axas_gpa_t gpa, axas_hpa_t hpa, u64 size,
		u32 flags, u32 opts)
{
	struct axas_pt_op op = {
		.pt = pt, .mode = AXAS_PT_MAP, .gpa = axas_gpa_val(gpa),
		.hpa = axas_hpa_val(hpa), .flags = flags, .opts = opts,
	};
	u64 end, hend;
	int ret;

	ret = axas_pt_check_range(pt, op.gpa, size, &end);
	if (ret)
		return ret;
	if (!IS_ALIGNED(op.hpa, AXAS_PAGE_SIZE) || (opts & ~AXAS_PT_NOHUGE) ||
	    check_add_overflow(op.hpa, size, &hend))
		return -EINVAL;
	if (hend > axas_fmt_pa_limit(&pt->fmt))
		return -ERANGE;
	ret = axas_fmt_check_flags(&pt->fmt, flags);
	if (ret)
		return ret;
	return axas_pt_run(&op, end);
}
EXPORT_SYMBOL_AXAS_INTERNAL(axas_pt_map);

/**
 * axas_pt_unmap() - remove every leaf in [@gpa, @gpa + @size)
 * @pt: the table
 * @gpa: first guest physical address, 4 KiB aligned
 * @size: bytes, a non-zero multiple of 4 KiB
 * @fn: called for each removed leaf (may be NULL)
 * @arg: @fn's cookie
 *
 * Holes are skipped.  A huge leaf only partly in the range is split first,
 * so the rest of it stays mapped; table pages left empty are freed.
 *
 * Return: 0; -EINVAL or -ERANGE for a bad range; -ENOMEM when a split
 * cannot get its table (nothing changed then).
 */
int axas_pt_unmap(struct axas_pt *pt, axas_gpa_t gpa, u64 size,
		  axas_pt_leaf_fn fn, void *arg)
{
	struct axas_pt_op op = {
		.pt = pt, .mode = AXAS_PT_UNMAP, .gpa = axas_gpa_val(gpa),
		.fn = fn, .arg = arg,
	};
	u64 end;
	int ret;

	ret = axas_pt_check_range(pt, op.gpa, size, &end);
	if (ret)
		return ret;
	return axas_pt_run(&op, end);
}
EXPORT_SYMBOL_AXAS_INTERNAL(axas_pt_unmap);

/**
 * axas_pt_protect() - give every leaf in a range new flags
 * @pt: the table
 * @gpa: first guest physical address, 4 KiB aligned
 * @size: bytes, a non-zero multiple of 4 KiB
 * @flags: the new AXAS_MAP_* flags
 *
 * Holes are skipped; huge leaves only partly in the range are split,
 * unless they already have @flags.  The accessed and dirty bits of each
 * leaf are kept.
 *
 * Return: 0; -EINVAL for a bad range or flags; -ERANGE; -ENOMEM (nothing
 * changed then).
 */
int axas_pt_protect(struct axas_pt *pt, axas_gpa_t gpa, u64 size, u32 flags)
{
	struct axas_pt_op op = {
		.pt = pt, .mode = AXAS_PT_PROTECT, .gpa = axas_gpa_val(gpa),
		.flags = flags,
	};
	u64 end;
	int ret;

	ret = axas_pt_check_range(pt, op.gpa, size, &end);
	if (ret)
		return ret;
	ret = axas_fmt_check_flags(&pt->fmt, flags);
	if (ret)
		return ret;
	return axas_pt_run(&op, end);
}
EXPORT_SYMBOL_AXAS_INTERNAL(axas_pt_protect);

/**
 * axas_pt_query() - translate one guest physical address
 * @pt: the table
 * @gpa: any guest physical address
 * @out: the leaf that maps it
 *
 * Safe against a concurrent map of other addresses (lockless reader).
 *
 * Return: 0, -ENOENT when nothing maps @gpa, -ERANGE beyond the format.
 */
int axas_pt_query(struct axas_pt *pt, axas_gpa_t gpa,
		  struct axas_pt_entry *out)
{
	u64 addr = axas_gpa_val(gpa);
	u64 *table = axas_pt_va(pt, pt->root);
	int level;

	if (addr >= axas_fmt_gpa_limit(&pt->fmt))
		return -ERANGE;
	for (level = pt->fmt.top_level; level >= 0; level--) {
		u64 pte = READ_ONCE(table[axas_pt_index(&pt->fmt, addr, level)]);
		u64 size = axas_fmt_level_size(level);
		struct axas_pte_info info;

		axas_pt_decode(pt, pte, level, &info);
		if (info.type == AXAS_PTE_NONE)
			return -ENOENT;
		if (info.type == AXAS_PTE_TABLE) {
			table = axas_pt_va(pt, info.pa);
			continue;
		}
		*out = (struct axas_pt_entry){
			.hpa = axas_hpa_add(info.pa, addr & (size - 1)),
			.leaf_hpa = info.pa,
			.leaf_gpa = axas_gpa(ALIGN_DOWN(addr, size)),
			.leaf_size = size,
			.level = level,
			.flags = info.flags,
			.raw = pte,
		};
		return 0;
	}
	return -ENOENT;
}
EXPORT_SYMBOL_AXAS_INTERNAL(axas_pt_query);

struct axas_pt_visitor {
	struct axas_pt *pt;
	u32 wflags;
	bool young;
	bool clear_dirty;
	axas_pt_visit_fn fn;
	void *arg;
};

/* Atomically clear the accessed (and dirty) bits; return the old entry. */
static u64 axas_pt_clear_young(struct axas_pt *pt, u64 *ptep, bool dirty)
{
	u64 mask = pt->fmt.accessed_mask | (dirty ? pt->fmt.dirty_mask : 0);
	u64 old = READ_ONCE(*ptep);

	while (!try_cmpxchg64(ptep, &old, old & ~mask))
		;
	return old;
}

static int axas_pt_visit_walk(struct axas_pt_visitor *w, u64 *table,
			      unsigned int level, u64 gpa, u64 end)
{
	struct axas_pt *pt = w->pt;
	u64 size = axas_fmt_level_size(level);
	int ret;

	for (; gpa < end; gpa = axas_pt_next(gpa, level, end)) {
		u64 *ptep = &table[axas_pt_index(&pt->fmt, gpa, level)];
		struct axas_pt_visit v = {
			.gpa = axas_gpa(ALIGN_DOWN(gpa, size)),
			.size = size,
			.level = level,
			.raw = READ_ONCE(*ptep),
		};

		axas_pt_decode(pt, v.raw, level, &v.info);
		if (v.info.type == AXAS_PTE_NONE)
			continue;
		if (v.info.type == AXAS_PTE_LEAF) {
			if (w->young) {
				if (!v.info.accessed)
					continue;
				v.raw = axas_pt_clear_young(pt, ptep,
							    w->clear_dirty);
				axas_pt_decode(pt, v.raw, level, &v.info);
			}
			ret = w->fn ? w->fn(w->arg, &v) : 0;
			if (ret)
				return ret;
			continue;
		}
		if (w->wflags & AXAS_PT_WALK_TABLES) {
			ret = w->fn(w->arg, &v);
			if (ret)
				return ret;
		}
		ret = axas_pt_visit_walk(w, axas_pt_va(pt, v.info.pa),
					 level - 1, gpa,
					 axas_pt_next(gpa, level, end));
		if (ret)
			return ret;
	}
	return 0;
}

static int axas_pt_visit(struct axas_pt_visitor *w, axas_gpa_t gpa, u64 size)
{
	u64 start = axas_gpa_val(gpa), end, limit;

	limit = axas_fmt_gpa_limit(&w->pt->fmt);
	if (start >= limit)
		return -ERANGE;
	if (check_add_overflow(start, size, &end) || end > limit)
		end = limit;
	return axas_pt_visit_walk(w, axas_pt_va(w->pt, w->pt->root),
				  w->pt->fmt.top_level, start, end);
}

/**
 * axas_pt_walk() - visit the entries mapping [@gpa, @gpa + @size)
 * @pt: the table
 * @gpa: first guest physical address
 * @size: bytes; clipped to the format's width
 * @wflags: AXAS_PT_WALK_TABLES to visit table entries too, before the
 *	entries below them
 * @fn: called for each entry, in GPA order
 * @arg: @fn's cookie
 *
 * A leaf partly in the range is visited whole.  A lockless reader.
 *
 * Return: 0 after the whole range, the first non-zero value @fn returned,
 * -EINVAL for unknown @wflags or no @fn, or -ERANGE when @gpa is beyond
 * the format.
 */
int axas_pt_walk(struct axas_pt *pt, axas_gpa_t gpa, u64 size, u32 wflags,
		 axas_pt_visit_fn fn, void *arg)
{
	struct axas_pt_visitor w = {
		.pt = pt, .wflags = wflags, .fn = fn, .arg = arg,
	};

	if (!fn || (wflags & ~AXAS_PT_WALK_TABLES))
		return -EINVAL;
	return axas_pt_visit(&w, gpa, size);
}
EXPORT_SYMBOL_AXAS_INTERNAL(axas_pt_walk);

/**
 * axas_pt_test_clear_young() - harvest accessed (and dirty) bits
 * @pt: the table
 * @gpa: first guest physical address
 * @size: bytes; clipped to the format's width
 * @clear_dirty: also clear the dirty bits
 * @fn: called with each leaf that was accessed, its entry as it was before
 *	the bits were cleared (may be NULL)
 * @arg: @fn's cookie
 *
 * Each entry is updated with one atomic compare-and-exchange, so bits the
 * hardware sets concurrently are never lost.
 *
 * Return: as axas_pt_walk().
 */
int axas_pt_test_clear_young(struct axas_pt *pt, axas_gpa_t gpa, u64 size,
			     bool clear_dirty, axas_pt_visit_fn fn, void *arg)
{
	struct axas_pt_visitor w = {
		.pt = pt, .young = true, .clear_dirty = clear_dirty,
		.fn = fn, .arg = arg,
	};

	return axas_pt_visit(&w, gpa, size);
}
EXPORT_SYMBOL_AXAS_INTERNAL(axas_pt_test_clear_young);

/**
 * axas_pt_root_pointer() - the hardware root register value
 * @pt: the table
 * @id: VMID (arm64, RISC-V); ignored by EPT and NPT
 *
 * Return: EPTP, nCR3, VTTBR_EL2 or hgatp for this table.
 */
u64 axas_pt_root_pointer(const struct axas_pt *pt, u64 id)
{
	return pt->fmt.ops->root_pointer(&pt->fmt, pt->root, id);
}
EXPORT_SYMBOL_AXAS_INTERNAL(axas_pt_root_pointer);
