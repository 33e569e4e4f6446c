// SPDX-License-Identifier: GPL-2.0
/*
 * Failures injected into every ioctl, pwrite and the mmap fault path, one
 * fault point at a time (/proc/thread-self/fail-nth, as the iommufd
 * fail_nth test does): each slab and page allocation (failslab,
 * fail_page_alloc) and each user copy (fail_usercopy) in turn.  An
 * operation that fails (-ENOMEM, or -EFAULT for a copy) must leave the
 * space exactly as it was (the page-table walk, statistics and the
 * module's counters) and leak nothing, and one that succeeds in spite of
 * the failure (a kvmalloc falling back to vmalloc) must be complete.
 *
 * Needs CONFIG_FAULT_INJECTION with FAILSLAB, FAIL_PAGE_ALLOC and
 * FAULT_INJECTION_USERCOPY and their debugfs (the debug test kernel);
 * skips elsewhere.
 */
#include "axas_util.h"
#include "kselftest_harness.h"

#define DBG "/sys/kernel/debug/"

struct fn_ctx {
	int dev;
	int fd;		/* the space of this round */
	void *umem;	/* user memory for MAP_USER */
};

/* What must not change when an operation fails: the counters, the walk. */
struct fn_snap {
	struct axas_snap s;
	__u64 walk_sum, walk_n;
};

static int fn_write(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY), ok;

	if (fd < 0)
		return -1;
	ok = write(fd, val, strlen(val)) == (ssize_t)strlen(val);
	close(fd);
	return ok ? 0 : -1;
}

/* Let fail-nth reach GFP_KERNEL slab and page allocations, quietly. */
static int fn_setup_injection(void)
{
	static const char * const knobs[][2] = {
		{ DBG "failslab/ignore-gfp-wait", "N" },
		{ DBG "failslab/verbose", "0" },
		{ DBG "fail_page_alloc/ignore-gfp-wait", "N" },
		{ DBG "fail_page_alloc/ignore-gfp-highmem", "N" },
		{ DBG "fail_page_alloc/min-order", "0" },
		{ DBG "fail_page_alloc/verbose", "0" },
	};
	unsigned int i;

	for (i = 0; i < sizeof(knobs) / sizeof(knobs[0]); i++)
		if (fn_write(knobs[i][0], knobs[i][1]))
			return -1;
	return access("/proc/thread-self/fail-nth", W_OK);
}

static void fn_set_nth(int nth)
{
	char buf[16];

	snprintf(buf, sizeof(buf), "%d", nth);
	fn_write("/proc/thread-self/fail-nth", buf);
}

/* Fault points left when the operation ended (0: the nth one failed). */
static int fn_nth_left(void)
{
	char buf[16] = "";
	int fd = open("/proc/thread-self/fail-nth", O_RDONLY);

	if (fd < 0 || read(fd, buf, sizeof(buf) - 1) < 0)
		buf[0] = 0;
	if (fd >= 0)
		close(fd);
	return atoi(buf);
}

static void fn_snapshot(struct __test_metadata *_metadata, struct fn_ctx *c,
			struct fn_snap *s)
{
	struct axas_space_info si;
	struct axas_walk_entry e[64];
	struct axas_walk w = {
		.size = sizeof(w), .flags = AXAS_WALK_TABLES,
		.level = AXAS_WALK_LEVEL_ANY, .entry_size = sizeof(e[0]),
		.entries = (unsigned long)e,
	};
	unsigned int i;

	memset(s, 0, sizeof(*s));
	axas_snapshot(_metadata, c->dev, c->fd, &s->s);
	if (c->fd < 0)
		return;
	ASSERT_EQ(0, axas_space_info(c->fd, &si));
	w.gpa = si.base;
	w.end = si.base + si.length;
	while (w.gpa < w.end) {
		w.nr_entries = 64;
		ASSERT_EQ(0, ioctl(c->fd, AXAS_IOC_WALK, &w));
		for (i = 0; i < w.nr_entries; i++) {
			s->walk_sum = s->walk_sum * 31 + e[i].gpa + e[i].length +
				      e[i].raw + e[i].level + e[i].type;
			s->walk_n++;
		}
	}
}

