// SPDX-License-Identifier: GPL-2.0
/*
 * Concurrency through the ABI: threads touch guest memory through an mmap
 * of the space, copy it with pread/pwrite, fault and translate pages,
 * while another thread maps and unmaps the same range over and over (and
 * a second process inspects it read-only).  Every call must return 0 or
 * one of the errors its state explains, a touch of an unmapped page must
 * raise SIGBUS (never reach a freed frame: KASAN and the page allocator
 * would see it), and once it is all closed nothing is left.  Runs a few
 * seconds; the kernel's lockdep and KASAN reports are the collector's.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/axaddrspace.h>

#include "kselftest_harness.h"

#define AXAS_DEV "/dev/axaddrspace"
#define SZ4K 0x1000ULL
#define SZ2M 0x200000ULL
#define GPA 0x40000000ULL
#define LEN (4 * SZ2M)
#define RW (AXAS_MAP_READ | AXAS_MAP_WRITE)
#define SECONDS 3

struct stress {
	int fd;
	char *map;
	atomic_int stop;
	atomic_long touches, sigbus, copies, faults, remaps;
	atomic_long unexpected;
	int last_errno;
};

static __thread sigjmp_buf stress_jmp;
static __thread volatile int stress_armed;

static void stress_sigbus(int sig)
{
	static const char msg[] = "# SIGBUS outside a touch\n";

	if (stress_armed)
		siglongjmp(stress_jmp, 1);
	/* async-signal-safe: the harness then reports "Test failed" */
	if (write(2, msg, sizeof(msg) - 1) < 0)
		_exit(98);
	_exit(99);
}

