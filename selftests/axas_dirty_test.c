// SPDX-License-Identifier: GPL-2.0
/*
 * kselftests of dirty logging and the accessed harvest
 * (AXAS_IOC_GET_DIRTY_LOG, AXAS_IOC_CLEAR_DIRTY_LOG, AXAS_IOC_GET_YOUNG):
 * every errno, KVM's manual-protect clear semantics, module writes exact to
 * the page, write-protect tracking driven by AXAS_IOC_HANDLE_FAULT on the
 * formats without hardware dirty bits, 4 KiB leaves in log-dirty areas,
 * stores through mmap not logged, concurrent writers against get-and-clear,
 * the young harvest.
 */
#include <pthread.h>
#include <stdatomic.h>
#include "axas_util.h"
#include "kselftest_harness.h"

#define NP	64			/* pages of the log-dirty area */
#define LOGLEN	(NP * SZ_4K)
#define PLAIN	(2 * SZ_1G)		/* a plain area, not logging */

static int get_log(int fd, __u64 gpa, __u64 len, void *bm, __u32 flags)
{
	struct axas_dirty_log d = {
		.size = sizeof(d), .flags = flags, .gpa = gpa, .length = len,
		.bitmap = (uintptr_t)bm,
	};

	return axas_ioctl(fd, AXAS_IOC_GET_DIRTY_LOG, &d);
}

static int clear_log(int fd, __u64 gpa, __u64 len, const void *bm, __u32 flags)
{
	struct axas_dirty_log d = {
		.size = sizeof(d), .flags = flags, .gpa = gpa, .length = len,
		.bitmap = (uintptr_t)bm,
	};

	return axas_ioctl(fd, AXAS_IOC_CLEAR_DIRTY_LOG, &d);
}

static int get_young(int fd, __u64 gpa, __u64 len, void *bm, __u32 flags)
{
	struct axas_young y = {
		.size = sizeof(y), .flags = flags, .gpa = gpa, .length = len,
		.bitmap = (uintptr_t)bm,
	};

	return axas_ioctl(fd, AXAS_IOC_GET_YOUNG, &y);
}

static bool bit(const __u64 *bm, unsigned int i)
{
	return bm[i / 64] >> (i % 64) & 1;
}

static unsigned int weight(const __u64 *bm, unsigned int n)
{
	unsigned int i, w = 0;

	for (i = 0; i < n; i++)
		w += bit(bm, i);
	return w;
}

/* The dirty pages of the log-dirty area [0, LOGLEN), as a mask. */
static __u64 dirty_mask(struct __test_metadata *_metadata, int fd, __u32 flags)
{
	__u64 bm[NP / 64] = { ~0ULL };

	EXPECT_EQ(0, get_log(fd, 0, LOGLEN, bm, flags));
	return bm[0];
}

static void wr(struct __test_metadata *_metadata, int fd, __u64 gpa)
{
	char b = 0x5a;

	ASSERT_EQ(1, pwrite(fd, &b, 1, gpa));
}

/* A space of @format over [0, 4 GiB): a log-dirty area and a plain one. */
static int dirty_space(struct __test_metadata *_metadata, int dev,
		       __u32 format, __u32 *id)
{
	int fd = axas_create(dev, format, 0, 0, SZ_4G, 0, id);

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, axas_map_alloc(fd, 0, LOGLEN, RW,
				    AXAS_ALLOC_POPULATE | AXAS_ALLOC_LOG_DIRTY));
	ASSERT_EQ(0, axas_map_alloc(fd, PLAIN, LOGLEN, RW, AXAS_ALLOC_POPULATE));
	return fd;
}

AXAS_CTX_TEST(get_info_reports_log_dirty, 0)
{
	EXPECT_TRUE(self->info0.alloc_flags & AXAS_ALLOC_LOG_DIRTY);
	EXPECT_TRUE(self->info0.linear_flags & AXAS_LINEAR_LOG_DIRTY);
	EXPECT_TRUE(self->info0.user_flags & AXAS_USER_LOG_DIRTY);
}

AXAS_CTX_TEST(area_listing_shows_log_dirty, 0)
{
	int fd = dirty_space(_metadata, self->dev, AXAS_FMT_EPT4, NULL);
	struct axas_area_desc d[2];

	ASSERT_EQ(2, axas_list_areas(fd, 0, d, 2));
	EXPECT_EQ(AXAS_ALLOC_POPULATE | AXAS_ALLOC_LOG_DIRTY, d[0].flags);
	EXPECT_EQ(AXAS_ALLOC_POPULATE, d[1].flags);
}

