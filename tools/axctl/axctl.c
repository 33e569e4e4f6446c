// SPDX-License-Identifier: GPL-2.0
/*
 * axctl: inspect and script axaddrspace address spaces.
 *
 * Exit status: 0 success, 1 a command failed, 2 usage error.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "axctl.h"

struct axctl_cmd {
	const char *name;
	const char *args;	/* synopsis of the arguments */
	const char *summary;	/* one line for axctl --help */
	const char *help;	/* the rest of axctl COMMAND --help */
	const char *options;	/* single-letter options it takes */
	int min_args;
	int max_args;
	int (*fn)(int argc, char **argv, int opt_v);
};

static const struct axctl_cmd *cur_cmd;
static const struct axctl_cmd commands[];

static void main_usage(FILE *f)
{
	const struct axctl_cmd *c;
	char syn[64];

	fputs("usage: axctl [--json] COMMAND [ARGS]\n"
	      "\n"
	      "Inspect and script the guest physical address spaces of the\n"
	      "axaddrspace module (" AXCTL_DEV ").\n"
	      "\n"
	      "Commands:\n", f);
	for (c = commands; c->name; c++) {
		snprintf(syn, sizeof(syn), "%s %s", c->name, c->args);
		fprintf(f, "  %-27s %s\n", syn, c->summary);
	}
	fputs("\n"
	      "Options:\n"
	      "  --json    one JSON object per result line\n"
	      "  --help    this text; 'axctl COMMAND --help' for a command\n"
	      "\n"
	      "Exit status: 0 success, 1 a command failed, 2 usage error.\n",
	      f);
}

static void cmd_usage(FILE *f, const struct axctl_cmd *c)
{
	fprintf(f, "usage: axctl [--json] %s %s\n\n%s", c->name, c->args,
		c->help);
}

/* Prints MESSAGE and the command's usage on stderr; returns 2. */
static int usage_error(const char *fmt, const char *arg)
{
	fputs("axctl: ", stderr);
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	if (cur_cmd)
		cmd_usage(stderr, cur_cmd);
	else
		main_usage(stderr);
	return AXCTL_USAGE;
}

/* Prints the failure of ctx.what (@err: a negative errno); returns 1. */
static int fail(int err)
{
	print_error(ctx.what, -err);
	return AXCTL_FAIL;
}

/* Opens the device; prints the error when it cannot. */
static int need_dev(void)
{
	int err = dev_open();

	return err ? fail(err) : 0;
}

/*
 * Opens space @arg read-only into *@fd; prints the error when it cannot.
 * @arg is an identifier from axctl list, or PID:FD (descriptor FD of
 * process PID).  Neither needs /dev/axaddrspace.
 */
static int need_space(const char *arg, int *fd)
{
	const char *colon = strchr(arg, ':');
	__u32 id, pid, pfd;
	char pidstr[16];

	if (colon) {
		if (colon - arg >= (long)sizeof(pidstr))
			return usage_error("bad space '%s'", arg);
		memcpy(pidstr, arg, colon - arg);
		pidstr[colon - arg] = '\0';
		if (parse_u32(pidstr, &pid) || parse_u32(colon + 1, &pfd) ||
		    !pid || pid > INT32_MAX || pfd > INT32_MAX)
			return usage_error("bad space '%s'", arg);
		*fd = space_open_pid(pid, pfd, 0);
	} else {
		if (parse_u32(arg, &id))
			return usage_error("bad space id '%s'", arg);
		*fd = space_open(id);
	}
	return *fd < 0 ? fail(*fd) : 0;
}

static int need_u64(const char *arg, __u64 *v)
{
	if (parse_u64(arg, v))
		return usage_error("bad number '%s'", arg);
	return 0;
}

static void info_words(__u64 mask, char *buf, size_t n, int sizes)
{
	char name[16];
	size_t len = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < 64 && len < n; i++) {
		if (!(mask & (1ULL << i)) || (!sizes && !i))
			continue;
		if (sizes)
			size_str(1ULL << i, name, sizeof(name));
		else
			format_name(i, 0, name, sizeof(name));
		len += snprintf(buf + len, n - len, "%s%s", len ? " " : "",
				name);
	}
}

