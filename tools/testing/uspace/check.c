// SPDX-License-Identifier: GPL-2.0
/*
 * The differential checker of the page-table engine, in user space.
 *
 * A real engine instance over the user-space HAL runs random operations:
 * map (every flag set, huge-leaf friendly or not, NOHUGE), unmap, protect,
 * query, test-and-clear of accessed/dirty bits, "hardware" setting those
 * bits behind the engine's back, malformed and out-of-range requests, and
 * allocation failures injected into modifying operations.  Each result is
 * compared with a deliberately trivial reference: one u64 per 4 KiB page of
 * a 2 GiB window (placed at the bottom, in the middle or at the top of the
 * format's address space), and with rules restated here from the manuals
 * rather than taken from the engine (which flag sets each format accepts,
 * which leaf sizes a map must choose, which bits a new leaf has set).
 * Every few hundred operations the whole table is checked: every leaf
 * agrees with the reference and covers all of it, the counters agree with
 * the HAL's, and no table below the root is empty.
 *
 * Any disagreement prints what was expected and aborts, so that a fuzzer
 * (fuzz.c) sees a crash.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/align.h>
#include <linux/atomic.h>
#include <linux/bits.h>
#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include "check.h"
#include "hal_user.h"

#define SZ4K		AXAS_PAGE_SIZE
#define SZ2M		AXAS_SZ_2M
#define SZ1G		AXAS_SZ_1G
#define WIN_SIZE	(2 * SZ1G)
#define WIN_PAGES	(WIN_SIZE / SZ4K)
#define FULL_EVERY	500

#define R		AXAS_MAP_READ
#define W		AXAS_MAP_WRITE
#define X		AXAS_MAP_EXECUTE
#define RWX		(R | W | X)

/* A reference entry: HPA in 63:12, flags in 9:4, then D, A and valid. */
#define REF_VALID	BIT_ULL(0)
#define REF_A		BIT_ULL(1)
#define REF_D		BIT_ULL(2)
#define REF_FLAGS_SHIFT	4
#define REF_FLAGS(e)	((u32)((e) >> REF_FLAGS_SHIFT) & AXAS_MAP_FLAGS_ALL)
#define REF_HPA(e)	((e) & ~0xfffULL)

const struct axas_fmt_inst axas_fmt_insts[] = {
	{ AXAS_FMT_EPT4, 0, "ept4" },	{ AXAS_FMT_EPT5, 0, "ept5" },
	{ AXAS_FMT_NPT4, 0, "npt4" },	{ AXAS_FMT_NPT5, 0, "npt5" },
	{ AXAS_FMT_ARM_S2, 32, "s2-32" }, { AXAS_FMT_ARM_S2, 36, "s2-36" },
	{ AXAS_FMT_ARM_S2, 40, "s2-40" }, { AXAS_FMT_ARM_S2, 43, "s2-43" },
	{ AXAS_FMT_ARM_S2, 44, "s2-44" }, { AXAS_FMT_ARM_S2, 48, "s2-48" },
	{ AXAS_FMT_SV39X4, 0, "sv39x4" }, { AXAS_FMT_SV48X4, 0, "sv48x4" },
	{ AXAS_FMT_SV57X4, 0, "sv57x4" },
};

const unsigned int axas_nr_fmt_insts = ARRAY_SIZE(axas_fmt_insts);

const char *const axas_where_names[] = { "low", "mid", "top" };

enum chk_op {
	OP_MAP, OP_UNMAP, OP_PROTECT, OP_QUERY, OP_YOUNG, OP_TOUCH, OP_PROBE,
	OP_CLEAR, OP_NR,
};

static const char *const chk_op_names[] = {
	"map", "unmap", "protect", "query", "young", "touch", "probe", "clear",
};

struct chk {
	const struct axas_fmt_inst *fi;
	enum axas_where where;
	struct axas_src *src;
	struct axas_uhal uhal;
	struct axas_pt pt;
	u64 base;		/* first GPA of the window */
	u64 limit;		/* first GPA beyond the format */
	u64 pa_limit;		/* first HPA beyond the format */
	unsigned int top;	/* level of the largest leaf (1 GiB, or 2 MiB) */
	u64 *ref;
	unsigned long nr;	/* operations run */
	unsigned long ops[OP_NR];
	unsigned long injected, enomem;
	/* unmap and test-and-clear callbacks */
	u64 lo, hi;
	u64 removed;
	bool clear_dirty;
	/* full check */
	unsigned long leaves[AXAS_MAX_LEVELS], tables, pages;
	u64 expect_child_lo, expect_child_hi;
	int expect_child_level;
};

