// SPDX-License-Identifier: GPL-2.0
/*
 * kselftests of the address-space ioctls, as include/uapi/linux/axaddrspace.h
 * documents them:
 *  - fmt:  what depends on the page-table format (one variant per format):
 *          geometry, root pointers, exact leaf choice, table pages, raw
 *          entries, the resumable walk, splits, the flag sets each format
 *          refuses;
 *  - abi:  the rules every ioctl shares (one variant per ioctl): size
 *          negotiation, undefined flag bits, reserved fields, bad argument
 *          pointers, the wrong kind of file descriptor;
 *  - dev, nat: the success path and every documented errno of each ioctl,
 *          one cause per test, on the native format.
 * Run as root (the test VM's init): HPAs are visible to CAP_SYS_ADMIN.
 */
#include <limits.h>
#include <stddef.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "axas_util.h"
#include "kselftest_harness.h"

/* Every space of these tests is [0, 4 GiB). */
#define SPACE_LEN	SZ_4G

/* Levels and root pages of an arm64 stage-2 table of @bits IPA bits. */
static void s2_geometry(unsigned int bits, unsigned int *levels,
			unsigned int *root_pages)
{
	unsigned int l = 1, root_bits;

	/* the fewest levels whose root concatenates at most 16 tables */
	while (bits - 12 - 9 * (l - 1) > 13)
		l++;
	root_bits = bits - 12 - 9 * (l - 1);
	*levels = l;
	*root_pages = root_bits > 9 ? 1U << (root_bits - 9) : 1;
}

/* Bytes mapped by one entry at @level. */
static __u64 level_size(unsigned int level)
{
	return 1ULL << (12 + 9 * level);
}

/* Whether @fam refuses the AXAS_MAP_* set @flags (DESIGN.md section 3). */
static bool refused(enum family fam, __u32 flags)
{
	bool r = flags & RD, w = flags & WR, x = flags & EX;

	if ((flags & AXAS_MAP_DEVICE) && (flags & AXAS_MAP_UNCACHED))
		return true;
	switch (fam) {
	case FAM_EPT:
	case FAM_RV:
		return w && !r;
	case FAM_NPT:
		return (w || x) && !r;
	case FAM_S2:
		return x && (flags & AXAS_MAP_DEVICE);
	}
	return true;
}

/* ---------------------------------------------------------------------
 * fmt: one variant per format
 */

FIXTURE(fmt) {
	int dev;
	int fd;
	__u32 id;
	struct axas_info info0;		/* before the space was created */
	/* the format as it resolved */
	enum family fam;
	__u32 format;
	__u32 gpa_bits;
	__u32 levels;
	__u32 root_pages;
};

FIXTURE_VARIANT(fmt) {
	__u32 format;		/* as passed to CREATE_SPACE */
	__u32 gpa_bits;		/* as passed to CREATE_SPACE */
	__u64 vmid;
};

FIXTURE_VARIANT_ADD(fmt, ept4) { .format = AXAS_FMT_EPT4 };
FIXTURE_VARIANT_ADD(fmt, ept5) { .format = AXAS_FMT_EPT5 };
FIXTURE_VARIANT_ADD(fmt, npt4) { .format = AXAS_FMT_NPT4 };
FIXTURE_VARIANT_ADD(fmt, npt5) { .format = AXAS_FMT_NPT5 };
FIXTURE_VARIANT_ADD(fmt, s2_40) {
	.format = AXAS_FMT_ARM_S2, .gpa_bits = 40, .vmid = 0xfffe,
};
FIXTURE_VARIANT_ADD(fmt, s2_48) {
	.format = AXAS_FMT_ARM_S2, .gpa_bits = 48, .vmid = 7,
};
FIXTURE_VARIANT_ADD(fmt, sv39x4) { .format = AXAS_FMT_SV39X4, .vmid = 0x3fff };
FIXTURE_VARIANT_ADD(fmt, sv48x4) { .format = AXAS_FMT_SV48X4, .vmid = 1 };
FIXTURE_VARIANT_ADD(fmt, sv57x4) { .format = AXAS_FMT_SV57X4, .vmid = 0x155 };
FIXTURE_VARIANT_ADD(fmt, native) { .format = AXAS_FMT_NATIVE };

/* What a format id and width resolve to, restated from the header. */
static void fmt_resolve(FIXTURE_DATA(fmt) *self, __u32 format, __u32 bits)
{
	self->format = format;
	self->root_pages = 1;
	switch (format) {
	case AXAS_FMT_EPT4:
	case AXAS_FMT_EPT5:
		self->fam = FAM_EPT;
		self->levels = format == AXAS_FMT_EPT5 ? 5 : 4;
		self->gpa_bits = format == AXAS_FMT_EPT5 ? 57 : 48;
		break;
	case AXAS_FMT_NPT4:
	case AXAS_FMT_NPT5:
		self->fam = FAM_NPT;
		self->levels = format == AXAS_FMT_NPT5 ? 5 : 4;
		self->gpa_bits = format == AXAS_FMT_NPT5 ? 57 : 48;
		break;
	case AXAS_FMT_ARM_S2:
		self->fam = FAM_S2;
		self->gpa_bits = bits ? bits : 40;
		s2_geometry(self->gpa_bits, &self->levels, &self->root_pages);
		break;
	default:
		/* Sv39x4, Sv48x4, Sv57x4: 3, 4, 5 levels, 16 KiB root */
		self->fam = FAM_RV;
		self->levels = 3 + format - AXAS_FMT_SV39X4;
		self->gpa_bits = 41 + 9 * (format - AXAS_FMT_SV39X4);
		self->root_pages = 4;
		break;
	}
}

FIXTURE_SETUP(fmt)
{
	self->fd = -1;
	self->dev = axas_open_dev();
	if (self->dev < 0 && errno == ENOENT)
		SKIP(return, AXAS_DEV " missing: module not loaded");
	ASSERT_LE(0, self->dev);
	ASSERT_EQ(0, axas_get_info(self->dev, &self->info0));
	if (variant->format == AXAS_FMT_NATIVE) {
#if defined(__x86_64__)
		ASSERT_EQ(AXAS_FMT_EPT4, self->info0.native_format);
#elif defined(__aarch64__)
		ASSERT_EQ(AXAS_FMT_ARM_S2, self->info0.native_format);
#elif defined(__riscv)
		ASSERT_EQ(AXAS_FMT_SV48X4, self->info0.native_format);
#endif
		fmt_resolve(self, self->info0.native_format, 0);
	} else {
		fmt_resolve(self, variant->format, variant->gpa_bits);
	}
	self->fd = axas_create(self->dev, variant->format, variant->gpa_bits,
			       0, SPACE_LEN, variant->vmid, &self->id);
	ASSERT_LE(0, self->fd);
}

FIXTURE_TEARDOWN(fmt)
{
	if (self->fd >= 0)
		close(self->fd);
	if (self->dev >= 0)
		close(self->dev);
}

/* The host window the linear tests map must not be System RAM. */
static void need_mmio(struct __test_metadata *_metadata, __u64 hpa, __u64 len)
{
	int ram = axas_hpa_is_ram(hpa, len);

	if (ram < 0)
		SKIP(return, "/proc/iomem unreadable");
	ASSERT_EQ(0, ram) TH_LOG("%#llx+%#llx is System RAM in this VM",
				 (unsigned long long)hpa,
				 (unsigned long long)len);
}

static void expect_leaves(struct __test_metadata *_metadata, int fd,
			  __u64 tables, __u64 l0, __u64 l1, __u64 l2)
{
	struct axas_space_info si;

	ASSERT_EQ(0, axas_space_info(fd, &si));
	EXPECT_EQ(tables, si.table_pages);
	EXPECT_EQ(l0, si.leaves[0]);
	EXPECT_EQ(l1, si.leaves[1]);
	EXPECT_EQ(l2, si.leaves[2]);
	EXPECT_EQ(0, si.leaves[3]);
	EXPECT_EQ(0, si.leaves[4]);
}

/* Levels below the root down to (not including) @level: tables needed. */
static __u64 tables_to(FIXTURE_DATA(fmt) *self, unsigned int level)
{
	return self->root_pages + (self->levels - 1) - level;
}

