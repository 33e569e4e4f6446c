// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the page-table formats: raw entries against values
 * derived from the manuals (a hand-picked table with comments, then the
 * full matrix of leaf sizes and flag sets) (Intel SDM vol. 3C "EPT", AMD APM vol. 2
 * "Nested Paging", Arm ARM "VMSAv8-64 stage 2", RISC-V privileged spec
 * "Hypervisor extension"), the round trip decode(encode(x)) == x over
 * every flag combination and leaf level, geometry and root pointers.
 */
#include <kunit/test.h>
#include "fmt.h"

#define R AXAS_MAP_READ
#define W AXAS_MAP_WRITE
#define X AXAS_MAP_EXECUTE
#define U AXAS_MAP_USER
#define D AXAS_MAP_DEVICE
#define C AXAS_MAP_UNCACHED

#define PA0 0x123456000ULL	/* 4 KiB aligned */
#define PA1 0x123400000ULL	/* 2 MiB aligned */
#define PA2 0x140000000ULL	/* 1 GiB aligned */

struct axas_fmt_case {
	enum axas_format id;
	unsigned int bits;
	unsigned int level;
	u64 pa;
	u32 flags;
	u64 raw;
};

static const struct axas_fmt_case axas_fmt_cases[] = {
	/* EPT: R 0, W 1, X 2, MT 5:3 (WB 6), PS 7, UX 10; sw 52 U, 53 D, 54 none */
	{ AXAS_FMT_EPT4, 0, 0, PA0, R | W | X, 0x0000000123456037ULL },
	{ AXAS_FMT_EPT4, 0, 0, PA0, R, 0x0000000123456031ULL },
	{ AXAS_FMT_EPT4, 0, 0, PA0, R | W, 0x0000000123456033ULL },
	{ AXAS_FMT_EPT4, 0, 0, PA0, X, 0x0000000123456034ULL },
	{ AXAS_FMT_EPT4, 0, 0, PA0, R | W | X | U, 0x0010000123456437ULL },
	{ AXAS_FMT_EPT4, 0, 0, PA0, R | W | D, 0x0020000123456003ULL },
	{ AXAS_FMT_EPT4, 0, 0, PA0, R | W | C, 0x0000000123456003ULL },
	{ AXAS_FMT_EPT4, 0, 0, PA0, 0, 0x0040000123456030ULL },
	{ AXAS_FMT_EPT4, 0, 1, PA1, R | W, 0x00000001234000b3ULL },
	{ AXAS_FMT_EPT5, 0, 2, PA2, R | W | X, 0x00000001400000b7ULL },
	/* NPT: P 0, RW 1, US 2, PWT 3, PCD 4, PS 7, NX 63; sw 52 U, 53 D, 54 none */
	{ AXAS_FMT_NPT4, 0, 0, PA0, R | W | X, 0x0000000123456007ULL },
	{ AXAS_FMT_NPT4, 0, 0, PA0, R, 0x8000000123456005ULL },
	{ AXAS_FMT_NPT4, 0, 0, PA0, R | W, 0x8000000123456007ULL },
	{ AXAS_FMT_NPT4, 0, 0, PA0, R | W | X | U, 0x0010000123456007ULL },
	{ AXAS_FMT_NPT4, 0, 0, PA0, R | W | D, 0x802000012345601fULL },
	{ AXAS_FMT_NPT4, 0, 0, PA0, R | W | C, 0x800000012345601fULL },
	{ AXAS_FMT_NPT4, 0, 0, PA0, 0, 0x0040000123456000ULL },
	{ AXAS_FMT_NPT4, 0, 1, PA1, R | W, 0x8000000123400087ULL },
	{ AXAS_FMT_NPT5, 0, 2, PA2, R | W | X, 0x0000000140000087ULL },
	/* stage 2: valid 0, page 1, MemAttr 5:2, S2AP 7:6, SH 9:8, AF 10, XN 54; sw 55 U */
	{ AXAS_FMT_ARM_S2, 40, 0, PA0, R | W | X, 0x00000001234567ffULL },
	{ AXAS_FMT_ARM_S2, 40, 0, PA0, R, 0x004000012345677fULL },
	{ AXAS_FMT_ARM_S2, 40, 0, PA0, W, 0x00400001234567bfULL },
	{ AXAS_FMT_ARM_S2, 40, 0, PA0, X, 0x000000012345673fULL },
	{ AXAS_FMT_ARM_S2, 40, 0, PA0, R | W | D, 0x00400001234567c7ULL },
	{ AXAS_FMT_ARM_S2, 40, 0, PA0, R | W | C, 0x00400001234567d7ULL },
	{ AXAS_FMT_ARM_S2, 40, 0, PA0, R | W | X | U, 0x00800001234567ffULL },
	{ AXAS_FMT_ARM_S2, 40, 0, PA0, 0, 0x004000012345673fULL },
	{ AXAS_FMT_ARM_S2, 48, 1, PA1, R | W, 0x00400001234007fdULL },
	{ AXAS_FMT_ARM_S2, 32, 2, PA2, R | W | X, 0x00000001400007fdULL },
	/* G-stage: V R W X U G A D 0..7, RSW 9:8 (sw U, none), PPN 53:10, PBMT 62:61 */
	{ AXAS_FMT_SV39X4, 0, 0, PA0, R | W | X, 0x0000000048d158dfULL },
	{ AXAS_FMT_SV39X4, 0, 0, PA0, R, 0x0000000048d15853ULL },
	{ AXAS_FMT_SV39X4, 0, 0, PA0, R | W, 0x0000000048d158d7ULL },
	{ AXAS_FMT_SV39X4, 0, 0, PA0, X, 0x0000000048d15859ULL },
	{ AXAS_FMT_SV39X4, 0, 0, PA0, R | W | X | U, 0x0000000048d159dfULL },
	{ AXAS_FMT_SV39X4, 0, 0, PA0, R | W | D, 0x4000000048d158d7ULL },
	{ AXAS_FMT_SV39X4, 0, 0, PA0, R | W | C, 0x2000000048d158d7ULL },
	{ AXAS_FMT_SV39X4, 0, 0, PA0, 0, 0x0000000048d15a00ULL },
	{ AXAS_FMT_SV48X4, 0, 1, PA1, R | W, 0x0000000048d000d7ULL },
	{ AXAS_FMT_SV57X4, 0, 2, PA2, R | W | X, 0x00000000500000dfULL },
};

