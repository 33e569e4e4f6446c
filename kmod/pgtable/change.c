// SPDX-License-Identifier: GPL-2.0
/*
 * Map, unmap and protect: the visitors of the engine that change entries.
 *
 * All or nothing.  Each operation walks its range twice.  The first
 * (prepare) pass changes nothing: it finds conflicts (-EEXIST) and counts
 * the table pages the operation needs (new intermediate tables, huge
 * leaves to split), descending into virtual tables where the commit pass
 * will have real ones.  Those pages are then allocated into a private
 * cache, like KVM's kvm_mmu_memory_cache, and only then does the second
 * (commit) pass change entries; it cannot fail.  An -ENOMEM therefore
 * leaves the tables exactly as they were.  The cache needs no memory of
 * its own: free table pages are chained through their first word and
 * handed out zeroed.
 *
 * Invariant: no table below the root is ever empty once an operation
 * returns (unmap frees the ones it empties; map and split fill the ones
 * they create), so table_pages in the counters is exactly what the mapped
 * leaves need.
 */
#include <linux/align.h>
#include <linux/atomic.h>
#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/minmax.h>
#include <linux/overflow.h>
#include "query.h"
#include "export.h"

/* Free table pages reserved by the prepare pass, chained through word 0. */
struct axas_pt_cache {
	axas_hpa_t head;
	unsigned long nr;
};

/**
 * struct axas_pt_op - one map, unmap or protect in progress
 * @pt: the table
 * @prepare: true in the first pass (count and check, change nothing)
 * @protect: protect (else unmap); unused by map
 * @gpa: first GPA of the operation
 * @hpa: host physical address @gpa maps to (map)
 * @flags: AXAS_MAP_* flags (map, protect)
 * @opts: AXAS_PT_* options (map)
 * @need: table pages counted by the prepare pass
 * @cache: table pages reserved for the commit pass
 * @fn: called for each removed leaf (unmap)
 * @arg: @fn's cookie
 * @gather: what the commit pass removed or weakened (unmap, protect)
 */
struct axas_pt_op {
	struct axas_pt *pt;
	bool prepare;
	bool protect;
	u64 gpa;
	u64 hpa;
	u32 flags;
	u32 opts;
	unsigned long need;
	struct axas_pt_cache cache;
	axas_pt_leaf_fn fn;
	void *arg;
	struct axas_pt_gather *gather;
};

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
 * Publish a zeroed (or fully written) table holding @live entries: the
 * release orders its contents before the entry that points to it, so a
 * lockless reader that finds the entry (READ_ONCE(), then an address
 * dependency) sees them.
 */
static void axas_pt_set_table(struct axas_pt *pt, u64 *ptep, axas_hpa_t pa,
			      unsigned long live)
{
	unsigned long *count = axas_pt_count(pt, pa);

	if (count)
		*count = live;
	/* pairs with the address dependency of the readers' READ_ONCE() */
	smp_store_release(ptep, pt->fmt.ops->encode_table(&pt->fmt, pa));
	pt->stats.table_pages++;
}

/**
 * axas_pt_gather_init() - an empty gather
 * @g: the gather
 * @flush: the consumers' flush, or NULL
 * @arg: its argument
 */
void axas_pt_gather_init(struct axas_pt_gather *g,
			 void (*flush)(void *arg, u64 gpa, u64 size),
			 void *arg)
{
	*g = (struct axas_pt_gather){
		.flush = flush, .arg = arg, .start = ~0ULL,
		.tables = axas_hpa(0),
	};
}
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_pt_gather_init);

/*
 * Unlink the empty table page @pa and keep it for axas_pt_gather_free().
 * The chain goes through the page's first word, which then holds a page
 * aligned host address: bits 11:0 are zero, so in every format the word
 * reads as an invalid entry (no EPT R/W/X, no NPT or stage-2 valid bit, no
 * G-stage V) to a walker that still holds a stale pointer to the page.
 */
static void axas_gather_table(struct axas_pt *pt, struct axas_pt_gather *g,
			      axas_hpa_t pa)
{
	WRITE_ONCE(axas_pt_va(pt, pa)[0], axas_hpa_val(g->tables));
	g->tables = pa;
	g->nr_tables++;
}

/**
 * axas_pt_gather_free() - free the table pages of a flushed gather
 * @pt: the table they were part of
 * @g: the gather; the range it recorded was flushed already
 *
 * The pages go back through the HAL's deferred free (after an RCU grace
 * period in the kernel), so that a lockless reader that found one of them
 * before it was unlinked finishes reading first.
 */
