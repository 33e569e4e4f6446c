/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The arm64 world switch: what axas_s2.c and axas_s2_entry.S share (the
 * layout of the context the assembly reads and writes, and its exit
 * codes).  Offsets are checked against struct axas_s2_ctx by
 * static_assert() in axas_s2.c.
 */
#ifndef _AXAS_S2_H
#define _AXAS_S2_H

/* struct axas_s2_ctx: x0..x30 of the guest, then the host's VBAR_EL2 */
#define AXAS_S2_CTX_X		0
#define AXAS_S2_CTX_HOST_VBAR	248
#define AXAS_S2_CTX_SIZE	256

/* axas_s2_enter_guest(): the vector that ended the guest's run */
#define AXAS_S2_EXIT_SYNC	0
#define AXAS_S2_EXIT_IRQ	1
#define AXAS_S2_EXIT_FIQ	2
#define AXAS_S2_EXIT_SERROR	3
/* an AArch32 lower EL: never, HCR_EL2.RW makes EL1 AArch64 */
#define AXAS_S2_EXIT_AARCH32	4

#ifndef __ASSEMBLY__
#include <linux/types.h>

/**
 * struct axas_s2_ctx - what the world switch loads and saves
 * @x: the guest's x0..x30
 * @host_vbar: the host's VBAR_EL2 while the guest runs
 */
struct axas_s2_ctx {
	u64 x[31];
	u64 host_vbar;
};

int axas_s2_enter_guest(struct axas_s2_ctx *ctx);
#endif

#endif /* _AXAS_S2_H */
