/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User-space stand-in for <linux/kconfig.h>: IS_ENABLED() answers, from the
 * build host, for the architecture options the formats ask about.
 */
#ifndef _AXAS_USPACE_LINUX_KCONFIG_H
#define _AXAS_USPACE_LINUX_KCONFIG_H

#if defined(__aarch64__)
#define __axas_cfg_CONFIG_ARM64	1
#else
#define __axas_cfg_CONFIG_ARM64	0
#endif
#if defined(__riscv)
#define __axas_cfg_CONFIG_RISCV	1
#else
#define __axas_cfg_CONFIG_RISCV	0
#endif
#define IS_ENABLED(option)	__axas_cfg_##option

#endif
