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

enum family { FAM_EPT, FAM_NPT, FAM_S2, FAM_RV };

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

/*
 * The raw leaf the manuals give for a normal (write-back) memory mapping
 * with READ/WRITE/EXECUTE flags only, restated here independently of
 * kmod/fmt_*.c (DESIGN.md section 3).
 */
static __u64 raw_leaf(enum family fam, __u64 hpa, __u32 flags,
		      unsigned int level)
{
	bool r = flags & RD, w = flags & WR, x = flags & EX;
	__u64 pte;

	switch (fam) {
	case FAM_EPT:
		/* R 0, W 1, X 2, memory type 5:3 = 6 (WB), page size 7 */
		pte = hpa | r << 0 | w << 1 | x << 2 | 6ULL << 3;
		if (level)
			pte |= 1ULL << 7;
		if (!r && !w && !x)
			pte |= 1ULL << 54;	/* software: no access */
		return pte;
	case FAM_NPT:
		/* P 0, RW 1, US 2, PS 7, NX 63 */
		pte = hpa | (level ? 1ULL << 7 : 0);
		if (!r)
			return pte | 1ULL << 54;
		pte |= 1ULL << 0 | 1ULL << 2 | (__u64)w << 1;
		if (!x)
			pte |= 1ULL << 63;
		return pte;
	case FAM_S2:
		/* valid 0, page 1 (level 3), MemAttr 0b1111, S2AP 7:6, SH 0b11, AF 10, XN 54 */
		pte = hpa | 1ULL << 0 | 0xfULL << 2 | 3ULL << 8 | 1ULL << 10;
		if (!level)
			pte |= 1ULL << 1;
		pte |= (__u64)r << 6 | (__u64)w << 7;
		if (!x)
			pte |= 1ULL << 54;
		return pte;
	case FAM_RV:
		/* V R W X U G A D 0..7, PPN at 10 */
		pte = hpa >> 12 << 10;
		if (!r && !w && !x)
			return pte | 1ULL << 9;	/* software: no access */
		pte |= 1ULL << 0 | 1ULL << 4 | 1ULL << 6;
		pte |= (__u64)r << 1 | (__u64)w << 2 | (__u64)x << 3;
		if (w)
			pte |= 1ULL << 7;
		return pte;
	}
	return 0;
}

/* The raw entry pointing to a next-level table at @hpa. */
static __u64 raw_table(enum family fam, __u64 hpa)
{
	switch (fam) {
	case FAM_EPT:
		return hpa | 7;		/* R | W | X */
	case FAM_NPT:
		return hpa | 7;		/* P | RW | US */
	case FAM_S2:
		return hpa | 3;		/* valid | table */
	case FAM_RV:
		return hpa >> 12 << 10 | 1;	/* V, R = W = X = 0 */
	}
	return 0;
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
	struct axas_translate t;
	struct axas_space_info si;
	__u32 id;
	int fd;

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
	expect_leaves(_metadata, fd, tables_to(self, 0), 1, 0, 0);
	/* the first page of the space is not the last one */
	EXPECT_EQ(-ENOENT, axas_translate(fd, top - SZ_4G, &t));
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

TEST_F(fmt, linear_2m_is_one_level1_leaf)
{
	struct axas_translate t;
	struct axas_info info;

	need_mmio(_metadata, MMIO_HPA, SZ_2M);
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
}

TEST_F(fmt, linear_misaligned_hpa_gives_4k_leaves)
{
	struct axas_translate t;

	need_mmio(_metadata, MMIO_HPA, 2 * SZ_2M);
	ASSERT_EQ(0, axas_map_linear(self->fd, SZ_2M, MMIO_HPA + SZ_4K, SZ_2M,
				     RW, 0));
	expect_leaves(_metadata, self->fd, tables_to(self, 0), 512, 0, 0);
	ASSERT_EQ(0, axas_translate(self->fd, SZ_2M + SZ_4K + 8, &t));
	EXPECT_EQ(MMIO_HPA + 2 * SZ_4K + 8, t.hpa);
	EXPECT_EQ(SZ_4K, t.leaf_size);
	EXPECT_EQ(0, t.level);
	/* a linear area is host-contiguous to its end */
	EXPECT_EQ(SZ_2M - SZ_4K - 8, t.contig);
}

TEST_F(fmt, linear_nohuge_gives_4k_leaves)
{
	struct axas_area_desc a[2];
	struct axas_translate t;

	need_mmio(_metadata, MMIO_HPA, SZ_2M);
	ASSERT_EQ(0, axas_map_linear(self->fd, SZ_2M, MMIO_HPA, SZ_2M, RW,
				     AXAS_LINEAR_NOHUGE));
	expect_leaves(_metadata, self->fd, tables_to(self, 0), 512, 0, 0);
	ASSERT_EQ(0, axas_translate(self->fd, SZ_2M, &t));
	EXPECT_EQ(0, t.level);
	EXPECT_EQ(SZ_4K, t.leaf_size);
	EXPECT_EQ(SZ_2M, t.contig);
	ASSERT_EQ(1, axas_list_areas(self->fd, 0, a, 2));
	EXPECT_EQ(AXAS_LINEAR_NOHUGE, a[0].flags);
}

TEST_F(fmt, linear_1g_is_one_level2_leaf)
{
	__u64 hpa = 3 * SZ_1G;	/* the 32-bit PCI hole of pc and q35 */
	struct axas_translate t;

	need_mmio(_metadata, hpa, SZ_1G);
	ASSERT_EQ(0, axas_map_linear(self->fd, SZ_1G, hpa, SZ_1G, RD, 0));
	expect_leaves(_metadata, self->fd, tables_to(self, 2), 0, 0, 1);
	ASSERT_EQ(0, axas_translate(self->fd, 2 * SZ_1G - 1, &t));
	EXPECT_EQ(hpa + SZ_1G - 1, t.hpa);
	EXPECT_EQ(SZ_1G, t.leaf_size);
	EXPECT_EQ(2, t.level);
	EXPECT_EQ(1, t.contig);
	EXPECT_EQ(RD, t.map_flags);
}

TEST_F(fmt, linear_largest_leaves_at_the_edges)
{
	/*
	 * [0x3fe000, 0x602000) to MMIO + 0x1fe000: two 4 KiB leaves, one
	 * 2 MiB leaf at 0x400000, two 4 KiB leaves; two level-0 tables.
	 */
	struct axas_translate t;

	need_mmio(_metadata, MMIO_HPA, 4 * SZ_2M);
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

	/* unmapping it all frees every table but the root */
	ASSERT_EQ(0, axas_unmap(self->fd, 0x3fe000, SZ_2M + 4 * SZ_4K));
	expect_leaves(_metadata, self->fd, self->root_pages, 0, 0, 0);
}

TEST_F(fmt, alloc_populate_counts)
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
}

