/* SPDX-License-Identifier: GPL-2.0 */
/* User-space stand-in for <linux/string.h>: the C library's. */
#ifndef _AXAS_USPACE_LINUX_STRING_H
#define _AXAS_USPACE_LINUX_STRING_H

#include <string.h>

#endif
