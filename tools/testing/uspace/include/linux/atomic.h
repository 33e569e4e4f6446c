/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User-space stand-in for <linux/atomic.h>: the operations the HAL and the
 * engine use.
 */
#ifndef _AXAS_USPACE_LINUX_ATOMIC_H
#define _AXAS_USPACE_LINUX_ATOMIC_H

#include <linux/types.h>

/* on failure *@old is updated to the current value, as in the kernel */
#define try_cmpxchg64(ptr, old, new)					\
	__atomic_compare_exchange_n((ptr), (old), (new), false,	\
				    __ATOMIC_SEQ_CST, __ATOMIC_RELAXED)

#define ATOMIC_LONG_INIT(v)	{ (v) }

static inline long atomic_long_read(const atomic_long_t *v)
{
	return __atomic_load_n(&v->counter, __ATOMIC_RELAXED);
}

static inline void atomic_long_set(atomic_long_t *v, long i)
{
	__atomic_store_n(&v->counter, i, __ATOMIC_RELAXED);
}

static inline void atomic_long_add(long i, atomic_long_t *v)
{
	__atomic_fetch_add(&v->counter, i, __ATOMIC_RELAXED);
}

static inline void atomic_long_sub(long i, atomic_long_t *v)
{
	__atomic_fetch_sub(&v->counter, i, __ATOMIC_RELAXED);
}

#define atomic_long_inc(v)	atomic_long_add(1, (v))
#define atomic_long_dec(v)	atomic_long_sub(1, (v))

#endif
