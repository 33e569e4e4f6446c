/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An address space for a KUnit case: over the fake HAL, in the format the
 * case runs with, destroyed when the test ends.
 */
#ifndef _AXAS_TEST_SPACE_CTX_H
#define _AXAS_TEST_SPACE_CTX_H

#include <kunit/test.h>
#include "addrspace.h"
#include "space.h"
#include "fake_hal.h"

/**
 * struct axas_test_space - a space under test
 * @fake: the fake HAL its frames and tables come from
 * @as: the space; a test that destroys it itself sets @as to NULL
 * @root_pages: table pages of its root, what @fake counts when it is empty
 */
struct axas_test_space {
	struct axas_fake_hal *fake;
	struct axas_space *as;
	long root_pages;
};

struct axas_test_space *axas_test_space_new(struct kunit *test, u64 base,
					    u64 size);

#endif /* _AXAS_TEST_SPACE_CTX_H */