TEST_F(fmt, alloc_lazy_fault_installs_one_leaf)
{
	struct axas_translate t;
	struct axas_space_info si;

	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_1G, SZ_2M, RW, 0));
	ASSERT_EQ(0, axas_space_info(self->fd, &si));
	EXPECT_EQ(0, si.frames);
	EXPECT_EQ(0, si.leaves[0]);
	EXPECT_EQ(SZ_2M, si.mapped_bytes);
	EXPECT_EQ(-ENOENT, axas_translate(self->fd, SZ_1G + SZ_4K, &t));

	ASSERT_EQ(0, axas_fault(self->fd, SZ_1G + SZ_4K + 3, WR));
	expect_leaves(_metadata, self->fd, tables_to(self, 0), 1, 0, 0);
	ASSERT_EQ(0, axas_space_info(self->fd, &si));
	EXPECT_EQ(1, si.frames);
	EXPECT_EQ(1, si.faults);
	ASSERT_EQ(0, axas_translate(self->fd, SZ_1G + SZ_4K, &t));
	EXPECT_EQ(0, t.level);
	EXPECT_EQ(SZ_4K, t.contig);
	EXPECT_EQ(-ENOENT, axas_translate(self->fd, SZ_1G, &t));
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

TEST_F(fmt, walk_raw_entries)
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

TEST_F(fmt, walk_cursor_one_entry_at_a_time)
{
	map_two_leaves(_metadata, self);
	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_1G, 3 * SZ_4K, RW,
				    AXAS_ALLOC_POPULATE));
	ASSERT_EQ(0, axas_map_alloc(self->fd, 2 * SZ_1G + 511 * SZ_4K,
				    2 * SZ_4K, RD, AXAS_ALLOC_POPULATE));
	walk_one_by_one(_metadata, self, 0);
	walk_one_by_one(_metadata, self, AXAS_WALK_TABLES);
}

TEST_F(fmt, unmap_splits_huge_leaf)
{
	struct axas_area_desc a[4];
	struct axas_translate t;
	struct axas_space_info si;

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

	ASSERT_EQ(0, axas_unmap(self->fd, SZ_2M, SZ_2M));
	expect_leaves(_metadata, self->fd, self->root_pages, 0, 0, 0);
	ASSERT_EQ(0, axas_space_info(self->fd, &si));
	EXPECT_EQ(0, si.nr_areas);
}

