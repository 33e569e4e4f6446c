// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of what the space files stand on: the host's view of guest
 * memory (lazy pages read as zero, stores fault them in, frames handed to
 * a host mapping), the zap callback that runs before frames are freed,
 * the area listing, and the user backend (pinned pages of a user mapping
 * that KUnit creates for the test thread).
 */
#include <kunit/test.h>
#include <linux/mman.h>
#include <linux/uaccess.h>
#include "formats.h"
#include "space_ctx.h"
#include "suite.h"

#define R AXAS_MAP_READ
#define W AXAS_MAP_WRITE
#define RW (R | W)
#define SZ4K AXAS_PAGE_SIZE
#define SZ2M AXAS_SZ_2M
#define BASE 0x40000000ULL	/* the space: [1 GiB, 1 GiB + 64 MiB) */
#define SIZE (32 * SZ2M)
#define MMIO 0x80000000ULL	/* a linear area's host address */

static struct axas_test_space *axas_host_new(struct kunit *test)
{
	return axas_test_space_new(test, BASE, SIZE);
}

static long axas_host_faults(struct axas_test_space *c)
{
	struct axas_space_stats st;

	axas_space_get_stats(c->as, &st);
	return st.faults;
}

/* A buffer of @size bytes for the test, each @byte. */
static u8 *axas_host_buf(struct kunit *test, size_t size, u8 byte)
{
	u8 *buf = kunit_kmalloc(test, size, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	return memset(buf, byte, size);
}

/* A read of a lazy page not present gives zeroes and allocates nothing. */
static void axas_host_read_lazy(struct kunit *test)
{
	struct axas_test_space *c = axas_host_new(test);
	u8 *buf = axas_host_buf(test, 3 * SZ4K, 0xaa);

	KUNIT_ASSERT_EQ(test, 0, axas_space_map_alloc(c->as, axas_gpa(BASE),
						      4 * SZ4K, RW, false));
	KUNIT_EXPECT_EQ(test, (ssize_t)(3 * SZ4K),
			axas_host_copy(c->as, BASE + 0x800, buf, 3 * SZ4K, false));
	KUNIT_EXPECT_TRUE(test, !memchr_inv(buf, 0, 3 * SZ4K));
	KUNIT_EXPECT_EQ(test, c->fake->frames, 0L);
	KUNIT_EXPECT_EQ(test, axas_host_faults(c), 0L);
}

/* A write faults the pages it touches in, once each. */
static void axas_host_write_faults_in(struct kunit *test)
{
	struct axas_test_space *c = axas_host_new(test);
	u8 in[2] = { 0x12, 0x34 }, out[2] = {};

	KUNIT_ASSERT_EQ(test, 0, axas_space_map_alloc(c->as, axas_gpa(BASE),
						      4 * SZ4K, R, false));
	KUNIT_EXPECT_EQ(test, (ssize_t)2,
			axas_host_copy(c->as, BASE + SZ4K - 1, in, 2, true));
	KUNIT_EXPECT_EQ(test, c->fake->frames, 2L);
	KUNIT_EXPECT_EQ(test, axas_host_faults(c), 2L);
	/* the guest's view agrees, and a second write allocates nothing */
	KUNIT_EXPECT_EQ(test, 0, axas_read_buffer(c->as, axas_gpa(BASE + SZ4K - 1),
						  out, 2));
	KUNIT_EXPECT_EQ(test, out[0], 0x12);
	KUNIT_EXPECT_EQ(test, out[1], 0x34);
	KUNIT_EXPECT_EQ(test, (ssize_t)2,
			axas_host_copy(c->as, BASE + SZ4K - 1, in, 2, true));
	KUNIT_EXPECT_EQ(test, c->fake->frames, 2L);
	KUNIT_EXPECT_EQ(test, axas_host_faults(c), 2L);
}

/* Copies stop at holes and linear areas; the space's edges. */
static void axas_host_copy_edges(struct kunit *test)
{
	struct axas_test_space *c = axas_host_new(test);
	u8 *buf = axas_host_buf(test, 4 * SZ4K, 0);

	KUNIT_ASSERT_EQ(test, 0, axas_space_map_alloc(c->as, axas_gpa(BASE),
						      2 * SZ4K, RW, true));
	KUNIT_ASSERT_EQ(test, 0, axas_space_map_linear(c->as,
						       axas_gpa(BASE + 3 * SZ4K),
						       axas_hpa(MMIO), SZ4K, RW, 0));
	KUNIT_ASSERT_EQ(test, 0, axas_space_map_alloc(c->as,
						      axas_gpa(BASE + SIZE - SZ4K),
						      SZ4K, RW, true));
	/* short at the hole, then the hole itself, then the linear area */
	KUNIT_EXPECT_EQ(test, (ssize_t)(2 * SZ4K - 16),
			axas_host_copy(c->as, BASE + 16, buf, 4 * SZ4K, false));
	KUNIT_EXPECT_EQ(test, (ssize_t)-ENXIO,
			axas_host_copy(c->as, BASE + 2 * SZ4K, buf, 8, false));
	KUNIT_EXPECT_EQ(test, (ssize_t)-ENXIO,
			axas_host_copy(c->as, BASE + 2 * SZ4K, buf, 8, true));
	KUNIT_EXPECT_EQ(test, (ssize_t)-EOPNOTSUPP,
			axas_host_copy(c->as, BASE + 3 * SZ4K, buf, 8, false));
	/* the last page: a read is clipped at the end, beyond it is EOF */
	KUNIT_EXPECT_EQ(test, (ssize_t)8,
			axas_host_copy(c->as, BASE + SIZE - 8, buf, 64, false));
	KUNIT_EXPECT_EQ(test, (ssize_t)0,
			axas_host_copy(c->as, BASE + SIZE, buf, 8, false));
	KUNIT_EXPECT_EQ(test, (ssize_t)-ENXIO,
			axas_host_copy(c->as, BASE + SIZE, buf, 8, true));
	KUNIT_EXPECT_EQ(test, (ssize_t)-ENXIO,
			axas_host_copy(c->as, BASE - 8, buf, 8, false));
	KUNIT_EXPECT_EQ(test, c->fake->frames, 3L);
}

static void axas_host_volatile_access(struct kunit *test)
{
	struct axas_test_space *c = axas_host_new(test);
	u64 v = 0x1122334455667788ULL;

	KUNIT_ASSERT_EQ(test, 0, axas_space_map_alloc(c->as, axas_gpa(BASE),
						      SZ4K, 0, false));
	KUNIT_ASSERT_EQ(test, 0, axas_space_map_linear(c->as,
						       axas_gpa(BASE + SZ4K),
						       axas_hpa(MMIO), SZ4K, RW, 0));
	/* a load of a lazy page: 0, nothing allocated */
	KUNIT_EXPECT_EQ(test, 0, axas_host_volatile(c->as, axas_gpa(BASE + 8), 8,
						    &v, false));
	KUNIT_EXPECT_EQ(test, v, 0ULL);
	KUNIT_EXPECT_EQ(test, c->fake->frames, 0L);
	/* a store faults it in even though the guest may not access it */
	v = 0xcafef00dULL;
	KUNIT_EXPECT_EQ(test, 0, axas_host_volatile(c->as, axas_gpa(BASE + 8), 4,
						    &v, true));
	KUNIT_EXPECT_EQ(test, c->fake->frames, 1L);
	v = 0;
	KUNIT_EXPECT_EQ(test, 0, axas_host_volatile(c->as, axas_gpa(BASE + 8), 8,
						    &v, false));
	KUNIT_EXPECT_EQ(test, v, 0xcafef00dULL);
	KUNIT_EXPECT_EQ(test, 0, axas_host_volatile(c->as, axas_gpa(BASE + 10), 2,
						    &v, false));
	KUNIT_EXPECT_EQ(test, v, 0xcafeULL);
	KUNIT_EXPECT_EQ(test, -EINVAL, axas_host_volatile(c->as, axas_gpa(BASE), 3,
							  &v, false));
	KUNIT_EXPECT_EQ(test, -EINVAL, axas_host_volatile(c->as, axas_gpa(BASE + 2),
							  4, &v, false));
	KUNIT_EXPECT_EQ(test, -EOPNOTSUPP,
			axas_host_volatile(c->as, axas_gpa(BASE + SZ4K), 8, &v,
					   false));
	KUNIT_EXPECT_EQ(test, -ENXIO,
			axas_host_volatile(c->as, axas_gpa(BASE + 2 * SZ4K), 8,
					   &v, true));
	KUNIT_EXPECT_EQ(test, -ERANGE,
			axas_host_volatile(c->as, axas_gpa(BASE + SIZE), 8, &v,
					   false));
	KUNIT_EXPECT_EQ(test, c->fake->frames, 1L);
}

struct axas_host_insert {
	int calls;
	u64 hpa;
	int ret;
};

static int axas_host_record(void *arg, axas_hpa_t hpa)
{
	struct axas_host_insert *ins = arg;

	ins->calls++;
	ins->hpa = axas_hpa_val(hpa);
	return ins->ret;
}

static void axas_host_map_frames(struct kunit *test)
{
	struct axas_test_space *c = axas_host_new(test);
	struct axas_host_insert ins = {};
	struct axas_translation t;

	KUNIT_ASSERT_EQ(test, 0, axas_space_map_alloc(c->as, axas_gpa(BASE),
						      2 * SZ4K, RW, false));
	KUNIT_ASSERT_EQ(test, 0, axas_space_map_linear(c->as,
						       axas_gpa(BASE + 2 * SZ4K),
						       axas_hpa(MMIO), SZ4K, RW, 0));
	/* a read-only file does not allocate */
	KUNIT_EXPECT_EQ(test, -ENODATA, axas_host_map(c->as, axas_gpa(BASE + 5),
						      false, axas_host_record,
						      &ins));
	KUNIT_EXPECT_EQ(test, ins.calls, 0);
	KUNIT_EXPECT_EQ(test, c->fake->frames, 0L);
	/* a writable one faults the page in; the guest sees the same frame */
	KUNIT_EXPECT_EQ(test, 0, axas_host_map(c->as, axas_gpa(BASE + SZ4K + 5),
					       true, axas_host_record, &ins));
	KUNIT_EXPECT_EQ(test, ins.calls, 1);
	KUNIT_EXPECT_EQ(test, c->fake->frames, 1L);
	KUNIT_ASSERT_EQ(test, 0, axas_space_translate(c->as,
						      axas_gpa(BASE + SZ4K), &t));
	KUNIT_EXPECT_EQ(test, ins.hpa, axas_hpa_val(t.hpa));
	/* a second mapping of it and a guest fault allocate nothing more */
	KUNIT_EXPECT_EQ(test, 0, axas_host_map(c->as, axas_gpa(BASE + SZ4K),
					       false, axas_host_record, &ins));
	KUNIT_EXPECT_EQ(test, ins.hpa, axas_hpa_val(t.hpa));
	KUNIT_EXPECT_EQ(test, 0, axas_space_handle_fault(c->as,
							 axas_gpa(BASE + SZ4K), W));
	KUNIT_EXPECT_EQ(test, c->fake->frames, 1L);
	KUNIT_EXPECT_EQ(test, axas_host_faults(c), 1L);
	/* the insert's error is the caller's */
	ins.ret = -EFAULT;
	KUNIT_EXPECT_EQ(test, -EFAULT, axas_host_map(c->as, axas_gpa(BASE + SZ4K),
						     true, axas_host_record,
						     &ins));
	ins.calls = 0;
	KUNIT_EXPECT_EQ(test, -EOPNOTSUPP,
			axas_host_map(c->as, axas_gpa(BASE + 2 * SZ4K), true,
				      axas_host_record, &ins));
	KUNIT_EXPECT_EQ(test, -ENXIO,
			axas_host_map(c->as, axas_gpa(BASE + 3 * SZ4K), true,
				      axas_host_record, &ins));
	KUNIT_EXPECT_EQ(test, -ENXIO,
			axas_host_map(c->as, axas_gpa(BASE + SIZE), true,
				      axas_host_record, &ins));
	KUNIT_EXPECT_EQ(test, ins.calls, 0);
}

struct axas_host_zaps {
	struct axas_test_space *c;
	int calls;
	u64 start;
	u64 end;
	long frames;	/* frames alive when the callback ran */
};

static void axas_host_zap(void *priv, u64 start, u64 end)
{
	struct axas_host_zaps *z = priv;

	z->calls++;
	z->start = start;
	z->end = end;
	z->frames = z->c->fake->frames;
}

/* Host mappings are told to go before the frames are freed. */
static void axas_host_zap_before_free(struct kunit *test)
{
	struct axas_test_space *c = axas_host_new(test);
	struct axas_host_zaps z = { .c = c };

	axas_space_set_zap(c->as, axas_host_zap, &z);
	KUNIT_ASSERT_EQ(test, 0, axas_space_map_alloc(c->as, axas_gpa(BASE),
						      4 * SZ4K, RW, true));
	KUNIT_EXPECT_EQ(test, z.calls, 0);
	KUNIT_EXPECT_EQ(test, 0, axas_space_protect(c->as, axas_gpa(BASE),
						    4 * SZ4K, R));
	KUNIT_EXPECT_EQ(test, -EINVAL, axas_space_unmap(c->as, axas_gpa(BASE + 1),
							SZ4K));
	KUNIT_EXPECT_EQ(test, z.calls, 0);
	KUNIT_EXPECT_EQ(test, 0, axas_space_unmap(c->as, axas_gpa(BASE + SZ4K),
						  2 * SZ4K));
	KUNIT_EXPECT_EQ(test, z.calls, 1);
	KUNIT_EXPECT_EQ(test, z.start, BASE + SZ4K);
	KUNIT_EXPECT_EQ(test, z.end, BASE + 3 * SZ4K);
	KUNIT_EXPECT_EQ(test, z.frames, 4L);
	KUNIT_EXPECT_EQ(test, c->fake->frames, 2L);
	axas_space_clear(c->as);
	KUNIT_EXPECT_EQ(test, z.calls, 2);
	KUNIT_EXPECT_EQ(test, z.start, BASE);
	KUNIT_EXPECT_EQ(test, z.end, BASE + SIZE);
	KUNIT_EXPECT_EQ(test, z.frames, 2L);
	KUNIT_EXPECT_EQ(test, c->fake->frames, 0L);
	/* @z lives on this stack: the destroy at test exit must not call it */
	axas_space_set_zap(c->as, NULL, NULL);
}

static void axas_host_area_listing(struct kunit *test)
{
	struct axas_test_space *c = axas_host_new(test);
	struct axas_area_info info[2];
	unsigned int n;
	u64 next;

	KUNIT_ASSERT_EQ(test, 0, axas_space_map_alloc(c->as, axas_gpa(BASE),
						      2 * SZ4K, RW, true));
	KUNIT_ASSERT_EQ(test, 0, axas_space_map_alloc(c->as, axas_gpa(BASE + SZ2M),
						      4 * SZ4K, R, false));
	KUNIT_ASSERT_EQ(test, 0, axas_space_handle_fault(c->as,
							 axas_gpa(BASE + SZ2M + SZ4K),
							 R));
	KUNIT_ASSERT_EQ(test, 0, axas_space_map_linear(c->as,
						       axas_gpa(BASE + 2 * SZ2M),
						       axas_hpa(MMIO), SZ2M, RW,
						       AXAS_SPACE_NOHUGE));
	axas_space_areas(c->as, 0, info, 2, &n, &next);
	KUNIT_ASSERT_EQ(test, n, 2U);
	KUNIT_EXPECT_EQ(test, next, BASE + 2 * SZ2M);
	KUNIT_EXPECT_EQ(test, info[0].start, BASE);
	KUNIT_EXPECT_EQ(test, info[0].size, 2 * SZ4K);
	KUNIT_EXPECT_EQ(test, info[0].kind, AXAS_BACKEND_ALLOC);
	KUNIT_EXPECT_EQ(test, info[0].flags, (u32)RW);
	KUNIT_EXPECT_EQ(test, info[0].populated, 2 * SZ4K);
	KUNIT_EXPECT_TRUE(test, info[0].populate);
	KUNIT_EXPECT_EQ(test, info[1].start, BASE + SZ2M);
	KUNIT_EXPECT_EQ(test, info[1].populated, SZ4K);
	KUNIT_EXPECT_FALSE(test, info[1].populate);
	axas_space_areas(c->as, next, info, 2, &n, &next);
	KUNIT_ASSERT_EQ(test, n, 1U);
	KUNIT_EXPECT_EQ(test, next, 0ULL);
	KUNIT_EXPECT_EQ(test, info[0].kind, AXAS_BACKEND_LINEAR);
	KUNIT_EXPECT_EQ(test, axas_hpa_val(info[0].hpa), MMIO);
	KUNIT_EXPECT_EQ(test, info[0].populated, SZ2M);
	KUNIT_EXPECT_TRUE(test, info[0].nohuge);
	/* from inside an area: that area first; past the last: nothing */
	axas_space_areas(c->as, BASE + SZ4K, info, 1, &n, &next);
	KUNIT_EXPECT_EQ(test, n, 1U);
	KUNIT_EXPECT_EQ(test, info[0].start, BASE);
	KUNIT_EXPECT_EQ(test, next, BASE + SZ2M);
	axas_space_areas(c->as, BASE + 3 * SZ2M, info, 2, &n, &next);
	KUNIT_EXPECT_EQ(test, n, 0U);
	KUNIT_EXPECT_EQ(test, next, 0ULL);
}

/* Without host addresses, segments must not tell which frames are adjacent. */
static void axas_host_segments_per_leaf(struct kunit *test)
{
	struct axas_test_space *c = axas_host_new(test);
	struct axas_kseg segs[4];
	unsigned int n;

	KUNIT_ASSERT_EQ(test, 0, axas_space_map_linear(c->as, axas_gpa(BASE),
						       axas_hpa(MMIO),
						       SZ2M + 2 * SZ4K, RW, 0));
	KUNIT_ASSERT_EQ(test, 0, axas_space_translate_range(c->as,
							    axas_gpa(BASE + 0x800),
							    SZ2M + SZ4K, 0,
							    segs, 4, &n));
	KUNIT_EXPECT_EQ(test, n, 1U);
	KUNIT_EXPECT_EQ(test, segs[0].len, SZ2M + SZ4K);
	KUNIT_ASSERT_EQ(test, 0, axas_space_translate_range(c->as,
							    axas_gpa(BASE + 0x800),
							    SZ2M + SZ4K,
							    AXAS_SEG_PER_LEAF,
							    segs, 4, &n));
	KUNIT_ASSERT_EQ(test, n, 3U);
	KUNIT_EXPECT_EQ(test, segs[0].len, SZ2M - 0x800);
	KUNIT_EXPECT_EQ(test, axas_gpa_val(segs[1].gpa), BASE + SZ2M);
	KUNIT_EXPECT_EQ(test, axas_hpa_val(segs[1].hpa), MMIO + SZ2M);
	KUNIT_EXPECT_EQ(test, segs[1].len, SZ4K);
	KUNIT_EXPECT_EQ(test, segs[2].len, (u64)0x800);
}

/* ---- the user backend ---------------------------------------------- */

static long axas_host_pinned(struct axas_test_space *c)
{
	struct axas_space_stats st;

	axas_space_get_stats(c->as, &st);
	return st.pinned;
}

/* @pages pages of user memory in the test thread's mm; writable ones are
 * filled with 0x10 + page index.
 */
static unsigned long axas_host_user_mem(struct kunit *test, unsigned int pages,
					unsigned long prot)
{
	unsigned long uaddr, i;

	uaddr = kunit_vm_mmap(test, NULL, 0, pages * SZ4K, prot,
			      MAP_ANONYMOUS | MAP_PRIVATE, 0);
	KUNIT_ASSERT_NE_MSG(test, uaddr, 0UL, "kunit_vm_mmap");
	for (i = 0; (prot & PROT_WRITE) && i < pages; i++) {
		u8 b = 0x10 + i;

		KUNIT_ASSERT_EQ(test, 0UL,
				copy_to_user((void __user *)uaddr + i * SZ4K, &b, 1));
	}
	return uaddr;
}

static void axas_host_user_map(struct kunit *test)
{
	struct axas_test_space *c = axas_host_new(test);
	long base_pinned = axas_user_global_pinned();
	unsigned long uaddr = axas_host_user_mem(test, 4, PROT_READ | PROT_WRITE);
	struct axas_translation t;
	u8 b;

	KUNIT_ASSERT_EQ(test, 0, axas_space_map_user(c->as, axas_gpa(BASE),
						     4 * SZ4K, RW, uaddr));
	KUNIT_EXPECT_EQ(test, axas_host_pinned(c), 4L);
	KUNIT_EXPECT_EQ(test, axas_user_global_pinned() - base_pinned, 4L);
	KUNIT_EXPECT_EQ(test, c->fake->frames, 0L);
	/* the guest sees the caller's bytes */
	KUNIT_EXPECT_EQ(test, 0, axas_read_obj(c->as, axas_gpa(BASE + 2 * SZ4K), &b));
	KUNIT_EXPECT_EQ(test, b, 0x12);
	KUNIT_ASSERT_EQ(test, 0, axas_space_translate(c->as, axas_gpa(BASE + 3 * SZ4K),
						      &t));
	KUNIT_EXPECT_EQ(test, t.kind, AXAS_BACKEND_USER);
	KUNIT_EXPECT_EQ(test, t.area_size, 4 * SZ4K);
	/* and the caller sees what is written into the guest */
	b = 0xee;
	KUNIT_EXPECT_EQ(test, 0, axas_write_obj(c->as, axas_gpa(BASE + SZ4K), &b));
	b = 0;
	KUNIT_EXPECT_EQ(test, 0UL, copy_from_user(&b, (void __user *)uaddr + SZ4K, 1));
	KUNIT_EXPECT_EQ(test, b, 0xee);
	/* unmapping a middle page unpins it and splits the area */
	KUNIT_EXPECT_EQ(test, 0, axas_space_unmap(c->as, axas_gpa(BASE + SZ4K), SZ4K));
	KUNIT_EXPECT_EQ(test, axas_host_pinned(c), 3L);
	KUNIT_EXPECT_EQ(test, 0, axas_read_obj(c->as, axas_gpa(BASE + 3 * SZ4K), &b));
	KUNIT_EXPECT_EQ(test, b, 0x13);
	KUNIT_EXPECT_EQ(test, 0, axas_space_unmap(c->as, axas_gpa(BASE + 2 * SZ4K),
						  SZ4K));
	KUNIT_EXPECT_EQ(test, axas_host_pinned(c), 2L);
	axas_space_destroy(c->as);
	c->as = NULL;
	KUNIT_EXPECT_EQ(test, axas_user_global_pinned(), base_pinned);
	KUNIT_EXPECT_EQ(test, c->fake->table_pages, 0L);
}

static void axas_host_user_errors(struct kunit *test)
{
	struct axas_test_space *c = axas_host_new(test);
	long base_pinned = axas_user_global_pinned();
	unsigned long uaddr = axas_host_user_mem(test, 3, PROT_READ | PROT_WRITE);
	unsigned long ro = axas_host_user_mem(test, 1, PROT_READ);
	long tables = c->fake->table_pages;

	/* a hole after two good pages */
	KUNIT_ASSERT_EQ(test, 0, vm_munmap(uaddr + 2 * SZ4K, SZ4K));

	KUNIT_EXPECT_EQ(test, -EINVAL, axas_space_map_user(c->as, axas_gpa(BASE),
							   SZ4K, RW, uaddr + 8));
	KUNIT_EXPECT_EQ(test, -EINVAL, axas_space_map_user(c->as, axas_gpa(BASE),
							   SZ4K + 1, RW, uaddr));
	KUNIT_EXPECT_EQ(test, -ERANGE, axas_space_map_user(c->as, axas_gpa(BASE + SIZE),
							   SZ4K, RW, uaddr));
	/* the second page is missing: nothing stays pinned */
	KUNIT_EXPECT_EQ(test, -EFAULT, axas_space_map_user(c->as, axas_gpa(BASE),
							   3 * SZ4K, RW, uaddr));
	KUNIT_EXPECT_EQ(test, -EFAULT, axas_space_map_user(c->as, axas_gpa(BASE),
							   SZ4K, RW, ro));
	KUNIT_EXPECT_EQ(test, axas_user_global_pinned(), base_pinned);
	KUNIT_ASSERT_EQ(test, 0, axas_space_map_alloc(c->as, axas_gpa(BASE + SZ4K),
						      SZ4K, RW, false));
	KUNIT_EXPECT_EQ(test, -EEXIST, axas_space_map_user(c->as, axas_gpa(BASE),
							   2 * SZ4K, RW, uaddr));
	KUNIT_EXPECT_EQ(test, axas_user_global_pinned(), base_pinned);
	/* every table allocation of the map failed in turn: all unwound */
	axas_fake_hal_reset_count(c->fake, 1);
	KUNIT_EXPECT_EQ(test, -ENOMEM,
			axas_space_map_user(c->as, axas_gpa(BASE + 2 * SZ2M),
					    2 * SZ4K, RW, uaddr));
	axas_fake_hal_reset_count(c->fake, 0);
	KUNIT_EXPECT_EQ(test, axas_user_global_pinned(), base_pinned);
	KUNIT_EXPECT_EQ(test, c->fake->table_pages, tables);
	KUNIT_EXPECT_EQ(test, axas_host_pinned(c), 0L);
}

/* A request too big for a page array is refused before any allocation. */
static void axas_host_user_huge(struct kunit *test)
{
	struct axas_fake_hal *f = axas_fake_hal_create(test);
	long base_pinned = axas_user_global_pinned();
	struct axas_space *as;
	u64 huge = (u64)(INT_MAX / sizeof(void *) + 1) * SZ4K;

	KUNIT_ASSERT_EQ(test, 0, axas_space_create(AXAS_FMT_EPT4, 0, axas_gpa(0),
						   2 * huge, &axas_fake_hal_ops,
						   f, &as));
	/* a low user address, so that the range passes access_ok() */
	KUNIT_EXPECT_EQ(test, -ENOMEM, axas_space_map_user(as, axas_gpa(0), huge,
							   RW, 0x10000));
	KUNIT_EXPECT_EQ(test, axas_user_global_pinned(), base_pinned);
	axas_space_destroy(as);
	KUNIT_EXPECT_EQ(test, f->table_pages, 0L);
}

/* One format per family: this layer does not depend on the format. */
AXAS_KUNIT_SUITE(axas_host,
		 KUNIT_CASE_PARAM(axas_host_read_lazy, axas_test_fmt_family_gen_params),
		 KUNIT_CASE_PARAM(axas_host_write_faults_in, axas_test_fmt_family_gen_params),
		 KUNIT_CASE_PARAM(axas_host_copy_edges, axas_test_fmt_family_gen_params),
		 KUNIT_CASE_PARAM(axas_host_volatile_access, axas_test_fmt_family_gen_params),
		 KUNIT_CASE_PARAM(axas_host_map_frames, axas_test_fmt_family_gen_params),
		 KUNIT_CASE_PARAM(axas_host_zap_before_free, axas_test_fmt_family_gen_params),
		 KUNIT_CASE_PARAM(axas_host_area_listing, axas_test_fmt_family_gen_params),
		 KUNIT_CASE_PARAM(axas_host_segments_per_leaf, axas_test_fmt_family_gen_params),
		 KUNIT_CASE_PARAM(axas_host_user_map, axas_test_fmt_family_gen_params),
		 KUNIT_CASE_PARAM(axas_host_user_errors, axas_test_fmt_family_gen_params),
		 KUNIT_CASE(axas_host_user_huge));
