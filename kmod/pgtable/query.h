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
 * and a shift, so that the hot path makes no indirect call; only the leaf
 * (or an entry the fast test does not know) is decoded in full.
 *
 * Return: 0, -ENOENT when nothing maps @gpa, -ERANGE beyond the format.
 */
static __always_inline int axas_pt_query_inline(struct axas_pt *pt, axas_gpa_t gpa,
						struct axas_pt_entry *out)
{
	const struct axas_fmt *f = &pt->fmt;
	u64 addr = axas_gpa_val(gpa), *table, pte, size, base, memo, pa;
	unsigned int level = f->top_level, shift, idx_mask;
	struct axas_pte_info info;
	u32 flags;

	if (addr >= axas_fmt_gpa_limit(f))
		return -ERANGE;
	table = axas_pt_va(pt, pt->root);
	idx_mask = (1U << f->root_index_bits) - 1;
	for (;;) {
		shift = AXAS_PAGE_SHIFT + AXAS_LEVEL_BITS * level;
		pte = READ_ONCE(table[(addr >> shift) & idx_mask]);
		idx_mask = AXAS_PTES_PER_TABLE - 1;
		if (level && axas_fmt_is_table(f, pte)) {
			/* address dependency: pairs with axas_pt_set_table() */
			table = axas_pt_va(pt, axas_hpa(axas_fmt_table_pa(f, pte)));
			level--;
			continue;
		}
		/* a leaf like the last one decoded here: its flags are known */
		memo = READ_ONCE(pt->leaf_memo[level]);
		if (((pte ^ memo) & pt->memo_key) == 0 &&
		    (memo >> pt->memo_shift) & AXAS_PT_MEMO_VALID) {
			flags = (memo >> pt->memo_shift) & AXAS_MAP_FLAGS_ALL;
			pa = axas_fmt_table_pa(f, pte);
			goto leaf;
		}
		axas_fmt_decode(f, pte, level, &info);
		if (info.type != AXAS_PTE_TABLE || !level)
			break;
		table = axas_pt_va(pt, info.pa);
		level--;
	}
	if (info.type != AXAS_PTE_LEAF)
		return -ENOENT;
	flags = info.flags;
	pa = axas_hpa_val(info.pa);
	WRITE_ONCE(pt->leaf_memo[level], (pte & pt->memo_key) |
		   (u64)(flags | AXAS_PT_MEMO_VALID) << pt->memo_shift);
leaf:
	size = axas_fmt_level_size(level);
	base = ALIGN_DOWN(addr, size);
	*out = (struct axas_pt_entry){
		.hpa = axas_hpa(pa + (addr - base)),
		.leaf_hpa = axas_hpa(pa),
		.leaf_gpa = axas_gpa(base),
		.leaf_size = size,
		.level = level,
		.flags = flags,
		.raw = pte,
	};
	return 0;
}
#endif /* _AXAS_PGTABLE_QUERY_H */
