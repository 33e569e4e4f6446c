// SPDX-License-Identifier: GPL-2.0
/*
 * kselftests of the space ioctls on one EPT4 space [0, 4 GiB), as
 * include/uapi/linux/axaddrspace.h documents them: the success path with
 * exact values and every documented errno of MAP_LINEAR, MAP_ALLOC, UNMAP,
 * PROTECT, CLEAR, TRANSLATE, TRANSLATE_RANGE, HANDLE_FAULT, ACCESS, WALK
 * and LIST_AREAS, one cause per test.  What depends on the format is
 * axas_format_test's, the rules all ioctls share axas_abi_test's.
 * Run as root (the test VM's init): HPAs are visible to CAP_SYS_ADMIN.
 */
#include "axas_util.h"
#include "kselftest_harness.h"

#define SPACE_LEN	SZ_4G

/* A plain TEST with an EPT4 space [0, 4 GiB) as self->fd. */
#define NAT_TEST(name)	AXAS_CTX_TEST(name, SPACE_LEN)

/* A second EPT4 space [1 GiB, 2 GiB): addresses below its base exist. */
static int nat_high_space(struct axas_ctx *self)
{
	return axas_create(self->dev, AXAS_FMT_EPT4, 0, SZ_1G, SZ_1G, 0,
			   NULL);
}

static void expect_areas(struct __test_metadata *_metadata, int fd,
			 __u32 nr, __u64 bytes)
{
	struct axas_space_info si = space_info_of(_metadata, fd);

	EXPECT_EQ(nr, si.nr_areas);
	EXPECT_EQ(bytes, si.mapped_bytes);
}

NAT_TEST(space_unknown_commands)
{
	struct axas_version v = { .size = sizeof(v) };
	char buf[64] = { 64 };

	EXPECT_EQ(-ENOTTY, axas_ioctl(self->fd, _IO(AXAS_IOCTL_BASE, 0x21),
				      buf));
	EXPECT_EQ(-ENOTTY, axas_ioctl(self->fd, _IO(AXAS_IOCTL_BASE, 0x2f),
				      buf));
	EXPECT_EQ(-ENOTTY, axas_ioctl(self->fd, _IO(AXAS_IOCTL_BASE, 0x30),
				      buf));
	EXPECT_EQ(-ENOTTY, axas_ioctl(self->fd,
				      _IOWR(AXAS_IOCTL_BASE, 0x16,
					    struct axas_translate), buf));
	EXPECT_EQ(-ENOTTY, axas_ioctl(self->fd, _IO(0xAE, 0x16), buf));
	/* /dev/axaddrspace commands are not space commands */
	EXPECT_EQ(-ENOTTY, axas_ioctl(self->fd, AXAS_IOC_VERSION, &v));
	EXPECT_EQ(0, v.api_version);
}

/* --- MAP_LINEAR --- */

NAT_TEST(linear_gpa_misaligned)
{
	EXPECT_EQ(-EINVAL, axas_map_linear(self->fd, SZ_2M + 0x800, MMIO_HPA,
					   SZ_4K, RW, 0));
	expect_areas(_metadata, self->fd, 0, 0);
}

NAT_TEST(linear_hpa_misaligned)
{
	EXPECT_EQ(-EINVAL, axas_map_linear(self->fd, SZ_2M, MMIO_HPA + 0x10,
					   SZ_4K, RW, 0));
	expect_areas(_metadata, self->fd, 0, 0);
}

NAT_TEST(linear_length_zero)
{
	EXPECT_EQ(-EINVAL, axas_map_linear(self->fd, SZ_2M, MMIO_HPA, 0, RW,
					   0));
}

NAT_TEST(linear_length_misaligned)
{
	EXPECT_EQ(-EINVAL, axas_map_linear(self->fd, SZ_2M, MMIO_HPA,
					   SZ_4K + 1, RW, 0));
	expect_areas(_metadata, self->fd, 0, 0);
}

NAT_TEST(linear_undefined_map_flags)
{
	int bit;

	for (bit = 6; bit < 32; bit++)
		EXPECT_EQ(-EINVAL, axas_map_linear(self->fd, SZ_2M, MMIO_HPA,
						   SZ_4K, RW | 1U << bit, 0))
			TH_LOG("bit %d", bit);
	expect_areas(_metadata, self->fd, 0, 0);
}

NAT_TEST(linear_device_and_uncached)
{
	EXPECT_EQ(-EINVAL, axas_map_linear(self->fd, SZ_2M, MMIO_HPA, SZ_4K,
					   RW | AXAS_MAP_DEVICE |
					   AXAS_MAP_UNCACHED, 0));
}

NAT_TEST(linear_outside_space)
{
	EXPECT_EQ(-ERANGE, axas_map_linear(self->fd, SPACE_LEN, MMIO_HPA,
					   SZ_4K, RW, 0));
}

NAT_TEST(linear_crosses_space_end)
{
	EXPECT_EQ(-ERANGE, axas_map_linear(self->fd, SPACE_LEN - SZ_4K,
					   MMIO_HPA, 2 * SZ_4K, RW, 0));
	expect_areas(_metadata, self->fd, 0, 0);
}

NAT_TEST(linear_below_space_base)
{
	int fd = nat_high_space(self);

	ASSERT_LE(0, fd);
	EXPECT_EQ(-ERANGE, axas_map_linear(fd, SZ_1G - SZ_4K, MMIO_HPA,
					   2 * SZ_4K, RW, 0));
}

NAT_TEST(linear_range_wraps_around)
{
	EXPECT_EQ(-ERANGE, axas_map_linear(self->fd, SZ_1G, MMIO_HPA,
					   ~0ULL - SZ_1G + 1 + SZ_4K, RW, 0));
}

NAT_TEST(linear_overlaps_area)
{
	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_2M, 2 * SZ_4K, RW, 0));
	EXPECT_EQ(-EEXIST, axas_map_linear(self->fd, SZ_2M + SZ_4K, MMIO_HPA,
					   2 * SZ_4K, RW, 0));
	EXPECT_EQ(-EEXIST, axas_map_linear(self->fd, SZ_2M - SZ_4K, MMIO_HPA,
					   2 * SZ_4K, RW, 0));
	EXPECT_EQ(-EEXIST, axas_map_linear(self->fd, 0, MMIO_HPA, SZ_1G, RW,
					   0));
	expect_areas(_metadata, self->fd, 1, 2 * SZ_4K);
}

NAT_TEST(linear_adjacent_areas)
{
	need_mmio(_metadata, MMIO_HPA, SZ_2M);
	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_2M, SZ_4K, RW, 0));
	EXPECT_EQ(0, axas_map_linear(self->fd, SZ_2M - SZ_4K, MMIO_HPA, SZ_4K,
				     RW, 0));
	EXPECT_EQ(0, axas_map_linear(self->fd, SZ_2M + SZ_4K, MMIO_HPA, SZ_4K,
				     RW, 0));
	expect_areas(_metadata, self->fd, 3, 3 * SZ_4K);
}

NAT_TEST(linear_hpa_beyond_phys_bits)
{
	__u64 limit = 1ULL << self->info0.phys_addr_bits;

	ASSERT_GT(64, self->info0.phys_addr_bits);
	EXPECT_EQ(-ERANGE, axas_map_linear(self->fd, SZ_2M, limit, SZ_4K, RW,
					   0));
	/* the last page below the limit and the first above it */
	EXPECT_EQ(-ERANGE, axas_map_linear(self->fd, SZ_2M, limit - SZ_4K,
					   2 * SZ_4K, RW, 0));
	/* a host range that wraps around */
	EXPECT_EQ(-ERANGE, axas_map_linear(self->fd, SZ_2M, ~0ULL - SZ_4K + 1,
					   2 * SZ_4K, RW, 0));
	expect_areas(_metadata, self->fd, 0, 0);
}

