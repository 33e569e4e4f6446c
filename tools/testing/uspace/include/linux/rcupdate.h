/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User-space stand-in for <linux/rcupdate.h>.  The HAL of the native
 * build frees table pages at once (no reader outlives a call there), so a
 * grace period is empty; the read-side markers compile to nothing, as in
 * a non-preemptible kernel.
 */
#ifndef _AXAS_USPACE_LINUX_RCUPDATE_H
#define _AXAS_USPACE_LINUX_RCUPDATE_H

#include <linux/compiler.h>

struct rcu_head {
	struct rcu_head *next;
	void (*func)(struct rcu_head *head);
};

/* no reader outlives a call here: the callback runs at once */
static inline void call_rcu(struct rcu_head *head,
			    void (*func)(struct rcu_head *head))
{
	func(head);
}

#define rcu_read_lock()			do { } while (0)
#define rcu_read_unlock()		do { } while (0)
#define rcu_barrier()			do { } while (0)
#define synchronize_rcu()		do { } while (0)
#define rcu_dereference(p)		READ_ONCE(p)
#define rcu_dereference_raw(p)		READ_ONCE(p)
#define rcu_access_pointer(p)		READ_ONCE(p)
#define rcu_assign_pointer(p, v)	smp_store_release(&(p), (v))

#endif
