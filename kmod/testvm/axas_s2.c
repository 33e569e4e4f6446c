// SPDX-License-Identifier: GPL-2.0
/*
 * The arm64 backend: guests at EL1 over the space's stage 2 tables, run
 * from the kernel at EL2 with VHE (HCR_EL2.E2H = 1), as the CPUs of
 * QEMU's virt machine with virtualization=on start.
 *
 * A run switches HCR_EL2 from the host's (TGE set: EL1&0 is the host's
 * user space) to the guest's (TGE clear, VM set: EL1&0 is the guest's,
 * translated by stage 2 with VTCR_EL2/VTTBR_EL2), loads the guest's EL1
 * registers through their *_EL12 aliases, and ERETs with a vector table
 * of its own in VBAR_EL2 (axas_s2_entry.S).  Everything the switch
 * changes is put back before interrupts are on again.
 *
 * The guest's stage 1 is off (SCTLR_EL1.M = 0): its addresses are IPAs,
 * so it needs no page tables.  HVC ends a run like HLT on x86; a stage-2
 * abort is a nested page fault at the IPA of HPFAR_EL2 (its page) and
 * FAR_EL2 (the offset); physical interrupts are routed to EL2 (IMO, FMO,
 * AMO) and only resume the guest once the host took them.
 */
#include <linux/bitfield.h>
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/irqflags.h>
#include <linux/lockdep.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/stddef.h>
#include <asm/esr.h>
#include <asm/kvm_arm.h>
#include <asm/ptrace.h>
#include <asm/sysreg.h>
#include <asm/tlbflush.h>
#include <asm/virt.h>
#include "axas_s2.h"
#include "axas_testvm.h"

static_assert(offsetof(struct axas_s2_ctx, x) == AXAS_S2_CTX_X);
static_assert(offsetof(struct axas_s2_ctx, host_vbar) ==
	      AXAS_S2_CTX_HOST_VBAR);
static_assert(sizeof(struct axas_s2_ctx) == AXAS_S2_CTX_SIZE);

/* The VMID of a space created with VMID 0 (the host has none under VHE). */
#define AXAS_S2_VMID_DEFAULT	1ULL
#define AXAS_S2_VMID_SHIFT	48
#define AXAS_S2_VMID_MASK	GENMASK_ULL(63, 48)

/* EL1h, D A I F masked: what the guest starts in */
#define AXAS_S2_PSTATE_INIT	(PSR_MODE_EL1h | PSR_D_BIT | PSR_A_BIT | \
				 PSR_I_BIT | PSR_F_BIT)

/*
 * The guest's HCR_EL2: stage 2 on, EL1 AArch64, interrupts and SErrors
 * to EL2 (so that they end a guest entry), SMC trapped; E2H stays set
 * (the host's VHE), TGE clear (EL1&0 is the guest's).
 */
#define AXAS_S2_HCR_GUEST	(HCR_E2H | HCR_VM | HCR_RW | HCR_IMO | \
				 HCR_FMO | HCR_AMO | HCR_TSC)

/* Above this many pages a range flush invalidates the whole VMID. */
#define AXAS_S2_TLBI_PAGES_MAX	64

/* ESR_EL2.ISS of a data or instruction abort */
#define AXAS_S2_ISS_FNV		BIT(10)

/* @exit_code of an exit through another vector than the synchronous one */
#define AXAS_S2_EXIT_CODE_VECTOR	0x100

/**
 * struct axas_s2_el1 - the EL1 state a run switches (through *_EL12)
 * @sctlr: SCTLR_EL1
 * @tcr: TCR_EL1
 * @mair: MAIR_EL1
 * @ttbr0: TTBR0_EL1
 * @vbar: VBAR_EL1
 * @elr: ELR_EL1
 * @spsr: SPSR_EL1
 * @sp: SP_EL1
 */
struct axas_s2_el1 {
	u64 sctlr, tcr, mair, ttbr0, vbar, elr, spsr, sp;
};

/**
 * struct axas_s2_vcpu - the per-vCPU state of the backend
 * @ctx: the guest's x0..x30 (the world switch's)
 * @el1: the guest's EL1 registers
 * @pc: where the guest resumes (ELR_EL2)
 * @pstate: its PSTATE (SPSR_EL2)
 * @vttbr: VTTBR_EL2 of its space (root and VMID)
 * @vtcr: VTCR_EL2 of its space's geometry
 */
struct axas_s2_vcpu {
	struct axas_s2_ctx ctx;
	struct axas_s2_el1 el1;
	u64 pc;
	u64 pstate;
	u64 vttbr;
	u64 vtcr;
};