NAT_TEST(linear_system_ram)
{
	ASSERT_EQ(1, axas_hpa_is_ram(RAM_HPA, SZ_4K));
	if (self->info0.allow_ram_linear)
		SKIP(return, "allow_ram_linear is set");
	EXPECT_EQ(-EPERM, axas_map_linear(self->fd, SZ_2M, RAM_HPA, SZ_4K, RW,
					  0));
	expect_areas(_metadata, self->fd, 0, 0);
}

NAT_TEST(linear_system_ram_with_allow_ram_linear)
{
	static const char param[] =
		"/sys/module/axaddrspace/parameters/allow_ram_linear";
	struct axas_info info;
	int p, r1, r2;

	ASSERT_EQ(1, axas_hpa_is_ram(RAM_HPA, SZ_4K));
	if (self->info0.allow_ram_linear)
		SKIP(return, "allow_ram_linear already set");
	p = open(param, O_WRONLY);
	if (p < 0)
		SKIP(return, "%s: %s", param, strerror(errno));
	ASSERT_EQ(1, write(p, "Y", 1));
	r1 = axas_get_info(self->dev, &info);
	r2 = axas_map_linear(self->fd, SZ_2M, RAM_HPA, SZ_4K, RW, 0);
	/* back to the default before anything can fail */
	ASSERT_EQ(1, pwrite(p, "N", 1, 0));
	close(p);
	ASSERT_EQ(0, r1);
	EXPECT_EQ(1, info.allow_ram_linear);
	EXPECT_EQ(0, r2);
	ASSERT_EQ(0, axas_get_info(self->dev, &info));
	EXPECT_EQ(0, info.allow_ram_linear);
	/* the mapping made while it was allowed stays */
	expect_areas(_metadata, self->fd, 1, SZ_4K);
	EXPECT_EQ(-EPERM, axas_map_linear(self->fd, SZ_1G, RAM_HPA, SZ_4K, RW,
					  0));
}

NAT_TEST(linear_no_access_is_legal)
{
	struct axas_translate t;

	need_mmio(_metadata, MMIO_HPA, SZ_4K);
	ASSERT_EQ(0, axas_map_linear(self->fd, SZ_2M, MMIO_HPA, SZ_4K, 0, 0));
	ASSERT_EQ(0, axas_translate(self->fd, SZ_2M, &t));
	EXPECT_EQ(0, t.map_flags);
	EXPECT_EQ(MMIO_HPA, t.hpa);
}

/* --- MAP_ALLOC --- */

NAT_TEST(alloc_populate_is_zeroed)
{
	__u64 v = ~0ULL;
	int i;

	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_2M, 4 * SZ_4K, RW,
				    AXAS_ALLOC_POPULATE));
	for (i = 0; i < 4 * 512; i++) {
		ASSERT_EQ(0, axas_load(self->fd, SZ_2M + i * 8, 8, &v));
		ASSERT_EQ(0, v) TH_LOG("at %#x", i * 8);
	}
}

NAT_TEST(alloc_gpa_misaligned)
{
	EXPECT_EQ(-EINVAL, axas_map_alloc(self->fd, SZ_2M + 8, SZ_4K, RW, 0));
}

NAT_TEST(alloc_length_zero)
{
	EXPECT_EQ(-EINVAL, axas_map_alloc(self->fd, SZ_2M, 0, RW, 0));
}

NAT_TEST(alloc_length_misaligned)
{
	EXPECT_EQ(-EINVAL, axas_map_alloc(self->fd, SZ_2M, SZ_4K + 0x800, RW,
					  AXAS_ALLOC_POPULATE));
	expect_areas(_metadata, self->fd, 0, 0);
}

NAT_TEST(alloc_undefined_map_flags)
{
	EXPECT_EQ(-EINVAL, axas_map_alloc(self->fd, SZ_2M, SZ_4K, RW | 0x40,
					  0));
	EXPECT_EQ(-EINVAL, axas_map_alloc(self->fd, SZ_2M, SZ_4K,
					  RW | 0x80000000, 0));
}

NAT_TEST(alloc_device_and_uncached)
{
	EXPECT_EQ(-EINVAL, axas_map_alloc(self->fd, SZ_2M, SZ_4K,
					  RW | AXAS_MAP_DEVICE |
					  AXAS_MAP_UNCACHED, 0));
}

NAT_TEST(alloc_outside_space)
{
	EXPECT_EQ(-ERANGE, axas_map_alloc(self->fd, SPACE_LEN, SZ_4K, RW, 0));
}

NAT_TEST(alloc_crosses_space_end)
{
	EXPECT_EQ(-ERANGE, axas_map_alloc(self->fd, SPACE_LEN - SZ_4K,
					  2 * SZ_4K, RW, AXAS_ALLOC_POPULATE));
	expect_areas(_metadata, self->fd, 0, 0);
}

NAT_TEST(alloc_below_space_base)
{
	int fd = nat_high_space(self);

	ASSERT_LE(0, fd);
	EXPECT_EQ(-ERANGE, axas_map_alloc(fd, 0, SZ_4K, RW, 0));
}

NAT_TEST(alloc_range_wraps_around)
{
	EXPECT_EQ(-ERANGE, axas_map_alloc(self->fd, SZ_1G,
					  ~0ULL - SZ_1G + 1 + SZ_4K, RW, 0));
}

NAT_TEST(alloc_overlap_leaves_nothing)
{
	struct axas_space_info si;
	struct axas_info info;

	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_2M + 8 * SZ_4K, SZ_4K, RW,
				    0));
	/* a populate whose last page overlaps allocates nothing */
	EXPECT_EQ(-EEXIST, axas_map_alloc(self->fd, SZ_2M, 9 * SZ_4K, RW,
					  AXAS_ALLOC_POPULATE));
	ASSERT_EQ(0, axas_space_info(self->fd, &si));
	EXPECT_EQ(0, si.frames);
	EXPECT_EQ(0, si.leaves[0]);
	EXPECT_EQ(1, si.nr_areas);
	ASSERT_EQ(0, axas_get_info(self->dev, &info));
	EXPECT_EQ(self->info0.frames, info.frames);
}

/* --- UNMAP --- */

NAT_TEST(unmap_gpa_misaligned)
{
	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_2M, 2 * SZ_4K, RW, 0));
	EXPECT_EQ(-EINVAL, axas_unmap(self->fd, SZ_2M + 1, SZ_4K));
	expect_areas(_metadata, self->fd, 1, 2 * SZ_4K);
}

NAT_TEST(unmap_length_zero)
{
	EXPECT_EQ(-EINVAL, axas_unmap(self->fd, SZ_2M, 0));
}

NAT_TEST(unmap_length_misaligned)
{
	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_2M, 2 * SZ_4K, RW, 0));
	EXPECT_EQ(-EINVAL, axas_unmap(self->fd, SZ_2M, SZ_4K + 1));
	expect_areas(_metadata, self->fd, 1, 2 * SZ_4K);
}