static __printf(3, 4) __noreturn
void chk_fail(struct chk *c, int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "FAIL %s/%s, operation %lu (line %d): ",
		c->fi->name, axas_where_names[c->where], c->nr, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

#define CHK(c, cond, ...) do {						\
	if (!(cond))							\
		chk_fail(c, __LINE__, __VA_ARGS__);			\
} while (0)

static u64 rnd(struct chk *c, u64 n)
{
	return axas_src_below(c->src, n);
}

/**
 * axas_src_below() - the next choice
 * @s: the source
 * @n: number of possible values
 *
 * Return: a value in [0, @n), or 0 when @n is 0 or a fuzzer input is
 * exhausted.
 */
u64 axas_src_below(struct axas_src *s, u64 n)
{
	u64 v;

	if (s->data) {
		u32 w;

		if (s->pos + sizeof(w) > s->len) {
			s->done = true;
			return 0;
		}
		memcpy(&w, s->data + s->pos, sizeof(w));
		s->pos += sizeof(w);
		v = w;
	} else {
		/* xorshift64* */
		s->state ^= s->state >> 12;
		s->state ^= s->state << 25;
		s->state ^= s->state >> 27;
		v = s->state * 0x2545f4914f6cdd1dULL;
	}
	return n ? v % n : 0;
}

static u64 *ref_at(struct chk *c, u64 gpa)
{
	return &c->ref[(gpa - c->base) / SZ4K];
}

static u64 level_size(unsigned int level)
{
	return SZ4K << (9 * level);
}

/* ---- the rules, restated from the manuals ---------------------------- */

/* Which flag sets each format accepts (DESIGN.md section 3). */
static bool chk_flags_ok(const struct chk *c, u32 flags)
{
	bool r = flags & R, w = flags & W, x = flags & X;
	bool dev = flags & AXAS_MAP_DEVICE, uc = flags & AXAS_MAP_UNCACHED;

	if ((flags & ~AXAS_MAP_FLAGS_ALL) || (dev && uc))
		return false;
	switch (c->fi->id) {
	case AXAS_FMT_EPT4:
	case AXAS_FMT_EPT5:
		return r || !w;		/* W without R: misconfiguration */
	case AXAS_FMT_NPT4:
	case AXAS_FMT_NPT5:
		return r || !(w || x);	/* present means readable */
	case AXAS_FMT_ARM_S2:
		return !(dev && x);	/* no executable Device memory */
	default:
		return r || !w;		/* G-stage: W without R reserved */
	}
}

/* Stage 2 and G-stage leaves are made accessed (AF, A) when written. */
static bool chk_a_on_encode(const struct chk *c, u32 flags)
{
	if (c->fi->id == AXAS_FMT_ARM_S2)
		return true;
	if (c->fi->id >= AXAS_FMT_SV39X4)
		return flags & RWX;	/* a no-access G-stage leaf is V = 0 */
	return false;
}

/* G-stage writable leaves are made dirty. */
static bool chk_d_on_encode(const struct chk *c, u32 flags)
{
	return c->fi->id >= AXAS_FMT_SV39X4 && (flags & W);
}

/* The leaves a map must create: the largest the GPA, HPA and size allow. */
static void chk_greedy(const struct chk *c, u64 gpa, u64 hpa, u64 size,
		       bool nohuge, unsigned long *want)
{
	while (size) {
		unsigned int l;

		for (l = nohuge ? 0 : c->top; l > 0; l--)
			if (IS_ALIGNED(gpa, level_size(l)) &&
			    IS_ALIGNED(hpa, level_size(l)) &&
			    size >= level_size(l))
				break;
		want[l]++;
		gpa += level_size(l);
		hpa += level_size(l);
		size -= level_size(l);
	}
}

/* ---- whole-table views ----------------------------------------------- */

struct chk_snap {
	u64 hash;
	struct axas_pt_stats stats;
	long tables;
};

static int chk_snap_visit(void *arg, const struct axas_pt_visit *v)
{
	u64 *h = arg;

	*h = (*h ^ axas_gpa_val(v->gpa)) * 0x100000001b3ULL;
	*h = (*h ^ v->raw) * 0x100000001b3ULL;
	*h = (*h ^ v->level) * 0x100000001b3ULL;
	return 0;
}

