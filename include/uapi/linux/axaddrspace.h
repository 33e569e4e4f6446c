/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * axaddrspace: guest physical address spaces over second-stage page tables.
 *
 * User-space ABI of /dev/axaddrspace and of the address-space file
 * descriptors it creates.  Every structure has fixed-width fields, explicit
 * padding and a size that is a multiple of 8 bytes.  Reserved fields and
 * undefined flag bits must be zero.
 */
#ifndef _UAPI_LINUX_AXADDRSPACE_H
#define _UAPI_LINUX_AXADDRSPACE_H

#include <linux/types.h>
#include <linux/ioctl.h>

#define AXAS_API_VERSION	1

/* Levels a page table may have (5-level EPT and NPT, Sv57x4). */
#define AXAS_NR_LEVELS		5

/**
 * DOC: mapping flags
 *
 * Permissions and attributes of a mapping.
 * A mapping with none of READ, WRITE and EXECUTE is legal: it is present
 * in the address space but gives the guest no access.  DEVICE selects a
 * device memory type, UNCACHED a normal non-cacheable one; the two are
 * exclusive.  Each format also refuses what its entries cannot express
 * (EPT and G-stage: WRITE without READ; NPT: WRITE or EXECUTE without
 * READ; stage 2: EXECUTE with DEVICE); AXAS_IOC_GET_INFO has no per-format
 * mask, a refused combination is -EINVAL.
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
 * enum axas_backend - what backs an area
 * @AXAS_BACKEND_LINEAR: a fixed host physical range (AXAS_IOC_MAP_LINEAR)
 * @AXAS_BACKEND_ALLOC: zeroed frames of the module (AXAS_IOC_MAP_ALLOC)
 * @AXAS_BACKEND_USER: pinned memory of a process (AXAS_IOC_MAP_USER)
 */
enum axas_backend {
	AXAS_BACKEND_LINEAR = 0,
	AXAS_BACKEND_ALLOC = 1,
	AXAS_BACKEND_USER = 2,
};

/**
 * DOC: ioctl encoding
 *
 * Like iommufd, every command is _IO(AXAS_IOCTL_BASE, nr) and its argument
 * starts with a __u32 @size: the size of the structure the caller was built
 * with.  A size smaller than the first version of the structure is -EINVAL;
 * a larger one is accepted if the bytes beyond the kernel's structure are
 * zero (-E2BIG otherwise), so the ABI can grow.  The second __u32 is
 * @flags; undefined bits are -EINVAL, as is any non-zero reserved field.
 * Unknown commands are -ENOTTY.  On success the structure is written back,
 * truncated to @size, by commands that have outputs (every command that
 * only reads, and AXAS_IOC_CREATE_SPACE); the other modifying commands
 * write nothing back, so that one that changed the space never reports
 * -EFAULT.  On failure nothing is written back, except for -EMSGSIZE,
 * whose structure says how much room was needed.
 *
 * Commands 0x00-0x0f are issued on /dev/axaddrspace, commands 0x10-0x2f
 * on an address-space file descriptor; the other kind of file answers
 * -ENOTTY.  Commands that modify a space need a descriptor open for
 * writing (the one AXAS_IOC_CREATE_SPACE returns); on a read-only one
 * (AXAS_IOC_OPEN_SPACE) they are -EBADF.
 *
 * Host physical addresses (translations, the root table, linear areas, raw
 * entries) are reported only when both the caller and the opener of the
 * file have CAP_SYS_ADMIN, as /proc/PID/pagemap does; otherwise they read
 * as zero (raw entries keep every bit but the address), and which frames
 * are adjacent in host memory is not told either: @contig of
 * AXAS_IOC_TRANSLATE ends at the leaf's end and AXAS_IOC_TRANSLATE_RANGE
 * gives one segment per leaf at most.
 */
#define AXAS_IOCTL_BASE		0xA8	/* free in ioctl-number.rst */

/**
 * enum axas_cmd - ioctl command numbers (the nr of _IO(AXAS_IOCTL_BASE, nr))
 * @AXAS_CMD_VERSION: AXAS_IOC_VERSION
 * @AXAS_CMD_GET_INFO: AXAS_IOC_GET_INFO
 * @AXAS_CMD_CREATE_SPACE: AXAS_IOC_CREATE_SPACE
 * @AXAS_CMD_LIST_SPACES: AXAS_IOC_LIST_SPACES
 * @AXAS_CMD_OPEN_SPACE: AXAS_IOC_OPEN_SPACE
 * @AXAS_CMD_MAP_LINEAR: AXAS_IOC_MAP_LINEAR
 * @AXAS_CMD_MAP_ALLOC: AXAS_IOC_MAP_ALLOC
 * @AXAS_CMD_MAP_USER: AXAS_IOC_MAP_USER
 * @AXAS_CMD_UNMAP: AXAS_IOC_UNMAP
 * @AXAS_CMD_PROTECT: AXAS_IOC_PROTECT
 * @AXAS_CMD_CLEAR: AXAS_IOC_CLEAR
 * @AXAS_CMD_TRANSLATE: AXAS_IOC_TRANSLATE
 * @AXAS_CMD_TRANSLATE_RANGE: AXAS_IOC_TRANSLATE_RANGE
 * @AXAS_CMD_HANDLE_FAULT: AXAS_IOC_HANDLE_FAULT
 * @AXAS_CMD_ACCESS: AXAS_IOC_ACCESS
 * @AXAS_CMD_GET_SPACE_INFO: AXAS_IOC_GET_SPACE_INFO
 * @AXAS_CMD_WALK: AXAS_IOC_WALK
 * @AXAS_CMD_LIST_AREAS: AXAS_IOC_LIST_AREAS
 * @AXAS_CMD_GET_DIRTY_LOG: AXAS_IOC_GET_DIRTY_LOG
 * @AXAS_CMD_CLEAR_DIRTY_LOG: AXAS_IOC_CLEAR_DIRTY_LOG
 * @AXAS_CMD_GET_YOUNG: AXAS_IOC_GET_YOUNG
 * @AXAS_CMD_OPEN_READONLY: AXAS_IOC_OPEN_READONLY
 *
 * Commands 0x00-0x0f are issued on /dev/axaddrspace, commands 0x10-0x2f
 * on an address-space descriptor.
 */
