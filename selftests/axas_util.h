/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the axaddrspace kselftests: every ioctl issued the way
 * a VMM issues it (a zeroed structure with its size), returning 0 or
 * -errno so that a test compares errnos directly, plus the few facts about
 * the test machine the tests depend on (/proc/iomem, the CPU's address
 * width), and what more than one program checks or sets up the same way:
 * counters before and after, the array ioctls' rules, and AXAS_CTX_TEST
 * (DEV_TEST), the plain TEST with the device and an EPT4 space.  The
 * tests assert the shape of that space (4 levels, 48 bits, EPT's encoding)
 * on every architecture: the formats are portable code, and what the host's
 * native format is has tests of its own (axas_expect_native()).
 */
#ifndef _AXAS_UTIL_H
#define _AXAS_UTIL_H

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/axaddrspace.h>

/* The helpers below that assert (need_mmio(), the contexts) need it. */
#include "kselftest_harness.h"

#define AXAS_DEV	"/dev/axaddrspace"

#define SZ_4K		0x1000ULL
#define SZ_2M		0x200000ULL
#define SZ_1G		0x40000000ULL
#define SZ_4G		0x100000000ULL

#define RD		AXAS_MAP_READ
#define WR		AXAS_MAP_WRITE
#define EX		AXAS_MAP_EXECUTE
#define RW		(AXAS_MAP_READ | AXAS_MAP_WRITE)

/*
 * An MMIO window of the QEMU pc/q35 machine (the standard VGA frame
 * buffer BAR): not System RAM, 16 MiB aligned, below 4 GiB.  On the arm64
 * and riscv64 virt machines nothing is there and vmrun keeps RAM below it
 * (RAM from 1 GiB or 2 GiB, at most 2 GiB or 1.5 GiB of it), so it is not
 * System RAM either.
 */
#define MMIO_HPA	0xfd000000ULL
/* A System RAM page of the test VM: where the virt machine's RAM starts. */
#if defined(__aarch64__)
#define RAM_HPA		0x40000000ULL
#elif defined(__riscv)
/* the first 2 MiB at 0x80000000 are OpenSBI's, reserved */
#define RAM_HPA		0x80200000ULL
#else
#define RAM_HPA		0x100000ULL
#endif
/*
 * Host addresses with nothing behind them in the test VMs (RAM ends below
 * 4 GiB on every machine they use): no RAM and no claim, 1 GiB aligned.
 */
#define FREE_HPA	0x200000000ULL

/* The ioctl as a VMM issues it: 0 or -errno. */
static inline int axas_ioctl(int fd, unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) ? -errno : 0;
}

static inline int axas_open_dev(void)
{
	return open(AXAS_DEV, O_RDWR | O_CLOEXEC);
}

static inline int axas_get_info(int dev, struct axas_info *info)
{
	memset(info, 0, sizeof(*info));
	info->size = sizeof(*info);
	return axas_ioctl(dev, AXAS_IOC_GET_INFO, info);
}

/* Creates a space; returns its fd or -errno, its id in *id if not NULL. */
static inline int axas_create(int dev, __u32 format, __u32 gpa_bits,
			      __u64 base, __u64 length, __u64 vmid, __u32 *id)
{
	struct axas_create_space c = {
		.size = sizeof(c), .format = format, .gpa_bits = gpa_bits,
		.base = base, .length = length, .vmid = vmid, .fd = -1,
	};
	int ret = axas_ioctl(dev, AXAS_IOC_CREATE_SPACE, &c);

	if (ret)
		return ret;
	if (id)
		*id = c.id;
	return c.fd;
}

static inline int axas_open_space(int dev, __u32 id)
{
	struct axas_open_space o = { .size = sizeof(o), .id = id, .fd = -1 };
	int ret = axas_ioctl(dev, AXAS_IOC_OPEN_SPACE, &o);

	return ret ? ret : o.fd;
}

/*
 * Lists spaces from @start_id on into out[0..max); returns -errno, or 0
 * with *nr set (and *next_id, the id to resume from, if not NULL).
 */