void axas_pt_gather_free(struct axas_pt *pt, struct axas_pt_gather *g)
{
	while (g->nr_tables) {
		axas_hpa_t pa = g->tables;

		g->tables = axas_hpa(READ_ONCE(axas_pt_va(pt, pa)[0]));
		axas_hal_free_table_deferred(pt->hal, pa, 0);
		g->nr_tables--;
	}
}
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_pt_gather_free);

/* Break-before-make: invalid entry, flushed now, before the new one. */
static void axas_pt_break(struct axas_pt_op *op, struct axas_walk_ctx *ctx)
{
	struct axas_pt_gather *g = op->gather;

	WRITE_ONCE(*ctx->ptep, 0);
	if (g->flush)
		g->flush(g->arg, ALIGN_DOWN(ctx->addr, ctx->size), ctx->size);
}

/* A leaf of @level may map @hpa (at a GPA of the leaf's alignment). */
static bool axas_map_level_ok(const struct axas_pt_op *op, unsigned int level,
			      u64 hpa)
{
	return axas_fmt_leaf_ok(&op->pt->fmt, level) &&
	       (!level || !(op->opts & AXAS_PT_NOHUGE)) &&
	       IS_ALIGNED(hpa, axas_fmt_level_size(level));
}

static bool axas_map_leaf_fits(const struct axas_pt_op *op,
			       const struct axas_walk_ctx *ctx)
{
	return axas_walk_whole(ctx) &&
	       axas_map_level_ok(op, ctx->level, op->hpa + (ctx->addr - op->gpa));
}

/* The address bits of a leaf mapping @pa (see struct axas_fmt). */
static u64 axas_pages_addr(const struct axas_fmt *f, u64 pa)
{
	return ((pa >> AXAS_PAGE_SHIFT) << f->addr_shift) & f->addr_mask;
}

static noinline u64 axas_pt_encode_learn(struct axas_pt *pt, u64 pa,
					 u32 flags, unsigned int level)
{
	const struct axas_fmt *f = &pt->fmt;
	u64 tmpl = f->ops->encode_leaf(f, axas_hpa(0), flags, level);
	u64 pte = f->ops->encode_leaf(f, axas_hpa(pa), flags, level);

	/* as axas_pt_map_pages() does: only if the template gives the same */
	if (pte == (tmpl | axas_pages_addr(f, pa)) && !(tmpl & f->addr_mask))
		WRITE_ONCE(pt->enc_memo[level], tmpl |
			   (u64)(flags | AXAS_PT_MEMO_VALID) << pt->memo_shift);
	return pte;
}

/*
 * The leaf mapping @pa with @flags at @level: the level's encoder memo
 * (the last flags encoded there and their leaf without an address) or the
 * format's encoder, whose table of flag bits cost a third of a one-leaf
 * map.
 */
static inline u64 axas_pt_encode(struct axas_pt *pt, u64 pa, u32 flags,
				 unsigned int level)
{
	const struct axas_fmt *f = &pt->fmt;
	u64 memo = READ_ONCE(pt->enc_memo[level]);

	if (likely(((memo >> pt->memo_shift) &
		    (AXAS_MAP_FLAGS_ALL | AXAS_PT_MEMO_VALID)) ==
		   (flags | AXAS_PT_MEMO_VALID)))
		return (memo & ~f->addr_mask) | axas_pages_addr(f, pa);
	return axas_pt_encode_learn(pt, pa, flags, level);
}

/*
 * A leaf goes where it fits and nothing is mapped.  An existing table is
 * descended into even then (the walker does): only a leaf it holds in the
 * range is a conflict.
 */
static int axas_map_visit(struct axas_walk_ctx *ctx)
{
	struct axas_pt_op *op = ctx->arg;
	struct axas_pt *pt = ctx->pt;

	ctx->next = AXAS_WALK_SKIP;
	if (ctx->info.type == AXAS_PTE_LEAF)
		return -EEXIST;
	if (axas_map_leaf_fits(op, ctx)) {
		if (op->prepare)
			return 0;
		WRITE_ONCE(*ctx->ptep,
			   axas_pt_encode(pt, op->hpa + (ctx->addr - op->gpa),
					  op->flags, ctx->level));
		axas_pt_count_add(ctx->count, !ctx->old);
		pt->stats.leaves[ctx->level]++;
		return 0;
	}
	if (op->prepare) {
		op->need++;
		/* below a new table at level 1, 4 KiB leaves always fit */
		if (ctx->level > 1) {
			ctx->next = AXAS_WALK_VIRTUAL;
			ctx->vparent = 0;
		}
		return 0;
	}
	axas_pt_set_table(pt, ctx->ptep, axas_pt_cache_take(pt, &op->cache), 0);
	axas_pt_count_add(ctx->count, !ctx->old);
	ctx->next = AXAS_WALK_DESCEND;
	return 0;
}