enum axas_cmd {
	AXAS_CMD_VERSION = 0x00,
	AXAS_CMD_GET_INFO = 0x01,
	AXAS_CMD_CREATE_SPACE = 0x02,
	AXAS_CMD_LIST_SPACES = 0x03,
	AXAS_CMD_OPEN_SPACE = 0x04,
	AXAS_CMD_MAP_LINEAR = 0x10,
	AXAS_CMD_MAP_ALLOC = 0x11,
	AXAS_CMD_MAP_USER = 0x12,
	AXAS_CMD_UNMAP = 0x13,
	AXAS_CMD_PROTECT = 0x14,
	AXAS_CMD_CLEAR = 0x15,
	AXAS_CMD_TRANSLATE = 0x16,
	AXAS_CMD_TRANSLATE_RANGE = 0x17,
	AXAS_CMD_HANDLE_FAULT = 0x18,
	AXAS_CMD_ACCESS = 0x19,
	AXAS_CMD_GET_SPACE_INFO = 0x1a,
	AXAS_CMD_WALK = 0x1b,
	AXAS_CMD_LIST_AREAS = 0x1c,
	AXAS_CMD_GET_DIRTY_LOG = 0x1d,
	AXAS_CMD_CLEAR_DIRTY_LOG = 0x1e,
	AXAS_CMD_GET_YOUNG = 0x1f,
	AXAS_CMD_OPEN_READONLY = 0x20,
};

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

#define AXAS_IOC_VERSION	_IO(AXAS_IOCTL_BASE, AXAS_CMD_VERSION)

/**
 * struct axas_info - AXAS_IOC_GET_INFO argument
 * @size: sizeof(struct axas_info); input
 * @flags: must be zero; input
 * @api_version: AXAS_API_VERSION; output
 * @module_version: as in struct axas_version; output
 * @formats: bit N set when format N of enum axas_format can be created
 *	(every format is available on every host); output
 * @native_format: the format AXAS_FMT_NATIVE stands for; output
 * @map_flags: AXAS_MAP_* bits this module knows; output
 * @create_flags: valid struct axas_create_space @flags; output
 * @linear_flags: valid struct axas_map_linear @flags; output
 * @alloc_flags: valid struct axas_map_alloc @flags; output
 * @user_flags: valid struct axas_map_user @flags; output
 * @walk_flags: valid struct axas_walk @flags; output
 * @access_flags: valid struct axas_access @flags; output
 * @page_sizes: leaf sizes the engine uses, as a mask of sizes
 *	(4 KiB | 2 MiB | 1 GiB); output
 * @max_segs: largest @nr_segs one AXAS_IOC_TRANSLATE_RANGE fills; output
 * @max_entries: largest batch of AXAS_IOC_WALK, AXAS_IOC_LIST_AREAS and
 *	AXAS_IOC_LIST_SPACES; output
 * @phys_addr_bits: physical address width of this CPU (x86 MAXPHYADDR;
 *	elsewhere the widest physical address the kernel supports); linear
 *	mappings must lie below 2^@phys_addr_bits; output
 * @allow_ram_linear: 1 when the administrator lets AXAS_IOC_MAP_LINEAR
 *	cover System RAM (module parameter allow_ram_linear); output
 * @nr_spaces: address spaces alive in the module; output
 * @__reserved: zero; output
 * @frames: data frames (4 KiB) allocated by all spaces; output
 * @table_pages: page-table pages (4 KiB) of all spaces; output
 * @pinned_pages: user pages pinned by all spaces; output
 *
 * The module-wide counters (@nr_spaces, @frames, @table_pages,
 * @pinned_pages) make leaks visible: they return to zero when every space
 * is closed.  They tell about other users' spaces, so they are filled in
 * only for CAP_SYS_ADMIN in the initial user namespace and read as zero
 * for everyone else.
 */
struct axas_info {
	__u32 size;
	__u32 flags;
	__u32 api_version;
	__u32 module_version;
	__u64 formats;
	__u32 native_format;
	__u32 map_flags;
	__u32 create_flags;
	__u32 linear_flags;
	__u32 alloc_flags;
	__u32 user_flags;
	__u32 walk_flags;
	__u32 access_flags;
	__u64 page_sizes;
	__u32 max_segs;
	__u32 max_entries;
	__u32 phys_addr_bits;
	__u32 allow_ram_linear;
	__u32 nr_spaces;
	__u32 __reserved;
	__u64 frames;
	__u64 table_pages;
	__u64 pinned_pages;
};

#define AXAS_IOC_GET_INFO	_IO(AXAS_IOCTL_BASE, AXAS_CMD_GET_INFO)

/**
 * struct axas_create_space - AXAS_IOC_CREATE_SPACE argument
 * @size: sizeof(struct axas_create_space); input
 * @flags: AXAS_CREATE_* flags; input
 * @format: enum axas_format; input
 * @gpa_bits: arm64 stage-2 IPA width (32..48), or 0 for the format's
 *	default; must be 0 or the format's fixed width otherwise; input
 * @base: first guest physical address, 4 KiB aligned; input
 * @length: bytes, a non-zero multiple of 4 KiB; [@base, @base + @length)
 *	must fit the format's GPA width; input
 * @vmid: VMID placed in the hardware root pointer: below 2^16 for arm64,
 *	2^14 for RISC-V, 0 for EPT and NPT; input
 * @fd: the new address-space file descriptor (O_RDWR | O_CLOEXEC); output
 * @id: the space's identifier for AXAS_IOC_OPEN_SPACE and listings, from
 *	1 up, handed out cyclically (not reused until the numbers wrap at
 *	2^31); output
 *
 * Errors: -EINVAL (flags, format, width, alignment, VMID), -ERANGE (the
 * space does not fit the format), -ENOMEM, -EMFILE, -ENOSPC (every
 * identifier, 1 to 2^31 - 1, is taken).
 */
