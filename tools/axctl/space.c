// SPDX-License-Identifier: GPL-2.0
/*
 * axctl: the ioctls, and the operations on a space descriptor that both
 * the subcommands and scripts use: translate, read, stats and dump.
 *
 * Functions return 0 or a negative errno; ctx.what names the call that
 * failed, for print_error().
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "axctl.h"

/* Entries per listing or walk call, unless the module allows fewer. */
#define AXCTL_BATCH	64

struct axctl_ctx ctx = { .dev = -1, .batch = AXCTL_BATCH };

int ax_ioctl(int fd, unsigned long req, void *arg, const char *what)
{
	if (ioctl(fd, req, arg) == 0)
		return 0;
	ctx.what = what;
	return -errno;
}

/* Opens /dev/axaddrspace and learns the listing batch size. */
int dev_open(void)
{
	struct axas_info info;
	int err;

	ctx.dev = open(AXCTL_DEV, O_RDWR | O_CLOEXEC);
	if (ctx.dev < 0) {
		ctx.what = "open " AXCTL_DEV;
		return -errno;
	}
	err = dev_info(&info);
	if (err)
		return err;
	ctx.batch = AXCTL_BATCH;
	if (info.max_entries && info.max_entries < ctx.batch)
		ctx.batch = info.max_entries;
	return 0;
}

int dev_info(struct axas_info *info)
{
	memset(info, 0, sizeof(*info));
	info->size = sizeof(*info);
	return ax_ioctl(ctx.dev, AXAS_IOC_GET_INFO, info, "AXAS_IOC_GET_INFO");
}

int space_info(int fd, struct axas_space_info *si)
{
	memset(si, 0, sizeof(*si));
	si->size = sizeof(*si);
	return ax_ioctl(fd, AXAS_IOC_GET_SPACE_INFO, si,
			"AXAS_IOC_GET_SPACE_INFO");
}

/**
 * op_translate() - print where @gpa goes
 * @fd: space descriptor
 * @gpa: guest physical address
 * @limit: print the seed's translate_and_get_limit answer (the address,
 *	the area's size as "limit") and the host-contiguous bytes, instead
 *	of the whole translation
 *
 * Return: 0 or a negative errno.
 */
int op_translate(int fd, __u64 gpa, int limit)
{
	struct axas_translate t = { .size = sizeof(t), .gpa = gpa };
	int err;

	err = ax_ioctl(fd, AXAS_IOC_TRANSLATE, &t, "AXAS_IOC_TRANSLATE");
	if (err)
		return err;
	rec_begin(REC_LINE);
	rec_addr("gpa", gpa);
	rec_addr("hpa", t.hpa);
	if (limit) {
		rec_size("limit", t.area_size);
		rec_size("contig", t.contig);
	} else {
		rec_size("leaf_size", t.leaf_size);
		rec_u64("level", t.level);
		rec_flags("flags", t.map_flags);
		rec_str("backend", backend_name(t.backend));
		rec_addr("area_start", t.area_start);
		rec_size("area_size", t.area_size);
		rec_size("contig", t.contig);
	}
	rec_end();
	return 0;
}

/* pread() until @len bytes, the end of the space or an error. */
static int read_guest(int fd, __u64 gpa, unsigned char *buf, size_t len,
		      size_t *got)
{
	ssize_t n;

	for (*got = 0; *got < len; *got += n) {
		n = pread(fd, buf + *got, len - *got, gpa + *got);
		if (n < 0 && errno == EINTR) {
			n = 0;
			continue;
		}
		if (n < 0) {
			ctx.what = "pread";
			return -errno;
		}
		if (!n)
			break;
	}
	return 0;
}

static void print_read(__u64 gpa, const unsigned char *buf, size_t len)
{
	if (opt_json || out_in_script()) {
		rec_begin(REC_LINE);
		rec_addr("gpa", gpa);
		rec_size("size", len);
		if (opt_json)
			rec_hex("data", buf, len);
		rec_end();
	}
	if (!opt_json)
		hexdump_c(gpa, buf, len);
}

/**
 * op_read() - print guest memory
 * @fd: space descriptor
 * @gpa: first byte
 * @len: bytes, at most AXCTL_MAX_COPY
 *
 * Text: the hexdump -C layout with the GPA as offset (after a "read:"
 * line in a script); JSON: gpa, size and the bytes as hex digits.  A copy
 * that stops short at a hole prints what it got, then fails.  Reads end
 * quietly at the end of the space.
 *
 * Return: 0 or a negative errno.
 */
