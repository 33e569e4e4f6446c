// SPDX-License-Identifier: GPL-2.0
/*
 * Dirty tracking in the engine: two visitors of the one walker.
 *
 *  - axas_pt_test_clear_dirty() reads (and optionally clears, one atomic
 *    compare-and-exchange per leaf) the hardware dirty bit of the leaves
 *    of a range, for the formats whose CPUs set it (fmt.hw_dirty: EPT
 *    with A/D enabled in the EPTP, AMD NPT).  A cleared dirty bit may be
 *    cached by a CPU (the next store would not set it again): the range
 *    is gathered, and the caller flushes it.
 *  - axas_pt_set_write() takes away (a downgrade, gathered) or gives back
 *    (an upgrade, not gathered) the write permission of the leaves of a
 *    range, keeping their accessed and dirty state: the write-protect
 *    tracker of the formats without a hardware dirty bit.  Giving it back
 *    also sets the accessed flag the format's encoder presets.
 *  - axas_pt_mkyoung() sets the accessed flag of the leaves of a range (an
 *    upgrade): what an access fault needs once a young harvest cleared
 *    the flag on a CPU that does not set it itself.
 *
 * Both run under the caller's exclusion against unmap and protect, but
 * are safe against the hardware updating A/D bits concurrently, and
 * against lockless readers (every entry changes with one cmpxchg).
 */
#include <linux/align.h>
#include <linux/atomic.h>
#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/minmax.h>
#include "walk.h"
#include "export.h"

struct axas_dirty_walk {
	bool clear;
	bool write;
	struct axas_pt_gather *g;
	axas_pt_visit_fn fn;
	void *arg;
};

static int axas_test_clear_dirty_visit(struct axas_walk_ctx *ctx)
{
	struct axas_dirty_walk *d = ctx->arg;
	const struct axas_fmt *f = &ctx->pt->fmt;
	struct axas_pt_visit v = axas_walk_visit_of(ctx);

	ctx->next = AXAS_WALK_SKIP;
	if (v.info.type != AXAS_PTE_LEAF || !v.info.dirty)
		return 0;
	if (d->clear) {
		v.raw = axas_pt_xchg_bits(ctx->ptep, ctx->old, 0, f->dirty_mask);
		axas_fmt_decode(f, v.raw, v.level, &v.info);
		axas_pt_gather_add(d->g, axas_gpa_val(v.gpa),
				   axas_gpa_val(v.gpa) + v.size);
	}
	return d->fn ? d->fn(d->arg, &v) : 0;
}

/**
 * axas_pt_test_clear_dirty() - harvest hardware dirty bits
 * @pt: the table
 * @gpa: first guest physical address, 4 KiB aligned
 * @size: bytes, a non-zero multiple of 4 KiB
 * @clear: clear each dirty bit found (atomically: a bit the hardware sets
 *	meanwhile is never lost); the range of every leaf cleared is
 *	gathered into @g
 * @g: the gather to flush afterwards (may be NULL when no CPU walks @pt)
 * @fn: called with each leaf whose dirty bit was set, its entry as it was
 *	(may be NULL); a leaf partly in the range is reported whole
 * @arg: @fn's cookie
 *
 * A format without a dirty bit (dirty_mask 0) reports nothing.
 *
 * Return: 0; -EINVAL or -ERANGE for a bad range; else the first non-zero
 * value @fn returned.
 */
int axas_pt_test_clear_dirty(struct axas_pt *pt, axas_gpa_t gpa, u64 size,
			     bool clear, struct axas_pt_gather *g,
			     axas_pt_visit_fn fn, void *arg)
{
	struct axas_dirty_walk d = { .clear = clear, .g = g, .fn = fn, .arg = arg };
	struct axas_walker w = {
		.cb = axas_test_clear_dirty_visit, .arg = &d,
		.flags = AXAS_VISIT_LEAF,
	};
	u64 end;
	int ret;

	ret = axas_pt_check_range(pt, axas_gpa_val(gpa), size, &end);
	if (ret || !pt->fmt.dirty_mask)
		return ret;
	return axas_pt_walk_range(pt, axas_gpa_val(gpa), end, &w);
}
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_pt_test_clear_dirty);

