// SPDX-License-Identifier: GPL-2.0
/*
 * minivmm: the memory side of a VMM, in one file, as an example of the
 * axaddrspace ABI (Documentation/examples.rst walks through it).
 *
 *   minivmm [--ram MIB] [--load GPA] [--mmio HPA] [--no-mmio]
 *           [--format NAME] [--vmid N] [--migrate] IMAGE
 *   minivmm --kvm [--ram MIB] [--backing lazy|populated|user] [--hold]
 *
 * It creates a guest physical address space in the host's own page-table
 * format, backs guest RAM with zeroed frames allocated on first touch
 * (AXAS_IOC_MAP_ALLOC without POPULATE), loads IMAGE into guest RAM by
 * mapping the space's memory into its own address space (mmap of the space
 * file descriptor, offset = guest physical address), passes a host MMIO
 * window through (AXAS_IOC_MAP_LINEAR, root only), proves that the guest
 * sees the image (pread, a guest-width load, translations), and prints the
 * value a real VMM would load into the hardware: EPTP, nCR3, VTTBR_EL2 or
 * hgatp (AXAS_IOC_GET_SPACE_INFO @hw_root).  With --migrate it then
 * migrates guest RAM to a second space the pre-copy way, with the dirty
 * log (AXAS_IOC_GET_DIRTY_LOG, AXAS_IOC_CLEAR_DIRTY_LOG), while a thread
 * keeps writing to it.  With --kvm it runs a KVM guest whose RAM is the
 * space's mmap instead (minivmm_kvm.c).
 *
 * Host physical addresses are printed only to CAP_SYS_ADMIN; others see
 * "hidden".  Exit status: 0 success, 1 a step failed, 2 usage error.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/axaddrspace.h>
#include "minivmm.h"

static const char *const fmt_names[AXAS_FMT_NR] = {
	[AXAS_FMT_NATIVE] = "native",
	[AXAS_FMT_EPT4] = "ept4",
	[AXAS_FMT_EPT5] = "ept5",
	[AXAS_FMT_NPT4] = "npt4",
	[AXAS_FMT_NPT5] = "npt5",
	[AXAS_FMT_ARM_S2] = "s2",
	[AXAS_FMT_SV39X4] = "sv39x4",
	[AXAS_FMT_SV48X4] = "sv48x4",
	[AXAS_FMT_SV57X4] = "sv57x4",
};

static const char *const backend_names[] = {
	[AXAS_BACKEND_LINEAR] = "linear",
	[AXAS_BACKEND_ALLOC] = "alloc",
	[AXAS_BACKEND_USER] = "user",
};

int fail(const char *what)
{
	int err = errno;

	fprintf(stderr, "minivmm: %s: %s\n", what, strerror(err));
	return 1;
}

static const char *errname(int err)
{
	switch (err) {
	case ENOENT: return "ENOENT";
	case EFAULT: return "EFAULT";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case ENXIO: return "ENXIO";
	case EPERM: return "EPERM";
	case EACCES: return "EACCES";
	default: return strerror(err);
	}
}

/* "rwx", "r--", then " user", " device", " uncached" as set */
const char *flags_str(unsigned int f)
{
	static char buf[32];

	snprintf(buf, sizeof(buf), "%c%c%c%s%s%s",
		 f & AXAS_MAP_READ ? 'r' : '-',
		 f & AXAS_MAP_WRITE ? 'w' : '-',
		 f & AXAS_MAP_EXECUTE ? 'x' : '-',
		 f & AXAS_MAP_USER ? " user" : "",
		 f & AXAS_MAP_DEVICE ? " device" : "",
		 f & AXAS_MAP_UNCACHED ? " uncached" : "");
	return buf;
}

