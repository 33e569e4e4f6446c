/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Page-table formats: pure encode/decode of second-stage entries.
 *
 * A format is a table of constants plus pure functions.  It never touches
 * memory and has no architecture #ifdef: every format is available on every
 * host and chosen per address space.  The bit layouts follow the
 * architecture manuals (see Documentation/design.rst).
 *
 * Levels are numbered from the leaf up: level 0 entries map 4 KiB, level 1
 * entries 2 MiB, level 2 entries 1 GiB, and so on; the root table sits at
 * @top_level.  Every level but the root indexes 9 bits; the root indexes
 * @root_index_bits (more than 9 for RISC-V x4 roots and arm64 concatenated
 * stage-2 roots, fewer for arm64 IPA widths that end inside a level).
 */
#ifndef _AXAS_PGTABLE_FMT_H
#define _AXAS_PGTABLE_FMT_H

#include <uapi/linux/axaddrspace.h>
#include "types.h"

#define AXAS_LEVEL_BITS		9
#define AXAS_PTES_PER_TABLE	BIT(AXAS_LEVEL_BITS)
#define AXAS_MAX_LEVELS		5

/* The flags that grant access, and the ones that choose a memory type. */
#define AXAS_MAP_PERMS		(AXAS_MAP_READ | AXAS_MAP_WRITE | \
				 AXAS_MAP_EXECUTE | AXAS_MAP_USER)
#define AXAS_MAP_MEMTYPE	(AXAS_MAP_DEVICE | AXAS_MAP_UNCACHED)

/**
 * enum axas_pte_type - what a decoded entry is
 * @AXAS_PTE_NONE: not valid; maps nothing
 * @AXAS_PTE_TABLE: points to a next-level table
 * @AXAS_PTE_LEAF: maps a page or block (a "huge leaf" above level 0)
 */
enum axas_pte_type {
	AXAS_PTE_NONE,
	AXAS_PTE_TABLE,
	AXAS_PTE_LEAF,
};

/**
 * struct axas_pte_info - a decoded entry
 * @type: none, table or leaf
 * @pa: output address of a leaf, or address of the next-level table
 * @flags: AXAS_MAP_* flags of a leaf; 0 otherwise
 * @accessed: hardware accessed flag (A / AF) of a leaf
 * @dirty: hardware dirty flag of a leaf (formats without one: false)
 */
struct axas_pte_info {
	enum axas_pte_type type;
	axas_hpa_t pa;
	u32 flags;
	bool accessed;
	bool dirty;
};

struct axas_fmt;

/**
 * enum axas_fmt_decoder - which decoder a format's entries need
 * @AXAS_FMT_DEC_EPT: Intel EPT
 * @AXAS_FMT_DEC_NPT: AMD nested paging
 * @AXAS_FMT_DEC_S2: arm64 stage 2
 * @AXAS_FMT_DEC_RV: RISC-V G-stage
 *
 * The readers decode through axas_fmt_decode(), a switch on the family,
 * so that a walk makes direct calls only (no call through @ops per level).
 */
enum axas_fmt_decoder {
	AXAS_FMT_DEC_EPT,
	AXAS_FMT_DEC_NPT,
	AXAS_FMT_DEC_S2,
	AXAS_FMT_DEC_RV,
};

/**
 * struct axas_fmt_ops - the pure functions of a format
 * @check_flags: 0 if @flags can be expressed by the hardware, else -EINVAL
 *	(e.g. EPT write without read).  Called once, by axas_fmt_check_flags().
 * @encode_leaf: the raw leaf entry mapping @pa with @flags at @level;
 *	@level must be one the format allows leaves at, @pa aligned to it.
 * @encode_table: the raw entry pointing to the next-level table at @pa.
 * @decode: decode raw entry @pte found at @level into @out.
 * @root_pointer: the hardware root register value (EPTP, nCR3, VTTBR_EL2,
 *	hgatp) for a table rooted at @root with VMID/ASID @id.
 */
struct axas_fmt_ops {
	int (*check_flags)(const struct axas_fmt *f, u32 flags);
	u64 (*encode_leaf)(const struct axas_fmt *f, axas_hpa_t pa, u32 flags,
			   unsigned int level);
	u64 (*encode_table)(const struct axas_fmt *f, axas_hpa_t pa);
	void (*decode)(const struct axas_fmt *f, u64 pte, unsigned int level,
		       struct axas_pte_info *out);
	u64 (*root_pointer)(const struct axas_fmt *f, axas_hpa_t root, u64 id);
};

