/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The space layer's public header: guest physical address spaces (the
 * seed's AddrSpace), each made of areas, each area backed by one backend
 * (linear, alloc, user), over one page table of the engine (pgtable/).
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
#include "../pgtable/pgtable.h"

struct axas_space;

/* axas_space_map_linear() options */
#define AXAS_SPACE_NOHUGE	BIT(0)	/* 4 KiB leaves only */

/**
 * struct axas_space_layout - what a space is: its format and its range
 * @format: the page-table format (never AXAS_FMT_NATIVE)
 * @gpa_bits: width of the format's guest physical addresses
 * @levels: levels of the page table
 * @vmid_bits: width of the VMID its root pointer can carry
 * @vmid: the VMID of its root pointer
 * @base: first GPA of the space
 * @size: bytes
 * @root: host physical address of the root table
 * @hw_root: the value of the hardware root register (EPTP, nCR3,
 *	VTTBR_EL2, hgatp), VMID included
 * @addr_mask: the bits of a raw entry that hold a host address
 */
struct axas_space_layout {
	enum axas_format format;
	unsigned int gpa_bits;
	unsigned int levels;
	unsigned int vmid_bits;
	u64 vmid;
	u64 base;
	u64 size;
	axas_hpa_t root;
	u64 hw_root;
	u64 addr_mask;
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
int axas_space_set_vmid(struct axas_space *as, u64 vmid);
void axas_space_get_layout(const struct axas_space *as,
			   struct axas_space_layout *out);
enum axas_format axas_space_native_format(void);
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

/* The HAL of every space outside the tests, and its module-wide counts. */
extern const struct axas_hal_ops axas_default_hal_ops;
long axas_hal_global_frames(void);
long axas_hal_global_table_pages(void);

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

#endif /* _AXAS_SPACE_ADDRSPACE_H */
