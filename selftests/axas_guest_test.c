// SPDX-License-Identifier: GPL-2.0
/*
 * kselftests of a CPU walking the tables: guests run by the test
 * hypervisor axaddrspace_testvm.ko (AMD SVM with nested paging, which QEMU
 * TCG -cpu max emulates, on NPT spaces; Intel VMX with EPT, which Bochs
 * emulates, on EPT spaces: AXAS_TESTVM_INFO says which), with tiny machine-code snippets
 * written into guest memory.  What a guest stores is what pread(2), an
 * mmap(2) of the space and AXAS_IOC_ACCESS show, and the other way round;
 * a store to a read-only page, a fetch from a non-executable one and an
 * access to nothing end the run with the nested page fault they cause;
 * unmap, protect and remap between runs, and an unmap while the guest
 * runs on another CPU, are seen by the guest.
 *
 * Every test skips when /dev/axaddrspace_testvm is missing (a CPU without
 * SVM or VMX with EPT, or the stock kernels, where the module is not
 * loaded).
 */
#include <pthread.h>
#include <sched.h>
#include <time.h>

#include "axas_util.h"
#include "kselftest_harness.h"
#include "../kmod/testvm/axas_testvm_uapi.h"

#define SZ_512G		(512 * SZ_1G)
#define SZ_1T		(1024 * SZ_1G)

/* Every space: [0, 1 TiB), the guest's page tables in its last 2 MiB. */
#define SPACE_LEN	SZ_1T
#define PT_GPA		(SPACE_LEN - AXAS_TESTVM_PT_SIZE)

/* The snippets, in one executable page. */
#define CODE_GPA	0x1000ULL
#define STORE_RIP	(CODE_GPA + 0x00)
#define LOAD_RIP	(CODE_GPA + 0x20)
#define LOOP_RIP	(CODE_GPA + 0x40)
#define SPIN_RIP	(CODE_GPA + 0x60)

#ifdef __aarch64__
/*
 * arm64 (EL1, stage 1 off): the address in x0, the value in x1, a load
 * into x2; HVC #0 ends the run (the HLT of x86) with the pc past it.
 */
#define R_ADDR(r)	((r).a64.x[0])
#define R_VAL(r)	((r).a64.x[1])
#define R_RET(r)	((r).a64.x[2])
#define R_PC(r)		((r).a64.pc)
#define STORE_END	(STORE_RIP + 8)
#define LOAD_END	(LOAD_RIP + 8)
/* the store of the loop: where a write fault of the loop stops */
#define LOOP_STORE	(LOOP_RIP + 8)
#define HALT_INSN	{ 0x02, 0x00, 0x00, 0xd4 }	/* hvc #0 */
#define HALT_LEN	4
#elif defined(__riscv)
/*
 * riscv64 (VS-mode, vsatp bare): the address in a0, the value in a1, a
 * load into a2; ecall ends the run with the pc past it.
 */
#define R_ADDR(r)	((r).rv64.x[10])
#define R_VAL(r)	((r).rv64.x[11])
#define R_RET(r)	((r).rv64.x[12])
#define R_PC(r)		((r).rv64.pc)
#define STORE_END	(STORE_RIP + 8)
#define LOAD_END	(LOAD_RIP + 8)
#define LOOP_STORE	(LOOP_RIP + 8)
#define HALT_INSN	{ 0x73, 0x00, 0x00, 0x00 }	/* ecall */
#define HALT_LEN	4
#else
/* x86-64: the address in rdi, the value in rsi, a load into rax. */
#define R_ADDR(r)	((r).rdi)
#define R_VAL(r)	((r).rsi)
#define R_RET(r)	((r).rax)
#define R_PC(r)		((r).rip)
#define STORE_END	(STORE_RIP + 4)
#define LOAD_END	(LOAD_RIP + 4)
/* inc reads and writes in one instruction */
#define LOOP_STORE	LOOP_RIP
#define HALT_INSN	{ 0xf4 }			/* hlt */
#define HALT_LEN	1
#endif

static const struct {
	__u64 gpa;
	unsigned char bytes[16];
	size_t len;
} snippets[] = {
#ifdef __aarch64__
	/* str x1, [x0]; hvc #0 */
	{ STORE_RIP, { 0x01, 0x00, 0x00, 0xf9, 0x02, 0x00, 0x00, 0xd4 }, 8 },
	/* ldr x2, [x0]; hvc #0 */
	{ LOAD_RIP, { 0x02, 0x00, 0x40, 0xf9, 0x02, 0x00, 0x00, 0xd4 }, 8 },
	/* 1: ldr x2, [x0]; add x2, x2, #1; str x2, [x0]; b 1b */
	{ LOOP_RIP, { 0x02, 0x00, 0x40, 0xf9, 0x42, 0x04, 0x00, 0x91,
		      0x02, 0x00, 0x00, 0xf9, 0xfd, 0xff, 0xff, 0x17 }, 16 },
	/* 1: b 1b */
	{ SPIN_RIP, { 0x00, 0x00, 0x00, 0x14 }, 4 },
#elif defined(__riscv)
	/* sd a1, 0(a0); ecall */
	{ STORE_RIP, { 0x23, 0x30, 0xb5, 0x00, 0x73, 0x00, 0x00, 0x00 }, 8 },
	/* ld a2, 0(a0); ecall */
	{ LOAD_RIP, { 0x03, 0x36, 0x05, 0x00, 0x73, 0x00, 0x00, 0x00 }, 8 },
	/* 1: ld a2, 0(a0); addi a2, a2, 1; sd a2, 0(a0); j 1b */
	{ LOOP_RIP, { 0x03, 0x36, 0x05, 0x00, 0x13, 0x06, 0x16, 0x00,
		      0x23, 0x30, 0xc5, 0x00, 0x6f, 0xf0, 0x5f, 0xff }, 16 },
	/* 1: j 1b */
	{ SPIN_RIP, { 0x6f, 0x00, 0x00, 0x00 }, 4 },
#else
	/* mov [rdi], rsi; hlt */
	{ STORE_RIP, { 0x48, 0x89, 0x37, 0xf4 }, 4 },
	/* mov rax, [rdi]; hlt */
	{ LOAD_RIP, { 0x48, 0x8b, 0x07, 0xf4 }, 4 },
	/* 1: inc qword [rdi]; jmp 1b */
	{ LOOP_RIP, { 0x48, 0xff, 0x07, 0xeb, 0xfb }, 5 },
	/* 1: jmp 1b */
	{ SPIN_RIP, { 0xeb, 0xfe }, 2 },
#endif
};

/* Data areas of the tests: below 4 GiB, above 4 GiB, above 512 GiB. */
#define LOW_GPA		0x01000000ULL
#define HIGH_GPA	(5 * SZ_1G + 0x3000)
#define TOP_GPA		(600 * SZ_1G + 0x7000)

#define V1		0x1122334455667788ULL
#define V2		0x8877665544332211ULL

struct guest {
	int dev;	/* /dev/axaddrspace */
	int fd;		/* the space */
	int vcpu;	/* /dev/axaddrspace_testvm */
};

/*
 * What the test hypervisor drives (AXAS_TESTVM_INFO), read once: the
 * space format (NPT4 or NPT5 with SVM, EPT4 with VMX), the raw exit code
 * of a nested page fault, whether the CPU sets accessed and dirty bits.
 * Zero without the test hypervisor (every test skips then).
 */
static const struct axas_testvm_info *testvm(void)
{
	static struct axas_testvm_info info;
	static bool done;
	int fd;

	if (done)
		return &info;
	done = true;
	fd = open(AXAS_TESTVM_DEV, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return &info;
	info.size = sizeof(info);
	if (axas_ioctl(fd, AXAS_TESTVM_INFO, &info))
		memset(&info, 0, sizeof(info));
	close(fd);
	return &info;
}

static __u32 guest_format(void)
{
	static const char *const gstage[] = {
		[AXAS_FMT_SV39X4] = "sv39x4", [AXAS_FMT_SV48X4] = "sv48x4",
		[AXAS_FMT_SV57X4] = "sv57x4",
	};
	const char *e = getenv("AXAS_GUEST_FORMAT");
	__u32 f;

	/* RISC-V: make check runs the suite on every mode the hart keeps */
	if (e && testvm()->backend == AXAS_TESTVM_GSTAGE)
		for (f = AXAS_FMT_SV39X4; f <= AXAS_FMT_SV57X4; f++)
			if (!strcmp(e, gstage[f]))
				return f;
	return testvm()->format ?: AXAS_FMT_NPT4;
}

/*
 * The IPA width of the stage 2 spaces of the suite: AXAS_GUEST_IPA_BITS
 * (make check runs it on s2-48 too), else the format's default (40 bits,
 * exactly the suite's 1 TiB); 0 on x86.
 */
static __u32 guest_gpa_bits(void)
{
	const char *e = getenv("AXAS_GUEST_IPA_BITS");

	return e && guest_format() == AXAS_FMT_ARM_S2 ? strtoul(e, NULL, 0) : 0;
}

/*
 * The MMIO window of the huge-leaf tests: QEMU's VGA frame buffer, or
 * what AXAS_MMIO_HPA says (the harness sets Bochs's VBE frame buffer).
 */
static __u64 mmio_hpa(void)
{
	const char *e = getenv("AXAS_MMIO_HPA");

#if defined(__aarch64__) || defined(__riscv)
	/* the virt machine has no frame buffer: the harness names RAM it hid */
	return e ? strtoull(e, NULL, 0) : 0;
#else
	return e ? strtoull(e, NULL, 0) : MMIO_HPA;
#endif
}

/*
 * Opens both devices and creates the NPT space with its page tables and
 * its code page mapped; false (the test skips) without the test
 * hypervisor.
 */
static bool guest_setup(struct __test_metadata *_metadata, struct guest *g)
{
	unsigned int i;

	g->dev = axas_open_dev();
	if (g->dev < 0 && errno == ENOENT)
		return false;
	ASSERT_LE(0, g->dev);
	g->vcpu = open(AXAS_TESTVM_DEV, O_RDWR | O_CLOEXEC);
	if (g->vcpu < 0 && errno == ENOENT)
		return false;
	ASSERT_LE(0, g->vcpu);
	g->fd = axas_create(g->dev, guest_format(), guest_gpa_bits(), 0,
			    SPACE_LEN, 0, NULL);
	ASSERT_LE(0, g->fd);
	ASSERT_EQ(0, axas_map_alloc(g->fd, PT_GPA, AXAS_TESTVM_PT_SIZE, RW,
				    AXAS_ALLOC_POPULATE));
	ASSERT_EQ(0, axas_map_alloc(g->fd, 0, 0x10000, RW | EX,
				    AXAS_ALLOC_POPULATE));
	for (i = 0; i < ARRAY_SIZE(snippets); i++)
		ASSERT_EQ((ssize_t)snippets[i].len,
			  pwrite(g->fd, snippets[i].bytes, snippets[i].len,
				 snippets[i].gpa));
	return true;
}

/* A plain TEST with a struct guest as g (see guest_setup()). */
#define GUEST_TEST(name)						\
	static void name##_body(struct __test_metadata *_metadata,	\
				struct guest *g);			\
	TEST(name)							\
	{								\
		struct guest g;						\
									\
		if (!guest_setup(_metadata, &g))			\
			SKIP(return, AXAS_TESTVM_DEV " missing");	\
		name##_body(_metadata, &g);				\
	}								\
	static void name##_body(struct __test_metadata *_metadata,	\
				struct guest *g)

