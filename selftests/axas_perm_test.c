// SPDX-License-Identifier: GPL-2.0
/*
 * kselftests of who may do what with address spaces (DESIGN.md section 6,
 * "ioctl encoding" in the uapi header):
 *  - MAP_LINEAR needs CAP_SYS_RAWIO;
 *  - host physical addresses are shown only when both the caller and the
 *    opener of the file have CAP_SYS_ADMIN;
 *  - the registry (LIST_SPACES, OPEN_SPACE) is the administrator's: other
 *    callers get -EPERM whatever the id (axas_inspect_test has the
 *    kernel-decided inspection that replaces it), and what it opens is
 *    read-only: every modifying ioctl, pwrite and a writable shared mmap
 *    are refused;
 *  - pinned user memory is charged to the user's RLIMIT_MEMLOCK.
 * The test runs as root; "nobody" is a child that opened /dev/axaddrspace
 * as root (the node is 0600) and then dropped to uid/gid 65534.  Children
 * report what they saw in a shared page; the parent asserts.
 */
#include <grp.h>
#include <setjmp.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/capability.h>

#include "axas_util.h"
#include "kselftest_harness.h"

#define NOBODY		65534
#define SPACE_LEN	SZ_4G
#define EPT_ADDR	0x000ffffffffff000ULL	/* bits 51:12 */

/* What a child saw, for the parent to assert on. */
struct seen {
	int ret[32];
	__u64 val[32];
	struct axas_translate t;
	struct axas_translate t2;	/* of a linear page at 1 GiB */
	struct axas_space_info si;
	struct axas_space_info si2;
	struct axas_seg seg[2];
	struct axas_area_desc area[2];
	struct axas_walk_entry walk[8];
	int nr_walk;
	__u32 nr_seg;
	__u32 id;
	__u32 nr_listed;
	__u32 listed[4];
	__u64 pinned_before, pinned_after;
};

static struct seen *seen_new(struct __test_metadata *_metadata)
{
	void *p = mmap(NULL, sizeof(struct seen), PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	ASSERT_NE(MAP_FAILED, p);
	return p;
}

static int drop_to_nobody(void)
{
	if (setgroups(0, NULL) || setresgid(NOBODY, NOBODY, NOBODY) ||
	    setresuid(NOBODY, NOBODY, NOBODY))
		return -1;
	/* as an ordinary process of that user would be */
	return prctl(PR_SET_DUMPABLE, 1);
}

/* fork(2), the child dropped to nobody: it exits 10 if it cannot be. */
static pid_t fork_nobody(struct __test_metadata *_metadata)
{
	pid_t pid = fork();

	ASSERT_LE(0, pid);
	if (pid == 0 && drop_to_nobody())
		_exit(10);
	return pid;
}

/* Wait for @pid; its exit status, or 128 + the signal that killed it. */
static int reap(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) :
				   128 + WTERMSIG(status);
}

/* Open the device or skip: every test needs it, and root. */
#define NEED_DEV(dev)							\
	do {								\
		if (geteuid() != 0)					\
			SKIP(return, "needs root");			\
		dev = axas_open_dev();					\
		if (dev < 0 && errno == ENOENT)				\
			SKIP(return, AXAS_DEV " missing");		\
		ASSERT_LE(0, dev);					\
	} while (0)

/* Fill @sn with what the holder of space @fd sees of its HPAs. */
static void look(int fd, struct seen *sn)
{
	sn->ret[0] = axas_translate(fd, 0x10, &sn->t);
	sn->ret[1] = axas_space_info(fd, &sn->si);
	sn->ret[2] = axas_translate_range(fd, 0x10, 2 * SZ_4K - 0x10, sn->seg,
					  2, &sn->nr_seg);
	sn->nr_walk = axas_walk_all(fd, 0, SZ_1G, AXAS_WALK_TABLES, 8,
				    sn->walk, 8, NULL);
	sn->ret[3] = axas_list_areas(fd, 0, sn->area, 2);
	sn->ret[4] = axas_translate(fd, SZ_1G + 0x100, &sn->t2);
}

/* Two populated RW pages at GPA 0 of an EPT4 space. */
static int populated_space(int dev, __u32 *id)
{
	int fd = axas_create(dev, AXAS_FMT_EPT4, 0, 0, SPACE_LEN, 0, id);

	if (fd < 0)
		return fd;
	if (axas_map_alloc(fd, 0, 2 * SZ_4K, RW, AXAS_ALLOC_POPULATE))
		return -1;
	return fd;
}