struct axas_create_space {
	__u32 size;
	__u32 flags;
	__u32 format;
	__u32 gpa_bits;
	__u64 base;
	__u64 length;
	__u64 vmid;
	__s32 fd;
	__u32 id;
};

#define AXAS_IOC_CREATE_SPACE	_IO(AXAS_IOCTL_BASE, AXAS_CMD_CREATE_SPACE)

/**
 * struct axas_space_desc - one address space in a listing
 * @id: identifier
 * @owner_pid: thread-group id of the creator in the caller's PID
 *	namespace; 0 when it has exited or is not visible there
 * @owner_uid: effective uid of the creator, in the caller's user namespace
 * @format: enum axas_format (never NATIVE: the format it resolved to)
 * @gpa_bits: GPA width of the format
 * @levels: page-table levels
 * @nr_areas: areas
 * @__reserved: zero
 * @base: first GPA
 * @length: bytes
 * @mapped_bytes: bytes covered by areas
 * @table_pages: page-table pages, the root included
 * @frames: data frames allocated (AXAS_BACKEND_ALLOC)
 * @pinned_pages: user pages pinned (AXAS_BACKEND_USER)
 */
struct axas_space_desc {
	__u32 id;
	__s32 owner_pid;
	__u32 owner_uid;
	__u32 format;
	__u32 gpa_bits;
	__u32 levels;
	__u32 nr_areas;
	__u32 __reserved;
	__u64 base;
	__u64 length;
	__u64 mapped_bytes;
	__u64 table_pages;
	__u64 frames;
	__u64 pinned_pages;
};

/**
 * struct axas_list_spaces - AXAS_IOC_LIST_SPACES argument
 * @size: sizeof(struct axas_list_spaces); input
 * @flags: must be zero; input
 * @start_id: list spaces with an id at or above it; input
 * @nr_entries: input: room in @entries; output: entries written
 * @entry_size: sizeof(struct axas_space_desc) as the caller knows it (at
 *	least 80, the first version, at most 4096); each entry is written
 *	zero-extended to it; input
 * @next_id: where the next call should start; 0 when the listing is
 *	complete; output
 * @entries: user pointer to @nr_entries entries of @entry_size bytes;
 *	input
 *
 * Lists every space of the module, in id order, for the administrator:
 * it needs CAP_SYS_ADMIN in the initial user namespace (-EPERM
 * otherwise).  Other callers find spaces where the kernel lets them see
 * them: each space descriptor is described in /proc/PID/fdinfo/FD (lines
 * "axas-id:", "axas-format:", ...; procfs applies the ptrace read
 * check), and pidfd_getfd(2) copies one (the ptrace attach check,
 * namespaces and LSMs such as Yama included); AXAS_IOC_OPEN_READONLY
 * then narrows it.  At most struct axas_info @max_entries per call;
 * resume from @next_id.
 */
struct axas_list_spaces {
	__u32 size;
	__u32 flags;
	__u32 start_id;
	__u32 nr_entries;
	__u32 entry_size;
	__u32 next_id;
	__aligned_u64 entries;
};

#define AXAS_IOC_LIST_SPACES	_IO(AXAS_IOCTL_BASE, AXAS_CMD_LIST_SPACES)

/**
 * struct axas_open_space - AXAS_IOC_OPEN_SPACE argument
 * @size: sizeof(struct axas_open_space); input
 * @flags: must be zero; input
 * @id: the space; input
 * @fd: a new read-only (O_RDONLY | O_CLOEXEC) descriptor of it; output
 *
 * For inspection by the administrator: translate, walk, list areas, read
 * memory.  Needs CAP_SYS_ADMIN in the initial user namespace, checked
 * before the identifier, so an unknown and a forbidden one answer alike.
 * Errors: -EPERM (not the administrator), -ENOENT (no such space),
 * -EMFILE.
 */
struct axas_open_space {
	__u32 size;
	__u32 flags;
	__u32 id;
	__s32 fd;
};

#define AXAS_IOC_OPEN_SPACE	_IO(AXAS_IOCTL_BASE, AXAS_CMD_OPEN_SPACE)

/*
 * Address-space descriptors: the fd returned by AXAS_IOC_CREATE_SPACE
 * (read-write), AXAS_IOC_OPEN_READONLY or AXAS_IOC_OPEN_SPACE
 * (read-only).
 *
 * /proc/PID/fdinfo/FD of a space descriptor has, besides the VFS's own
 * lines, one "name:\tvalue" line each: axas-id (decimal), axas-format
 * (enum axas_format, decimal), axas-gpa-bits, axas-levels, axas-base and
 * axas-size (hex bytes),
 * axas-areas, axas-mapped (bytes), axas-frames, axas-table-pages,
 * axas-pinned (4 KiB pages), axas-writable (0 or 1).
 *
 * Besides the ioctls below, a space descriptor supports:
 *  - pread(2)/pwrite(2) at offset = GPA: copies of guest memory (alloc and
 *    user areas); write(2) and pwrite(2) on a read-only descriptor are
 *    -EBADF.  A read of a lazy page not yet faulted in returns zeroes
 *    and allocates nothing; a write faults it in.  -ENXIO where no area
 *    is (and below the space's base), -EOPNOTSUPP in a linear area; a copy
 *    stops short at such a place after the first byte, and at the space's
 *    end.  Reads at or beyond the end return 0, writes there -ENXIO.
 *  - mmap(2) with MAP_SHARED at offset = GPA: maps alloc and user areas
 *    into the caller, sharing the frames the guest sees.  Guest memory is
 *    data to the host: PROT_EXEC (at mmap or later by mprotect) is
 *    refused with -EPERM / -EACCES unless the space was created with
 *    AXAS_CREATE_MMAP_EXEC.  Touching a lazy
 *    page allocates its frame once, for both (read-only descriptors only
 *    see pages already present).  Unmapping or clearing the GPA range
 *    removes the pages from every such mapping; accesses then raise
 *    SIGBUS, as do accesses where no area (or a linear area) is.
 *  - close(2): the space, its frames, tables and pins are freed when the
 *    last descriptor and the last mapping of it are gone.
 */