/* One run from @rip with rdi and rsi set; 0 or -errno. */
static int vcpu_run_fd(int vcpu, int fd, __u64 rip, __u64 rdi, __u64 rsi,
		       __u32 timeout_ms, struct axas_testvm_run *r)
{
	memset(r, 0, sizeof(*r));
	r->size = sizeof(*r);
	r->space_fd = fd;
	r->timeout_ms = timeout_ms;
	R_PC(r->regs) = rip;
	R_ADDR(r->regs) = rdi;
	R_VAL(r->regs) = rsi;
	return axas_ioctl(vcpu, AXAS_TESTVM_RUN, r);
}

static int vcpu_run(struct guest *g, __u64 rip, __u64 rdi, __u64 rsi,
		    struct axas_testvm_run *r)
{
	return vcpu_run_fd(g->vcpu, g->fd, rip, rdi, rsi, 0, r);
}

/* The guest stores @v at @gpa and halts. */
static void guest_store(struct __test_metadata *_metadata, struct guest *g,
			__u64 gpa, __u64 v)
{
	struct axas_testvm_run r;

	ASSERT_EQ(0, vcpu_run(g, STORE_RIP, gpa, v, &r));
	ASSERT_EQ(AXAS_TESTVM_EXIT_HLT, r.exit_reason)
		TH_LOG("exit %u code %#llx gpa %#llx", r.exit_reason,
		       (unsigned long long)r.exit_code,
		       (unsigned long long)r.gpa);
	EXPECT_EQ(STORE_END, R_PC(r.regs));
	EXPECT_EQ(gpa, R_ADDR(r.regs));
	EXPECT_EQ(v, R_VAL(r.regs));
}

/* The guest loads @gpa and halts: what it read. */
static __u64 guest_load(struct __test_metadata *_metadata, struct guest *g,
			__u64 gpa)
{
	struct axas_testvm_run r;

	EXPECT_EQ(0, vcpu_run(g, LOAD_RIP, gpa, 0, &r));
	EXPECT_EQ(AXAS_TESTVM_EXIT_HLT, r.exit_reason)
		TH_LOG("exit %u code %#llx gpa %#llx", r.exit_reason,
		       (unsigned long long)r.exit_code,
		       (unsigned long long)r.gpa);
	EXPECT_EQ(LOAD_END, R_PC(r.regs));
	return R_RET(r.regs);
}

/*
 * The raw exit code of a nested page fault for @access: one on x86; on
 * arm64 ESR_EL2.EC 0x24 a data abort, 0x20 an instruction abort; on
 * RISC-V scause 20, 21, 23 a fetch, load, store guest page fault.
 */
static __u64 npf_code(__u32 access)
{
	if (testvm()->backend == AXAS_TESTVM_S2)
		return access == AXAS_MAP_EXECUTE ? 0x20 : 0x24;
	if (testvm()->backend == AXAS_TESTVM_GSTAGE)
		return access == AXAS_MAP_EXECUTE ? 20 :
		       access == AXAS_MAP_READ ? 21 : 23;
	return testvm()->npf_exit_code;
}

/* The run from @rip (rdi = @gpa) ends with a nested page fault there. */
static void expect_npf(struct __test_metadata *_metadata, struct guest *g,
		       __u64 rip, __u64 gpa, __u32 access, int err)
{
	struct axas_testvm_run r;

	ASSERT_EQ(0, vcpu_run(g, rip, gpa, V2, &r));
	ASSERT_EQ(AXAS_TESTVM_EXIT_NPF, r.exit_reason)
		TH_LOG("exit %u code %#llx", r.exit_reason,
		       (unsigned long long)r.exit_code);
	EXPECT_EQ(npf_code(access), r.exit_code);
	EXPECT_EQ(gpa, r.gpa);
	/*
	 * FAR_EL2 on arm64: the IPA too, stage 1 being off; htval on
	 * RISC-V: the GPA's bits 63:2, and stval (vsatp bare) all of it
	 */
	if (testvm()->backend == AXAS_TESTVM_GSTAGE) {
		EXPECT_EQ(gpa >> 2, r.exit_info2);
		EXPECT_EQ(gpa, r.exit_info1);
	} else {
		EXPECT_EQ(gpa, r.exit_info2);
	}
	EXPECT_EQ(access, r.access);
	EXPECT_EQ(err, r.fault_errno);
	EXPECT_EQ(rip, R_PC(r.regs));
	EXPECT_EQ(0, r.faults);
}

static __u64 pread_u64(struct __test_metadata *_metadata, int fd, __u64 gpa)
{
	__u64 v = 0;

	EXPECT_EQ(8, pread(fd, &v, 8, gpa));
	return v;
}

static void pwrite_u64(struct __test_metadata *_metadata, int fd, __u64 gpa,
		       __u64 v)
{
	ASSERT_EQ(8, pwrite(fd, &v, 8, gpa));
}

/*
 * The guest's store at @gpa is what pread, ACCESS and an mmap of the
 * space show; what the VMM writes there is what the guest loads.
 */
static void check_both_ways(struct __test_metadata *_metadata,
			    struct guest *g, __u64 gpa)
{
	__u64 page = gpa & ~(SZ_4K - 1), v;
	volatile __u64 *m;

	guest_store(_metadata, g, gpa, V1);
	EXPECT_EQ(V1, pread_u64(_metadata, g->fd, gpa));
	ASSERT_EQ(0, axas_load(g->fd, gpa, 8, &v));
	EXPECT_EQ(V1, v);
	m = mmap(NULL, SZ_4K, PROT_READ | PROT_WRITE, MAP_SHARED, g->fd, page);
	ASSERT_NE(MAP_FAILED, m);
	EXPECT_EQ(V1, m[(gpa - page) / 8]);

	pwrite_u64(_metadata, g->fd, gpa, V2);
	EXPECT_EQ(V2, guest_load(_metadata, g, gpa));
	ASSERT_EQ(0, axas_store(g->fd, gpa, 8, V1 ^ V2));
	EXPECT_EQ(V1 ^ V2, guest_load(_metadata, g, gpa));
	m[(gpa - page) / 8] = V1 + 1;
	EXPECT_EQ(V1 + 1, guest_load(_metadata, g, gpa));
	munmap((void *)m, SZ_4K);
}

static __u64 leaf_size(struct __test_metadata *_metadata, int fd, __u64 gpa)
{
	struct axas_translate t;

	EXPECT_EQ(0, axas_translate(fd, gpa, &t));
	return t.leaf_size;
}

FIXTURE(leaf4k) {
	struct guest g;
	bool ok;
};

FIXTURE_VARIANT(leaf4k) {
	__u64 gpa;
};

FIXTURE_VARIANT_ADD(leaf4k, below_4g) { .gpa = LOW_GPA + 0x128 };
FIXTURE_VARIANT_ADD(leaf4k, above_4g) { .gpa = HIGH_GPA + 0x808 };
FIXTURE_VARIANT_ADD(leaf4k, above_512g) { .gpa = TOP_GPA + 0xff8 };

FIXTURE_SETUP(leaf4k)
{
	self->ok = guest_setup(_metadata, &self->g);
}

FIXTURE_TEARDOWN(leaf4k)
{
}