TEST_F(fmt, protect_splits_huge_leaf)
{
	struct axas_walk_entry e[4];
	struct axas_translate t;
	struct axas_space_info si;

	need_mmio(_metadata, MMIO_HPA, SZ_2M);
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
	/* the raw entry of the protected page */
	ASSERT_EQ(1, axas_walk_all(self->fd, SZ_2M + SZ_4K, SZ_2M + 2 * SZ_4K,
				   0, 4, e, 4, NULL));
	EXPECT_EQ(raw_leaf(self->fam, MMIO_HPA + SZ_4K, RD, 0), e[0].raw);
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

TEST_F(fmt, clear_keeps_only_the_root)
{
	struct axas_space_info si;
	struct axas_info info;

	map_two_leaves(_metadata, self);
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

FIXTURE(abi) {
	struct abi_ctx c;
};

FIXTURE_VARIANT(abi) {
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
	FIXTURE_VARIANT_ADD(abi, _name) {				\
		.cmd = _cmd,						\
		.on_dev = _dev,						\
		.size = sizeof(struct _struct),				\
		.flags = _flags,					\
		.reserved = _res,					\
		.output = _out,						\
		.prep = prep_##_name,					\
	}
#define RES(_struct)	offsetof(struct _struct, __reserved)

ABI(get_info, AXAS_IOC_GET_INFO, true, axas_info, 0, -1, true);
ABI(create_space, AXAS_IOC_CREATE_SPACE, true, axas_create_space, 0, -1,
    true);
ABI(list_spaces, AXAS_IOC_LIST_SPACES, true, axas_list_spaces, 0, -1, true);
ABI(open_space, AXAS_IOC_OPEN_SPACE, true, axas_open_space, 0, -1, true);
ABI(map_linear, AXAS_IOC_MAP_LINEAR, false, axas_map_linear,
    AXAS_LINEAR_NOHUGE, RES(axas_map_linear), false);
ABI(map_alloc, AXAS_IOC_MAP_ALLOC, false, axas_map_alloc,
    AXAS_ALLOC_POPULATE, RES(axas_map_alloc), false);
ABI(map_user, AXAS_IOC_MAP_USER, false, axas_map_user, 0,
    RES(axas_map_user), false);
ABI(unmap, AXAS_IOC_UNMAP, false, axas_range, 0, -1, false);
ABI(protect, AXAS_IOC_PROTECT, false, axas_protect, 0, RES(axas_protect),
    false);
ABI(clear, AXAS_IOC_CLEAR, false, axas_clear, 0, -1, false);
ABI(translate, AXAS_IOC_TRANSLATE, false, axas_translate, 0, -1, true);
ABI(translate_range, AXAS_IOC_TRANSLATE_RANGE, false, axas_translate_range,
    0, RES(axas_translate_range), true);
ABI(handle_fault, AXAS_IOC_HANDLE_FAULT, false, axas_fault, 0,
    RES(axas_fault), false);
ABI(access, AXAS_IOC_ACCESS, false, axas_access, AXAS_ACCESS_WRITE,
    RES(axas_access), true);
ABI(get_space_info, AXAS_IOC_GET_SPACE_INFO, false, axas_space_info, 0, -1,
    true);
ABI(walk, AXAS_IOC_WALK, false, axas_walk, AXAS_WALK_TABLES,
    RES(axas_walk), true);
ABI(list_areas, AXAS_IOC_LIST_AREAS, false, axas_list_areas, 0, -1, true);

FIXTURE_SETUP(abi)
{
	struct abi_ctx *c = &self->c;

	c->fd = -1;
	c->dev = axas_open_dev();
	if (c->dev < 0 && errno == ENOENT)
		SKIP(return, AXAS_DEV " missing: module not loaded");
	ASSERT_LE(0, c->dev);
	c->fd = axas_create(c->dev, AXAS_FMT_NATIVE, 0, 0, SPACE_LEN, 0,
			    &c->id);
	ASSERT_LE(0, c->fd);
	ASSERT_EQ(0, axas_hpa_is_ram(MMIO_HPA, 2 * SZ_2M));
	/* something for every command to succeed on */
	ASSERT_EQ(0, axas_map_linear(c->fd, SZ_2M, MMIO_HPA, SZ_2M,
				     RW | AXAS_MAP_DEVICE, 0));
	ASSERT_EQ(0, axas_map_alloc(c->fd, 0x1000000, 2 * SZ_4K, RW,
				    AXAS_ALLOC_POPULATE));
	ASSERT_EQ(0, axas_map_alloc(c->fd, 0x2000000, 2 * SZ_4K, RW, 0));
	c->upage = axas_anon(4096, PROT_READ | PROT_WRITE);
	ASSERT_NE(NULL, c->upage);
}

FIXTURE_TEARDOWN(abi)
{
	if (self->c.fd >= 0)
		close(self->c.fd);
	if (self->c.dev >= 0)
		close(self->c.dev);
}

/* The file descriptor the command belongs on, and the other one. */
static int abi_fd(FIXTURE_DATA(abi) *self,
		  const FIXTURE_VARIANT(abi) *variant, bool right)
{
	return variant->on_dev == right ? self->c.dev : self->c.fd;
}

/* A valid argument in @buf (ABI_MAX bytes, zeroed beyond the structure). */
static void abi_prep(FIXTURE_DATA(abi) *self,
		     const FIXTURE_VARIANT(abi) *variant, void *buf)
{
	memset(buf, 0, ABI_MAX);
	*(__u32 *)buf = variant->size;
	variant->prep(&self->c, buf);
}

static void abi_snap(struct __test_metadata *_metadata,
		     FIXTURE_DATA(abi) *self, struct abi_snap *s)
{
	struct axas_space_info si;
	struct axas_info info;

	ASSERT_EQ(0, axas_get_info(self->c.dev, &info));
	ASSERT_EQ(0, axas_space_info(self->c.fd, &si));
	s->nr_spaces = info.nr_spaces;
	s->frames = info.frames;
	s->table_pages = info.table_pages;
	s->pinned_pages = info.pinned_pages;
	s->nr_areas = si.nr_areas;
	s->mapped_bytes = si.mapped_bytes;
	s->faults = si.faults;
	s->space_tables = si.table_pages;
}

/* Issue @buf, expect -@err, and check nothing changed or was written. */
static void abi_refused(struct __test_metadata *_metadata,
			FIXTURE_DATA(abi) *self,
			const FIXTURE_VARIANT(abi) *variant, void *buf,
			int err)
{
	unsigned char before[ABI_MAX];
	struct abi_snap s0, s1;
	int next_fd = dup(0);

	ASSERT_LE(0, next_fd);
	close(next_fd);
	memcpy(before, buf, ABI_MAX);
	abi_snap(_metadata, self, &s0);
	EXPECT_EQ(-err, axas_ioctl(abi_fd(self, variant, true), variant->cmd,
				   buf));
	abi_snap(_metadata, self, &s1);
	EXPECT_EQ(0, memcmp(&s0, &s1, sizeof(s0)));
	/* on failure nothing is written back */
	EXPECT_EQ(0, memcmp(before, buf, ABI_MAX));
	/* and no descriptor was installed */
	EXPECT_EQ(-1, fcntl(next_fd, F_GETFD));
}

TEST_F(abi, valid_call_succeeds)
{
	char buf[ABI_MAX];

	abi_prep(self, variant, buf);
	EXPECT_EQ(0, axas_ioctl(abi_fd(self, variant, true), variant->cmd,
				buf));
}

TEST_F(abi, size_too_short)
{
	char buf[ABI_MAX];

	abi_prep(self, variant, buf);
	*(__u32 *)buf = 0;
	abi_refused(_metadata, self, variant, buf, EINVAL);
	*(__u32 *)buf = 4;
	abi_refused(_metadata, self, variant, buf, EINVAL);
	/* one field short of the first version */
	*(__u32 *)buf = variant->size > 8 ? variant->size - 8 : 4;
	abi_refused(_metadata, self, variant, buf, EINVAL);
}

TEST_F(abi, longer_with_zero_tail_accepted)
{
	char buf[ABI_MAX];
	int i;

	abi_prep(self, variant, buf);
	*(__u32 *)buf = variant->size + 64;
	EXPECT_EQ(0, axas_ioctl(abi_fd(self, variant, true), variant->cmd,
				buf));
	/* the kernel writes back its own structure only */
	for (i = variant->size; i < (int)variant->size + 64; i++)
		EXPECT_EQ(0, buf[i]) TH_LOG("tail byte %d", i);
}

TEST_F(abi, longer_with_nonzero_tail)
{
	char buf[ABI_MAX];

	abi_prep(self, variant, buf);
	*(__u32 *)buf = variant->size + 64;
	buf[variant->size + 63] = 1;
	abi_refused(_metadata, self, variant, buf, E2BIG);
	buf[variant->size + 63] = 0;
	buf[variant->size] = 0x80;
	abi_refused(_metadata, self, variant, buf, E2BIG);
}

TEST_F(abi, undefined_flag_bits)
{
	char buf[ABI_MAX];
	int bit;

	for (bit = 0; bit < 32; bit++) {
		if (variant->flags & (1U << bit))
			continue;
		abi_prep(self, variant, buf);
		((__u32 *)buf)[1] = 1U << bit;
		abi_refused(_metadata, self, variant, buf, EINVAL);
	}
}

TEST_F(abi, reserved_must_be_zero)
{
	char buf[ABI_MAX];

	if (variant->reserved < 0)
		SKIP(return, "no input __reserved field");
	abi_prep(self, variant, buf);
	*(__u32 *)(buf + variant->reserved) = 1;
	abi_refused(_metadata, self, variant, buf, EINVAL);
	abi_prep(self, variant, buf);
	*(__u32 *)(buf + variant->reserved) = 0x80000000;
	abi_refused(_metadata, self, variant, buf, EINVAL);
}

TEST_F(abi, null_argument)
{
	EXPECT_EQ(-EFAULT, axas_ioctl(abi_fd(self, variant, true),
				      variant->cmd, NULL));
}

TEST_F(abi, unmapped_argument)
{
	EXPECT_EQ(-EFAULT, axas_ioctl(abi_fd(self, variant, true),
				      variant->cmd, axas_hole()));
}

TEST_F(abi, read_only_argument)
{
	struct abi_snap s0, s1;
	char buf[ABI_MAX];
	int next_fd;
	void *ro;

	if (!variant->output)
		SKIP(return, "nothing to write back");
	abi_prep(self, variant, buf);
	ro = axas_ro_page(buf, variant->size);
	ASSERT_NE(NULL, ro);
	next_fd = dup(0);
	ASSERT_LE(0, next_fd);
	close(next_fd);
	abi_snap(_metadata, self, &s0);
	EXPECT_EQ(-EFAULT, axas_ioctl(abi_fd(self, variant, true),
				      variant->cmd, ro));
	/* a result that cannot be reported is not left behind either */
	abi_snap(_metadata, self, &s1);
	EXPECT_EQ(0, memcmp(&s0, &s1, sizeof(s0)));
	EXPECT_EQ(-1, fcntl(next_fd, F_GETFD));
}

TEST_F(abi, other_kind_of_fd)
{
	char buf[ABI_MAX];

	abi_prep(self, variant, buf);
	EXPECT_EQ(-ENOTTY, axas_ioctl(abi_fd(self, variant, false),
				      variant->cmd, buf));
}

/* ---------------------------------------------------------------------
 * dev: /dev/axaddrspace commands
 */

FIXTURE(dev) {
	int dev;
	struct axas_info info0;
};

FIXTURE_SETUP(dev)
{
	self->dev = axas_open_dev();
	if (self->dev < 0 && errno == ENOENT)
		SKIP(return, AXAS_DEV " missing: module not loaded");
	ASSERT_LE(0, self->dev);
	ASSERT_EQ(0, axas_get_info(self->dev, &self->info0));
}

FIXTURE_TEARDOWN(dev)
{
	if (self->dev >= 0)
		close(self->dev);
}

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

TEST_F(dev, get_info_reports_the_module)
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

TEST_F(dev, get_info_counts_spaces)
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

TEST_F(dev, create_space_returns_rdwr_cloexec_fd)
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

TEST_F(dev, create_space_unknown_format)
{
	EXPECT_EQ(-EINVAL, axas_create(self->dev, AXAS_FMT_NR, 0, 0, SZ_1G, 0,
				       NULL));
	EXPECT_EQ(-EINVAL, axas_create(self->dev, 0xffffffff, 0, 0, SZ_1G, 0,
				       NULL));
}

TEST_F(dev, create_space_s2_width_below_32)
{
	EXPECT_EQ(-EINVAL, axas_create(self->dev, AXAS_FMT_ARM_S2, 31, 0,
				       SZ_1G, 0, NULL));
	EXPECT_EQ(-EINVAL, axas_create(self->dev, AXAS_FMT_ARM_S2, 12, 0,
				       SZ_4K, 0, NULL));
}

TEST_F(dev, create_space_s2_width_above_48)
{
	EXPECT_EQ(-EINVAL, axas_create(self->dev, AXAS_FMT_ARM_S2, 49, 0,
				       SZ_1G, 0, NULL));
	EXPECT_EQ(-EINVAL, axas_create(self->dev, AXAS_FMT_ARM_S2, 64, 0,
				       SZ_1G, 0, NULL));
}

TEST_F(dev, create_space_every_s2_width)
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

TEST_F(dev, create_space_width_of_fixed_format)
{
	EXPECT_EQ(-EINVAL, axas_create(self->dev, AXAS_FMT_EPT4, 57, 0, SZ_1G,
				       0, NULL));
	EXPECT_EQ(-EINVAL, axas_create(self->dev, AXAS_FMT_SV39X4, 40, 0,
				       SZ_1G, 0, NULL));
	EXPECT_EQ(-EINVAL, axas_create(self->dev, AXAS_FMT_NATIVE, 47, 0,
				       SZ_1G, 0, NULL));
}

TEST_F(dev, create_space_width_of_fixed_format_matching)
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

TEST_F(dev, create_space_base_misaligned)
{
	EXPECT_EQ(-EINVAL, axas_create(self->dev, AXAS_FMT_NATIVE, 0, 0x800,
				       SZ_1G, 0, NULL));
}

TEST_F(dev, create_space_length_zero)
{
	EXPECT_EQ(-EINVAL, axas_create(self->dev, AXAS_FMT_NATIVE, 0, 0, 0, 0,
				       NULL));
}

TEST_F(dev, create_space_length_misaligned)
{
	EXPECT_EQ(-EINVAL, axas_create(self->dev, AXAS_FMT_NATIVE, 0, 0,
				       SZ_1G + 1, 0, NULL));
}

TEST_F(dev, create_space_wraps_around)
{
	/* a space that wraps past 2^64 does not fit any format */
	EXPECT_EQ(-ERANGE, axas_create(self->dev, AXAS_FMT_NATIVE, 0,
				       ~0ULL - SZ_4K + 1, 2 * SZ_4K, 0, NULL));
}

TEST_F(dev, create_space_vmid_on_x86_formats)
{
	EXPECT_EQ(-EINVAL, axas_create(self->dev, AXAS_FMT_EPT4, 0, 0, SZ_1G,
				       1, NULL));
	EXPECT_EQ(-EINVAL, axas_create(self->dev, AXAS_FMT_NPT5, 0, 0, SZ_1G,
				       1ULL << 40, NULL));
}

TEST_F(dev, create_space_vmid_too_big_for_s2)
{
	EXPECT_EQ(-EINVAL, axas_create(self->dev, AXAS_FMT_ARM_S2, 0, 0, SZ_1G,
				       1ULL << 16, NULL));
}

TEST_F(dev, create_space_vmid_too_big_for_gstage)
{
	EXPECT_EQ(-EINVAL, axas_create(self->dev, AXAS_FMT_SV48X4, 0, 0, SZ_1G,
				       1ULL << 14, NULL));
}

TEST_F(dev, create_space_out_of_descriptors)
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
TEST_F(dev, list_spaces_own)
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

TEST_F(dev, list_spaces_resumes)
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

TEST_F(dev, list_spaces_entry_size_too_short)
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

TEST_F(dev, list_spaces_entry_size_longer_zero_extended)
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

TEST_F(dev, list_spaces_entries_not_writable)
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

TEST_F(dev, list_spaces_more_than_max_entries)
{
	/* header: nr_entries is at most max_entries */
	struct axas_list_spaces l = {
		.size = sizeof(l),
		.nr_entries = self->info0.max_entries + 1,
		.entry_size = sizeof(struct axas_space_desc),
	};
	void *buf = calloc(l.nr_entries, l.entry_size);

	ASSERT_NE(NULL, buf);
	l.entries = (uintptr_t)buf;
	EXPECT_EQ(-EINVAL, axas_ioctl(self->dev, AXAS_IOC_LIST_SPACES, &l));
	free(buf);
}

TEST_F(dev, open_space_read_only_cloexec)
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

TEST_F(dev, open_space_unknown_id)
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

TEST_F(dev, open_space_out_of_descriptors)
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

TEST_F(dev, unknown_commands)
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

FIXTURE(nat) {
	int dev;
	int fd;
	__u32 id;
	struct axas_info info;
};

FIXTURE_SETUP(nat)
{
	self->fd = -1;
	self->dev = axas_open_dev();
	if (self->dev < 0 && errno == ENOENT)
		SKIP(return, AXAS_DEV " missing: module not loaded");
	ASSERT_LE(0, self->dev);
	ASSERT_EQ(0, axas_get_info(self->dev, &self->info));
	self->fd = axas_create(self->dev, AXAS_FMT_NATIVE, 0, 0, SPACE_LEN, 0,
			       &self->id);
	ASSERT_LE(0, self->fd);
}

FIXTURE_TEARDOWN(nat)
{
	if (self->fd >= 0)
		close(self->fd);
	if (self->dev >= 0)
		close(self->dev);
}

/* A second native space [1 GiB, 2 GiB): addresses below its base exist. */
static int nat_high_space(FIXTURE_DATA(nat) *self)
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

TEST_F(nat, unknown_commands)
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

TEST_F(nat, linear_gpa_misaligned)
{
	EXPECT_EQ(-EINVAL, axas_map_linear(self->fd, SZ_2M + 0x800, MMIO_HPA,
					   SZ_4K, RW, 0));
	expect_areas(_metadata, self->fd, 0, 0);
}

TEST_F(nat, linear_hpa_misaligned)
{
	EXPECT_EQ(-EINVAL, axas_map_linear(self->fd, SZ_2M, MMIO_HPA + 0x10,
					   SZ_4K, RW, 0));
	expect_areas(_metadata, self->fd, 0, 0);
}

TEST_F(nat, linear_length_zero)
{
	EXPECT_EQ(-EINVAL, axas_map_linear(self->fd, SZ_2M, MMIO_HPA, 0, RW,
					   0));
}

TEST_F(nat, linear_length_misaligned)
{
	EXPECT_EQ(-EINVAL, axas_map_linear(self->fd, SZ_2M, MMIO_HPA,
					   SZ_4K + 1, RW, 0));
	expect_areas(_metadata, self->fd, 0, 0);
}

TEST_F(nat, linear_undefined_map_flags)
{
	int bit;

	for (bit = 6; bit < 32; bit++)
		EXPECT_EQ(-EINVAL, axas_map_linear(self->fd, SZ_2M, MMIO_HPA,
						   SZ_4K, RW | 1U << bit, 0))
			TH_LOG("bit %d", bit);
	expect_areas(_metadata, self->fd, 0, 0);
}

TEST_F(nat, linear_device_and_uncached)
{
	EXPECT_EQ(-EINVAL, axas_map_linear(self->fd, SZ_2M, MMIO_HPA, SZ_4K,
					   RW | AXAS_MAP_DEVICE |
					   AXAS_MAP_UNCACHED, 0));
}

TEST_F(nat, linear_outside_space)
{
	EXPECT_EQ(-ERANGE, axas_map_linear(self->fd, SPACE_LEN, MMIO_HPA,
					   SZ_4K, RW, 0));
}

TEST_F(nat, linear_crosses_space_end)
{
	EXPECT_EQ(-ERANGE, axas_map_linear(self->fd, SPACE_LEN - SZ_4K,
					   MMIO_HPA, 2 * SZ_4K, RW, 0));
	expect_areas(_metadata, self->fd, 0, 0);
}

TEST_F(nat, linear_below_space_base)
{
	int fd = nat_high_space(self);

	ASSERT_LE(0, fd);
	EXPECT_EQ(-ERANGE, axas_map_linear(fd, SZ_1G - SZ_4K, MMIO_HPA,
					   2 * SZ_4K, RW, 0));
}

TEST_F(nat, linear_range_wraps_around)
{
	EXPECT_EQ(-ERANGE, axas_map_linear(self->fd, SZ_1G, MMIO_HPA,
					   ~0ULL - SZ_1G + 1 + SZ_4K, RW, 0));
}

TEST_F(nat, linear_overlaps_area)
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

TEST_F(nat, linear_adjacent_areas)
{
	need_mmio(_metadata, MMIO_HPA, SZ_2M);
	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_2M, SZ_4K, RW, 0));
	EXPECT_EQ(0, axas_map_linear(self->fd, SZ_2M - SZ_4K, MMIO_HPA, SZ_4K,
				     RW, 0));
	EXPECT_EQ(0, axas_map_linear(self->fd, SZ_2M + SZ_4K, MMIO_HPA, SZ_4K,
				     RW, 0));
	expect_areas(_metadata, self->fd, 3, 3 * SZ_4K);
}

TEST_F(nat, linear_hpa_beyond_phys_bits)
{
	__u64 limit = 1ULL << self->info.phys_addr_bits;

	ASSERT_GT(64, self->info.phys_addr_bits);
	EXPECT_EQ(-ERANGE, axas_map_linear(self->fd, SZ_2M, limit, SZ_4K, RW,
					   0));
	/* the last page below the limit and the first above it */
	EXPECT_EQ(-ERANGE, axas_map_linear(self->fd, SZ_2M, limit - SZ_4K,
					   2 * SZ_4K, RW, 0));
	expect_areas(_metadata, self->fd, 0, 0);
}

TEST_F(nat, linear_system_ram)
{
	ASSERT_EQ(1, axas_hpa_is_ram(RAM_HPA, SZ_4K));
	if (self->info.allow_ram_linear)
		SKIP(return, "allow_ram_linear is set");
	EXPECT_EQ(-EPERM, axas_map_linear(self->fd, SZ_2M, RAM_HPA, SZ_4K, RW,
					  0));
	expect_areas(_metadata, self->fd, 0, 0);
}

TEST_F(nat, linear_no_access_is_legal)
{
	struct axas_translate t;

	need_mmio(_metadata, MMIO_HPA, SZ_4K);
	ASSERT_EQ(0, axas_map_linear(self->fd, SZ_2M, MMIO_HPA, SZ_4K, 0, 0));
	ASSERT_EQ(0, axas_translate(self->fd, SZ_2M, &t));
	EXPECT_EQ(0, t.map_flags);
	EXPECT_EQ(MMIO_HPA, t.hpa);
}

/* --- MAP_ALLOC --- */

TEST_F(nat, alloc_populate_is_zeroed)
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

TEST_F(nat, alloc_gpa_misaligned)
{
	EXPECT_EQ(-EINVAL, axas_map_alloc(self->fd, SZ_2M + 8, SZ_4K, RW, 0));
}

TEST_F(nat, alloc_length_zero)
{
	EXPECT_EQ(-EINVAL, axas_map_alloc(self->fd, SZ_2M, 0, RW, 0));
}

TEST_F(nat, alloc_length_misaligned)
{
	EXPECT_EQ(-EINVAL, axas_map_alloc(self->fd, SZ_2M, SZ_4K + 0x800, RW,
					  AXAS_ALLOC_POPULATE));
	expect_areas(_metadata, self->fd, 0, 0);
}

TEST_F(nat, alloc_undefined_map_flags)
{
	EXPECT_EQ(-EINVAL, axas_map_alloc(self->fd, SZ_2M, SZ_4K, RW | 0x40,
					  0));
	EXPECT_EQ(-EINVAL, axas_map_alloc(self->fd, SZ_2M, SZ_4K,
					  RW | 0x80000000, 0));
}

TEST_F(nat, alloc_device_and_uncached)
{
	EXPECT_EQ(-EINVAL, axas_map_alloc(self->fd, SZ_2M, SZ_4K,
					  RW | AXAS_MAP_DEVICE |
					  AXAS_MAP_UNCACHED, 0));
}

TEST_F(nat, alloc_outside_space)
{
	EXPECT_EQ(-ERANGE, axas_map_alloc(self->fd, SPACE_LEN, SZ_4K, RW, 0));
}

TEST_F(nat, alloc_crosses_space_end)
{
	EXPECT_EQ(-ERANGE, axas_map_alloc(self->fd, SPACE_LEN - SZ_4K,
					  2 * SZ_4K, RW, AXAS_ALLOC_POPULATE));
	expect_areas(_metadata, self->fd, 0, 0);
}

TEST_F(nat, alloc_below_space_base)
{
	int fd = nat_high_space(self);

	ASSERT_LE(0, fd);
	EXPECT_EQ(-ERANGE, axas_map_alloc(fd, 0, SZ_4K, RW, 0));
}

TEST_F(nat, alloc_range_wraps_around)
{
	EXPECT_EQ(-ERANGE, axas_map_alloc(self->fd, SZ_1G,
					  ~0ULL - SZ_1G + 1 + SZ_4K, RW, 0));
}

TEST_F(nat, alloc_overlap_leaves_nothing)
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

TEST_F(nat, unmap_gpa_misaligned)
{
	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_2M, 2 * SZ_4K, RW, 0));
	EXPECT_EQ(-EINVAL, axas_unmap(self->fd, SZ_2M + 1, SZ_4K));
	expect_areas(_metadata, self->fd, 1, 2 * SZ_4K);
}

