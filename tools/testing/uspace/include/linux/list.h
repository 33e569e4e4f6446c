/* SPDX-License-Identifier: GPL-2.0 */
/* User-space stand-in for <linux/list.h>: the doubly linked list. */
#ifndef _AXAS_USPACE_LINUX_LIST_H
#define _AXAS_USPACE_LINUX_LIST_H

#include <linux/kernel.h>

struct list_head {
	struct list_head *next, *prev;
};

#define LIST_HEAD_INIT(name)	{ &(name), &(name) }
#define LIST_HEAD(name)		struct list_head name = LIST_HEAD_INIT(name)

static inline void INIT_LIST_HEAD(struct list_head *h)
{
	h->next = h;
	h->prev = h;
}

static inline bool list_empty(const struct list_head *h)
{
	return h->next == h;
}

static inline void axas_ulist_link(struct list_head *n, struct list_head *prev,
				   struct list_head *next)
{
	next->prev = n;
	n->next = next;
	n->prev = prev;
	prev->next = n;
}

static inline void list_add(struct list_head *n, struct list_head *h)
{
	axas_ulist_link(n, h, h->next);
}

static inline void list_add_tail(struct list_head *n, struct list_head *h)
{
	axas_ulist_link(n, h->prev, h);
}

static inline void list_del(struct list_head *n)
{
	n->prev->next = n->next;
	n->next->prev = n->prev;
	n->next = NULL;
	n->prev = NULL;
}

static inline void list_del_init(struct list_head *n)
{
	n->prev->next = n->next;
	n->next->prev = n->prev;
	INIT_LIST_HEAD(n);
}

/* move every entry of @l to the end of @h (@l is left stale, as the kernel's) */
static inline void list_splice_tail(struct list_head *l, struct list_head *h)
{
	if (list_empty(l))
		return;
	l->next->prev = h->prev;
	h->prev->next = l->next;
	l->prev->next = h;
	h->prev = l->prev;
}

#define list_entry(p, type, member)	container_of(p, type, member)
#define list_first_entry(h, type, member) list_entry((h)->next, type, member)
#define list_first_entry_or_null(h, type, member)			\
	(list_empty(h) ? NULL : list_first_entry(h, type, member))
#define list_next_entry(pos, member)					\
	list_entry((pos)->member.next, typeof(*(pos)), member)

#define list_for_each_entry(pos, h, member)				\
	for (pos = list_first_entry(h, typeof(*pos), member);		\
	     &pos->member != (h); pos = list_next_entry(pos, member))

#define list_for_each_entry_safe(pos, n, h, member)			\
	for (pos = list_first_entry(h, typeof(*pos), member),		\
	     n = list_next_entry(pos, member);				\
	     &pos->member != (h);					\
	     pos = n, n = list_next_entry(n, member))

#endif
