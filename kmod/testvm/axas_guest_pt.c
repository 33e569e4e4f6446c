// SPDX-License-Identifier: GPL-2.0
/*
 * The guest's own page tables: 4-level long-mode tables that map every
 * guest virtual address of the space to the same guest physical address,
 * with 1 GiB pages (2 MiB pages on a CPU without them), written into the
 * last 2 MiB of the space before each run.
 *
 * Only what the guest can address is mapped: below the CPU's physical
 * address width (a wider guest address is a reserved-bit fault) and below
 * 2^47 (the lower canonical half).  Whole 1 GiB (2 MiB) pages cover the
 * space's ends: the nested tables, not these, decide what exists.
 */
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <asm/cpufeature.h>
#include <asm/processor.h>
#include "axas_testvm.h"

#define AXAS_PTE_P	BIT_ULL(0)
#define AXAS_PTE_RW	BIT_ULL(1)
#define AXAS_PTE_A	BIT_ULL(5)
#define AXAS_PTE_D	BIT_ULL(6)
#define AXAS_PTE_PS	BIT_ULL(7)
#define AXAS_PTE_ADDR	GENMASK_ULL(51, 12)

#define AXAS_PTE_TABLE	(AXAS_PTE_P | AXAS_PTE_RW | AXAS_PTE_A)
#define AXAS_PTE_HUGE	(AXAS_PTE_TABLE | AXAS_PTE_D | AXAS_PTE_PS)

#define AXAS_PT_ENTRIES	512
#define AXAS_PT_PAGES	(AXAS_TESTVM_PT_SIZE / PAGE_SIZE)

/**
 * struct axas_pt_build - tables under construction
 * @buf: the table pages, @buf[0] the PML4
 * @gpa: the guest physical address of @buf[0]
 * @used: pages taken
 */
struct axas_pt_build {
	u64 (*buf)[AXAS_PT_ENTRIES];
	u64 gpa;
	unsigned int used;
};

/* The table that entry @e of a table points to, allocated if absent. */
static u64 *axas_pt_next(struct axas_pt_build *b, u64 *e)
{
	if (!*e)
		*e = (b->gpa + (u64)b->used++ * PAGE_SIZE) | AXAS_PTE_TABLE;
	return b->buf[((*e & AXAS_PTE_ADDR) - b->gpa) / PAGE_SIZE];
}

/* Slots of 2^@shift bytes that [lo, hi) touches. */
static u64 axas_pt_slots(u64 lo, u64 hi, unsigned int shift)
{
	return hi > lo ? ((hi - 1) >> shift) - (lo >> shift) + 1 : 0;
}

/* How many table pages [lo, hi) needs with leaves of 2^@shift bytes. */
static u64 axas_pt_pages(u64 lo, u64 hi, unsigned int shift)
{
	u64 n = 1 + axas_pt_slots(lo, hi, 39);

	if (shift == 21)
		n += axas_pt_slots(lo, hi, 30);
	return n;
}

/**
 * axas_guest_pt_write() - write the guest's identity map into its space
 * @as: the space
 * @l: its layout
 * @cr3: the guest's CR3 (the PML4's GPA)
 *
 * Return: 0; -ENOSPC when the space is too small for the tables (or, with
 * 2 MiB pages only, too large for 2 MiB of them); -ERANGE when the space
 * ends above the CPU's physical address width; -ENOMEM; or the error of
 * axas_write_buffer(): -EFAULT (the last 2 MiB are not all mapped),
 * -EOPNOTSUPP (they are MMIO).
 */
int axas_guest_pt_write(struct axas_space *as,
			const struct axas_space_layout *l, u64 *cr3)
{
	unsigned int shift = boot_cpu_has(X86_FEATURE_GBPAGES) ? 30 : 21;
	u64 end = l->base + l->size, limit, lo, hi, va, npages;
	struct axas_pt_build b;
	int ret;

	if (l->size <= AXAS_TESTVM_PT_SIZE)
		return -ENOSPC;
	if (end > BIT_ULL(boot_cpu_data.x86_phys_bits))
		return -ERANGE;
	limit = BIT_ULL(min(boot_cpu_data.x86_phys_bits, 47));
	lo = ALIGN_DOWN(l->base, BIT_ULL(shift));
	hi = max(min(ALIGN(end, BIT_ULL(shift)), limit), lo);
	npages = axas_pt_pages(lo, hi, shift);
	if (npages > AXAS_PT_PAGES)
		return -ENOSPC;

	b.gpa = end - AXAS_TESTVM_PT_SIZE;
	b.used = 1;
	b.buf = kvcalloc(npages, PAGE_SIZE, GFP_KERNEL_ACCOUNT);
	if (!b.buf)
		return -ENOMEM;
	for (va = lo; va < hi; va += BIT_ULL(shift)) {
		u64 *pdpt = axas_pt_next(&b, &b.buf[0][(va >> 39) & 511]);
		u64 *pd;

		if (shift == 30) {
			pdpt[(va >> 30) & 511] = va | AXAS_PTE_HUGE;
			continue;
		}
		pd = axas_pt_next(&b, &pdpt[(va >> 30) & 511]);
		pd[(va >> 21) & 511] = va | AXAS_PTE_HUGE;
	}
	ret = axas_write_buffer(as, axas_gpa(b.gpa), b.buf,
				(size_t)b.used * PAGE_SIZE);
	kvfree(b.buf);
	if (!ret)
		*cr3 = b.gpa;
	return ret;
}
