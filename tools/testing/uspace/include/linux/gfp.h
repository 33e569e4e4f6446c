/* SPDX-License-Identifier: GPL-2.0 */
/* User-space stand-in for <linux/gfp.h>: the flags, meaning nothing. */
#ifndef _AXAS_USPACE_LINUX_GFP_H
#define _AXAS_USPACE_LINUX_GFP_H

#define GFP_KERNEL		0u
#define GFP_KERNEL_ACCOUNT	0u
#define __GFP_ZERO		1u

#endif
