/* SPDX-License-Identifier: GPL-2.0 */
/* User-space stand-in for <linux/overflow.h>. */
#ifndef _AXAS_USPACE_LINUX_OVERFLOW_H
#define _AXAS_USPACE_LINUX_OVERFLOW_H

#define check_add_overflow(a, b, d)	__builtin_add_overflow((a), (b), (d))
#define check_mul_overflow(a, b, d)	__builtin_mul_overflow((a), (b), (d))

/* bytes of *@p with @n elements of its flexible array @member */
#define struct_size(p, member, n)					\
	(sizeof(*(p)) + sizeof((p)->member[0]) * (size_t)(n))

#endif
