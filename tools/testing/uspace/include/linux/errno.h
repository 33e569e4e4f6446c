/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User-space stand-in for <linux/errno.h>: the uapi codes, which is all the
 * real uapi <linux/errno.h> provides (the C library's <errno.h> reaches
 * this file through <bits/errno.h>).
 */
#ifndef _AXAS_USPACE_LINUX_ERRNO_H
#define _AXAS_USPACE_LINUX_ERRNO_H

#include <asm/errno.h>

#endif