static const char *size_str(unsigned long long n)
{
	static char buf[32];

	if (n >= (1ULL << 30) && !(n & ((1ULL << 30) - 1)))
		snprintf(buf, sizeof(buf), "%llu GiB", n >> 30);
	else if (n >= SZ_1M && !(n & (SZ_1M - 1)))
		snprintf(buf, sizeof(buf), "%llu MiB", n >> 20);
	else if (n >= 1024 && !(n & 1023))
		snprintf(buf, sizeof(buf), "%llu KiB", n >> 10);
	else
		snprintf(buf, sizeof(buf), "%llu bytes", n);
	return buf;
}

int vmm_open(struct vmm *v)
{
	v->dev = open("/dev/axaddrspace", O_RDWR | O_CLOEXEC);
	if (v->dev < 0)
		return fail("open /dev/axaddrspace");

	/* Ask the module what it is before relying on anything. */
	v->info.size = sizeof(v->info);
	if (ioctl(v->dev, AXAS_IOC_GET_INFO, &v->info))
		return fail("AXAS_IOC_GET_INFO");
	if (v->info.api_version != AXAS_API_VERSION) {
		fprintf(stderr, "minivmm: module speaks API %u, not %u\n",
			v->info.api_version, AXAS_API_VERSION);
		return 1;
	}
	printf("axaddrspace API %u, module %u.%u.%u\n", v->info.api_version,
	       v->info.module_version >> 16, (v->info.module_version >> 8) & 0xff,
	       v->info.module_version & 0xff);
	return 0;
}

int vmm_create(struct vmm *v)
{
	struct axas_create_space cs = {
		.size = sizeof(cs),
		.format = v->format,
		.base = 0,
		.length = SPACE_SIZE,
		.vmid = v->vmid,
	};

	if (ioctl(v->dev, AXAS_IOC_CREATE_SPACE, &cs))
		return fail("AXAS_IOC_CREATE_SPACE");
	v->space = cs.fd;

	v->si.size = sizeof(v->si);
	if (ioctl(v->space, AXAS_IOC_GET_SPACE_INFO, &v->si))
		return fail("AXAS_IOC_GET_SPACE_INFO");
	printf("space: %s", v->si.format < AXAS_FMT_NR ? fmt_names[v->si.format] : "?");
	if (v->si.format == AXAS_FMT_ARM_S2)
		printf("-%u", v->si.gpa_bits);
	printf(", %u-bit GPA, %u levels, [0x%llx, 0x%llx)\n", v->si.gpa_bits,
	       v->si.levels, (unsigned long long)v->si.base,
	       (unsigned long long)(v->si.base + v->si.length));
	return 0;
}

static int vmm_map_ram(struct vmm *v)
{
	struct axas_map_alloc ma = {
		.size = sizeof(ma),
		/*
		 * lazy, 4 KiB frames: the report counts the pages the image
		 * touched one by one (2 MiB backing would fault in 512 at once)
		 */
		.flags = (v->migrate ? AXAS_ALLOC_LOG_DIRTY : 0) |
			 AXAS_ALLOC_NO_HUGE,
		.gpa = 0,
		.length = v->ram,
		.map_flags = AXAS_MAP_READ | AXAS_MAP_WRITE | AXAS_MAP_EXECUTE,
	};

	if (ioctl(v->space, AXAS_IOC_MAP_ALLOC, &ma))
		return fail("AXAS_IOC_MAP_ALLOC");
	printf("ram: [0x%llx, 0x%llx) %s, alloc, lazy%s\n", 0ULL, v->ram,
	       flags_str(ma.map_flags), v->migrate ? ", log-dirty" : "");
	return 0;
}

/* Read all of @path; the caller frees *@buf. */
static int read_image(const char *path, unsigned char **buf, size_t *len)
{
	struct stat st;
	size_t done = 0;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st))
		return fail(path);
	*len = st.st_size;
	*buf = malloc(*len ? *len : 1);
	if (!*buf)
		return fail("malloc");
	while (done < *len) {
		ssize_t n = read(fd, *buf + done, *len - done);

		if (n <= 0) {
			if (!n)
				errno = EIO;
			close(fd);
			return fail(path);
		}
		done += n;
	}
	close(fd);
	return 0;
}

