/* SPDX-License-Identifier: GPL-2.0 */
/*
 * axaddrspace: the in-kernel API, for a hypervisor module that runs guests
 * on the second-stage tables of an address space a VMM created through
 * /dev/axaddrspace.
 *
 * A hypervisor module takes the space from the descriptor the VMM passes
 * it (axas_space_get_fd()), loads the hardware root pointer of
 * axas_space_get_layout() into its CPU (EPTP, nCR3, VTTBR_EL2, hgatp),
 * registers a consumer so that it is told, before any page a translation
 * pointed to is freed, that the translation is gone, and resolves its
 * nested page faults with axas_space_handle_fault().
 *
 * The contract with a consumer (Documentation/design.rst, "Consumers and
 * invalidation"): every change that removes or weakens a translation
 * first writes the entries, then calls each consumer's @flush_range (or
 * @flush_all for a large range) once per operation, and only after every
 * consumer returned frees table pages and data frames.  When @flush_range
 * returns, no CPU may use a translation of that range any more: a
 * consumer whose vCPUs run on other CPUs forces them out of guest mode
 * and waits.  Upgrades (a new mapping, more permissions) are not flushed.
 *
 * Every symbol is exported GPL-only in the AXADDRSPACE namespace:
 * MODULE_IMPORT_NS(AXADDRSPACE) (a string literal since 6.13).
 */
#ifndef _LINUX_AXADDRSPACE_H
#define _LINUX_AXADDRSPACE_H

#include <linux/axaddrspace_types.h>
#include <linux/list.h>
#include <linux/types.h>
#include <uapi/linux/axaddrspace.h>

struct axas_space;
struct axas_consumer;

/**
 * struct axas_consumer_ops - what a space tells the one who runs it
 * @flush_range: translations of [@gpa, @gpa + @size) were removed or
 *	weakened: once this returns, no CPU may use them.  Called with the
 *	space locked: it must not call back into the space, may sleep.
 * @flush_all: as @flush_range, for every translation of the space (a
 *	large range, clear, the space's end)
 * @release: the space is being torn down (its VMM closed it): stop using
 *	its root pointer.  Called once, without the space locked; the
 *	consumer is unregistered when it returns and must not unregister
 *	itself.  The space's memory stays valid until axas_space_put().
 */
struct axas_consumer_ops {
	void (*flush_range)(struct axas_consumer *c, u64 gpa, u64 size);
	void (*flush_all)(struct axas_consumer *c);
	void (*release)(struct axas_consumer *c);
};

/**
 * struct axas_consumer - a registration of a consumer with a space
 * @ops: its callbacks
 * @node: in the space's list of consumers (the space's own)
 */
struct axas_consumer {
	const struct axas_consumer_ops *ops;
	struct list_head node;
};

/**
 * struct axas_space_layout - what a space is: its format and its range
 * @format: the page-table format (never AXAS_FMT_NATIVE)
 * @gpa_bits: width of the format's guest physical addresses
 * @levels: levels of the page table
 * @vmid_bits: width of the VMID its root pointer can carry
 * @vmid: the VMID of its root pointer
 * @base: first GPA of the space
 * @size: bytes
 * @root: host physical address of the root table
 * @hw_root: the value of the hardware root register (EPTP, nCR3,
 *	VTTBR_EL2, hgatp), VMID included
 * @addr_mask: the bits of a raw entry that hold a host address
 */
struct axas_space_layout {
	enum axas_format format;
	unsigned int gpa_bits;
	unsigned int levels;
	unsigned int vmid_bits;
	u64 vmid;
	u64 base;
	u64 size;
	axas_hpa_t root;
	u64 hw_root;
	u64 addr_mask;
};

/**
 * struct axas_translation - result of axas_space_translate()
 * @hpa: host physical address of the GPA (page offset included)
 * @flags: AXAS_MAP_* flags of the mapping
 * @level: page-table level of the leaf
 * @leaf_size: bytes mapped by the leaf
 * @area_start: first GPA of the containing area
 * @area_size: size of the containing area (the seed's "limit")
 * @contig: host-contiguous bytes from the GPA onwards within the area,
 *	never crossing an unmapped page or the area's end; for alloc and
 *	user areas counted no further than 64 KiB past the GPA or the end of
 *	its leaf, whichever is further (linear areas: to the area's end)
 * @kind: the area's backend
 */
struct axas_translation {
	axas_hpa_t hpa;
	u32 flags;
	unsigned int level;
	u64 leaf_size;
	axas_gpa_t area_start;
	u64 area_size;
	u64 contig;
	enum axas_backend kind;
};

struct axas_space *axas_space_get_fd(int fd);
void axas_space_get(struct axas_space *as);
void axas_space_put(struct axas_space *as);
void axas_space_get_layout(const struct axas_space *as,
			   struct axas_space_layout *out);
int axas_space_register_consumer(struct axas_space *as,
				 struct axas_consumer *c);
void axas_space_unregister_consumer(struct axas_space *as,
				    struct axas_consumer *c);
int axas_space_handle_fault(struct axas_space *as, axas_gpa_t gpa,
			    u32 access);
int axas_space_translate(struct axas_space *as, axas_gpa_t gpa,
			 struct axas_translation *out);

/* GuestMemoryAccessor (the seed's): copies by GPA; may sleep. */
int axas_read_buffer(struct axas_space *as, axas_gpa_t gpa, void *buf,
		     size_t len);
int axas_write_buffer(struct axas_space *as, axas_gpa_t gpa, const void *buf,
		      size_t len);
int axas_read_volatile(struct axas_space *as, axas_gpa_t gpa,
		       unsigned int width, u64 *val);
int axas_write_volatile(struct axas_space *as, axas_gpa_t gpa,
			unsigned int width, u64 val);

#define axas_read_obj(as, gpa, objp) ({				\
	typeof(objp) _axas_p = (objp);					\
	axas_read_buffer(as, gpa, _axas_p, sizeof(*_axas_p));		\
})
#define axas_write_obj(as, gpa, objp) ({				\
	typeof(objp) _axas_p = (objp);					\
	axas_write_buffer(as, gpa, _axas_p, sizeof(*_axas_p));		\
})

/* PhysFrame (<linux/axaddrspace_types.h>) from the module's own HAL. */
struct axas_hal *axas_module_hal(void);

#endif /* _LINUX_AXADDRSPACE_H */
