// SPDX-License-Identifier: GPL-2.0
/*
 * The VMX backend: the checks at load, the VMCS of a guest on an EPT
 * space, one VM entry and the decoding of its exit.
 *
 * VMX operation lasts for one VM entry: CR4.VMXE and VMXON before it,
 * VMCLEAR, VMXOFF and CR4.VMXE off after it, interrupts off throughout,
 * as the SVM backend sets EFER.SVME for one VMRUN.  The CPU is left as it
 * was found and another hypervisor (kvm_intel) is never disturbed: a CPU
 * with CR4.VMXE set already is someone else's, and the run fails with
 * -EBUSY.  Because the VMCS is cleared after every exit (its state goes
 * back to memory), every entry is a VMLAUNCH, on whichever CPU the vCPU
 * runs now, and the host-state area is written for that CPU each time.
 *
 * Physical interrupts always exit (external-interrupt exiting), so the
 * guest runs with RFLAGS.IF set: on hardware that changes nothing for it
 * (its IDT is empty and every exception exits), but Bochs 2.7 recomputes
 * which events it recognizes only when IF changes, and a VM entry from a
 * host with IF clear into a guest with IF clear never lets an interrupt
 * exit: a guest that does not halt would hold the CPU for good.  The
 * VMX-preemption timer, where the CPU has it, bounds every entry to about
 * a millisecond as well, whatever the emulator does with interrupts.
 *
 * VM exits load only part of the host state: the GDTR and IDTR limits
 * become 0xffff, the TR limit 0x67, DS ES FS GS their selectors from the
 * VMCS (0 here), DR7 0x400 and IA32_DEBUGCTL 0.  All of them are put
 * back after the exit.
 */
#include <linux/bitfield.h>
#include <linux/bits.h>
#include <linux/cpumask.h>
#include <linux/errno.h>
#include <linux/gfp.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/stddef.h>
#include <linux/time64.h>
#include <asm/asm.h>
#include <asm/cpufeature.h>
#include <asm/debugreg.h>
#include <asm/desc.h>
#include <asm/io.h>
#include <asm/msr.h>
#include <asm/processor-flags.h>
#include <asm/segment.h>
#include <asm/special_insns.h>
#include <asm/tsc.h>
#include <asm/tlbflush.h>
#include <asm/vmx.h>
#include "axas_compat.h"
#include "axas_testvm.h"

#define AXAS_GUEST_PAT		0x0007040600070406ULL
#define AXAS_GUEST_DR7		0x400ULL
#define AXAS_GUEST_VPID		1	/* VPID 0 is the host's */
#define AXAS_ENTRY_NS		1000000	/* preemption timer: 1 ms per entry */

/* Access rights (VMCS format): 64-bit code, data, busy TSS, unusable. */
#define AXAS_AR_CODE64		0xa09b	/* G L P S type 0xb */
#define AXAS_AR_DATA		0xc093	/* G D/B P S type 0x3 */
#define AXAS_AR_TSS		0x008b	/* P, busy 64-bit TSS */
#define AXAS_AR_UNUSABLE	0x10000

/* EPT violation exit qualification bits */
#define AXAS_EPT_QUAL_WRITE	BIT_ULL(1)
#define AXAS_EPT_QUAL_FETCH	BIT_ULL(2)

/* EPTP: memory type 2:0, walk length - 1 in 5:3, A/D enable 6 */
#define AXAS_EPTP_MT_UC		0ULL
#define AXAS_EPTP_MT_WB		6ULL
#define AXAS_EPTP_WALK_SHIFT	3
#define AXAS_EPTP_AD		BIT_ULL(6)
#define AXAS_EPTP_FLAGS		GENMASK_ULL(11, 0)

/*
 * IA32_VMX_BASIC and IA32_VMX_MISC fields (SDM vol. 3D, appendix A), named
 * here: the kernel's helpers for them are newer than 6.1.
 */
#define AXAS_BASIC_REVISION	GENMASK_ULL(30, 0)
#define AXAS_BASIC_SIZE		GENMASK_ULL(44, 32)
#define AXAS_BASIC_PHYS32	BIT_ULL(48)
#define AXAS_BASIC_MEMTYPE	GENMASK_ULL(53, 50)
#define AXAS_BASIC_TRUE_CTLS	BIT_ULL(55)
#define AXAS_MEMTYPE_WB		6
#define AXAS_MISC_TIMER_RATE	GENMASK_ULL(4, 0)

/* IA32_VMX_EPT_VPID_CAP bits the kernel's header does not name */
#define AXAS_EPT_CAP_UC		BIT_ULL(8)
#define AXAS_EPT_CAP_WB		BIT_ULL(14)

/**
 * struct axas_vmx_gprs - the guest's registers VM entry does not load
 * @rax: rax (unlike VMRUN, VM entry loads no rax either)
 * @rbx: rbx
 * @rcx: rcx
 * @rdx: rdx
 * @rsi: rsi
 * @rdi: rdi
 * @rbp: rbp
 * @r8: r8
 * @r9: r9
 * @r10: r10
 * @r11: r11
 * @r12: r12
 * @r13: r13
 * @r14: r14
 * @r15: r15
 * @failed: VMLAUNCH failed (CF or ZF set, no VM exit)
 */
struct axas_vmx_gprs {
	u64 rax, rbx, rcx, rdx, rsi, rdi, rbp;
	u64 r8, r9, r10, r11, r12, r13, r14, r15;
	u8 failed;
};

/**
 * struct axas_vmx_vcpu - the VMX state of a vCPU
 * @vmcs_frame: its VMCS region
 * @gprs: the guest registers outside the VMCS
 * @rip: the guest's RIP after the last exit (or before the first entry)
 * @rsp: its RSP
 * @rflags: its RFLAGS
 * @cr3: the guest's CR3 of the run
 * @eptp: the EPTP of the run
 * @fresh: the next entry writes the whole VMCS (a new run)
 */
