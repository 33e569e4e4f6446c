/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside the space layer: the space, its areas and the backends behind
 * them.  Nothing outside kmod/space/ (but the KUnit suites) includes this;
 * the layer's public header is addrspace.h.
 *
 * Locking rules (asserted with lockdep):
 *  - @lock (rw_semaphore) protects the area tree, the page table and the
 *    areas' fields.
 *    Writers: map_*, unmap, protect, clear, destroy.  Readers: translate,
 *    translate_range, the guest memory accessor, handle_fault, walk.
 *  - @fault_lock (mutex) is taken inside @lock held for read by
 *    handle_fault, which is the only reader that modifies the tables: it
 *    serialises lazy installs, so two racing faults on one page allocate one
 *    frame.  Lockless readers see entries appear atomically (see pgtable.h).
 *  - @seq (a sequence count) lets axas_space_translate() run without
 *    @lock: every writer section that changes the area tree or removes
 *    or rewrites entries is bracketed by axas_space_write_begin() and
 *    axas_space_write_end(), with @lock held for writing.  A lockless
 *    reader runs under rcu_read_lock() (areas and table pages are freed
 *    after a grace period), and retries under @lock when the count was
 *    odd or moved, so its answer is exactly one a locked reader could get.
 *  - Order: mmap_lock -> @lock -> @fault_lock.  Never pin user pages or
 *    fault on user memory (copy_{to,from}_user) with @lock held: pin first,
 *    copy through a kernel bounce buffer.
 *  - No allocation under a spinlock; every operation may sleep.
 *
 * The tree of areas (an rbtree) never allocates on insert or erase, so
 * unmap and protect can allocate everything they may need (split areas,
 * table pages) before they change anything: every operation is all or
 * nothing.
 */
#ifndef _AXAS_SPACE_SPACE_H
#define _AXAS_SPACE_SPACE_H

#include <linux/kref.h>
#include <linux/lockdep.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/refcount.h>
#include <linux/rbtree.h>
#include <linux/rcupdate.h>
#include <linux/rwsem.h>
#include <linux/seqlock.h>
#include <linux/wait.h>
#include "addrspace.h"

struct axas_area;
struct mem_cgroup;
struct axas_dirty_map;
struct axas_space_gather;
struct axas_alloc_batch;
struct axas_user_pages;

/**
 * struct axas_space - one guest physical address space
 * @lock: see the locking rules at the top of this file
 * @fault_lock: serialises lazy installs under @lock held for read
 * @seq: odd while a writer changes areas or removes entries (see the
 *	locking rules): the lockless translation's check
 * @areas: struct axas_area by GPA, in a red-black tree locked by @lock
 * @last_area: the area of @areas with the highest GPA, or NULL: a VMM
 *	maps its memory slots in GPA order, and an area appended after it
 *	needs no descent (a descent of 511 areas was most of a map)
 * @range: [base, base + size)
 * @pt: the page table
 * @hal: memory operations and this space's frame/table counters
 * @vmid: the VMID of the hardware root pointer
 * @ref: references: the owner's and those of axas_space_get_fd() users
 * @consumers: struct axas_consumer registered, under @lock
 * @releasing: the consumer whose release callback runs, under @lock
 * @release_wq: where unregistering waits for that callback to end
 * @dead: the owner destroyed the space: no consumer may register
 * @nr_faults: faults handled
 * @nr_pinned: user pages pinned by user areas
 * @zap: called before frames of a range are freed (see axas_space_zap())
 * @zap_priv: its argument
 * @memcg: the creator's memory cgroup, charged for every frame and table
 *	(whoever's fault or copy allocates it), with a reference; NULL
 *	when the caller supplied its own memory operations
 */
struct axas_space {
	struct rw_semaphore lock;
	struct mutex fault_lock;	/* serialises lazy installs */
	seqcount_t seq;
	struct rb_root_cached areas;
	struct axas_area *last_area;
	struct axas_gpa_range range;
	struct axas_pt pt;
	struct axas_hal hal;
	u64 vmid;
	struct kref ref;
	struct list_head consumers;
	struct axas_consumer *releasing;
	wait_queue_head_t release_wq;
	bool dead;
	atomic_long_t nr_faults;
	atomic_long_t nr_pinned;
	void (*zap)(void *priv, u64 start, u64 end);
	void *zap_priv;
	struct mem_cgroup *memcg;
};

/**
 * union axas_area_priv - what a backend keeps in each of its areas
 * @linear: LINEAR: the HPA the area's start maps to; 4 KiB leaves only
 *	when @nohuge
 * @alloc: ALLOC: frames installed at creation (@populate) or on fault;
 *	4 KiB frames only when @nohuge (else 2 MiB blocks where they fit);
 *	@batch holds a populate's frames between its prepare and its map
 * @user: USER: @pages[i] backs the area's start + i * 4 KiB, from
 *	@first on; @uaddr is where they were pinned from.  The array is
 *	shared (refcounted) by the areas a split makes.
 */
