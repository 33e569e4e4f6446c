// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the page-table formats: raw entries against values
 * derived by hand from the manuals (Intel SDM vol. 3C "EPT", AMD APM vol. 2
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
						    "%s flags %#x level %u", f.name, flags, level);
				KUNIT_EXPECT_EQ_MSG(test, info.flags, flags,
						    "%s flags %#x level %u", f.name, flags, level);
				KUNIT_EXPECT_EQ(test, axas_hpa_val(info.pa), pa);
				KUNIT_EXPECT_NE(test, raw, 0);
			}
		}
		KUNIT_EXPECT_EQ_MSG(test, valid, axas_fmt_all[i].valid_flag_sets,
				    "%s", f.name);
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
		KUNIT_EXPECT_EQ_MSG(test, raw, want[i], "%s", f.name);
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
		KUNIT_EXPECT_STREQ(test, f.name, g[i].name);
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
