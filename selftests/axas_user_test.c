// SPDX-License-Identifier: GPL-2.0
/*
 * kselftests of AXAS_IOC_MAP_USER: guest memory backed by the caller's own
 * pages, pinned as a KVM memslot's are.  The guest and the caller see the
 * same bytes both ways; GET_INFO pinned_pages follows every map, unmap
 * (whole or partial), clear and close; bad user addresses pin nothing.
 */
#include <signal.h>
#include <sys/mman.h>
#include <sys/time.h>

#include "axas_util.h"
#include "kselftest_harness.h"

#define SPACE_LEN	SZ_4G
#define GPA		SZ_2M

/* A plain TEST with a native space [0, 4 GiB) as self->fd. */
#define USER_TEST(name)	AXAS_CTX_TEST(name, SPACE_LEN)

static __u64 pinned(struct __test_metadata *_metadata, struct axas_ctx *self)
{
	struct axas_info info;

	if (axas_get_info(self->dev, &info))
		return ~0ULL;
	return info.pinned_pages;
}

static void expect_space(struct __test_metadata *_metadata, int fd,
			 __u32 areas, __u64 pinned_pages)
{
	struct axas_space_info si = space_info_of(_metadata, fd);

	EXPECT_EQ(areas, si.nr_areas);
	EXPECT_EQ(pinned_pages, si.pinned_pages);
	EXPECT_EQ(0, si.frames);
}

/* @pages pages of the caller's memory, filled with a pattern. */
static unsigned char *user_buf(size_t pages, unsigned int seed)
{
	unsigned char *p = axas_anon(pages * SZ_4K, PROT_READ | PROT_WRITE);
	size_t i;

	if (p)
		for (i = 0; i < pages * SZ_4K; i++)
			p[i] = (unsigned char)(i * 13 + seed + (i >> 12));
	return p;
}

USER_TEST(guest_sees_the_callers_bytes)
{
	unsigned char *u = user_buf(4, 1), got[4 * SZ_4K];
	struct axas_translate t;
	struct axas_seg s[4];
	__u64 v, total = 0;
	__u32 nr, i;

	ASSERT_NE(NULL, u);
	ASSERT_EQ(0, axas_map_user(self->fd, GPA, 4 * SZ_4K, u, RW));
	ASSERT_EQ(sizeof(got), pread(self->fd, got, sizeof(got), GPA));
	EXPECT_EQ(0, memcmp(u, got, sizeof(got)));
	ASSERT_EQ(0, axas_load(self->fd, GPA + 3 * SZ_4K + 0x7f8, 8, &v));
	EXPECT_EQ(0, memcmp(&v, u + 3 * SZ_4K + 0x7f8, 8));
	ASSERT_EQ(0, axas_load(self->fd, GPA + 1, 1, &v));
	EXPECT_EQ(u[1], v);

	ASSERT_EQ(0, axas_translate(self->fd, GPA + SZ_4K + 5, &t));
	EXPECT_EQ(AXAS_BACKEND_USER, t.backend);
	EXPECT_NE(0, t.hpa);
	EXPECT_EQ(5, t.hpa & 0xfff);
	EXPECT_EQ(GPA, t.area_start);
	EXPECT_EQ(4 * SZ_4K, t.area_size);
	EXPECT_EQ(RW, t.map_flags);
	EXPECT_EQ(0, t.level);

	/* the segments tile the range, each host-contiguous */
	ASSERT_EQ(0, axas_translate_range(self->fd, GPA, 4 * SZ_4K, s, 4, &nr));
	ASSERT_LE(1, nr);
	ASSERT_GE(4, nr);
	for (i = 0; i < nr; i++) {
		EXPECT_EQ(GPA + total, s[i].gpa);
		EXPECT_NE(0, s[i].hpa);
		EXPECT_EQ(0, s[i].length & 0xfff);
		total += s[i].length;
	}
	EXPECT_EQ(4 * SZ_4K, total);
	ASSERT_EQ(0, axas_translate(self->fd, GPA, &t));
	EXPECT_EQ(s[0].length, t.contig);
	EXPECT_EQ(s[0].hpa, t.hpa);
}

