/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The RISC-V world switch: what axas_gstage.c and axas_gstage_entry.S
 * share.  Offsets are checked against struct axas_gs_ctx by
 * static_assert() in axas_gstage.c.
 */
#ifndef _AXAS_GSTAGE_H
#define _AXAS_GSTAGE_H

/* struct axas_gs_ctx: x0..x31 of the guest (x0 unused), then the host's */
#define AXAS_GS_CTX_X			0
#define AXAS_GS_CTX_HOST_SP		256
#define AXAS_GS_CTX_HOST_STVEC		264
#define AXAS_GS_CTX_HOST_SSCRATCH	272
#define AXAS_GS_CTX_SIZE		280

/* the host registers axas_gs_enter_guest() keeps on its stack */
#define AXAS_GS_HOST_FRAME		128

#ifndef __ASSEMBLY__
#include <linux/types.h>

/**
 * struct axas_gs_ctx - what the world switch loads and saves
 * @x: the guest's x0..x31 (x0 is never loaded: it is zero)
 * @host_sp: the host's sp while the guest runs
 * @host_stvec: the host's stvec while the guest runs
 * @host_sscratch: the host's sscratch (the switch's context meanwhile)
 */
struct axas_gs_ctx {
	u64 x[32];
	u64 host_sp;
	u64 host_stvec;
	u64 host_sscratch;
};

void axas_gs_enter_guest(struct axas_gs_ctx *ctx);
#endif

#endif /* _AXAS_GSTAGE_H */
