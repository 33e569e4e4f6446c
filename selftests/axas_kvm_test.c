// SPDX-License-Identifier: GPL-2.0
/*
 * kselftests of a KVM guest whose RAM is an axaddrspace space: the VMM
 * maps the space file MAP_SHARED and hands the mapping to
 * KVM_SET_USER_MEMORY_REGION; KVM faults pages in through the space's
 * mmap and learns of unmaps through its MMU notifier, which the space's
 * zap of its mmaps triggers.  The guest is tools/examples/kvm_guest.h
 * (64-bit, paging on, tiny programs picked by RIP).
 *
 * What the guest stores is what pread, AXAS_IOC_ACCESS, the VMM's mapping
 * and "axctl read" show; what the VMM writes is what the guest reads; a
 * lazy area gets frames only for pages the guest (or the VMM) touched;
 * after UNMAP or CLEAR of a page the guest used, its next access fails
 * with -EFAULT from KVM_RUN (never reaching the freed frame), also when
 * the unmap comes while the guest runs, and a remap works (PROTECT does
 * not reach KVM, whose view is the host mapping); closing the
 * space with the memory slot still in place is safe; and 1,000 cycles of
 * create, map, run, destroy leave every counter at zero.
 *
 * Run by "axas-run-tests --kvm" on the stock kernels, with KVM's modules
 * loaded (vmrun --kvm); AXAS_KVM_REQUIRED=1 turns a missing /dev/kvm into
 * a failure there.  Elsewhere (the debug kernel has no KVM) every test
 * skips.
 */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <sys/wait.h>

#include "axas_util.h"
#include "kselftest_harness.h"
#include "../tools/examples/kvm_guest.h"

#define SPACE_LEN	SZ_4G
#define RAM_LEN		SZ_2M
#define RAM_PAGES	(RAM_LEN / SZ_4K)
#define BOOT_PAGES	4	/* the page tables and the code */

/* Pages of RAM the tests use. */
#define PAGE_A		0x100000ULL
#define PAGE_B		0x140000ULL
#define PAGE_C		0x1ff000ULL

/* ASCII, so that "axctl read" shows them too */
#define V1		0x6e6565732d4d564bULL	/* "KVM-seen" */
#define V2		0x32562d74736f6876ULL	/* "vhost-V2" */

enum backing { LAZY, POPULATED, USER };

FIXTURE(kvm) {
	int dev;
	int fd;			/* the space */
	__u32 id;
	unsigned char *ram;	/* the space's mmap: memory slot 0 */
	unsigned char *user;	/* USER: the VMM's memory behind the space */
	struct kg_vm g;
	char console[256];	/* what the guest wrote to its port */
	size_t console_len;
};

FIXTURE_VARIANT(kvm) {
	enum backing backing;
};

FIXTURE_VARIANT_ADD(kvm, lazy) { LAZY };
FIXTURE_VARIANT_ADD(kvm, populated) { POPULATED };
FIXTURE_VARIANT_ADD(kvm, user) { USER };

static int kvm_missing(void)
{
	if (!access("/dev/kvm", R_OK | W_OK))
		return 0;
	return getenv("AXAS_KVM_REQUIRED") ? -1 : 1;
}

#define NEED_KVM()							\
	do {								\
		int m_ = kvm_missing();					\
		ASSERT_LE(m_, 0) TH_LOG("AXAS_KVM_REQUIRED, no /dev/kvm");	\
		if (m_)							\
			SKIP(return, "no /dev/kvm (KVM not loaded)");	\
	} while (0)

/* Back [gpa, gpa + len) as the variant does. */
static int map_ram(FIXTURE_DATA(kvm) *self, enum backing b, __u64 gpa,
		   __u64 len)
{
	if (b == USER)
		return axas_map_user(self->fd, gpa, len, self->user + gpa,
				     RD | WR | EX);
	/* LAZY counts frames page by page: 4 KiB frames, not 2 MiB blocks */
	return axas_map_alloc(self->fd, gpa, len, RD | WR | EX,
			      b == POPULATED ? AXAS_ALLOC_POPULATE :
			      AXAS_ALLOC_NO_HUGE);
}

