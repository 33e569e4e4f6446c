// SPDX-License-Identifier: GPL-2.0
/*
 * The SVM backend: the checks at load, the VMCB of a guest, one VMRUN and
 * the decoding of its exit.
 *
 * EFER.SVME and MSR_VM_HSAVE_PA are set for each VMRUN and restored right
 * after it, with interrupts off, so that the CPU is left as it was found
 * and no other hypervisor's state (kvm_amd's) is ever touched: a CPU with
 * EFER.SVME set already is someone else's, and the run fails with -EBUSY.
 *
 * VMRUN loads only part of the guest state from the VMCB (segments ES CS
 * SS DS, GDTR, IDTR, control and debug registers, EFER, RFLAGS, RIP, RSP,
 * RAX); the guest keeps the host's FS, GS, TR, LDTR and syscall MSRs,
 * which no VMLOAD replaces, so none of them needs restoring on exit.  The
 * other general registers are loaded and saved around VMRUN by hand.
 */
#include <linux/bits.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/pgtable.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/stddef.h>
#include <linux/string.h>
#include <asm/cpufeature.h>
#include <asm/debugreg.h>
#include <asm/msr.h>
#include <asm/processor-flags.h>
#include <asm/svm.h>
#include "axas_testvm.h"

/* IOPM 12 KiB, MSRPM 8 KiB: every port and every MSR intercepted. */
#define AXAS_IOPM_ORDER		2
#define AXAS_MSRPM_ORDER	1

#define AXAS_GUEST_PAT		0x0007040600070406ULL
#define AXAS_GUEST_DR6		0xffff0ff0ULL	/* reset values */
#define AXAS_GUEST_DR7		0x400ULL
#define AXAS_GUEST_ASID		1	/* ASID 0 is the host's */

/* CPL 0 flat segments: a 64-bit code segment and a data segment. */
#define AXAS_SEG_CODE64		0xa9b	/* G L P S type 0xb */
#define AXAS_SEG_DATA		0xc93	/* G D/B P S type 0x3 */

/* NPF error code (EXITINFO1) bits */
#define AXAS_NPF_WRITE		BIT_ULL(1)
#define AXAS_NPF_FETCH		BIT_ULL(4)

/**
 * struct axas_svm_vcpu - the SVM state of a vCPU
 * @vmcb_frame: the VMCB
 * @hsave_frame: the host save area of its VMRUNs (MSR_VM_HSAVE_PA)
 * @vmcb: @vmcb_frame's kernel address
 * @gprs: the guest registers outside the VMCB
 */
struct axas_svm_vcpu {
	struct axas_frame vmcb_frame;
	struct axas_frame hsave_frame;
	struct vmcb *vmcb;
	struct axas_gprs gprs;
};

/**
 * struct axas_svm_saved - the CPU's SVM state before a VMRUN
 * @efer: EFER
 * @hsave_pa: MSR_VM_HSAVE_PA
 */
struct axas_svm_saved {
	u64 efer;
	u64 hsave_pa;
};

static struct page *axas_iopm, *axas_msrpm;
static struct axas_testvm_info axas_svm_info;

/* What the guest may not do without an exit. */
static const u16 axas_intercepts[] = {
	INTERCEPT_CR0_WRITE, INTERCEPT_CR4_WRITE,
	INTERCEPT_INTR, INTERCEPT_NMI, INTERCEPT_SMI, INTERCEPT_INIT,
	INTERCEPT_INVD, INTERCEPT_HLT, INTERCEPT_INVLPGA, INTERCEPT_IOIO_PROT,
	INTERCEPT_MSR_PROT, INTERCEPT_TASK_SWITCH, INTERCEPT_FERR_FREEZE,
	INTERCEPT_SHUTDOWN, INTERCEPT_VMRUN, INTERCEPT_VMMCALL,
	INTERCEPT_VMLOAD, INTERCEPT_VMSAVE, INTERCEPT_STGI, INTERCEPT_CLGI,
	INTERCEPT_SKINIT, INTERCEPT_WBINVD, INTERCEPT_MONITOR,
	INTERCEPT_MWAIT, INTERCEPT_XSETBV,
};