USER_TEST(guest_writes_land_in_callers_memory)
{
	unsigned char *u = user_buf(2, 2), *m;

	ASSERT_NE(NULL, u);
	ASSERT_EQ(0, axas_map_user(self->fd, GPA, 2 * SZ_4K, u, RW));
	ASSERT_EQ(0, axas_store(self->fd, GPA + 16, 8, 0x1122334455667788ULL));
	EXPECT_EQ(0x88, u[16]);
	EXPECT_EQ(0x11, u[23]);
	ASSERT_EQ(5, pwrite(self->fd, "hello", 5, GPA + SZ_4K + 100));
	EXPECT_EQ(0, memcmp(u + SZ_4K + 100, "hello", 5));
	/* through an mmap of the space too: the same pages */
	m = mmap(NULL, 2 * SZ_4K, PROT_READ | PROT_WRITE, MAP_SHARED, self->fd,
		 GPA);
	ASSERT_NE(MAP_FAILED, m);
	m[SZ_4K + 200] = 0xab;
	EXPECT_EQ(0xab, u[SZ_4K + 200]);
	u[300] = 0xcd;
	EXPECT_EQ(0xcd, m[300]);
}

USER_TEST(callers_later_writes_seen_by_guest)
{
	unsigned char *u = axas_anon(SZ_4K, PROT_READ | PROT_WRITE);
	__u64 v;

	/* never touched before the pin */
	ASSERT_NE(NULL, u);
	ASSERT_EQ(0, axas_map_user(self->fd, GPA, SZ_4K, u, RW));
	ASSERT_EQ(0, axas_load(self->fd, GPA + 8, 8, &v));
	EXPECT_EQ(0, v);
	memcpy(u + 8, "abcdefgh", 8);
	ASSERT_EQ(0, axas_load(self->fd, GPA + 8, 8, &v));
	EXPECT_EQ(0, memcmp(&v, "abcdefgh", 8));
}

USER_TEST(pinned_pages_follow_map_unmap_close)
{
	unsigned char *u = user_buf(8, 3), got[SZ_4K];
	struct axas_area_desc a[4];

	ASSERT_NE(NULL, u);
	ASSERT_EQ(0, axas_map_user(self->fd, GPA, 8 * SZ_4K, u, RW));
	EXPECT_EQ(self->info0.pinned_pages + 8, pinned(_metadata, self));
	expect_space(_metadata, self->fd, 1, 8);

	/* two pages out of the middle */
	ASSERT_EQ(0, axas_unmap(self->fd, GPA + 3 * SZ_4K, 2 * SZ_4K));
	EXPECT_EQ(self->info0.pinned_pages + 6, pinned(_metadata, self));
	expect_space(_metadata, self->fd, 2, 6);
	ASSERT_EQ(2, axas_list_areas(self->fd, 0, a, 4));
	EXPECT_EQ(GPA, a[0].gpa);
	EXPECT_EQ(3 * SZ_4K, a[0].length);
	EXPECT_EQ(AXAS_BACKEND_USER, a[0].backend);
	EXPECT_EQ(GPA + 5 * SZ_4K, a[1].gpa);
	EXPECT_EQ(3 * SZ_4K, a[1].length);
	/* the pieces still map the right pages */
	ASSERT_EQ(SZ_4K, pread(self->fd, got, SZ_4K, GPA + 5 * SZ_4K));
	EXPECT_EQ(0, memcmp(got, u + 5 * SZ_4K, SZ_4K));
	ASSERT_EQ(SZ_4K, pread(self->fd, got, SZ_4K, GPA + 2 * SZ_4K));
	EXPECT_EQ(0, memcmp(got, u + 2 * SZ_4K, SZ_4K));
	EXPECT_EQ(-1, pread(self->fd, got, 1, GPA + 4 * SZ_4K));
	EXPECT_EQ(ENXIO, errno);

	/* the first page */
	ASSERT_EQ(0, axas_unmap(self->fd, GPA, SZ_4K));
	EXPECT_EQ(self->info0.pinned_pages + 5, pinned(_metadata, self));

	ASSERT_EQ(0, close(self->fd));
	EXPECT_EQ(self->info0.pinned_pages, pinned(_metadata, self));
	/* and the caller's memory is still its own */
	u[0] = 1;
	EXPECT_EQ(1, u[0]);
}

USER_TEST(clear_releases_pins)
{
	unsigned char *u = user_buf(3, 4);

	ASSERT_NE(NULL, u);
	ASSERT_EQ(0, axas_map_user(self->fd, GPA, 2 * SZ_4K, u, RW));
	ASSERT_EQ(0, axas_map_user(self->fd, SZ_1G, SZ_4K, u + 2 * SZ_4K, RD));
	EXPECT_EQ(self->info0.pinned_pages + 3, pinned(_metadata, self));
	ASSERT_EQ(0, axas_clear(self->fd));
	EXPECT_EQ(self->info0.pinned_pages, pinned(_metadata, self));
	expect_space(_metadata, self->fd, 0, 0);
}

