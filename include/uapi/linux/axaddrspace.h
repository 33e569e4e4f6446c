/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * axaddrspace: guest physical address spaces over second-stage page tables.
 *
 * User-space ABI of /dev/axaddrspace.  Every structure has fixed-width
 * fields, explicit padding and a size that is a multiple of 8 bytes.
 * Reserved fields and undefined flag bits must be zero.
 */
#ifndef _UAPI_LINUX_AXADDRSPACE_H
#define _UAPI_LINUX_AXADDRSPACE_H

#include <linux/types.h>
#include <linux/ioctl.h>

#define AXAS_API_VERSION	1

/**
 * DOC: mapping flags
 *
 * Permissions and attributes of a mapping, as in the seed's MappingFlags.
 * A mapping with none of READ, WRITE and EXECUTE is legal: it is present
 * in the address space but gives the guest no access.  DEVICE selects a
 * device memory type, UNCACHED a normal non-cacheable one.
 */
#define AXAS_MAP_READ		(1U << 0)
#define AXAS_MAP_WRITE		(1U << 1)
#define AXAS_MAP_EXECUTE	(1U << 2)
#define AXAS_MAP_USER		(1U << 3)
#define AXAS_MAP_DEVICE		(1U << 4)
#define AXAS_MAP_UNCACHED	(1U << 5)
#define AXAS_MAP_FLAGS_ALL	0x3fU

/**
 * enum axas_format - second-stage page-table formats
 * @AXAS_FMT_NATIVE: the host's own format (EPT4 on x86-64, ARM_S2 with a
 *	40-bit IPA on arm64, SV48X4 on RISC-V)
 * @AXAS_FMT_EPT4: Intel EPT, 4 levels, 48-bit GPA
 * @AXAS_FMT_EPT5: Intel EPT, 5 levels, 57-bit GPA
 * @AXAS_FMT_NPT4: AMD nested paging (x86-64 long mode), 4 levels, 48 bits
 * @AXAS_FMT_NPT5: AMD nested paging, 5 levels, 57 bits
 * @AXAS_FMT_ARM_S2: arm64 stage 2, 4 KiB granule; IPA width 32..48 bits
 *	chosen at creation (default 40)
 * @AXAS_FMT_SV39X4: RISC-V G-stage Sv39x4, 41-bit GPA
 * @AXAS_FMT_SV48X4: RISC-V G-stage Sv48x4, 50-bit GPA
 * @AXAS_FMT_SV57X4: RISC-V G-stage Sv57x4, 59-bit GPA
 * @AXAS_FMT_NR: number of format identifiers (one past the last)
 */
enum axas_format {
	AXAS_FMT_NATIVE = 0,
	AXAS_FMT_EPT4 = 1,
	AXAS_FMT_EPT5 = 2,
	AXAS_FMT_NPT4 = 3,
	AXAS_FMT_NPT5 = 4,
	AXAS_FMT_ARM_S2 = 5,
	AXAS_FMT_SV39X4 = 6,
	AXAS_FMT_SV48X4 = 7,
	AXAS_FMT_SV57X4 = 8,
	AXAS_FMT_NR,
};

/**
 * DOC: ioctl encoding
 *
 * Like iommufd, every command is _IO(AXAS_IOCTL_BASE, nr) and its argument
 * starts with a __u32 @size: the size of the structure the caller was built
 * with.  A shorter structure than the first version is -EINVAL; a longer one
 * is accepted if its tail is zero (-E2BIG otherwise), so the ABI can grow.
 * Unknown commands are -ENOTTY.
 */
#define AXAS_IOCTL_BASE		0xA8	/* free in ioctl-number.rst */
#define AXAS_CMD_BASE		0x00

/**
 * struct axas_version - AXAS_IOC_VERSION argument
 * @size: sizeof(struct axas_version) as the caller knows it; input
 * @api_version: AXAS_API_VERSION of the running module; output
 * @module_version: module version as MAJOR << 16 | MINOR << 8 | PATCH; output
 * @__reserved: must be zero
 *
 * The first ioctl a caller issues: it tells which ABI the module speaks.
 */
struct axas_version {
	__u32 size;
	__u32 api_version;
	__u32 module_version;
	__u32 __reserved;
};

#define AXAS_IOC_VERSION	_IO(AXAS_IOCTL_BASE, AXAS_CMD_BASE + 0x00)

#endif /* _UAPI_LINUX_AXADDRSPACE_H */