/* Replace the huge leaf of @ctx by a table of its pieces one level down. */
static void axas_pt_split(struct axas_pt_op *op, struct axas_walk_ctx *ctx)
{
	struct axas_pt *pt = op->pt;
	axas_hpa_t child = axas_pt_cache_take(pt, &op->cache);
	u64 *ct = axas_pt_va(pt, child);
	unsigned int i;

	for (i = 0; i < AXAS_PTES_PER_TABLE; i++)
		ct[i] = axas_pt_split_entry(pt, ctx->old, &ctx->info,
					    ctx->level, i);
	/* the same translations, but a TLB may hold the block: flush it */
	axas_pt_gather_add(op->gather, ALIGN_DOWN(ctx->addr, ctx->size),
			   ALIGN_DOWN(ctx->addr, ctx->size) + ctx->size);
	if (pt->fmt.bbm)
		axas_pt_break(op, ctx);
	/* a leaf became a table: the parent's count is unchanged */
	axas_pt_set_table(pt, ctx->ptep, child, AXAS_PTES_PER_TABLE);
	pt->stats.leaves[ctx->level]--;
	pt->stats.leaves[ctx->level - 1] += AXAS_PTES_PER_TABLE;
}

/* Unmap or protect a leaf the range covers whole. */
static void axas_change_whole(struct axas_pt_op *op, struct axas_walk_ctx *ctx)
{
	struct axas_pt *pt = ctx->pt;
	const struct axas_fmt *f = &pt->fmt;
	u64 keep, leaf;

	if (!op->protect) {
		WRITE_ONCE(*ctx->ptep, 0);
		axas_pt_count_add(ctx->count, -1);
		axas_pt_gather_add(op->gather, ctx->addr, ctx->end);
		pt->stats.leaves[ctx->level]--;
		if (op->fn)
			op->fn(op->arg, axas_gpa(ctx->addr), ctx->info.pa,
			       ctx->size);
		return;
	}
	keep = ctx->old & (f->accessed_mask | f->dirty_mask);
	leaf = f->ops->encode_leaf(f, ctx->info.pa, op->flags, ctx->level);
	/* permissions or a memory type taken away: flushed; added: not */
	if ((ctx->info.flags & ~op->flags & AXAS_MAP_PERMS) ||
	    ((ctx->info.flags ^ op->flags) & AXAS_MAP_MEMTYPE)) {
		axas_pt_gather_add(op->gather, ctx->addr, ctx->end);
		if (f->bbm && ((ctx->info.flags ^ op->flags) & AXAS_MAP_MEMTYPE))
			axas_pt_break(op, ctx);
	}
	WRITE_ONCE(*ctx->ptep, leaf | keep);
}

/* The table @count counts (or, without counts, scanned) holds nothing. */
static bool axas_pt_table_empty(const u64 *table, const unsigned long *count)
{
	unsigned int i;

	if (count)
		return !*count;

	for (i = 0; i < AXAS_PTES_PER_TABLE; i++)
		if (READ_ONCE(table[i]))
			return false;
	return true;
}

/* After an unmap descended into a table: free it if it is now empty. */
static int axas_unmap_table_post(struct axas_walk_ctx *ctx)
{
	struct axas_pt_op *op = ctx->arg;
	struct axas_pt *pt = ctx->pt;

	if (!axas_walk_whole(ctx) &&
	    !axas_pt_table_empty(axas_pt_va(pt, ctx->info.pa), ctx->child_count))
		return 0;
	WRITE_ONCE(*ctx->ptep, 0);
	axas_pt_count_add(ctx->count, -1);
	if (ctx->child_count)
		*ctx->child_count = 0;
	axas_gather_table(pt, op->gather, ctx->info.pa);
	pt->stats.table_pages--;
	return 0;
}

static int axas_change_visit(struct axas_walk_ctx *ctx)
{
	struct axas_pt_op *op = ctx->arg;
	const struct axas_fmt *f = &ctx->pt->fmt;

	if (ctx->visit == AXAS_VISIT_TABLE_POST)
		return axas_unmap_table_post(ctx);
	ctx->next = AXAS_WALK_SKIP;
	if (ctx->info.type == AXAS_PTE_NONE)
		return 0;
	/* protect leaves alone (and unsplit) a leaf that has the flags */
	if (op->protect && ctx->info.flags == op->flags)
		return 0;
	if (axas_walk_whole(ctx)) {
		if (!op->prepare)
			axas_change_whole(op, ctx);
		return 0;
	}
	/* a huge leaf the range covers in part: split it, then descend */
	if (ctx->level == 0 || !axas_fmt_leaf_ok(f, ctx->level - 1))
		return -EINVAL;
	if (op->prepare) {
		op->need++;
		ctx->next = AXAS_WALK_VIRTUAL;
		ctx->vparent = ctx->old;
		return 0;
	}
	axas_pt_split(op, ctx);
	ctx->next = AXAS_WALK_DESCEND;
	return 0;
}