/* struct axas_create_space @flags */
#define AXAS_CREATE_MMAP_EXEC	(1U << 0)	/* mmap may be PROT_EXEC */

/* struct axas_map_linear @flags */
#define AXAS_LINEAR_NOHUGE	(1U << 0)	/* 4 KiB leaves only */
#define AXAS_LINEAR_LOG_DIRTY	(1U << 1)	/* dirty logging (4 KiB leaves) */

/**
 * struct axas_map_linear - AXAS_IOC_MAP_LINEAR argument
 * @size: sizeof(struct axas_map_linear); input
 * @flags: AXAS_LINEAR_*; input
 * @gpa: first guest physical address, 4 KiB aligned; input
 * @hpa: host physical address @gpa maps to, 4 KiB aligned; input
 * @length: bytes, a non-zero multiple of 4 KiB; input
 * @map_flags: AXAS_MAP_*; input
 * @__reserved: must be zero
 *
 * Maps a fixed host physical range (MMIO passthrough) with the largest
 * leaves the alignment of @gpa, @hpa and @length allow (1 GiB, 2 MiB,
 * 4 KiB), or 4 KiB leaves with AXAS_LINEAR_NOHUGE or
 * AXAS_LINEAR_LOG_DIRTY (see AXAS_IOC_GET_DIRTY_LOG).
 *
 * Needs CAP_SYS_RAWIO (-EPERM), is refused under kernel lockdown (-EPERM),
 * requires the host range below the CPU's physical address width
 * (-ERANGE) and, unless the module parameter allow_ram_linear is set, not
 * overlapping System RAM (-EPERM), and, unless the module parameter
 * allow_busy_linear is set, not overlapping a range a driver claimed, nor
 * ever one claimed exclusively (-EBUSY).  Other errors: -EINVAL (flags,
 * alignment, length), -ERANGE (outside the space, or an HPA the format
 * cannot hold), -EEXIST (overlaps an area), -ENOMEM, -EBADF.
 */
struct axas_map_linear {
	__u32 size;
	__u32 flags;
	__u64 gpa;
	__u64 hpa;
	__u64 length;
	__u32 map_flags;
	__u32 __reserved;
};

#define AXAS_IOC_MAP_LINEAR	_IO(AXAS_IOCTL_BASE, AXAS_CMD_MAP_LINEAR)

/* struct axas_map_alloc @flags */
#define AXAS_ALLOC_POPULATE	(1U << 0)	/* allocate every frame now */
#define AXAS_ALLOC_LOG_DIRTY	(1U << 1)	/* dirty logging */
#define AXAS_ALLOC_NO_HUGE	(1U << 2)	/* 4 KiB frames and leaves only */

/**
 * struct axas_map_alloc - AXAS_IOC_MAP_ALLOC argument
 * @size: sizeof(struct axas_map_alloc); input
 * @flags: AXAS_ALLOC_*; input
 * @gpa: first guest physical address, 4 KiB aligned; input
 * @length: bytes, a non-zero multiple of 4 KiB; input
 * @map_flags: AXAS_MAP_*; input
 * @__reserved: must be zero
 *
 * Backs the range with zeroed 4 KiB frames charged to the caller's memory
 * cgroup: all of them now with AXAS_ALLOC_POPULATE, else each on its first
 * fault (AXAS_IOC_HANDLE_FAULT, a write, a touch through mmap).  Each 2 MiB
 * aligned 2 MiB of the range gets, when the host has one free at once (no
 * reclaim, no compaction), one physically contiguous 2 MiB block mapped by
 * one 2 MiB leaf (a lazy fault there installs the whole 2 MiB), else 512
 * frames: charged the same either way (512 pages).  An unmap or protect of
 * part of it splits the leaf and frees exactly the 4 KiB frames unmapped.
 * AXAS_ALLOC_NO_HUGE asks for 4 KiB frames and leaves only.  With
 * AXAS_ALLOC_LOG_DIRTY the area logs dirty pages (AXAS_IOC_GET_DIRTY_LOG)
 * and gets 4 KiB frames and leaves only (a dirty bit per 4 KiB page).  A
 * populate is interrupted by a signal every 2 MiB (-EINTR) and then leaves
 * nothing behind.  Errors: -EINVAL, -ERANGE, -EEXIST, -ENOMEM, -EINTR,
 * -EBADF.
 */
struct axas_map_alloc {
	__u32 size;
	__u32 flags;
	__u64 gpa;
	__u64 length;
	__u32 map_flags;
	__u32 __reserved;
};

#define AXAS_IOC_MAP_ALLOC	_IO(AXAS_IOCTL_BASE, AXAS_CMD_MAP_ALLOC)

/* struct axas_map_user @flags */
#define AXAS_USER_LOG_DIRTY	(1U << 1)	/* dirty logging (4 KiB leaves) */

/**
 * struct axas_map_user - AXAS_IOC_MAP_USER argument
 * @size: sizeof(struct axas_map_user); input
 * @flags: AXAS_USER_*; input
 * @gpa: first guest physical address, 4 KiB aligned; input
 * @length: bytes, a non-zero multiple of 4 KiB; input
 * @uaddr: the caller's memory backing @gpa, 4 KiB aligned, writable;
 *	input
 * @map_flags: AXAS_MAP_*; input
 * @__reserved: must be zero
 *
 * Backs the range with the caller's own pages, as a KVM memslot is backed:
 * they are pinned (pin_user_pages() with FOLL_LONGTERM | FOLL_WRITE) for
 * as long as they are mapped, and charged to RLIMIT_MEMLOCK unless the
 * caller has CAP_IPC_LOCK.  Physically contiguous runs get huge leaves,
 * unless AXAS_USER_LOG_DIRTY asks for dirty logging (4 KiB leaves).
 * Pins are released on unmap, clear and close.  Interruptible every 2 MiB
 * (-EINTR, nothing left pinned).  Errors: -EINVAL, -ERANGE, -EEXIST,
 * -EFAULT (@uaddr not mapped writable), -ENOMEM (also over
 * RLIMIT_MEMLOCK), -EINTR, -EBADF.
 */
