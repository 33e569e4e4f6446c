/* SPDX-License-Identifier: GPL-2.0 */
/* User-space stand-in for <linux/refcount.h>. */
#ifndef _AXAS_USPACE_LINUX_REFCOUNT_H
#define _AXAS_USPACE_LINUX_REFCOUNT_H

#include <linux/types.h>

typedef struct {
	int refs;
} refcount_t;

static inline void refcount_set(refcount_t *r, int n)
{
	__atomic_store_n(&r->refs, n, __ATOMIC_RELAXED);
}

static inline void refcount_inc(refcount_t *r)
{
	__atomic_add_fetch(&r->refs, 1, __ATOMIC_RELAXED);
}

static inline bool refcount_dec_and_test(refcount_t *r)
{
	return __atomic_sub_fetch(&r->refs, 1, __ATOMIC_ACQ_REL) == 0;
}

#endif
