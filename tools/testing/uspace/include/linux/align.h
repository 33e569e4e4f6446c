/* SPDX-License-Identifier: GPL-2.0 */
/* User-space stand-in for <linux/align.h>; @a is a power of two. */
#ifndef _AXAS_USPACE_LINUX_ALIGN_H
#define _AXAS_USPACE_LINUX_ALIGN_H

#define ALIGN(x, a)		ALIGN_DOWN((x) + ((__typeof__(x))(a) - 1), (a))
#define ALIGN_DOWN(x, a)	((x) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a)	(((x) & ((__typeof__(x))(a) - 1)) == 0)

#endif
