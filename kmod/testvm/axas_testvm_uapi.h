/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * axaddrspace_testvm: the ioctl of the test hypervisor (a test-only ABI,
 * not part of include/uapi: it may change with the tests that use it).
 *
 * /dev/axaddrspace_testvm: each open file is one vCPU.  AXAS_TESTVM_RUN
 * runs it on an address space of /dev/axaddrspace (AMD SVM with nested
 * paging, the space's tables as nCR3; Intel VMX with EPT, the space's
 * tables as the EPTP; arm64 at EL2, the space's tables in VTTBR_EL2; or
 * RISC-V in HS-mode, the space's tables in hgatp; AXAS_TESTVM_INFO says
 * which) from the registers given until the guest halts (HLT; HVC on
 * arm64, ecall on RISC-V), takes a nested page fault the space cannot resolve, is
 * stopped by a signal or by the time limit, or exits in any other way.
 * The first run binds the vCPU to its space for the life of the file.
 */
#ifndef _AXAS_TESTVM_UAPI_H
#define _AXAS_TESTVM_UAPI_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define AXAS_TESTVM_DEV		"/dev/axaddrspace_testvm"

/* The guest's own page tables take the last 2 MiB of the space. */
#define AXAS_TESTVM_PT_SIZE	0x200000ULL

/* Time limit of a run when @timeout_ms is 0. */
#define AXAS_TESTVM_TIMEOUT_MS	10000U

/**
 * struct axas_testvm_regs - the guest's general registers
 * @rax: rax
 * @rbx: rbx
 * @rcx: rcx
 * @rdx: rdx
 * @rsi: rsi
 * @rdi: rdi
 * @rbp: rbp
 * @rsp: rsp
 * @r8: r8
 * @r9: r9
 * @r10: r10
 * @r11: r11
 * @r12: r12
 * @r13: r13
 * @r14: r14
 * @r15: r15
 * @rip: rip
 * @rflags: rflags; 0 on input stands for 0x2 (interrupts off); the VMX
 *	backend sets IF (physical interrupts exit either way)
 * @a64: the same 18 words on arm64
 * @a64.x: x0..x15 (x16..x30 start at zero)
 * @a64.pc: the pc (ELR_EL2 of the entry)
 * @a64.pstate: PSTATE (SPSR_EL2 of the entry); 0 on input stands for
 *	EL1h with D, A, I and F masked (0x3c5); the guest runs at EL1 only
 * @rv64: the same 18 words on riscv64
 * @rv64.x: x0..x15 (x0 ignored; a0 is x10; x16..x31 start at zero)
 * @rv64.pc: the pc (sepc of the entry)
 * @rv64.__pad: zero
 */
struct axas_testvm_regs {
	union {
		struct {
			__aligned_u64 rax;
			__aligned_u64 rbx;
			__aligned_u64 rcx;
			__aligned_u64 rdx;
			__aligned_u64 rsi;
			__aligned_u64 rdi;
			__aligned_u64 rbp;
			__aligned_u64 rsp;
			__aligned_u64 r8;
			__aligned_u64 r9;
			__aligned_u64 r10;
			__aligned_u64 r11;
			__aligned_u64 r12;
			__aligned_u64 r13;
			__aligned_u64 r14;
			__aligned_u64 r15;
			__aligned_u64 rip;
			__aligned_u64 rflags;
		};
		struct {
			__aligned_u64 x[16];
			__aligned_u64 pc;
			__aligned_u64 pstate;
		} a64;
		struct {
			__aligned_u64 x[16];
			__aligned_u64 pc;
			__aligned_u64 __pad;
		} rv64;
	};
};

/**
 * enum axas_testvm_exit - why a run ended
 * @AXAS_TESTVM_EXIT_HLT: the guest executed HLT (arm64: HVC); @regs.rip
 *	(@regs.a64.pc) is past it
 * @AXAS_TESTVM_EXIT_NPF: a nested page fault at @gpa for @access that
 *	the space could not resolve (@fault_errno says why)
 * @AXAS_TESTVM_EXIT_SIGNAL: a signal is pending for the caller
 * @AXAS_TESTVM_EXIT_TIMEOUT: @timeout_ms passed
 * @AXAS_TESTVM_EXIT_OTHER: any other exit (an exception, a shutdown, an
 *	intercepted instruction, a failed VMRUN or VM entry): see @exit_code
 * @AXAS_TESTVM_EXIT_MISCONFIG: an EPT misconfiguration at @gpa (VMX):
 *	an entry of the space the CPU refuses to walk, a bug in the space's
 *	tables; never retried
 */