USER_TEST(callers_munmap_keeps_guest_pages)
{
	unsigned char *u = user_buf(2, 5), want[2 * SZ_4K], got[2 * SZ_4K];

	ASSERT_NE(NULL, u);
	memcpy(want, u, sizeof(want));
	ASSERT_EQ(0, axas_map_user(self->fd, GPA, 2 * SZ_4K, u, RW));
	ASSERT_EQ(0, munmap(u, 2 * SZ_4K));
	/* pinned for as long as they are mapped in the guest */
	ASSERT_EQ(sizeof(got), pread(self->fd, got, sizeof(got), GPA));
	EXPECT_EQ(0, memcmp(want, got, sizeof(got)));
	EXPECT_EQ(self->info0.pinned_pages + 2, pinned(_metadata, self));
	ASSERT_EQ(0, axas_unmap(self->fd, GPA, 2 * SZ_4K));
	EXPECT_EQ(self->info0.pinned_pages, pinned(_metadata, self));
}

USER_TEST(uaddr_misaligned)
{
	unsigned char *u = user_buf(2, 6);

	ASSERT_NE(NULL, u);
	EXPECT_EQ(-EINVAL, axas_map_user(self->fd, GPA, SZ_4K, u + 8, RW));
	EXPECT_EQ(-EINVAL, axas_map_user(self->fd, GPA, SZ_4K, u + 0x800, RW));
	EXPECT_EQ(self->info0.pinned_pages, pinned(_metadata, self));
	expect_space(_metadata, self->fd, 0, 0);
}

USER_TEST(uaddr_unmapped)
{
	unsigned char *u = user_buf(3, 7);

	ASSERT_NE(NULL, u);
	EXPECT_EQ(-EFAULT, axas_map_user(self->fd, GPA, SZ_4K, axas_hole(),
					 RW));
	/* the last of three pages is gone: nothing stays pinned */
	ASSERT_EQ(0, munmap(u + 2 * SZ_4K, SZ_4K));
	EXPECT_EQ(-EFAULT, axas_map_user(self->fd, GPA, 3 * SZ_4K, u, RW));
	EXPECT_EQ(self->info0.pinned_pages, pinned(_metadata, self));
	expect_space(_metadata, self->fd, 0, 0);
	EXPECT_EQ(-EFAULT, axas_map_user(self->fd, GPA, SZ_4K, NULL, RW));
}

USER_TEST(uaddr_read_only)
{
	unsigned char *u = user_buf(2, 8);

	ASSERT_NE(NULL, u);
	ASSERT_EQ(0, mprotect(u + SZ_4K, SZ_4K, PROT_READ));
	EXPECT_EQ(-EFAULT, axas_map_user(self->fd, GPA, SZ_4K, u + SZ_4K, RW));
	/* one writable page, then a read-only one */
	EXPECT_EQ(-EFAULT, axas_map_user(self->fd, GPA, 2 * SZ_4K, u, RW));
	/* even for a guest mapping without WRITE: the pin needs it */
	EXPECT_EQ(-EFAULT, axas_map_user(self->fd, GPA, SZ_4K, u + SZ_4K, RD));
	EXPECT_EQ(self->info0.pinned_pages, pinned(_metadata, self));
	expect_space(_metadata, self->fd, 0, 0);
}

/* A file of @pages pages in @dir, mapped @shared (or private). */
static unsigned char *file_buf(const char *dir, unsigned int pages,
			       bool shared)
{
	char path[256];
	void *p;
	int fd;

	snprintf(path, sizeof(path), "%s/axas-pin-%d", dir, getpid());
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return NULL;
	unlink(path);
	if (ftruncate(fd, (off_t)pages * SZ_4K)) {
		close(fd);
		return NULL;
	}
	p = mmap(NULL, (size_t)pages * SZ_4K, PROT_READ | PROT_WRITE,
		 shared ? MAP_SHARED : MAP_PRIVATE, fd, 0);
	close(fd);
	return p == MAP_FAILED ? NULL : p;
}

/*
 * A long-term writable pin of a shared mapping of a file the filesystem
 * writes back (ext4) is refused, as the core has done since 6.5 and the
 * module does before (6.1): the device would write pages the filesystem
 * believes clean.  A private mapping of the same file (copied on write)
 * and shmem are pinned.  Needs AXAS_WB_DIR, a directory on such a
 * filesystem (axas-run-tests mounts one where it can).
 */
