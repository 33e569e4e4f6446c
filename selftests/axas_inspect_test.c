// SPDX-License-Identifier: GPL-2.0
/*
 * kselftests of inspection decided by the kernel (issue 18): another
 * process's space is found through /proc/PID/fdinfo (procfs applies the
 * ptrace read check) and copied with pidfd_getfd(2) (the ptrace attach
 * check: credentials, dumpability, namespaces, Yama), then narrowed with
 * AXAS_IOC_OPEN_READONLY.  The module's registry (LIST_SPACES,
 * OPEN_SPACE) and its module-wide counters are for CAP_SYS_ADMIN in the
 * initial user namespace only.
 *
 * Runs as root.  Owners and inspectors are children dropped to "nobody"
 * (they inherit a descriptor of the 0600 device opened as root).  They
 * report what they saw in a shared page; the parent asserts.
 */
#include <dirent.h>
#include <grp.h>
#include <pthread.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "axas_util.h"
#include "kselftest_harness.h"

#define NOBODY		65534
#define OTHER_UID	65533
#define YAMA		"/proc/sys/kernel/yama/ptrace_scope"

static const char guest_bytes[] = "guest RAM of nobody";

struct seen {
	int ret[16];
	__u64 val[16];
	char buf[64];
};

static struct seen *seen_new(struct __test_metadata *_metadata)
{
	void *p = mmap(NULL, sizeof(struct seen), PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	ASSERT_NE(MAP_FAILED, p);
	memset(p, 0, sizeof(struct seen));
	return p;
}



#define NEED_DEV(dev)							\
	do {								\
		if (geteuid() != 0)					\
			SKIP(return, "needs root");			\
		dev = axas_open_dev();					\
		if (dev < 0 && errno == ENOENT)				\
			SKIP(return, AXAS_DEV " missing");		\
		ASSERT_LE(0, dev);					\
	} while (0)

static int sys_pidfd_open(pid_t pid)
{
	return syscall(SYS_pidfd_open, pid, 0);
}

/* Descriptor @fd of @pid copied into this process, or -errno. */
static int getfd(pid_t pid, int fd)
{
	int pidfd = sys_pidfd_open(pid), copy, err;

	if (pidfd < 0)
		return -errno;
	copy = syscall(SYS_pidfd_getfd, pidfd, fd, 0);
	err = errno;
	close(pidfd);
	return copy < 0 ? -err : copy;
}

/* The value of line "@key:" of @path, or -errno (-ENOENT: no such line). */
static long long fdinfo_value(const char *path, const char *key)
{
	char line[160], want[48];
	long long v = -ENOENT;
	FILE *f = fopen(path, "re");

	if (!f)
		return -errno;
	snprintf(want, sizeof(want), "%s:", key);
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, want, strlen(want)))
			v = strtoll(line + strlen(want), NULL, 0);
	fclose(f);
	return v;
}

static long long fd_value(pid_t pid, int fd, const char *key)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/fdinfo/%d", pid, fd);
	return fdinfo_value(path, key);
}

