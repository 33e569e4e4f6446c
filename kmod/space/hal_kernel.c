// SPDX-License-Identifier: GPL-2.0
/*
 * The HAL ops of every space outside the tests: data frames and table
 * pages from the page allocator, charged to the caller's memory cgroup,
 * reached through the direct map.  Module-wide live counts feed GET_INFO.
 */
#include <linux/atomic.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/memcontrol.h>
#include <linux/mm.h>
#include <linux/minmax.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include "space.h"
#include "../compat.h"
#include "../pgtable/export.h"

static atomic_long_t axas_global_frames = ATOMIC_LONG_INIT(0);
static atomic_long_t axas_global_table_pages = ATOMIC_LONG_INIT(0);

/*
 * Guest memory and tables are charged to the memory cgroup in @hal->priv
 * (the space's creator's; NULL: the caller's).  Past the cgroup's limit
 * an allocation fails with -ENOMEM instead of OOM-killing someone in it
 * (__GFP_RETRY_MAYFAIL): the VMM gets an error it can report.
 */
static struct page *axas_default_pages(struct axas_hal *hal, gfp_t gfp,
				       unsigned int order)
{
	struct mem_cgroup *old = set_active_memcg(hal->priv);
	struct page *page;

	page = alloc_pages(gfp | GFP_KERNEL_ACCOUNT | __GFP_RETRY_MAYFAIL |
			   __GFP_NOWARN, order);
	set_active_memcg(old);
	return page;
}

static int axas_default_alloc_frame(struct axas_hal *hal, bool zero,
				    axas_hpa_t *pa)
{
	struct page *page;

	page = axas_default_pages(hal, zero ? __GFP_ZERO : 0, 0);
	if (!page)
		return -ENOMEM;
	*pa = axas_hpa(page_to_phys(page));
	atomic_long_inc(&axas_global_frames);
	return 0;
}

static void axas_default_dealloc_frame(struct axas_hal *hal, axas_hpa_t pa)
{
	__free_page(pfn_to_page(PHYS_PFN(axas_hpa_val(pa))));
	atomic_long_dec(&axas_global_frames);
}

/* Pages taken from the bulk allocator per call (an array on the stack). */
#define AXAS_BULK	32

/*
 * The bulk allocator, with the same flags as single frames.  (Where memory
 * cgroups account kernel memory, it hands out one page per call for
 * __GFP_ACCOUNT: the frames are still charged, just not faster.)
 */
static int axas_default_alloc_frames(struct axas_hal *hal, bool zero,
				     axas_hpa_t *pa, unsigned int n)
{
	gfp_t gfp = GFP_KERNEL_ACCOUNT | __GFP_RETRY_MAYFAIL | __GFP_NOWARN |
		    (zero ? __GFP_ZERO : 0);
	struct mem_cgroup *old = set_active_memcg(hal->priv);
	unsigned int done = 0, got, i;

	/*
	 * With kernel memory accounting on, the bulk allocator hands out one
	 * page per call for __GFP_ACCOUNT: the charge to the creator's
	 * cgroup matters more than the batching.
	 */
	while (done < n) {
		struct page *pages[AXAS_BULK] = {};
		unsigned int want = min(n - done, AXAS_BULK);

		got = axas_alloc_pages_bulk(gfp, want, pages);
		for (i = 0; i < got; i++)
			pa[done + i] = axas_hpa(page_to_phys(pages[i]));
		done += got;
		/* fewer than asked is the allocator's choice, none a failure */
		if (!got)
			goto err;
	}
	set_active_memcg(old);
	atomic_long_add(n, &axas_global_frames);
	return 0;
err:
	set_active_memcg(old);
	while (done--)
		__free_page(pfn_to_page(PHYS_PFN(axas_hpa_val(pa[done]))));
	return -ENOMEM;
}

/*
 * A 2 MiB block only when the allocator has one free: GFP_KERNEL_ACCOUNT
 * without __GFP_DIRECT_RECLAIM, so the call neither reclaims nor compacts
 * (direct compaction runs only for callers that may reclaim; kswapd and
 * kcompactd are still woken for the next one), __GFP_NORETRY for the
 * memory cgroup's charge (over its limit the block is refused instead of
 * reclaimed for), __GFP_NOMEMALLOC to leave the reserves alone and
 * __GFP_NOWARN since a refusal is expected: the caller falls back to
 * 4 KiB frames.  Charged like 4 KiB frames (__GFP_ACCOUNT, the same
 * cgroup).  Not compound (no __GFP_COMP): split_page() turns it into
 * AXAS_HUGE_FRAMES order-0 pages, each with its own count and its share
 * of the charge, so that every free path of 4 KiB frames (a split 2 MiB
 * leaf, the space's mmap, destroy) works on its parts unchanged.
 */
