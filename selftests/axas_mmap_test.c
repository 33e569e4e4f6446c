// SPDX-License-Identifier: GPL-2.0
/*
 * kselftests of guest memory seen through a space descriptor: pread(2),
 * pwrite(2) and mmap(2) at offset = GPA, against AXAS_IOC_ACCESS and the
 * frame counters, as the uapi header documents them (the comment above
 * AXAS_LINEAR_NOHUGE).
 */
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>

#include "axas_util.h"
#include "kselftest_harness.h"

#define SPACE_LEN	SZ_1G
#define GPA		SZ_2M		/* where the tests put their area */

/* A plain TEST with an EPT4 space [0, 1 GiB) as self->fd. */
#define MMAP_TEST(name)	AXAS_CTX_TEST(name, SPACE_LEN)

static void expect_frames(struct __test_metadata *_metadata, int fd,
			  __u64 frames, __u64 faults)
{
	struct axas_space_info si = space_info_of(_metadata, fd);

	EXPECT_EQ(frames, si.frames);
	EXPECT_EQ(faults, si.faults);
}

static sigjmp_buf bus_env;

static void on_sigbus(int sig)
{
	siglongjmp(bus_env, 1);
}

/*
 * Read (or write @val to) *@p; returns 0, or SIGBUS if the access raised
 * it.  The byte read is stored in *@out.
 */
static int touch(volatile unsigned char *p, bool write, unsigned char val,
		 unsigned char *out)
{
	struct sigaction sa = { .sa_handler = on_sigbus }, old;
	int ret = 0;

	sigaction(SIGBUS, &sa, &old);
	if (sigsetjmp(bus_env, 1) == 0) {
		if (write)
			*p = val;
		else if (out)
			*out = *p;
		else
			(void)*p;
	} else {
		ret = SIGBUS;
	}
	sigaction(SIGBUS, &old, NULL);
	return ret;
}

static unsigned char *map_gpa(int fd, __u64 gpa, size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, gpa);

	return p == MAP_FAILED ? NULL : p;
}

static void fill(unsigned char *buf, size_t len, unsigned int seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = (unsigned char)(i * 7 + seed + (i >> 8));
}

MMAP_TEST(mmap_writes_read_back_with_pread_and_access)
{
	unsigned char want[2 * SZ_4K], got[2 * SZ_4K], *m;
	__u64 v;
	int i;

	ASSERT_EQ(0, axas_map_alloc(self->fd, GPA, 2 * SZ_4K, RW,
				    AXAS_ALLOC_POPULATE));
	m = map_gpa(self->fd, GPA, 2 * SZ_4K);
	ASSERT_NE(NULL, m);
	fill(want, sizeof(want), 1);
	memcpy(m, want, sizeof(want));
	ASSERT_EQ(sizeof(got), pread(self->fd, got, sizeof(got), GPA));
	EXPECT_EQ(0, memcmp(want, got, sizeof(got)));
	for (i = 0; i < 2 * 512; i += 37) {
		ASSERT_EQ(0, axas_load(self->fd, GPA + i * 8, 8, &v));
		EXPECT_EQ(0, memcmp(&v, want + i * 8, 8)) TH_LOG("at %d", i * 8);
	}
	/* a mapping at an offset inside the area */
	munmap(m, 2 * SZ_4K);
	m = map_gpa(self->fd, GPA + SZ_4K, SZ_4K);
	ASSERT_NE(NULL, m);
	EXPECT_EQ(0, memcmp(m, want + SZ_4K, SZ_4K));
	expect_frames(_metadata, self->fd, 2, 0);
}