/* populated_space(), and a linear page of MMIO at 1 GiB (root may). */
static int linear_space(struct __test_metadata *_metadata, int dev)
{
	int fd = populated_space(dev, NULL);

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, axas_hpa_is_ram(MMIO_HPA, SZ_4K));
	ASSERT_EQ(0, axas_map_linear(fd, SZ_1G, MMIO_HPA, SZ_4K, RW, 0));
	return fd;
}

/* No host address anywhere, every other field as usual. */
static void expect_hidden(struct __test_metadata *_metadata,
			  const struct seen *sn, __u64 table_pages)
{
	int i;

	ASSERT_EQ(0, sn->ret[0]);
	EXPECT_EQ(0, sn->t.hpa);
	EXPECT_EQ(SZ_4K, sn->t.leaf_size);
	EXPECT_EQ(2 * SZ_4K, sn->t.area_size);
	EXPECT_EQ(AXAS_BACKEND_ALLOC, sn->t.backend);
	ASSERT_EQ(0, sn->ret[1]);
	EXPECT_EQ(0, sn->si.root);
	EXPECT_EQ(0, sn->si.hw_root);
	EXPECT_EQ(2, sn->si.frames);
	EXPECT_EQ(table_pages, sn->si.table_pages);
	/* nor which frames are adjacent: contig ends with the leaf */
	EXPECT_EQ(SZ_4K - 0x10, sn->t.contig);
	/* and TRANSLATE_RANGE gives one segment per leaf */
	ASSERT_EQ(0, sn->ret[2]);
	ASSERT_EQ(2, sn->nr_seg);
	EXPECT_EQ(0x10, sn->seg[0].gpa);
	EXPECT_EQ(SZ_4K - 0x10, sn->seg[0].length);
	EXPECT_EQ(0, sn->seg[0].hpa);
	EXPECT_EQ(SZ_4K, sn->seg[1].gpa);
	EXPECT_EQ(SZ_4K, sn->seg[1].length);
	EXPECT_EQ(0, sn->seg[1].hpa);
	/* EPT4: three tables above two leaves */
	ASSERT_EQ(5, sn->nr_walk);
	for (i = 0; i < 3; i++) {
		EXPECT_EQ(AXAS_WALK_TABLE, sn->walk[i].type);
		EXPECT_EQ(0, sn->walk[i].hpa);
		/* R | W | X, no address */
		EXPECT_EQ(7, sn->walk[i].raw);
	}
	for (i = 3; i < 5; i++) {
		EXPECT_EQ(AXAS_WALK_LEAF, sn->walk[i].type);
		EXPECT_EQ(0, sn->walk[i].hpa);
		/* R | W, write-back, no address */
		EXPECT_EQ(0x33, sn->walk[i].raw);
		EXPECT_EQ(0, sn->walk[i].raw & EPT_ADDR);
	}
	ASSERT_LE(1, sn->ret[3]);
	for (i = 0; i < sn->ret[3]; i++)
		EXPECT_EQ(0, sn->area[i].hpa);
}

TEST(root_sees_host_addresses)
{
	struct seen *sn = seen_new(_metadata);
	int dev, fd;

	NEED_DEV(dev);
	fd = linear_space(_metadata, dev);
	look(fd, sn);
	ASSERT_EQ(2, sn->ret[3]);
	EXPECT_EQ(MMIO_HPA, sn->area[1].hpa);
	ASSERT_EQ(0, sn->ret[4]);
	EXPECT_EQ(MMIO_HPA + 0x100, sn->t2.hpa);
	ASSERT_EQ(0, sn->ret[0]);
	EXPECT_NE(0, sn->t.hpa);
	EXPECT_EQ(0x10, sn->t.hpa & 0xfff);
	ASSERT_EQ(0, sn->ret[1]);
	EXPECT_NE(0, sn->si.root);
	/* EPTP: WB, 4 levels, A/D */
	EXPECT_EQ(sn->si.root | 3 << 3 | 6 | 1 << 6, sn->si.hw_root);
	ASSERT_EQ(0, sn->ret[2]);
	EXPECT_EQ(sn->t.hpa, sn->seg[0].hpa);
	ASSERT_EQ(5, sn->nr_walk);
	EXPECT_EQ(sn->t.hpa & ~0xfffULL, sn->walk[3].hpa);
	EXPECT_EQ(sn->walk[3].hpa | 0x33, sn->walk[3].raw);
	EXPECT_EQ(sn->walk[0].hpa | 7, sn->walk[0].raw);
}

