// SPDX-License-Identifier: GPL-2.0
/*
 * The native format of an x86 host: NPT on AMD (and Hygon, whose SVM is
 * AMD's), EPT on Intel and the other VMX vendors; the 5-level variant of
 * either when the kernel runs with 5-level paging (LA57), whose guests may
 * use the 57-bit address space the host's own tables do.
 */
#include <asm/cpufeature.h>
#include <asm/processor.h>
#include "arch.h"

/* axas_arch_probe(): see arch.h. */
void axas_arch_probe(struct axas_arch_info *info)
{
	bool la57 = cpu_feature_enabled(X86_FEATURE_LA57);

	switch (boot_cpu_data.x86_vendor) {
	case X86_VENDOR_AMD:
	case X86_VENDOR_HYGON:
		info->native = la57 ? AXAS_FMT_NPT5 : AXAS_FMT_NPT4;
		break;
	default:
		info->native = la57 ? AXAS_FMT_EPT5 : AXAS_FMT_EPT4;
		break;
	}
	info->native_gpa_bits = 0;
	/* MAXPHYADDR, CPUID 0x80000008 EAX[7:0] as the kernel read it */
	info->phys_bits = boot_cpu_data.x86_phys_bits;
}
