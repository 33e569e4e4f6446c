/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User-space stand-in for <linux/bug.h>: a broken invariant aborts the
 * program, so the test (or a fuzzer) sees it at once.
 */
#ifndef _AXAS_USPACE_LINUX_BUG_H
#define _AXAS_USPACE_LINUX_BUG_H

#include <stdio.h>
#include <stdlib.h>

#define WARN_ON(cond) ({						\
	int __c = !!(cond);						\
	if (__c) {							\
		fprintf(stderr, "%s:%d: WARN_ON(%s)\n",			\
			__FILE__, __LINE__, #cond);			\
		abort();						\
	}								\
	__c;								\
})
#define WARN_ON_ONCE(cond)	WARN_ON(cond)

#endif