FIXTURE_SETUP(kvm)
{
	self->dev = -1;
	self->fd = -1;
	self->ram = MAP_FAILED;
	self->user = MAP_FAILED;
	self->g.kvm = -1;
	NEED_KVM();
	self->dev = axas_open_dev();
	ASSERT_LE(0, self->dev);
	self->fd = axas_create(self->dev, AXAS_FMT_NATIVE, 0, 0, SPACE_LEN, 0,
			       &self->id);
	ASSERT_LE(0, self->fd);
	if (variant->backing == USER) {
		self->user = mmap(NULL, RAM_LEN, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		ASSERT_NE(MAP_FAILED, self->user);
		/* see the comment on the user RAM of tools/examples/minivmm_kvm.c */
		ASSERT_EQ(0, madvise(self->user, RAM_LEN, MADV_NOHUGEPAGE));
	}
	ASSERT_EQ(0, map_ram(self, variant->backing, 0, RAM_LEN));
	self->ram = mmap(NULL, RAM_LEN, PROT_READ | PROT_WRITE, MAP_SHARED,
			 self->fd, 0);
	ASSERT_NE(MAP_FAILED, self->ram);
	ASSERT_EQ(0, kg_create(&self->g));
	ASSERT_EQ(0, kg_slot(&self->g, 0, 0, RAM_LEN, self->ram));
	kg_write_boot(self->ram);
}

FIXTURE_TEARDOWN(kvm)
{
	struct axas_info info;

	if (self->g.kvm >= 0)
		kg_destroy(&self->g);
	if (self->ram != MAP_FAILED)
		munmap(self->ram, RAM_LEN);
	if (self->fd >= 0)
		close(self->fd);
	if (self->user != MAP_FAILED)
		munmap(self->user, RAM_LEN);
	if (self->dev < 0)
		return;
	/* nothing of the test outlives it: no space, frame, table or pin */
	EXPECT_EQ(0, axas_get_info(self->dev, &info));
	EXPECT_EQ(0, info.nr_spaces);
	EXPECT_EQ(0, info.frames);
	EXPECT_EQ(0, info.table_pages);
	EXPECT_EQ(0, info.pinned_pages);
	close(self->dev);
}

/*
 * Run program @rip with @regs until it halts; the registers are read back
 * into @regs.  Console output is appended to self->console.  Returns 0,
 * -errno from KVM_RUN, or the exit reason (> 0) of any other exit.
 */
static int guest_run(FIXTURE_DATA(kvm) *self, __u64 rip, struct kvm_regs *regs)
{
	struct kvm_run *run = self->g.run;

	if (kg_enter(&self->g, rip, regs))
		return -errno;
	for (;;) {
		if (ioctl(self->g.vcpu, KVM_RUN, 0))
			return -errno;
		if (run->exit_reason == KVM_EXIT_HLT)
			break;
		if (run->exit_reason != KVM_EXIT_IO || run->io.port != KG_CONSOLE_PORT ||
		    run->io.size != 1 || run->io.count != 1)
			return run->exit_reason;
		if (self->console_len < sizeof(self->console) - 1)
			self->console[self->console_len++] =
				*((char *)run + run->io.data_offset);
	}
	return ioctl(self->g.vcpu, KVM_GET_REGS, regs) ? -errno : 0;
}

static int guest_store(FIXTURE_DATA(kvm) *self, __u64 gpa, __u64 val)
{
	struct kvm_regs r = { .rdi = gpa, .rsi = val };

	return guest_run(self, KG_STORE, &r);
}

/* The guest's load of @gpa into *@val; 0 or what guest_run() returned. */
static int guest_load(FIXTURE_DATA(kvm) *self, __u64 gpa, __u64 *val)
{
	struct kvm_regs r = { .rdi = gpa, .rax = 0xdeadbeefULL };
	int ret = guest_run(self, KG_LOAD, &r);

	*val = r.rax;
	return ret;
}

static __u64 peek8(int fd, __u64 gpa)
{
	__u64 v = 0;

	if (pread(fd, &v, sizeof(v), gpa) != sizeof(v))
		return 0xbadULL;
	return v;
}

/* What "axctl read ID GPA 8" prints, in another process. */
static int axctl_read8(__u32 id, __u64 gpa, char *out, size_t size)
{
	char cmd[128];
	size_t n;
	FILE *p;

	snprintf(cmd, sizeof(cmd), "axctl read %u 0x%llx 8 2>&1", id,
		 (unsigned long long)gpa);
	p = popen(cmd, "r");
	if (!p)
		return -1;
	n = fread(out, 1, size - 1, p);
	out[n] = 0;
	return pclose(p);
}

static void frames_are(struct __test_metadata *_metadata,
		       FIXTURE_DATA(kvm) *self, enum backing b, __u64 lazy)
{
	struct axas_space_info si;

	ASSERT_EQ(0, axas_space_info(self->fd, &si));
	if (b == LAZY) {
		EXPECT_EQ(lazy, si.frames);
		EXPECT_EQ(lazy, si.faults);
	} else if (b == POPULATED) {
		EXPECT_EQ(RAM_PAGES, si.frames);
		EXPECT_EQ(0, si.faults);
	} else {
		EXPECT_EQ(0, si.frames);
		EXPECT_EQ(RAM_PAGES, si.pinned_pages);
	}
}

/*
 * After an unmap of one page: @lazy frames for LAZY, one frame (or pin)
 * less than all of RAM for the others.
 */
static void backing_is(struct __test_metadata *_metadata,
		       FIXTURE_DATA(kvm) *self, enum backing b, __u64 lazy)
{
	struct axas_space_info si;

	ASSERT_EQ(0, axas_space_info(self->fd, &si));
	EXPECT_EQ(b == LAZY ? lazy : b == POPULATED ? RAM_PAGES - 1 : 0, si.frames);
	EXPECT_EQ(b == USER ? RAM_PAGES - 1 : 0, si.pinned_pages);
}

TEST_F(kvm, guest_stores_are_what_the_vmm_sees)
{
	char want[160], got[160];
	__u64 v;

	ASSERT_EQ(0, guest_store(self, PAGE_A, V1));
	ASSERT_EQ(0, guest_store(self, PAGE_C + 0xff8, V2));
	EXPECT_EQ(V1, peek8(self->fd, PAGE_A));
	EXPECT_EQ(V2, peek8(self->fd, PAGE_C + 0xff8));
	ASSERT_EQ(0, axas_load(self->fd, PAGE_A, 8, &v));
	EXPECT_EQ(V1, v);
	ASSERT_EQ(0, axas_load(self->fd, PAGE_C + 0xffc, 4, &v));
	EXPECT_EQ(V2 >> 32, v);
	memcpy(&v, self->ram + PAGE_A, 8);
	EXPECT_EQ(V1, v);
	if (variant->backing == USER) {
		memcpy(&v, self->user + PAGE_A, 8);
		EXPECT_EQ(V1, v);
	}
	/* another process, with a read-only view of the space */
	snprintf(want, sizeof(want),
		 "%08llx  4b 56 4d 2d 73 65 65 6e%25s  |KVM-seen|\n%08llx\n",
		 PAGE_A, "", PAGE_A + 8);
	ASSERT_EQ(0, axctl_read8(self->id, PAGE_A, got, sizeof(got)));
	EXPECT_STREQ(want, got);
}

TEST_F(kvm, vmm_writes_reach_the_guest)
{
	static const char msg[] = "Hello from the guest\n";
	struct kvm_regs r = { .rsi = KG_DATA, .rdx = KG_CONSOLE_PORT };
	__u64 v, v2 = V2;

	ASSERT_EQ(sizeof(msg), pwrite(self->fd, msg, sizeof(msg), KG_DATA));
	ASSERT_EQ(0, guest_run(self, KG_PRINT, &r));
	EXPECT_EQ(strlen(msg), self->console_len);
	self->console[self->console_len] = 0;
	EXPECT_STREQ(msg, self->console);
	/* pwrite, a store through the mapping, ACCESS: the guest loads each */
	ASSERT_EQ(8, pwrite(self->fd, &v2, 8, PAGE_A));
	ASSERT_EQ(0, guest_load(self, PAGE_A, &v));
	EXPECT_EQ(V2, v);
	memcpy(self->ram + PAGE_B, &v2, 8);
	ASSERT_EQ(0, guest_load(self, PAGE_B, &v));
	EXPECT_EQ(V2, v);
	ASSERT_EQ(0, axas_store(self->fd, PAGE_C + 8, 8, V1));
	ASSERT_EQ(0, guest_load(self, PAGE_C + 8, &v));
	EXPECT_EQ(V1, v);
}

/* Lazy RAM: a frame for each page touched, by the VMM or the guest, once. */
TEST_F(kvm, frames_only_for_touched_pages)
{
	__u64 v;

	frames_are(_metadata, self, variant->backing, BOOT_PAGES);
	ASSERT_EQ(0, guest_store(self, PAGE_A, V1));
	ASSERT_EQ(0, guest_store(self, PAGE_A + 0x800, V1));
	ASSERT_EQ(0, guest_store(self, PAGE_B, V1));
	frames_are(_metadata, self, variant->backing, BOOT_PAGES + 2);
	/* a load through KVM faults the page in too (KVM maps it writable) */
	ASSERT_EQ(0, guest_load(self, PAGE_C, &v));
	EXPECT_EQ(0, v);
	frames_are(_metadata, self, variant->backing, BOOT_PAGES + 3);
	/* again: no new frame */
	ASSERT_EQ(0, guest_store(self, PAGE_C, V2));
	ASSERT_EQ(0, guest_load(self, PAGE_A, &v));
	EXPECT_EQ(V1, v);
	frames_are(_metadata, self, variant->backing, BOOT_PAGES + 3);
}

/*
 * UNMAP of a page the guest used: KVM's next access to it fails (the
 * space's zap reached KVM's MMU notifier; a stale nested entry would let
 * the load read the freed frame and return V1).
 */
TEST_F(kvm, unmap_then_access_faults)
{
	__u64 v = 0;

	ASSERT_EQ(0, guest_store(self, PAGE_A, V1));
	ASSERT_EQ(0, guest_load(self, PAGE_A, &v));
	ASSERT_EQ(V1, v);
	ASSERT_EQ(0, axas_unmap(self->fd, PAGE_A, SZ_4K));
	backing_is(_metadata, self, variant->backing, BOOT_PAGES);
	EXPECT_EQ(-EFAULT, guest_load(self, PAGE_A, &v));
	EXPECT_EQ(-EFAULT, guest_store(self, PAGE_A + 8, V2));
	/* the rest of RAM still works */
	ASSERT_EQ(0, guest_store(self, PAGE_B, V2));
	EXPECT_EQ(V2, peek8(self->fd, PAGE_B));

	ASSERT_EQ(0, map_ram(self, variant->backing, PAGE_A, SZ_4K));
	ASSERT_EQ(0, guest_load(self, PAGE_A, &v));
	/* a new zeroed frame; the VMM's own page still holds V1 */
	EXPECT_EQ(variant->backing == USER ? V1 : 0, v);
	ASSERT_EQ(0, guest_store(self, PAGE_A, V2));
	EXPECT_EQ(V2, peek8(self->fd, PAGE_A));
}

/* CLEAR: every page goes, the code too; a rebuilt RAM runs again. */
TEST_F(kvm, clear_then_access_faults)
{
	struct axas_space_info si;
	__u64 v;

	ASSERT_EQ(0, guest_store(self, PAGE_A, V1));
	ASSERT_EQ(0, axas_clear(self->fd));
	ASSERT_EQ(0, axas_space_info(self->fd, &si));
	EXPECT_EQ(0, si.frames);
	EXPECT_EQ(0, si.pinned_pages);
	EXPECT_EQ(0, si.nr_areas);
	EXPECT_EQ(1, si.table_pages);
	EXPECT_EQ(-EFAULT, guest_load(self, PAGE_A, &v));

	ASSERT_EQ(0, map_ram(self, variant->backing, 0, RAM_LEN));
	kg_write_boot(self->ram);
	ASSERT_EQ(0, guest_load(self, PAGE_A, &v));
	EXPECT_EQ(variant->backing == USER ? V1 : 0, v);
	ASSERT_EQ(0, guest_store(self, PAGE_A, V2));
	EXPECT_EQ(V2, peek8(self->fd, PAGE_A));
}

/*
 * PROTECT changes the space's own tables, not the host mapping KVM uses
 * (the VMM's view, which pwrite shares, keeps its access): the guest's
 * store after a PROTECT to read-only still lands, in the same live frame
 * pread reads.  A VMM write-protects a KVM guest's page with a read-only
 * memory slot.  What matters for safety holds: no frame was freed, none
 * moved, so KVM cannot reach a stale one.
 */
TEST_F(kvm, protect_does_not_reach_kvm)
{
	struct axas_translate before, after;
	struct axas_space_info si0, si1;

	ASSERT_EQ(0, guest_store(self, PAGE_A, V1));
	ASSERT_EQ(0, axas_translate(self->fd, PAGE_A, &before));
	ASSERT_EQ(0, axas_space_info(self->fd, &si0));
	ASSERT_EQ(0, axas_protect(self->fd, PAGE_A, SZ_4K, RD));
	ASSERT_EQ(0, guest_store(self, PAGE_A, V2));
	EXPECT_EQ(V2, peek8(self->fd, PAGE_A));
	ASSERT_EQ(0, axas_translate(self->fd, PAGE_A, &after));
	EXPECT_EQ(RD, after.map_flags);
	EXPECT_EQ(before.hpa, after.hpa);
	ASSERT_EQ(0, axas_space_info(self->fd, &si1));
	EXPECT_EQ(si0.frames, si1.frames);
	EXPECT_EQ(si0.pinned_pages, si1.pinned_pages);
}

struct unmapper {
	int fd;
	int ret;
	__u64 seen;
	atomic_int stop;	/* the guest returned first */
};

/* Waits until the guest's counter runs, then unmaps its page. */
static void *unmap_running(void *arg)
{
	struct unmapper *u = arg;

	while (!atomic_load(&u->stop)) {
		u->seen = peek8(u->fd, PAGE_A);
		if (u->seen >= 1000 && u->seen != 0xbadULL) {
			u->ret = axas_unmap(u->fd, PAGE_A, SZ_4K);
			break;
		}
		sched_yield();
	}
	return NULL;
}

/* UNMAP while the guest increments a counter in the page: KVM_RUN fails. */
TEST_F(kvm, unmap_while_running)
{
	struct unmapper u = { .fd = self->fd, .ret = 1 };
	struct kvm_regs r = { .rdi = PAGE_A };
	pthread_t t;

	ASSERT_EQ(0, pthread_create(&t, NULL, unmap_running, &u));
	EXPECT_EQ(-EFAULT, guest_run(self, KG_COUNT, &r));
	atomic_store(&u.stop, 1);
	pthread_join(t, NULL);
	EXPECT_EQ(0, u.ret);
	EXPECT_LE(1000, u.seen);
	backing_is(_metadata, self, variant->backing, BOOT_PAGES);
	ASSERT_EQ(0, map_ram(self, variant->backing, PAGE_A, SZ_4K));
	ASSERT_EQ(0, guest_store(self, PAGE_A, V2));
	EXPECT_EQ(V2, peek8(self->fd, PAGE_A));
}

/*
 * The space's descriptor closed while the memory slot still points at its
 * mmap: the mapping holds the space (it stays listed and the guest runs);
 * once the mapping goes too, the space is freed and the guest's next
 * access fails cleanly.
 */
TEST_F(kvm, close_space_with_memslot)
{
	struct axas_info info;
	__u64 v;

	ASSERT_EQ(0, guest_store(self, PAGE_A, V1));
	ASSERT_EQ(0, close(self->fd));
	self->fd = -1;
	ASSERT_EQ(0, axas_get_info(self->dev, &info));
	EXPECT_EQ(1, info.nr_spaces);
	ASSERT_EQ(0, guest_load(self, PAGE_A, &v));
	EXPECT_EQ(V1, v);
	ASSERT_EQ(0, guest_store(self, PAGE_B, V2));

	ASSERT_EQ(0, munmap(self->ram, RAM_LEN));
	self->ram = MAP_FAILED;
	ASSERT_EQ(0, axas_get_info(self->dev, &info));
	EXPECT_EQ(0, info.nr_spaces);
	EXPECT_EQ(0, info.frames);
	EXPECT_EQ(0, info.table_pages);
	EXPECT_EQ(0, info.pinned_pages);
	EXPECT_EQ(-EFAULT, guest_load(self, PAGE_A, &v));
}

FIXTURE(cycles) {
	int dev;
};

FIXTURE_SETUP(cycles)
{
	self->dev = -1;
	NEED_KVM();
	self->dev = axas_open_dev();
	ASSERT_LE(0, self->dev);
}

FIXTURE_TEARDOWN(cycles)
{
	if (self->dev >= 0)
		close(self->dev);
}

/*
 * One space mapped, given to @g as memory slot 0, run, checked and torn
 * down again (the slot deleted first); 0 or the failing step.
 */
static int one_cycle(int dev, struct kg_vm *g, unsigned int i)
{
	struct kvm_regs r = { .rdi = PAGE_A + 8 * (i % 512), .rsi = V1 + i };
	int fd, ret = 1;
	void *ram;

	fd = axas_create(dev, AXAS_FMT_NATIVE, 0, 0, SPACE_LEN, 0, NULL);
	if (fd < 0)
		return 1;
	if (axas_map_alloc(fd, 0, RAM_LEN, RD | WR | EX, 0))
		goto out_fd;
	ram = mmap(NULL, RAM_LEN, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (ram == MAP_FAILED)
		goto out_fd;
	ret = 2;
	if (kg_slot(g, 0, 0, RAM_LEN, ram))
		goto out_ram;
	kg_write_boot(ram);
	ret = 3;
	if (kg_enter(g, KG_STORE, &r) || ioctl(g->vcpu, KVM_RUN, 0) ||
	    g->run->exit_reason != KVM_EXIT_HLT)
		goto out_slot;
	ret = peek8(fd, r.rdi) == V1 + i ? 0 : 4;
out_slot:
	if (kg_slot(g, 0, 0, 0, ram) && !ret)
		ret = 5;
out_ram:
	munmap(ram, RAM_LEN);
out_fd:
	close(fd);
	return ret;
}

/*
 * 1,000 spaces, each created, mapped, run by a guest and destroyed; a new
 * VM every 100 (creating a VM costs about 100 ms under the test VM's
 * single-threaded TCG, where a space cycle costs a few).
 */
TEST_F_TIMEOUT(cycles, create_map_run_destroy_1000, 300)
{
	struct axas_info info;
	struct timespec t0, t1;
	struct kg_vm g;
	unsigned int i;
	int ret = 0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < 1000 && !ret; i++) {
		/* braces: ASSERT_EQ() is more than one statement */
		if (!(i % 100)) {
			ASSERT_EQ(0, kg_create(&g));
		}
		ret = one_cycle(self->dev, &g, i);
		if (i % 100 == 99 || ret)
			kg_destroy(&g);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ASSERT_EQ(0, ret) TH_LOG("cycle %u", i - 1);
	ASSERT_EQ(0, axas_get_info(self->dev, &info));
	EXPECT_EQ(0, info.nr_spaces);
	EXPECT_EQ(0, info.frames);
	EXPECT_EQ(0, info.table_pages);
	EXPECT_EQ(0, info.pinned_pages);
	TH_LOG("1000 cycles, 10 VMs, in %.2f s",
	       (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
}

TEST_HARNESS_MAIN