static void axas_fmt_case_desc(const struct axas_fmt_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "fmt%d/%u level %u flags %#x",
		 c->id, c->bits, c->level, c->flags);
}

KUNIT_ARRAY_PARAM(axas_fmt_case, axas_fmt_cases, axas_fmt_case_desc);

/* Each raw leaf exactly as the manual spells it, and back. */
static void axas_fmt_leaf_matrix(struct kunit *test)
{
	const struct axas_fmt_case *c = test->param_value;
	struct axas_pte_info info;
	struct axas_fmt f;

	KUNIT_ASSERT_EQ(test, 0, axas_fmt_init(&f, c->id, c->bits));
	KUNIT_ASSERT_EQ(test, 0, axas_fmt_check_flags(&f, c->flags));
	KUNIT_EXPECT_EQ(test, c->raw,
			f.ops->encode_leaf(&f, axas_hpa(c->pa), c->flags, c->level));
	f.ops->decode(&f, c->raw, c->level, &info);
	KUNIT_EXPECT_EQ(test, info.type, AXAS_PTE_LEAF);
	KUNIT_EXPECT_EQ(test, axas_hpa_val(info.pa), c->pa);
	KUNIT_EXPECT_EQ(test, info.flags, c->flags);
}

/*
 * The full matrix: every leaf size and every one of the 64 flag sets, the
 * raw entry derived bit by bit from the manuals (and, for the software
 * bits, from DESIGN.md section 3), independently of the encoders.  Rows
 * are indexed by the AXAS_MAP_* flags: bit 0 READ, 1 WRITE, 2 EXECUTE,
 * 3 USER, 4 DEVICE, 5 UNCACHED; 0 marks a flag set the format refuses.
 * The output address has its top bit set, to catch a truncated mask.
 */
#define EPT_PA	0x000fedcb80000000ULL
#define NPT_PA	0x000fedcb80000000ULL
#define S2_PA	0x0000edcb80000000ULL
#define RV_PA	0x00fedcb800000000ULL

/* EPT (4 and 5 levels): PA 0x000fedcb80000000 */
static const u64 axas_ept_matrix[3][64] = {
	{	/* 4 KiB */
		/* plain */
		0x004fedcb80000030, 0x000fedcb80000031, 0x0000000000000000, 0x000fedcb80000033,
		0x000fedcb80000034, 0x000fedcb80000035, 0x0000000000000000, 0x000fedcb80000037,
		0x005fedcb80000030, 0x001fedcb80000031, 0x0000000000000000, 0x001fedcb80000033,
		0x001fedcb80000434, 0x001fedcb80000435, 0x0000000000000000, 0x001fedcb80000437,
		/* DEVICE */
		0x006fedcb80000000, 0x002fedcb80000001, 0x0000000000000000, 0x002fedcb80000003,
		0x002fedcb80000004, 0x002fedcb80000005, 0x0000000000000000, 0x002fedcb80000007,
		0x007fedcb80000000, 0x003fedcb80000001, 0x0000000000000000, 0x003fedcb80000003,
		0x003fedcb80000404, 0x003fedcb80000405, 0x0000000000000000, 0x003fedcb80000407,
		/* UNCACHED */
		0x004fedcb80000000, 0x000fedcb80000001, 0x0000000000000000, 0x000fedcb80000003,
		0x000fedcb80000004, 0x000fedcb80000005, 0x0000000000000000, 0x000fedcb80000007,
		0x005fedcb80000000, 0x001fedcb80000001, 0x0000000000000000, 0x001fedcb80000003,
		0x001fedcb80000404, 0x001fedcb80000405, 0x0000000000000000, 0x001fedcb80000407,
		/* DEVICE | UNCACHED: always refused */
		0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
		0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
		0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
		0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
	},
	{	/* 2 MiB */
		/* plain */
		0x004fedcb800000b0, 0x000fedcb800000b1, 0x0000000000000000, 0x000fedcb800000b3,
		0x000fedcb800000b4, 0x000fedcb800000b5, 0x0000000000000000, 0x000fedcb800000b7,
		0x005fedcb800000b0, 0x001fedcb800000b1, 0x0000000000000000, 0x001fedcb800000b3,
		0x001fedcb800004b4, 0x001fedcb800004b5, 0x0000000000000000, 0x001fedcb800004b7,
		/* DEVICE */
		0x006fedcb80000080, 0x002fedcb80000081, 0x0000000000000000, 0x002fedcb80000083,
		0x002fedcb80000084, 0x002fedcb80000085, 0x0000000000000000, 0x002fedcb80000087,
		0x007fedcb80000080, 0x003fedcb80000081, 0x0000000000000000, 0x003fedcb80000083,
		0x003fedcb80000484, 0x003fedcb80000485, 0x0000000000000000, 0x003fedcb80000487,
		/* UNCACHED */
		0x004fedcb80000080, 0x000fedcb80000081, 0x0000000000000000, 0x000fedcb80000083,
		0x000fedcb80000084, 0x000fedcb80000085, 0x0000000000000000, 0x000fedcb80000087,
		0x005fedcb80000080, 0x001fedcb80000081, 0x0000000000000000, 0x001fedcb80000083,
		0x001fedcb80000484, 0x001fedcb80000485, 0x0000000000000000, 0x001fedcb80000487,
		/* DEVICE | UNCACHED: always refused */
		0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
		0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
		0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
		0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
	},
	{	/* 1 GiB */
		/* plain */
		0x004fedcb800000b0, 0x000fedcb800000b1, 0x0000000000000000, 0x000fedcb800000b3,
		0x000fedcb800000b4, 0x000fedcb800000b5, 0x0000000000000000, 0x000fedcb800000b7,
		0x005fedcb800000b0, 0x001fedcb800000b1, 0x0000000000000000, 0x001fedcb800000b3,
		0x001fedcb800004b4, 0x001fedcb800004b5, 0x0000000000000000, 0x001fedcb800004b7,
		/* DEVICE */
		0x006fedcb80000080, 0x002fedcb80000081, 0x0000000000000000, 0x002fedcb80000083,
		0x002fedcb80000084, 0x002fedcb80000085, 0x0000000000000000, 0x002fedcb80000087,
		0x007fedcb80000080, 0x003fedcb80000081, 0x0000000000000000, 0x003fedcb80000083,
		0x003fedcb80000484, 0x003fedcb80000485, 0x0000000000000000, 0x003fedcb80000487,
		/* UNCACHED */
		0x004fedcb80000080, 0x000fedcb80000081, 0x0000000000000000, 0x000fedcb80000083,
		0x000fedcb80000084, 0x000fedcb80000085, 0x0000000000000000, 0x000fedcb80000087,
		0x005fedcb80000080, 0x001fedcb80000081, 0x0000000000000000, 0x001fedcb80000083,
		0x001fedcb80000484, 0x001fedcb80000485, 0x0000000000000000, 0x001fedcb80000487,
		/* DEVICE | UNCACHED: always refused */
		0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
		0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
		0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
		0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
	},
};

