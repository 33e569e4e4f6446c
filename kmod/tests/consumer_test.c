// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the invalidation contract: a recording consumer checks,
 * at each callback, what the tables and the fake HAL look like, so that
 * the order entries written -> flush -> free is asserted, with the exact
 * flushed ranges, for each change of a space.
 */
#include <kunit/test.h>
#include "formats.h"
#include "space_ctx.h"
#include "suite.h"

#define SZ4K	0x1000ULL
#define SZ2M	0x200000ULL
#define SZ1G	0x40000000ULL
#define RW	(AXAS_MAP_READ | AXAS_MAP_WRITE)

#define AXAS_REC_MAX	8

/**
 * struct axas_rec_event - one callback as the recording consumer saw it
 * @what: 'r' flush_range, 'a' flush_all, 'x' release
 * @gpa: flush_range: first GPA
 * @size: flush_range: bytes
 * @frames: live data frames of the fake HAL at that moment
 * @table_pages: live table pages of the fake HAL at that moment
 * @query: axas_pt_query() of @gpa at that moment
 */
struct axas_rec_event {
	char what;
	u64 gpa;
	u64 size;
	long frames;
	long table_pages;
	int query;
};

struct axas_rec {
	struct axas_consumer c;
	struct axas_test_space *ts;
	unsigned int n;
	struct axas_rec_event ev[AXAS_REC_MAX];
};

static void axas_rec_add(struct axas_consumer *c, char what, u64 gpa,
			 u64 size)
{
	struct axas_rec *r = container_of(c, struct axas_rec, c);
	struct axas_pt_entry e;
	struct axas_rec_event *ev;

	if (r->n == AXAS_REC_MAX)
		return;
	ev = &r->ev[r->n++];
	*ev = (struct axas_rec_event){
		.what = what, .gpa = gpa, .size = size,
		.frames = r->ts->fake->frames,
		.table_pages = r->ts->fake->table_pages,
		.query = axas_pt_query(&r->ts->as->pt, axas_gpa(gpa), &e),
	};
}

static void axas_rec_flush_range(struct axas_consumer *c, u64 gpa, u64 size)
{
	axas_rec_add(c, 'r', gpa, size);
}

static void axas_rec_flush_all(struct axas_consumer *c)
{
	axas_rec_add(c, 'a', 0, 0);
}

static void axas_rec_release(struct axas_consumer *c)
{
	axas_rec_add(c, 'x', 0, 0);
}

static const struct axas_consumer_ops axas_rec_ops = {
	.flush_range = axas_rec_flush_range,
	.flush_all = axas_rec_flush_all,
	.release = axas_rec_release,
};

/* A 4 GiB space in the case's format, with a recording consumer. */
static struct axas_rec *axas_rec_new(struct kunit *test)
{
	struct axas_rec *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, r);
	r->ts = axas_test_space_new(test, 0, 4 * SZ1G);
	r->c.ops = &axas_rec_ops;
	return r;
}

static void axas_rec_register(struct kunit *test, struct axas_rec *r)
{
	KUNIT_ASSERT_EQ(test, 0,
			axas_space_register_consumer(r->ts->as, &r->c));
}

static void axas_rec_expect(struct kunit *test, const struct axas_rec *r,
			    unsigned int i, char what, u64 gpa, u64 size)
{
	KUNIT_ASSERT_GT(test, r->n, i);
	KUNIT_EXPECT_EQ(test, r->ev[i].what, what);
	KUNIT_EXPECT_EQ(test, r->ev[i].gpa, gpa);
	KUNIT_EXPECT_EQ(test, r->ev[i].size, size);
}

