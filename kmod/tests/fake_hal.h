/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A HAL for KUnit: real pages underneath, every allocation recorded and
 * counted, and the Nth allocation made to fail.
 */
#ifndef _AXAS_FAKE_HAL_H
#define _AXAS_FAKE_HAL_H

#include <kunit/test.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/xarray.h>
#include "hal.h"

/**
 * struct axas_fake_hal - state of the fake HAL (the hal->priv of its users)
 * @frames: live data frames
 * @table_pages: live table pages, in 4 KiB units
 * @nr_allocs: allocation attempts (frames and tables) since the last reset
 * @fail_nth: when non-zero, attempt number @fail_nth fails with -ENOMEM
 * @nr_failed: allocations made to fail so far
 * @watch: when set, a lock data frames should not be allocated or freed
 *	under
 * @alloc_locked: data frames allocated while @watch was held
 * @freed_locked: data frames freed while @watch was held
 * @huge: hand out 2 MiB blocks (alloc_huge); when false each request is
 *	refused at once, as a fragmented kernel would, without counting as
 *	an allocation attempt (so the 4 KiB tests keep their numbering)
 * @nr_huge: 2 MiB blocks handed out since the last reset
 * @nr_huge_refused: 2 MiB requests refused since the last reset (@huge
 *	false, or the request was the failing attempt @fail_nth)
 * @lock: serialises the allocations, frees and counters
 * @pages: every live allocation by its first pfn (its order, and whether
 *	it is a data frame), freed at test exit if still there
 * @hal: a struct axas_hal using these ops, for tests of the engine
 */
struct axas_fake_hal {
	long frames;
	long table_pages;
	unsigned long nr_allocs;
	unsigned long fail_nth;
	unsigned long nr_failed;
	struct rw_semaphore *watch;
	unsigned long alloc_locked;
	unsigned long freed_locked;
	bool huge;
	unsigned long nr_huge;
	unsigned long nr_huge_refused;
	struct mutex lock;	/* serialises the counters and @pages */
	struct xarray pages;
	struct axas_hal hal;
};

extern const struct axas_hal_ops axas_fake_hal_ops;

struct axas_fake_hal *axas_fake_hal_create(struct kunit *test);
void axas_fake_hal_reset_count(struct axas_fake_hal *f, unsigned long fail_nth);

#endif /* _AXAS_FAKE_HAL_H */
