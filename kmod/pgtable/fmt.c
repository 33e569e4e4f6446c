// SPDX-License-Identifier: GPL-2.0
/*
 * Format selection and the one place where mapping flags are validated.
 *
 * Pure code: no memory is touched here or in any fmt_*.c file, so the
 * formats can also be built in user space (tools/testing/uspace/).
 */
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/kconfig.h>
#include <linux/types.h>
#include "fmt.h"
#include "export.h"

/*
 * What AXAS_FMT_NATIVE stands for.  The portable core cannot ask the CPU:
 * the space layer probes it at module load (space/arch_*.c) and sets it
 * here before any space exists; until then, and in the user-space build,
 * it is EPT4.
 */
static enum axas_format axas_native_fmt = AXAS_FMT_EPT4;
static unsigned int axas_native_gpa_bits;

/**
 * axas_fmt_set_native() - set the format AXAS_FMT_NATIVE stands for
 * @id: a format other than NATIVE
 * @gpa_bits: the width a NATIVE space gets when its creator names none
 *	(arm64 stage 2: the host's IPA width); 0 for the format's default
 *
 * Called once, at module load, before any space is created.
 *
 * Return: 0, or -EINVAL when @id with @gpa_bits is not a format.
 */
int axas_fmt_set_native(enum axas_format id, unsigned int gpa_bits)
{
	struct axas_fmt f;
	int ret;

	if (id == AXAS_FMT_NATIVE)
		return -EINVAL;
	ret = axas_fmt_init(&f, id, gpa_bits);
	if (ret)
		return ret;
	axas_native_fmt = id;
	axas_native_gpa_bits = gpa_bits;
	return 0;
}
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_fmt_set_native);

/**
 * axas_fmt_native() - the format AXAS_FMT_NATIVE stands for on this host
 *
 * Return: what axas_fmt_set_native() set: EPT or NPT (4 or 5 levels) on
 * x86, ARM_S2 on arm64, the widest SV*X4 the hart has on RISC-V.
 */
enum axas_format axas_fmt_native(void)
{
	return axas_native_fmt;
}
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_fmt_native);

/* Every format but NATIVE, by identifier. */
static const struct axas_fmt *const axas_formats[AXAS_FMT_NR] = {
	[AXAS_FMT_EPT4] = &axas_fmt_ept4,
	[AXAS_FMT_EPT5] = &axas_fmt_ept5,
	[AXAS_FMT_NPT4] = &axas_fmt_npt4,
	[AXAS_FMT_NPT5] = &axas_fmt_npt5,
	[AXAS_FMT_ARM_S2] = &axas_fmt_s2,
	[AXAS_FMT_SV39X4] = &axas_fmt_sv39x4,
	[AXAS_FMT_SV48X4] = &axas_fmt_sv48x4,
	[AXAS_FMT_SV57X4] = &axas_fmt_sv57x4,
};

/**
 * axas_fmt_init() - set up format @id
 * @f: the instance to fill
 * @id: a format; AXAS_FMT_NATIVE picks the host's own
 * @gpa_bits: arm64 stage-2 IPA width (32..48); 0 picks the format's
 *	default (for NATIVE, the host's: axas_fmt_set_native()); for the
 *	other formats 0 or their fixed width
 *
 * Return: 0, or -EINVAL for an unknown format or an unsupported width.
 */
int axas_fmt_init(struct axas_fmt *f, enum axas_format id,
		  unsigned int gpa_bits)
{
	if (id == AXAS_FMT_NATIVE) {
		id = axas_native_fmt;
		if (!gpa_bits)
			gpa_bits = axas_native_gpa_bits;
	}
	if ((unsigned int)id >= AXAS_FMT_NR || !axas_formats[id])
		return -EINVAL;
	*f = *axas_formats[id];
	if (!gpa_bits || gpa_bits == f->gpa_bits)
		return 0;
	/* the other formats have one width; asking for another is an error */
	return id == AXAS_FMT_ARM_S2 ? axas_fmt_s2_set_ipa(f, gpa_bits) : -EINVAL;
}
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_fmt_init);

/**
 * axas_fmt_check_flags() - the single place mapping flags are validated
 * @f: the format
 * @flags: AXAS_MAP_* flags
 *
 * DEVICE and UNCACHED name two different memory types and cannot be
 * combined; each format then refuses what its entries cannot express
 * (for example a write-only mapping on EPT, NPT and RISC-V).
 *
 * Return: 0, or -EINVAL for undefined bits or an inexpressible combination.
 */
int axas_fmt_check_flags(const struct axas_fmt *f, u32 flags)
{
	if (flags & ~AXAS_MAP_FLAGS_ALL)
		return -EINVAL;
	if ((flags & AXAS_MAP_DEVICE) && (flags & AXAS_MAP_UNCACHED))
		return -EINVAL;
	return f->ops->check_flags(f, flags);
}
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_fmt_check_flags);

/**
 * axas_fmt_addr_mask() - the bits of a raw entry that hold an address
 * @f: the format
 *
 * Tables and leaves of every format keep their output address in the same
 * field, so encoding a table at the highest address and at zero tells
 * which bits it is.  Used to hide host addresses from unprivileged users.
 *
 * Return: the mask.
 */
u64 axas_fmt_addr_mask(const struct axas_fmt *f)
{
	u64 top = (axas_fmt_pa_limit(f) - 1) & ~(u64)(AXAS_PAGE_SIZE - 1);

	return f->ops->encode_table(f, axas_hpa(top)) ^
	       f->ops->encode_table(f, axas_hpa(0));
}
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_fmt_addr_mask);

/**
 * axas_fmt_bits_encode() - the entry bits of @flags
 * @t: the format's table, ended by a zero flag
 * @flags: AXAS_MAP_* flags
 *
 * Return: the OR of each row's @set or @clear bits.
 */
u64 axas_fmt_bits_encode(const struct axas_fmt_bit *t, u32 flags)
{
	u64 pte = 0;

	for (; t->flag; t++)
		pte |= flags & t->flag ? t->set : t->clear;
	return pte;
}

/**
 * axas_fmt_bits_decode() - the flags of a table's rows an entry has
 * @t: the format's table, ended by a zero flag
 * @pte: the raw entry
 *
 * Return: AXAS_MAP_* flags.
 */
u32 axas_fmt_bits_decode(const struct axas_fmt_bit *t, u64 pte)
{
	u32 flags = 0;

	for (; t->flag; t++)
		if (t->set ? pte & t->set : !(pte & t->clear))
			flags |= t->flag;
	return flags;
}