AXAS_CTX_TEST(bad_ranges, 0)
{
	int fd = dirty_space(_metadata, self->dev, AXAS_FMT_EPT4, NULL);
	__u64 bm[NP / 64 + 1] = {};

	EXPECT_EQ(-EINVAL, get_log(fd, 0, 0, bm, 0));
	EXPECT_EQ(-EINVAL, get_log(fd, 0x800, SZ_4K, bm, 0));
	EXPECT_EQ(-EINVAL, get_log(fd, 0, SZ_4K + 1, bm, 0));
	EXPECT_EQ(-EINVAL, clear_log(fd, 0, 0, bm, 0));
	EXPECT_EQ(-EINVAL, clear_log(fd, 0x800, SZ_4K, bm, 0));
	EXPECT_EQ(-EINVAL, get_young(fd, 0, 0, bm, 0));
	EXPECT_EQ(-EINVAL, get_young(fd, 0x800, SZ_4K, bm, 0));
	EXPECT_EQ(-ERANGE, get_log(fd, SZ_4G, SZ_4K, bm, 0));
	EXPECT_EQ(-ERANGE, get_log(fd, SZ_4G - SZ_4K, 2 * SZ_4K, bm, 0));
	EXPECT_EQ(-ERANGE, clear_log(fd, SZ_4G, SZ_4K, bm, 0));
	EXPECT_EQ(-ERANGE, get_young(fd, SZ_4G, SZ_4K, bm, 0));
	EXPECT_EQ(-E2BIG, get_log(fd, 0, AXAS_DIRTY_LOG_MAX_LENGTH + SZ_4K, bm, 0));
	EXPECT_EQ(-E2BIG, get_young(fd, 0, AXAS_DIRTY_LOG_MAX_LENGTH + SZ_4K, bm, 0));
}

AXAS_CTX_TEST(pages_outside_log_dirty_areas, 0)
{
	int fd = dirty_space(_metadata, self->dev, AXAS_FMT_EPT4, NULL);
	__u64 bm[NP / 64 + 1] = {};

	/* a plain area, a hole after the log-dirty area, across both */
	EXPECT_EQ(-EINVAL, get_log(fd, PLAIN, SZ_4K, bm, 0));
	EXPECT_EQ(-EINVAL, get_log(fd, LOGLEN, SZ_4K, bm, 0));
	EXPECT_EQ(-EINVAL, get_log(fd, 0, LOGLEN + SZ_4K, bm, 0));
	EXPECT_EQ(-EINVAL, get_log(fd, PLAIN, SZ_4K, bm, AXAS_DIRTY_LOG_CLEAR));
	EXPECT_EQ(-EINVAL, clear_log(fd, PLAIN, SZ_4K, bm, 0));
	EXPECT_EQ(-EINVAL, clear_log(fd, 0, LOGLEN + SZ_4K, bm, 0));
	/* the young harvest takes any range: holes read 0 */
	EXPECT_EQ(0, get_young(fd, LOGLEN, SZ_4K, bm, 0));
}

AXAS_CTX_TEST(unknown_flags, 0)
{
	int fd = dirty_space(_metadata, self->dev, AXAS_FMT_EPT4, NULL);
	__u64 bm[1] = {};

	EXPECT_EQ(-EINVAL, get_log(fd, 0, SZ_4K, bm, 2));
	EXPECT_EQ(-EINVAL, clear_log(fd, 0, SZ_4K, bm, AXAS_DIRTY_LOG_CLEAR));
	EXPECT_EQ(-EINVAL, get_young(fd, 0, SZ_4K, bm, 2));
	EXPECT_EQ(-EINVAL, axas_map_alloc(fd, SZ_1G, SZ_4K, RW, 1U << 3));
	EXPECT_EQ(-EINVAL, axas_map_linear(fd, SZ_1G, MMIO_HPA, SZ_4K, RD, 4));
}