union axas_area_priv {
	struct {
		axas_hpa_t hpa;
		bool nohuge;
	} linear;
	struct {
		bool populate;
		bool nohuge;
		struct axas_alloc_batch *batch;
	} alloc;
	struct {
		struct axas_user_pages *pages;
		unsigned long first;
		unsigned long uaddr;
	} user;
};

/**
 * struct axas_backend_ops - one backend: what is behind an area
 * @kind: the uapi identifier of the backend
 * @kernel_mapped: the area's memory has a kernel mapping (RAM); linear
 *	areas (MMIO passthrough) have none
 * @contiguous: the area's host range is one physically contiguous run
 * @prepare: before the space is locked (may sleep on user memory): take
 *	what @map will need; may be NULL
 * @map: with the space locked for writing and the area not yet in the
 *	tree: install its entries; all or nothing
 * @cancel: undo @prepare after a failed map; may be NULL
 * @fault: with the space locked for reading: give the lazy page at @gpa a
 *	frame; NULL when the backend has no lazy pages
 * @release: the engine removed a leaf of the area: gather what it mapped
 *	to be freed once the change is flushed; may be NULL
 * @reclaim: the change of [@start, @end) was flushed: free or unpin what
 *	the area had mapped there; may be NULL
 * @split: the area was cut in two; @hi, a copy of @lo, starts @delta
 *	bytes further: adjust its private data; may be NULL
 * @destroy: the area leaves the tree for good; may be NULL
 * @describe: fill the backend's fields of an area listing; may be NULL
 */
struct axas_backend_ops {
	enum axas_backend kind;
	bool kernel_mapped;
	bool contiguous;
	int (*prepare)(struct axas_space *as, struct axas_area *a);
	int (*map)(struct axas_space *as, struct axas_area *a);
	void (*cancel)(struct axas_space *as, struct axas_area *a);
	int (*fault)(struct axas_space *as, struct axas_area *a, u64 gpa);
	void (*release)(struct axas_space_gather *g, struct axas_area *a,
			u64 gpa, axas_hpa_t hpa, u64 size);
	void (*reclaim)(struct axas_space *as, struct axas_area *a, u64 start,
			u64 end);
	void (*split)(struct axas_area *lo, struct axas_area *hi, u64 delta);
	void (*destroy)(struct axas_space *as, struct axas_area *a);
	void (*describe)(const struct axas_area *a, struct axas_area_info *out);
};

/**
 * struct axas_area - a contiguous GPA range with one backend and flags
 * @rb: node in the space's tree of areas, ordered by GPA
 * @range: the GPA range, 4 KiB aligned
 * @flags: AXAS_MAP_* flags
 * @ops: the backend
 * @priv: the backend's data
 * @dirty: the software dirty log of a log-dirty area (dirty.c), shared
 *	(refcounted) by the pieces of a split; NULL when logging is off
 * @dirty_first: the bit of @dirty that stands for the area's first page
 * @rcu: the area is freed after a grace period (lockless translations)
 */
struct axas_area {
	struct rb_node rb;
	struct axas_gpa_range range;
	u32 flags;
	const struct axas_backend_ops *ops;
	union axas_area_priv priv;
	struct axas_dirty_map *dirty;
	unsigned long dirty_first;
	struct rcu_head rcu;
};

/*
 * The flags the leaves of @a get when they are installed: a log-dirty area
 * on a format without hardware dirty bits starts write-protected.
 */
static inline u32 axas_area_leaf_flags(const struct axas_space *as,
				       const struct axas_area *a)
{
	if (a->dirty && !as->pt.fmt.hw_dirty)
		return a->flags & ~AXAS_MAP_WRITE;
	return a->flags;
}

/* axas_pt_map() options for the leaves of @a (log-dirty: 4 KiB only). */
static inline u32 axas_area_pt_opts(const struct axas_area *a, bool nohuge)
{
	return nohuge || a->dirty ? AXAS_PT_NOHUGE : 0;
}

static inline u64 axas_area_start(const struct axas_area *a)
{
	return axas_gpa_val(a->range.start);
}

static inline u64 axas_area_end(const struct axas_area *a)
{
	return axas_gpa_val(a->range.end);
}

/*
 * axas_area_find_rcu() - axas_area_find() for a lockless reader, inline
 * @as: the space, not locked; the caller is in an RCU read-side section
 *	and checks the space's sequence count afterwards
 * @gpa: a guest physical address
 *
 * Areas never overlap, so the area holding @gpa is found by a plain
 * descent on the start and end of each node: inlined into the translate
 * fast path (out of line, the search was a tenth of a translation).  A
 * concurrent rotation may make the descent miss an area or find one being
 * removed; it always ends (the tree's links are written with WRITE_ONCE()
 * and never form a cycle, and a new area is linked by a release store
 * after its range is set), and the sequence count tells the caller.
 *
 * Return: the area or NULL.
 */
