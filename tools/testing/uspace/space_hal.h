/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The HAL of the native space build: one pre-faulted pool of 4 KiB frames
 * (host physical address == virtual address), each with a struct page for
 * the space layer's frame lists, handed out and taken back through a free
 * stack, so that allocation costs what the kernel's per-CPU page lists
 * cost and the figures measure the space layer, not page faults.
 */
#ifndef _AXAS_SPACE_HAL_H
#define _AXAS_SPACE_HAL_H

#include "hal.h"

int axas_upool_init(unsigned long frames);
void axas_upool_exit(void);
unsigned long axas_upool_free_frames(void);
int axas_upool_get(bool zero, axas_hpa_t *pa);
void axas_upool_put(axas_hpa_t pa);
void axas_upool_sort(void);

#endif
