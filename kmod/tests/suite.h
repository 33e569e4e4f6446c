/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every KUnit suite of axaddrspace declares the same way.
 */
#ifndef _AXAS_TEST_SUITE_H
#define _AXAS_TEST_SUITE_H

#include <kunit/test.h>

/*
 * A suite: its cases (KUNIT_CASE() and the like, comma separated) and
 * their registration; the suite is called @sym.
 */
#define AXAS_KUNIT_SUITE(sym, ...)					\
	static struct kunit_case sym##_test_cases[] = {			\
		__VA_ARGS__, {}						\
	};								\
	static struct kunit_suite sym##_suite = {			\
		.name = #sym,						\
		.test_cases = sym##_test_cases,				\
	};								\
	kunit_test_suites(&sym##_suite)

unsigned int axas_kunit_iterations(unsigned int n);

#endif /* _AXAS_TEST_SUITE_H */
