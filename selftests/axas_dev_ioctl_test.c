// SPDX-License-Identifier: GPL-2.0
/*
 * kselftests of the /dev/axaddrspace commands that manage spaces, as
 * include/uapi/linux/axaddrspace.h documents them: GET_INFO, CREATE_SPACE,
 * LIST_SPACES and OPEN_SPACE, the success path with exact values and every
 * documented errno, one cause per test (the node itself and VERSION are
 * axas_dev_test's).
 */
#include <sys/resource.h>
#include <sys/stat.h>

#include "axas_util.h"
#include "kselftest_harness.h"

/* CREATE_SPACE with these arguments: a descriptor or -errno. */
static int create(struct axas_ctx *self, __u32 format, __u32 gpa_bits,
		  __u64 base, __u64 length, __u64 vmid)
{
	return axas_create(self->dev, format, gpa_bits, base, length, vmid,
			   NULL);
}

static int module_param_bool(const char *name)
{
	char path[128], c = 0;
	int fd, n;

	snprintf(path, sizeof(path), "/sys/module/axaddrspace/parameters/%s",
		 name);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	n = read(fd, &c, 1);
	close(fd);
	if (n != 1)
		return -1;
	return c == 'Y' || c == '1';
}

DEV_TEST(get_info_reports_the_module)
{
	struct axas_info info;
	struct axas_native want;
	int ram = module_param_bool("allow_ram_linear");

	memset(&info, 0xa5, sizeof(info));
	info.size = sizeof(info);
	info.flags = 0;
	ASSERT_EQ(0, axas_ioctl(self->dev, AXAS_IOC_GET_INFO, &info));
	EXPECT_EQ(sizeof(info), info.size);
	EXPECT_EQ(0, info.flags);
	EXPECT_EQ(AXAS_API_VERSION, info.api_version);
	EXPECT_EQ(0x000100, info.module_version);
	/* every format, NATIVE included, on every host */
	EXPECT_EQ((1ULL << AXAS_FMT_NR) - 1, info.formats);
	/* the machine's own: vmrun or /proc/cpuinfo says which */
	ASSERT_EQ(0, axas_expect_native(&want));
	EXPECT_EQ(want.format, info.native_format);
	EXPECT_EQ(AXAS_MAP_FLAGS_ALL, info.map_flags);
	EXPECT_EQ(AXAS_CREATE_MMAP_EXEC, info.create_flags);
	EXPECT_EQ(AXAS_LINEAR_NOHUGE | AXAS_LINEAR_LOG_DIRTY, info.linear_flags);
	EXPECT_EQ(AXAS_ALLOC_POPULATE | AXAS_ALLOC_LOG_DIRTY | AXAS_ALLOC_NO_HUGE,
		  info.alloc_flags);
	EXPECT_EQ(AXAS_USER_LOG_DIRTY, info.user_flags);
	EXPECT_EQ(AXAS_WALK_TABLES, info.walk_flags);
	EXPECT_EQ(AXAS_ACCESS_WRITE, info.access_flags);
	EXPECT_EQ(SZ_4K | SZ_2M | SZ_1G, info.page_sizes);
	EXPECT_LE(1, info.max_segs);
	EXPECT_LE(1, info.max_entries);
	EXPECT_EQ(want.phys_bits, info.phys_addr_bits);
	if (ram >= 0)
		EXPECT_EQ(ram, info.allow_ram_linear);
	EXPECT_EQ(0, info.__reserved);
	/* nothing alive between two tests */
	EXPECT_EQ(0, info.nr_spaces);
	EXPECT_EQ(0, info.frames);
	EXPECT_EQ(0, info.table_pages);
	EXPECT_EQ(0, info.pinned_pages);
}

/*
 * A NATIVE space is the machine's format at the machine's width: Sv57x4
 * on a hart that keeps MODE 10 in hgatp, stage 2 at the PARange (capped
 * at 48 bits) on arm64, NPT on an AMD CPU.
 */
