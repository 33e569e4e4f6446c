/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The RISC-V world switch of the test hypervisor (kernel in HS-mode).
 *
 * axas_gs_enter_guest() keeps what the calling convention says a callee
 * saves, and gp and tp (the kernel's global or shadow stack pointer and
 * its current task), on the host stack; puts the context in sscratch and
 * its own trap entry in stvec, loads the guest's x1..x31 and SRETs into
 * VS-mode (hstatus.SPV, sstatus.SPP, sepc, hgatp are set by
 * axas_gstage.c).  Every trap of the guest comes here (hedeleg and
 * hideleg are 0): the entry swaps a0 with sscratch to find the context,
 * saves the guest's registers, puts the host's sp, stvec and sscratch
 * back and returns to the caller, which reads scause and the rest.
 *
 * Interrupts are off in sstatus from before the switch until after it;
 * interrupts of HS-mode still trap out of VS-mode, which is how an IPI or
 * the timer ends a guest entry.
 */
#include <linux/linkage.h>
#include <asm/asm.h>
#include <asm/csr.h>
#include "axas_gstage.h"

	.text

/* void axas_gs_enter_guest(struct axas_gs_ctx *ctx) */
SYM_FUNC_START(axas_gs_enter_guest)
	addi	sp, sp, -AXAS_GS_HOST_FRAME
	sd	ra, 0(sp)
	sd	gp, 8(sp)
	sd	tp, 16(sp)
	sd	s0, 24(sp)
	sd	s1, 32(sp)
	sd	s2, 40(sp)
	sd	s3, 48(sp)
	sd	s4, 56(sp)
	sd	s5, 64(sp)
	sd	s6, 72(sp)
	sd	s7, 80(sp)
	sd	s8, 88(sp)
	sd	s9, 96(sp)
	sd	s10, 104(sp)
	sd	s11, 112(sp)
	sd	sp, AXAS_GS_CTX_HOST_SP(a0)
	lla	t0, axas_gs_trap
	csrrw	t0, CSR_STVEC, t0
	sd	t0, AXAS_GS_CTX_HOST_STVEC(a0)
	csrrw	t0, CSR_SSCRATCH, a0
	sd	t0, AXAS_GS_CTX_HOST_SSCRATCH(a0)

	ld	x1, AXAS_GS_CTX_X + 8(a0)
	ld	x2, AXAS_GS_CTX_X + 16(a0)
	ld	x3, AXAS_GS_CTX_X + 24(a0)
	ld	x4, AXAS_GS_CTX_X + 32(a0)
	ld	x5, AXAS_GS_CTX_X + 40(a0)
	ld	x6, AXAS_GS_CTX_X + 48(a0)
	ld	x7, AXAS_GS_CTX_X + 56(a0)
	ld	x8, AXAS_GS_CTX_X + 64(a0)
	ld	x9, AXAS_GS_CTX_X + 72(a0)
	ld	x11, AXAS_GS_CTX_X + 88(a0)
	ld	x12, AXAS_GS_CTX_X + 96(a0)
	ld	x13, AXAS_GS_CTX_X + 104(a0)
	ld	x14, AXAS_GS_CTX_X + 112(a0)
	ld	x15, AXAS_GS_CTX_X + 120(a0)
	ld	x16, AXAS_GS_CTX_X + 128(a0)
	ld	x17, AXAS_GS_CTX_X + 136(a0)
	ld	x18, AXAS_GS_CTX_X + 144(a0)
	ld	x19, AXAS_GS_CTX_X + 152(a0)
	ld	x20, AXAS_GS_CTX_X + 160(a0)
	ld	x21, AXAS_GS_CTX_X + 168(a0)
	ld	x22, AXAS_GS_CTX_X + 176(a0)
	ld	x23, AXAS_GS_CTX_X + 184(a0)
	ld	x24, AXAS_GS_CTX_X + 192(a0)
	ld	x25, AXAS_GS_CTX_X + 200(a0)
	ld	x26, AXAS_GS_CTX_X + 208(a0)
	ld	x27, AXAS_GS_CTX_X + 216(a0)
	ld	x28, AXAS_GS_CTX_X + 224(a0)
	ld	x29, AXAS_GS_CTX_X + 232(a0)
	ld	x30, AXAS_GS_CTX_X + 240(a0)
	ld	x31, AXAS_GS_CTX_X + 248(a0)
	ld	x10, AXAS_GS_CTX_X + 80(a0)
	sret