TEST_F(fmt, geometry_and_root_pointer)
{
	struct axas_space_desc d[8];
	struct axas_list_spaces l = {
		.size = sizeof(l),
		.nr_entries = 8,
		.entry_size = sizeof(d[0]),
		.entries = (uintptr_t)d,
	};
	struct axas_space_info si;
	struct axas_info info;
	__u64 hw;

	memset(&si, 0xa5, sizeof(si));
	si.size = sizeof(si);
	si.flags = 0;
	ASSERT_EQ(0, axas_ioctl(self->fd, AXAS_IOC_GET_SPACE_INFO, &si));
	EXPECT_EQ(self->id, si.id);
	EXPECT_EQ(self->format, si.format);
	EXPECT_EQ(self->gpa_bits, si.gpa_bits);
	EXPECT_EQ(self->levels, si.levels);
	EXPECT_EQ(0, si.base);
	EXPECT_EQ(SPACE_LEN, si.length);
	EXPECT_NE(0, si.root);
	/* a root of N pages is N pages aligned */
	EXPECT_EQ(0, si.root & (self->root_pages * 4096ULL - 1));
	EXPECT_EQ(variant->vmid, si.vmid);
	switch (self->fam) {
	case FAM_EPT:
		/* WB, levels - 1 in bits 5:3, A/D enable */
		hw = si.root | (__u64)(self->levels - 1) << 3 | 6 | 1 << 6;
		break;
	case FAM_NPT:
		hw = si.root;
		break;
	case FAM_S2:
		hw = si.root | variant->vmid << 48;
		break;
	default:
		hw = (__u64)(8 + self->levels - 3) << 60 |
		     variant->vmid << 44 | si.root >> 12;
		break;
	}
	EXPECT_EQ(hw, si.hw_root);
	EXPECT_EQ(self->root_pages, si.table_pages);
	EXPECT_EQ(0, si.leaves[0]);
	EXPECT_EQ(0, si.leaves[1]);
	EXPECT_EQ(0, si.leaves[2]);
	EXPECT_EQ(0, si.leaves[3]);
	EXPECT_EQ(0, si.leaves[4]);
	EXPECT_EQ(0, si.frames);
	EXPECT_EQ(0, si.pinned_pages);
	EXPECT_EQ(0, si.faults);
	EXPECT_EQ(0, si.nr_areas);
	EXPECT_EQ(0, si.read_only);
	EXPECT_EQ(0, si.mapped_bytes);
	EXPECT_EQ(getpid(), si.owner_pid);
	EXPECT_EQ(0, si.__reserved);

	/* the module-wide counters grew by this space alone */
	ASSERT_EQ(0, axas_get_info(self->dev, &info));
	EXPECT_EQ(self->info0.nr_spaces + 1, info.nr_spaces);
	EXPECT_EQ(self->info0.table_pages + self->root_pages, info.table_pages);
	EXPECT_EQ(self->info0.frames, info.frames);

	/* and the listing says the same */
	ASSERT_EQ(0, axas_ioctl(self->dev, AXAS_IOC_LIST_SPACES, &l));
	ASSERT_EQ(1, l.nr_entries);
	EXPECT_EQ(0, l.next_id);
	EXPECT_EQ(self->id, d[0].id);
	EXPECT_EQ(self->format, d[0].format);
	EXPECT_EQ(self->gpa_bits, d[0].gpa_bits);
	EXPECT_EQ(self->levels, d[0].levels);
	EXPECT_EQ(self->root_pages, d[0].table_pages);
	EXPECT_EQ(SPACE_LEN, d[0].length);
}

TEST_F(fmt, create_at_top_of_width)
{
	__u64 top = 1ULL << self->gpa_bits;
	struct axas_walk_entry e[8];
	struct axas_translate t;
	struct axas_space_info si;
	__u64 leaf;
	__u32 id;
	int fd, n, i;

	fd = axas_create(self->dev, variant->format, variant->gpa_bits,
			 top - SZ_4G, SZ_4G, variant->vmid, &id);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, axas_space_info(fd, &si));
	EXPECT_EQ(top - SZ_4G, si.base);
	EXPECT_EQ(SZ_4G, si.length);
	/* the very last page of the format's reach */
	ASSERT_EQ(0, axas_map_alloc(fd, top - SZ_4K, SZ_4K, RW,
				    AXAS_ALLOC_POPULATE));
	ASSERT_EQ(0, axas_translate(fd, top - 1, &t));
	EXPECT_EQ(0xfff, t.hpa & 0xfff);
	EXPECT_EQ(SZ_4K, t.leaf_size);
	EXPECT_EQ(top - SZ_4K, t.area_start);
	EXPECT_EQ(1, t.contig);
	leaf = t.hpa & ~0xfffULL;
	expect_leaves(_metadata, fd, tables_to(self, 0), 1, 0, 0);
	/* the first page of the space is not the last one */
	EXPECT_EQ(-ENOENT, axas_translate(fd, top - SZ_4G, &t));
	/* the walk: one table entry per level above the leaf, at its GPA */
	n = axas_walk_all(fd, top - SZ_4G, top, AXAS_WALK_TABLES, 8, e, 8,
			  NULL);
	ASSERT_EQ(self->levels, n);
	for (i = 0; i < n; i++) {
		unsigned int level = self->levels - 1 - i;

		EXPECT_EQ(level, e[i].level);
		EXPECT_EQ(level_size(level), e[i].length);
		EXPECT_EQ((top - SZ_4K) & ~(level_size(level) - 1), e[i].gpa);
		EXPECT_EQ(i == n - 1 ? AXAS_WALK_LEAF : AXAS_WALK_TABLE,
			  e[i].type);
	}
	EXPECT_EQ(leaf, e[n - 1].hpa);
	EXPECT_EQ(0, axas_unmap(fd, top - SZ_4K, SZ_4K));
	expect_leaves(_metadata, fd, self->root_pages, 0, 0, 0);
	close(fd);
}

TEST_F(fmt, create_beyond_width)
{
	__u64 top = 1ULL << self->gpa_bits;

	EXPECT_EQ(-ERANGE, axas_create(self->dev, variant->format,
				       variant->gpa_bits, top - SZ_4K,
				       2 * SZ_4K, variant->vmid, NULL));
	EXPECT_EQ(-ERANGE, axas_create(self->dev, variant->format,
				       variant->gpa_bits, top, SZ_4K,
				       variant->vmid, NULL));
}

/* Unmap [gpa, gpa + len) and check only the root table is left. */
static void unmap_to_root(struct __test_metadata *_metadata,
			  FIXTURE_DATA(fmt) *self, __u64 gpa, __u64 len)
{
	ASSERT_EQ(0, axas_unmap(self->fd, gpa, len));
	expect_leaves(_metadata, self->fd, self->root_pages, 0, 0, 0);
}

/*
 * The largest leaf GPA, HPA and length allow, table pages exact (the root
 * counts), and every emptied table freed again.
 */
