// SPDX-License-Identifier: GPL-2.0
/*
 * The linear backend: a fixed host physical range (MMIO passthrough, or
 * RAM the administrator allowed), mapped with the largest leaves the GPA,
 * the HPA and the size allow.  The module owns nothing behind it, and the
 * range has no kernel mapping.  Who may map which host range is the uapi
 * adapter's decision (dev/policy.c).
 */
#include "space.h"
#include "../pgtable/export.h"

static int axas_linear_prepare(struct axas_space *as, struct axas_area *a)
{
	return axas_hpa_aligned(a->priv.linear.hpa, AXAS_PAGE_SIZE) ? 0 : -EINVAL;
}

static int axas_linear_map(struct axas_space *as, struct axas_area *a)
{
	return axas_pt_map(&as->pt, a->range.start, a->priv.linear.hpa,
			   axas_gpa_range_size(&a->range),
			   axas_area_leaf_flags(as, a),
			   axas_area_pt_opts(a, a->priv.linear.nohuge));
}

static void axas_linear_split(struct axas_area *lo, struct axas_area *hi,
			      u64 delta)
{
	hi->priv.linear.hpa = axas_hpa_add(lo->priv.linear.hpa, delta);
}

static void axas_linear_describe(const struct axas_area *a,
				 struct axas_area_info *out)
{
	out->hpa = a->priv.linear.hpa;
	out->nohuge = a->priv.linear.nohuge;
}

static const struct axas_backend_ops axas_linear_ops = {
	.kind = AXAS_BACKEND_LINEAR,
	.contiguous = true,
	.prepare = axas_linear_prepare,
	.map = axas_linear_map,
	.split = axas_linear_split,
	.describe = axas_linear_describe,
};

/**
 * axas_space_map_linear() - map [@gpa, @gpa + @size) to a fixed host range
 * @as: the space
 * @gpa: first GPA, 4 KiB aligned
 * @hpa: host physical address @gpa maps to, 4 KiB aligned
 * @size: bytes, a non-zero multiple of 4 KiB
 * @flags: AXAS_MAP_* flags; none of R/W/X is a valid no-access mapping
 * @opts: AXAS_SPACE_NOHUGE for 4 KiB leaves only; AXAS_SPACE_LOG_DIRTY to
 *	log dirty pages (4 KiB leaves too)
 *
 * The largest leaves the GPA, the HPA and the size allow are used.  The
 * caller (the ioctl layer) decides whether the host range may be mapped.
 *
 * Return: 0; -EINVAL (alignment, size, flags, options); -ERANGE (outside
 * the space, or an HPA the format cannot hold); -EEXIST; -ENOMEM.
 */
int axas_space_map_linear(struct axas_space *as, axas_gpa_t gpa,
			  axas_hpa_t hpa, u64 size, u32 flags, u32 opts)
{
	union axas_area_priv priv = {
		.linear = { .hpa = hpa, .nohuge = opts & AXAS_SPACE_NOHUGE },
	};

	if (opts & ~(AXAS_SPACE_NOHUGE | AXAS_SPACE_LOG_DIRTY))
		return -EINVAL;
	return axas_space_map(as, gpa, size, flags, opts, &axas_linear_ops,
			      &priv);
}
EXPORT_SYMBOL_IF_AXAS_TESTS(axas_space_map_linear);
