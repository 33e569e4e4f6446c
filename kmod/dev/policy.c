// SPDX-License-Identifier: GPL-2.0
/*
 * Who may do what (DESIGN §6): raw host physical mappings, the visibility
 * of host physical addresses, and inspection of another process's space.
 */
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/ioport.h>
#include <linux/module.h>
#include <linux/overflow.h>
#include <linux/sched.h>
#include <linux/sched/coredump.h>
#include <linux/sched/mm.h>
#include <linux/security.h>
#include <linux/user_namespace.h>
#include <asm/processor.h>
#include "policy.h"

static bool allow_ram_linear;
module_param(allow_ram_linear, bool, 0644);
MODULE_PARM_DESC(allow_ram_linear,
		 "let MAP_LINEAR cover System RAM (default: MMIO only)");

/**
 * axas_policy_ram_linear_allowed() - the allow_ram_linear parameter
 *
 * Return: true when MAP_LINEAR may cover System RAM.
 */
bool axas_policy_ram_linear_allowed(void)
{
	return READ_ONCE(allow_ram_linear);
}

/**
 * axas_policy_phys_bits() - physical address width of this CPU
 *
 * Return: MAXPHYADDR (CPUID 0x80000008) on x86; elsewhere the widest
 * physical address the kernel supports.
 */
unsigned int axas_policy_phys_bits(void)
{
#ifdef CONFIG_X86
	return boot_cpu_data.x86_phys_bits;
#else
	return MAX_PHYSMEM_BITS;
#endif
}

/**
 * axas_policy_linear() - may the caller map [@hpa, @hpa + @size) raw?
 * @hpa: first host physical address, 4 KiB aligned
 * @size: bytes, a non-zero multiple of 4 KiB
 *
 * Needs CAP_SYS_RAWIO and no kernel lockdown of /dev/mem-like access; the
 * range must lie below the CPU's physical address width and, unless the
 * administrator set allow_ram_linear, outside System RAM.
 *
 * Return: 0; -EPERM (capability, lockdown, System RAM); -ERANGE (beyond
 * the physical address width).
 */
int axas_policy_linear(u64 hpa, u64 size)
{
	u64 end;
	int ret;

	if (!capable(CAP_SYS_RAWIO))
		return -EPERM;
	ret = security_locked_down(LOCKDOWN_DEV_MEM);
	if (ret)
		return ret;
	if (check_add_overflow(hpa, size, &end) ||
	    end > BIT_ULL(axas_policy_phys_bits()))
		return -ERANGE;
	if (!axas_policy_ram_linear_allowed() &&
	    region_intersects(hpa, size, IORESOURCE_SYSTEM_RAM,
			      IORES_DESC_NONE) != REGION_DISJOINT)
		return -EPERM;
	return 0;
}

/**
 * axas_policy_show_hpa() - may host physical addresses be shown?
 * @file: the file the request came through
 *
 * As /proc/PID/pagemap: only to CAP_SYS_ADMIN, and only through a file
 * that was opened with it, so a descriptor handed to a less privileged
 * process (or a privileged process fooled into using one) reveals nothing.
 *
 * Return: true when both the caller and the opener of @file have
 * CAP_SYS_ADMIN.
 */
bool axas_policy_show_hpa(struct file *file)
{
	return file_ns_capable(file, &init_user_ns, CAP_SYS_ADMIN) &&
	       has_capability_noaudit(current, CAP_SYS_ADMIN);
}

/*
 * The checks of __ptrace_may_access() for PTRACE_MODE_READ_FSCREDS, which
 * modules cannot call (ptrace_may_access() is not exported): the same
 * thread group; or the caller's fsuid/fsgid equal to every uid/gid of the
 * target, or CAP_SYS_PTRACE in the target's user namespace; and a target
 * that is dumpable, or CAP_SYS_PTRACE over its mm.  The LSM hook (Yama
 * and others) is not consulted.
 */
static bool axas_policy_may_read_task(struct task_struct *task)
{
	const struct cred *cred = current_cred(), *tcred;
	struct mm_struct *mm;
	bool ok;

	if (same_thread_group(task, current))
		return true;
	rcu_read_lock();
	tcred = __task_cred(task);
	ok = (uid_eq(cred->fsuid, tcred->euid) &&
	      uid_eq(cred->fsuid, tcred->suid) &&
	      uid_eq(cred->fsuid, tcred->uid) &&
	      gid_eq(cred->fsgid, tcred->egid) &&
	      gid_eq(cred->fsgid, tcred->sgid) &&
	      gid_eq(cred->fsgid, tcred->gid)) ||
	     ns_capable_noaudit(tcred->user_ns, CAP_SYS_PTRACE);
	rcu_read_unlock();
	if (!ok)
		return false;

	mm = get_task_mm(task);
	if (mm) {
		ok = get_dumpable(mm) == SUID_DUMP_USER ||
		     ns_capable_noaudit(mm->user_ns, CAP_SYS_PTRACE);
		mmput(mm);
	}
	return ok;
}

/**
 * axas_policy_may_inspect() - may the caller inspect a space of @owner?
 * @owner: the thread group that created the space
 *
 * Inspection reads guest memory, so it needs the right to read the
 * owner's memory (see axas_policy_may_read_task()); once the owner has
 * exited, CAP_SYS_PTRACE.
 *
 * Return: true when allowed.
 */
bool axas_policy_may_inspect(struct pid *owner)
{
	struct task_struct *task = get_pid_task(owner, PIDTYPE_TGID);
	bool ok;

	if (!task)
		return capable(CAP_SYS_PTRACE);
	ok = axas_policy_may_read_task(task);
	put_task_struct(task);
	return ok;
}
