// SPDX-License-Identifier: GPL-2.0
/*
 * The user-space HAL: frames and table pages from malloc, with an
 * injectable allocation failure.  The counting wrappers around it are
 * kmod/pgtable/hal.c itself.
 */
#include <stdlib.h>
#include <string.h>
#include <linux/atomic.h>
#include <linux/errno.h>
#include "hal_user.h"

static struct axas_uhal *axas_uhal(struct axas_hal *hal)
{
	return hal->priv;
}

static int axas_uhal_alloc(struct axas_uhal *u, size_t bytes, bool zero,
			   axas_hpa_t *pa)
{
	void *p;

	if (++u->nr_allocs == u->fail_nth)
		return -ENOMEM;
	p = aligned_alloc(bytes, bytes);
	if (!p)
		return -ENOMEM;
	memset(p, zero ? 0 : 0x5a, bytes);
	*pa = axas_hpa((uintptr_t)p);
	return 0;
}

static int axas_uhal_alloc_counted(struct axas_uhal *u, axas_hpa_t *pa)
{
	void *p;

	if (++u->nr_allocs == u->fail_nth)
		return -ENOMEM;
	if (posix_memalign(&p, AXAS_PAGE_SIZE, AXAS_PAGE_SIZE + 64))
		return -ENOMEM;
	memset(p, 0, AXAS_PAGE_SIZE + sizeof(unsigned long));
	*pa = axas_hpa((uintptr_t)p);
	return 0;
}

static int axas_uhal_alloc_frame(struct axas_hal *hal, bool zero,
				 axas_hpa_t *pa)
{
	int ret = axas_uhal_alloc(axas_uhal(hal), AXAS_PAGE_SIZE, zero, pa);

	if (!ret)
		axas_uhal(hal)->frames++;
	return ret;
}

static void axas_uhal_dealloc_frame(struct axas_hal *hal, axas_hpa_t pa)
{
	free((void *)(uintptr_t)axas_hpa_val(pa));
	axas_uhal(hal)->frames--;
}

/*
 * A table page of order 0 comes with one more cache line behind it whose
 * first word is the engine's count (axas_uhal_table_count()).
 */
static int axas_uhal_alloc_table(struct axas_hal *hal, unsigned int order,
				 axas_hpa_t *pa)
{
	int ret = order ? axas_uhal_alloc(axas_uhal(hal), AXAS_PAGE_SIZE << order,
					  true, pa) :
			  axas_uhal_alloc_counted(axas_uhal(hal), pa);

	if (!ret)
		axas_uhal(hal)->tables += 1L << order;
	return ret;
}

static void axas_uhal_free_table(struct axas_hal *hal, axas_hpa_t pa,
				 unsigned int order)
{
	free((void *)(uintptr_t)axas_hpa_val(pa));
	axas_uhal(hal)->tables -= 1L << order;
}

static void *axas_uhal_phys_to_virt(struct axas_hal *hal, axas_hpa_t pa)
{
	return (void *)(uintptr_t)axas_hpa_val(pa);
}

static unsigned long *axas_uhal_table_count(struct axas_hal *hal,
					    axas_hpa_t pa)
{
	return (unsigned long *)(uintptr_t)(axas_hpa_val(pa) + AXAS_PAGE_SIZE);
}

static const struct axas_hal_ops axas_uhal_ops = {
	.alloc_frame = axas_uhal_alloc_frame,
	.dealloc_frame = axas_uhal_dealloc_frame,
	.alloc_table = axas_uhal_alloc_table,
	.free_table = axas_uhal_free_table,
	.phys_to_virt = axas_uhal_phys_to_virt,
	.table_count = axas_uhal_table_count,
	.linear = true,
};

/**
 * axas_uhal_init() - a user-space HAL with nothing allocated
 * @u: the HAL; u->hal is ready for axas_pt_init()
 */
void axas_uhal_init(struct axas_uhal *u)
{
	memset(u, 0, sizeof(*u));
	axas_hal_init(&u->hal, &axas_uhal_ops, u);
}

/**
 * axas_uhal_fail_nth() - restart allocation numbering
 * @u: the HAL
 * @nth: the attempt to fail from now on (0: none)
 */
void axas_uhal_fail_nth(struct axas_uhal *u, unsigned long nth)
{
	u->nr_allocs = 0;
	u->fail_nth = nth;
}
