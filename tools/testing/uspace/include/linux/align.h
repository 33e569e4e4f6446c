/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _USPACE_LINUX_ALIGN_H
#define _USPACE_LINUX_ALIGN_H
#define IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a) - 1)) == 0)
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a) - 1))
#endif
