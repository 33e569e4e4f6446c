/* SPDX-License-Identifier: GPL-2.0 */
/* User-space stand-in for <linux/wait.h>: waiting is spinning. */
#ifndef _AXAS_USPACE_LINUX_WAIT_H
#define _AXAS_USPACE_LINUX_WAIT_H

typedef struct {
	int unused;
} wait_queue_head_t;

#define init_waitqueue_head(w)	((void)(w))
#define wake_up_all(w)		((void)(w))
#define wait_event(w, cond)	do { } while (!(cond))

#endif