/* Everything an -ENOMEM must leave as it was. */
static void chk_snap(struct chk *c, struct chk_snap *s)
{
	memset(s, 0, sizeof(*s));
	s->hash = 0xcbf29ce484222325ULL;
	CHK(c, !axas_pt_walk(&c->pt, axas_gpa(0), c->limit, AXAS_PT_WALK_TABLES,
			     chk_snap_visit, &s->hash), "snapshot walk failed");
	s->stats = c->pt.stats;
	s->tables = c->uhal.tables;
}

static void chk_same(struct chk *c, const struct chk_snap *a)
{
	struct chk_snap b;

	chk_snap(c, &b);
	CHK(c, a->hash == b.hash, "the tables changed");
	CHK(c, !memcmp(&a->stats, &b.stats, sizeof(b.stats)),
	    "the counters changed");
	CHK(c, a->tables == b.tables, "table pages %ld, were %ld",
	    b.tables, a->tables);
}

static int chk_full_visit(void *arg, const struct axas_pt_visit *v)
{
	struct chk *c = arg;
	u64 gpa = axas_gpa_val(v->gpa), i;

	if (c->expect_child_level >= 0) {
		/* the entry after a table entry is its first child */
		CHK(c, (int)v->level == c->expect_child_level &&
		    gpa >= c->expect_child_lo && gpa < c->expect_child_hi,
		    "empty table at %#llx level %d", c->expect_child_lo,
		    c->expect_child_level + 1);
		c->expect_child_level = -1;
	}
	CHK(c, v->size == level_size(v->level) && IS_ALIGNED(gpa, v->size),
	    "visit %#llx size %#llx level %u", gpa, v->size, v->level);
	if (v->info.type == AXAS_PTE_TABLE) {
		CHK(c, v->level > 0, "table entry at level 0");
		c->tables++;
		c->expect_child_lo = gpa;
		c->expect_child_hi = gpa + v->size;
		c->expect_child_level = v->level - 1;
		return 0;
	}
	CHK(c, v->info.type == AXAS_PTE_LEAF, "visited an empty entry");
	CHK(c, v->level <= c->top, "leaf at level %u", v->level);
	CHK(c, gpa >= c->base && gpa + v->size <= c->base + WIN_SIZE,
	    "leaf %#llx outside the window", gpa);
	c->leaves[v->level]++;
	for (i = 0; i < v->size / SZ4K; i++) {
		u64 e = *ref_at(c, gpa + i * SZ4K);

		CHK(c, e & REF_VALID, "%#llx mapped, reference says not",
		    gpa + i * SZ4K);
		CHK(c, REF_HPA(e) == axas_hpa_val(v->info.pa) + i * SZ4K,
		    "%#llx maps %#llx, reference %#llx", gpa + i * SZ4K,
		    axas_hpa_val(v->info.pa) + i * SZ4K, REF_HPA(e));
		CHK(c, REF_FLAGS(e) == v->info.flags,
		    "%#llx flags %#x, reference %#x", gpa + i * SZ4K,
		    v->info.flags, REF_FLAGS(e));
		CHK(c, !!(e & REF_A) == v->info.accessed,
		    "%#llx accessed %d, reference %d", gpa + i * SZ4K,
		    v->info.accessed, !!(e & REF_A));
		CHK(c, !!(e & REF_D) == v->info.dirty,
		    "%#llx dirty %d, reference %d", gpa + i * SZ4K,
		    v->info.dirty, !!(e & REF_D));
	}
	c->pages += v->size / SZ4K;
	return 0;
}

/* The whole table against the reference and the HAL's counts. */
static void chk_full(struct chk *c)
{
	long root = 1L << c->pt.fmt.root_order;
	unsigned long valid = 0, l, wrong, counted;
	u64 i;

	memset(c->leaves, 0, sizeof(c->leaves));
	c->tables = 0;
	c->pages = 0;
	c->expect_child_level = -1;
	CHK(c, !axas_pt_walk(&c->pt, axas_gpa(0), c->limit, AXAS_PT_WALK_TABLES,
			     chk_full_visit, c), "full walk failed");
	CHK(c, c->expect_child_level < 0, "empty table at the end");
	for (i = 0; i < WIN_PAGES; i++)
		valid += c->ref[i] & REF_VALID;
	CHK(c, c->pages == valid, "%lu pages mapped, reference %lu",
	    c->pages, valid);
	for (l = 0; l < AXAS_MAX_LEVELS; l++)
		CHK(c, c->pt.stats.leaves[l] == c->leaves[l],
		    "stats: %lu leaves at level %lu, walk %lu",
		    c->pt.stats.leaves[l], l, c->leaves[l]);
	CHK(c, c->pt.stats.table_pages == root + c->tables,
	    "stats: %lu table pages, walk %lu + root %ld",
	    c->pt.stats.table_pages, c->tables, root);
	CHK(c, c->uhal.tables == (long)c->pt.stats.table_pages &&
	    atomic_long_read(&c->uhal.hal.nr_table_pages) == c->uhal.tables,
	    "HAL: %ld table pages, stats %lu", c->uhal.tables,
	    c->pt.stats.table_pages);
	/* a recount reads every entry of every table: one full check in 4 */
	if (c->nr % (4 * FULL_EVERY))
		return;
	wrong = axas_pt_check_counts(&c->pt, &counted);
	CHK(c, !wrong && counted == c->tables,
	    "live-entry counts: %lu of %lu tables wrong (walk %lu)", wrong,
	    counted, c->tables);
}