static inline int axas_list_spaces(int dev, __u32 start_id,
				   struct axas_space_desc *out, __u32 max,
				   __u32 *nr, __u32 *next_id)
{
	struct axas_list_spaces l = {
		.size = sizeof(l), .start_id = start_id, .nr_entries = max,
		.entry_size = sizeof(*out), .entries = (uintptr_t)out,
	};
	int ret = axas_ioctl(dev, AXAS_IOC_LIST_SPACES, &l);

	*nr = l.nr_entries;
	if (next_id)
		*next_id = l.next_id;
	return ret;
}

static inline int axas_map_linear(int fd, __u64 gpa, __u64 hpa, __u64 length,
				  __u32 map_flags, __u32 flags)
{
	struct axas_map_linear m = {
		.size = sizeof(m), .flags = flags, .map_flags = map_flags,
		.gpa = gpa, .hpa = hpa, .length = length,
	};

	return axas_ioctl(fd, AXAS_IOC_MAP_LINEAR, &m);
}

static inline int axas_map_alloc(int fd, __u64 gpa, __u64 length,
				 __u32 map_flags, __u32 flags)
{
	struct axas_map_alloc m = {
		.size = sizeof(m), .flags = flags, .map_flags = map_flags,
		.gpa = gpa, .length = length,
	};

	return axas_ioctl(fd, AXAS_IOC_MAP_ALLOC, &m);
}

static inline int axas_map_user(int fd, __u64 gpa, __u64 length,
				const void *uaddr, __u32 map_flags)
{
	struct axas_map_user m = {
		.size = sizeof(m), .map_flags = map_flags, .gpa = gpa,
		.length = length, .uaddr = (uintptr_t)uaddr,
	};

	return axas_ioctl(fd, AXAS_IOC_MAP_USER, &m);
}

static inline int axas_unmap(int fd, __u64 gpa, __u64 length)
{
	struct axas_range r = { .size = sizeof(r), .gpa = gpa, .length = length };

	return axas_ioctl(fd, AXAS_IOC_UNMAP, &r);
}

static inline int axas_protect(int fd, __u64 gpa, __u64 length,
			       __u32 map_flags)
{
	struct axas_protect p = {
		.size = sizeof(p), .map_flags = map_flags, .gpa = gpa,
		.length = length,
	};

	return axas_ioctl(fd, AXAS_IOC_PROTECT, &p);
}

static inline int axas_clear(int fd)
{
	struct axas_clear c = { .size = sizeof(c) };

	return axas_ioctl(fd, AXAS_IOC_CLEAR, &c);
}

static inline int axas_translate(int fd, __u64 gpa, struct axas_translate *t)
{
	memset(t, 0, sizeof(*t));
	t->size = sizeof(*t);
	t->gpa = gpa;
	return axas_ioctl(fd, AXAS_IOC_TRANSLATE, t);
}

/* Fills segs[0..max); returns -errno, or 0 with *nr set. */
static inline int axas_translate_range(int fd, __u64 gpa, __u64 length,
				       struct axas_seg *segs, __u32 max,
				       __u32 *nr)
{
	struct axas_translate_range r = {
		.size = sizeof(r), .gpa = gpa, .length = length,
		.segs = (uintptr_t)segs, .nr_segs = max,
	};
	int ret = axas_ioctl(fd, AXAS_IOC_TRANSLATE_RANGE, &r);

	if (nr)
		*nr = r.nr_segs;
	return ret;
}

static inline int axas_fault(int fd, __u64 gpa, __u32 access)
{
	struct axas_fault f = { .size = sizeof(f), .gpa = gpa, .access = access };

	return axas_ioctl(fd, AXAS_IOC_HANDLE_FAULT, &f);
}

static inline int axas_load(int fd, __u64 gpa, __u32 width, __u64 *value)
{
	struct axas_access a = { .size = sizeof(a), .gpa = gpa, .width = width };
	int ret = axas_ioctl(fd, AXAS_IOC_ACCESS, &a);

	if (!ret)
		*value = a.value;
	return ret;
}