/* Descriptors of space @id visible in /proc (threads included). */
static int visible(__u32 id)
{
	struct dirent *p, *t, *e;
	char path[96];
	DIR *proc, *tasks, *fds;
	int n = 0;

	proc = opendir("/proc");
	if (!proc)
		return -errno;
	while ((p = readdir(proc))) {
		int pid = atoi(p->d_name);

		if (pid <= 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%d/task", pid);
		tasks = opendir(path);
		if (!tasks)
			continue;
		while ((t = readdir(tasks))) {
			int tid = atoi(t->d_name);

			if (tid <= 0)
				continue;
			snprintf(path, sizeof(path), "/proc/%d/task/%d/fdinfo",
				 pid, tid);
			fds = opendir(path);
			if (!fds)
				continue;
			while ((e = readdir(fds))) {
				int fd = atoi(e->d_name);

				if (e->d_name[0] < '0' || e->d_name[0] > '9')
					continue;
				snprintf(path, sizeof(path),
					 "/proc/%d/task/%d/fdinfo/%d", pid,
					 tid, fd);
				if (fdinfo_value(path, "axas-id") == id)
					n++;
			}
			closedir(fds);
		}
		closedir(tasks);
	}
	closedir(proc);
	return n;
}

static int open_ro(int fd)
{
	struct axas_open_readonly o = { .size = sizeof(o), .fd = -1 };
	int ret = axas_ioctl(fd, AXAS_IOC_OPEN_READONLY, &o);

	return ret ? ret : o.fd;
}

/*
 * An owner: a child that drops to @uid, creates a space with guest_bytes
 * at GPA 0x100, reports its pid, fd and id, and holds it until its hold
 * pipe closes.  OWNER_NONDUMP makes it non-dumpable; OWNER_ZOMBIE lets
 * its main thread exit, leaving a second thread to hold the space.
 */
enum { OWNER_NONDUMP = 1, OWNER_ZOMBIE = 2 };

struct owner {
	pid_t pid;
	int fd;
	__u32 id;
	int hold;
};

static int hold_fd;

static void *holder_thread(void *arg)
{
	char c;

	while (read(hold_fd, &c, 1) > 0)
		;
	_exit(0);
	return NULL;
}

static int owner_start(int dev, uid_t uid, int mode, struct owner *o)
{
	int ready[2], hold[2];
	char c;

	if (pipe(ready) || pipe(hold))
		return -1;
	o->pid = fork();
	if (o->pid < 0)
		return -1;
	if (o->pid == 0) {
		struct owner me;
		pthread_t th;

		close(ready[0]);
		close(hold[1]);
		if (axas_drop_to(uid, !(mode & OWNER_NONDUMP)))
			_exit(10);
		me.fd = axas_create(dev, AXAS_FMT_EPT4, 0, 0, SZ_4G, 0,
				    &me.id);
		if (me.fd < 0 || axas_map_alloc(me.fd, 0, 2 * SZ_4K, RW, 0) ||
		    pwrite(me.fd, guest_bytes, sizeof(guest_bytes), 0x100) !=
		    sizeof(guest_bytes))
			_exit(11);
		close(dev);
		me.pid = getpid();
		if (write(ready[1], &me, sizeof(me)) != sizeof(me))
			_exit(12);
		close(ready[1]);
		hold_fd = hold[0];
		if (mode & OWNER_ZOMBIE) {
			if (pthread_create(&th, NULL, holder_thread, NULL))
				_exit(13);
			/* the leader alone exits; the thread group lives on */
			syscall(SYS_exit, 0);
		}
		while (read(hold[0], &c, 1) > 0)
			;
		_exit(0);
	}
	close(ready[1]);
	close(hold[0]);
	o->hold = hold[1];
	{
		struct owner got;

		if (read(ready[0], &got, sizeof(got)) != sizeof(got))
			return -1;
		o->fd = got.fd;
		o->id = got.id;
	}
	close(ready[0]);
	if (mode & OWNER_ZOMBIE) {
		/* until the leader is a zombie */
		char path[64], state = 0;
		int i;

		snprintf(path, sizeof(path), "/proc/%d/stat", o->pid);
		for (i = 0; i < 1000 && state != 'Z'; i++) {
			FILE *f = fopen(path, "re");

			if (f && fscanf(f, "%*d %*s %c", &state) != 1)
				state = 0;
			if (f)
				fclose(f);
			usleep(2000);
		}
		if (state != 'Z')
			return -1;
	}
	return 0;
}

static int owner_stop(struct owner *o)
{
	int status;

	close(o->hold);
	/* a zombie leader's group is reaped once the thread exits */
	if (waitpid(o->pid, &status, 0) != o->pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

/*
 * What a process running as @uid sees of owner @o: whether fdinfo shows
 * it, the copy, and the bytes read through a narrowed copy.
 *  ret[0]: axas-id from /proc/PID/fdinfo/FD (or -errno)
 *  ret[1]: pidfd_getfd() (>= 0 or -errno)
 *  ret[2]: OPEN_READONLY of the copy; ret[3]: pread; buf: the bytes
 *  ret[4]: MAP_ALLOC on the narrowed descriptor
 *  ret[5]: LIST_SPACES, ret[6]: OPEN_SPACE by id, ret[7]: unknown id
 */
static void inspect(int dev, const struct owner *o, struct seen *sn)
{
	struct axas_space_desc d[4];
	int copy, ro;
	__u32 nr;

	sn->ret[0] = fd_value(o->pid, o->fd, "axas-id");
	copy = getfd(o->pid, o->fd);
	sn->ret[1] = copy < 0 ? copy : 0;
	sn->ret[2] = sn->ret[3] = sn->ret[4] = -ENODATA;
	if (copy >= 0) {
		ro = open_ro(copy);
		close(copy);
		sn->ret[2] = ro < 0 ? ro : 0;
		if (ro >= 0) {
			sn->ret[3] = pread(ro, sn->buf, sizeof(guest_bytes),
					   0x100);
			sn->ret[4] = axas_map_alloc(ro, SZ_1G, SZ_4K, RW, 0);
			close(ro);
		}
	}
	sn->ret[5] = axas_list_spaces(dev, 0, d, 4, &nr, NULL);
	sn->ret[6] = axas_open_space(dev, o->id);
	sn->ret[7] = axas_open_space(dev, 0x7ffffff0);
}

/* inspect() from a child running as @uid (dumpable). */
static int inspect_as(int dev, const struct owner *o, uid_t uid,
		      struct seen *sn)
{
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (uid && axas_drop_to(uid, 1))
			_exit(10);
		inspect(dev, o, sn);
		_exit(0);
	}
	return axas_reap(pid);
}

static void expect_allowed(struct __test_metadata *_metadata,
			   const struct owner *o, const struct seen *sn)
{
	EXPECT_EQ(o->id, sn->ret[0]);
	EXPECT_EQ(0, sn->ret[1]);
	EXPECT_EQ(0, sn->ret[2]);
	EXPECT_EQ(sizeof(guest_bytes), sn->ret[3]);
	EXPECT_STREQ(guest_bytes, sn->buf);
	EXPECT_EQ(-EBADF, sn->ret[4]);
}

/* As an unprivileged caller: the registry answers -EPERM whatever the id. */
static void expect_no_registry(struct __test_metadata *_metadata,
			       const struct seen *sn)
{
	EXPECT_EQ(-EPERM, sn->ret[5]);
	EXPECT_EQ(-EPERM, sn->ret[6]);
	EXPECT_EQ(-EPERM, sn->ret[7]);
}

static int yama_get(void)
{
	FILE *f = fopen(YAMA, "re");
	int v = -1;

	if (f) {
		if (fscanf(f, "%d", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

static int yama_set(int v)
{
	FILE *f = fopen(YAMA, "we");
	int ok;

	if (!f)
		return -1;
	ok = fprintf(f, "%d\n", v) > 0;
	return fclose(f) == 0 && ok ? 0 : -1;
}

TEST(fdinfo_describes_the_space)
{
	struct axas_space_info si;
	struct axas_info info;
	char path[64];
	int dev, fd, ro;
	__u32 id = 0;

	NEED_DEV(dev);
	ASSERT_EQ(0, axas_get_info(dev, &info));
	fd = axas_create(dev, AXAS_FMT_EPT4, 0, 0x200000, SZ_4G, 0, &id);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, axas_map_alloc(fd, 0x200000, 2 * SZ_4K, RW,
				    AXAS_ALLOC_POPULATE));
	ASSERT_EQ(0, axas_map_alloc(fd, SZ_1G, SZ_2M, RW, 0));
	ASSERT_EQ(0, axas_space_info(fd, &si));
	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	EXPECT_EQ(id, fdinfo_value(path, "axas-id"));
	EXPECT_EQ(AXAS_FMT_EPT4, fdinfo_value(path, "axas-format"));
	EXPECT_EQ(si.gpa_bits, fdinfo_value(path, "axas-gpa-bits"));
	EXPECT_EQ(48, fdinfo_value(path, "axas-gpa-bits"));
	EXPECT_EQ(4, fdinfo_value(path, "axas-levels"));
	EXPECT_EQ(0x200000, fdinfo_value(path, "axas-base"));
	EXPECT_EQ(SZ_4G, fdinfo_value(path, "axas-size"));
	EXPECT_EQ(2, fdinfo_value(path, "axas-areas"));
	EXPECT_EQ(2 * SZ_4K + SZ_2M, fdinfo_value(path, "axas-mapped"));
	EXPECT_EQ(2, fdinfo_value(path, "axas-frames"));
	EXPECT_EQ(si.table_pages, fdinfo_value(path, "axas-table-pages"));
	EXPECT_EQ(4, fdinfo_value(path, "axas-table-pages"));
	EXPECT_EQ(0, fdinfo_value(path, "axas-pinned"));
	EXPECT_EQ(1, fdinfo_value(path, "axas-writable"));
	/* the VFS's own lines are still there */
	EXPECT_EQ(02000002, fdinfo_value(path, "flags") & 02000003);

	ro = open_ro(fd);
	ASSERT_LE(0, ro);
	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", ro);
	EXPECT_EQ(id, fdinfo_value(path, "axas-id"));
	EXPECT_EQ(0, fdinfo_value(path, "axas-writable"));
	EXPECT_EQ(2, fdinfo_value(path, "axas-frames"));
	/* no other descriptor has such lines */
	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", dev);
	EXPECT_EQ(-ENOENT, fdinfo_value(path, "axas-id"));
	close(ro);
	close(fd);
}

TEST(open_readonly_narrows)
{
	struct axas_open_readonly o = { .size = sizeof(o) };
	struct axas_space_info si;
	char buf[8];
	int dev, fd, ro, ro2;

	NEED_DEV(dev);
	fd = axas_create(dev, AXAS_FMT_EPT4, 0, 0, SZ_4G, 0, NULL);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, axas_map_alloc(fd, 0, SZ_4K, RW, AXAS_ALLOC_POPULATE));
	ASSERT_EQ(4, pwrite(fd, "abcd", 4, 0));
	ro = open_ro(fd);
	ASSERT_LE(0, ro);
	EXPECT_EQ(O_RDONLY, fcntl(ro, F_GETFL) & O_ACCMODE);
	EXPECT_EQ(FD_CLOEXEC, fcntl(ro, F_GETFD));
	ASSERT_EQ(0, axas_space_info(ro, &si));
	EXPECT_EQ(1, si.read_only);
	EXPECT_EQ(4, pread(ro, buf, 4, 0));
	EXPECT_EQ(0, memcmp(buf, "abcd", 4));
	EXPECT_EQ(-1, pwrite(ro, "x", 1, 0));
	EXPECT_EQ(EBADF, errno);
	EXPECT_EQ(-EBADF, axas_map_alloc(ro, SZ_1G, SZ_4K, RW, 0));
	EXPECT_EQ(-EBADF, axas_unmap(ro, 0, SZ_4K));
	/* a read-only descriptor narrows to another read-only one */
	ro2 = open_ro(ro);
	ASSERT_LE(0, ro2);
	EXPECT_EQ(O_RDONLY, fcntl(ro2, F_GETFL) & O_ACCMODE);
	close(ro2);
	/* flags and the reserved word must be zero; nothing is opened */
	o.flags = 1;
	o.fd = -1;
	EXPECT_EQ(-EINVAL, axas_ioctl(fd, AXAS_IOC_OPEN_READONLY, &o));
	EXPECT_EQ(-1, o.fd);
	o.flags = 0;
	o.__reserved = 1;
	EXPECT_EQ(-EINVAL, axas_ioctl(fd, AXAS_IOC_OPEN_READONLY, &o));
	EXPECT_EQ(-1, o.fd);
	/* it is a space command: the device does not know it */
	o.__reserved = 0;
	EXPECT_EQ(-ENOTTY, axas_ioctl(dev, AXAS_IOC_OPEN_READONLY, &o));
	/* the space lives while a narrowed descriptor does */
	close(fd);
	EXPECT_EQ(4, pread(ro, buf, 4, 0));
	EXPECT_EQ(0, memcmp(buf, "abcd", 4));
	close(ro);
}

TEST(registry_and_counters_are_the_administrators)
{
	struct seen *sn = seen_new(_metadata);
	struct axas_space_desc d[4];
	struct axas_info info;
	struct owner o;
	pid_t pid;
	int dev;
	__u32 nr;

	NEED_DEV(dev);
	ASSERT_EQ(0, owner_start(dev, NOBODY, 0, &o));
	/* root lists it and sees the module's counters */
	ASSERT_EQ(0, axas_list_spaces(dev, 0, d, 4, &nr, NULL));
	ASSERT_EQ(1, nr);
	EXPECT_EQ(o.id, d[0].id);
	ASSERT_EQ(0, axas_get_info(dev, &info));
	EXPECT_EQ(1, info.nr_spaces);
	EXPECT_EQ(1, info.frames);
	EXPECT_LE(2, info.table_pages);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		if (axas_drop_to(NOBODY, 1))
			_exit(10);
		/* even the owner's own user sees no module-wide figures */
		sn->ret[0] = axas_get_info(dev, &info);
		sn->val[0] = info.nr_spaces;
		sn->val[1] = info.frames;
		sn->val[2] = info.table_pages;
		sn->val[3] = info.pinned_pages;
		sn->val[4] = info.max_entries;
		_exit(0);
	}
	ASSERT_EQ(0, axas_reap(pid));
	EXPECT_EQ(0, sn->ret[0]);
	EXPECT_EQ(0, sn->val[0]);
	EXPECT_EQ(0, sn->val[1]);
	EXPECT_EQ(0, sn->val[2]);
	EXPECT_EQ(0, sn->val[3]);
	EXPECT_EQ(1024, sn->val[4]);
	/* the registry: -EPERM for a known id, an unknown one, a listing */
	ASSERT_EQ(0, inspect_as(dev, &o, NOBODY, sn));
	expect_no_registry(_metadata, sn);
	ASSERT_EQ(0, owner_stop(&o));
}

TEST(same_user_inspects_through_pidfd)
{
	struct seen *sn = seen_new(_metadata);
	int dev, scope = yama_get();
	struct owner o;

	NEED_DEV(dev);
	if (scope > 0 && yama_set(0))
		SKIP(return, "cannot set ptrace_scope 0");
	ASSERT_EQ(0, owner_start(dev, NOBODY, 0, &o));
	ASSERT_EQ(0, inspect_as(dev, &o, NOBODY, sn));
	expect_allowed(_metadata, &o, sn);
	expect_no_registry(_metadata, sn);
	/* root too, and root also through the registry */
	memset(sn, 0, sizeof(*sn));
	ASSERT_EQ(0, inspect_as(dev, &o, 0, sn));
	expect_allowed(_metadata, &o, sn);
	EXPECT_EQ(0, sn->ret[5]);
	EXPECT_EQ(-ENOENT, sn->ret[7]);
	ASSERT_EQ(0, owner_stop(&o));
	if (scope > 0)
		ASSERT_EQ(0, yama_set(scope));
}

TEST(another_user_cannot)
{
	struct seen *sn = seen_new(_metadata);
	struct owner o;
	int dev;

	NEED_DEV(dev);
	ASSERT_EQ(0, owner_start(dev, NOBODY, 0, &o));
	ASSERT_EQ(0, inspect_as(dev, &o, OTHER_UID, sn));
	EXPECT_EQ(-EACCES, sn->ret[0]);
	EXPECT_EQ(-EPERM, sn->ret[1]);
	EXPECT_EQ(-ENODATA, sn->ret[2]);
	expect_no_registry(_metadata, sn);
	ASSERT_EQ(0, owner_stop(&o));
}

TEST(non_dumpable_owner)
{
	struct seen *sn = seen_new(_metadata);
	struct owner o;
	int dev;

	NEED_DEV(dev);
	ASSERT_EQ(0, owner_start(dev, NOBODY, OWNER_NONDUMP, &o));
	ASSERT_EQ(0, inspect_as(dev, &o, NOBODY, sn));
	EXPECT_EQ(-EACCES, sn->ret[0]);
	EXPECT_EQ(-EPERM, sn->ret[1]);
	expect_no_registry(_metadata, sn);
	/* root has CAP_SYS_PTRACE over it */
	memset(sn, 0, sizeof(*sn));
	ASSERT_EQ(0, inspect_as(dev, &o, 0, sn));
	expect_allowed(_metadata, &o, sn);
	ASSERT_EQ(0, owner_stop(&o));
}

/*
 * A non-dumpable owner whose thread-group leader exited: the leader has
 * no mm, which the old clone of the ptrace check took as "dumpable".
 */
TEST(zombie_leader_of_a_non_dumpable_owner)
{
	struct seen *sn = seen_new(_metadata);
	struct owner o;
	pid_t pid;
	int dev;

	NEED_DEV(dev);
	ASSERT_EQ(0, owner_start(dev, NOBODY, OWNER_NONDUMP | OWNER_ZOMBIE,
				 &o));
	ASSERT_EQ(0, inspect_as(dev, &o, NOBODY, sn));
	EXPECT_NE(o.id, sn->ret[0]);
	EXPECT_GT(0, sn->ret[1]);
	expect_no_registry(_metadata, sn);
	/* nor through the live thread's own fdinfo */
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		if (axas_drop_to(NOBODY, 1))
			_exit(10);
		sn->ret[8] = visible(o.id);
		_exit(0);
	}
	ASSERT_EQ(0, axas_reap(pid));
	EXPECT_EQ(0, sn->ret[8]);
	/* root sees it held by the live thread */
	EXPECT_EQ(1, visible(o.id));
	ASSERT_EQ(0, owner_stop(&o));
}

/*
 * The creator exited after handing the space to another process (here a
 * child that inherited it): what counts is the process holding it now.
 */
TEST(exited_owner)
{
	struct seen *sn = seen_new(_metadata);
	int dev, ready[2], hold[2], scope = yama_get();
	struct owner h = { 0 };
	pid_t creator;
	char c;

	NEED_DEV(dev);
	if (scope > 0 && yama_set(0))
		SKIP(return, "cannot set ptrace_scope 0");
	ASSERT_EQ(0, pipe(ready));
	ASSERT_EQ(0, pipe(hold));
	creator = fork();
	ASSERT_LE(0, creator);
	if (creator == 0) {
		struct owner me;
		pid_t holder;

		if (axas_drop_to(NOBODY, 1))
			_exit(10);
		me.fd = axas_create(dev, AXAS_FMT_EPT4, 0, 0, SZ_4G, 0,
				    &me.id);
		if (me.fd < 0 || axas_map_alloc(me.fd, 0, SZ_4K, RW, 0) ||
		    pwrite(me.fd, guest_bytes, sizeof(guest_bytes), 0x100) !=
		    sizeof(guest_bytes))
			_exit(11);
		holder = fork();
		if (holder == 0) {
			close(dev);
			close(ready[0]);
			close(hold[1]);
			me.pid = getpid();
			if (write(ready[1], &me, sizeof(me)) != sizeof(me))
				_exit(12);
			while (read(hold[0], &c, 1) > 0)
				;
			_exit(0);
		}
		_exit(holder < 0 ? 13 : 0);
	}
	ASSERT_EQ(0, axas_reap(creator));
	close(ready[1]);
	close(hold[0]);
	ASSERT_EQ(sizeof(h), read(ready[0], &h, sizeof(h)));
	/* the holder, not the gone creator, decides */
	ASSERT_EQ(0, inspect_as(dev, &h, NOBODY, sn));
	expect_allowed(_metadata, &h, sn);
	expect_no_registry(_metadata, sn);
	memset(sn, 0, sizeof(*sn));
	ASSERT_EQ(0, inspect_as(dev, &h, OTHER_UID, sn));
	EXPECT_EQ(-EACCES, sn->ret[0]);
	EXPECT_EQ(-EPERM, sn->ret[1]);
	close(hold[1]);
	/* the holder was reparented to init: wait for the space to go */
	for (c = 0; c < 100 && visible(h.id); c++)
		usleep(10000);
	EXPECT_EQ(0, visible(h.id));
	if (scope > 0)
		ASSERT_EQ(0, yama_set(scope));
}

/* Yama ptrace_scope 1: only an ancestor (or CAP_SYS_PTRACE) may copy. */
TEST(yama_scope_relational)
{
	struct seen *sn = seen_new(_metadata);
	int dev, scope = yama_get();
	struct owner o;
	pid_t pid;

	NEED_DEV(dev);
	if (scope < 0)
		SKIP(return, "no Yama");
	ASSERT_EQ(0, yama_set(1));
	ASSERT_EQ(0, owner_start(dev, NOBODY, 0, &o));
	ASSERT_EQ(0, inspect_as(dev, &o, NOBODY, sn));
	/* fdinfo is a read-mode check, which Yama leaves alone */
	EXPECT_EQ(o.id, sn->ret[0]);
	EXPECT_EQ(-EPERM, sn->ret[1]);
	memset(sn, 0, sizeof(*sn));
	ASSERT_EQ(0, inspect_as(dev, &o, 0, sn));
	expect_allowed(_metadata, &o, sn);
	ASSERT_EQ(0, owner_stop(&o));

	/* an owner's own parent, of the same user, may */
	memset(sn, 0, sizeof(*sn));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct owner child;

		if (axas_drop_to(NOBODY, 1))
			_exit(10);
		if (owner_start(dev, NOBODY, 0, &child))
			_exit(11);
		inspect(dev, &child, sn);
		_exit(owner_stop(&child));
	}
	ASSERT_EQ(0, axas_reap(pid));
	EXPECT_EQ(0, sn->ret[1]);
	EXPECT_EQ(sizeof(guest_bytes), sn->ret[3]);
	EXPECT_STREQ(guest_bytes, sn->buf);
	ASSERT_EQ(0, yama_set(scope));
}

/* Yama ptrace_scope 2: only CAP_SYS_PTRACE, not even an ancestor. */
TEST(yama_scope_admin_only)
{
	struct seen *sn = seen_new(_metadata);
	int dev, scope = yama_get();
	struct owner o;
	pid_t pid;

	NEED_DEV(dev);
	if (scope < 0)
		SKIP(return, "no Yama");
	ASSERT_EQ(0, yama_set(2));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct owner child;

		if (axas_drop_to(NOBODY, 1))
			_exit(10);
		if (owner_start(dev, NOBODY, 0, &child))
			_exit(11);
		inspect(dev, &child, sn);
		_exit(owner_stop(&child));
	}
	ASSERT_EQ(0, axas_reap(pid));
	EXPECT_EQ(-EPERM, sn->ret[1]);
	EXPECT_EQ(-ENODATA, sn->ret[3]);
	ASSERT_EQ(0, owner_start(dev, NOBODY, 0, &o));
	memset(sn, 0, sizeof(*sn));
	ASSERT_EQ(0, inspect_as(dev, &o, 0, sn));
	expect_allowed(_metadata, &o, sn);
	ASSERT_EQ(0, owner_stop(&o));
	ASSERT_EQ(0, yama_set(scope));
}