/*
 * No leaf straddles @addr: none maps it, or one begins there.  An unmap
 * or protect splits only the huge leaves that straddle an edge of its
 * range, so with both edges clean it needs no table and cannot fail.
 */
static bool axas_pt_edge_clean(struct axas_pt *pt, u64 addr)
{
	struct axas_pt_entry e;

	if (addr >= axas_fmt_gpa_limit(&pt->fmt) ||
	    axas_pt_query(pt, axas_gpa(addr), &e))
		return true;
	return axas_gpa_val(e.leaf_gpa) == addr;
}

/*
 * Prepare, reserve, commit.  Nothing changes unless every pass can.  An
 * unmap or protect whose edges split nothing (@may_split false) cannot
 * fail: it goes straight to the commit pass.
 */
static int axas_pt_run(struct axas_pt_op *op, axas_visitor_fn cb,
		       u32 commit_visits, u64 end, bool may_split)
{
	struct axas_walker w = { .cb = cb, .arg = op, .flags = AXAS_VISIT_LEAF };
	struct axas_pt *pt = op->pt;
	int ret;

	if (!may_split)
		goto commit;
	op->prepare = true;
	ret = axas_pt_walk_range(pt, op->gpa, end, &w);
	if (ret)
		return ret;
	ret = axas_pt_cache_fill(pt, &op->cache, op->need);
	if (ret)
		return ret;
commit:
	op->prepare = false;
	w.flags = commit_visits;
	ret = axas_pt_walk_range(pt, op->gpa, end, &w);
	/* the prepare pass saw every conflict: the commit cannot fail */
	WARN_ON_ONCE(ret || op->cache.nr);
	axas_pt_cache_free(pt, &op->cache);
	return ret;
}

/*
 * The level-@lvl table mapping @addr, for axas_pt_map_pages() (level 0)
 * and axas_pt_map_runs(): found, or (in the commit pass) built from
 * @op->cache.  The prepare pass instead counts in @op->need the tables
 * that are missing, once each: @virt[l] remembers the region of the last
 * level-l table counted (the passes go up in address order, so a region
 * is never seen again after the next).
 *
 * Return: the table (its live-entry count in *@countp), NULL when it does
 * not exist yet (prepare), or an ERR_PTR-like NULL with *@err = -EEXIST
 * under a huge leaf.
 */
static u64 *axas_pages_table(struct axas_pt_op *op, u64 addr, unsigned int lvl,
			     u64 *virt, unsigned long **countp, int *err)
{
	struct axas_pt *pt = op->pt;
	const struct axas_fmt *f = &pt->fmt;
	unsigned int level = f->top_level, l;
	u64 *table = axas_pt_va(pt, pt->root), pte;
	unsigned long *count = NULL;	/* the root's entries are not counted */
	struct axas_pte_info info;
	axas_hpa_t pa;

	for (; level > lvl; level--) {
		unsigned int shift = AXAS_PAGE_SHIFT + AXAS_LEVEL_BITS * level;
		u64 *ptep = &table[(addr >> shift) &
				   (axas_fmt_nr_ptes(f, level) - 1)];

		pte = READ_ONCE(*ptep);
		if (axas_fmt_is_table(f, pte)) {
			pa = axas_hpa(axas_fmt_table_pa(f, pte));
			table = axas_pt_va(pt, pa);
			count = axas_pt_count(pt, pa);
			continue;
		}
		axas_fmt_decode(f, pte, level, &info);
		if (info.type == AXAS_PTE_TABLE) {
			table = axas_pt_va(pt, info.pa);
			count = axas_pt_count(pt, info.pa);
			continue;
		}
		if (info.type == AXAS_PTE_LEAF) {
			*err = -EEXIST;
			return NULL;
		}
		if (op->prepare) {
			for (l = level; l-- > lvl;) {
				u64 region = ALIGN_DOWN(addr, axas_fmt_level_size(l + 1));

				if (virt[l] != region + 1) {
					virt[l] = region + 1;
					op->need++;
				}
			}
			return NULL;
		}
		pa = axas_pt_cache_take(pt, &op->cache);
		axas_pt_set_table(pt, ptep, pa, 0);
		axas_pt_count_add(count, !pte);
		table = axas_pt_va(pt, pa);
		count = axas_pt_count(pt, pa);
	}
	*countp = count;
	return table;
}

/* The largest leaf axas_map_visit() would put at @addr (mapping @hpa). */
static unsigned int axas_map_run_level(const struct axas_pt_op *op, u64 addr,
				       u64 hpa, u64 end)
{
	unsigned int level = op->pt->fmt.top_level;

	for (; level > 0; level--) {
		u64 size = axas_fmt_level_size(level);

		if (IS_ALIGNED(addr, size) && end - addr >= size &&
		    axas_map_level_ok(op, level, hpa))
			break;
	}
	return level;
}