/* Reads and writes through 4 KiB leaves of a populated alloc area. */
TEST_F(leaf4k, guest_and_vmm_agree)
{
	__u64 page = variant->gpa & ~(SZ_4K - 1);

	if (!self->ok)
		SKIP(return, AXAS_TESTVM_DEV " missing");
	ASSERT_EQ(0, axas_map_alloc(self->g.fd, page, 4 * SZ_4K, RW,
				    AXAS_ALLOC_POPULATE));
	ASSERT_EQ(SZ_4K, leaf_size(_metadata, self->g.fd, variant->gpa));
	check_both_ways(_metadata, &self->g, variant->gpa);
	/* the neighbours were not touched */
	EXPECT_EQ(0, pread_u64(_metadata, self->g.fd, page + SZ_4K));
	EXPECT_EQ(0, pread_u64(_metadata, self->g.fd, variant->gpa - 8));
}

/*
 * Huge leaves.  The debug kernel has neither hugetlbfs nor THP, so user
 * memory is rarely physically contiguous: when MAP_USER gives no huge
 * leaf, MAP_LINEAR (root) maps the test VM's MMIO hole, whose VGA frame
 * buffer (mmio_hpa(), 16 MiB of emulator RAM) the guest may write, and a second
 * mapping of the same frame buffer with 4 KiB leaves checks that the huge
 * leaf reached the right host address.  Such a window holds claims of the
 * machine's own devices (IOAPIC, HPET, ACPI tables), which MAP_LINEAR
 * refuses by default: allow_busy_linear lets the test map it.
 */
FIXTURE(huge) {
	struct guest g;
	bool ok;
};

FIXTURE_VARIANT(huge) {
	__u64 leaf;
	__u64 gpa;	/* aligned to @leaf */
};

FIXTURE_VARIANT_ADD(huge, leaf2m_below_4g) { SZ_2M, SZ_1G + SZ_2M };
FIXTURE_VARIANT_ADD(huge, leaf2m_above_4g) { SZ_2M, 6 * SZ_1G + 4 * SZ_2M };
FIXTURE_VARIANT_ADD(huge, leaf2m_above_512g) { SZ_2M, 601 * SZ_1G };
FIXTURE_VARIANT_ADD(huge, leaf1g_below_4g) { SZ_1G, 2 * SZ_1G };
FIXTURE_VARIANT_ADD(huge, leaf1g_above_4g) { SZ_1G, 7 * SZ_1G };
FIXTURE_VARIANT_ADD(huge, leaf1g_above_512g) { SZ_1G, 602 * SZ_1G };

FIXTURE_SETUP(huge)
{
	self->ok = guest_setup(_metadata, &self->g);
}

FIXTURE_TEARDOWN(huge)
{
}

/* User memory of @len bytes aligned to @len, huge pages if the kernel has them. */
static void *huge_user_memory(__u64 len)
{
	unsigned char *p;
	uintptr_t a;

#ifdef MAP_HUGETLB
	p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB |
		 (len == SZ_1G ? 30 << MAP_HUGE_SHIFT : 21 << MAP_HUGE_SHIFT),
		 -1, 0);
	if (p != MAP_FAILED)
		return p;
#endif
	/* no 1 GiB of ordinary memory to spare in a 2 GiB test VM */
	if (len != SZ_2M)
		return NULL;
	p = mmap(NULL, 2 * len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	a = ((uintptr_t)p + len - 1) & ~(uintptr_t)(len - 1);
	madvise((void *)a, len, MADV_HUGEPAGE);
	memset((void *)a, 0, len);
	return (void *)a;
}

TEST_F(huge, guest_walks_it)
{
	__u64 off = variant->leaf / 2 + 0x1238, alias = 16 * SZ_1G, hpa, v;
	__u64 fb = mmio_hpa();
	volatile __u64 *user;
	int busy, ret;

	if (!self->ok)
		SKIP(return, AXAS_TESTVM_DEV " missing");
	user = huge_user_memory(variant->leaf);
	if (user && !axas_map_user(self->g.fd, variant->gpa, variant->leaf,
				   (void *)user, RW)) {
		if (leaf_size(_metadata, self->g.fd, variant->gpa) ==
		    variant->leaf) {
			check_both_ways(_metadata, &self->g,
					variant->gpa + off);
			EXPECT_EQ(V1 + 1, user[off / 8]);
			user[off / 8 + 1] = V2;
			EXPECT_EQ(V2, guest_load(_metadata, &self->g,
						 variant->gpa + off + 8));
			return;
		}
		ASSERT_EQ(0, axas_unmap(self->g.fd, variant->gpa,
					variant->leaf));
	}
	TH_LOG("user memory gave no %llu KiB leaf: MMIO hole instead",
	       (unsigned long long)variant->leaf >> 10);

	if (geteuid())
		SKIP(return, "no huge user leaf, MAP_LINEAR needs root");
	if (!fb)
		SKIP(return, "no huge user leaf, no AXAS_MMIO_HPA");
	/* the leaf's host range: the frame buffer inside, aligned down */
	hpa = fb & ~(variant->leaf - 1);
	off = fb - hpa + 0x5678 * 8;
	need_mmio(_metadata, hpa, variant->leaf);
	/* a 1 GiB window around the frame buffer holds the machine's claims */
	busy = axas_set_param("allow_busy_linear", 1);
	ASSERT_LE(0, busy);
	ret = axas_map_linear(self->g.fd, variant->gpa, hpa, variant->leaf,
			      RW, 0);
	ASSERT_EQ(1, axas_set_param("allow_busy_linear", busy));
	ASSERT_EQ(0, ret);
	ASSERT_EQ(variant->leaf, leaf_size(_metadata, self->g.fd,
					   variant->gpa));
	ASSERT_EQ(0, axas_map_linear(self->g.fd, alias, fb, SZ_2M, RW,
				     AXAS_LINEAR_NOHUGE));
	ASSERT_EQ(SZ_4K, leaf_size(_metadata, self->g.fd, alias));

	/* through the 4 KiB alias first: is there memory at all? */
	guest_store(_metadata, &self->g, alias + 0x5678 * 8, V1);
	v = guest_load(_metadata, &self->g, alias + 0x5678 * 8);
	if (v != V1)
		SKIP(return, "no memory behind %#llx (read %#llx)",
		     (unsigned long long)fb, (unsigned long long)v);
	EXPECT_EQ(V1, guest_load(_metadata, &self->g, variant->gpa + off));
	guest_store(_metadata, &self->g, variant->gpa + off + 8, V2);
	EXPECT_EQ(V2, guest_load(_metadata, &self->g, alias + 0x5678 * 8 + 8));
	EXPECT_EQ(V1, guest_load(_metadata, &self->g, variant->gpa + off));
}

/* A store to a read-only page: NPF, write, nothing written. */
GUEST_TEST(store_to_read_only_faults)
{
	ASSERT_EQ(0, axas_map_alloc(g->fd, LOW_GPA, SZ_4K, RD,
				    AXAS_ALLOC_POPULATE));
	expect_npf(_metadata, g, STORE_RIP, LOW_GPA + 0x40, AXAS_MAP_WRITE,
		   -EACCES);
	EXPECT_EQ(0, pread_u64(_metadata, g->fd, LOW_GPA + 0x40));
	/* reads are allowed */
	pwrite_u64(_metadata, g->fd, LOW_GPA + 0x40, V1);
	EXPECT_EQ(V1, guest_load(_metadata, g, LOW_GPA + 0x40));
}

/* A fetch from a page without EXECUTE: NPF, execute, at the entry. */
GUEST_TEST(fetch_from_no_exec_faults)
{
	static const unsigned char hlt[] = HALT_INSN;
	struct axas_testvm_run r;

	ASSERT_EQ(0, axas_map_alloc(g->fd, HIGH_GPA & ~(SZ_4K - 1), SZ_4K, RW,
				    AXAS_ALLOC_POPULATE));
	ASSERT_EQ(HALT_LEN, pwrite(g->fd, hlt, HALT_LEN, HIGH_GPA + 0x10));
	expect_npf(_metadata, g, HIGH_GPA + 0x10, HIGH_GPA + 0x10,
		   AXAS_MAP_EXECUTE, -EACCES);
	/* executable, the same byte halts */
	ASSERT_EQ(0, axas_protect(g->fd, HIGH_GPA & ~(SZ_4K - 1), SZ_4K,
				  RW | EX));
	ASSERT_EQ(0, vcpu_run(g, HIGH_GPA + 0x10, 0, 0, &r));
	EXPECT_EQ(AXAS_TESTVM_EXIT_HLT, r.exit_reason);
	EXPECT_EQ(HIGH_GPA + 0x10 + HALT_LEN, R_PC(r.regs));
}

/* Loads and stores where nothing is mapped: NPF, -EFAULT. */
GUEST_TEST(access_to_nothing_faults)
{
	expect_npf(_metadata, g, LOAD_RIP, LOW_GPA + 0x18, AXAS_MAP_READ,
		   -EFAULT);
	expect_npf(_metadata, g, STORE_RIP, TOP_GPA, AXAS_MAP_WRITE, -EFAULT);
}

