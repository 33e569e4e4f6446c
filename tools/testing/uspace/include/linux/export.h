/* SPDX-License-Identifier: GPL-2.0 */
/* User-space stand-in for <linux/export.h>: nothing is exported. */
#ifndef _AXAS_USPACE_LINUX_EXPORT_H
#define _AXAS_USPACE_LINUX_EXPORT_H

#define EXPORT_SYMBOL_NS_GPL(sym, ns)

#endif
