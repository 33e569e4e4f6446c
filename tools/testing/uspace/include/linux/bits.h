/* SPDX-License-Identifier: GPL-2.0 */
/* User-space stand-in for <linux/bits.h>. */
#ifndef _AXAS_USPACE_LINUX_BITS_H
#define _AXAS_USPACE_LINUX_BITS_H

#define BIT(n)			(1UL << (n))
#define BIT_ULL(n)		(1ULL << (n))
/* bits h..l set, h >= l */
#define GENMASK(h, l)		((~0UL >> (63 - (h))) & (~0UL << (l)))
#define GENMASK_ULL(h, l)	((~0ULL >> (63 - (h))) & (~0ULL << (l)))

#endif
