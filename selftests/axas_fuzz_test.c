// SPDX-License-Identifier: GPL-2.0
/*
 * A seeded random ioctl fuzzer of /dev/axaddrspace and its space files
 * (issue 18).  Several threads issue every ioctl, valid and mutated (sizes
 * below, at and above the structure, with zero and non-zero tails and up
 * to 4 GiB; random flags and reserved words; GPAs, lengths and HPAs near
 * the interesting edges; good, NULL, unmapped, read-only, kernel and
 * page-straddling pointers), on device and space descriptors, read-write
 * and read-only ones, and on a pipe; they also pread/pwrite, mmap and
 * touch (catching SIGBUS), close descriptors while other threads use
 * them, open new ones and fork children that do the same.
 *
 * The kernel must survive (KASAN, lockdep, kmemleak and UBSAN reports fail
 * the run through the collector), every error must be one the ABI names,
 * and once every descriptor is closed the module's counters must be back
 * to where they were: no space, frame, table or pin left.
 *
 * Environment: AXAS_FUZZ_SEED (default 0x61786173; printed), AXAS_FUZZ_CALLS
 * (default 200000), AXAS_FUZZ_SECONDS (stop after that many seconds,
 * whichever comes first), AXAS_FUZZ_THREADS (default 4).  A seed replays
 * each thread's sequence of calls; thread interleaving is not replayed.
 */
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdatomic.h>
#include <stddef.h>
#include <sys/wait.h>
#include <time.h>

#include "axas_util.h"
#include "kselftest_harness.h"

#define NSLOTS		16
#define MAXTHREADS	8
/* Room for the largest output the kernel writes (1024 entries of 4 KiB),
 * followed by a guard page: a straddling pointer faults, never corrupts.
 */
#define BUFSZ		(8 * 1024 * 1024)
#define NERR		134

/* Every command of the ABI; a few numbers no command has. */
static const unsigned long cmds[] = {
	AXAS_IOC_VERSION, AXAS_IOC_GET_INFO, AXAS_IOC_CREATE_SPACE,
	AXAS_IOC_LIST_SPACES, AXAS_IOC_OPEN_SPACE, AXAS_IOC_MAP_LINEAR,
	AXAS_IOC_MAP_ALLOC, AXAS_IOC_MAP_USER, AXAS_IOC_UNMAP,
	AXAS_IOC_PROTECT, AXAS_IOC_CLEAR, AXAS_IOC_TRANSLATE,
	AXAS_IOC_TRANSLATE_RANGE, AXAS_IOC_HANDLE_FAULT, AXAS_IOC_ACCESS,
	AXAS_IOC_GET_SPACE_INFO, AXAS_IOC_WALK, AXAS_IOC_LIST_AREAS,
	AXAS_IOC_GET_DIRTY_LOG, AXAS_IOC_CLEAR_DIRTY_LOG, AXAS_IOC_GET_YOUNG,
	AXAS_IOC_OPEN_READONLY,
	_IO(AXAS_IOCTL_BASE, 0x05), _IO(AXAS_IOCTL_BASE, 0x21),
	_IOW(AXAS_IOCTL_BASE, 0x11, __u64), _IO(AXAS_IOCTL_BASE + 1, 0x10),
};
#define NCMDS	(sizeof(cmds) / sizeof(cmds[0]))

/* The errors the ABI documents for these calls. */
static const int known_errors[] = {
	EPERM, ENOENT, ESRCH, EINTR, ENXIO, E2BIG, EBADF, EAGAIN, ENOMEM,
	EACCES, EFAULT, EBUSY, EEXIST, ENODEV, EINVAL, EMFILE, ENOTTY, ENOSPC,
	ERANGE, EMSGSIZE, EOPNOTSUPP, EOVERFLOW, ENODATA,
	ESPIPE,		/* pread/pwrite on the pipe */
};

struct stats {
	atomic_ulong calls;
	atomic_ulong ok;
	atomic_ulong err[NERR];
	atomic_ulong per_cmd[NCMDS];
	atomic_ulong mmaps, sigbus, forks, closes;
};