/*
 * The space's memory appears in our address space at offset = GPA: what we
 * write there is what the guest reads, with no copy in between.  Touching
 * a lazy page allocates its frame, once, for both.
 */
static int vmm_load(struct vmm *v, const unsigned char *img, size_t len)
{
	void *p;

	if (!len || v->load + len > v->ram || v->load + len < v->load) {
		fprintf(stderr, "minivmm: a %zu-byte image does not fit RAM at 0x%llx\n",
			len, v->load);
		return 1;
	}
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, v->space, v->load);
	if (p == MAP_FAILED)
		return fail("mmap of the space");
	memcpy(p, img, len);
	munmap(p, len);
	printf("load: %zu bytes at 0x%llx through mmap of the space\n", len, v->load);
	return 0;
}

static int vmm_map_mmio(struct vmm *v)
{
	struct axas_map_linear ml = {
		.size = sizeof(ml),
		.gpa = v->mmio,
		.hpa = v->mmio,
		.length = SZ_2M,
		.map_flags = AXAS_MAP_READ | AXAS_MAP_WRITE | AXAS_MAP_DEVICE,
	};

	if (v->no_mmio)
		return 0;
	if (ioctl(v->space, AXAS_IOC_MAP_LINEAR, &ml)) {
		if (errno == EPERM) {
			printf("mmio: skipped: %s (needs CAP_SYS_RAWIO, no lockdown, not RAM)\n",
			       errname(errno));
			v->no_mmio = 1;
			return 0;
		}
		return fail("AXAS_IOC_MAP_LINEAR");
	}
	printf("mmio: [0x%llx, 0x%llx) -> host 0x%llx, %s, linear\n",
	       (unsigned long long)ml.gpa, (unsigned long long)(ml.gpa + ml.length),
	       (unsigned long long)ml.hpa, flags_str(ml.map_flags));
	return 0;
}

static int vmm_translate(struct vmm *v, unsigned long long gpa)
{
	struct axas_translate t = { .size = sizeof(t), .gpa = gpa };

	printf("translate 0x%llx: ", gpa);
	if (ioctl(v->space, AXAS_IOC_TRANSLATE, &t)) {
		if (errno == ENOENT) {
			printf("not present (ENOENT: a lazy page not touched yet)\n");
			return 0;
		}
		printf("%s\n", errname(errno));
		return 1;
	}
	printf("%s, %s leaf, %s, area [0x%llx, 0x%llx), ",
	       t.backend <= AXAS_BACKEND_USER ? backend_names[t.backend] : "?",
	       size_str(t.leaf_size), flags_str(t.map_flags),
	       (unsigned long long)t.area_start,
	       (unsigned long long)(t.area_start + t.area_size));
	if (t.hpa)
		printf("hpa 0x%llx\n", (unsigned long long)t.hpa);
	else
		printf("hpa hidden\n");
	return 0;
}