/* ---- operations ------------------------------------------------------ */

/* A random range of the window, in pages. */
static void chk_range(struct chk *c, u64 *first, u64 *n)
{
	u32 k = rnd(c, 16);

	if (k == 0) {
		*first = 0;
		*n = WIN_PAGES;
		return;
	}
	*first = rnd(c, WIN_PAGES);
	*n = 1 + rnd(c, k < 4 ? 300000 : k < 8 ? 4096 : 64);
	if (*first + *n > WIN_PAGES)
		*n = WIN_PAGES - *first;
}

static bool chk_any(struct chk *c, u64 first, u64 n)
{
	u64 i;

	for (i = first; i < first + n; i++)
		if (c->ref[i] & REF_VALID)
			return true;
	return false;
}

/* Maybe make one allocation of the next operation fail. */
static unsigned long chk_inject(struct chk *c, struct chk_snap *s)
{
	unsigned long nth = rnd(c, 8) == 0 ? 1 + rnd(c, 4) : 0;

	if (nth) {
		chk_snap(c, s);
		c->injected++;
	}
	axas_uhal_fail_nth(&c->uhal, nth);
	return nth;
}

/* After an injected failure: -ENOMEM exactly at the failed allocation. */
static bool chk_injected(struct chk *c, unsigned long nth, int ret,
			 const struct chk_snap *s)
{
	unsigned long allocs = c->uhal.nr_allocs;

	axas_uhal_fail_nth(&c->uhal, 0);
	if (!nth)
		return false;
	if (ret != -ENOMEM) {
		CHK(c, allocs < nth, "allocation %lu failed, yet %d", nth, ret);
		return false;
	}
	CHK(c, allocs == nth, "-ENOMEM after %lu allocations", allocs);
	chk_same(c, s);
	c->enomem++;
	return true;
}

static u32 chk_flags(struct chk *c)
{
	u32 flags = rnd(c, 64);

	if (rnd(c, 32) == 0)
		flags |= 1U << (6 + rnd(c, 26));	/* undefined bit */
	return flags;
}

static void chk_map(struct chk *c)
{
	unsigned long want_leaves[AXAS_MAX_LEVELS] = { 0 }, nth, l;
	u32 flags = chk_flags(c), opts = 0, k = rnd(c, 20);
	struct axas_pt_stats before = c->pt.stats;
	u64 first, n, gpa, hpa, i;
	struct chk_snap snap;
	int ret, want;

	if (k == 0) {				/* the whole window */
		first = 0;
		n = WIN_PAGES;
	} else if (k < 3) {			/* one of its two GiBs */
		first = rnd(c, 2) * (SZ1G / SZ4K);
		n = SZ1G / SZ4K;
	} else if (k < 9) {			/* 2 MiB-aligned pieces */
		n = (1 + rnd(c, 4)) * 512;
		first = rnd(c, (WIN_PAGES - n) / 512 + 1) * 512;
	} else {				/* pages anywhere */
		n = 1 + rnd(c, rnd(c, 4) ? 16 : 1100);
		first = rnd(c, WIN_PAGES - n + 1);
	}
	gpa = c->base + first * SZ4K;
	if (rnd(c, 2))	/* congruent modulo 1 GiB: huge leaves possible */
		hpa = (1 + rnd(c, 1024)) * SZ1G + (gpa & (SZ1G - 1));
	else
		hpa = rnd(c, 1ULL << 28) * SZ4K;
	if (rnd(c, 5) == 0)
		opts = AXAS_PT_NOHUGE;

	if (!chk_flags_ok(c, flags))
		want = -EINVAL;
	else if (chk_any(c, first, n))
		want = -EEXIST;
	else
		want = 0;
	nth = want ? 0 : chk_inject(c, &snap);
	ret = axas_pt_map(&c->pt, axas_gpa(gpa), axas_hpa(hpa), n * SZ4K,
			  flags, opts);
	if (chk_injected(c, nth, ret, &snap))
		return;
	CHK(c, ret == want, "map %#llx+%#llx -> %#llx flags %#x: %d, want %d",
	    gpa, n * SZ4K, hpa, flags, ret, want);
	if (ret) {
		CHK(c, !memcmp(&before, &c->pt.stats, sizeof(before)),
		    "a failed map changed the counters");
		return;
	}
	for (i = 0; i < n; i++)
		c->ref[first + i] = (hpa + i * SZ4K) |
				    (u64)flags << REF_FLAGS_SHIFT | REF_VALID |
				    (chk_a_on_encode(c, flags) ? REF_A : 0) |
				    (chk_d_on_encode(c, flags) ? REF_D : 0);
	chk_greedy(c, gpa, hpa, n * SZ4K, opts & AXAS_PT_NOHUGE, want_leaves);
	for (l = 0; l < AXAS_MAX_LEVELS; l++)
		CHK(c, c->pt.stats.leaves[l] - before.leaves[l] == want_leaves[l],
		    "map %#llx+%#llx -> %#llx opts %#x: %lu leaves at level %lu, want %lu",
		    gpa, n * SZ4K, hpa, opts,
		    c->pt.stats.leaves[l] - before.leaves[l], l, want_leaves[l]);
}