static void axas_svm_check_cpu(void *arg)
{
	atomic_t *busy = arg;
	u64 efer;

	rdmsrl(MSR_EFER, efer);
	if (efer & EFER_SVME)
		atomic_inc(busy);
}

static void axas_svm_exit(void);

/*
 * Checks that this machine can run guests and allocates the permission
 * maps: 0; -ENODEV without SVM or nested paging, or SVM disabled by the
 * firmware; -EBUSY when another hypervisor (kvm_amd) enabled SVM on a
 * CPU; -ENOMEM.
 */
static int axas_svm_init(void)
{
	atomic_t busy = ATOMIC_INIT(0);
	u64 vm_cr;

	if (!boot_cpu_has(X86_FEATURE_SVM) || !boot_cpu_has(X86_FEATURE_NPT))
		return -ENODEV;
	if (!rdmsrl_safe(MSR_VM_CR, &vm_cr) && (vm_cr & SVM_VM_CR_SVM_DIS_MASK))
		return -ENODEV;
	on_each_cpu(axas_svm_check_cpu, &busy, 1);
	if (atomic_read(&busy))
		return -EBUSY;

	axas_iopm = alloc_pages(GFP_KERNEL, AXAS_IOPM_ORDER);
	axas_msrpm = alloc_pages(GFP_KERNEL, AXAS_MSRPM_ORDER);
	if (!axas_iopm || !axas_msrpm) {
		axas_svm_exit();
		return -ENOMEM;
	}
	memset(page_address(axas_iopm), 0xff, PAGE_SIZE << AXAS_IOPM_ORDER);
	memset(page_address(axas_msrpm), 0xff, PAGE_SIZE << AXAS_MSRPM_ORDER);
	/* the nested walk uses the host's paging mode: 5 levels with LA57 */
	axas_svm_info = (struct axas_testvm_info){
		.backend = AXAS_TESTVM_SVM,
		.format = pgtable_l5_enabled() ? AXAS_FMT_NPT5 : AXAS_FMT_NPT4,
		.flags = AXAS_TESTVM_INFO_HW_AD,
		.npf_exit_code = SVM_EXIT_NPF,
	};
	axas_svm_info.formats = BIT(axas_svm_info.format);
	return 0;
}

static void axas_svm_exit(void)
{
	if (axas_iopm)
		__free_pages(axas_iopm, AXAS_IOPM_ORDER);
	if (axas_msrpm)
		__free_pages(axas_msrpm, AXAS_MSRPM_ORDER);
	axas_iopm = NULL;
	axas_msrpm = NULL;
}

static void axas_seg(struct vmcb_seg *s, u16 sel, u16 attrib)
{
	*s = (struct vmcb_seg){
		.selector = sel, .attrib = attrib, .limit = 0xffffffff,
	};
}

/*
 * The VMCB of a fresh guest, rewritten whole: 64-bit mode at CPL 0 with
 * paging on (CR0 PE PG, CR4 PAE, EFER LME LMA SVME), flat segments,
 * nested paging on @g->hw_root with ASID 1, every
 * exception, port, MSR and privileged instruction intercepted, physical
 * interrupts intercepted (V_INTR_MASKING).  CR0.TS keeps the guest off
 * the host's FPU registers.
 */