/* Every page of the image is present now, and holds the image. */
static int vmm_check(struct vmm *v, const unsigned char *img, size_t len)
{
	struct axas_access acc = {
		.size = sizeof(acc), .gpa = v->load, .width = 8,
	};
	unsigned long long gpa, first = 0;
	unsigned char *back = malloc(len);
	size_t done = 0;
	ssize_t n;
	int bad = 0;

	if (!back)
		return fail("malloc");
	while (done < len) {
		n = pread(v->space, back + done, len - done, v->load + done);
		if (n <= 0) {
			if (!n)
				errno = EIO;
			free(back);
			return fail("pread of the space");
		}
		done += n;
	}
	bad = memcmp(back, img, len) != 0;
	free(back);
	printf("check: pread of [0x%llx, 0x%llx): %s\n", v->load,
	       (unsigned long long)(v->load + len),
	       bad ? "DIFFERS from the image" : "the image, byte for byte");
	if (bad)
		return 1;

	/* one load of exactly 8 bytes, as the guest's CPU would make it */
	if (ioctl(v->space, AXAS_IOC_ACCESS, &acc))
		return fail("AXAS_IOC_ACCESS");
	memcpy(&first, img, len < 8 ? len : 8);
	printf("check: 8-byte guest load at 0x%llx: 0x%llx (%s)\n", v->load,
	       (unsigned long long)acc.value,
	       acc.value == first ? "the image's first 8 bytes" : "WRONG");
	if (acc.value != first)
		return 1;

	for (gpa = v->load; gpa < v->load + len; gpa += PAGE_SIZE) {
		struct axas_translate t = { .size = sizeof(t), .gpa = gpa };

		if (ioctl(v->space, AXAS_IOC_TRANSLATE, &t)) {
			printf("check: page 0x%llx of the image is not mapped: %s\n",
			       gpa, errname(errno));
			return 1;
		}
	}
	printf("check: all %llu pages of the image are mapped\n",
	       (len + PAGE_SIZE - 1) / PAGE_SIZE);
	return 0;
}

/* pread cannot reach MMIO: there is no host memory behind it to copy. */
static int vmm_mmio_unreadable(struct vmm *v)
{
	char c;

	if (v->no_mmio)
		return 0;
	if (pread(v->space, &c, 1, v->mmio) >= 0) {
		printf("pread at 0x%llx: succeeded, but MMIO must not be read\n", v->mmio);
		return 1;
	}
	printf("pread at 0x%llx: %s (linear areas have no memory to copy)\n",
	       v->mmio, errname(errno));
	return errno != EOPNOTSUPP;
}

/* The hardware root pointer, and what its fields say. */
static void print_hw_root(const struct axas_space_info *si)
{
	unsigned long long hw = si->hw_root;

	if (!hw) {
		printf("hw_root: hidden (needs CAP_SYS_ADMIN)\n");
		return;
	}
	printf("hw_root: 0x%llx ", hw);
	switch (si->format) {
	case AXAS_FMT_EPT4:
	case AXAS_FMT_EPT5:
		printf("(EPTP: root 0x%llx, %llu-level walk, memory type %llu%s, A/D %s)\n",
		       hw & ~0xfffULL, ((hw >> 3) & 7) + 1, hw & 7,
		       (hw & 7) == 6 ? " (WB)" : "", hw & (1 << 6) ? "on" : "off");
		break;
	case AXAS_FMT_NPT4:
	case AXAS_FMT_NPT5:
		printf("(nCR3: root 0x%llx)\n", hw & ~0xfffULL);
		break;
	case AXAS_FMT_ARM_S2:
		printf("(VTTBR_EL2: root 0x%llx, VMID %llu)\n",
		       hw & 0x0000fffffffffffeULL, hw >> 48);
		break;
	default:
		printf("(hgatp: MODE %llu, VMID %llu, root 0x%llx)\n", hw >> 60,
		       (hw >> 44) & 0x3fff, (hw & ((1ULL << 44) - 1)) << 12);
		break;
	}
}

static int vmm_report(struct vmm *v, size_t len)
{
	unsigned long long pages = (len + PAGE_SIZE - 1) / PAGE_SIZE;

	v->si.size = sizeof(v->si);
	if (ioctl(v->space, AXAS_IOC_GET_SPACE_INFO, &v->si))
		return fail("AXAS_IOC_GET_SPACE_INFO");
	printf("frames: %llu (the %llu pages the image touched; the other %llu pages of RAM have none yet)\n",
	       (unsigned long long)v->si.frames, pages, v->ram / PAGE_SIZE - pages);
	print_hw_root(&v->si);
	return v->si.frames != pages;
}