NAT_TEST(unmap_outside_space)
{
	EXPECT_EQ(-ERANGE, axas_unmap(self->fd, SPACE_LEN, SZ_4K));
}

NAT_TEST(unmap_crosses_space_end)
{
	ASSERT_EQ(0, axas_map_alloc(self->fd, SPACE_LEN - SZ_4K, SZ_4K, RW,
				    0));
	EXPECT_EQ(-ERANGE, axas_unmap(self->fd, SPACE_LEN - SZ_4K, 2 * SZ_4K));
	expect_areas(_metadata, self->fd, 1, SZ_4K);
}

NAT_TEST(unmap_range_wraps_around)
{
	EXPECT_EQ(-ERANGE, axas_unmap(self->fd, SZ_1G,
				      ~0ULL - SZ_1G + 1 + SZ_4K));
}

NAT_TEST(unmap_hole_is_fine)
{
	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_2M, SZ_4K, RW, 0));
	EXPECT_EQ(0, axas_unmap(self->fd, SZ_1G, SZ_1G));
	expect_areas(_metadata, self->fd, 1, SZ_4K);
}

NAT_TEST(unmap_across_areas)
{
	struct axas_area_desc a[8];
	struct axas_space_info si;
	struct axas_info info;

	/* [2M, 2M+16K) populated, hole, [2M+32K, 2M+48K) populated */
	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_2M, 4 * SZ_4K, RW,
				    AXAS_ALLOC_POPULATE));
	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_2M + 8 * SZ_4K, 4 * SZ_4K,
				    RD, AXAS_ALLOC_POPULATE));
	ASSERT_EQ(0, axas_unmap(self->fd, SZ_2M + SZ_4K, 9 * SZ_4K));
	ASSERT_EQ(2, axas_list_areas(self->fd, 0, a, 8));
	EXPECT_EQ(SZ_2M, a[0].gpa);
	EXPECT_EQ(SZ_4K, a[0].length);
	EXPECT_EQ(RW, a[0].map_flags);
	EXPECT_EQ(SZ_2M + 10 * SZ_4K, a[1].gpa);
	EXPECT_EQ(2 * SZ_4K, a[1].length);
	EXPECT_EQ(RD, a[1].map_flags);
	ASSERT_EQ(0, axas_space_info(self->fd, &si));
	EXPECT_EQ(3, si.frames);
	EXPECT_EQ(3, si.leaves[0]);
	ASSERT_EQ(0, axas_get_info(self->dev, &info));
	EXPECT_EQ(self->info0.frames + 3, info.frames);
}

NAT_TEST(unmap_middle_of_alloc_area)
{
	struct axas_area_desc a[4];
	__u64 v;

	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_2M, 4 * SZ_4K, RW,
				    AXAS_ALLOC_POPULATE));
	ASSERT_EQ(0, axas_store(self->fd, SZ_2M + 3 * SZ_4K, 8, 0x1234));
	ASSERT_EQ(0, axas_unmap(self->fd, SZ_2M + SZ_4K, 2 * SZ_4K));
	ASSERT_EQ(2, axas_list_areas(self->fd, 0, a, 4));
	EXPECT_EQ(SZ_4K, a[0].length);
	EXPECT_EQ(SZ_4K, a[0].populated);
	EXPECT_EQ(SZ_2M + 3 * SZ_4K, a[1].gpa);
	EXPECT_EQ(AXAS_ALLOC_POPULATE, a[1].flags);
	/* the page that stayed kept its contents */
	ASSERT_EQ(0, axas_load(self->fd, SZ_2M + 3 * SZ_4K, 8, &v));
	EXPECT_EQ(0x1234, v);
	EXPECT_EQ(-EFAULT, axas_load(self->fd, SZ_2M + SZ_4K, 8, &v));
}

/* --- PROTECT --- */

NAT_TEST(protect_gpa_misaligned)
{
	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_2M, SZ_4K, RW, 0));
	EXPECT_EQ(-EINVAL, axas_protect(self->fd, SZ_2M + 4, SZ_4K, RD));
}

NAT_TEST(protect_length_zero)
{
	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_2M, SZ_4K, RW, 0));
	EXPECT_EQ(-EINVAL, axas_protect(self->fd, SZ_2M, 0, RD));
}

NAT_TEST(protect_length_misaligned)
{
	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_2M, 2 * SZ_4K, RW, 0));
	EXPECT_EQ(-EINVAL, axas_protect(self->fd, SZ_2M, SZ_4K + 4, RD));
}

NAT_TEST(protect_undefined_map_flags)
{
	struct axas_area_desc a;

	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_2M, SZ_4K, RW, 0));
	EXPECT_EQ(-EINVAL, axas_protect(self->fd, SZ_2M, SZ_4K, RD | 0x100));
	ASSERT_EQ(1, axas_list_areas(self->fd, 0, &a, 1));
	EXPECT_EQ(RW, a.map_flags);
}

NAT_TEST(protect_device_and_uncached)
{
	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_2M, SZ_4K, RW, 0));
	EXPECT_EQ(-EINVAL, axas_protect(self->fd, SZ_2M, SZ_4K,
					RD | AXAS_MAP_DEVICE |
					AXAS_MAP_UNCACHED));
}

NAT_TEST(protect_flags_the_format_refuses)
{
	struct axas_translate t;

	/* EPT and NPT (the x86 native formats): write without read */
	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_2M, SZ_4K, RW,
				    AXAS_ALLOC_POPULATE));
	EXPECT_EQ(-EINVAL, axas_protect(self->fd, SZ_2M, SZ_4K, WR));
	ASSERT_EQ(0, axas_translate(self->fd, SZ_2M, &t));
	EXPECT_EQ(RW, t.map_flags);
}

NAT_TEST(protect_outside_space)
{
	EXPECT_EQ(-ERANGE, axas_protect(self->fd, SPACE_LEN, SZ_4K, RD));
	EXPECT_EQ(-ERANGE, axas_protect(self->fd, SPACE_LEN - SZ_4K,
					2 * SZ_4K, RD));
}

NAT_TEST(protect_lazy_pages_fault_in_with_new_flags)
{
	struct axas_translate t;

	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_2M, 2 * SZ_4K, RW, 0));
	ASSERT_EQ(0, axas_protect(self->fd, SZ_2M, 2 * SZ_4K, RD));
	EXPECT_EQ(-EACCES, axas_fault(self->fd, SZ_2M, WR));
	ASSERT_EQ(0, axas_fault(self->fd, SZ_2M, RD));
	ASSERT_EQ(0, axas_translate(self->fd, SZ_2M, &t));
	EXPECT_EQ(RD, t.map_flags);
	expect_areas(_metadata, self->fd, 1, 2 * SZ_4K);
}

NAT_TEST(protect_splits_areas)
{
	struct axas_area_desc a[4];

	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_2M, 4 * SZ_4K, RW,
				    AXAS_ALLOC_POPULATE));
	ASSERT_EQ(0, axas_protect(self->fd, SZ_2M + SZ_4K, SZ_4K, RD | EX));
	ASSERT_EQ(3, axas_list_areas(self->fd, 0, a, 4));
	EXPECT_EQ(RW, a[0].map_flags);
	EXPECT_EQ(SZ_4K, a[0].length);
	EXPECT_EQ(RD | EX, a[1].map_flags);
	EXPECT_EQ(SZ_2M + SZ_4K, a[1].gpa);
	EXPECT_EQ(SZ_4K, a[1].length);
	EXPECT_EQ(RW, a[2].map_flags);
	EXPECT_EQ(2 * SZ_4K, a[2].length);
}

