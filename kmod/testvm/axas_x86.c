// SPDX-License-Identifier: GPL-2.0
/*
 * The x86 backend of this CPU: a CPU has SVM (AMD, Hygon) or VMX (Intel
 * and the other VMX vendors), never both.
 */
#include <asm/cpufeature.h>
#include "axas_testvm.h"

/**
 * axas_arch_backend() - the backend this CPU can run guests with
 *
 * Return: the SVM or VMX backend, or NULL (the module loads nowhere else).
 */
const struct axas_backend_ops *axas_arch_backend(void)
{
	if (boot_cpu_has(X86_FEATURE_SVM))
		return &axas_svm_ops;
	if (boot_cpu_has(X86_FEATURE_VMX))
		return &axas_vmx_ops;
	return NULL;
}
