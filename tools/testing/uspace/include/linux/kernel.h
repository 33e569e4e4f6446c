/* SPDX-License-Identifier: GPL-2.0 */
/* User-space stand-in for the few <linux/kernel.h> helpers the tests use. */
#ifndef _AXAS_USPACE_LINUX_KERNEL_H
#define _AXAS_USPACE_LINUX_KERNEL_H

#include <stddef.h>
#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/types.h>
#include <linux/align.h>
#include <linux/compiler.h>
#include <linux/minmax.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* the structure a member is embedded in (the kernel's, minus the checks) */
#ifndef container_of
#define container_of(ptr, type, member)					\
	((type *)((char *)(ptr) - offsetof(type, member)))
#endif

#endif