TEST(nobody_sees_no_host_address)
{
	struct seen *sn = seen_new(_metadata);
	pid_t pid;
	int dev;

	NEED_DEV(dev);
	pid = fork_nobody(_metadata);
	if (pid == 0) {
		int fd;

		fd = populated_space(dev, NULL);
		if (fd < 0)
			_exit(11);
		look(fd, sn);
		_exit(0);
	}
	ASSERT_EQ(0, reap(pid));
	expect_hidden(_metadata, sn, 4);
}

/* The opener had CAP_SYS_ADMIN, the caller has not: still hidden. */
TEST(fd_of_root_used_by_nobody_hides_host_addresses)
{
	struct seen *sn = seen_new(_metadata);
	pid_t pid;
	int dev, fd;

	NEED_DEV(dev);
	/* root may map a linear area; nobody may not see where it goes */
	fd = linear_space(_metadata, dev);
	pid = fork_nobody(_metadata);
	if (pid == 0) {
		look(fd, sn);
		_exit(0);
	}
	ASSERT_EQ(0, reap(pid));
	/* and a level-1 and a level-0 table for it */
	expect_hidden(_metadata, sn, 4 + 2);
	EXPECT_EQ(2, sn->ret[3]);
	EXPECT_EQ(AXAS_BACKEND_LINEAR, sn->area[1].backend);
	ASSERT_EQ(0, sn->ret[4]);
	EXPECT_EQ(0, sn->t2.hpa);
	EXPECT_EQ(SZ_4K - 0x100, sn->t2.contig);
}

/* The caller has CAP_SYS_ADMIN, the opener had not: still hidden. */
TEST(fd_of_nobody_used_by_root_hides_host_addresses)
{
	struct seen *sn = seen_new(_metadata);
	int dev, ready[2], hold[2], fd, pidfd;
	pid_t pid;
	char c;

	NEED_DEV(dev);
	ASSERT_EQ(0, pipe(ready));
	ASSERT_EQ(0, pipe(hold));
	pid = fork_nobody(_metadata);
	if (pid == 0) {
		close(hold[1]);
		fd = populated_space(dev, NULL);
		if (fd < 0 || write(ready[1], &fd, sizeof(fd)) != sizeof(fd))
			_exit(11);
		while (read(hold[0], &c, 1) > 0)
			;
		_exit(0);
	}
	close(hold[0]);
	ASSERT_EQ(sizeof(fd), read(ready[0], &fd, sizeof(fd)));
	/* take the child's descriptor, as SCM_RIGHTS would hand it over */
	pidfd = syscall(SYS_pidfd_open, pid, 0);
	ASSERT_LE(0, pidfd);
	fd = syscall(SYS_pidfd_getfd, pidfd, fd, 0);
	ASSERT_LE(0, fd);
	look(fd, sn);
	close(hold[1]);
	ASSERT_EQ(0, reap(pid));
	expect_hidden(_metadata, sn, 4);
}

static int capget_self(struct __user_cap_data_struct d[2])
{
	struct __user_cap_header_struct h = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};

	return syscall(SYS_capget, &h, d);
}

static int capset_self(struct __user_cap_data_struct d[2])
{
	struct __user_cap_header_struct h = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};

	return syscall(SYS_capset, &h, d);
}

TEST(map_linear_needs_cap_sys_rawio)
{
	struct __user_cap_data_struct d[2];
	int dev, fd;

	NEED_DEV(dev);
	ASSERT_EQ(0, axas_hpa_is_ram(MMIO_HPA, SZ_4K));
	fd = axas_create(dev, AXAS_FMT_EPT4, 0, 0, SPACE_LEN, 0, NULL);
	ASSERT_LE(0, fd);
	/* root, minus CAP_SYS_RAWIO alone */
	ASSERT_EQ(0, capget_self(d));
	d[0].effective &= ~(1U << CAP_SYS_RAWIO);
	ASSERT_EQ(0, capset_self(d));
	EXPECT_EQ(-EPERM, axas_map_linear(fd, SZ_2M, MMIO_HPA, SZ_4K, RW, 0));
	/* what needs no capability still works */
	EXPECT_EQ(0, axas_map_alloc(fd, SZ_2M, SZ_4K, RW, 0));
	d[0].effective |= 1U << CAP_SYS_RAWIO;
	ASSERT_EQ(0, capset_self(d));
	EXPECT_EQ(0, axas_map_linear(fd, SZ_1G, MMIO_HPA, SZ_4K, RW, 0));
}