MMAP_TEST(pwrite_and_access_read_through_mapping)
{
	unsigned char want[2 * SZ_4K], *m;

	ASSERT_EQ(0, axas_map_alloc(self->fd, GPA, 2 * SZ_4K, RW,
				    AXAS_ALLOC_POPULATE));
	m = map_gpa(self->fd, GPA, 2 * SZ_4K);
	ASSERT_NE(NULL, m);
	/* map first, so the mapping must see later writes */
	EXPECT_EQ(0, m[100]);
	fill(want, sizeof(want), 2);
	ASSERT_EQ(sizeof(want), pwrite(self->fd, want, sizeof(want), GPA));
	EXPECT_EQ(0, memcmp(m, want, sizeof(want)));
	ASSERT_EQ(0, axas_store(self->fd, GPA + SZ_4K + 16, 8,
				0x0123456789abcdefULL));
	EXPECT_EQ(0xef, m[SZ_4K + 16]);
	EXPECT_EQ(0x01, m[SZ_4K + 23]);
	EXPECT_EQ(want[SZ_4K + 24], m[SZ_4K + 24]);
}

MMAP_TEST(lazy_page_through_mmap_and_fault_is_one_frame)
{
	unsigned char *m, b = 0xff;
	struct axas_info i0, i1;
	__u64 v;

	ASSERT_EQ(0, axas_get_info(self->dev, &i0));
	ASSERT_EQ(0, axas_map_alloc(self->fd, GPA, 2 * SZ_4K, RW, 0));
	m = map_gpa(self->fd, GPA, 2 * SZ_4K);
	ASSERT_NE(NULL, m);
	expect_frames(_metadata, self->fd, 0, 0);

	/* touched through the mapping, then faulted: one frame */
	ASSERT_EQ(0, touch(m + 8, true, 0x42, NULL));
	expect_frames(_metadata, self->fd, 1, 1);
	ASSERT_EQ(0, axas_fault(self->fd, GPA + 8, WR));
	expect_frames(_metadata, self->fd, 1, 1);
	ASSERT_EQ(0, axas_load(self->fd, GPA + 8, 1, &v));
	EXPECT_EQ(0x42, v);

	/* faulted, then read through the mapping: still one more frame */
	ASSERT_EQ(0, axas_fault(self->fd, GPA + SZ_4K, RD));
	expect_frames(_metadata, self->fd, 2, 2);
	ASSERT_EQ(0, touch(m + SZ_4K, false, 0, &b));
	EXPECT_EQ(0, b);
	expect_frames(_metadata, self->fd, 2, 2);
	ASSERT_EQ(0, axas_get_info(self->dev, &i1));
	EXPECT_EQ(i0.frames + 2, i1.frames);
}

MMAP_TEST(lazy_page_read_through_mmap_allocates_once)
{
	unsigned char *m, b = 0xff;

	ASSERT_EQ(0, axas_map_alloc(self->fd, GPA, SZ_4K, RW, 0));
	m = map_gpa(self->fd, GPA, SZ_4K);
	ASSERT_NE(NULL, m);
	ASSERT_EQ(0, touch(m + 5, false, 0, &b));
	EXPECT_EQ(0, b);
	expect_frames(_metadata, self->fd, 1, 1);
	/* a second mapping of the same page shares the frame */
	munmap(m, SZ_4K);
	m = map_gpa(self->fd, GPA, SZ_4K);
	ASSERT_NE(NULL, m);
	ASSERT_EQ(0, touch(m + 5, true, 9, NULL));
	expect_frames(_metadata, self->fd, 1, 1);
	ASSERT_EQ(0, axas_fault(self->fd, GPA, RD | WR));
	expect_frames(_metadata, self->fd, 1, 1);
}

MMAP_TEST(unmap_makes_mapping_sigbus)
{
	struct axas_info i0, i1;
	unsigned char *m;

	ASSERT_EQ(0, axas_get_info(self->dev, &i0));
	ASSERT_EQ(0, axas_map_alloc(self->fd, GPA, 2 * SZ_4K, RW,
				    AXAS_ALLOC_POPULATE));
	m = map_gpa(self->fd, GPA, 2 * SZ_4K);
	ASSERT_NE(NULL, m);
	ASSERT_EQ(0, touch(m, true, 1, NULL));
	ASSERT_EQ(0, touch(m + SZ_4K, true, 2, NULL));
	ASSERT_EQ(0, axas_unmap(self->fd, GPA + SZ_4K, SZ_4K));
	EXPECT_EQ(SIGBUS, touch(m + SZ_4K, false, 0, NULL));
	EXPECT_EQ(SIGBUS, touch(m + SZ_4K + 100, true, 3, NULL));
	/* the page that stayed still works, and its frame was not freed */
	EXPECT_EQ(0, touch(m, false, 0, NULL));
	EXPECT_EQ(1, m[0]);
	ASSERT_EQ(0, axas_get_info(self->dev, &i1));
	EXPECT_EQ(i0.frames + 1, i1.frames);
	expect_frames(_metadata, self->fd, 1, 0);
}

