// SPDX-License-Identifier: GPL-2.0
/*
 * A vCPU: its binding to one address space, its consumer callbacks, and
 * the run loop.
 *
 * Invalidation follows KVM's remote TLB flush: a flush sets @flush, which
 * the next VMRUN turns into TLB_CONTROL = 1, and if the vCPU is in guest
 * mode on a CPU, interrupts that CPU and waits.  The vCPU publishes
 * AXAS_VCPU_IN_GUEST with a full barrier before it reads @flush and
 * @dead, the flusher sets @flush with a full barrier before it reads the
 * mode, so one of the two always sees the other: either the VMRUN flushes,
 * or the flusher's IPI is pending at VMRUN and forces an INTR exit at
 * once.  The IPI handler runs on that CPU only once it has interrupts on
 * again, that is out of guest mode: when smp_call_function_single()
 * returns, the guest has stopped using the old translations.
 */
#include <linux/atomic.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/jiffies.h>
#include <linux/percpu.h>
#include <linux/pgtable.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <asm/svm.h>
#include "axas_testvm.h"

/* NPF error code (EXITINFO1) bits */
#define AXAS_NPF_WRITE		BIT_ULL(1)
#define AXAS_NPF_FETCH		BIT_ULL(4)

/* The same fault resolved this many times in a row ends the run. */
#define AXAS_NPF_REPEAT_MAX	16

static atomic64_t axas_vcpu_tags = ATOMIC64_INIT(0);

/* The tag of the last vCPU that ran on each CPU (TLB entries of ASID 1). */
static DEFINE_PER_CPU(u64, axas_last_tag);

static void axas_vcpu_nop(void *unused)
{
}

/* Force @v out of guest mode, if it is in it, and wait until it left. */
static void axas_vcpu_kick(struct axas_vcpu *v)
{
	/* @flush or @dead before the mode: pairs with axas_vcpu_enter() */
	smp_mb();
	/* the mode before @cpu, which is written before it */
	if (smp_load_acquire(&v->mode) == AXAS_VCPU_IN_GUEST)
		smp_call_function_single(READ_ONCE(v->cpu), axas_vcpu_nop,
					 NULL, 1);
}

static void axas_vcpu_flush_all(struct axas_consumer *c)
{
	struct axas_vcpu *v = container_of(c, struct axas_vcpu, consumer);

	atomic_set(&v->flush, 1);
	axas_vcpu_kick(v);
}

/* No per-range flush without flushbyasid: the whole ASID goes. */
static void axas_vcpu_flush_range(struct axas_consumer *c, u64 gpa, u64 size)
{
	axas_vcpu_flush_all(c);
}

/*
 * The space's VMM destroyed it: no VMRUN on it any more, and the vCPU's
 * reference goes now (the VMM's own is dropped last, after this).
 */
static void axas_vcpu_release(struct axas_consumer *c)
{
	struct axas_vcpu *v = container_of(c, struct axas_vcpu, consumer);
	struct axas_space *as;

	WRITE_ONCE(v->dead, true);
	axas_vcpu_kick(v);
	/* a run in progress sees @dead at its next VMRUN and ends */
	mutex_lock(&v->lock);
	as = v->as;
	v->as = NULL;
	mutex_unlock(&v->lock);
	axas_space_put(as);
	complete(&v->released);
}

static const struct axas_consumer_ops axas_vcpu_consumer_ops = {
	.flush_range = axas_vcpu_flush_range,
	.flush_all = axas_vcpu_flush_all,
	.release = axas_vcpu_release,
};

/**
 * axas_vcpu_create() - a vCPU bound to no space yet
 *
 * Return: the vCPU, or an ERR_PTR (-ENOMEM).
 */
struct axas_vcpu *axas_vcpu_create(void)
{
	struct axas_vcpu *v = kzalloc(sizeof(*v), GFP_KERNEL_ACCOUNT);
	int ret;

	if (!v)
		return ERR_PTR(-ENOMEM);
	mutex_init(&v->lock);
	init_completion(&v->released);
	v->consumer.ops = &axas_vcpu_consumer_ops;
	v->tag = atomic64_inc_return(&axas_vcpu_tags);
	ret = axas_frame_alloc_zero(axas_module_hal(), &v->vmcb_frame);
	if (ret)
		goto err_free;
	ret = axas_frame_alloc_zero(axas_module_hal(), &v->hsave_frame);
	if (ret)
		goto err_vmcb;
	v->vmcb = axas_frame_as_mut_ptr(&v->vmcb_frame);
	return v;

err_vmcb:
	axas_frame_release(&v->vmcb_frame);
err_free:
	mutex_destroy(&v->lock);
	kfree(v);
	return ERR_PTR(ret);
}

