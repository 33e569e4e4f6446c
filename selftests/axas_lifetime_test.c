// SPDX-License-Identifier: GPL-2.0
/*
 * kselftests of the lifetime of address spaces: closing the last
 * descriptor (or mapping), the death of the owner, create/close cycles and
 * an interrupted populate give back every frame, table page and pin, as
 * the GET_INFO counters show; the module cannot be unloaded while a space
 * lives.
 */
#include <signal.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>

#include "axas_util.h"
#include "kselftest_harness.h"

#define SPACE_LEN	SZ_4G

/* The module's counters are @want now. */
static void expect_counters(struct __test_metadata *_metadata, int dev,
			    const struct axas_counters *want)
{
	struct axas_counters c;

	ASSERT_EQ(0, axas_counters(dev, &c));
	axas_expect_counters(_metadata, want, &c);
}

/*
 * A space using every backend: 64 populated frames, 2 faulted lazy pages,
 * 4 pinned user pages and (as root) a linear 2 MiB leaf; returns its fd.
 */
static int busy_space(int dev, void *user)
{
	int fd = axas_create(dev, AXAS_FMT_EPT4, 0, 0, SPACE_LEN, 0, NULL);

	if (fd < 0)
		return fd;
	if (axas_map_alloc(fd, 0, 64 * SZ_4K, RW, AXAS_ALLOC_POPULATE) ||
	    axas_map_alloc(fd, SZ_1G, SZ_2M, RW, AXAS_ALLOC_NO_HUGE) ||
	    axas_fault(fd, SZ_1G, RD) || axas_fault(fd, SZ_1G + SZ_4K, WR) ||
	    axas_map_user(fd, 2 * SZ_1G, 4 * SZ_4K, user, RW))
		return -1;
	if (geteuid() == 0 && !axas_hpa_is_ram(MMIO_HPA, SZ_2M) &&
	    axas_map_linear(fd, 3 * SZ_1G, MMIO_HPA, SZ_2M, RW, 0))
		return -1;
	return fd;
}

/* The counters now in @before, and in @busy with what busy_space() adds. */
static void busy_counts(struct __test_metadata *_metadata, int dev,
			struct axas_counters *before,
			struct axas_counters *busy)
{
	bool linear = geteuid() == 0 && !axas_hpa_is_ram(MMIO_HPA, SZ_2M);

	ASSERT_EQ(0, axas_counters(dev, before));
	*busy = *before;
	busy->nr_spaces += 1;
	busy->frames += 64 + 2;
	busy->pinned_pages += 4;
	/*
	 * EPT4: the root, one level-2 table (the first 512 GiB), a level-1
	 * table per GiB used (0, 1, 2 and, with the linear leaf, 3) and a
	 * level-0 table under 0, 1 GiB and 2 GiB (the 2 MiB linear leaf
	 * needs none).
	 */
	busy->table_pages += 1 + 1 + (linear ? 4 : 3) + 3;
}

/* busy_counts(), then busy_space() over fresh user memory: its fd. */
static int start_busy(struct __test_metadata *_metadata, int dev,
		      struct axas_counters *before, struct axas_counters *busy)
{
	void *user = axas_anon(4 * SZ_4K, PROT_READ | PROT_WRITE);
	int fd;

	ASSERT_NE(NULL, user);
	busy_counts(_metadata, dev, before, busy);
	fd = busy_space(dev, user);
	ASSERT_LE(0, fd);
	return fd;
}

DEV_TEST(close_frees_everything)
{
	struct axas_counters before, busy;
	int fd;

	fd = start_busy(_metadata, self->dev, &before, &busy);
	expect_counters(_metadata, self->dev, &busy);
	ASSERT_EQ(0, close(fd));
	expect_counters(_metadata, self->dev, &before);
}

DEV_TEST(read_only_descriptor_keeps_space_alive)
{
	struct axas_counters before, busy;
	struct axas_space_info si;
	int fd, ro;
	__u32 id;

	fd = start_busy(_metadata, self->dev, &before, &busy);
	ASSERT_EQ(0, axas_space_info(fd, &si));
	id = si.id;
	ro = axas_open_space(self->dev, id);
	ASSERT_LE(0, ro);
	ASSERT_EQ(0, close(fd));
	expect_counters(_metadata, self->dev, &busy);
	ASSERT_EQ(0, axas_space_info(ro, &si));
	EXPECT_EQ(66, si.frames);
	ASSERT_EQ(0, close(ro));
	expect_counters(_metadata, self->dev, &before);
	EXPECT_EQ(-ENOENT, axas_open_space(self->dev, id));
}