MMAP_TEST(clear_makes_mapping_sigbus)
{
	unsigned char *m;

	ASSERT_EQ(0, axas_map_alloc(self->fd, GPA, SZ_4K, RW,
				    AXAS_ALLOC_POPULATE));
	m = map_gpa(self->fd, GPA, SZ_4K);
	ASSERT_NE(NULL, m);
	ASSERT_EQ(0, touch(m, true, 1, NULL));
	ASSERT_EQ(0, axas_clear(self->fd));
	EXPECT_EQ(SIGBUS, touch(m, false, 0, NULL));
	expect_frames(_metadata, self->fd, 0, 0);
}

MMAP_TEST(remapped_gpa_shows_a_new_zeroed_frame)
{
	unsigned char *m, b = 0xff;

	ASSERT_EQ(0, axas_map_alloc(self->fd, GPA, SZ_4K, RW,
				    AXAS_ALLOC_POPULATE));
	m = map_gpa(self->fd, GPA, SZ_4K);
	ASSERT_NE(NULL, m);
	ASSERT_EQ(0, touch(m + 7, true, 0x77, NULL));
	ASSERT_EQ(0, axas_unmap(self->fd, GPA, SZ_4K));
	ASSERT_EQ(0, axas_map_alloc(self->fd, GPA, SZ_4K, RW,
				    AXAS_ALLOC_POPULATE));
	ASSERT_EQ(0, touch(m + 7, false, 0, &b));
	EXPECT_EQ(0, b);
}

MMAP_TEST(mmap_where_no_area_sigbus)
{
	unsigned char *m;

	ASSERT_EQ(0, axas_map_alloc(self->fd, GPA, SZ_4K, RW,
				    AXAS_ALLOC_POPULATE));
	/* the mapping covers the area and the hole after it */
	m = map_gpa(self->fd, GPA, 2 * SZ_4K);
	ASSERT_NE(NULL, m);
	EXPECT_EQ(0, touch(m, false, 0, NULL));
	EXPECT_EQ(SIGBUS, touch(m + SZ_4K, false, 0, NULL));
	EXPECT_EQ(SIGBUS, touch(m + SZ_4K, true, 1, NULL));
	expect_frames(_metadata, self->fd, 1, 0);
}

MMAP_TEST(mmap_of_linear_area_sigbus)
{
	unsigned char *m;

	ASSERT_EQ(0, axas_hpa_is_ram(MMIO_HPA, SZ_4K));
	ASSERT_EQ(0, axas_map_linear(self->fd, GPA, MMIO_HPA, SZ_4K, RW, 0));
	m = map_gpa(self->fd, GPA, SZ_4K);
	ASSERT_NE(NULL, m);
	EXPECT_EQ(SIGBUS, touch(m, false, 0, NULL));
}

MMAP_TEST(map_private_refused)
{
	void *p;

	ASSERT_EQ(0, axas_map_alloc(self->fd, GPA, SZ_4K, RW,
				    AXAS_ALLOC_POPULATE));
	p = mmap(NULL, SZ_4K, PROT_READ | PROT_WRITE, MAP_PRIVATE, self->fd,
		 GPA);
	EXPECT_EQ(MAP_FAILED, p);
	EXPECT_EQ(EINVAL, errno);
	p = mmap(NULL, SZ_4K, PROT_READ, MAP_PRIVATE, self->fd, GPA);
	EXPECT_EQ(MAP_FAILED, p);
	EXPECT_EQ(EINVAL, errno);
}