/*
 * A container: a PID namespace of its own with its own /proc, the same
 * uid as the host's VMM.  It can neither list the host's space nor name
 * the VMM to copy its descriptor, nor use the registry.
 */
static int in_container(int dev, const struct owner *o, struct seen *sn,
			bool userns)
{
	int flags = CLONE_NEWPID | CLONE_NEWNS;
	pid_t init;

	if (userns) {
		if (axas_drop_to(NOBODY, 1))
			return 10;
		if (unshare(CLONE_NEWUSER))
			return errno == EPERM || errno == EINVAL ? 4 : 11;
		{
			FILE *f = fopen("/proc/self/setgroups", "we");

			if (f) {
				fputs("deny", f);
				fclose(f);
			}
			f = fopen("/proc/self/uid_map", "we");
			if (!f || fprintf(f, "0 %d 1\n", NOBODY) < 0)
				return 12;
			fclose(f);
			f = fopen("/proc/self/gid_map", "we");
			if (!f || fprintf(f, "0 %d 1\n", NOBODY) < 0)
				return 13;
			fclose(f);
		}
	}
	if (unshare(flags))
		return 14;
	init = fork();
	if (init < 0)
		return 15;
	if (init == 0) {
		if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
		    mount("proc", "/proc", "proc",
			  MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL))
			_exit(16);
		if (!userns && axas_drop_to(NOBODY, 1))
			_exit(17);
		sn->val[0] = getpid();
		sn->ret[8] = visible(o->id);
		sn->ret[9] = sys_pidfd_open(o->pid) < 0 ? -errno : 0;
		inspect(dev, o, sn);
		_exit(0);
	}
	return axas_reap(init);
}

