/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The space layer's public header: guest physical address spaces (the
 * seed's AddrSpace), each made of areas, each area backed by one backend
 * (linear, alloc, user), over one page table of the engine (pgtable/).
 * It extends the in-kernel API of <linux/axaddrspace.h> with what the
 * module's own uapi adapter needs.
 *
 * This is all the uapi adapter (dev/) sees of the layers below.  A space
 * is opaque; every function takes the space's lock itself unless its name
 * ends in _locked, and every one may sleep.  The locking rules are in
 * space.h.
 */
#ifndef _AXAS_SPACE_ADDRSPACE_H
#define _AXAS_SPACE_ADDRSPACE_H

#include <linux/bits.h>
#include <linux/types.h>
#include <linux/axaddrspace.h>
#include "../pgtable/export.h"
#include "../pgtable/pgtable.h"

/* axas_space_map_linear(), _alloc_opts() and _user_opts() options */
#define AXAS_SPACE_NOHUGE	BIT(0)	/* 4 KiB leaves only (linear, alloc) */
#define AXAS_SPACE_LOG_DIRTY	BIT(1)	/* dirty logging (4 KiB leaves) */
#define AXAS_SPACE_POPULATE	BIT(2)	/* every frame now (alloc) */

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
 * @nohuge: LINEAR, ALLOC: 4 KiB leaves (and frames) only
 * @log_dirty: the area logs dirty pages
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
	bool log_dirty;
};

int axas_space_create(enum axas_format fmt, unsigned int gpa_bits,
		      axas_gpa_t base, u64 size,
		      const struct axas_hal_ops *ops, void *hal_priv,
		      struct axas_space **out);
void axas_space_destroy(struct axas_space *as);
int axas_space_set_vmid(struct axas_space *as, u64 vmid);
enum axas_format axas_space_native_format(void);
unsigned int axas_space_phys_bits(void);
int axas_space_init(void);
void axas_space_exit(void);

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
int axas_space_map_alloc_opts(struct axas_space *as, axas_gpa_t gpa,
			      u64 size, u32 flags, u32 opts);
int axas_space_map_user_opts(struct axas_space *as, axas_gpa_t gpa, u64 size,
			     u32 flags, unsigned long uaddr, u32 opts);
int axas_space_unmap(struct axas_space *as, axas_gpa_t gpa, u64 size);
int axas_space_protect(struct axas_space *as, axas_gpa_t gpa, u64 size,
		       u32 flags);
void axas_space_clear(struct axas_space *as);
/* axas_space_translate_range() options */
#define AXAS_SEG_PER_LEAF	BIT(0)	/* one segment per leaf at most */
/* stop counting past AXAS_SEG_COUNT_MAX segments (a caller's bound) */
#define AXAS_SEG_BOUNDED	BIT(1)
#define AXAS_SEG_COUNT_MAX	1024

int axas_space_translate_leaf(struct axas_space *as, axas_gpa_t gpa,
			      struct axas_translation *out);
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

/* Dirty logging (log-dirty areas) and the accessed harvest: dirty.c. */
int axas_space_get_dirty_log(struct axas_space *as, axas_gpa_t gpa, u64 size,
			     unsigned long *bitmap, bool clear);
int axas_space_clear_dirty_log(struct axas_space *as, axas_gpa_t gpa,
			       u64 size, const unsigned long *bitmap);
int axas_space_get_young(struct axas_space *as, axas_gpa_t gpa, u64 size,
			 unsigned long *bitmap, bool clear);

/* The HAL of every space outside the tests, and its module-wide counts. */
extern const struct axas_hal_ops axas_default_hal_ops;
long axas_hal_global_frames(void);
long axas_hal_global_table_pages(void);

/* The host's view (space files): lazy pages read as zero, fault on store. */
ssize_t axas_host_copy(struct axas_space *as, u64 gpa, void *buf, size_t len,
		       bool write);
int axas_host_volatile(struct axas_space *as, axas_gpa_t gpa,
		       unsigned int width, u64 *val, bool write);
int axas_host_map(struct axas_space *as, axas_gpa_t gpa, bool alloc,
		  int (*insert)(void *arg, axas_hpa_t hpa), void *arg);

#endif /* _AXAS_SPACE_ADDRSPACE_H */