TEST_F(fmt, linear_leaf_choice)
{
	struct axas_area_desc a[2];
	struct axas_translate t;
	struct axas_info info;
	__u64 hole = 3 * SZ_1G;	/* the 32-bit PCI hole of pc and q35 */

	need_mmio(_metadata, MMIO_HPA, 8 * SZ_2M);
	need_mmio(_metadata, hole, SZ_1G);

	/* 2 MiB at 2 MiB to a 2 MiB-aligned HPA: one level-1 leaf */
	ASSERT_EQ(0, axas_map_linear(self->fd, SZ_2M, MMIO_HPA, SZ_2M, RW, 0));
	expect_leaves(_metadata, self->fd, tables_to(self, 1), 0, 1, 0);
	ASSERT_EQ(0, axas_get_info(self->dev, &info));
	EXPECT_EQ(self->info0.table_pages + tables_to(self, 1),
		  info.table_pages);
	EXPECT_EQ(self->info0.frames, info.frames);
	ASSERT_EQ(0, axas_translate(self->fd, SZ_2M + 0x12345, &t));
	EXPECT_EQ(MMIO_HPA + 0x12345, t.hpa);
	EXPECT_EQ(SZ_2M, t.leaf_size);
	EXPECT_EQ(SZ_2M, t.area_start);
	EXPECT_EQ(SZ_2M, t.area_size);
	EXPECT_EQ(SZ_2M - 0x12345, t.contig);
	EXPECT_EQ(RW, t.map_flags);
	EXPECT_EQ(1, t.level);
	EXPECT_EQ(AXAS_BACKEND_LINEAR, t.backend);
	EXPECT_EQ(0, t.__reserved);
	unmap_to_root(_metadata, self, SZ_2M, SZ_2M);

	/* the same with an HPA 4 KiB off: 512 level-0 leaves */
	ASSERT_EQ(0, axas_map_linear(self->fd, SZ_2M, MMIO_HPA + SZ_4K, SZ_2M,
				     RW, 0));
	expect_leaves(_metadata, self->fd, tables_to(self, 0), 512, 0, 0);
	ASSERT_EQ(0, axas_translate(self->fd, SZ_2M + SZ_4K + 8, &t));
	EXPECT_EQ(MMIO_HPA + 2 * SZ_4K + 8, t.hpa);
	EXPECT_EQ(SZ_4K, t.leaf_size);
	EXPECT_EQ(0, t.level);
	/* a linear area is host-contiguous to its end */
	EXPECT_EQ(SZ_2M - SZ_4K - 8, t.contig);
	unmap_to_root(_metadata, self, SZ_2M, SZ_2M);

	/* aligned, but AXAS_LINEAR_NOHUGE: 512 level-0 leaves */
	ASSERT_EQ(0, axas_map_linear(self->fd, SZ_2M, MMIO_HPA, SZ_2M, RW,
				     AXAS_LINEAR_NOHUGE));
	expect_leaves(_metadata, self->fd, tables_to(self, 0), 512, 0, 0);
	ASSERT_EQ(0, axas_translate(self->fd, SZ_2M, &t));
	EXPECT_EQ(0, t.level);
	EXPECT_EQ(SZ_4K, t.leaf_size);
	EXPECT_EQ(SZ_2M, t.contig);
	ASSERT_EQ(1, axas_list_areas(self->fd, 0, a, 2));
	EXPECT_EQ(AXAS_LINEAR_NOHUGE, a[0].flags);
	unmap_to_root(_metadata, self, SZ_2M, SZ_2M);

	/* 1 GiB at 1 GiB to a 1 GiB-aligned HPA: one level-2 leaf */
	ASSERT_EQ(0, axas_map_linear(self->fd, SZ_1G, hole, SZ_1G, RD, 0));
	expect_leaves(_metadata, self->fd, tables_to(self, 2), 0, 0, 1);
	ASSERT_EQ(0, axas_translate(self->fd, 2 * SZ_1G - 1, &t));
	EXPECT_EQ(hole + SZ_1G - 1, t.hpa);
	EXPECT_EQ(SZ_1G, t.leaf_size);
	EXPECT_EQ(2, t.level);
	EXPECT_EQ(1, t.contig);
	EXPECT_EQ(RD, t.map_flags);
	unmap_to_root(_metadata, self, SZ_1G, SZ_1G);

	/*
	 * [0x3fe000, 0x602000) to MMIO + 0x1fe000: two 4 KiB leaves, one
	 * 2 MiB leaf at 0x400000, two 4 KiB leaves; two level-0 tables.
	 */
	ASSERT_EQ(0, axas_map_linear(self->fd, 0x3fe000, MMIO_HPA + 0x1fe000,
				     SZ_2M + 4 * SZ_4K, RW, 0));
	expect_leaves(_metadata, self->fd, tables_to(self, 1) + 2, 4, 1, 0);
	ASSERT_EQ(0, axas_translate(self->fd, 0x3ff000, &t));
	EXPECT_EQ(0, t.level);
	EXPECT_EQ(MMIO_HPA + 0x1ff000, t.hpa);
	ASSERT_EQ(0, axas_translate(self->fd, 0x400000, &t));
	EXPECT_EQ(1, t.level);
	EXPECT_EQ(MMIO_HPA + 0x200000, t.hpa);
	EXPECT_EQ(0x202000, t.contig);
	ASSERT_EQ(0, axas_translate(self->fd, 0x601000, &t));
	EXPECT_EQ(0, t.level);
	EXPECT_EQ(MMIO_HPA + 0x401000, t.hpa);
	EXPECT_EQ(SZ_4K, t.contig);
	EXPECT_EQ(0x3fe000, t.area_start);
	EXPECT_EQ(0x204000, t.area_size);
	unmap_to_root(_metadata, self, 0x3fe000, SZ_2M + 4 * SZ_4K);

	ASSERT_EQ(0, axas_get_info(self->dev, &info));
	EXPECT_EQ(self->info0.table_pages + self->root_pages,
		  info.table_pages);
}

TEST_F(fmt, alloc_populate_and_fault)
{
	struct axas_translate t[3];
	struct axas_space_info si;
	struct axas_info info;
	struct axas_seg s[4];
	__u32 nr;
	int i;

	ASSERT_EQ(0, axas_map_alloc(self->fd, 0x10000000, 3 * SZ_4K, RW,
				    AXAS_ALLOC_POPULATE));
	ASSERT_EQ(0, axas_space_info(self->fd, &si));
	EXPECT_EQ(3, si.frames);
	EXPECT_EQ(0, si.faults);
	EXPECT_EQ(1, si.nr_areas);
	EXPECT_EQ(3 * SZ_4K, si.mapped_bytes);
	expect_leaves(_metadata, self->fd, tables_to(self, 0), 3, 0, 0);
	ASSERT_EQ(0, axas_get_info(self->dev, &info));
	EXPECT_EQ(self->info0.frames + 3, info.frames);
	EXPECT_EQ(self->info0.table_pages + tables_to(self, 0),
		  info.table_pages);

	for (i = 0; i < 3; i++) {
		ASSERT_EQ(0, axas_translate(self->fd,
					    0x10000000 + i * SZ_4K + 0x10,
					    &t[i]));
		EXPECT_NE(0, t[i].hpa & ~0xfffULL);
		EXPECT_EQ(0x10, t[i].hpa & 0xfff);
		EXPECT_EQ(0, t[i].level);
		EXPECT_EQ(SZ_4K, t[i].leaf_size);
		EXPECT_EQ(0x10000000, t[i].area_start);
		EXPECT_EQ(3 * SZ_4K, t[i].area_size);
		EXPECT_EQ(AXAS_BACKEND_ALLOC, t[i].backend);
		EXPECT_EQ(RW, t[i].map_flags);
	}
	/* contig follows the frames' host addresses exactly */
	for (i = 0; i < 3; i++) {
		__u64 want = SZ_4K - 0x10;
		int j;

		for (j = i; j < 2 && t[j + 1].hpa == t[j].hpa + SZ_4K; j++)
			want += SZ_4K;
		EXPECT_EQ(want, t[i].contig);
	}
	/* and so do the segments of the range */
	ASSERT_EQ(0, axas_translate_range(self->fd, 0x10000000 + 0x10,
					  3 * SZ_4K - 0x10, s, 4, &nr));
	EXPECT_EQ(t[0].contig, s[0].length);
	EXPECT_EQ(t[0].hpa, s[0].hpa);
	EXPECT_EQ(0x10000010, s[0].gpa);
	unmap_to_root(_metadata, self, 0x10000000, 3 * SZ_4K);

	/* a lazy area: one frame and one leaf per faulted page */
	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_1G, SZ_2M, RW, 0));
	ASSERT_EQ(0, axas_space_info(self->fd, &si));
	EXPECT_EQ(0, si.frames);
	EXPECT_EQ(0, si.leaves[0]);
	EXPECT_EQ(SZ_2M, si.mapped_bytes);
	EXPECT_EQ(-ENOENT, axas_translate(self->fd, SZ_1G + SZ_4K, &t[0]));
	ASSERT_EQ(0, axas_fault(self->fd, SZ_1G + SZ_4K + 3, WR));
	expect_leaves(_metadata, self->fd, tables_to(self, 0), 1, 0, 0);
	ASSERT_EQ(0, axas_space_info(self->fd, &si));
	EXPECT_EQ(1, si.frames);
	EXPECT_EQ(1, si.faults);
	ASSERT_EQ(0, axas_translate(self->fd, SZ_1G + SZ_4K, &t[0]));
	EXPECT_EQ(0, t[0].level);
	EXPECT_EQ(SZ_4K, t[0].contig);
	EXPECT_EQ(-ENOENT, axas_translate(self->fd, SZ_1G, &t[0]));
	ASSERT_EQ(0, axas_get_info(self->dev, &info));
	EXPECT_EQ(self->info0.frames + 1, info.frames);
}

/* The walk of one linear 2 MiB RW leaf at 2 MiB and a 4 KiB R|X leaf. */
static void map_two_leaves(struct __test_metadata *_metadata,
			   FIXTURE_DATA(fmt) *self)
{
	need_mmio(_metadata, MMIO_HPA, 2 * SZ_2M);
	ASSERT_EQ(0, axas_map_linear(self->fd, SZ_2M, MMIO_HPA, SZ_2M, RW, 0));
	ASSERT_EQ(0, axas_map_linear(self->fd, 2 * SZ_2M, MMIO_HPA + SZ_2M,
				     SZ_4K, RD | EX, 0));
}

