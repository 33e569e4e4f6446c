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
#include "formats.h"
#include "suite.h"

#define R AXAS_MAP_READ
#define W AXAS_MAP_WRITE
#define X AXAS_MAP_EXECUTE
#define U AXAS_MAP_USER
#define D AXAS_MAP_DEVICE
#define C AXAS_MAP_UNCACHED
#define NONE 0
#define RW (R | W)
#define RWX (R | W | X)
#define RWXU (R | W | X | U)
#define RWD (R | W | D)
#define RWC (R | W | C)

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
	{ AXAS_FMT_EPT4, 0, 0, PA0, RWX, 0x0000000123456037ULL },
	{ AXAS_FMT_EPT4, 0, 0, PA0, R, 0x0000000123456031ULL },
	{ AXAS_FMT_EPT4, 0, 0, PA0, RW, 0x0000000123456033ULL },
	{ AXAS_FMT_EPT4, 0, 0, PA0, X, 0x0000000123456034ULL },
	{ AXAS_FMT_EPT4, 0, 0, PA0, RWXU, 0x0010000123456437ULL },
	{ AXAS_FMT_EPT4, 0, 0, PA0, RWD, 0x0020000123456003ULL },
	{ AXAS_FMT_EPT4, 0, 0, PA0, RWC, 0x0000000123456003ULL },
	{ AXAS_FMT_EPT4, 0, 0, PA0, NONE, 0x0040000123456030ULL },
	{ AXAS_FMT_EPT4, 0, 1, PA1, RW, 0x00000001234000b3ULL },
	{ AXAS_FMT_EPT5, 0, 2, PA2, RWX, 0x00000001400000b7ULL },
	/* NPT: P 0, RW 1, US 2, PWT 3, PCD 4, PS 7, NX 63; sw 52 U, 53 D, 54 none */
	{ AXAS_FMT_NPT4, 0, 0, PA0, RWX, 0x0000000123456007ULL },
	{ AXAS_FMT_NPT4, 0, 0, PA0, R, 0x8000000123456005ULL },
	{ AXAS_FMT_NPT4, 0, 0, PA0, RW, 0x8000000123456007ULL },
	{ AXAS_FMT_NPT4, 0, 0, PA0, RWXU, 0x0010000123456007ULL },
	{ AXAS_FMT_NPT4, 0, 0, PA0, RWD, 0x802000012345601fULL },
	{ AXAS_FMT_NPT4, 0, 0, PA0, RWC, 0x800000012345601fULL },
	{ AXAS_FMT_NPT4, 0, 0, PA0, NONE, 0x0040000123456000ULL },
	{ AXAS_FMT_NPT4, 0, 1, PA1, RW, 0x8000000123400087ULL },
	{ AXAS_FMT_NPT5, 0, 2, PA2, RWX, 0x0000000140000087ULL },
	/* stage 2: valid 0, page 1, MemAttr 5:2, S2AP 7:6, SH 9:8, AF 10, XN 54; sw 55 U */
	{ AXAS_FMT_ARM_S2, 40, 0, PA0, RWX, 0x00000001234567ffULL },
	{ AXAS_FMT_ARM_S2, 40, 0, PA0, R, 0x004000012345677fULL },
	{ AXAS_FMT_ARM_S2, 40, 0, PA0, W, 0x00400001234567bfULL },
	{ AXAS_FMT_ARM_S2, 40, 0, PA0, X, 0x000000012345673fULL },
	{ AXAS_FMT_ARM_S2, 40, 0, PA0, RWD, 0x00400001234567c7ULL },
	{ AXAS_FMT_ARM_S2, 40, 0, PA0, RWC, 0x00400001234567d7ULL },
	{ AXAS_FMT_ARM_S2, 40, 0, PA0, RWXU, 0x00800001234567ffULL },
	{ AXAS_FMT_ARM_S2, 40, 0, PA0, NONE, 0x004000012345673fULL },
	{ AXAS_FMT_ARM_S2, 48, 1, PA1, RW, 0x00400001234007fdULL },
	{ AXAS_FMT_ARM_S2, 32, 2, PA2, RWX, 0x00000001400007fdULL },
	/* G-stage: V R W X U G A D 0..7, RSW 9:8 (sw U, none), PPN 53:10, PBMT 62:61 */
	{ AXAS_FMT_SV39X4, 0, 0, PA0, RWX, 0x0000000048d158dfULL },
	{ AXAS_FMT_SV39X4, 0, 0, PA0, R, 0x0000000048d15853ULL },
	{ AXAS_FMT_SV39X4, 0, 0, PA0, RW, 0x0000000048d158d7ULL },
	{ AXAS_FMT_SV39X4, 0, 0, PA0, X, 0x0000000048d15859ULL },
	{ AXAS_FMT_SV39X4, 0, 0, PA0, RWXU, 0x0000000048d159dfULL },
	{ AXAS_FMT_SV39X4, 0, 0, PA0, RWD, 0x4000000048d158d7ULL },
	{ AXAS_FMT_SV39X4, 0, 0, PA0, RWC, 0x2000000048d158d7ULL },
	{ AXAS_FMT_SV39X4, 0, 0, PA0, NONE, 0x0000000048d15a00ULL },
	{ AXAS_FMT_SV48X4, 0, 1, PA1, RW, 0x0000000048d000d7ULL },
	{ AXAS_FMT_SV57X4, 0, 2, PA2, RWX, 0x00000000500000dfULL },
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
 * DEVICE | UNCACHED (flags 48 to 63) is refused by every format.  Leaves
 * above level 0 are alike at every level (EPT, NPT and stage 2 set a
 * block bit, G-stage leaves look the same at every level), so one row
 * serves for 2 MiB and 1 GiB.  The output address has its top bit set,
 * to catch a truncated mask.
 */
