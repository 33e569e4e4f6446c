/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The space layer's side of the kernel differences (the uapi adapter has
 * its own, dev/compat.h, which this layer may not include).
 */
#ifndef _AXAS_SPACE_COMPAT_H
#define _AXAS_SPACE_COMPAT_H

#include <linux/gfp.h>
#include <linux/version.h>

/*
 * Up to @nr pages into the NULL slots of @pages; the number of slots
 * filled.  6.14 renamed alloc_pages_bulk_array() to alloc_pages_bulk().
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 14, 0)
#define axas_alloc_pages_bulk(gfp, nr, pages) alloc_pages_bulk(gfp, nr, pages)
#else
#define axas_alloc_pages_bulk(gfp, nr, pages) alloc_pages_bulk_array(gfp, nr, pages)
#endif

#endif /* _AXAS_SPACE_COMPAT_H */