static struct stats *st;		/* shared with forked children */
static atomic_int slots[NSLOTS];
static int dev_rw = -1;
static __u64 budget;
static __u64 deadline_ns;
static void *hole, *ro_page;

static __thread __u64 rng;
static __thread sigjmp_buf bus_jmp;
static __thread volatile int bus_armed;

static __u64 rnd(void)
{
	/* xorshift64*: reproducible from the seed */
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545f4914f6cdd1dULL;
}

static unsigned int pick(unsigned int n)
{
	return rnd() % n;
}

static __u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static void on_sigbus(int sig)
{
	if (bus_armed)
		siglongjmp(bus_jmp, 1);
	_exit(99);
}

static __u64 r_gpa(void)
{
	static const __u64 edges[] = {
		0, SZ_4K, SZ_2M - SZ_4K, SZ_2M, SZ_1G, SZ_1G + SZ_2M, SZ_4G,
		SZ_4G - SZ_4K, 1ULL << 39, 1ULL << 47, 1ULL << 48, ~0ULL,
		~0ULL - SZ_4K + 1,
	};

	switch (pick(4)) {
	case 0:
		return edges[pick(sizeof(edges) / sizeof(edges[0]))];
	case 1:
		return (__u64)pick(1024) * SZ_4K;
	case 2:
		return SZ_1G + (__u64)pick(512) * SZ_4K + (pick(8) ? 0 : 1);
	default:
		return rnd();
	}
}

static __u64 r_len(void)
{
	static const __u64 sizes[] = {
		0, 1, SZ_4K, 2 * SZ_4K, SZ_2M, SZ_2M + SZ_4K, 4 * SZ_2M,
		SZ_1G, SZ_4G, ~0ULL, ~0ULL - SZ_4K + 1, 1ULL << 36,
	};

	switch (pick(3)) {
	case 0:
		return sizes[pick(sizeof(sizes) / sizeof(sizes[0]))];
	case 1:
		return (__u64)(1 + pick(64)) * SZ_4K;
	default:
		return rnd() & (pick(2) ? 0xffffffULL : ~0ULL);
	}
}

/* A user pointer: mostly good, sometimes anything but. */
static __u64 r_ptr(char *buf)
{
	switch (pick(10)) {
	case 0:
		return 0;
	case 1:
		return (uintptr_t)hole;
	case 2:
		return (uintptr_t)ro_page;
	case 3:
		return 0xffff888000000000ULL;
	case 4:
		return (uintptr_t)buf + BUFSZ - 8;	/* straddles the end */
	default:
		return (uintptr_t)buf;
	}
}

static __u32 r_u32(void)
{
	switch (pick(4)) {
	case 0:
		return 0;
	case 1:
		return 1U << pick(32);
	case 2:
		return pick(64);
	default:
		return rnd();
	}
}

/* Field offsets of the argument of @cmd (-1: none). */
struct layout {
	int gpa, len, hpa, ptr, nr, esize, mflags, fmt;
	size_t size;
};

#define L(_s, ...) ((struct layout){ .size = sizeof(struct _s), __VA_ARGS__ })
#define O(_s, _f) offsetof(struct _s, _f)

static struct layout layout_of(unsigned long cmd)
{
	struct layout none = { -1, -1, -1, -1, -1, -1, -1, -1, 64 };
	struct layout l = none;

