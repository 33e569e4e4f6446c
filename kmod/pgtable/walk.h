/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one walker of the engine, in the manner of arm64's
 * kvm_pgtable_walk(): every operation of pgtable.h is a visitor of it.
 *
 * The walker visits, level by level and in GPA order, every entry that a
 * range [addr, end) touches.  An entry that is not a table gets a LEAF
 * visit (empty entries included: map fills them); a table entry gets a
 * TABLE_PRE visit before the walker descends into it and a TABLE_POST
 * visit after.  A LEAF visitor may turn its entry into a table (a new
 * table for map, a split huge leaf for unmap and protect): the walker
 * reads the entry again afterwards and descends into what it now points
 * to.
 *
 * Prepare passes change nothing, yet must see what the commit pass will
 * create.  A visitor therefore may also ask for a descent into a virtual
 * table: one that does not exist, whose entries are all empty (below a
 * table map would allocate) or all the pieces of one huge leaf (below a
 * split).  Inside a virtual table ctx->ptep is NULL.
 */
#ifndef _AXAS_PGTABLE_WALK_H
#define _AXAS_PGTABLE_WALK_H

#include <linux/atomic.h>
#include <linux/minmax.h>
#include "pgtable.h"

/* What a visitor is called for (struct axas_walker.flags, ctx->visit). */
#define AXAS_VISIT_LEAF		BIT(0)	/* an entry that is not a table */
#define AXAS_VISIT_TABLE_PRE	BIT(1)	/* a table, before its entries */
#define AXAS_VISIT_TABLE_POST	BIT(2)	/* a table, after its entries */

/**
 * enum axas_walk_next - where the walker goes after a visit
 * @AXAS_WALK_DESCEND: into the table the entry points to once the visitor
 *	returns, if it points to one (the default)
 * @AXAS_WALK_SKIP: on to the next entry of the same table
 * @AXAS_WALK_VIRTUAL: into a virtual table derived from ctx->vparent
 */
enum axas_walk_next {
	AXAS_WALK_DESCEND,
	AXAS_WALK_SKIP,
	AXAS_WALK_VIRTUAL,
};

/**
 * struct axas_walk_ctx - one entry as a visitor sees it
 * @pt: the table
 * @arg: the walker's argument
 * @ptep: the entry; NULL inside a virtual table
 * @old: the entry's value when it was read
 * @info: @old decoded
 * @addr: first address of the walk inside the entry
 * @end: first address after the walk inside the entry
 * @size: bytes the whole entry maps
 * @level: the entry's level (0 maps 4 KiB)
 * @visit: AXAS_VISIT_LEAF, _TABLE_PRE or _TABLE_POST
 * @next: set by the visitor: where to go next
 * @vparent: with AXAS_WALK_VIRTUAL: 0 for a virtual table of empty
 *	entries, or the huge leaf whose pieces the virtual entries are
 * @count: the live-entry count of the table holding @ptep (see
 *	axas_pt_count()); NULL for the root, a virtual table, or a HAL
 *	without counts
 * @child_count: in a TABLE_POST visit, the count of the table the entry
 *	points to (NULL as for @count)
 */
struct axas_walk_ctx {
	struct axas_pt *pt;
	void *arg;
	u64 *ptep;
	u64 old;
	struct axas_pte_info info;
	u64 addr;
	u64 end;
	u64 size;
	unsigned int level;
	u32 visit;
	enum axas_walk_next next;
	u64 vparent;
	unsigned long *count;
	unsigned long *child_count;
};

/**
 * typedef axas_visitor_fn - a visitor
 * @ctx: the entry
 *
 * Return: 0 to go on; anything else stops the walk, which returns it.
 */
typedef int (*axas_visitor_fn)(struct axas_walk_ctx *ctx);

/**
 * struct axas_walker - a visitor and when to call it
 * @cb: the visitor
 * @arg: its argument (ctx->arg)
 * @flags: AXAS_VISIT_* visits @cb wants
 */
struct axas_walker {
	axas_visitor_fn cb;
	void *arg;
	u32 flags;
};

int axas_pt_walk_range(struct axas_pt *pt, u64 addr, u64 end,
		       const struct axas_walker *w);

/* Entry @i of a split of huge leaf @pte at @level: one level down. */
u64 axas_pt_split_entry(const struct axas_pt *pt, u64 pte,
			const struct axas_pte_info *info, unsigned int level,
			unsigned int i);

int axas_pt_check_range(const struct axas_pt *pt, u64 gpa, u64 size,
			u64 *end);

static inline u64 *axas_pt_va(struct axas_pt *pt, axas_hpa_t pa)
{
	if (likely(pt->linear))
		return (u64 *)(uintptr_t)(axas_hpa_val(pa) + pt->va_off);
	return axas_hal_phys_to_virt(pt->hal, pa);
}

/*
 * The live-entry count of the order-0 table page at @pa (entries that are
 * not zero), or NULL when the HAL keeps none.  Only tables below the root
 * are counted: the root is never freed by an unmap.
 */
static inline unsigned long *axas_pt_count(struct axas_pt *pt, axas_hpa_t pa)
{
	const struct axas_hal_ops *ops = pt->hal->ops;

	return ops->table_count ? ops->table_count(pt->hal, pa) : NULL;
}

/* An entry of the table counted by @count went from zero to not, or back. */
static inline void axas_pt_count_add(unsigned long *count, long n)
{
	if (count)
		*count += n;
}

/* The entry of @ctx as axas_pt_walk() reports it: the whole entry. */
static inline struct axas_pt_visit axas_walk_visit_of(const struct axas_walk_ctx *ctx)
{
	return (struct axas_pt_visit){
		.gpa = axas_gpa(ctx->addr & ~(ctx->size - 1)),
		.size = ctx->size,
		.level = ctx->level,
		.raw = ctx->old,
		.info = ctx->info,
	};
}

/* [start, end) changed: one range covers every change of an operation. */
static inline void axas_pt_gather_add(struct axas_pt_gather *g, u64 start,
				      u64 end)
{
	if (!g)
		return;
	g->start = min(g->start, start);
	g->end = max(g->end, end);
}

/*
 * Set @set and clear @clear in *@ptep with one atomic step, whatever bits
 * the hardware sets meanwhile; @old is the value last read.  Return: the
 * entry it replaced.
 */
static inline u64 axas_pt_xchg_bits(u64 *ptep, u64 old, u64 set, u64 clear)
{
	while (!try_cmpxchg64(ptep, &old, (old & ~clear) | set))
		;
	return old;
}

/* The entry covers exactly [ctx->addr, ctx->end). */
static inline bool axas_walk_whole(const struct axas_walk_ctx *ctx)
{
	return ctx->end - ctx->addr == ctx->size;
}

#endif /* _AXAS_PGTABLE_WALK_H */
