// SPDX-License-Identifier: GPL-2.0
/*
 * Who may do what (DESIGN §6): raw host physical mappings and the
 * visibility of host physical addresses.  Inspection of another
 * process's space is not decided here: the inspector obtains the
 * descriptor with pidfd_getfd(), which applies the kernel's ptrace check
 * (namespaces, dumpability, LSMs such as Yama), and lists spaces through
 * /proc/PID/fdinfo, which applies the ptrace read check.
 */
#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/ioport.h>
#include <linux/module.h>
#include <linux/overflow.h>
#include <linux/security.h>
#include <linux/user_namespace.h>
#include "../space/addrspace.h"
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
 * Return: MAXPHYADDR (CPUID 0x80000008) on x86, the PARange capped at 48
 * on arm64, 56 on RISC-V (probed by the space layer at load).
 */
unsigned int axas_policy_phys_bits(void)
{
	return axas_space_phys_bits();
}

/* walk_iomem_res_desc() callback: stop at the first match. */
static int axas_policy_hit_ram(struct resource *res, void *arg)
{
	return 1;
}

/**
 * axas_policy_linear() - may the caller map [@hpa, @hpa + @size) raw?
 * @hpa: first host physical address, 4 KiB aligned
 * @size: bytes, a non-zero multiple of 4 KiB
 *
 * Needs CAP_SYS_RAWIO and no kernel lockdown of /dev/mem-like access; the
 * range must lie below the CPU's physical address width and, unless the
 * administrator set allow_ram_linear, outside System RAM, at every level
 * of the resource tree (RAM nested below another resource counts).
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
	/* the walk descends the whole tree: RAM below another resource too */
	if (!axas_policy_ram_linear_allowed() &&
	    walk_iomem_res_desc(IORES_DESC_NONE, IORESOURCE_SYSTEM_RAM, hpa,
				end - 1, NULL, axas_policy_hit_ram) > 0)
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
