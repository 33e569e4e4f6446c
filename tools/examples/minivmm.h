/* SPDX-License-Identifier: GPL-2.0 */
/*
 * minivmm.h: what the example VMM's files share (minivmm.c, the memory
 * side; minivmm_kvm.c, the --kvm mode that runs a KVM guest on it).
 */
#ifndef MINIVMM_H
#define MINIVMM_H

#include <linux/axaddrspace.h>

#define PAGE_SIZE	4096ULL
#define SZ_1M		(1ULL << 20)
#define SZ_2M		(2ULL << 20)
#define SPACE_SIZE	(4ULL << 30)	/* the guest sees 4 GiB of GPA */

/* How --kvm backs guest RAM. */
enum vmm_backing {
	VMM_LAZY,		/* alloc area, frames on first touch */
	VMM_POPULATED,		/* alloc area, every frame now */
	VMM_USER,		/* the VMM's own memory (AXAS_IOC_MAP_USER) */
};

struct vmm {
	int dev;			/* /dev/axaddrspace */
	int space;			/* the address-space descriptor */
	struct axas_info info;
	struct axas_space_info si;
	unsigned long long ram;		/* bytes of RAM at GPA 0 */
	unsigned long long load;	/* GPA of the image */
	unsigned long long mmio;	/* host (and guest) address of MMIO */
	int no_mmio;
	unsigned int format;
	unsigned long long vmid;
	int migrate;			/* RAM logs dirty pages; migrate it */
	int kvm;			/* run a KVM guest on the space */
	enum vmm_backing backing;	/* --kvm: how RAM is backed */
	int hold;			/* --kvm: keep the guest spinning until stdin says */
};

int fail(const char *what);
const char *flags_str(unsigned int f);
int vmm_open(struct vmm *v);
int vmm_create(struct vmm *v);
int vmm_kvm(struct vmm *v);

#endif /* MINIVMM_H */