struct axas_map_user {
	__u32 size;
	__u32 flags;
	__u64 gpa;
	__u64 length;
	__aligned_u64 uaddr;
	__u32 map_flags;
	__u32 __reserved;
};

#define AXAS_IOC_MAP_USER	_IO(AXAS_IOCTL_BASE, AXAS_CMD_MAP_USER)

/**
 * struct axas_range - AXAS_IOC_UNMAP argument
 * @size: sizeof(struct axas_range); input
 * @flags: must be zero; input
 * @gpa: first guest physical address, 4 KiB aligned; input
 * @length: bytes, a non-zero multiple of 4 KiB; input
 *
 * Unmaps any 4 KiB-aligned range, holes included: areas are shrunk, split
 * or removed, huge leaves split, frames freed, pins released, emptied
 * tables freed, and the pages leave every mmap of the space.  Errors:
 * -EINVAL, -ERANGE, -ENOMEM (nothing changed), -EBADF.
 */
struct axas_range {
	__u32 size;
	__u32 flags;
	__u64 gpa;
	__u64 length;
};

#define AXAS_IOC_UNMAP		_IO(AXAS_IOCTL_BASE, AXAS_CMD_UNMAP)

/**
 * struct axas_protect - AXAS_IOC_PROTECT argument
 * @size: sizeof(struct axas_protect); input
 * @flags: must be zero; input
 * @gpa: first guest physical address, 4 KiB aligned; input
 * @length: bytes, a non-zero multiple of 4 KiB; input
 * @map_flags: the new AXAS_MAP_* flags; input
 * @__reserved: must be zero
 *
 * Changes the flags of every area in the range (split at its edges) and
 * of every leaf present; lazy pages fault in with the new flags.  Errors:
 * -EINVAL, -ERANGE, -ENOMEM (nothing changed), -EBADF.
 */
struct axas_protect {
	__u32 size;
	__u32 flags;
	__u64 gpa;
	__u64 length;
	__u32 map_flags;
	__u32 __reserved;
};

#define AXAS_IOC_PROTECT	_IO(AXAS_IOCTL_BASE, AXAS_CMD_PROTECT)

/**
 * struct axas_clear - AXAS_IOC_CLEAR argument
 * @size: sizeof(struct axas_clear); input
 * @flags: must be zero; input
 *
 * Unmaps everything; only the root table remains.  Errors: -EBADF.
 */
struct axas_clear {
	__u32 size;
	__u32 flags;
};

#define AXAS_IOC_CLEAR		_IO(AXAS_IOCTL_BASE, AXAS_CMD_CLEAR)

/**
 * struct axas_translate - AXAS_IOC_TRANSLATE argument
 * @size: sizeof(struct axas_translate); input
 * @flags: must be zero; input
 * @gpa: any guest physical address of the space; input
 * @hpa: host physical address, page offset included (0 unless
 *	privileged, see "ioctl encoding"); output
 * @leaf_size: bytes mapped by the leaf; output
 * @area_start: first GPA of the area the address lies in; output
 * @area_size: bytes of that area (how far the mapping the address
 *	belongs to extends); output
 * @contig: host-contiguous bytes from @gpa within the area: to the area's
 *	end for a linear area; for alloc and user areas counted no further
 *	than 64 KiB past @gpa or the end of its leaf, whichever is further
 *	(AXAS_IOC_TRANSLATE_RANGE gives exact runs over any length); output
 * @map_flags: AXAS_MAP_* flags of the leaf; output
 * @level: page-table level of the leaf (0: 4 KiB, 1: 2 MiB, 2: 1 GiB);
 *	output
 * @backend: enum axas_backend of the area; output
 * @__reserved: zero; output
 *
 * Errors: -ERANGE (outside the space), -ENOENT (no area, or a lazy page
 * not yet faulted in).
 */
struct axas_translate {
	__u32 size;
	__u32 flags;
	__u64 gpa;
	__u64 hpa;
	__u64 leaf_size;
	__u64 area_start;
	__u64 area_size;
	__u64 contig;
	__u32 map_flags;
	__u32 level;
	__u32 backend;
	__u32 __reserved;
};

#define AXAS_IOC_TRANSLATE	_IO(AXAS_IOCTL_BASE, AXAS_CMD_TRANSLATE)

/**
 * struct axas_seg - one host-contiguous piece of a guest range
 * @gpa: first guest physical address of the piece
 * @hpa: its host physical address (0 unless privileged)
 * @length: bytes
 */
struct axas_seg {
	__u64 gpa;
	__u64 hpa;
	__u64 length;
};

/**
 * struct axas_translate_range - AXAS_IOC_TRANSLATE_RANGE argument
 * @size: sizeof(struct axas_translate_range); input
 * @flags: must be zero; input
 * @gpa: first guest physical address; input
 * @length: bytes, non-zero; input
 * @segs: user pointer to an array of struct axas_seg; input
 * @nr_segs: input: room in @segs, at most struct axas_info @max_segs
 *	(-EINVAL above); output: segments covering the range
 * @__reserved: must be zero
 *
 * The host segments covering
 * [@gpa, @gpa + @length), each host-contiguous and inside one area.
 * Errors: -EINVAL, -ERANGE (the range leaves the space), -EFAULT (a page
 * of it is not mapped, or @segs is not writable), -EMSGSIZE (more than
 * @nr_segs segments are needed: the first @nr_segs are written and
 * @nr_segs is set to the number needed, or to struct axas_info @max_segs
 * + 1 when even more are: one call never counts further, so its work is
 * bounded whatever @length is; resume after the last segment written),
 * -EINTR (a fatal signal stopped a long call).
 */
struct axas_translate_range {
	__u32 size;
	__u32 flags;
	__u64 gpa;
	__u64 length;
	__aligned_u64 segs;
	__u32 nr_segs;
	__u32 __reserved;
};