DEV_TEST(native_space_is_the_machines)
{
	struct axas_space_desc d;
	struct axas_native want;
	__u32 nr, next;
	int fd;

	ASSERT_EQ(0, axas_expect_native(&want));
	EXPECT_EQ(want.format, self->info0.native_format);
	EXPECT_EQ(want.phys_bits, self->info0.phys_addr_bits);
	fd = axas_create(self->dev, AXAS_FMT_NATIVE, 0, 0, SZ_1G, 0, NULL);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, axas_list_spaces(self->dev, 0, &d, 1, &nr, &next));
	ASSERT_EQ(1, nr);
	EXPECT_EQ(want.format, d.format);
	EXPECT_EQ(want.gpa_bits, d.gpa_bits);
	EXPECT_EQ(want.levels, d.levels);
	close(fd);
	/* a width the caller names is stage 2's alone */
	fd = axas_create(self->dev, AXAS_FMT_NATIVE, 36, 0, SZ_1G, 0, NULL);
	if (want.format == AXAS_FMT_ARM_S2) {
		ASSERT_LE(0, fd);
		close(fd);
	} else {
		EXPECT_EQ(-EINVAL, fd);
	}
}

DEV_TEST(get_info_counts_spaces)
{
	struct axas_info info;
	int a, b;

	a = axas_create(self->dev, AXAS_FMT_EPT4, 0, 0, SZ_1G, 0, NULL);
	ASSERT_LE(0, a);
	b = axas_create(self->dev, AXAS_FMT_SV39X4, 0, 0, SZ_1G, 0, NULL);
	ASSERT_LE(0, b);
	ASSERT_EQ(0, axas_get_info(self->dev, &info));
	EXPECT_EQ(self->info0.nr_spaces + 2, info.nr_spaces);
	EXPECT_EQ(self->info0.table_pages + 1 + 4, info.table_pages);
	close(a);
	ASSERT_EQ(0, axas_get_info(self->dev, &info));
	EXPECT_EQ(self->info0.nr_spaces + 1, info.nr_spaces);
	EXPECT_EQ(self->info0.table_pages + 4, info.table_pages);
	close(b);
	ASSERT_EQ(0, axas_get_info(self->dev, &info));
	EXPECT_EQ(self->info0.nr_spaces, info.nr_spaces);
	EXPECT_EQ(self->info0.table_pages, info.table_pages);
}

DEV_TEST(create_space_returns_rdwr_cloexec_fd)
{
	struct axas_create_space c = {
		.size = sizeof(c),
		.format = AXAS_FMT_EPT4,
		.base = SZ_1G,
		.length = SZ_2M,
		.fd = -1,
	};
	struct axas_create_space c2;
	struct axas_space_info si;
	struct stat st;

	c2 = c;
	ASSERT_EQ(0, axas_ioctl(self->dev, AXAS_IOC_CREATE_SPACE, &c));
	ASSERT_LE(0, c.fd);
	EXPECT_NE(0, c.id);
	EXPECT_EQ(O_RDWR, fcntl(c.fd, F_GETFL) & O_ACCMODE);
	EXPECT_EQ(FD_CLOEXEC, fcntl(c.fd, F_GETFD));
	ASSERT_EQ(0, fstat(c.fd, &st));
	ASSERT_EQ(0, axas_space_info(c.fd, &si));
	EXPECT_EQ(c.id, si.id);
	EXPECT_EQ(SZ_1G, si.base);
	EXPECT_EQ(SZ_2M, si.length);
	/* a second space is another one */
	ASSERT_EQ(0, axas_ioctl(self->dev, AXAS_IOC_CREATE_SPACE, &c2));
	EXPECT_NE(c.fd, c2.fd);
	EXPECT_NE(c.id, c2.id);
	EXPECT_NE(0, c2.id);
}

DEV_TEST(create_space_ids_not_reused)
{
	__u32 id1, id2;
	int fd;

	fd = axas_create(self->dev, AXAS_FMT_EPT4, 0, 0, SZ_1G, 0, &id1);
	ASSERT_LE(0, fd);
	close(fd);
	/* handed out cyclically from 1: the next one is another */
	fd = axas_create(self->dev, AXAS_FMT_EPT4, 0, 0, SZ_1G, 0, &id2);
	ASSERT_LE(0, fd);
	EXPECT_LE(1, id1);
	EXPECT_GT(id2, id1);
	EXPECT_GT(1U << 31, id2);
}

DEV_TEST(create_space_unknown_format)
{
	EXPECT_EQ(-EINVAL, create(self, AXAS_FMT_NR, 0, 0, SZ_1G, 0));
	EXPECT_EQ(-EINVAL, create(self, 0xffffffff, 0, 0, SZ_1G, 0));
}

DEV_TEST(create_space_s2_width_below_32)
{
	EXPECT_EQ(-EINVAL, create(self, AXAS_FMT_ARM_S2, 31, 0, SZ_1G, 0));
	EXPECT_EQ(-EINVAL, create(self, AXAS_FMT_ARM_S2, 12, 0, SZ_4K, 0));
}

