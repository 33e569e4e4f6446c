// SPDX-License-Identifier: GPL-2.0
/*
 * kselftests of /dev/axaddrspace itself: the device node and the version
 * ioctl, including the size negotiation every ioctl of the ABI shares.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/axaddrspace.h>

#include "kselftest_harness.h"

#define AXAS_DEV "/dev/axaddrspace"

FIXTURE(dev) {
	int fd;
};

FIXTURE_SETUP(dev)
{
	self->fd = open(AXAS_DEV, O_RDWR | O_CLOEXEC);
	if (self->fd < 0 && errno == ENOENT)
		SKIP(return, AXAS_DEV " missing: module not loaded");
	ASSERT_LE(0, self->fd);
}

FIXTURE_TEARDOWN(dev)
{
	if (self->fd >= 0)
		close(self->fd);
}

TEST_F(dev, node_is_root_only_char_device)
{
	struct stat st;

	ASSERT_EQ(0, fstat(self->fd, &st));
	EXPECT_TRUE(S_ISCHR(st.st_mode));
	EXPECT_EQ(10, major(st.st_rdev));	/* a misc device */
	EXPECT_EQ(0600, st.st_mode & 07777);
	EXPECT_EQ(0, st.st_uid);
	EXPECT_EQ(0, st.st_gid);
}

TEST_F(dev, version_reports_api_and_module)
{
	struct axas_version v;

	memset(&v, 0xa5, sizeof(v));
	v.size = sizeof(v);
	v.__reserved = 0;
	ASSERT_EQ(0, ioctl(self->fd, AXAS_IOC_VERSION, &v));
	EXPECT_EQ(sizeof(v), v.size);
	EXPECT_EQ(AXAS_API_VERSION, v.api_version);
	EXPECT_EQ(0x000100, v.module_version);	/* 0.1.0 */
	EXPECT_EQ(0, v.__reserved);
}

TEST_F(dev, version_size_too_short)
{
	struct axas_version v = { .size = 8 };

	EXPECT_EQ(-1, ioctl(self->fd, AXAS_IOC_VERSION, &v));
	EXPECT_EQ(EINVAL, errno);
	v.size = 0;
	EXPECT_EQ(-1, ioctl(self->fd, AXAS_IOC_VERSION, &v));
	EXPECT_EQ(EINVAL, errno);
	/* nothing was written back */
	EXPECT_EQ(0, v.api_version);
}

TEST_F(dev, version_minimum_size_accepted)
{
	/* the first version ended after module_version */
	struct axas_version v = { .size = 12 };

	ASSERT_EQ(0, ioctl(self->fd, AXAS_IOC_VERSION, &v));
	EXPECT_EQ(AXAS_API_VERSION, v.api_version);
}

/* A VERSION argument longer than the kernel's, its tail zeroed. */
struct big_version {
	struct axas_version v;
	uint64_t tail[3];
};

static void big_version_init(struct big_version *big)
{
	memset(big, 0, sizeof(*big));
	big->v.size = sizeof(*big);
}

TEST_F(dev, version_longer_with_zero_tail)
{
	struct big_version big;

	big_version_init(&big);
	ASSERT_EQ(0, ioctl(self->fd, AXAS_IOC_VERSION, &big));
	EXPECT_EQ(AXAS_API_VERSION, big.v.api_version);
	EXPECT_EQ(sizeof(big.v), big.v.size);	/* the kernel's size */
	EXPECT_EQ(0, big.tail[0]);
	EXPECT_EQ(0, big.tail[1]);
	EXPECT_EQ(0, big.tail[2]);
}

TEST_F(dev, version_longer_with_nonzero_tail)
{
	struct big_version big;

	big_version_init(&big);
	big.tail[2] = 1;
	EXPECT_EQ(-1, ioctl(self->fd, AXAS_IOC_VERSION, &big));
	EXPECT_EQ(E2BIG, errno);
	EXPECT_EQ(0, big.v.api_version);
}

TEST_F(dev, version_reserved_must_be_zero)
{
	struct axas_version v = { .size = sizeof(v), .__reserved = 1 };

	EXPECT_EQ(-1, ioctl(self->fd, AXAS_IOC_VERSION, &v));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(0, v.api_version);
}

TEST_F(dev, version_bad_pointer)
{
	void *unmapped;

	EXPECT_EQ(-1, ioctl(self->fd, AXAS_IOC_VERSION, NULL));
	EXPECT_EQ(EFAULT, errno);
	unmapped = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, unmapped);
	EXPECT_EQ(-1, ioctl(self->fd, AXAS_IOC_VERSION, unmapped));
	EXPECT_EQ(EFAULT, errno);
	munmap(unmapped, 4096);
}

TEST_F(dev, version_read_only_buffer)
{
	/* the argument is read fine but cannot be written back */
	struct axas_version *v;

	v = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, v);
	v->size = sizeof(*v);
	ASSERT_EQ(0, mprotect(v, 4096, PROT_READ));
	EXPECT_EQ(-1, ioctl(self->fd, AXAS_IOC_VERSION, v));
	EXPECT_EQ(EFAULT, errno);
	munmap(v, 4096);
}

TEST_F(dev, unknown_commands)
{
	struct axas_version v = { .size = sizeof(v) };

	EXPECT_EQ(-1, ioctl(self->fd, _IO(AXAS_IOCTL_BASE, 0x7f), &v));
	EXPECT_EQ(ENOTTY, errno);
	/* the right number with another direction/size encoding */
	EXPECT_EQ(-1, ioctl(self->fd, _IOWR(AXAS_IOCTL_BASE, AXAS_CMD_VERSION,
					     struct axas_version), &v));
	EXPECT_EQ(ENOTTY, errno);
	/* another driver's magic */
	EXPECT_EQ(-1, ioctl(self->fd, _IO(0xAE, 0x00), &v));
	EXPECT_EQ(ENOTTY, errno);
	EXPECT_EQ(0, v.api_version);
}

TEST_F(dev, not_seekable)
{
	EXPECT_EQ(-1, lseek(self->fd, 0, SEEK_SET));
	EXPECT_EQ(ESPIPE, errno);
}

TEST(unprivileged_open_refused)
{
	pid_t pid;
	int status;

	if (access(AXAS_DEV, F_OK))
		SKIP(return, AXAS_DEV " missing: module not loaded");
	if (geteuid() != 0)
		SKIP(return, "needs root to drop to nobody");
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		int fd;

		if (setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534))
			_exit(10);
		fd = open(AXAS_DEV, O_RDWR);
		_exit(fd < 0 && errno == EACCES ? 0 : 11);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

TEST_HARNESS_MAIN