static void chk_removed(void *arg, axas_gpa_t gpa, axas_hpa_t hpa, u64 size)
{
	struct chk *c = arg;
	u64 g = axas_gpa_val(gpa), i;

	CHK(c, size == SZ4K || size == SZ2M || size == SZ1G,
	    "removed %#llx bytes", size);
	CHK(c, IS_ALIGNED(g, size) && g >= c->lo && g + size <= c->hi,
	    "removed %#llx+%#llx, outside [%#llx, %#llx)", g, size, c->lo,
	    c->hi);
	for (i = 0; i < size / SZ4K; i++) {
		u64 *e = ref_at(c, g + i * SZ4K);

		CHK(c, *e & REF_VALID, "removed %#llx twice or never mapped",
		    g + i * SZ4K);
		CHK(c, REF_HPA(*e) == axas_hpa_val(hpa) + i * SZ4K,
		    "removed %#llx as %#llx, reference %#llx", g + i * SZ4K,
		    axas_hpa_val(hpa) + i * SZ4K, REF_HPA(*e));
		*e = 0;
	}
	c->removed += size;
}

static void chk_unmap(struct chk *c)
{
	struct chk_snap snap;
	unsigned long nth;
	u64 first, n;
	int ret;

	chk_range(c, &first, &n);
	c->lo = c->base + first * SZ4K;
	c->hi = c->lo + n * SZ4K;
	c->removed = 0;
	nth = chk_inject(c, &snap);
	ret = axas_pt_unmap(&c->pt, axas_gpa(c->lo), n * SZ4K, chk_removed, c);
	if (chk_injected(c, nth, ret, &snap)) {
		CHK(c, !c->removed, "-ENOMEM after removing leaves");
		return;
	}
	CHK(c, !ret, "unmap %#llx+%#llx: %d", c->lo, n * SZ4K, ret);
	CHK(c, !chk_any(c, first, n), "unmap left a page unreported");
}

static void chk_protect(struct chk *c)
{
	u32 flags = chk_flags(c);
	struct chk_snap snap;
	unsigned long nth;
	u64 first, n, i;
	int ret, want;

	chk_range(c, &first, &n);
	want = chk_flags_ok(c, flags) ? 0 : -EINVAL;
	nth = want ? 0 : chk_inject(c, &snap);
	ret = axas_pt_protect(&c->pt, axas_gpa(c->base + first * SZ4K),
			      n * SZ4K, flags);
	if (chk_injected(c, nth, ret, &snap))
		return;
	CHK(c, ret == want, "protect %#llx+%#llx flags %#x: %d, want %d",
	    c->base + first * SZ4K, n * SZ4K, flags, ret, want);
	if (ret)
		return;
	for (i = first; i < first + n; i++) {
		u64 e = c->ref[i];

		if (!(e & REF_VALID) || REF_FLAGS(e) == flags)
			continue;	/* holes, and leaves already so */
		e = REF_HPA(e) | (e & (REF_A | REF_D | REF_VALID)) |
		    (u64)flags << REF_FLAGS_SHIFT;
		if (chk_a_on_encode(c, flags))
			e |= REF_A;
		if (chk_d_on_encode(c, flags))
			e |= REF_D;
		c->ref[i] = e;
	}
}

