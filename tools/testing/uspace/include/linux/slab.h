/* SPDX-License-Identifier: GPL-2.0 */
/* User-space stand-in for <linux/slab.h>: the C library's allocator. */
#ifndef _AXAS_USPACE_LINUX_SLAB_H
#define _AXAS_USPACE_LINUX_SLAB_H

#include <stdlib.h>
#include <linux/gfp.h>
#include <linux/types.h>

struct kmem_cache {
	size_t size;
};

static inline struct kmem_cache *axas_ukmem_create(size_t size)
{
	struct kmem_cache *c = malloc(sizeof(*c));

	if (c)
		c->size = size;
	return c;
}

#define SLAB_ACCOUNT			0
#define KMEM_CACHE(s, flags)		axas_ukmem_create(sizeof(struct s))
#define kmem_cache_destroy(c)		free(c)
#define kmem_cache_zalloc(c, gfp)	calloc(1, (c)->size)
#define kmem_cache_free(c, p)		free(p)
#define kmalloc(n, gfp)			malloc(n)
#define kzalloc(n, gfp)			calloc(1, (n))
#define kvzalloc(n, gfp)		calloc(1, (n))
#define kvcalloc(n, s, gfp)		calloc((n), (s))
#define kmalloc_array(n, s, gfp)	malloc((n) * (s))
#define kfree(p)			free(p)
#define kvfree(p)			free(p)

#endif