	switch (cmd) {
	case AXAS_IOC_VERSION:
		l.size = sizeof(struct axas_version);
		break;
	case AXAS_IOC_GET_INFO:
		l.size = sizeof(struct axas_info);
		break;
	case AXAS_IOC_CREATE_SPACE:
		l = L(axas_create_space, .gpa = O(axas_create_space, base),
		      .len = O(axas_create_space, length), .hpa = -1, .ptr = -1,
		      .nr = -1, .esize = -1, .mflags = -1,
		      .fmt = O(axas_create_space, format));
		break;
	case AXAS_IOC_LIST_SPACES:
		l = L(axas_list_spaces, .gpa = -1, .len = -1, .hpa = -1,
		      .ptr = O(axas_list_spaces, entries),
		      .nr = O(axas_list_spaces, nr_entries),
		      .esize = O(axas_list_spaces, entry_size), .mflags = -1,
		      .fmt = -1);
		break;
	case AXAS_IOC_MAP_LINEAR:
		l = L(axas_map_linear, .gpa = O(axas_map_linear, gpa),
		      .len = O(axas_map_linear, length),
		      .hpa = O(axas_map_linear, hpa), .ptr = -1, .nr = -1,
		      .esize = -1, .mflags = O(axas_map_linear, map_flags),
		      .fmt = -1);
		break;
	case AXAS_IOC_MAP_ALLOC:
		l = L(axas_map_alloc, .gpa = O(axas_map_alloc, gpa),
		      .len = O(axas_map_alloc, length), .hpa = -1, .ptr = -1,
		      .nr = -1, .esize = -1,
		      .mflags = O(axas_map_alloc, map_flags), .fmt = -1);
		break;
	case AXAS_IOC_MAP_USER:
		l = L(axas_map_user, .gpa = O(axas_map_user, gpa),
		      .len = O(axas_map_user, length), .hpa = -1,
		      .ptr = O(axas_map_user, uaddr), .nr = -1, .esize = -1,
		      .mflags = O(axas_map_user, map_flags), .fmt = -1);
		break;
	case AXAS_IOC_UNMAP:
		l = L(axas_range, .gpa = O(axas_range, gpa),
		      .len = O(axas_range, length), .hpa = -1, .ptr = -1,
		      .nr = -1, .esize = -1, .mflags = -1, .fmt = -1);
		break;
	case AXAS_IOC_PROTECT:
		l = L(axas_protect, .gpa = O(axas_protect, gpa),
		      .len = O(axas_protect, length), .hpa = -1, .ptr = -1,
		      .nr = -1, .esize = -1,
		      .mflags = O(axas_protect, map_flags), .fmt = -1);
		break;
	case AXAS_IOC_CLEAR:
		l.size = sizeof(struct axas_clear);
		break;
	case AXAS_IOC_TRANSLATE:
		l = L(axas_translate, .gpa = O(axas_translate, gpa), .len = -1,
		      .hpa = -1, .ptr = -1, .nr = -1, .esize = -1, .mflags = -1,
		      .fmt = -1);
		break;
	case AXAS_IOC_TRANSLATE_RANGE:
		l = L(axas_translate_range, .gpa = O(axas_translate_range, gpa),
		      .len = O(axas_translate_range, length), .hpa = -1,
		      .ptr = O(axas_translate_range, segs),
		      .nr = O(axas_translate_range, nr_segs), .esize = -1,
		      .mflags = -1, .fmt = -1);
		break;
	case AXAS_IOC_HANDLE_FAULT:
		l = L(axas_fault, .gpa = O(axas_fault, gpa), .len = -1,
		      .hpa = -1, .ptr = -1, .nr = -1, .esize = -1,
		      .mflags = O(axas_fault, access), .fmt = -1);
		break;
	case AXAS_IOC_ACCESS:
		l = L(axas_access, .gpa = O(axas_access, gpa), .len = -1,
		      .hpa = -1, .ptr = -1, .nr = O(axas_access, width),
		      .esize = -1, .mflags = -1, .fmt = -1);
		break;
	case AXAS_IOC_GET_SPACE_INFO:
		l.size = sizeof(struct axas_space_info);
		break;
	case AXAS_IOC_WALK:
		l = L(axas_walk, .gpa = O(axas_walk, gpa),
		      .len = O(axas_walk, end), .hpa = -1,
		      .ptr = O(axas_walk, entries),
		      .nr = O(axas_walk, nr_entries),
		      .esize = O(axas_walk, entry_size), .mflags = -1,
		      .fmt = O(axas_walk, level));
		break;
	case AXAS_IOC_LIST_AREAS:
		l = L(axas_list_areas, .gpa = O(axas_list_areas, gpa),
		      .len = -1, .hpa = -1, .ptr = O(axas_list_areas, entries),
		      .nr = O(axas_list_areas, nr_entries),
		      .esize = O(axas_list_areas, entry_size), .mflags = -1,
		      .fmt = -1);
		break;
	case AXAS_IOC_GET_DIRTY_LOG:
	case AXAS_IOC_CLEAR_DIRTY_LOG:
		l = L(axas_dirty_log, .gpa = O(axas_dirty_log, gpa),
		      .len = O(axas_dirty_log, length), .hpa = -1,
		      .ptr = O(axas_dirty_log, bitmap), .nr = -1, .esize = -1,
		      .mflags = -1, .fmt = -1);
		break;
	case AXAS_IOC_GET_YOUNG:
		l = L(axas_young, .gpa = O(axas_young, gpa),
		      .len = O(axas_young, length), .hpa = -1,
		      .ptr = O(axas_young, bitmap), .nr = -1, .esize = -1,
		      .mflags = -1, .fmt = -1);
		break;
	case AXAS_IOC_OPEN_READONLY:
		l.size = sizeof(struct axas_open_readonly);
		break;
	case AXAS_IOC_OPEN_SPACE:
		l.size = sizeof(struct axas_open_space);
		break;
	}
	return l;
}