/* --- CLEAR --- */

NAT_TEST(clear_empty_space)
{
	struct axas_space_info si;

	ASSERT_EQ(0, axas_clear(self->fd));
	ASSERT_EQ(0, axas_space_info(self->fd, &si));
	EXPECT_EQ(1, si.table_pages);
	EXPECT_EQ(0, si.nr_areas);
}

NAT_TEST(clear_makes_everything_unmapped)
{
	struct axas_translate t;
	__u64 v;

	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_2M, SZ_4K, RW,
				    AXAS_ALLOC_POPULATE));
	ASSERT_EQ(0, axas_clear(self->fd));
	EXPECT_EQ(-ENOENT, axas_translate(self->fd, SZ_2M, &t));
	EXPECT_EQ(-EFAULT, axas_load(self->fd, SZ_2M, 8, &v));
	EXPECT_EQ(-EFAULT, axas_fault(self->fd, SZ_2M, RD));
}

/* --- TRANSLATE --- */

NAT_TEST(translate_outside_space)
{
	struct axas_translate t;
	int fd = nat_high_space(self);

	EXPECT_EQ(-ERANGE, axas_translate(self->fd, SPACE_LEN, &t));
	EXPECT_EQ(-ERANGE, axas_translate(self->fd, ~0ULL, &t));
	ASSERT_LE(0, fd);
	EXPECT_EQ(-ERANGE, axas_translate(fd, SZ_1G - 1, &t));
}

NAT_TEST(translate_no_area)
{
	struct axas_translate t;

	EXPECT_EQ(-ENOENT, axas_translate(self->fd, SZ_2M, &t));
}

NAT_TEST(translate_lazy_page_not_faulted)
{
	struct axas_translate t;

	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_2M, 2 * SZ_4K, RW, 0));
	EXPECT_EQ(-ENOENT, axas_translate(self->fd, SZ_2M + SZ_4K, &t));
}

NAT_TEST(translate_contig_stops_at_area_end)
{
	struct axas_translate t;

	/* two areas whose host ranges follow each other */
	need_mmio(_metadata, MMIO_HPA, 2 * SZ_4K);
	ASSERT_EQ(0, axas_map_linear(self->fd, SZ_2M, MMIO_HPA, SZ_4K, RW, 0));
	ASSERT_EQ(0, axas_map_linear(self->fd, SZ_2M + SZ_4K,
				     MMIO_HPA + SZ_4K, SZ_4K, RW, 0));
	ASSERT_EQ(0, axas_translate(self->fd, SZ_2M + 0x100, &t));
	EXPECT_EQ(SZ_4K - 0x100, t.contig);
	EXPECT_EQ(SZ_4K, t.area_size);
	EXPECT_EQ(SZ_2M, t.area_start);
}

/* --- TRANSLATE_RANGE --- */

/* Three 4 KiB linear areas at 2 MiB to scattered host pages. */
static void map_three_pages(struct __test_metadata *_metadata, int fd)
{
	need_mmio(_metadata, MMIO_HPA, 4 * SZ_2M);
	ASSERT_EQ(0, axas_map_linear(fd, SZ_2M, MMIO_HPA + 0x5000, SZ_4K, RW,
				     0));
	ASSERT_EQ(0, axas_map_linear(fd, SZ_2M + SZ_4K, MMIO_HPA + 0x1000,
				     SZ_4K, RW, 0));
	ASSERT_EQ(0, axas_map_linear(fd, SZ_2M + 2 * SZ_4K, MMIO_HPA + 0x2000,
				     SZ_4K, RW, 0));
}

NAT_TEST(translate_range_segments)
{
	struct axas_seg s[4];
	__u32 nr;

	map_three_pages(_metadata, self->fd);
	memset(s, 0xa5, sizeof(s));
	ASSERT_EQ(0, axas_translate_range(self->fd, SZ_2M + 0x10,
					  3 * SZ_4K - 0x20, s, 4, &nr));
	ASSERT_EQ(3, nr);
	EXPECT_EQ(SZ_2M + 0x10, s[0].gpa);
	EXPECT_EQ(MMIO_HPA + 0x5010, s[0].hpa);
	EXPECT_EQ(SZ_4K - 0x10, s[0].length);
	/* host-contiguous with the next page, but another area */
	EXPECT_EQ(SZ_2M + SZ_4K, s[1].gpa);
	EXPECT_EQ(MMIO_HPA + 0x1000, s[1].hpa);
	EXPECT_EQ(SZ_4K, s[1].length);
	EXPECT_EQ(SZ_2M + 2 * SZ_4K, s[2].gpa);
	EXPECT_EQ(MMIO_HPA + 0x2000, s[2].hpa);
	EXPECT_EQ(SZ_4K - 0x10, s[2].length);
	EXPECT_EQ(0xa5a5a5a5a5a5a5a5ULL, s[3].gpa);
}

NAT_TEST(translate_range_one_byte)
{
	struct axas_seg s;
	__u32 nr;

	map_three_pages(_metadata, self->fd);
	ASSERT_EQ(0, axas_translate_range(self->fd, SZ_2M + 0xfff, 1, &s, 1,
					  &nr));
	ASSERT_EQ(1, nr);
	EXPECT_EQ(MMIO_HPA + 0x5fff, s.hpa);
	EXPECT_EQ(1, s.length);
}

NAT_TEST(translate_range_too_many_segments)
{
	struct axas_translate_range r = {
		.size = sizeof(r),
		.gpa = SZ_2M,
		.length = 3 * SZ_4K,
		.nr_segs = 2,
	};
	struct axas_seg s[3];

	map_three_pages(_metadata, self->fd);
	memset(s, 0xa5, sizeof(s));
	r.segs = (uintptr_t)s;
	EXPECT_EQ(-EMSGSIZE, axas_ioctl(self->fd, AXAS_IOC_TRANSLATE_RANGE,
					&r));
	/* the structure says how many were needed, the first ones are there */
	EXPECT_EQ(3, r.nr_segs);
	EXPECT_EQ(SZ_2M, s[0].gpa);
	EXPECT_EQ(MMIO_HPA + 0x5000, s[0].hpa);
	EXPECT_EQ(SZ_2M + SZ_4K, s[1].gpa);
	EXPECT_EQ(0xa5a5a5a5a5a5a5a5ULL, s[2].gpa);
}

NAT_TEST(translate_range_counts_with_no_room)
{
	struct axas_translate_range r = {
		.size = sizeof(r),
		.gpa = SZ_2M,
		.length = 3 * SZ_4K,
	};

	map_three_pages(_metadata, self->fd);
	EXPECT_EQ(-EMSGSIZE, axas_ioctl(self->fd, AXAS_IOC_TRANSLATE_RANGE,
					&r));
	EXPECT_EQ(3, r.nr_segs);
}

NAT_TEST(translate_range_length_zero)
{
	struct axas_seg s[1];

	map_three_pages(_metadata, self->fd);
	EXPECT_EQ(-EINVAL, axas_translate_range(self->fd, SZ_2M, 0, s, 1,
						NULL));
}