AXAS_CTX_TEST(bitmap_faults_change_nothing, 0)
{
	int fd = dirty_space(_metadata, self->dev, AXAS_FMT_EPT4, NULL);
	__u64 ones[NP / 64] = { 1ULL << 3 };
	void *ro = axas_ro_page(ones, sizeof(ones));

	ASSERT_NE(NULL, ro);
	wr(_metadata, fd, 3 * SZ_4K);
	EXPECT_EQ(-EFAULT, get_log(fd, 0, LOGLEN, axas_hole(), 0));
	EXPECT_EQ(-EFAULT, get_log(fd, 0, LOGLEN, axas_hole(), AXAS_DIRTY_LOG_CLEAR));
	/* a read-only bitmap cannot take the result: nothing cleared */
	EXPECT_EQ(-EFAULT, get_log(fd, 0, LOGLEN, ro, AXAS_DIRTY_LOG_CLEAR));
	EXPECT_EQ(-EFAULT, clear_log(fd, 0, LOGLEN, axas_hole(), 0));
	EXPECT_EQ(-EFAULT, get_young(fd, 0, LOGLEN, axas_hole(), AXAS_YOUNG_CLEAR));
	EXPECT_EQ(1ULL << 3, dirty_mask(_metadata, fd, 0));
	/* a read-only bitmap is fine for CLEAR, which only reads it */
	EXPECT_EQ(0, clear_log(fd, 0, LOGLEN, ro, 0));
	EXPECT_EQ(0ULL, dirty_mask(_metadata, fd, 0));
}

AXAS_CTX_TEST(read_only_descriptor, 0)
{
	__u32 id;
	int fd = dirty_space(_metadata, self->dev, AXAS_FMT_EPT4, &id);
	int ro = axas_open_space(self->dev, id);
	__u64 bm[NP / 64] = {};

	ASSERT_LE(0, ro);
	wr(_metadata, fd, 5 * SZ_4K);
	EXPECT_EQ(0, get_log(ro, 0, LOGLEN, bm, 0));
	EXPECT_EQ(1ULL << 5, bm[0]);
	EXPECT_EQ(-EBADF, get_log(ro, 0, LOGLEN, bm, AXAS_DIRTY_LOG_CLEAR));
	EXPECT_EQ(-EBADF, clear_log(ro, 0, LOGLEN, bm, 0));
	EXPECT_EQ(0, get_young(ro, 0, LOGLEN, bm, 0));
	EXPECT_EQ(-EBADF, get_young(ro, 0, LOGLEN, bm, AXAS_YOUNG_CLEAR));
	EXPECT_EQ(1ULL << 5, dirty_mask(_metadata, fd, 0));
}

AXAS_CTX_TEST(module_writes_exact_to_the_page, 0)
{
	int fd = dirty_space(_metadata, self->dev, AXAS_FMT_EPT4, NULL);
	char buf[2] = { 1, 2 };
	__u64 v, bm[1] = {};

	EXPECT_EQ(0ULL, dirty_mask(_metadata, fd, 0));
	/* two bytes across the boundary of pages 3 and 4 */
	ASSERT_EQ(2, pwrite(fd, buf, 2, 4 * SZ_4K - 1));
	ASSERT_EQ(0, axas_store(fd, 10 * SZ_4K + 8, 8, 42));
	/* loads and reads log nothing */
	ASSERT_EQ(2, pread(fd, buf, 2, 20 * SZ_4K));
	ASSERT_EQ(0, axas_load(fd, 21 * SZ_4K, 4, &v));
	EXPECT_EQ(1ULL << 3 | 1ULL << 4 | 1ULL << 10, dirty_mask(_metadata, fd, 0));
	/* a sub-range: bit 0 is its first page */
	EXPECT_EQ(0, get_log(fd, 4 * SZ_4K, 8 * SZ_4K, bm, 0));
	EXPECT_EQ(1ULL | 1ULL << 6, bm[0]);
	EXPECT_EQ(1ULL << 3 | 1ULL << 4 | 1ULL << 10,
		  dirty_mask(_metadata, fd, AXAS_DIRTY_LOG_CLEAR));
	EXPECT_EQ(0ULL, dirty_mask(_metadata, fd, 0));
}

