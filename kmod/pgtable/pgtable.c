// SPDX-License-Identifier: GPL-2.0
/*
 * The page-table engine: creation and destruction of a table, and the
 * visitors that only read it (query, walk, accessed/dirty harvest).  The
 * visitors that change entries are in change.c, the walker in walk.c.
 *
 * The format is consulted only through its pure encode/decode functions
 * and memory only through the HAL, so pgtable/ also builds in user space
 * (tools/testing/uspace/).
 *
 * Lockless readers.  Entries are read with READ_ONCE() and written with
 * WRITE_ONCE(); a new table is zeroed and published with a release store,
 * so query, walk and test-and-clear-young may run while a map fills a
 * range that held no entry (the contract in pgtable.h).  Unmap and protect
 * free or rewrite entries and need the caller's exclusion.
 */
#include <linux/align.h>
#include <linux/atomic.h>
#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/overflow.h>
#include <linux/string.h>
#include "query.h"
#include "export.h"

/**
 * axas_pt_check_range() - validate [@gpa, @gpa + @size) against the format
 * @pt: the table
 * @gpa: first address
 * @size: bytes
 * @end: set to @gpa + @size
 *
 * Return: 0; -EINVAL for a malformed range (misaligned, empty, wrapping
 * past 2^64); -ERANGE for a well-formed one the format cannot reach.
 */
int axas_pt_check_range(const struct axas_pt *pt, u64 gpa, u64 size, u64 *end)
{
	if (!size || !IS_ALIGNED(gpa, AXAS_PAGE_SIZE) ||
	    !IS_ALIGNED(size, AXAS_PAGE_SIZE) ||
	    check_add_overflow(gpa, size, end))
		return -EINVAL;
	if (*end > axas_fmt_gpa_limit(&pt->fmt))
		return -ERANGE;
	return 0;
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
	pt->linear = hal->ops->linear;
	pt->va_off = (uintptr_t)axas_hal_phys_to_virt(hal, pt->root) -
		     (uintptr_t)axas_hpa_val(pt->root);
	pt->memo_key = ~(pt->fmt.addr_mask | pt->fmt.accessed_mask |
			 pt->fmt.dirty_mask);
	pt->memo_shift = __builtin_ctzll(pt->fmt.addr_mask);
	return 0;
}
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_pt_init);

struct axas_pt_destroy {
	axas_pt_leaf_fn fn;
	void *arg;
};

static int axas_destroy_visit(struct axas_walk_ctx *ctx)
{
	struct axas_pt_destroy *d = ctx->arg;
	struct axas_pt *pt = ctx->pt;

	ctx->next = AXAS_WALK_SKIP;
	if (ctx->info.type == AXAS_PTE_NONE)
		return 0;
	if (ctx->visit == AXAS_VISIT_TABLE_POST) {
		/* the HAL gets its word back as it gave it */
		if (ctx->child_count)
			*ctx->child_count = 0;
		axas_hal_free_table(pt->hal, ctx->info.pa, 0);
		pt->stats.table_pages--;
	} else {
		pt->stats.leaves[ctx->level]--;
		if (d->fn)
			d->fn(d->arg, axas_gpa(ctx->addr), ctx->info.pa,
			      ctx->size);
	}
	WRITE_ONCE(*ctx->ptep, 0);
	return 0;
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
	struct axas_pt_destroy d = { .fn = fn, .arg = arg };
	struct axas_walker w = {
		.cb = axas_destroy_visit, .arg = &d,
		.flags = AXAS_VISIT_LEAF | AXAS_VISIT_TABLE_POST,
	};

	if (!axas_hpa_val(pt->root))
		return;
	axas_pt_walk_range(pt, 0, axas_fmt_gpa_limit(&pt->fmt), &w);
	axas_hal_free_table(pt->hal, pt->root, pt->fmt.root_order);
	pt->stats.table_pages -= 1UL << pt->fmt.root_order;
	pt->root = axas_hpa(0);
}
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_pt_destroy);

/**
 * axas_pt_query_from() - the rest of a query, from one entry on
 * @pt: the table
 * @addr: the GPA queried
 * @pte: the entry read for it at @level
 * @level: its level
 * @out: the leaf that maps @addr
 *
 * The query's general path, out of line: any HAL, entries decoded in
 * full, the level's memo refilled.  axas_pt_query_inline() comes here
 * for what its fast path does not know.
 *
 * Return: as axas_pt_query().
 */
int axas_pt_query_from(struct axas_pt *pt, u64 addr, u64 pte,
		       unsigned int level, struct axas_pt_entry *out)
{
	const struct axas_fmt *f = &pt->fmt;
	struct axas_pte_info info;
	u64 *table, memo, pa;
	u32 flags;

	for (;;) {
		if (level && axas_fmt_is_table(f, pte)) {
			pa = axas_fmt_table_pa(f, pte);
		} else {
			memo = READ_ONCE(pt->leaf_memo[level]);
			if (axas_pt_memo_hit(pt, memo, pte)) {
				flags = (memo >> pt->memo_shift) &
					AXAS_MAP_FLAGS_ALL;
				pa = axas_fmt_table_pa(f, pte);
				break;
			}
			axas_fmt_decode(f, pte, level, &info);
			if (info.type == AXAS_PTE_LEAF) {
				flags = info.flags;
				pa = axas_hpa_val(info.pa);
				axas_pt_leaf_learn(pt, pte, level, flags);
				break;
			}
			if (info.type != AXAS_PTE_TABLE || !level)
				return -ENOENT;
			pa = axas_hpa_val(info.pa);
		}
		/* address dependency: pairs with axas_pt_set_table() */
		table = axas_pt_va(pt, axas_hpa(pa));
		level--;
		pte = READ_ONCE(table[(addr >> (AXAS_PAGE_SHIFT +
					       AXAS_LEVEL_BITS * level)) &
				      (AXAS_PTES_PER_TABLE - 1)]);
	}
	axas_pt_query_out(addr, pte, pa, level, flags, out);
	return 0;
}

