// SPDX-License-Identifier: GPL-2.0
/*
 * axctl: finding and opening other processes' spaces the way the kernel
 * allows it, with no registry of the module's.
 *
 * Listing reads /proc/PID/fdinfo/FD, which procfs shows only to callers
 * that pass the ptrace read check on PID (and only for the processes of
 * the caller's PID namespace).  Opening copies the descriptor with
 * pidfd_getfd(2), which needs the ptrace attach right (credentials,
 * dumpability, user namespace, and LSMs such as Yama), then narrows it
 * with AXAS_IOC_OPEN_READONLY and closes the copy.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "axctl.h"

#ifndef SYS_pidfd_open
#define SYS_pidfd_open	434
#endif
#ifndef SYS_pidfd_getfd
#define SYS_pidfd_getfd	438
#endif

/* The axas-* lines of one fdinfo file; 0 when it is no space's. */
static int fdinfo_read(const char *path, struct axas_space_desc *d,
		       int *writable)
{
	char line[128];
	unsigned long long v;
	int found = 0;
	FILE *f;

	f = fopen(path, "re");
	if (!f)
		return 0;
	memset(d, 0, sizeof(*d));
	*writable = 0;
	while (fgets(line, sizeof(line), f)) {
		char key[32];

		if (sscanf(line, "axas-%31[a-z-]: %lli", key, &v) != 2)
			continue;
		found = 1;
		if (!strcmp(key, "id"))
			d->id = v;
		else if (!strcmp(key, "format"))
			d->format = v;
		else if (!strcmp(key, "gpa-bits"))
			d->gpa_bits = v;
		else if (!strcmp(key, "levels"))
			d->levels = v;
		else if (!strcmp(key, "base"))
			d->base = v;
		else if (!strcmp(key, "size"))
			d->length = v;
		else if (!strcmp(key, "areas"))
			d->nr_areas = v;
		else if (!strcmp(key, "mapped"))
			d->mapped_bytes = v;
		else if (!strcmp(key, "frames"))
			d->frames = v;
		else if (!strcmp(key, "table-pages"))
			d->table_pages = v;
		else if (!strcmp(key, "pinned"))
			d->pinned_pages = v;
		else if (!strcmp(key, "writable"))
			*writable = !!v;
	}
	fclose(f);
	return found && d->id;
}

struct found {
	struct axas_space_desc d;
	int fd;
	int writable;
};

static int found_cmp(const void *a, const void *b)
{
	const struct found *x = a, *y = b;

	return x->d.id < y->d.id ? -1 : x->d.id > y->d.id;
}

/*
 * Every space descriptor visible in /proc, one per space: the first
 * read-write descriptor found (the VMM's), else the first read-only one,
 * in PID order.  Sorted by identifier; *@nr entries, free() the result.
 */