DEV_TEST(create_space_s2_width_above_48)
{
	EXPECT_EQ(-EINVAL, create(self, AXAS_FMT_ARM_S2, 49, 0, SZ_1G, 0));
	EXPECT_EQ(-EINVAL, create(self, AXAS_FMT_ARM_S2, 64, 0, SZ_1G, 0));
}

DEV_TEST(create_space_every_s2_width)
{
	struct axas_space_info si;
	unsigned int bits, levels, root;
	int fd;

	for (bits = 32; bits <= 48; bits++) {
		fd = axas_create(self->dev, AXAS_FMT_ARM_S2, bits, 0, SZ_1G, 0,
				 NULL);
		ASSERT_LE(0, fd) TH_LOG("%u bits", bits);
		s2_geometry(bits, &levels, &root);
		ASSERT_EQ(0, axas_space_info(fd, &si));
		EXPECT_EQ(bits, si.gpa_bits);
		EXPECT_EQ(levels, si.levels) TH_LOG("%u bits", bits);
		EXPECT_EQ(root, si.table_pages) TH_LOG("%u bits", bits);
		close(fd);
	}
}

DEV_TEST(create_space_width_of_fixed_format)
{
	EXPECT_EQ(-EINVAL, create(self, AXAS_FMT_EPT4, 57, 0, SZ_1G, 0));
	EXPECT_EQ(-EINVAL, create(self, AXAS_FMT_SV39X4, 40, 0, SZ_1G, 0));
	EXPECT_EQ(-EINVAL, create(self, AXAS_FMT_EPT4, 47, 0, SZ_1G, 0));
}

DEV_TEST(create_space_width_of_fixed_format_matching)
{
	struct axas_space_info si;
	int fd;

	fd = axas_create(self->dev, AXAS_FMT_EPT4, 48, 0, SZ_1G, 0, NULL);
	ASSERT_LE(0, fd);
	close(fd);
	fd = axas_create(self->dev, AXAS_FMT_SV39X4, 41, 0, SZ_1G, 0, NULL);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, axas_space_info(fd, &si));
	EXPECT_EQ(41, si.gpa_bits);
	close(fd);
}

DEV_TEST(create_space_base_misaligned)
{
	EXPECT_EQ(-EINVAL, create(self, AXAS_FMT_EPT4, 0, 0x800, SZ_1G, 0));
}

DEV_TEST(create_space_length_zero)
{
	EXPECT_EQ(-EINVAL, create(self, AXAS_FMT_EPT4, 0, 0, 0, 0));
}

DEV_TEST(create_space_length_misaligned)
{
	EXPECT_EQ(-EINVAL, create(self, AXAS_FMT_EPT4, 0, 0, SZ_1G + 1, 0));
}

DEV_TEST(create_space_wraps_around)
{
	/* a space that wraps past 2^64 does not fit any format */
	EXPECT_EQ(-ERANGE, create(self, AXAS_FMT_EPT4, 0, ~0ULL - SZ_4K + 1,
				  2 * SZ_4K, 0));
}

DEV_TEST(create_space_vmid_on_x86_formats)
{
	EXPECT_EQ(-EINVAL, create(self, AXAS_FMT_EPT4, 0, 0, SZ_1G, 1));
	EXPECT_EQ(-EINVAL, create(self, AXAS_FMT_NPT5, 0, 0, SZ_1G,
				  1ULL << 40));
}

DEV_TEST(create_space_vmid_too_big_for_s2)
{
	EXPECT_EQ(-EINVAL, create(self, AXAS_FMT_ARM_S2, 0, 0, SZ_1G,
				  1ULL << 16));
}

DEV_TEST(create_space_vmid_too_big_for_gstage)
{
	EXPECT_EQ(-EINVAL, create(self, AXAS_FMT_SV48X4, 0, 0, SZ_1G,
				  1ULL << 14));
}

DEV_TEST(create_space_out_of_descriptors)
{
	struct rlimit rl;
	struct axas_info info;
	int fd;

	/* the lowest free descriptor is the last one allowed */
	fd = axas_next_fd();
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, getrlimit(RLIMIT_NOFILE, &rl));
	rl.rlim_cur = fd;
	ASSERT_EQ(0, setrlimit(RLIMIT_NOFILE, &rl));
	EXPECT_EQ(-EMFILE, create(self, AXAS_FMT_EPT4, 0, 0, SZ_1G, 0));
	ASSERT_EQ(0, axas_get_info(self->dev, &info));
	EXPECT_EQ(self->info0.nr_spaces, info.nr_spaces);
	EXPECT_EQ(self->info0.table_pages, info.table_pages);
}

