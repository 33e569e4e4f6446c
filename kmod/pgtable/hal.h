/* SPDX-License-Identifier: GPL-2.0 */
/*
 * HAL: how the page-table engine and the address space reach memory
 * (the seed's AxMmHal), as an ops table in the manner of arm64's
 * struct kvm_pgtable_mm_ops.  The engine and the formats touch memory only
 * through these wrappers, so KUnit can substitute a fake allocator that
 * records every allocation and fails the Nth.
 *
 * Two kinds of memory are distinguished and counted separately:
 *  - data frames: single 4 KiB pages handed to a guest (alloc backend);
 *  - table pages: naturally aligned, zeroed blocks of 2^order pages holding
 *    page-table entries (order > 0 only for roots: RISC-V x4 and arm64
 *    concatenated stage-2 roots).
 */
#ifndef _AXAS_PGTABLE_HAL_H
#define _AXAS_PGTABLE_HAL_H

#include <linux/atomic.h>
#include <linux/bits.h>
#include "types.h"

struct axas_hal;

/* 4 KiB frames in one 2 MiB block of alloc_huge, and its page order */
#define AXAS_HUGE_ORDER		9
#define AXAS_HUGE_FRAMES	BIT(AXAS_HUGE_ORDER)

/**
 * struct axas_hal_ops - memory operations supplied by the environment
 * @alloc_frame: allocate one 4 KiB data frame, zeroed when @zero is true;
 *	store its host physical address in @pa.  Return 0 or -ENOMEM.
 * @dealloc_frame: free a frame returned by @alloc_frame.
 * @alloc_frames: allocate @n frames as @alloc_frame does, into @pa[0..@n),
 *	all of them or none (-ENOMEM); in one go where the allocator can (the
 *	kernel's bulk allocator); may be NULL, then @alloc_frame is called
 *	@n times
 * @alloc_huge: allocate AXAS_HUGE_FRAMES zeroed frames in one block,
 *	naturally aligned to 2 MiB, into @pa (the first one's address), or
 *	refuse with -ENOMEM at once: no reclaim, no compaction stall (the
 *	caller falls back to 4 KiB frames).  Each 4 KiB part of the block is
 *	an independent frame afterwards, freed alone by @dealloc_frame (an
 *	unmap that splits the block's 2 MiB leaf frees its parts one by one).
 *	May be NULL: never huge.
 * @alloc_table: allocate 2^@order zeroed pages aligned to their size for
 *	page-table use.  Return 0 or -ENOMEM.
 * @free_table: free a block returned by @alloc_table with the same @order.
 * @free_table_deferred: as @free_table, once every lockless reader that
 *	may have found the block has finished (an RCU grace period in the
 *	kernel); may be NULL, then @free_table is used
 * @phys_to_virt: host virtual address at which the kernel (or the test
 *	harness) reaches host physical address @pa.
 * @table_count: one word of metadata the engine owns for the order-0
 *	table page at @pa, from its allocation to its free (the kernel's
 *	struct page private field): the count of its live entries, so that
 *	an unmap knows a table is empty without reading its 512 entries.
 *	The engine sets it when it links a table and zeroes it before it
 *	frees one.  May be NULL: the engine then scans.
 * @linear: @phys_to_virt is @pa plus one constant for every table page
 *	(the kernel's direct map): the engine then adds that offset itself
 *	instead of calling @phys_to_virt at each level of a walk
 *
 * Callbacks may sleep (GFP_KERNEL); callers never invoke them under a
 * spinlock.
 */
struct axas_hal_ops {
	int (*alloc_frame)(struct axas_hal *hal, bool zero, axas_hpa_t *pa);
	void (*dealloc_frame)(struct axas_hal *hal, axas_hpa_t pa);
	int (*alloc_frames)(struct axas_hal *hal, bool zero, axas_hpa_t *pa,
			    unsigned int n);
	int (*alloc_huge)(struct axas_hal *hal, axas_hpa_t *pa);
	int (*alloc_table)(struct axas_hal *hal, unsigned int order,
			   axas_hpa_t *pa);
	void (*free_table)(struct axas_hal *hal, axas_hpa_t pa,
			   unsigned int order);
	void (*free_table_deferred)(struct axas_hal *hal, axas_hpa_t pa,
				    unsigned int order);
	void *(*phys_to_virt)(struct axas_hal *hal, axas_hpa_t pa);
	unsigned long *(*table_count)(struct axas_hal *hal, axas_hpa_t pa);
	bool linear;
};

/**
 * struct axas_hal - one user's view of the HAL, with its own counters
 * @ops: the memory operations
 * @priv: private data of @ops (the KUnit fake HAL keeps its state here)
 * @nr_frames: live data frames allocated through this HAL
 * @nr_table_pages: live table pages (in 4 KiB pages) allocated through it
 * @nr_huge: 2 MiB blocks handed out by @ops->alloc_huge so far (their
 *	frames are counted in @nr_frames, AXAS_HUGE_FRAMES each)
 *
 * Each address space embeds one, so its frame and table counts are exact;
 * the default ops additionally keep module-wide totals (axas_hal_global_*).
 */
struct axas_hal {
	const struct axas_hal_ops *ops;
	void *priv;
	atomic_long_t nr_frames;
	atomic_long_t nr_table_pages;
	atomic_long_t nr_huge;
};

void axas_hal_init(struct axas_hal *hal, const struct axas_hal_ops *ops,
		   void *priv);
int axas_hal_alloc_frame(struct axas_hal *hal, bool zero, axas_hpa_t *pa);
void axas_hal_dealloc_frame(struct axas_hal *hal, axas_hpa_t pa);
int axas_hal_alloc_frames(struct axas_hal *hal, bool zero, axas_hpa_t *pa,
			  unsigned int n);
int axas_hal_alloc_huge(struct axas_hal *hal, axas_hpa_t *pa);
int axas_hal_alloc_table(struct axas_hal *hal, unsigned int order,
			 axas_hpa_t *pa);
void axas_hal_free_table(struct axas_hal *hal, axas_hpa_t pa,
			 unsigned int order);
void axas_hal_free_table_deferred(struct axas_hal *hal, axas_hpa_t pa,
				  unsigned int order);

static inline void *axas_hal_phys_to_virt(struct axas_hal *hal, axas_hpa_t pa)
{
	return hal->ops->phys_to_virt(hal, pa);
}

#endif /* _AXAS_PGTABLE_HAL_H */