int op_read(int fd, __u64 gpa, __u64 len)
{
	unsigned char *buf;
	size_t got;
	int err;

	if (len > AXCTL_MAX_COPY)
		return -EFBIG;
	buf = malloc(len ? len : 1);
	if (!buf) {
		ctx.what = "malloc";
		return -ENOMEM;
	}
	err = read_guest(fd, gpa, buf, len, &got);
	if (!err || got)
		print_read(gpa, buf, got);
	free(buf);
	return err;
}

/**
 * op_stats() - print AXAS_IOC_GET_SPACE_INFO, one field a line in text
 * @fd: space descriptor
 *
 * Return: 0 or a negative errno.
 */
int op_stats(int fd)
{
	static const char *const leaves[] = {
		"leaves_4k", "leaves_2m", "leaves_1g", "leaves_512g",
		"leaves_256t",
	};
	struct axas_space_info si;
	char name[16];
	int err, i;

	err = space_info(fd, &si);
	if (err)
		return err;
	rec_begin(REC_BLOCK);
	rec_u64("id", si.id);
	rec_str("format", format_name(si.format, si.gpa_bits, name,
				      sizeof(name)));
	rec_u64("gpa_bits", si.gpa_bits);
	rec_u64("levels", si.levels);
	rec_addr("base", si.base);
	rec_size("size", si.length);
	rec_addr("root", si.root);
	rec_addr("hw_root", si.hw_root);
	rec_u64("vmid", si.vmid);
	rec_u64("areas", si.nr_areas);
	rec_size("mapped_bytes", si.mapped_bytes);
	rec_u64("table_pages", si.table_pages);
	for (i = 0; i < 5; i++)
		rec_u64(leaves[i], si.leaves[i]);
	rec_u64("frames", si.frames);
	rec_u64("pinned_pages", si.pinned_pages);
	rec_u64("faults", si.faults);
	rec_u64("read_only", si.read_only);
	rec_s64("owner_pid", si.owner_pid);
	rec_end();
	return 0;
}

/* Pages of a listing: the caller fills the request, this runs it. */
static int list_call(int fd, unsigned long req, const char *what,
		     void *arg, __u32 *nr, void *entries, size_t entry_size)
{
	memset(entries, 0, ctx.batch * entry_size);
	*nr = ctx.batch;
	return ax_ioctl(fd, req, arg, what);
}

/**
 * list_areas() - call @fn for every area of a space, in GPA order
 * @fd: space descriptor
 * @fn: callback
 * @arg: its argument
 *
 * Return: 0 or a negative errno.
 */
int list_areas(int fd, area_fn fn, void *arg)
{
	struct axas_area_desc *e = calloc(ctx.batch, sizeof(*e));
	struct axas_list_areas l = {
		.size = sizeof(l),
		.entry_size = sizeof(*e),
		.entries = (unsigned long)e,
	};
	int err = 0;
	__u32 i;

	if (!e) {
		ctx.what = "calloc";
		return -ENOMEM;
	}
	do {
		err = list_call(fd, AXAS_IOC_LIST_AREAS, "AXAS_IOC_LIST_AREAS",
				&l, &l.nr_entries, e, sizeof(*e));
		if (err)
			break;
		for (i = 0; i < l.nr_entries; i++)
			fn(&e[i], arg);
		if (l.next_gpa && l.next_gpa <= l.gpa) {
			ctx.what = "AXAS_IOC_LIST_AREAS (no progress)";
			err = -EIO;
			break;
		}
		l.gpa = l.next_gpa;
	} while (l.next_gpa);
	free(e);
	return err;
}

struct dump_state {
	int verbose;
	int top;	/* the root's level */
	int width;	/* hex digits of a GPA */
};

static void dump_header(const struct dump_state *d)
{
	if (opt_json)
		return;
	printf("%-5s %-*s %5s %-18s %-6s %-4s %s\n", "LEVEL",
	       2 * d->width + 5, "GPA RANGE", "SIZE", "RAW", "FLAGS", "MEM",
	       "AD");
}