/*
 * Live migration, the pre-copy way, between two spaces of this process:
 * copy all of RAM while a writer thread keeps storing into the source
 * (pwrite, which the module logs), then copy again only the pages the
 * dirty log reports, round after round, until few are left; then stop the
 * writer and make the last copy.  KVM's manual-protect order: GET the log,
 * CLEAR exactly what it reported, then copy those pages, so that a store
 * after the CLEAR is in the next round's log.
 */
struct migrate_writer {
	int fd;
	unsigned long long ram;
	atomic_int stop;
	atomic_long writes;
};

static void *migrate_write(void *arg)
{
	struct migrate_writer *w = arg;
	unsigned long long x = 88172645463325252ULL;

	while (!atomic_load(&w->stop)) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		/* a hot 1 MiB, as a guest's working set */
		if (pwrite(w->fd, &x, sizeof(x), (x % SZ_1M) & ~7ULL) != sizeof(x))
			break;
		atomic_fetch_add(&w->writes, 1);
	}
	return NULL;
}

/* Copy the pages set in @bm (all of RAM when NULL) from @src to @dst. */
static int migrate_copy(int src, int dst, unsigned long long ram,
			const uint64_t *bm, unsigned long long *copied)
{
	static unsigned char page[PAGE_SIZE], zero[PAGE_SIZE];
	unsigned long long i, n = ram / PAGE_SIZE;

	for (i = 0; i < n; i++) {
		if (bm && !(bm[i / 64] >> (i % 64) & 1))
			continue;
		if (pread(src, page, PAGE_SIZE, i * PAGE_SIZE) != PAGE_SIZE)
			return fail("pread of the source");
		/* the destination is fresh: its untouched pages read as zero */
		if (!bm && !memcmp(page, zero, PAGE_SIZE))
			continue;
		if (pwrite(dst, page, PAGE_SIZE, i * PAGE_SIZE) != PAGE_SIZE)
			return fail("pwrite of the destination");
		(*copied)++;
	}
	return 0;
}

/* One round: the log, re-armed, then the copy of what it reported. */
static int migrate_round(struct vmm *v, int dst, uint64_t *bm,
			 unsigned long long *dirty)
{
	struct axas_dirty_log d = {
		.size = sizeof(d), .gpa = 0, .length = v->ram,
		.bitmap = (uintptr_t)bm,
	};
	unsigned long long i, copied = 0;

	if (ioctl(v->space, AXAS_IOC_GET_DIRTY_LOG, &d))
		return fail("AXAS_IOC_GET_DIRTY_LOG");
	if (ioctl(v->space, AXAS_IOC_CLEAR_DIRTY_LOG, &d))
		return fail("AXAS_IOC_CLEAR_DIRTY_LOG");
	*dirty = 0;
	for (i = 0; i < v->ram / PAGE_SIZE / 64; i++)
		*dirty += __builtin_popcountll(bm[i]);
	return migrate_copy(v->space, dst, v->ram, bm, &copied);
}

static int migrate_compare(int src, int dst, unsigned long long ram)
{
	static unsigned char a[SZ_1M], b[SZ_1M];
	unsigned long long off;

	for (off = 0; off < ram; off += SZ_1M) {
		if (pread(src, a, SZ_1M, off) != SZ_1M ||
		    pread(dst, b, SZ_1M, off) != SZ_1M)
			return fail("pread");
		if (memcmp(a, b, SZ_1M)) {
			fprintf(stderr, "minivmm: the destination differs in [0x%llx, 0x%llx)\n",
				off, off + SZ_1M);
			return 1;
		}
	}
	return 0;
}

