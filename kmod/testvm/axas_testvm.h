/* SPDX-License-Identifier: GPL-2.0 */
/*
 * axaddrspace_testvm: a minimal test hypervisor on AMD SVM with nested
 * paging, over the in-kernel API of axaddrspace.
 *
 * axas_main.c     module init, the misc device, the ioctl
 * axas_svm.c      SVM on this CPU: checks, the VMCB, one VMRUN
 * axas_vcpu.c     a vCPU: binding to a space, the consumer, the run loop
 * axas_guest_pt.c the guest's own identity-mapping page tables
 */
#ifndef _AXAS_TESTVM_H
#define _AXAS_TESTVM_H

#include <linux/axaddrspace.h>
#include <linux/completion.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include "axas_testvm_uapi.h"

struct vmcb;

/**
 * struct axas_svm_gprs - guest registers VMRUN does not load from the VMCB
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
struct axas_svm_gprs {
	u64 rbx, rcx, rdx, rsi, rdi, rbp;
	u64 r8, r9, r10, r11, r12, r13, r14, r15;
};

/**
 * struct axas_svm_guest - what the VMCB of a run starts from
 * @ncr3: nCR3, the space's root
 * @cr3: the guest's CR3 (its PML4, a GPA)
 * @regs: the caller's registers
 */
struct axas_svm_guest {
	u64 ncr3;
	u64 cr3;
	const struct axas_testvm_regs *regs;
};

/**
 * struct axas_svm_saved - the CPU's SVM state before a VMRUN
 * @efer: EFER
 * @hsave_pa: MSR_VM_HSAVE_PA
 */
struct axas_svm_saved {
	u64 efer;
	u64 hsave_pa;
};

/* axas_svm.c */
int axas_svm_init(void);
void axas_svm_exit(void);
void axas_svm_vmcb_init(struct vmcb *vmcb, const struct axas_svm_guest *g);
int axas_svm_enable(u64 hsave_pa, struct axas_svm_saved *saved);
void axas_svm_disable(const struct axas_svm_saved *saved);
void axas_svm_vmrun(u64 vmcb_pa, struct axas_svm_gprs *g);

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
 * @flush: the next VMRUN flushes the TLB (TLB_CONTROL = 1)
 * @dead: the space was released: never VMRUN on it again
 * @released: the consumer's release has returned
 * @tag: identifies the vCPU (and its space) in a CPU's last VMRUN
 * @vmcb_frame: the VMCB
 * @hsave_frame: the host save area of its VMRUNs (MSR_VM_HSAVE_PA)
 * @vmcb: @vmcb_frame's kernel address
 * @gprs: the guest registers outside the VMCB
 */
struct axas_vcpu {
	struct mutex lock;	/* runs and the binding */
	struct axas_space *as;
	struct axas_consumer consumer;
	int mode;
	int cpu;
	atomic_t flush;
	bool dead;
	struct completion released;
	u64 tag;
	struct axas_frame vmcb_frame;
	struct axas_frame hsave_frame;
	struct vmcb *vmcb;
	struct axas_svm_gprs gprs;
};

/* axas_vcpu.c */
struct axas_vcpu *axas_vcpu_create(void);
void axas_vcpu_destroy(struct axas_vcpu *v);
int axas_vcpu_run(struct axas_vcpu *v, struct axas_testvm_run *run);

/* axas_guest_pt.c */
int axas_guest_pt_write(struct axas_space *as,
			const struct axas_space_layout *l, u64 *cr3);

#endif /* _AXAS_TESTVM_H */