TEST(nobody_map_linear_refused)
{
	struct seen *sn = seen_new(_metadata);
	pid_t pid;
	int dev;

	NEED_DEV(dev);
	ASSERT_EQ(0, axas_hpa_is_ram(MMIO_HPA, SZ_4K));
	pid = fork_nobody(_metadata);
	if (pid == 0) {
		int fd;

		fd = axas_create(dev, AXAS_FMT_EPT4, 0, 0, SPACE_LEN, 0,
				 NULL);
		if (fd < 0)
			_exit(11);
		sn->ret[0] = axas_map_linear(fd, SZ_2M, MMIO_HPA, SZ_4K, RW, 0);
		sn->ret[1] = axas_space_info(fd, &sn->si);
		sn->ret[2] = axas_map_alloc(fd, SZ_2M, SZ_4K, RW,
					    AXAS_ALLOC_POPULATE);
		_exit(0);
	}
	ASSERT_EQ(0, reap(pid));
	EXPECT_EQ(-EPERM, sn->ret[0]);
	ASSERT_EQ(0, sn->ret[1]);
	EXPECT_EQ(0, sn->si.nr_areas);
	EXPECT_EQ(1, sn->si.table_pages);
	/* map_alloc is open to whoever may open the device */
	EXPECT_EQ(0, sn->ret[2]);
}

TEST(nobody_cannot_open_or_list_root_space)
{
	struct seen *sn = seen_new(_metadata);
	__u32 root_id;
	pid_t pid;
	int dev, fd;

	NEED_DEV(dev);
	fd = populated_space(dev, &root_id);
	ASSERT_LE(0, fd);
	pid = fork_nobody(_metadata);
	if (pid == 0) {
		struct axas_space_desc d[4];
		__u32 i;

		sn->ret[0] = axas_open_space(dev, root_id);
		/* its own space, to show the listing works */
		sn->ret[1] = axas_create(dev, AXAS_FMT_EPT4, 0, 0, SZ_1G, 0,
					 &sn->id);
		sn->ret[2] = axas_list_spaces(dev, 0, d, 4, &sn->nr_listed,
					      NULL);
		for (i = 0; i < sn->nr_listed && i < 4; i++)
			sn->listed[i] = d[i].id;
		_exit(0);
	}
	ASSERT_EQ(0, reap(pid));
	EXPECT_EQ(-EPERM, sn->ret[0]);
	ASSERT_LE(0, sn->ret[1]);
	/* not even its own: listing is the administrator's */
	EXPECT_EQ(-EPERM, sn->ret[2]);
}

TEST(nobody_open_unknown_id)
{
	struct seen *sn = seen_new(_metadata);
	__u32 id;
	pid_t pid;
	int dev, fd;

	NEED_DEV(dev);
	fd = axas_create(dev, AXAS_FMT_EPT4, 0, 0, SZ_1G, 0, &id);
	ASSERT_LE(0, fd);
	close(fd);
	pid = fork_nobody(_metadata);
	if (pid == 0) {
		/* a space that is gone, and one that never was */
		sn->ret[0] = axas_open_space(dev, id);
		sn->ret[1] = axas_open_space(dev, 0xfffffff0);
		_exit(0);
	}
	ASSERT_EQ(0, reap(pid));
	/* the same answer as for a space that exists */
	EXPECT_EQ(-EPERM, sn->ret[0]);
	EXPECT_EQ(-EPERM, sn->ret[1]);
}

/*
 * A child that drops to nobody, creates a space with two populated pages
 * holding "guest" bytes at 0 and a lazy page at 1 MiB, reports its id and
 * keeps it alive until @hold is closed.
 */
struct nobody_space {
	pid_t pid;
	__u32 id;
	int hold;	/* close to let the child exit */
};

static const char guest_bytes[] = "written by nobody";

static int nobody_space_start(struct __test_metadata *_metadata, int dev,
			      struct nobody_space *ns)
{
	int ready[2], hold[2];
	char c;

	if (pipe(ready) || pipe(hold))
		return -1;
	ns->pid = fork_nobody(_metadata);
	if (ns->pid == 0) {
		__u32 id;
		int fd;

		close(ready[0]);
		close(hold[1]);
		fd = populated_space(dev, &id);
		if (fd < 0 ||
		    pwrite(fd, guest_bytes, sizeof(guest_bytes), 0x100) !=
		    sizeof(guest_bytes) ||
		    axas_map_alloc(fd, 0x100000, SZ_4K, RW, 0))
			_exit(11);
		if (write(ready[1], &id, sizeof(id)) != sizeof(id))
			_exit(12);
		/* until the parent is done */
		while (read(hold[0], &c, 1) > 0)
			;
		_exit(0);
	}
	close(ready[1]);
	close(hold[0]);
	ns->hold = hold[1];
	if (read(ready[0], &ns->id, sizeof(ns->id)) != sizeof(ns->id))
		return -1;
	close(ready[0]);
	return 0;
}