struct axas_vmx_vcpu {
	struct axas_frame vmcs_frame;
	struct axas_vmx_gprs gprs;
	u64 rip, rsp, rflags;
	u64 cr3, eptp;
	bool fresh;
};

/**
 * struct axas_vmx_caps - what this CPU's capability MSRs allow, and the
 * controls chosen from them
 * @basic: IA32_VMX_BASIC
 * @ept_vpid: IA32_VMX_EPT_VPID_CAP
 * @pin: pin-based controls
 * @proc: primary processor-based controls
 * @proc2: secondary processor-based controls
 * @exit: VM-exit controls
 * @entry: VM-entry controls
 * @cr0_fixed0: CR0 bits that must be 1 in VMX operation
 * @cr0_fixed1: CR0 bits that may be 1
 * @cr4_fixed0: CR4 bits that must be 1
 * @cr4_fixed1: CR4 bits that may be 1
 * @invept: the INVEPT type of a flush (single-context, else global)
 * @invvpid: the INVVPID type (single-context, else all-context), 0 when
 *	VPIDs are off
 * @timer: the VMX-preemption timer value of an entry (0: no timer)
 */
struct axas_vmx_caps {
	u64 basic;
	u64 ept_vpid;
	u32 pin, proc, proc2, exit, entry;
	u64 cr0_fixed0, cr0_fixed1, cr4_fixed0, cr4_fixed1;
	u32 invept;
	u32 invvpid;
	u32 timer;
};

static struct axas_vmx_caps axas_vmx;
static struct axas_testvm_info axas_vmx_info;
static struct page **axas_vmxon_pages;	/* one VMXON region per CPU */

/* --- the VMX instructions: each returns 0 or -EIO (VMfail) ------------- */

static int axas_vmxon(u64 pa)
{
	bool fail;

	asm volatile("vmxon %[pa]" CC_SET(na)
		     : CC_OUT(na) (fail) : [pa] "m" (pa) : "memory");
	return fail ? -EIO : 0;
}

static void axas_vmxoff(void)
{
	asm volatile("vmxoff" ::: "cc", "memory");
}

static int axas_vmclear(u64 pa)
{
	bool fail;

	asm volatile("vmclear %[pa]" CC_SET(na)
		     : CC_OUT(na) (fail) : [pa] "m" (pa) : "memory");
	return fail ? -EIO : 0;
}

static int axas_vmptrld(u64 pa)
{
	bool fail;

	asm volatile("vmptrld %[pa]" CC_SET(na)
		     : CC_OUT(na) (fail) : [pa] "m" (pa) : "memory");
	return fail ? -EIO : 0;
}

static u64 axas_vmread(unsigned long field)
{
	u64 val;

	asm volatile("vmread %[f], %[v]"
		     : [v] "=rm" (val) : [f] "r" (field) : "cc");
	return val;
}

/*
 * VMWRITEs of one VMCS: the first failure is remembered (the field that
 * failed), so that a sequence of writes is checked once.
 */
struct axas_vmcs_writer {
	unsigned long bad_field;
	bool failed;
};

static void axas_vmwrite(struct axas_vmcs_writer *w, unsigned long field,
			 u64 val)
{
	bool fail;

	asm volatile("vmwrite %[v], %[f]" CC_SET(na)
		     : CC_OUT(na) (fail) : [f] "r" (field), [v] "rm" (val)
		     : "memory");
	if (fail && !w->failed) {
		w->failed = true;
		w->bad_field = field;
	}
}

static int axas_invept(u32 type, u64 eptp)
{
	struct { u64 eptp, zero; } desc = { eptp, 0 };
	bool fail;

	asm volatile("invept %[d], %[t]" CC_SET(na)
		     : CC_OUT(na) (fail)
		     : [t] "r" ((unsigned long)type), [d] "m" (desc)
		     : "memory");
	return fail ? -EIO : 0;
}

static int axas_invvpid(u32 type, u16 vpid)
{
	struct { u64 vpid, gla; } desc = { vpid, 0 };
	bool fail;

	asm volatile("invvpid %[d], %[t]" CC_SET(na)
		     : CC_OUT(na) (fail)
		     : [t] "r" ((unsigned long)type), [d] "m" (desc)
		     : "memory");
	return fail ? -EIO : 0;
}

/* --- checks and capabilities at load ------------------------------------- */

/*
 * Per CPU: IA32_FEATURE_CONTROL must allow VMXON outside SMX; when the
 * firmware left it unlocked, set that bit and lock it (as the kernel does
 * at boot with CONFIG_X86_FEATURE_CONTROL).  CR4.VMXE set means another
 * hypervisor is in VMX operation there.
 */
static void axas_vmx_check_cpu(void *arg)
{
	atomic_t *bad = arg;
	u64 fc;

	if (__read_cr4() & X86_CR4_VMXE) {
		atomic_or(1, bad);
		return;
	}
	if (rdmsrl_safe(MSR_IA32_FEAT_CTL, &fc)) {
		atomic_or(2, bad);
		return;
	}
	if (!(fc & FEAT_CTL_LOCKED)) {
		fc |= FEAT_CTL_LOCKED | FEAT_CTL_VMX_ENABLED_OUTSIDE_SMX;
		if (wrmsrl_safe(MSR_IA32_FEAT_CTL, fc))
			atomic_or(2, bad);
		return;
	}
	if (!(fc & FEAT_CTL_VMX_ENABLED_OUTSIDE_SMX))
		atomic_or(2, bad);
}

/*
 * A control word: the @want bits must be allowed, @optional ones are
 * taken where allowed, and the bits the CPU requires are added.
 */
static int axas_vmx_ctl(u32 msr, u32 want, u32 optional, u32 *out)
{
	u64 cap;
	u32 must, may;

	if (rdmsrl_safe(msr, &cap))
		return -ENODEV;
	must = lower_32_bits(cap);
	may = upper_32_bits(cap);
	if (want & ~may)
		return -ENODEV;
	*out = (want | (optional & may) | must) & may;
	return 0;
}