static inline int axas_store(int fd, __u64 gpa, __u32 width, __u64 value)
{
	struct axas_access a = {
		.size = sizeof(a), .flags = AXAS_ACCESS_WRITE, .gpa = gpa,
		.width = width, .value = value,
	};

	return axas_ioctl(fd, AXAS_IOC_ACCESS, &a);
}

static inline int axas_space_info(int fd, struct axas_space_info *si)
{
	memset(si, 0, sizeof(*si));
	si->size = sizeof(*si);
	return axas_ioctl(fd, AXAS_IOC_GET_SPACE_INFO, si);
}

/*
 * Walks [gpa, end) to completion with batches of @batch entries, as a
 * ptdump-like tool would; returns -errno, or the number of entries stored
 * in out[0..max) (more than max means out was too small).  *calls counts
 * the ioctls issued.
 */
static inline int axas_walk_all(int fd, __u64 gpa, __u64 end, __u32 flags,
				__u32 batch, struct axas_walk_entry *out,
				int max, int *calls)
{
	struct axas_walk_entry buf[64];
	struct axas_walk w = {
		.size = sizeof(w), .flags = flags, .gpa = gpa, .end = end,
		.level = AXAS_WALK_LEVEL_ANY, .entry_size = sizeof(buf[0]),
		.entries = (uintptr_t)buf,
	};
	int n = 0, ret;
	__u32 i;

	if (batch > 64)
		batch = 64;
	if (calls)
		*calls = 0;
	do {
		w.nr_entries = batch;
		ret = axas_ioctl(fd, AXAS_IOC_WALK, &w);
		if (ret)
			return ret;
		if (calls)
			(*calls)++;
		if (w.nr_entries > batch)
			return -EOVERFLOW;
		for (i = 0; i < w.nr_entries; i++, n++)
			if (n < max)
				out[n] = buf[i];
		/* a cursor that never moves would loop forever */
		if (calls && *calls > 100000)
			return -ELOOP;
	} while (w.gpa != end);
	return n;
}

/*
 * Walks [gpa, end) again one entry per call and expects the @n entries a
 * batched walk found in @all (at most 64), with one call per entry plus
 * at most one that finds nothing more.
 */
static inline void expect_walk_one_by_one(struct __test_metadata *_metadata,
					  int fd, __u64 gpa, __u64 end,
					  __u32 flags,
					  const struct axas_walk_entry *all,
					  int n)
{
	struct axas_walk_entry one[64];
	int m, calls, i;

	m = axas_walk_all(fd, gpa, end, flags, 1, one, 64, &calls);
	ASSERT_EQ(n, m);
	EXPECT_LE(n, calls);
	EXPECT_GE(n + 1, calls);
	for (i = 0; i < n; i++) {
		EXPECT_EQ(all[i].gpa, one[i].gpa) TH_LOG("entry %d", i);
		EXPECT_EQ(all[i].level, one[i].level) TH_LOG("entry %d", i);
		EXPECT_EQ(all[i].raw, one[i].raw) TH_LOG("entry %d", i);
		EXPECT_EQ(all[i].type, one[i].type) TH_LOG("entry %d", i);
	}
}

/*
 * Expects the bytes past the kernel's @ksize in each of the @nr entries of
 * @esize bytes at @entries to be zero: what the array ioctls (LIST_SPACES,
 * WALK, LIST_AREAS) write into entries longer than their own.
 */
static inline void expect_zero_tails(struct __test_metadata *_metadata,
				     const void *entries, size_t esize,
				     size_t ksize, unsigned int nr)
{
	const unsigned char *p = entries;
	unsigned int i;
	size_t b;

	for (i = 0; i < nr; i++)
		for (b = ksize; b < esize; b++)
			EXPECT_EQ(0, p[i * esize + b])
				TH_LOG("entry %u byte %zu", i, b);
}