/* NPT (4 and 5 levels): PA 0x000fedcb80000000 */
static const u64 axas_npt_matrix[3][64] = {
	{	/* 4 KiB */
		/* plain */
		0x004fedcb80000000, 0x800fedcb80000005, 0x0000000000000000, 0x800fedcb80000007,
		0x0000000000000000, 0x000fedcb80000005, 0x0000000000000000, 0x000fedcb80000007,
		0x005fedcb80000000, 0x801fedcb80000005, 0x0000000000000000, 0x801fedcb80000007,
		0x0000000000000000, 0x001fedcb80000005, 0x0000000000000000, 0x001fedcb80000007,
		/* DEVICE */
		0x006fedcb80000018, 0x802fedcb8000001d, 0x0000000000000000, 0x802fedcb8000001f,
		0x0000000000000000, 0x002fedcb8000001d, 0x0000000000000000, 0x002fedcb8000001f,
		0x007fedcb80000018, 0x803fedcb8000001d, 0x0000000000000000, 0x803fedcb8000001f,
		0x0000000000000000, 0x003fedcb8000001d, 0x0000000000000000, 0x003fedcb8000001f,
		/* UNCACHED */
		0x004fedcb80000018, 0x800fedcb8000001d, 0x0000000000000000, 0x800fedcb8000001f,
		0x0000000000000000, 0x000fedcb8000001d, 0x0000000000000000, 0x000fedcb8000001f,
		0x005fedcb80000018, 0x801fedcb8000001d, 0x0000000000000000, 0x801fedcb8000001f,
		0x0000000000000000, 0x001fedcb8000001d, 0x0000000000000000, 0x001fedcb8000001f,
		/* DEVICE | UNCACHED: always refused */
		0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
		0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
		0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
		0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
	},
	{	/* 2 MiB */
		/* plain */
		0x004fedcb80000080, 0x800fedcb80000085, 0x0000000000000000, 0x800fedcb80000087,
		0x0000000000000000, 0x000fedcb80000085, 0x0000000000000000, 0x000fedcb80000087,
		0x005fedcb80000080, 0x801fedcb80000085, 0x0000000000000000, 0x801fedcb80000087,
		0x0000000000000000, 0x001fedcb80000085, 0x0000000000000000, 0x001fedcb80000087,
		/* DEVICE */
		0x006fedcb80000098, 0x802fedcb8000009d, 0x0000000000000000, 0x802fedcb8000009f,
		0x0000000000000000, 0x002fedcb8000009d, 0x0000000000000000, 0x002fedcb8000009f,
		0x007fedcb80000098, 0x803fedcb8000009d, 0x0000000000000000, 0x803fedcb8000009f,
		0x0000000000000000, 0x003fedcb8000009d, 0x0000000000000000, 0x003fedcb8000009f,
		/* UNCACHED */
		0x004fedcb80000098, 0x800fedcb8000009d, 0x0000000000000000, 0x800fedcb8000009f,
		0x0000000000000000, 0x000fedcb8000009d, 0x0000000000000000, 0x000fedcb8000009f,
		0x005fedcb80000098, 0x801fedcb8000009d, 0x0000000000000000, 0x801fedcb8000009f,
		0x0000000000000000, 0x001fedcb8000009d, 0x0000000000000000, 0x001fedcb8000009f,
		/* DEVICE | UNCACHED: always refused */
		0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
		0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
		0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
		0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
	},
	{	/* 1 GiB */
		/* plain */
		0x004fedcb80000080, 0x800fedcb80000085, 0x0000000000000000, 0x800fedcb80000087,
		0x0000000000000000, 0x000fedcb80000085, 0x0000000000000000, 0x000fedcb80000087,
		0x005fedcb80000080, 0x801fedcb80000085, 0x0000000000000000, 0x801fedcb80000087,
		0x0000000000000000, 0x001fedcb80000085, 0x0000000000000000, 0x001fedcb80000087,
		/* DEVICE */
		0x006fedcb80000098, 0x802fedcb8000009d, 0x0000000000000000, 0x802fedcb8000009f,
		0x0000000000000000, 0x002fedcb8000009d, 0x0000000000000000, 0x002fedcb8000009f,
		0x007fedcb80000098, 0x803fedcb8000009d, 0x0000000000000000, 0x803fedcb8000009f,
		0x0000000000000000, 0x003fedcb8000009d, 0x0000000000000000, 0x003fedcb8000009f,
		/* UNCACHED */
		0x004fedcb80000098, 0x800fedcb8000009d, 0x0000000000000000, 0x800fedcb8000009f,
		0x0000000000000000, 0x000fedcb8000009d, 0x0000000000000000, 0x000fedcb8000009f,
		0x005fedcb80000098, 0x801fedcb8000009d, 0x0000000000000000, 0x801fedcb8000009f,
		0x0000000000000000, 0x001fedcb8000009d, 0x0000000000000000, 0x001fedcb8000009f,
		/* DEVICE | UNCACHED: always refused */
		0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
		0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
		0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
		0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
	},
};

