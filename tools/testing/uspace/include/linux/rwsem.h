/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User-space stand-in for <linux/rwsem.h>.  A reader pays what the
 * kernel's uncontended fast path pays, one atomic read-modify-write on
 * entry and one on exit, so native figures keep the lock's cost.  Writers
 * exclude by the same counter; nobody waits (one thread per space, or
 * tests that order their threads themselves spin).
 */
#ifndef _AXAS_USPACE_LINUX_RWSEM_H
#define _AXAS_USPACE_LINUX_RWSEM_H

#include <linux/types.h>

#define AXAS_URWSEM_WRITER	(1L << 40)

struct rw_semaphore {
	long count;
};

static inline void init_rwsem(struct rw_semaphore *s)
{
	s->count = 0;
}

static inline void down_read(struct rw_semaphore *s)
{
	while (__atomic_add_fetch(&s->count, 1, __ATOMIC_ACQUIRE) >=
	       AXAS_URWSEM_WRITER) {
		__atomic_sub_fetch(&s->count, 1, __ATOMIC_RELAXED);
		while (__atomic_load_n(&s->count, __ATOMIC_RELAXED) >=
		       AXAS_URWSEM_WRITER)
			;
	}
}

static inline void up_read(struct rw_semaphore *s)
{
	__atomic_sub_fetch(&s->count, 1, __ATOMIC_RELEASE);
}

static inline void down_write(struct rw_semaphore *s)
{
	long zero = 0;

	while (!__atomic_compare_exchange_n(&s->count, &zero,
					    AXAS_URWSEM_WRITER, false,
					    __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		zero = 0;
}

static inline void up_write(struct rw_semaphore *s)
{
	__atomic_sub_fetch(&s->count, AXAS_URWSEM_WRITER, __ATOMIC_RELEASE);
}

#endif