static void container_test(struct __test_metadata *_metadata, bool userns)
{
	struct seen *sn = seen_new(_metadata);
	int dev, rc, scope = yama_get();
	struct owner o;
	pid_t pid;

	NEED_DEV(dev);
	if (scope > 0 && yama_set(0))
		SKIP(return, "cannot set ptrace_scope 0");
	ASSERT_EQ(0, owner_start(dev, NOBODY, 0, &o));
	/* the host's view: visible to the same user */
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		if (axas_drop_to(NOBODY, 1))
			_exit(10);
		_exit(visible(o.id) == 1 ? 0 : 1);
	}
	ASSERT_EQ(0, axas_reap(pid));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0)
		_exit(in_container(dev, &o, sn, userns));
	rc = axas_reap(pid);
	ASSERT_EQ(0, owner_stop(&o));
	if (scope > 0)
		ASSERT_EQ(0, yama_set(scope));
	if (rc == 4)
		SKIP(return, "no unprivileged user namespaces");
	ASSERT_EQ(0, rc);
	EXPECT_EQ(1, sn->val[0]);
	EXPECT_EQ(0, sn->ret[8]);
	EXPECT_EQ(-ESRCH, sn->ret[9]);
	EXPECT_NE(o.id, sn->ret[0]);
	EXPECT_GT(0, sn->ret[1]);
	EXPECT_EQ(-ENODATA, sn->ret[3]);
	expect_no_registry(_metadata, sn);
}