/* Lists areas from @gpa on; returns -errno or the number stored. */
static inline int axas_list_areas(int fd, __u64 gpa, struct axas_area_desc *out,
				  __u32 max)
{
	struct axas_list_areas l = {
		.size = sizeof(l), .gpa = gpa, .nr_entries = max,
		.entry_size = sizeof(*out), .entries = (uintptr_t)out,
	};
	int ret = axas_ioctl(fd, AXAS_IOC_LIST_AREAS, &l);

	return ret ? ret : (int)l.nr_entries;
}

/* A fresh anonymous mapping of @len bytes with @prot, or NULL. */
static inline void *axas_anon(size_t len, int prot)
{
	void *p = mmap(NULL, len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

/* An address with nothing mapped at it (mapped, then unmapped). */
static inline void *axas_hole(void)
{
	void *p = axas_anon(4096, PROT_NONE);

	if (p)
		munmap(p, 4096);
	return p;
}

/* A page that can be read but not written. */
static inline void *axas_ro_page(const void *content, size_t len)
{
	void *p = axas_anon(4096, PROT_READ | PROT_WRITE);

	if (!p)
		return NULL;
	memcpy(p, content, len);
	if (mprotect(p, 4096, PROT_READ)) {
		munmap(p, 4096);
		return NULL;
	}
	return p;
}

/*
 * 1 if [hpa, hpa + len) overlaps a "System RAM" resource of /proc/iomem,
 * 0 if not, -1 if /proc/iomem cannot be read (or shows no address: not
 * root).
 */
static inline int axas_hpa_is_ram(__u64 hpa, __u64 len)
{
	unsigned long long s, e;
	int ret = 0, seen = 0;
	char line[256];
	FILE *f;

	f = fopen("/proc/iomem", "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, " %llx-%llx :", &s, &e) != 2)
			continue;
		if (e)
			seen = 1;
		if (!strstr(line, ": System RAM"))
			continue;
		if (s < hpa + len && e >= hpa)
			ret = 1;
	}
	fclose(f);
	return seen ? ret : -1;
}

enum family { FAM_EPT, FAM_NPT, FAM_S2, FAM_RV };

/*
 * The raw leaf the manuals give for a normal (write-back) memory mapping
 * with READ/WRITE/EXECUTE flags only, restated here independently of
 * kmod/fmt_*.c (DESIGN.md section 3).
 */
static inline __u64 raw_leaf(enum family fam, __u64 hpa, __u32 flags,
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
static inline __u64 raw_table(enum family fam, __u64 hpa)
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

/* Levels and root pages of an arm64 stage-2 table of @bits IPA bits. */
static inline void s2_geometry(unsigned int bits, unsigned int *levels,
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

/* The lowest free descriptor: a new one would be installed there. */
static inline int axas_next_fd(void)
{
	int fd = dup(0);

	if (fd >= 0)
		close(fd);
	return fd;
}

/*
 * The first address of the /proc/iomem entry named @name (a claim such as
 * "IOAPIC 0"), or 0 when there is none or the addresses are hidden.
 */
static inline __u64 axas_iomem_find(const char *name)
{
	unsigned long long s, e;
	char line[256], *n;
	__u64 hpa = 0;
	FILE *f;

	f = fopen("/proc/iomem", "r");
	if (!f)
		return 0;
	while (!hpa && fgets(line, sizeof(line), f)) {
		n = strstr(line, " : ");
		if (!n || sscanf(line, " %llx-%llx", &s, &e) != 2)
			continue;
		n[strcspn(n, "\n")] = 0;
		if (!strcmp(n + 3, name))
			hpa = s;
	}
	fclose(f);
	return hpa;
}

/*
 * Set the module's boolean parameter @name (root only): the old value
 * (0 or 1), or -1 with errno set.
 */
static inline int axas_set_param(const char *name, int on)
{
	char path[128], old = 0;
	int fd, ret = -1;

	snprintf(path, sizeof(path), "/sys/module/axaddrspace/parameters/%s",
		 name);
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (pread(fd, &old, 1, 0) == 1 &&
	    pwrite(fd, on ? "Y" : "N", 1, 0) == 1)
		ret = old == 'Y';
	close(fd);
	return ret;
}

/* The host window the linear tests map must not be System RAM. */
static inline void need_mmio(struct __test_metadata *_metadata, __u64 hpa,
			     __u64 len)
{
	int ram = axas_hpa_is_ram(hpa, len);

	if (ram < 0)
		SKIP(return, "/proc/iomem unreadable");
	ASSERT_EQ(0, ram) TH_LOG("%#llx+%#llx is System RAM in this VM",
				 (unsigned long long)hpa,
				 (unsigned long long)len);
}

/* GET_SPACE_INFO of @fd, which must succeed, for a test to check. */
static inline struct axas_space_info
space_info_of(struct __test_metadata *_metadata, int fd)
{
	struct axas_space_info si;

	ASSERT_EQ(0, axas_space_info(fd, &si));
	return si;
}

/* The module-wide counters of GET_INFO, to compare before and after. */
struct axas_counters {
	__u64 nr_spaces, frames, table_pages, pinned_pages;
};

static inline int axas_counters(int dev, struct axas_counters *c)
{
	struct axas_info info;
	int ret = axas_get_info(dev, &info);

	c->nr_spaces = info.nr_spaces;
	c->frames = info.frames;
	c->table_pages = info.table_pages;
	c->pinned_pages = info.pinned_pages;
	return ret;
}

static inline void axas_expect_counters(struct __test_metadata *_metadata,
					const struct axas_counters *want,
					const struct axas_counters *got)
{
	EXPECT_EQ(want->nr_spaces, got->nr_spaces);
	EXPECT_EQ(want->frames, got->frames);
	EXPECT_EQ(want->table_pages, got->table_pages);
	EXPECT_EQ(want->pinned_pages, got->pinned_pages);
}

/*
 * What a refused or failed call must leave as it was: the module's
 * counters and, if @fd >= 0, those of space @fd.
 */
struct axas_snap {
	struct axas_counters mod;
	__u64 table_pages, frames, pinned_pages, faults, mapped_bytes;
	__u64 nr_areas, leaves[5];
};

static inline void axas_snapshot(struct __test_metadata *_metadata, int dev,
				 int fd, struct axas_snap *s)
{
	struct axas_space_info si;

	memset(s, 0, sizeof(*s));
	ASSERT_EQ(0, axas_counters(dev, &s->mod));
	if (fd < 0)
		return;
	ASSERT_EQ(0, axas_space_info(fd, &si));
	s->table_pages = si.table_pages;
	s->frames = si.frames;
	s->pinned_pages = si.pinned_pages;
	s->faults = si.faults;
	s->mapped_bytes = si.mapped_bytes;
	s->nr_areas = si.nr_areas;
	memcpy(s->leaves, si.leaves, sizeof(s->leaves));
}

static inline void axas_expect_same_snap(struct __test_metadata *_metadata,
					 const struct axas_snap *a,
					 const struct axas_snap *b)
{
	axas_expect_counters(_metadata, &a->mod, &b->mod);
	EXPECT_EQ(a->table_pages, b->table_pages);
	EXPECT_EQ(a->frames, b->frames);
	EXPECT_EQ(a->pinned_pages, b->pinned_pages);
	EXPECT_EQ(a->faults, b->faults);
	EXPECT_EQ(a->mapped_bytes, b->mapped_bytes);
	EXPECT_EQ(a->nr_areas, b->nr_areas);
	EXPECT_EQ(0, memcmp(a->leaves, b->leaves, sizeof(a->leaves)));
}

/*
 * SIGALRM in @usec microseconds, caught without SA_RESTART so that the
 * ioctl it interrupts returns -EINTR; axas_alarms counts the signals.
 */
static volatile sig_atomic_t axas_alarms;

static inline void axas_on_alarm(int sig)
{
	axas_alarms++;
}

static inline void axas_alarm_in(struct __test_metadata *_metadata,
				 long usec)
{
	struct sigaction sa = { .sa_handler = axas_on_alarm };
	struct itimerval it = { .it_value = { .tv_usec = usec } };

	ASSERT_EQ(0, sigaction(SIGALRM, &sa, NULL));
	ASSERT_EQ(0, setitimer(ITIMER_REAL, &it, NULL));
}

/*
 * The context of an AXAS_CTX_TEST: /dev/axaddrspace open, its counters
 * before the test and, if the test asks for one, a native space.
 */
struct axas_ctx {
	int dev;
	int fd;				/* the space, -1 if none */
	__u32 id;
	struct axas_info info0;		/* GET_INFO before the test */
};

/*
 * Opens the device and, if @len, creates the EPT4 space [0, @len);
 * false when the module is not loaded.
 */
static inline bool axas_ctx_setup(struct __test_metadata *_metadata,
				  struct axas_ctx *self, __u64 len)
{
	self->fd = -1;
	self->dev = axas_open_dev();
	if (self->dev < 0 && errno == ENOENT)
		return false;
	ASSERT_LE(0, self->dev);
	ASSERT_EQ(0, axas_get_info(self->dev, &self->info0));
	if (!len)
		return true;
	self->fd = axas_create(self->dev, AXAS_FMT_EPT4, 0, 0, len, 0,
			       &self->id);
	ASSERT_LE(0, self->fd);
	return true;
}

/*
 * A plain TEST with a struct axas_ctx as self, the EPT4 space [0, @len)
 * as self->fd (none if @len is 0).  Not a FIXTURE: TEST_F forks twice per
 * test, which hundreds of short tests feel under QEMU TCG.  Nothing is
 * torn down: the test's process exits.
 */
#define AXAS_CTX_TEST(name, len)					\
	static void name##_body(struct __test_metadata *_metadata,	\
				struct axas_ctx *self);			\
	TEST(name)							\
	{								\
		struct axas_ctx ctx;					\
									\
		if (!axas_ctx_setup(_metadata, &ctx, len))		\
			SKIP(return, AXAS_DEV " missing");		\
		name##_body(_metadata, &ctx);				\
	}								\
	static void name##_body(struct __test_metadata *_metadata,	\
				struct axas_ctx *self)

/* A plain TEST with /dev/axaddrspace open as self->dev, no space. */
#define DEV_TEST(name)	AXAS_CTX_TEST(name, 0)

/*
 * @len bytes of zeroed memory shared with the children a test forks, for
 * what they saw; the test fails if there is none.
 */
static inline void *axas_shared_zalloc(struct __test_metadata *_metadata,
				       size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	/* a pointer, not an integer: 32-bit callers build this too */
	ASSERT_TRUE(p != MAP_FAILED);
	memset(p, 0, len);
	return p;
}

/* The device opened as @dev, or the test skips: it needs it, and root. */
#define AXAS_NEED_DEV(dev)						\
	do {								\
		if (geteuid() != 0)					\
			SKIP(return, "needs root");			\
		dev = axas_open_dev();					\
		if (dev < 0 && errno == ENOENT)				\
			SKIP(return, AXAS_DEV " missing");		\
		ASSERT_LE(0, dev);					\
	} while (0)

/* Wait for @pid: its exit status, or 128 + the signal that killed it. */
static inline int axas_reap(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) :
				   128 + WTERMSIG(status);
}

/* Become @uid (no groups) with the given dumpability; 0 or -1. */
static inline int axas_drop_to(uid_t uid, int dumpable)
{
	if (geteuid() != uid &&
	    (setgroups(0, NULL) || setresgid(uid, uid, uid) ||
	     setresuid(uid, uid, uid)))
		return -1;
	return prctl(PR_SET_DUMPABLE, dumpable);
}

/*
 * What the module must report for this machine: the format NATIVE stands
 * for, the width and depth a NATIVE space gets, the physical address width.
 */
struct axas_native {
	__u32 format;
	__u32 gpa_bits;
	__u32 levels;
	int phys_bits;
};

/* A line of /proc/cpuinfo that starts with @key, or NULL. */
static inline char *axas_cpuinfo(const char *key, char *buf, int len)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char *hit = NULL;

	if (!f)
		return NULL;
	while (!hit && fgets(buf, len, f))
		if (!strncmp(buf, key, strlen(key)))
			hit = buf;
	fclose(f);
	return hit;
}

