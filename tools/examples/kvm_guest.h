/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kvm_guest.h: a tiny 64-bit KVM guest whose RAM is an axaddrspace space,
 * shared by the example VMM (minivmm --kvm) and its kselftest
 * (selftests/axas_kvm_test.c).
 *
 * The guest runs in long mode with paging on, on page tables the VMM
 * writes into guest RAM: one PML4, one PDPT and one PD identity-mapping
 * the first GiB with 2 MiB pages.  Paging on, not real mode: QEMU's
 * emulated SVM (the CPU of the test VM) lets a guest with paging off
 * bypass the nested tables, so a real-mode guest would not run on KVM's
 * NPT there.  No GDT or IDT: KVM_SET_SREGS loads the segment caches, and
 * a guest exception becomes a triple fault (KVM_EXIT_SHUTDOWN).
 *
 * The code page holds small programs at fixed offsets (kg_code[]); the
 * VMM picks one by setting RIP and passes its arguments in registers.
 */
#ifndef KVM_GUEST_H
#define KVM_GUEST_H

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/kvm.h>

/* Guest physical layout of the boot pages. */
#define KG_PML4		0x1000ULL
#define KG_PDPT		0x2000ULL
#define KG_PD		0x3000ULL
#define KG_CODE		0x4000ULL
#define KG_DATA		0x5000ULL	/* the message the guest prints */
#define KG_FLAG		0x5800ULL	/* HELLO spins until it is non-zero */
#define KG_BOOT_START	KG_PML4
#define KG_BOOT_END	0x6000ULL	/* 5 pages */
#define KG_MAPPED	(1ULL << 30)	/* the guest's identity map */

#define KG_CONSOLE_PORT	0xe9		/* the "debug console" port */

/* Programs, at these offsets of the code page. */
#define KG_STORE	(KG_CODE + 0x00)	/* [rdi] = rsi; hlt */
#define KG_LOAD		(KG_CODE + 0x10)	/* rax = [rdi]; hlt */
#define KG_PRINT	(KG_CODE + 0x20)	/* out dx, each byte of the string at rsi */
#define KG_HELLO	(KG_CODE + 0x40)	/* see below */
#define KG_COUNT	(KG_CODE + 0x60)	/* for (;;) ++[rdi] */

/*
 * KG_HELLO: rep stosq (rcx qwords of rax at rdi: the pattern), print the
 * NUL-terminated string at rsi to port dx, store 0x12345678 to the device
 * register at rbx (an MMIO write), load it back (an MMIO read, answered
 * by the VMM) and store what it read at rdi (just after the pattern),
 * then spin until the qword at r8 is non-zero, and halt.
 */
#define KG_MMIO_WRITE	0x12345678U

static const unsigned char kg_code[] = {
	/* KG_STORE */
	[0x00] = 0x48, 0x89, 0x37,		/* mov [rdi], rsi */
	0xf4,					/* hlt */
	/* KG_LOAD */
	[0x10] = 0x48, 0x8b, 0x07,		/* mov rax, [rdi] */
	0xf4,					/* hlt */
	/* KG_PRINT */
	[0x20] = 0xac,				/* 1: lodsb */
	0x84, 0xc0,				/* test al, al */
	0x74, 0x03,				/* jz 2f */
	0xee,					/* out dx, al */
	0xeb, 0xf8,				/* jmp 1b */
	0xf4,					/* 2: hlt */
	/* KG_HELLO */
	[0x40] = 0xf3, 0x48, 0xab,		/* rep stosq */
	0xac,					/* 1: lodsb */
	0x84, 0xc0,				/* test al, al */
	0x74, 0x03,				/* jz 2f */
	0xee,					/* out dx, al */
	0xeb, 0xf8,				/* jmp 1b */
	0xc7, 0x03, 0x78, 0x56, 0x34, 0x12,	/* 2: mov dword [rbx], 0x12345678 */
	0x8b, 0x03,				/* mov eax, [rbx] */
	0x89, 0x07,				/* mov [rdi], eax */
	0x49, 0x83, 0x38, 0x00,			/* 3: cmp qword [r8], 0 */
	0x74, 0xfa,				/* je 3b */
	0xf4,					/* hlt */
	/* KG_COUNT */
	[0x60] = 0x48, 0xff, 0x07,		/* 1: inc qword [rdi] */
	0xeb, 0xfb,				/* jmp 1b */
};

/*
 * Write the page tables and the code into guest RAM at @ram (the host
 * address of GPA 0, e.g. the space's mmap).  Touches exactly the pages
 * KG_PML4, KG_PDPT, KG_PD and KG_CODE.
 */
static inline void kg_write_boot(void *ram)
{
	uint64_t *pml4 = (uint64_t *)((char *)ram + KG_PML4);
	uint64_t *pdpt = (uint64_t *)((char *)ram + KG_PDPT);
	uint64_t *pd = (uint64_t *)((char *)ram + KG_PD);
	unsigned int i;

	memset(pml4, 0, 4096);
	memset(pdpt, 0, 4096);
	pml4[0] = KG_PDPT | 0x3;		/* present, writable */
	pdpt[0] = KG_PD | 0x3;
	for (i = 0; i < 512; i++)		/* present, writable, 2 MiB */
		pd[i] = ((uint64_t)i << 21) | 0x83;
	memset((char *)ram + KG_CODE, 0xf4, 4096);	/* stray jumps halt */
	memcpy((char *)ram + KG_CODE, kg_code, sizeof(kg_code));
}

