// SPDX-License-Identifier: GPL-2.0
/*
 * axctl: dirty logging and the accessed harvest (AXAS_IOC_GET_DIRTY_LOG,
 * AXAS_IOC_GET_YOUNG), shared by axctl dirty and the dirty and young
 * commands of axctl run.
 *
 * Text: "dirty: N pages" (or "young: N pages"), then one line per run of
 * pages, "0xSTART-0xEND" with END exclusive, as axctl dump prints ranges.
 * JSON: one object, {"pages":N,"ranges":[{"start":"0x..","end":"0x.."}]}.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "axctl.h"

static int bit_set(const __u64 *bm, __u64 i)
{
	return bm[i / 64] >> (i % 64) & 1;
}

static void print_bitmap(const char *what, __u64 gpa, __u64 npages,
			 const __u64 *bm)
{
	__u64 i, j, n = 0;
	int first = 1;

	for (i = 0; i < npages; i++)
		n += bit_set(bm, i);
	if (opt_json) {
		if (out_in_script())
			rec_begin(REC_LINE);
		else
			putchar('{');
		printf("%s\"pages\":%llu,\"ranges\":[", out_in_script() ? "," : "", n);
	} else {
		printf("%s: %llu pages\n", what, n);
	}
	for (i = 0; i < npages; i = j) {
		if (!bit_set(bm, i)) {
			j = i + 1;
			continue;
		}
		for (j = i; j < npages && bit_set(bm, j); j++)
			;
		if (opt_json)
			printf("%s{\"start\":\"0x%llx\",\"end\":\"0x%llx\"}",
			       first ? "" : ",", gpa + i * SZ_4K, gpa + j * SZ_4K);
		else
			printf("0x%llx-0x%llx\n", gpa + i * SZ_4K, gpa + j * SZ_4K);
		first = 0;
	}
	if (opt_json)
		puts("]}");
}

/**
 * op_dirty() - print the dirty (or accessed) pages of a range
 * @fd: space descriptor (read-write for @clear)
 * @gpa: first GPA, 4 KiB aligned
 * @size: bytes
 * @clear: get and clear (AXAS_DIRTY_LOG_CLEAR, AXAS_YOUNG_CLEAR)
 * @young: the accessed harvest instead of the dirty log
 *
 * Return: 0 or a negative errno (ctx.what names the call).
 */
int op_dirty(int fd, __u64 gpa, __u64 size, int clear, int young)
{
	__u64 npages = size / SZ_4K, *bm;
	struct axas_dirty_log d = {
		.size = sizeof(d), .gpa = gpa, .length = size,
		.flags = clear ? AXAS_DIRTY_LOG_CLEAR : 0,
	};
	struct axas_young y = {
		.size = sizeof(y), .gpa = gpa, .length = size,
		.flags = clear ? AXAS_YOUNG_CLEAR : 0,
	};
	int err;

	bm = calloc((npages + 63) / 64 + 1, sizeof(*bm));
	if (!bm) {
		ctx.what = "calloc";
		return -ENOMEM;
	}
	d.bitmap = y.bitmap = (uintptr_t)bm;
	if (young)
		err = ax_ioctl(fd, AXAS_IOC_GET_YOUNG, &y, "AXAS_IOC_GET_YOUNG");
	else
		err = ax_ioctl(fd, AXAS_IOC_GET_DIRTY_LOG, &d,
			       "AXAS_IOC_GET_DIRTY_LOG");
	if (!err)
		print_bitmap(young ? "young" : "dirty", gpa, npages, bm);
	free(bm);
	return err;
}

/*
 * The owner's read-write descriptor of space @id, taken with
 * pidfd_getfd() (the kernel decides: ptrace access to the owner), or a
 * negative errno.  @ro is a read-only descriptor of the space.
 */
int space_owner_fd(int ro, __u32 id)
{
	struct axas_space_info si;
	char path[64];
	struct dirent *e;
	int pidfd, fd = -ENOENT, err;
	DIR *dir;

	err = space_info(ro, &si);
	if (err)
		return err;
	ctx.what = "pidfd_open";
	pidfd = syscall(SYS_pidfd_open, si.owner_pid, 0);
	if (pidfd < 0)
		return -errno;
	snprintf(path, sizeof(path), "/proc/%d/fd", si.owner_pid);
	dir = opendir(path);
	if (!dir) {
		err = -errno;
		close(pidfd);
		return err;
	}
	ctx.what = "pidfd_getfd";
	while (fd < 0 && (e = readdir(dir))) {
		struct axas_space_info o;
		int n = atoi(e->d_name), got;

		if (e->d_name[0] == '.')
			continue;
		got = syscall(SYS_pidfd_getfd, pidfd, n, 0);
		if (got < 0) {
			fd = -errno;
			continue;
		}
		if ((fcntl(got, F_GETFL) & O_ACCMODE) == O_RDWR &&
		    !space_info(got, &o) && o.id == id && !o.read_only) {
			fd = got;
			break;
		}
		close(got);
		fd = -ENOENT;
	}
	closedir(dir);
	close(pidfd);
	if (fd < 0)
		ctx.what = "find the owner's descriptor";
	return fd;
}