/* Visit the leaves of a checked range with @cb. */
static int axas_dirty_leaves(struct axas_pt *pt, axas_gpa_t gpa, u64 size,
			     axas_visitor_fn cb, void *arg)
{
	struct axas_walker w = {
		.cb = cb, .arg = arg, .flags = AXAS_VISIT_LEAF,
	};
	u64 end;
	int ret;

	ret = axas_pt_check_range(pt, axas_gpa_val(gpa), size, &end);
	if (ret)
		return ret;
	return axas_pt_walk_range(pt, axas_gpa_val(gpa), end, &w);
}

static int axas_set_write_visit(struct axas_walk_ctx *ctx)
{
	struct axas_dirty_walk *d = ctx->arg;
	const struct axas_fmt *f = &ctx->pt->fmt;
	u64 ad = f->accessed_mask | f->dirty_mask, leaf;
	u32 flags = ctx->info.flags;

	ctx->next = AXAS_WALK_SKIP;
	if (ctx->info.type != AXAS_PTE_LEAF || !axas_walk_whole(ctx))
		return 0;
	if (!!(flags & AXAS_MAP_WRITE) == d->write)
		return 0;
	flags = d->write ? flags | AXAS_MAP_WRITE : flags & ~AXAS_MAP_WRITE;
	/* W without R is refused by some formats: leave such a leaf alone */
	if (axas_fmt_check_flags(f, flags))
		return 0;
	leaf = f->ops->encode_leaf(f, ctx->info.pa, flags, ctx->level);
	if (!d->write)
		leaf &= ~ad;
	/* one atomic step: A/D bits the hardware sets meanwhile are kept */
	axas_pt_xchg_bits(ctx->ptep, ctx->old, leaf, ~ad);
	if (!d->write)
		axas_pt_gather_add(d->g, ctx->addr, ctx->end);
	return 0;
}

/**
 * axas_pt_set_write() - write-protect or write-enable the leaves of a range
 * @pt: the table
 * @gpa: first guest physical address, 4 KiB aligned
 * @size: bytes, a non-zero multiple of 4 KiB
 * @write: give the write permission back (an upgrade: nothing gathered),
 *	else take it away (gathered into @g)
 * @g: the gather to flush afterwards (may be NULL when no CPU walks @pt)
 *
 * Every other flag of each leaf, and its accessed and dirty state, is
 * kept; an upgrade also sets what the format's encoder presets for a
 * writable leaf (RISC-V A and D, arm64 AF).  Leaves only partly in the
 * range, holes, and leaves a format could not express with the new
 * permission are left alone: nothing is ever split, so it cannot fail.
 *
 * Return: 0; -EINVAL or -ERANGE for a bad range.
 */
int axas_pt_set_write(struct axas_pt *pt, axas_gpa_t gpa, u64 size,
		      bool write, struct axas_pt_gather *g)
{
	struct axas_dirty_walk d = { .write = write, .g = g };

	return axas_dirty_leaves(pt, gpa, size, axas_set_write_visit, &d);
}
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_pt_set_write);

static int axas_mkyoung_visit(struct axas_walk_ctx *ctx)
{
	u64 a = ctx->pt->fmt.accessed_mask;

	ctx->next = AXAS_WALK_SKIP;
	if (ctx->info.type == AXAS_PTE_LEAF && !ctx->info.accessed && a)
		axas_pt_xchg_bits(ctx->ptep, ctx->old, a, 0);
	return 0;
}

/**
 * axas_pt_mkyoung() - set the accessed flag of the leaves of a range
 * @pt: the table
 * @gpa: first guest physical address, 4 KiB aligned
 * @size: bytes, a non-zero multiple of 4 KiB
 *
 * An upgrade: nothing to flush.  Each entry changes with one atomic step.
 *
 * Return: 0; -EINVAL or -ERANGE for a bad range.
 */
int axas_pt_mkyoung(struct axas_pt *pt, axas_gpa_t gpa, u64 size)
{
	return axas_dirty_leaves(pt, gpa, size, axas_mkyoung_visit, NULL);
}
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_pt_mkyoung);