/* Unmap of one page: entry gone at the flush, frame freed only after. */
static void axas_rec_unmap_page(struct kunit *test)
{
	struct axas_rec *r = axas_rec_new(test);
	struct axas_space *as = r->ts->as;

	KUNIT_ASSERT_EQ(test, 0, axas_space_map_alloc(as, axas_gpa(0x10000),
						      4 * SZ4K, RW, true));
	axas_rec_register(test, r);
	KUNIT_ASSERT_EQ(test, 0, axas_space_unmap(as, axas_gpa(0x11000), SZ4K));
	KUNIT_EXPECT_EQ(test, r->n, 1U);
	axas_rec_expect(test, r, 0, 'r', 0x11000, SZ4K);
	KUNIT_EXPECT_EQ(test, r->ev[0].query, -ENOENT);
	KUNIT_EXPECT_EQ(test, r->ev[0].frames, 4L);
	KUNIT_EXPECT_EQ(test, r->ts->fake->frames, 3L);
}

/* Emptied table pages are unlinked before the flush, freed after it. */
static void axas_rec_unmap_tables(struct kunit *test)
{
	struct axas_rec *r = axas_rec_new(test);
	struct axas_space *as = r->ts->as;

	KUNIT_ASSERT_EQ(test, 0, axas_space_map_alloc(as, axas_gpa(0x10000),
						      4 * SZ4K, RW, true));
	axas_rec_register(test, r);
	KUNIT_ASSERT_GT(test, r->ts->fake->table_pages, r->ts->root_pages);
	KUNIT_ASSERT_EQ(test, 0, axas_space_unmap(as, axas_gpa(0x10000),
						  4 * SZ4K));
	KUNIT_EXPECT_EQ(test, r->n, 1U);
	axas_rec_expect(test, r, 0, 'r', 0x10000, 4 * SZ4K);
	KUNIT_EXPECT_GT(test, r->ev[0].table_pages, r->ts->root_pages);
	KUNIT_EXPECT_EQ(test, r->ev[0].frames, 4L);
	KUNIT_EXPECT_EQ(test, r->ts->fake->table_pages, r->ts->root_pages);
	KUNIT_EXPECT_EQ(test, r->ts->fake->frames, 0L);
}

/*
 * A page cut out of a 1 GiB leaf: the block is flushed whole.  Formats
 * that need break-before-make flush each block being split at once (the
 * 1 GiB one, then the 2 MiB one), before the table replaces it.
 */
static void axas_rec_unmap_in_1g(struct kunit *test)
{
	struct axas_rec *r = axas_rec_new(test);
	struct axas_space *as = r->ts->as;
	u64 page = SZ1G + SZ2M + SZ4K;
	unsigned int last;
	long tables;

	KUNIT_ASSERT_EQ(test, 0, axas_space_map_linear(as, axas_gpa(SZ1G),
						       axas_hpa(SZ1G), SZ1G,
						       RW, 0));
	axas_rec_register(test, r);
	tables = r->ts->fake->table_pages;
	KUNIT_ASSERT_EQ(test, 0, axas_space_unmap(as, axas_gpa(page), SZ4K));
	if (as->pt.fmt.bbm) {
		KUNIT_EXPECT_EQ(test, r->n, 3U);
		axas_rec_expect(test, r, 0, 'r', SZ1G, SZ1G);
		KUNIT_EXPECT_EQ(test, r->ev[0].query, -ENOENT);
		axas_rec_expect(test, r, 1, 'r', SZ1G + SZ2M, SZ2M);
		KUNIT_EXPECT_EQ(test, r->ev[1].query, -ENOENT);
		last = 2;
	} else {
		KUNIT_EXPECT_EQ(test, r->n, 1U);
		last = 0;
	}
	axas_rec_expect(test, r, last, 'r', SZ1G, SZ1G);
	/* the rest of the block is still mapped: its first page answers */
	KUNIT_EXPECT_EQ(test, r->ev[last].query, 0);
	/* two splits: the 1 GiB block, then the 2 MiB one */
	KUNIT_EXPECT_EQ(test, r->ts->fake->table_pages, tables + 2);
}