#define AXAS_IOC_TRANSLATE_RANGE _IO(AXAS_IOCTL_BASE, AXAS_CMD_TRANSLATE_RANGE)

/**
 * struct axas_fault - AXAS_IOC_HANDLE_FAULT argument
 * @size: sizeof(struct axas_fault); input
 * @flags: must be zero; input
 * @gpa: the faulting guest physical address; input
 * @access: the AXAS_MAP_READ, WRITE or EXECUTE access that faulted (one
 *	or more); input
 * @__reserved: must be zero
 *
 * Resolves a second-stage fault as a hypervisor's fault handler would:
 * a lazy page gets a zeroed frame; a page already present is left
 * alone (two racing faults allocate one frame).  Errors: -EINVAL (access),
 * -ERANGE (outside the space), -EFAULT (no area), -EACCES (the area does
 * not allow @access), -ENOMEM, -EBADF.
 */
struct axas_fault {
	__u32 size;
	__u32 flags;
	__u64 gpa;
	__u32 access;
	__u32 __reserved;
};

#define AXAS_IOC_HANDLE_FAULT	_IO(AXAS_IOCTL_BASE, AXAS_CMD_HANDLE_FAULT)

/* struct axas_access @flags */
#define AXAS_ACCESS_WRITE	(1U << 0)	/* store @value, else load it */

/**
 * struct axas_access - AXAS_IOC_ACCESS argument
 * @size: sizeof(struct axas_access); input
 * @flags: AXAS_ACCESS_*; input
 * @gpa: guest physical address, aligned to @width; input
 * @width: 1, 2, 4 or 8 bytes; input
 * @__reserved: must be zero
 * @value: the value to store (input) or the value loaded (output),
 *	zero-extended
 *
 * One volatile access of exactly @width bytes, as the guest would make
 * it.  A load from a lazy page not
 * yet present reads 0; a store faults it in.  Errors: -EINVAL (width,
 * alignment, flags), -ERANGE, -EFAULT (no area), -EOPNOTSUPP (linear
 * area), -ENOMEM, -EBADF (a store on a read-only descriptor).
 */
struct axas_access {
	__u32 size;
	__u32 flags;
	__u64 gpa;
	__u32 width;
	__u32 __reserved;
	__u64 value;
};

#define AXAS_IOC_ACCESS		_IO(AXAS_IOCTL_BASE, AXAS_CMD_ACCESS)

/**
 * struct axas_space_info - AXAS_IOC_GET_SPACE_INFO argument
 * @size: sizeof(struct axas_space_info); input
 * @flags: must be zero; input
 * @id: the space's identifier; output
 * @format: enum axas_format it resolved to (never NATIVE); output
 * @gpa_bits: GPA width of the format; output
 * @levels: page-table levels; output
 * @base: first guest physical address; output
 * @length: bytes; output
 * @root: host physical address of the root table (0 unless privileged);
 *	output
 * @hw_root: the value for the hardware register (EPTP with WB, the level
 *	count and A/D enabled; nCR3; VTTBR_EL2; hgatp), 0 unless privileged;
 *	output
 * @vmid: the VMID given at creation; output
 * @table_pages: page-table pages, the root included; output
 * @leaves: leaves by level: [0] 4 KiB, [1] 2 MiB, [2] 1 GiB, [3] 512 GiB,
 *	[4] 256 TiB; output
 * @frames: data frames allocated (alloc areas); output
 * @pinned_pages: user pages pinned (user areas); output
 * @faults: frames installed on demand since the space was created (CLEAR
 *	does not reset it); output
 * @nr_areas: areas; output
 * @read_only: 1 on a descriptor from AXAS_IOC_OPEN_SPACE; output
 * @mapped_bytes: bytes covered by areas; output
 * @owner_pid: thread-group id of the creator in the caller's PID
 *	namespace, 0 if gone; output
 * @__reserved: zero; output
 */
struct axas_space_info {
	__u32 size;
	__u32 flags;
	__u32 id;
	__u32 format;
	__u32 gpa_bits;
	__u32 levels;
	__u64 base;
	__u64 length;
	__u64 root;
	__u64 hw_root;
	__u64 vmid;
	__u64 table_pages;
	__u64 leaves[AXAS_NR_LEVELS];
	__u64 frames;
	__u64 pinned_pages;
	__u64 faults;
	__u32 nr_areas;
	__u32 read_only;
	__u64 mapped_bytes;
	__s32 owner_pid;
	__u32 __reserved;
};

#define AXAS_IOC_GET_SPACE_INFO	_IO(AXAS_IOCTL_BASE, AXAS_CMD_GET_SPACE_INFO)

/* struct axas_walk_entry @type */
#define AXAS_WALK_LEAF		0	/* maps a page or block */
#define AXAS_WALK_TABLE		1	/* points to a next-level table */

/**
 * struct axas_walk_entry - one page-table entry
 * @gpa: first guest physical address the entry covers
 * @length: bytes it covers (a table: everything below it)
 * @raw: the raw entry as the hardware reads it (address bits cleared
 *	unless privileged)
 * @hpa: the leaf's output address or the next table's address (0 unless
 *	privileged)
 * @level: its level (0: 4 KiB entries)
 * @type: AXAS_WALK_LEAF or AXAS_WALK_TABLE
 * @map_flags: AXAS_MAP_* flags of a leaf, 0 for a table
 * @accessed: 1 when the hardware accessed flag of a leaf is set
 * @dirty: 1 when the hardware dirty flag of a leaf is set
 * @__reserved: zero
 */
struct axas_walk_entry {
	__u64 gpa;
	__u64 length;
	__u64 raw;
	__u64 hpa;
	__u32 level;
	__u32 type;
	__u32 map_flags;
	__u8 accessed;
	__u8 dirty;
	__u16 __reserved;
};

/* struct axas_walk @flags */
#define AXAS_WALK_TABLES	(1U << 0)	/* also report table entries */

/* struct axas_walk @level of a first call: every level at @gpa */
#define AXAS_WALK_LEVEL_ANY	0xffffffffU