TEST_F(nat, unmap_length_zero)
{
	EXPECT_EQ(-EINVAL, axas_unmap(self->fd, SZ_2M, 0));
}

TEST_F(nat, unmap_length_misaligned)
{
	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_2M, 2 * SZ_4K, RW, 0));
	EXPECT_EQ(-EINVAL, axas_unmap(self->fd, SZ_2M, SZ_4K + 1));
	expect_areas(_metadata, self->fd, 1, 2 * SZ_4K);
}

TEST_F(nat, unmap_outside_space)
{
	EXPECT_EQ(-ERANGE, axas_unmap(self->fd, SPACE_LEN, SZ_4K));
}

TEST_F(nat, unmap_crosses_space_end)
{
	ASSERT_EQ(0, axas_map_alloc(self->fd, SPACE_LEN - SZ_4K, SZ_4K, RW,
				    0));
	EXPECT_EQ(-ERANGE, axas_unmap(self->fd, SPACE_LEN - SZ_4K, 2 * SZ_4K));
	expect_areas(_metadata, self->fd, 1, SZ_4K);
}

TEST_F(nat, unmap_range_wraps_around)
{
	EXPECT_EQ(-ERANGE, axas_unmap(self->fd, SZ_1G,
				      ~0ULL - SZ_1G + 1 + SZ_4K));
}