static int nobody_space_stop(struct nobody_space *ns)
{
	close(ns->hold);
	return reap(ns->pid);
}

TEST(root_opens_nobody_space_read_only)
{
	struct axas_space_desc d[4];
	struct axas_walk_entry e[8];
	struct axas_space_info si;
	struct axas_translate t;
	struct nobody_space ns;
	char buf[sizeof(guest_bytes)];
	int dev, ro;
	__u64 v = ~0ULL;
	__u32 nr;
	void *m;

	NEED_DEV(dev);
	ASSERT_EQ(0, nobody_space_start(_metadata, dev, &ns));
	/* root lists it, as it may read nobody's memory */
	ASSERT_EQ(0, axas_list_spaces(dev, 0, d, 4, &nr, NULL));
	ASSERT_EQ(1, nr);
	EXPECT_EQ(ns.id, d[0].id);
	EXPECT_EQ(ns.pid, d[0].owner_pid);
	EXPECT_EQ(NOBODY, d[0].owner_uid);
	EXPECT_EQ(2, d[0].frames);

	ro = axas_open_space(dev, ns.id);
	ASSERT_LE(0, ro);
	EXPECT_EQ(O_RDONLY, fcntl(ro, F_GETFL) & O_ACCMODE);
	ASSERT_EQ(0, axas_space_info(ro, &si));
	EXPECT_EQ(1, si.read_only);
	EXPECT_EQ(ns.id, si.id);
	EXPECT_EQ(ns.pid, si.owner_pid);
	EXPECT_EQ(2, si.nr_areas);
	/* inspection works, HPAs included (root opened, root asks) */
	ASSERT_EQ(0, axas_translate(ro, 0x100, &t));
	EXPECT_NE(0, t.hpa);
	EXPECT_EQ(5, axas_walk_all(ro, 0, SPACE_LEN, AXAS_WALK_TABLES, 8, e, 8,
				   NULL));
	EXPECT_EQ(sizeof(buf), pread(ro, buf, sizeof(buf), 0x100));
	EXPECT_EQ(0, memcmp(buf, guest_bytes, sizeof(buf)));
	ASSERT_EQ(0, axas_load(ro, 0x100, 8, &v));
	EXPECT_EQ(0, memcmp(&v, guest_bytes, 8));
	/* a shared read-only mapping sees the same bytes */
	m = mmap(NULL, SZ_4K, PROT_READ, MAP_SHARED, ro, 0);
	EXPECT_NE(MAP_FAILED, m) TH_LOG("errno %d", errno);
	if (m != MAP_FAILED) {
		EXPECT_EQ(0, memcmp((char *)m + 0x100, guest_bytes,
				    sizeof(guest_bytes)));
		munmap(m, SZ_4K);
	}

	/* the space outlives its owner while a descriptor is open */
	ASSERT_EQ(0, nobody_space_stop(&ns));
	ASSERT_EQ(0, axas_space_info(ro, &si));
	EXPECT_EQ(0, si.owner_pid);
	EXPECT_EQ(2, si.frames);
	EXPECT_EQ(sizeof(buf), pread(ro, buf, sizeof(buf), 0x100));
	EXPECT_EQ(0, memcmp(buf, guest_bytes, sizeof(buf)));
}

TEST(read_only_fd_refuses_modifying_ioctls)
{
	struct axas_space_info si0, si;
	struct nobody_space ns;
	void *u = axas_anon(SZ_4K, PROT_READ | PROT_WRITE);
	int dev, ro;
	__u64 v = ~0ULL;

	NEED_DEV(dev);
	ASSERT_NE(NULL, u);
	ASSERT_EQ(0, nobody_space_start(_metadata, dev, &ns));
	ro = axas_open_space(dev, ns.id);
	ASSERT_LE(0, ro);
	ASSERT_EQ(0, axas_space_info(ro, &si0));
	EXPECT_EQ(-EBADF, axas_map_linear(ro, SZ_2M, MMIO_HPA, SZ_4K, RW, 0));
	EXPECT_EQ(-EBADF, axas_map_alloc(ro, SZ_2M, SZ_4K, RW, 0));
	EXPECT_EQ(-EBADF, axas_map_alloc(ro, SZ_2M, SZ_4K, RW,
					 AXAS_ALLOC_POPULATE));
	EXPECT_EQ(-EBADF, axas_map_user(ro, SZ_2M, SZ_4K, u, RW));
	EXPECT_EQ(-EBADF, axas_unmap(ro, 0, SZ_4K));
	EXPECT_EQ(-EBADF, axas_protect(ro, 0, SZ_4K, RD));
	EXPECT_EQ(-EBADF, axas_clear(ro));
	EXPECT_EQ(-EBADF, axas_fault(ro, 0x100000, RD));
	EXPECT_EQ(-EBADF, axas_store(ro, 0x100, 8, 0));
	/* a store to a lazy page would allocate it */
	EXPECT_EQ(-EBADF, axas_store(ro, 0x100000, 8, 0));
	/* loads are inspection */
	EXPECT_EQ(0, axas_load(ro, 0x100000, 8, &v));
	EXPECT_EQ(0, v);
	ASSERT_EQ(0, axas_space_info(ro, &si));
	EXPECT_EQ(si0.nr_areas, si.nr_areas);
	EXPECT_EQ(si0.frames, si.frames);
	EXPECT_EQ(si0.mapped_bytes, si.mapped_bytes);
	EXPECT_EQ(si0.faults, si.faults);
	EXPECT_EQ(0, nobody_space_stop(&ns));
}

