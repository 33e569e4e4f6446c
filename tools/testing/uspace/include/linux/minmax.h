/* SPDX-License-Identifier: GPL-2.0 */
/* User-space stand-in for <linux/minmax.h> (arguments evaluated once). */
#ifndef _AXAS_USPACE_LINUX_MINMAX_H
#define _AXAS_USPACE_LINUX_MINMAX_H

#define min(a, b) ({ __typeof__(a) __a = (a); __typeof__(b) __b = (b); \
		     __a < __b ? __a : __b; })
#define max(a, b) ({ __typeof__(a) __a = (a); __typeof__(b) __b = (b); \
		     __a > __b ? __a : __b; })

#endif
