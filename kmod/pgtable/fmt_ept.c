// SPDX-License-Identifier: GPL-2.0
/*
 * Intel EPT (SDM vol. 3C, "EPT Translation Mechanism"), 4 and 5 levels.
 *
 * Leaf:  bit 0 R, 1 W, 2 X, 5:3 memory type (6 WB, 0 UC), 7 page size
 *        (2 MiB in a PDE, 1 GiB in a PDPTE), 8 accessed, 9 dirty,
 *        10 user-mode execute (MBEC), 51:12 address.
 * Table: address | R | W | X.
 * EPTP:  root | (levels - 1) << 3 | 6 (WB) | 1 << 6 (A/D enable).
 *
 * Software bits (ignored by the processor) keep decode(encode(x)) == x:
 * bit 52 records USER, bit 53 tells DEVICE from UNCACHED (both UC), and
 * bit 54 marks a leaf with no access at all, which the hardware sees as
 * not present (an EPT violation on any access).
 */
#include <linux/bits.h>
#include <linux/errno.h>
#include "fmt.h"

#define EPT_R		BIT_ULL(0)
#define EPT_W		BIT_ULL(1)
#define EPT_X		BIT_ULL(2)
#define EPT_RWX		(EPT_R | EPT_W | EPT_X)
#define EPT_MT_SHIFT	3
#define EPT_MT_MASK	(7ULL << EPT_MT_SHIFT)
#define EPT_MT_UC	0ULL
#define EPT_MT_WB	6ULL
#define EPT_PS		BIT_ULL(7)
#define EPT_A		BIT_ULL(8)
#define EPT_D		BIT_ULL(9)
#define EPT_UX		BIT_ULL(10)
#define EPT_SW_USER	BIT_ULL(52)
#define EPT_SW_DEVICE	BIT_ULL(53)
#define EPT_SW_NOACCESS	BIT_ULL(54)
#define EPT_ADDR	GENMASK_ULL(51, 12)
#define EPTP_AD		BIT_ULL(6)

static int axas_ept_check_flags(const struct axas_fmt *f, u32 flags)
{
	/* write without read is an EPT misconfiguration */
	if ((flags & AXAS_MAP_WRITE) && !(flags & AXAS_MAP_READ))
		return -EINVAL;
	return 0;
}

static const struct axas_fmt_bit axas_ept_bits[] = {
	{ AXAS_MAP_READ, EPT_R },
	{ AXAS_MAP_WRITE, EPT_W },
	{ AXAS_MAP_EXECUTE, EPT_X },
	{ AXAS_MAP_USER, EPT_SW_USER },
	{ AXAS_MAP_DEVICE, EPT_SW_DEVICE },
	{ 0 }
};

static u64 axas_ept_encode_leaf(const struct axas_fmt *f, axas_hpa_t pa,
				u32 flags, unsigned int level)
{
	u64 pte = (axas_hpa_val(pa) & EPT_ADDR) |
		  axas_fmt_bits_encode(axas_ept_bits, flags);

	if ((flags & AXAS_MAP_EXECUTE) && (flags & AXAS_MAP_USER))
		pte |= EPT_UX;
	if (flags & (AXAS_MAP_DEVICE | AXAS_MAP_UNCACHED))
		pte |= EPT_MT_UC << EPT_MT_SHIFT;
	else
		pte |= EPT_MT_WB << EPT_MT_SHIFT;
	if (level > 0)
		pte |= EPT_PS;
	if (!(pte & EPT_RWX))
		pte |= EPT_SW_NOACCESS;
	return pte;
}

static u64 axas_ept_encode_table(const struct axas_fmt *f, axas_hpa_t pa)
{
	return (axas_hpa_val(pa) & EPT_ADDR) | EPT_RWX;
}

/**
 * axas_ept_decode() - decode an EPT entry
 * @f: the format
 * @pte: the raw entry
 * @level: its level
 * @out: what it is
 */
void axas_ept_decode(const struct axas_fmt *f, u64 pte, unsigned int level,
		     struct axas_pte_info *out)
{
	u32 flags;

	*out = (struct axas_pte_info){ .type = AXAS_PTE_NONE };
	if (!(pte & EPT_RWX) && !(pte & EPT_SW_NOACCESS))
		return;
	out->pa = axas_hpa(pte & EPT_ADDR);
	if (level > 0 && !(pte & EPT_PS)) {
		out->type = AXAS_PTE_TABLE;
		return;
	}
	out->type = AXAS_PTE_LEAF;
	flags = axas_fmt_bits_decode(axas_ept_bits, pte);
	if (!(flags & AXAS_MAP_DEVICE) &&
	    ((pte & EPT_MT_MASK) >> EPT_MT_SHIFT) == EPT_MT_UC)
		flags |= AXAS_MAP_UNCACHED;
	out->flags = flags;
	out->accessed = pte & EPT_A;
	out->dirty = pte & EPT_D;
}

static u64 axas_ept_root_pointer(const struct axas_fmt *f, axas_hpa_t root,
				 u64 id)
{
	return axas_hpa_val(root) | (u64)f->top_level << 3 | EPT_MT_WB | EPTP_AD;
}

static const struct axas_fmt_ops axas_ept_ops = AXAS_FMT_OPS(ept);

const struct axas_fmt axas_fmt_ept4 =
	AXAS_FMT_X86(AXAS_FMT_EPT4, AXAS_FMT_DEC_EPT,
		     EPT_RWX | EPT_PS, EPT_RWX, 3, 48, EPT_A, EPT_D, &axas_ept_ops);
const struct axas_fmt axas_fmt_ept5 =
	AXAS_FMT_X86(AXAS_FMT_EPT5, AXAS_FMT_DEC_EPT,
		     EPT_RWX | EPT_PS, EPT_RWX, 4, 57, EPT_A, EPT_D, &axas_ept_ops);