TEST(read_only_fd_refuses_pwrite)
{
	struct nobody_space ns;
	char buf[sizeof(guest_bytes)];
	int dev, ro;

	NEED_DEV(dev);
	ASSERT_EQ(0, nobody_space_start(_metadata, dev, &ns));
	ro = axas_open_space(dev, ns.id);
	ASSERT_LE(0, ro);
	EXPECT_EQ(-1, pwrite(ro, "x", 1, 0x100));
	EXPECT_EQ(EBADF, errno);
	EXPECT_EQ(-1, pwrite(ro, "x", 1, 0x100000));
	EXPECT_EQ(EBADF, errno);
	ASSERT_EQ(sizeof(buf), pread(ro, buf, sizeof(buf), 0x100));
	EXPECT_EQ(0, memcmp(buf, guest_bytes, sizeof(buf)));
	EXPECT_EQ(0, nobody_space_stop(&ns));
}

TEST(read_only_fd_refuses_writable_shared_mmap)
{
	struct nobody_space ns;
	int dev, ro;
	void *m;

	NEED_DEV(dev);
	ASSERT_EQ(0, nobody_space_start(_metadata, dev, &ns));
	ro = axas_open_space(dev, ns.id);
	ASSERT_LE(0, ro);
	m = mmap(NULL, SZ_4K, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0);
	EXPECT_EQ(MAP_FAILED, m);
	EXPECT_EQ(EACCES, errno);
	/* nor can a read-only mapping be made writable later */
	m = mmap(NULL, SZ_4K, PROT_READ, MAP_SHARED, ro, 0);
	EXPECT_NE(MAP_FAILED, m) TH_LOG("errno %d", errno);
	if (m != MAP_FAILED) {
		EXPECT_EQ(-1, mprotect(m, SZ_4K, PROT_READ | PROT_WRITE));
		EXPECT_EQ(EACCES, errno);
	}
	EXPECT_EQ(0, nobody_space_stop(&ns));
}

TEST(map_user_over_memlock_limit)
{
	struct seen *sn = seen_new(_metadata);
	struct axas_info info, before;
	pid_t pid;
	int dev;

	NEED_DEV(dev);
	ASSERT_EQ(0, axas_get_info(dev, &before));
	pid = fork_nobody(_metadata);
	if (pid == 0) {
		struct rlimit rl = { 16 * SZ_4K, 16 * SZ_4K };
		void *u = axas_anon(64 * SZ_4K, PROT_READ | PROT_WRITE);
		int fd;

		if (!u || setrlimit(RLIMIT_MEMLOCK, &rl))
			_exit(10);
		memset(u, 0x5a, 64 * SZ_4K);
		fd = axas_create(dev, AXAS_FMT_EPT4, 0, 0, SPACE_LEN, 0,
				 NULL);
		if (fd < 0)
			_exit(11);
		/* 64 pages over a limit of 16 */
		sn->ret[0] = axas_map_user(fd, 0, 64 * SZ_4K, u, RW);
		sn->ret[1] = axas_space_info(fd, &sn->si);
		/* within the limit it works */
		sn->ret[2] = axas_map_user(fd, 0, 16 * SZ_4K, u, RW);
		sn->ret[4] = axas_space_info(fd, &sn->si2);
		/* and the limit counts what is already pinned */
		sn->ret[3] = axas_map_user(fd, SZ_1G, SZ_4K,
					   (char *)u + 32 * SZ_4K, RW);
		_exit(0);
	}
	ASSERT_EQ(0, reap(pid));
	EXPECT_EQ(-ENOMEM, sn->ret[0]);
	ASSERT_EQ(0, sn->ret[1]);
	EXPECT_EQ(0, sn->si.pinned_pages);
	EXPECT_EQ(0, sn->si.nr_areas);
	EXPECT_EQ(0, sn->ret[2]);
	ASSERT_EQ(0, sn->ret[4]);
	EXPECT_EQ(16, sn->si2.pinned_pages);
	EXPECT_EQ(-ENOMEM, sn->ret[3]);
	/* and it was all released when the child exited */
	ASSERT_EQ(0, axas_get_info(dev, &info));
	EXPECT_EQ(before.pinned_pages, info.pinned_pages);
}