/* Three spaces of this process, listed with their exact descriptions. */
DEV_TEST(list_spaces_own)
{
	struct axas_space_desc d[16];
	__u32 id[3], nr, next;
	int fd[3], i;

	fd[0] = axas_create(self->dev, AXAS_FMT_EPT5, 0, 0, SZ_1G, 0, &id[0]);
	fd[1] = axas_create(self->dev, AXAS_FMT_ARM_S2, 36, SZ_1G, SZ_2M, 9,
			    &id[1]);
	fd[2] = axas_create(self->dev, AXAS_FMT_EPT4, 0, 0, SZ_4G, 0, &id[2]);
	for (i = 0; i < 3; i++)
		ASSERT_LE(0, fd[i]);
	ASSERT_EQ(0, axas_map_alloc(fd[2], 0, 3 * SZ_4K, RW,
				    AXAS_ALLOC_POPULATE));
	/* lazy, in the level-0 table the populated pages already need */
	ASSERT_EQ(0, axas_map_alloc(fd[2], 4 * SZ_4K, 5 * SZ_4K, RW, 0));
	memset(d, 0xa5, sizeof(d));
	ASSERT_EQ(0, axas_list_spaces(self->dev, 0, d, 16, &nr, &next));
	ASSERT_EQ(3, nr);
	EXPECT_EQ(0, next);
	/* in id order */
	EXPECT_LT(id[0], id[1]);
	EXPECT_LT(id[1], id[2]);
	for (i = 0; i < 3; i++) {
		EXPECT_EQ(id[i], d[i].id);
		EXPECT_EQ(getpid(), d[i].owner_pid);
		EXPECT_EQ(geteuid(), d[i].owner_uid);
		EXPECT_EQ(0, d[i].__reserved);
	}
	EXPECT_EQ(AXAS_FMT_EPT5, d[0].format);
	EXPECT_EQ(57, d[0].gpa_bits);
	EXPECT_EQ(5, d[0].levels);
	EXPECT_EQ(0, d[0].nr_areas);
	EXPECT_EQ(0, d[0].base);
	EXPECT_EQ(SZ_1G, d[0].length);
	EXPECT_EQ(0, d[0].mapped_bytes);
	EXPECT_EQ(1, d[0].table_pages);
	EXPECT_EQ(0, d[0].frames);
	EXPECT_EQ(0, d[0].pinned_pages);
	EXPECT_EQ(AXAS_FMT_ARM_S2, d[1].format);
	EXPECT_EQ(36, d[1].gpa_bits);
	EXPECT_EQ(3, d[1].levels);
	EXPECT_EQ(SZ_1G, d[1].base);
	EXPECT_EQ(SZ_2M, d[1].length);
	EXPECT_EQ(1, d[1].table_pages);
	EXPECT_EQ(AXAS_FMT_EPT4, d[2].format);
	EXPECT_EQ(48, d[2].gpa_bits);
	EXPECT_EQ(4, d[2].levels);
	EXPECT_EQ(2, d[2].nr_areas);
	EXPECT_EQ(8 * SZ_4K, d[2].mapped_bytes);
	EXPECT_EQ(4, d[2].table_pages);
	EXPECT_EQ(3, d[2].frames);
	EXPECT_EQ(0, d[2].pinned_pages);
	/* nothing beyond the entries written */
	EXPECT_EQ(0xa5a5a5a5, d[3].id);
}

DEV_TEST(list_spaces_resumes)
{
	struct axas_space_desc d;
	struct axas_list_spaces l = {
		.size = sizeof(l),
		.entry_size = sizeof(d),
		.entries = (uintptr_t)&d,
	};
	__u32 id[3], seen[8];
	int fd, i, n = 0, calls = 0;

	for (i = 0; i < 3; i++) {
		fd = axas_create(self->dev, AXAS_FMT_EPT4, 0, 0, SZ_1G, 0,
				 &id[i]);
		ASSERT_LE(0, fd);
	}
	do {
		l.nr_entries = 1;
		ASSERT_EQ(0, axas_ioctl(self->dev, AXAS_IOC_LIST_SPACES, &l));
		ASSERT_GE(1, l.nr_entries);
		if (l.nr_entries)
			seen[n++] = d.id;
		l.start_id = l.next_id;
		ASSERT_GT(8, ++calls);
	} while (l.next_id);
	ASSERT_EQ(3, n);
	for (i = 0; i < 3; i++)
		EXPECT_EQ(id[i], seen[i]);
	/* a listing from the second id on */
	l.start_id = id[1];
	l.nr_entries = 1;
	ASSERT_EQ(0, axas_ioctl(self->dev, AXAS_IOC_LIST_SPACES, &l));
	ASSERT_EQ(1, l.nr_entries);
	EXPECT_EQ(id[1], d.id);
	EXPECT_LT(id[1], l.next_id);
	EXPECT_GE(id[2], l.next_id);
}