static struct axas_testvm_info axas_s2_info = {
	.backend = AXAS_TESTVM_S2,
	.format = AXAS_FMT_ARM_S2,
	.formats = 1U << AXAS_FMT_ARM_S2,
	.npf_exit_code = ESR_ELx_EC_DABT_LOW,
	.hw_root_flags = AXAS_S2_VMID_DEFAULT << AXAS_S2_VMID_SHIFT,
};

/* What the CPU offers, read once at init. */
static unsigned int axas_s2_pa_bits;	/* PARange, capped at 48 */
static u64 axas_s2_ps;			/* its VTCR_EL2.PS encoding */
static bool axas_s2_vmid16;		/* 16-bit VMIDs (VTCR_EL2.VS) */
static bool axas_s2_hw_af;		/* FEAT_HAFDBS: VTCR_EL2.HA */

/* ID_AA64MMFR0_EL1.PARange -> bits; 4 KiB granules without LPA2 stop at 48 */
static const unsigned char axas_s2_parange_bits[] = {
	32, 36, 40, 42, 44, 48,
};

static int axas_s2_init(void)
{
	u64 mmfr0 = read_sysreg(id_aa64mmfr0_el1);
	u64 mmfr1 = read_sysreg(id_aa64mmfr1_el1);
	unsigned int parange = mmfr0 & 0xf;

	/* a kernel entered at EL1 (no VHE) cannot switch to a guest here */
	if (!is_kernel_in_hyp_mode())
		return -ENODEV;
	if (parange >= ARRAY_SIZE(axas_s2_parange_bits))
		parange = ARRAY_SIZE(axas_s2_parange_bits) - 1;
	axas_s2_ps = parange;
	axas_s2_pa_bits = axas_s2_parange_bits[parange];
	axas_s2_vmid16 = ((mmfr1 >> 4) & 0xf) == 2;
	axas_s2_hw_af = (mmfr1 & 0xf) >= 1;
	axas_s2_info.ipa_bits = axas_s2_pa_bits;
	if (axas_s2_hw_af)
		axas_s2_info.flags |= AXAS_TESTVM_INFO_HW_AF;
	pr_info("axaddrspace_testvm: PARange %llu (IPA up to %u bits), %u-bit VMIDs, hardware AF %s\n",
		mmfr0 & 0xf, axas_s2_pa_bits, axas_s2_vmid16 ? 16 : 8,
		axas_s2_hw_af ? "yes" : "no");
	return 0;
}

static void axas_s2_exit(void)
{
}

/*
 * VTTBR_EL2 of a space: its root pointer, with VMID 1 for a space that
 * has VMID 0.  -EINVAL for another format, an IPA wider than the CPU's
 * physical range (VTCR_EL2.PS must cover T0SZ), or a VMID the CPU lacks.
 */
static int axas_s2_hw_root(const struct axas_space_layout *l, u64 *root)
{
	u64 vmid = l->vmid ?: AXAS_S2_VMID_DEFAULT;

	if (l->format != AXAS_FMT_ARM_S2 || l->gpa_bits > axas_s2_pa_bits)
		return -EINVAL;
	if (l->levels < 2 || l->levels > 4)
		return -EINVAL;
	if (vmid >= (axas_s2_vmid16 ? 0x10000 : 0x100))
		return -EINVAL;
	*root = (l->hw_root & ~AXAS_S2_VMID_MASK) | vmid << AXAS_S2_VMID_SHIFT;
	return 0;
}

/*
 * VTCR_EL2 of a space's geometry: T0SZ from its IPA width, SL0 from the
 * level its walk starts at (4 levels start at level 0: SL0 = 2; 3 at
 * level 1: 1; 2 at level 2: 0), 4 KiB granule, the CPU's PA size,
 * write-back inner shareable walks, hardware AF when the CPU has it.
 */
static u64 axas_s2_vtcr(const struct axas_space_layout *l)
{
	u64 vtcr = VTCR_EL2_RES1 | VTCR_EL2_TG0_4K | VTCR_EL2_SH0_INNER |
		   VTCR_EL2_ORGN0_WBWA | VTCR_EL2_IRGN0_WBWA;

	vtcr |= (64 - l->gpa_bits) & VTCR_EL2_T0SZ_MASK;
	vtcr |= (u64)(l->levels - 2) << VTCR_EL2_SL0_SHIFT;
	vtcr |= axas_s2_ps << VTCR_EL2_PS_SHIFT;
	if (axas_s2_vmid16)
		vtcr |= VTCR_EL2_VS_16BIT;
	if (axas_s2_hw_af)
		vtcr |= VTCR_EL2_HA;
	return vtcr;
}

static int axas_s2_vcpu_init(struct axas_vcpu *v)
{
	struct axas_s2_vcpu *s = kzalloc(sizeof(*s), GFP_KERNEL_ACCOUNT);

	if (!s)
		return -ENOMEM;
	v->priv = s;
	return 0;
}

static void axas_s2_vcpu_free(struct axas_vcpu *v)
{
	kfree(v->priv);
}

