/* SPDX-License-Identifier: GPL-2.0 */
/* User-space stand-in for <linux/kref.h>. */
#ifndef _AXAS_USPACE_LINUX_KREF_H
#define _AXAS_USPACE_LINUX_KREF_H

#include <linux/refcount.h>

struct kref {
	refcount_t refcount;
};

static inline void kref_init(struct kref *k)
{
	refcount_set(&k->refcount, 1);
}

static inline void kref_get(struct kref *k)
{
	refcount_inc(&k->refcount);
}

static inline int kref_put(struct kref *k, void (*release)(struct kref *))
{
	if (!refcount_dec_and_test(&k->refcount))
		return 0;
	release(k);
	return 1;
}

#endif
