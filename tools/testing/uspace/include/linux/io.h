/* SPDX-License-Identifier: GPL-2.0 */
/* User-space stand-in for <linux/io.h>: nothing the space layer needs. */
#ifndef _AXAS_USPACE_LINUX_IO_H
#define _AXAS_USPACE_LINUX_IO_H

#endif
