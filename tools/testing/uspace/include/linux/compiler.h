/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _USPACE_LINUX_COMPILER_H
#define _USPACE_LINUX_COMPILER_H
#include <stdio.h>
#include <stdlib.h>
#define READ_ONCE(x) (*(volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))
#define smp_wmb() __atomic_thread_fence(__ATOMIC_RELEASE)
#define try_cmpxchg64(p, oldp, new) \
	__atomic_compare_exchange_n(p, oldp, new, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)
#define WARN_ON_ONCE(c) ({ bool __c = !!(c); \
	if (__c) { fprintf(stderr, "WARN_ON_ONCE(%s) at %s:%d\n", #c, __FILE__, __LINE__); abort(); } \
	__c; })
#endif