/* The true-controls MSR when IA32_VMX_BASIC says the CPU has them. */
static u32 axas_vmx_ctl_msr(u32 msr, u32 true_msr)
{
	return axas_vmx.basic & AXAS_BASIC_TRUE_CTLS ? true_msr : msr;
}

static int axas_vmx_read_controls(void)
{
	struct axas_vmx_caps *c = &axas_vmx;
	int ret;

	ret = axas_vmx_ctl(axas_vmx_ctl_msr(MSR_IA32_VMX_PINBASED_CTLS,
					    MSR_IA32_VMX_TRUE_PINBASED_CTLS),
			   PIN_BASED_EXT_INTR_MASK | PIN_BASED_NMI_EXITING,
			   PIN_BASED_VMX_PREEMPTION_TIMER, &c->pin);
	if (ret)
		return ret;
	ret = axas_vmx_ctl(axas_vmx_ctl_msr(MSR_IA32_VMX_PROCBASED_CTLS,
					    MSR_IA32_VMX_TRUE_PROCBASED_CTLS),
			   CPU_BASED_HLT_EXITING | CPU_BASED_UNCOND_IO_EXITING |
			   CPU_BASED_ACTIVATE_SECONDARY_CONTROLS,
			   CPU_BASED_MWAIT_EXITING | CPU_BASED_MONITOR_EXITING,
			   &c->proc);
	if (ret)
		return ret;
	ret = axas_vmx_ctl(MSR_IA32_VMX_PROCBASED_CTLS2,
			   SECONDARY_EXEC_ENABLE_EPT,
			   SECONDARY_EXEC_ENABLE_VPID |
			   SECONDARY_EXEC_WBINVD_EXITING, &c->proc2);
	if (ret)
		return ret;
	ret = axas_vmx_ctl(axas_vmx_ctl_msr(MSR_IA32_VMX_EXIT_CTLS,
					    MSR_IA32_VMX_TRUE_EXIT_CTLS),
			   VM_EXIT_HOST_ADDR_SPACE_SIZE,
			   VM_EXIT_LOAD_IA32_PAT | VM_EXIT_LOAD_IA32_EFER,
			   &c->exit);
	if (ret)
		return ret;
	/* a guest PAT or EFER only with the exit loading the host's back */
	ret = axas_vmx_ctl(axas_vmx_ctl_msr(MSR_IA32_VMX_ENTRY_CTLS,
					    MSR_IA32_VMX_TRUE_ENTRY_CTLS),
			   VM_ENTRY_IA32E_MODE,
			   (c->exit & VM_EXIT_LOAD_IA32_PAT ?
			    VM_ENTRY_LOAD_IA32_PAT : 0) |
			   (c->exit & VM_EXIT_LOAD_IA32_EFER ?
			    VM_ENTRY_LOAD_IA32_EFER : 0), &c->entry);
	return ret;
}

/* The INVEPT and INVVPID types of a flush; -ENODEV without INVEPT. */
static int axas_vmx_read_flush_types(void)
{
	struct axas_vmx_caps *c = &axas_vmx;
	u64 cap = c->ept_vpid;

	if (!(cap & VMX_EPT_INVEPT_BIT))
		return -ENODEV;
	if (cap & VMX_EPT_EXTENT_CONTEXT_BIT)
		c->invept = VMX_EPT_EXTENT_CONTEXT;
	else if (cap & VMX_EPT_EXTENT_GLOBAL_BIT)
		c->invept = VMX_EPT_EXTENT_GLOBAL;
	else
		return -ENODEV;

	/* VPIDs only where stale ones can be invalidated */
	c->invvpid = 0;
	if ((c->proc2 & SECONDARY_EXEC_ENABLE_VPID) &&
	    (cap >> 32 & VMX_VPID_INVVPID_BIT)) {
		if (cap >> 32 & VMX_VPID_EXTENT_SINGLE_CONTEXT_BIT)
			c->invvpid = VMX_VPID_EXTENT_SINGLE_CONTEXT;
		else if (cap >> 32 & VMX_VPID_EXTENT_GLOBAL_CONTEXT_BIT)
			c->invvpid = VMX_VPID_EXTENT_ALL_CONTEXT;
	}
	if (!c->invvpid)
		c->proc2 &= ~SECONDARY_EXEC_ENABLE_VPID;
	return 0;
}

/* Preemption-timer ticks of AXAS_ENTRY_NS: TSC cycles >> the MISC rate. */
static void axas_vmx_read_timer(void)
{
	struct axas_vmx_caps *c = &axas_vmx;
	u64 misc, ticks;

	c->timer = 0;
	if (!(c->pin & PIN_BASED_VMX_PREEMPTION_TIMER))
		return;
	if (rdmsrl_safe(MSR_IA32_VMX_MISC, &misc) || !tsc_khz) {
		c->pin &= ~PIN_BASED_VMX_PREEMPTION_TIMER;
		return;
	}
	ticks = (u64)tsc_khz * (AXAS_ENTRY_NS / NSEC_PER_USEC) / USEC_PER_MSEC;
	ticks >>= FIELD_GET(AXAS_MISC_TIMER_RATE, misc);
	c->timer = clamp_val(ticks, 1, U32_MAX);
}

