// SPDX-License-Identifier: GPL-2.0
/*
 * kselftests of what depends on the page-table format, one fixture variant
 * per format (include/uapi/linux/axaddrspace.h, DESIGN.md section 3):
 * geometry, root pointers, exact leaf choice, table pages, raw entries,
 * the resumable walk, splits, the flag sets each format refuses.
 * Run as root (the test VM's init): HPAs are visible to CAP_SYS_ADMIN.
 */
#include "axas_util.h"
#include "kselftest_harness.h"

/* Every space of these tests is [0, 4 GiB). */
#define SPACE_LEN	SZ_4G

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
	bool five;

	self->format = format;
	self->root_pages = 1;
	switch (format) {
	case AXAS_FMT_EPT4:
	case AXAS_FMT_EPT5:
	case AXAS_FMT_NPT4:
	case AXAS_FMT_NPT5:
		/* 4 or 5 levels, 48 or 57 bits */
		self->fam = format <= AXAS_FMT_EPT5 ? FAM_EPT : FAM_NPT;
		five = format == AXAS_FMT_EPT5 || format == AXAS_FMT_NPT5;
		self->levels = five ? 5 : 4;
		self->gpa_bits = five ? 57 : 48;
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
		struct axas_native want;

		/* the machine's format at the machine's width */
		ASSERT_EQ(0, axas_expect_native(&want));
		ASSERT_EQ(want.format, self->info0.native_format);
		fmt_resolve(self, want.format, want.gpa_bits);
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
	struct axas_space_info si;
	struct axas_info info;
	__u32 nr, next;
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
	ASSERT_EQ(0, axas_list_spaces(self->dev, 0, d, 8, &nr, &next));
	ASSERT_EQ(1, nr);
	EXPECT_EQ(0, next);
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
	__u64 hole = FREE_HPA;	/* 1 GiB with nothing behind it */

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

	/* a lazy area of 4 KiB frames: one frame and leaf per faulted page */
	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_1G, SZ_2M, RW,
				    AXAS_ALLOC_NO_HUGE));
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
	unmap_to_root(_metadata, self, SZ_1G, SZ_2M);

	/*
	 * 2 MiB backing (the default; a freshly booted VM has free 2 MiB
	 * blocks): one fault installs the whole 2 MiB, one frame run under
	 * one 2 MiB leaf
	 */
	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_1G, SZ_2M, RW, 0));
	ASSERT_EQ(0, axas_fault(self->fd, SZ_1G + SZ_4K + 3, WR));
	expect_leaves(_metadata, self->fd, tables_to(self, 1), 0, 1, 0);
	ASSERT_EQ(0, axas_space_info(self->fd, &si));
	EXPECT_EQ(512, si.frames);
	EXPECT_EQ(2, si.faults);	/* the space's second fault */
	ASSERT_EQ(0, axas_translate(self->fd, SZ_1G + SZ_4K, &t[0]));
	EXPECT_EQ(1, t[0].level);
	EXPECT_EQ(SZ_2M, t[0].leaf_size);
	EXPECT_EQ(SZ_2M - SZ_4K, t[0].contig);
	ASSERT_EQ(0, axas_translate(self->fd, SZ_1G, &t[1]));
	EXPECT_EQ(t[0].hpa - SZ_4K, t[1].hpa);
	ASSERT_EQ(0, axas_get_info(self->dev, &info));
	EXPECT_EQ(self->info0.frames + 512, info.frames);
	/* a page unmapped inside: 511 4 KiB leaves over the same frames */
	ASSERT_EQ(0, axas_unmap(self->fd, SZ_1G + 5 * SZ_4K, SZ_4K));
	expect_leaves(_metadata, self->fd, tables_to(self, 0), 511, 0, 0);
	ASSERT_EQ(0, axas_translate(self->fd, SZ_1G + 6 * SZ_4K, &t[2]));
	EXPECT_EQ(t[1].hpa + 6 * SZ_4K, t[2].hpa);
	ASSERT_EQ(0, axas_get_info(self->dev, &info));
	EXPECT_EQ(self->info0.frames + 511, info.frames);
	unmap_to_root(_metadata, self, SZ_1G, SZ_2M);
	ASSERT_EQ(0, axas_get_info(self->dev, &info));
	EXPECT_EQ(self->info0.frames, info.frames);
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

/* The whole space in one call, then again one entry per call. */
static void walk_batched_and_one_by_one(struct __test_metadata *_metadata,
					FIXTURE_DATA(fmt) *self, __u32 flags)
{
	struct axas_walk_entry all[64];
	int n, calls;

	n = axas_walk_all(self->fd, 0, SPACE_LEN, flags, 64, all, 64, &calls);
	ASSERT_LT(0, n);
	ASSERT_GE(64, n);
	EXPECT_EQ(1, calls);
	expect_walk_one_by_one(_metadata, self->fd, 0, SPACE_LEN, flags, all,
			       n);
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
	walk_batched_and_one_by_one(_metadata, self, 0);
	walk_batched_and_one_by_one(_metadata, self, AXAS_WALK_TABLES);
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

TEST_HARNESS_MAIN