/* A vCPU's VM and its shared run structure. */
struct kg_vm {
	int kvm;		/* /dev/kvm */
	int vm;
	int vcpu;
	struct kvm_run *run;
	size_t run_size;
};

/*
 * The guest's CPUID: what KVM supports.  Without one the vCPU has no long
 * mode (KVM refuses EFER.LME in KVM_SET_SREGS with -EINVAL).
 */
static inline int kg_set_cpuid(struct kg_vm *g)
{
	struct {
		struct kvm_cpuid2 c;
		struct kvm_cpuid_entry2 e[128];
	} cpuid = { .c.nent = 128 };

	if (ioctl(g->kvm, KVM_GET_SUPPORTED_CPUID, &cpuid.c))
		return -1;
	return ioctl(g->vcpu, KVM_SET_CPUID2, &cpuid.c);
}

static inline void kg_segment(struct kvm_segment *s, uint16_t sel, int code)
{
	memset(s, 0, sizeof(*s));
	s->limit = 0xffffffff;
	s->selector = sel;
	s->type = code ? 0xb : 0x3;	/* execute/read or read/write, accessed */
	s->present = 1;
	s->s = 1;
	s->l = code;			/* 64-bit code; data segments are flat 32 */
	s->db = !code;
	s->g = 1;
}

/*
 * kg_create() - a VM with one vCPU in long mode, on the guest page tables
 * at KG_PML4 (which the VMM still has to write, with kg_write_boot())
 *
 * Return: 0, or -1 with errno set (ENOENT: no /dev/kvm).
 */
static inline int kg_create(struct kg_vm *g)
{
	struct kvm_sregs sr;
	int n, err;

	g->vm = -1;
	g->vcpu = -1;
	g->run = MAP_FAILED;
	g->kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (g->kvm < 0)
		return -1;
	if (ioctl(g->kvm, KVM_GET_API_VERSION, 0) != KVM_API_VERSION) {
		errno = EPROTO;
		goto fail;
	}
	g->vm = ioctl(g->kvm, KVM_CREATE_VM, 0);
	if (g->vm < 0)
		goto fail;
	g->vcpu = ioctl(g->vm, KVM_CREATE_VCPU, 0);
	if (g->vcpu < 0)
		goto fail;
	n = ioctl(g->kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (n < 0)
		goto fail;
	g->run_size = n;
	g->run = mmap(NULL, g->run_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		      g->vcpu, 0);
	if (g->run == MAP_FAILED)
		goto fail;
	if (kg_set_cpuid(g) || ioctl(g->vcpu, KVM_GET_SREGS, &sr))
		goto fail;
	kg_segment(&sr.cs, 0x08, 1);
	kg_segment(&sr.ds, 0x10, 0);
	sr.es = sr.ds;
	sr.fs = sr.ds;
	sr.gs = sr.ds;
	sr.ss = sr.ds;
	sr.cr0 = 0x80000031;		/* PG, NE, ET, PE */
	sr.cr3 = KG_PML4;
	sr.cr4 = 0x20;			/* PAE */
	sr.efer = 0x500;		/* LMA, LME */
	if (ioctl(g->vcpu, KVM_SET_SREGS, &sr))
		goto fail;
	return 0;
fail:
	err = errno;
	if (g->run != MAP_FAILED)
		munmap(g->run, g->run_size);
	if (g->vcpu >= 0)
		close(g->vcpu);
	if (g->vm >= 0)
		close(g->vm);
	close(g->kvm);
	g->kvm = -1;
	errno = err;
	return -1;
}

static inline void kg_destroy(struct kg_vm *g)
{
	munmap(g->run, g->run_size);
	close(g->vcpu);
	close(g->vm);
	close(g->kvm);
}

/* Memory slot @slot: [@gpa, @gpa + @len) at @hva; @len 0 deletes it. */
static inline int kg_slot(struct kg_vm *g, uint32_t slot, uint64_t gpa,
			  uint64_t len, void *hva)
{
	struct kvm_userspace_memory_region r = {
		.slot = slot,
		.guest_phys_addr = gpa,
		.memory_size = len,
		.userspace_addr = (uintptr_t)hva,
	};

	return ioctl(g->vm, KVM_SET_USER_MEMORY_REGION, &r);
}

/* Point the vCPU at program @rip with the registers of @in (rip, rflags set here). */
static inline int kg_enter(struct kg_vm *g, uint64_t rip,
			   const struct kvm_regs *in)
{
	struct kvm_regs r = *in;

	r.rip = rip;
	r.rflags = 0x2;			/* interrupts off */
	return ioctl(g->vcpu, KVM_SET_REGS, &r);
}

static inline const char *kg_exit_name(uint32_t reason)
{
	switch (reason) {
	case KVM_EXIT_HLT: return "hlt";
	case KVM_EXIT_IO: return "io";
	case KVM_EXIT_MMIO: return "mmio";
	case KVM_EXIT_SHUTDOWN: return "shutdown";
	case KVM_EXIT_FAIL_ENTRY: return "fail-entry";
	case KVM_EXIT_INTERNAL_ERROR: return "internal-error";
	case KVM_EXIT_INTR: return "intr";
	default: return "other";
	}
}

#endif /* KVM_GUEST_H */
