/* SPDX-License-Identifier: GPL-2.0 */
/* the errno values, from the system's own linux/errno.h */
#include_next <linux/errno.h>