/* A fresh run: the caller's x0..x15 and pc, EL1 with stage 1 off. */
static void axas_s2_setup(struct axas_vcpu *v, const struct axas_guest *g)
{
	struct axas_s2_vcpu *s = v->priv;
	struct axas_space_layout l;

	axas_space_get_layout(v->as, &l);
	memset(&s->ctx, 0, sizeof(s->ctx));
	memcpy(s->ctx.x, g->regs->a64.x, sizeof(g->regs->a64.x));
	s->el1 = (struct axas_s2_el1){ .sctlr = INIT_SCTLR_EL1_MMU_OFF };
	s->pc = g->regs->a64.pc;
	s->pstate = g->regs->a64.pstate ?: AXAS_S2_PSTATE_INIT;
	s->vttbr = g->hw_root;
	s->vtcr = axas_s2_vtcr(&l);
}

static void axas_s2_el1_save(struct axas_s2_el1 *r)
{
	r->sctlr = read_sysreg_s(SYS_SCTLR_EL12);
	r->tcr = read_sysreg_s(SYS_TCR_EL12);
	r->mair = read_sysreg_s(SYS_MAIR_EL12);
	r->ttbr0 = read_sysreg_s(SYS_TTBR0_EL12);
	r->vbar = read_sysreg_s(SYS_VBAR_EL12);
	r->elr = read_sysreg_s(SYS_ELR_EL12);
	r->spsr = read_sysreg_s(SYS_SPSR_EL12);
	r->sp = read_sysreg(sp_el1);
}

static void axas_s2_el1_load(const struct axas_s2_el1 *r)
{
	write_sysreg_s(r->sctlr, SYS_SCTLR_EL12);
	write_sysreg_s(r->tcr, SYS_TCR_EL12);
	write_sysreg_s(r->mair, SYS_MAIR_EL12);
	write_sysreg_s(r->ttbr0, SYS_TTBR0_EL12);
	write_sysreg_s(r->vbar, SYS_VBAR_EL12);
	write_sysreg_s(r->elr, SYS_ELR_EL12);
	write_sysreg_s(r->spsr, SYS_SPSR_EL12);
	write_sysreg(r->sp, sp_el1);
}

/**
 * struct axas_s2_host - the host's registers a guest entry changes
 * @hcr: HCR_EL2
 * @vttbr: VTTBR_EL2
 * @vtcr: VTCR_EL2
 * @daif: PSTATE.DAIF (the guest's exit masks all four)
 * @el1: the EL1 registers (unused by a VHE host, kept all the same)
 */
struct axas_s2_host {
	u64 hcr, vttbr, vtcr, daif;
	struct axas_s2_el1 el1;
};

/*
 * Stage 2 of @vttbr's VMID as the current one, TGE clear: what the EL1&0
 * TLBIs of stage 2 (the current VMID's) and the guest entry need.
 */
static void axas_s2_switch_in(struct axas_s2_host *h, u64 vttbr, u64 vtcr)
{
	h->hcr = read_sysreg(hcr_el2);
	h->vttbr = read_sysreg(vttbr_el2);
	h->vtcr = read_sysreg(vtcr_el2);
	write_sysreg(vtcr, vtcr_el2);
	write_sysreg(vttbr, vttbr_el2);
	write_sysreg(AXAS_S2_HCR_GUEST, hcr_el2);
	isb();
}

static void axas_s2_switch_out(const struct axas_s2_host *h)
{
	write_sysreg(h->hcr, hcr_el2);
	write_sysreg(h->vttbr, vttbr_el2);
	write_sysreg(h->vtcr, vtcr_el2);
	isb();
}

/* Every stage 1 and stage 2 translation of the current VMID, all CPUs. */
static void axas_s2_tlbi_vmid(void)
{
	dsb(ishst);
	__tlbi(vmalls12e1is);
	dsb(ish);
	isb();
}

/* Decodes a synchronous exit: HVC, a stage-2 abort, or something else. */
static void axas_s2_decode_sync(struct axas_exit *e, u64 esr, u64 far,
				u64 hpfar)
{
	u64 ec = ESR_ELx_EC(esr);

	e->code = ec;
	e->info1 = esr;
	e->info2 = far;
	switch (ec) {
	case ESR_ELx_EC_HVC64:
		e->kind = AXAS_EXIT_HLT;
		return;
	case ESR_ELx_EC_DABT_LOW:
	case ESR_ELx_EC_IABT_LOW:
		e->kind = AXAS_EXIT_NPF;
		e->gpa = (hpfar & HPFAR_MASK) << 8;
		/* FAR_EL2 gives the offset in the page, unless it is unknown */
		if (!(esr & AXAS_S2_ISS_FNV))
			e->gpa |= far & ~PAGE_MASK;
		if (ec == ESR_ELx_EC_IABT_LOW)
			e->access = AXAS_MAP_EXECUTE;
		else
			e->access = esr & ESR_ELx_WNR ? AXAS_MAP_WRITE :
							AXAS_MAP_READ;
		return;
	default:
		e->kind = AXAS_EXIT_OTHER;
	}
}