NAT_TEST(translate_range_room_beyond_max_segs)
{
	/* room for more than max_segs is refused; max_segs itself is fine */
	__u32 n = self->info0.max_segs + 1, nr;
	struct axas_seg *s = calloc(n, sizeof(*s));

	ASSERT_NE(NULL, s);
	map_three_pages(_metadata, self->fd);
	EXPECT_EQ(-EINVAL, axas_translate_range(self->fd, SZ_2M, SZ_4K, s, n,
						&nr));
	ASSERT_EQ(0, axas_translate_range(self->fd, SZ_2M, SZ_4K, s, n - 1,
					  &nr));
	EXPECT_EQ(1, nr);
	EXPECT_EQ(MMIO_HPA + 0x5000, s[0].hpa);
	free(s);
}

NAT_TEST(translate_range_leaves_space)
{
	struct axas_seg s[2];

	ASSERT_EQ(0, axas_map_alloc(self->fd, SPACE_LEN - SZ_4K, SZ_4K, RW,
				    AXAS_ALLOC_POPULATE));
	EXPECT_EQ(-ERANGE, axas_translate_range(self->fd, SPACE_LEN - SZ_4K,
						SZ_4K + 1, s, 2, NULL));
	EXPECT_EQ(-ERANGE, axas_translate_range(self->fd, SPACE_LEN, 1, s, 2,
						NULL));
	EXPECT_EQ(-ERANGE, axas_translate_range(self->fd, SPACE_LEN - SZ_4K,
						~0ULL, s, 2, NULL));
}

NAT_TEST(translate_range_hole)
{
	struct axas_seg s[4];

	map_three_pages(_metadata, self->fd);
	EXPECT_EQ(-EFAULT, axas_translate_range(self->fd, SZ_2M, 4 * SZ_4K, s,
						4, NULL));
	EXPECT_EQ(-EFAULT, axas_translate_range(self->fd, SZ_2M - 1, 2, s, 4,
						NULL));
}

NAT_TEST(translate_range_lazy_page)
{
	struct axas_seg s[4];

	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_2M, 2 * SZ_4K, RW, 0));
	ASSERT_EQ(0, axas_fault(self->fd, SZ_2M, RD));
	EXPECT_EQ(-EFAULT, axas_translate_range(self->fd, SZ_2M, 2 * SZ_4K, s,
						4, NULL));
}

NAT_TEST(translate_range_segs_not_writable)
{
	struct axas_seg s;

	map_three_pages(_metadata, self->fd);
	EXPECT_EQ(-EFAULT, axas_translate_range(self->fd, SZ_2M, SZ_4K, NULL,
						1, NULL));
	EXPECT_EQ(-EFAULT, axas_translate_range(self->fd, SZ_2M, SZ_4K,
						axas_hole(), 1, NULL));
	EXPECT_EQ(-EFAULT, axas_translate_range(self->fd, SZ_2M, SZ_4K,
						axas_ro_page(&s, 0), 1, NULL));
}

/* --- HANDLE_FAULT --- */

NAT_TEST(fault_installs_one_frame_once)
{
	struct axas_space_info si;
	struct axas_info info;
	struct axas_area_desc a;

	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_2M, 4 * SZ_4K, RW, 0));
	ASSERT_EQ(0, axas_fault(self->fd, SZ_2M + SZ_4K + 0x123, RD));
	ASSERT_EQ(0, axas_fault(self->fd, SZ_2M + SZ_4K, RD | WR));
	ASSERT_EQ(0, axas_space_info(self->fd, &si));
	EXPECT_EQ(1, si.frames);
	EXPECT_EQ(1, si.faults);
	EXPECT_EQ(1, si.leaves[0]);
	ASSERT_EQ(0, axas_get_info(self->dev, &info));
	EXPECT_EQ(self->info0.frames + 1, info.frames);
	ASSERT_EQ(1, axas_list_areas(self->fd, 0, &a, 1));
	EXPECT_EQ(SZ_4K, a.populated);
	EXPECT_EQ(0, a.flags);
}

NAT_TEST(fault_on_present_page_is_a_noop)
{
	struct axas_space_info si;

	need_mmio(_metadata, MMIO_HPA, SZ_4K);
	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_2M, SZ_4K, RW,
				    AXAS_ALLOC_POPULATE));
	ASSERT_EQ(0, axas_map_linear(self->fd, SZ_1G, MMIO_HPA, SZ_4K, RW, 0));
	EXPECT_EQ(0, axas_fault(self->fd, SZ_2M, WR));
	EXPECT_EQ(0, axas_fault(self->fd, SZ_1G, RD));
	ASSERT_EQ(0, axas_space_info(self->fd, &si));
	EXPECT_EQ(1, si.frames);
	EXPECT_EQ(0, si.faults);
}

NAT_TEST(fault_counter_survives_clear)
{
	struct axas_space_info si;

	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_2M, 2 * SZ_4K, RW, 0));
	ASSERT_EQ(0, axas_fault(self->fd, SZ_2M, RD));
	ASSERT_EQ(0, axas_fault(self->fd, SZ_2M + SZ_4K, RD));
	ASSERT_EQ(0, axas_clear(self->fd));
	ASSERT_EQ(0, axas_space_info(self->fd, &si));
	EXPECT_EQ(0, si.frames);
	EXPECT_EQ(2, si.faults);
}

NAT_TEST(fault_access_zero)
{
	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_2M, SZ_4K, RW, 0));
	EXPECT_EQ(-EINVAL, axas_fault(self->fd, SZ_2M, 0));
}

NAT_TEST(fault_access_not_rwx)
{
	__u32 bit;

	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_2M, SZ_4K,
				    AXAS_MAP_FLAGS_ALL & ~AXAS_MAP_DEVICE, 0));
	for (bit = 3; bit < 32; bit++)
		EXPECT_EQ(-EINVAL, axas_fault(self->fd, SZ_2M, RD | 1U << bit))
			TH_LOG("bit %u", bit);
	expect_areas(_metadata, self->fd, 1, SZ_4K);
}

NAT_TEST(fault_outside_space)
{
	EXPECT_EQ(-ERANGE, axas_fault(self->fd, SPACE_LEN, RD));
}

NAT_TEST(fault_no_area)
{
	EXPECT_EQ(-EFAULT, axas_fault(self->fd, SZ_2M, RD));
}

NAT_TEST(fault_access_not_allowed)
{
	struct axas_space_info si;

	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_2M, SZ_4K, RD, 0));
	EXPECT_EQ(-EACCES, axas_fault(self->fd, SZ_2M, WR));
	EXPECT_EQ(-EACCES, axas_fault(self->fd, SZ_2M, EX));
	EXPECT_EQ(-EACCES, axas_fault(self->fd, SZ_2M, RD | WR));
	ASSERT_EQ(0, axas_space_info(self->fd, &si));
	EXPECT_EQ(0, si.frames);
}

/* --- ACCESS --- */