/*
 * One pass of axas_pt_map_runs(): per table, one descent and the run of
 * its entries that the range covers with leaves of one size.  The prepare
 * pass returns 1 at the first entry in the way that is not a leaf above
 * (a table where a leaf would go, or an invalid non-zero entry): those
 * the walker's visits handle.
 */
static int axas_runs_pass(struct axas_pt_op *op, u64 end)
{
	struct axas_pt *pt = op->pt;
	const struct axas_fmt *f = &pt->fmt;
	u64 virt[AXAS_MAX_LEVELS] = {}, addr = op->gpa;
	int err = 0;

	while (addr < end) {
		u64 hpa = op->hpa + (addr - op->gpa);
		unsigned int level = axas_map_run_level(op, addr, hpa, end);
		unsigned int shift = AXAS_PAGE_SHIFT + AXAS_LEVEL_BITS * level;
		unsigned long nr = axas_fmt_nr_ptes(f, level);
		unsigned long first = (addr >> shift) & (nr - 1), i, n;
		unsigned long *count = NULL;
		u64 *table;

		table = axas_pages_table(op, addr, level, virt, &count, &err);
		if (err)
			return err;
		n = min((end - addr) >> shift, nr - first);
		if (op->prepare) {
			for (i = 0; table && i < n; i++)
				if (READ_ONCE(table[first + i]))
					return 1;
		} else {
			for (i = 0; i < n; i++)
				WRITE_ONCE(table[first + i],
					   axas_pt_encode(pt, hpa + (i << shift),
							  op->flags, level));
			axas_pt_count_add(count, n);
			pt->stats.leaves[level] += n;
		}
		addr += n << shift;
	}
	return 0;
}

/*
 * axas_pt_map() where every leaf goes in an empty entry: what the walker
 * would do, with a descent per table instead of a visit per entry (a
 * 1 GiB range of 2 MiB leaves: 512 entries in one table).  Return: 0 or
 * an error when done; 1 when the generic path must do it.
 */
static int axas_pt_map_runs(struct axas_pt_op *op, u64 end)
{
	int ret;

	op->prepare = true;
	ret = axas_runs_pass(op, end);
	if (ret) {
		op->need = 0;
		return ret;
	}
	ret = axas_pt_cache_fill(op->pt, &op->cache, op->need);
	if (ret)
		return ret;
	op->prepare = false;
	ret = axas_runs_pass(op, end);
	WARN_ON_ONCE(ret || op->cache.nr);
	axas_pt_cache_free(op->pt, &op->cache);
	return ret;
}

/*
 * A map of exactly one leaf under tables that exist already: one descent,
 * one entry written, nothing to allocate, so no prepare pass.  Return:
 * 0 or -EEXIST when done; 1 when the generic path must do it (a table is
 * missing, or one sits where the leaf would go).
 */
static int axas_pt_map_one(struct axas_pt *pt, u64 gpa, u64 hpa,
			   unsigned int target, u32 flags)
{
	const struct axas_fmt *f = &pt->fmt;
	unsigned int level = f->top_level, idx_mask;
	u64 *table = axas_pt_va(pt, pt->root), *ptep, pte;
	unsigned long *count = NULL;
	struct axas_pte_info info;

	idx_mask = (1U << f->root_index_bits) - 1;
	for (;; level--) {
		ptep = &table[(gpa >> (AXAS_PAGE_SHIFT + AXAS_LEVEL_BITS * level)) &
			      idx_mask];
		idx_mask = AXAS_PTES_PER_TABLE - 1;
		pte = READ_ONCE(*ptep);
		if (level == target)
			break;
		if (!pte)
			return 1;
		if (axas_fmt_is_table(f, pte)) {
			/* the readers' test: no decode of the tables above */
			info.pa = axas_hpa(axas_fmt_table_pa(f, pte));
		} else {
			axas_fmt_decode(f, pte, level, &info);
			if (info.type == AXAS_PTE_LEAF)
				return -EEXIST;
			if (info.type != AXAS_PTE_TABLE)
				return 1;
		}
		table = axas_pt_va(pt, info.pa);
		count = axas_pt_count(pt, info.pa);
	}
	if (pte) {
		axas_fmt_decode(f, pte, level, &info);
		return info.type == AXAS_PTE_LEAF ? -EEXIST : 1;
	}
	WRITE_ONCE(*ptep, axas_pt_encode(pt, hpa, flags, level));
	axas_pt_count_add(count, 1);
	pt->stats.leaves[level]++;
	return 0;
}

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
	u64 start = axas_gpa_val(gpa), pa = axas_hpa_val(hpa), end, hend;
	struct axas_pt_op op;
	unsigned int level;
	int ret;

	ret = axas_pt_check_range(pt, start, size, &end);
	if (ret)
		return ret;
	if (!IS_ALIGNED(pa, AXAS_PAGE_SIZE) || (opts & ~AXAS_PT_NOHUGE) ||
	    check_add_overflow(pa, size, &hend))
		return -EINVAL;
	if (hend > axas_fmt_pa_limit(&pt->fmt))
		return -ERANGE;
	ret = axas_fmt_check_flags(&pt->fmt, flags);
	if (ret)
		return ret;
	/* one leaf of its own size (a 1 GiB leaf, a page): the short way */
	for (level = 0; level <= pt->fmt.top_level; level++) {
		if (size != axas_fmt_level_size(level))
			continue;
		if (axas_fmt_leaf_ok(&pt->fmt, level) &&
		    IS_ALIGNED(start | pa, size) &&
		    (!level || !(opts & AXAS_PT_NOHUGE))) {
			ret = axas_pt_map_one(pt, start, pa, level, flags);
			if (ret <= 0)
				return ret;
		}
		break;
	}
	/* built only now: its zeroing was a good part of a one-leaf map */
	op = (struct axas_pt_op){
		.pt = pt, .gpa = start, .hpa = pa, .flags = flags, .opts = opts,
	};
	ret = axas_pt_map_runs(&op, end);
	if (ret <= 0)
		return ret;
	return axas_pt_run(&op, axas_map_visit, AXAS_VISIT_LEAF, end, true);
}
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_pt_map);

