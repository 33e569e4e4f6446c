// SPDX-License-Identifier: GPL-2.0
/*
 * The RISC-V backend: guests in VS-mode over the space's G-stage tables,
 * run from the kernel in HS-mode (the hypervisor extension, as QEMU's
 * -cpu rv64,h=true has it under OpenSBI).
 *
 * A run loads hgatp with the space's root pointer, the guest's VS CSRs
 * (vsatp = 0: bare, so only the G-stage translates and the guest needs
 * no page tables), hstatus.SPV and sstatus.SPP for VS-mode, sepc, and
 * SRETs with a trap entry of its own in stvec (axas_gstage_entry.S).
 * Nothing is delegated to VS-mode (hedeleg = hideleg = 0): every trap of
 * the guest ends the entry.  Everything the switch changes is put back
 * before interrupts are on again.
 *
 * ecall from VS-mode ends a run like HLT; a guest page fault is a nested
 * page fault at htval << 2 (the GPA's bits 63:2) with stval's low bits.
 * HS-mode interrupts trap out of VS-mode whatever sstatus.SIE says, and
 * resume the guest once the host took them.
 *
 * There is no broadcast invalidation: HFENCE.GVMA is of this hart only,
 * so a flush is the x86 one (the next entry fences, a running vCPU is
 * kicked out first), and the run loop fences again whenever the vCPU
 * changed harts.
 */
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/irqflags.h>
#include <linux/lockdep.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/stddef.h>
#include <asm/cpufeature.h>
#include <asm/csr.h>
#include <asm/insn-def.h>
#include "axas_gstage.h"
#include "axas_testvm.h"

static_assert(offsetof(struct axas_gs_ctx, x) == AXAS_GS_CTX_X);
static_assert(offsetof(struct axas_gs_ctx, host_sp) == AXAS_GS_CTX_HOST_SP);
static_assert(offsetof(struct axas_gs_ctx, host_stvec) ==
	      AXAS_GS_CTX_HOST_STVEC);
static_assert(offsetof(struct axas_gs_ctx, host_sscratch) ==
	      AXAS_GS_CTX_HOST_SSCRATCH);
static_assert(sizeof(struct axas_gs_ctx) == AXAS_GS_CTX_SIZE);

#define AXAS_GS_MODE_SHIFT	60
#define AXAS_GS_VMID_SHIFT	44
#define AXAS_GS_VMID_MASK	GENMASK_ULL(57, 44)
/* The VMID of a space created with VMID 0. */
#define AXAS_GS_VMID_DEFAULT	1ULL

/* scause */
#define AXAS_GS_CAUSE_IRQ	BIT_ULL(63)
#define AXAS_GS_ECALL_VS	10
#define AXAS_GS_FETCH_GPF	20
#define AXAS_GS_LOAD_GPF	21
#define AXAS_GS_STORE_GPF	23

/**
 * struct axas_gs_vs - the VS-mode CSRs a run switches
 * @vsstatus: vsstatus
 * @vstvec: vstvec
 * @vsscratch: vsscratch
 * @vsepc: vsepc
 * @vscause: vscause
 * @vstval: vstval
 * @vsatp: vsatp (0 for the guest: bare)
 */
struct axas_gs_vs {
	u64 vsstatus, vstvec, vsscratch, vsepc, vscause, vstval, vsatp;
};

/**
 * struct axas_gs_vcpu - the per-vCPU state of the backend
 * @ctx: the guest's x1..x31 (the world switch's)
 * @vs: its VS-mode CSRs
 * @pc: where the guest resumes (sepc)
 * @hgatp: hgatp of its space (mode, VMID, root)
 */
struct axas_gs_vcpu {
	struct axas_gs_ctx ctx;
	struct axas_gs_vs vs;
	u64 pc;
	u64 hgatp;
};

static struct axas_testvm_info axas_gs_info = {
	.backend = AXAS_TESTVM_GSTAGE,
	.npf_exit_code = AXAS_GS_LOAD_GPF,
	.hw_root_flags = AXAS_GS_VMID_DEFAULT << AXAS_GS_VMID_SHIFT,
};

static u64 axas_gs_vmid_max;	/* the largest VMID the hart keeps */

static const struct {
	unsigned int mode;
	enum axas_format format;
} axas_gs_modes[] = {
	{ 8, AXAS_FMT_SV39X4 },
	{ 9, AXAS_FMT_SV48X4 },
	{ 10, AXAS_FMT_SV57X4 },
};

static void axas_gs_fence_all(void)
{
	asm volatile(HFENCE_GVMA(zero, zero) : : : "memory");
}

/*
 * hgatp is WARL: a mode the hart lacks reads back as another (0), and
 * the VMID keeps only the bits the hart implements.
 */