TEST_F(nat, unmap_hole_is_fine)
{
	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_2M, SZ_4K, RW, 0));
	EXPECT_EQ(0, axas_unmap(self->fd, SZ_1G, SZ_1G));
	expect_areas(_metadata, self->fd, 1, SZ_4K);
}

TEST_F(nat, unmap_across_areas)
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

TEST_F(nat, unmap_middle_of_alloc_area)
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

TEST_F(nat, protect_gpa_misaligned)
{
	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_2M, SZ_4K, RW, 0));
	EXPECT_EQ(-EINVAL, axas_protect(self->fd, SZ_2M + 4, SZ_4K, RD));
}

TEST_F(nat, protect_length_zero)
{
	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_2M, SZ_4K, RW, 0));
	EXPECT_EQ(-EINVAL, axas_protect(self->fd, SZ_2M, 0, RD));
}

TEST_F(nat, protect_length_misaligned)
{
	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_2M, 2 * SZ_4K, RW, 0));
	EXPECT_EQ(-EINVAL, axas_protect(self->fd, SZ_2M, SZ_4K + 4, RD));
}

TEST_F(nat, protect_undefined_map_flags)
{
	struct axas_area_desc a;

	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_2M, SZ_4K, RW, 0));
	EXPECT_EQ(-EINVAL, axas_protect(self->fd, SZ_2M, SZ_4K, RD | 0x100));
	ASSERT_EQ(1, axas_list_areas(self->fd, 0, &a, 1));
	EXPECT_EQ(RW, a.map_flags);
}

