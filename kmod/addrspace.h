/* SPDX-License-Identifier: GPL-2.0 */
/*
 * AddrSpace: a guest physical address space (the seed's AddrSpace), made of
 * areas kept in an interval tree, each with a backend, over one page table.
 *
 * The interval tree (an augmented rbtree) never allocates on insert or
 * erase, so unmap and protect can allocate everything they may need (split
 * areas, table pages) before they change anything: every operation is all
 * or nothing.
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
 *  - Order: mmap_lock -> @lock -> @fault_lock.  Never pin user pages or
 *    fault on user memory (copy_{to,from}_user) with @lock held: pin first,
 *    copy through a kernel bounce buffer.
 *  - No allocation under a spinlock; every operation may sleep.
 */
#ifndef _AXAS_ADDRSPACE_H
#define _AXAS_ADDRSPACE_H

#include <linux/bits.h>
#include <linux/mutex.h>
#include <linux/rbtree.h>
#include <linux/rwsem.h>
#include "pgtable.h"

struct axas_space;
struct axas_area;
struct axas_user_pages;

/* axas_space_map_linear() options */
#define AXAS_SPACE_NOHUGE	BIT(0)	/* 4 KiB leaves only */

/**
 * struct axas_area - a contiguous GPA range with one backend and flags
 * @rb: node in the space's interval tree
 * @subtree_last: interval tree bookkeeping (last GPA in the subtree)
 * @range: the GPA range, 4 KiB aligned
 * @flags: AXAS_MAP_* flags
 * @kind: the backend
 * @linear: LINEAR: HPA that @range.start maps to; huge leaves allowed unless
 *	@nohuge
 * @alloc: ALLOC: frames installed at creation (@populate) or on fault
 * @user: USER: @pages[i] backs @range.start + i * 4 KiB; @first is the
 *	index of @range.start in @pages, which is shared (refcounted) when
 *	the area is split
 */
struct axas_area {
	struct rb_node rb;
	u64 subtree_last;
	struct axas_gpa_range range;
	u32 flags;
	enum axas_backend kind;
	union {
		struct {
			axas_hpa_t hpa;
			bool nohuge;
		} linear;
		struct {
			bool populate;
		} alloc;
		struct {
			struct axas_user_pages *pages;
			unsigned long first;
		} user;
	};
};

/**
 * struct axas_space_stats - counters of one space
 * @pt: page-table counters (table pages, leaves by level)
 * @frames: data frames owned by the space
 * @pinned: user pages pinned by the space
 * @faults: faults handled (frames installed on demand)
 * @areas: number of areas
 * @mapped_bytes: bytes covered by areas
 */
struct axas_space_stats {
	struct axas_pt_stats pt;
	unsigned long frames;
	unsigned long pinned;
	unsigned long faults;
	unsigned long areas;
	u64 mapped_bytes;
};

/**
 * struct axas_space - one guest physical address space
 * @lock: see the locking rules at the top of this file
 * @fault_lock: serialises lazy installs under @lock held for read
 * @areas: struct axas_area by GPA, in an interval tree locked by @lock
 * @range: [base, base + size)
 * @pt: the page table
 * @hal: memory operations and this space's frame/table counters
 * @nr_faults: faults handled
 * @nr_pinned: user pages pinned by user areas
 * @zap: called before frames of a range are freed (see axas_space_zap())
 * @zap_priv: its argument
 */
struct axas_space {
	struct rw_semaphore lock;
	struct mutex fault_lock;	/* serialises lazy installs */
	struct rb_root_cached areas;
	struct axas_gpa_range range;
	struct axas_pt pt;
	struct axas_hal hal;
	atomic_long_t nr_faults;
	atomic_long_t nr_pinned;
	void (*zap)(void *priv, u64 start, u64 end);
	void *zap_priv;
};

/**
 * struct axas_translation - result of axas_space_translate()
 * @hpa: host physical address of the GPA (page offset included)
 * @flags: AXAS_MAP_* flags of the mapping
 * @level: page-table level of the leaf
 * @leaf_size: bytes mapped by the leaf
 * @area_start: first GPA of the containing area
 * @area_size: size of the containing area (the seed's "limit")
 * @contig: host-contiguous bytes from the GPA onwards within the area,
 *	never crossing an unmapped page or the area's end; for alloc and
 *	user areas counted no further than 64 KiB past the GPA or the end of
 *	its leaf, whichever is further (linear areas: to the area's end)
 * @kind: the area's backend
 */
struct axas_translation {
	axas_hpa_t hpa;
	u32 flags;
	unsigned int level;
	u64 leaf_size;
	axas_gpa_t area_start;
	u64 area_size;
	u64 contig;
	enum axas_backend kind;
};

/**
 * struct axas_kseg - one host-contiguous piece of a guest range, as the
 *	kernel sees it
 * @gpa: first guest address of the piece
 * @hpa: its host physical address
 * @hva: kernel virtual address of the same bytes
 * @len: length in bytes
 */