enum axas_fmt_row {
	AXAS_ROW_EPT_4K,
	AXAS_ROW_EPT_BLOCK,
	AXAS_ROW_NPT_4K,
	AXAS_ROW_NPT_BLOCK,
	AXAS_ROW_S2_4K,
	AXAS_ROW_S2_BLOCK,
	AXAS_ROW_RV_ALL,
	AXAS_ROW_NR,
};

/* Row after row: 48 entries each */
static const u64 axas_fmt_matrix[AXAS_ROW_NR * 48] = {
	/* EPT, 4 KiB (PA 0x000fedcb80000000): plain */
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
	/* EPT, 2 MiB and 1 GiB (PA 0x000fedcb80000000): plain */
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
	/* NPT, 4 KiB (PA 0x000fedcb80000000): plain */
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
	/* NPT, 2 MiB and 1 GiB (PA 0x000fedcb80000000): plain */
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
	/* stage 2, 4 KiB (PA 0x0000edcb80000000): plain */
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
	/* stage 2, 2 MiB and 1 GiB (PA 0x0000edcb80000000): plain */
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
	/* G-stage, every level (PA 0x00fedcb800000000): plain */
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
};

/**
 * struct axas_fmt_family - what the tests expect of one format family
 * @row: the row of axas_fmt_matrix[] for level-0 leaves
 * @block_row: the row for leaves above level 0
 * @pa: the output address of every leaf of the matrix
 * @valid_flag_sets: how many of the 64 flag sets the format accepts
 * @table: encode_table() of PA0 (EPT: R|W|X; NPT: P|RW|US; stage 2:
 *	0b11; G-stage: V)
 */
struct axas_fmt_family {
	enum axas_fmt_row row, block_row;
	u64 pa;
	unsigned int valid_flag_sets;
	u64 table;
};

static const struct axas_fmt_family axas_fmt_families[] = {
	{ AXAS_ROW_EPT_4K, AXAS_ROW_EPT_BLOCK, 0x000fedcb80000000ULL, 36, 0x123456007ULL },
	{ AXAS_ROW_NPT_4K, AXAS_ROW_NPT_BLOCK, 0x000fedcb80000000ULL, 30, 0x123456007ULL },
	{ AXAS_ROW_S2_4K, AXAS_ROW_S2_BLOCK, 0x0000edcb80000000ULL, 40, 0x123456003ULL },
	{ AXAS_ROW_RV_ALL, AXAS_ROW_RV_ALL, 0x00fedcb800000000ULL, 36, 0x48d15801ULL },
};