DEV_TEST(list_spaces_entry_size_too_short)
{
	struct axas_space_desc d[2];
	struct axas_list_spaces l = {
		.size = sizeof(l),
		.nr_entries = 2,
		.entry_size = sizeof(d[0]) - 8,
		.entries = (uintptr_t)d,
	};
	int fd = axas_create(self->dev, AXAS_FMT_EPT4, 0, 0, SZ_1G, 0, NULL);

	ASSERT_LE(0, fd);
	EXPECT_EQ(-EINVAL, axas_ioctl(self->dev, AXAS_IOC_LIST_SPACES, &l));
	l.entry_size = 0;
	EXPECT_EQ(-EINVAL, axas_ioctl(self->dev, AXAS_IOC_LIST_SPACES, &l));
}

DEV_TEST(list_spaces_entry_size_too_long)
{
	/* at most 4096 */
	static char buf[2 * 4097];
	struct axas_list_spaces l = {
		.size = sizeof(l),
		.nr_entries = 2,
		.entry_size = 4097,
		.entries = (uintptr_t)buf,
	};
	int fd = axas_create(self->dev, AXAS_FMT_EPT4, 0, 0, SZ_1G, 0, NULL);

	ASSERT_LE(0, fd);
	EXPECT_EQ(-EINVAL, axas_ioctl(self->dev, AXAS_IOC_LIST_SPACES, &l));
	l.entry_size = 4096;
	EXPECT_EQ(0, axas_ioctl(self->dev, AXAS_IOC_LIST_SPACES, &l));
	EXPECT_EQ(1, l.nr_entries);
}

DEV_TEST(list_spaces_entry_size_longer_zero_extended)
{
	struct { struct axas_space_desc d; __u64 more[2]; } e[2];
	struct axas_list_spaces l = {
		.size = sizeof(l),
		.nr_entries = 2,
		.entry_size = sizeof(e[0]),
		.entries = (uintptr_t)e,
	};
	__u32 id[2];
	int fd, i;

	for (i = 0; i < 2; i++) {
		fd = axas_create(self->dev, AXAS_FMT_EPT4, 0, 0, SZ_1G, 0,
				 &id[i]);
		ASSERT_LE(0, fd);
	}
	memset(e, 0xa5, sizeof(e));
	ASSERT_EQ(0, axas_ioctl(self->dev, AXAS_IOC_LIST_SPACES, &l));
	ASSERT_EQ(2, l.nr_entries);
	for (i = 0; i < 2; i++) {
		EXPECT_EQ(id[i], e[i].d.id);
		EXPECT_EQ(SZ_1G, e[i].d.length);
	}
	expect_zero_tails(_metadata, e, sizeof(e[0]), sizeof(e[0].d), 2);
}

DEV_TEST(list_spaces_entries_not_writable)
{
	struct axas_space_desc d;
	struct axas_list_spaces l = {
		.size = sizeof(l),
		.nr_entries = 4,
		.entry_size = sizeof(d),
	};
	int fd = axas_create(self->dev, AXAS_FMT_EPT4, 0, 0, SZ_1G, 0, NULL);

	ASSERT_LE(0, fd);
	l.entries = 0;
	EXPECT_EQ(-EFAULT, axas_ioctl(self->dev, AXAS_IOC_LIST_SPACES, &l));
	l.entries = (uintptr_t)axas_hole();
	EXPECT_EQ(-EFAULT, axas_ioctl(self->dev, AXAS_IOC_LIST_SPACES, &l));
	l.entries = (uintptr_t)axas_ro_page(&d, 0);
	EXPECT_EQ(-EFAULT, axas_ioctl(self->dev, AXAS_IOC_LIST_SPACES, &l));
}