/* The first touch of a lazy page gets it a frame: one fault, one frame. */
GUEST_TEST(lazy_page_faulted_in_by_the_guest)
{
	struct axas_space_info before, after;
	struct axas_testvm_run r;

	ASSERT_EQ(0, axas_map_alloc(g->fd, HIGH_GPA & ~(SZ_4K - 1), SZ_1G, RW,
				    0));
	before = space_info_of(_metadata, g->fd);
	ASSERT_EQ(0, vcpu_run(g, STORE_RIP, HIGH_GPA + 0x100, V1, &r));
	ASSERT_EQ(AXAS_TESTVM_EXIT_HLT, r.exit_reason);
	EXPECT_EQ(1, r.faults);
	after = space_info_of(_metadata, g->fd);
	EXPECT_EQ(before.frames + 1, after.frames);
	EXPECT_EQ(before.faults + 1, after.faults);
	EXPECT_EQ(V1, pread_u64(_metadata, g->fd, HIGH_GPA + 0x100));

	/* present now: no fault, no frame */
	ASSERT_EQ(0, vcpu_run(g, LOAD_RIP, HIGH_GPA + 0x100, 0, &r));
	ASSERT_EQ(AXAS_TESTVM_EXIT_HLT, r.exit_reason);
	EXPECT_EQ(V1, R_RET(r.regs));
	EXPECT_EQ(0, r.faults);
	EXPECT_EQ(after.frames, space_info_of(_metadata, g->fd).frames);

	/* a lazy page is zeroed */
	EXPECT_EQ(0, guest_load(_metadata, g, HIGH_GPA + 0x100 + SZ_4K));
	EXPECT_EQ(after.frames + 1, space_info_of(_metadata, g->fd).frames);
}

/* Unmap between two runs: the second one faults. */
GUEST_TEST(unmap_seen_by_next_run)
{
	ASSERT_EQ(0, axas_map_alloc(g->fd, LOW_GPA, 2 * SZ_4K, RW,
				    AXAS_ALLOC_POPULATE));
	guest_store(_metadata, g, LOW_GPA + SZ_4K + 8, V1);
	EXPECT_EQ(V1, guest_load(_metadata, g, LOW_GPA + SZ_4K + 8));
	ASSERT_EQ(0, axas_unmap(g->fd, LOW_GPA + SZ_4K, SZ_4K));
	expect_npf(_metadata, g, LOAD_RIP, LOW_GPA + SZ_4K + 8,
		   AXAS_MAP_READ, -EFAULT);
	/* the page left is still there */
	guest_store(_metadata, g, LOW_GPA + 8, V2);
	EXPECT_EQ(V2, pread_u64(_metadata, g->fd, LOW_GPA + 8));
}

/*
 * 2 MiB backing frames (issue 13): a populated 2 MiB aligned area is one
 * 2 MiB block under a 2 MiB leaf, which the CPU walks to the block's
 * frames; a guest fault in a lazy one installs the whole 2 MiB; a page
 * unmapped inside splits the leaf and the rest stays where it was.  (The
 * freshly booted test VM has free 2 MiB blocks.)
 */
#define HUGE_GPA	(3 * SZ_1G)

GUEST_TEST(huge_backed_area_walked_by_the_guest)
{
	struct axas_space_info before, after;
	struct axas_testvm_run r;

	ASSERT_EQ(0, axas_map_alloc(g->fd, HUGE_GPA, 2 * SZ_2M, RW,
				    AXAS_ALLOC_POPULATE));
	EXPECT_EQ(SZ_2M, leaf_size(_metadata, g->fd, HUGE_GPA));
	EXPECT_EQ(SZ_2M, leaf_size(_metadata, g->fd, HUGE_GPA + SZ_2M));
	check_both_ways(_metadata, g, HUGE_GPA + 0x1238);
	check_both_ways(_metadata, g, HUGE_GPA + SZ_2M - 8);
	check_both_ways(_metadata, g, HUGE_GPA + SZ_2M + 0x1ff010);

	/* split by an unmap: the guest still reaches the other pages */
	guest_store(_metadata, g, HUGE_GPA + 5 * SZ_4K + 16, V2);
	ASSERT_EQ(0, axas_unmap(g->fd, HUGE_GPA + 4 * SZ_4K, SZ_4K));
	EXPECT_EQ(SZ_4K, leaf_size(_metadata, g->fd, HUGE_GPA));
	EXPECT_EQ(V2, guest_load(_metadata, g, HUGE_GPA + 5 * SZ_4K + 16));
	expect_npf(_metadata, g, LOAD_RIP, HUGE_GPA + 4 * SZ_4K + 8,
		   AXAS_MAP_READ, -EFAULT);
	ASSERT_EQ(0, axas_unmap(g->fd, HUGE_GPA, 2 * SZ_2M));

	/* a lazy 2 MiB: one guest fault, 512 frames, one 2 MiB leaf */
	ASSERT_EQ(0, axas_map_alloc(g->fd, HUGE_GPA, SZ_2M, RW, 0));
	before = space_info_of(_metadata, g->fd);
	ASSERT_EQ(0, vcpu_run(g, STORE_RIP, HUGE_GPA + 0x10008, V1, &r));
	ASSERT_EQ(AXAS_TESTVM_EXIT_HLT, r.exit_reason);
	EXPECT_EQ(1, r.faults);
	after = space_info_of(_metadata, g->fd);
	EXPECT_EQ(before.frames + 512, after.frames);
	EXPECT_EQ(before.leaves[1] + 1, after.leaves[1]);
	EXPECT_EQ(SZ_2M, leaf_size(_metadata, g->fd, HUGE_GPA));
	/* another page of it: present, no fault, zeroed */
	ASSERT_EQ(0, vcpu_run(g, LOAD_RIP, HUGE_GPA + SZ_2M - 8, 0, &r));
	ASSERT_EQ(AXAS_TESTVM_EXIT_HLT, r.exit_reason);
	EXPECT_EQ(0, r.faults);
	EXPECT_EQ(0, R_RET(r.regs));
	EXPECT_EQ(V1, pread_u64(_metadata, g->fd, HUGE_GPA + 0x10008));
	EXPECT_EQ(after.frames, space_info_of(_metadata, g->fd).frames);
}

/* Protect (a downgrade to read-only) between two runs. */
GUEST_TEST(protect_seen_by_next_run)
{
	ASSERT_EQ(0, axas_map_alloc(g->fd, TOP_GPA & ~(SZ_4K - 1), SZ_4K, RW,
				    AXAS_ALLOC_POPULATE));
	guest_store(_metadata, g, TOP_GPA, V1);
	ASSERT_EQ(0, axas_protect(g->fd, TOP_GPA & ~(SZ_4K - 1), SZ_4K, RD));
	expect_npf(_metadata, g, STORE_RIP, TOP_GPA, AXAS_MAP_WRITE, -EACCES);
	EXPECT_EQ(V1, guest_load(_metadata, g, TOP_GPA));
	EXPECT_EQ(V1, pread_u64(_metadata, g->fd, TOP_GPA));
	/* and back (an upgrade needs no flush) */
	ASSERT_EQ(0, axas_protect(g->fd, TOP_GPA & ~(SZ_4K - 1), SZ_4K, RW));
	guest_store(_metadata, g, TOP_GPA, V2);
	EXPECT_EQ(V2, pread_u64(_metadata, g->fd, TOP_GPA));
}

/* Remap a GPA to another frame between two runs. */
GUEST_TEST(remap_seen_by_next_run)
{
	volatile __u64 *user = axas_anon(SZ_4K, PROT_READ | PROT_WRITE);

	ASSERT_NE(NULL, user);
	user[3] = V2;
	ASSERT_EQ(0, axas_map_alloc(g->fd, LOW_GPA, SZ_4K, RW,
				    AXAS_ALLOC_POPULATE));
	guest_store(_metadata, g, LOW_GPA + 24, V1);
	ASSERT_EQ(0, axas_unmap(g->fd, LOW_GPA, SZ_4K));
	ASSERT_EQ(0, axas_map_user(g->fd, LOW_GPA, SZ_4K, (void *)user, RW));
	EXPECT_EQ(V2, guest_load(_metadata, g, LOW_GPA + 24));
	guest_store(_metadata, g, LOW_GPA + 32, V1);
	EXPECT_EQ(V1, user[4]);
	/* and to a fresh zeroed frame */
	ASSERT_EQ(0, axas_unmap(g->fd, LOW_GPA, SZ_4K));
	ASSERT_EQ(0, axas_map_alloc(g->fd, LOW_GPA, SZ_4K, RW,
				    AXAS_ALLOC_POPULATE));
	EXPECT_EQ(0, guest_load(_metadata, g, LOW_GPA + 24));
	EXPECT_EQ(V1, user[4]);
}

/* MAP_USER memory: the VMM's own mapping and the guest agree. */
GUEST_TEST(user_memory_shared_with_the_vmm)
{
	volatile __u64 *user = axas_anon(4 * SZ_4K, PROT_READ | PROT_WRITE);

	ASSERT_NE(NULL, user);
	ASSERT_EQ(0, axas_map_user(g->fd, HIGH_GPA & ~(SZ_4K - 1), 4 * SZ_4K,
				   (void *)user, RW));
	guest_store(_metadata, g, (HIGH_GPA & ~(SZ_4K - 1)) + 2 * SZ_4K + 16,
		    V1);
	EXPECT_EQ(V1, user[(2 * SZ_4K + 16) / 8]);
	user[(3 * SZ_4K) / 8] = V2;
	EXPECT_EQ(V2, guest_load(_metadata, g,
				 (HIGH_GPA & ~(SZ_4K - 1)) + 3 * SZ_4K));
	check_both_ways(_metadata, g, (HIGH_GPA & ~(SZ_4K - 1)) + 8);
	EXPECT_EQ(V1 + 1, user[1]);
}

struct looper {
	struct guest *g;
	__u64 gpa;
	__u32 timeout_ms;
	int cpu;		/* where the guest runs, -1: anywhere */
	struct axas_testvm_run r;
	int ret;
	volatile int done;
};

static int pin_to(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set);
}

