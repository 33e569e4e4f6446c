// SPDX-License-Identifier: GPL-2.0
/*
 * MAP_LINEAR under kernel lockdown.  Locking the kernel down cannot be
 * undone until the next boot, so this program only does it when
 * AXAS_LOCKDOWN=1 is set: tools/testing/guest/axas-run-tests runs it last.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/axaddrspace.h>

#include "kselftest_harness.h"

#define AXAS_DEV "/dev/axaddrspace"
#define LOCKDOWN "/sys/kernel/security/lockdown"
#define MMIO 0xfd000000ULL	/* not RAM in a QEMU PC guest */

static int axas_map_linear(int fd, __u64 gpa, __u64 hpa)
{
	struct axas_map_linear m = {
		.size = sizeof(m), .gpa = gpa, .hpa = hpa, .length = 4096,
		.map_flags = AXAS_MAP_READ | AXAS_MAP_WRITE | AXAS_MAP_DEVICE,
	};

	return ioctl(fd, AXAS_IOC_MAP_LINEAR, &m);
}

TEST(map_linear_refused_under_lockdown)
{
	struct axas_create_space c = {
		.size = sizeof(c), .format = AXAS_FMT_EPT4, .length = 1ULL << 32,
	};
	struct axas_map_alloc a = {
		.size = sizeof(a), .gpa = 0x100000, .length = 4096,
		.map_flags = AXAS_MAP_READ,
	};
	char state[128] = "";
	int dev, lk;

	if (!getenv("AXAS_LOCKDOWN"))
		SKIP(return, "locks the kernel down until reboot: set AXAS_LOCKDOWN=1");
	dev = open(AXAS_DEV, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, dev);
	ASSERT_EQ(0, ioctl(dev, AXAS_IOC_CREATE_SPACE, &c));
	lk = open(LOCKDOWN, O_RDWR);
	if (lk < 0)
		SKIP(return, LOCKDOWN " missing: no lockdown LSM");
	ASSERT_LT(0, read(lk, state, sizeof(state) - 1));
	ASSERT_NE(NULL, strstr(state, "[none]"));

	/* allowed before, refused after */
	EXPECT_EQ(0, axas_map_linear(c.fd, 0x0, MMIO));
	ASSERT_EQ(9, pwrite(lk, "integrity", 9, 0));
	EXPECT_EQ(-1, axas_map_linear(c.fd, 0x1000, MMIO + 0x1000));
	EXPECT_EQ(EPERM, errno);
	/* nothing else is affected */
	EXPECT_EQ(0, ioctl(c.fd, AXAS_IOC_MAP_ALLOC, &a));
	close(lk);
	close(c.fd);
	close(dev);
}

TEST_HARNESS_MAIN
