// SPDX-License-Identifier: GPL-2.0
/*
 * The native space build's HAL (space_hal.h): the pool, the struct pages
 * of <linux/mm.h>'s stand-in, and axas_default_hal_ops over them, which is
 * what the space layer's module HAL (space.c) and the benchmark use.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <linux/errno.h>
#include <linux/mm.h>
#include "space_hal.h"
#include "addrspace.h"
#include "arch.h"

static struct {
	void *map;
	size_t map_bytes;
	char *base;
	unsigned long nr;
	struct page *pages;
	unsigned long *stack;
	unsigned long top;
} axas_upool;

/**
 * axas_upool_init() - map and fault in a pool of @frames frames
 * @frames: pool size
 *
 * Return: 0 or -ENOMEM.
 */
int axas_upool_init(unsigned long frames)
{
	size_t bytes = frames * AXAS_PAGE_SIZE + AXAS_SZ_2M;
	unsigned long i;
	void *p;

	/* 2 MiB aligned, so that a run of 512 free frames can be a block */
	p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (p == MAP_FAILED)
		return -ENOMEM;
	axas_upool.map = p;
	axas_upool.map_bytes = bytes;
	axas_upool.base = (char *)ALIGN((uintptr_t)p, AXAS_SZ_2M);
	axas_upool.nr = frames;
	axas_upool.pages = calloc(frames, sizeof(struct page));
	axas_upool.stack = calloc(frames, sizeof(unsigned long));
	if (!axas_upool.pages || !axas_upool.stack)
		return -ENOMEM;
	/* faulted in now, as the kernel's struct pages always are */
	memset(axas_upool.pages, 0, frames * sizeof(struct page));
	/* lowest frame on top: the first allocations walk the pool upwards */
	for (i = 0; i < frames; i++) {
		axas_upool.base[i * AXAS_PAGE_SIZE] = 1;
		axas_upool.stack[i] = frames - 1 - i;
	}
	axas_upool.top = frames;
	return 0;
}

/** axas_upool_exit() - unmap the pool */
void axas_upool_exit(void)
{
	munmap(axas_upool.map, axas_upool.map_bytes);
	free(axas_upool.pages);
	free(axas_upool.stack);
	memset(&axas_upool, 0, sizeof(axas_upool));
}

/**
 * axas_upool_free_frames() - frames not handed out
 *
 * Return: the count.
 */
unsigned long axas_upool_free_frames(void)
{
	return axas_upool.top;
}

/**
 * axas_upool_get() - one frame of the pool
 * @zero: clear it
 * @pa: its address
 *
 * Return: 0 or -ENOMEM when the pool is empty.
 */
int axas_upool_get(bool zero, axas_hpa_t *pa)
{
	char *p;

	if (!axas_upool.top)
		return -ENOMEM;
	p = axas_upool.base + axas_upool.stack[--axas_upool.top] * AXAS_PAGE_SIZE;
	if (zero)
		memset(p, 0, AXAS_PAGE_SIZE);
	*pa = axas_hpa((uintptr_t)p);
	return 0;
}

static unsigned long axas_upool_index(u64 pa)
{
	unsigned long i = (pa - (uintptr_t)axas_upool.base) >> AXAS_PAGE_SHIFT;

	if (pa < (uintptr_t)axas_upool.base || i >= axas_upool.nr) {
		fprintf(stderr, "space_hal: %#llx is not a pool frame\n",
			(unsigned long long)pa);
		abort();
	}
	return i;
}

static int axas_upool_cmp(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;

	return x < y ? 1 : x > y ? -1 : 0;
}

/**
 * axas_upool_sort() - hand the free frames out in address order again
 *
 * The pool is a stack: frames freed in address order come back in the
 * reverse order, and zeroing pages in descending order was measured twice
 * as slow as ascending here.  A benchmark sorts before each measurement so
 * that every row zeroes the same frames in the same order.
 */
void axas_upool_sort(void)
{
	qsort(axas_upool.stack, axas_upool.top, sizeof(*axas_upool.stack),
	      axas_upool_cmp);
}

/**
 * axas_upool_put() - give a frame back
 * @pa: a frame of axas_upool_get()
 */
void axas_upool_put(axas_hpa_t pa)
{
	axas_upool.stack[axas_upool.top++] = axas_upool_index(axas_hpa_val(pa));
}

/**
 * axas_upool_pfn_to_page() - the struct page of a pool frame
 * @pfn: its frame number (address >> 12)
 *
 * Return: the page.
 */