/*
 * An unmap of exactly one leaf (a 1 GiB leaf, a page): one descent, one
 * entry cleared, and the tables that clearing empties, known by their
 * counts, unlinked bottom up.  Return: 0 when done; 1 when the generic
 * path must do it (not one whole leaf, or a HAL without counts).
 */
static int axas_pt_unmap_one(struct axas_pt *pt, u64 gpa, u64 size,
			     axas_pt_leaf_fn fn, void *arg,
			     struct axas_pt_gather *g)
{
	const struct axas_fmt *f = &pt->fmt;
	unsigned int level = f->top_level, idx_mask, l;
	u64 *ptep[AXAS_MAX_LEVELS], *table = axas_pt_va(pt, pt->root), pte;
	unsigned long *count[AXAS_MAX_LEVELS];
	axas_hpa_t tpa[AXAS_MAX_LEVELS];
	struct axas_pte_info info;

	idx_mask = (1U << f->root_index_bits) - 1;
	for (;; level--) {
		ptep[level] = &table[(gpa >> (AXAS_PAGE_SHIFT + AXAS_LEVEL_BITS * level)) &
				     idx_mask];
		idx_mask = AXAS_PTES_PER_TABLE - 1;
		pte = READ_ONCE(*ptep[level]);
		if (!pte)
			return 1;
		if (level && axas_fmt_is_table(f, pte)) {
			/* the readers' test: no decode of the tables above */
			info.pa = axas_hpa(axas_fmt_table_pa(f, pte));
		} else {
			if (axas_pt_leaf_known(pt, pte, level)) {
				/* a leaf like the last one decoded here */
				info.pa = axas_hpa(axas_fmt_table_pa(f, pte));
				break;
			}
			axas_fmt_decode(f, pte, level, &info);
			if (info.type == AXAS_PTE_LEAF) {
				axas_pt_leaf_learn(pt, pte, level, info.flags);
				break;
			}
			if (info.type != AXAS_PTE_TABLE || !level)
				return 1;
		}
		tpa[level - 1] = info.pa;
		count[level - 1] = axas_pt_count(pt, info.pa);
		if (!count[level - 1])
			return 1;
		table = axas_pt_va(pt, info.pa);
	}
	if (size != axas_fmt_level_size(level) || !IS_ALIGNED(gpa, size))
		return 1;
	WRITE_ONCE(*ptep[level], 0);
	pt->stats.leaves[level]--;
	axas_pt_gather_add(g, gpa, gpa + size);
	if (fn)
		fn(arg, axas_gpa(gpa), info.pa, size);
	/* the root is not counted and never freed */
	for (l = level; l < f->top_level; l++) {
		if (--*count[l])
			break;
		WRITE_ONCE(*ptep[l + 1], 0);
		axas_gather_table(pt, g, tpa[l]);
		pt->stats.table_pages--;
	}
	return 0;
}

