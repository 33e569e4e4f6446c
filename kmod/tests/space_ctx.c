// SPDX-License-Identifier: GPL-2.0
/*
 * An address space for a KUnit case, over the fake HAL, in the format of
 * the running parameter (formats.h).
 */
#include "formats.h"
#include "space_ctx.h"

static void axas_test_space_destroy(void *data)
{
	struct axas_test_space *c = data;

	if (c->as)
		axas_space_destroy(c->as);
}

/**
 * axas_test_space_new() - a space of [@base, @base + @size) for @test
 * @test: a case parametrised by axas_test_fmt_gen_params() or the like
 * @base: the first guest physical address of the space
 * @size: its size
 *
 * The space is made in the format of the case's parameter, with its own
 * fake HAL, and destroyed when the test ends (unless the test did so and
 * cleared @as).
 *
 * Return: the space (the test is aborted if it cannot be created).
 */
struct axas_test_space *axas_test_space_new(struct kunit *test, u64 base,
					    u64 size)
{
	const struct axas_test_fmt *p = axas_test_fmt(test);
	struct axas_test_space *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	int ret;

	KUNIT_ASSERT_NOT_NULL(test, c);
	c->fake = axas_fake_hal_create(test);
	ret = axas_space_create(p->id, p->gpa_bits, axas_gpa(base), size,
				&axas_fake_hal_ops, c->fake, &c->as);
	KUNIT_ASSERT_EQ(test, ret, 0);
	c->root_pages = 1L << c->as->pt.fmt.root_order;
	ret = kunit_add_action_or_reset(test, axas_test_space_destroy, c);
	KUNIT_ASSERT_EQ(test, ret, 0);
	return c;
}