static void *looper_main(void *arg)
{
	struct looper *l = arg;

	if (l->cpu >= 0 && pin_to(l->cpu)) {
		l->ret = -errno;
		l->done = 1;
		return NULL;
	}
	l->ret = vcpu_run_fd(l->g->vcpu, l->g->fd, LOOP_RIP, l->gpa, 0,
			     l->timeout_ms, &l->r);
	l->done = 1;
	return NULL;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

/*
 * A guest increments a counter in a MAP_USER page on one CPU while this
 * thread, on another, unmaps the page: once UNMAP returned, the VMM's own
 * mapping never changes again (the guest was forced out of guest mode,
 * which drops QEMU's cached translations, before the page was unpinned),
 * and the run ends with a fault at the counter.  Both threads are pinned:
 * on one CPU the unmap would only run while the guest is out anyway.
 * Without the consumer's IPI this fails: the guest goes on counting in the
 * unpinned page until the next timer tick of its CPU.
 */
GUEST_TEST(unmap_while_guest_runs)
{
	volatile __u64 *user = axas_anon(SZ_4K, PROT_READ | PROT_WRITE);
	struct looper l = {
		.g = g, .gpa = LOW_GPA + 0x80, .timeout_ms = 60000, .cpu = 1,
	};
	__u64 seen, i;
	pthread_t t;

	ASSERT_NE(NULL, user);
	if (sysconf(_SC_NPROCESSORS_ONLN) >= 2) {
		ASSERT_EQ(0, pin_to(0));
	} else {
		l.cpu = -1;
	}
	TH_LOG("%s", l.cpu < 0 ? "one CPU: the unmap runs while the guest is out" :
	       "the guest on CPU 1, the unmap on CPU 0");
	ASSERT_EQ(0, axas_map_user(g->fd, LOW_GPA, SZ_4K, (void *)user, RW));
	ASSERT_EQ(0, pthread_create(&t, NULL, looper_main, &l));
	/* the guest is counting */
	for (i = 0; i < 2000 && user[0x10] < 1000 && !l.done; i++)
		sleep_ms(5);
	ASSERT_LE(1000, user[0x10])
		TH_LOG("the guest did not count: run %s, %d, exit %u code %#llx",
		       l.done ? "over" : "running", l.ret, l.r.exit_reason,
		       (unsigned long long)l.r.exit_code);
	ASSERT_EQ(0, axas_unmap(g->fd, LOW_GPA, SZ_4K));
	seen = user[0x10];
	for (i = 0; i < 100; i++) {
		sleep_ms(2);
		ASSERT_EQ(seen, user[0x10]) TH_LOG("sample %llu", i);
	}
	ASSERT_EQ(0, pthread_join(t, NULL));
	ASSERT_EQ(0, l.ret);
	ASSERT_EQ(AXAS_TESTVM_EXIT_NPF, l.r.exit_reason)
		TH_LOG("exit %u code %#llx", l.r.exit_reason,
		       (unsigned long long)l.r.exit_code);
	EXPECT_EQ(LOW_GPA + 0x80, l.r.gpa);
	/* inc reads first: QEMU reports the load or the store */
	EXPECT_TRUE(l.r.access == AXAS_MAP_READ ||
		    l.r.access == AXAS_MAP_WRITE);
	EXPECT_EQ(-EFAULT, l.r.fault_errno);
	EXPECT_EQ(l.r.access == AXAS_MAP_READ ? LOOP_RIP : LOOP_STORE,
		  R_PC(l.r.regs));
	EXPECT_EQ(seen, user[0x10]);
	TH_LOG("counted to %llu in %llu VMRUNs, fault on %s",
	       (unsigned long long)seen, (unsigned long long)l.r.vmruns,
	       l.r.access == AXAS_MAP_READ ? "read" : "write");
}

/* The VMM closes its space while the guest runs: the run ends, -ENODEV. */
GUEST_TEST(space_destroyed_while_guest_runs)
{
	struct looper l = {
		.g = g, .gpa = LOW_GPA, .timeout_ms = 60000, .cpu = -1,
	};
	struct axas_testvm_run r;
	pthread_t t;
	__u64 v = 0;
	int i;

	ASSERT_EQ(0, axas_map_alloc(g->fd, LOW_GPA, SZ_4K, RW,
				    AXAS_ALLOC_POPULATE));
	ASSERT_EQ(0, pthread_create(&t, NULL, looper_main, &l));
	for (i = 0; i < 2000 && v < 1000 && !l.done; i++) {
		sleep_ms(5);
		v = pread_u64(_metadata, g->fd, LOW_GPA);
	}
	ASSERT_LE(1000, v);
	ASSERT_EQ(0, close(g->fd));
	ASSERT_EQ(0, pthread_join(t, NULL));
	EXPECT_EQ(-ENODEV, l.ret);
	/* the vCPU's space is gone for good */
	EXPECT_EQ(-ENODEV, vcpu_run(g, LOOP_RIP, 0, 0, &r));
}

static void on_alarm(int sig)
{
}

/* A guest that never exits is stopped by a signal and by the time limit. */
GUEST_TEST(endless_guest_stopped)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	struct itimerval it = { .it_value = { .tv_usec = 300000 } };
	struct axas_testvm_run r;

	ASSERT_EQ(0, sigaction(SIGALRM, &sa, NULL));
	ASSERT_EQ(0, setitimer(ITIMER_REAL, &it, NULL));
	ASSERT_EQ(0, vcpu_run_fd(g->vcpu, g->fd, SPIN_RIP, 0, 0, 60000, &r));
	EXPECT_EQ(AXAS_TESTVM_EXIT_SIGNAL, r.exit_reason);
	EXPECT_EQ(SPIN_RIP, R_PC(r.regs));

	ASSERT_EQ(0, vcpu_run_fd(g->vcpu, g->fd, SPIN_RIP, 0, 0, 300, &r));
	EXPECT_EQ(AXAS_TESTVM_EXIT_TIMEOUT, r.exit_reason);
	EXPECT_EQ(SPIN_RIP, R_PC(r.regs));
	EXPECT_LT(1, r.vmruns);
}

/*
 * Accessed and dirty bits of the nested leaves: QEMU's nested walk (NPT)
 * and Bochs's EPT walk (with A/D enabled in the EPTP, where
 * IA32_VMX_EPT_VPID_CAP has them) set the accessed bit of a leaf they use
 * and the dirty bit on a store, which is what AXAS_IOC_WALK shows.
 */
GUEST_TEST(accessed_dirty_set_by_the_cpu)
{
	struct axas_walk_entry e[8];
	int n;

	if (!(testvm()->flags & AXAS_TESTVM_INFO_HW_AD))
		SKIP(return, "the CPU sets no accessed and dirty bits");

	ASSERT_EQ(0, axas_map_alloc(g->fd, LOW_GPA, 3 * SZ_4K, RW,
				    AXAS_ALLOC_POPULATE));
	n = axas_walk_all(g->fd, LOW_GPA, LOW_GPA + 3 * SZ_4K, 0, 8, e, 8,
			  NULL);
	ASSERT_EQ(3, n);
	for (n = 0; n < 3; n++) {
		EXPECT_EQ(0, e[n].accessed) TH_LOG("page %d", n);
		EXPECT_EQ(0, e[n].dirty) TH_LOG("page %d", n);
	}
	EXPECT_EQ(0, guest_load(_metadata, g, LOW_GPA + 8));
	guest_store(_metadata, g, LOW_GPA + SZ_4K + 8, V1);
	n = axas_walk_all(g->fd, LOW_GPA, LOW_GPA + 3 * SZ_4K, 0, 8, e, 8,
			  NULL);
	ASSERT_EQ(3, n);
	EXPECT_EQ(1, e[0].accessed);
	EXPECT_EQ(0, e[0].dirty);
	EXPECT_EQ(1, e[1].accessed);
	EXPECT_EQ(1, e[1].dirty);
	EXPECT_EQ(0, e[2].accessed);
	EXPECT_EQ(0, e[2].dirty);
}

/*
 * The dirty log and the young harvest against a real CPU: of four pages
 * of a log-dirty area, the guest stores to page 1 and loads from page 2.
 * The dirty set is exactly page 1 (the hardware dirty bit of NPT); pages 1
 * and 2 are young, pages 0 and 3 neither.  After a get-and-clear, a second
 * store to page 1 is logged again (the dirty bit was cleared and flushed).
 */
GUEST_TEST(guest_writes_are_the_dirty_set)
{
	__u64 dirty = ~0ULL, young = ~0ULL;
	struct axas_dirty_log d = {
		.size = sizeof(d), .gpa = LOW_GPA, .length = 4 * SZ_4K,
		.bitmap = (uintptr_t)&dirty,
	};
	struct axas_young y = {
		.size = sizeof(y), .gpa = LOW_GPA, .length = 4 * SZ_4K,
		.bitmap = (uintptr_t)&young,
	};

	ASSERT_EQ(0, axas_map_alloc(g->fd, LOW_GPA, 4 * SZ_4K, RW,
				    AXAS_ALLOC_POPULATE | AXAS_ALLOC_LOG_DIRTY));
	if (!(testvm()->flags & AXAS_TESTVM_INFO_HW_AD))
		SKIP(return, "the CPU sets no accessed and dirty bits");
	ASSERT_EQ(0, axas_ioctl(g->fd, AXAS_IOC_GET_DIRTY_LOG, &d));
	EXPECT_EQ(0ULL, dirty);
	ASSERT_EQ(0, axas_ioctl(g->fd, AXAS_IOC_GET_YOUNG, &y));
	EXPECT_EQ(0ULL, young);

	guest_store(_metadata, g, LOW_GPA + SZ_4K + 0x10, V1);
	EXPECT_EQ(0, guest_load(_metadata, g, LOW_GPA + 2 * SZ_4K + 0x18));

	d.flags = AXAS_DIRTY_LOG_CLEAR;
	ASSERT_EQ(0, axas_ioctl(g->fd, AXAS_IOC_GET_DIRTY_LOG, &d));
	EXPECT_EQ(0x2ULL, dirty);
	y.flags = AXAS_YOUNG_CLEAR;
	ASSERT_EQ(0, axas_ioctl(g->fd, AXAS_IOC_GET_YOUNG, &y));
	EXPECT_EQ(0x6ULL, young);

	/* cleared: nothing, until the guest stores again */
	d.flags = 0;
	ASSERT_EQ(0, axas_ioctl(g->fd, AXAS_IOC_GET_DIRTY_LOG, &d));
	EXPECT_EQ(0ULL, dirty);
	guest_store(_metadata, g, LOW_GPA + SZ_4K + 0x20, V2);
	ASSERT_EQ(0, axas_ioctl(g->fd, AXAS_IOC_GET_DIRTY_LOG, &d));
	EXPECT_EQ(0x2ULL, dirty);
	EXPECT_EQ(V2, pread_u64(_metadata, g->fd, LOW_GPA + SZ_4K + 0x20));
}