static int vmm_migrate(struct vmm *v)
{
	struct axas_create_space cs = {
		.size = sizeof(cs), .format = v->format, .length = SPACE_SIZE,
		.vmid = v->vmid,
	};
	struct axas_map_alloc ma = {
		.size = sizeof(ma), .length = v->ram,
		.map_flags = AXAS_MAP_READ | AXAS_MAP_WRITE | AXAS_MAP_EXECUTE,
	};
	struct migrate_writer w = { .fd = v->space, .ram = v->ram };
	unsigned long long copied = 0, dirty = 0;
	uint64_t *bm = calloc(v->ram / PAGE_SIZE / 64 + 1, sizeof(*bm));
	unsigned int round;
	pthread_t t;
	int dst, ret;

	if (!bm)
		return fail("calloc");
	if (ioctl(v->dev, AXAS_IOC_CREATE_SPACE, &cs))
		return fail("AXAS_IOC_CREATE_SPACE (destination)");
	dst = cs.fd;
	if (ioctl(dst, AXAS_IOC_MAP_ALLOC, &ma))
		return fail("AXAS_IOC_MAP_ALLOC (destination)");
	printf("migrate: pre-copy of the RAM to a second space while a thread writes to it\n");
	if (pthread_create(&t, NULL, migrate_write, &w))
		return fail("pthread_create");
	while (!atomic_load(&w.writes))
		sched_yield();
	/* round 0: everything; the log holds what is written meanwhile */
	ret = migrate_copy(v->space, dst, v->ram, NULL, &copied);
	for (round = 1; !ret && round <= 8; round++) {
		ret = migrate_round(v, dst, bm, &dirty);
		if (dirty < 16)
			break;
	}
	/* stop and copy: the writer (the guest's vCPUs) is paused */
	atomic_store(&w.stop, 1);
	pthread_join(t, NULL);
	if (!ret)
		ret = migrate_round(v, dst, bm, &dirty);
	if (!ret)
		ret = migrate_compare(v->space, dst, v->ram);
	if (!ret)
		printf("migrate: stopped and copied the last dirty pages: the destination equals the source, byte for byte\n");
	close(dst);
	free(bm);
	return ret;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: minivmm [--ram MIB] [--load GPA] [--mmio HPA] [--no-mmio]\n"
		"               [--format NAME] [--vmid N] [--migrate] IMAGE\n"
		"       minivmm --kvm [--ram MIB] [--backing lazy|populated|user] [--hold]\n"
		"\n"
		"Create a guest address space, load IMAGE into its RAM through mmap,\n"
		"pass an MMIO window through, check what the guest sees and print the\n"
		"hardware root pointer.\n"
		"\n"
		"  --ram MIB      guest RAM at GPA 0 (default 64)\n"
		"  --load GPA     where IMAGE goes (default 0x100000)\n"
		"  --mmio HPA     host MMIO mapped at the same GPA, 2 MiB (default 0xfd000000)\n"
		"  --no-mmio      no MMIO window\n"
		"  --format NAME  ept4, ept5, npt4, npt5, s2, sv39x4, sv48x4, sv57x4\n"
		"                 (default: the host's own)\n"
		"  --vmid N       VMID in the root pointer (arm64, RISC-V)\n"
		"  --migrate      then migrate the RAM to a second space (pre-copy\n"
		"                 with the dirty log) while a thread writes to it\n"
		"  --kvm          run a KVM guest on the space's mmap instead of an\n"
		"                 image: it prints through port 0xe9, writes a pattern,\n"
		"                 talks to a device at 0x30000000 (MMIO exits) and halts\n"
		"  --backing B    --kvm RAM: lazy (default), populated or user\n"
		"  --hold         --kvm: the guest spins until a line arrives on stdin\n");
}

static int parse_u64(const char *s, unsigned long long *out)
{
	char *end;

	errno = 0;
	*out = strtoull(s, &end, 0);
	return errno || !*s || *end ? -1 : 0;
}

static int parse_format(const char *s, unsigned int *out)
{
	unsigned int i;

	for (i = 0; i < AXAS_FMT_NR; i++) {
		if (!strcmp(s, fmt_names[i])) {
			*out = i;
			return 0;
		}
	}
	return -1;
}