TEST_F(nat, protect_device_and_uncached)
{
	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_2M, SZ_4K, RW, 0));
	EXPECT_EQ(-EINVAL, axas_protect(self->fd, SZ_2M, SZ_4K,
					RD | AXAS_MAP_DEVICE |
					AXAS_MAP_UNCACHED));
}

TEST_F(nat, protect_flags_the_format_refuses)
{
	struct axas_translate t;

	/* EPT and NPT (the x86 native formats): write without read */
	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_2M, SZ_4K, RW,
				    AXAS_ALLOC_POPULATE));
	EXPECT_EQ(-EINVAL, axas_protect(self->fd, SZ_2M, SZ_4K, WR));
	ASSERT_EQ(0, axas_translate(self->fd, SZ_2M, &t));
	EXPECT_EQ(RW, t.map_flags);
}

TEST_F(nat, protect_outside_space)
{
	EXPECT_EQ(-ERANGE, axas_protect(self->fd, SPACE_LEN, SZ_4K, RD));
	EXPECT_EQ(-ERANGE, axas_protect(self->fd, SPACE_LEN - SZ_4K,
					2 * SZ_4K, RD));
}

TEST_F(nat, protect_lazy_pages_fault_in_with_new_flags)
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

TEST_F(nat, protect_splits_areas)
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