/*
 * The dirty log where the CPU sets no dirty bit (stage 2, G-stage): the
 * clean pages of a log-dirty area are write-protected, so the guest's
 * first store to page 1 is a fault that the space resolves by logging
 * the page and giving the write back; the store then completes and a
 * second one does not fault.  After a get-and-clear the page is
 * write-protected again: the next store faults and is logged again.
 * Loads never fault and log nothing.
 */
GUEST_TEST(guest_writes_fault_into_the_dirty_log)
{
	__u64 dirty = ~0ULL;
	struct axas_dirty_log d = {
		.size = sizeof(d), .gpa = LOW_GPA, .length = 4 * SZ_4K,
		.bitmap = (uintptr_t)&dirty,
	};
	struct axas_testvm_run r;

	if (testvm()->flags & AXAS_TESTVM_INFO_HW_AD)
		SKIP(return, "the CPU sets dirty bits: the test above");
	ASSERT_EQ(0, axas_map_alloc(g->fd, LOW_GPA, 4 * SZ_4K, RW,
				    AXAS_ALLOC_POPULATE | AXAS_ALLOC_LOG_DIRTY));
	ASSERT_EQ(0, axas_ioctl(g->fd, AXAS_IOC_GET_DIRTY_LOG, &d));
	EXPECT_EQ(0ULL, dirty);

	ASSERT_EQ(0, vcpu_run(g, STORE_RIP, LOW_GPA + SZ_4K + 0x10, V1, &r));
	ASSERT_EQ(AXAS_TESTVM_EXIT_HLT, r.exit_reason);
	EXPECT_EQ(1, r.faults);
	ASSERT_EQ(0, vcpu_run(g, STORE_RIP, LOW_GPA + SZ_4K + 0x18, V2, &r));
	ASSERT_EQ(AXAS_TESTVM_EXIT_HLT, r.exit_reason);
	EXPECT_EQ(0, r.faults);
	ASSERT_EQ(0, vcpu_run(g, LOAD_RIP, LOW_GPA + 2 * SZ_4K, 0, &r));
	ASSERT_EQ(AXAS_TESTVM_EXIT_HLT, r.exit_reason);
	EXPECT_EQ(0, r.faults);

	d.flags = AXAS_DIRTY_LOG_CLEAR;
	ASSERT_EQ(0, axas_ioctl(g->fd, AXAS_IOC_GET_DIRTY_LOG, &d));
	EXPECT_EQ(0x2ULL, dirty);
	d.flags = 0;
	ASSERT_EQ(0, axas_ioctl(g->fd, AXAS_IOC_GET_DIRTY_LOG, &d));
	EXPECT_EQ(0ULL, dirty);

	ASSERT_EQ(0, vcpu_run(g, STORE_RIP, LOW_GPA + SZ_4K + 0x20, V1, &r));
	ASSERT_EQ(AXAS_TESTVM_EXIT_HLT, r.exit_reason);
	EXPECT_EQ(1, r.faults);
	ASSERT_EQ(0, axas_ioctl(g->fd, AXAS_IOC_GET_DIRTY_LOG, &d));
	EXPECT_EQ(0x2ULL, dirty);
	EXPECT_EQ(V2, pread_u64(_metadata, g->fd, LOW_GPA + SZ_4K + 0x18));
	EXPECT_EQ(V1, pread_u64(_metadata, g->fd, LOW_GPA + SZ_4K + 0x20));
}

/*
 * Write-back and uncached guest memory: the leaves carry the memory type
 * of their flags (EPT bits 5:3, 6 WB and 0 UC; NPT PCD|PWT for UC; stage
 * 2 MemAttr; G-stage PBMT 0 and NC), and the guest reads and writes both.
 * A hart without Svpbmt takes PBMT as reserved bits: the guest's access
 * to the uncached page is a guest page fault, which is what it shows.
 */
GUEST_TEST(wb_and_uc_memory)
{
	static const __u64 ept_mt = 7ULL << 3, npt_pcd_pwt = 3ULL << 3;
	static const __u64 s2_memattr = 0xfULL << 2, rv_pbmt = 3ULL << 61;
	bool ept = guest_format() == AXAS_FMT_EPT4 ||
		   guest_format() == AXAS_FMT_EPT5;
	struct axas_walk_entry e[2];

	ASSERT_EQ(0, axas_map_alloc(g->fd, LOW_GPA, SZ_4K, RW,
				    AXAS_ALLOC_POPULATE));
	ASSERT_EQ(0, axas_map_alloc(g->fd, LOW_GPA + SZ_4K, SZ_4K,
				    RW | AXAS_MAP_UNCACHED, AXAS_ALLOC_POPULATE));
	ASSERT_EQ(2, axas_walk_all(g->fd, LOW_GPA, LOW_GPA + 2 * SZ_4K, 0, 8,
				   e, 2, NULL));
	if (guest_format() == AXAS_FMT_ARM_S2) {
		/* MemAttr[5:2]: 0b1111 normal write-back, 0b0101 normal NC */
		EXPECT_EQ(0xfULL << 2, e[0].raw & s2_memattr);
		EXPECT_EQ(0x5ULL << 2, e[1].raw & s2_memattr);
	} else if (testvm()->backend == AXAS_TESTVM_GSTAGE) {
		EXPECT_EQ(0ULL, e[0].raw & rv_pbmt);
		EXPECT_EQ(1ULL << 61, e[1].raw & rv_pbmt);
		if (!(testvm()->flags & AXAS_TESTVM_INFO_PBMT)) {
			check_both_ways(_metadata, g, LOW_GPA + 0x48);
			/* mapped and readable: the space resolves nothing */
			expect_npf(_metadata, g, LOAD_RIP, LOW_GPA + SZ_4K + 0x50,
				   AXAS_MAP_READ, -ELOOP);
			SKIP(return, "no Svpbmt: the uncached leaf faults");
		}
	} else if (ept) {
		EXPECT_EQ(6ULL << 3, e[0].raw & ept_mt);
		EXPECT_EQ(0ULL, e[1].raw & ept_mt);
	} else {
		EXPECT_EQ(0ULL, e[0].raw & npt_pcd_pwt);
		EXPECT_EQ(npt_pcd_pwt, e[1].raw & npt_pcd_pwt);
	}
	EXPECT_EQ(RW | AXAS_MAP_UNCACHED, e[1].map_flags);
	check_both_ways(_metadata, g, LOW_GPA + 0x48);
	check_both_ways(_metadata, g, LOW_GPA + SZ_4K + 0x50);
}