static const struct axas_fmt_family *axas_fmt_family_of(enum axas_format id)
{
	switch (id) {
	case AXAS_FMT_EPT4:
	case AXAS_FMT_EPT5:
		return &axas_fmt_families[0];
	case AXAS_FMT_NPT4:
	case AXAS_FMT_NPT5:
		return &axas_fmt_families[1];
	case AXAS_FMT_ARM_S2:
		return &axas_fmt_families[2];
	default:
		return &axas_fmt_families[3];
	}
}

/* The instance of the running case, set up in @f; and its family. */
static const struct axas_fmt_family *
axas_fmt_param_init(struct kunit *test, struct axas_fmt *f)
{
	const struct axas_test_fmt *p = axas_test_fmt(test);

	KUNIT_ASSERT_EQ(test, 0, axas_fmt_init(f, p->id, p->gpa_bits));
	return axas_fmt_family_of(p->id);
}

/* An instance of the shared table, set up in @f. */
static void axas_fmt_init_index(struct kunit *test, struct axas_fmt *f,
				enum axas_test_fmt_index i)
{
	KUNIT_ASSERT_EQ_MSG(test, 0, axas_fmt_init(f, axas_test_fmts[i].id,
						   axas_test_fmts[i].gpa_bits),
			    "%s", axas_test_fmts[i].name);
}

/* Each leaf size the format has, each flag set: the exact raw entry. */
static void axas_fmt_full_matrix(struct kunit *test)
{
	struct axas_fmt f;
	const struct axas_fmt_family *fam = axas_fmt_param_init(test, &f);
	unsigned int level, top = min(2U, f.top_level);
	u64 pa = fam->pa;
	u32 flags;

	for (level = 0; level <= top; level++) {
		const u64 *m = &axas_fmt_matrix[48 * (level ? fam->block_row : fam->row)];

		for (flags = 0; flags <= AXAS_MAP_FLAGS_ALL; flags++) {
			u64 want = (flags & (D | C)) == (D | C) ? 0 : m[flags], ad;
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

/* decode(encode(x)) == x for every accepted flag set and level. */
static void axas_fmt_round_trip(struct kunit *test)
{
	const char *name = axas_test_fmt(test)->name;
	unsigned int level, valid = 0;
	const struct axas_fmt_family *fam;
	struct axas_fmt f;
	u32 flags;

	fam = axas_fmt_param_init(test, &f);
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
					    "%s flags %#x level %u", name, flags, level);
			KUNIT_EXPECT_EQ_MSG(test, info.flags, flags,
					    "%s flags %#x level %u", name, flags, level);
			KUNIT_EXPECT_EQ(test, axas_hpa_val(info.pa), pa);
			KUNIT_EXPECT_NE(test, raw, 0);
		}
	}
	KUNIT_EXPECT_EQ_MSG(test, valid, fam->valid_flag_sets, "%s", name);
}

/* Table entries decode as tables at every level above the leaves. */
static void axas_fmt_table_entries(struct kunit *test)
{
	struct axas_pte_info info;
	struct axas_fmt f;
	const struct axas_fmt_family *fam = axas_fmt_param_init(test, &f);
	u64 raw = f.ops->encode_table(&f, axas_hpa(PA0));
	unsigned int level;

	KUNIT_EXPECT_EQ(test, raw, fam->table);
	for (level = 1; level <= f.top_level; level++) {
		f.ops->decode(&f, raw, level, &info);
		KUNIT_EXPECT_EQ(test, info.type, AXAS_PTE_TABLE);
		KUNIT_EXPECT_EQ(test, axas_hpa_val(info.pa), PA0);
	}
	f.ops->decode(&f, 0, 1, &info);
	KUNIT_EXPECT_EQ(test, info.type, AXAS_PTE_NONE);
}