/**
 * struct axas_fmt - one format instance (per page table: arm64 varies with
 *	the IPA width)
 * @id: the uapi identifier
 * @gpa_bits: width of the guest physical address space
 * @pa_bits: width of the host physical addresses an entry can hold
 * @vmid_bits: width of the VMID in the hardware root pointer (16 for
 *	VTTBR_EL2, 14 for hgatp on RV64, 0 for EPTP and nCR3)
 * @top_level: level of the root table
 * @root_index_bits: index bits of the root table
 * @root_order: page order of the root allocation (its size and alignment)
 * @leaf_levels: bitmask of the levels that may hold leaves
 * @bbm: the architecture requires break-before-make: a valid leaf may not
 *	be replaced by a table (split) or change its memory type without
 *	first being made invalid and flushed (arm64 stage 2)
 * @accessed_mask: raw bit(s) of the accessed flag in a leaf
 * @dirty_mask: raw bit(s) of the dirty flag in a leaf (0 if none)
 * @hw_dirty: the CPU sets @dirty_mask on a store, so dirty logging reads
 *	it (EPT with A/D enabled in the EPTP, AMD NPT); false where the
 *	format has no such bit or the encoder presets it (arm64 stage 2
 *	without FEAT_HAFDBS, RISC-V without Svadu): dirty logging then
 *	write-protects
 * @decoder: which decoder axas_fmt_decode() calls
 * @table_mask: with @table_val, the table entries the engine writes
 *	(above level 0): (pte & @table_mask) == @table_val.  A fast test for
 *	the readers only; an entry failing it is decoded in full.
 * @table_val: see @table_mask
 * @addr_mask: the bits of a table entry holding its table's address
 * @addr_shift: the address is (pte & @addr_mask) >> @addr_shift << 12
 * @ops: the format's functions
 */
struct axas_fmt {
	enum axas_format id;
	enum axas_fmt_decoder decoder;
	u64 table_mask;
	u64 table_val;
	u64 addr_mask;
	unsigned int addr_shift;
	unsigned int gpa_bits;
	unsigned int pa_bits;
	unsigned int vmid_bits;
	unsigned int top_level;
	unsigned int root_index_bits;
	unsigned int root_order;
	unsigned int leaf_levels;
	bool bbm;
	u64 accessed_mask;
	u64 dirty_mask;
	bool hw_dirty;
	const struct axas_fmt_ops *ops;
};

/**
 * axas_fmt_init() - set up format @id
 * @f: the instance to fill
 * @id: a format; AXAS_FMT_NATIVE picks the host's own
 * @gpa_bits: arm64 stage-2 IPA width (32..48); 0 picks the format's
 *	default (for NATIVE, the host's: axas_fmt_set_native()); must be 0
 *	or the format's fixed width for the others
 *
 * Return: 0, or -EINVAL for an unknown format or an unsupported width.
 */
int axas_fmt_init(struct axas_fmt *f, enum axas_format id,
		  unsigned int gpa_bits);

/**
 * axas_fmt_check_flags() - the single place mapping flags are validated
 * @f: the format
 * @flags: AXAS_MAP_* flags
 *
 * Return: 0, or -EINVAL for undefined bits or a combination @f cannot
 * express.
 */
int axas_fmt_check_flags(const struct axas_fmt *f, u32 flags);

enum axas_format axas_fmt_native(void);
int axas_fmt_set_native(enum axas_format id, unsigned int gpa_bits);
u64 axas_fmt_addr_mask(const struct axas_fmt *f);

/* Bytes mapped by one entry at @level. */
static inline u64 axas_fmt_level_size(unsigned int level)
{
	return 1ULL << (AXAS_PAGE_SHIFT + AXAS_LEVEL_BITS * level);
}

static inline bool axas_fmt_leaf_ok(const struct axas_fmt *f,
				    unsigned int level)
{
	return f->leaf_levels & (1U << level);
}

/* First GPA beyond the format's reach. */
static inline u64 axas_fmt_gpa_limit(const struct axas_fmt *f)
{
	return 1ULL << f->gpa_bits;
}

/* First host physical address an entry cannot hold. */
static inline u64 axas_fmt_pa_limit(const struct axas_fmt *f)
{
	return 1ULL << f->pa_bits;
}

/**
 * struct axas_fmt_bit - one mapping flag as entry bits
 * @flag: an AXAS_MAP_* flag
 * @set: bits an entry has when @flag is set (0: none)
 * @clear: bits an entry has when @flag is clear (0: none)
 *
 * A table of them ends with a zero @flag.  Decoding finds @flag set when
 * the entry has any @set bit, or, for rows with no @set bits, none of
 * the @clear bits (an execute-never bit, say).
 */