/* arm64 stage 2 (any IPA width): PA 0x0000edcb80000000 */
static const u64 axas_s2_matrix[3][64] = {
	{	/* 4 KiB */
		/* plain */
		0x0040edcb8000073f, 0x0040edcb8000077f, 0x0040edcb800007bf, 0x0040edcb800007ff,
		0x0000edcb8000073f, 0x0000edcb8000077f, 0x0000edcb800007bf, 0x0000edcb800007ff,
		0x00c0edcb8000073f, 0x00c0edcb8000077f, 0x00c0edcb800007bf, 0x00c0edcb800007ff,
		0x0080edcb8000073f, 0x0080edcb8000077f, 0x0080edcb800007bf, 0x0080edcb800007ff,
		/* DEVICE */
		0x0040edcb80000707, 0x0040edcb80000747, 0x0040edcb80000787, 0x0040edcb800007c7,
		0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
		0x00c0edcb80000707, 0x00c0edcb80000747, 0x00c0edcb80000787, 0x00c0edcb800007c7,
		0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
		/* UNCACHED */
		0x0040edcb80000717, 0x0040edcb80000757, 0x0040edcb80000797, 0x0040edcb800007d7,
		0x0000edcb80000717, 0x0000edcb80000757, 0x0000edcb80000797, 0x0000edcb800007d7,
		0x00c0edcb80000717, 0x00c0edcb80000757, 0x00c0edcb80000797, 0x00c0edcb800007d7,
		0x0080edcb80000717, 0x0080edcb80000757, 0x0080edcb80000797, 0x0080edcb800007d7,
		/* DEVICE | UNCACHED: always refused */
		0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
		0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
		0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
		0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
	},
	{	/* 2 MiB */
		/* plain */
		0x0040edcb8000073d, 0x0040edcb8000077d, 0x0040edcb800007bd, 0x0040edcb800007fd,
		0x0000edcb8000073d, 0x0000edcb8000077d, 0x0000edcb800007bd, 0x0000edcb800007fd,
		0x00c0edcb8000073d, 0x00c0edcb8000077d, 0x00c0edcb800007bd, 0x00c0edcb800007fd,
		0x0080edcb8000073d, 0x0080edcb8000077d, 0x0080edcb800007bd, 0x0080edcb800007fd,
		/* DEVICE */
		0x0040edcb80000705, 0x0040edcb80000745, 0x0040edcb80000785, 0x0040edcb800007c5,
		0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
		0x00c0edcb80000705, 0x00c0edcb80000745, 0x00c0edcb80000785, 0x00c0edcb800007c5,
		0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
		/* UNCACHED */
		0x0040edcb80000715, 0x0040edcb80000755, 0x0040edcb80000795, 0x0040edcb800007d5,
		0x0000edcb80000715, 0x0000edcb80000755, 0x0000edcb80000795, 0x0000edcb800007d5,
		0x00c0edcb80000715, 0x00c0edcb80000755, 0x00c0edcb80000795, 0x00c0edcb800007d5,
		0x0080edcb80000715, 0x0080edcb80000755, 0x0080edcb80000795, 0x0080edcb800007d5,
		/* DEVICE | UNCACHED: always refused */
		0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
		0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
		0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
		0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
	},
	{	/* 1 GiB */
		/* plain */
		0x0040edcb8000073d, 0x0040edcb8000077d, 0x0040edcb800007bd, 0x0040edcb800007fd,
		0x0000edcb8000073d, 0x0000edcb8000077d, 0x0000edcb800007bd, 0x0000edcb800007fd,
		0x00c0edcb8000073d, 0x00c0edcb8000077d, 0x00c0edcb800007bd, 0x00c0edcb800007fd,
		0x0080edcb8000073d, 0x0080edcb8000077d, 0x0080edcb800007bd, 0x0080edcb800007fd,
		/* DEVICE */
		0x0040edcb80000705, 0x0040edcb80000745, 0x0040edcb80000785, 0x0040edcb800007c5,
		0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
		0x00c0edcb80000705, 0x00c0edcb80000745, 0x00c0edcb80000785, 0x00c0edcb800007c5,
		0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
		/* UNCACHED */
		0x0040edcb80000715, 0x0040edcb80000755, 0x0040edcb80000795, 0x0040edcb800007d5,
		0x0000edcb80000715, 0x0000edcb80000755, 0x0000edcb80000795, 0x0000edcb800007d5,
		0x00c0edcb80000715, 0x00c0edcb80000755, 0x00c0edcb80000795, 0x00c0edcb800007d5,
		0x0080edcb80000715, 0x0080edcb80000755, 0x0080edcb80000795, 0x0080edcb800007d5,
		/* DEVICE | UNCACHED: always refused */
		0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
		0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
		0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
		0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
	},
};

