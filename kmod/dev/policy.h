/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Permission checks of the ioctl layer (DESIGN §6).
 */
#ifndef _AXAS_POLICY_H
#define _AXAS_POLICY_H

#include <linux/types.h>

struct file;

bool axas_policy_ram_linear_allowed(void);
unsigned int axas_policy_phys_bits(void);
int axas_policy_linear(u64 hpa, u64 size);
bool axas_policy_show_hpa(struct file *file);

#endif /* _AXAS_POLICY_H */