NAT_TEST(access_widths)
{
	__u64 v;

	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_2M, SZ_4K, RW,
				    AXAS_ALLOC_POPULATE));
	ASSERT_EQ(0, axas_store(self->fd, SZ_2M + 8, 8, 0x1122334455667788ULL));
	ASSERT_EQ(0, axas_load(self->fd, SZ_2M + 8, 1, &v));
	EXPECT_EQ(0x88, v);
	ASSERT_EQ(0, axas_load(self->fd, SZ_2M + 15, 1, &v));
	EXPECT_EQ(0x11, v);
	ASSERT_EQ(0, axas_load(self->fd, SZ_2M + 10, 2, &v));
	EXPECT_EQ(0x5566, v);
	ASSERT_EQ(0, axas_load(self->fd, SZ_2M + 12, 4, &v));
	EXPECT_EQ(0x11223344, v);
	/* a store of @width bytes touches exactly those */
	ASSERT_EQ(0, axas_store(self->fd, SZ_2M + 10, 2, 0xabcd));
	ASSERT_EQ(0, axas_load(self->fd, SZ_2M + 8, 8, &v));
	EXPECT_EQ(0x11223344abcd7788ULL, v);
	ASSERT_EQ(0, axas_store(self->fd, SZ_2M + 15, 1, 0xee));
	ASSERT_EQ(0, axas_store(self->fd, SZ_2M + 8, 4, 0xdeadbeef));
	ASSERT_EQ(0, axas_load(self->fd, SZ_2M + 8, 8, &v));
	EXPECT_EQ(0xee223344deadbeefULL, v);
	/* neighbours untouched */
	ASSERT_EQ(0, axas_load(self->fd, SZ_2M, 8, &v));
	EXPECT_EQ(0, v);
	ASSERT_EQ(0, axas_load(self->fd, SZ_2M + 16, 8, &v));
	EXPECT_EQ(0, v);
}

NAT_TEST(access_bad_width)
{
	static const __u32 widths[] = { 0, 3, 5, 6, 7, 16, 32, 0x80000008 };
	unsigned int i;
	__u64 v;

	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_2M, SZ_4K, RW,
				    AXAS_ALLOC_POPULATE));
	for (i = 0; i < sizeof(widths) / sizeof(widths[0]); i++) {
		EXPECT_EQ(-EINVAL, axas_load(self->fd, SZ_2M, widths[i], &v))
			TH_LOG("width %u", widths[i]);
		EXPECT_EQ(-EINVAL, axas_store(self->fd, SZ_2M, widths[i], 0))
			TH_LOG("width %u", widths[i]);
	}
}

NAT_TEST(access_misaligned)
{
	__u64 v;

	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_2M, SZ_4K, RW,
				    AXAS_ALLOC_POPULATE));
	EXPECT_EQ(-EINVAL, axas_load(self->fd, SZ_2M + 1, 2, &v));
	EXPECT_EQ(-EINVAL, axas_load(self->fd, SZ_2M + 2, 4, &v));
	EXPECT_EQ(-EINVAL, axas_store(self->fd, SZ_2M + 4, 8, 1));
	/* across the page boundary */
	EXPECT_EQ(-EINVAL, axas_load(self->fd, SZ_2M + SZ_4K - 4, 8, &v));
}

NAT_TEST(access_outside_space)
{
	__u64 v;

	EXPECT_EQ(-ERANGE, axas_load(self->fd, SPACE_LEN, 4, &v));
	EXPECT_EQ(-ERANGE, axas_store(self->fd, ~0ULL - 7, 8, 0));
}

NAT_TEST(access_no_area)
{
	__u64 v;

	EXPECT_EQ(-EFAULT, axas_load(self->fd, SZ_2M, 4, &v));
	EXPECT_EQ(-EFAULT, axas_store(self->fd, SZ_2M, 4, 0));
}

NAT_TEST(access_linear_area)
{
	__u64 v;

	need_mmio(_metadata, MMIO_HPA, SZ_4K);
	ASSERT_EQ(0, axas_map_linear(self->fd, SZ_2M, MMIO_HPA, SZ_4K, RW, 0));
	EXPECT_EQ(-EOPNOTSUPP, axas_load(self->fd, SZ_2M, 4, &v));
	EXPECT_EQ(-EOPNOTSUPP, axas_store(self->fd, SZ_2M, 4, 0));
}

NAT_TEST(access_lazy_load_reads_zero)
{
	struct axas_space_info si;
	__u64 v = 1;

	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_2M, SZ_4K, RW, 0));
	ASSERT_EQ(0, axas_load(self->fd, SZ_2M + 8, 8, &v));
	EXPECT_EQ(0, v);
	ASSERT_EQ(0, axas_space_info(self->fd, &si));
	EXPECT_EQ(0, si.frames);
	EXPECT_EQ(0, si.leaves[0]);
}

NAT_TEST(access_lazy_store_faults_in)
{
	struct axas_space_info si;
	struct axas_translate t;
	__u64 v;

	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_2M, 2 * SZ_4K, RW, 0));
	ASSERT_EQ(0, axas_store(self->fd, SZ_2M + SZ_4K + 4, 4, 0xcafe));
	ASSERT_EQ(0, axas_space_info(self->fd, &si));
	EXPECT_EQ(1, si.frames);
	EXPECT_EQ(1, si.faults);
	ASSERT_EQ(0, axas_translate(self->fd, SZ_2M + SZ_4K, &t));
	ASSERT_EQ(0, axas_load(self->fd, SZ_2M + SZ_4K, 8, &v));
	EXPECT_EQ(0xcafe00000000ULL, v);
}

/* --- WALK --- */

static int walk(int fd, __u64 gpa, __u64 end, __u32 nr, __u32 entry_size,
		void *entries)
{
	struct axas_walk w = {
		.size = sizeof(w),
		.gpa = gpa,
		.end = end,
		.level = AXAS_WALK_LEVEL_ANY,
		.nr_entries = nr,
		.entry_size = entry_size,
		.entries = (uintptr_t)entries,
	};
	int ret = axas_ioctl(fd, AXAS_IOC_WALK, &w);

	return ret ? ret : (int)w.nr_entries;
}

NAT_TEST(walk_starts_inside_a_leaf)
{
	struct axas_walk_entry e[4];
	struct axas_walk w = {
		.size = sizeof(w),
		.gpa = 0x300000,
		.end = 0x380000,
		.level = AXAS_WALK_LEVEL_ANY,
		.nr_entries = 4,
		.entry_size = sizeof(e[0]),
		.entries = (uintptr_t)e,
	};

	need_mmio(_metadata, MMIO_HPA, SZ_2M);
	ASSERT_EQ(0, axas_map_linear(self->fd, SZ_2M, MMIO_HPA, SZ_2M, RW, 0));
	ASSERT_EQ(0, axas_ioctl(self->fd, AXAS_IOC_WALK, &w));
	ASSERT_EQ(1, w.nr_entries);
	EXPECT_EQ(0x380000, w.gpa);
	EXPECT_EQ(SZ_2M, e[0].gpa);
	EXPECT_EQ(SZ_2M, e[0].length);
	EXPECT_EQ(MMIO_HPA, e[0].hpa);
}

/* A cursor started inside a leaf, one entry per call, tables included. */
NAT_TEST(walk_cursor_from_inside_a_leaf)
{
	struct axas_walk_entry all[16];
	int n;

	need_mmio(_metadata, MMIO_HPA, 2 * SZ_2M);
	ASSERT_EQ(0, axas_map_linear(self->fd, SZ_2M, MMIO_HPA, SZ_2M, RW, 0));
	ASSERT_EQ(0, axas_map_linear(self->fd, 2 * SZ_2M, MMIO_HPA + SZ_2M,
				     2 * SZ_4K, RW, 0));
	n = axas_walk_all(self->fd, 0x300000, SZ_1G, AXAS_WALK_TABLES, 16, all,
			  16, NULL);
	/* L3 and L2 tables, the 2 MiB leaf, an L1 table, two pages */
	ASSERT_EQ(6, n);
	EXPECT_EQ(0, all[0].gpa);
	EXPECT_EQ(SZ_2M, all[2].gpa);
	EXPECT_EQ(1, all[2].level);
	expect_walk_one_by_one(_metadata, self->fd, 0x300000, SZ_1G,
			       AXAS_WALK_TABLES, all, n);
}