/* RISC-V G-stage (Sv39x4, Sv48x4, Sv57x4): PA 0x00fedcb800000000 */
static const u64 axas_rv_matrix[3][64] = {
	{	/* 4 KiB */
		/* plain */
		0x003fb72e00000200, 0x003fb72e00000053, 0x0000000000000000, 0x003fb72e000000d7,
		0x003fb72e00000059, 0x003fb72e0000005b, 0x0000000000000000, 0x003fb72e000000df,
		0x003fb72e00000300, 0x003fb72e00000153, 0x0000000000000000, 0x003fb72e000001d7,
		0x003fb72e00000159, 0x003fb72e0000015b, 0x0000000000000000, 0x003fb72e000001df,
		/* DEVICE */
		0x403fb72e00000200, 0x403fb72e00000053, 0x0000000000000000, 0x403fb72e000000d7,
		0x403fb72e00000059, 0x403fb72e0000005b, 0x0000000000000000, 0x403fb72e000000df,
		0x403fb72e00000300, 0x403fb72e00000153, 0x0000000000000000, 0x403fb72e000001d7,
		0x403fb72e00000159, 0x403fb72e0000015b, 0x0000000000000000, 0x403fb72e000001df,
		/* UNCACHED */
		0x203fb72e00000200, 0x203fb72e00000053, 0x0000000000000000, 0x203fb72e000000d7,
		0x203fb72e00000059, 0x203fb72e0000005b, 0x0000000000000000, 0x203fb72e000000df,
		0x203fb72e00000300, 0x203fb72e00000153, 0x0000000000000000, 0x203fb72e000001d7,
		0x203fb72e00000159, 0x203fb72e0000015b, 0x0000000000000000, 0x203fb72e000001df,
		/* DEVICE | UNCACHED: always refused */
		0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
		0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
		0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
		0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
	},
	{	/* 2 MiB */
		/* plain */
		0x003fb72e00000200, 0x003fb72e00000053, 0x0000000000000000, 0x003fb72e000000d7,
		0x003fb72e00000059, 0x003fb72e0000005b, 0x0000000000000000, 0x003fb72e000000df,
		0x003fb72e00000300, 0x003fb72e00000153, 0x0000000000000000, 0x003fb72e000001d7,
		0x003fb72e00000159, 0x003fb72e0000015b, 0x0000000000000000, 0x003fb72e000001df,
		/* DEVICE */
		0x403fb72e00000200, 0x403fb72e00000053, 0x0000000000000000, 0x403fb72e000000d7,
		0x403fb72e00000059, 0x403fb72e0000005b, 0x0000000000000000, 0x403fb72e000000df,
		0x403fb72e00000300, 0x403fb72e00000153, 0x0000000000000000, 0x403fb72e000001d7,
		0x403fb72e00000159, 0x403fb72e0000015b, 0x0000000000000000, 0x403fb72e000001df,
		/* UNCACHED */
		0x203fb72e00000200, 0x203fb72e00000053, 0x0000000000000000, 0x203fb72e000000d7,
		0x203fb72e00000059, 0x203fb72e0000005b, 0x0000000000000000, 0x203fb72e000000df,
		0x203fb72e00000300, 0x203fb72e00000153, 0x0000000000000000, 0x203fb72e000001d7,
		0x203fb72e00000159, 0x203fb72e0000015b, 0x0000000000000000, 0x203fb72e000001df,
		/* DEVICE | UNCACHED: always refused */
		0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
		0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
		0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
		0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
	},
	{	/* 1 GiB */
		/* plain */
		0x003fb72e00000200, 0x003fb72e00000053, 0x0000000000000000, 0x003fb72e000000d7,
		0x003fb72e00000059, 0x003fb72e0000005b, 0x0000000000000000, 0x003fb72e000000df,
		0x003fb72e00000300, 0x003fb72e00000153, 0x0000000000000000, 0x003fb72e000001d7,
		0x003fb72e00000159, 0x003fb72e0000015b, 0x0000000000000000, 0x003fb72e000001df,
		/* DEVICE */
		0x403fb72e00000200, 0x403fb72e00000053, 0x0000000000000000, 0x403fb72e000000d7,
		0x403fb72e00000059, 0x403fb72e0000005b, 0x0000000000000000, 0x403fb72e000000df,
		0x403fb72e00000300, 0x403fb72e00000153, 0x0000000000000000, 0x403fb72e000001d7,
		0x403fb72e00000159, 0x403fb72e0000015b, 0x0000000000000000, 0x403fb72e000001df,
		/* UNCACHED */
		0x203fb72e00000200, 0x203fb72e00000053, 0x0000000000000000, 0x203fb72e000000d7,
		0x203fb72e00000059, 0x203fb72e0000005b, 0x0000000000000000, 0x203fb72e000000df,
		0x203fb72e00000300, 0x203fb72e00000153, 0x0000000000000000, 0x203fb72e000001d7,
		0x203fb72e00000159, 0x203fb72e0000015b, 0x0000000000000000, 0x203fb72e000001df,
		/* DEVICE | UNCACHED: always refused */
		0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
		0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
		0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
		0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
	},
};

struct axas_fmt_param {
	enum axas_format id;
	unsigned int bits;
	const char *name;
};

static const struct axas_fmt_param axas_fmt_params[] = {
	{ AXAS_FMT_EPT4, 0, "ept4" }, { AXAS_FMT_EPT5, 0, "ept5" },
	{ AXAS_FMT_NPT4, 0, "npt4" }, { AXAS_FMT_NPT5, 0, "npt5" },
	{ AXAS_FMT_ARM_S2, 32, "s2-32" }, { AXAS_FMT_ARM_S2, 36, "s2-36" },
	{ AXAS_FMT_ARM_S2, 40, "s2-40" }, { AXAS_FMT_ARM_S2, 44, "s2-44" },
	{ AXAS_FMT_ARM_S2, 48, "s2-48" }, { AXAS_FMT_SV39X4, 0, "sv39x4" },
	{ AXAS_FMT_SV48X4, 0, "sv48x4" }, { AXAS_FMT_SV57X4, 0, "sv57x4" },
};

