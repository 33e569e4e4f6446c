/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User-space stand-in for <linux/compiler.h> and the barriers the engine
 * uses, over the GCC/Clang __atomic builtins.
 */
#ifndef _AXAS_USPACE_LINUX_COMPILER_H
#define _AXAS_USPACE_LINUX_COMPILER_H

/* single, untorn accesses that the compiler may not merge or repeat */
#define READ_ONCE(x)		__atomic_load_n(&(x), __ATOMIC_RELAXED)
#define WRITE_ONCE(x, v)	__atomic_store_n(&(x), (v), __ATOMIC_RELAXED)

/* earlier accesses are ordered before the store (table publication) */
#define smp_store_release(p, v)	__atomic_store_n((p), (v), __ATOMIC_RELEASE)

#define __printf(a, b)		__attribute__((format(printf, a, b)))
#define __noreturn		__attribute__((noreturn))
#define noinline		__attribute__((noinline))

#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)

#endif