static unsigned long long stress_rand(unsigned long long *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

static void stress_bad(struct stress *s, int err)
{
	s->last_errno = err;
	atomic_fetch_add(&s->unexpected, 1);
}

/* Touch a random byte of the mapping, and its neighbour 2 KiB away. */
static void stress_touch(struct stress *s, unsigned long long *x)
{
	unsigned long long off = stress_rand(x) % LEN;

	if (sigsetjmp(stress_jmp, 1)) {
		stress_armed = 0;
		atomic_fetch_add(&s->sigbus, 1);
		return;
	}
	/*
	 * Volatile both: a plain store may be moved across the volatile
	 * stress_armed (riscv64's gcc put it before the arming), and a
	 * SIGBUS there would find the handler unarmed.
	 */
	stress_armed = 1;
	*(volatile char *)&s->map[off] = (char)off;
	(void)*(volatile char *)&s->map[off ^ 0x800];
	stress_armed = 0;
	atomic_fetch_add(&s->touches, 1);
}

static void stress_copy(struct stress *s, unsigned long long *x)
{
	/* the thread's: what one round reads, a later one writes elsewhere */
	static __thread char buf[3 * 4096];
	unsigned long long off = stress_rand(x) % (LEN - sizeof(buf));
	ssize_t n = (*x & 1) ? pread(s->fd, buf, sizeof(buf), GPA + off) :
			       pwrite(s->fd, buf, sizeof(buf), GPA + off);

	/* short or -ENXIO where the range is unmapped */
	if (n < 0 && errno != ENXIO)
		stress_bad(s, errno);
	atomic_fetch_add(&s->copies, 1);
}

static void stress_fault(struct stress *s, unsigned long long *x)
{
	struct axas_fault f = { .size = sizeof(f), .access = AXAS_MAP_WRITE };
	struct axas_translate t = { .size = sizeof(t) };
	struct axas_access a = { .size = sizeof(a), .width = 8 };

	f.gpa = GPA + (stress_rand(x) % LEN);
	/* no area there now, or a page the remapper made read-only */
	if (ioctl(s->fd, AXAS_IOC_HANDLE_FAULT, &f) && errno != EFAULT &&
	    errno != EACCES)
		stress_bad(s, errno);
	t.gpa = f.gpa;
	if (ioctl(s->fd, AXAS_IOC_TRANSLATE, &t) && errno != ENOENT)
		stress_bad(s, errno);
	a.gpa = f.gpa & ~7ULL;
	a.flags = *x & 1 ? AXAS_ACCESS_WRITE : 0;
	if (ioctl(s->fd, AXAS_IOC_ACCESS, &a) && errno != EFAULT)
		stress_bad(s, errno);
	atomic_fetch_add(&s->faults, 1);
}

static void stress_remap(struct stress *s, unsigned long long *x)
{
	/* one 2 MiB quarter: unmap it, or a page of it, and map it again */
	unsigned long long q = GPA + (stress_rand(x) % 4) * SZ2M;
	struct axas_range u = { .size = sizeof(u), .gpa = q, .length = SZ2M };
	struct axas_map_alloc m = {
		.size = sizeof(m), .gpa = q, .length = SZ2M,
		.map_flags = RW, .flags = *x & 2 ? AXAS_ALLOC_POPULATE : 0,
	};
	struct axas_protect p = {
		.size = sizeof(p), .gpa = q + SZ4K, .length = SZ4K,
		.map_flags = *x & 4 ? AXAS_MAP_READ : RW,
	};

	if (*x & 8) {
		u.gpa = q + (*x >> 40) % 512 * SZ4K;
		u.length = SZ4K;
	}
	if (ioctl(s->fd, AXAS_IOC_UNMAP, &u))
		stress_bad(s, errno);
	if (ioctl(s->fd, AXAS_IOC_UNMAP, &(struct axas_range){
			.size = sizeof(u), .gpa = q, .length = SZ2M }))
		stress_bad(s, errno);
	if (ioctl(s->fd, AXAS_IOC_MAP_ALLOC, &m))
		stress_bad(s, errno);
	if (ioctl(s->fd, AXAS_IOC_PROTECT, &p))
		stress_bad(s, errno);
	atomic_fetch_add(&s->remaps, 1);
}

/* A thread of the test: @round over and over until the test stops. */
struct stress_thread {
	struct stress *s;
	void (*round)(struct stress *s, unsigned long long *x);
	unsigned long long seed;	/* of its xorshift; 0: its own */
	pthread_t th;
};

static void *stress_thread(void *arg)
{
	struct stress_thread *t = arg;
	unsigned long long x = t->seed ?: (unsigned long)pthread_self() | 1;

	while (!atomic_load(&t->s->stop))
		t->round(t->s, &x);
	return NULL;
}

/* A second process walks and reads the space through a read-only fd. */
static int stress_inspector(int dev, unsigned int id)
{
	struct axas_open_space o = { .size = sizeof(o), .id = id };
	struct axas_walk_entry e[64];
	struct axas_walk w = {
		.size = sizeof(w), .flags = AXAS_WALK_TABLES,
		.entry_size = sizeof(e[0]), .entries = (unsigned long)e,
	};
	time_t end = time(NULL) + SECONDS;
	char buf[4096];
	int n = 0;

	if (ioctl(dev, AXAS_IOC_OPEN_SPACE, &o))
		return 1;
	while (time(NULL) < end) {
		w.gpa = GPA;
		w.end = GPA + LEN;
		w.level = AXAS_WALK_LEVEL_ANY;
		while (w.gpa < w.end) {
			w.nr_entries = 64;
			if (ioctl(o.fd, AXAS_IOC_WALK, &w))
				return 2;
		}
		if (pread(o.fd, buf, sizeof(buf), GPA + (n++ % 1024) * SZ4K) < 0 &&
		    errno != ENXIO)
			return 3;
	}
	return 0;
}

TEST(mmap_copy_fault_against_remap)
{
	struct axas_create_space c = {
		.size = sizeof(c), .format = AXAS_FMT_EPT4, .length = 1ULL << 32,
	};
	struct axas_map_alloc m = {
		.size = sizeof(m), .gpa = GPA, .length = LEN, .map_flags = RW,
	};
	struct axas_info before = { .size = sizeof(before) };
	struct axas_info after = { .size = sizeof(after) };
	struct stress s = {};
	struct stress_thread th[] = {
		{ &s, stress_touch }, { &s, stress_touch },
		{ &s, stress_copy, 0x9e3779b97f4a7c15ULL },
		{ &s, stress_fault, 0x2545f4914f6cdd1dULL },
		{ &s, stress_remap, 0x1234567ULL },
	};
	struct sigaction sa = { .sa_handler = stress_sigbus };
	unsigned int i;
	int dev, status;
	pid_t pid;

	dev = open(AXAS_DEV, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, dev);
	ASSERT_EQ(0, ioctl(dev, AXAS_IOC_GET_INFO, &before));
	ASSERT_EQ(0, ioctl(dev, AXAS_IOC_CREATE_SPACE, &c));
	s.fd = c.fd;
	ASSERT_EQ(0, ioctl(s.fd, AXAS_IOC_MAP_ALLOC, &m));
	s.map = mmap(NULL, LEN, PROT_READ | PROT_WRITE, MAP_SHARED, s.fd, GPA);
	ASSERT_NE(MAP_FAILED, s.map);
	ASSERT_EQ(0, sigaction(SIGBUS, &sa, NULL));

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0)
		_exit(stress_inspector(dev, c.id));

	for (i = 0; i < ARRAY_SIZE(th); i++)
		ASSERT_EQ(0, pthread_create(&th[i].th, NULL, stress_thread,
					    &th[i]));
	sleep(SECONDS);
	atomic_store(&s.stop, 1);
	for (i = 0; i < ARRAY_SIZE(th); i++)
		pthread_join(th[i].th, NULL);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));

	TH_LOG("%ld touches (%ld SIGBUS), %ld copies, %ld fault rounds, %ld remaps",
	       atomic_load(&s.touches), atomic_load(&s.sigbus),
	       atomic_load(&s.copies), atomic_load(&s.faults),
	       atomic_load(&s.remaps));
	EXPECT_EQ(0, atomic_load(&s.unexpected)) TH_LOG("last errno %d", s.last_errno);
	EXPECT_LT(0, atomic_load(&s.touches));
	EXPECT_LT(0, atomic_load(&s.remaps));

	munmap(s.map, LEN);
	close(s.fd);
	ASSERT_EQ(0, ioctl(dev, AXAS_IOC_GET_INFO, &after));
	EXPECT_EQ(before.frames, after.frames);
	EXPECT_EQ(before.table_pages, after.table_pages);
	EXPECT_EQ(before.nr_spaces, after.nr_spaces);
	close(dev);
}

TEST_HARNESS_MAIN
