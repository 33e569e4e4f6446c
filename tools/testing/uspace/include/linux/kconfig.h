/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _USPACE_LINUX_KCONFIG_H
#define _USPACE_LINUX_KCONFIG_H
#define IS_ENABLED(x) 0
#endif