/* A downgrade is flushed with the new entries in place; an upgrade not. */
static void axas_rec_protect(struct kunit *test)
{
	struct axas_rec *r = axas_rec_new(test);
	struct axas_space *as = r->ts->as;
	struct axas_pt_entry e;

	KUNIT_ASSERT_EQ(test, 0, axas_space_map_alloc(as, axas_gpa(SZ2M), SZ2M,
						      RW, true));
	axas_rec_register(test, r);
	KUNIT_ASSERT_EQ(test, 0, axas_space_protect(as, axas_gpa(SZ2M), SZ2M,
						    AXAS_MAP_READ));
	KUNIT_EXPECT_EQ(test, r->n, 1U);
	axas_rec_expect(test, r, 0, 'r', SZ2M, SZ2M);
	KUNIT_ASSERT_EQ(test, 0, axas_pt_query(&as->pt, axas_gpa(SZ2M), &e));
	KUNIT_EXPECT_EQ(test, e.flags, AXAS_MAP_READ);

	KUNIT_ASSERT_EQ(test, 0, axas_space_protect(as, axas_gpa(SZ2M), SZ2M,
						    RW));
	KUNIT_EXPECT_EQ(test, r->n, 1U);
}

/* Clear flushes the whole space once, before any frame is freed. */
static void axas_rec_clear(struct kunit *test)
{
	struct axas_rec *r = axas_rec_new(test);
	struct axas_space *as = r->ts->as;

	KUNIT_ASSERT_EQ(test, 0, axas_space_map_alloc(as, axas_gpa(0), 2 * SZ4K,
						      RW, true));
	axas_rec_register(test, r);
	axas_space_clear(as);
	KUNIT_EXPECT_EQ(test, r->n, 1U);
	axas_rec_expect(test, r, 0, 'a', 0, 0);
	KUNIT_EXPECT_EQ(test, r->ev[0].frames, 2L);
	KUNIT_EXPECT_EQ(test, r->ts->fake->frames, 0L);

	/* nothing mapped: nothing to flush */
	axas_space_clear(as);
	KUNIT_EXPECT_EQ(test, r->n, 1U);
}

/* Destroy releases the consumer before anything is unmapped or freed. */
static void axas_rec_destroy(struct kunit *test)
{
	struct axas_rec *r = axas_rec_new(test);
	struct axas_space *as = r->ts->as;

	KUNIT_ASSERT_EQ(test, 0, axas_space_map_alloc(as, axas_gpa(0), 2 * SZ4K,
						      RW, true));
	axas_rec_register(test, r);
	axas_space_destroy(as);
	r->ts->as = NULL;
	KUNIT_EXPECT_EQ(test, r->n, 1U);
	KUNIT_EXPECT_EQ(test, r->ev[0].what, 'x');
	KUNIT_EXPECT_EQ(test, r->ev[0].frames, 2L);
	KUNIT_EXPECT_EQ(test, r->ts->fake->frames, 0L);
	KUNIT_EXPECT_EQ(test, r->ts->fake->table_pages, 0L);
}

/* A lazy fault only adds a translation: nobody is flushed. */
static void axas_rec_fault(struct kunit *test)
{
	struct axas_rec *r = axas_rec_new(test);
	struct axas_space *as = r->ts->as;

	KUNIT_ASSERT_EQ(test, 0, axas_space_map_alloc(as, axas_gpa(0), 2 * SZ4K,
						      RW, false));
	axas_rec_register(test, r);
	KUNIT_ASSERT_EQ(test, 0, axas_space_handle_fault(as, axas_gpa(SZ4K),
							 AXAS_MAP_WRITE));
	KUNIT_EXPECT_EQ(test, r->ts->fake->frames, 1L);
	KUNIT_EXPECT_EQ(test, r->n, 0U);
}

/* Once unregistered, a consumer hears nothing; incomplete ops refused. */
static void axas_rec_unregister(struct kunit *test)
{
	static const struct axas_consumer_ops partial = {
		.flush_range = axas_rec_flush_range,
	};
	struct axas_rec *r = axas_rec_new(test);
	struct axas_space *as = r->ts->as;
	struct axas_consumer bad = { .ops = &partial };

	KUNIT_EXPECT_EQ(test, -EINVAL, axas_space_register_consumer(as, &bad));
	KUNIT_ASSERT_EQ(test, 0, axas_space_map_alloc(as, axas_gpa(0), SZ4K,
						      RW, true));
	axas_rec_register(test, r);
	axas_space_unregister_consumer(as, &r->c);
	KUNIT_ASSERT_EQ(test, 0, axas_space_unmap(as, axas_gpa(0), SZ4K));
	KUNIT_EXPECT_EQ(test, r->n, 0U);
}

