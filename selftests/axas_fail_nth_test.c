// SPDX-License-Identifier: GPL-2.0
/*
 * Allocation failures injected into every ioctl that allocates, one
 * allocation at a time (/proc/thread-self/fail-nth, as the iommufd
 * fail_nth test does): an operation that fails must leave the space
 * exactly as it was (the page-table walk, statistics and the module's
 * counters) and leak nothing, and one that succeeds in spite of the
 * failure (a kvmalloc falling back to vmalloc) must be complete.
 *
 * Needs CONFIG_FAULT_INJECTION with FAILSLAB and FAIL_PAGE_ALLOC and
 * their debugfs (the debug test kernel); skips elsewhere.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/axaddrspace.h>

#include "kselftest_harness.h"

#define AXAS_DEV "/dev/axaddrspace"
#define DBG "/sys/kernel/debug/"
#define MMIO 0xfd000000ULL	/* not RAM in a QEMU PC guest */
#define SZ4K 0x1000ULL
#define SZ2M 0x200000ULL
#define SZ1G 0x40000000ULL
#define RW (AXAS_MAP_READ | AXAS_MAP_WRITE)

struct fn_ctx {
	int dev;
	int fd;		/* the space of this round */
	void *umem;	/* user memory for MAP_USER */
};

/* What must not change when an operation fails. */
struct fn_snap {
	__u64 table_pages, frames, pinned, faults, mapped, areas;
	__u64 leaves[5];
	__u64 g_frames, g_tables, g_pinned, g_spaces;
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
	struct axas_space_info si = { .size = sizeof(si) };
	struct axas_info gi = { .size = sizeof(gi) };
	struct axas_walk_entry e[64];
	struct axas_walk w = {
		.size = sizeof(w), .flags = AXAS_WALK_TABLES,
		.level = AXAS_WALK_LEVEL_ANY, .entry_size = sizeof(e[0]),
		.entries = (unsigned long)e,
	};
	unsigned int i;

	memset(s, 0, sizeof(*s));
	ASSERT_EQ(0, ioctl(c->dev, AXAS_IOC_GET_INFO, &gi));
	s->g_frames = gi.frames;
	s->g_tables = gi.table_pages;
	s->g_pinned = gi.pinned_pages;
	s->g_spaces = gi.nr_spaces;
	if (c->fd < 0)
		return;
	ASSERT_EQ(0, ioctl(c->fd, AXAS_IOC_GET_SPACE_INFO, &si));
	s->table_pages = si.table_pages;
	s->frames = si.frames;
	s->pinned = si.pinned_pages;
	s->faults = si.faults;
	s->mapped = si.mapped_bytes;
	s->areas = si.nr_areas;
	memcpy(s->leaves, si.leaves, sizeof(s->leaves));
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
	EXPECT_EQ(a->table_pages, b->table_pages);
	EXPECT_EQ(a->frames, b->frames);
	EXPECT_EQ(a->pinned, b->pinned);
	EXPECT_EQ(a->faults, b->faults);
	EXPECT_EQ(a->mapped, b->mapped);
	EXPECT_EQ(a->areas, b->areas);
	EXPECT_EQ(0, memcmp(a->leaves, b->leaves, sizeof(a->leaves)));
	EXPECT_EQ(a->g_frames, b->g_frames);
	EXPECT_EQ(a->g_tables, b->g_tables);
	EXPECT_EQ(a->g_pinned, b->g_pinned);
	EXPECT_EQ(a->g_spaces, b->g_spaces);
	EXPECT_EQ(a->walk_n, b->walk_n);
	EXPECT_EQ(a->walk_sum, b->walk_sum);
}

static int fn_create(int dev, __u64 base, __u64 length)
{
	struct axas_create_space c = {
		.size = sizeof(c), .format = AXAS_FMT_NATIVE, .base = base,
		.length = length,
	};

	return ioctl(dev, AXAS_IOC_CREATE_SPACE, &c) ? -errno : c.fd;
}