DEV_TEST(last_mapping_keeps_space_alive)
{
	struct axas_counters before, busy;
	unsigned char *m;
	int fd;

	ASSERT_EQ(0, axas_counters(self->dev, &before));
	fd = axas_create(self->dev, AXAS_FMT_EPT4, 0, 0, SZ_1G, 0, NULL);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, axas_map_alloc(fd, 0, 2 * SZ_4K, RW, AXAS_ALLOC_POPULATE));
	ASSERT_EQ(3, pwrite(fd, "abc", 3, SZ_4K));
	m = mmap(NULL, 2 * SZ_4K, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	ASSERT_NE(MAP_FAILED, m);
	ASSERT_EQ(0, close(fd));
	/* the mapping holds the space: root + 3 tables, 2 frames */
	busy = before;
	busy.nr_spaces++;
	busy.frames += 2;
	busy.table_pages += 4;
	expect_counters(_metadata, self->dev, &busy);
	EXPECT_EQ(0, memcmp(m + SZ_4K, "abc", 3));
	m[0] = 1;
	ASSERT_EQ(0, munmap(m, 2 * SZ_4K));
	expect_counters(_metadata, self->dev, &before);
}

DEV_TEST(space_outlives_the_device_descriptor)
{
	struct axas_counters before;
	int fd;
	__u64 v = 1;

	ASSERT_EQ(0, axas_counters(self->dev, &before));
	fd = axas_create(self->dev, AXAS_FMT_EPT4, 0, 0, SZ_1G, 0, NULL);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, close(self->dev));
	ASSERT_EQ(0, axas_map_alloc(fd, 0, SZ_4K, RW, AXAS_ALLOC_POPULATE));
	ASSERT_EQ(0, axas_load(fd, 0, 8, &v));
	EXPECT_EQ(0, v);
	ASSERT_EQ(0, close(fd));
	self->dev = axas_open_dev();
	ASSERT_LE(0, self->dev);
	expect_counters(_metadata, self->dev, &before);
}

DEV_TEST(killed_owner_frees_everything)
{
	struct axas_counters before, busy;
	int ready[2], status;
	pid_t pid;
	char c;

	busy_counts(_metadata, self->dev, &before, &busy);
	ASSERT_EQ(0, pipe(ready));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		void *user = axas_anon(4 * SZ_4K, PROT_READ | PROT_WRITE);
		unsigned char *m;
		int fd = busy_space(self->dev, user);

		/* a mapping and a second descriptor of the space, too */
		if (fd < 0 || dup(fd) < 0)
			_exit(10);
		m = mmap(NULL, SZ_4K, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
			 0);
		if (m == MAP_FAILED)
			_exit(11);
		m[0] = 1;
		if (write(ready[1], "r", 1) != 1)
			_exit(12);
		for (;;)
			pause();
	}
	close(ready[1]);
	ASSERT_EQ(1, read(ready[0], &c, 1));
	expect_counters(_metadata, self->dev, &busy);
	ASSERT_EQ(0, kill(pid, SIGKILL));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFSIGNALED(status));
	EXPECT_EQ(SIGKILL, WTERMSIG(status));
	expect_counters(_metadata, self->dev, &before);
}

/*
 * A thousand spaces created, populated and closed, one after the other:
 * nothing is left.  Under emulation with KASAN a cycle can take 30 ms
 * (riscv64), so the loop also stops after 20 s, within the harness's 30 s,
 * and then must have done at least 100 cycles.
 */
DEV_TEST(thousand_create_map_close_cycles)
{
	struct axas_counters zero = { 0 };
	struct timespec t0, t;
	int i, fd;

	/* no space is alive between two tests */
	expect_counters(_metadata, self->dev, &zero);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < 1000; i++) {
		clock_gettime(CLOCK_MONOTONIC, &t);
		if (t.tv_sec - t0.tv_sec >= 20)
			break;
		fd = axas_create(self->dev,
				 i % 2 ? AXAS_FMT_SV39X4 : AXAS_FMT_EPT4, 0,
				 0, SZ_1G, 0, NULL);
		ASSERT_LE(0, fd) TH_LOG("cycle %d", i);
		ASSERT_EQ(0, axas_map_alloc(fd, (i % 256) * SZ_2M, 2 * SZ_4K,
					    RW, AXAS_ALLOC_POPULATE))
			TH_LOG("cycle %d", i);
		ASSERT_EQ(0, close(fd));
	}
	TH_LOG("%d cycles in %ld s", i, (long)(t.tv_sec - t0.tv_sec));
	EXPECT_LE(100, i);
	expect_counters(_metadata, self->dev, &zero);
}