TEST(other_pid_namespace)
{
	container_test(_metadata, false);
}

/* The same, as root of a user namespace of its own (an unprivileged
 * container): CAP_SYS_ADMIN there is not the administrator's.
 */
TEST(other_user_and_pid_namespace)
{
	container_test(_metadata, true);
}

/* The dispatcher: no argument is larger than a page. */
TEST(argument_above_a_page_is_e2big)
{
	struct {
		struct axas_info info;
		char tail[8192];
	} big;
	struct axas_create_space c = { .size = sizeof(c) };
	int dev, rdonly;

	NEED_DEV(dev);
	memset(&big, 0, sizeof(big));
	big.info.size = 4097;
	EXPECT_EQ(-E2BIG, axas_ioctl(dev, AXAS_IOC_GET_INFO, &big));
	big.info.size = 4096;
	EXPECT_EQ(0, axas_ioctl(dev, AXAS_IOC_GET_INFO, &big));
	big.info.size = 0xffffffff;
	EXPECT_EQ(-E2BIG, axas_ioctl(dev, AXAS_IOC_GET_INFO, &big));
	/* creating needs the device open for writing */
	rdonly = open(AXAS_DEV, O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, rdonly);
	c.format = AXAS_FMT_EPT4;
	c.length = SZ_1G;
	c.fd = -1;
	EXPECT_EQ(-EBADF, axas_ioctl(rdonly, AXAS_IOC_CREATE_SPACE, &c));
	EXPECT_EQ(-1, c.fd);
	big.info.size = sizeof(big.info);
	EXPECT_EQ(0, axas_ioctl(rdonly, AXAS_IOC_GET_INFO, &big));
	close(rdonly);
}