/**
 * axas_pt_query() - translate one guest physical address
 * @pt: the table
 * @gpa: any guest physical address
 * @out: the leaf that maps it
 *
 * Safe against a concurrent map of other addresses (lockless reader); see
 * axas_pt_query_inline().
 *
 * Return: 0, -ENOENT when nothing maps @gpa, -ERANGE beyond the format.
 */
int axas_pt_query(struct axas_pt *pt, axas_gpa_t gpa,
		  struct axas_pt_entry *out)
{
	return axas_pt_query_inline(pt, gpa, out);
}
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_pt_query);

struct axas_pt_visitor {
	bool young;
	bool clear_dirty;
	axas_pt_visit_fn fn;
	void *arg;
};

static int axas_reader_visit(struct axas_walk_ctx *ctx)
{
	struct axas_pt_visitor *w = ctx->arg;
	struct axas_pt_visit v = axas_walk_visit_of(ctx);

	if (v.info.type == AXAS_PTE_NONE)
		return 0;
	if (w->young) {
		if (!v.info.accessed)
			return 0;
		v.raw = axas_pt_xchg_bits(ctx->ptep, ctx->old, 0,
					  ctx->pt->fmt.accessed_mask |
					  (w->clear_dirty ?
					   ctx->pt->fmt.dirty_mask : 0));
		axas_fmt_decode(&ctx->pt->fmt, v.raw, v.level, &v.info);
	}
	return w->fn ? w->fn(w->arg, &v) : 0;
}

static int axas_pt_visit(struct axas_pt *pt, struct axas_pt_visitor *v,
			 u32 visits, axas_gpa_t gpa, u64 size)
{
	struct axas_walker w = { .cb = axas_reader_visit, .arg = v, .flags = visits };
	u64 start = axas_gpa_val(gpa), end, limit;

	limit = axas_fmt_gpa_limit(&pt->fmt);
	if (start >= limit)
		return -ERANGE;
	if (check_add_overflow(start, size, &end) || end > limit)
		end = limit;
	return axas_pt_walk_range(pt, start, end, &w);
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
	struct axas_pt_visitor v = { .fn = fn, .arg = arg };

	if (!fn || (wflags & ~AXAS_PT_WALK_TABLES))
		return -EINVAL;
	return axas_pt_visit(pt, &v, AXAS_VISIT_LEAF |
			     (wflags & AXAS_PT_WALK_TABLES ?
			      AXAS_VISIT_TABLE_PRE : 0), gpa, size);
}
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_pt_walk);

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
	struct axas_pt_visitor v = {
		.young = true, .clear_dirty = clear_dirty, .fn = fn, .arg = arg,
	};

	return axas_pt_visit(pt, &v, AXAS_VISIT_LEAF, gpa, size);
}
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_pt_test_clear_young);

struct axas_pt_recount {
	unsigned long tables;
	unsigned long wrong;
};

/*
 * The live entries of the @n entries of the table at @pa (level @level);
 * each table below it is recounted and checked against its count.  Not
 * through the walker, which decodes every entry: the random KUnit cases
 * recount after each operation, and through the walker that was most of
 * their time under KASAN and TCG.
 */
static unsigned long axas_pt_recount(struct axas_pt *pt, axas_hpa_t pa,
				     unsigned int level, unsigned int n,
				     struct axas_pt_recount *r)
{
	const u64 *table = axas_pt_va(pt, pa);
	unsigned long live = 0, child, *count;
	unsigned int i;

	for (i = 0; i < n; i++) {
		u64 pte = READ_ONCE(table[i]);
		axas_hpa_t next;

		if (!pte)
			continue;
		live++;
		if (!level || !axas_fmt_is_table(&pt->fmt, pte))
			continue;
		next = axas_hpa(axas_fmt_table_pa(&pt->fmt, pte));
		child = axas_pt_recount(pt, next, level - 1, AXAS_PTES_PER_TABLE, r);
		count = axas_pt_count(pt, next);
		r->tables++;
		if (!count || *count != child)
			r->wrong++;
	}
	return live;
}

/**
 * axas_pt_check_counts() - recount every table below the root
 * @pt: the table; no writer may run
 * @tables: set to the number of tables seen (may be NULL)
 *
 * The tests' invariant: each table's live-entry count (axas_pt_count())
 * equals the number of its entries that are not zero.
 *
 * Return: how many tables disagree (a HAL without counts: every table).
 */
unsigned long axas_pt_check_counts(struct axas_pt *pt, unsigned long *tables)
{
	const struct axas_fmt *f = &pt->fmt;
	struct axas_pt_recount r = {};

	axas_pt_recount(pt, pt->root, f->top_level, 1U << f->root_index_bits, &r);
	if (tables)
		*tables = r.tables;
	return r.wrong;
}
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_pt_check_counts);

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
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_pt_root_pointer);
