/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Module-wide declarations of axaddrspace: version, init/exit steps.
 */
#ifndef _AXAS_H
#define _AXAS_H

#include <linux/types.h>

#define AXAS_VERSION_MAJOR	0
#define AXAS_VERSION_MINOR	1
#define AXAS_VERSION_PATCH	0
#define AXAS_VERSION_STR	"0.1.0"
#define AXAS_VERSION_CODE	((AXAS_VERSION_MAJOR << 16) | \
				 (AXAS_VERSION_MINOR << 8) | AXAS_VERSION_PATCH)

int axas_dev_init(void);
void axas_dev_exit(void);

#endif /* _AXAS_H */
