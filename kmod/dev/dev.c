// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/axaddrspace: the misc device and its ioctls (version, information,
 * creating, listing and opening spaces).
 */
#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/user_namespace.h>
#include <uapi/linux/axaddrspace.h>
#include "../axas.h"
#include "dev.h"
#include "handle.h"
#include "ioctl.h"
#include "policy.h"

static int axas_ioc_version(struct axas_ucmd *ucmd)
{
	struct axas_version *v = ucmd->cmd;

	if (v->__reserved)
		return -EINVAL;
	v->size = sizeof(*v);
	v->api_version = AXAS_API_VERSION;
	v->module_version = AXAS_VERSION_CODE;
	return 0;
}

/*
 * The module-wide registry (listing, opening by identifier) and counters
 * are for the administrator of the machine alone: whether another user
 * may see a space is decided by the kernel's own checks on that user's
 * process (procfs for fdinfo, pidfd_getfd() for the descriptor).
 */
static bool axas_dev_admin(void)
{
	return ns_capable_noaudit(&init_user_ns, CAP_SYS_ADMIN);
}

static int axas_ioc_get_info(struct axas_ucmd *ucmd)
{
	struct axas_info *info = ucmd->cmd;
	bool admin = axas_dev_admin();

	if (info->flags)
		return -EINVAL;
	*info = (struct axas_info){
		.size = sizeof(*info),
		.api_version = AXAS_API_VERSION,
		.module_version = AXAS_VERSION_CODE,
		.formats = GENMASK_ULL(AXAS_FMT_NR - 1, 0),
		.native_format = axas_space_native_format(),
		.map_flags = AXAS_MAP_FLAGS_ALL,
		.create_flags = AXAS_CREATE_MMAP_EXEC,
		.linear_flags = AXAS_LINEAR_NOHUGE | AXAS_LINEAR_LOG_DIRTY,
		.alloc_flags = AXAS_ALLOC_POPULATE | AXAS_ALLOC_LOG_DIRTY |
			       AXAS_ALLOC_NO_HUGE,
		.user_flags = AXAS_USER_LOG_DIRTY,
		.walk_flags = AXAS_WALK_TABLES,
		.access_flags = AXAS_ACCESS_WRITE,
		.page_sizes = AXAS_PAGE_SIZE | AXAS_SZ_2M | AXAS_SZ_1G,
		.max_segs = AXAS_MAX_SEGS,
		.max_entries = AXAS_MAX_ENTRIES,
		.phys_addr_bits = axas_policy_phys_bits(),
		.allow_ram_linear = axas_policy_ram_linear_allowed(),
		.nr_spaces = admin ? axas_handle_count() : 0,
		.frames = admin ? axas_hal_global_frames() : 0,
		.table_pages = admin ? axas_hal_global_table_pages() : 0,
		.pinned_pages = admin ? axas_user_global_pinned() : 0,
	};
	return 0;
}

static int axas_ioc_create_space(struct axas_ucmd *ucmd)
{
	struct axas_create_space *cmd = ucmd->cmd;
	struct axas_handle *h;
	struct file *file;
	int ret;

	if ((cmd->flags & ~AXAS_CREATE_MMAP_EXEC) || cmd->format >= AXAS_FMT_NR)
		return -EINVAL;
	ret = axas_handle_create(cmd->format, cmd->gpa_bits, cmd->base,
				 cmd->length, cmd->vmid, cmd->flags, &h);
	if (ret)
		return ret;
	file = axas_handle_file(h, true);
	if (IS_ERR(file)) {
		ret = PTR_ERR(file);
	} else {
		cmd->id = h->id;
		ret = axas_ucmd_new_fd(ucmd, file, &cmd->fd);
	}
	/* the file holds its own reference; on error this frees the space */
	axas_handle_put(h);
	return ret;
}