NAT_TEST(walk_empty_space)
{
	struct axas_walk_entry e[4];
	struct axas_walk w = {
		.size = sizeof(w),
		.end = SPACE_LEN,
		.level = AXAS_WALK_LEVEL_ANY,
		.nr_entries = 4,
		.entry_size = sizeof(e[0]),
		.entries = (uintptr_t)e,
	};

	ASSERT_EQ(0, axas_ioctl(self->fd, AXAS_IOC_WALK, &w));
	EXPECT_EQ(0, w.nr_entries);
	EXPECT_EQ(SPACE_LEN, w.gpa);
	w.gpa = 0;
	w.flags = AXAS_WALK_TABLES;
	w.nr_entries = 4;
	ASSERT_EQ(0, axas_ioctl(self->fd, AXAS_IOC_WALK, &w));
	EXPECT_EQ(0, w.nr_entries);
}

NAT_TEST(walk_entry_size_too_short)
{
	struct axas_walk_entry e[2];

	ASSERT_EQ(0, axas_map_alloc(self->fd, 0, SZ_4K, RW,
				    AXAS_ALLOC_POPULATE));
	EXPECT_EQ(-EINVAL, walk(self->fd, 0, SPACE_LEN, 2, 40, e));
	EXPECT_EQ(-EINVAL, walk(self->fd, 0, SPACE_LEN, 2, 0, e));
}

NAT_TEST(walk_entry_size_too_long)
{
	/* at most 4096 */
	static char buf[2 * 4097];

	ASSERT_EQ(0, axas_map_alloc(self->fd, 0, SZ_4K, RW,
				    AXAS_ALLOC_POPULATE));
	EXPECT_EQ(-EINVAL, walk(self->fd, 0, SPACE_LEN, 2, 4097, buf));
	EXPECT_EQ(1, walk(self->fd, 0, SPACE_LEN, 2, 4096, buf));
}

NAT_TEST(walk_entry_size_longer_zero_extended)
{
	struct { struct axas_walk_entry e; __u64 more[2]; } e[2];

	ASSERT_EQ(0, axas_map_alloc(self->fd, 0, 2 * SZ_4K, RW,
				    AXAS_ALLOC_POPULATE));
	memset(e, 0xa5, sizeof(e));
	ASSERT_EQ(2, walk(self->fd, 0, SPACE_LEN, 2, sizeof(e[0]), e));
	EXPECT_EQ(0, e[0].e.gpa);
	EXPECT_EQ(SZ_4K, e[1].e.gpa);
	expect_zero_tails(_metadata, e, sizeof(e[0]), sizeof(e[0].e), 2);
}

NAT_TEST(walk_end_not_above_gpa)
{
	struct axas_walk_entry e[2];

	EXPECT_EQ(-EINVAL, walk(self->fd, SZ_2M, SZ_2M, 2, sizeof(e[0]), e));
	EXPECT_EQ(-EINVAL, walk(self->fd, SZ_2M, SZ_4K, 2, sizeof(e[0]), e));
}

NAT_TEST(walk_beyond_space)
{
	struct axas_walk_entry e[2];
	int fd = nat_high_space(self);

	EXPECT_EQ(-ERANGE, walk(self->fd, 0, SPACE_LEN + SZ_4K, 2,
				sizeof(e[0]), e));
	ASSERT_LE(0, fd);
	EXPECT_EQ(-ERANGE, walk(fd, 0, 2 * SZ_1G, 2, sizeof(e[0]), e));
}

NAT_TEST(walk_entries_not_writable)
{
	struct axas_walk_entry e;

	ASSERT_EQ(0, axas_map_alloc(self->fd, 0, SZ_4K, RW,
				    AXAS_ALLOC_POPULATE));
	EXPECT_EQ(-EFAULT, walk(self->fd, 0, SPACE_LEN, 1, sizeof(e), NULL));
	EXPECT_EQ(-EFAULT, walk(self->fd, 0, SPACE_LEN, 1, sizeof(e),
				axas_hole()));
	EXPECT_EQ(-EFAULT, walk(self->fd, 0, SPACE_LEN, 1, sizeof(e),
				axas_ro_page(&e, 0)));
}

NAT_TEST(walk_at_most_max_entries_per_call)
{
	__u32 max = self->info0.max_entries;
	struct axas_walk_entry *e = calloc(max + 1, sizeof(*e));
	struct axas_walk w = {
		.size = sizeof(w),
		.end = SZ_1G,
		.level = AXAS_WALK_LEVEL_ANY,
		.nr_entries = max + 1,
		.entry_size = sizeof(*e),
		.entries = (uintptr_t)e,
	};

	ASSERT_NE(NULL, e);
	if (max >= 4096)
		SKIP(return, "max_entries %u: window too small", max);
	/* max + 1 leaves of 4 KiB */
	need_mmio(_metadata, MMIO_HPA, (max + 1) * SZ_4K);
	ASSERT_EQ(0, axas_map_linear(self->fd, 0, MMIO_HPA, (max + 1) * SZ_4K,
				     RW, AXAS_LINEAR_NOHUGE));
	ASSERT_EQ(0, axas_ioctl(self->fd, AXAS_IOC_WALK, &w));
	EXPECT_EQ(max, w.nr_entries);
	EXPECT_EQ(max * SZ_4K, w.gpa);
	EXPECT_EQ((max - 1) * SZ_4K, e[max - 1].gpa);
	w.nr_entries = max + 1;
	ASSERT_EQ(0, axas_ioctl(self->fd, AXAS_IOC_WALK, &w));
	EXPECT_EQ(1, w.nr_entries);
	EXPECT_EQ(max * SZ_4K, e[0].gpa);
	EXPECT_EQ(SZ_1G, w.gpa);
	free(e);
}

/* --- LIST_AREAS --- */

