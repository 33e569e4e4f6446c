/* SPDX-License-Identifier: GPL-2.0 */
/*
 * axctl: shared declarations of the command-line tool.
 *
 * axctl.c  command line, dispatch and the inspecting subcommands
 * run.c    the script interpreter (axctl run)
 * space.c  ioctl wrappers and the operations shared by both (translate,
 *          read, stats, dump)
 * print.c  text and JSON output
 * parse.c  numbers, flags, formats, errno names
 * dirty.c  the dirty log and the accessed harvest (dirty, young)
 */
#ifndef AXCTL_H
#define AXCTL_H

#include <stddef.h>
#include <linux/types.h>
#include <linux/axaddrspace.h>

#define AXCTL_DEV	"/dev/axaddrspace"

/* Exit status */
#define AXCTL_OK	0
#define AXCTL_FAIL	1
#define AXCTL_USAGE	2

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define __maybe_unused	__attribute__((unused))
#define __printf(a, b)	__attribute__((format(printf, a, b)))

#define SZ_4K		0x1000ULL
#define SZ_1M		0x100000ULL

/* Largest read or write axctl copies in one command. */
#define AXCTL_MAX_COPY	(16 * SZ_1M)

/* parse.c */
int parse_u64(const char *s, __u64 *v);
int parse_u32(const char *s, __u32 *v);
int parse_map_flags(const char *s, __u32 *flags);
int parse_access(const char *s, __u32 *access);
int parse_format(const char *s, __u32 *format, __u32 *gpa_bits);
int parse_hex_bytes(const char *s, unsigned char **buf, size_t *len);
const char *format_name(__u32 format, __u32 gpa_bits, char *buf, size_t n);
const char *backend_name(__u32 backend);
const char *errno_name(int err);
void size_str(__u64 v, char *buf, size_t n);
void flags_str(__u32 flags, char *buf);
void access_str(__u32 access, char *buf);
const char *mem_type(__u32 flags);

/* print.c: one result is one record, a text line or a JSON object */
enum rec_style {
	REC_LINE,	/* text: "key value key value ..." on one line */
	REC_BLOCK,	/* text: one "key value" line per field */
};

extern int opt_json;

void out_script(int line, const char *cmd);
int out_in_script(void);
void rec_begin(enum rec_style style);
void rec_end(void);
void rec_u64(const char *key, __u64 v);
void rec_s64(const char *key, long long v);
void rec_addr(const char *key, __u64 v);
void rec_size(const char *key, __u64 v);
void rec_mask(const char *key, __u64 v);
void rec_str(const char *key, const char *v);
void rec_bool(const char *key, int v);
void rec_flags(const char *key, __u32 flags);
void rec_words(const char *key, const char *words);
void rec_pair(const char *key, const char *text, const char *json);
void rec_hex(const char *key, const unsigned char *buf, size_t len);
void print_error(const char *what, int err);
void print_syntax_error(int line, const char *fmt, ...) __printf(2, 3);
void hexdump_c(__u64 offset, const unsigned char *buf, size_t len);
int hex_width(__u64 v);

/* space.c: functions return 0 or a negative errno */
struct axctl_ctx {
	int dev;		/* /dev/axaddrspace */
	__u32 batch;		/* entries per listing call */
	const char *what;	/* the call that failed last */
};

extern struct axctl_ctx ctx;

int ax_ioctl(int fd, unsigned long req, void *arg, const char *what);
int dev_open(void);
int dev_info(struct axas_info *info);
int space_open(__u32 id);
int space_open_pid(int pid, int fd, __u32 id);
int space_info(int fd, struct axas_space_info *si);
int op_translate(int fd, __u64 gpa, int limit);
int op_read(int fd, __u64 gpa, __u64 len);
int op_stats(int fd);
int op_dump(int fd, __u64 gpa, __u64 size, int nargs, int verbose);

/* dirty.c */
int op_dirty(int fd, __u64 gpa, __u64 size, int clear, int young);
int space_owner_fd(int ro, __u32 id);

typedef void (*area_fn)(const struct axas_area_desc *a, void *arg);
typedef void (*space_fn)(const struct axas_space_desc *s, void *arg);
int list_areas(int fd, area_fn fn, void *arg);
int list_spaces(space_fn fn, void *arg);

/* run.c */
int cmd_run(const char *file, int stop_on_error);
extern const char run_help[];

#endif /* AXCTL_H */
