/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User-space stand-in for <linux/lockdep.h>.  The native build runs one
 * thread per space, so the assertions only have to compile; lockdep itself
 * checks them in the kernel.
 */
#ifndef _AXAS_USPACE_LINUX_LOCKDEP_H
#define _AXAS_USPACE_LINUX_LOCKDEP_H

#include <linux/kernel.h>

#define lockdep_assert_held(l)		((void)(l))
#define lockdep_assert_held_read(l)	((void)(l))
#define lockdep_assert_held_write(l)	((void)(l))

#endif