static void check_table(struct __test_metadata *_metadata,
			FIXTURE_DATA(fmt) *self,
			const struct axas_walk_entry *e, unsigned int level,
			__u64 gpa)
{
	EXPECT_EQ(AXAS_WALK_TABLE, e->type);
	EXPECT_EQ(level, e->level);
	EXPECT_EQ(gpa, e->gpa);
	EXPECT_EQ(level_size(level), e->length);
	EXPECT_NE(0, e->hpa);
	EXPECT_EQ(0, e->hpa & 0xfff);
	EXPECT_EQ(raw_table(self->fam, e->hpa), e->raw);
	EXPECT_EQ(0, e->map_flags);
	EXPECT_EQ(0, e->__reserved);
}

static void check_leaf(struct __test_metadata *_metadata,
		       FIXTURE_DATA(fmt) *self,
		       const struct axas_walk_entry *e, unsigned int level,
		       __u64 gpa, __u64 hpa, __u32 flags)
{
	bool s2 = self->fam == FAM_S2, rv = self->fam == FAM_RV;

	EXPECT_EQ(AXAS_WALK_LEAF, e->type);
	EXPECT_EQ(level, e->level);
	EXPECT_EQ(gpa, e->gpa);
	EXPECT_EQ(level_size(level), e->length);
	EXPECT_EQ(hpa, e->hpa);
	EXPECT_EQ(raw_leaf(self->fam, hpa, flags, level), e->raw)
		TH_LOG("leaf at %#llx level %u", (unsigned long long)gpa, level);
	EXPECT_EQ(flags, e->map_flags);
	/* stage 2 sets AF; G-stage sets A, and D on writable leaves */
	EXPECT_EQ(s2 || rv, e->accessed);
	EXPECT_EQ(rv && (flags & WR), e->dirty);
	EXPECT_EQ(0, e->__reserved);
}

static void walk_one_by_one(struct __test_metadata *_metadata,
			    FIXTURE_DATA(fmt) *self, __u32 flags)
{
	struct axas_walk_entry all[64], one[64];
	int n, m, calls, i;

	n = axas_walk_all(self->fd, 0, SPACE_LEN, flags, 64, all, 64, &calls);
	ASSERT_LT(0, n);
	ASSERT_GE(64, n);
	EXPECT_EQ(1, calls);
	m = axas_walk_all(self->fd, 0, SPACE_LEN, flags, 1, one, 64, &calls);
	ASSERT_EQ(n, m);
	/* one call per entry, plus at most one that finds nothing more */
	EXPECT_LE(n, calls);
	EXPECT_GE(n + 1, calls);
	for (i = 0; i < n; i++) {
		EXPECT_EQ(all[i].gpa, one[i].gpa) TH_LOG("entry %d", i);
		EXPECT_EQ(all[i].level, one[i].level) TH_LOG("entry %d", i);
		EXPECT_EQ(all[i].raw, one[i].raw) TH_LOG("entry %d", i);
		EXPECT_EQ(all[i].type, one[i].type) TH_LOG("entry %d", i);
	}
}

TEST_F(fmt, walk_raw_entries_and_cursor)
{
	struct axas_walk_entry e[16];
	unsigned int top = self->levels - 1, l;
	int n, i = 0;

	map_two_leaves(_metadata, self);

	n = axas_walk_all(self->fd, 0, SPACE_LEN, AXAS_WALK_TABLES, 16, e, 16,
			  NULL);
	/* tables from the root down to level 2, the 2 MiB leaf, a table, a page */
	ASSERT_EQ(top - 1 + 3, n);
	for (l = top; l >= 2; l--)
		check_table(_metadata, self, &e[i++], l, 0);
	check_leaf(_metadata, self, &e[i++], 1, SZ_2M, MMIO_HPA, RW);
	check_table(_metadata, self, &e[i++], 1, 2 * SZ_2M);
	check_leaf(_metadata, self, &e[i++], 0, 2 * SZ_2M, MMIO_HPA + SZ_2M,
		   RD | EX);

	/* without tables: the two leaves alone */
	n = axas_walk_all(self->fd, 0, SPACE_LEN, 0, 16, e, 16, NULL);
	ASSERT_EQ(2, n);
	check_leaf(_metadata, self, &e[0], 1, SZ_2M, MMIO_HPA, RW);
	check_leaf(_metadata, self, &e[1], 0, 2 * SZ_2M, MMIO_HPA + SZ_2M,
		   RD | EX);

	/* one entry per call visits every entry exactly once */
	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_1G, 3 * SZ_4K, RW,
				    AXAS_ALLOC_POPULATE));
	ASSERT_EQ(0, axas_map_alloc(self->fd, 2 * SZ_1G + 511 * SZ_4K,
				    2 * SZ_4K, RD, AXAS_ALLOC_POPULATE));
	walk_one_by_one(_metadata, self, 0);
	walk_one_by_one(_metadata, self, AXAS_WALK_TABLES);
}

/* Partial unmap and protect of a 2 MiB leaf, then CLEAR. */
TEST_F(fmt, splits_and_clear)
{
	struct axas_area_desc a[4];
	struct axas_walk_entry e[4];
	struct axas_translate t;
	struct axas_space_info si;
	struct axas_info info;

	need_mmio(_metadata, MMIO_HPA, SZ_2M);
	ASSERT_EQ(0, axas_map_linear(self->fd, SZ_2M, MMIO_HPA, SZ_2M, RW, 0));
	ASSERT_EQ(0, axas_unmap(self->fd, 0x300000, SZ_4K));
	expect_leaves(_metadata, self->fd, tables_to(self, 0), 511, 0, 0);
	EXPECT_EQ(-ENOENT, axas_translate(self->fd, 0x300000, &t));
	ASSERT_EQ(0, axas_translate(self->fd, 0x301000, &t));
	EXPECT_EQ(MMIO_HPA + 0x101000, t.hpa);
	EXPECT_EQ(0x301000, t.area_start);
	EXPECT_EQ(0xff000, t.area_size);
	EXPECT_EQ(0xff000, t.contig);
	ASSERT_EQ(0, axas_space_info(self->fd, &si));
	EXPECT_EQ(2, si.nr_areas);
	EXPECT_EQ(SZ_2M - SZ_4K, si.mapped_bytes);
	ASSERT_EQ(2, axas_list_areas(self->fd, 0, a, 4));
	EXPECT_EQ(SZ_2M, a[0].gpa);
	EXPECT_EQ(0x100000, a[0].length);
	EXPECT_EQ(MMIO_HPA, a[0].hpa);
	EXPECT_EQ(0x301000, a[1].gpa);
	EXPECT_EQ(0xff000, a[1].length);
	EXPECT_EQ(MMIO_HPA + 0x101000, a[1].hpa);
	unmap_to_root(_metadata, self, SZ_2M, SZ_2M);

	ASSERT_EQ(0, axas_map_linear(self->fd, SZ_2M, MMIO_HPA, SZ_2M, RW, 0));
	ASSERT_EQ(0, axas_protect(self->fd, SZ_2M + SZ_4K, SZ_4K, RD));
	expect_leaves(_metadata, self->fd, tables_to(self, 0), 512, 0, 0);
	ASSERT_EQ(0, axas_translate(self->fd, SZ_2M + SZ_4K, &t));
	EXPECT_EQ(RD, t.map_flags);
	EXPECT_EQ(MMIO_HPA + SZ_4K, t.hpa);
	ASSERT_EQ(0, axas_translate(self->fd, SZ_2M, &t));
	EXPECT_EQ(RW, t.map_flags);
	ASSERT_EQ(0, axas_space_info(self->fd, &si));
	EXPECT_EQ(3, si.nr_areas);
	EXPECT_EQ(SZ_2M, si.mapped_bytes);
	/*
	 * The raw entry of the protected page; the G-stage dirty bit the
	 * writable leaf had is state, kept by the split and the protect.
	 */
	ASSERT_EQ(1, axas_walk_all(self->fd, SZ_2M + SZ_4K, SZ_2M + 2 * SZ_4K,
				   0, 4, e, 4, NULL));
	EXPECT_EQ(raw_leaf(self->fam, MMIO_HPA + SZ_4K, RD, 0) |
		  (self->fam == FAM_RV ? 1ULL << 7 : 0), e[0].raw);
	EXPECT_EQ(self->fam == FAM_RV, e[0].dirty);

	/* CLEAR leaves the root alone, whatever was mapped */
	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_1G, 4 * SZ_4K, RW,
				    AXAS_ALLOC_POPULATE));
	ASSERT_EQ(0, axas_map_alloc(self->fd, 2 * SZ_1G, SZ_2M, RW, 0));
	ASSERT_EQ(0, axas_fault(self->fd, 2 * SZ_1G, RD));
	ASSERT_EQ(0, axas_clear(self->fd));
	expect_leaves(_metadata, self->fd, self->root_pages, 0, 0, 0);
	ASSERT_EQ(0, axas_space_info(self->fd, &si));
	EXPECT_EQ(0, si.frames);
	EXPECT_EQ(0, si.nr_areas);
	EXPECT_EQ(0, si.mapped_bytes);
	ASSERT_EQ(0, axas_get_info(self->dev, &info));
	EXPECT_EQ(self->info0.frames, info.frames);
	EXPECT_EQ(self->info0.table_pages + self->root_pages,
		  info.table_pages);
	/* the space is usable again */
	EXPECT_EQ(0, axas_map_alloc(self->fd, SZ_1G, SZ_4K, RW,
				    AXAS_ALLOC_POPULATE));
}

