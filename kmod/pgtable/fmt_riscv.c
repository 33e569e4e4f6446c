// SPDX-License-Identifier: GPL-2.0
/*
 * RISC-V G-stage (privileged spec, hypervisor extension): Sv39x4, Sv48x4
 * and Sv57x4.  The root is 16 KiB (2048 entries, 16 KiB aligned): the
 * guest physical address is two bits wider than the Sv mode's.
 *
 * Leaf:  V R W X U G A D in bits 0..7, PPN in 53:10, PBMT in 62:61
 *        (Svpbmt: 1 NC for UNCACHED, 2 IO for DEVICE).  U is always set
 *        (G-stage accesses are user accesses); A is set, and D for
 *        writable leaves, so hardware without Svadu never faults on them.
 * Table: PPN | V (R = W = X = 0).
 * hgatp: MODE << 60 | VMID << 44 | PPN(root), MODE 8/9/10.
 *
 * Write without read is reserved.  The RSW bits (9:8) keep the flags
 * exact: bit 8 records USER, bit 9 marks a leaf with no access, kept
 * invalid (V = 0) because V with R = W = X = 0 would mean a table.
 */
#include <linux/bits.h>
#include <linux/errno.h>
#include "fmt.h"

#define RV_V		BIT_ULL(0)
#define RV_R		BIT_ULL(1)
#define RV_W		BIT_ULL(2)
#define RV_X		BIT_ULL(3)
#define RV_U		BIT_ULL(4)
#define RV_A		BIT_ULL(6)
#define RV_D		BIT_ULL(7)
#define RV_SW_USER	BIT_ULL(8)
#define RV_SW_NOACCESS	BIT_ULL(9)
#define RV_PPN_SHIFT	10
#define RV_PPN		GENMASK_ULL(53, 10)
#define RV_PBMT_SHIFT	61
#define RV_PBMT		(3ULL << RV_PBMT_SHIFT)
#define RV_PBMT_NC	1ULL
#define RV_PBMT_IO	2ULL

static u64 axas_rv_ppn(axas_hpa_t pa)
{
	return ((axas_hpa_val(pa) >> AXAS_PAGE_SHIFT) << RV_PPN_SHIFT) & RV_PPN;
}

static int axas_rv_check_flags(const struct axas_fmt *f, u32 flags)
{
	if ((flags & AXAS_MAP_WRITE) && !(flags & AXAS_MAP_READ))
		return -EINVAL;
	return 0;
}

static const struct axas_fmt_bit axas_rv_bits[] = {
	{ AXAS_MAP_READ, RV_R },
	{ AXAS_MAP_WRITE, RV_W },
	{ AXAS_MAP_EXECUTE, RV_X },
	{ AXAS_MAP_USER, RV_SW_USER },
	{ 0 }
};

static u64 axas_rv_encode_leaf(const struct axas_fmt *f, axas_hpa_t pa,
			       u32 flags, unsigned int level)
{
	u64 pte = axas_rv_ppn(pa);

	if (flags & AXAS_MAP_DEVICE)
		pte |= RV_PBMT_IO << RV_PBMT_SHIFT;
	else if (flags & AXAS_MAP_UNCACHED)
		pte |= RV_PBMT_NC << RV_PBMT_SHIFT;
	pte |= axas_fmt_bits_encode(axas_rv_bits, flags);
	if (!(flags & (AXAS_MAP_READ | AXAS_MAP_WRITE | AXAS_MAP_EXECUTE)))
		return pte | RV_SW_NOACCESS;
	/* A and D preset: no hardware A/D update (Svadu) is needed */
	pte |= RV_V | RV_U | RV_A;
	if (flags & AXAS_MAP_WRITE)
		pte |= RV_D;
	return pte;
}

static u64 axas_rv_encode_table(const struct axas_fmt *f, axas_hpa_t pa)
{
	return axas_rv_ppn(pa) | RV_V;
}

/**
 * axas_rv_decode() - decode a G-stage entry
 * @f: the format
 * @pte: the raw entry
 * @level: its level
 * @out: what it is
 */
void axas_rv_decode(const struct axas_fmt *f, u64 pte, unsigned int level,
		    struct axas_pte_info *out)
{
	u64 pbmt = (pte & RV_PBMT) >> RV_PBMT_SHIFT;
	u32 flags;

	*out = (struct axas_pte_info){ .type = AXAS_PTE_NONE };
	if (!(pte & RV_V) && !(pte & RV_SW_NOACCESS))
		return;
	out->pa = axas_hpa(((pte & RV_PPN) >> RV_PPN_SHIFT) << AXAS_PAGE_SHIFT);
	if ((pte & RV_V) && !(pte & (RV_R | RV_W | RV_X))) {
		/* a pointer to the next level; at level 0 it is reserved */
		out->type = level > 0 ? AXAS_PTE_TABLE : AXAS_PTE_NONE;
		return;
	}
	out->type = AXAS_PTE_LEAF;
	flags = axas_fmt_bits_decode(axas_rv_bits, pte);
	if (pbmt == RV_PBMT_IO)
		flags |= AXAS_MAP_DEVICE;
	else if (pbmt == RV_PBMT_NC)
		flags |= AXAS_MAP_UNCACHED;
	out->flags = flags;
	out->accessed = pte & RV_A;
	out->dirty = pte & RV_D;
}

static u64 axas_rv_root_pointer(const struct axas_fmt *f, axas_hpa_t root,
				u64 id)
{
	u64 mode = 8 + (f->top_level - 2);	/* Sv39x4 8, Sv48x4 9, Sv57x4 10 */

	return mode << 60 | (id & 0x3fff) << 44 |
	       axas_hpa_val(root) >> AXAS_PAGE_SHIFT;
}

static const struct axas_fmt_ops axas_rv_ops = AXAS_FMT_OPS(rv);

/* The x4 root: two more index bits, 16 KiB, 16 KiB aligned. */
#define AXAS_FMT_RV(_id, _top, _bits) {					\
	.id = _id,							\
	.decoder = AXAS_FMT_DEC_RV,					\
	.table_mask = RV_V | RV_R | RV_W | RV_X,			\
	.table_val = RV_V,						\
	.addr_mask = RV_PPN,						\
	.addr_shift = RV_PPN_SHIFT,					\
	.gpa_bits = _bits,						\
	.pa_bits = 56,							\
	.vmid_bits = 14,						\
	.top_level = _top,						\
	.root_index_bits = AXAS_LEVEL_BITS + 2,				\
	.root_order = 2,						\
	.leaf_levels = BIT(0) | BIT(1) | BIT(2),			\
	.accessed_mask = RV_A,						\
	.dirty_mask = RV_D,						\
	.hw_dirty = false,	/* D preset: no Svadu assumed */	\
	.ops = &axas_rv_ops,						\
}

const struct axas_fmt axas_fmt_sv39x4 = AXAS_FMT_RV(AXAS_FMT_SV39X4, 2, 41);
const struct axas_fmt axas_fmt_sv48x4 = AXAS_FMT_RV(AXAS_FMT_SV48X4, 3, 50);
const struct axas_fmt axas_fmt_sv57x4 = AXAS_FMT_RV(AXAS_FMT_SV57X4, 4, 59);