NAT_TEST(list_areas_every_backend)
{
	struct axas_area_desc a[8];
	void *u = axas_anon(2 * SZ_4K, PROT_READ | PROT_WRITE);

	ASSERT_NE(NULL, u);
	need_mmio(_metadata, MMIO_HPA, SZ_2M);
	ASSERT_EQ(0, axas_map_linear(self->fd, SZ_2M, MMIO_HPA, SZ_2M,
				     RW | AXAS_MAP_DEVICE, 0));
	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_1G, 3 * SZ_4K, RW | EX,
				    AXAS_ALLOC_POPULATE));
	ASSERT_EQ(0, axas_map_alloc(self->fd, 2 * SZ_1G, 4 * SZ_4K, RD, 0));
	ASSERT_EQ(0, axas_fault(self->fd, 2 * SZ_1G + SZ_4K, RD));
	ASSERT_EQ(0, axas_map_user(self->fd, 3 * SZ_1G, 2 * SZ_4K, u,
				   RW | AXAS_MAP_USER));
	memset(a, 0xa5, sizeof(a));
	ASSERT_EQ(4, axas_list_areas(self->fd, 0, a, 8));
	EXPECT_EQ(SZ_2M, a[0].gpa);
	EXPECT_EQ(SZ_2M, a[0].length);
	EXPECT_EQ(AXAS_BACKEND_LINEAR, a[0].backend);
	EXPECT_EQ(RW | AXAS_MAP_DEVICE, a[0].map_flags);
	EXPECT_EQ(MMIO_HPA, a[0].hpa);
	EXPECT_EQ(SZ_2M, a[0].populated);
	EXPECT_EQ(0, a[0].flags);
	EXPECT_EQ(0, a[0].__reserved);
	EXPECT_EQ(SZ_1G, a[1].gpa);
	EXPECT_EQ(3 * SZ_4K, a[1].length);
	EXPECT_EQ(AXAS_BACKEND_ALLOC, a[1].backend);
	EXPECT_EQ(RW | EX, a[1].map_flags);
	EXPECT_EQ(0, a[1].hpa);
	EXPECT_EQ(3 * SZ_4K, a[1].populated);
	EXPECT_EQ(AXAS_ALLOC_POPULATE, a[1].flags);
	EXPECT_EQ(2 * SZ_1G, a[2].gpa);
	EXPECT_EQ(4 * SZ_4K, a[2].length);
	EXPECT_EQ(AXAS_BACKEND_ALLOC, a[2].backend);
	EXPECT_EQ(RD, a[2].map_flags);
	EXPECT_EQ(SZ_4K, a[2].populated);
	EXPECT_EQ(0, a[2].flags);
	EXPECT_EQ(3 * SZ_1G, a[3].gpa);
	EXPECT_EQ(2 * SZ_4K, a[3].length);
	EXPECT_EQ(AXAS_BACKEND_USER, a[3].backend);
	EXPECT_EQ(RW | AXAS_MAP_USER, a[3].map_flags);
	EXPECT_EQ(0, a[3].hpa);
	EXPECT_EQ(2 * SZ_4K, a[3].populated);
	EXPECT_EQ(0, a[3].flags);
	EXPECT_EQ(0xa5a5a5a5a5a5a5a5ULL, a[4].gpa);
}

NAT_TEST(list_areas_resumes)
{
	struct axas_area_desc a;
	struct axas_list_areas l = {
		.size = sizeof(l),
		.entry_size = sizeof(a),
		.entries = (uintptr_t)&a,
	};
	__u64 seen[8];
	int i, n = 0, calls = 0;

	for (i = 0; i < 3; i++)
		ASSERT_EQ(0, axas_map_alloc(self->fd, (i + 1) * SZ_1G,
					    (i + 1) * SZ_4K, RW, 0));
	do {
		l.nr_entries = 1;
		ASSERT_EQ(0, axas_ioctl(self->fd, AXAS_IOC_LIST_AREAS, &l));
		ASSERT_GE(1, l.nr_entries);
		if (l.nr_entries)
			seen[n++] = a.gpa;
		l.gpa = l.next_gpa;
		ASSERT_GT(8, ++calls);
	} while (l.next_gpa);
	ASSERT_EQ(3, n);
	for (i = 0; i < 3; i++)
		EXPECT_EQ((i + 1) * SZ_1G, seen[i]);
}

NAT_TEST(list_areas_from_inside_an_area)
{
	struct axas_area_desc a[4];

	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_2M, 4 * SZ_4K, RW, 0));
	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_1G, SZ_4K, RW, 0));
	/* areas that end above gpa: the first one still does */
	ASSERT_EQ(2, axas_list_areas(self->fd, SZ_2M + 3 * SZ_4K, a, 4));
	EXPECT_EQ(SZ_2M, a[0].gpa);
	EXPECT_EQ(SZ_1G, a[1].gpa);
	/* ... but not from its end */
	ASSERT_EQ(1, axas_list_areas(self->fd, SZ_2M + 4 * SZ_4K, a, 4));
	EXPECT_EQ(SZ_1G, a[0].gpa);
	ASSERT_EQ(0, axas_list_areas(self->fd, SZ_1G + SZ_4K, a, 4));
}

NAT_TEST(list_areas_entry_size_too_short)
{
	struct axas_area_desc a[2];
	struct axas_list_areas l = {
		.size = sizeof(l),
		.nr_entries = 2,
		.entry_size = sizeof(a[0]) - 8,
		.entries = (uintptr_t)a,
	};

	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_2M, SZ_4K, RW, 0));
	EXPECT_EQ(-EINVAL, axas_ioctl(self->fd, AXAS_IOC_LIST_AREAS, &l));
	l.entry_size = 0;
	EXPECT_EQ(-EINVAL, axas_ioctl(self->fd, AXAS_IOC_LIST_AREAS, &l));
}

NAT_TEST(list_areas_entry_size_too_long)
{
	/* at most 4096 */
	static char buf[2 * 4097];
	struct axas_list_areas l = {
		.size = sizeof(l),
		.nr_entries = 2,
		.entry_size = 4097,
		.entries = (uintptr_t)buf,
	};

	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_2M, SZ_4K, RW, 0));
	EXPECT_EQ(-EINVAL, axas_ioctl(self->fd, AXAS_IOC_LIST_AREAS, &l));
	l.entry_size = 4096;
	EXPECT_EQ(0, axas_ioctl(self->fd, AXAS_IOC_LIST_AREAS, &l));
	EXPECT_EQ(1, l.nr_entries);
}

NAT_TEST(list_areas_no_room)
{
	struct axas_area_desc a;
	struct axas_list_areas l = {
		.size = sizeof(l),
		.nr_entries = 0,
		.entry_size = sizeof(a),
		.entries = (uintptr_t)&a,
	};

	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_2M, SZ_4K, RW, 0));
	EXPECT_EQ(-EINVAL, axas_ioctl(self->fd, AXAS_IOC_LIST_AREAS, &l));
}

NAT_TEST(list_areas_entry_size_longer_zero_extended)
{
	struct { struct axas_area_desc a; __u64 more[3]; } e[2];
	struct axas_list_areas l = {
		.size = sizeof(l),
		.nr_entries = 2,
		.entry_size = sizeof(e[0]),
		.entries = (uintptr_t)e,
	};

	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_2M, SZ_4K, RW, 0));
	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_1G, SZ_4K, RD, 0));
	memset(e, 0xa5, sizeof(e));
	ASSERT_EQ(0, axas_ioctl(self->fd, AXAS_IOC_LIST_AREAS, &l));
	ASSERT_EQ(2, l.nr_entries);
	EXPECT_EQ(SZ_2M, e[0].a.gpa);
	EXPECT_EQ(SZ_1G, e[1].a.gpa);
	EXPECT_EQ(RD, e[1].a.map_flags);
	expect_zero_tails(_metadata, e, sizeof(e[0]), sizeof(e[0].a), 2);
}

NAT_TEST(list_areas_entries_not_writable)
{
	struct axas_area_desc a;

	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_2M, SZ_4K, RW, 0));
	EXPECT_EQ(-EFAULT, axas_list_areas(self->fd, 0, NULL, 1));
	EXPECT_EQ(-EFAULT, axas_list_areas(self->fd, 0, axas_hole(), 1));
	EXPECT_EQ(-EFAULT, axas_list_areas(self->fd, 0, axas_ro_page(&a, 0),
					   1));
}

NAT_TEST(list_areas_room_beyond_max_entries)
{
	/* at most max_entries per call: more room is not an error */
	__u32 n = self->info0.max_entries + 1;
	struct axas_area_desc *a = calloc(n, sizeof(*a));

	ASSERT_NE(NULL, a);
	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_2M, SZ_4K, RW, 0));
	ASSERT_EQ(1, axas_list_areas(self->fd, 0, a, n));
	EXPECT_EQ(SZ_2M, a[0].gpa);
	free(a);
}

TEST_HARNESS_MAIN
