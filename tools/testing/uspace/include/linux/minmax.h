/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _USPACE_LINUX_MINMAX_H
#define _USPACE_LINUX_MINMAX_H
#define min(a, b) ({ __typeof__(a) __a = (a); __typeof__(b) __b = (b); __a < __b ? __a : __b; })
#endif