static int axas_vmx_read_caps(void)
{
	struct axas_vmx_caps *c = &axas_vmx;
	u64 proc2_cap;
	int ret;

	if (rdmsrl_safe(MSR_IA32_VMX_BASIC, &c->basic))
		return -ENODEV;
	/* a VMCS in one page, written back, anywhere in memory */
	if (FIELD_GET(AXAS_BASIC_SIZE, c->basic) > PAGE_SIZE ||
	    FIELD_GET(AXAS_BASIC_MEMTYPE, c->basic) != AXAS_MEMTYPE_WB ||
	    (c->basic & AXAS_BASIC_PHYS32))
		return -ENODEV;
	ret = axas_vmx_read_controls();
	if (ret)
		return ret;
	if (rdmsrl_safe(MSR_IA32_VMX_EPT_VPID_CAP, &c->ept_vpid) ||
	    rdmsrl_safe(MSR_IA32_VMX_PROCBASED_CTLS2, &proc2_cap) ||
	    rdmsrl_safe(MSR_IA32_VMX_CR0_FIXED0, &c->cr0_fixed0) ||
	    rdmsrl_safe(MSR_IA32_VMX_CR0_FIXED1, &c->cr0_fixed1) ||
	    rdmsrl_safe(MSR_IA32_VMX_CR4_FIXED0, &c->cr4_fixed0) ||
	    rdmsrl_safe(MSR_IA32_VMX_CR4_FIXED1, &c->cr4_fixed1))
		return -ENODEV;
	if (!(c->ept_vpid & VMX_EPT_PAGE_WALK_4_BIT) ||
	    !(c->ept_vpid & (AXAS_EPT_CAP_WB | AXAS_EPT_CAP_UC)))
		return -ENODEV;
	ret = axas_vmx_read_flush_types();
	if (ret)
		return ret;
	axas_vmx_read_timer();

	axas_vmx_info = (struct axas_testvm_info){
		.backend = AXAS_TESTVM_VMX,
		.format = AXAS_FMT_EPT4,
		.formats = BIT(AXAS_FMT_EPT4),
		.npf_exit_code = EXIT_REASON_EPT_VIOLATION,
		.ept_vpid_cap = c->ept_vpid,
		.vmx_basic = c->basic,
		.procbased2 = upper_32_bits(proc2_cap),
	};
	if (c->ept_vpid & VMX_EPT_PAGE_WALK_5_BIT)
		axas_vmx_info.formats |= BIT(AXAS_FMT_EPT5);
	if (c->ept_vpid & VMX_EPT_AD_BIT)
		axas_vmx_info.flags |= AXAS_TESTVM_INFO_HW_AD;
	if (c->invept == VMX_EPT_EXTENT_CONTEXT)
		axas_vmx_info.flags |= AXAS_TESTVM_INFO_FLUSH_SPACE;
	axas_vmx_info.hw_root_flags = (c->ept_vpid & AXAS_EPT_CAP_WB ?
				       AXAS_EPTP_MT_WB : AXAS_EPTP_MT_UC) |
				      3 << AXAS_EPTP_WALK_SHIFT |
				      (c->ept_vpid & VMX_EPT_AD_BIT ?
				       AXAS_EPTP_AD : 0);
	return 0;
}

/* The revision identifier that starts a VMXON region and a VMCS. */
static u32 axas_vmx_revision(void)
{
	return FIELD_GET(AXAS_BASIC_REVISION, axas_vmx.basic);
}

static void axas_vmx_exit(void)
{
	unsigned int cpu;

	if (!axas_vmxon_pages)
		return;
	for_each_possible_cpu(cpu)
		if (axas_vmxon_pages[cpu])
			__free_page(axas_vmxon_pages[cpu]);
	kfree(axas_vmxon_pages);
	axas_vmxon_pages = NULL;
}

/*
 * Checks that this machine can run guests on EPT spaces and allocates
 * the VMXON regions: 0; -ENODEV without VMX, EPT, a 4-level walk, INVEPT
 * or with VMX disabled by the firmware; -EBUSY when another hypervisor
 * (kvm_intel) is in VMX operation on a CPU; -ENOMEM.
 */
static int axas_vmx_init(void)
{
	atomic_t bad = ATOMIC_INIT(0);
	unsigned int cpu;
	int ret;

	if (!boot_cpu_has(X86_FEATURE_VMX))
		return -ENODEV;
	on_each_cpu(axas_vmx_check_cpu, &bad, 1);
	if (atomic_read(&bad) & 1)
		return -EBUSY;
	if (atomic_read(&bad))
		return -ENODEV;
	ret = axas_vmx_read_caps();
	if (ret)
		return ret;

	axas_vmxon_pages = kcalloc(nr_cpu_ids, sizeof(*axas_vmxon_pages),
				   GFP_KERNEL);
	if (!axas_vmxon_pages)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		struct page *p = alloc_pages_node(cpu_to_node(cpu),
						  GFP_KERNEL | __GFP_ZERO, 0);

		if (!p) {
			axas_vmx_exit();
			return -ENOMEM;
		}
		*(u32 *)page_address(p) = axas_vmx_revision();
		axas_vmxon_pages[cpu] = p;
	}
	return 0;
}

/* --- spaces and vCPUs ------------------------------------------------------ */

/*
 * The EPTP of a space: its root with the walk length of its format (one
 * the CPU walks), write-back tables where the CPU allows it (else UC),
 * and A/D flags on only when the CPU has them.
 */
static int axas_vmx_hw_root(const struct axas_space_layout *l, u64 *root)
{
	u64 cap = axas_vmx.ept_vpid, eptp;

	if (l->format >= 32 || !(axas_vmx_info.formats & BIT(l->format)))
		return -EINVAL;
	eptp = l->hw_root & ~AXAS_EPTP_FLAGS;
	eptp |= (u64)(l->levels - 1) << AXAS_EPTP_WALK_SHIFT;
	eptp |= cap & AXAS_EPT_CAP_WB ? AXAS_EPTP_MT_WB : AXAS_EPTP_MT_UC;
	if (cap & VMX_EPT_AD_BIT)
		eptp |= AXAS_EPTP_AD;
	*root = eptp;
	return 0;
}