/**
 * struct axas_walk - AXAS_IOC_WALK argument: a resumable cursor
 * @size: sizeof(struct axas_walk); input
 * @flags: AXAS_WALK_*; input
 * @gpa: cursor: the walk resumes at the entry with this first GPA (an
 *	entry starting below it but reaching it counts as starting at it)
 *	and @level; input and output
 * @end: first GPA not to walk, above @gpa, at most the space's end;
 *	input
 * @level: cursor: entries at @gpa are reported from this level down;
 *	the first call passes AXAS_WALK_LEVEL_ANY; input and output
 * @nr_entries: input: room in @entries (at most struct axas_info
 *	@max_entries); output: entries written
 * @entry_size: sizeof(struct axas_walk_entry) as the caller knows it (at
 *	least 48, the first version, at most 4096); input
 * @__reserved: must be zero
 * @entries: user pointer to the array; input
 *
 * Reports leaves (and with AXAS_WALK_TABLES, table entries before the
 * entries below them) in GPA order, as a ptdump does.  When @entries is
 * full, the cursor (@gpa, @level) is advanced to the first entry not
 * reported; when the range is done, @gpa is set to @end.  Loop until
 * @gpa == @end.  Errors: -EINVAL, -ERANGE (outside the space), -EFAULT.
 */
struct axas_walk {
	__u32 size;
	__u32 flags;
	__u64 gpa;
	__u64 end;
	__u32 level;
	__u32 nr_entries;
	__u32 entry_size;
	__u32 __reserved;
	__aligned_u64 entries;
};

#define AXAS_IOC_WALK		_IO(AXAS_IOCTL_BASE, AXAS_CMD_WALK)

/**
 * struct axas_area_desc - one area
 * @gpa: first guest physical address
 * @length: bytes
 * @backend: enum axas_backend
 * @map_flags: AXAS_MAP_* flags
 * @hpa: LINEAR: the host physical address @gpa maps to (0 unless
 *	privileged); else 0
 * @populated: bytes of the area mapped in the page table now
 * @flags: AXAS_ALLOC_POPULATE for a populated alloc area, AXAS_LINEAR_NOHUGE
 *	for a linear area restricted to 4 KiB leaves, AXAS_ALLOC_NO_HUGE for
 *	an alloc area mapped with it, and bit 1
 *	(AXAS_ALLOC_LOG_DIRTY, AXAS_LINEAR_LOG_DIRTY, AXAS_USER_LOG_DIRTY:
 *	the same bit) for an area that logs dirty pages; else 0
 * @__reserved: zero
 */
struct axas_area_desc {
	__u64 gpa;
	__u64 length;
	__u32 backend;
	__u32 map_flags;
	__u64 hpa;
	__u64 populated;
	__u32 flags;
	__u32 __reserved;
};

/**
 * struct axas_list_areas - AXAS_IOC_LIST_AREAS argument
 * @size: sizeof(struct axas_list_areas); input
 * @flags: must be zero; input
 * @gpa: list areas that end above this address; input
 * @next_gpa: where the next call should start; 0 when the listing is
 *	complete; output
 * @nr_entries: input: room in @entries (at most struct axas_info
 *	@max_entries); output: entries written
 * @entry_size: sizeof(struct axas_area_desc) as the caller knows it (at
 *	least 48, the first version, at most 4096); input
 * @entries: user pointer to the array; input
 *
 * Areas in GPA order, at most struct axas_info @max_entries per call;
 * resume from @next_gpa.  @populated costs a walk of each area's leaves.
 * Errors: -EINVAL (flags, @entry_size, no room), -EFAULT (@entries not
 * writable), -ENOMEM, -EINTR (a fatal signal stopped a long count).
 */
struct axas_list_areas {
	__u32 size;
	__u32 flags;
	__u64 gpa;
	__u64 next_gpa;
	__u32 nr_entries;
	__u32 entry_size;
	__aligned_u64 entries;
};

#define AXAS_IOC_LIST_AREAS	_IO(AXAS_IOCTL_BASE, AXAS_CMD_LIST_AREAS)

/**
 * DOC: dirty logging
 *
 * An area mapped with AXAS_ALLOC_LOG_DIRTY, AXAS_LINEAR_LOG_DIRTY or
 * AXAS_USER_LOG_DIRTY logs which of its 4 KiB pages are written, for live
 * migration.  Such an area always uses 4 KiB leaves, so the log is exact
 * to the page.  A page is logged when
 *
 *  - the module writes it: pwrite(2) of the space file, AXAS_IOC_ACCESS
 *    with AXAS_ACCESS_WRITE, the in-kernel accessor (axas_write_buffer(),
 *    axas_write_volatile());
 *  - a guest CPU stores to it: on EPT (A/D enabled in the EPTP) and AMD NPT
 *    the CPU sets the leaf's dirty bit; on arm64 stage 2 and RISC-V
 *    G-stage, which are not assumed to have hardware dirty bits
 *    (FEAT_HAFDBS, Svadu), clean pages are write-protected and the store
 *    faults: the hypervisor's AXAS_IOC_HANDLE_FAULT (or
 *    axas_space_handle_fault()) with AXAS_MAP_WRITE logs the page and
 *    makes it writable again, and returns 0.
 *
 * Stores through an mmap(2) of the space file are NOT logged: the host
 * mapping shares the frame without going through the guest's tables, so
 * the VMM tracks its own stores, as it does with KVM.  PROTECT of a
 * log-dirty range on arm64 stage 2 or RISC-V with AXAS_MAP_WRITE logs
 * every page of it (it made them writable).  Unmapping a page forgets its
 * bit.
 *
 * Bitmaps have KVM's layout: bit i of an array of little-endian 64-bit
 * words stands for the page at @gpa + i * 4 KiB; a bitmap of @length /
 * 4 KiB bits is rounded up to a multiple of 64 bits (whole words are read
 * and written).  The kernel never touches user memory with the space
 * locked: it bounces through a kernel buffer, so one call covers at most
 * AXAS_DIRTY_LOG_MAX_LENGTH bytes (-E2BIG beyond).
 */