/**
 * axas_pt_unmap_gather() - remove every leaf in [@gpa, @gpa + @size)
 * @pt: the table
 * @gpa: first guest physical address, 4 KiB aligned
 * @size: bytes, a non-zero multiple of 4 KiB
 * @fn: called for each removed leaf (may be NULL); it must not free what
 *	the leaf mapped before @g is flushed
 * @arg: @fn's cookie
 * @g: gathers the removed range and the emptied table pages
 *
 * Holes are skipped.  A huge leaf only partly in the range is split first,
 * so the rest of it stays mapped; table pages left empty are unlinked and
 * gathered.  The caller flushes @g's range, then calls
 * axas_pt_gather_free() and frees what @fn reported.
 *
 * Return: 0; -EINVAL or -ERANGE for a bad range; -ENOMEM when a split
 * cannot get its table (nothing changed then).
 */
int axas_pt_unmap_gather(struct axas_pt *pt, axas_gpa_t gpa, u64 size,
			 axas_pt_leaf_fn fn, void *arg,
			 struct axas_pt_gather *g)
{
	struct axas_pt_op op;
	u64 end;
	int ret;

	ret = axas_pt_check_range(pt, axas_gpa_val(gpa), size, &end);
	if (ret)
		return ret;
	if (!axas_pt_unmap_one(pt, axas_gpa_val(gpa), size, fn, arg, g))
		return 0;
	/* built only now, as in axas_pt_map() */
	op = (struct axas_pt_op){
		.pt = pt, .gpa = axas_gpa_val(gpa), .fn = fn, .arg = arg,
		.gather = g,
	};
	return axas_pt_run(&op, axas_change_visit,
			   AXAS_VISIT_LEAF | AXAS_VISIT_TABLE_POST, end,
			   !axas_pt_edge_clean(pt, op.gpa) ||
			   !axas_pt_edge_clean(pt, end));
}
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_pt_unmap_gather);

/**
 * axas_pt_unmap() - axas_pt_unmap_gather() for a table no CPU walks
 * @pt: the table
 * @gpa: first guest physical address, 4 KiB aligned
 * @size: bytes, a non-zero multiple of 4 KiB
 * @fn: called for each removed leaf (may be NULL)
 * @arg: @fn's cookie
 *
 * With nobody to flush, emptied table pages are freed before it returns.
 *
 * Return: as axas_pt_unmap_gather().
 */
int axas_pt_unmap(struct axas_pt *pt, axas_gpa_t gpa, u64 size,
		  axas_pt_leaf_fn fn, void *arg)
{
	struct axas_pt_gather g;
	int ret;

	axas_pt_gather_init(&g, NULL, NULL);
	ret = axas_pt_unmap_gather(pt, gpa, size, fn, arg, &g);
	axas_pt_gather_free(pt, &g);
	return ret;
}
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_pt_unmap);

/**
 * axas_pt_protect_gather() - give every leaf in a range new flags
 * @pt: the table
 * @gpa: first guest physical address, 4 KiB aligned
 * @size: bytes, a non-zero multiple of 4 KiB
 * @flags: the new AXAS_MAP_* flags
 * @g: gathers the range of every leaf that lost a permission or changed
 *	memory type, and of every huge leaf split; leaves that only gain
 *	permissions are not gathered
 *
 * Holes are skipped; huge leaves only partly in the range are split,
 * unless they already have @flags.  The accessed and dirty bits of each
 * leaf are kept.
 *
 * Return: 0; -EINVAL for a bad range or flags; -ERANGE; -ENOMEM (nothing
 * changed then).
 */
int axas_pt_protect_gather(struct axas_pt *pt, axas_gpa_t gpa, u64 size,
			   u32 flags, struct axas_pt_gather *g)
{
	struct axas_pt_op op = {
		.pt = pt, .protect = true, .gpa = axas_gpa_val(gpa),
		.flags = flags, .gather = g,
	};
	u64 end;
	int ret;

	ret = axas_pt_check_range(pt, op.gpa, size, &end);
	if (ret)
		return ret;
	ret = axas_fmt_check_flags(&pt->fmt, flags);
	if (ret)
		return ret;
	return axas_pt_run(&op, axas_change_visit, AXAS_VISIT_LEAF, end,
			   !axas_pt_edge_clean(pt, op.gpa) ||
			   !axas_pt_edge_clean(pt, end));
}
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_pt_protect_gather);

/**
 * axas_pt_protect() - axas_pt_protect_gather() for a table no CPU walks
 * @pt: the table
 * @gpa: first guest physical address, 4 KiB aligned
 * @size: bytes, a non-zero multiple of 4 KiB
 * @flags: the new AXAS_MAP_* flags
 *
 * Return: as axas_pt_protect_gather().
 */
int axas_pt_protect(struct axas_pt *pt, axas_gpa_t gpa, u64 size, u32 flags)
{
	struct axas_pt_gather g;

	axas_pt_gather_init(&g, NULL, NULL);
	return axas_pt_protect_gather(pt, gpa, size, flags, &g);
}
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_pt_protect);