static void print_info(const struct axas_version *v,
		       const struct axas_info *in)
{
	char version[16], words[160], json[32], name[16];

	snprintf(version, sizeof(version), "%u.%u.%u",
		 v->module_version >> 16, (v->module_version >> 8) & 0xff,
		 v->module_version & 0xff);
	if (!opt_json)
		printf("module version %s, API version %u\n", version,
		       v->api_version);
	rec_begin(REC_BLOCK);
	if (opt_json) {
		rec_str("module_version", version);
		rec_u64("api_version", v->api_version);
	}
	info_words(in->formats, words, sizeof(words), 0);
	rec_words("formats", words);
	rec_str("native_format", format_name(in->native_format, 0, name,
					     sizeof(name)));
	rec_mask("map_flags", in->map_flags);
	rec_mask("create_flags", in->create_flags);
	rec_mask("linear_flags", in->linear_flags);
	rec_mask("alloc_flags", in->alloc_flags);
	rec_mask("user_flags", in->user_flags);
	rec_mask("walk_flags", in->walk_flags);
	rec_mask("access_flags", in->access_flags);
	info_words(in->page_sizes, words, sizeof(words), 1);
	snprintf(json, sizeof(json), "%llu", in->page_sizes);
	rec_pair("page_sizes", words, json);
	rec_u64("max_segs", in->max_segs);
	rec_u64("max_entries", in->max_entries);
	rec_u64("phys_addr_bits", in->phys_addr_bits);
	rec_u64("allow_ram_linear", in->allow_ram_linear);
	rec_u64("spaces", in->nr_spaces);
	rec_u64("frames", in->frames);
	rec_u64("table_pages", in->table_pages);
	rec_u64("pinned_pages", in->pinned_pages);
	rec_end();
}

static int cmd_info(int argc __maybe_unused, char **argv __maybe_unused,
		    int opt_v __maybe_unused)
{
	struct axas_version v = { .size = sizeof(v) };
	struct axas_info info;
	int err;

	err = need_dev();
	if (err)
		return err;
	err = ax_ioctl(ctx.dev, AXAS_IOC_VERSION, &v, "AXAS_IOC_VERSION");
	if (!err)
		err = dev_info(&info);
	if (err)
		return fail(err);
	print_info(&v, &info);
	return AXCTL_OK;
}

static void list_one(const struct axas_space_desc *s, void *arg __maybe_unused)
{
	char fmt[16], size[32], mapped[32];

	format_name(s->format, s->gpa_bits, fmt, sizeof(fmt));
	if (opt_json) {
		rec_begin(REC_LINE);
		rec_u64("id", s->id);
		rec_s64("owner_pid", s->owner_pid);
		rec_u64("owner_uid", s->owner_uid);
		rec_str("format", fmt);
		rec_u64("gpa_bits", s->gpa_bits);
		rec_u64("levels", s->levels);
		rec_addr("base", s->base);
		rec_size("size", s->length);
		rec_u64("areas", s->nr_areas);
		rec_size("mapped_bytes", s->mapped_bytes);
		rec_u64("table_pages", s->table_pages);
		rec_u64("frames", s->frames);
		rec_u64("pinned_pages", s->pinned_pages);
		rec_end();
		return;
	}
	size_str(s->length, size, sizeof(size));
	size_str(s->mapped_bytes, mapped, sizeof(mapped));
	printf("%4u %7d %-7s 0x%-14llx %6s %5u %8s %6llu %8llu\n", s->id,
	       s->owner_pid, fmt, s->base, size, s->nr_areas, mapped,
	       s->table_pages, s->frames);
}

static int cmd_list(int argc __maybe_unused, char **argv __maybe_unused,
		    int opt_v __maybe_unused)
{
	int err;

	if (!opt_json)
		printf("%4s %7s %-7s %-16s %6s %5s %8s %6s %8s\n", "ID", "PID",
		       "FORMAT", "BASE", "SIZE", "AREAS", "MAPPED", "TABLES",
		       "FRAMES");
	err = list_spaces(list_one, NULL);
	return err ? fail(err) : AXCTL_OK;
}

static void show_one(const struct axas_area_desc *a, void *arg)
{
	int width = *(int *)arg;
	char size[32], flags[8], hpa[24];
	const char *opt = "";

	if (opt_json) {
		rec_begin(REC_LINE);
		rec_addr("gpa", a->gpa);
		rec_size("size", a->length);
		rec_str("backend", backend_name(a->backend));
		rec_flags("flags", a->map_flags);
		rec_addr("hpa", a->hpa);
		rec_u64("populated_pages", a->populated / SZ_4K);
		rec_bool("populate", a->backend == AXAS_BACKEND_ALLOC &&
			 (a->flags & AXAS_ALLOC_POPULATE));
		rec_bool("nohuge", (a->backend == AXAS_BACKEND_LINEAR &&
				    (a->flags & AXAS_LINEAR_NOHUGE)) ||
			 (a->backend == AXAS_BACKEND_ALLOC &&
			  (a->flags & AXAS_ALLOC_NO_HUGE)));
		rec_end();
		return;
	}
	size_str(a->length, size, sizeof(size));
	flags_str(a->map_flags, flags);
	snprintf(hpa, sizeof(hpa), "-");
	if (a->backend == AXAS_BACKEND_LINEAR) {
		snprintf(hpa, sizeof(hpa), "0x%llx", a->hpa);
		if (a->flags & AXAS_LINEAR_NOHUGE)
			opt = " nohuge";
	} else if (a->backend == AXAS_BACKEND_ALLOC) {
		/* 4 KiB frames only (AXAS_ALLOC_NO_HUGE): said as for linear */
		if (a->flags & AXAS_ALLOC_POPULATE)
			opt = a->flags & AXAS_ALLOC_NO_HUGE ? " populate nohuge" :
			      " populate";
		else if (a->flags & AXAS_ALLOC_NO_HUGE)
			opt = " nohuge";
	}
	printf("0x%0*llx-0x%0*llx %6s %-7s %-6s %9llu %s%s\n", width, a->gpa,
	       width, a->gpa + a->length, size, backend_name(a->backend),
	       flags, a->populated / SZ_4K, hpa, opt);
}

