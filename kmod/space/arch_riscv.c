// SPDX-License-Identifier: GPL-2.0
/*
 * The native format of a RISC-V host: the widest G-stage mode the hart
 * implements.  hgatp.MODE is WARL: a write of a mode the hart lacks leaves
 * a legal value (Bare), so writing each mode and reading it back finds the
 * supported ones.  hgatp exists only in HS-mode, with the hypervisor
 * extension; without it the module falls back to the mode of the kernel's
 * own page tables (satp: Sv57 -> Sv57x4, Sv48 -> Sv48x4, else Sv39x4),
 * which is what a hart without H but with that satp mode would pair with.
 */
#include <linux/preempt.h>
#include <asm/cpufeature.h>
#include <asm/csr.h>
#include <asm/hwcap.h>
#include <asm/insn-def.h>
#include <asm/pgtable.h>
#include "arch.h"

/*
 * RISC-V has no register that names the physical address width: the
 * 44-bit PPN of Sv39/48/57 and G-stage entries gives 56 bits, and that is
 * what a mapping is checked against (the kernel's MAX_PHYSMEM_BITS exists
 * only with SPARSEMEM).
 */
#define AXAS_RISCV_PA_BITS (44 + 12)

/* Does this hart keep @mode in hgatp?  Preemption is off. */
static bool axas_riscv_hgatp_has(unsigned long mode)
{
	unsigned long old = csr_read(CSR_HGATP), got;

	csr_write(CSR_HGATP, mode << HGATP_MODE_SHIFT);
	got = csr_read(CSR_HGATP) >> HGATP_MODE_SHIFT;
	csr_write(CSR_HGATP, old);
	return got == mode;
}

static enum axas_format axas_riscv_probe_hgatp(void)
{
	enum axas_format fmt = AXAS_FMT_SV39X4;

	preempt_disable();
	if (axas_riscv_hgatp_has(HGATP_MODE_SV57X4))
		fmt = AXAS_FMT_SV57X4;
	else if (axas_riscv_hgatp_has(HGATP_MODE_SV48X4))
		fmt = AXAS_FMT_SV48X4;
	/* no G-stage translation was cached for the modes just tried */
	asm volatile(HFENCE_GVMA(zero, zero) : : : "memory");
	preempt_enable();
	return fmt;
}

/* axas_arch_probe(): see arch.h. */
void axas_arch_probe(struct axas_arch_info *info)
{
	if (riscv_isa_extension_available(NULL, h))
		info->native = axas_riscv_probe_hgatp();
	else if (pgtable_l5_enabled)
		info->native = AXAS_FMT_SV57X4;
	else if (pgtable_l4_enabled)
		info->native = AXAS_FMT_SV48X4;
	else
		info->native = AXAS_FMT_SV39X4;
	info->native_gpa_bits = 0;
	info->phys_bits = AXAS_RISCV_PA_BITS;
}