AXAS_CTX_TEST(manual_protect_clear_semantics, 0)
{
	int fd = dirty_space(_metadata, self->dev, AXAS_FMT_EPT4, NULL);
	__u64 bm[1];

	wr(_metadata, fd, 1 * SZ_4K);
	wr(_metadata, fd, 2 * SZ_4K);
	/* GET without clear changes nothing */
	EXPECT_EQ(0x6ULL, dirty_mask(_metadata, fd, 0));
	EXPECT_EQ(0x6ULL, dirty_mask(_metadata, fd, 0));
	/* written again between GET and CLEAR: still reported until CLEAR */
	wr(_metadata, fd, 1 * SZ_4K);
	EXPECT_EQ(0x6ULL, dirty_mask(_metadata, fd, 0));
	/* CLEAR re-arms exactly the pages named */
	bm[0] = 0x2;
	EXPECT_EQ(0, clear_log(fd, 0, LOGLEN, bm, 0));
	EXPECT_EQ(0x4ULL, dirty_mask(_metadata, fd, 0));
	/* a write after CLEAR is reported again */
	wr(_metadata, fd, 1 * SZ_4K);
	EXPECT_EQ(0x6ULL, dirty_mask(_metadata, fd, 0));
	bm[0] = ~0ULL;
	EXPECT_EQ(0, clear_log(fd, 0, LOGLEN, bm, 0));
	EXPECT_EQ(0ULL, dirty_mask(_metadata, fd, 0));
	/* get-and-clear: reported once */
	wr(_metadata, fd, 63 * SZ_4K);
	EXPECT_EQ(1ULL << 63, dirty_mask(_metadata, fd, AXAS_DIRTY_LOG_CLEAR));
	EXPECT_EQ(0ULL, dirty_mask(_metadata, fd, 0));
}

AXAS_CTX_TEST(unmap_forgets_split_keeps, 0)
{
	int fd = dirty_space(_metadata, self->dev, AXAS_FMT_EPT4, NULL);
	__u64 bm[1] = {};

	wr(_metadata, fd, 2 * SZ_4K);
	wr(_metadata, fd, 7 * SZ_4K);
	wr(_metadata, fd, 12 * SZ_4K);
	ASSERT_EQ(0, axas_unmap(fd, 7 * SZ_4K, SZ_4K));
	EXPECT_EQ(-EINVAL, get_log(fd, 0, LOGLEN, bm, 0));
	EXPECT_EQ(0, get_log(fd, 8 * SZ_4K, 8 * SZ_4K, bm, 0));
	EXPECT_EQ(1ULL << 4, bm[0]);
	EXPECT_EQ(0, get_log(fd, 0, 7 * SZ_4K, bm, 0));
	EXPECT_EQ(1ULL << 2, bm[0]);
	/* mapped again: a fresh, clean log */
	ASSERT_EQ(0, axas_map_alloc(fd, 7 * SZ_4K, SZ_4K, RW,
				    AXAS_ALLOC_POPULATE | AXAS_ALLOC_LOG_DIRTY));
	EXPECT_EQ(1ULL << 2 | 1ULL << 12, dirty_mask(_metadata, fd, 0));
}