/* Guest memory is data to the host unless the creator asked otherwise. */
TEST(mmap_exec_needs_the_create_flag)
{
	struct axas_create_space c = {
		.size = sizeof(c), .format = AXAS_FMT_EPT4,
		.length = SZ_1G, .fd = -1,
	};
	int dev, fd, xfd;
	void *p;

	NEED_DEV(dev);
	fd = axas_create(dev, AXAS_FMT_EPT4, 0, 0, SZ_1G, 0, NULL);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, axas_map_alloc(fd, 0, SZ_4K, RW, AXAS_ALLOC_POPULATE));
	p = mmap(NULL, SZ_4K, PROT_READ | PROT_EXEC, MAP_SHARED, fd, 0);
	EXPECT_EQ(MAP_FAILED, p);
	EXPECT_EQ(EPERM, errno);
	p = mmap(NULL, SZ_4K, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	ASSERT_NE(MAP_FAILED, p);
	/* nor added later */
	EXPECT_EQ(-1, mprotect(p, SZ_4K, PROT_READ | PROT_EXEC));
	EXPECT_EQ(EACCES, errno);
	EXPECT_EQ(0, mprotect(p, SZ_4K, PROT_READ));
	munmap(p, SZ_4K);

	c.flags = AXAS_CREATE_MMAP_EXEC;
	ASSERT_EQ(0, axas_ioctl(dev, AXAS_IOC_CREATE_SPACE, &c));
	xfd = c.fd;
	ASSERT_EQ(0, axas_map_alloc(xfd, 0, SZ_4K, RW, AXAS_ALLOC_POPULATE));
	p = mmap(NULL, SZ_4K, PROT_READ | PROT_EXEC, MAP_SHARED, xfd, 0);
	ASSERT_NE(MAP_FAILED, p);
	munmap(p, SZ_4K);
	/* an unknown creation flag: -EINVAL, no descriptor */
	c.flags = 1U << 1;
	c.fd = -1;
	EXPECT_EQ(-EINVAL, axas_ioctl(dev, AXAS_IOC_CREATE_SPACE, &c));
	EXPECT_EQ(-1, c.fd);
	close(xfd);
	close(fd);
}

TEST_HARNESS_MAIN