static void put64(char *arg, int off, __u64 v)
{
	if (off >= 0)
		memcpy(arg + off, &v, sizeof(v));
}

static void put32(char *arg, int off, __u32 v)
{
	if (off >= 0)
		memcpy(arg + off, &v, sizeof(v));
}

/* Build a (possibly mutated) argument for @cmd in @arg. */
static void *make_arg(unsigned long cmd, char *arg, char *buf)
{
	struct layout l = layout_of(cmd);
	__u32 size;

	if (pick(2))
		memset(arg, 0, l.size + 64);
	else
		for (size_t i = 0; i < l.size + 64; i++)
			arg[i] = rnd();
	switch (pick(10)) {
	case 0:
		size = pick(l.size + 1);
		break;
	case 1:
		size = l.size + 8;	/* a tail: zero or not, as filled */
		break;
	case 2:
		size = 4096 + pick(2);
		break;
	case 3:
		size = pick(2) ? 0xffffffff : 1U << (12 + pick(20));
		break;
	default:
		size = l.size;
		memset(arg + l.size, 0, 64);
		break;
	}
	put32(arg, 0, size);
	if (pick(2)) {
		/* a well-formed call on the first 8 MiB, to reach deep paths */
		memset(arg, 0, l.size + 64);
		put32(arg, 0, l.size);
		put64(arg, l.gpa, (__u64)pick(2048) * SZ_4K);
		put64(arg, l.len, pick(4) ? (__u64)(1 + pick(16)) * SZ_4K :
					    SZ_2M);
		if (cmd == AXAS_IOC_WALK)
			put64(arg, l.len, SZ_4G);
		put64(arg, l.hpa, MMIO_HPA + (__u64)pick(8) * SZ_2M);
		put64(arg, l.ptr, (uintptr_t)buf);
		put32(arg, l.nr, 1 + pick(64));
		put32(arg, l.esize, 48 + 8 * pick(2));
		put32(arg, l.mflags, pick(3) ? RW : RD);
		put32(arg, l.fmt, cmd == AXAS_IOC_WALK ? AXAS_WALK_LEVEL_ANY :
						       AXAS_FMT_NATIVE);
		if (cmd == AXAS_IOC_CREATE_SPACE)
			put64(arg, l.len, SZ_4G);
		if (cmd == AXAS_IOC_ACCESS)
			put32(arg, l.nr, 1U << pick(4));
		if (cmd == AXAS_IOC_MAP_ALLOC && pick(2))
			put32(arg, 4, AXAS_ALLOC_POPULATE);
		return arg;
	}
	if (pick(4))
		put32(arg, 4, pick(8) ? 0 : r_u32());	/* flags */
	put64(arg, l.gpa, r_gpa());
	put64(arg, l.len, r_len());
	put64(arg, l.hpa, pick(2) ? MMIO_HPA + (__u64)pick(8) * SZ_2M :
				    r_gpa());
	put64(arg, l.ptr, r_ptr(buf));
	put32(arg, l.nr, pick(3) ? 1 + pick(64) : r_u32());
	put32(arg, l.esize, pick(3) ? 48 + 8 * pick(4) : r_u32());
	put32(arg, l.mflags, pick(4) ? RW : r_u32());
	put32(arg, l.fmt, pick(2) ? pick(10) : r_u32());
	if (cmd == AXAS_IOC_CREATE_SPACE && pick(2)) {
		put64(arg, l.gpa, 0);
		put64(arg, l.len, SZ_4G);
		put32(arg, l.fmt, AXAS_FMT_NATIVE);
	}
	if (cmd == AXAS_IOC_MAP_ALLOC && pick(2))
		put64(arg, l.len, (__u64)(1 + pick(16)) * SZ_4K);
	/* a pointer to the argument itself may be bad too */
	switch (pick(40)) {
	case 0:
		return NULL;
	case 1:
		return hole;
	case 2:
		return ro_page;
	default:
		return arg;
	}
}