static void axas_svm_vmcb_init(struct vmcb *vmcb, const struct axas_guest *g)
{
	struct vmcb_control_area *c = &vmcb->control;
	struct vmcb_save_area *s = &vmcb->save;
	const struct axas_testvm_regs *r = g->regs;
	unsigned int i;

	memset(vmcb, 0, sizeof(*vmcb));
	for (i = 0; i < ARRAY_SIZE(axas_intercepts); i++)
		c->intercepts[axas_intercepts[i] / 32] |=
			BIT(axas_intercepts[i] % 32);
	c->intercepts[INTERCEPT_EXCEPTION] = ~0U;
	c->iopm_base_pa = page_to_phys(axas_iopm);
	c->msrpm_base_pa = page_to_phys(axas_msrpm);
	c->asid = AXAS_GUEST_ASID;
	c->tlb_ctl = TLB_CONTROL_FLUSH_ALL_ASID;
	c->int_ctl = V_INTR_MASKING_MASK;
	c->nested_ctl = SVM_NESTED_CTL_NP_ENABLE;
	c->nested_cr3 = g->hw_root;

	axas_seg(&s->cs, 0x08, AXAS_SEG_CODE64);
	axas_seg(&s->ds, 0x10, AXAS_SEG_DATA);
	axas_seg(&s->es, 0x10, AXAS_SEG_DATA);
	axas_seg(&s->ss, 0x10, AXAS_SEG_DATA);
	s->cpl = 0;
	s->efer = EFER_SVME | EFER_LME | EFER_LMA;
	s->cr0 = X86_CR0_PE | X86_CR0_MP | X86_CR0_ET | X86_CR0_TS |
		 X86_CR0_NE | X86_CR0_WP | X86_CR0_PG;
	s->cr3 = g->cr3;
	s->cr4 = X86_CR4_PAE;
	s->dr6 = AXAS_GUEST_DR6;
	s->dr7 = AXAS_GUEST_DR7;
	s->rflags = (r->rflags ?: X86_EFLAGS_FIXED) | X86_EFLAGS_FIXED;
	s->rip = r->rip;
	s->rsp = r->rsp;
	s->rax = r->rax;
	s->g_pat = AXAS_GUEST_PAT;
}

/*
 * SVM on for one VMRUN on this CPU, interrupts off until
 * axas_svm_disable(): 0, or -EBUSY when EFER.SVME is set already (someone
 * else's).
 */
static int axas_svm_enable(u64 hsave_pa, struct axas_svm_saved *saved)
{
	lockdep_assert_irqs_disabled();
	rdmsrl(MSR_EFER, saved->efer);
	if (saved->efer & EFER_SVME)
		return -EBUSY;
	rdmsrl(MSR_VM_HSAVE_PA, saved->hsave_pa);
	wrmsrl(MSR_EFER, saved->efer | EFER_SVME);
	wrmsrl(MSR_VM_HSAVE_PA, hsave_pa);
	return 0;
}

/* Undoes axas_svm_enable(). */
static void axas_svm_disable(const struct axas_svm_saved *saved)
{
	wrmsrl(MSR_VM_HSAVE_PA, saved->hsave_pa);
	wrmsrl(MSR_EFER, saved->efer);
}

#define AXAS_GPR(r)	offsetof(struct axas_gprs, r)

/*
 * VMRUN with the guest's registers: rax holds the VMCB (the guest's rax
 * is in it), the others come from and go back to @g.  Interrupts are let
 * in (sti) only with GIF clear, so that a physical interrupt in the
 * guest is an INTR exit and is taken by the host after stgi.
 */
