/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The page-table engine: second-stage tables built from HAL memory, every
 * operation a visitor of the one walker (walk.h).
 *
 * Concurrency contract (the caller, normally struct axas_space, provides
 * the locks):
 *  - map, unmap, protect and destroy modify the tables and need exclusive
 *    access, EXCEPT that axas_pt_map() of a range holding no entry may run
 *    concurrently with lockless readers (query, walk, A/D test-and-clear):
 *    table pages are zeroed before they are published, every entry is
 *    written with WRITE_ONCE() and read with READ_ONCE(), and nothing is
 *    freed by such a map.  This is what lets a lazy fault install a page
 *    while translations run.
 *  - map, unmap and protect are all or nothing: every table page they may
 *    need is allocated before the first entry changes; on -ENOMEM the tables
 *    are exactly as before and nothing is leaked.
 *
 * Data frames are not the engine's: unmap reports each removed leaf through
 * a callback so its owner can release it, once the change is flushed.
 *
 * Invalidation: unmap and protect gather what they remove or weaken
 * (struct axas_pt_gather); the caller flushes and then frees.  A format
 * that needs break-before-make (fmt.bbm, arm64 stage 2) gets it here: a
 * block being split or changing its memory type is made invalid, flushed
 * at once through the gather's @flush, and only then rewritten.
 */
#ifndef _AXAS_PGTABLE_PGTABLE_H
#define _AXAS_PGTABLE_PGTABLE_H

#include "fmt.h"
#include "hal.h"

/* axas_pt_map() options */
#define AXAS_PT_NOHUGE		BIT(0)	/* 4 KiB leaves only */

/**
 * struct axas_pt_stats - what the tables currently hold
 * @table_pages: table pages in 4 KiB units, root included
 * @leaves: leaves by level (0: 4 KiB, 1: 2 MiB, 2: 1 GiB, ...)
 */
struct axas_pt_stats {
	unsigned long table_pages;
	unsigned long leaves[AXAS_MAX_LEVELS];
};

/**
 * struct axas_pt - a second-stage page table
 * @fmt: its format
 * @hal: where its table pages come from
 * @root: host physical address of the root table
 * @linear: the HAL is linear (hal->ops->linear), copied here so that a
 *	reader finds a table's address with no loads through @hal: the
 *	query's first table read waited on three dependent loads before
 * @va_off: with a linear HAL, a table page's virtual address minus its
 *	physical one; the walkers add it themselves
 * @stats: counters, updated under the writer's exclusion (the lockless
 *	map of a lazy fault updates them with the fault lock held)
 * @memo_key: the bits of a leaf its flags and validity depend on: all but
 *	the address and the accessed and dirty bits
 * @memo_shift: where a memo keeps the flags: in the address bits
 * @leaf_memo: per level, the last leaf axas_pt_query() decoded: its
 *	@memo_key bits, its flags at @memo_shift and a valid bit after them.
 *	A pure function's cache (key to flags, for this format), so any
 *	reader may overwrite it and every value it holds is right.
 * @enc_memo: per level, the encoder's memo: the last flags a map encoded
 *	there (at @memo_shift, with the valid bit) and the leaf they give
 *	without its address bits; written by the writers only, pure too
 */
struct axas_pt {
	struct axas_fmt fmt;
	struct axas_hal *hal;
	axas_hpa_t root;
	bool linear;
	uintptr_t va_off;
	struct axas_pt_stats stats;
	u64 memo_key;
	unsigned int memo_shift;
	u64 leaf_memo[AXAS_MAX_LEVELS];
	u64 enc_memo[AXAS_MAX_LEVELS];
};

/**
 * struct axas_pt_entry - result of axas_pt_query()
 * @hpa: host physical address that the queried GPA translates to
 *	(page offset included)
 * @leaf_hpa: output address of the whole leaf
 * @leaf_gpa: first GPA the leaf maps
 * @leaf_size: bytes mapped by the leaf (4 KiB, 2 MiB, 1 GiB, ...)
 * @level: level of the leaf
 * @flags: AXAS_MAP_* flags of the leaf
 * @raw: the raw entry
 */
struct axas_pt_entry {
	axas_hpa_t hpa;
	axas_hpa_t leaf_hpa;
	axas_gpa_t leaf_gpa;
	u64 leaf_size;
	unsigned int level;
	u32 flags;
	u64 raw;
};

/**
 * typedef axas_pt_leaf_fn - called for each leaf removed by unmap
 * @arg: the caller's cookie
 * @gpa: first GPA the removed (part of the) leaf mapped
 * @hpa: host physical address it mapped @gpa to
 * @size: bytes removed
 *
 * A huge leaf partly unmapped is first split, so @size never exceeds the
 * unmapped range.
 */
