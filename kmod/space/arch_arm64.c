// SPDX-License-Identifier: GPL-2.0
/*
 * The native format of an arm64 host: VMSAv8-64 stage 2 with a 4 KiB
 * granule, its input (IPA) width the CPU's physical address range.
 */
#include <linux/minmax.h>
#include <asm/cpufeature.h>
#include <asm/sysreg.h>
#include "arch.h"

/*
 * A 4 KiB-granule stage 2 resolves at most 48 bits of IPA and outputs at
 * most 48 bits of PA; 52 needs FEAT_LPA2's descriptor layout, which
 * fmt_arm.c does not implement.
 */
#define AXAS_ARM64_4K_MAX_BITS 48

/* axas_arch_probe(): see arch.h. */
void axas_arch_probe(struct axas_arch_info *info)
{
	/* the smallest PARange of all CPUs, as the kernel sanitised it */
	u64 mmfr0 = read_sanitised_ftr_reg(SYS_ID_AA64MMFR0_EL1);
	unsigned int parange, bits;

	parange = cpuid_feature_extract_unsigned_field(mmfr0,
						       ID_AA64MMFR0_EL1_PARANGE_SHIFT);
	bits = min(id_aa64mmfr0_parange_to_phys_shift(parange),
		   AXAS_ARM64_4K_MAX_BITS);
	info->native = AXAS_FMT_ARM_S2;
	info->native_gpa_bits = bits;
	info->phys_bits = bits;
}
