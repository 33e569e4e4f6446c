/* SPDX-License-Identifier: GPL-2.0 */
/* User-space stand-in for <linux/mutex.h>: a spinning test-and-set lock. */
#ifndef _AXAS_USPACE_LINUX_MUTEX_H
#define _AXAS_USPACE_LINUX_MUTEX_H

#include <linux/types.h>

struct mutex {
	int locked;
};

static inline void mutex_init(struct mutex *m)
{
	m->locked = 0;
}

static inline void mutex_destroy(struct mutex *m)
{
}

static inline void mutex_lock(struct mutex *m)
{
	while (__atomic_exchange_n(&m->locked, 1, __ATOMIC_ACQUIRE))
		;
}

static inline void mutex_unlock(struct mutex *m)
{
	__atomic_store_n(&m->locked, 0, __ATOMIC_RELEASE);
}

#endif