/*
 * A signal a VMM kicks its threads with (caught, SA_RESTART or not) does
 * not stop a populate: it completes.  A fatal one does, and the killed
 * process leaves nothing behind.
 */
DEV_TEST(interrupted_populate_leaves_nothing)
{
	struct axas_counters before, one;
	struct axas_space_info si;
	int fd, status;
	pid_t pid;

	fd = axas_create(self->dev, AXAS_FMT_EPT4, 0, 0, SPACE_LEN, 0, NULL);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, axas_counters(self->dev, &before));
	axas_alarm_in(_metadata, 20000);
	EXPECT_EQ(0, axas_map_alloc(fd, SZ_1G, 64 * SZ_2M, RW,
				    AXAS_ALLOC_POPULATE));
	EXPECT_EQ(1, axas_alarms);
	ASSERT_EQ(0, axas_space_info(fd, &si));
	EXPECT_EQ(1, si.nr_areas);
	EXPECT_EQ(64 * 512, si.frames);
	ASSERT_EQ(0, axas_unmap(fd, SZ_1G, 64 * SZ_2M));
	expect_counters(_metadata, self->dev, &before);

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		/* a gigabyte: seconds under KASAN, killed long before the end */
		axas_map_alloc(fd, SZ_1G, SZ_1G, RW, AXAS_ALLOC_POPULATE);
		_exit(0);
	}
	usleep(100000);
	kill(pid, SIGKILL);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFSIGNALED(status));
	ASSERT_EQ(0, axas_space_info(fd, &si));
	EXPECT_EQ(0, si.nr_areas);
	EXPECT_EQ(0, si.mapped_bytes);
	EXPECT_EQ(0, si.frames);
	EXPECT_EQ(0, si.leaves[0]);
	EXPECT_EQ(1, si.table_pages);
	expect_counters(_metadata, self->dev, &before);
	/* the range is free: a populate of 2 MiB (4 KiB frames) now succeeds */
	ASSERT_EQ(0, axas_map_alloc(fd, SZ_1G, SZ_2M, RW,
				    AXAS_ALLOC_POPULATE | AXAS_ALLOC_NO_HUGE));
	one = before;
	one.frames += 512;
	one.table_pages += 3;
	expect_counters(_metadata, self->dev, &one);
}

/* Runs `rmmod axaddrspace`; its exit status. */
static int rmmod(void)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(null, 2);
		execlp("rmmod", "rmmod", "axaddrspace", NULL);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static bool module_loaded(void)
{
	struct stat st;

	return !stat("/sys/module/axaddrspace", &st);
}

DEV_TEST(rmmod_fails_while_a_space_lives)
{
	int fd, ret;
	unsigned char *m;

	if (!module_loaded())
		SKIP(return, "axaddrspace is built in");
	fd = axas_create(self->dev, AXAS_FMT_EPT4, 0, 0, SZ_1G, 0, NULL);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, axas_map_alloc(fd, 0, SZ_4K, RW, AXAS_ALLOC_POPULATE));
	/* only the space holds the module now */
	ASSERT_EQ(0, close(self->dev));
	ret = rmmod();
	ASSERT_NE(127, ret) TH_LOG("no rmmod in PATH");
	EXPECT_NE(0, ret);
	ASSERT_TRUE(module_loaded());
	EXPECT_EQ(0, axas_map_alloc(fd, SZ_2M, SZ_4K, RW, 0));

	/* a mapping alone holds it as well */
	m = mmap(NULL, SZ_4K, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	ASSERT_NE(MAP_FAILED, m);
	ASSERT_EQ(0, close(fd));
	EXPECT_NE(0, rmmod());
	ASSERT_TRUE(module_loaded());
	m[0] = 1;
	EXPECT_EQ(1, m[0]);
	munmap(m, SZ_4K);
}

TEST_HARNESS_MAIN
