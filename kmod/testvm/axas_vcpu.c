// SPDX-License-Identifier: GPL-2.0
/*
 * A vCPU: its binding to one address space, its consumer callbacks, and
 * the run loop.
 *
 * The backend (SVM, VMX or arm64 stage 2, struct axas_backend_ops) enters
 * the guest and decodes its exits; this file is the same for all.
 *
 * Invalidation follows KVM's remote TLB flush: a flush sets @flush, which
 * the next entry turns into TLB_CONTROL = 1 (SVM) or an INVEPT of the
 * space (VMX), and if the vCPU is in guest
 * mode on a CPU, interrupts that CPU and waits.  The vCPU publishes
 * AXAS_VCPU_IN_GUEST with a full barrier before it reads @flush and
 * @dead, the flusher sets @flush with a full barrier before it reads the
 * mode, so one of the two always sees the other: either the VMRUN flushes,
 * or the flusher's IPI is pending at VMRUN and forces an INTR exit at
 * once (external interrupts exit in both backends).  The IPI handler
 * runs on that CPU only once it has interrupts on
 * again, that is out of guest mode: when smp_call_function_single()
 * returns, the guest has stopped using the old translations.
 */
#include <linux/atomic.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/jiffies.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include "axas_testvm.h"

/* The same fault resolved this many times in a row ends the run. */
#define AXAS_NPF_REPEAT_MAX	16

static atomic64_t axas_vcpu_tags = ATOMIC64_INIT(0);

/* The last vCPU that ran on each CPU (TLB entries of ASID 1 or VPID 1). */
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

/*
 * x86 has no per-range flush (no flushbyasid; INVEPT has no range): all
 * of it.  arm64 invalidates the range on every CPU at once (TLBI ...IS)
 * and still kicks, so that a running guest re-walks from the next entry.
 */
static void axas_vcpu_flush_range(struct axas_consumer *c, u64 gpa, u64 size)
{
	struct axas_vcpu *v = container_of(c, struct axas_vcpu, consumer);

	if (!axas_backend->flush_range) {
		axas_vcpu_flush_all(c);
		return;
	}
	axas_backend->flush_range(v, gpa, size);
	axas_vcpu_kick(v);
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
	v->last_cpu = -1;
	ret = axas_backend->vcpu_init(v);
	if (ret)
		goto err_free;
	return v;

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
	axas_backend->vcpu_free(v);
	mutex_destroy(&v->lock);
	kfree(v);
}

/* The first run binds @v to the space of @fd; later ones must match. */
static int axas_vcpu_bind(struct axas_vcpu *v, int fd)
{
	struct axas_space_layout l;
	struct axas_space *as;
	u64 root;
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
	ret = axas_backend->hw_root(&l, &root);
	if (ret) {
		axas_space_put(as);
		return ret;
	}
	ret = axas_space_register_consumer(as, &v->consumer);
	if (ret) {
		axas_space_put(as);
		return ret;
	}
	v->as = as;
	v->hw_root = root;
	return 0;
}

/* One guest entry, pinned to this CPU with interrupts off around it. */
static int axas_vcpu_enter(struct axas_vcpu *v, struct axas_exit *e)
{
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
	/*
	 * Another vCPU ran here last, or this one ran elsewhere since: a
	 * flush while it ran there did not reach this CPU's TLB.
	 */
	flush = atomic_xchg(&v->flush, 0) ||
		__this_cpu_read(axas_last_tag) != v->tag ||
		v->last_cpu != smp_processor_id();
	ret = axas_backend->enter(v, flush, e);
	if (ret) {
		/* not flushed: the next entry must */
		if (flush)
			atomic_set(&v->flush, 1);
		goto out;
	}
	__this_cpu_write(axas_last_tag, v->tag);
	v->last_cpu = smp_processor_id();
out:
	/* the exit state is written back before the mode says so */
	smp_store_release(&v->mode, AXAS_VCPU_OUTSIDE);
	/* an interrupt that made the guest exit is taken here */
	local_irq_enable();
	return ret;
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
			  const struct axas_exit *e, struct axas_npf_state *st)
{
	u64 gpa = e->gpa;
	u32 access = e->access;
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
	struct axas_npf_state st = { 0 };
	struct axas_exit e;
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
		ret = axas_vcpu_enter(v, &e);
		if (ret)
			return ret;
		run->vmruns++;
		run->exit_code = e.code;
		run->exit_info1 = e.info1;
		run->exit_info2 = e.info2;
		switch (e.kind) {
		case AXAS_EXIT_RESUME:
			continue;
		case AXAS_EXIT_HLT:
			run->exit_reason = AXAS_TESTVM_EXIT_HLT;
			return 0;
		case AXAS_EXIT_NPF:
			if (axas_vcpu_npf(v, run, &e, &st))
				continue;
			run->exit_reason = AXAS_TESTVM_EXIT_NPF;
			return 0;
		case AXAS_EXIT_MISCONFIG:
			/* our entry is wrong: say where, never retry */
			pr_err("axaddrspace_testvm: EPT misconfiguration at GPA %#llx (EPTP %#llx)\n",
			       e.gpa, v->hw_root);
			run->gpa = e.gpa;
			run->exit_reason = AXAS_TESTVM_EXIT_MISCONFIG;
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
	struct axas_guest g;
	u64 cr3 = 0;
	int ret;

	mutex_lock(&v->lock);
	ret = READ_ONCE(v->dead) ? -ENODEV : axas_vcpu_bind(v, run->space_fd);
	if (ret)
		goto out;
	axas_space_get_layout(v->as, &l);
	if (axas_backend->guest_pt) {
		ret = axas_backend->guest_pt(v->as, &l, &cr3);
		if (ret)
			goto out;
	}
	g = (struct axas_guest){
		.hw_root = v->hw_root, .cr3 = cr3, .regs = &run->regs,
	};
	axas_backend->setup(v, &g);
	/* the guest's page tables were rewritten: its TLB goes too */
	atomic_set(&v->flush, 1);
	ret = axas_vcpu_loop(v, run);
	axas_backend->get_regs(v, &run->regs);
out:
	mutex_unlock(&v->lock);
	return ret;
}