static void count_result(int ret, unsigned int c)
{
	atomic_fetch_add(&st->calls, 1);
	atomic_fetch_add(&st->per_cmd[c], 1);
	if (!ret)
		atomic_fetch_add(&st->ok, 1);
	else if (errno > 0 && errno < NERR)
		atomic_fetch_add(&st->err[errno], 1);
	else
		atomic_fetch_add(&st->err[0], 1);
}

/*
 * A descriptor from a random slot, or a fresh one into it.  Slots 0-3
 * lean to device descriptors, the others to spaces; @dev asks for the
 * first kind (mostly).
 */
static int slot_fd(bool dev)
{
	unsigned int i = pick(8) ? (dev ? pick(4) : 4 + pick(NSLOTS - 4)) :
				   pick(NSLOTS);
	int fd = atomic_load(&slots[i]), nfd = -1, p[2];

	if (fd >= 0 && pick(64))
		return fd;
	switch (i < 4 ? pick(3) : pick(8) ? 3 : pick(6)) {
	case 0:
		nfd = open(AXAS_DEV, O_RDWR | O_CLOEXEC);
		break;
	case 1:
		nfd = open(AXAS_DEV, O_RDONLY | O_CLOEXEC);
		break;
	case 2:
		if (!pipe2(p, O_CLOEXEC)) {
			close(p[1]);
			nfd = p[0];
		}
		break;
	default:
		nfd = axas_create(dev_rw, AXAS_FMT_NATIVE, 0, 0, SZ_4G, 0, NULL);
		if (nfd >= 0 && pick(3) == 0) {
			struct axas_open_readonly o = { .size = sizeof(o) };

			if (!ioctl(nfd, AXAS_IOC_OPEN_READONLY, &o)) {
				close(nfd);
				nfd = o.fd;
			}
		}
		break;
	}
	if (nfd < 0)
		return dev_rw;
	fd = atomic_exchange(&slots[i], nfd);
	/* the old descriptor closes while others may be using it */
	if (fd >= 0) {
		close(fd);
		atomic_fetch_add(&st->closes, 1);
	}
	return nfd;
}

