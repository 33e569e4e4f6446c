/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The arm64 world switch of the test hypervisor (kernel at EL2 with VHE).
 *
 * axas_s2_enter_guest() saves what the AAPCS64 says a callee keeps (x18
 * too: the shadow call stack lives there) and SP_EL0 (the kernel's
 * current task) on the host stack, installs the vector table below, loads
 * the guest's x0..x30 and ERETs to the guest's EL1 (ELR_EL2, SPSR_EL2,
 * HCR_EL2, VTTBR_EL2 are set by axas_s2.c).  The guest cannot touch SP_EL2,
 * so the exception that ends its run finds the host stack as it was left:
 * the vector pushes the guest's x0 and x1 there, names itself in x1, and
 * the common exit saves the other registers, puts the host's VBAR_EL2
 * back and returns the vector's code.
 *
 * DAIF is fully masked from the start of the switch until axas_s2.c
 * restores it: an exception of EL2 itself while this table is installed
 * could only be a bug, and its vectors stop that CPU where it happened
 * rather than run the guest exit path on the host's registers.
 */
#include <linux/linkage.h>
#include <asm/assembler.h>
#include "axas_s2.h"

	.text

/* int axas_s2_enter_guest(struct axas_s2_ctx *ctx) */
SYM_FUNC_START(axas_s2_enter_guest)
	msr	daifset, #0xf
	stp	x29, x30, [sp, #-16]!
	mov	x29, sp
	stp	x27, x28, [sp, #-16]!
	stp	x25, x26, [sp, #-16]!
	stp	x23, x24, [sp, #-16]!
	stp	x21, x22, [sp, #-16]!
	stp	x19, x20, [sp, #-16]!
	mrs	x1, sp_el0
	stp	x18, x1, [sp, #-16]!
	/* the context on top: the exit finds it at sp + 16 */
	stp	x0, xzr, [sp, #-16]!

	mrs	x1, vbar_el2
	str	x1, [x0, #AXAS_S2_CTX_HOST_VBAR]
	adr_l	x1, axas_s2_vectors
	msr	vbar_el2, x1
	isb

	ldp	x2, x3, [x0, #AXAS_S2_CTX_X + 16]
	ldp	x4, x5, [x0, #AXAS_S2_CTX_X + 32]
	ldp	x6, x7, [x0, #AXAS_S2_CTX_X + 48]
	ldp	x8, x9, [x0, #AXAS_S2_CTX_X + 64]
	ldp	x10, x11, [x0, #AXAS_S2_CTX_X + 80]
	ldp	x12, x13, [x0, #AXAS_S2_CTX_X + 96]
	ldp	x14, x15, [x0, #AXAS_S2_CTX_X + 112]
	ldp	x16, x17, [x0, #AXAS_S2_CTX_X + 128]
	ldp	x18, x19, [x0, #AXAS_S2_CTX_X + 144]
	ldp	x20, x21, [x0, #AXAS_S2_CTX_X + 160]
	ldp	x22, x23, [x0, #AXAS_S2_CTX_X + 176]
	ldp	x24, x25, [x0, #AXAS_S2_CTX_X + 192]
	ldp	x26, x27, [x0, #AXAS_S2_CTX_X + 208]
	ldp	x28, x29, [x0, #AXAS_S2_CTX_X + 224]
	ldr	x30, [x0, #AXAS_S2_CTX_X + 240]
	ldp	x0, x1, [x0, #AXAS_S2_CTX_X]
	eret
	/* no speculation past the ERET into the host's code */
	dsb	nsh
	isb
SYM_FUNC_END(axas_s2_enter_guest)

/* x0/x1 of the guest at [sp], the context at [sp + 16], x1 the code */
SYM_CODE_START_LOCAL(axas_s2_exit)
	ldr	x0, [sp, #16]
	stp	x2, x3, [x0, #AXAS_S2_CTX_X + 16]
	stp	x4, x5, [x0, #AXAS_S2_CTX_X + 32]
	stp	x6, x7, [x0, #AXAS_S2_CTX_X + 48]
	stp	x8, x9, [x0, #AXAS_S2_CTX_X + 64]
	stp	x10, x11, [x0, #AXAS_S2_CTX_X + 80]
	stp	x12, x13, [x0, #AXAS_S2_CTX_X + 96]
	stp	x14, x15, [x0, #AXAS_S2_CTX_X + 112]
	stp	x16, x17, [x0, #AXAS_S2_CTX_X + 128]
	stp	x18, x19, [x0, #AXAS_S2_CTX_X + 144]
	stp	x20, x21, [x0, #AXAS_S2_CTX_X + 160]
	stp	x22, x23, [x0, #AXAS_S2_CTX_X + 176]
	stp	x24, x25, [x0, #AXAS_S2_CTX_X + 192]
	stp	x26, x27, [x0, #AXAS_S2_CTX_X + 208]
	stp	x28, x29, [x0, #AXAS_S2_CTX_X + 224]
	str	x30, [x0, #AXAS_S2_CTX_X + 240]
	ldp	x2, x3, [sp], #16
	stp	x2, x3, [x0, #AXAS_S2_CTX_X]
	/* the context slot */
	add	sp, sp, #16

	ldr	x2, [x0, #AXAS_S2_CTX_HOST_VBAR]
	msr	vbar_el2, x2
	isb

	ldp	x18, x2, [sp], #16
	msr	sp_el0, x2
	ldp	x19, x20, [sp], #16
	ldp	x21, x22, [sp], #16
	ldp	x23, x24, [sp], #16
	ldp	x25, x26, [sp], #16
	ldp	x27, x28, [sp], #16
	ldp	x29, x30, [sp], #16
	mov	x0, x1
	ret
SYM_CODE_END(axas_s2_exit)

/* An exception of EL2 itself: a bug (see above); stop here. */
.macro axas_s2_vec_stop
	.balign	128
0:	wfe
	b	0b
.endm

.macro axas_s2_vec_exit code
	.balign	128
	stp	x0, x1, [sp, #-16]!
	mov	x1, #\code
	b	axas_s2_exit
.endm

	.balign	2048
SYM_CODE_START_LOCAL(axas_s2_vectors)
	/* current EL with SP_EL0 */
	axas_s2_vec_stop
	axas_s2_vec_stop
	axas_s2_vec_stop
	axas_s2_vec_stop
	/* current EL with SP_EL2 */
	axas_s2_vec_stop
	axas_s2_vec_stop
	axas_s2_vec_stop
	axas_s2_vec_stop
	/* lower EL, AArch64: the guest */
	axas_s2_vec_exit AXAS_S2_EXIT_SYNC
	axas_s2_vec_exit AXAS_S2_EXIT_IRQ
	axas_s2_vec_exit AXAS_S2_EXIT_FIQ
	axas_s2_vec_exit AXAS_S2_EXIT_SERROR
	/* lower EL, AArch32 */
	axas_s2_vec_exit AXAS_S2_EXIT_AARCH32
	axas_s2_vec_exit AXAS_S2_EXIT_AARCH32
	axas_s2_vec_exit AXAS_S2_EXIT_AARCH32
	axas_s2_vec_exit AXAS_S2_EXIT_AARCH32
SYM_CODE_END(axas_s2_vectors)