static int fn_ioctl(int fd, unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) ? -errno : 0;
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
	c.dev = open(AXAS_DEV, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, c.dev) return 0;
	c.umem = mmap(NULL, 4 * SZ2M, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	ASSERT_NE(MAP_FAILED, c.umem) return 0;
	fn_snapshot(_metadata, &c, &base);

	for (nth = 1; nth < 5000; nth++) {
		int probe_fd;

		if (!op->device) {
			c.fd = fn_create(c.dev, 0, 1ULL << 32);
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
			EXPECT_EQ(-ENOMEM, ret) TH_LOG("fault point %d", nth);
			fn_snapshot(_metadata, &c, &after);
			fn_expect_same(_metadata, &before, &after);
		}
		if (c.fd >= 0)
			close(c.fd);
		c.fd = -1;
		/* nothing leaked: not a frame, a table, a pin, a space, an fd */
		fn_snapshot(_metadata, &c, &after);
		fn_expect_same(_metadata, &base, &after);
		probe_fd = dup(0);
		EXPECT_EQ(c.dev + 1, probe_fd);
		close(probe_fd);
		if (left)
			break;	/* fewer fault points than nth: done */
	}
	EXPECT_LT(nth, 5000);
	TH_LOG("%d fault points, %d made the operation fail", nth - 1, failures);
	munmap(c.umem, 4 * SZ2M);
	close(c.dev);
	return failures;
}

/* ---- the operations ------------------------------------------------ */

static int run_create(struct fn_ctx *c)
{
	/* closed again by the sweep */
	int fd = fn_create(c->dev, SZ1G, 4 * SZ1G);

	if (fd < 0)
		return fd;
	c->fd = fd;
	return 0;
}

static int run_open(struct fn_ctx *c)
{
	struct axas_space_info si = { .size = sizeof(si) };
	struct axas_open_space o = { .size = sizeof(o) };
	int ret;

	ret = fn_ioctl(c->fd, AXAS_IOC_GET_SPACE_INFO, &si);
	if (ret)
		return ret;
	o.id = si.id;
	ret = fn_ioctl(c->dev, AXAS_IOC_OPEN_SPACE, &o);
	if (!ret)
		close(o.fd);
	return ret;
}

static int run_populate(struct fn_ctx *c)
{
	/* 16 frames across a 2 MiB boundary: two leaf tables */
	struct axas_map_alloc m = {
		.size = sizeof(m), .flags = AXAS_ALLOC_POPULATE,
		.gpa = SZ1G + SZ2M - 8 * SZ4K, .length = 16 * SZ4K,
		.map_flags = RW,
	};

	return fn_ioctl(c->fd, AXAS_IOC_MAP_ALLOC, &m);
}

static int run_map_user(struct fn_ctx *c)
{
	struct axas_map_user m = {
		.size = sizeof(m), .gpa = 3 * SZ1G - 4 * SZ4K,
		.length = 16 * SZ4K, .uaddr = (unsigned long)c->umem,
		.map_flags = RW,
	};

	return fn_ioctl(c->fd, AXAS_IOC_MAP_USER, &m);
}

static int run_map_linear(struct fn_ctx *c)
{
	/* a 4 KiB head, 2 MiB leaves, a 4 KiB tail */
	struct axas_map_linear m = {
		.size = sizeof(m), .gpa = 2 * SZ2M - SZ4K, .hpa = MMIO - SZ4K,
		.length = 2 * SZ2M + 2 * SZ4K,
		.map_flags = RW | AXAS_MAP_DEVICE,
	};

	return fn_ioctl(c->fd, AXAS_IOC_MAP_LINEAR, &m);
}

static int prep_populated(struct fn_ctx *c)
{
	struct axas_map_alloc m = {
		.size = sizeof(m), .flags = AXAS_ALLOC_POPULATE,
		.gpa = SZ1G, .length = 8 * SZ4K, .map_flags = RW,
	};
	struct axas_map_linear l2 = {
		.size = sizeof(l2), .gpa = 0, .hpa = MMIO, .length = SZ2M,
		.map_flags = RW | AXAS_MAP_DEVICE,
	};
	struct axas_map_alloc lazy = {
		.size = sizeof(lazy), .gpa = SZ1G + SZ2M, .length = 8 * SZ4K,
		.map_flags = RW,
	};
	int ret;

	/* frames to free, a 2 MiB leaf to split, lazy pages to fault in */
	ret = fn_ioctl(c->fd, AXAS_IOC_MAP_ALLOC, &m);
	if (!ret)
		ret = fn_ioctl(c->fd, AXAS_IOC_MAP_LINEAR, &l2);
	if (!ret)
		ret = fn_ioctl(c->fd, AXAS_IOC_MAP_ALLOC, &lazy);
	return ret;
}

