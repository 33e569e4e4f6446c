// SPDX-License-Identifier: GPL-2.0
/*
 * GuestMemoryAccessor: copies to and from guest memory by GPA.
 *
 * The whole range is checked before the first byte moves, so a copy either
 * completes or fails without touching anything.  Each chunk is bounded by
 * the host-contiguous run of its leaf and by its area: a copy never runs
 * past a frame.  Linear areas (MMIO passthrough) have no kernel mapping
 * and are not accessible this way.
 */
#include <linux/lockdep.h>
#include <linux/overflow.h>
#include <linux/string.h>
#include "space.h"
#include "../pgtable/export.h"

/* Every page of [gpa, end) mapped, and in an area with a kernel mapping. */
static int axas_access_check(struct axas_space *as, u64 gpa, u64 end)
{
	struct axas_pt_entry e;

	lockdep_assert_held(&as->lock);
	for (gpa = ALIGN_DOWN(gpa, AXAS_PAGE_SIZE); gpa < end;
	     gpa += AXAS_PAGE_SIZE) {
		const struct axas_area *a = axas_area_find(as, gpa);

		if (!a || axas_pt_query(&as->pt, axas_gpa(gpa), &e))
			return -EFAULT;
		if (!a->ops->kernel_mapped)
			return -EOPNOTSUPP;
	}
	return 0;
}

static int axas_access(struct axas_space *as, u64 gpa, void *buf, u64 len,
		       bool write)
{
	u64 end;
	int ret;

	if (!len)
		return 0;
	if (check_add_overflow(gpa, len, &end) ||
	    !axas_space_contains_range(as, axas_gpa(gpa), len))
		return -ERANGE;

	down_read(&as->lock);
	ret = axas_access_check(as, gpa, end);
	while (!ret && gpa < end) {
		struct axas_pt_entry e;
		u64 leaf_end, chunk;
		void *hva;

		axas_pt_query(&as->pt, axas_gpa(gpa), &e);
		leaf_end = axas_gpa_val(e.leaf_gpa) + e.leaf_size;
		chunk = min(end, leaf_end) - gpa;
		hva = axas_hal_phys_to_virt(&as->hal, e.hpa);
		if (write) {
			memcpy(hva, buf, chunk);
			axas_space_mark_dirty(as, gpa, chunk);
		} else {
			memcpy(buf, hva, chunk);
		}
		buf += chunk;
		gpa += chunk;
	}
	up_read(&as->lock);
	return ret;
}

/**
 * axas_read_buffer() - copy guest memory out
 * @as: the space
 * @gpa: first guest address
 * @buf: destination (kernel memory)
 * @len: bytes; 0 copies nothing and succeeds
 *
 * Return: 0; -ERANGE when the range leaves the space; -EFAULT when a page
 * of it is not mapped; -EOPNOTSUPP for MMIO (linear) areas.  Nothing is
 * copied on error.
 */
int axas_read_buffer(struct axas_space *as, axas_gpa_t gpa, void *buf,
		     size_t len)
{
	return axas_access(as, axas_gpa_val(gpa), buf, len, false);
}
EXPORT_SYMBOL_AXAS_API(axas_read_buffer);

/**
 * axas_write_buffer() - copy into guest memory
 * @as: the space
 * @gpa: first guest address
 * @buf: source (kernel memory)
 * @len: bytes; 0 copies nothing and succeeds
 *
 * Return: as axas_read_buffer(); guest memory is untouched on error.
 */
int axas_write_buffer(struct axas_space *as, axas_gpa_t gpa, const void *buf,
		      size_t len)
{
	return axas_access(as, axas_gpa_val(gpa), (void *)buf, len, true);
}
EXPORT_SYMBOL_AXAS_API(axas_write_buffer);

/**
 * axas_volatile_at() - one access of exactly @width bytes
 * @p: where, aligned to @width by the caller
 * @width: 1, 2, 4 or 8
 * @val: the value to store, or the value loaded (zero-extended)
 * @write: store or load
 */
void axas_volatile_at(void *p, unsigned int width, u64 *val, bool write)
{
	switch (width) {
	case 1:
		if (write)
			WRITE_ONCE(*(u8 *)p, *val);
		else
			*val = READ_ONCE(*(u8 *)p);
		break;
	case 2:
		if (write)
			WRITE_ONCE(*(u16 *)p, *val);
		else
			*val = READ_ONCE(*(u16 *)p);
		break;
	case 4:
		if (write)
			WRITE_ONCE(*(u32 *)p, *val);
		else
			*val = READ_ONCE(*(u32 *)p);
		break;
	default:
		if (write)
			WRITE_ONCE(*(u64 *)p, *val);
		else
			*val = READ_ONCE(*(u64 *)p);
		break;
	}
}

/**
 * axas_volatile_check() - a width and address one volatile access can use
 * @as: the space
 * @gpa: guest address
 * @width: bytes
 *
 * Return: 0; -EINVAL for a width other than 1, 2, 4, 8 or an address not
 * aligned to it; -ERANGE outside the space.
 */
int axas_volatile_check(struct axas_space *as, u64 gpa, unsigned int width)
{
	if (width != 1 && width != 2 && width != 4 && width != 8)
		return -EINVAL;
	/* naturally aligned: one access, never across a page */
	if (!IS_ALIGNED(gpa, width))
		return -EINVAL;
	if (!axas_gpa_range_contains(&as->range, axas_gpa(gpa)))
		return -ERANGE;
	return 0;
}

static int axas_volatile(struct axas_space *as, u64 gpa, unsigned int width,
			 u64 *val, bool write)
{
	struct axas_pt_entry e;
	int ret;

	ret = axas_volatile_check(as, gpa, width);
	if (ret)
		return ret;
	down_read(&as->lock);
	ret = axas_access_check(as, gpa, gpa + width);
	if (!ret) {
		axas_pt_query(&as->pt, axas_gpa(gpa), &e);
		axas_volatile_at(axas_hal_phys_to_virt(&as->hal, e.hpa), width,
				 val, write);
		if (write)
			axas_space_mark_dirty(as, gpa, width);
	}
	up_read(&as->lock);
	return ret;
}

/**
 * axas_read_volatile() - one aligned load of 1, 2, 4 or 8 bytes
 * @as: the space
 * @gpa: guest address, aligned to @width
 * @width: 1, 2, 4 or 8
 * @val: the value read, zero-extended
 *
 * Return: 0; -EINVAL for a bad width or alignment; otherwise as
 * axas_read_buffer().
 */
int axas_read_volatile(struct axas_space *as, axas_gpa_t gpa,
		       unsigned int width, u64 *val)
{
	return axas_volatile(as, axas_gpa_val(gpa), width, val, false);
}
EXPORT_SYMBOL_AXAS_API(axas_read_volatile);

/**
 * axas_write_volatile() - one aligned store of 1, 2, 4 or 8 bytes
 * @as: the space
 * @gpa: guest address, aligned to @width
 * @width: 1, 2, 4 or 8
 * @val: the value; only its low @width bytes are stored
 *
 * Return: as axas_read_volatile().
 */
int axas_write_volatile(struct axas_space *as, axas_gpa_t gpa,
			unsigned int width, u64 val)
{
	return axas_volatile(as, axas_gpa_val(gpa), width, &val, true);
}
EXPORT_SYMBOL_AXAS_API(axas_write_volatile);