/*
 * One guest entry (interrupts off): host state out, guest state in,
 * invalidate the VMID if asked, ERET, and everything back.
 */
static int axas_s2_enter(struct axas_vcpu *v, bool flush, struct axas_exit *e)
{
	struct axas_s2_vcpu *s = v->priv;
	struct axas_s2_host h;
	u64 esr, far, hpfar;
	int code;

	lockdep_assert_irqs_disabled();
	h.daif = read_sysreg(daif);
	axas_s2_el1_save(&h.el1);
	axas_s2_el1_load(&s->el1);
	write_sysreg(s->pc, elr_el2);
	write_sysreg(s->pstate, spsr_el2);
	axas_s2_switch_in(&h, s->vttbr, s->vtcr);
	if (flush)
		axas_s2_tlbi_vmid();

	code = axas_s2_enter_guest(&s->ctx);

	esr = read_sysreg(esr_el2);
	far = read_sysreg(far_el2);
	hpfar = read_sysreg(hpfar_el2);
	s->pc = read_sysreg(elr_el2);
	s->pstate = read_sysreg(spsr_el2);
	axas_s2_switch_out(&h);
	axas_s2_el1_save(&s->el1);
	axas_s2_el1_load(&h.el1);
	write_sysreg(h.daif, daif);

	*e = (struct axas_exit){ .kind = AXAS_EXIT_OTHER };
	switch (code) {
	case AXAS_S2_EXIT_SYNC:
		axas_s2_decode_sync(e, esr, far, hpfar);
		break;
	case AXAS_S2_EXIT_IRQ:
	case AXAS_S2_EXIT_FIQ:
		/* taken by the host once interrupts are on: enter again */
		e->kind = AXAS_EXIT_RESUME;
		fallthrough;
	default:
		e->code = AXAS_S2_EXIT_CODE_VECTOR + code;
		e->info1 = esr;
		e->info2 = far;
	}
	return 0;
}

static void axas_s2_get_regs(struct axas_vcpu *v, struct axas_testvm_regs *r)
{
	struct axas_s2_vcpu *s = v->priv;

	memcpy(r->a64.x, s->ctx.x, sizeof(r->a64.x));
	r->a64.pc = s->pc;
	r->a64.pstate = s->pstate;
}

/*
 * Invalidates a range of @v's space on every CPU (the IS forms
 * broadcast): per page its stage 2 entries by IPA, then the combined
 * stage 1+2 entries of the VMID, which the IPA cannot name; a large
 * range invalidates the whole VMID.  Called by the space inside its
 * break-before-make sequence, between the break and the make.
 */
static void axas_s2_flush_range(struct axas_vcpu *v, u64 gpa, u64 size)
{
	struct axas_s2_vcpu *s = v->priv;
	u64 vttbr = READ_ONCE(s->vttbr), ipa, end = gpa + size;
	struct axas_s2_host h;
	unsigned long flags;

	/* never entered: the first entry on each CPU invalidates the VMID */
	if (!vttbr)
		return;
	local_irq_save(flags);
	axas_s2_switch_in(&h, vttbr, READ_ONCE(s->vtcr));
	if (size > AXAS_S2_TLBI_PAGES_MAX * PAGE_SIZE) {
		axas_s2_tlbi_vmid();
	} else {
		dsb(ishst);
		for (ipa = gpa & PAGE_MASK; ipa < end; ipa += PAGE_SIZE)
			__tlbi(ipas2e1is, ipa >> PAGE_SHIFT);
		dsb(ish);
		__tlbi(vmalle1is);
		dsb(ish);
		isb();
	}
	axas_s2_switch_out(&h);
	local_irq_restore(flags);
}

static const struct axas_backend_ops axas_s2_ops = {
	.name = "arm64 EL2, stage 2",
	.info = &axas_s2_info,
	.init = axas_s2_init,
	.exit = axas_s2_exit,
	.hw_root = axas_s2_hw_root,
	.vcpu_init = axas_s2_vcpu_init,
	.vcpu_free = axas_s2_vcpu_free,
	.setup = axas_s2_setup,
	.enter = axas_s2_enter,
	.get_regs = axas_s2_get_regs,
	.flush_range = axas_s2_flush_range,
};

/**
 * axas_arch_backend() - the backend this CPU can run guests with
 *
 * Return: the stage 2 backend; its init says -ENODEV below EL2.
 */
const struct axas_backend_ops *axas_arch_backend(void)
{
	return &axas_s2_ops;
}
