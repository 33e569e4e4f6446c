/* SPDX-License-Identifier: GPL-2.0 */
/* User-space stand-in for <linux/sched.h>: no task, nothing to yield to. */
#ifndef _AXAS_USPACE_LINUX_SCHED_H
#define _AXAS_USPACE_LINUX_SCHED_H

#define current			((void *)0)
#define cond_resched()		do { } while (0)

#endif
