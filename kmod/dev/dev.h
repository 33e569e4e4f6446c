/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The uapi adapter as the module's entry points see it.
 */
#ifndef _AXAS_DEV_DEV_H
#define _AXAS_DEV_DEV_H

int axas_dev_init(void);
void axas_dev_exit(void);

#endif /* _AXAS_DEV_DEV_H */
