/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User-space stand-in for <linux/types.h>: just what the engine, the
 * formats and their headers use.  The __u* types come from the system's
 * uapi headers, so u64 is unsigned long long as in the kernel and
 * <linux/ioctl.h> and friends still agree.
 */
#ifndef _AXAS_USPACE_LINUX_TYPES_H
#define _AXAS_USPACE_LINUX_TYPES_H

#include <asm/types.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;
typedef __s32 s32;
typedef __s64 s64;
/* as the system's <linux/types.h> defines it, for the uapi header */
typedef __u64 __attribute__((aligned(8))) __aligned_u64;

#ifdef __CHECKER__
#define __bitwise	__attribute__((bitwise))
#define __force		__attribute__((force))
#else
#define __bitwise
#define __force
#endif
#define __user

typedef struct {
	long counter;
} atomic_long_t;

#endif