/**
 * axas_vcpu_destroy() - unbind and free a vCPU
 * @v: the vCPU; not running
 */
void axas_vcpu_destroy(struct axas_vcpu *v)
{
	if (READ_ONCE(v->dead)) {
		wait_for_completion(&v->released);
	} else if (v->as) {
		axas_space_unregister_consumer(v->as, &v->consumer);
		axas_space_put(v->as);
	}
	axas_frame_release(&v->hsave_frame);
	axas_frame_release(&v->vmcb_frame);
	mutex_destroy(&v->lock);
	kfree(v);
}

/* The nested walk uses the host's paging mode: 5 levels with LA57. */
static bool axas_vcpu_format_ok(const struct axas_space_layout *l)
{
	return l->format == (pgtable_l5_enabled() ? AXAS_FMT_NPT5 :
						    AXAS_FMT_NPT4);
}

/* The first run binds @v to the space of @fd; later ones must match. */
static int axas_vcpu_bind(struct axas_vcpu *v, int fd)
{
	struct axas_space_layout l;
	struct axas_space *as;
	int ret;

	as = axas_space_get_fd(fd);
	if (IS_ERR(as))
		return PTR_ERR(as);
	if (v->as) {
		ret = as == v->as ? 0 : -EBUSY;
		axas_space_put(as);
		return ret;
	}
	axas_space_get_layout(as, &l);
	if (!axas_vcpu_format_ok(&l)) {
		axas_space_put(as);
		return -EINVAL;
	}
	ret = axas_space_register_consumer(as, &v->consumer);
	if (ret) {
		axas_space_put(as);
		return ret;
	}
	v->as = as;
	return 0;
}

/* One VMRUN, pinned to this CPU with interrupts off around it. */
static int axas_vcpu_enter(struct axas_vcpu *v)
{
	u64 vmcb_pa = axas_hpa_val(axas_frame_start_paddr(&v->vmcb_frame));
	u64 hsave_pa = axas_hpa_val(axas_frame_start_paddr(&v->hsave_frame));
	struct axas_svm_saved saved;
	bool flush;
	int ret;

	local_irq_disable();
	WRITE_ONCE(v->cpu, smp_processor_id());
	/* the mode before @dead and @flush: pairs with axas_vcpu_kick() */
	smp_store_mb(v->mode, AXAS_VCPU_IN_GUEST);
	if (READ_ONCE(v->dead)) {
		ret = -ENODEV;
		goto out;
	}
	ret = axas_svm_enable(hsave_pa, &saved);
	if (ret)
		goto out;
	flush = atomic_xchg(&v->flush, 0) ||
		__this_cpu_read(axas_last_tag) != v->tag;
	__this_cpu_write(axas_last_tag, v->tag);
	v->vmcb->control.tlb_ctl = flush ? TLB_CONTROL_FLUSH_ALL_ASID :
					   TLB_CONTROL_DO_NOTHING;
	v->vmcb->control.clean = 0;
	axas_svm_vmrun(vmcb_pa, &v->gprs);
	axas_svm_disable(&saved);
out:
	/* the VMCB is written back before the mode says so */
	smp_store_release(&v->mode, AXAS_VCPU_OUTSIDE);
	/* an interrupt that made the guest exit is taken here */
	local_irq_enable();
	return ret;
}

static u32 axas_npf_access(u64 error_code)
{
	if (error_code & AXAS_NPF_FETCH)
		return AXAS_MAP_EXECUTE;
	if (error_code & AXAS_NPF_WRITE)
		return AXAS_MAP_WRITE;
	return AXAS_MAP_READ;
}

static void axas_vcpu_load_regs(struct axas_vcpu *v,
				const struct axas_testvm_regs *r)
{
	v->gprs = (struct axas_svm_gprs){
		.rbx = r->rbx, .rcx = r->rcx, .rdx = r->rdx, .rsi = r->rsi,
		.rdi = r->rdi, .rbp = r->rbp, .r8 = r->r8, .r9 = r->r9,
		.r10 = r->r10, .r11 = r->r11, .r12 = r->r12, .r13 = r->r13,
		.r14 = r->r14, .r15 = r->r15,
	};
}

static void axas_vcpu_store_regs(const struct axas_vcpu *v,
				 struct axas_testvm_regs *r)
{
	const struct vmcb_save_area *s = &v->vmcb->save;
	const struct axas_svm_gprs *g = &v->gprs;