/* One pass of axas_pt_map_pages() over [op->gpa, op->gpa + n pages). */
static int axas_pages_pass(struct axas_pt_op *op, const axas_hpa_t *pas,
			   unsigned long n, u64 tmpl, bool linear)
{
	struct axas_pt *pt = op->pt;
	const struct axas_fmt *f = &pt->fmt;
	u64 virt[AXAS_MAX_LEVELS] = {}, addr = op->gpa, pa, pte;
	unsigned long done = 0, i, cnt, fresh;
	struct axas_pte_info info;
	int err = 0;

	while (done < n) {
		unsigned int first = (addr >> AXAS_PAGE_SHIFT) & (AXAS_PTES_PER_TABLE - 1);
		unsigned long *count = NULL;
		u64 *table = axas_pages_table(op, addr, 0, virt, &count, &err);

		if (err)
			return err;
		cnt = min(n - done, AXAS_PTES_PER_TABLE - first);
		fresh = 0;
		for (i = 0; i < cnt; i++) {
			pa = axas_hpa_val(pas[done + i]);
			if (op->prepare) {
				if (!IS_ALIGNED(pa, AXAS_PAGE_SIZE) ||
				    pa >= axas_fmt_pa_limit(f))
					return -EINVAL;
				pte = table ? READ_ONCE(table[first + i]) : 0;
				if (!pte)
					continue;
				axas_fmt_decode(f, pte, 0, &info);
				if (info.type != AXAS_PTE_NONE)
					return -EEXIST;
				continue;
			}
			pte = linear ? tmpl | axas_pages_addr(f, pa) :
			      f->ops->encode_leaf(f, axas_hpa(pa), op->flags, 0);
			/* an invalid but non-zero entry was counted already */
			fresh += !READ_ONCE(table[first + i]);
			WRITE_ONCE(table[first + i], pte);
		}
		if (!op->prepare) {
			pt->stats.leaves[0] += cnt;
			axas_pt_count_add(count, fresh);
		}
		done += cnt;
		addr += cnt << AXAS_PAGE_SHIFT;
	}
	return 0;
}

/**
 * axas_pt_map_pages() - map @n frames at consecutive guest addresses
 * @pt: the table
 * @gpa: first guest physical address, 4 KiB aligned
 * @pas: the host physical addresses of the frames, each 4 KiB aligned;
 *	@pas[i] is mapped at @gpa + i * 4 KiB with a 4 KiB leaf
 * @n: how many, at least 1
 * @flags: AXAS_MAP_* flags
 *
 * What axas_pt_map() with AXAS_PT_NOHUGE does for each frame, with one
 * descent per level-0 table instead of a walk per page, and the same
 * guarantees: all or nothing (every table is reserved before an entry
 * changes), and safe against lockless readers when the range held no
 * entry.  A format whose leaves are their address bits plus constant
 * bits (all of them) gets its entries from one template.
 *
 * Return: 0; -EINVAL for misalignment, no frame, bad flags or a frame the
 * format cannot hold; -ERANGE beyond the format; -EEXIST when a leaf maps
 * part of the range already; -ENOMEM (nothing changed then).
 */
int axas_pt_map_pages(struct axas_pt *pt, axas_gpa_t gpa, const axas_hpa_t *pas,
		      unsigned long n, u32 flags)
{
	struct axas_pt_op op = { .pt = pt, .gpa = axas_gpa_val(gpa), .flags = flags };
	const struct axas_fmt *f = &pt->fmt;
	u64 end, tmpl, pa0;
	bool linear;
	int ret;

	if (!n || n > (~0ULL >> AXAS_PAGE_SHIFT))
		return -EINVAL;
	ret = axas_pt_check_range(pt, op.gpa, n << AXAS_PAGE_SHIFT, &end);
	if (!ret)
		ret = axas_fmt_check_flags(f, flags);
	if (ret)
		return ret;
	op.prepare = true;
	ret = axas_pages_pass(&op, pas, n, 0, false);
	if (ret)
		return ret;
	ret = axas_pt_cache_fill(pt, &op.cache, op.need);
	if (ret)
		return ret;
	/* the template must give what the encoder gives */
	pa0 = axas_hpa_val(pas[0]);
	tmpl = f->ops->encode_leaf(f, axas_hpa(0), flags, 0);
	linear = f->ops->encode_leaf(f, pas[0], flags, 0) ==
		 (tmpl | axas_pages_addr(f, pa0));
	op.prepare = false;
	ret = axas_pages_pass(&op, pas, n, tmpl, linear);
	WARN_ON_ONCE(ret || op.cache.nr);
	axas_pt_cache_free(pt, &op.cache);
	return ret;
}
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_pt_map_pages);
