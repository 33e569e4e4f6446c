/* SPDX-License-Identifier: GPL-2.0 */
/* User-space stand-in for the kernel's linux/types.h (engine build only). */
#ifndef _USPACE_LINUX_TYPES_H
#define _USPACE_LINUX_TYPES_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int64_t s64;
typedef uint8_t __u8;
typedef uint16_t __u16;
typedef uint32_t __u32;
typedef uint64_t __u64;
typedef int32_t __s32;
typedef int64_t __s64;
typedef struct { long counter; } atomic_long_t;
#define __bitwise
#define __force
#define __user
#endif