enum axas_testvm_exit {
	AXAS_TESTVM_EXIT_HLT = 1,
	AXAS_TESTVM_EXIT_NPF = 2,
	AXAS_TESTVM_EXIT_SIGNAL = 3,
	AXAS_TESTVM_EXIT_TIMEOUT = 4,
	AXAS_TESTVM_EXIT_OTHER = 5,
	AXAS_TESTVM_EXIT_MISCONFIG = 6,
};

/**
 * struct axas_testvm_run - argument of AXAS_TESTVM_RUN
 * @size: sizeof(struct axas_testvm_run) as the caller knows it; input
 * @flags: must be zero; input
 * @space_fd: a descriptor of the space (from AXAS_IOC_CREATE_SPACE, open
 *	for writing); the first run binds the vCPU to it, later runs must
 *	pass the same space; input
 * @timeout_ms: time limit, 0 for AXAS_TESTVM_TIMEOUT_MS; input
 * @regs: input: the registers the guest starts with (every other piece
 *	of state is fixed: 64-bit mode, CPL 0, flat segments, paging on over
 *	an identity map of the space; arm64: EL1, stage 1 off, so only the
 *	space translates); output: the registers at the exit
 * @exit_reason: enum axas_testvm_exit; output
 * @access: the AXAS_MAP_READ, WRITE or EXECUTE access of a nested page
 *	fault; output
 * @exit_code: the raw exit code of the last exit.  SVM: 0x78 HLT, 0x400
 *	NPF, 0x7f shutdown, 0x40 + vector an exception, -1 VMRUN failed.
 *	VMX: the basic exit reason, 12 HLT, 48 EPT violation, 49 EPT
 *	misconfiguration, 2 triple fault, 0 an exception; bit 31 set when
 *	the VM entry failed, -1 when VMLAUNCH itself failed (@exit_info1:
 *	the VM-instruction error).  arm64: ESR_EL2.EC of a synchronous
 *	exit (0x16 HVC, 0x24 data abort, 0x20 instruction abort, 0x17 SMC),
 *	0x100 + n for the other vectors (1 IRQ, 2 FIQ, 3 SError).  RISC-V:
 *	scause (10 ecall from VS-mode, 20/21/23 a guest page fault on a
 *	fetch, load, store); output
 * @exit_info1: EXITINFO1 (SVM; for an NPF its error code) or the exit
 *	qualification (VMX) or ESR_EL2 (arm64) or stval (RISC-V) of the last
 *	exit; output
 * @exit_info2: EXITINFO2 (SVM) or the guest physical address (VMX) of
 *	the last exit: for an NPF the GPA in both; FAR_EL2 (arm64); htval
 *	(RISC-V: the GPA >> 2); output
 * @gpa: the GPA of a nested page fault, page offset included; output
 * @faults: nested page faults resolved by the space during the run;
 *	output
 * @vmruns: VMRUNs the run took (every exit the guest resumed from, plus
 *	one); output
 * @fault_errno: what resolving the fault that ended the run returned (a
 *	negative errno: -EFAULT no area, -EACCES not allowed, -ERANGE
 *	outside the space, -ELOOP the same fault again and again); output
 * @__reserved: zero; output
 *
 * Return of the ioctl: 0 with the exit described; -EINVAL (size, flags,
 * a space of another format than the one AXAS_TESTVM_INFO reports);
 * -EBADF (@space_fd); -EBUSY (another space than the bound one, or SVM
 * or VMX in use by someone else on this CPU); -ENODEV (the bound space was
 * destroyed by its VMM, also during the run); -ENOSPC (the space is too small for its page tables);
 * -ERANGE (the page tables would lie above the CPU's physical address
 * width); -EFAULT or -EOPNOTSUPP (the last 2 MiB are not backed by alloc
 * or user memory: map them, e.g. MAP_ALLOC populate, and leave them
 * alone); -ENOMEM.
 */
struct axas_testvm_run {
	__u32 size;
	__u32 flags;
	__s32 space_fd;
	__u32 timeout_ms;
	struct axas_testvm_regs regs;
	__u32 exit_reason;
	__u32 access;
	__aligned_u64 exit_code;
	__aligned_u64 exit_info1;
	__aligned_u64 exit_info2;
	__aligned_u64 gpa;
	__aligned_u64 faults;
	__aligned_u64 vmruns;
	__s32 fault_errno;
	__u32 __reserved;
};