/* What each format refuses, or accepts, beyond the full matrix. */
static void axas_fmt_rejected_flags(struct kunit *test)
{
	static const struct {
		enum axas_test_fmt_index fmt;
		u32 flags;
		int want;
	} t[] = {
		{ AXAS_TF_EPT4, W, -EINVAL }, { AXAS_TF_EPT4, W | X, -EINVAL },
		{ AXAS_TF_EPT4, X, 0 }, { AXAS_TF_EPT4, R | D | C, -EINVAL },
		{ AXAS_TF_EPT4, R | 0x40, -EINVAL },
		{ AXAS_TF_EPT4, 0x80000000, -EINVAL },
		{ AXAS_TF_NPT4, W, -EINVAL }, { AXAS_TF_NPT4, X, -EINVAL },
		{ AXAS_TF_NPT4, 0, 0 }, { AXAS_TF_NPT4, R | X, 0 },
		{ AXAS_TF_S2_40, W, 0 }, { AXAS_TF_S2_40, X | U, 0 },
		{ AXAS_TF_S2_40, D | C, -EINVAL },
		/* executable Device memory: speculative fetches from MMIO */
		{ AXAS_TF_S2_40, R | X | D, -EINVAL },
		{ AXAS_TF_S2_40, X | D, -EINVAL },
		{ AXAS_TF_S2_40, R | W | D, 0 }, { AXAS_TF_S2_40, R | X | C, 0 },
		{ AXAS_TF_SV48X4, W | X, -EINVAL }, { AXAS_TF_SV48X4, X, 0 },
	};
	struct axas_fmt f;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		axas_fmt_init_index(test, &f, t[i].fmt);
		KUNIT_EXPECT_EQ_MSG(test, t[i].want, axas_fmt_check_flags(&f, t[i].flags),
				    "%s flags %#x", axas_test_fmts[t[i].fmt].name,
				    t[i].flags);
	}
}

/**
 * struct axas_fmt_geom - the geometry a format instance must have
 * @gpa_bits: width of the guest physical address space
 * @top: level of the root table
 * @root_bits: index bits of the root table
 * @root_order: page order of the root allocation
 */
struct axas_fmt_geom {
	unsigned int gpa_bits, top, root_bits, root_order;
};

static void axas_fmt_expect_geom(struct kunit *test, enum axas_format id,
				 unsigned int bits, const struct axas_fmt_geom *g)
{
	struct axas_fmt f;

	KUNIT_ASSERT_EQ(test, 0, axas_fmt_init(&f, id, bits));
	KUNIT_EXPECT_EQ_MSG(test, f.id, id, "fmt%d/%u", id, bits);
	KUNIT_EXPECT_EQ_MSG(test, f.gpa_bits, g->gpa_bits, "fmt%d/%u", id, bits);
	KUNIT_EXPECT_EQ_MSG(test, f.top_level, g->top, "fmt%d/%u", id, bits);
	KUNIT_EXPECT_EQ_MSG(test, f.root_index_bits, g->root_bits, "fmt%d/%u", id, bits);
	KUNIT_EXPECT_EQ_MSG(test, f.root_order, g->root_order, "fmt%d/%u", id, bits);
	/* the root covers exactly the GPA width */
	KUNIT_EXPECT_EQ(test, f.gpa_bits, AXAS_PAGE_SHIFT +
			AXAS_LEVEL_BITS * f.top_level + f.root_index_bits);
}

/* Geometry of each instance of the shared table, indexed like it. */
static const struct axas_fmt_geom axas_fmt_geoms[AXAS_TF_NR] = {
	[AXAS_TF_EPT4] = { 48, 3, 9, 0 },
	[AXAS_TF_EPT5] = { 57, 4, 9, 0 },
	[AXAS_TF_NPT4] = { 48, 3, 9, 0 },
	[AXAS_TF_NPT5] = { 57, 4, 9, 0 },
	/* stage 2: start level and concatenated root tables from the IPA */
	[AXAS_TF_S2_32] = { 32, 1, 11, 2 },	/* L2, 4 tables */
	[AXAS_TF_S2_36] = { 36, 2, 6, 0 },	/* L1, 64 entries */
	[AXAS_TF_S2_40] = { 40, 2, 10, 1 },	/* L1, 2 tables */
	[AXAS_TF_S2_44] = { 44, 3, 5, 0 },	/* L0, 32 entries */
	[AXAS_TF_S2_48] = { 48, 3, 9, 0 },	/* L0, 1 table */
	[AXAS_TF_SV39X4] = { 41, 2, 11, 2 },
	[AXAS_TF_SV48X4] = { 50, 3, 11, 2 },
	[AXAS_TF_SV57X4] = { 59, 4, 11, 2 },
};

