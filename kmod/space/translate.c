// SPDX-License-Identifier: GPL-2.0
/*
 * The readers of a space: translations (the seed's translate,
 * translate_and_get_limit and translated_byte_buffer), walks of its
 * tables and the listing of its areas.
 */
#include <linux/lockdep.h>
#include <linux/minmax.h>
#include <linux/overflow.h>
#include <linux/rcupdate.h>
#include <linux/sched/signal.h>
#include <linux/seqlock.h>
#include "space.h"
#include "../pgtable/query.h"
#include "../pgtable/export.h"

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
 * Host-contiguous bytes from @gpa, within area @a (not a contiguous one)
 * and up to @limit: one walk from the end of @gpa's leaf (@next, which
 * maps @hpa) that stops at the first hole or jump.  Out of line and given
 * scalars: the lockless translate inlines its caller, and a leaf passed
 * through memory cost a store-forwarding stall on every translation.
 */
static noinline u64 axas_space_contig(struct axas_space *as,
				      const struct axas_area *a, u64 gpa,
				      u64 next, u64 hpa, u64 limit)
{
	u64 end = min(axas_area_end(a), limit);
	struct axas_contig c = { .next = next, .hpa = hpa };

	if (c.next < end)
		axas_pt_walk(&as->pt, axas_gpa(c.next), end - c.next, 0,
			     axas_contig_leaf, &c);
	return min(c.next, end) - gpa;
}

/*
 * Translate @gpa; host-contiguous bytes are counted up to @limit, or when
 * @limit is 0, up to AXAS_CONTIG_SCAN past @gpa or its leaf's end.  The
 * area is @a, found by the caller (NULL: none).  With
 * @limit == @gpa they are not looked for: @contig ends at the leaf's end,
 * and no work depends on which frames are adjacent (for callers that may
 * not learn it, not even from the time taken).
 */
static __always_inline int
axas_space_translate_area(struct axas_space *as, const struct axas_area *a,
			  u64 gpa, u64 limit, struct axas_translation *out)
{
	const struct axas_backend_ops *ops;
	struct axas_pt_entry e;
	u64 leaf_end, contig;
	int ret;

	if (!a)
		return -ENOENT;
	ret = axas_pt_query_inline(&as->pt, axas_gpa(gpa), &e);
	if (ret)
		return ret;
	ops = a->ops;
	leaf_end = axas_gpa_val(e.leaf_gpa) + e.leaf_size;
	if (limit == gpa) {
		contig = min(leaf_end, axas_area_end(a)) - gpa;
	} else if (ops->contiguous) {
		/* one host run: the rest of the area, whatever @limit is */
		contig = axas_area_end(a) - gpa;
	} else {
		if (!limit)
			limit = max(leaf_end, gpa + AXAS_CONTIG_SCAN);
		contig = axas_space_contig(as, a, gpa, leaf_end,
					   axas_hpa_val(e.leaf_hpa) +
					   e.leaf_size, limit);
	}
	*out = (struct axas_translation){
		.hpa = e.hpa,
		.flags = e.flags,
		.level = e.level,
		.leaf_size = e.leaf_size,
		.area_start = a->range.start,
		.area_size = axas_gpa_range_size(&a->range),
		.contig = contig,
		.kind = ops->kind,
	};
	return 0;
}

static int axas_space_translate_locked(struct axas_space *as, u64 gpa,
				       u64 limit, struct axas_translation *out,
				       const struct axas_area **area)
{
	const struct axas_area *a;

	lockdep_assert_held(&as->lock);
	if (!axas_gpa_range_contains(&as->range, axas_gpa(gpa)))
		return -ERANGE;
	a = axas_area_find(as, gpa);
	if (area)
		*area = a;
	return axas_space_translate_area(as, a, gpa, limit, out);
}

/*
 * Without the lock: under RCU, checked by the space's sequence count.
 * Inlined into each public reader with its query, so that the fast path
 * is one call deep and the answer stays in registers (as three calls and
 * a result passed through memory it cost as much as the query itself).
 * Return: -EAGAIN when a writer was (or came) in the way: ask again
 * locked; otherwise the translation's own result.
 */
static __always_inline int axas_space_translate_rcu(struct axas_space *as,
						    u64 gpa, u64 limit,
						    struct axas_translation *out)
{
	unsigned int seq;
	int ret = -EAGAIN;

	rcu_read_lock();
	seq = raw_read_seqcount(&as->seq);
	if (likely(!(seq & 1))) {
		ret = axas_space_translate_area(as, axas_area_find_rcu(as, gpa),
						gpa, limit, out);
		if (unlikely(read_seqcount_retry(&as->seq, seq)))
			ret = -EAGAIN;
	}
	rcu_read_unlock();
	return ret;
}

