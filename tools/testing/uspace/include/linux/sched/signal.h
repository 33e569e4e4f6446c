/* SPDX-License-Identifier: GPL-2.0 */
/* User-space stand-in for <linux/sched/signal.h>: no signal is pending. */
#ifndef _AXAS_USPACE_LINUX_SCHED_SIGNAL_H
#define _AXAS_USPACE_LINUX_SCHED_SIGNAL_H

#include <linux/sched.h>

#define signal_pending(t)	((void)(t), 0)
#define fatal_signal_pending(t)	((void)(t), 0)

#endif