static void fn_expect_same(struct __test_metadata *_metadata,
			   const struct fn_snap *a, const struct fn_snap *b)
{
	axas_expect_same_snap(_metadata, &a->s, &b->s);
	EXPECT_EQ(a->walk_n, b->walk_n);
	EXPECT_EQ(a->walk_sum, b->walk_sum);
}

/*
 * One operation: @prepare runs without injection on a fresh space (the
 * context's fd, -1 for device-level operations), @run under it.  Returns
 * 0 or a negative errno.
 */
struct fn_op {
	int (*prepare)(struct fn_ctx *c);
	int (*run)(struct fn_ctx *c);
	bool device;	/* no space: the operation works on the device */
};

/*
 * Fail the 1st, 2nd, ... fault point of @op until it has fewer; check
 * each failure changed nothing and each round leaked nothing.  Returns
 * the number of injected failures that made @op fail.
 */
static int fn_sweep(struct __test_metadata *_metadata, const struct fn_op *op)
{
	struct fn_ctx c = { .fd = -1 };
	struct fn_snap base, before, after;
	int nth, left, ret, failures = 0;

	if (fn_setup_injection())
		SKIP(return 0, "no fault injection (CONFIG_FAULT_INJECTION debugfs)");
	c.dev = axas_open_dev();
	ASSERT_LE(0, c.dev) return 0;
	c.umem = mmap(NULL, 4 * SZ_2M, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	ASSERT_NE(MAP_FAILED, c.umem) return 0;
	fn_snapshot(_metadata, &c, &base);

	for (nth = 1; nth < 5000; nth++) {
		if (!op->device) {
			c.fd = axas_create(c.dev, AXAS_FMT_EPT4, 0, 0, SZ_4G, 0,
					   NULL);
			ASSERT_LE(0, c.fd) return failures;
		}
		if (op->prepare)
			ASSERT_EQ(0, op->prepare(&c)) return failures;
		fn_snapshot(_metadata, &c, &before);

		fn_set_nth(nth);
		ret = op->run(&c);
		left = fn_nth_left();
		fn_set_nth(0);

		if (ret) {
			failures++;
			EXPECT_TRUE(ret == -ENOMEM || ret == -EFAULT)
				TH_LOG("fault point %d: %d", nth, ret);
			fn_snapshot(_metadata, &c, &after);
			fn_expect_same(_metadata, &before, &after);
		}
		if (c.fd >= 0)
			close(c.fd);
		c.fd = -1;
		/* nothing leaked: not a frame, a table, a pin, a space, an fd */
		fn_snapshot(_metadata, &c, &after);
		fn_expect_same(_metadata, &base, &after);
		EXPECT_EQ(c.dev + 1, axas_next_fd());
		if (left)
			break;	/* fewer fault points than nth: done */
	}
	EXPECT_LT(nth, 5000);
	TH_LOG("%d fault points, %d made the operation fail", nth - 1, failures);
	munmap(c.umem, 4 * SZ_2M);
	close(c.dev);
	return failures;
}

/* ---- the operations ------------------------------------------------ */

static int run_create(struct fn_ctx *c)
{
	/* closed again by the sweep */
	int fd = axas_create(c->dev, AXAS_FMT_EPT4, 0, SZ_1G, 4 * SZ_1G, 0,
			     NULL);

	if (fd < 0)
		return fd;
	c->fd = fd;
	return 0;
}

static int run_open(struct fn_ctx *c)
{
	struct axas_space_info si;
	int fd, ret;

	ret = axas_space_info(c->fd, &si);
	if (ret)
		return ret;
	fd = axas_open_space(c->dev, si.id);
	if (fd < 0)
		return fd;
	close(fd);
	return 0;
}

static int run_populate(struct fn_ctx *c)
{
	/* 16 frames across a 2 MiB boundary: two leaf tables */
	return axas_map_alloc(c->fd, SZ_1G + SZ_2M - 8 * SZ_4K, 16 * SZ_4K, RW,
			      AXAS_ALLOC_POPULATE);
}

static int run_map_user(struct fn_ctx *c)
{
	return axas_map_user(c->fd, 3 * SZ_1G - 4 * SZ_4K, 16 * SZ_4K, c->umem,
			     RW);
}

static int run_map_linear(struct fn_ctx *c)
{
	/* a 4 KiB head, 2 MiB leaves, a 4 KiB tail */
	return axas_map_linear(c->fd, 2 * SZ_2M - SZ_4K, MMIO_HPA - SZ_4K,
			       2 * SZ_2M + 2 * SZ_4K, RW | AXAS_MAP_DEVICE, 0);
}

static int prep_populated(struct fn_ctx *c)
{
	/* frames to free, a 2 MiB leaf to split, lazy pages to fault in */
	return axas_map_alloc(c->fd, SZ_1G, 8 * SZ_4K, RW,
			      AXAS_ALLOC_POPULATE) ?:
	       axas_map_linear(c->fd, 0, MMIO_HPA, SZ_2M,
			       RW | AXAS_MAP_DEVICE, 0) ?:
	       axas_map_alloc(c->fd, SZ_1G + SZ_2M, 8 * SZ_4K, RW, 0);
}

static int run_unmap_split_leaf(struct fn_ctx *c)
{
	/* the middle of the 2 MiB MMIO leaf */
	return axas_unmap(c->fd, SZ_4K, SZ_4K);
}

static int run_unmap_split_area(struct fn_ctx *c)
{
	/* the middle of the populated area: two areas, two frames freed */
	return axas_unmap(c->fd, SZ_1G + 2 * SZ_4K, 2 * SZ_4K);
}

static int run_protect_split(struct fn_ctx *c)
{
	return axas_protect(c->fd, SZ_4K, 2 * SZ_4K, RD | AXAS_MAP_DEVICE);
}

static int run_pwrite_lazy(struct fn_ctx *c)
{
	char buf[64];

	memset(buf, 0x5a, sizeof(buf));
	/* one lazy page faulted in (a longer write may stop short) */
	if (pwrite(c->fd, buf, sizeof(buf), SZ_1G + SZ_2M + SZ_4K + 32) !=
	    (ssize_t)sizeof(buf))
		return -errno;
	return 0;
}

static int run_fault(struct fn_ctx *c)
{
	return axas_fault(c->fd, SZ_1G + SZ_2M + 3 * SZ_4K, WR);
}

static int run_queries(struct fn_ctx *c)
{
	struct axas_seg segs[8];
	struct axas_area_desc a[4];
	struct axas_space_desc d[2];
	__u32 nr;
	int ret;

	ret = axas_translate_range(c->fd, SZ_1G, 8 * SZ_4K, segs, 8, &nr);
	if (!ret)
		ret = axas_list_areas(c->fd, 0, a, 4);
	/* the number of areas listed, or -errno */
	if (ret >= 0)
		ret = axas_list_spaces(c->dev, 0, d, 2, &nr, NULL);
	return ret;
}

static int run_clear(struct fn_ctx *c)
{
	return axas_clear(c->fd);
}

static int run_open_readonly(struct fn_ctx *c)
{
	struct axas_open_readonly o = { .size = sizeof(o) };
	int ret = axas_ioctl(c->fd, AXAS_IOC_OPEN_READONLY, &o);

	if (!ret)
		close(o.fd);
	return ret;
}

static int run_walk_and_translate(struct fn_ctx *c)
{
	struct axas_walk_entry e[8];
	struct axas_translate t;
	int n = axas_walk_all(c->fd, 0, 2 * SZ_1G, AXAS_WALK_TABLES, 8, e, 8,
			      NULL);

	if (n < 0)
		return n;
	return axas_translate(c->fd, SZ_1G + SZ_4K, &t);
}

/* A log-dirty area, its log read, cleared by bitmap, read-and-cleared. */
static int prep_dirty(struct fn_ctx *c)
{
	char buf[8] = "dirty";

	if (axas_map_alloc(c->fd, SZ_1G, 64 * SZ_4K, RW,
			   AXAS_ALLOC_POPULATE | AXAS_ALLOC_LOG_DIRTY))
		return -1;
	return pwrite(c->fd, buf, sizeof(buf), SZ_1G + 3 * SZ_4K) ==
	       sizeof(buf) ? 0 : -1;
}

static int run_dirty_log(struct fn_ctx *c)
{
	__u64 bm = 0;
	struct axas_dirty_log d = {
		.size = sizeof(d), .gpa = SZ_1G, .length = 64 * SZ_4K,
		.bitmap = (uintptr_t)&bm,
	};
	struct axas_young y = {
		.size = sizeof(y), .flags = AXAS_YOUNG_CLEAR, .gpa = SZ_1G,
		.length = 64 * SZ_4K, .bitmap = (uintptr_t)&bm,
	};
	int ret;

	ret = axas_ioctl(c->fd, AXAS_IOC_GET_DIRTY_LOG, &d);
	if (!ret)
		ret = axas_ioctl(c->fd, AXAS_IOC_CLEAR_DIRTY_LOG, &d);
	if (!ret) {
		d.flags = AXAS_DIRTY_LOG_CLEAR;
		ret = axas_ioctl(c->fd, AXAS_IOC_GET_DIRTY_LOG, &d);
	}
	if (!ret)
		ret = axas_ioctl(c->fd, AXAS_IOC_GET_YOUNG, &y);
	return ret;
}

/* The mmap fault path: a lazy page touched through a mapping. */
static int run_mmap_touch(struct fn_ctx *c)
{
	volatile char *p = mmap(NULL, SZ_4K, PROT_READ | PROT_WRITE,
				MAP_SHARED, c->fd, SZ_1G + SZ_2M + 5 * SZ_4K);

	if (p == MAP_FAILED)
		return -errno;
	/* a failed allocation is retried by the fault handler's caller */
	p[17] = 0x5a;
	munmap((void *)p, SZ_4K);
	return 0;
}

#define FN_TEST(name, _prepare, _run, _device, min_failures)		\
TEST(name)								\
{									\
	const struct fn_op op = {					\
		.prepare = _prepare, .run = _run, .device = _device,	\
	};								\
	int n = fn_sweep(_metadata, &op);				\
									\
	if (_metadata->exit_code != KSFT_SKIP)\
		EXPECT_LE(min_failures, n);				\
}

/* One operation on the space prep_populated() filled. */
#define FN_TEST_POPULATED(name, _run, min_failures)			\
	FN_TEST(name, prep_populated, _run, false, min_failures)

/* The minimum counts are the allocations each path cannot do without. */
FN_TEST(create_space, NULL, run_create, true, 3)
FN_TEST(open_space, NULL, run_open, false, 1)
/*
 * The area, at least one run of frames (the bulk allocator's runs vary
 * with the free lists: 7 to 9 failing points were seen) and at least the
 * three table pages below the root that sv39x4 needs (more levels: more)
 */
FN_TEST(map_alloc_populate, NULL, run_populate, false, 5)
FN_TEST(map_user, NULL, run_map_user, false, 2)
FN_TEST(map_linear, NULL, run_map_linear, false, 2)
FN_TEST_POPULATED(unmap_splitting_a_leaf, run_unmap_split_leaf, 1)
FN_TEST_POPULATED(unmap_splitting_an_area, run_unmap_split_area, 1)
FN_TEST_POPULATED(protect_splitting_a_leaf, run_protect_split, 1)
FN_TEST_POPULATED(pwrite_faulting_in, run_pwrite_lazy, 2)
FN_TEST_POPULATED(handle_fault, run_fault, 1)
FN_TEST_POPULATED(queries, run_queries, 1)
FN_TEST_POPULATED(clear, run_clear, 0)
FN_TEST_POPULATED(open_readonly, run_open_readonly, 1)
FN_TEST_POPULATED(walk_and_translate, run_walk_and_translate, 1)
FN_TEST(dirty_log_and_young, prep_dirty, run_dirty_log, false, 1)
FN_TEST_POPULATED(mmap_fault, run_mmap_touch, 0)

TEST_HARNESS_MAIN