/* Largest @length of one GET_DIRTY_LOG, CLEAR_DIRTY_LOG or GET_YOUNG. */
#define AXAS_DIRTY_LOG_MAX_LENGTH	(1ULL << 36)	/* 64 GiB */

/* struct axas_dirty_log @flags (AXAS_IOC_GET_DIRTY_LOG) */
#define AXAS_DIRTY_LOG_CLEAR	(1U << 0)	/* get and clear atomically */

/**
 * struct axas_dirty_log - AXAS_IOC_GET_DIRTY_LOG and AXAS_IOC_CLEAR_DIRTY_LOG
 *	argument
 * @size: sizeof(struct axas_dirty_log); input
 * @flags: GET: AXAS_DIRTY_LOG_CLEAR or 0; CLEAR: must be zero; input
 * @gpa: first guest physical address, 4 KiB aligned; input
 * @length: bytes, a non-zero multiple of 4 KiB, at most
 *	AXAS_DIRTY_LOG_MAX_LENGTH; every page of the range must lie in a
 *	log-dirty area; input
 * @bitmap: user pointer to the bitmap (see "dirty logging"): GET writes
 *	it, CLEAR reads it; input
 *
 * AXAS_IOC_GET_DIRTY_LOG sets bit i when the page at @gpa + i * 4 KiB was
 * written since it was last cleared, and clears the others.  Without
 * AXAS_DIRTY_LOG_CLEAR it changes nothing (KVM's manual-protect mode): a
 * page written again before AXAS_IOC_CLEAR_DIRTY_LOG is reported again.
 * With it, the pages reported are re-armed in the same step, with the
 * space locked against every writer: no store is lost between the two.
 *
 * AXAS_IOC_CLEAR_DIRTY_LOG re-arms exactly the pages whose bits are set in
 * @bitmap (others are left alone): the next store to one of them is
 * logged again.  A VMM clears a page just before it copies it.  Both
 * re-arm by clearing the hardware dirty bits (EPT, NPT) or by
 * write-protecting the pages (stage 2, G-stage), and flush every
 * consumer's TLB before they return.
 *
 * Errors: -EINVAL (flags, alignment, zero length, a page of the range not
 * in a log-dirty area), -ERANGE (outside the space), -E2BIG (@length above
 * AXAS_DIRTY_LOG_MAX_LENGTH), -EFAULT (@bitmap not writable for GET or
 * not readable for CLEAR; the log is unchanged), -ENOMEM, -EBADF (CLEAR,
 * or GET with AXAS_DIRTY_LOG_CLEAR, on a read-only descriptor).
 */
struct axas_dirty_log {
	__u32 size;
	__u32 flags;
	__u64 gpa;
	__u64 length;
	__aligned_u64 bitmap;
};

#define AXAS_IOC_GET_DIRTY_LOG	_IO(AXAS_IOCTL_BASE, AXAS_CMD_GET_DIRTY_LOG)
#define AXAS_IOC_CLEAR_DIRTY_LOG _IO(AXAS_IOCTL_BASE, AXAS_CMD_CLEAR_DIRTY_LOG)

/* struct axas_young @flags */
#define AXAS_YOUNG_CLEAR	(1U << 0)	/* clear the accessed flags */

/**
 * struct axas_young - AXAS_IOC_GET_YOUNG argument
 * @size: sizeof(struct axas_young); input
 * @flags: AXAS_YOUNG_CLEAR or 0; input
 * @gpa: first guest physical address, 4 KiB aligned; input
 * @length: bytes, a non-zero multiple of 4 KiB, at most
 *	AXAS_DIRTY_LOG_MAX_LENGTH; input
 * @bitmap: user pointer to the bitmap, written (layout of "dirty
 *	logging"); input
 *
 * The accessed ("young") harvest of any range, for reclaim: bit i is set
 * when the leaf mapping the page at @gpa + i * 4 KiB has its hardware
 * accessed flag (EPT A, NPT A, stage-2 AF, G-stage A); holes and lazy
 * pages not present read 0.  A huge leaf reports all its pages.  With
 * AXAS_YOUNG_CLEAR the flags are cleared atomically (a whole huge leaf's,
 * even if only part of it is in the range) and consumers flushed.  The
 * arm64 stage-2 and RISC-V encoders preset the flag: on CPUs without
 * hardware updates of it, a cleared flag makes the next access fault, and
 * AXAS_IOC_HANDLE_FAULT of the present page sets it again.
 *
 * Errors: -EINVAL (flags, alignment, zero length), -ERANGE, -E2BIG,
 * -EFAULT (@bitmap not writable; nothing cleared), -ENOMEM, -EBADF
 * (AXAS_YOUNG_CLEAR on a read-only descriptor).
 */
struct axas_young {
	__u32 size;
	__u32 flags;
	__u64 gpa;
	__u64 length;
	__aligned_u64 bitmap;
};

#define AXAS_IOC_GET_YOUNG	_IO(AXAS_IOCTL_BASE, AXAS_CMD_GET_YOUNG)

/**
 * struct axas_open_readonly - AXAS_IOC_OPEN_READONLY argument
 * @size: sizeof(struct axas_open_readonly); input
 * @flags: must be zero; input
 * @fd: a new read-only (O_RDONLY | O_CLOEXEC) descriptor of the same
 *	space; output
 * @__reserved: must be zero
 *
 * Narrows a descriptor: an inspector that obtained a VMM's read-write
 * descriptor with pidfd_getfd(2) keeps only what inspection needs and
 * closes the other.  Works on any space descriptor.
 * Errors: -EINVAL (flags, reserved), -EMFILE, -ENOMEM.
 */
struct axas_open_readonly {
	__u32 size;
	__u32 flags;
	__s32 fd;
	__u32 __reserved;
};

#define AXAS_IOC_OPEN_READONLY	_IO(AXAS_IOCTL_BASE, AXAS_CMD_OPEN_READONLY)

#endif /* _UAPI_LINUX_AXADDRSPACE_H */