TEST_F(fmt, flag_sets_refused_by_the_format)
{
	struct axas_translate t;
	__u32 flags;

	for (flags = 0; flags <= AXAS_MAP_FLAGS_ALL; flags++) {
		int ret = axas_map_alloc(self->fd, SZ_2M, SZ_4K, flags,
					 AXAS_ALLOC_POPULATE);

		if (refused(self->fam, flags)) {
			EXPECT_EQ(-EINVAL, ret) TH_LOG("flags %#x", flags);
			continue;
		}
		EXPECT_EQ(0, ret) TH_LOG("flags %#x", flags);
		if (ret)
			continue;
		EXPECT_EQ(0, axas_translate(self->fd, SZ_2M, &t));
		EXPECT_EQ(flags, t.map_flags) TH_LOG("flags %#x", flags);
		EXPECT_EQ(0, axas_unmap(self->fd, SZ_2M, SZ_4K));
	}
}

/* ---------------------------------------------------------------------
 * abi: the rules every ioctl shares, one variant per ioctl
 */

#define ABI_MAX		512	/* bytes of an argument, tail included */

struct abi_ctx {
	int dev;
	int fd;
	__u32 id;
	void *upage;
	struct axas_seg segs[8];
	struct axas_walk_entry walk[64];
	struct axas_space_desc spaces[16];
	struct axas_area_desc areas[16];
};

/* Module and space counters, to check a refused call changed nothing. */
struct abi_snap {
	__u64 nr_spaces, frames, table_pages, pinned_pages;
	__u64 nr_areas, mapped_bytes, faults, space_tables;
};

/* One ioctl of the ABI with a valid argument for it. */
struct abi_cmd {
	const char *name;
	unsigned long cmd;
	bool on_dev;		/* a /dev/axaddrspace command */
	unsigned int size;	/* sizeof the structure */
	__u32 flags;		/* its defined flag bits */
	int reserved;		/* offset of an input __reserved, or -1 */
	bool output;		/* has fields the kernel writes back */
	void (*prep)(struct abi_ctx *c, void *arg);
};

static void prep_get_info(struct abi_ctx *c, void *arg)
{
}

static void prep_create_space(struct abi_ctx *c, void *arg)
{
	struct axas_create_space *a = arg;

	a->format = AXAS_FMT_NATIVE;
	a->length = SZ_1G;
	a->fd = -1;
}

static void prep_list_spaces(struct abi_ctx *c, void *arg)
{
	struct axas_list_spaces *a = arg;

	a->nr_entries = 16;
	a->entry_size = sizeof(c->spaces[0]);
	a->entries = (uintptr_t)c->spaces;
}

static void prep_open_space(struct abi_ctx *c, void *arg)
{
	struct axas_open_space *a = arg;

	a->id = c->id;
	a->fd = -1;
}

static void prep_map_linear(struct abi_ctx *c, void *arg)
{
	struct axas_map_linear *a = arg;

	a->gpa = 0x400000;
	a->hpa = MMIO_HPA + SZ_2M;
	a->length = SZ_4K;
	a->map_flags = RW;
}

static void prep_map_alloc(struct abi_ctx *c, void *arg)
{
	struct axas_map_alloc *a = arg;

	a->gpa = 0x3000000;
	a->length = SZ_4K;
	a->map_flags = RW;
}

static void prep_map_user(struct abi_ctx *c, void *arg)
{
	struct axas_map_user *a = arg;

	a->gpa = 0x4000000;
	a->length = SZ_4K;
	a->uaddr = (uintptr_t)c->upage;
	a->map_flags = RW;
}

static void prep_unmap(struct abi_ctx *c, void *arg)
{
	struct axas_range *a = arg;

	a->gpa = 0x1000000;
	a->length = SZ_4K;
}

static void prep_protect(struct abi_ctx *c, void *arg)
{
	struct axas_protect *a = arg;

	a->gpa = 0x1000000;
	a->length = SZ_4K;
	a->map_flags = RD;
}

static void prep_clear(struct abi_ctx *c, void *arg)
{
}

static void prep_translate(struct abi_ctx *c, void *arg)
{
	struct axas_translate *a = arg;

	a->gpa = 0x1000000;
}

static void prep_translate_range(struct abi_ctx *c, void *arg)
{
	struct axas_translate_range *a = arg;

	a->gpa = 0x1000000;
	a->length = 2 * SZ_4K;
	a->segs = (uintptr_t)c->segs;
	a->nr_segs = 8;
}

static void prep_handle_fault(struct abi_ctx *c, void *arg)
{
	struct axas_fault *a = arg;

	a->gpa = 0x2000000;
	a->access = RD;
}

static void prep_access(struct abi_ctx *c, void *arg)
{
	struct axas_access *a = arg;

	a->gpa = 0x1000000;
	a->width = 4;
}

static void prep_get_space_info(struct abi_ctx *c, void *arg)
{
}

static void prep_walk(struct abi_ctx *c, void *arg)
{
	struct axas_walk *a = arg;

	a->end = SPACE_LEN;
	a->level = AXAS_WALK_LEVEL_ANY;
	a->nr_entries = 64;
	a->entry_size = sizeof(c->walk[0]);
	a->entries = (uintptr_t)c->walk;
}

static void prep_list_areas(struct abi_ctx *c, void *arg)
{
	struct axas_list_areas *a = arg;

	a->nr_entries = 16;
	a->entry_size = sizeof(c->areas[0]);
	a->entries = (uintptr_t)c->areas;
}

#define ABI(_name, _cmd, _dev, _struct, _flags, _res, _out)		\
	{								\
		.name = #_name,						\
		.cmd = _cmd,						\
		.on_dev = _dev,						\
		.size = sizeof(struct _struct),				\
		.flags = _flags,					\
		.reserved = _res,					\
		.output = _out,						\
		.prep = prep_##_name,					\
	}
#define RES(_struct)	offsetof(struct _struct, __reserved)

static const struct abi_cmd abi_cmds[] = {
	ABI(get_info, AXAS_IOC_GET_INFO, true, axas_info, 0, -1, true),
	ABI(create_space, AXAS_IOC_CREATE_SPACE, true, axas_create_space, 0,
	    -1, true),
	ABI(list_spaces, AXAS_IOC_LIST_SPACES, true, axas_list_spaces, 0, -1,
	    true),
	ABI(open_space, AXAS_IOC_OPEN_SPACE, true, axas_open_space, 0, -1,
	    true),
	ABI(map_linear, AXAS_IOC_MAP_LINEAR, false, axas_map_linear,
	    AXAS_LINEAR_NOHUGE, RES(axas_map_linear), false),
	ABI(map_alloc, AXAS_IOC_MAP_ALLOC, false, axas_map_alloc,
	    AXAS_ALLOC_POPULATE, RES(axas_map_alloc), false),
	ABI(map_user, AXAS_IOC_MAP_USER, false, axas_map_user, 0,
	    RES(axas_map_user), false),
	ABI(unmap, AXAS_IOC_UNMAP, false, axas_range, 0, -1, false),
	ABI(protect, AXAS_IOC_PROTECT, false, axas_protect, 0,
	    RES(axas_protect), false),
	ABI(clear, AXAS_IOC_CLEAR, false, axas_clear, 0, -1, false),
	ABI(translate, AXAS_IOC_TRANSLATE, false, axas_translate, 0, -1, true),
	ABI(translate_range, AXAS_IOC_TRANSLATE_RANGE, false,
	    axas_translate_range, 0, RES(axas_translate_range), true),
	ABI(handle_fault, AXAS_IOC_HANDLE_FAULT, false, axas_fault, 0,
	    RES(axas_fault), false),
	ABI(access, AXAS_IOC_ACCESS, false, axas_access, AXAS_ACCESS_WRITE,
	    RES(axas_access), true),
	ABI(get_space_info, AXAS_IOC_GET_SPACE_INFO, false, axas_space_info,
	    0, -1, true),
	ABI(walk, AXAS_IOC_WALK, false, axas_walk, AXAS_WALK_TABLES,
	    RES(axas_walk), true),
	ABI(list_areas, AXAS_IOC_LIST_AREAS, false, axas_list_areas, 0, -1,
	    true),
};