/* AXAS_TESTVM_INFO: one backend, its format, the exit code of its NPF. */
GUEST_TEST(info_matches_the_cpu)
{
	const struct axas_testvm_info *i = testvm();
	struct axas_testvm_info small = { .size = sizeof(small) - 8 };

	EXPECT_EQ(sizeof(*i), i->size);
	EXPECT_EQ(-EINVAL, axas_ioctl(g->vcpu, AXAS_TESTVM_INFO, &small));
	EXPECT_NE(0U, i->formats & (1U << i->format));
	if (i->backend != AXAS_TESTVM_S2)
		EXPECT_EQ(0U, i->ipa_bits);
	if (i->backend == AXAS_TESTVM_GSTAGE) {
		/* the widest G-stage mode of those hgatp keeps */
		EXPECT_TRUE(i->format == AXAS_FMT_SV39X4 ||
			    i->format == AXAS_FMT_SV48X4 ||
			    i->format == AXAS_FMT_SV57X4);
		EXPECT_EQ(0U, i->formats & ~(7U << AXAS_FMT_SV39X4));
		EXPECT_GT(1U << (i->format + 1), i->formats);
		EXPECT_EQ(21ULL, i->npf_exit_code);
		EXPECT_EQ(1ULL << 44, i->hw_root_flags);
		TH_LOG("G-stage formats %#x, widest %u; the suite's spaces: %u, %u levels",
		       i->formats, i->format, guest_format(),
		       space_info_of(_metadata, g->fd).levels);
		EXPECT_EQ(guest_format(), space_info_of(_metadata, g->fd).format);
		return;
	}
	if (i->backend == AXAS_TESTVM_S2) {
		/* stage 2 of every IPA width up to the CPU's PARange */
		EXPECT_EQ(AXAS_FMT_ARM_S2, i->format);
		EXPECT_EQ(1U << AXAS_FMT_ARM_S2, i->formats);
		EXPECT_EQ(0x24ULL, i->npf_exit_code);
		EXPECT_LE(32U, i->ipa_bits);
		EXPECT_GE(48U, i->ipa_bits);
		EXPECT_EQ(1ULL << 48, i->hw_root_flags);
		TH_LOG("IPA up to %u bits, hardware access flag %s",
		       i->ipa_bits,
		       i->flags & AXAS_TESTVM_INFO_HW_AF ? "yes" : "no");
		return;
	}
	if (i->backend == AXAS_TESTVM_SVM) {
		EXPECT_TRUE(i->format == AXAS_FMT_NPT4 ||
			    i->format == AXAS_FMT_NPT5);
		EXPECT_EQ(1U << i->format, i->formats);
		EXPECT_EQ(0x400ULL, i->npf_exit_code);
		EXPECT_EQ(0ULL, i->ept_vpid_cap);
		return;
	}
	ASSERT_EQ(AXAS_TESTVM_VMX, i->backend);
	EXPECT_EQ(AXAS_FMT_EPT4, i->format);
	EXPECT_EQ(48ULL, i->npf_exit_code);
	/* a 4-level walk, INVEPT, a memory type for the tables */
	EXPECT_NE(0ULL, i->ept_vpid_cap & (1ULL << 6));
	EXPECT_NE(0ULL, i->ept_vpid_cap & (1ULL << 20));
	EXPECT_EQ(3ULL << 3, i->hw_root_flags & (7ULL << 3));
	EXPECT_EQ(!!(i->ept_vpid_cap & (1ULL << 7)),
		  !!(i->formats & (1U << AXAS_FMT_EPT5)));
	EXPECT_EQ(!!(i->ept_vpid_cap & (1ULL << 21)),
		  !!(i->flags & AXAS_TESTVM_INFO_HW_AD));
	EXPECT_EQ(!!(i->ept_vpid_cap & (1ULL << 21)),
		  !!(i->hw_root_flags & (1ULL << 6)));
	TH_LOG("VMX basic %#llx, EPT/VPID cap %#llx, secondary controls %#llx, "
	       "EPTP flags %#llx, 5-level EPT %s, A/D %s",
	       (unsigned long long)i->vmx_basic,
	       (unsigned long long)i->ept_vpid_cap,
	       (unsigned long long)i->procbased2,
	       (unsigned long long)i->hw_root_flags,
	       i->formats & (1U << AXAS_FMT_EPT5) ? "yes" : "no",
	       i->flags & AXAS_TESTVM_INFO_HW_AD ? "yes" : "no");
}

/* The other x86 formats than the vCPU's, and a 5-level EPT space where the CPU has no such walk. */
static void expect_format_refused(struct __test_metadata *_metadata,
				  struct guest *g)
{
	static const __u32 fmts[] = {
		AXAS_FMT_EPT4, AXAS_FMT_EPT5, AXAS_FMT_NPT4, AXAS_FMT_NPT5,
		AXAS_FMT_ARM_S2, AXAS_FMT_SV39X4, AXAS_FMT_SV48X4,
		AXAS_FMT_SV57X4,
	};
	struct axas_testvm_run r;
	unsigned int i;
	int vcpu2, fd;

	for (i = 0; i < ARRAY_SIZE(fmts); i++) {
		if (testvm()->formats & (1U << fmts[i]))
			continue;
		vcpu2 = open(AXAS_TESTVM_DEV, O_RDWR | O_CLOEXEC);
		ASSERT_LE(0, vcpu2);
		fd = axas_create(g->dev, fmts[i], 0, 0, SZ_1G, 0, NULL);
		ASSERT_LE(0, fd);
		EXPECT_EQ(-EINVAL, vcpu_run_fd(vcpu2, fd, 0, 0, 0, 0, &r))
			TH_LOG("format %u", fmts[i]);
		close(fd);
		close(vcpu2);
	}
}

/* What a run refuses, one errno each. */
GUEST_TEST(run_errors)
{
	struct axas_testvm_run r;
	int vcpu2, small;

#if !defined(__aarch64__) && !defined(__riscv)
	/* the guest's page tables need their 2 MiB mapped */
	ASSERT_EQ(0, axas_unmap(g->fd, PT_GPA, SZ_4K));
	EXPECT_EQ(-EFAULT, vcpu_run(g, STORE_RIP, LOW_GPA, 0, &r));
	ASSERT_EQ(0, axas_map_alloc(g->fd, PT_GPA, SZ_4K, RW,
				    AXAS_ALLOC_POPULATE));
#endif
	ASSERT_EQ(0, vcpu_run_fd(g->vcpu, g->fd, SPIN_RIP, 0, 0, 100, &r));
	EXPECT_EQ(AXAS_TESTVM_EXIT_TIMEOUT, r.exit_reason);

	/* bound: another space is refused */
	small = axas_create(g->dev, guest_format(), 0, 0, 4 * SZ_2M, 0, NULL);
	ASSERT_LE(0, small);
	EXPECT_EQ(-EBUSY, vcpu_run_fd(g->vcpu, small, SPIN_RIP, 0, 0, 0, &r));

	vcpu2 = open(AXAS_TESTVM_DEV, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, vcpu2);
	close(small);
#if defined(__aarch64__) || defined(__riscv)
	/* no guest page tables: a 2 MiB space runs (from nothing: a fault) */
	small = axas_create(g->dev, guest_format(), 0, 0, SZ_2M, 0, NULL);
	ASSERT_LE(0, small);
	ASSERT_EQ(0, vcpu_run_fd(vcpu2, small, 0x1000, 0, 0, 0, &r));
	EXPECT_EQ(AXAS_TESTVM_EXIT_NPF, r.exit_reason);
	EXPECT_EQ(0x1000ULL, r.gpa);
	EXPECT_EQ(AXAS_MAP_EXECUTE, r.access);
	EXPECT_EQ(npf_code(AXAS_MAP_EXECUTE), r.exit_code);
#else
	/* too small for the tables */
	small = axas_create(g->dev, guest_format(), 0, 0, SZ_2M, 0, NULL);
	ASSERT_LE(0, small);
	EXPECT_EQ(-ENOSPC, vcpu_run_fd(vcpu2, small, 0, 0, 0, 0, &r));
#endif
	close(vcpu2);

	/* a format of the other backend, or one this CPU does not walk */
	expect_format_refused(_metadata, g);
	vcpu2 = open(AXAS_TESTVM_DEV, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, vcpu2);
	/* not a space */
	EXPECT_EQ(-EINVAL, vcpu_run_fd(vcpu2, g->dev, 0, 0, 0, 0, &r));
	EXPECT_EQ(-EBADF, vcpu_run_fd(vcpu2, -1, 0, 0, 0, 0, &r));
	/* the ABI */
	memset(&r, 0, sizeof(r));
	r.size = sizeof(r) - 8;
	r.space_fd = g->fd;
	EXPECT_EQ(-EINVAL, axas_ioctl(vcpu2, AXAS_TESTVM_RUN, &r));
	r.size = sizeof(r);
	r.flags = 1;
	EXPECT_EQ(-EINVAL, axas_ioctl(vcpu2, AXAS_TESTVM_RUN, &r));
	EXPECT_EQ(-ENOTTY, axas_ioctl(vcpu2, AXAS_TESTVM_INFO + 1, &r));
	close(vcpu2);
	close(small);
}

/*
 * The access flag of stage 2 leaves (arm64).  The space maps leaves with
 * AF set; a young harvest with clear takes it away (and flushes).  A CPU
 * with FEAT_HAFDBS and VTCR_EL2.HA sets it again on the guest's first
 * access, which is what AXAS_IOC_WALK shows: QEMU's -cpu max does.  No
 * DBM: the dirty state of stage 2 is never set by the CPU.
 */
GUEST_TEST(access_flag_of_the_cpu)
{
	__u64 young = ~0ULL;
	struct axas_young y = {
		.size = sizeof(y), .gpa = LOW_GPA, .length = 3 * SZ_4K,
		.bitmap = (uintptr_t)&young, .flags = AXAS_YOUNG_CLEAR,
	};
	struct axas_walk_entry e[3];
	int n;

	if (guest_format() != AXAS_FMT_ARM_S2)
		SKIP(return, "stage 2 only");
	ASSERT_EQ(0, axas_map_alloc(g->fd, LOW_GPA, 3 * SZ_4K, RW,
				    AXAS_ALLOC_POPULATE));
	ASSERT_EQ(3, axas_walk_all(g->fd, LOW_GPA, LOW_GPA + 3 * SZ_4K, 0, 8,
				   e, 3, NULL));
	for (n = 0; n < 3; n++)
		EXPECT_EQ(1ULL << 10, e[n].raw & (1ULL << 10)) TH_LOG("page %d", n);
	ASSERT_EQ(0, axas_ioctl(g->fd, AXAS_IOC_GET_YOUNG, &y));
	EXPECT_EQ(0x7ULL, young);
	ASSERT_EQ(3, axas_walk_all(g->fd, LOW_GPA, LOW_GPA + 3 * SZ_4K, 0, 8,
				   e, 3, NULL));
	for (n = 0; n < 3; n++)
		EXPECT_EQ(0ULL, e[n].raw & (1ULL << 10)) TH_LOG("page %d", n);

	EXPECT_EQ(0, guest_load(_metadata, g, LOW_GPA + 8));
	guest_store(_metadata, g, LOW_GPA + SZ_4K + 8, V1);
	ASSERT_EQ(3, axas_walk_all(g->fd, LOW_GPA, LOW_GPA + 3 * SZ_4K, 0, 8,
				   e, 3, NULL));
	TH_LOG("after a load of page 0 and a store to page 1: AF %d %d %d, "
	       "hardware AF %s", !!(e[0].raw & (1ULL << 10)),
	       !!(e[1].raw & (1ULL << 10)), !!(e[2].raw & (1ULL << 10)),
	       testvm()->flags & AXAS_TESTVM_INFO_HW_AF ? "on" : "off");
	EXPECT_EQ(1ULL << 10, e[0].raw & (1ULL << 10));
	EXPECT_EQ(1ULL << 10, e[1].raw & (1ULL << 10));
	EXPECT_EQ(0ULL, e[2].raw & (1ULL << 10));
	for (n = 0; n < 3; n++)
		EXPECT_EQ(0, e[n].dirty) TH_LOG("page %d", n);
	EXPECT_EQ(V1, pread_u64(_metadata, g->fd, LOW_GPA + SZ_4K + 8));
	y.flags = 0;
	ASSERT_EQ(0, axas_ioctl(g->fd, AXAS_IOC_GET_YOUNG, &y));
	EXPECT_EQ(0x3ULL, young);
}

