/* SPDX-License-Identifier: GPL-2.0 */
/* User-space stand-in for the few <linux/kernel.h> helpers the tests use. */
#ifndef _AXAS_USPACE_LINUX_KERNEL_H
#define _AXAS_USPACE_LINUX_KERNEL_H

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#endif