static void axas_fmt_geometry(struct kunit *test)
{
	const struct axas_test_fmt *p = axas_test_fmt(test);
	const struct axas_fmt_geom *g = &axas_fmt_geoms[axas_test_fmt_index(test)];

	KUNIT_EXPECT_EQ(test, p->gpa_bits, g->gpa_bits);
	axas_fmt_expect_geom(test, p->id, p->gpa_bits, g);
	/* 0 asks for the default width: the only one but for stage 2 */
	if (p->id != AXAS_FMT_ARM_S2)
		axas_fmt_expect_geom(test, p->id, 0, g);
}

/* The stage-2 widths the other suites do not run over; refused widths. */
static void axas_fmt_geometry_widths(struct kunit *test)
{
	static const struct {
		unsigned int bits;
		struct axas_fmt_geom g;
	} s2[] = {
		{ 0, { 40, 2, 10, 1 } },	/* the default: L1, 2 tables */
		{ 39, { 39, 2, 9, 0 } },	/* L1, 1 table */
		{ 42, { 42, 2, 12, 3 } },	/* L1, 8 tables */
		{ 43, { 43, 2, 13, 4 } },	/* L1, 16 tables */
	};
	struct axas_fmt f;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(s2); i++)
		axas_fmt_expect_geom(test, AXAS_FMT_ARM_S2, s2[i].bits, &s2[i].g);
	KUNIT_EXPECT_EQ(test, -EINVAL, axas_fmt_init(&f, AXAS_FMT_ARM_S2, 31));
	KUNIT_EXPECT_EQ(test, -EINVAL, axas_fmt_init(&f, AXAS_FMT_ARM_S2, 49));
	KUNIT_EXPECT_EQ(test, -EINVAL, axas_fmt_init(&f, AXAS_FMT_EPT4, 40));
	KUNIT_EXPECT_EQ(test, -EINVAL, axas_fmt_init(&f, AXAS_FMT_NR, 0));
	KUNIT_EXPECT_EQ(test, -EINVAL, axas_fmt_init(&f, 1000, 0));
	/* what NATIVE is on this machine: axas_dev_ioctl_test checks that */
	KUNIT_ASSERT_EQ(test, 0, axas_fmt_init(&f, AXAS_FMT_NATIVE, 0));
	KUNIT_EXPECT_EQ(test, f.id, axas_fmt_native());
	KUNIT_EXPECT_NE(test, f.id, AXAS_FMT_NATIVE);
}

/*
 * NATIVE follows axas_fmt_set_native(), the stage-2 IPA width included
 * when the creator names none.  The module's own setting is put back.
 */
static void axas_fmt_set_native_width(struct kunit *test)
{
	enum axas_format saved = axas_fmt_native();
	struct axas_fmt saved_f, f;
	unsigned int restore_bits;

	KUNIT_ASSERT_EQ(test, 0, axas_fmt_init(&saved_f, AXAS_FMT_NATIVE, 0));
	KUNIT_EXPECT_EQ(test, -EINVAL, axas_fmt_set_native(AXAS_FMT_NATIVE, 0));
	KUNIT_EXPECT_EQ(test, -EINVAL, axas_fmt_set_native(AXAS_FMT_ARM_S2, 49));
	KUNIT_EXPECT_EQ(test, -EINVAL, axas_fmt_set_native(AXAS_FMT_SV48X4, 48));
	KUNIT_EXPECT_EQ(test, saved, axas_fmt_native());

	KUNIT_ASSERT_EQ(test, 0, axas_fmt_set_native(AXAS_FMT_ARM_S2, 44));
	KUNIT_EXPECT_EQ(test, AXAS_FMT_ARM_S2, axas_fmt_native());
	KUNIT_EXPECT_EQ(test, 0, axas_fmt_init(&f, AXAS_FMT_NATIVE, 0));
	KUNIT_EXPECT_EQ(test, AXAS_FMT_ARM_S2, f.id);
	KUNIT_EXPECT_EQ(test, 44, f.gpa_bits);
	/* a width the creator names wins */
	KUNIT_EXPECT_EQ(test, 0, axas_fmt_init(&f, AXAS_FMT_NATIVE, 36));
	KUNIT_EXPECT_EQ(test, 36, f.gpa_bits);

	KUNIT_ASSERT_EQ(test, 0, axas_fmt_set_native(AXAS_FMT_NPT5, 0));
	KUNIT_EXPECT_EQ(test, 0, axas_fmt_init(&f, AXAS_FMT_NATIVE, 0));
	KUNIT_EXPECT_EQ(test, AXAS_FMT_NPT5, f.id);
	KUNIT_EXPECT_EQ(test, 57, f.gpa_bits);

	restore_bits = saved == AXAS_FMT_ARM_S2 ? saved_f.gpa_bits : 0;
	KUNIT_ASSERT_EQ(test, 0, axas_fmt_set_native(saved, restore_bits));
	KUNIT_EXPECT_EQ(test, 0, axas_fmt_init(&f, AXAS_FMT_NATIVE, 0));
	KUNIT_EXPECT_EQ(test, saved_f.id, f.id);
	KUNIT_EXPECT_EQ(test, saved_f.gpa_bits, f.gpa_bits);
}