#define for_each_abi_cmd(_c)						\
	for (_c = abi_cmds; _c < abi_cmds + sizeof(abi_cmds) /		\
	     sizeof(abi_cmds[0]); _c++)

/*
 * A fresh context for one command: a native space with a linear, a
 * populated and a lazy area, so that every command has something to
 * succeed on; 0 or -errno.
 */
static int abi_init(struct abi_ctx *c)
{
	memset(c, 0, sizeof(*c));
	c->fd = -1;
	c->dev = axas_open_dev();
	if (c->dev < 0)
		return -errno;
	c->fd = axas_create(c->dev, AXAS_FMT_NATIVE, 0, 0, SPACE_LEN, 0,
			    &c->id);
	if (c->fd < 0)
		return c->fd;
	if (axas_hpa_is_ram(MMIO_HPA, 2 * SZ_2M))
		return -EPERM;
	c->upage = axas_anon(4096, PROT_READ | PROT_WRITE);
	if (!c->upage)
		return -ENOMEM;
	return axas_map_linear(c->fd, SZ_2M, MMIO_HPA, SZ_2M,
			       RW | AXAS_MAP_DEVICE, 0) ?:
	       axas_map_alloc(c->fd, 0x1000000, 2 * SZ_4K, RW,
			      AXAS_ALLOC_POPULATE) ?:
	       axas_map_alloc(c->fd, 0x2000000, 2 * SZ_4K, RW, 0);
}

static void abi_fini(struct abi_ctx *c)
{
	if (c->fd >= 0)
		close(c->fd);
	if (c->dev >= 0)
		close(c->dev);
	if (c->upage)
		munmap(c->upage, 4096);
}

/* The file descriptor the command belongs on, or the other one. */
static int abi_fd(const struct abi_ctx *c, const struct abi_cmd *a,
		  bool right)
{
	return a->on_dev == right ? c->dev : c->fd;
}

/* A valid argument in @buf (ABI_MAX bytes, zeroed beyond the structure). */
static void abi_prep(struct abi_ctx *c, const struct abi_cmd *a, void *buf)
{
	memset(buf, 0, ABI_MAX);
	*(__u32 *)buf = a->size;
	a->prep(c, buf);
}

static void abi_snap(struct __test_metadata *_metadata,
		     const struct abi_ctx *c, struct abi_snap *s)
{
	struct axas_space_info si;
	struct axas_info info;

	ASSERT_EQ(0, axas_get_info(c->dev, &info));
	ASSERT_EQ(0, axas_space_info(c->fd, &si));
	memset(s, 0, sizeof(*s));
	s->nr_spaces = info.nr_spaces;
	s->frames = info.frames;
	s->table_pages = info.table_pages;
	s->pinned_pages = info.pinned_pages;
	s->nr_areas = si.nr_areas;
	s->mapped_bytes = si.mapped_bytes;
	s->faults = si.faults;
	s->space_tables = si.table_pages;
}

/* The lowest free descriptor: a new one would be installed there. */
static int next_fd(void)
{
	int fd = dup(0);

	if (fd >= 0)
		close(fd);
	return fd;
}

/*
 * Issue @arg, expect -@err, and check that nothing changed, no descriptor
 * was installed and (@buf is not NULL) nothing was written back.
 */
static void abi_refused(struct __test_metadata *_metadata,
			const struct abi_ctx *c, const struct abi_cmd *a,
			void *arg, const void *buf, int err)
{
	unsigned char before[ABI_MAX];
	struct abi_snap s0, s1;
	int fd = next_fd();

	ASSERT_LE(0, fd);
	if (buf)
		memcpy(before, buf, ABI_MAX);
	abi_snap(_metadata, c, &s0);
	EXPECT_EQ(-err, axas_ioctl(abi_fd(c, a, true), a->cmd, arg))
		TH_LOG("%s", a->name);
	abi_snap(_metadata, c, &s1);
	EXPECT_EQ(0, memcmp(&s0, &s1, sizeof(s0))) TH_LOG("%s", a->name);
	if (buf)
		EXPECT_EQ(0, memcmp(before, buf, ABI_MAX))
			TH_LOG("%s wrote back", a->name);
	EXPECT_EQ(-1, fcntl(fd, F_GETFD)) TH_LOG("%s left fd %d", a->name, fd);
}

/* Run @body for each command with a fresh context @c and argument @buf. */
#define ABI_EACH(body)							\
	do {								\
		const struct abi_cmd *a;				\
		unsigned char buf[ABI_MAX];				\
		struct abi_ctx c;					\
		int _r;							\
									\
		for_each_abi_cmd(a) {					\
			_r = abi_init(&c);				\
			if (_r == -ENOENT && c.dev < 0)			\
				SKIP(return, AXAS_DEV " missing");	\
			ASSERT_EQ(0, _r) TH_LOG("%s", a->name);		\
			abi_prep(&c, a, buf);				\
			body;						\
			abi_fini(&c);					\
		}							\
	} while (0)

TEST(abi_valid_call_succeeds)
{
	ABI_EACH({
		EXPECT_EQ(0, axas_ioctl(abi_fd(&c, a, true), a->cmd, buf))
			TH_LOG("%s", a->name);
	});
}

TEST(abi_size_too_short)
{
	ABI_EACH({
		*(__u32 *)buf = 0;
		abi_refused(_metadata, &c, a, buf, buf, EINVAL);
		*(__u32 *)buf = 4;
		abi_refused(_metadata, &c, a, buf, buf, EINVAL);
		/* one field short of the first version */
		*(__u32 *)buf = a->size > 8 ? a->size - 8 : 4;
		abi_refused(_metadata, &c, a, buf, buf, EINVAL);
	});
}

TEST(abi_longer_with_zero_tail_accepted)
{
	ABI_EACH({
		unsigned int i;

		*(__u32 *)buf = a->size + 64;
		EXPECT_EQ(0, axas_ioctl(abi_fd(&c, a, true), a->cmd, buf))
			TH_LOG("%s", a->name);
		/* the kernel writes back its own structure only */
		for (i = a->size; i < a->size + 64; i++)
			EXPECT_EQ(0, buf[i]) TH_LOG("%s byte %u", a->name, i);
	});
}

TEST(abi_longer_with_nonzero_tail)
{
	ABI_EACH({
		*(__u32 *)buf = a->size + 64;
		buf[a->size + 63] = 1;
		abi_refused(_metadata, &c, a, buf, buf, E2BIG);
		buf[a->size + 63] = 0;
		buf[a->size] = 0x80;
		abi_refused(_metadata, &c, a, buf, buf, E2BIG);
	});
}

TEST(abi_undefined_flag_bits)
{
	ABI_EACH({
		int bit;

		for (bit = 0; bit < 32; bit++) {
			if (a->flags & (1U << bit))
				continue;
			abi_prep(&c, a, buf);
			((__u32 *)buf)[1] = 1U << bit;
			abi_refused(_metadata, &c, a, buf, buf, EINVAL);
		}
	});
}

TEST(abi_reserved_must_be_zero)
{
	ABI_EACH({
		if (a->reserved >= 0) {
			*(__u32 *)(buf + a->reserved) = 1;
			abi_refused(_metadata, &c, a, buf, buf, EINVAL);
			*(__u32 *)(buf + a->reserved) = 0x80000000;
			abi_refused(_metadata, &c, a, buf, buf, EINVAL);
		}
	});
}

TEST(abi_null_argument)
{
	ABI_EACH(abi_refused(_metadata, &c, a, NULL, NULL, EFAULT));
}

