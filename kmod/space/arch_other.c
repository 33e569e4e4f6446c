// SPDX-License-Identifier: GPL-2.0
/*
 * Hosts of an architecture without a second-stage format of its own here:
 * NATIVE stands for EPT4, and the address width is the kernel's.
 */
#include <linux/mm.h>
#include "arch.h"

/* axas_arch_probe(): see arch.h. */
void axas_arch_probe(struct axas_arch_info *info)
{
	info->native = AXAS_FMT_EPT4;
	info->native_gpa_bits = 0;
	info->phys_bits = MAX_PHYSMEM_BITS;
}