SYM_FUNC_END(axas_gs_enter_guest)

/* The guest trapped: a0 in sscratch, the context in a0 after the swap. */
	.balign	4
SYM_CODE_START_LOCAL(axas_gs_trap)
	csrrw	a0, CSR_SSCRATCH, a0
	sd	x1, AXAS_GS_CTX_X + 8(a0)
	sd	x2, AXAS_GS_CTX_X + 16(a0)
	sd	x3, AXAS_GS_CTX_X + 24(a0)
	sd	x4, AXAS_GS_CTX_X + 32(a0)
	sd	x5, AXAS_GS_CTX_X + 40(a0)
	sd	x6, AXAS_GS_CTX_X + 48(a0)
	sd	x7, AXAS_GS_CTX_X + 56(a0)
	sd	x8, AXAS_GS_CTX_X + 64(a0)
	sd	x9, AXAS_GS_CTX_X + 72(a0)
	sd	x11, AXAS_GS_CTX_X + 88(a0)
	sd	x12, AXAS_GS_CTX_X + 96(a0)
	sd	x13, AXAS_GS_CTX_X + 104(a0)
	sd	x14, AXAS_GS_CTX_X + 112(a0)
	sd	x15, AXAS_GS_CTX_X + 120(a0)
	sd	x16, AXAS_GS_CTX_X + 128(a0)
	sd	x17, AXAS_GS_CTX_X + 136(a0)
	sd	x18, AXAS_GS_CTX_X + 144(a0)
	sd	x19, AXAS_GS_CTX_X + 152(a0)
	sd	x20, AXAS_GS_CTX_X + 160(a0)
	sd	x21, AXAS_GS_CTX_X + 168(a0)
	sd	x22, AXAS_GS_CTX_X + 176(a0)
	sd	x23, AXAS_GS_CTX_X + 184(a0)
	sd	x24, AXAS_GS_CTX_X + 192(a0)
	sd	x25, AXAS_GS_CTX_X + 200(a0)
	sd	x26, AXAS_GS_CTX_X + 208(a0)
	sd	x27, AXAS_GS_CTX_X + 216(a0)
	sd	x28, AXAS_GS_CTX_X + 224(a0)
	sd	x29, AXAS_GS_CTX_X + 232(a0)
	sd	x30, AXAS_GS_CTX_X + 240(a0)
	sd	x31, AXAS_GS_CTX_X + 248(a0)
	csrr	t0, CSR_SSCRATCH
	sd	t0, AXAS_GS_CTX_X + 80(a0)

	ld	sp, AXAS_GS_CTX_HOST_SP(a0)
	ld	t0, AXAS_GS_CTX_HOST_STVEC(a0)
	csrw	CSR_STVEC, t0
	ld	t0, AXAS_GS_CTX_HOST_SSCRATCH(a0)
	csrw	CSR_SSCRATCH, t0
	ld	ra, 0(sp)
	ld	gp, 8(sp)
	ld	tp, 16(sp)
	ld	s0, 24(sp)
	ld	s1, 32(sp)
	ld	s2, 40(sp)
	ld	s3, 48(sp)
	ld	s4, 56(sp)
	ld	s5, 64(sp)
	ld	s6, 72(sp)
	ld	s7, 80(sp)
	ld	s8, 88(sp)
	ld	s9, 96(sp)
	ld	s10, 104(sp)
	ld	s11, 112(sp)
	addi	sp, sp, AXAS_GS_HOST_FRAME
	ret
SYM_CODE_END(axas_gs_trap)