struct page *axas_upool_pfn_to_page(unsigned long pfn)
{
	return &axas_upool.pages[axas_upool_index((u64)pfn << AXAS_PAGE_SHIFT)];
}

/**
 * axas_upool_page_to_phys() - the address of a pool frame's struct page
 * @page: the page
 *
 * Return: the frame's address.
 */
u64 axas_upool_page_to_phys(const struct page *page)
{
	return (uintptr_t)axas_upool.base +
	       ((u64)(page - axas_upool.pages) << AXAS_PAGE_SHIFT);
}

static int axas_upool_alloc_frame(struct axas_hal *hal, bool zero,
				  axas_hpa_t *pa)
{
	return axas_upool_get(zero, pa);
}

/*
 * A 2 MiB block, as the kernel's allocator gives one without effort: only
 * when one of the first 512 frames on the stack starts a 2 MiB aligned
 * run of 512 frames in address order (what a sorted pool has).  The run
 * is taken out of the stack, the frames above it move down.
 */
static int axas_upool_alloc_huge(struct axas_hal *hal, axas_hpa_t *pa)
{
	unsigned long *st = axas_upool.stack, top = axas_upool.top;
	unsigned long j, i, first;
	char *p;

	for (j = top; j-- > 0 && top - j <= AXAS_HUGE_FRAMES;) {
		first = st[j];
		if (first % AXAS_HUGE_FRAMES || j + 1 < AXAS_HUGE_FRAMES)
			continue;
		for (i = 1; i < AXAS_HUGE_FRAMES; i++)
			if (st[j - i] != first + i)
				break;
		if (i < AXAS_HUGE_FRAMES)
			continue;
		memmove(&st[j + 1 - AXAS_HUGE_FRAMES], &st[j + 1],
			(top - j - 1) * sizeof(*st));
		axas_upool.top -= AXAS_HUGE_FRAMES;
		p = axas_upool.base + first * AXAS_PAGE_SIZE;
		memset(p, 0, AXAS_SZ_2M);
		*pa = axas_hpa((uintptr_t)p);
		return 0;
	}
	return -ENOMEM;
}

static void axas_upool_dealloc_frame(struct axas_hal *hal, axas_hpa_t pa)
{
	axas_upool_put(pa);
}

/* Roots of more than one page (RISC-V, arm64) come from the C library. */
static int axas_upool_alloc_table(struct axas_hal *hal, unsigned int order,
				  axas_hpa_t *pa)
{
	size_t bytes = AXAS_PAGE_SIZE << order;
	void *p;

	if (!order)
		return axas_upool_get(true, pa);
	p = aligned_alloc(bytes, bytes);
	if (!p)
		return -ENOMEM;
	memset(p, 0, bytes);
	*pa = axas_hpa((uintptr_t)p);
	return 0;
}

static void axas_upool_free_table(struct axas_hal *hal, axas_hpa_t pa,
				  unsigned int order)
{
	if (!order)
		axas_upool_put(pa);
	else
		free((void *)(uintptr_t)axas_hpa_val(pa));
}

static void *axas_upool_phys_to_virt(struct axas_hal *hal, axas_hpa_t pa)
{
	return (void *)(uintptr_t)axas_hpa_val(pa);
}

/* The engine's per-table word: the private field of the pool's page. */
static unsigned long *axas_upool_table_count(struct axas_hal *hal,
					     axas_hpa_t pa)
{
	return &axas_upool_pfn_to_page(axas_hpa_val(pa) >> AXAS_PAGE_SHIFT)->private;
}

/* No reader outlives a call in the native build: frees are immediate. */
const struct axas_hal_ops axas_default_hal_ops = {
	.alloc_frame = axas_upool_alloc_frame,
	.dealloc_frame = axas_upool_dealloc_frame,
	.alloc_huge = axas_upool_alloc_huge,
	.alloc_table = axas_upool_alloc_table,
	.free_table = axas_upool_free_table,
	.phys_to_virt = axas_upool_phys_to_virt,
	.table_count = axas_upool_table_count,
	.linear = true,
};

/* No memory cgroups in user space: nothing is charged. */
struct mem_cgroup *axas_hal_memcg_get(const struct axas_hal_ops *ops)
{
	return NULL;
}

void axas_hal_memcg_put(struct mem_cgroup *memcg)
{
}

/*
 * axas_arch_probe() of the native build: the space layer's figures do not
 * depend on the host, so NATIVE stays the portable core's EPT4 default.
 */
void axas_arch_probe(struct axas_arch_info *info)
{
	info->native = AXAS_FMT_EPT4;
	info->native_gpa_bits = 0;
	info->phys_bits = 52;
}