static int run_unmap_split_leaf(struct fn_ctx *c)
{
	/* the middle of the 2 MiB MMIO leaf */
	struct axas_range r = { .size = sizeof(r), .gpa = SZ4K, .length = SZ4K };

	return fn_ioctl(c->fd, AXAS_IOC_UNMAP, &r);
}

static int run_unmap_split_area(struct fn_ctx *c)
{
	/* the middle of the populated area: two areas, two frames freed */
	struct axas_range r = {
		.size = sizeof(r), .gpa = SZ1G + 2 * SZ4K, .length = 2 * SZ4K,
	};

	return fn_ioctl(c->fd, AXAS_IOC_UNMAP, &r);
}

static int run_protect_split(struct fn_ctx *c)
{
	struct axas_protect p = {
		.size = sizeof(p), .gpa = SZ4K, .length = 2 * SZ4K,
		.map_flags = AXAS_MAP_READ | AXAS_MAP_DEVICE,
	};

	return fn_ioctl(c->fd, AXAS_IOC_PROTECT, &p);
}

static int run_pwrite_lazy(struct fn_ctx *c)
{
	char buf[64];

	memset(buf, 0x5a, sizeof(buf));
	/* one lazy page faulted in (a longer write may stop short) */
	if (pwrite(c->fd, buf, sizeof(buf), SZ1G + SZ2M + SZ4K + 32) !=
	    (ssize_t)sizeof(buf))
		return -errno;
	return 0;
}

static int run_fault(struct fn_ctx *c)
{
	struct axas_fault f = {
		.size = sizeof(f), .gpa = SZ1G + SZ2M + 3 * SZ4K,
		.access = AXAS_MAP_WRITE,
	};

	return fn_ioctl(c->fd, AXAS_IOC_HANDLE_FAULT, &f);
}

static int run_queries(struct fn_ctx *c)
{
	struct axas_seg segs[8];
	struct axas_translate_range tr = {
		.size = sizeof(tr), .gpa = SZ1G, .length = 8 * SZ4K,
		.segs = (unsigned long)segs, .nr_segs = 8,
	};
	struct axas_area_desc a[4];
	struct axas_list_areas la = {
		.size = sizeof(la), .nr_entries = 4, .entry_size = sizeof(a[0]),
		.entries = (unsigned long)a,
	};
	struct axas_space_desc d[2];
	struct axas_list_spaces ls = {
		.size = sizeof(ls), .nr_entries = 2, .entry_size = sizeof(d[0]),
		.entries = (unsigned long)d,
	};
	int ret;

	ret = fn_ioctl(c->fd, AXAS_IOC_TRANSLATE_RANGE, &tr);
	if (!ret)
		ret = fn_ioctl(c->fd, AXAS_IOC_LIST_AREAS, &la);
	if (!ret)
		ret = fn_ioctl(c->dev, AXAS_IOC_LIST_SPACES, &ls);
	return ret;
}

static int run_clear(struct fn_ctx *c)
{
	struct axas_clear cl = { .size = sizeof(cl) };

	return fn_ioctl(c->fd, AXAS_IOC_CLEAR, &cl);
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

/* The minimum counts are the allocations each path cannot do without. */
FN_TEST(create_space, NULL, run_create, true, 3)
FN_TEST(open_space, NULL, run_open, false, 1)
FN_TEST(map_alloc_populate, NULL, run_populate, false, 16)
FN_TEST(map_user, NULL, run_map_user, false, 2)
FN_TEST(map_linear, NULL, run_map_linear, false, 2)
FN_TEST(unmap_splitting_a_leaf, prep_populated, run_unmap_split_leaf, false, 1)
FN_TEST(unmap_splitting_an_area, prep_populated, run_unmap_split_area, false, 1)
FN_TEST(protect_splitting_a_leaf, prep_populated, run_protect_split, false, 1)
FN_TEST(pwrite_faulting_in, prep_populated, run_pwrite_lazy, false, 2)
FN_TEST(handle_fault, prep_populated, run_fault, false, 1)
FN_TEST(queries, prep_populated, run_queries, false, 1)
FN_TEST(clear, prep_populated, run_clear, false, 0)

TEST_HARNESS_MAIN
