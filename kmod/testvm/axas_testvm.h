/* SPDX-License-Identifier: GPL-2.0 */
/*
 * axaddrspace_testvm: a minimal test hypervisor on AMD SVM with nested
 * paging or Intel VMX with EPT, over the in-kernel API of axaddrspace.
 *
 * Shared by every architecture:
 * axas_main.c     module init (the backend of this CPU), the misc device
 * axas_vcpu.c     a vCPU: binding to a space, the consumer, the run loop
 *
 * x86 only (Kbuild):
 * axas_x86.c      which of SVM and VMX this CPU has
 * axas_svm.c      SVM: checks, the VMCB, one VMRUN
 * axas_vmx.c      VMX: checks, VMXON, the VMCS, one VM entry, INVEPT
 * axas_guest_pt.c the guest's own identity-mapping page tables
 *
 * arm64 only (Kbuild):
 * axas_s2.c       stage 2 at EL2 (VHE): VTCR/VTTBR/HCR, exits, TLBI
 * axas_s2_entry.S the world switch and the vector table of guest runs
 *
 * riscv64 only (Kbuild):
 * axas_gstage.c   G-stage in HS-mode: hgatp, VS-mode CSRs, exits, fences
 * axas_gstage_entry.S the world switch and the trap entry of guest runs
 */
#ifndef _AXAS_TESTVM_H
#define _AXAS_TESTVM_H

#include <linux/axaddrspace.h>
#include <linux/completion.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include "axas_testvm_uapi.h"

/**
 * struct axas_gprs - guest registers that VMRUN and VM entry do not load
 * from their control block
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
 */
struct axas_gprs {
	u64 rbx, rcx, rdx, rsi, rdi, rbp;
	u64 r8, r9, r10, r11, r12, r13, r14, r15;
};

/**
 * struct axas_guest - what a fresh run starts from
 * @hw_root: the space's root pointer (nCR3, or the EPTP the backend
 *	checked and adjusted)
 * @cr3: the guest's CR3 (its PML4, a GPA)
 * @regs: the caller's registers
 */
struct axas_guest {
	u64 hw_root;
	u64 cr3;
	const struct axas_testvm_regs *regs;
};

/**
 * enum axas_exit_kind - what the run loop does after one guest entry
 * @AXAS_EXIT_RESUME: an interrupt, NMI or SMI took the CPU: enter again
 * @AXAS_EXIT_HLT: the guest halted; its RIP is past the HLT
 * @AXAS_EXIT_NPF: a nested page fault (an EPT violation) at @gpa
 * @AXAS_EXIT_MISCONFIG: an EPT misconfiguration at @gpa: a bug in the
 *	space's entries, reported and never retried
 * @AXAS_EXIT_OTHER: anything else ends the run
 */
enum axas_exit_kind {
	AXAS_EXIT_RESUME,
	AXAS_EXIT_HLT,
	AXAS_EXIT_NPF,
	AXAS_EXIT_MISCONFIG,
	AXAS_EXIT_OTHER,
};

/**
 * struct axas_exit - one exit in the backend's raw terms and in ours
 * @kind: enum axas_exit_kind
 * @access: AXAS_MAP_READ, WRITE or EXECUTE of a nested page fault
 * @code: the raw exit code (SVM) or basic exit reason (VMX)
 * @info1: EXITINFO1 (SVM) or the exit qualification (VMX)
 * @info2: EXITINFO2 (SVM) or the guest physical address (VMX)
 * @gpa: the faulting GPA of an NPF or a misconfiguration
 */
struct axas_exit {
	enum axas_exit_kind kind;
	u32 access;
	u64 code;
	u64 info1;
	u64 info2;
	u64 gpa;
};

struct axas_vcpu;