static int axas_vmx_vcpu_init(struct axas_vcpu *v)
{
	struct axas_vmx_vcpu *x = kzalloc(sizeof(*x), GFP_KERNEL_ACCOUNT);
	int ret;

	if (!x)
		return -ENOMEM;
	ret = axas_frame_alloc_zero(axas_module_hal(), &x->vmcs_frame);
	if (ret) {
		kfree(x);
		return ret;
	}
	*(u32 *)axas_frame_as_mut_ptr(&x->vmcs_frame) =
		axas_vmx_revision();
	v->priv = x;
	return 0;
}

static void axas_vmx_vcpu_free(struct axas_vcpu *v)
{
	struct axas_vmx_vcpu *x = v->priv;

	axas_frame_release(&x->vmcs_frame);
	kfree(x);
}

/* Only remembered here: the VMCS is written by the first entry. */
static void axas_vmx_setup(struct axas_vcpu *v, const struct axas_guest *g)
{
	struct axas_vmx_vcpu *x = v->priv;
	const struct axas_testvm_regs *r = g->regs;

	x->gprs = (struct axas_vmx_gprs){
		.rax = r->rax, .rbx = r->rbx, .rcx = r->rcx, .rdx = r->rdx,
		.rsi = r->rsi, .rdi = r->rdi, .rbp = r->rbp, .r8 = r->r8,
		.r9 = r->r9, .r10 = r->r10, .r11 = r->r11, .r12 = r->r12,
		.r13 = r->r13, .r14 = r->r14, .r15 = r->r15,
	};
	x->rip = r->rip;
	x->rsp = r->rsp;
	/* IF: see the top of this file */
	x->rflags = (r->rflags ?: X86_EFLAGS_FIXED) | X86_EFLAGS_FIXED |
		    X86_EFLAGS_IF;
	x->cr3 = g->cr3;
	x->eptp = g->hw_root;
	x->fresh = true;
}

static void axas_vmx_guest_seg(struct axas_vmcs_writer *w, unsigned int n,
			       u16 sel, u32 ar)
{
	/* the GUEST_ES..GUEST_GS field groups are 2 encodings apart */
	axas_vmwrite(w, GUEST_ES_SELECTOR + 2 * n, sel);
	axas_vmwrite(w, GUEST_ES_BASE + 2 * n, 0);
	axas_vmwrite(w, GUEST_ES_LIMIT + 2 * n, 0xffffffff);
	axas_vmwrite(w, GUEST_ES_AR_BYTES + 2 * n, ar);
}

/*
 * The controls and guest state of a fresh run: 64-bit mode at CPL 0 with
 * paging on (CR0 PE PG, CR4 PAE, EFER LME LMA), flat segments, EPT on
 * @x->eptp with VPID 1, HLT, every exception, port, MSR access and
 * external interrupt exiting.  CR0 and CR4 are owned by the host (every
 * write exits); the guest reads its shadows, which hide CR4.VMXE that VMX
 * requires.  CR0.TS keeps the guest off the host's FPU registers.
 */
static void axas_vmx_write_guest(struct axas_vmcs_writer *w,
				 const struct axas_vmx_vcpu *x)
{
	const struct axas_vmx_caps *c = &axas_vmx;
	u64 cr0 = X86_CR0_PE | X86_CR0_MP | X86_CR0_ET | X86_CR0_TS |
		  X86_CR0_NE | X86_CR0_WP | X86_CR0_PG;
	u64 cr4 = X86_CR4_PAE;
	unsigned int n;

	axas_vmwrite(w, PIN_BASED_VM_EXEC_CONTROL, c->pin);
	axas_vmwrite(w, CPU_BASED_VM_EXEC_CONTROL, c->proc);
	axas_vmwrite(w, SECONDARY_VM_EXEC_CONTROL, c->proc2);
	axas_vmwrite(w, VM_EXIT_CONTROLS, c->exit);
	axas_vmwrite(w, VM_ENTRY_CONTROLS, c->entry);
	axas_vmwrite(w, EXCEPTION_BITMAP, 0xffffffff);
	axas_vmwrite(w, PAGE_FAULT_ERROR_CODE_MASK, 0);
	axas_vmwrite(w, PAGE_FAULT_ERROR_CODE_MATCH, 0);
	axas_vmwrite(w, CR3_TARGET_COUNT, 0);
	axas_vmwrite(w, VM_EXIT_MSR_STORE_COUNT, 0);
	axas_vmwrite(w, VM_EXIT_MSR_LOAD_COUNT, 0);
	axas_vmwrite(w, VM_ENTRY_MSR_LOAD_COUNT, 0);
	axas_vmwrite(w, VM_ENTRY_INTR_INFO_FIELD, 0);
	axas_vmwrite(w, TSC_OFFSET, 0);
	axas_vmwrite(w, EPT_POINTER, x->eptp);
	if (c->proc2 & SECONDARY_EXEC_ENABLE_VPID)
		axas_vmwrite(w, VIRTUAL_PROCESSOR_ID, AXAS_GUEST_VPID);
	axas_vmwrite(w, VMCS_LINK_POINTER, ~0ULL);

	axas_vmwrite(w, CR0_GUEST_HOST_MASK, ~0UL);
	axas_vmwrite(w, CR4_GUEST_HOST_MASK, ~0UL);
	axas_vmwrite(w, CR0_READ_SHADOW, cr0);
	axas_vmwrite(w, CR4_READ_SHADOW, cr4);
	cr0 = (cr0 | c->cr0_fixed0) & c->cr0_fixed1;
	cr4 = (cr4 | c->cr4_fixed0) & c->cr4_fixed1;
	axas_vmwrite(w, GUEST_CR0, cr0);
	axas_vmwrite(w, GUEST_CR3, x->cr3);
	axas_vmwrite(w, GUEST_CR4, cr4);
	axas_vmwrite(w, GUEST_DR7, AXAS_GUEST_DR7);
	axas_vmwrite(w, GUEST_IA32_DEBUGCTL, 0);
	if (c->entry & VM_ENTRY_LOAD_IA32_EFER)
		axas_vmwrite(w, GUEST_IA32_EFER, EFER_LME | EFER_LMA);
	if (c->entry & VM_ENTRY_LOAD_IA32_PAT)
		axas_vmwrite(w, GUEST_IA32_PAT, AXAS_GUEST_PAT);
	axas_vmwrite(w, GUEST_SYSENTER_CS, 0);
	axas_vmwrite(w, GUEST_SYSENTER_ESP, 0);
	axas_vmwrite(w, GUEST_SYSENTER_EIP, 0);

	/* ES CS SS DS FS GS, in the order of their encodings */
	for (n = 0; n < 6; n++) {
		if (n == 1)
			axas_vmx_guest_seg(w, n, 0x08, AXAS_AR_CODE64);
		else if (n < 4)
			axas_vmx_guest_seg(w, n, 0x10, AXAS_AR_DATA);
		else
			axas_vmx_guest_seg(w, n, 0, AXAS_AR_UNUSABLE);
	}
	axas_vmwrite(w, GUEST_LDTR_SELECTOR, 0);
	axas_vmwrite(w, GUEST_LDTR_BASE, 0);
	axas_vmwrite(w, GUEST_LDTR_LIMIT, 0);
	axas_vmwrite(w, GUEST_LDTR_AR_BYTES, AXAS_AR_UNUSABLE);
	axas_vmwrite(w, GUEST_TR_SELECTOR, 0x18);
	axas_vmwrite(w, GUEST_TR_BASE, 0);
	axas_vmwrite(w, GUEST_TR_LIMIT, 0x67);
	axas_vmwrite(w, GUEST_TR_AR_BYTES, AXAS_AR_TSS);
	axas_vmwrite(w, GUEST_GDTR_BASE, 0);
	axas_vmwrite(w, GUEST_GDTR_LIMIT, 0);
	axas_vmwrite(w, GUEST_IDTR_BASE, 0);
	axas_vmwrite(w, GUEST_IDTR_LIMIT, 0);

	axas_vmwrite(w, GUEST_INTERRUPTIBILITY_INFO, 0);
	axas_vmwrite(w, GUEST_ACTIVITY_STATE, GUEST_ACTIVITY_ACTIVE);
	axas_vmwrite(w, GUEST_PENDING_DBG_EXCEPTIONS, 0);
}

