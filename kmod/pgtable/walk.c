// SPDX-License-Identifier: GPL-2.0
/*
 * The walker (see walk.h): one loop over the entries of a table, and one
 * descent per table entry, for every operation and every format.
 *
 * Entries are read with READ_ONCE(); what a visitor writes it writes with
 * WRITE_ONCE() or a release store, so that lockless readers (pgtable.h)
 * walk concurrently with a map.
 */
#include <linux/align.h>
#include <linux/compiler.h>
#include <linux/minmax.h>
#include "query.h"
#include "export.h"

struct axas_walk_data {
	struct axas_pt *pt;
	const struct axas_walker *w;
};

static unsigned int axas_walk_index(const struct axas_fmt *f, u64 addr,
				    unsigned int level)
{
	unsigned int shift = AXAS_PAGE_SHIFT + AXAS_LEVEL_BITS * level;

	return (addr >> shift) & (axas_fmt_nr_ptes(f, level) - 1);
}

/**
 * axas_pt_split_entry() - one piece of a huge leaf split one level down
 * @pt: the table
 * @pte: the huge leaf
 * @info: @pte decoded
 * @level: the huge leaf's level
 * @i: which piece, 0..511
 *
 * Each piece maps its part with the same flags and the very accessed and
 * dirty state of @pte (not the state an encoder gives a fresh leaf), so a
 * split changes nothing a reader can observe.
 *
 * Return: the raw entry of piece @i.
 */
u64 axas_pt_split_entry(const struct axas_pt *pt, u64 pte,
			const struct axas_pte_info *info, unsigned int level,
			unsigned int i)
{
	const struct axas_fmt *f = &pt->fmt;
	u64 ad = f->accessed_mask | f->dirty_mask;
	u64 sub = axas_fmt_level_size(level - 1);

	return (f->ops->encode_leaf(f, axas_hpa_add(info->pa, i * sub),
				    info->flags, level - 1) & ~ad) | (pte & ad);
}

static int axas_walk_table(struct axas_walk_data *d, u64 *table,
			   unsigned long *count, u64 vparent,
			   unsigned int level, u64 addr, u64 end);

/* Where to descend after the visits of an entry: 0 when nowhere. */
static int axas_walk_child(struct axas_walk_data *d, struct axas_walk_ctx *ctx,
			   u64 **child, unsigned long **count, u64 *vparent)
{
	struct axas_pt *pt = d->pt;

	if (ctx->level == 0 || ctx->next == AXAS_WALK_SKIP)
		return 0;
	if (ctx->next == AXAS_WALK_VIRTUAL) {
		*child = NULL;
		*count = NULL;
		*vparent = ctx->vparent;
		return 1;
	}
	/* the visitor may have installed a table (map, split) */
	if (ctx->ptep && ctx->visit == AXAS_VISIT_LEAF) {
		ctx->old = READ_ONCE(*ctx->ptep);
		axas_pt_decode(pt, ctx->old, ctx->level, &ctx->info);
	}
	if (ctx->info.type != AXAS_PTE_TABLE)
		return 0;
	*child = axas_pt_va(pt, ctx->info.pa);
	*count = axas_pt_count(pt, ctx->info.pa);
	*vparent = 0;
	return 1;
}

static int axas_walk_entry(struct axas_walk_data *d, u64 *ptep,
			   unsigned long *count, u64 old,
			   unsigned int level, u64 addr, u64 end)
{
	const struct axas_walker *w = d->w;
	struct axas_pt *pt = d->pt;
	struct axas_walk_ctx ctx;
	unsigned long *ccount;
	u64 *child, vparent;
	int ret = 0;

	/*
	 * Field by field: zeroing the whole context first costs a string
	 * store (rep stos) per entry, a third of a 2 MiB-leaf map.
	 */
	ctx.pt = pt;
	ctx.arg = w->arg;
	ctx.ptep = ptep;
	ctx.old = old;
	ctx.addr = addr;
	ctx.end = end;
	ctx.size = axas_fmt_level_size(level);
	ctx.level = level;
	ctx.next = AXAS_WALK_DESCEND;
	ctx.vparent = 0;
	ctx.count = count;
	ctx.child_count = NULL;

	axas_pt_decode(pt, old, level, &ctx.info);
	ctx.visit = ctx.info.type == AXAS_PTE_TABLE ? AXAS_VISIT_TABLE_PRE :
						      AXAS_VISIT_LEAF;
	if (w->flags & ctx.visit)
		ret = w->cb(&ctx);
	if (ret || !axas_walk_child(d, &ctx, &child, &ccount, &vparent))
		return ret;
	ret = axas_walk_table(d, child, ccount, vparent, level - 1, addr, end);
	if (ret || !ptep || !(w->flags & AXAS_VISIT_TABLE_POST))
		return ret;
	ctx.visit = AXAS_VISIT_TABLE_POST;
	ctx.next = AXAS_WALK_DESCEND;
	ctx.child_count = ccount;
	ctx.old = READ_ONCE(*ptep);
	axas_pt_decode(pt, ctx.old, level, &ctx.info);
	return w->cb(&ctx);
}

/*
 * The entries of @table at @level that [addr, end) touches.  A virtual
 * table (@table NULL) holds empty entries, or the pieces of @vparent.
 */
static int axas_walk_table(struct axas_walk_data *d, u64 *table,
			   unsigned long *count, u64 vparent,
			   unsigned int level, u64 addr, u64 end)
{
	u64 size = axas_fmt_level_size(level);
	struct axas_pte_info pinfo;
	int ret;

	if (!table && vparent)
		axas_fmt_decode(&d->pt->fmt, vparent, level + 1, &pinfo);
	while (addr < end) {
		unsigned int i = axas_walk_index(&d->pt->fmt, addr, level);
		u64 next = min(end, ALIGN_DOWN(addr, size) + size);
		u64 *ptep = table ? &table[i] : NULL;
		u64 old = 0;

		if (table)
			old = READ_ONCE(*ptep);
		else if (vparent)
			old = axas_pt_split_entry(d->pt, vparent, &pinfo,
						  level + 1, i);
		ret = axas_walk_entry(d, ptep, count, old, level, addr, next);
		if (ret)
			return ret;
		addr = next;
	}
	return 0;
}

/**
 * axas_pt_walk_range() - walk [@addr, @end) with a visitor
 * @pt: the table
 * @addr: first address
 * @end: first address after the range; within the format's width
 * @w: the visitor and the visits it wants
 *
 * Return: 0 after the whole range, or the first non-zero value the
 * visitor returned.
 */
int axas_pt_walk_range(struct axas_pt *pt, u64 addr, u64 end,
		       const struct axas_walker *w)
{
	struct axas_walk_data d = { .pt = pt, .w = w };

	return axas_walk_table(&d, axas_pt_va(pt, pt->root), NULL, 0,
			       pt->fmt.top_level, addr, end);
}
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_pt_walk_range);