MMAP_TEST(mmap_beyond_space_end_refused)
{
	void *p;

	p = mmap(NULL, 2 * SZ_4K, PROT_READ | PROT_WRITE, MAP_SHARED, self->fd,
		 SPACE_LEN - SZ_4K);
	EXPECT_EQ(MAP_FAILED, p);
	EXPECT_EQ(EINVAL, errno);
}

MMAP_TEST(pread_of_lazy_page_reads_zero_allocates_nothing)
{
	unsigned char buf[SZ_4K];
	struct axas_space_info si;

	ASSERT_EQ(0, axas_map_alloc(self->fd, GPA, 2 * SZ_4K, RW, 0));
	memset(buf, 0xa5, sizeof(buf));
	ASSERT_EQ(sizeof(buf), pread(self->fd, buf, sizeof(buf),
				     GPA + SZ_4K / 2));
	EXPECT_EQ(0, buf[0]);
	EXPECT_EQ(0, memcmp(buf, buf + 1, sizeof(buf) - 1));
	ASSERT_EQ(0, axas_space_info(self->fd, &si));
	EXPECT_EQ(0, si.frames);
	EXPECT_EQ(0, si.faults);
	EXPECT_EQ(0, si.leaves[0]);
}

MMAP_TEST(pwrite_of_lazy_page_faults_it_in)
{
	unsigned char buf[16];

	ASSERT_EQ(0, axas_map_alloc(self->fd, GPA, 2 * SZ_4K, RW, 0));
	ASSERT_EQ(3, pwrite(self->fd, "abc", 3, GPA + SZ_4K + 1));
	expect_frames(_metadata, self->fd, 1, 1);
	ASSERT_EQ(sizeof(buf), pread(self->fd, buf, sizeof(buf), GPA + SZ_4K));
	EXPECT_EQ(0, buf[0]);
	EXPECT_EQ(0, memcmp(buf + 1, "abc", 3));
	EXPECT_EQ(0, buf[4]);
}

MMAP_TEST(pread_in_hole)
{
	char buf[16];

	ASSERT_EQ(0, axas_map_alloc(self->fd, GPA, SZ_4K, RW,
				    AXAS_ALLOC_POPULATE));
	EXPECT_EQ(-1, pread(self->fd, buf, sizeof(buf), GPA + SZ_4K));
	EXPECT_EQ(ENXIO, errno);
	EXPECT_EQ(-1, pread(self->fd, buf, sizeof(buf), 0));
	EXPECT_EQ(ENXIO, errno);
}

MMAP_TEST(pwrite_in_hole)
{
	ASSERT_EQ(0, axas_map_alloc(self->fd, GPA, SZ_4K, RW, 0));
	EXPECT_EQ(-1, pwrite(self->fd, "x", 1, GPA - 1));
	EXPECT_EQ(ENXIO, errno);
	expect_frames(_metadata, self->fd, 0, 0);
}

MMAP_TEST(pread_stops_short_at_hole)
{
	unsigned char want[64], buf[128];

	ASSERT_EQ(0, axas_map_alloc(self->fd, GPA, SZ_4K, RW,
				    AXAS_ALLOC_POPULATE));
	fill(want, sizeof(want), 3);
	ASSERT_EQ(sizeof(want), pwrite(self->fd, want, sizeof(want),
				       GPA + SZ_4K - sizeof(want)));
	/* 64 bytes of area, then a hole: a short read */
	EXPECT_EQ(sizeof(want), pread(self->fd, buf, sizeof(buf),
				      GPA + SZ_4K - sizeof(want)));
	EXPECT_EQ(0, memcmp(buf, want, sizeof(want)));
	/* and a short write */
	EXPECT_EQ(sizeof(want), pwrite(self->fd, buf, sizeof(buf),
				       GPA + SZ_4K - sizeof(want)));
}

