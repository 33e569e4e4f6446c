// SPDX-License-Identifier: GPL-2.0
/*
 * The HAL: counted frame and table-page allocation over any ops table,
 * and PhysFrame.  The ops over the kernel's page allocator are the space
 * layer's (space/hal_kernel.c); user space brings its own.
 */
#include <linux/atomic.h>
#include <linux/errno.h>
#include <linux/string.h>
#include "hal.h"
#include "export.h"

/**
 * axas_hal_init() - set up a HAL instance with zeroed counters
 * @hal: the instance
 * @ops: its memory operations
 * @priv: private data of @ops
 */
void axas_hal_init(struct axas_hal *hal, const struct axas_hal_ops *ops,
		   void *priv)
{
	hal->ops = ops;
	hal->priv = priv;
	atomic_long_set(&hal->nr_frames, 0);
	atomic_long_set(&hal->nr_table_pages, 0);
	atomic_long_set(&hal->nr_huge, 0);
}
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_hal_init);

/**
 * axas_hal_alloc_frame() - allocate one counted 4 KiB data frame
 * @hal: the HAL
 * @zero: whether the frame must be zeroed
 * @pa: where to store its host physical address
 *
 * Return: 0 or -ENOMEM.
 */
int axas_hal_alloc_frame(struct axas_hal *hal, bool zero, axas_hpa_t *pa)
{
	int ret = hal->ops->alloc_frame(hal, zero, pa);

	if (!ret)
		atomic_long_inc(&hal->nr_frames);
	return ret;
}
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_hal_alloc_frame);

/**
 * axas_hal_dealloc_frame() - free a frame of axas_hal_alloc_frame()
 * @hal: the HAL it came from
 * @pa: its host physical address
 */
void axas_hal_dealloc_frame(struct axas_hal *hal, axas_hpa_t pa)
{
	hal->ops->dealloc_frame(hal, pa);
	atomic_long_dec(&hal->nr_frames);
}
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_hal_dealloc_frame);

/**
 * axas_hal_alloc_frames() - allocate @n counted 4 KiB data frames
 * @hal: the HAL
 * @zero: whether the frames must be zeroed
 * @pa: where to store their host physical addresses, @n of them
 * @n: how many
 *
 * Return: 0 with all @n allocated, or -ENOMEM with none.
 */
int axas_hal_alloc_frames(struct axas_hal *hal, bool zero, axas_hpa_t *pa,
			  unsigned int n)
{
	unsigned int i;
	int ret = 0;

	if (hal->ops->alloc_frames) {
		ret = hal->ops->alloc_frames(hal, zero, pa, n);
		if (!ret)
			atomic_long_add(n, &hal->nr_frames);
		return ret;
	}
	for (i = 0; i < n; i++) {
		ret = axas_hal_alloc_frame(hal, zero, &pa[i]);
		if (ret)
			break;
	}
	if (ret)
		while (i--)
			axas_hal_dealloc_frame(hal, pa[i]);
	return ret;
}
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_hal_alloc_frames);

/**
 * axas_hal_alloc_huge() - allocate one 2 MiB block of counted frames
 * @hal: the HAL
 * @pa: where to store the address of its first frame, 2 MiB aligned
 *
 * The block's AXAS_HUGE_FRAMES zeroed frames are counted as that many
 * frames and freed one at a time by axas_hal_dealloc_frame().  The HAL
 * gives one only when it has one at hand (see struct axas_hal_ops).
 *
 * Return: 0, or -ENOMEM when the HAL has none (or no @alloc_huge).
 */
int axas_hal_alloc_huge(struct axas_hal *hal, axas_hpa_t *pa)
{
	int ret;

	if (!hal->ops->alloc_huge)
		return -ENOMEM;
	ret = hal->ops->alloc_huge(hal, pa);
	if (ret)
		return ret;
	atomic_long_add(AXAS_HUGE_FRAMES, &hal->nr_frames);
	atomic_long_inc(&hal->nr_huge);
	return 0;
}
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_hal_alloc_huge);

/**
 * axas_hal_alloc_table() - allocate counted, zeroed table pages
 * @hal: the HAL
 * @order: 2^@order pages, aligned to their size
 * @pa: where to store the host physical address of the first
 *
 * Return: 0 or -ENOMEM.
 */