static int cmd_show(int argc __maybe_unused, char **argv,
		    int opt_v __maybe_unused)
{
	struct axas_space_info si;
	int fd, err, width;

	err = need_space(argv[0], &fd);
	if (err)
		return err;
	err = space_info(fd, &si);
	if (err)
		return fail(err);
	width = hex_width(si.base + si.length);
	if (!opt_json)
		printf("%-*s %6s %-7s %-6s %9s %s\n", 2 * width + 5,
		       "GPA RANGE", "SIZE", "BACKEND", "FLAGS", "POPULATED",
		       "HPA");
	err = list_areas(fd, show_one, &width);
	close(fd);
	return err ? fail(err) : AXCTL_OK;
}

static int cmd_dump(int argc, char **argv, int opt_v)
{
	__u64 gpa = 0, size = 0;
	int fd, err;

	if ((argc > 1 && need_u64(argv[1], &gpa)) ||
	    (argc > 2 && need_u64(argv[2], &size)))
		return AXCTL_USAGE;
	err = need_space(argv[0], &fd);
	if (err)
		return err;
	err = op_dump(fd, gpa, size, argc - 1, opt_v);
	close(fd);
	return err ? fail(err) : AXCTL_OK;
}

static int cmd_translate(int argc __maybe_unused, char **argv,
			 int opt_v __maybe_unused)
{
	__u64 gpa;
	int fd, err;

	if (need_u64(argv[1], &gpa))
		return AXCTL_USAGE;
	err = need_space(argv[0], &fd);
	if (err)
		return err;
	err = op_translate(fd, gpa, 0);
	close(fd);
	return err ? fail(err) : AXCTL_OK;
}

static int cmd_read(int argc __maybe_unused, char **argv,
		    int opt_v __maybe_unused)
{
	__u64 gpa, len;
	int fd, err;

	if (need_u64(argv[1], &gpa) || need_u64(argv[2], &len))
		return AXCTL_USAGE;
	if (len > AXCTL_MAX_COPY)
		return usage_error("LEN %s is above 16M", argv[2]);
	err = need_space(argv[0], &fd);
	if (err)
		return err;
	err = op_read(fd, gpa, len);
	close(fd);
	return err ? fail(err) : AXCTL_OK;
}

static int cmd_stats(int argc __maybe_unused, char **argv,
		     int opt_v __maybe_unused)
{
	int fd, err;

	err = need_space(argv[0], &fd);
	if (err)
		return err;
	err = op_stats(fd);
	close(fd);
	return err ? fail(err) : AXCTL_OK;
}

static int cmd_dirty(int argc __maybe_unused, char **argv, int opt_clear)
{
	__u64 gpa, size;
	__u32 id;
	int fd, rw = -1, err;

	if (need_u64(argv[1], &gpa) || need_u64(argv[2], &size))
		return AXCTL_USAGE;
	err = need_space(argv[0], &fd);
	if (err)
		return err;
	if (opt_clear) {
		parse_u32(argv[0], &id);
		rw = space_owner_fd(fd, id);
		if (rw < 0) {
			close(fd);
			return fail(rw);
		}
	}
	err = op_dirty(rw >= 0 ? rw : fd, gpa, size, opt_clear, 0);
	if (rw >= 0)
		close(rw);
	close(fd);
	return err ? fail(err) : AXCTL_OK;
}

static int cmd_run_main(int argc, char **argv, int opt_e)
{
	const char *file = argc ? argv[0] : "-";

	return cmd_run(file, opt_e);
}