TEST_F(nat, clear_empty_space)
{
	struct axas_space_info si;

	ASSERT_EQ(0, axas_clear(self->fd));
	ASSERT_EQ(0, axas_space_info(self->fd, &si));
	EXPECT_EQ(1, si.table_pages);
	EXPECT_EQ(0, si.nr_areas);
}

TEST_F(nat, clear_makes_everything_unmapped)
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

TEST_F(nat, translate_outside_space)
{
	struct axas_translate t;
	int fd = nat_high_space(self);

	EXPECT_EQ(-ERANGE, axas_translate(self->fd, SPACE_LEN, &t));
	EXPECT_EQ(-ERANGE, axas_translate(self->fd, ~0ULL, &t));
	ASSERT_LE(0, fd);
	EXPECT_EQ(-ERANGE, axas_translate(fd, SZ_1G - 1, &t));
}

TEST_F(nat, translate_no_area)
{
	struct axas_translate t;

	EXPECT_EQ(-ENOENT, axas_translate(self->fd, SZ_2M, &t));
}

TEST_F(nat, translate_lazy_page_not_faulted)
{
	struct axas_translate t;

	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_2M, 2 * SZ_4K, RW, 0));
	EXPECT_EQ(-ENOENT, axas_translate(self->fd, SZ_2M + SZ_4K, &t));
}

TEST_F(nat, translate_contig_stops_at_area_end)
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

TEST_F(nat, translate_range_segments)
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

TEST_F(nat, translate_range_one_byte)
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

TEST_F(nat, translate_range_too_many_segments)
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

TEST_F(nat, translate_range_length_zero)
{
	struct axas_seg s[1];

	map_three_pages(_metadata, self->fd);
	EXPECT_EQ(-EINVAL, axas_translate_range(self->fd, SZ_2M, 0, s, 1,
						NULL));
}

TEST_F(nat, translate_range_more_than_max_segs)
{
	/* header: nr_segs is at most max_segs */
	__u32 n = self->info.max_segs + 1;
	struct axas_seg *s = calloc(n, sizeof(*s));

	ASSERT_NE(NULL, s);
	map_three_pages(_metadata, self->fd);
	EXPECT_EQ(-EINVAL, axas_translate_range(self->fd, SZ_2M, SZ_4K, s, n,
						NULL));
	free(s);
}

TEST_F(nat, translate_range_leaves_space)
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

TEST_F(nat, translate_range_hole)
{
	struct axas_seg s[4];

	map_three_pages(_metadata, self->fd);
	EXPECT_EQ(-EFAULT, axas_translate_range(self->fd, SZ_2M, 4 * SZ_4K, s,
						4, NULL));
	EXPECT_EQ(-EFAULT, axas_translate_range(self->fd, SZ_2M - 1, 2, s, 4,
						NULL));
}

TEST_F(nat, translate_range_lazy_page)
{
	struct axas_seg s[4];

	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_2M, 2 * SZ_4K, RW, 0));
	ASSERT_EQ(0, axas_fault(self->fd, SZ_2M, RD));
	EXPECT_EQ(-EFAULT, axas_translate_range(self->fd, SZ_2M, 2 * SZ_4K, s,
						4, NULL));
}

