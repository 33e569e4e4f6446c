/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Address types shared by every layer of axaddrspace.
 *
 * The address types themselves are part of the in-kernel API
 * (<linux/axaddrspace_types.h>); this header adds the page sizes and the
 * half-open GPA ranges the layers use.
 *
 * This header depends on basic types only, so the engine can also be
 * compiled in user space (see tools/testing/uspace/).
 */
#ifndef _AXAS_PGTABLE_TYPES_H
#define _AXAS_PGTABLE_TYPES_H

#include <linux/bits.h>
#include <linux/types.h>

#include <linux/axaddrspace_types.h>

/**
 * struct axas_gpa_range - a half-open range of guest physical addresses
 * @start: first address in the range
 * @end: first address past the range; @end == @start is the empty range
 *
 * The end is exclusive, so a range can reach the top of a 64-bit space
 * only by being built with axas_gpa_range_make(), which refuses overflow.
 */
struct axas_gpa_range {
	axas_gpa_t start;
	axas_gpa_t end;
};

/**
 * axas_gpa_range_make() - build [@start, @start + @size) without overflow
 * @r: the range to fill
 * @start: first address
 * @size: length in bytes
 *
 * Return: true on success, false when @start + @size overflows 64 bits.
 */
static inline bool axas_gpa_range_make(struct axas_gpa_range *r,
				       axas_gpa_t start, u64 size)
{
	u64 end;

	if (__builtin_add_overflow(axas_gpa_val(start), size, &end))
		return false;
	r->start = start;
	r->end = axas_gpa(end);
	return true;
}

static inline u64 axas_gpa_range_size(const struct axas_gpa_range *r)
{
	return axas_gpa_val(r->end) - axas_gpa_val(r->start);
}

static inline bool axas_gpa_range_empty(const struct axas_gpa_range *r)
{
	return axas_gpa_val(r->end) <= axas_gpa_val(r->start);
}

static inline bool axas_gpa_range_contains(const struct axas_gpa_range *r,
					   axas_gpa_t a)
{
	return axas_gpa_val(a) >= axas_gpa_val(r->start) &&
	       axas_gpa_val(a) < axas_gpa_val(r->end);
}

/* @inner lies entirely within @outer (an empty @inner is contained). */
static inline bool axas_gpa_range_contains_range(const struct axas_gpa_range *outer,
						 const struct axas_gpa_range *inner)
{
	return axas_gpa_val(inner->start) >= axas_gpa_val(outer->start) &&
	       axas_gpa_val(inner->end) <= axas_gpa_val(outer->end);
}

/* The ranges share at least one address (an empty range shares none). */
static inline bool axas_gpa_range_overlaps(const struct axas_gpa_range *a,
					   const struct axas_gpa_range *b)
{
	return !axas_gpa_range_empty(a) && !axas_gpa_range_empty(b) &&
	       axas_gpa_val(a->start) < axas_gpa_val(b->end) &&
	       axas_gpa_val(b->start) < axas_gpa_val(a->end);
}

static inline bool axas_gpa_range_aligned(const struct axas_gpa_range *r,
					  u64 align)
{
	return axas_gpa_aligned(r->start, align) &&
	       axas_gpa_aligned(r->end, align);
}

#endif /* _AXAS_PGTABLE_TYPES_H */
