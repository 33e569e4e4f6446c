/* SPDX-License-Identifier: GPL-2.0 */
/*
 * axaddrspace: the address types and PhysFrame of the in-kernel API.
 *
 * Guest-physical and host-physical addresses are distinct sparse
 * __bitwise types: passing a GPA where an HPA is expected is a finding of
 * `make C=1`.  Convert only through the helpers below; arithmetic goes
 * through the _val() accessors.
 *
 * This header needs basic types only: the portable core of the module
 * (kmod/pgtable/) includes it, and builds in user space.
 */
#ifndef _LINUX_AXADDRSPACE_TYPES_H
#define _LINUX_AXADDRSPACE_TYPES_H

#include <linux/bits.h>
#include <linux/types.h>

typedef u64 __bitwise axas_gpa_t;	/* guest physical (IPA, GPA) */
typedef u64 __bitwise axas_hpa_t;	/* host physical */

#define AXAS_PAGE_SHIFT	12
#define AXAS_PAGE_SIZE	BIT_ULL(AXAS_PAGE_SHIFT)
#define AXAS_SZ_2M	BIT_ULL(21)
#define AXAS_SZ_1G	BIT_ULL(30)

#define AXAS_DEFINE_ADDR(name)						\
static inline axas_##name##_t axas_##name(u64 v)			\
{									\
	return (__force axas_##name##_t)v;				\
}									\
static inline u64 axas_##name##_val(axas_##name##_t a)			\
{									\
	return (__force u64)a;						\
}									\
static inline axas_##name##_t axas_##name##_add(axas_##name##_t a, u64 off) \
{									\
	return (__force axas_##name##_t)((__force u64)a + off);		\
}									\
static inline bool axas_##name##_aligned(axas_##name##_t a, u64 align)	\
{									\
	return ((__force u64)a & (align - 1)) == 0;			\
}

AXAS_DEFINE_ADDR(gpa)
AXAS_DEFINE_ADDR(hpa)

#undef AXAS_DEFINE_ADDR

struct axas_hal;

/**
 * struct axas_frame - one 4 KiB frame of host memory (the seed's PhysFrame)
 * @hal: the HAL it came from; NULL once released
 * @pa: its host physical address
 */
struct axas_frame {
	struct axas_hal *hal;
	axas_hpa_t pa;
};

int axas_frame_alloc(struct axas_hal *hal, struct axas_frame *f);
int axas_frame_alloc_zero(struct axas_hal *hal, struct axas_frame *f);
void axas_frame_fill(struct axas_frame *f, u8 byte);
axas_hpa_t axas_frame_start_paddr(const struct axas_frame *f);
void *axas_frame_as_mut_ptr(const struct axas_frame *f);
void axas_frame_release(struct axas_frame *f);

#endif /* _LINUX_AXADDRSPACE_TYPES_H */