static int parse_backing(const char *s, enum vmm_backing *out)
{
	static const char *const names[] = {
		[VMM_LAZY] = "lazy", [VMM_POPULATED] = "populated", [VMM_USER] = "user",
	};
	unsigned int i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!strcmp(s, names[i])) {
			*out = i;
			return 0;
		}
	}
	return -1;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "ram", required_argument, NULL, 'r' },
		{ "load", required_argument, NULL, 'l' },
		{ "mmio", required_argument, NULL, 'm' },
		{ "no-mmio", no_argument, NULL, 'n' },
		{ "format", required_argument, NULL, 'f' },
		{ "vmid", required_argument, NULL, 'v' },
		{ "migrate", no_argument, NULL, 'M' },
		{ "kvm", no_argument, NULL, 'K' },
		{ "backing", required_argument, NULL, 'b' },
		{ "hold", no_argument, NULL, 'H' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	struct vmm v = {
		.dev = -1, .space = -1, .ram = 64 * SZ_1M, .load = SZ_1M,
		.mmio = 0xfd000000ULL, .format = AXAS_FMT_NATIVE,
	};
	unsigned long long mib;
	unsigned char *img = NULL;
	size_t len = 0;
	int c, ret;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			if (parse_u64(optarg, &mib) || !mib || mib > (SPACE_SIZE >> 20) / 2)
				goto bad;
			v.ram = mib * SZ_1M;
			break;
		case 'l':
			if (parse_u64(optarg, &v.load) || v.load % PAGE_SIZE)
				goto bad;
			break;
		case 'm':
			if (parse_u64(optarg, &v.mmio) || v.mmio % SZ_2M ||
			    v.mmio < v.ram || v.mmio + SZ_2M > SPACE_SIZE)
				goto bad;
			break;
		case 'n':
			v.no_mmio = 1;
			break;
		case 'f':
			if (parse_format(optarg, &v.format))
				goto bad;
			break;
		case 'v':
			if (parse_u64(optarg, &v.vmid))
				goto bad;
			break;
		case 'M':
			v.migrate = 1;
			break;
		case 'K':
			v.kvm = 1;
			break;
		case 'b':
			if (parse_backing(optarg, &v.backing))
				goto bad;
			break;
		case 'H':
			v.hold = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			goto bad;
		}
	}
	if (v.kvm) {
		if (optind != argc || v.migrate)
			goto bad;
		ret = vmm_open(&v);
		if (!ret)
			ret = vmm_create(&v);
		if (!ret)
			ret = vmm_kvm(&v);
		goto out;
	}
	if (optind != argc - 1 || v.hold || v.backing != VMM_LAZY)
		goto bad;
	if (!v.no_mmio && v.mmio < v.ram)
		goto bad;

	ret = read_image(argv[optind], &img, &len);
	if (!ret)
		ret = vmm_open(&v);
	if (!ret)
		ret = vmm_create(&v);
	if (!ret)
		ret = vmm_map_ram(&v);
	if (!ret)
		ret = vmm_load(&v, img, len);
	if (!ret)
		ret = vmm_map_mmio(&v);
	if (!ret)
		ret = vmm_check(&v, img, len);
	if (!ret)
		ret = vmm_translate(&v, v.load);
	if (!ret)
		ret = vmm_translate(&v, v.ram - PAGE_SIZE);
	if (!ret && !v.no_mmio)
		ret = vmm_translate(&v, v.mmio + 0x123);
	if (!ret)
		ret = vmm_mmio_unreadable(&v);
	if (!ret)
		ret = vmm_report(&v, len);
	if (!ret && v.migrate)
		ret = vmm_migrate(&v);

out:
	/* Closing the last descriptor frees the space: frames, tables, areas. */
	if (v.space >= 0)
		close(v.space);
	if (v.dev >= 0)
		close(v.dev);
	free(img);
	return ret ? 1 : 0;

bad:
	usage(stderr);
	return 2;
}
