/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the host CPU tells the module: its own second-stage format and its
 * physical address width.  One small file per architecture implements
 * axas_arch_probe() (arch_x86.c, arch_arm64.c, arch_riscv.c; arch_other.c
 * elsewhere), chosen by kmod/Kbuild, so no other file needs an #ifdef.
 */
#ifndef _AXAS_SPACE_ARCH_H
#define _AXAS_SPACE_ARCH_H

#include "../pgtable/fmt.h"

/**
 * struct axas_arch_info - the host's native format and address width
 * @native: the format AXAS_FMT_NATIVE stands for
 * @native_gpa_bits: the guest-physical width a NATIVE space gets when the
 *	caller asks for none (the stage-2 IPA width on arm64); 0 for the
 *	formats that have one width
 * @phys_bits: host physical addresses lie below 2^@phys_bits
 */
struct axas_arch_info {
	enum axas_format native;
	unsigned int native_gpa_bits;
	unsigned int phys_bits;
};

/**
 * axas_arch_probe() - read the host's native format and address width
 * @info: filled in
 *
 * Called once, at module load, in process context.
 */
void axas_arch_probe(struct axas_arch_info *info);

#endif /* _AXAS_SPACE_ARCH_H */
