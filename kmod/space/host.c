// SPDX-License-Identifier: GPL-2.0
/*
 * The host's view of guest memory: what a VMM reaches through the space
 * file (pread, pwrite, mmap, AXAS_IOC_ACCESS).  Unlike the accessor (accessor.c),
 * which sees memory as the guest's tables do, a host store faults a lazy
 * page in, and a host load of a lazy page not yet present reads zeroes
 * without allocating anything.
 */
#include <linux/lockdep.h>
#include <linux/minmax.h>
#include <linux/string.h>
#include "space.h"
#include "../pgtable/export.h"

/*
 * The host physical address of @gpa for a host access, the space locked
 * for reading.  -ENODATA: a lazy page not present and @alloc false.
 */
static int axas_host_page(struct axas_space *as, u64 gpa, bool alloc,
			  axas_hpa_t *hpa)
{
	struct axas_area *a = axas_area_find(as, gpa);
	struct axas_pt_entry e;
	int ret;

	lockdep_assert_held_read(&as->lock);
	if (!a)
		return -ENXIO;
	if (!a->ops->kernel_mapped)
		return -EOPNOTSUPP;
	if (axas_pt_query(&as->pt, axas_gpa(gpa), &e)) {
		if (!a->ops->fault)
			return -ENXIO;
		if (!alloc)
			return -ENODATA;
		ret = a->ops->fault(as, a, ALIGN_DOWN(gpa, AXAS_PAGE_SIZE));
		if (ret)
			return ret;
		if (axas_pt_query(&as->pt, axas_gpa(gpa), &e))
			return -ENXIO;
	}
	*hpa = e.hpa;
	return 0;
}

/**
 * axas_host_copy() - copy between guest memory and a kernel buffer as the
 *	host (pread and pwrite of a space file)
 * @as: the space
 * @gpa: first guest address
 * @buf: kernel buffer
 * @len: bytes
 * @write: copy @buf into the guest (faulting lazy pages in); else out of
 *	it (lazy pages not present read as zeroes)
 *
 * The copy stops at the first page with no area or in a linear area, or
 * at the end of the space.
 *
 * Return: the bytes copied; 0 for a read at or beyond the space's end;
 * -ENXIO when nothing was copied because there is no area at @gpa (or
 * @gpa is outside the space, for a write); -EOPNOTSUPP in a linear area;
 * -ENOMEM.
 */
ssize_t axas_host_copy(struct axas_space *as, u64 gpa, void *buf, size_t len,
		       bool write)
{
	u64 end = axas_gpa_val(as->range.end);
	size_t done = 0;
	int ret = 0;

	if (gpa < axas_gpa_val(as->range.start))
		return -ENXIO;
	if (gpa >= end)
		return write ? -ENXIO : 0;
	len = min_t(u64, len, end - gpa);

	down_read(&as->lock);
	while (done < len) {
		u64 at = gpa + done;
		size_t chunk = min_t(u64, len - done,
				     AXAS_PAGE_SIZE - (at & (AXAS_PAGE_SIZE - 1)));
		axas_hpa_t hpa;
		void *p;

		ret = axas_host_page(as, at, write, &hpa);
		if (ret && ret != -ENODATA)
			break;
		if (ret) {
			memset(buf + done, 0, chunk);
		} else {
			p = axas_hal_phys_to_virt(&as->hal, hpa);
			if (write) {
				memcpy(p, buf + done, chunk);
				axas_space_mark_dirty(as, at, chunk);
			} else {
				memcpy(buf + done, p, chunk);
			}
		}
		done += chunk;
	}
	up_read(&as->lock);
	return done ? done : ret;
}
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_host_copy);

/**
 * axas_host_volatile() - one host access of 1, 2, 4 or 8 bytes
 * @as: the space
 * @gpa: guest address, aligned to @width
 * @width: 1, 2, 4 or 8
 * @val: the value to store, or the value loaded (zero-extended)
 * @write: store (faulting a lazy page in) or load (a lazy page not present
 *	reads 0)
 *
 * Return: 0; -EINVAL (width, alignment); -ERANGE outside the space;
 * -ENXIO no area; -EOPNOTSUPP linear area; -ENOMEM.
 */
int axas_host_volatile(struct axas_space *as, axas_gpa_t gpa,
		       unsigned int width, u64 *val, bool write)
{
	u64 addr = axas_gpa_val(gpa);
	axas_hpa_t hpa;
	int ret;

	ret = axas_volatile_check(as, addr, width);
	if (ret)
		return ret;
	down_read(&as->lock);
	ret = axas_host_page(as, addr, write, &hpa);
	if (ret == -ENODATA) {
		*val = 0;
		ret = 0;
	} else if (!ret) {
		axas_volatile_at(axas_hal_phys_to_virt(&as->hal, hpa), width,
				 val, write);
		if (write)
			axas_space_mark_dirty(as, addr, width);
	}
	up_read(&as->lock);
	return ret;
}
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_host_volatile);

/**
 * axas_host_map() - hand the frame behind @gpa to a host mapping
 * @as: the space
 * @gpa: a guest address
 * @alloc: fault a lazy page in; else a lazy page not present is -ENODATA
 * @insert: called with the page's host physical address, the space locked
 *	for reading, so that axas_space_zap() cannot run before it returns
 * @arg: @insert's argument
 *
 * Return: @insert's result; -ENXIO (no area, outside the space);
 * -EOPNOTSUPP (linear area); -ENODATA; -ENOMEM.
 */
int axas_host_map(struct axas_space *as, axas_gpa_t gpa, bool alloc,
		  int (*insert)(void *arg, axas_hpa_t hpa), void *arg)
{
	u64 addr = ALIGN_DOWN(axas_gpa_val(gpa), AXAS_PAGE_SIZE);
	axas_hpa_t hpa;
	int ret;

	if (!axas_gpa_range_contains(&as->range, axas_gpa(addr)))
		return -ENXIO;
	down_read(&as->lock);
	ret = axas_host_page(as, addr, alloc, &hpa);
	if (!ret)
		ret = insert(arg, hpa);
	up_read(&as->lock);
	return ret;
}
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_host_map);
