// SPDX-License-Identifier: GPL-2.0
/*
 * AMD nested paging (APM vol. 2, "Nested Paging"): the x86-64 long-mode
 * format walked from nCR3, 4 and 5 levels.
 *
 * Leaf:  bit 0 P, 1 RW, 2 US (always: nested walks are user accesses),
 *        3 PWT, 4 PCD (both for DEVICE and UNCACHED), 5 A, 6 D, 7 PS
 *        (2 MiB / 1 GiB leaves), 51:12 address, 63 NX without EXECUTE.
 * Table: address | P | RW | US.
 * nCR3:  the root's address.
 *
 * A present entry is always readable, so write or execute without read
 * cannot be expressed.  Software bits (available to software in long-mode
 * entries): 52 records USER, 53 tells DEVICE from UNCACHED, 54 marks a leaf
 * with no access, which is kept not present (P = 0).
 */
#include <linux/bits.h>
#include <linux/errno.h>
#include "fmt.h"

#define NPT_P		BIT_ULL(0)
#define NPT_RW		BIT_ULL(1)
#define NPT_US		BIT_ULL(2)
#define NPT_PWT		BIT_ULL(3)
#define NPT_PCD		BIT_ULL(4)
#define NPT_A		BIT_ULL(5)
#define NPT_D		BIT_ULL(6)
#define NPT_PS		BIT_ULL(7)
#define NPT_SW_USER	BIT_ULL(52)
#define NPT_SW_DEVICE	BIT_ULL(53)
#define NPT_SW_NOACCESS	BIT_ULL(54)
#define NPT_NX		BIT_ULL(63)
#define NPT_ADDR	GENMASK_ULL(51, 12)

static int axas_npt_check_flags(const struct axas_fmt *f, u32 flags)
{
	if ((flags & (AXAS_MAP_WRITE | AXAS_MAP_EXECUTE)) &&
	    !(flags & AXAS_MAP_READ))
		return -EINVAL;
	return 0;
}

/* Bits of every leaf, and bits of a present (readable) one. */
static const struct axas_fmt_bit axas_npt_bits[] = {
	{ AXAS_MAP_USER, NPT_SW_USER },
	{ AXAS_MAP_DEVICE, NPT_SW_DEVICE },
	{ 0 }
};

static const struct axas_fmt_bit axas_npt_present_bits[] = {
	{ AXAS_MAP_WRITE, NPT_RW },
	{ AXAS_MAP_EXECUTE, 0, NPT_NX },
	{ 0 }
};

static u64 axas_npt_encode_leaf(const struct axas_fmt *f, axas_hpa_t pa,
				u32 flags, unsigned int level)
{
	u64 pte = (axas_hpa_val(pa) & NPT_ADDR) |
		  axas_fmt_bits_encode(axas_npt_bits, flags);

	if (level > 0)
		pte |= NPT_PS;
	if (flags & (AXAS_MAP_DEVICE | AXAS_MAP_UNCACHED))
		pte |= NPT_PCD | NPT_PWT;
	if (!(flags & AXAS_MAP_READ))
		return pte | NPT_SW_NOACCESS;
	return pte | NPT_P | NPT_US |
	       axas_fmt_bits_encode(axas_npt_present_bits, flags);
}

static u64 axas_npt_encode_table(const struct axas_fmt *f, axas_hpa_t pa)
{
	return (axas_hpa_val(pa) & NPT_ADDR) | NPT_P | NPT_RW | NPT_US;
}

/**
 * axas_npt_decode() - decode a nested-paging entry
 * @f: the format
 * @pte: the raw entry
 * @level: its level
 * @out: what it is
 */
void axas_npt_decode(const struct axas_fmt *f, u64 pte, unsigned int level,
		     struct axas_pte_info *out)
{
	u32 flags;

	*out = (struct axas_pte_info){ .type = AXAS_PTE_NONE };
	if (!(pte & NPT_P) && !(pte & NPT_SW_NOACCESS))
		return;
	out->pa = axas_hpa(pte & NPT_ADDR);
	if (level > 0 && !(pte & NPT_PS)) {
		out->type = AXAS_PTE_TABLE;
		return;
	}
	out->type = AXAS_PTE_LEAF;
	flags = axas_fmt_bits_decode(axas_npt_bits, pte);
	if (pte & NPT_P)
		flags |= AXAS_MAP_READ |
			 axas_fmt_bits_decode(axas_npt_present_bits, pte);
	if (!(flags & AXAS_MAP_DEVICE) && (pte & NPT_PCD))
		flags |= AXAS_MAP_UNCACHED;
	out->flags = flags;
	out->accessed = pte & NPT_A;
	out->dirty = pte & NPT_D;
}

static u64 axas_npt_root_pointer(const struct axas_fmt *f, axas_hpa_t root,
				 u64 id)
{
	return axas_hpa_val(root);
}

static const struct axas_fmt_ops axas_npt_ops = AXAS_FMT_OPS(npt);

const struct axas_fmt axas_fmt_npt4 =
	AXAS_FMT_X86(AXAS_FMT_NPT4, AXAS_FMT_DEC_NPT,
		     NPT_P | NPT_PS, NPT_P, 3, 48, NPT_A, NPT_D, &axas_npt_ops);
const struct axas_fmt axas_fmt_npt5 =
	AXAS_FMT_X86(AXAS_FMT_NPT5, AXAS_FMT_DEC_NPT,
		     NPT_P | NPT_PS, NPT_P, 4, 57, NPT_A, NPT_D, &axas_npt_ops);