static void axas_fmt_root_pointers(struct kunit *test)
{
	static const struct {
		enum axas_test_fmt_index fmt;
		u64 root, id, want;
	} t[] = {
		{ AXAS_TF_EPT4, 0x5000, 0, 0x505eULL },	/* | 3 << 3 | WB | A/D */
		{ AXAS_TF_EPT5, 0x5000, 0, 0x5066ULL },	/* | 4 << 3 | WB | A/D */
		{ AXAS_TF_NPT4, 0x5000, 9, 0x5000ULL },
		{ AXAS_TF_S2_40, 0x6000, 7, 0x0007000000006000ULL },	/* VMID 63:48 */
		/* G-stage: MODE, VMID 57:44, PPN */
		{ AXAS_TF_SV39X4, 0x80004000, 5, 0x8000500000080004ULL },
		{ AXAS_TF_SV48X4, 0x80004000, 5, 0x9000500000080004ULL },
		{ AXAS_TF_SV57X4, 0x80004000, 5, 0xa000500000080004ULL },
	};
	struct axas_fmt f;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		axas_fmt_init_index(test, &f, t[i].fmt);
		KUNIT_EXPECT_EQ_MSG(test, t[i].want,
				    f.ops->root_pointer(&f, axas_hpa(t[i].root), t[i].id),
				    "%s", axas_test_fmts[t[i].fmt].name);
	}
}

/* Reserved or invalid encodings decode as nothing, never as a leaf. */
static void axas_fmt_invalid_entries(struct kunit *test)
{
	static const struct {
		enum axas_test_fmt_index fmt;
		u64 raw;
	} t[] = {
		{ AXAS_TF_S2_40, PA0 | 0x1 },		/* level 3 with bit 1 clear */
		{ AXAS_TF_SV39X4, 0x48d15801ULL },	/* pointer at the last level */
		{ AXAS_TF_EPT4, PA0 | 0x30 },		/* no R/W/X, no marker */
		{ AXAS_TF_NPT4, PA0 | 0x6 },		/* P clear */
	};
	struct axas_pte_info info;
	struct axas_fmt f;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		axas_fmt_init_index(test, &f, t[i].fmt);
		f.ops->decode(&f, t[i].raw, 0, &info);
		KUNIT_EXPECT_EQ_MSG(test, info.type, AXAS_PTE_NONE, "%s",
				    axas_test_fmts[t[i].fmt].name);
	}
}

AXAS_KUNIT_SUITE(axas_fmt,
		 KUNIT_CASE_PARAM(axas_fmt_leaf_matrix, axas_fmt_case_gen_params),
		 KUNIT_CASE_PARAM(axas_fmt_full_matrix, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM(axas_fmt_round_trip, axas_test_fmt_gen_params),
		 KUNIT_CASE_PARAM(axas_fmt_table_entries, axas_test_fmt_gen_params),
		 KUNIT_CASE(axas_fmt_rejected_flags),
		 KUNIT_CASE_PARAM(axas_fmt_geometry, axas_test_fmt_gen_params),
		 KUNIT_CASE(axas_fmt_geometry_widths),
		 KUNIT_CASE(axas_fmt_set_native_width),
		 KUNIT_CASE(axas_fmt_root_pointers),
		 KUNIT_CASE(axas_fmt_invalid_entries));
