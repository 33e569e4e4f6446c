// SPDX-License-Identifier: GPL-2.0
/*
 * kselftests of 2 MiB backing frames of alloc areas (issue 13): each 2 MiB
 * aligned 2 MiB of an alloc area is one 2 MiB block under one 2 MiB leaf
 * (AXAS_IOC_TRANSLATE says level 1), a lazy fault installs all of it,
 * AXAS_ALLOC_NO_HUGE opts out, and pread/pwrite, the space's mmap (4 KiB
 * PTEs over the block's frames), unmap and protect of a page inside (the
 * leaf split) and close keep their exact counts.
 *
 * The test VM is freshly booted with 2 GiB: the page allocator has free
 * 2 MiB blocks, so the module gets them without reclaim or compaction and
 * the tests assert 2 MiB leaves.
 */
#include <sys/mman.h>

#include "axas_util.h"
#include "kselftest_harness.h"

#define SPACE_LEN	SZ_1G
#define GPA		(4 * SZ_2M)	/* 2 MiB aligned */

#define HUGE_TEST(name)	AXAS_CTX_TEST(name, SPACE_LEN)

static void expect_leaves(struct __test_metadata *_metadata, int fd,
			  __u64 frames, __u64 l0, __u64 l1)
{
	struct axas_space_info si = space_info_of(_metadata, fd);

	EXPECT_EQ(frames, si.frames);
	EXPECT_EQ(l0, si.leaves[0]);
	EXPECT_EQ(l1, si.leaves[1]);
}

static void fill(unsigned char *buf, size_t len, unsigned int seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = (unsigned char)(i * 13 + seed + (i >> 12));
}

/* GET_INFO knows the flag; LIST_AREAS reports it; unknown bits refused. */
HUGE_TEST(no_huge_flag_known_and_listed)
{
	struct axas_area_desc d[2];

	EXPECT_TRUE(self->info0.alloc_flags & AXAS_ALLOC_NO_HUGE);
	EXPECT_EQ(-EINVAL, axas_map_alloc(self->fd, GPA, SZ_2M, RW, 1U << 3));
	ASSERT_EQ(0, axas_map_alloc(self->fd, GPA, SZ_2M, RW,
				    AXAS_ALLOC_POPULATE | AXAS_ALLOC_NO_HUGE));
	ASSERT_EQ(0, axas_map_alloc(self->fd, GPA + SZ_2M, SZ_2M, RW,
				    AXAS_ALLOC_NO_HUGE));
	ASSERT_EQ(2, axas_list_areas(self->fd, 0, d, 2));
	EXPECT_EQ(AXAS_ALLOC_POPULATE | AXAS_ALLOC_NO_HUGE, d[0].flags);
	EXPECT_EQ(AXAS_ALLOC_NO_HUGE, d[1].flags);
	/* 4 KiB frames and leaves only, also on fault */
	ASSERT_EQ(0, axas_fault(self->fd, GPA + SZ_2M + SZ_4K, WR));
	expect_leaves(_metadata, self->fd, 513, 513, 0);
}

/* Populate: one 2 MiB leaf per aligned 2 MiB, the edges 4 KiB leaves. */
HUGE_TEST(populate_maps_2m_leaves)
{
	struct axas_area_desc d[1];
	struct axas_translate t, u;
	struct axas_counters c0, c1;

	ASSERT_EQ(0, axas_counters(self->dev, &c0));
	ASSERT_EQ(0, axas_map_alloc(self->fd, GPA - SZ_4K, 2 * SZ_2M + 2 * SZ_4K,
				    RW, AXAS_ALLOC_POPULATE));
	expect_leaves(_metadata, self->fd, 1026, 2, 2);
	ASSERT_EQ(0, axas_counters(self->dev, &c1));
	EXPECT_EQ(c0.frames + 1026, c1.frames);
	ASSERT_EQ(1, axas_list_areas(self->fd, 0, d, 1));
	EXPECT_EQ(AXAS_ALLOC_POPULATE, d[0].flags);
	EXPECT_EQ(2 * SZ_2M + 2 * SZ_4K, d[0].populated);
	ASSERT_EQ(0, axas_translate(self->fd, GPA + 0x123, &t));
	EXPECT_EQ(1, t.level);
	EXPECT_EQ(SZ_2M, t.leaf_size);
	EXPECT_EQ(0x123, t.hpa & (SZ_2M - 1));
	EXPECT_EQ(SZ_2M - 0x123, t.contig);
	ASSERT_EQ(0, axas_translate(self->fd, GPA + SZ_2M, &u));
	EXPECT_EQ(1, u.level);
	ASSERT_EQ(0, axas_translate(self->fd, GPA - SZ_4K, &u));
	EXPECT_EQ(0, u.level);
	ASSERT_EQ(0, axas_translate(self->fd, GPA + 2 * SZ_2M, &u));
	EXPECT_EQ(0, u.level);
	/* closed: every frame and table freed, the root too */
	close(self->fd);
	ASSERT_EQ(0, axas_counters(self->dev, &c1));
	EXPECT_EQ(self->info0.frames, c1.frames);
	EXPECT_EQ(self->info0.table_pages, c1.table_pages);
}

