// SPDX-License-Identifier: GPL-2.0
/*
 * axctl: inspect and script axaddrspace address spaces.
 *
 * Exit status: 0 success, 1 a command failed, 2 usage error.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/axaddrspace.h>

#define AXCTL_DEV "/dev/axaddrspace"

static int json;

static void usage(FILE *f)
{
	fprintf(f,
		"usage: axctl [--json] COMMAND [ARGS]\n"
		"\n"
		"Commands:\n"
		"  info     module version, API version\n"
		"\n"
		"Options:\n"
		"  --json   one JSON object per result line\n"
		"  --help   this text; 'axctl COMMAND --help' for a command\n");
}

static const char *axctl_errname(int err)
{
	switch (err) {
	case EPERM: return "EPERM";
	case ENOENT: return "ENOENT";
	case EACCES: return "EACCES";
	case EFAULT: return "EFAULT";
	case EINVAL: return "EINVAL";
	case ENOTTY: return "ENOTTY";
	case E2BIG: return "E2BIG";
	case ENOMEM: return "ENOMEM";
	default: return "EIO";
	}
}

static int axctl_fail(const char *what, int err)
{
	if (json)
		printf("{\"error\":\"%s\",\"what\":\"%s\"}\n", axctl_errname(err), what);
	else
		printf("error %s (%s: %s)\n", axctl_errname(err), what, strerror(err));
	return 1;
}

static int cmd_info(int argc, char **argv)
{
	struct axas_version v = { .size = sizeof(v) };
	int fd;

	if (argc > 1 && !strcmp(argv[1], "--help")) {
		printf("usage: axctl info\n\nPrints the module and API versions.\n");
		return 0;
	}
	if (argc > 1) {
		usage(stderr);
		return 2;
	}
	fd = open(AXCTL_DEV, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return axctl_fail("open " AXCTL_DEV, errno);
	if (ioctl(fd, AXAS_IOC_VERSION, &v)) {
		int err = errno;

		close(fd);
		return axctl_fail("AXAS_IOC_VERSION", err);
	}
	close(fd);
	if (json)
		printf("{\"module_version\":\"%u.%u.%u\",\"api_version\":%u}\n",
		       v.module_version >> 16, (v.module_version >> 8) & 0xff,
		       v.module_version & 0xff, v.api_version);
	else
		printf("module version %u.%u.%u, API version %u\n",
		       v.module_version >> 16, (v.module_version >> 8) & 0xff,
		       v.module_version & 0xff, v.api_version);
	return 0;
}

int main(int argc, char **argv)
{
	int i = 1;

	if (i < argc && !strcmp(argv[i], "--json")) {
		json = 1;
		i++;
	}
	if (i >= argc) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[i], "info"))
		return cmd_info(argc - i, argv + i);
	fprintf(stderr, "axctl: unknown command '%s'\n", argv[i]);
	usage(stderr);
	return 2;
}