static void axas_fmt_param_desc(const struct axas_fmt_param *p, char *desc)
{
	strscpy(desc, p->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(axas_fmt, axas_fmt_params, axas_fmt_param_desc);

static const u64 (*axas_fmt_matrix_of(enum axas_format id, u64 *pa))[64]
{
	switch (id) {
	case AXAS_FMT_EPT4:
	case AXAS_FMT_EPT5:
		*pa = EPT_PA;
		return axas_ept_matrix;
	case AXAS_FMT_NPT4:
	case AXAS_FMT_NPT5:
		*pa = NPT_PA;
		return axas_npt_matrix;
	case AXAS_FMT_ARM_S2:
		*pa = S2_PA;
		return axas_s2_matrix;
	default:
		*pa = RV_PA;
		return axas_rv_matrix;
	}
}

/* Each leaf size the format has, each flag set: the exact raw entry. */
static void axas_fmt_full_matrix(struct kunit *test)
{
	const struct axas_fmt_param *p = test->param_value;
	unsigned int level, top;
	const u64 (*m)[64];
	struct axas_fmt f;
	u32 flags;
	u64 pa;

	KUNIT_ASSERT_EQ(test, 0, axas_fmt_init(&f, p->id, p->bits));
	m = axas_fmt_matrix_of(p->id, &pa);
	top = min(2U, f.top_level);
	for (level = 0; level <= top; level++) {
		for (flags = 0; flags <= AXAS_MAP_FLAGS_ALL; flags++) {
			u64 want = m[level][flags], ad;
			struct axas_pte_info info;

			if (!want) {
				KUNIT_EXPECT_EQ_MSG(test, -EINVAL,
						    axas_fmt_check_flags(&f, flags),
						    "flags %#x", flags);
				continue;
			}
			KUNIT_ASSERT_EQ_MSG(test, 0, axas_fmt_check_flags(&f, flags),
					    "flags %#x", flags);
			KUNIT_EXPECT_EQ_MSG(test, want,
					    f.ops->encode_leaf(&f, axas_hpa(pa), flags, level),
					    "level %u flags %#x", level, flags);
			f.ops->decode(&f, want, level, &info);
			KUNIT_EXPECT_EQ(test, info.type, AXAS_PTE_LEAF);
			KUNIT_EXPECT_EQ(test, axas_hpa_val(info.pa), pa);
			KUNIT_EXPECT_EQ_MSG(test, info.flags, flags,
					    "level %u flags %#x", level, flags);
			/* what the hardware sets is read back, nothing else */
			ad = f.accessed_mask | f.dirty_mask;
			f.ops->decode(&f, want | ad, level, &info);
			KUNIT_EXPECT_TRUE(test, info.accessed);
			KUNIT_EXPECT_EQ(test, info.dirty, !!f.dirty_mask);
			KUNIT_EXPECT_EQ(test, info.flags, flags);
			f.ops->decode(&f, want & ~ad, level, &info);
			KUNIT_EXPECT_FALSE(test, info.accessed || info.dirty);
		}
	}
}

/* Every format instance the other tests iterate over. */
static const struct {
	enum axas_format id;
	unsigned int bits;
	unsigned int valid_flag_sets;	/* of the 64 flag combinations */
} axas_fmt_all[] = {
	{ AXAS_FMT_EPT4, 0, 36 }, { AXAS_FMT_EPT5, 0, 36 },
	{ AXAS_FMT_NPT4, 0, 30 }, { AXAS_FMT_NPT5, 0, 30 },
	{ AXAS_FMT_ARM_S2, 32, 40 }, { AXAS_FMT_ARM_S2, 40, 40 },
	{ AXAS_FMT_ARM_S2, 48, 40 },
	{ AXAS_FMT_SV39X4, 0, 36 }, { AXAS_FMT_SV48X4, 0, 36 },
	{ AXAS_FMT_SV57X4, 0, 36 },
};

/* decode(encode(x)) == x for every accepted flag set, level and format. */
static void axas_fmt_round_trip(struct kunit *test)
{
	unsigned int i, level, valid;
	u32 flags;

	for (i = 0; i < ARRAY_SIZE(axas_fmt_all); i++) {
		struct axas_fmt f;

		KUNIT_ASSERT_EQ(test, 0, axas_fmt_init(&f, axas_fmt_all[i].id,
						       axas_fmt_all[i].bits));
		valid = 0;
		for (flags = 0; flags <= AXAS_MAP_FLAGS_ALL; flags++) {
			if (axas_fmt_check_flags(&f, flags))
				continue;
			valid++;
			for (level = 0; level <= 2; level++) {
				u64 pa = PA2 + (level == 0 ? 0x7000 : 0);
				struct axas_pte_info info;
				u64 raw;

				raw = f.ops->encode_leaf(&f, axas_hpa(pa), flags, level);
				f.ops->decode(&f, raw, level, &info);
				KUNIT_EXPECT_EQ_MSG(test, info.type, AXAS_PTE_LEAF,
						    "fmt %d flags %#x level %u", f.id, flags, level);
				KUNIT_EXPECT_EQ_MSG(test, info.flags, flags,
						    "fmt %d flags %#x level %u", f.id, flags, level);
				KUNIT_EXPECT_EQ(test, axas_hpa_val(info.pa), pa);
				KUNIT_EXPECT_NE(test, raw, 0);
			}
		}
		KUNIT_EXPECT_EQ_MSG(test, valid, axas_fmt_all[i].valid_flag_sets,
				    "fmt %d", f.id);
	}
}

/* Table entries decode as tables at every level above the leaves. */
static void axas_fmt_table_entries(struct kunit *test)
{
	static const u64 want[] = {
		0x0000000123456007ULL, 0x0000000123456007ULL,	/* EPT: R|W|X */
		0x0000000123456007ULL, 0x0000000123456007ULL,	/* NPT: P|RW|US */
		0x0000000123456003ULL, 0x0000000123456003ULL,	/* stage 2: 0b11 */
		0x0000000123456003ULL,
		0x0000000048d15801ULL, 0x0000000048d15801ULL,	/* G-stage: V */
		0x0000000048d15801ULL,
	};
	unsigned int i, level;

	for (i = 0; i < ARRAY_SIZE(axas_fmt_all); i++) {
		struct axas_pte_info info;
		struct axas_fmt f;
		u64 raw;

		axas_fmt_init(&f, axas_fmt_all[i].id, axas_fmt_all[i].bits);
		raw = f.ops->encode_table(&f, axas_hpa(PA0));
		KUNIT_EXPECT_EQ_MSG(test, raw, want[i], "fmt %d", f.id);
		for (level = 1; level <= f.top_level; level++) {
			f.ops->decode(&f, raw, level, &info);
			KUNIT_EXPECT_EQ(test, info.type, AXAS_PTE_TABLE);
			KUNIT_EXPECT_EQ(test, axas_hpa_val(info.pa), PA0);
		}
		f.ops->decode(&f, 0, 1, &info);
		KUNIT_EXPECT_EQ(test, info.type, AXAS_PTE_NONE);
	}
}

static void axas_fmt_rejected_flags(struct kunit *test)
{
	struct axas_fmt f;

	axas_fmt_init(&f, AXAS_FMT_EPT4, 0);
	KUNIT_EXPECT_EQ(test, -EINVAL, axas_fmt_check_flags(&f, W));
	KUNIT_EXPECT_EQ(test, -EINVAL, axas_fmt_check_flags(&f, W | X));
	KUNIT_EXPECT_EQ(test, 0, axas_fmt_check_flags(&f, X));
	KUNIT_EXPECT_EQ(test, -EINVAL, axas_fmt_check_flags(&f, R | D | C));
	KUNIT_EXPECT_EQ(test, -EINVAL, axas_fmt_check_flags(&f, R | 0x40));
	KUNIT_EXPECT_EQ(test, -EINVAL, axas_fmt_check_flags(&f, 0x80000000));

	axas_fmt_init(&f, AXAS_FMT_NPT4, 0);
	KUNIT_EXPECT_EQ(test, -EINVAL, axas_fmt_check_flags(&f, W));
	KUNIT_EXPECT_EQ(test, -EINVAL, axas_fmt_check_flags(&f, X));
	KUNIT_EXPECT_EQ(test, 0, axas_fmt_check_flags(&f, 0));
	KUNIT_EXPECT_EQ(test, 0, axas_fmt_check_flags(&f, R | X));

	axas_fmt_init(&f, AXAS_FMT_ARM_S2, 40);
	KUNIT_EXPECT_EQ(test, 0, axas_fmt_check_flags(&f, W));
	KUNIT_EXPECT_EQ(test, 0, axas_fmt_check_flags(&f, X | U));
	KUNIT_EXPECT_EQ(test, -EINVAL, axas_fmt_check_flags(&f, D | C));
	/* executable Device memory: speculative fetches from MMIO */
	KUNIT_EXPECT_EQ(test, -EINVAL, axas_fmt_check_flags(&f, R | X | D));
	KUNIT_EXPECT_EQ(test, -EINVAL, axas_fmt_check_flags(&f, X | D));
	KUNIT_EXPECT_EQ(test, 0, axas_fmt_check_flags(&f, R | W | D));
	KUNIT_EXPECT_EQ(test, 0, axas_fmt_check_flags(&f, R | X | C));

	axas_fmt_init(&f, AXAS_FMT_SV48X4, 0);
	KUNIT_EXPECT_EQ(test, -EINVAL, axas_fmt_check_flags(&f, W | X));
	KUNIT_EXPECT_EQ(test, 0, axas_fmt_check_flags(&f, X));
}

static void axas_fmt_geometry(struct kunit *test)
{
	static const struct {
		enum axas_format id;
		unsigned int bits, gpa_bits, top, root_bits, root_order;
		const char *name;
	} g[] = {
		{ AXAS_FMT_EPT4, 0, 48, 3, 9, 0, "ept4" },
		{ AXAS_FMT_EPT5, 0, 57, 4, 9, 0, "ept5" },
		{ AXAS_FMT_NPT4, 0, 48, 3, 9, 0, "npt4" },
		{ AXAS_FMT_NPT5, 0, 57, 4, 9, 0, "npt5" },
		/* stage 2: start level and concatenated root tables from the IPA */
		{ AXAS_FMT_ARM_S2, 32, 32, 1, 11, 2, "s2-32" },	/* L2, 4 tables */
		{ AXAS_FMT_ARM_S2, 39, 39, 2, 9, 0, "s2-39" },	/* L1, 1 table */
		{ AXAS_FMT_ARM_S2, 0, 40, 2, 10, 1, "s2-40" },	/* L1, 2 tables */
		{ AXAS_FMT_ARM_S2, 42, 42, 2, 12, 3, "s2-42" },	/* L1, 8 tables */
		{ AXAS_FMT_ARM_S2, 43, 43, 2, 13, 4, "s2-43" },	/* L1, 16 tables */
		{ AXAS_FMT_ARM_S2, 44, 44, 3, 5, 0, "s2-44" },	/* L0, 32 entries */
		{ AXAS_FMT_ARM_S2, 48, 48, 3, 9, 0, "s2-48" },	/* L0, 1 table */
		{ AXAS_FMT_SV39X4, 0, 41, 2, 11, 2, "sv39x4" },
		{ AXAS_FMT_SV48X4, 0, 50, 3, 11, 2, "sv48x4" },
		{ AXAS_FMT_SV57X4, 0, 59, 4, 11, 2, "sv57x4" },
	};
	struct axas_fmt f;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(g); i++) {
		KUNIT_ASSERT_EQ(test, 0, axas_fmt_init(&f, g[i].id, g[i].bits));
		KUNIT_EXPECT_EQ_MSG(test, f.gpa_bits, g[i].gpa_bits, "%s", g[i].name);
		KUNIT_EXPECT_EQ_MSG(test, f.top_level, g[i].top, "%s", g[i].name);
		KUNIT_EXPECT_EQ_MSG(test, f.root_index_bits, g[i].root_bits, "%s", g[i].name);
		KUNIT_EXPECT_EQ_MSG(test, f.root_order, g[i].root_order, "%s", g[i].name);
		/* the root covers exactly the GPA width */
		KUNIT_EXPECT_EQ(test, f.gpa_bits, AXAS_PAGE_SHIFT +
				AXAS_LEVEL_BITS * f.top_level + f.root_index_bits);
	}
	KUNIT_EXPECT_EQ(test, -EINVAL, axas_fmt_init(&f, AXAS_FMT_ARM_S2, 31));
	KUNIT_EXPECT_EQ(test, -EINVAL, axas_fmt_init(&f, AXAS_FMT_ARM_S2, 49));
	KUNIT_EXPECT_EQ(test, -EINVAL, axas_fmt_init(&f, AXAS_FMT_EPT4, 40));
	KUNIT_EXPECT_EQ(test, 0, axas_fmt_init(&f, AXAS_FMT_EPT4, 48));
	KUNIT_EXPECT_EQ(test, -EINVAL, axas_fmt_init(&f, AXAS_FMT_NR, 0));
	KUNIT_EXPECT_EQ(test, -EINVAL, axas_fmt_init(&f, 1000, 0));
	KUNIT_ASSERT_EQ(test, 0, axas_fmt_init(&f, AXAS_FMT_NATIVE, 0));
	KUNIT_EXPECT_EQ(test, f.id, AXAS_FMT_EPT4);	/* an x86-64 test kernel */
}

static void axas_fmt_root_pointers(struct kunit *test)
{
	struct axas_fmt f;

	axas_fmt_init(&f, AXAS_FMT_EPT4, 0);	/* | 3 << 3 | WB | A/D */
	KUNIT_EXPECT_EQ(test, f.ops->root_pointer(&f, axas_hpa(0x5000), 0), 0x505eULL);
	axas_fmt_init(&f, AXAS_FMT_EPT5, 0);	/* | 4 << 3 | WB | A/D */
	KUNIT_EXPECT_EQ(test, f.ops->root_pointer(&f, axas_hpa(0x5000), 0), 0x5066ULL);
	axas_fmt_init(&f, AXAS_FMT_NPT4, 0);
	KUNIT_EXPECT_EQ(test, f.ops->root_pointer(&f, axas_hpa(0x5000), 9), 0x5000ULL);
	axas_fmt_init(&f, AXAS_FMT_ARM_S2, 40);	/* VMID in 63:48 */
	KUNIT_EXPECT_EQ(test, f.ops->root_pointer(&f, axas_hpa(0x6000), 7),
			0x0007000000006000ULL);
	axas_fmt_init(&f, AXAS_FMT_SV39X4, 0);	/* MODE 8, VMID 57:44, PPN */
	KUNIT_EXPECT_EQ(test, f.ops->root_pointer(&f, axas_hpa(0x80004000), 5),
			0x8000500000080004ULL);
	axas_fmt_init(&f, AXAS_FMT_SV48X4, 0);
	KUNIT_EXPECT_EQ(test, f.ops->root_pointer(&f, axas_hpa(0x80004000), 5),
			0x9000500000080004ULL);
	axas_fmt_init(&f, AXAS_FMT_SV57X4, 0);
	KUNIT_EXPECT_EQ(test, f.ops->root_pointer(&f, axas_hpa(0x80004000), 5),
			0xa000500000080004ULL);
}

/* Reserved or invalid encodings decode as nothing, never as a leaf. */
static void axas_fmt_invalid_entries(struct kunit *test)
{
	struct axas_pte_info info;
	struct axas_fmt f;

	axas_fmt_init(&f, AXAS_FMT_ARM_S2, 40);
	f.ops->decode(&f, PA0 | 0x1, 0, &info);	/* level 3 with bit 1 clear */
	KUNIT_EXPECT_EQ(test, info.type, AXAS_PTE_NONE);
	axas_fmt_init(&f, AXAS_FMT_SV39X4, 0);
	f.ops->decode(&f, 0x48d15801ULL, 0, &info);	/* pointer at the last level */
	KUNIT_EXPECT_EQ(test, info.type, AXAS_PTE_NONE);
	axas_fmt_init(&f, AXAS_FMT_EPT4, 0);
	f.ops->decode(&f, PA0 | 0x30, 0, &info);	/* no R/W/X, no marker */
	KUNIT_EXPECT_EQ(test, info.type, AXAS_PTE_NONE);
	axas_fmt_init(&f, AXAS_FMT_NPT4, 0);
	f.ops->decode(&f, PA0 | 0x6, 0, &info);		/* P clear */
	KUNIT_EXPECT_EQ(test, info.type, AXAS_PTE_NONE);
}

static struct kunit_case axas_fmt_test_cases[] = {
	KUNIT_CASE_PARAM(axas_fmt_leaf_matrix, axas_fmt_case_gen_params),
	KUNIT_CASE_PARAM(axas_fmt_full_matrix, axas_fmt_gen_params),
	KUNIT_CASE(axas_fmt_round_trip),
	KUNIT_CASE(axas_fmt_table_entries),
	KUNIT_CASE(axas_fmt_rejected_flags),
	KUNIT_CASE(axas_fmt_geometry),
	KUNIT_CASE(axas_fmt_root_pointers),
	KUNIT_CASE(axas_fmt_invalid_entries),
	{}
};

static struct kunit_suite axas_fmt_suite = {
	.name = "axas_fmt",
	.test_cases = axas_fmt_test_cases,
};

kunit_test_suites(&axas_fmt_suite);