/*
 * The host state of this CPU, restored by the exit: the current control
 * registers, kernel CS and SS, null data segments (their bases from the
 * MSRs), this CPU's TSS, GDT and IDT, the SYSENTER MSRs, PAT and EFER.
 */
static void axas_vmx_write_host(struct axas_vmcs_writer *w,
				const struct desc_ptr *gdt,
				const struct desc_ptr *idt)
{
	const struct ldttss_desc *tss =
		(const void *)(gdt->address + GDT_ENTRY_TSS * 8);
	u64 tr_base = tss->base0 | (u64)tss->base1 << 16 |
		      (u64)tss->base2 << 24 | (u64)tss->base3 << 32;
	u64 msr;

	axas_vmwrite(w, HOST_CR0, read_cr0());
	axas_vmwrite(w, HOST_CR3, __read_cr3());
	axas_vmwrite(w, HOST_CR4, __read_cr4());
	axas_vmwrite(w, HOST_CS_SELECTOR, __KERNEL_CS);
	axas_vmwrite(w, HOST_SS_SELECTOR, __KERNEL_DS);
	axas_vmwrite(w, HOST_DS_SELECTOR, 0);
	axas_vmwrite(w, HOST_ES_SELECTOR, 0);
	axas_vmwrite(w, HOST_FS_SELECTOR, 0);
	axas_vmwrite(w, HOST_GS_SELECTOR, 0);
	axas_vmwrite(w, HOST_TR_SELECTOR, GDT_ENTRY_TSS * 8);
	rdmsrl(MSR_FS_BASE, msr);
	axas_vmwrite(w, HOST_FS_BASE, msr);
	rdmsrl(MSR_GS_BASE, msr);
	axas_vmwrite(w, HOST_GS_BASE, msr);
	axas_vmwrite(w, HOST_TR_BASE, tr_base);
	axas_vmwrite(w, HOST_GDTR_BASE, gdt->address);
	axas_vmwrite(w, HOST_IDTR_BASE, idt->address);
	rdmsrl(MSR_IA32_SYSENTER_CS, msr);
	axas_vmwrite(w, HOST_IA32_SYSENTER_CS, msr);
	rdmsrl(MSR_IA32_SYSENTER_ESP, msr);
	axas_vmwrite(w, HOST_IA32_SYSENTER_ESP, msr);
	rdmsrl(MSR_IA32_SYSENTER_EIP, msr);
	axas_vmwrite(w, HOST_IA32_SYSENTER_EIP, msr);
	if (axas_vmx.exit & VM_EXIT_LOAD_IA32_PAT) {
		rdmsrl(MSR_IA32_CR_PAT, msr);
		axas_vmwrite(w, HOST_IA32_PAT, msr);
	}
	if (axas_vmx.exit & VM_EXIT_LOAD_IA32_EFER) {
		rdmsrl(MSR_EFER, msr);
		axas_vmwrite(w, HOST_IA32_EFER, msr);
	}
}

#define AXAS_VGPR(r)	offsetof(struct axas_vmx_gprs, r)

/*
 * VMLAUNCH with the guest's registers from @g, which get the guest's
 * values at the exit back.  HOST_RSP and HOST_RIP are written here, where
 * the stack pointer is known: the exit lands on the instruction after
 * VMLAUNCH with that stack, which is also where a failed VMLAUNCH falls
 * through.  An exit clears every arithmetic flag, a failure sets CF or ZF:
 * @g->failed tells the two apart.
 */