TEST_F(nat, translate_range_segs_not_writable)
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

TEST_F(nat, fault_installs_one_frame_once)
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

TEST_F(nat, fault_on_present_page_is_a_noop)
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

TEST_F(nat, fault_access_zero)
{
	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_2M, SZ_4K, RW, 0));
	EXPECT_EQ(-EINVAL, axas_fault(self->fd, SZ_2M, 0));
}

TEST_F(nat, fault_access_not_rwx)
{
	__u32 bit;

	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_2M, SZ_4K,
				    AXAS_MAP_FLAGS_ALL & ~AXAS_MAP_DEVICE, 0));
	for (bit = 3; bit < 32; bit++)
		EXPECT_EQ(-EINVAL, axas_fault(self->fd, SZ_2M, RD | 1U << bit))
			TH_LOG("bit %u", bit);
	expect_areas(_metadata, self->fd, 1, SZ_4K);
}

TEST_F(nat, fault_outside_space)
{
	EXPECT_EQ(-ERANGE, axas_fault(self->fd, SPACE_LEN, RD));
}

TEST_F(nat, fault_no_area)
{
	EXPECT_EQ(-EFAULT, axas_fault(self->fd, SZ_2M, RD));
}

TEST_F(nat, fault_access_not_allowed)
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

TEST_F(nat, access_widths)
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

TEST_F(nat, access_bad_width)
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

TEST_F(nat, access_misaligned)
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

TEST_F(nat, access_outside_space)
{
	__u64 v;

	EXPECT_EQ(-ERANGE, axas_load(self->fd, SPACE_LEN, 4, &v));
	EXPECT_EQ(-ERANGE, axas_store(self->fd, ~0ULL - 7, 8, 0));
}

TEST_F(nat, access_no_area)
{
	__u64 v;

	EXPECT_EQ(-EFAULT, axas_load(self->fd, SZ_2M, 4, &v));
	EXPECT_EQ(-EFAULT, axas_store(self->fd, SZ_2M, 4, 0));
}

TEST_F(nat, access_linear_area)
{
	__u64 v;

	need_mmio(_metadata, MMIO_HPA, SZ_4K);
	ASSERT_EQ(0, axas_map_linear(self->fd, SZ_2M, MMIO_HPA, SZ_4K, RW, 0));
	EXPECT_EQ(-EOPNOTSUPP, axas_load(self->fd, SZ_2M, 4, &v));
	EXPECT_EQ(-EOPNOTSUPP, axas_store(self->fd, SZ_2M, 4, 0));
}

TEST_F(nat, access_lazy_load_reads_zero)
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

TEST_F(nat, access_lazy_store_faults_in)
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

TEST_F(nat, walk_starts_inside_a_leaf)
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

TEST_F(nat, walk_empty_space)
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

TEST_F(nat, walk_entry_size_too_short)
{
	struct axas_walk_entry e[2];

	ASSERT_EQ(0, axas_map_alloc(self->fd, 0, SZ_4K, RW,
				    AXAS_ALLOC_POPULATE));
	EXPECT_EQ(-EINVAL, walk(self->fd, 0, SPACE_LEN, 2, 40, e));
	EXPECT_EQ(-EINVAL, walk(self->fd, 0, SPACE_LEN, 2, 0, e));
}

TEST_F(nat, walk_entry_size_longer_zero_extended)
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

TEST_F(nat, walk_end_not_above_gpa)
{
	struct axas_walk_entry e[2];

	EXPECT_EQ(-EINVAL, walk(self->fd, SZ_2M, SZ_2M, 2, sizeof(e[0]), e));
	EXPECT_EQ(-EINVAL, walk(self->fd, SZ_2M, SZ_4K, 2, sizeof(e[0]), e));
}

TEST_F(nat, walk_beyond_space)
{
	struct axas_walk_entry e[2];
	int fd = nat_high_space(self);

	EXPECT_EQ(-ERANGE, walk(self->fd, 0, SPACE_LEN + SZ_4K, 2,
				sizeof(e[0]), e));
	ASSERT_LE(0, fd);
	EXPECT_EQ(-ERANGE, walk(fd, 0, 2 * SZ_1G, 2, sizeof(e[0]), e));
}

TEST_F(nat, walk_entries_not_writable)
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

TEST_F(nat, walk_more_than_max_entries)
{
	/* header: nr_entries is at most max_entries */
	__u32 n = self->info.max_entries + 1;
	struct axas_walk_entry *e = calloc(n, sizeof(*e));

	ASSERT_NE(NULL, e);
	EXPECT_EQ(-EINVAL, walk(self->fd, 0, SPACE_LEN, n, sizeof(*e), e));
	free(e);
}

/* --- LIST_AREAS --- */

TEST_F(nat, list_areas_every_backend)
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

TEST_F(nat, list_areas_resumes)
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

TEST_F(nat, list_areas_from_inside_an_area)
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

TEST_F(nat, list_areas_entry_size_too_short)
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

TEST_F(nat, list_areas_entry_size_longer_zero_extended)
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

TEST_F(nat, list_areas_entries_not_writable)
{
	struct axas_area_desc a;

	ASSERT_EQ(0, axas_map_alloc(self->fd, SZ_2M, SZ_4K, RW, 0));
	EXPECT_EQ(-EFAULT, axas_list_areas(self->fd, 0, NULL, 1));
	EXPECT_EQ(-EFAULT, axas_list_areas(self->fd, 0, axas_hole(), 1));
	EXPECT_EQ(-EFAULT, axas_list_areas(self->fd, 0, axas_ro_page(&a, 0),
					   1));
}

TEST_F(nat, list_areas_more_than_max_entries)
{
	/* header: nr_entries is at most max_entries */
	__u32 n = self->info.max_entries + 1;
	struct axas_area_desc *a = calloc(n, sizeof(*a));

	ASSERT_NE(NULL, a);
	EXPECT_EQ(-EINVAL, axas_list_areas(self->fd, 0, a, n));
	free(a);
}

TEST_HARNESS_MAIN
