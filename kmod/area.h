/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Areas of an address space and their backends: internal to addrspace.c,
 * backend_*.c and accessor.c.  Every function here expects the space lock
 * as its comment says and asserts it.
 */
#ifndef _AXAS_AREA_H
#define _AXAS_AREA_H

#include "addrspace.h"

struct axas_area *axas_area_alloc(void);
void axas_area_free(struct axas_area *a);
void axas_area_insert(struct axas_space *as, struct axas_area *a);
void axas_area_erase(struct axas_space *as, struct axas_area *a);
struct axas_area *axas_area_first(struct axas_space *as, u64 start, u64 last);
struct axas_area *axas_area_next(struct axas_area *a, u64 start, u64 last);
struct axas_area *axas_area_find(struct axas_space *as, u64 gpa);
unsigned int axas_area_splits(struct axas_space *as, u64 start, u64 end);
void axas_area_split_at(struct axas_space *as, u64 gpa, struct axas_area **spare);

static inline u64 axas_area_start(const struct axas_area *a)
{
	return axas_gpa_val(a->range.start);
}

static inline u64 axas_area_end(const struct axas_area *a)
{
	return axas_gpa_val(a->range.end);
}

int axas_space_check(const struct axas_space *as, u64 gpa, u64 size, u64 *end);
int axas_space_check_map(const struct axas_space *as, u64 gpa, u64 size,
			 u32 flags, u64 *end);
int axas_space_new_area(struct axas_space *as, u64 gpa, u64 end, u32 flags,
			struct axas_area **out);
void axas_space_drop_area(struct axas_space *as, struct axas_area *a);
void axas_space_zap(struct axas_space *as, u64 start, u64 end);

/* backend_alloc.c */
int axas_alloc_populate(struct axas_space *as, struct axas_area *a);
int axas_alloc_fault(struct axas_space *as, struct axas_area *a, u64 gpa);
void axas_space_leaf_removed(void *arg, axas_gpa_t gpa, axas_hpa_t hpa,
			     u64 size);

/* backend_user.c */
void axas_user_get(struct axas_user_pages *up);
void axas_user_put(struct axas_space *as, struct axas_user_pages *up);
void axas_user_release(struct axas_space *as, struct axas_area *a, u64 gpa,
		       u64 size);

#endif /* _AXAS_AREA_H */