typedef void (*axas_pt_leaf_fn)(void *arg, axas_gpa_t gpa, axas_hpa_t hpa,
				u64 size);

/**
 * struct axas_pt_visit - one entry seen by axas_pt_walk()
 * @gpa: first GPA covered by the entry
 * @size: bytes covered by the entry
 * @level: its level
 * @raw: the raw entry
 * @info: its decoding
 */
struct axas_pt_visit {
	axas_gpa_t gpa;
	u64 size;
	unsigned int level;
	u64 raw;
	struct axas_pte_info info;
};

/**
 * typedef axas_pt_visit_fn - axas_pt_walk() callback
 * @arg: the caller's cookie
 * @v: the entry
 *
 * Return: 0 to go on, a positive value to stop the walk and have
 * axas_pt_walk() return it (e.g. a cursor buffer that is full), or a
 * negative errno to abort.
 */
typedef int (*axas_pt_visit_fn)(void *arg, const struct axas_pt_visit *v);

/* axas_pt_walk() flags */
#define AXAS_PT_WALK_TABLES	BIT(0)	/* also visit table entries (pre-order) */

/**
 * struct axas_pt_gather - what a change removed or weakened
 * @flush: make every CPU forget the translations of [@gpa, @gpa + @size)
 *	(the consumers' flush); NULL when nothing can hold one
 * @arg: @flush's argument
 * @start: first GPA whose translation changed
 * @end: first GPA after them; @start >= @end: nothing to flush
 * @tables: table pages the change unlinked, to be freed once flushed,
 *	chained through their first word (see axas_pt_gather_free())
 * @nr_tables: how many
 *
 * In the manner of the kernel's mmu_gather and iommu_iotlb_gather: a
 * change writes entries and gathers; its caller then flushes the range
 * once and only then frees what the entries pointed to.
 */
struct axas_pt_gather {
	void (*flush)(void *arg, u64 gpa, u64 size);
	void *arg;
	u64 start;
	u64 end;
	axas_hpa_t tables;
	unsigned long nr_tables;
};

void axas_pt_gather_init(struct axas_pt_gather *g,
			 void (*flush)(void *arg, u64 gpa, u64 size),
			 void *arg);
void axas_pt_gather_free(struct axas_pt *pt, struct axas_pt_gather *g);
int axas_pt_unmap_gather(struct axas_pt *pt, axas_gpa_t gpa, u64 size,
			 axas_pt_leaf_fn fn, void *arg,
			 struct axas_pt_gather *g);
int axas_pt_protect_gather(struct axas_pt *pt, axas_gpa_t gpa, u64 size,
			   u32 flags, struct axas_pt_gather *g);

int axas_pt_init(struct axas_pt *pt, enum axas_format id,
		 unsigned int gpa_bits, struct axas_hal *hal);
void axas_pt_destroy(struct axas_pt *pt, axas_pt_leaf_fn fn, void *arg);
int axas_pt_map(struct axas_pt *pt, axas_gpa_t gpa, axas_hpa_t hpa, u64 size,
		u32 flags, u32 opts);
int axas_pt_map_pages(struct axas_pt *pt, axas_gpa_t gpa, const axas_hpa_t *pas,
		      unsigned long n, u32 flags);
int axas_pt_unmap(struct axas_pt *pt, axas_gpa_t gpa, u64 size,
		  axas_pt_leaf_fn fn, void *arg);
int axas_pt_protect(struct axas_pt *pt, axas_gpa_t gpa, u64 size, u32 flags);
int axas_pt_query(struct axas_pt *pt, axas_gpa_t gpa,
		  struct axas_pt_entry *out);
int axas_pt_walk(struct axas_pt *pt, axas_gpa_t gpa, u64 size, u32 wflags,
		 axas_pt_visit_fn fn, void *arg);
int axas_pt_test_clear_young(struct axas_pt *pt, axas_gpa_t gpa, u64 size,
			     bool clear_dirty, axas_pt_visit_fn fn, void *arg);
int axas_pt_test_clear_dirty(struct axas_pt *pt, axas_gpa_t gpa, u64 size,
			     bool clear, struct axas_pt_gather *g,
			     axas_pt_visit_fn fn, void *arg);
int axas_pt_set_write(struct axas_pt *pt, axas_gpa_t gpa, u64 size,
		      bool write, struct axas_pt_gather *g);
int axas_pt_mkyoung(struct axas_pt *pt, axas_gpa_t gpa, u64 size);
u64 axas_pt_root_pointer(const struct axas_pt *pt, u64 id);
unsigned long axas_pt_check_counts(struct axas_pt *pt, unsigned long *tables);

#endif /* _AXAS_PGTABLE_PGTABLE_H */