/* The leaf entry mapping @gpa, found by a walk of our own. */
static u64 *chk_find(struct chk *c, u64 gpa, unsigned int *level)
{
	const struct axas_fmt *f = &c->pt.fmt;
	u64 *table = axas_hal_phys_to_virt(&c->uhal.hal, c->pt.root);
	int l;

	for (l = f->top_level; l >= 0; l--) {
		unsigned int bits = l == (int)f->top_level ? f->root_index_bits : 9;
		u64 *pte = &table[(gpa >> (12 + 9 * l)) & ((1ULL << bits) - 1)];
		struct axas_pte_info info;

		f->ops->decode(f, *pte, l, &info);
		if (info.type == AXAS_PTE_NONE)
			return NULL;
		if (info.type == AXAS_PTE_LEAF) {
			*level = l;
			return pte;
		}
		table = axas_hal_phys_to_virt(&c->uhal.hal, info.pa);
	}
	return NULL;
}

static void chk_query(struct chk *c)
{
	u64 page = rnd(c, WIN_PAGES), off = rnd(c, SZ4K);
	u64 gpa = c->base + page * SZ4K + off, e = c->ref[page];
	struct axas_pt_entry q;
	unsigned int level;
	u64 *pte;
	int ret;

	ret = axas_pt_query(&c->pt, axas_gpa(gpa), &q);
	pte = chk_find(c, gpa, &level);
	if (!(e & REF_VALID)) {
		CHK(c, ret == -ENOENT && !pte, "query %#llx: %d, want -ENOENT",
		    gpa, ret);
		return;
	}
	CHK(c, !ret && pte, "query %#llx: %d", gpa, ret);
	CHK(c, axas_hpa_val(q.hpa) == REF_HPA(e) + off,
	    "query %#llx: %#llx, reference %#llx", gpa, axas_hpa_val(q.hpa),
	    REF_HPA(e) + off);
	CHK(c, q.flags == REF_FLAGS(e), "query %#llx: flags %#x, reference %#x",
	    gpa, q.flags, REF_FLAGS(e));
	CHK(c, q.level == level && q.raw == *pte &&
	    q.leaf_size == level_size(level) &&
	    axas_gpa_val(q.leaf_gpa) == ALIGN_DOWN(gpa, q.leaf_size) &&
	    axas_hpa_val(q.leaf_hpa) + (gpa - axas_gpa_val(q.leaf_gpa)) ==
	    axas_hpa_val(q.hpa), "query %#llx: leaf inconsistent", gpa);
}

/* What the hardware does on an access: set A (and D on a write). */
static void chk_touch(struct chk *c)
{
	u64 page = rnd(c, WIN_PAGES), e = c->ref[page], gpa, set, size, i;
	bool write = rnd(c, 2);
	unsigned int level;
	u64 *pte;

	if (!(e & REF_VALID) || !(REF_FLAGS(e) & RWX))
		return;		/* faults: the hardware sets nothing */
	gpa = c->base + page * SZ4K;
	pte = chk_find(c, gpa, &level);
	CHK(c, pte, "no leaf for mapped %#llx", gpa);
	set = c->pt.fmt.accessed_mask;
	write = write && (REF_FLAGS(e) & W) && c->pt.fmt.dirty_mask;
	if (write)
		set |= c->pt.fmt.dirty_mask;
	__atomic_fetch_or(pte, set, __ATOMIC_RELAXED);
	size = level_size(level);
	gpa = ALIGN_DOWN(gpa, size);
	for (i = 0; i < size / SZ4K; i++)
		*ref_at(c, gpa + i * SZ4K) |= REF_A | (write ? REF_D : 0);
}

static int chk_young_visit(void *arg, const struct axas_pt_visit *v)
{
	struct chk *c = arg;
	u64 gpa = axas_gpa_val(v->gpa), i;

	CHK(c, v->info.type == AXAS_PTE_LEAF && v->info.accessed,
	    "young: %#llx not an accessed leaf", gpa);
	CHK(c, gpa < c->hi && gpa + v->size > c->lo,
	    "young: %#llx outside the range", gpa);
	for (i = 0; i < v->size / SZ4K; i++) {
		u64 *e = ref_at(c, gpa + i * SZ4K);

		CHK(c, (*e & REF_VALID) && (*e & REF_A),
		    "young: %#llx reported, reference %#llx", gpa + i * SZ4K,
		    *e);
		*e &= ~(REF_A | (c->clear_dirty ? REF_D : 0));
	}
	return 0;
}