/*
 * axas_expect_native() - the native format this machine must have
 *
 * vmrun describes the emulated arm64 and riscv64 machines, whose /proc
 * names neither value, in the environment: AXAS_EXPECT_NATIVE (axctl's
 * name, "s2:BITS" for stage 2) and AXAS_EXPECT_PHYS_BITS, from the -cpu
 * it boots.  On x86 they come from /proc/cpuinfo: NPT on AMD and Hygon,
 * EPT on the others, the 5-level variant when the kernel runs with LA57
 * (the la57 flag), "address sizes" for the width.
 *
 * Return: 0, or -1 when neither source knows the machine.
 */
static inline int axas_expect_native(struct axas_native *n)
{
	static const char *const names[] = {
		[AXAS_FMT_EPT4] = "ept4", [AXAS_FMT_EPT5] = "ept5",
		[AXAS_FMT_NPT4] = "npt4", [AXAS_FMT_NPT5] = "npt5",
		[AXAS_FMT_SV39X4] = "sv39x4", [AXAS_FMT_SV48X4] = "sv48x4",
		[AXAS_FMT_SV57X4] = "sv57x4",
	};
	const char *env = getenv("AXAS_EXPECT_NATIVE");
	const char *bits = getenv("AXAS_EXPECT_PHYS_BITS");
	char line[4096];
	unsigned int i;
	bool amd, la57;

	memset(n, 0, sizeof(*n));
	n->phys_bits = -1;
	if (env && bits) {
		n->phys_bits = atoi(bits);
		if (sscanf(env, "s2:%u", &n->gpa_bits) == 1) {
			n->format = AXAS_FMT_ARM_S2;
			/* levels below a root of up to 16 concatenated tables */
			n->levels = (n->gpa_bits - 16 + 8) / 9;
			return 0;
		}
		for (i = 0; i < ARRAY_SIZE(names); i++)
			if (names[i] && !strcmp(env, names[i]))
				break;
		if (i == ARRAY_SIZE(names))
			return -1;
		n->format = i;
	} else {
		if (!axas_cpuinfo("vendor_id", line, sizeof(line)))
			return -1;
		amd = strstr(line, "AuthenticAMD") || strstr(line, "HygonGenuine");
		la57 = axas_cpuinfo("flags", line, sizeof(line)) &&
		       strstr(line, " la57");
		n->format = amd ? (la57 ? AXAS_FMT_NPT5 : AXAS_FMT_NPT4) :
				  (la57 ? AXAS_FMT_EPT5 : AXAS_FMT_EPT4);
		if (axas_cpuinfo("address sizes", line, sizeof(line)))
			sscanf(strchr(line, ':') + 1, "%d bits physical",
			       &n->phys_bits);
	}
	switch (n->format) {
	case AXAS_FMT_EPT5:
	case AXAS_FMT_NPT5:
		n->gpa_bits = 57, n->levels = 5;
		break;
	case AXAS_FMT_SV39X4:
	case AXAS_FMT_SV48X4:
	case AXAS_FMT_SV57X4:
		n->levels = 3 + n->format - AXAS_FMT_SV39X4;
		n->gpa_bits = 41 + 9 * (n->levels - 3);
		break;
	default:
		n->gpa_bits = 48, n->levels = 4;
		break;
	}
	return n->phys_bits > 0 ? 0 : -1;
}

#endif /* _AXAS_UTIL_H */