USER_TEST(shared_file_mapping_refused)
{
	const char *dir = getenv("AXAS_WB_DIR");
	unsigned char *u, *a;

	if (!dir)
		SKIP(return, "AXAS_WB_DIR unset: no filesystem with writeback");
	u = file_buf(dir, 4, true);
	ASSERT_NE(NULL, u);
	u[0] = 1;
	EXPECT_EQ(-EFAULT, axas_map_user(self->fd, GPA, 4 * SZ_4K, u, RW));
	EXPECT_EQ(self->info0.pinned_pages, pinned(_metadata, self));
	expect_space(_metadata, self->fd, 0, 0);
	/* also when only the last page is such a mapping: three anonymous */
	a = mmap(NULL, 4 * SZ_4K, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, a);
	ASSERT_EQ(a + 3 * SZ_4K, mremap(u, SZ_4K, SZ_4K,
					MREMAP_MAYMOVE | MREMAP_FIXED,
					a + 3 * SZ_4K));
	EXPECT_EQ(-EFAULT, axas_map_user(self->fd, GPA, 4 * SZ_4K, a, RW));
	EXPECT_EQ(self->info0.pinned_pages, pinned(_metadata, self));
	expect_space(_metadata, self->fd, 0, 0);
	EXPECT_EQ(0, axas_map_user(self->fd, GPA, 3 * SZ_4K, a, RW));
	ASSERT_EQ(0, axas_unmap(self->fd, GPA, 3 * SZ_4K));
	munmap(a, 4 * SZ_4K);
	munmap(u + SZ_4K, 3 * SZ_4K);

	u = file_buf(dir, 4, false);
	ASSERT_NE(NULL, u);
	EXPECT_EQ(0, axas_map_user(self->fd, GPA, 4 * SZ_4K, u, RW));
	EXPECT_EQ(self->info0.pinned_pages + 4, pinned(_metadata, self));
	ASSERT_EQ(0, axas_unmap(self->fd, GPA, 4 * SZ_4K));
	munmap(u, 4 * SZ_4K);

	u = file_buf("/dev/shm", 4, true);
	if (!u)
		u = file_buf("/tmp", 4, true);
	ASSERT_NE(NULL, u);
	EXPECT_EQ(0, axas_map_user(self->fd, GPA, 4 * SZ_4K, u, RW));
	EXPECT_EQ(self->info0.pinned_pages + 4, pinned(_metadata, self));
	ASSERT_EQ(0, axas_unmap(self->fd, GPA, 4 * SZ_4K));
	EXPECT_EQ(self->info0.pinned_pages, pinned(_metadata, self));
	munmap(u, 4 * SZ_4K);
}

USER_TEST(user_gpa_misaligned)
{
	unsigned char *u = user_buf(1, 9);

	ASSERT_NE(NULL, u);
	EXPECT_EQ(-EINVAL, axas_map_user(self->fd, GPA + 0x10, SZ_4K, u, RW));
	EXPECT_EQ(self->info0.pinned_pages, pinned(_metadata, self));
}

USER_TEST(user_length_zero)
{
	unsigned char *u = user_buf(1, 10);

	ASSERT_NE(NULL, u);
	EXPECT_EQ(-EINVAL, axas_map_user(self->fd, GPA, 0, u, RW));
}

USER_TEST(user_length_misaligned)
{
	unsigned char *u = user_buf(2, 11);

	ASSERT_NE(NULL, u);
	EXPECT_EQ(-EINVAL, axas_map_user(self->fd, GPA, SZ_4K + 1, u, RW));
	EXPECT_EQ(self->info0.pinned_pages, pinned(_metadata, self));
}

USER_TEST(user_outside_space)
{
	unsigned char *u = user_buf(2, 12);

	ASSERT_NE(NULL, u);
	EXPECT_EQ(-ERANGE, axas_map_user(self->fd, SPACE_LEN - SZ_4K,
					 2 * SZ_4K, u, RW));
	EXPECT_EQ(self->info0.pinned_pages, pinned(_metadata, self));
	expect_space(_metadata, self->fd, 0, 0);
}

USER_TEST(user_overlaps_area)
{
	unsigned char *u = user_buf(2, 13);

	ASSERT_NE(NULL, u);
	ASSERT_EQ(0, axas_map_alloc(self->fd, GPA + SZ_4K, SZ_4K, RW, 0));
	EXPECT_EQ(-EEXIST, axas_map_user(self->fd, GPA, 2 * SZ_4K, u, RW));
	EXPECT_EQ(self->info0.pinned_pages, pinned(_metadata, self));
	expect_space(_metadata, self->fd, 1, 0);
}