/*
 * Device memory (RISC-V): a DEVICE area's leaves carry PBMT IO (2 in
 * bits 62:61), which a hart with Svpbmt takes as strongly ordered I/O
 * memory, and the guest's loads and stores reach it.
 */
static void gstage_device_memory(struct __test_metadata *_metadata,
				 struct guest *g)
{
	struct axas_walk_entry e;

	if (!(testvm()->flags & AXAS_TESTVM_INFO_PBMT))
		SKIP(return, "no Svpbmt: PBMT bits are reserved");
	ASSERT_EQ(0, axas_map_alloc(g->fd, LOW_GPA, SZ_4K,
				    RW | AXAS_MAP_DEVICE, AXAS_ALLOC_POPULATE));
	ASSERT_EQ(1, axas_walk_all(g->fd, LOW_GPA, LOW_GPA + SZ_4K, 0, 8,
				   &e, 1, NULL));
	EXPECT_EQ(2ULL << 61, e.raw & (3ULL << 61));
	EXPECT_EQ(RW | AXAS_MAP_DEVICE, e.map_flags);
	check_both_ways(_metadata, g, LOW_GPA + 0x38);
}

/*
 * Device memory (arm64): a DEVICE area's leaves carry MemAttr 0b0001
 * (Device-nGnRE) and XN, and the guest's aligned loads and stores reach
 * it; EXECUTE with DEVICE is refused.  RISC-V: above.
 */
GUEST_TEST(device_memory_attributes)
{
	struct axas_walk_entry e;

	if (testvm()->backend == AXAS_TESTVM_GSTAGE) {
		gstage_device_memory(_metadata, g);
		return;
	}
	if (guest_format() != AXAS_FMT_ARM_S2)
		SKIP(return, "stage 2 and G-stage only");
	ASSERT_EQ(-EINVAL, axas_map_alloc(g->fd, LOW_GPA, SZ_4K,
					  RW | EX | AXAS_MAP_DEVICE,
					  AXAS_ALLOC_POPULATE));
	ASSERT_EQ(0, axas_map_alloc(g->fd, LOW_GPA, SZ_4K,
				    RW | AXAS_MAP_DEVICE, AXAS_ALLOC_POPULATE));
	ASSERT_EQ(1, axas_walk_all(g->fd, LOW_GPA, LOW_GPA + SZ_4K, 0, 8,
				   &e, 1, NULL));
	EXPECT_EQ(0x1ULL << 2, e.raw & (0xfULL << 2));
	EXPECT_EQ(1ULL << 54, e.raw & (1ULL << 54));
	EXPECT_EQ(RW | AXAS_MAP_DEVICE, e.map_flags);
	check_both_ways(_metadata, g, LOW_GPA + 0x38);
	/* not executable: a fetch faults */
	expect_npf(_metadata, g, LOW_GPA + 0x100, LOW_GPA + 0x100,
		   AXAS_MAP_EXECUTE, -EACCES);
}

/*
 * On the fresh space @fd: code at 0, a store and a load at @end - 8 KiB,
 * a fault at @end - 8, just past what is mapped (@what names the space).
 */
static void walk_below(struct __test_metadata *_metadata, int fd, __u64 end,
		       const char *what)
{
	__u64 data = end - 2 * SZ_4K;
	struct axas_testvm_run r;
	unsigned int i;
	int vcpu;

	ASSERT_EQ(0, axas_map_alloc(fd, 0, 0x10000, RW | EX,
				    AXAS_ALLOC_POPULATE));
	for (i = 0; i < ARRAY_SIZE(snippets); i++)
		ASSERT_EQ((ssize_t)snippets[i].len,
			  pwrite(fd, snippets[i].bytes, snippets[i].len,
				 snippets[i].gpa));
	ASSERT_EQ(0, axas_map_alloc(fd, data, SZ_4K, RW, AXAS_ALLOC_POPULATE));
	vcpu = open(AXAS_TESTVM_DEV, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, vcpu);
	ASSERT_EQ(0, vcpu_run_fd(vcpu, fd, STORE_RIP, data + 0x18, V1, 0, &r));
	EXPECT_EQ(AXAS_TESTVM_EXIT_HLT, r.exit_reason)
		TH_LOG("%s: exit %u code %#llx gpa %#llx", what, r.exit_reason,
		       (unsigned long long)r.exit_code,
		       (unsigned long long)r.gpa);
	EXPECT_EQ(V1, pread_u64(_metadata, fd, data + 0x18));
	pwrite_u64(_metadata, fd, data + 0x20, V2);
	ASSERT_EQ(0, vcpu_run_fd(vcpu, fd, LOAD_RIP, data + 0x20, 0, 0, &r));
	EXPECT_EQ(AXAS_TESTVM_EXIT_HLT, r.exit_reason);
	EXPECT_EQ(V2, R_RET(r.regs)) TH_LOG("%s", what);
	ASSERT_EQ(0, vcpu_run_fd(vcpu, fd, LOAD_RIP, end - 8, 0, 0, &r));
	EXPECT_EQ(AXAS_TESTVM_EXIT_NPF, r.exit_reason);
	EXPECT_EQ(end - 8, r.gpa) TH_LOG("%s", what);
	EXPECT_EQ(-EFAULT, r.fault_errno);
	close(vcpu);
}

/*
 * Every IPA width (arm64): VTCR_EL2.T0SZ and SL0 follow the space's
 * geometry, from a walk that starts at level 2 with up to 16
 * concatenated tables (32..34 bits) over level 1 (35..43) to level 0
 * (44..48).  A space of each width up to the CPU's, [0, 2^N): code at 0,
 * a store and a load near its top, a fault just past what is mapped.
 */
GUEST_TEST(every_ipa_width)
{
	unsigned int bits, max = testvm()->ipa_bits;
	char what[16];

	if (guest_format() != AXAS_FMT_ARM_S2)
		SKIP(return, "stage 2 only");
	for (bits = 32; bits <= max; bits++) {
		__u64 top = 1ULL << bits;
		int fd;

		snprintf(what, sizeof(what), "s2-%u", bits);
		fd = axas_create(g->dev, AXAS_FMT_ARM_S2, bits, 0, top, 0, NULL);
		ASSERT_LE(0, fd) TH_LOG("%s", what);
		EXPECT_EQ(bits, space_info_of(_metadata, fd).gpa_bits);
		walk_below(_metadata, fd, top, what);
		close(fd);
	}
	TH_LOG("s2-32 .. s2-%u walked", max);
}

/*
 * Every G-stage mode the hart keeps (RISC-V): a space of each, [0, 2^N)
 * for its GPA width N (41, 50, 59): code at 0, a store and a load at
 * 2^(N-1) - 8 KiB (root entry 2^(N-31) - 1 for Sv39x4, past the 512 of a
 * 4 KiB root: the x4 root is used), a fault just past what is mapped.
 * Not at the top of the space: QEMU 7.2 checks a GPA as if it were a
 * sign-extended virtual address, so any GPA with bit N-1 set takes a
 * guest page fault whatever the tables say (later QEMUs only require the
 * bits above N-1 to be zero, as the privileged spec does).
 */
GUEST_TEST(every_gstage_mode)
{
	static const struct {
		__u32 format;
		unsigned int bits;
	} modes[] = {
		{ AXAS_FMT_SV39X4, 41 }, { AXAS_FMT_SV48X4, 50 },
		{ AXAS_FMT_SV57X4, 59 },
	};
	unsigned int m, n = 0;
	char what[16];

	if (testvm()->backend != AXAS_TESTVM_GSTAGE)
		SKIP(return, "G-stage only");
	for (m = 0; m < ARRAY_SIZE(modes); m++) {
		__u64 top = 1ULL << modes[m].bits;
		int fd;

		if (!(testvm()->formats & (1U << modes[m].format)))
			continue;
		n++;
		snprintf(what, sizeof(what), "format %u", modes[m].format);
		fd = axas_create(g->dev, modes[m].format, 0, 0, top, 0, NULL);
		ASSERT_LE(0, fd) TH_LOG("%s", what);
		walk_below(_metadata, fd, top >> 1, what);
		close(fd);
	}
	EXPECT_LE(1U, n);
	TH_LOG("%u G-stage modes walked (formats %#x)", n, testvm()->formats);
}

TEST_HARNESS_MAIN