static noinline void axas_svm_vmrun_regs(u64 vmcb_pa, struct axas_gprs *g)
{
	asm volatile("push %%rbp\n\t"
		     "push %%rdi\n\t"
		     "mov %c[rbx](%%rdi), %%rbx\n\t"
		     "mov %c[rcx](%%rdi), %%rcx\n\t"
		     "mov %c[rdx](%%rdi), %%rdx\n\t"
		     "mov %c[rsi](%%rdi), %%rsi\n\t"
		     "mov %c[rbp](%%rdi), %%rbp\n\t"
		     "mov %c[r8](%%rdi), %%r8\n\t"
		     "mov %c[r9](%%rdi), %%r9\n\t"
		     "mov %c[r10](%%rdi), %%r10\n\t"
		     "mov %c[r11](%%rdi), %%r11\n\t"
		     "mov %c[r12](%%rdi), %%r12\n\t"
		     "mov %c[r13](%%rdi), %%r13\n\t"
		     "mov %c[r14](%%rdi), %%r14\n\t"
		     "mov %c[r15](%%rdi), %%r15\n\t"
		     "mov %c[rdi](%%rdi), %%rdi\n\t"
		     "sti\n\t"
		     "vmrun %%rax\n\t"
		     "cli\n\t"
		     "push %%rdi\n\t"
		     "mov 8(%%rsp), %%rdi\n\t"
		     "mov %%rbx, %c[rbx](%%rdi)\n\t"
		     "mov %%rcx, %c[rcx](%%rdi)\n\t"
		     "mov %%rdx, %c[rdx](%%rdi)\n\t"
		     "mov %%rsi, %c[rsi](%%rdi)\n\t"
		     "mov %%rbp, %c[rbp](%%rdi)\n\t"
		     "mov %%r8, %c[r8](%%rdi)\n\t"
		     "mov %%r9, %c[r9](%%rdi)\n\t"
		     "mov %%r10, %c[r10](%%rdi)\n\t"
		     "mov %%r11, %c[r11](%%rdi)\n\t"
		     "mov %%r12, %c[r12](%%rdi)\n\t"
		     "mov %%r13, %c[r13](%%rdi)\n\t"
		     "mov %%r14, %c[r14](%%rdi)\n\t"
		     "mov %%r15, %c[r15](%%rdi)\n\t"
		     "popq %c[rdi](%%rdi)\n\t"
		     "add $8, %%rsp\n\t"
		     "pop %%rbp\n\t"
		     : "+a" (vmcb_pa), "+D" (g)
		     : [rbx] "i" (AXAS_GPR(rbx)), [rcx] "i" (AXAS_GPR(rcx)),
		       [rdx] "i" (AXAS_GPR(rdx)), [rsi] "i" (AXAS_GPR(rsi)),
		       [rdi] "i" (AXAS_GPR(rdi)), [rbp] "i" (AXAS_GPR(rbp)),
		       [r8] "i" (AXAS_GPR(r8)), [r9] "i" (AXAS_GPR(r9)),
		       [r10] "i" (AXAS_GPR(r10)), [r11] "i" (AXAS_GPR(r11)),
		       [r12] "i" (AXAS_GPR(r12)), [r13] "i" (AXAS_GPR(r13)),
		       [r14] "i" (AXAS_GPR(r14)), [r15] "i" (AXAS_GPR(r15))
		     : "rbx", "rcx", "rdx", "rsi", "r8", "r9", "r10", "r11",
		       "r12", "r13", "r14", "r15", "cc", "memory");
}

/*
 * Enters the guest once, until its next exit, between axas_svm_enable()
 * and axas_svm_disable(), interrupts off.  The interrupt that caused an
 * INTR exit is taken when the caller enables interrupts again.
 */
static void axas_svm_vmrun(u64 vmcb_pa, struct axas_gprs *g)
{
	bool breakpoints = hw_breakpoint_active();

	asm volatile("clgi" ::: "memory");
	axas_svm_vmrun_regs(vmcb_pa, g);
	asm volatile("stgi" ::: "memory");
	/* the exit loaded DR7 with its reset value */
	if (breakpoints)
		hw_breakpoint_restore();
}

static int axas_svm_hw_root(const struct axas_space_layout *l, u64 *root)
{
	if (l->format != axas_svm_info.format)
		return -EINVAL;
	*root = l->hw_root;
	return 0;
}

static int axas_svm_vcpu_init(struct axas_vcpu *v)
{
	struct axas_svm_vcpu *s = kzalloc(sizeof(*s), GFP_KERNEL_ACCOUNT);
	int ret;

	if (!s)
		return -ENOMEM;
	ret = axas_frame_alloc_zero(axas_module_hal(), &s->vmcb_frame);
	if (ret)
		goto err_free;
	ret = axas_frame_alloc_zero(axas_module_hal(), &s->hsave_frame);
	if (ret)
		goto err_vmcb;
	s->vmcb = axas_frame_as_mut_ptr(&s->vmcb_frame);
	v->priv = s;
	return 0;

err_vmcb:
	axas_frame_release(&s->vmcb_frame);
err_free:
	kfree(s);
	return ret;
}

static void axas_svm_vcpu_free(struct axas_vcpu *v)
{
	struct axas_svm_vcpu *s = v->priv;

	axas_frame_release(&s->hsave_frame);
	axas_frame_release(&s->vmcb_frame);
	kfree(s);
}

