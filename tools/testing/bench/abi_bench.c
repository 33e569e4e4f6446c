// SPDX-License-Identifier: GPL-2.0
/*
 * abi_bench: what the /dev/axaddrspace ABI costs, next to what the same
 * work costs the kernel's own memory management, so that the figures can
 * be read on any machine (under QEMU TCG the absolute numbers are
 * emulation-bound; the ratios are what matters).
 *
 *   abi_bench [MIB]      (default 64)
 *
 * Prints one line per measurement: the operation, its cost per unit, the
 * baseline's cost and their ratio.  Never fails on a figure: it exits 1
 * only when an operation returns an error.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <linux/axaddrspace.h>

#define SZ4K 4096ULL
#define BASE 0x100000000ULL	/* the RAM area: 4 GiB up */

static int dev;
static unsigned long long bytes;

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void die(const char *what)
{
	fprintf(stderr, "abi_bench: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void xioctl(int fd, unsigned long cmd, void *arg, const char *what)
{
	if (ioctl(fd, cmd, arg))
		die(what);
}

static int new_space(void)
{
	struct axas_create_space c = {
		.size = sizeof(c), .format = AXAS_FMT_NATIVE, .base = 0,
		.length = 1ULL << 40,
	};

	xioctl(dev, AXAS_IOC_CREATE_SPACE, &c, "CREATE_SPACE");
	return c.fd;
}

static void map_alloc(int fd, unsigned long long len, int populate)
{
	struct axas_map_alloc m = {
		.size = sizeof(m), .gpa = BASE, .length = len,
		.flags = populate ? AXAS_ALLOC_POPULATE : 0,
		.map_flags = AXAS_MAP_READ | AXAS_MAP_WRITE,
	};

	xioctl(fd, AXAS_IOC_MAP_ALLOC, &m, "MAP_ALLOC");
}

static void unmap(int fd, unsigned long long len)
{
	struct axas_range r = { .size = sizeof(r), .gpa = BASE, .length = len };

	xioctl(fd, AXAS_IOC_UNMAP, &r, "UNMAP");
}

static void row(const char *what, const char *unit, double ns,
		const char *base_what, double base_ns)
{
	if (base_ns > 0)
		printf("%-34s %10.1f ns/%-5s %-26s %10.1f ns  x%.2f\n", what, ns,
		       unit, base_what, base_ns, ns / base_ns);
	else
		printf("%-34s %10.1f ns/%-5s\n", what, ns, unit);
}

/* First touch of every page of fresh anonymous memory: a page fault,
 * a zeroed page and a PTE, the kernel's own cost of demand paging.
 */
static double anon_touch_ns(void)
{
	unsigned long long off;
	char *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	double t;

	if (p == MAP_FAILED)
		die("mmap anonymous");
	t = now_ns();
	for (off = 0; off < bytes; off += SZ4K)
		p[off] = 1;
	t = now_ns() - t;
	munmap(p, bytes);
	return t / (bytes / SZ4K);
}

static double anon_populate_ns(void)
{
	double t = now_ns();
	char *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);

	t = now_ns() - t;
	if (p == MAP_FAILED)
		die("mmap populate");
	munmap(p, bytes);
	return t / (bytes / SZ4K);
}

/*
 * pread of a tmpfs file as large as the guest range: the kernel's own
 * copy to user space from pages it owns (both sides touch as many
 * distinct pages as our pread does, and use the kernel's copy routines,
 * which an emulator may run far slower than user space's memcpy).
 */
static double tmpfs_pread_ns_per_mib(const char *buf)
{
	char path[] = "/tmp/abi_bench.XXXXXX";
	char *dst = malloc(bytes);
	int fd = mkstemp(path);
	double t;

	if (fd < 0 || !dst)
		die("tmpfs file");
	unlink(path);
	if (pwrite(fd, buf, bytes, 0) != (ssize_t)bytes)
		die("pwrite tmpfs");
	memset(dst, 0, bytes);
	t = now_ns();
	if (pread(fd, dst, bytes, 0) != (ssize_t)bytes)
		die("pread tmpfs");
	t = (now_ns() - t) / (bytes >> 20);
	close(fd);
	free(dst);
	return t;
}

int main(int argc, char **argv)
{
	unsigned long long pages, off, i, n;
	struct axas_version v = { .size = sizeof(v) };
	double t, base, anon_touch, walk_ns;
	char *buf, *m;
	int fd;

	bytes = (argc > 1 ? strtoull(argv[1], NULL, 0) : 64) << 20;
	pages = bytes / SZ4K;
	dev = open("/dev/axaddrspace", O_RDWR | O_CLOEXEC);
	if (dev < 0)
		die("open /dev/axaddrspace");
	/* page aligned: MAP_USER pins it */
	buf = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED)
		die("mmap buffer");
	memset(buf, 0x5a, bytes);
	printf("abi_bench: %llu MiB, 4 KiB pages\n", bytes >> 20);

	/* an ioctl that does nothing but its copies */
	n = 20000;
	t = now_ns();
	for (i = 0; i < n; i++)
		xioctl(dev, AXAS_IOC_VERSION, &v, "VERSION");
	t = (now_ns() - t) / n;
	base = now_ns();
	for (i = 0; i < n; i++)
		getppid();
	base = (now_ns() - base) / n;
	row("ioctl VERSION", "call", t, "getppid()", base);

	/* populate, against MAP_POPULATE of anonymous memory */
	fd = new_space();
	t = now_ns();
	map_alloc(fd, bytes, 1);
	t = (now_ns() - t) / pages;
	row("MAP_ALLOC populate", "page", t, "mmap MAP_POPULATE", anon_populate_ns());

	/* translations of random addresses */
	{
		struct axas_translate tr = { .size = sizeof(tr) };
		unsigned long long x = 88172645463325252ULL;

		n = 100000;
		t = now_ns();
		for (i = 0; i < n; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			tr.gpa = BASE + (x % bytes);
			xioctl(fd, AXAS_IOC_TRANSLATE, &tr, "TRANSLATE");
		}
		t = (now_ns() - t) / n;
		row("TRANSLATE (random GPA)", "call", t, "ioctl VERSION", 0);
	}

	/* copies in and out, against the page cache's */
	base = tmpfs_pread_ns_per_mib(buf);
	t = now_ns();
	if (pwrite(fd, buf, bytes, BASE) != (ssize_t)bytes)
		die("pwrite");
	t = (now_ns() - t) / (bytes >> 20);
	row("pwrite", "MiB", t, "pread of a tmpfs file", base);
	t = now_ns();
	if (pread(fd, buf, bytes, BASE) != (ssize_t)bytes)
		die("pread");
	t = (now_ns() - t) / (bytes >> 20);
	row("pread", "MiB", t, "pread of a tmpfs file", base);

	/* a walk of every entry */
	{
		struct axas_walk_entry e[1024];
		struct axas_walk w = {
			.size = sizeof(w), .gpa = BASE, .end = BASE + bytes,
			.level = AXAS_WALK_LEVEL_ANY, .entry_size = sizeof(e[0]),
			.entries = (unsigned long)e,
		};

		n = 0;
		t = now_ns();
		while (w.gpa < w.end) {
			w.nr_entries = 1024;
			xioctl(fd, AXAS_IOC_WALK, &w, "WALK");
			n += w.nr_entries;
		}
		t = (now_ns() - t) / n;
		walk_ns = t;
		row("WALK", "entry", t, NULL, 0);
	}

	t = now_ns();
	unmap(fd, bytes);
	t = (now_ns() - t) / pages;
	row("UNMAP (frames freed)", "page", t, NULL, 0);

	/* demand faults: the guest's, through HANDLE_FAULT, and the VMM's,
	 * through an mmap of the space, against an anonymous first touch
	 */
	anon_touch = anon_touch_ns();
	map_alloc(fd, bytes, 0);
	{
		struct axas_fault f = {
			.size = sizeof(f), .access = AXAS_MAP_WRITE,
		};

		t = now_ns();
		for (off = 0; off < bytes; off += SZ4K) {
			f.gpa = BASE + off;
			xioctl(fd, AXAS_IOC_HANDLE_FAULT, &f, "HANDLE_FAULT");
		}
		t = (now_ns() - t) / pages;
		row("HANDLE_FAULT (lazy page)", "page", t, "anonymous first touch",
		    anon_touch);
	}
	unmap(fd, bytes);
	map_alloc(fd, bytes, 0);
	m = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, BASE);
	if (m == MAP_FAILED)
		die("mmap space");
	t = now_ns();
	for (off = 0; off < bytes; off += SZ4K)
		m[off] = 1;
	t = (now_ns() - t) / pages;
	row("mmap first touch (lazy page)", "page", t, "anonymous first touch",
	    anon_touch);
	t = now_ns();
	for (off = 0; off < bytes; off += SZ4K)
		m[off] = 2;
	t = (now_ns() - t) / pages;
	row("mmap second touch", "page", t, NULL, 0);
	munmap(m, bytes);
	unmap(fd, bytes);

	/* pinning the VMM's own memory */
	{
		struct axas_map_user mu = {
			.size = sizeof(mu), .gpa = BASE, .length = bytes,
			.uaddr = (unsigned long)buf,
			.map_flags = AXAS_MAP_READ | AXAS_MAP_WRITE,
		};

		t = now_ns();
		xioctl(fd, AXAS_IOC_MAP_USER, &mu, "MAP_USER");
		t = (now_ns() - t) / pages;
		row("MAP_USER (pin, map)", "page", t, "mmap MAP_POPULATE",
		    anon_populate_ns());
		t = now_ns();
		unmap(fd, bytes);
		t = (now_ns() - t) / pages;
		row("UNMAP (unpin)", "page", t, NULL, 0);
	}

	/*
	 * Dirty logging: GET_DIRTY_LOG over 1 GiB (a lazy log-dirty area)
	 * with 1% of its pages written, per 4 KiB page, against the cost of
	 * walking one page-table entry
	 */
	{
		unsigned long long len = 1ULL << 30, np = len / SZ4K;
		__u64 *bm = calloc(np / 64, sizeof(*bm));
		struct axas_map_alloc ma = {
			.size = sizeof(ma), .flags = AXAS_ALLOC_LOG_DIRTY,
			.gpa = BASE, .length = len,
			.map_flags = AXAS_MAP_READ | AXAS_MAP_WRITE,
		};
		struct axas_dirty_log d = {
			.size = sizeof(d), .gpa = BASE, .length = len,
			.bitmap = (uintptr_t)bm,
		};
		char b = 1;

		if (!bm)
			die("calloc");
		xioctl(fd, AXAS_IOC_MAP_ALLOC, &ma, "MAP_ALLOC log-dirty");
		for (i = 0; i < np; i += 100)
			if (pwrite(fd, &b, 1, BASE + i * SZ4K) != 1)
				die("pwrite");
		t = now_ns();
		xioctl(fd, AXAS_IOC_GET_DIRTY_LOG, &d, "GET_DIRTY_LOG");
		t = (now_ns() - t) / np;
		row("GET_DIRTY_LOG (1G, 1% dirty)", "page", t, "WALK", walk_ns);
		d.flags = AXAS_DIRTY_LOG_CLEAR;
		t = now_ns();
		xioctl(fd, AXAS_IOC_GET_DIRTY_LOG, &d, "GET_DIRTY_LOG clear");
		t = (now_ns() - t) / np;
		row("GET_DIRTY_LOG + clear (1% dirty)", "page", t, "WALK", walk_ns);
		unmap(fd, len);
		free(bm);
	}
	close(fd);
	munmap(buf, bytes);
	close(dev);
	return 0;
}