struct axas_fmt_bit {
	u32 flag;
	u64 set;
	u64 clear;
};

u64 axas_fmt_bits_encode(const struct axas_fmt_bit *t, u32 flags);
u32 axas_fmt_bits_decode(const struct axas_fmt_bit *t, u64 pte);

/* The ops of family @p: axas_@p_check_flags() and its siblings. */
#define AXAS_FMT_OPS(p) {						\
	.check_flags = axas_##p##_check_flags,				\
	.encode_leaf = axas_##p##_encode_leaf,				\
	.encode_table = axas_##p##_encode_table,			\
	.decode = axas_##p##_decode,					\
	.root_pointer = axas_##p##_root_pointer,			\
}

/* An instance whose root is one table (EPT, NPT): 4 KiB to 1 GiB leaves. */
#define AXAS_FMT_X86(_id, _dec, _tmask, _tval, _top, _gpa_bits, _a, _d,	\
		     _ops) {						\
	.id = _id,							\
	.decoder = _dec,						\
	.table_mask = _tmask,						\
	.table_val = _tval,						\
	.addr_mask = GENMASK_ULL(51, 12),				\
	.addr_shift = AXAS_PAGE_SHIFT,					\
	.gpa_bits = _gpa_bits,						\
	.pa_bits = 52,							\
	.top_level = _top,						\
	.root_index_bits = AXAS_LEVEL_BITS,				\
	.leaf_levels = BIT(0) | BIT(1) | BIT(2),			\
	.accessed_mask = _a,						\
	.dirty_mask = _d,						\
	.hw_dirty = true,						\
	.ops = _ops,							\
}

/* The instances of each family (fmt_*.c), indexed by axas_fmt_init(). */
extern const struct axas_fmt axas_fmt_ept4, axas_fmt_ept5;
extern const struct axas_fmt axas_fmt_npt4, axas_fmt_npt5;
extern const struct axas_fmt axas_fmt_s2;
extern const struct axas_fmt axas_fmt_sv39x4, axas_fmt_sv48x4, axas_fmt_sv57x4;
int axas_fmt_s2_set_ipa(struct axas_fmt *f, unsigned int ipa_bits);

/* The decoders of the families, for axas_fmt_decode(). */
void axas_ept_decode(const struct axas_fmt *f, u64 pte, unsigned int level,
		     struct axas_pte_info *out);
void axas_npt_decode(const struct axas_fmt *f, u64 pte, unsigned int level,
		     struct axas_pte_info *out);
void axas_s2_decode(const struct axas_fmt *f, u64 pte, unsigned int level,
		    struct axas_pte_info *out);
void axas_rv_decode(const struct axas_fmt *f, u64 pte, unsigned int level,
		    struct axas_pte_info *out);

/*
 * Decode @pte found at @level: what f->ops->decode() does, with a direct
 * call the compiler sees (the walkers' hot path).
 */
static inline void axas_fmt_decode(const struct axas_fmt *f, u64 pte,
				   unsigned int level,
				   struct axas_pte_info *out)
{
	switch (f->decoder) {
	case AXAS_FMT_DEC_EPT:
		axas_ept_decode(f, pte, level, out);
		break;
	case AXAS_FMT_DEC_NPT:
		axas_npt_decode(f, pte, level, out);
		break;
	case AXAS_FMT_DEC_S2:
		axas_s2_decode(f, pte, level, out);
		break;
	default:
		axas_rv_decode(f, pte, level, out);
		break;
	}
}

/* @pte at a level above 0 is a table the engine wrote (readers' fast test). */
static inline bool axas_fmt_is_table(const struct axas_fmt *f, u64 pte)
{
	return (pte & f->table_mask) == f->table_val;
}

/* The address of the table that @pte (a table entry) points to. */
static inline u64 axas_fmt_table_pa(const struct axas_fmt *f, u64 pte)
{
	return ((pte & f->addr_mask) >> f->addr_shift) << AXAS_PAGE_SHIFT;
}

/* Entries in a table at @level (the root may be larger or smaller). */
static inline unsigned int axas_fmt_nr_ptes(const struct axas_fmt *f,
					    unsigned int level)
{
	return level == f->top_level ? 1U << f->root_index_bits :
				       AXAS_PTES_PER_TABLE;
}

#endif /* _AXAS_PGTABLE_FMT_H */