	*r = (struct axas_testvm_regs){
		.rax = s->rax, .rbx = g->rbx, .rcx = g->rcx, .rdx = g->rdx,
		.rsi = g->rsi, .rdi = g->rdi, .rbp = g->rbp, .rsp = s->rsp,
		.r8 = g->r8, .r9 = g->r9, .r10 = g->r10, .r11 = g->r11,
		.r12 = g->r12, .r13 = g->r13, .r14 = g->r14, .r15 = g->r15,
		.rip = s->rip, .rflags = s->rflags,
	};
}

/* Tracks nested page faults that keep coming back at the same place. */
struct axas_npf_state {
	u64 last_page;
	u32 last_access;
	unsigned int repeat;
};

/*
 * A nested page fault: resolved by the space (return true, the guest
 * resumes), or the end of the run.
 */
static bool axas_vcpu_npf(struct axas_vcpu *v, struct axas_testvm_run *run,
			  struct axas_npf_state *st)
{
	const struct vmcb_control_area *c = &v->vmcb->control;
	u64 gpa = c->exit_info_2;
	u32 access = axas_npf_access(c->exit_info_1);
	int ret;

	run->gpa = gpa;
	run->access = access;
	if (st->repeat && st->last_page == (gpa & PAGE_MASK) &&
	    st->last_access == access) {
		if (++st->repeat > AXAS_NPF_REPEAT_MAX) {
			run->fault_errno = -ELOOP;
			return false;
		}
	} else {
		st->last_page = gpa & PAGE_MASK;
		st->last_access = access;
		st->repeat = 1;
	}
	ret = axas_space_handle_fault(v->as, axas_gpa(gpa), access);
	if (ret) {
		run->fault_errno = ret;
		return false;
	}
	run->faults++;
	return true;
}

/*
 * Runs the guest until an exit that ends the run; returns 0 with
 * @run->exit_reason set, or a negative errno.
 */
static int axas_vcpu_loop(struct axas_vcpu *v, struct axas_testvm_run *run)
{
	unsigned int ms = run->timeout_ms ?: AXAS_TESTVM_TIMEOUT_MS;
	unsigned long deadline = jiffies + msecs_to_jiffies(ms);
	struct vmcb_control_area *c = &v->vmcb->control;
	struct axas_npf_state st = { 0 };
	int ret;

	for (;;) {
		if (signal_pending(current)) {
			run->exit_reason = AXAS_TESTVM_EXIT_SIGNAL;
			return 0;
		}
		if (time_after(jiffies, deadline)) {
			run->exit_reason = AXAS_TESTVM_EXIT_TIMEOUT;
			return 0;
		}
		cond_resched();
		ret = axas_vcpu_enter(v);
		if (ret)
			return ret;
		run->vmruns++;
		run->exit_code = (u64)c->exit_code_hi << 32 | c->exit_code;
		run->exit_info1 = c->exit_info_1;
		run->exit_info2 = c->exit_info_2;
		switch (run->exit_code) {
		case SVM_EXIT_INTR:
		case SVM_EXIT_NMI:
		case SVM_EXIT_SMI:
			continue;
		case SVM_EXIT_HLT:
			/* no nrip_save: HLT is one byte (0xf4) */
			v->vmcb->save.rip++;
			run->exit_reason = AXAS_TESTVM_EXIT_HLT;
			return 0;
		case SVM_EXIT_NPF:
			if (axas_vcpu_npf(v, run, &st))
				continue;
			run->exit_reason = AXAS_TESTVM_EXIT_NPF;
			return 0;
		default:
			run->exit_reason = AXAS_TESTVM_EXIT_OTHER;
			return 0;
		}
	}
}

/**
 * axas_vcpu_run() - AXAS_TESTVM_RUN
 * @v: the vCPU
 * @run: the caller's request; the outputs are filled in
 *
 * Return: 0 with the exit in @run, or a negative errno (see struct
 * axas_testvm_run).
 */
int axas_vcpu_run(struct axas_vcpu *v, struct axas_testvm_run *run)
{
	struct axas_space_layout l;
	struct axas_svm_guest g;
	u64 cr3;
	int ret;

	mutex_lock(&v->lock);
	ret = READ_ONCE(v->dead) ? -ENODEV : axas_vcpu_bind(v, run->space_fd);
	if (ret)
		goto out;
	axas_space_get_layout(v->as, &l);
	ret = axas_guest_pt_write(v->as, &l, &cr3);
	if (ret)
		goto out;
	g = (struct axas_svm_guest){
		.ncr3 = l.hw_root, .cr3 = cr3, .regs = &run->regs,
	};
	axas_svm_vmcb_init(v->vmcb, &g);
	axas_vcpu_load_regs(v, &run->regs);
	atomic_set(&v->flush, 1);
	ret = axas_vcpu_loop(v, run);
	axas_vcpu_store_regs(v, &run->regs);
out:
	mutex_unlock(&v->lock);
	return ret;
}