static int axas_ioc_list_spaces(struct axas_ucmd *ucmd)
{
	struct axas_list_spaces *cmd = ucmd->cmd;
	unsigned int max = min_t(u32, cmd->nr_entries, AXAS_MAX_ENTRIES), n;
	struct axas_space_desc *d;
	int ret;

	if (cmd->flags || cmd->entry_size < sizeof(*d) ||
	    cmd->entry_size > AXAS_MAX_ENTRY_SIZE || !max)
		return -EINVAL;
	if (!axas_dev_admin())
		return -EPERM;
	d = kvcalloc(max, sizeof(*d), GFP_KERNEL);
	if (!d)
		return -ENOMEM;
	ret = axas_handle_list(cmd->start_id, d, max, &n, &cmd->next_id);
	if (!ret)
		ret = axas_copy_entries(cmd->entries, cmd->entry_size, d,
					sizeof(*d), n);
	if (!ret)
		cmd->nr_entries = n;
	kvfree(d);
	return ret;
}

static int axas_ioc_open_space(struct axas_ucmd *ucmd)
{
	struct axas_open_space *cmd = ucmd->cmd;
	struct axas_handle *h;
	struct file *file;
	int ret;

	if (cmd->flags)
		return -EINVAL;
	/* before the lookup: an unknown id answers as a forbidden one */
	if (!axas_dev_admin())
		return -EPERM;
	h = axas_handle_lookup(cmd->id);
	if (!h)
		return -ENOENT;
	file = axas_handle_file(h, false);
	if (IS_ERR(file))
		ret = PTR_ERR(file);
	else
		ret = axas_ucmd_new_fd(ucmd, file, &cmd->fd);
	axas_handle_put(h);
	return ret;
}

/* Rows indexed from command 0: the commands of /dev/axaddrspace. */
#define AXAS_DEV_OP(_ioctl, _fn, _struct, _last)			\
	AXAS_IOCTL_OP(AXAS_CMD_VERSION, _ioctl, _fn, _struct, _last)
#define AXAS_DEV_OP_WO(_ioctl, _fn, _struct, _last)			\
	AXAS_IOCTL_OP_WO(AXAS_CMD_VERSION, _ioctl, _fn, _struct, _last)

static const struct axas_ioctl_op axas_dev_ioctls[] = {
	AXAS_DEV_OP(AXAS_IOC_VERSION, axas_ioc_version, struct axas_version,
		    module_version),
	AXAS_DEV_OP(AXAS_IOC_GET_INFO, axas_ioc_get_info, struct axas_info,
		    pinned_pages),
	/* creating needs /dev/axaddrspace open for writing */
	AXAS_DEV_OP_WO(AXAS_IOC_CREATE_SPACE, axas_ioc_create_space,
		       struct axas_create_space, id),
	AXAS_DEV_OP(AXAS_IOC_LIST_SPACES, axas_ioc_list_spaces,
		    struct axas_list_spaces, entries),
	AXAS_DEV_OP(AXAS_IOC_OPEN_SPACE, axas_ioc_open_space,
		    struct axas_open_space, fd),
};

static long axas_dev_ioctl(struct file *file, unsigned int cmd,
			   unsigned long arg)
{
	return axas_ioctl_dispatch(axas_dev_ioctls, AXAS_CMD_VERSION,
				   ARRAY_SIZE(axas_dev_ioctls), file, cmd, arg);
}

static const struct file_operations axas_dev_fops = {
	.owner = THIS_MODULE,
	.open = nonseekable_open,
	.unlocked_ioctl = axas_dev_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice axas_miscdev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "axaddrspace",
	.fops = &axas_dev_fops,
	.mode = 0600,
};

/**
 * axas_dev_init() - register /dev/axaddrspace
 *
 * Return: 0 or the error of misc_register().
 */
int axas_dev_init(void)
{
	return misc_register(&axas_miscdev);
}

/**
 * axas_dev_exit() - unregister /dev/axaddrspace
 */
void axas_dev_exit(void)
{
	misc_deregister(&axas_miscdev);
}