int axas_hal_alloc_table(struct axas_hal *hal, unsigned int order,
			 axas_hpa_t *pa)
{
	int ret = hal->ops->alloc_table(hal, order, pa);

	if (!ret)
		atomic_long_add(1L << order, &hal->nr_table_pages);
	return ret;
}
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_hal_alloc_table);

/**
 * axas_hal_free_table() - free table pages of axas_hal_alloc_table()
 * @hal: the HAL they came from
 * @pa: host physical address of the first page
 * @order: the order they were allocated with
 */
void axas_hal_free_table(struct axas_hal *hal, axas_hpa_t pa,
			 unsigned int order)
{
	hal->ops->free_table(hal, pa, order);
	atomic_long_sub(1L << order, &hal->nr_table_pages);
}
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_hal_free_table);

/**
 * axas_hal_free_table_deferred() - free table pages once no reader can
 *	hold them
 * @hal: the HAL they came from
 * @pa: host physical address of the first page
 * @order: the order they were allocated with
 *
 * The counters drop now; the pages go back when the HAL says it is safe.
 */
void axas_hal_free_table_deferred(struct axas_hal *hal, axas_hpa_t pa,
				  unsigned int order)
{
	if (hal->ops->free_table_deferred)
		hal->ops->free_table_deferred(hal, pa, order);
	else
		hal->ops->free_table(hal, pa, order);
	atomic_long_sub(1L << order, &hal->nr_table_pages);
}
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_hal_free_table_deferred);

/**
 * axas_frame_alloc() - allocate a frame, contents undefined
 * @hal: the HAL to allocate from
 * @f: the frame; released with axas_frame_release()
 *
 * Return: 0 or -ENOMEM (then @f is left unallocated).
 */
int axas_frame_alloc(struct axas_hal *hal, struct axas_frame *f)
{
	int ret = axas_hal_alloc_frame(hal, false, &f->pa);

	f->hal = ret ? NULL : hal;
	return ret;
}
EXPORT_SYMBOL_AXAS_API(axas_frame_alloc);

/**
 * axas_frame_alloc_zero() - allocate a zeroed frame
 * @hal: the HAL to allocate from
 * @f: the frame; released with axas_frame_release()
 *
 * Return: 0 or -ENOMEM (then @f is left unallocated).
 */
int axas_frame_alloc_zero(struct axas_hal *hal, struct axas_frame *f)
{
	int ret = axas_hal_alloc_frame(hal, true, &f->pa);

	f->hal = ret ? NULL : hal;
	return ret;
}
EXPORT_SYMBOL_AXAS_API(axas_frame_alloc_zero);

/**
 * axas_frame_fill() - set every byte of a frame
 * @f: an allocated frame
 * @byte: the value
 */
void axas_frame_fill(struct axas_frame *f, u8 byte)
{
	memset(axas_frame_as_mut_ptr(f), byte, AXAS_PAGE_SIZE);
}
EXPORT_SYMBOL_AXAS_API(axas_frame_fill);

/**
 * axas_frame_start_paddr() - host physical address of a frame
 * @f: an allocated frame
 *
 * Return: its first byte's host physical address.
 */
axas_hpa_t axas_frame_start_paddr(const struct axas_frame *f)
{
	return f->pa;
}
EXPORT_SYMBOL_AXAS_API(axas_frame_start_paddr);

/**
 * axas_frame_as_mut_ptr() - kernel virtual address of a frame
 * @f: an allocated frame
 *
 * Return: a pointer to its first byte.
 */
void *axas_frame_as_mut_ptr(const struct axas_frame *f)
{
	return axas_hal_phys_to_virt(f->hal, f->pa);
}
EXPORT_SYMBOL_AXAS_API(axas_frame_as_mut_ptr);

/**
 * axas_frame_release() - free a frame; releasing twice is harmless
 * @f: the frame
 */
void axas_frame_release(struct axas_frame *f)
{
	if (!f->hal)
		return;
	axas_hal_dealloc_frame(f->hal, f->pa);
	f->hal = NULL;
}
EXPORT_SYMBOL_AXAS_API(axas_frame_release);
