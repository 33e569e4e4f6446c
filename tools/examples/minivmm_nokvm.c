// SPDX-License-Identifier: GPL-2.0
/*
 * minivmm --kvm off x86-64: the guest minivmm_kvm.c runs is x86 code (real
 * mode, port I/O), so the KVM mode exists on x86-64 only.  The memory side
 * (minivmm.c) is the same on every architecture.
 */
#include <stdio.h>
#include "minivmm.h"

/* vmm_kvm(): --kvm is refused here, after the space was created. */
int vmm_kvm(struct vmm *v)
{
	(void)v;
	fprintf(stderr, "minivmm: --kvm needs an x86-64 host\n");
	return 1;
}
