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

TEST_HARNESS_MAIN