static void dump_json(const struct axas_walk_entry *e)
{
	int leaf = e->type == AXAS_WALK_LEAF;

	rec_begin(REC_LINE);
	rec_u64("level", e->level);
	rec_str("type", leaf ? "leaf" : "table");
	rec_addr("gpa", e->gpa);
	rec_size("size", e->length);
	rec_addr("raw", e->raw);
	rec_addr("hpa", e->hpa);
	if (leaf) {
		rec_flags("flags", e->map_flags);
		rec_str("memtype", mem_type(e->map_flags));
		rec_bool("accessed", e->accessed);
		rec_bool("dirty", e->dirty);
	}
	rec_end();
}

static void dump_text(const struct dump_state *d,
		      const struct axas_walk_entry *e)
{
	int depth = d->verbose ? d->top - (int)e->level : 0;
	char size[32], flags[8];

	size_str(e->length, size, sizeof(size));
	printf("%*sL%-4u 0x%0*llx-0x%0*llx %5s 0x%016llx ",
	       2 * (depth > 0 ? depth : 0), "", e->level, d->width, e->gpa,
	       d->width, e->gpa + e->length, size, e->raw);
	if (e->type != AXAS_WALK_LEAF) {
		puts("table");
		return;
	}
	flags_str(e->map_flags, flags);
	printf("%-6s %-4s %c%c\n", flags, mem_type(e->map_flags),
	       e->accessed ? 'A' : '-', e->dirty ? 'D' : '-');
}

/* One AXAS_IOC_WALK call from the cursor in @w; refuses a stuck cursor. */
static int walk_call(int fd, struct axas_walk *w, struct axas_walk_entry *e)
{
	__u64 gpa = w->gpa;
	__u32 level = w->level;
	int err;

	memset(e, 0, ctx.batch * sizeof(*e));
	w->nr_entries = ctx.batch;
	err = ax_ioctl(fd, AXAS_IOC_WALK, w, "AXAS_IOC_WALK");
	if (err)
		return err;
	if (w->gpa != w->end && !w->nr_entries && w->gpa == gpa &&
	    w->level == level) {
		ctx.what = "AXAS_IOC_WALK (no progress)";
		return -EIO;
	}
	return 0;
}

static void dump_entries(const struct dump_state *d,
			 const struct axas_walk_entry *e, __u32 n)
{
	__u32 i;

	for (i = 0; i < n; i++) {
		if (opt_json)
			dump_json(&e[i]);
		else
			dump_text(d, &e[i]);
	}
}

/**
 * op_dump() - print the page-table entries of a range, as a ptdump
 * @fd: space descriptor
 * @gpa: first GPA (ignored when @nargs is 0: the space's base)
 * @size: bytes (up to the space's end when @nargs is below 2)
 * @nargs: how many of @gpa and @size the user gave
 * @verbose: table entries too, each line indented by its depth
 *
 * Text: a header, then one line per entry: level, GPA range, size, raw
 * entry, and for leaves their flags, memory type and A/D bits.
 *
 * Return: 0 or a negative errno.
 */
int op_dump(int fd, __u64 gpa, __u64 size, int nargs, int verbose)
{
	struct axas_walk_entry *e;
	struct axas_space_info si;
	struct axas_walk w = {
		.size = sizeof(w),
		.level = AXAS_WALK_LEVEL_ANY,
		.entry_size = sizeof(*e),
	};
	struct dump_state d = { .verbose = verbose };
	int err;

	err = space_info(fd, &si);
	if (err)
		return err;
	if (!nargs)
		gpa = si.base;
	w.gpa = gpa;
	w.end = nargs > 1 ? gpa + size : si.base + si.length;
	w.flags = verbose ? AXAS_WALK_TABLES : 0;
	d.top = si.levels - 1;
	d.width = hex_width(si.base + si.length);
	e = calloc(ctx.batch, sizeof(*e));
	if (!e) {
		ctx.what = "calloc";
		return -ENOMEM;
	}
	w.entries = (unsigned long)e;
	/* The module judges the range before anything is printed. */
	err = walk_call(fd, &w, e);
	if (err)
		goto out;
	if (out_in_script() && !opt_json) {
		rec_begin(REC_LINE);
		rec_addr("gpa", gpa);
		rec_size("size", w.end - gpa);
		rec_end();
	}
	dump_header(&d);
	for (;;) {
		dump_entries(&d, e, w.nr_entries);
		if (w.gpa == w.end)
			break;
		err = walk_call(fd, &w, e);
		if (err)
			break;
	}
out:
	free(e);
	return err;
}
