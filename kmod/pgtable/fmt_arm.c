// SPDX-License-Identifier: GPL-2.0
/*
 * Arm stage 2 (Arm ARM, VMSAv8-64 stage 2 translation, 4 KiB granule).
 *
 * The IPA width (32..48 bits) is chosen per table.  As VTCR_EL2.T0SZ/SL0
 * require, the walk starts at the highest level whose root, concatenating
 * up to 16 tables, covers the IPA: 40 bits start at level 1 with 2 tables,
 * 48 bits at level 0 with one, 32 bits at level 2 with 4.
 *
 * Leaf:  bit 0 valid, bit 1 (1 for a level-3 page, 0 for a level-1/2
 *        block), MemAttr[5:2] (0b1111 normal WB, 0b0001 Device-nGnRE,
 *        0b0101 normal non-cacheable), S2AP[7:6] (6 read, 7 write),
 *        SH[9:8] = 0b11 inner shareable, AF bit 10, address 47:12,
 *        XN bit 54 when not executable.
 * Table: address | 0b11.
 * VTTBR_EL2: root | VMID << 48.
 *
 * Write-only, execute-only and no-access leaves are all expressible.
 * Executable Device memory is refused, as KVM's stage2_set_prot_attr()
 * does: a Device region that is not XN may see speculative instruction
 * fetches, which MMIO must never get.  Bit 55, reserved for software,
 * records USER.
 */
#include <linux/bits.h>
#include <linux/errno.h>
#include "fmt.h"

#define S2_VALID	BIT_ULL(0)
#define S2_PAGE		BIT_ULL(1)	/* level 3 page, or table at 0..2 */
#define S2_ATTR_SHIFT	2
#define S2_ATTR_MASK	(0xfULL << S2_ATTR_SHIFT)
#define S2_ATTR_WB	0xfULL
#define S2_ATTR_DEVICE	0x1ULL
#define S2_ATTR_NC	0x5ULL
#define S2_AP_R		BIT_ULL(6)
#define S2_AP_W		BIT_ULL(7)
#define S2_SH_INNER	(3ULL << 8)
#define S2_AF		BIT_ULL(10)
#define S2_XN		BIT_ULL(54)
#define S2_SW_USER	BIT_ULL(55)
#define S2_ADDR		GENMASK_ULL(47, 12)

static int axas_s2_check_flags(const struct axas_fmt *f, u32 flags)
{
	if ((flags & AXAS_MAP_DEVICE) && (flags & AXAS_MAP_EXECUTE))
		return -EINVAL;
	return 0;
}

static const struct axas_fmt_bit axas_s2_bits[] = {
	{ AXAS_MAP_READ, S2_AP_R },
	{ AXAS_MAP_WRITE, S2_AP_W },
	{ AXAS_MAP_EXECUTE, 0, S2_XN },
	{ AXAS_MAP_USER, S2_SW_USER },
	{ 0 }
};

static u64 axas_s2_encode_leaf(const struct axas_fmt *f, axas_hpa_t pa,
			       u32 flags, unsigned int level)
{
	u64 pte = (axas_hpa_val(pa) & S2_ADDR) | S2_VALID | S2_SH_INNER | S2_AF;
	u64 attr = S2_ATTR_WB;

	if (level == 0)
		pte |= S2_PAGE;
	if (flags & AXAS_MAP_DEVICE)
		attr = S2_ATTR_DEVICE;
	else if (flags & AXAS_MAP_UNCACHED)
		attr = S2_ATTR_NC;
	return pte | attr << S2_ATTR_SHIFT |
	       axas_fmt_bits_encode(axas_s2_bits, flags);
}

static u64 axas_s2_encode_table(const struct axas_fmt *f, axas_hpa_t pa)
{
	return (axas_hpa_val(pa) & S2_ADDR) | S2_VALID | S2_PAGE;
}

/**
 * axas_s2_decode() - decode a stage-2 entry
 * @f: the format
 * @pte: the raw entry
 * @level: its level
 * @out: what it is
 */
void axas_s2_decode(const struct axas_fmt *f, u64 pte, unsigned int level,
		    struct axas_pte_info *out)
{
	u64 attr = (pte & S2_ATTR_MASK) >> S2_ATTR_SHIFT;
	u32 flags;

	*out = (struct axas_pte_info){ .type = AXAS_PTE_NONE };
	if (!(pte & S2_VALID))
		return;
	/* bit 1 clear at level 3 is a reserved encoding: treated as invalid */
	if (level == 0 && !(pte & S2_PAGE))
		return;
	out->pa = axas_hpa(pte & S2_ADDR);
	if (level > 0 && (pte & S2_PAGE)) {
		out->type = AXAS_PTE_TABLE;
		return;
	}
	out->type = AXAS_PTE_LEAF;
	flags = axas_fmt_bits_decode(axas_s2_bits, pte);
	if (attr == S2_ATTR_DEVICE)
		flags |= AXAS_MAP_DEVICE;
	else if (attr == S2_ATTR_NC)
		flags |= AXAS_MAP_UNCACHED;
	out->flags = flags;
	out->accessed = pte & S2_AF;
	out->dirty = false;
}

static u64 axas_s2_root_pointer(const struct axas_fmt *f, axas_hpa_t root,
				u64 id)
{
	return axas_hpa_val(root) | (id & 0xffff) << 48;
}

static const struct axas_fmt_ops axas_s2_ops = AXAS_FMT_OPS(s2);

/* The default instance: a 40-bit IPA, walked from level 1 (2 tables). */
const struct axas_fmt axas_fmt_s2 = {
	.id = AXAS_FMT_ARM_S2,
	.decoder = AXAS_FMT_DEC_S2,
	.table_mask = S2_VALID | S2_PAGE,
	.table_val = S2_VALID | S2_PAGE,
	.addr_mask = S2_ADDR,
	.addr_shift = AXAS_PAGE_SHIFT,
	.gpa_bits = 40,
	.pa_bits = 48,
	.vmid_bits = 16,
	.top_level = 2,
	.root_index_bits = AXAS_LEVEL_BITS + 1,
	.root_order = 1,
	.leaf_levels = BIT(0) | BIT(1) | BIT(2),
	.bbm = true,
	.accessed_mask = S2_AF,
	.dirty_mask = 0,
	.hw_dirty = false,	/* no FEAT_HAFDBS assumed */
	.ops = &axas_s2_ops,
};

/**
 * axas_fmt_s2_set_ipa() - the geometry of stage 2 for another IPA width
 * @f: a copy of axas_fmt_s2, changed in place
 * @ipa_bits: IPA width, 32..48
 *
 * As VTCR_EL2.T0SZ/SL0 require, the walk starts at the highest level
 * whose root, concatenating up to 16 tables (13 index bits), covers the
 * IPA.
 *
 * Return: 0, or -EINVAL for a width outside 32..48.
 */
int axas_fmt_s2_set_ipa(struct axas_fmt *f, unsigned int ipa_bits)
{
	unsigned int bits, top = 0, root_bits;

	if (ipa_bits < 32 || ipa_bits > 48)
		return -EINVAL;
	bits = ipa_bits - AXAS_PAGE_SHIFT;
	while (bits - AXAS_LEVEL_BITS * top > AXAS_LEVEL_BITS + 4)
		top++;
	root_bits = bits - AXAS_LEVEL_BITS * top;
	f->gpa_bits = ipa_bits;
	f->top_level = top;
	f->root_index_bits = root_bits;
	f->root_order = root_bits > AXAS_LEVEL_BITS ?
			root_bits - AXAS_LEVEL_BITS : 0;
	return 0;
}
