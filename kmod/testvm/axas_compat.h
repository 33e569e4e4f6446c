/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What moved between the kernels the test hypervisor builds for (the
 * debug 6.12 kernel, Debian's stock 6.1 and 6.12).
 */
#ifndef _AXAS_TESTVM_COMPAT_H
#define _AXAS_TESTVM_COMPAT_H

#include <linux/version.h>

/* load_gs_index() moved from <asm/special_insns.h> to <asm/gsseg.h> in 6.2 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
#include <asm/gsseg.h>
#else
#include <asm/special_insns.h>
#endif

#endif /* _AXAS_TESTVM_COMPAT_H */