/**
 * enum axas_testvm_backend - how the test hypervisor runs guests
 * @AXAS_TESTVM_SVM: AMD SVM with nested paging (NPT spaces)
 * @AXAS_TESTVM_VMX: Intel VMX with EPT (EPT spaces)
 * @AXAS_TESTVM_S2: arm64 at EL2 (VHE) with stage 2 (s2-N spaces)
 * @AXAS_TESTVM_GSTAGE: RISC-V in HS-mode with the G-stage (SvNNx4 spaces)
 */
enum axas_testvm_backend {
	AXAS_TESTVM_SVM = 1,
	AXAS_TESTVM_VMX = 2,
	AXAS_TESTVM_S2 = 3,
	AXAS_TESTVM_GSTAGE = 4,
};

/* The CPU sets accessed and dirty bits in the space's entries. */
#define AXAS_TESTVM_INFO_HW_AD		0x1U
/* Flushes are per space (INVEPT single-context), not of everything. */
#define AXAS_TESTVM_INFO_FLUSH_SPACE	0x2U
/* arm64: the CPU sets the access flag of stage 2 leaves (VTCR_EL2.HA). */
#define AXAS_TESTVM_INFO_HW_AF		0x4U
/*
 * RISC-V: the hart has Svpbmt, so the G-stage's PBMT bits (62:61, NC for
 * UNCACHED, IO for DEVICE) are attributes, not reserved bits that fault.
 */
#define AXAS_TESTVM_INFO_PBMT		0x8U

/**
 * struct axas_testvm_info - argument of AXAS_TESTVM_INFO
 * @size: sizeof(struct axas_testvm_info) as the caller knows it; input
 * @backend: enum axas_testvm_backend; output
 * @format: the space format of the tests (enum axas_format): NPT4 or
 *	NPT5 with SVM, as the host's paging mode walks; EPT4 with VMX;
 *	ARM_S2 on arm64; the widest G-stage mode of the hart on RISC-V;
 *	output
 * @flags: AXAS_TESTVM_INFO_*; output
 * @formats: every format runs accept, as a mask of (1 << enum
 *	axas_format): @format and, with VMX, EPT5 too when the CPU walks 5
 *	levels; on RISC-V every G-stage mode hgatp keeps; output
 * @ipa_bits: arm64: the widest IPA of an s2-N space runs accept (the
 *	CPU's PARange, at most 48); 0 on x86; output
 * @npf_exit_code: the raw @exit_code of a nested page fault (0x400 SVM,
 *	48 VMX, 0x24 a data abort on arm64, 21 a load guest page fault on
 *	RISC-V); output
 * @ept_vpid_cap: IA32_VMX_EPT_VPID_CAP (VMX), 0 with SVM; output
 * @vmx_basic: IA32_VMX_BASIC (VMX), 0 with SVM; output
 * @procbased2: the allowed-1 bits of IA32_VMX_PROCBASED_CTLS2 (VMX), 0
 *	with SVM; output
 * @hw_root_flags: the bits a run on a space of @format sets in its root
 *	pointer outside the address (VMX: the EPTP's memory type, walk
 *	length and A/D enable; arm64: VMID 1 in bits 63:48 of VTTBR_EL2
 *	when the space has VMID 0; RISC-V: VMID 1 in bits 57:44 of hgatp);
 *	output
 *
 * Return of the ioctl: 0; -EINVAL (size); -EFAULT.
 */
struct axas_testvm_info {
	__u32 size;
	__u32 backend;
	__u32 format;
	__u32 flags;
	__u32 formats;
	__u32 ipa_bits;
	__aligned_u64 npf_exit_code;
	__aligned_u64 ept_vpid_cap;
	__aligned_u64 vmx_basic;
	__aligned_u64 procbased2;
	__aligned_u64 hw_root_flags;
};

#define AXAS_TESTVM_IOCTL_BASE	0xA8	/* that of /dev/axaddrspace */
#define AXAS_TESTVM_CMD_RUN	0x40	/* above every AXAS_CMD_* */
#define AXAS_TESTVM_CMD_INFO	0x41
#define AXAS_TESTVM_RUN		_IO(AXAS_TESTVM_IOCTL_BASE, AXAS_TESTVM_CMD_RUN)
#define AXAS_TESTVM_INFO	_IO(AXAS_TESTVM_IOCTL_BASE, AXAS_TESTVM_CMD_INFO)

#endif /* _AXAS_TESTVM_UAPI_H */