static noinline void axas_vmx_launch(struct axas_vmx_gprs *g)
{
	asm volatile("push %%rbp\n\t"
		     "push %%rdi\n\t"
		     "mov %[host_rsp], %%rax\n\t"
		     "vmwrite %%rsp, %%rax\n\t"
		     "lea 1f(%%rip), %%rbx\n\t"
		     "mov %[host_rip], %%rax\n\t"
		     "vmwrite %%rbx, %%rax\n\t"
		     "mov %c[rax](%%rdi), %%rax\n\t"
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
		     "vmlaunch\n\t"
		     "1:\n\t"
		     "push %%rdi\n\t"
		     "mov 8(%%rsp), %%rdi\n\t"
		     "mov %%rax, %c[rax](%%rdi)\n\t"
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
		     "setbe %c[failed](%%rdi)\n\t"
		     "add $8, %%rsp\n\t"
		     "pop %%rbp\n\t"
		     : "+D" (g)
		     : [host_rsp] "i" (HOST_RSP), [host_rip] "i" (HOST_RIP),
		       [rax] "i" (AXAS_VGPR(rax)), [rbx] "i" (AXAS_VGPR(rbx)),
		       [rcx] "i" (AXAS_VGPR(rcx)), [rdx] "i" (AXAS_VGPR(rdx)),
		       [rsi] "i" (AXAS_VGPR(rsi)), [rdi] "i" (AXAS_VGPR(rdi)),
		       [rbp] "i" (AXAS_VGPR(rbp)), [r8] "i" (AXAS_VGPR(r8)),
		       [r9] "i" (AXAS_VGPR(r9)), [r10] "i" (AXAS_VGPR(r10)),
		       [r11] "i" (AXAS_VGPR(r11)), [r12] "i" (AXAS_VGPR(r12)),
		       [r13] "i" (AXAS_VGPR(r13)), [r14] "i" (AXAS_VGPR(r14)),
		       [r15] "i" (AXAS_VGPR(r15)),
		       [failed] "i" (AXAS_VGPR(failed))
		     : "rax", "rbx", "rcx", "rdx", "rsi", "r8", "r9", "r10",
		       "r11", "r12", "r13", "r14", "r15", "cc", "memory");
}

static u32 axas_ept_access(u64 qual)
{
	if (qual & AXAS_EPT_QUAL_FETCH)
		return AXAS_MAP_EXECUTE;
	if (qual & AXAS_EPT_QUAL_WRITE)
		return AXAS_MAP_WRITE;
	return AXAS_MAP_READ;
}

/* The exit of the VMCS loaded on this CPU, and the guest state after it. */
static void axas_vmx_decode(struct axas_vmcs_writer *w,
			    struct axas_vmx_vcpu *x, struct axas_exit *e)
{
	u64 reason = axas_vmread(VM_EXIT_REASON);
	u32 intr;

	*e = (struct axas_exit){
		.code = reason,
		.info1 = axas_vmread(EXIT_QUALIFICATION),
		.info2 = axas_vmread(GUEST_PHYSICAL_ADDRESS),
		.kind = AXAS_EXIT_OTHER,
	};
	x->rip = axas_vmread(GUEST_RIP);
	x->rsp = axas_vmread(GUEST_RSP);
	x->rflags = axas_vmread(GUEST_RFLAGS);
	if (reason & VMX_EXIT_REASONS_FAILED_VMENTRY)
		return;

	switch (reason) {
	case EXIT_REASON_EXTERNAL_INTERRUPT:
		/* still pending: taken once interrupts are on again */
	case EXIT_REASON_PREEMPTION_TIMER:
		e->kind = AXAS_EXIT_RESUME;
		break;
	case EXIT_REASON_EXCEPTION_NMI:
		intr = axas_vmread(VM_EXIT_INTR_INFO);
		if ((intr & INTR_INFO_VALID_MASK) &&
		    (intr & INTR_INFO_INTR_TYPE_MASK) == INTR_TYPE_NMI_INTR) {
			/* the host's NMI: hand it to the host's handler */
			asm volatile("int $2");
			e->kind = AXAS_EXIT_RESUME;
		}
		break;
	case EXIT_REASON_HLT:
		x->rip += axas_vmread(VM_EXIT_INSTRUCTION_LEN);
		axas_vmwrite(w, GUEST_RIP, x->rip);
		e->kind = AXAS_EXIT_HLT;
		break;
	case EXIT_REASON_EPT_VIOLATION:
		e->kind = AXAS_EXIT_NPF;
		e->gpa = e->info2;
		e->access = axas_ept_access(e->info1);
		break;
	case EXIT_REASON_EPT_MISCONFIG:
		e->kind = AXAS_EXIT_MISCONFIG;
		e->gpa = e->info2;
		break;
	}
}

/**
 * struct axas_vmx_host - host state a VM exit does not restore
 * @gdt: GDTR (the exit sets its limit to 0xffff)
 * @idt: IDTR (likewise)
 * @debugctl: IA32_DEBUGCTL (the exit clears it)
 * @fs_base: FS base, when @fs_sel is not 0 (the exit loads selector 0)
 * @kernel_gs_base: the inactive GS base, when @gs_sel is not 0
 * @ds_sel: DS
 * @es_sel: ES
 * @fs_sel: FS
 * @gs_sel: GS
 */
struct axas_vmx_host {
	struct desc_ptr gdt, idt;
	u64 debugctl, fs_base, kernel_gs_base;
	u16 ds_sel, es_sel, fs_sel, gs_sel;
};

static void axas_vmx_save_host(struct axas_vmx_host *h)
{
	native_store_gdt(&h->gdt);
	store_idt(&h->idt);
	savesegment(ds, h->ds_sel);
	savesegment(es, h->es_sel);
	savesegment(fs, h->fs_sel);
	savesegment(gs, h->gs_sel);
	rdmsrl(MSR_FS_BASE, h->fs_base);
	rdmsrl(MSR_KERNEL_GS_BASE, h->kernel_gs_base);
	if (rdmsrl_safe(MSR_IA32_DEBUGCTLMSR, &h->debugctl))
		h->debugctl = 0;
}