static void do_mmap(int fd)
{
	__u64 off = (__u64)pick(1024) * SZ_4K;
	size_t len = (1 + pick(16)) * SZ_4K;
	int prot = pick(4) ? PROT_READ | PROT_WRITE : PROT_READ;
	volatile char *p;

	p = mmap(NULL, len, prot, MAP_SHARED, fd, off);
	if (p == MAP_FAILED)
		return;
	atomic_fetch_add(&st->mmaps, 1);
	bus_armed = 1;
	if (sigsetjmp(bus_jmp, 1) == 0) {
		size_t i;

		for (i = 0; i < len; i += SZ_4K) {
			if (prot & PROT_WRITE)
				p[i] = (char)i;
			else
				(void)p[i];
		}
	} else {
		atomic_fetch_add(&st->sigbus, 1);
	}
	bus_armed = 0;
	munmap((void *)p, len);
}

static bool out_of_budget(void)
{
	if (atomic_load(&st->calls) >= budget)
		return true;
	return deadline_ns && !(atomic_load(&st->calls) % 256) &&
	       now_ns() > deadline_ns;
}

/* @n random operations (all of them when @n is 0: until the budget). */
static void run_ops(unsigned long n, char *buf, char *arg)
{
	unsigned long done = 0;

	while (!out_of_budget() && (!n || done++ < n)) {
		unsigned int c = pick(NCMDS), what = pick(100);
		int fd = slot_fd(_IOC_NR(cmds[c]) < 0x10), ret;
		void *a;

		if (what < 4) {
			do_mmap(slot_fd(false));
			continue;
		}
		if (what < 8) {
			__u64 off = pick(2) ? (__u64)pick(1024) * SZ_4K : rnd();
			size_t len = pick(3) ? 1 + pick(SZ_2M) : rnd();
			void *p = (void *)(uintptr_t)r_ptr(buf);

			if (len > BUFSZ)
				len = BUFSZ;
			ret = pick(2) ? pread(fd, p, len, off) :
					pwrite(fd, p, len, off);
			count_result(ret < 0 ? -1 : 0, c);
			continue;
		}
		a = make_arg(cmds[c], arg, buf);
		ret = ioctl(fd, cmds[c], a);
		count_result(ret, c);
		/* a descriptor it returned: keep or close it */
		if (!ret && a == arg &&
		    (cmds[c] == AXAS_IOC_CREATE_SPACE ||
		     cmds[c] == AXAS_IOC_OPEN_SPACE ||
		     cmds[c] == AXAS_IOC_OPEN_READONLY)) {
			int nfd = cmds[c] == AXAS_IOC_CREATE_SPACE ?
				  ((struct axas_create_space *)arg)->fd :
				  cmds[c] == AXAS_IOC_OPEN_SPACE ?
				  ((struct axas_open_space *)arg)->fd :
				  ((struct axas_open_readonly *)arg)->fd;
			int old = atomic_exchange(&slots[pick(NSLOTS)], nfd);

			if (old >= 0)
				close(old);
		}
		if (what == 99 && pick(20) == 0) {
			pid_t pid = fork();

			if (pid == 0) {
				rng ^= 0x9e3779b97f4a7c15ULL;
				run_ops(200, buf, arg);
				_exit(0);
			}
			if (pid > 0) {
				atomic_fetch_add(&st->forks, 1);
				waitpid(pid, NULL, 0);
			}
		}
	}
}

struct worker {
	pthread_t th;
	__u64 seed;
};