static void axas_rec_zap(void *priv, u64 start, u64 end)
{
	(*(unsigned int *)priv)++;
}

/*
 * A consumer that holds a reference outlives the owner: its release comes
 * first, a late registration is refused, and its last put frees the space
 * without calling back into the gone owner (the zap callback).
 */
static void axas_rec_last_reference(struct kunit *test)
{
	struct axas_rec *r = axas_rec_new(test);
	struct axas_space *as = r->ts->as;
	struct axas_consumer late = { .ops = &axas_rec_ops };
	unsigned int zaps = 0;

	axas_space_set_zap(as, axas_rec_zap, &zaps);
	KUNIT_ASSERT_EQ(test, 0, axas_space_map_alloc(as, axas_gpa(0), SZ4K,
						      RW, true));
	axas_rec_register(test, r);
	axas_space_get(as);
	axas_space_destroy(as);
	r->ts->as = NULL;
	KUNIT_EXPECT_EQ(test, r->n, 1U);
	KUNIT_EXPECT_EQ(test, r->ev[0].what, 'x');
	KUNIT_EXPECT_EQ(test, zaps, 1U);
	KUNIT_EXPECT_EQ(test, r->ts->fake->frames, 0L);
	/* the root is still there for the consumer */
	KUNIT_EXPECT_EQ(test, r->ts->fake->table_pages, r->ts->root_pages);
	KUNIT_EXPECT_EQ(test, -ENODEV, axas_space_register_consumer(as, &late));
	/* unregistering a released consumer is harmless */
	axas_space_unregister_consumer(as, &r->c);
	axas_space_put(as);
	KUNIT_EXPECT_EQ(test, zaps, 1U);
	KUNIT_EXPECT_EQ(test, r->ts->fake->table_pages, 0L);
	KUNIT_EXPECT_EQ(test, r->n, 1U);
}

/*
 * Unlinked table pages wait for the free chained through their first
 * word: a page-aligned host address, which must read as an invalid entry
 * at every level of every format.
 */
static void axas_rec_chain_word(struct kunit *test)
{
	struct axas_pte_info info;
	unsigned int i, level;
	struct axas_fmt f;

	for (i = 0; i < AXAS_TF_NR; i++) {
		KUNIT_ASSERT_EQ(test, 0, axas_fmt_init(&f, axas_test_fmts[i].id,
						       axas_test_fmts[i].gpa_bits));
		for (level = 0; level <= f.top_level; level++) {
			f.ops->decode(&f, 0x000fedcba9876000ULL, level, &info);
			KUNIT_EXPECT_EQ_MSG(test, info.type, AXAS_PTE_NONE,
					    "%s level %u",
					    axas_test_fmts[i].name, level);
		}
	}
}

AXAS_KUNIT_SUITE(axas_consumer,
		 KUNIT_CASE_PARAM(axas_rec_unmap_page,
				  axas_test_fmt_family_gen_params),
		 KUNIT_CASE_PARAM(axas_rec_unmap_tables,
				  axas_test_fmt_family_gen_params),
		 KUNIT_CASE_PARAM(axas_rec_unmap_in_1g,
				  axas_test_fmt_family_gen_params),
		 KUNIT_CASE_PARAM(axas_rec_protect,
				  axas_test_fmt_family_gen_params),
		 KUNIT_CASE_PARAM(axas_rec_clear,
				  axas_test_fmt_family_gen_params),
		 KUNIT_CASE_PARAM(axas_rec_destroy,
				  axas_test_fmt_family_gen_params),
		 KUNIT_CASE_PARAM(axas_rec_fault,
				  axas_test_fmt_family_gen_params),
		 KUNIT_CASE_PARAM(axas_rec_unregister,
				  axas_test_fmt_family_gen_params),
		 KUNIT_CASE_PARAM(axas_rec_last_reference,
				  axas_test_fmt_family_gen_params),
		 KUNIT_CASE(axas_rec_chain_word));