MMAP_TEST(pread_across_areas)
{
	unsigned char want[2 * SZ_4K], buf[2 * SZ_4K];

	ASSERT_EQ(0, axas_map_alloc(self->fd, GPA, SZ_4K, RW,
				    AXAS_ALLOC_POPULATE));
	ASSERT_EQ(0, axas_map_alloc(self->fd, GPA + SZ_4K, SZ_4K, RW, 0));
	fill(want, sizeof(want), 4);
	ASSERT_EQ(sizeof(want), pwrite(self->fd, want, sizeof(want), GPA));
	ASSERT_EQ(sizeof(buf), pread(self->fd, buf, sizeof(buf), GPA));
	EXPECT_EQ(0, memcmp(buf, want, sizeof(buf)));
}

MMAP_TEST(pread_of_linear_area)
{
	char buf[16];

	ASSERT_EQ(0, axas_hpa_is_ram(MMIO_HPA, SZ_4K));
	ASSERT_EQ(0, axas_map_linear(self->fd, GPA, MMIO_HPA, SZ_4K, RW, 0));
	EXPECT_EQ(-1, pread(self->fd, buf, sizeof(buf), GPA));
	EXPECT_EQ(EOPNOTSUPP, errno);
	EXPECT_EQ(-1, pwrite(self->fd, buf, sizeof(buf), GPA));
	EXPECT_EQ(EOPNOTSUPP, errno);
}

MMAP_TEST(pread_pwrite_below_the_base)
{
	char buf[16] = "x";
	int fd;

	/* a space [1 GiB, 2 GiB): GPA 0 is below it */
	fd = axas_create(self->dev, AXAS_FMT_EPT4, 0, SZ_1G, SZ_1G, 0, NULL);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, axas_map_alloc(fd, SZ_1G, SZ_4K, RW, AXAS_ALLOC_POPULATE));
	EXPECT_EQ(-1, pread(fd, buf, sizeof(buf), 0));
	EXPECT_EQ(ENXIO, errno);
	EXPECT_EQ(-1, pread(fd, buf, sizeof(buf), SZ_1G - 8));
	EXPECT_EQ(ENXIO, errno);
	EXPECT_EQ(-1, pwrite(fd, buf, 1, SZ_1G - 1));
	EXPECT_EQ(ENXIO, errno);
	EXPECT_EQ(sizeof(buf), pread(fd, buf, sizeof(buf), SZ_1G));
}

MMAP_TEST(pwrite_at_space_end)
{
	char buf[16] = "abcdefghijklmno";

	ASSERT_EQ(0, axas_map_alloc(self->fd, SPACE_LEN - SZ_4K, SZ_4K, RW,
				    AXAS_ALLOC_POPULATE));
	EXPECT_EQ(-1, pwrite(self->fd, buf, sizeof(buf), SPACE_LEN));
	EXPECT_EQ(ENXIO, errno);
	EXPECT_EQ(-1, pwrite(self->fd, buf, sizeof(buf), SPACE_LEN + SZ_4K));
	EXPECT_EQ(ENXIO, errno);
	/* a write that reaches the end stops there */
	EXPECT_EQ(8, pwrite(self->fd, buf, sizeof(buf), SPACE_LEN - 8));
	memset(buf, 0, sizeof(buf));
	EXPECT_EQ(8, pread(self->fd, buf, sizeof(buf), SPACE_LEN - 8));
	EXPECT_EQ(0, memcmp(buf, "abcdefgh", 8));
}

MMAP_TEST(pread_at_space_end_returns_zero)
{
	char buf[16];

	ASSERT_EQ(0, axas_map_alloc(self->fd, SPACE_LEN - SZ_4K, SZ_4K, RW,
				    AXAS_ALLOC_POPULATE));
	EXPECT_EQ(0, pread(self->fd, buf, sizeof(buf), SPACE_LEN));
	EXPECT_EQ(0, pread(self->fd, buf, sizeof(buf), SPACE_LEN + SZ_1G));
	/* a read that reaches the end stops there */
	EXPECT_EQ(8, pread(self->fd, buf, sizeof(buf), SPACE_LEN - 8));
}

/*
 * Copies whose user buffer is a mapping of the same space, on a lazy page:
 * the copy faults into the space while the kernel serves the space (no
 * deadlock, no lock inversion for lockdep to report).
 */
