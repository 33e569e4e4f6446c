/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The version of axaddrspace (also read by the Makefile and dkms.conf).
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

#endif /* _AXAS_H */
