/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User-space stand-in for <linux/mm.h>: a struct page for each frame of
 * the native HAL's pool (space_hal.c), where host physical address equals
 * the frame's virtual address.
 */
#ifndef _AXAS_USPACE_LINUX_MM_H
#define _AXAS_USPACE_LINUX_MM_H

#include <linux/list.h>
#include <linux/types.h>

struct page {
	struct list_head lru;
	unsigned long private;
};

#define PAGE_SHIFT		12
#define PHYS_PFN(x)		((unsigned long)((x) >> PAGE_SHIFT))

struct page *axas_upool_pfn_to_page(unsigned long pfn);
u64 axas_upool_page_to_phys(const struct page *page);

#define pfn_to_page(pfn)	axas_upool_pfn_to_page(pfn)
#define page_to_phys(page)	axas_upool_page_to_phys(page)

#endif