struct axas_kseg {
	axas_gpa_t gpa;
	axas_hpa_t hpa;
	void *hva;
	u64 len;
};

/**
 * struct axas_area_info - one area as axas_space_areas() reports it
 * @start: first GPA
 * @size: bytes
 * @kind: its backend
 * @flags: AXAS_MAP_* flags
 * @hpa: LINEAR: the HPA @start maps to; else 0
 * @populated: bytes of the area mapped in the page table
 * @populate: ALLOC: populated at creation
 * @nohuge: LINEAR: 4 KiB leaves only
 */
struct axas_area_info {
	u64 start;
	u64 size;
	enum axas_backend kind;
	u32 flags;
	axas_hpa_t hpa;
	u64 populated;
	bool populate;
	bool nohuge;
};

int axas_space_create(enum axas_format fmt, unsigned int gpa_bits,
		      axas_gpa_t base, u64 size,
		      const struct axas_hal_ops *ops, void *hal_priv,
		      struct axas_space **out);
void axas_space_destroy(struct axas_space *as);

axas_gpa_t axas_space_base(const struct axas_space *as);
axas_gpa_t axas_space_end(const struct axas_space *as);
u64 axas_space_size(const struct axas_space *as);
bool axas_space_contains_range(const struct axas_space *as, axas_gpa_t gpa,
			       u64 size);
axas_hpa_t axas_space_root(const struct axas_space *as);
u64 axas_space_hw_root(const struct axas_space *as, u64 vmid);

int axas_space_map_linear(struct axas_space *as, axas_gpa_t gpa,
			  axas_hpa_t hpa, u64 size, u32 flags, u32 opts);
int axas_space_map_user(struct axas_space *as, axas_gpa_t gpa, u64 size,
			u32 flags, unsigned long uaddr);
int axas_space_map_alloc(struct axas_space *as, axas_gpa_t gpa, u64 size,
			 u32 flags, bool populate);
int axas_space_unmap(struct axas_space *as, axas_gpa_t gpa, u64 size);
int axas_space_protect(struct axas_space *as, axas_gpa_t gpa, u64 size,
		       u32 flags);
void axas_space_clear(struct axas_space *as);
int axas_space_handle_fault(struct axas_space *as, axas_gpa_t gpa,
			    u32 access);
int axas_space_translate(struct axas_space *as, axas_gpa_t gpa,
			 struct axas_translation *out);
/* axas_space_translate_range() options */
#define AXAS_SEG_PER_LEAF	BIT(0)	/* one segment per leaf at most */

int axas_space_translate_range(struct axas_space *as, axas_gpa_t gpa,
			       u64 len, u32 opts, struct axas_kseg *segs,
			       unsigned int max_segs, unsigned int *nr_segs);
int axas_space_translate_range_locked(struct axas_space *as, u64 gpa, u64 len,
				      u32 opts, struct axas_kseg *segs,
				      unsigned int max_segs,
				      unsigned int *nr_segs);
void axas_space_get_stats(struct axas_space *as,
			  struct axas_space_stats *st);
int axas_space_walk(struct axas_space *as, axas_gpa_t gpa, u64 size,
		    u32 wflags, axas_pt_visit_fn fn, void *arg);
int axas_space_areas(struct axas_space *as, u64 from,
		     struct axas_area_info *out, unsigned int max,
		     unsigned int *nr, u64 *next);
void axas_space_set_zap(struct axas_space *as,
			void (*zap)(void *priv, u64 start, u64 end), void *priv);
long axas_user_global_pinned(void);

/* GuestMemoryAccessor: copies by GPA; the space lock is taken inside. */
int axas_read_buffer(struct axas_space *as, axas_gpa_t gpa, void *buf,
		     size_t len);
int axas_write_buffer(struct axas_space *as, axas_gpa_t gpa, const void *buf,
		      size_t len);
int axas_read_volatile(struct axas_space *as, axas_gpa_t gpa,
		       unsigned int width, u64 *val);
int axas_write_volatile(struct axas_space *as, axas_gpa_t gpa,
			unsigned int width, u64 val);

/* The host's view (space files): lazy pages read as zero, fault on store. */
ssize_t axas_host_copy(struct axas_space *as, u64 gpa, void *buf, size_t len,
		       bool write);
int axas_host_volatile(struct axas_space *as, axas_gpa_t gpa,
		       unsigned int width, u64 *val, bool write);
int axas_host_map(struct axas_space *as, axas_gpa_t gpa, bool alloc,
		  int (*insert)(void *arg, axas_hpa_t hpa), void *arg);

#define axas_read_obj(as, gpa, objp) ({				\
	typeof(objp) _axas_p = (objp);					\
	axas_read_buffer(as, gpa, _axas_p, sizeof(*_axas_p));		\
})
#define axas_write_obj(as, gpa, objp) ({				\
	typeof(objp) _axas_p = (objp);					\
	axas_write_buffer(as, gpa, _axas_p, sizeof(*_axas_p));		\
})

#endif /* _AXAS_ADDRSPACE_H */