static int axas_gs_init(void)
{
	unsigned long flags;
	unsigned int i;
	u64 old, got;

	if (!riscv_isa_extension_available(NULL, h))
		return -ENODEV;
	local_irq_save(flags);
	old = csr_read(CSR_HGATP);
	for (i = 0; i < ARRAY_SIZE(axas_gs_modes); i++) {
		csr_write(CSR_HGATP, (u64)axas_gs_modes[i].mode <<
				     AXAS_GS_MODE_SHIFT);
		got = csr_read(CSR_HGATP) >> AXAS_GS_MODE_SHIFT;
		if (got != axas_gs_modes[i].mode)
			continue;
		axas_gs_info.formats |= 1U << axas_gs_modes[i].format;
		axas_gs_info.format = axas_gs_modes[i].format;
	}
	csr_write(CSR_HGATP, AXAS_GS_VMID_MASK);
	axas_gs_vmid_max = (csr_read(CSR_HGATP) & AXAS_GS_VMID_MASK) >>
			   AXAS_GS_VMID_SHIFT;
	csr_write(CSR_HGATP, old);
	axas_gs_fence_all();
	local_irq_restore(flags);
	if (!axas_gs_info.formats)
		return -ENODEV;
	if (riscv_isa_extension_available(NULL, SVPBMT))
		axas_gs_info.flags |= AXAS_TESTVM_INFO_PBMT;
	pr_info("axaddrspace_testvm: G-stage modes %#x (formats), VMID up to %llu, Svpbmt %s\n",
		axas_gs_info.formats, axas_gs_vmid_max,
		axas_gs_info.flags & AXAS_TESTVM_INFO_PBMT ? "yes" : "no");
	return 0;
}

static void axas_gs_exit(void)
{
}

/* hgatp of a space: its root pointer, VMID 1 for a space of VMID 0. */
static int axas_gs_hw_root(const struct axas_space_layout *l, u64 *root)
{
	u64 vmid = l->vmid;

	if (!(axas_gs_info.formats & (1U << l->format)))
		return -EINVAL;
	/* a hart without VMIDs keeps 0, and every entry fences anyway */
	if (!vmid && axas_gs_vmid_max)
		vmid = AXAS_GS_VMID_DEFAULT;
	if (vmid > axas_gs_vmid_max)
		return -EINVAL;
	*root = (l->hw_root & ~AXAS_GS_VMID_MASK) | vmid << AXAS_GS_VMID_SHIFT;
	return 0;
}

static int axas_gs_vcpu_init(struct axas_vcpu *v)
{
	struct axas_gs_vcpu *s = kzalloc(sizeof(*s), GFP_KERNEL_ACCOUNT);

	if (!s)
		return -ENOMEM;
	v->priv = s;
	return 0;
}

static void axas_gs_vcpu_free(struct axas_vcpu *v)
{
	kfree(v->priv);
}

/* A fresh run: the caller's x1..x15 and pc, VS-mode with vsatp bare. */
static void axas_gs_setup(struct axas_vcpu *v, const struct axas_guest *g)
{
	struct axas_gs_vcpu *s = v->priv;

	memset(&s->ctx, 0, sizeof(s->ctx));
	memcpy(&s->ctx.x[1], &g->regs->rv64.x[1],
	       sizeof(g->regs->rv64.x) - sizeof(u64));
	s->vs = (struct axas_gs_vs){ 0 };
	s->pc = g->regs->rv64.pc;
	s->hgatp = g->hw_root;
}

static void axas_gs_vs_save(struct axas_gs_vs *r)
{
	r->vsstatus = csr_read(CSR_VSSTATUS);
	r->vstvec = csr_read(CSR_VSTVEC);
	r->vsscratch = csr_read(CSR_VSSCRATCH);
	r->vsepc = csr_read(CSR_VSEPC);
	r->vscause = csr_read(CSR_VSCAUSE);
	r->vstval = csr_read(CSR_VSTVAL);
	r->vsatp = csr_read(CSR_VSATP);
}

static void axas_gs_vs_load(const struct axas_gs_vs *r)
{
	csr_write(CSR_VSSTATUS, r->vsstatus);
	csr_write(CSR_VSTVEC, r->vstvec);
	csr_write(CSR_VSSCRATCH, r->vsscratch);
	csr_write(CSR_VSEPC, r->vsepc);
	csr_write(CSR_VSCAUSE, r->vscause);
	csr_write(CSR_VSTVAL, r->vstval);
	csr_write(CSR_VSATP, r->vsatp);
}

/**
 * struct axas_gs_host - the host's CSRs a guest entry changes
 * @sstatus: sstatus (SPP and SPIE for the SRET)
 * @hstatus: hstatus (SPV)
 * @hgatp: hgatp
 * @hedeleg: hedeleg
 * @hideleg: hideleg
 * @vs: the VS-mode CSRs (unused by the host, kept all the same)
 */