/*
 * The limit is the user's, not the process's: a child that forked (or
 * any other process of the user) shares it, and every pin is uncharged
 * exactly once, so the user can pin up to the limit again afterwards.
 */
TEST(memlock_limit_is_per_user)
{
	struct seen *sn = seen_new(_metadata);
	struct axas_info info, before;
	pid_t pid;
	int dev;

	NEED_DEV(dev);
	ASSERT_EQ(0, axas_get_info(dev, &before));
	pid = fork_nobody(_metadata);
	if (pid == 0) {
		struct rlimit rl = { 16 * SZ_4K, 16 * SZ_4K };
		void *u = axas_anon(32 * SZ_4K, PROT_READ | PROT_WRITE);
		pid_t child;
		int fd;

		if (!u || setrlimit(RLIMIT_MEMLOCK, &rl))
			_exit(10);
		memset(u, 0x5a, 32 * SZ_4K);
		fd = axas_create(dev, AXAS_FMT_EPT4, 0, 0, SPACE_LEN, 0,
				 NULL);
		if (fd < 0)
			_exit(11);
		sn->ret[0] = axas_map_user(fd, 0, 12 * SZ_4K, u, RW);
		child = fork();
		if (child == 0) {
			/* a fresh mm, the same user: 4 more fit, 5 do not */
			int cfd = axas_create(dev, AXAS_FMT_EPT4, 0, 0,
					      SPACE_LEN, 0, NULL);

			sn->ret[1] = axas_map_user(cfd, 0, 5 * SZ_4K,
						   (char *)u + 16 * SZ_4K, RW);
			sn->ret[2] = axas_map_user(cfd, 0, 4 * SZ_4K,
						   (char *)u + 16 * SZ_4K, RW);
			_exit(0);
		}
		if (child < 0 || waitpid(child, NULL, 0) != child)
			_exit(12);
		/* the child's 4 went with it: 4 fit here again */
		sn->ret[3] = axas_map_user(fd, SZ_1G, 4 * SZ_4K,
					   (char *)u + 16 * SZ_4K, RW);
		sn->ret[4] = axas_map_user(fd, 2 * SZ_1G, SZ_4K,
					   (char *)u + 20 * SZ_4K, RW);
		/* unmapping uncharges: the whole limit is free again */
		sn->ret[5] = axas_clear(fd);
		sn->ret[6] = axas_map_user(fd, 0, 16 * SZ_4K, u, RW);
		_exit(0);
	}
	ASSERT_EQ(0, reap(pid));
	EXPECT_EQ(0, sn->ret[0]);
	EXPECT_EQ(-ENOMEM, sn->ret[1]);
	EXPECT_EQ(0, sn->ret[2]);
	EXPECT_EQ(0, sn->ret[3]);
	EXPECT_EQ(-ENOMEM, sn->ret[4]);
	EXPECT_EQ(0, sn->ret[5]);
	EXPECT_EQ(0, sn->ret[6]);
	ASSERT_EQ(0, axas_get_info(dev, &info));
	EXPECT_EQ(before.pinned_pages, info.pinned_pages);
}

/* Once the owner is gone, the registry still serves the administrator. */
TEST(open_space_after_owner_exit)
{
	struct seen *sn = seen_new(_metadata);
	struct axas_space_desc d[2];
	struct nobody_space ns;
	int dev, ro, ro2;
	pid_t pid;
	__u32 nr;

	NEED_DEV(dev);
	ASSERT_EQ(0, nobody_space_start(_metadata, dev, &ns));
	ro = axas_open_space(dev, ns.id);
	ASSERT_LE(0, ro);
	ASSERT_EQ(0, nobody_space_stop(&ns));
	/* root lists it with no owner, and may open it again */
	ASSERT_EQ(0, axas_list_spaces(dev, 0, d, 2, &nr, NULL));
	ASSERT_EQ(1, nr);
	EXPECT_EQ(ns.id, d[0].id);
	EXPECT_EQ(0, d[0].owner_pid);
	EXPECT_EQ(NOBODY, d[0].owner_uid);
	ro2 = axas_open_space(dev, ns.id);
	EXPECT_LE(0, ro2);
	/* a process of the same user may not use it */
	pid = fork_nobody(_metadata);
	if (pid == 0) {
		sn->ret[0] = axas_open_space(dev, ns.id);
		sn->ret[1] = axas_list_spaces(dev, 0, d, 2, &sn->nr_listed,
					      NULL);
		_exit(0);
	}
	ASSERT_EQ(0, reap(pid));
	EXPECT_EQ(-EPERM, sn->ret[0]);
	EXPECT_EQ(-EPERM, sn->ret[1]);
}