DEV_TEST(list_spaces_room_beyond_max_entries)
{
	/* at most max_entries per call: more room is not an error */
	struct axas_list_spaces l = {
		.size = sizeof(l),
		.nr_entries = self->info0.max_entries + 1,
		.entry_size = sizeof(struct axas_space_desc),
	};
	void *buf = calloc(l.nr_entries, l.entry_size);
	__u32 id;
	int fd;

	ASSERT_NE(NULL, buf);
	fd = axas_create(self->dev, AXAS_FMT_EPT4, 0, 0, SZ_1G, 0, &id);
	ASSERT_LE(0, fd);
	l.entries = (uintptr_t)buf;
	ASSERT_EQ(0, axas_ioctl(self->dev, AXAS_IOC_LIST_SPACES, &l));
	EXPECT_EQ(1, l.nr_entries);
	EXPECT_EQ(id, ((struct axas_space_desc *)buf)->id);
	free(buf);
}

DEV_TEST(open_space_read_only_cloexec)
{
	struct axas_space_info si;
	struct axas_translate t;
	__u32 id;
	int fd, ro;

	fd = axas_create(self->dev, AXAS_FMT_EPT4, 0, 0, SZ_1G, 0, &id);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, axas_map_alloc(fd, 0, SZ_4K, RW, AXAS_ALLOC_POPULATE));
	ro = axas_open_space(self->dev, id);
	ASSERT_LE(0, ro);
	EXPECT_EQ(O_RDONLY, fcntl(ro, F_GETFL) & O_ACCMODE);
	EXPECT_EQ(FD_CLOEXEC, fcntl(ro, F_GETFD));
	ASSERT_EQ(0, axas_space_info(ro, &si));
	EXPECT_EQ(id, si.id);
	EXPECT_EQ(1, si.read_only);
	EXPECT_EQ(1, si.frames);
	EXPECT_EQ(getpid(), si.owner_pid);
	EXPECT_EQ(0, axas_translate(ro, 0, &t));
	EXPECT_EQ(-EBADF, axas_unmap(ro, 0, SZ_4K));
	/* the space lives as long as any descriptor of it */
	close(fd);
	ASSERT_EQ(0, axas_space_info(ro, &si));
	EXPECT_EQ(1, si.frames);
	close(ro);
}

DEV_TEST(open_space_unknown_id)
{
	__u32 id;
	int fd;

	EXPECT_EQ(-ENOENT, axas_open_space(self->dev, 0xffffffff));
	fd = axas_create(self->dev, AXAS_FMT_EPT4, 0, 0, SZ_1G, 0, &id);
	ASSERT_LE(0, fd);
	close(fd);
	/* a closed space is gone */
	EXPECT_EQ(-ENOENT, axas_open_space(self->dev, id));
}

DEV_TEST(open_space_out_of_descriptors)
{
	struct rlimit rl;
	__u32 id;
	int fd, next;

	fd = axas_create(self->dev, AXAS_FMT_EPT4, 0, 0, SZ_1G, 0, &id);
	ASSERT_LE(0, fd);
	next = axas_next_fd();
	ASSERT_LE(0, next);
	ASSERT_EQ(0, getrlimit(RLIMIT_NOFILE, &rl));
	rl.rlim_cur = next;
	ASSERT_EQ(0, setrlimit(RLIMIT_NOFILE, &rl));
	EXPECT_EQ(-EMFILE, axas_open_space(self->dev, id));
}

DEV_TEST(dev_unknown_commands)
{
	char buf[64] = { 64 };

	EXPECT_EQ(-ENOTTY, axas_ioctl(self->dev, _IO(AXAS_IOCTL_BASE, 0x05),
				      buf));
	EXPECT_EQ(-ENOTTY, axas_ioctl(self->dev, _IO(AXAS_IOCTL_BASE, 0x0f),
				      buf));
	EXPECT_EQ(-ENOTTY, axas_ioctl(self->dev, _IO(AXAS_IOCTL_BASE, 0x30),
				      buf));
	EXPECT_EQ(-ENOTTY, axas_ioctl(self->dev, _IO(AXAS_IOCTL_BASE, 0xff),
				      buf));
	/* a known number with another direction and size */
	EXPECT_EQ(-ENOTTY, axas_ioctl(self->dev,
				      _IOWR(AXAS_IOCTL_BASE, 0x01,
					    struct axas_info), buf));
	EXPECT_EQ(-ENOTTY, axas_ioctl(self->dev, _IO(0xAE, 0x01), buf));
}

TEST_HARNESS_MAIN