static void axas_vmx_restore_host(const struct axas_vmx_host *h,
				  bool breakpoints)
{
	native_load_gdt(&h->gdt);
	load_idt(&h->idt);
	/* TR's limit is now 0x67: the kernel reloads it if a task needs it */
	invalidate_tss_limit();
	if (h->ds_sel)
		loadsegment(ds, h->ds_sel);
	if (h->es_sel)
		loadsegment(es, h->es_sel);
	if (h->fs_sel) {
		loadsegment(fs, h->fs_sel);
		wrmsrl(MSR_FS_BASE, h->fs_base);
	}
	if (h->gs_sel) {
		load_gs_index(h->gs_sel);
		wrmsrl(MSR_KERNEL_GS_BASE, h->kernel_gs_base);
	}
	if (h->debugctl)
		wrmsrl(MSR_IA32_DEBUGCTLMSR, h->debugctl);
	/* the exit loaded DR7 with its reset value */
	if (breakpoints)
		hw_breakpoint_restore();
}

/* The flush of a consumer: the space's EPT translations, then the VPID's. */
static int axas_vmx_flush(const struct axas_vmx_vcpu *x)
{
	int ret;

	ret = axas_invept(axas_vmx.invept, x->eptp);
	if (ret || !axas_vmx.invvpid)
		return ret;
	return axas_invvpid(axas_vmx.invvpid, AXAS_GUEST_VPID);
}

/* In VMX operation with the VMCS of @x current: write it, enter, decode. */
static int axas_vmx_run_vmcs(struct axas_vmx_vcpu *x, bool flush,
			     const struct axas_vmx_host *h,
			     struct axas_exit *e)
{
	struct axas_vmcs_writer w = { 0 };
	int ret;

	if (x->fresh)
		axas_vmx_write_guest(&w, x);
	axas_vmx_write_host(&w, &h->gdt, &h->idt);
	axas_vmwrite(&w, GUEST_RIP, x->rip);
	axas_vmwrite(&w, GUEST_RSP, x->rsp);
	axas_vmwrite(&w, GUEST_RFLAGS, x->rflags);
	if (axas_vmx.timer)
		axas_vmwrite(&w, VMX_PREEMPTION_TIMER_VALUE, axas_vmx.timer);
	if (w.failed) {
		pr_err("axaddrspace_testvm: VMWRITE of field %#lx failed\n",
		       w.bad_field);
		return -EIO;
	}
	x->fresh = false;
	if (flush) {
		ret = axas_vmx_flush(x);
		if (ret) {
			pr_err("axaddrspace_testvm: INVEPT/INVVPID failed\n");
			return ret;
		}
	}

	axas_vmx_launch(&x->gprs);
	if (x->gprs.failed) {
		/* no exit: VM-instruction error, guest state unchanged */
		*e = (struct axas_exit){
			.kind = AXAS_EXIT_OTHER, .code = ~0ULL,
			.info1 = axas_vmread(VM_INSTRUCTION_ERROR),
		};
		return 0;
	}
	axas_vmx_decode(&w, x, e);
	return 0;
}

static int axas_vmx_enter(struct axas_vcpu *v, bool flush, struct axas_exit *e)
{
	struct axas_vmx_vcpu *x = v->priv;
	u64 vmcs_pa = axas_hpa_val(axas_frame_start_paddr(&x->vmcs_frame));
	u64 vmxon_pa = page_to_phys(axas_vmxon_pages[smp_processor_id()]);
	bool breakpoints = hw_breakpoint_active();
	struct axas_vmx_host h;
	int ret;

	lockdep_assert_irqs_disabled();
	if (__read_cr4() & X86_CR4_VMXE)
		return -EBUSY;	/* someone else's VMX operation */
	axas_vmx_save_host(&h);
	cr4_set_bits_irqsoff(X86_CR4_VMXE);
	ret = axas_vmxon(vmxon_pa);
	if (ret)
		goto out_cr4;
	ret = axas_vmclear(vmcs_pa);
	if (!ret)
		ret = axas_vmptrld(vmcs_pa);
	if (!ret)
		ret = axas_vmx_run_vmcs(x, flush, &h, e);
	/* the VMCS back to memory, so that any CPU can launch it next */
	axas_vmclear(vmcs_pa);
	axas_vmxoff();
	axas_vmx_restore_host(&h, breakpoints);
out_cr4:
	cr4_clear_bits_irqsoff(X86_CR4_VMXE);
	if (ret)
		pr_err("axaddrspace_testvm: VMX operation failed (%d)\n", ret);
	return ret;
}

static void axas_vmx_get_regs(struct axas_vcpu *v, struct axas_testvm_regs *r)
{
	const struct axas_vmx_vcpu *x = v->priv;
	const struct axas_vmx_gprs *g = &x->gprs;

	*r = (struct axas_testvm_regs){
		.rax = g->rax, .rbx = g->rbx, .rcx = g->rcx, .rdx = g->rdx,
		.rsi = g->rsi, .rdi = g->rdi, .rbp = g->rbp, .rsp = x->rsp,
		.r8 = g->r8, .r9 = g->r9, .r10 = g->r10, .r11 = g->r11,
		.r12 = g->r12, .r13 = g->r13, .r14 = g->r14, .r15 = g->r15,
		.rip = x->rip, .rflags = x->rflags,
	};
}

const struct axas_backend_ops axas_vmx_ops = {
	.name = "Intel VMX, EPT",
	.info = &axas_vmx_info,
	.init = axas_vmx_init,
	.exit = axas_vmx_exit,
	.hw_root = axas_vmx_hw_root,
	.guest_pt = axas_guest_pt_write,
	.vcpu_init = axas_vmx_vcpu_init,
	.vcpu_free = axas_vmx_vcpu_free,
	.setup = axas_vmx_setup,
	.enter = axas_vmx_enter,
	.get_regs = axas_vmx_get_regs,
};