static void chk_young(struct chk *c)
{
	u64 first, n, i;

	chk_range(c, &first, &n);
	c->lo = c->base + first * SZ4K;
	c->hi = c->lo + n * SZ4K;
	c->clear_dirty = rnd(c, 2);
	CHK(c, !axas_pt_test_clear_young(&c->pt, axas_gpa(c->lo), n * SZ4K,
					 c->clear_dirty, chk_young_visit, c),
	    "test_clear_young failed");
	for (i = first; i < first + n; i++)
		CHK(c, !(c->ref[i] & REF_A), "young: %#llx not reported",
		    c->base + i * SZ4K);
}

static int chk_never(void *arg, const struct axas_pt_visit *v)
{
	return -EILSEQ;
}

/* Malformed or unreachable requests: the exact errno, nothing changed. */
static void chk_probe(struct chk *c)
{
	u64 gpa = c->base + rnd(c, WIN_PAGES) * SZ4K, top = c->limit - SZ4K;
	struct axas_pt_stats before = c->pt.stats;
	long tables = c->uhal.tables;
	struct axas_pt *pt = &c->pt;
	struct axas_pt_entry q;
	u32 k = rnd(c, 17);
	int ret, want;

	switch (k) {
	case 0:
		ret = axas_pt_map(pt, axas_gpa(gpa + 0x800), axas_hpa(0), SZ4K, R, 0);
		want = -EINVAL;
		break;
	case 1:
		ret = axas_pt_map(pt, axas_gpa(gpa), axas_hpa(0), 0, R, 0);
		want = -EINVAL;
		break;
	case 2:
		ret = axas_pt_map(pt, axas_gpa(gpa), axas_hpa(0), 0x1800, R, 0);
		want = -EINVAL;
		break;
	case 3:
		ret = axas_pt_map(pt, axas_gpa(gpa), axas_hpa(0x1234), SZ4K, R, 0);
		want = -EINVAL;
		break;
	case 4:
		ret = axas_pt_map(pt, axas_gpa(gpa), axas_hpa(0), SZ4K, R, 2);
		want = -EINVAL;
		break;
	case 5:		/* wraps past 2^64 */
		ret = axas_pt_map(pt, axas_gpa(~0ULL - 0xfff), axas_hpa(0),
				  2 * SZ4K, R, 0);
		want = -EINVAL;
		break;
	case 6:		/* crosses the format's limit */
		ret = axas_pt_map(pt, axas_gpa(top), axas_hpa(0), 2 * SZ4K, R, 0);
		want = -ERANGE;
		break;
	case 7:
		ret = axas_pt_map(pt, axas_gpa(c->limit), axas_hpa(0), SZ4K, R, 0);
		want = -ERANGE;
		break;
	case 8:		/* an HPA the entries cannot hold */
		ret = axas_pt_map(pt, axas_gpa(gpa), axas_hpa(c->pa_limit - SZ4K),
				  2 * SZ4K, R, 0);
		want = -ERANGE;
		break;
	case 9:
		ret = axas_pt_unmap(pt, axas_gpa(top), 2 * SZ4K, chk_removed, c);
		want = -ERANGE;
		break;
	case 10:
		ret = axas_pt_protect(pt, axas_gpa(top), 2 * SZ4K, R);
		want = -ERANGE;
		break;
	case 11:
		ret = axas_pt_query(pt, axas_gpa(c->limit + rnd(c, SZ4K)), &q);
		want = -ERANGE;
		break;
	case 12:
		ret = axas_pt_query(pt, axas_gpa(~0ULL), &q);
		want = -ERANGE;
		break;
	case 13:
		ret = axas_pt_walk(pt, axas_gpa(c->limit), SZ4K, 0, chk_never, c);
		want = -ERANGE;
		break;
	case 14:
		ret = axas_pt_protect(pt, axas_gpa(gpa), SZ4K, 0x40 | R);
		want = -EINVAL;
		break;
	case 15:
		ret = axas_pt_unmap(pt, axas_gpa(gpa + 8), SZ4K, chk_removed, c);
		want = -EINVAL;
		break;
	default:
		ret = axas_pt_walk(pt, axas_gpa(gpa), SZ4K, 0x100, chk_never, c);
		want = -EINVAL;
		break;
	}
	CHK(c, ret == want, "probe %u: %d, want %d", k, ret, want);
	CHK(c, !memcmp(&before, &c->pt.stats, sizeof(before)) &&
	    tables == c->uhal.tables, "probe %u changed the table", k);
}