MMAP_TEST(pread_pwrite_with_buffer_in_own_mapping)
{
	unsigned char want[SZ_4K], *m;

	ASSERT_EQ(0, axas_map_alloc(self->fd, GPA, 2 * SZ_4K, RW, 0));
	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_1G - SZ_4K, SZ_4K, RW,
				    AXAS_ALLOC_POPULATE));
	m = map_gpa(self->fd, GPA, 2 * SZ_4K);
	ASSERT_NE(NULL, m);
	fill(want, sizeof(want), 5);
	ASSERT_EQ(sizeof(want), pwrite(self->fd, want, sizeof(want),
				       SZ_1G - SZ_4K));
	/* into the lazy page 0 through its mapping */
	ASSERT_EQ(SZ_4K, pread(self->fd, m, SZ_4K, SZ_1G - SZ_4K));
	EXPECT_EQ(0, memcmp(m, want, SZ_4K));
	expect_frames(_metadata, self->fd, 2, 1);
	/* from the lazy page 1 through its mapping: zeroes */
	ASSERT_EQ(SZ_4K, pwrite(self->fd, m + SZ_4K, SZ_4K, SZ_1G - SZ_4K));
	expect_frames(_metadata, self->fd, 3, 2);
	ASSERT_EQ(SZ_4K, pread(self->fd, want, SZ_4K, SZ_1G - SZ_4K));
	EXPECT_EQ(0, want[0]);
	EXPECT_EQ(0, memcmp(want, want + 1, SZ_4K - 1));
}

MMAP_TEST(ioctl_buffers_in_own_mapping)
{
	struct axas_translate *t;
	struct axas_walk_entry *e;
	struct axas_area_desc *a;
	struct axas_seg *sg;
	unsigned char *m;
	__u32 nr;

	ASSERT_EQ(0, axas_map_alloc(self->fd, GPA, 4 * SZ_4K, RW, 0));
	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_1G - SZ_4K, SZ_4K, RW,
				    AXAS_ALLOC_POPULATE));
	m = map_gpa(self->fd, GPA, 4 * SZ_4K);
	ASSERT_NE(NULL, m);
	/* each buffer on its own lazy page, not yet touched */
	t = (void *)m;
	e = (void *)(m + SZ_4K);
	sg = (void *)(m + 2 * SZ_4K);
	a = (void *)(m + 3 * SZ_4K);
	ASSERT_EQ(1, axas_list_areas(self->fd, SZ_1G - SZ_4K, a, 4));
	EXPECT_EQ(SZ_1G - SZ_4K, a[0].gpa);
	ASSERT_EQ(1, axas_walk_all(self->fd, SZ_1G - SZ_4K, SZ_1G, 0, 4, e, 4,
				   NULL));
	EXPECT_EQ(SZ_1G - SZ_4K, e[0].gpa);
	ASSERT_EQ(0, axas_translate_range(self->fd, SZ_1G - SZ_4K, SZ_4K, sg,
					  1, &nr));
	EXPECT_EQ(1, nr);
	EXPECT_EQ(SZ_4K, sg[0].length);
	/* the argument structure itself, read and written back */
	memset(t, 0, sizeof(*t));
	t->size = sizeof(*t);
	t->gpa = SZ_1G - 1;
	ASSERT_EQ(0, axas_ioctl(self->fd, AXAS_IOC_TRANSLATE, t));
	EXPECT_EQ(1, t->contig);
	expect_frames(_metadata, self->fd, 5, 4);
}

/* Threads faulting the same lazy pages, by ioctl and through mmap. */
struct racer {
	int fd;
	unsigned char *m;
	int id;
};

#define RACE_PAGES	64

static void *race_faults(void *arg)
{
	struct racer *r = arg;
	int i;

	for (i = 0; i < RACE_PAGES; i++) {
		int page = r->id & 1 ? RACE_PAGES - 1 - i : i;

		if (r->id & 2)
			r->m[page * SZ_4K + r->id] = 1;
		else if (axas_fault(r->fd, GPA + page * SZ_4K, WR))
			return (void *)1;
	}
	return NULL;
}