static int axas_default_alloc_huge(struct axas_hal *hal, axas_hpa_t *pa)
{
	gfp_t gfp = (GFP_KERNEL_ACCOUNT & ~__GFP_DIRECT_RECLAIM) |
		    __GFP_NORETRY | __GFP_NOMEMALLOC | __GFP_NOWARN |
		    __GFP_ZERO;
	struct mem_cgroup *old = set_active_memcg(hal->priv);
	struct page *page;

	page = alloc_pages(gfp, AXAS_HUGE_ORDER);
	set_active_memcg(old);
	if (!page)
		return -ENOMEM;
	split_page(page, AXAS_HUGE_ORDER);
	*pa = axas_hpa(page_to_phys(page));
	atomic_long_add(AXAS_HUGE_FRAMES, &axas_global_frames);
	return 0;
}

static int axas_default_alloc_table(struct axas_hal *hal, unsigned int order,
				    axas_hpa_t *pa)
{
	struct page *page;

	page = axas_default_pages(hal, __GFP_ZERO, order);
	if (!page)
		return -ENOMEM;
	*pa = axas_hpa(page_to_phys(page));
	atomic_long_add(1L << order, &axas_global_table_pages);
	return 0;
}

static void axas_default_free_table(struct axas_hal *hal, axas_hpa_t pa,
				    unsigned int order)
{
	__free_pages(pfn_to_page(PHYS_PFN(axas_hpa_val(pa))), order);
	atomic_long_sub(1L << order, &axas_global_table_pages);
}

static void axas_default_free_rcu(struct rcu_head *head)
{
	struct page *page = container_of(head, struct page, rcu_head);

	__free_page(page);
}

static void axas_default_free_table_deferred(struct axas_hal *hal,
					     axas_hpa_t pa, unsigned int order)
{
	struct page *page = pfn_to_page(PHYS_PFN(axas_hpa_val(pa)));

	/* only single pages are unlinked from a live table (never a root) */
	if (WARN_ON_ONCE(order)) {
		synchronize_rcu();
		axas_default_free_table(hal, pa, order);
		return;
	}
	/* counted as freed now: what is left is the grace period */
	atomic_long_dec(&axas_global_table_pages);
	call_rcu(&page->rcu_head, axas_default_free_rcu);
}

static void *axas_default_phys_to_virt(struct axas_hal *hal, axas_hpa_t pa)
{
	return phys_to_virt(axas_hpa_val(pa));
}

/**
 * axas_hal_memcg_get() - the memory cgroup a new space is charged to
 * @ops: the space's memory operations
 *
 * Return: the caller's memory cgroup, referenced, for the default
 * operations (their private data); NULL for any others.
 */
struct mem_cgroup *axas_hal_memcg_get(const struct axas_hal_ops *ops)
{
	return ops == &axas_default_hal_ops ?
	       get_mem_cgroup_from_mm(current->mm) : NULL;
}

/**
 * axas_hal_memcg_put() - drop what axas_hal_memcg_get() returned
 * @memcg: the cgroup, or NULL
 */
void axas_hal_memcg_put(struct mem_cgroup *memcg)
{
	mem_cgroup_put(memcg);
}

/* The engine's per-table word: the private field of the table's page. */
static unsigned long *axas_default_table_count(struct axas_hal *hal,
					       axas_hpa_t pa)
{
	return &pfn_to_page(PHYS_PFN(axas_hpa_val(pa)))->private;
}

const struct axas_hal_ops axas_default_hal_ops = {
	.alloc_frame = axas_default_alloc_frame,
	.dealloc_frame = axas_default_dealloc_frame,
	.alloc_frames = axas_default_alloc_frames,
	.alloc_huge = axas_default_alloc_huge,
	.alloc_table = axas_default_alloc_table,
	.free_table = axas_default_free_table,
	.free_table_deferred = axas_default_free_table_deferred,
	.phys_to_virt = axas_default_phys_to_virt,
	.table_count = axas_default_table_count,
	.linear = true,
};
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_default_hal_ops);

/**
 * axas_hal_global_frames() - live data frames of the default HAL
 *
 * Return: frames allocated through axas_default_hal_ops and not yet freed,
 * over every address space of the module.
 */
long axas_hal_global_frames(void)
{
	return atomic_long_read(&axas_global_frames);
}
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_hal_global_frames);

/**
 * axas_hal_global_table_pages() - live table pages of the default HAL
 *
 * Return: table pages (4 KiB units) allocated and not yet freed.
 */
long axas_hal_global_table_pages(void)
{
	return atomic_long_read(&axas_global_table_pages);
}
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_hal_global_table_pages);