/* Raw entries of every family keep all their bits but the address. */
TEST(nobody_sees_raw_entries_without_address_in_any_format)
{
	static const struct {
		__u32 format;
		enum family fam;
		int levels;
	} f[] = {
		{ AXAS_FMT_EPT5, FAM_EPT, 5 },
		{ AXAS_FMT_NPT4, FAM_NPT, 4 },
		{ AXAS_FMT_ARM_S2, FAM_S2, 3 },		/* 40 bits */
		{ AXAS_FMT_SV39X4, FAM_RV, 3 },
	};
	struct axas_walk_entry (*e)[8] = mmap(NULL, sizeof(*e) * 4,
					      PROT_READ | PROT_WRITE,
					      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	struct seen *sn = seen_new(_metadata);
	pid_t pid;
	int dev, i, j;

	NEED_DEV(dev);
	ASSERT_NE(MAP_FAILED, e);
	pid = fork_nobody(_metadata);
	if (pid == 0) {
		for (i = 0; i < 4; i++) {
			int fd = axas_create(dev, f[i].format, 0, 0, SZ_1G, 0,
					     NULL);

			if (fd < 0 || axas_map_alloc(fd, 0, SZ_4K, RW,
						     AXAS_ALLOC_POPULATE))
				_exit(11);
			sn->ret[i] = axas_walk_all(fd, 0, SZ_1G,
						   AXAS_WALK_TABLES, 8, e[i],
						   8, NULL);
		}
		_exit(0);
	}
	ASSERT_EQ(0, reap(pid));
	for (i = 0; i < 4; i++) {
		ASSERT_EQ(f[i].levels, sn->ret[i]) TH_LOG("format %u",
							 f[i].format);
		for (j = 0; j < f[i].levels - 1; j++) {
			EXPECT_EQ(0, e[i][j].hpa);
			EXPECT_EQ(raw_table(f[i].fam, 0), e[i][j].raw)
				TH_LOG("format %u level %u", f[i].format,
				       e[i][j].level);
		}
		EXPECT_EQ(AXAS_WALK_LEAF, e[i][j].type);
		EXPECT_EQ(0, e[i][j].hpa);
		EXPECT_EQ(raw_leaf(f[i].fam, 0, RW, 0), e[i][j].raw)
			TH_LOG("format %u leaf", f[i].format);
	}
}

static sigjmp_buf bus_env;

static void on_sigbus(int sig)
{
	siglongjmp(bus_env, 1);
}

/* A read-only descriptor maps the pages present and never allocates. */
TEST(read_only_mapping_sees_only_present_pages)
{
	struct sigaction sa = { .sa_handler = on_sigbus };
	struct axas_space_info si0, si;
	volatile unsigned char *m;
	struct nobody_space ns;
	int dev, ro, bus = 0;

	NEED_DEV(dev);
	ASSERT_EQ(0, nobody_space_start(_metadata, dev, &ns));
	ro = axas_open_space(dev, ns.id);
	ASSERT_LE(0, ro);
	ASSERT_EQ(0, axas_space_info(ro, &si0));
	/* the lazy page at 1 MiB */
	m = mmap(NULL, SZ_4K, PROT_READ, MAP_SHARED, ro, 0x100000);
	ASSERT_NE(MAP_FAILED, m) TH_LOG("errno %d", errno);
	ASSERT_EQ(0, sigaction(SIGBUS, &sa, NULL));
	if (sigsetjmp(bus_env, 1) == 0)
		(void)m[0];
	else
		bus = 1;
	EXPECT_EQ(1, bus);
	ASSERT_EQ(0, axas_space_info(ro, &si));
	EXPECT_EQ(si0.frames, si.frames);
	EXPECT_EQ(si0.faults, si.faults);
	EXPECT_EQ(0, nobody_space_stop(&ns));
}

TEST_HARNESS_MAIN
