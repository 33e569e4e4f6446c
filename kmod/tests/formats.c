// SPDX-License-Identifier: GPL-2.0
/*
 * The format instances every KUnit suite runs over, and their parameter
 * generators.
 */
#include "formats.h"

/* arm64 stage 2 at an IPA width: named after it */
#define AXAS_TF_S2(bits) \
	[AXAS_TF_S2_##bits] = { AXAS_FMT_ARM_S2, bits, "s2-" #bits }

const struct axas_test_fmt axas_test_fmts[AXAS_TF_NR] = {
	[AXAS_TF_EPT4] = { AXAS_FMT_EPT4, 48, "ept4" },
	[AXAS_TF_EPT5] = { AXAS_FMT_EPT5, 57, "ept5" },
	[AXAS_TF_NPT4] = { AXAS_FMT_NPT4, 48, "npt4" },
	[AXAS_TF_NPT5] = { AXAS_FMT_NPT5, 57, "npt5" },
	AXAS_TF_S2(32), AXAS_TF_S2(36), AXAS_TF_S2(40), AXAS_TF_S2(44),
	AXAS_TF_S2(48),
	[AXAS_TF_SV39X4] = { AXAS_FMT_SV39X4, 41, "sv39x4" },
	[AXAS_TF_SV48X4] = { AXAS_FMT_SV48X4, 50, "sv48x4" },
	[AXAS_TF_SV57X4] = { AXAS_FMT_SV57X4, 59, "sv57x4" },
};

/**
 * axas_test_fmt_desc() - the KUnit description of an instance
 * @f: an entry of axas_test_fmts[]
 * @desc: KUNIT_PARAM_DESC_SIZE bytes to fill
 */
void axas_test_fmt_desc(const struct axas_test_fmt *f, char *desc)
{
	strscpy(desc, f->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(axas_test_fmt_all, axas_test_fmts, axas_test_fmt_desc);

/**
 * axas_test_fmt_gen_params() - every instance of axas_test_fmts[] in turn
 * @prev: the previous parameter, or NULL for the first
 * @desc: its description, filled in
 *
 * Return: the next instance, or NULL after the last.
 */
const void *axas_test_fmt_gen_params(const void *prev, char *desc)
{
	return axas_test_fmt_all_gen_params(prev, desc);
}

/* For layers above the formats: one instance of each family. */
static const enum axas_test_fmt_index axas_test_fmt_family[] = {
	AXAS_TF_EPT4, AXAS_TF_NPT5, AXAS_TF_S2_40, AXAS_TF_SV39X4,
};

/**
 * axas_test_fmt_family_gen_params() - one instance per format family
 * @prev: the previous parameter, or NULL for the first
 * @desc: its description, filled in
 *
 * EPT, NPT, arm64 stage 2 and RISC-V G-stage, each with one of its
 * widths, for the layers whose behaviour does not depend on the format.
 *
 * Return: the next instance, or NULL after the last.
 */
const void *axas_test_fmt_family_gen_params(const void *prev, char *desc)
{
	const struct axas_test_fmt *f;
	unsigned int i = 0;

	/* @prev is the one returned last: start after it */
	if (prev)
		while (&axas_test_fmts[axas_test_fmt_family[i++]] != prev)
			;
	if (i >= ARRAY_SIZE(axas_test_fmt_family))
		return NULL;
	f = &axas_test_fmts[axas_test_fmt_family[i]];
	axas_test_fmt_desc(f, desc);
	return f;
}
