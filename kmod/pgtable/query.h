/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The engine's query as an inline function: axas_pt_query() is it, and a
 * hot caller (the space's translate) inlines it so that the leaf it finds
 * goes to the caller's answer in registers, not through memory.
 */
#ifndef _AXAS_PGTABLE_QUERY_H
#define _AXAS_PGTABLE_QUERY_H

#include <linux/align.h>
#include <linux/compiler.h>
#include <linux/errno.h>
#include "walk.h"

/* In a leaf memo, above the flags: the memo holds a leaf (0 at first). */
#define AXAS_PT_MEMO_VALID	(AXAS_MAP_FLAGS_ALL + 1)

/* @memo, a level's leaf memo, holds a leaf like @pte. */
static __always_inline bool axas_pt_memo_hit(const struct axas_pt *pt,
					     u64 memo, u64 pte)
{
	return ((pte ^ memo) & pt->memo_key) == 0 &&
	       (memo >> pt->memo_shift) & AXAS_PT_MEMO_VALID;
}

/* @pte at @level is a leaf like the last one decoded there (its memo). */
static inline bool axas_pt_leaf_known(struct axas_pt *pt, u64 pte,
				      unsigned int level)
{
	return axas_pt_memo_hit(pt, READ_ONCE(pt->leaf_memo[level]), pte);
}

/* Remember leaf @pte at @level, decoded with @flags, in the level's memo. */
static inline void axas_pt_leaf_learn(struct axas_pt *pt, u64 pte,
				      unsigned int level, u32 flags)
{
	WRITE_ONCE(pt->leaf_memo[level], (pte & pt->memo_key) |
		   (u64)(flags | AXAS_PT_MEMO_VALID) << pt->memo_shift);
}

/*
 * axas_fmt_decode() of @pte at @level as the readers do it: a table by the
 * format's table test, a leaf like the last one decoded at its level by
 * the level's memo (its accessed and dirty bits are the only others a
 * decoder reads), anything else by the decoder, whose leaves refill the
 * memo.  The walker decodes every entry it visits: through the decoder's
 * table of flag bits this was most of the cost of an unmap of 4 KiB pages.
 */
static __always_inline void axas_pt_decode(struct axas_pt *pt, u64 pte,
					   unsigned int level,
					   struct axas_pte_info *out)
{
	const struct axas_fmt *f = &pt->fmt;
	u64 memo;

	if (level && axas_fmt_is_table(f, pte)) {
		*out = (struct axas_pte_info){
			.type = AXAS_PTE_TABLE,
			.pa = axas_hpa(axas_fmt_table_pa(f, pte)),
		};
		return;
	}
	memo = READ_ONCE(pt->leaf_memo[level]);
	if (pte && axas_pt_memo_hit(pt, memo, pte)) {
		*out = (struct axas_pte_info){
			.type = AXAS_PTE_LEAF,
			.pa = axas_hpa(axas_fmt_table_pa(f, pte)),
			.flags = (memo >> pt->memo_shift) & AXAS_MAP_FLAGS_ALL,
			.accessed = pte & f->accessed_mask,
			.dirty = pte & f->dirty_mask,
		};
		return;
	}
	axas_fmt_decode(f, pte, level, out);
	if (out->type == AXAS_PTE_LEAF)
		axas_pt_leaf_learn(pt, pte, level, out->flags);
}

int axas_pt_query_from(struct axas_pt *pt, u64 addr, u64 pte,
		       unsigned int level, struct axas_pt_entry *out);

/* The answer for leaf @pte at @level, found for @addr, with its flags. */
static __always_inline void axas_pt_query_out(u64 addr, u64 pte, u64 pa,
					      unsigned int level, u32 flags,
					      struct axas_pt_entry *out)
{
	u64 size = axas_fmt_level_size(level), base = ALIGN_DOWN(addr, size);

	*out = (struct axas_pt_entry){
		.hpa = axas_hpa(pa + (addr - base)),
		.leaf_hpa = axas_hpa(pa),
		.leaf_gpa = axas_gpa(base),
		.leaf_size = size,
		.level = level,
		.flags = flags,
		.raw = pte,
	};
}

/*
 * axas_pt_query_from() through a copy: @out itself never escapes to the
 * call, so that an inlining caller keeps its answer in registers on the
 * fast path (through @out directly, the whole entry went to the stack and
 * back on every query).
 */
static __always_inline int axas_pt_query_slow(struct axas_pt *pt, u64 addr,
					      u64 pte, unsigned int level,
					      struct axas_pt_entry *out)
{
	struct axas_pt_entry e;
	int ret = axas_pt_query_from(pt, addr, pte, level, &e);

	*out = e;
	return ret;
}

/*
 * axas_pt_query_inline() - axas_pt_query(), inlined into a caller's hot
 * path (the space's lockless translate)
 * @pt: the table
 * @gpa: any guest physical address
 * @out: the leaf that maps it
 *
 * Safe against a concurrent map of other addresses (lockless reader).  Not
 * a visitor of the walker: one loop down the levels, each table entry
 * recognised by the format's table test and its address taken with a mask
 * and a shift, the next table's virtual address by adding the linear HAL's
 * offset, so that the hot path makes no call; a leaf like the last one
 * decoded at its level takes its flags from the level's memo.  Anything
 * else (a HAL that is not linear, a leaf the memo does not know, an entry
 * the fast test does not know) continues out of line in
 * axas_pt_query_from().
 *
 * Return: 0, -ENOENT when nothing maps @gpa, -ERANGE beyond the format.
 */
static __always_inline int axas_pt_query_inline(struct axas_pt *pt, axas_gpa_t gpa,
						struct axas_pt_entry *out)
{
	const struct axas_fmt *f = &pt->fmt;
	u64 addr = axas_gpa_val(gpa), *table, pte, memo;
	unsigned int level = f->top_level, shift;
	uintptr_t va_off = pt->va_off;
	unsigned long idx;

	if (addr >= axas_fmt_gpa_limit(f))
		return -ERANGE;
	shift = AXAS_PAGE_SHIFT + AXAS_LEVEL_BITS * level;
	idx = (addr >> shift) & ((1U << f->root_index_bits) - 1);
	if (unlikely(!pt->linear)) {
		table = axas_hal_phys_to_virt(pt->hal, pt->root);
		return axas_pt_query_slow(pt, addr, READ_ONCE(table[idx]), level,
					  out);
	}
	table = (u64 *)(uintptr_t)(axas_hpa_val(pt->root) + va_off);
	for (;;) {
		pte = READ_ONCE(table[idx]);
		if (!level || !axas_fmt_is_table(f, pte))
			break;
		/* address dependency: pairs with axas_pt_set_table() */
		table = (u64 *)(uintptr_t)(axas_fmt_table_pa(f, pte) + va_off);
		level--;
		shift -= AXAS_LEVEL_BITS;
		idx = (addr >> shift) & (AXAS_PTES_PER_TABLE - 1);
	}
	memo = READ_ONCE(pt->leaf_memo[level]);
	if (likely(axas_pt_memo_hit(pt, memo, pte))) {
		axas_pt_query_out(addr, pte, axas_fmt_table_pa(f, pte), level,
				  (memo >> pt->memo_shift) & AXAS_MAP_FLAGS_ALL,
				  out);
		return 0;
	}
	return axas_pt_query_slow(pt, addr, pte, level, out);
}
#endif /* _AXAS_PGTABLE_QUERY_H */