static void axas_svm_setup(struct axas_vcpu *v, const struct axas_guest *g)
{
	struct axas_svm_vcpu *s = v->priv;
	const struct axas_testvm_regs *r = g->regs;

	axas_svm_vmcb_init(s->vmcb, g);
	s->gprs = (struct axas_gprs){
		.rbx = r->rbx, .rcx = r->rcx, .rdx = r->rdx, .rsi = r->rsi,
		.rdi = r->rdi, .rbp = r->rbp, .r8 = r->r8, .r9 = r->r9,
		.r10 = r->r10, .r11 = r->r11, .r12 = r->r12, .r13 = r->r13,
		.r14 = r->r14, .r15 = r->r15,
	};
}

static u32 axas_npf_access(u64 error_code)
{
	if (error_code & AXAS_NPF_FETCH)
		return AXAS_MAP_EXECUTE;
	if (error_code & AXAS_NPF_WRITE)
		return AXAS_MAP_WRITE;
	return AXAS_MAP_READ;
}

static void axas_svm_decode(struct axas_svm_vcpu *s, struct axas_exit *e)
{
	const struct vmcb_control_area *c = &s->vmcb->control;

	*e = (struct axas_exit){
		.code = (u64)c->exit_code_hi << 32 | c->exit_code,
		.info1 = c->exit_info_1,
		.info2 = c->exit_info_2,
		.kind = AXAS_EXIT_OTHER,
	};
	switch (e->code) {
	case SVM_EXIT_INTR:
	case SVM_EXIT_NMI:
	case SVM_EXIT_SMI:
		e->kind = AXAS_EXIT_RESUME;
		break;
	case SVM_EXIT_HLT:
		/* no nrip_save: HLT is one byte (0xf4) */
		s->vmcb->save.rip++;
		e->kind = AXAS_EXIT_HLT;
		break;
	case SVM_EXIT_NPF:
		e->kind = AXAS_EXIT_NPF;
		e->gpa = c->exit_info_2;
		e->access = axas_npf_access(c->exit_info_1);
		break;
	}
}

static int axas_svm_enter(struct axas_vcpu *v, bool flush, struct axas_exit *e)
{
	struct axas_svm_vcpu *s = v->priv;
	u64 vmcb_pa = axas_hpa_val(axas_frame_start_paddr(&s->vmcb_frame));
	u64 hsave_pa = axas_hpa_val(axas_frame_start_paddr(&s->hsave_frame));
	struct axas_svm_saved saved;
	int ret;

	ret = axas_svm_enable(hsave_pa, &saved);
	if (ret)
		return ret;
	s->vmcb->control.tlb_ctl = flush ? TLB_CONTROL_FLUSH_ALL_ASID :
					   TLB_CONTROL_DO_NOTHING;
	s->vmcb->control.clean = 0;
	axas_svm_vmrun(vmcb_pa, &s->gprs);
	axas_svm_disable(&saved);
	axas_svm_decode(s, e);
	return 0;
}

static void axas_svm_get_regs(struct axas_vcpu *v, struct axas_testvm_regs *r)
{
	const struct axas_svm_vcpu *s = v->priv;
	const struct vmcb_save_area *sa = &s->vmcb->save;
	const struct axas_gprs *g = &s->gprs;

	*r = (struct axas_testvm_regs){
		.rax = sa->rax, .rbx = g->rbx, .rcx = g->rcx, .rdx = g->rdx,
		.rsi = g->rsi, .rdi = g->rdi, .rbp = g->rbp, .rsp = sa->rsp,
		.r8 = g->r8, .r9 = g->r9, .r10 = g->r10, .r11 = g->r11,
		.r12 = g->r12, .r13 = g->r13, .r14 = g->r14, .r15 = g->r15,
		.rip = sa->rip, .rflags = sa->rflags,
	};
}

const struct axas_backend_ops axas_svm_ops = {
	.name = "AMD SVM, nested paging",
	.info = &axas_svm_info,
	.init = axas_svm_init,
	.exit = axas_svm_exit,
	.hw_root = axas_svm_hw_root,
	.guest_pt = axas_guest_pt_write,
	.vcpu_init = axas_svm_vcpu_init,
	.vcpu_free = axas_svm_vcpu_free,
	.setup = axas_svm_setup,
	.enter = axas_svm_enter,
	.get_regs = axas_svm_get_regs,
};