USER_TEST(user_flags_the_format_refuses)
{
	unsigned char *u = user_buf(1, 14);

	/* native x86 (EPT): write without read */
	ASSERT_NE(NULL, u);
	EXPECT_EQ(-EINVAL, axas_map_user(self->fd, GPA, SZ_4K, u, WR));
	EXPECT_EQ(self->info0.pinned_pages, pinned(_metadata, self));
}

USER_TEST(interrupted_map_user_pins_nothing)
{
	void *u = mmap(NULL, SZ_1G, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	int status;
	pid_t pid;

	ASSERT_NE(MAP_FAILED, u);
	/* a caught signal does not stop the pinning */
	axas_alarm_in(_metadata, 20000);
	EXPECT_EQ(0, axas_map_user(self->fd, SZ_1G, 32 * SZ_2M, u, RW));
	EXPECT_EQ(1, axas_alarms);
	EXPECT_EQ(self->info0.pinned_pages + 32 * 512,
		  pinned(_metadata, self));
	ASSERT_EQ(0, axas_unmap(self->fd, SZ_1G, 32 * SZ_2M));
	EXPECT_EQ(self->info0.pinned_pages, pinned(_metadata, self));
	/* a fatal one does: the killed pinner leaves no pin behind */
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		axas_map_user(self->fd, SZ_1G, SZ_1G, u, RW);
		_exit(0);
	}
	usleep(100000);
	kill(pid, SIGKILL);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFSIGNALED(status));
	EXPECT_EQ(self->info0.pinned_pages, pinned(_metadata, self));
	expect_space(_metadata, self->fd, 0, 0);
}

/* Where the caller's memory is one aligned 2 MiB host run: a 2 MiB leaf. */
USER_TEST(contiguous_run_gets_a_huge_leaf)
{
	unsigned char *raw, *u;
	struct axas_translate t;
	struct axas_space_info si;
	struct axas_seg s[2];
	__u32 nr;
	int ret;

	raw = axas_anon(2 * SZ_2M, PROT_READ | PROT_WRITE);
	ASSERT_NE(NULL, raw);
	u = (unsigned char *)(((uintptr_t)raw + SZ_2M - 1) & ~(SZ_2M - 1));
	madvise(u, SZ_2M, MADV_HUGEPAGE);
	memset(u, 1, SZ_2M);
	ASSERT_EQ(0, axas_map_user(self->fd, SZ_1G, SZ_2M, u, RW));
	ret = axas_translate_range(self->fd, SZ_1G, SZ_2M, s, 2, &nr);
	if (ret == -EMSGSIZE || (!ret && (nr != 1 || s[0].hpa & (SZ_2M - 1))))
		SKIP(return, "no aligned 2 MiB host run (no THP?)");
	ASSERT_EQ(0, ret);
	ASSERT_EQ(0, axas_space_info(self->fd, &si));
	ASSERT_EQ(0, axas_translate(self->fd, SZ_1G, &t));
	EXPECT_EQ(1, si.leaves[1]);
	EXPECT_EQ(0, si.leaves[0]);
	EXPECT_EQ(1, t.level);
	EXPECT_EQ(SZ_2M, t.leaf_size);
	EXPECT_EQ(512, si.pinned_pages);
}

/* Memory that is itself a mapping of a space has no pages to pin. */
USER_TEST(uaddr_is_a_space_mapping)
{
	struct axas_space_info si;
	unsigned char *m;

	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_1G, 2 * SZ_4K, RW,
				    AXAS_ALLOC_POPULATE));
	m = mmap(NULL, 2 * SZ_4K, PROT_READ | PROT_WRITE, MAP_SHARED, self->fd,
		 SZ_1G);
	ASSERT_NE(MAP_FAILED, m);
	m[0] = 1;
	EXPECT_EQ(-EFAULT, axas_map_user(self->fd, GPA, 2 * SZ_4K, m, RW));
	EXPECT_EQ(self->info0.pinned_pages, pinned(_metadata, self));
	ASSERT_EQ(0, axas_space_info(self->fd, &si));
	EXPECT_EQ(1, si.nr_areas);
	EXPECT_EQ(0, si.pinned_pages);
	EXPECT_EQ(2, si.frames);
}

TEST_HARNESS_MAIN