static __always_inline struct axas_area *
axas_area_find_rcu(struct axas_space *as, u64 gpa)
{
	struct rb_node *node = READ_ONCE(as->areas.rb_root.rb_node);

	while (node) {
		struct axas_area *a = rb_entry(node, struct axas_area, rb);

		if (gpa < axas_area_start(a))
			node = READ_ONCE(node->rb_left);
		else if (gpa >= axas_area_end(a))
			node = READ_ONCE(node->rb_right);
		else
			return a;
	}
	return NULL;
}

/*
 * A writer section the lockless translation must not trust (the space
 * locked for writing; it may sleep inside: readers then take the lock).
 */
static inline void axas_space_write_begin(struct axas_space *as)
{
	lockdep_assert_held_write(&as->lock);
	raw_write_seqcount_begin(&as->seq);
}

static inline void axas_space_write_end(struct axas_space *as)
{
	raw_write_seqcount_end(&as->seq);
}

/* area.c: the tree of areas; every function asserts the space lock */
int axas_area_cache_init(void);
void axas_area_cache_exit(void);
struct axas_area *axas_area_alloc(void);
void axas_area_free(struct axas_area *a);
void axas_area_insert(struct axas_space *as, struct axas_area *a);
void axas_area_erase(struct axas_space *as, struct axas_area *a);
struct axas_area *axas_area_first(struct axas_space *as, u64 start, u64 last);
struct axas_area *axas_area_next(struct axas_area *a, u64 start, u64 last);
struct axas_area *axas_area_find(struct axas_space *as, u64 gpa);
unsigned int axas_area_splits(struct axas_space *as, u64 start, u64 end);
void axas_area_split_at(struct axas_space *as, u64 gpa,
			struct axas_area **spare);

/**
 * struct axas_space_gather - what one change of a space must flush, then
 *	free
 * @pt: the engine's gather: the range, the unlinked table pages
 * @as: the space, locked for writing
 * @frames: data frames of alloc areas to free once flushed, linked
 *	through their struct page's lru (the frames are the module's own)
 * @area: the area the last removed leaf belonged to (the next leaf is
 *	nearly always in it too: no tree search per leaf), or NULL
 */
struct axas_space_gather {
	struct axas_pt_gather pt;
	struct axas_space *as;
	struct list_head frames;
	struct axas_area *area;
};

/* consumer.c: consumers, and the order flush -> free */
void axas_space_gather_init(struct axas_space *as,
			    struct axas_space_gather *g);
void axas_space_gather_frame(struct axas_space_gather *g, axas_hpa_t hpa);
void axas_space_gather_flush(struct axas_space_gather *g);
void axas_space_free_frames(struct axas_space *as, struct list_head *frames);
void axas_space_gather_page(struct list_head *frames, axas_hpa_t hpa);
axas_hpa_t axas_space_ungather_page(struct list_head *frames);
void axas_space_gather_finish(struct axas_space_gather *g);
void axas_space_release_consumers(struct axas_space *as);

/* map.c: the one skeleton of every map, and what removes mappings */
int axas_space_check(const struct axas_space *as, u64 gpa, u64 size, u64 *end);
int axas_space_map(struct axas_space *as, axas_gpa_t gpa, u64 size, u32 flags,
		   u32 opts, const struct axas_backend_ops *ops,
		   const union axas_area_priv *priv);
void axas_space_zap(struct axas_space *as, u64 start, u64 end);
void axas_space_unwind(struct axas_space *as, u64 start, u64 end,
		       axas_pt_leaf_fn fn);

/**
 * struct axas_dirty_map - the software dirty log of a log-dirty area
 * @ref: areas using it (the pieces of a split share it)
 * @nr: bits (pages of the area it was made for)
 * @bits: the log, bit i for the original area's page i
 */
struct axas_dirty_map {
	refcount_t ref;
	unsigned long nr;
	unsigned long bits[];
};

/* dirty.c: the software dirty log of log-dirty areas */
struct axas_dirty_map *axas_dirty_map_alloc(unsigned long pages);
void axas_dirty_map_get(struct axas_dirty_map *m);
void axas_dirty_map_put(struct axas_dirty_map *m);
void axas_dirty_forget(struct axas_space *as, struct axas_area *a);
void axas_dirty_mark_all(struct axas_space *as, struct axas_area *a);
void axas_space_mark_dirty(struct axas_space *as, u64 gpa, u64 len);
void axas_dirty_write_fault(struct axas_space *as, struct axas_area *a,
			    u64 gpa);

/* accessor.c: one access of an exact width, shared with host.c */
int axas_volatile_check(struct axas_space *as, u64 gpa, unsigned int width);
void axas_volatile_at(void *p, unsigned int width, u64 *val, bool write);

/* The memory cgroup a space is charged to: hal_kernel.c. */
struct mem_cgroup *axas_hal_memcg_get(const struct axas_hal_ops *ops);
void axas_hal_memcg_put(struct mem_cgroup *memcg);

#endif /* _AXAS_SPACE_SPACE_H */