static const struct axctl_cmd commands[] = {
	{ "info", "", "module version, formats, limits, live counters",
	  "Prints the module and API versions (first line), the formats the\n"
	  "module creates, the flag masks it accepts, its limits and its live\n"
	  "counters (AXAS_IOC_GET_INFO), one field a line.\n",
	  "", 0, 0, cmd_info },
	{ "list", "", "the address spaces you may inspect",
	  "Lists every address space the caller may inspect, as the kernel\n"
	  "decides: those open in processes whose /proc/PID/fdinfo it may\n"
	  "read.  Columns: id, pid of a process holding it (the read-write\n"
	  "holder when visible), format, base, size, areas, mapped bytes,\n"
	  "page-table pages and data frames.  Commands that take an ID also\n"
	  "take PID:FD; they copy the descriptor with pidfd_getfd(2), which\n"
	  "the kernel allows only to a caller that may ptrace PID.\n",
	  "", 0, 0, cmd_list },
	{ "show", "ID", "the areas of space ID",
	  "Lists the areas of space ID (AXAS_IOC_LIST_AREAS): GPA range,\n"
	  "size, backend, flags, populated 4 KiB pages, host physical address\n"
	  "of linear areas, and populate/nohuge.\n",
	  "", 1, 1, cmd_show },
	{ "dump", "[-v] ID [GPA [SIZE]]", "page-table entries, as a ptdump",
	  "Walks the page table of space ID (AXAS_IOC_WALK) from GPA (default:\n"
	  "the base) over SIZE bytes (default: to the end) and prints one line\n"
	  "per leaf: level, GPA range, size, raw entry, flags, memory type\n"
	  "(wb, uc, dev) and the accessed/dirty bits.\n"
	  "\n"
	  "  -v   table entries too, each line indented by its depth\n",
	  "v", 1, 3, cmd_dump },
	{ "translate", "ID GPA", "the host physical address of GPA",
	  "Translates GPA in space ID (AXAS_IOC_TRANSLATE): host physical\n"
	  "address, leaf size and level, flags, backend, the area and the\n"
	  "host-contiguous bytes from GPA.\n",
	  "", 2, 2, cmd_translate },
	{ "read", "ID GPA LEN", "guest memory, as hexdump -C",
	  "Reads LEN bytes (at most 16M) of space ID at GPA (pread) and prints\n"
	  "them as hexdump -C does, with the GPA as offset.\n",
	  "", 3, 3, cmd_read },
	{ "stats", "ID", "the counters of space ID",
	  "Prints AXAS_IOC_GET_SPACE_INFO of space ID, one field a line.\n",
	  "", 1, 1, cmd_stats },
	{ "dirty", "ID GPA SIZE [--clear]", "the dirty pages of a range",
	  "Prints the pages of [GPA, GPA + SIZE) of space ID written since they\n"
	  "were last cleared (AXAS_IOC_GET_DIRTY_LOG; every page must be in a\n"
	  "log-dirty area): \"dirty: N pages\", then one 0xSTART-0xEND range\n"
	  "(END exclusive) a line.  A read-only descriptor is enough.\n"
	  "\n"
	  "  --clear  get and clear at once: needs the owner's read-write\n"
	  "           descriptor, taken with pidfd_getfd() (ptrace access)\n",
	  "", 3, 3, cmd_dirty },
	{ "run", "[-e] [FILE|-]", "create a space and run a script on it",
	  run_help, "e", 0, 1, cmd_run_main },
	{ NULL },
};

static const struct axctl_cmd *find_cmd(const char *name)
{
	const struct axctl_cmd *c;

	for (c = commands; c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

/*
 * Options may come anywhere after the command: --json, --help and the
 * command's own single letters; "-" alone is an argument (standard input).
 */
static int run_cmd(const struct axctl_cmd *c, int argc, char **argv)
{
	int i, npos = 0, opt_letter = 0;

	for (i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (a[0] != '-' || !a[1]) {
			argv[npos++] = argv[i];
			continue;
		}
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			cmd_usage(stdout, c);
			return AXCTL_OK;
		}
		if (!strcmp(a, "--json"))
			opt_json = 1;
		else if (!strcmp(a, "--clear") && c->fn == cmd_dirty)
			opt_letter = 1;
		else if (!a[2] && strchr(c->options, a[1]))
			opt_letter = 1;
		else
			return usage_error("unknown option '%s'", a);
	}
	if (npos < c->min_args)
		return usage_error("%s: missing argument", c->name);
	if (npos > c->max_args)
		return usage_error("%s: too many arguments", c->name);
	return c->fn(npos, argv, opt_letter);
}

int main(int argc, char **argv)
{
	int i = 1;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			main_usage(stdout);
			return AXCTL_OK;
		}
		if (strcmp(argv[i], "--json"))
			return usage_error("unknown option '%s'", argv[i]);
		opt_json = 1;
	}
	if (i >= argc) {
		main_usage(stderr);
		return AXCTL_USAGE;
	}
	cur_cmd = find_cmd(argv[i]);
	if (!cur_cmd)
		return usage_error("unknown command '%s'", argv[i]);
	return run_cmd(cur_cmd, argc - i - 1, argv + i + 1);
}