struct axas_gs_host {
	u64 sstatus, hstatus, hgatp, hedeleg, hideleg;
	struct axas_gs_vs vs;
};

/* Decodes an exit: an interrupt, the ending ecall, a guest page fault. */
static void axas_gs_decode(struct axas_gs_vcpu *s, struct axas_exit *e,
			   u64 cause, u64 stval, u64 htval)
{
	*e = (struct axas_exit){
		.kind = AXAS_EXIT_OTHER, .code = cause, .info1 = stval,
		.info2 = htval,
	};
	if (cause & AXAS_GS_CAUSE_IRQ) {
		/* taken by the host once interrupts are on: enter again */
		e->kind = AXAS_EXIT_RESUME;
		return;
	}
	switch (cause) {
	case AXAS_GS_ECALL_VS:
		/* sepc is the ecall: resume past it, as past an HLT */
		s->pc += 4;
		e->kind = AXAS_EXIT_HLT;
		return;
	case AXAS_GS_FETCH_GPF:
	case AXAS_GS_LOAD_GPF:
	case AXAS_GS_STORE_GPF:
		e->kind = AXAS_EXIT_NPF;
		e->gpa = htval << 2 | (stval & 3);
		e->access = cause == AXAS_GS_FETCH_GPF ? AXAS_MAP_EXECUTE :
			    cause == AXAS_GS_LOAD_GPF ? AXAS_MAP_READ :
			    AXAS_MAP_WRITE;
		return;
	}
}

/*
 * One guest entry (interrupts off): host CSRs out, guest state in, fence
 * the G-stage if asked, SRET, and everything back.
 */
static int axas_gs_enter(struct axas_vcpu *v, bool flush, struct axas_exit *e)
{
	struct axas_gs_vcpu *s = v->priv;
	struct axas_gs_host h;
	u64 cause, stval, htval;

	lockdep_assert_irqs_disabled();
	h.sstatus = csr_read(CSR_SSTATUS);
	h.hstatus = csr_read(CSR_HSTATUS);
	h.hgatp = csr_read(CSR_HGATP);
	h.hedeleg = csr_read(CSR_HEDELEG);
	h.hideleg = csr_read(CSR_HIDELEG);
	axas_gs_vs_save(&h.vs);

	axas_gs_vs_load(&s->vs);
	csr_write(CSR_HEDELEG, 0);
	csr_write(CSR_HIDELEG, 0);
	csr_write(CSR_HGATP, s->hgatp);
	if (flush)
		axas_gs_fence_all();
	csr_write(CSR_HSTATUS, h.hstatus | HSTATUS_SPV);
	/* SRET to VS-mode's supervisor level, its SIE clear */
	csr_write(CSR_SSTATUS, (h.sstatus | SR_SPP) & ~SR_SPIE);
	csr_write(CSR_SEPC, s->pc);

	axas_gs_enter_guest(&s->ctx);

	cause = csr_read(CSR_SCAUSE);
	stval = csr_read(CSR_STVAL);
	htval = csr_read(CSR_HTVAL);
	s->pc = csr_read(CSR_SEPC);
	csr_write(CSR_HSTATUS, h.hstatus);
	csr_write(CSR_SSTATUS, h.sstatus);
	csr_write(CSR_HGATP, h.hgatp);
	csr_write(CSR_HEDELEG, h.hedeleg);
	csr_write(CSR_HIDELEG, h.hideleg);
	axas_gs_vs_save(&s->vs);
	axas_gs_vs_load(&h.vs);

	axas_gs_decode(s, e, cause, stval, htval);
	return 0;
}

static void axas_gs_get_regs(struct axas_vcpu *v, struct axas_testvm_regs *r)
{
	struct axas_gs_vcpu *s = v->priv;

	memcpy(r->rv64.x, s->ctx.x, sizeof(r->rv64.x));
	r->rv64.x[0] = 0;
	r->rv64.pc = s->pc;
}

static const struct axas_backend_ops axas_gs_ops = {
	.name = "RISC-V HS-mode, G-stage",
	.info = &axas_gs_info,
	.init = axas_gs_init,
	.exit = axas_gs_exit,
	.hw_root = axas_gs_hw_root,
	.vcpu_init = axas_gs_vcpu_init,
	.vcpu_free = axas_gs_vcpu_free,
	.setup = axas_gs_setup,
	.enter = axas_gs_enter,
	.get_regs = axas_gs_get_regs,
};

/**
 * axas_arch_backend() - the backend this CPU can run guests with
 *
 * Return: the G-stage backend; its init says -ENODEV without the
 * hypervisor extension.
 */
const struct axas_backend_ops *axas_arch_backend(void)
{
	return &axas_gs_ops;
}