TEST(abi_unmapped_argument)
{
	ABI_EACH(abi_refused(_metadata, &c, a, axas_hole(), NULL, EFAULT));
}

TEST(abi_read_only_argument)
{
	/* a result that cannot be reported is not left behind either */
	ABI_EACH({
		if (a->output)
			abi_refused(_metadata, &c, a,
				    axas_ro_page(buf, a->size), NULL, EFAULT);
	});
}

TEST(abi_other_kind_of_fd)
{
	ABI_EACH({
		EXPECT_EQ(-ENOTTY, axas_ioctl(abi_fd(&c, a, false), a->cmd,
					      buf))
			TH_LOG("%s", a->name);
	});
}

/* ---------------------------------------------------------------------
 * dev: /dev/axaddrspace commands
 */

struct dev_ctx {
	int dev;
	struct axas_info info0;
};

/* false when the module is not loaded */
static bool dev_setup(struct __test_metadata *_metadata, struct dev_ctx *self)
{
	self->dev = axas_open_dev();
	if (self->dev < 0 && errno == ENOENT)
		return false;
	ASSERT_LE(0, self->dev);
	ASSERT_EQ(0, axas_get_info(self->dev, &self->info0));
	return true;
}

/* A plain TEST (one fork, not two) with /dev/axaddrspace open as self. */
#define DEV_TEST(name)							\
	static void dev_##name(struct __test_metadata *_metadata,	\
			       struct dev_ctx *self);			\
	TEST(name)							\
	{								\
		struct dev_ctx ctx;					\
									\
		if (!dev_setup(_metadata, &ctx))			\
			SKIP(return, AXAS_DEV " missing");		\
		dev_##name(_metadata, &ctx);				\
	}								\
	static void dev_##name(struct __test_metadata *_metadata,	\
			       struct dev_ctx *self)

/* "address sizes : 40 bits physical, 48 bits virtual" */
static int cpu_phys_bits(void)
{
	char line[256];
	int bits = -1;
	FILE *f = fopen("/proc/cpuinfo", "r");

	if (!f)
		return -1;
	while (bits < 0 && fgets(line, sizeof(line), f))
		if (!strncmp(line, "address sizes", 13))
			sscanf(strchr(line, ':') + 1, "%d bits physical", &bits);
	fclose(f);
	return bits;
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
	int bits = cpu_phys_bits(), ram = module_param_bool("allow_ram_linear");

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
#ifdef __x86_64__
	EXPECT_EQ(AXAS_FMT_EPT4, info.native_format);
#endif
	EXPECT_EQ(AXAS_MAP_FLAGS_ALL, info.map_flags);
	EXPECT_EQ(0, info.create_flags);
	EXPECT_EQ(AXAS_LINEAR_NOHUGE, info.linear_flags);
	EXPECT_EQ(AXAS_ALLOC_POPULATE, info.alloc_flags);
	EXPECT_EQ(0, info.user_flags);
	EXPECT_EQ(AXAS_WALK_TABLES, info.walk_flags);
	EXPECT_EQ(AXAS_ACCESS_WRITE, info.access_flags);
	EXPECT_EQ(SZ_4K | SZ_2M | SZ_1G, info.page_sizes);
	EXPECT_LE(1, info.max_segs);
	EXPECT_LE(1, info.max_entries);
	ASSERT_LT(0, bits);
	EXPECT_EQ(bits, info.phys_addr_bits);
	if (ram >= 0)
		EXPECT_EQ(ram, info.allow_ram_linear);
	EXPECT_EQ(0, info.__reserved);
	/* nothing alive between two tests */
	EXPECT_EQ(0, info.nr_spaces);
	EXPECT_EQ(0, info.frames);
	EXPECT_EQ(0, info.table_pages);
	EXPECT_EQ(0, info.pinned_pages);
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
		.format = AXAS_FMT_NATIVE,
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

	fd = axas_create(self->dev, AXAS_FMT_NATIVE, 0, 0, SZ_1G, 0, &id1);
	ASSERT_LE(0, fd);
	close(fd);
	/* handed out cyclically from 1: the next one is another */
	fd = axas_create(self->dev, AXAS_FMT_NATIVE, 0, 0, SZ_1G, 0, &id2);
	ASSERT_LE(0, fd);
	EXPECT_LE(1, id1);
	EXPECT_GT(id2, id1);
	EXPECT_GT(1U << 31, id2);
}

DEV_TEST(create_space_unknown_format)
{
	EXPECT_EQ(-EINVAL, axas_create(self->dev, AXAS_FMT_NR, 0, 0, SZ_1G, 0,
				       NULL));
	EXPECT_EQ(-EINVAL, axas_create(self->dev, 0xffffffff, 0, 0, SZ_1G, 0,
				       NULL));
}

DEV_TEST(create_space_s2_width_below_32)
{
	EXPECT_EQ(-EINVAL, axas_create(self->dev, AXAS_FMT_ARM_S2, 31, 0,
				       SZ_1G, 0, NULL));
	EXPECT_EQ(-EINVAL, axas_create(self->dev, AXAS_FMT_ARM_S2, 12, 0,
				       SZ_4K, 0, NULL));
}

DEV_TEST(create_space_s2_width_above_48)
{
	EXPECT_EQ(-EINVAL, axas_create(self->dev, AXAS_FMT_ARM_S2, 49, 0,
				       SZ_1G, 0, NULL));
	EXPECT_EQ(-EINVAL, axas_create(self->dev, AXAS_FMT_ARM_S2, 64, 0,
				       SZ_1G, 0, NULL));
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
	EXPECT_EQ(-EINVAL, axas_create(self->dev, AXAS_FMT_EPT4, 57, 0, SZ_1G,
				       0, NULL));
	EXPECT_EQ(-EINVAL, axas_create(self->dev, AXAS_FMT_SV39X4, 40, 0,
				       SZ_1G, 0, NULL));
	EXPECT_EQ(-EINVAL, axas_create(self->dev, AXAS_FMT_NATIVE, 47, 0,
				       SZ_1G, 0, NULL));
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
	EXPECT_EQ(-EINVAL, axas_create(self->dev, AXAS_FMT_NATIVE, 0, 0x800,
				       SZ_1G, 0, NULL));
}

DEV_TEST(create_space_length_zero)
{
	EXPECT_EQ(-EINVAL, axas_create(self->dev, AXAS_FMT_NATIVE, 0, 0, 0, 0,
				       NULL));
}

DEV_TEST(create_space_length_misaligned)
{
	EXPECT_EQ(-EINVAL, axas_create(self->dev, AXAS_FMT_NATIVE, 0, 0,
				       SZ_1G + 1, 0, NULL));
}

DEV_TEST(create_space_wraps_around)
{
	/* a space that wraps past 2^64 does not fit any format */
	EXPECT_EQ(-ERANGE, axas_create(self->dev, AXAS_FMT_NATIVE, 0,
				       ~0ULL - SZ_4K + 1, 2 * SZ_4K, 0, NULL));
}

DEV_TEST(create_space_vmid_on_x86_formats)
{
	EXPECT_EQ(-EINVAL, axas_create(self->dev, AXAS_FMT_EPT4, 0, 0, SZ_1G,
				       1, NULL));
	EXPECT_EQ(-EINVAL, axas_create(self->dev, AXAS_FMT_NPT5, 0, 0, SZ_1G,
				       1ULL << 40, NULL));
}

DEV_TEST(create_space_vmid_too_big_for_s2)
{
	EXPECT_EQ(-EINVAL, axas_create(self->dev, AXAS_FMT_ARM_S2, 0, 0, SZ_1G,
				       1ULL << 16, NULL));
}

DEV_TEST(create_space_vmid_too_big_for_gstage)
{
	EXPECT_EQ(-EINVAL, axas_create(self->dev, AXAS_FMT_SV48X4, 0, 0, SZ_1G,
				       1ULL << 14, NULL));
}

DEV_TEST(create_space_out_of_descriptors)
{
	struct rlimit rl;
	struct axas_info info;
	int fd;

	/* the lowest free descriptor is the last one allowed */
	fd = dup(0);
	ASSERT_LE(0, fd);
	close(fd);
	ASSERT_EQ(0, getrlimit(RLIMIT_NOFILE, &rl));
	rl.rlim_cur = fd;
	ASSERT_EQ(0, setrlimit(RLIMIT_NOFILE, &rl));
	EXPECT_EQ(-EMFILE, axas_create(self->dev, AXAS_FMT_NATIVE, 0, 0, SZ_1G,
				       0, NULL));
	ASSERT_EQ(0, axas_get_info(self->dev, &info));
	EXPECT_EQ(self->info0.nr_spaces, info.nr_spaces);
	EXPECT_EQ(self->info0.table_pages, info.table_pages);
}

