/* SPDX-License-Identifier: GPL-2.0 */
/* User-space stand-in for <linux/version.h>: a 6.12 kernel. */
#ifndef _AXAS_USPACE_LINUX_VERSION_H
#define _AXAS_USPACE_LINUX_VERSION_H

#define KERNEL_VERSION(a, b, c)	(((a) << 16) + ((b) << 8) + (c))
#define LINUX_VERSION_CODE	KERNEL_VERSION(6, 12, 0)

#endif