static int scan_proc(struct found **out, size_t *nr)
{
	struct found *v = NULL, cur;
	size_t n = 0, cap = 0, i;
	struct dirent *p, *e;
	char path[64];
	DIR *proc, *fds;
	struct stat st;

	proc = opendir("/proc");
	if (!proc) {
		ctx.what = "opendir /proc";
		return -errno;
	}
	while ((p = readdir(proc))) {
		int pid = atoi(p->d_name);

		if (pid <= 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%d", pid);
		if (stat(path, &st))
			continue;	/* the directory's owner: its euid */
		snprintf(path, sizeof(path), "/proc/%d/fdinfo", pid);
		fds = opendir(path);
		if (!fds)
			continue;	/* gone, or the ptrace check said no */
		while ((e = readdir(fds))) {
			if (e->d_name[0] < '0' || e->d_name[0] > '9')
				continue;
			snprintf(path, sizeof(path), "/proc/%d/fdinfo/%d", pid,
				 atoi(e->d_name));
			if (!fdinfo_read(path, &cur.d, &cur.writable))
				continue;
			cur.d.owner_pid = pid;
			cur.d.owner_uid = st.st_uid;
			cur.fd = atoi(e->d_name);
			for (i = 0; i < n && v[i].d.id != cur.d.id; i++)
				;
			if (i < n) {
				if (cur.writable && !v[i].writable)
					v[i] = cur;
				continue;
			}
			if (n == cap) {
				struct found *nv;

				cap = cap ? 2 * cap : 16;
				nv = realloc(v, cap * sizeof(*v));
				if (!nv) {
					closedir(fds);
					closedir(proc);
					free(v);
					ctx.what = "realloc";
					return -ENOMEM;
				}
				v = nv;
			}
			v[n++] = cur;
		}
		closedir(fds);
	}
	closedir(proc);
	qsort(v, n, sizeof(*v), found_cmp);
	*out = v;
	*nr = n;
	return 0;
}

/**
 * list_spaces() - call @fn for every space the caller may inspect
 * @fn: callback; the description's @owner_pid is the process whose
 *	descriptor was found (the VMM's read-write one when visible)
 * @arg: its argument
 *
 * Return: 0 or a negative errno.
 */
int list_spaces(space_fn fn, void *arg)
{
	struct found *v;
	size_t n, i;
	int err;

	err = scan_proc(&v, &n);
	if (err)
		return err;
	for (i = 0; i < n; i++)
		fn(&v[i].d, arg);
	free(v);
	return 0;
}

/* Is descriptor @fd of this process space @id? */
static int own_fd_is(int fd, __u32 id)
{
	struct axas_space_desc d;
	char path[48];
	int w;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	return fdinfo_read(path, &d, &w) && d.id == id;
}

/**
 * space_open_pid() - a read-only descriptor of descriptor @fd of @pid
 * @pid: the process holding the space
 * @fd: its descriptor number there
 * @id: the identifier it must have (the number may have been reused
 *	since the listing), or 0 for any space
 *
 * Return: the descriptor, or a negative errno (-EPERM when the kernel
 * refuses the copy, -ESRCH for no such process, -EBADF for no such
 * descriptor, -ENOENT when it is not the space).
 */
int space_open_pid(int pid, int fd, __u32 id)
{
	struct axas_open_readonly o = { .size = sizeof(o) };
	struct axas_space_desc d;
	char path[48];
	int pidfd, copy, w, err;

	pidfd = syscall(SYS_pidfd_open, pid, 0);
	if (pidfd < 0) {
		ctx.what = "pidfd_open";
		return -errno;
	}
	copy = syscall(SYS_pidfd_getfd, pidfd, fd, 0);
	err = -errno;
	close(pidfd);
	if (copy < 0) {
		ctx.what = "pidfd_getfd";
		return err;
	}
	/* never issue our ioctl on another driver's file */
	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", copy);
	if (!fdinfo_read(path, &d, &w) || (id && d.id != id)) {
		close(copy);
		ctx.what = "space (the descriptor changed)";
		return -ENOENT;
	}
	err = ax_ioctl(copy, AXAS_IOC_OPEN_READONLY, &o,
		       "AXAS_IOC_OPEN_READONLY");
	close(copy);
	if (err)
		return err;
	if (!own_fd_is(o.fd, d.id)) {
		close(o.fd);
		ctx.what = "AXAS_IOC_OPEN_READONLY";
		return -EIO;
	}
	return o.fd;
}

/**
 * space_open() - a read-only descriptor of space @id
 * @id: the identifier, as axctl list shows it
 *
 * Finds a process holding it through /proc/PID/fdinfo and copies its
 * descriptor with pidfd_getfd(2), so the kernel's own ptrace checks
 * decide.
 *
 * Return: the descriptor, or a negative errno (-ENOENT when no visible
 * process holds the space: unknown and invisible answer alike).
 */
int space_open(__u32 id)
{
	struct found *v;
	size_t n, i;
	int err, fd = -ENOENT;

	err = scan_proc(&v, &n);
	if (err)
		return err;
	for (i = 0; i < n && v[i].d.id != id; i++)
		;
	if (i < n)
		fd = space_open_pid(v[i].d.owner_pid, v[i].fd, id);
	else
		ctx.what = "find space in /proc";
	free(v);
	return fd;
}