AXAS_CTX_TEST(mmap_stores_are_not_logged, 0)
{
	int fd = dirty_space(_metadata, self->dev, AXAS_FMT_EPT4, NULL);
	char *p = mmap(NULL, LOGLEN, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	ASSERT_NE(MAP_FAILED, p);
	p[5 * SZ_4K] = 1;
	p[6 * SZ_4K + 100] = 2;
	EXPECT_EQ(0ULL, dirty_mask(_metadata, fd, 0));
	wr(_metadata, fd, 6 * SZ_4K);
	EXPECT_EQ(1ULL << 6, dirty_mask(_metadata, fd, 0));
	munmap(p, LOGLEN);
}

AXAS_CTX_TEST(huge_leaf_policy, 0)
{
	int fd = axas_create(self->dev, AXAS_FMT_EPT4, 0, 0, SZ_4G, 0, NULL);
	void *mem = axas_anon(4 * SZ_2M, PROT_READ | PROT_WRITE);
	struct axas_translate t;
	struct axas_map_user mu = {
		.size = sizeof(mu), .flags = AXAS_USER_LOG_DIRTY, .gpa = SZ_1G,
		.length = SZ_2M, .map_flags = RW,
	};
	__u64 bm[SZ_2M / SZ_4K / 64];

	ASSERT_LE(0, fd);
	/* alloc: 4 KiB frames anyway; linear: 4 KiB leaves despite alignment */
	ASSERT_EQ(0, axas_map_alloc(fd, 0, SZ_2M, RW,
				    AXAS_ALLOC_POPULATE | AXAS_ALLOC_LOG_DIRTY));
	ASSERT_EQ(0, axas_translate(fd, SZ_4K, &t));
	EXPECT_EQ(SZ_4K, t.leaf_size);
	need_mmio(_metadata, MMIO_HPA, SZ_2M);
	ASSERT_EQ(0, axas_map_linear(fd, SZ_2M, MMIO_HPA, SZ_2M, RD,
				     AXAS_LINEAR_LOG_DIRTY));
	ASSERT_EQ(0, axas_translate(fd, SZ_2M, &t));
	EXPECT_EQ(SZ_4K, t.leaf_size);
	ASSERT_EQ(0, axas_map_linear(fd, 2 * SZ_2M, MMIO_HPA + SZ_2M, SZ_2M, RD, 0));
	ASSERT_EQ(0, axas_translate(fd, 2 * SZ_2M, &t));
	EXPECT_EQ(SZ_2M, t.leaf_size);
	EXPECT_EQ(0, get_log(fd, SZ_2M, SZ_2M, bm, 0));
	EXPECT_EQ(0U, weight(bm, SZ_2M / SZ_4K));
	/* user memory, 2 MiB aligned: still 4 KiB leaves, pwrite logged */
	ASSERT_NE(NULL, mem);
	mu.uaddr = ((uintptr_t)mem + SZ_2M - 1) & ~(SZ_2M - 1);
	ASSERT_EQ(0, axas_ioctl(fd, AXAS_IOC_MAP_USER, &mu));
	ASSERT_EQ(0, axas_translate(fd, SZ_1G + SZ_2M - SZ_4K, &t));
	EXPECT_EQ(SZ_4K, t.leaf_size);
	wr(_metadata, fd, SZ_1G + 300 * SZ_4K);
	EXPECT_EQ(0, get_log(fd, SZ_1G, SZ_2M, bm, 0));
	EXPECT_EQ(1U, weight(bm, SZ_2M / SZ_4K));
	EXPECT_TRUE(bit(bm, 300));
}

/* Guest stores per format: hardware dirty bits, or write-protect faults. */
FIXTURE(track) {
	int dev;
	int fd;
};

FIXTURE_VARIANT(track) {
	__u32 format;
	bool wp;		/* no hardware dirty bit: write protection */
};

FIXTURE_VARIANT_ADD(track, ept4) { .format = AXAS_FMT_EPT4 };
FIXTURE_VARIANT_ADD(track, npt4) { .format = AXAS_FMT_NPT4 };
FIXTURE_VARIANT_ADD(track, arm_s2) { .format = AXAS_FMT_ARM_S2, .wp = true };
FIXTURE_VARIANT_ADD(track, sv48x4) { .format = AXAS_FMT_SV48X4, .wp = true };

FIXTURE_SETUP(track)
{
	self->dev = axas_open_dev();
	if (self->dev < 0 && errno == ENOENT)
		SKIP(return, AXAS_DEV " missing");
	ASSERT_LE(0, self->dev);
	self->fd = dirty_space(_metadata, self->dev, variant->format, NULL);
}

FIXTURE_TEARDOWN(track)
{
}

static __u32 leaf_flags(struct __test_metadata *_metadata, int fd, __u64 gpa)
{
	struct axas_translate t;

	EXPECT_EQ(0, axas_translate(fd, gpa, &t));
	EXPECT_EQ(SZ_4K, t.leaf_size);
	return t.map_flags;
}

TEST_F(track, write_faults)
{
	__u64 bm[1] = { 1ULL << 2 };
	int fd = self->fd;

	/* clean pages of a write-protect format start read-only */
	EXPECT_EQ(variant->wp ? RD : RW, leaf_flags(_metadata, fd, 0));
	EXPECT_EQ(RW, leaf_flags(_metadata, fd, PLAIN));
	/* a read fault on a present page logs nothing */
	EXPECT_EQ(0, axas_fault(fd, 2 * SZ_4K, RD));
	EXPECT_EQ(0ULL, dirty_mask(_metadata, fd, 0));
	/* the guest's first store faults: logged, writable again */
	EXPECT_EQ(0, axas_fault(fd, 2 * SZ_4K + 8, WR));
	EXPECT_EQ(RW, leaf_flags(_metadata, fd, 2 * SZ_4K));
	EXPECT_EQ(1ULL << 2, dirty_mask(_metadata, fd, 0));
	EXPECT_EQ(0, axas_fault(fd, 5 * SZ_4K, RD | WR));
	EXPECT_EQ(1ULL << 2 | 1ULL << 5, dirty_mask(_metadata, fd, 0));
	/* get-and-clear re-arms: write-protected again where so tracked */
	EXPECT_EQ(1ULL << 2 | 1ULL << 5,
		  dirty_mask(_metadata, fd, AXAS_DIRTY_LOG_CLEAR));
	EXPECT_EQ(variant->wp ? RD : RW, leaf_flags(_metadata, fd, 2 * SZ_4K));
	EXPECT_EQ(0ULL, dirty_mask(_metadata, fd, 0));
	/* the next store faults again and is logged again */
	EXPECT_EQ(0, axas_fault(fd, 2 * SZ_4K, WR));
	EXPECT_EQ(1ULL << 2, dirty_mask(_metadata, fd, 0));
	/* CLEAR of that page re-arms it alone */
	EXPECT_EQ(0, axas_fault(fd, 9 * SZ_4K, WR));
	EXPECT_EQ(0, clear_log(fd, 0, LOGLEN, bm, 0));
	EXPECT_EQ(variant->wp ? RD : RW, leaf_flags(_metadata, fd, 2 * SZ_4K));
	EXPECT_EQ(RW, leaf_flags(_metadata, fd, 9 * SZ_4K));
	EXPECT_EQ(1ULL << 9, dirty_mask(_metadata, fd, 0));
	/* an access the area refuses is still refused */
	EXPECT_EQ(-EACCES, axas_fault(fd, 0, EX));
}

TEST_F(track, protect_keeps_writes_logged)
{
	int fd = self->fd;

	ASSERT_EQ(0, axas_protect(fd, 0, 4 * SZ_4K, RD));
	EXPECT_EQ(RD, leaf_flags(_metadata, fd, 0));
	EXPECT_EQ(-EACCES, axas_fault(fd, 0, WR));
	ASSERT_EQ(0, axas_protect(fd, 0, 4 * SZ_4K, RW));
	/* made writable: on write-protect formats every page is logged */
	EXPECT_EQ(variant->wp ? 0xfULL : 0ULL, dirty_mask(_metadata, fd, 0));
}

TEST_F(track, lazy_pages)
{
	int fd = self->fd;
	__u64 bm[1];

	ASSERT_EQ(0, axas_map_alloc(fd, SZ_1G, LOGLEN, RW, AXAS_ALLOC_LOG_DIRTY));
	EXPECT_EQ(0, axas_fault(fd, SZ_1G + 3 * SZ_4K, WR));
	EXPECT_EQ(RW, leaf_flags(_metadata, fd, SZ_1G + 3 * SZ_4K));
	EXPECT_EQ(0, axas_fault(fd, SZ_1G + 4 * SZ_4K, RD));
	EXPECT_EQ(variant->wp ? RD : RW, leaf_flags(_metadata, fd, SZ_1G + 4 * SZ_4K));
	EXPECT_EQ(0, get_log(fd, SZ_1G, LOGLEN, bm, 0));
	EXPECT_EQ(1ULL << 3, bm[0]);
}

/* Concurrent writers against get-and-clear: no write is ever lost. */
#define CNP	1024
#define NWRITERS 2

struct conc {
	int fd;
	atomic_int stop;
	atomic_long started;		/* GETs begun */
	atomic_long lastw[CNP];		/* started, read before a write */
	unsigned int seed[NWRITERS];
};

static void *writer(void *arg)
{
	struct conc *c = ((void **)arg)[0];
	unsigned int *seed = ((void **)arg)[1];
	char b = 1;

	while (!atomic_load(&c->stop)) {
		unsigned int p = rand_r(seed) % CNP;
		/* read before the write: GETs before GET s ended already */
		long s = atomic_load(&c->started), cur;

		if (pwrite(c->fd, &b, 1, (__u64)p * SZ_4K) != 1)
			break;
		cur = atomic_load(&c->lastw[p]);
		while (cur < s &&
		       !atomic_compare_exchange_weak(&c->lastw[p], &cur, s))
			;
	}
	return NULL;
}

AXAS_CTX_TEST(concurrent_writers_lose_nothing, 0)
{
	static struct conc c;
	static long rep[CNP];
	pthread_t t[NWRITERS];
	void *args[NWRITERS][2];
	__u64 bm[CNP / 64];
	long round;
	unsigned int i;

	c.fd = axas_create(self->dev, AXAS_FMT_EPT4, 0, 0, SZ_4G, 0, NULL);
	ASSERT_LE(0, c.fd);
	ASSERT_EQ(0, axas_map_alloc(c.fd, 0, CNP * SZ_4K, RW,
				    AXAS_ALLOC_POPULATE | AXAS_ALLOC_LOG_DIRTY));
	for (i = 0; i < CNP; i++) {
		atomic_store(&c.lastw[i], -1);
		rep[i] = -1;
	}
	for (i = 0; i < NWRITERS; i++) {
		c.seed[i] = i + 1;
		args[i][0] = &c;
		args[i][1] = &c.seed[i];
		ASSERT_EQ(0, pthread_create(&t[i], NULL, writer, args[i]));
	}
	for (round = 1; round <= 200; round++) {
		atomic_store(&c.started, round);
		ASSERT_EQ(0, get_log(c.fd, 0, CNP * SZ_4K, bm, AXAS_DIRTY_LOG_CLEAR));
		for (i = 0; i < CNP; i++)
			if (bit(bm, i))
				rep[i] = round;
	}
	atomic_store(&c.stop, 1);
	for (i = 0; i < NWRITERS; i++)
		pthread_join(t[i], NULL);
	atomic_store(&c.started, round);
	ASSERT_EQ(0, get_log(c.fd, 0, CNP * SZ_4K, bm, AXAS_DIRTY_LOG_CLEAR));
	for (i = 0; i < CNP; i++)
		if (bit(bm, i))
			rep[i] = round;
	/*
	 * GET s - 1 had returned when a writer read s: the last write to
	 * each page is reported by GET s or a later one.
	 */
	for (i = 0; i < CNP; i++) {
		ASSERT_GE(rep[i], atomic_load(&c.lastw[i]))
			TH_LOG("page %u written before GET %ld, last reported by %ld",
			       i, atomic_load(&c.lastw[i]), rep[i]);
	}
}

/* The young harvest: stage 2 presets AF, so mapped pages read young. */
AXAS_CTX_TEST(young_harvest, 0)
{
	int fd = axas_create(self->dev, AXAS_FMT_ARM_S2, 0, 0, SZ_4G, 0, NULL);
	int e = axas_create(self->dev, AXAS_FMT_EPT4, 0, 0, SZ_4G, 0, NULL);
	__u64 bm[2];

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, axas_map_alloc(fd, 0, 8 * SZ_4K, RW, AXAS_ALLOC_POPULATE));
	ASSERT_EQ(0, axas_map_alloc(fd, 16 * SZ_4K, 4 * SZ_4K, RW, 0));
	EXPECT_EQ(0, get_young(fd, 0, 128 * SZ_4K, bm, 0));
	EXPECT_EQ(0xffULL, bm[0]);
	EXPECT_EQ(0ULL, bm[1]);
	/* a lazy page faulted in is young */
	EXPECT_EQ(0, axas_fault(fd, 17 * SZ_4K, RD));
	EXPECT_EQ(0, get_young(fd, 0, 128 * SZ_4K, bm, 0));
	EXPECT_EQ(0xffULL | 1ULL << 17, bm[0]);
	/* harvest and clear: once */
	EXPECT_EQ(0, get_young(fd, 0, 128 * SZ_4K, bm, AXAS_YOUNG_CLEAR));
	EXPECT_EQ(0xffULL | 1ULL << 17, bm[0]);
	EXPECT_EQ(0, get_young(fd, 0, 128 * SZ_4K, bm, 0));
	EXPECT_EQ(0ULL, bm[0]);
	/* the access fault of a CPU without hardware AF updates: young again */
	EXPECT_EQ(0, axas_fault(fd, 2 * SZ_4K, RD));
	EXPECT_EQ(0, get_young(fd, 0, 128 * SZ_4K, bm, 0));
	EXPECT_EQ(1ULL << 2, bm[0]);
	/* EPT presets no accessed bit: nothing a CPU did not touch is young */
	ASSERT_LE(0, e);
	ASSERT_EQ(0, axas_map_alloc(e, 0, 8 * SZ_4K, RW, AXAS_ALLOC_POPULATE));
	EXPECT_EQ(0, get_young(e, 0, 128 * SZ_4K, bm, 0));
	EXPECT_EQ(0ULL, bm[0]);
}

TEST_HARNESS_MAIN