static void chk_clear(struct chk *c)
{
	c->lo = c->base;
	c->hi = c->base + WIN_SIZE;
	c->removed = 0;
	CHK(c, !axas_pt_unmap(&c->pt, axas_gpa(c->base), WIN_SIZE, chk_removed,
			      c), "unmapping the window failed");
	CHK(c, !chk_any(c, 0, WIN_PAGES), "unmap left pages unreported");
	CHK(c, c->pt.stats.table_pages == 1UL << c->pt.fmt.root_order &&
	    c->uhal.tables == 1L << c->pt.fmt.root_order,
	    "tables left after unmapping everything");
}

static enum chk_op chk_pick(struct chk *c)
{
	u32 k = rnd(c, 1000);

	if (k < 300)
		return OP_MAP;
	if (k < 480)
		return OP_UNMAP;
	if (k < 600)
		return OP_PROTECT;
	if (k < 800)
		return OP_QUERY;
	if (k < 850)
		return OP_YOUNG;
	if (k < 950)
		return OP_TOUCH;
	if (k < 997)
		return OP_PROBE;
	return OP_CLEAR;
}

static void chk_one(struct chk *c, enum chk_op op)
{
	switch (op) {
	case OP_MAP:
		chk_map(c);
		break;
	case OP_UNMAP:
		chk_unmap(c);
		break;
	case OP_PROTECT:
		chk_protect(c);
		break;
	case OP_QUERY:
		chk_query(c);
		break;
	case OP_YOUNG:
		chk_young(c);
		break;
	case OP_TOUCH:
		chk_touch(c);
		break;
	case OP_PROBE:
		chk_probe(c);
		break;
	default:
		chk_clear(c);
		break;
	}
}

/**
 * axas_check_run() - run the differential check on one format instance
 * @fi: the format
 * @where: where the window lies in its address space
 * @src: the choices (seeded generator or fuzzer input)
 * @nops: operations to run (a fuzzer input may end the run earlier)
 * @summary: where to write a one-line summary (may be NULL)
 * @len: size of @summary
 *
 * Aborts the program on the first disagreement, after printing it.
 *
 * Return: the number of operations run.
 */
unsigned long axas_check_run(const struct axas_fmt_inst *fi,
			     enum axas_where where, struct axas_src *src,
			     unsigned long nops, char *summary, size_t len)
{
	struct chk *c = calloc(1, sizeof(*c));
	unsigned long done;

	if (!c)
		abort();
	c->fi = fi;
	c->where = where;
	c->src = src;
	c->ref = calloc(WIN_PAGES, sizeof(u64));
	if (!c->ref)
		abort();
	axas_uhal_init(&c->uhal);
	CHK(c, !axas_pt_init(&c->pt, fi->id, fi->bits, &c->uhal.hal),
	    "axas_pt_init failed");
	c->limit = 1ULL << c->pt.fmt.gpa_bits;
	c->pa_limit = 1ULL << c->pt.fmt.pa_bits;
	c->top = c->pt.fmt.top_level < 2 ? c->pt.fmt.top_level : 2;
	if (where == AXAS_WIN_TOP)
		c->base = c->limit - WIN_SIZE;
	else if (where == AXAS_WIN_MID)
		c->base = (1 + rnd(c, c->limit / SZ1G - 3)) * SZ1G;
	chk_full(c);

	while (c->nr < nops && !src->done) {
		enum chk_op op = chk_pick(c);

		chk_one(c, op);
		c->ops[op]++;
		c->nr++;
		if (c->nr % FULL_EVERY == 0)
			chk_full(c);
	}
	chk_full(c);
	chk_clear(c);
	axas_pt_destroy(&c->pt, NULL, NULL);
	CHK(c, !c->uhal.tables && !atomic_long_read(&c->uhal.hal.nr_table_pages),
	    "%ld table pages leaked", c->uhal.tables);
	if (summary) {
		int n = snprintf(summary, len, "base %#llx:", c->base);
		unsigned int i;

		for (i = 0; i < OP_NR && n > 0 && (size_t)n < len; i++)
			n += snprintf(summary + n, len - n, " %s %lu",
				      chk_op_names[i], c->ops[i]);
		if (n > 0 && (size_t)n < len)
			snprintf(summary + n, len - n,
				 ", %lu failures injected, %lu hit",
				 c->injected, c->enomem);
	}
	done = c->nr;
	free(c->ref);
	free(c);
	return done;
}
