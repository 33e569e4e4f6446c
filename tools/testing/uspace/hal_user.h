/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A user-space HAL for the engine: table pages from aligned_alloc(), host
 * physical address == virtual address, live counts, and the Nth
 * allocation made to fail, as the KUnit fake HAL does.
 */
#ifndef _AXAS_HAL_USER_H
#define _AXAS_HAL_USER_H

#include "hal.h"

/**
 * struct axas_uhal - state of the user-space HAL (hal->priv)
 * @hal: the HAL handed to the engine
 * @tables: live table pages, in 4 KiB units
 * @frames: live data frames
 * @nr_allocs: allocation attempts since the last axas_uhal_fail_nth()
 * @fail_nth: when non-zero, attempt number @fail_nth fails
 */
struct axas_uhal {
	struct axas_hal hal;
	long tables;
	long frames;
	unsigned long nr_allocs;
	unsigned long fail_nth;
};

void axas_uhal_init(struct axas_uhal *u);
void axas_uhal_fail_nth(struct axas_uhal *u, unsigned long nth);

#endif