/**
 * axas_space_translate() - translate one guest physical address
 * @as: the space
 * @gpa: any address
 * @out: the host address, the leaf, the area (the seed's limit) and the
 *	host-contiguous bytes from @gpa
 *
 * Lockless: the area and the tables are read under RCU and the answer
 * checked against the space's sequence count, so that it is one a reader
 * holding the lock could have got; only when a writer is in the way does
 * it take the lock (and wait for the writer).
 *
 * Return: 0; -ERANGE outside the space; -ENOENT when nothing maps @gpa
 * (no area, or a lazy page not yet faulted in).
 */
int axas_space_translate(struct axas_space *as, axas_gpa_t gpa,
			 struct axas_translation *out)
{
	int ret;

	if (!axas_gpa_range_contains(&as->range, gpa))
		return -ERANGE;
	ret = axas_space_translate_rcu(as, axas_gpa_val(gpa), 0, out);
	if (likely(ret != -EAGAIN))
		return ret;
	down_read(&as->lock);
	ret = axas_space_translate_locked(as, axas_gpa_val(gpa), 0, out, NULL);
	up_read(&as->lock);
	return ret;
}
EXPORT_SYMBOL_AXAS_API(axas_space_translate);

/**
 * axas_space_translate_leaf() - axas_space_translate() within the leaf
 * @as: the space
 * @gpa: any address
 * @out: as for axas_space_translate(), but @contig ends at the end of the
 *	leaf mapping @gpa, and finding it costs the same whatever lies
 *	beyond (for callers that may not learn which frames are adjacent)
 *
 * Return: as axas_space_translate().
 */
int axas_space_translate_leaf(struct axas_space *as, axas_gpa_t gpa,
			      struct axas_translation *out)
{
	int ret;

	if (!axas_gpa_range_contains(&as->range, gpa))
		return -ERANGE;
	ret = axas_space_translate_rcu(as, axas_gpa_val(gpa), axas_gpa_val(gpa),
				       out);
	if (likely(ret != -EAGAIN))
		return ret;
	down_read(&as->lock);
	ret = axas_space_translate_locked(as, axas_gpa_val(gpa),
					  axas_gpa_val(gpa), out, NULL);
	up_read(&as->lock);
	return ret;
}

/**
 * axas_space_translate_range_locked() - host segments covering a range
 * @as: the space, locked for reading (the segments stay valid as long)
 * @gpa: first address
 * @len: bytes, non-zero
 * @opts: AXAS_SEG_PER_LEAF to end every segment at its leaf's end, so that
 *	the segments say nothing of which frames are adjacent in host memory
 *	(and finding them takes no time that would); AXAS_SEG_BOUNDED to
 *	stop counting at AXAS_SEG_COUNT_MAX + 1 segments, so that the work
 *	and the time the lock is held are bounded whatever @len is
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

		if ((opts & AXAS_SEG_BOUNDED) && n > AXAS_SEG_COUNT_MAX)
			break;

		/* a long range of scattered frames: let a killed caller go */
		if (!(n % 1024) && n) {
			if (fatal_signal_pending(current))
				return -EINTR;
			cond_resched();
		}
		ret = axas_space_translate_locked(as, gpa,
						  opts & AXAS_SEG_PER_LEAF ?
						  gpa : end, &t, &a);
		if (ret)
			return -EFAULT;
		chunk = min(t.contig, end - gpa);
		if (segs && n < max_segs)
			segs[n] = (struct axas_kseg){
				.gpa = axas_gpa(gpa),
				.hpa = t.hpa,
				.hva = a->ops->kernel_mapped ?
				       axas_hal_phys_to_virt(&as->hal, t.hpa) :
				       NULL,
				.len = chunk,
			};
		n++;
		gpa += chunk;
	}
	*nr_segs = n;
	return (segs || (opts & AXAS_SEG_BOUNDED)) && n > max_segs ?
	       -E2BIG : 0;
}
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_space_translate_range_locked);

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
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_space_translate_range);

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
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_space_walk);

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
		out[n] = (struct axas_area_info){
			.start = p.start,
			.size = p.end - p.start,
			.kind = a->ops->kind,
			.flags = a->flags,
			.populated = p.bytes,
			.log_dirty = !!a->dirty,
		};
		if (a->ops->describe)
			a->ops->describe(a, &out[n]);
		n++;
	}
	up_read(&as->lock);
	*nr = n;
	return ret;
}
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_space_areas);
