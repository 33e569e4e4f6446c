/* SPDX-License-Identifier: GPL-2.0 */
/* User-space stand-in for <kunit/visibility.h>: nothing is exported. */
#ifndef _AXAS_USPACE_KUNIT_VISIBILITY_H
#define _AXAS_USPACE_KUNIT_VISIBILITY_H

#define EXPORT_SYMBOL_IF_KUNIT(sym)

#endif
