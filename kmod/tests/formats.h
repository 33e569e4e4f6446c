/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The format instances the KUnit suites run over: one table for all of
 * them, with the short name each parameter is described by.
 */
#ifndef _AXAS_TEST_FORMATS_H
#define _AXAS_TEST_FORMATS_H

#include <kunit/test.h>
#include <uapi/linux/axaddrspace.h>

/**
 * struct axas_test_fmt - one format instance under test
 * @id: the format
 * @gpa_bits: its guest physical address width, as axas_fmt_init() takes
 *	it (the fixed width of every format but arm64 stage 2)
 * @name: short name, as axctl spells it: the KUnit parameter description
 */
struct axas_test_fmt {
	enum axas_format id;
	unsigned int gpa_bits;
	const char *name;
};

/**
 * enum axas_test_fmt_index - where each instance is in axas_test_fmts[]
 * @AXAS_TF_EPT4: Intel EPT, 4 levels
 * @AXAS_TF_EPT5: Intel EPT, 5 levels
 * @AXAS_TF_NPT4: AMD NPT, 4 levels
 * @AXAS_TF_NPT5: AMD NPT, 5 levels
 * @AXAS_TF_S2_32: arm64 stage 2, 32-bit IPA (root at level 2, 4 tables)
 * @AXAS_TF_S2_36: arm64 stage 2, 36-bit IPA (a level-1 root of 64 entries)
 * @AXAS_TF_S2_40: arm64 stage 2, 40-bit IPA (the default)
 * @AXAS_TF_S2_44: arm64 stage 2, 44-bit IPA (a level-0 root of 32 entries)
 * @AXAS_TF_S2_48: arm64 stage 2, 48-bit IPA
 * @AXAS_TF_SV39X4: RISC-V G-stage Sv39x4
 * @AXAS_TF_SV48X4: RISC-V G-stage Sv48x4
 * @AXAS_TF_SV57X4: RISC-V G-stage Sv57x4
 * @AXAS_TF_NR: number of instances
 *
 * Suites that need more per-instance data keep a table of their own
 * indexed by these.
 */
enum axas_test_fmt_index {
	AXAS_TF_EPT4,
	AXAS_TF_EPT5,
	AXAS_TF_NPT4,
	AXAS_TF_NPT5,
	AXAS_TF_S2_32,
	AXAS_TF_S2_36,
	AXAS_TF_S2_40,
	AXAS_TF_S2_44,
	AXAS_TF_S2_48,
	AXAS_TF_SV39X4,
	AXAS_TF_SV48X4,
	AXAS_TF_SV57X4,
	AXAS_TF_NR,
};

extern const struct axas_test_fmt axas_test_fmts[AXAS_TF_NR];

void axas_test_fmt_desc(const struct axas_test_fmt *f, char *desc);
const void *axas_test_fmt_gen_params(const void *prev, char *desc);
const void *axas_test_fmt_family_gen_params(const void *prev, char *desc);

/* The instance a parametrised case runs with. */
static inline const struct axas_test_fmt *axas_test_fmt(struct kunit *test)
{
	return test->param_value;
}

/* Its index in axas_test_fmts[]. */
static inline enum axas_test_fmt_index axas_test_fmt_index(struct kunit *test)
{
	return axas_test_fmt(test) - axas_test_fmts;
}

#endif /* _AXAS_TEST_FORMATS_H */
