/* SPDX-License-Identifier: GPL-2.0 */
/* User-space stand-in for <linux/bitmap.h>: the few operations used. */
#ifndef _AXAS_USPACE_LINUX_BITMAP_H
#define _AXAS_USPACE_LINUX_BITMAP_H

#include <string.h>
#include <linux/types.h>

#define BITS_PER_LONG		64
#define BITS_TO_LONGS(n)	(((n) + BITS_PER_LONG - 1) / BITS_PER_LONG)

static inline void __set_bit(unsigned long nr, unsigned long *map)
{
	map[nr / BITS_PER_LONG] |= 1UL << (nr % BITS_PER_LONG);
}

static inline void __clear_bit(unsigned long nr, unsigned long *map)
{
	map[nr / BITS_PER_LONG] &= ~(1UL << (nr % BITS_PER_LONG));
}

static inline bool test_bit(unsigned long nr, const unsigned long *map)
{
	return map[nr / BITS_PER_LONG] >> (nr % BITS_PER_LONG) & 1;
}

static inline void set_bit(unsigned long nr, unsigned long *map)
{
	__atomic_fetch_or(&map[nr / BITS_PER_LONG], 1UL << (nr % BITS_PER_LONG),
			  __ATOMIC_RELAXED);
}

static inline bool __test_and_clear_bit(unsigned long nr, unsigned long *map)
{
	bool old = test_bit(nr, map);

	__clear_bit(nr, map);
	return old;
}

/* the first bit from @from on that is @set, or @n */
static inline unsigned long axas_ufind_bit(const unsigned long *map,
					   unsigned long n, unsigned long from,
					   bool set)
{
	while (from < n && test_bit(from, map) != set)
		from++;
	return from < n ? from : n;
}

#define find_next_bit(map, n, from)	axas_ufind_bit(map, n, from, true)
#define find_next_zero_bit(map, n, from) axas_ufind_bit(map, n, from, false)

static inline void bitmap_set(unsigned long *map, unsigned long start,
			      unsigned long n)
{
	while (n--)
		__set_bit(start++, map);
}

static inline void bitmap_clear(unsigned long *map, unsigned long start,
				unsigned long n)
{
	while (n--)
		__clear_bit(start++, map);
}

static inline void bitmap_zero(unsigned long *map, unsigned long n)
{
	memset(map, 0, BITS_TO_LONGS(n) * sizeof(long));
}

#endif