/**
 * struct axas_backend_ops - one way of running guests (SVM or VMX)
 * @name: for messages
 * @info: filled in by @init: the backend, the format it drives, its
 *	nested page fault exit code and the CPU's capabilities
 * @init: checks the CPU and allocates what the backend shares
 * @exit: frees it
 * @hw_root: the root pointer a run loads for a space of @l, in *@root;
 *	0 or a negative errno (-EINVAL: a format or pointer this CPU cannot
 *	walk)
 * @guest_pt: writes the guest's own page tables into its space before
 *	a run and returns their root (the guest's CR3); NULL when the guest
 *	runs without them (arm64: stage 1 off)
 * @vcpu_init: allocates the per-vCPU state
 * @vcpu_free: frees it
 * @setup: writes the state of a fresh run (no CPU state is touched)
 * @enter: one guest entry with interrupts off, until the next exit,
 *	invalidating the space's translations first when its flush argument
 *	is true; 0 with the exit filled in, or a negative errno (-EBUSY:
 *	another hypervisor owns this CPU's virtualization extension)
 * @get_regs: the guest's registers after the last exit
 * @flush_range: invalidates [@gpa, @gpa + @size) of @v's space on every
 *	CPU before it returns (arm64: TLBI IPAS2E1IS broadcasts); NULL when
 *	the CPU has no such invalidation, and a range flushes everything
 */
struct axas_backend_ops {
	const char *name;
	struct axas_testvm_info *info;
	int (*init)(void);
	void (*exit)(void);
	int (*hw_root)(const struct axas_space_layout *l, u64 *root);
	int (*guest_pt)(struct axas_space *as,
			const struct axas_space_layout *l, u64 *root);
	int (*vcpu_init)(struct axas_vcpu *v);
	void (*vcpu_free)(struct axas_vcpu *v);
	void (*setup)(struct axas_vcpu *v, const struct axas_guest *g);
	int (*enter)(struct axas_vcpu *v, bool flush, struct axas_exit *e);
	void (*get_regs)(struct axas_vcpu *v, struct axas_testvm_regs *r);
	void (*flush_range)(struct axas_vcpu *v, u64 gpa, u64 size);
};

/* axas_svm.c, axas_vmx.c (x86) */
extern const struct axas_backend_ops axas_svm_ops;
extern const struct axas_backend_ops axas_vmx_ops;

/* axas_x86.c, axas_s2.c or axas_gstage.c: the backend of this CPU, or NULL */
const struct axas_backend_ops *axas_arch_backend(void);

/* axas_main.c: the backend this CPU has */
extern const struct axas_backend_ops *axas_backend;

enum axas_vcpu_mode {
	AXAS_VCPU_OUTSIDE,
	AXAS_VCPU_IN_GUEST,
};

/**
 * struct axas_vcpu - one vCPU, one open file of the device
 * @lock: serialises runs and the binding
 * @as: the space of the first run, with a reference; NULL before, and
 *	again once the space was released
 * @consumer: its registration with @as
 * @mode: enum axas_vcpu_mode, read by the consumer callbacks
 * @cpu: the CPU it runs on while @mode is AXAS_VCPU_IN_GUEST
 * @last_cpu: the CPU of its last entry, -1 before the first
 * @flush: the next entry invalidates the space's translations
 * @dead: the space was released: never enter the guest on it again
 * @released: the consumer's release has returned
 * @tag: identifies the vCPU (and its space) in a CPU's last entry
 * @hw_root: the root pointer of its runs (from the backend's @hw_root)
 * @priv: the backend's per-vCPU state
 */
struct axas_vcpu {
	struct mutex lock;	/* runs and the binding */
	struct axas_space *as;
	struct axas_consumer consumer;
	int mode;
	int cpu;
	int last_cpu;
	atomic_t flush;
	bool dead;
	struct completion released;
	u64 tag;
	u64 hw_root;
	void *priv;
};

/* axas_vcpu.c */
struct axas_vcpu *axas_vcpu_create(void);
void axas_vcpu_destroy(struct axas_vcpu *v);
int axas_vcpu_run(struct axas_vcpu *v, struct axas_testvm_run *run);

/* axas_guest_pt.c */
int axas_guest_pt_write(struct axas_space *as,
			const struct axas_space_layout *l, u64 *cr3);

#endif /* _AXAS_TESTVM_H */