/* A lazy fault of a huge-backed area installs the whole 2 MiB. */
HUGE_TEST(lazy_fault_installs_2m)
{
	struct axas_translate t;
	struct axas_space_info si;
	unsigned char b = 0xff;

	ASSERT_EQ(0, axas_map_alloc(self->fd, GPA, 2 * SZ_2M, RW, 0));
	expect_leaves(_metadata, self->fd, 0, 0, 0);
	ASSERT_EQ(0, axas_fault(self->fd, GPA + 7 * SZ_4K, WR));
	expect_leaves(_metadata, self->fd, 512, 0, 1);
	ASSERT_EQ(0, axas_translate(self->fd, GPA + SZ_2M - SZ_4K, &t));
	EXPECT_EQ(1, t.level);
	/* a pread of a lazy page reads zeroes and allocates nothing */
	ASSERT_EQ(1, pread(self->fd, &b, 1, GPA + SZ_2M + 5));
	EXPECT_EQ(0, b);
	expect_leaves(_metadata, self->fd, 512, 0, 1);
	/* a pwrite faults the other 2 MiB in, all of it, zeroed around */
	b = 0x5a;
	ASSERT_EQ(1, pwrite(self->fd, &b, 1, GPA + SZ_2M + 5));
	expect_leaves(_metadata, self->fd, 1024, 0, 2);
	ASSERT_EQ(1, pread(self->fd, &b, 1, GPA + 2 * SZ_2M - 1));
	EXPECT_EQ(0, b);
	ASSERT_EQ(1, pread(self->fd, &b, 1, GPA + SZ_2M + 5));
	EXPECT_EQ(0x5a, b);
	si = space_info_of(_metadata, self->fd);
	EXPECT_EQ(2, si.faults);
}

/*
 * pread/pwrite across the two leaves, the space's mmap over them (4 KiB
 * PTEs over the block's frames), and the same bytes after a page unmapped
 * inside split the leaf.
 */
HUGE_TEST(mmap_pread_and_split)
{
	static unsigned char want[2 * SZ_2M], got[2 * SZ_2M];
	struct axas_translate t0, t1;
	unsigned char *m;

	ASSERT_EQ(0, axas_map_alloc(self->fd, GPA, 2 * SZ_2M, RW,
				    AXAS_ALLOC_POPULATE));
	fill(want, sizeof(want), 3);
	ASSERT_EQ(sizeof(want), pwrite(self->fd, want, sizeof(want), GPA));
	m = mmap(NULL, 2 * SZ_2M, PROT_READ | PROT_WRITE, MAP_SHARED, self->fd,
		 GPA);
	ASSERT_NE(MAP_FAILED, m);
	EXPECT_EQ(0, memcmp(m, want, sizeof(want)));
	/* written through the mapping, read back by pread */
	memset(m + SZ_2M - 8, 0xa5, 16);
	memset(want + SZ_2M - 8, 0xa5, 16);
	ASSERT_EQ(sizeof(got), pread(self->fd, got, sizeof(got), GPA));
	EXPECT_EQ(0, memcmp(want, got, sizeof(got)));
	expect_leaves(_metadata, self->fd, 1024, 0, 2);
	ASSERT_EQ(0, axas_translate(self->fd, GPA + 9 * SZ_4K, &t0));
	EXPECT_EQ(1, t0.level);
	munmap(m, 2 * SZ_2M);

	/* unmap one page inside: 511 4 KiB leaves, one frame fewer */
	ASSERT_EQ(0, axas_unmap(self->fd, GPA + 3 * SZ_4K, SZ_4K));
	expect_leaves(_metadata, self->fd, 1023, 511, 1);
	ASSERT_EQ(0, axas_translate(self->fd, GPA + 9 * SZ_4K, &t1));
	EXPECT_EQ(0, t1.level);
	EXPECT_EQ(t0.hpa, t1.hpa);
	/* protect one page of the other block: split, nothing freed */
	ASSERT_EQ(0, axas_protect(self->fd, GPA + SZ_2M + SZ_4K, SZ_4K, RD));
	expect_leaves(_metadata, self->fd, 1023, 1023, 0);
	ASSERT_EQ(0, axas_translate(self->fd, GPA + SZ_2M + SZ_4K, &t1));
	EXPECT_EQ(RD, t1.map_flags);
	/* the bytes are where they were, through pread and a new mapping */
	ASSERT_EQ(SZ_2M, pread(self->fd, got + SZ_2M, SZ_2M, GPA + SZ_2M));
	EXPECT_EQ(0, memcmp(want + SZ_2M, got + SZ_2M, SZ_2M));
	m = mmap(NULL, SZ_2M, PROT_READ, MAP_SHARED, self->fd, GPA + SZ_2M);
	ASSERT_NE(MAP_FAILED, m);
	EXPECT_EQ(0, memcmp(m, want + SZ_2M, SZ_2M));
	munmap(m, SZ_2M);
	m = mmap(NULL, SZ_4K, PROT_READ, MAP_SHARED, self->fd, GPA + 4 * SZ_4K);
	ASSERT_NE(MAP_FAILED, m);
	EXPECT_EQ(0, memcmp(m, want + 4 * SZ_4K, SZ_4K));
	munmap(m, SZ_4K);
	ASSERT_EQ(0, axas_unmap(self->fd, GPA, 2 * SZ_2M));
	expect_leaves(_metadata, self->fd, 0, 0, 0);
}

TEST_HARNESS_MAIN