/* Three spaces of this process, listed with their exact descriptions. */
DEV_TEST(list_spaces_own)
{
	struct axas_space_desc d[16];
	struct axas_list_spaces l = {
		.size = sizeof(l),
		.nr_entries = 16,
		.entry_size = sizeof(d[0]),
		.entries = (uintptr_t)d,
	};
	__u32 id[3];
	int fd[3], i;

	fd[0] = axas_create(self->dev, AXAS_FMT_EPT5, 0, 0, SZ_1G, 0, &id[0]);
	fd[1] = axas_create(self->dev, AXAS_FMT_ARM_S2, 36, SZ_1G, SZ_2M, 9,
			    &id[1]);
	fd[2] = axas_create(self->dev, AXAS_FMT_NATIVE, 0, 0, SZ_4G, 0, &id[2]);
	for (i = 0; i < 3; i++)
		ASSERT_LE(0, fd[i]);
	ASSERT_EQ(0, axas_map_alloc(fd[2], 0, 3 * SZ_4K, RW,
				    AXAS_ALLOC_POPULATE));
	/* lazy, in the level-0 table the populated pages already need */
	ASSERT_EQ(0, axas_map_alloc(fd[2], 4 * SZ_4K, 5 * SZ_4K, RW, 0));
	memset(d, 0xa5, sizeof(d));
	ASSERT_EQ(0, axas_ioctl(self->dev, AXAS_IOC_LIST_SPACES, &l));
	ASSERT_EQ(3, l.nr_entries);
	EXPECT_EQ(0, l.next_id);
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
		fd = axas_create(self->dev, AXAS_FMT_NATIVE, 0, 0, SZ_1G, 0,
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
	int fd = axas_create(self->dev, AXAS_FMT_NATIVE, 0, 0, SZ_1G, 0, NULL);

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
	int fd = axas_create(self->dev, AXAS_FMT_NATIVE, 0, 0, SZ_1G, 0, NULL);

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
		fd = axas_create(self->dev, AXAS_FMT_NATIVE, 0, 0, SZ_1G, 0,
				 &id[i]);
		ASSERT_LE(0, fd);
	}
	memset(e, 0xa5, sizeof(e));
	ASSERT_EQ(0, axas_ioctl(self->dev, AXAS_IOC_LIST_SPACES, &l));
	ASSERT_EQ(2, l.nr_entries);
	for (i = 0; i < 2; i++) {
		EXPECT_EQ(id[i], e[i].d.id);
		EXPECT_EQ(SZ_1G, e[i].d.length);
		EXPECT_EQ(0, e[i].more[0]);
		EXPECT_EQ(0, e[i].more[1]);
	}
}

DEV_TEST(list_spaces_entries_not_writable)
{
	struct axas_space_desc d;
	struct axas_list_spaces l = {
		.size = sizeof(l),
		.nr_entries = 4,
		.entry_size = sizeof(d),
	};
	int fd = axas_create(self->dev, AXAS_FMT_NATIVE, 0, 0, SZ_1G, 0, NULL);

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
	fd = axas_create(self->dev, AXAS_FMT_NATIVE, 0, 0, SZ_1G, 0, &id);
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

	fd = axas_create(self->dev, AXAS_FMT_NATIVE, 0, 0, SZ_1G, 0, &id);
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
	fd = axas_create(self->dev, AXAS_FMT_NATIVE, 0, 0, SZ_1G, 0, &id);
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

	fd = axas_create(self->dev, AXAS_FMT_NATIVE, 0, 0, SZ_1G, 0, &id);
	ASSERT_LE(0, fd);
	next = dup(0);
	ASSERT_LE(0, next);
	close(next);
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

/* ---------------------------------------------------------------------
 * nat: one space [0, 4 GiB) of the native format
 */

struct nat_ctx {
	int dev;
	int fd;
	__u32 id;
	struct axas_info info;
};

static bool nat_setup(struct __test_metadata *_metadata, struct nat_ctx *self)
{
	self->fd = -1;
	self->dev = axas_open_dev();
	if (self->dev < 0 && errno == ENOENT)
		return false;
	ASSERT_LE(0, self->dev);
	ASSERT_EQ(0, axas_get_info(self->dev, &self->info));
	self->fd = axas_create(self->dev, AXAS_FMT_NATIVE, 0, 0, SPACE_LEN, 0,
			       &self->id);
	ASSERT_LE(0, self->fd);
	return true;
}

/* A plain TEST with a native space [0, 4 GiB) as self->fd. */
#define NAT_TEST(name)							\
	static void nat_##name(struct __test_metadata *_metadata,	\
			       struct nat_ctx *self);			\
	TEST(name)							\
	{								\
		struct nat_ctx ctx;					\
									\
		if (!nat_setup(_metadata, &ctx))			\
			SKIP(return, AXAS_DEV " missing");		\
		nat_##name(_metadata, &ctx);				\
	}								\
	static void nat_##name(struct __test_metadata *_metadata,	\
			       struct nat_ctx *self)

/* A second native space [1 GiB, 2 GiB): addresses below its base exist. */
static int nat_high_space(struct nat_ctx *self)
{
	return axas_create(self->dev, AXAS_FMT_NATIVE, 0, SZ_1G, SZ_1G, 0,
			   NULL);
}

static void expect_areas(struct __test_metadata *_metadata, int fd,
			 __u32 nr, __u64 bytes)
{
	struct axas_space_info si;

	ASSERT_EQ(0, axas_space_info(fd, &si));
	EXPECT_EQ(nr, si.nr_areas);
	EXPECT_EQ(bytes, si.mapped_bytes);
}

NAT_TEST(space_unknown_commands)
{
	struct axas_version v = { .size = sizeof(v) };
	char buf[64] = { 64 };

	EXPECT_EQ(-ENOTTY, axas_ioctl(self->fd, _IO(AXAS_IOCTL_BASE, 0x1d),
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
	__u64 limit = 1ULL << self->info.phys_addr_bits;

	ASSERT_GT(64, self->info.phys_addr_bits);
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
	if (self->info.allow_ram_linear)
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
	if (self->info.allow_ram_linear)
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
	EXPECT_EQ(self->info.frames, info.frames);
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
	EXPECT_EQ(self->info.frames + 3, info.frames);
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
	/* at most max_segs are filled: more room is not an error */
	__u32 n = self->info.max_segs + 1, nr;
	struct axas_seg *s = calloc(n, sizeof(*s));

	ASSERT_NE(NULL, s);
	map_three_pages(_metadata, self->fd);
	ASSERT_EQ(0, axas_translate_range(self->fd, SZ_2M, SZ_4K, s, n, &nr));
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
	EXPECT_EQ(self->info.frames + 1, info.frames);
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
	struct axas_walk_entry all[16], one[16];
	int n, m, i, calls;

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
	m = axas_walk_all(self->fd, 0x300000, SZ_1G, AXAS_WALK_TABLES, 1, one,
			  16, &calls);
	ASSERT_EQ(n, m);
	EXPECT_LE(n, calls);
	EXPECT_GE(n + 1, calls);
	for (i = 0; i < n; i++) {
		EXPECT_EQ(all[i].gpa, one[i].gpa) TH_LOG("entry %d", i);
		EXPECT_EQ(all[i].level, one[i].level) TH_LOG("entry %d", i);
	}
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
	EXPECT_EQ(0, e[0].more[0]);
	EXPECT_EQ(0, e[0].more[1]);
	EXPECT_EQ(0, e[1].more[0]);
	EXPECT_EQ(0, e[1].more[1]);
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
	__u32 max = self->info.max_entries;
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
	EXPECT_EQ(0, e[0].more[0]);
	EXPECT_EQ(0, e[0].more[2]);
	EXPECT_EQ(0, e[1].more[0]);
	EXPECT_EQ(0, e[1].more[2]);
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
	__u32 n = self->info.max_entries + 1;
	struct axas_area_desc *a = calloc(n, sizeof(*a));

	ASSERT_NE(NULL, a);
	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_2M, SZ_4K, RW, 0));
	ASSERT_EQ(1, axas_list_areas(self->fd, 0, a, n));
	EXPECT_EQ(SZ_2M, a[0].gpa);
	free(a);
}

TEST_HARNESS_MAIN