MMAP_TEST(racing_faults_allocate_one_frame_per_page)
{
	struct racer r[4];
	pthread_t th[4];
	unsigned char *m;
	void *ret;
	int i;

	ASSERT_EQ(0, axas_map_alloc(self->fd, GPA, RACE_PAGES * SZ_4K, RW, 0));
	m = map_gpa(self->fd, GPA, RACE_PAGES * SZ_4K);
	ASSERT_NE(NULL, m);
	for (i = 0; i < 4; i++) {
		r[i] = (struct racer){ .fd = self->fd, .m = m, .id = i };
		ASSERT_EQ(0, pthread_create(&th[i], NULL, race_faults, &r[i]));
	}
	for (i = 0; i < 4; i++) {
		ASSERT_EQ(0, pthread_join(th[i], &ret));
		EXPECT_EQ(NULL, ret);
	}
	expect_frames(_metadata, self->fd, RACE_PAGES, RACE_PAGES);
	/* both writers' bytes are in the one frame of each page */
	for (i = 0; i < RACE_PAGES; i++) {
		EXPECT_EQ(1, m[i * SZ_4K + 2]);
		EXPECT_EQ(1, m[i * SZ_4K + 3]);
	}
}

struct toucher {
	unsigned char *m;
	int stop;		/* set by the main thread, atomically */
	int sigbus;
};

static __thread sigjmp_buf thread_bus_env;

static void on_thread_sigbus(int sig)
{
	siglongjmp(thread_bus_env, 1);
}

static void *touch_loop(void *arg)
{
	struct toucher *t = arg;
	volatile unsigned char *p = t->m;
	int i = 0;

	while (!__atomic_load_n(&t->stop, __ATOMIC_ACQUIRE)) {
		if (sigsetjmp(thread_bus_env, 1) == 0)
			p[(i++ % 8) * SZ_4K] = 1;
		else
			t->sigbus++;
	}
	return NULL;
}

/* UNMAP and MAP_ALLOC again while another thread writes through mmap. */
MMAP_TEST(unmap_while_another_thread_touches)
{
	struct sigaction sa = { .sa_handler = on_thread_sigbus,
				.sa_flags = SA_NODEFER };
	struct toucher t = { 0 };
	struct axas_space_info si;
	struct axas_info i0, i1;
	pthread_t th;
	int i;

	ASSERT_EQ(0, axas_get_info(self->dev, &i0));
	ASSERT_EQ(0, axas_map_alloc(self->fd, GPA, 8 * SZ_4K, RW, 0));
	t.m = map_gpa(self->fd, GPA, 8 * SZ_4K);
	ASSERT_NE(NULL, t.m);
	ASSERT_EQ(0, sigaction(SIGBUS, &sa, NULL));
	ASSERT_EQ(0, pthread_create(&th, NULL, touch_loop, &t));
	for (i = 0; i < 200; i++) {
		ASSERT_EQ(0, axas_unmap(self->fd, GPA, 8 * SZ_4K));
		ASSERT_EQ(0, axas_map_alloc(self->fd, GPA, 8 * SZ_4K, RW,
					    i % 2 ? AXAS_ALLOC_POPULATE : 0));
	}
	__atomic_store_n(&t.stop, 1, __ATOMIC_RELEASE);
	ASSERT_EQ(0, pthread_join(th, NULL));
	ASSERT_EQ(0, axas_unmap(self->fd, GPA, 8 * SZ_4K));
	ASSERT_EQ(0, axas_space_info(self->fd, &si));
	EXPECT_EQ(0, si.frames);
	EXPECT_EQ(0, si.nr_areas);
	EXPECT_EQ(1, si.table_pages);
	ASSERT_EQ(0, munmap(t.m, 8 * SZ_4K));
	ASSERT_EQ(0, close(self->fd));
	ASSERT_EQ(0, axas_get_info(self->dev, &i1));
	EXPECT_EQ(i0.frames, i1.frames);
	EXPECT_EQ(i0.table_pages - 1, i1.table_pages);
	EXPECT_EQ(i0.nr_spaces - 1, i1.nr_spaces);
}

TEST_HARNESS_MAIN