static void *worker_main(void *p)
{
	struct worker *w = p;
	char *buf = mmap(NULL, BUFSZ + SZ_4K, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *arg = malloc(4096 + 128);

	rng = w->seed ? w->seed : 1;
	if (buf != MAP_FAILED && arg &&
	    !mprotect(buf + BUFSZ, SZ_4K, PROT_NONE))
		run_ops(0, buf, arg);
	if (buf != MAP_FAILED)
		munmap(buf, BUFSZ + SZ_4K);
	free(arg);
	return NULL;
}

static __u64 env_u64(const char *name, __u64 def)
{
	const char *v = getenv(name);

	return v && *v ? strtoull(v, NULL, 0) : def;
}

static bool known(int e)
{
	unsigned int i;

	for (i = 0; i < sizeof(known_errors) / sizeof(known_errors[0]); i++)
		if (known_errors[i] == e)
			return true;
	return false;
}

FIXTURE(fuzz) {};
FIXTURE_SETUP(fuzz) {}
FIXTURE_TEARDOWN(fuzz) {}

/*
 * 200,000 calls take about 110 s in the KASAN debug VM under TCG; make
 * fuzz runs for hours.  A hang is caught by vmrun's own time limit.
 */
TEST_F_TIMEOUT(fuzz, random_calls, 86400)
{
	__u64 seed = env_u64("AXAS_FUZZ_SEED", 0x61786173);
	unsigned int i, nthreads = env_u64("AXAS_FUZZ_THREADS", 4);
	struct worker w[MAXTHREADS];
	struct axas_info before, after;
	struct sigaction sa = { .sa_handler = on_sigbus };
	__u64 t0 = now_ns(), secs;

	if (geteuid() != 0)
		SKIP(return, "needs root");
	dev_rw = axas_open_dev();
	if (dev_rw < 0 && errno == ENOENT)
		SKIP(return, AXAS_DEV " missing");
	ASSERT_LE(0, dev_rw);
	ASSERT_EQ(0, axas_get_info(dev_rw, &before));
	st = mmap(NULL, sizeof(*st), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, st);
	hole = mmap(NULL, SZ_4K, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, hole);
	munmap(hole, SZ_4K);
	ro_page = mmap(NULL, SZ_4K, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);
	ASSERT_NE(MAP_FAILED, ro_page);
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGSEGV, &sa, NULL);
	for (i = 0; i < NSLOTS; i++)
		atomic_store(&slots[i], -1);
	budget = env_u64("AXAS_FUZZ_CALLS", 200000);
	secs = env_u64("AXAS_FUZZ_SECONDS", 0);
	deadline_ns = secs ? t0 + secs * 1000000000ULL : 0;
	if (nthreads < 1 || nthreads > MAXTHREADS)
		nthreads = 4;
	ksft_print_msg("seed 0x%llx, %u threads, budget %llu calls%s\n",
		       (unsigned long long)seed, nthreads,
		       (unsigned long long)budget, secs ? " or the deadline" : "");

	for (i = 0; i < nthreads; i++) {
		w[i].seed = seed * (2 * i + 1) + i;
		ASSERT_EQ(0, pthread_create(&w[i].th, NULL, worker_main, &w[i]));
	}
	for (i = 0; i < nthreads; i++)
		pthread_join(w[i].th, NULL);
	for (i = 0; i < NSLOTS; i++) {
		int fd = atomic_exchange(&slots[i], -1);

		if (fd >= 0)
			close(fd);
	}

	ksft_print_msg("%lu calls in %llu ms: %lu succeeded, %lu mmaps (%lu SIGBUS), %lu forks, %lu racing closes\n",
		       atomic_load(&st->calls),
		       (unsigned long long)((now_ns() - t0) / 1000000),
		       atomic_load(&st->ok), atomic_load(&st->mmaps),
		       atomic_load(&st->sigbus), atomic_load(&st->forks),
		       atomic_load(&st->closes));
	for (i = 1; i < NERR; i++) {
		unsigned long n = atomic_load(&st->err[i]);

		if (!n)
			continue;
		ksft_print_msg("  %-10s %lu\n", strerrorname_np(i) ?: "?", n);
		EXPECT_TRUE(known(i)) TH_LOG("errno %d is not in the ABI", i);
	}
	EXPECT_EQ(0, atomic_load(&st->err[0]));
	if (!deadline_ns)
		EXPECT_LE(budget, atomic_load(&st->calls));
	/* nothing left behind once every descriptor is closed */
	ASSERT_EQ(0, axas_get_info(dev_rw, &after));
	EXPECT_EQ(before.nr_spaces, after.nr_spaces);
	EXPECT_EQ(before.frames, after.frames);
	EXPECT_EQ(before.table_pages, after.table_pages);
	EXPECT_EQ(before.pinned_pages, after.pinned_pages);
	close(dev_rw);
}

TEST_HARNESS_MAIN
