// SPDX-License-Identifier: GPL-2.0
/*
 * axctl run: a script interpreter.  One command a line, '#' starts a
 * comment, blank lines are ignored.  Lines run as they are read, so a
 * script may be typed or fed through a pipe.  Each command prints one
 * result record (read, dump and stats then print their block); a failed
 * command prints its errno name.  The script goes on after a failure,
 * or stops at once with -e.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stddef.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include "axctl.h"
#include "../../kmod/testvm/axas_testvm_uapi.h"

#define MAX_WORDS	24
#define SYNTAX		1	/* a handler's "reported already" */

struct script {
	FILE *in;
	int from_stdin;
	int fd;			/* the space, -1 before create */
	int vcpu;		/* /dev/axaddrspace_testvm, -1 before vcpu-run */
	int line;
	int terminated;		/* SIGTERM during hold */
};

struct script_cmd {
	const char *name;
	int min_args;
	int max_args;
	int needs_space;
	/* 0, a negative errno, or SYNTAX once reported */
	int (*fn)(struct script *s, int argc, char **argv);
};

const char run_help[] =
	"Reads a script from FILE (default: standard input) and runs it line\n"
	"by line; the space it creates lives until axctl exits.  One command a\n"
	"line, '#' comments, blank lines ignored:\n"
	"\n"
	"  create FORMAT BASE SIZE [VMID]     FORMAT: ept4 ept5 npt4 npt5 s2\n"
	"                                     s2-32..s2-48 sv39x4 sv48x4\n"
	"                                     sv57x4 native\n"
	"  map-linear GPA HPA SIZE FLAGS [nohuge] [log-dirty]\n"
	"  map-alloc GPA SIZE FLAGS [populate] [log-dirty] [nohuge]\n"
	"  unmap GPA SIZE\n"
	"  protect GPA SIZE FLAGS\n"
	"  fault GPA ACCESS\n"
	"  translate GPA\n"
	"  limit GPA                          area size and contiguous bytes\n"
	"  read GPA LEN\n"
	"  write GPA HEXBYTES\n"
	"  clear\n"
	"  stats\n"
	"  dump [-v] [GPA [SIZE]]\n"
	"  dirty GPA SIZE [clear]             pages written (log-dirty areas)\n"
	"  young GPA SIZE [clear]             pages accessed\n"
	"  hold                               print the id, wait for the end\n"
	"                                     of standard input or SIGTERM\n"
	"  vcpu-run ENTRY [REG=VALUE]...      run a guest on the space from\n"
	"                                     ENTRY (axaddrspace_testvm.ko,\n"
	"                                     SVM, VMX, arm64 EL2, RISC-V H);\n"
	"                                     REG: rax..r15 rsp rflags (arm64:\n"
	"                                     x0..x15 pstate; riscv64: x0..x15\n"
	"                                     a0..a5), or timeout=MS\n"
	"\n"
	"FLAGS: letters r w x u d c (read write execute user device uncached),\n"
	"'-' for none.  ACCESS: letters r w x.  Numbers: 0x... (hex) or decimal\n"
	"with an optional K, M or G suffix.\n"
	"\n"
	"  -e   stop at the first failed command\n"
	"\n"
	"Exit status: 0 all commands succeeded, 1 one failed, 2 a syntax error.\n";

static volatile sig_atomic_t got_sigterm;

static int bad_arg(struct script *s, const char *what, const char *arg)
{
	print_syntax_error(s->line, "bad %s '%s'", what, arg);
	return SYNTAX;
}

static int arg_u64(struct script *s, const char *arg, __u64 *v)
{
	return parse_u64(arg, v) ? bad_arg(s, "number", arg) : 0;
}

static int arg_flags(struct script *s, const char *arg, __u32 *flags)
{
	return parse_map_flags(arg, flags) ? bad_arg(s, "flags", arg) : 0;
}

/* An optional last word that must be @word when present. */
static int arg_word(struct script *s, int argc, char **argv, int i,
		    const char *word, int *set)
{
	*set = argc > i;
	if (*set && strcmp(argv[i], word)) {
		print_syntax_error(s->line, "'%s' where only '%s' may go",
				   argv[i], word);
		return SYNTAX;
	}
	return 0;
}

/*
 * The optional last words from @i on, in any order, each one of @words
 * (NULL-terminated) at most once: bit n of *@set for words[n].
 */
static int arg_words(struct script *s, int argc, char **argv, int i,
		     const char *const *words, unsigned int *set)
{
	unsigned int n;

	for (*set = 0; i < argc; i++) {
		for (n = 0; words[n] && strcmp(argv[i], words[n]); n++)
			;
		if (!words[n] || (*set & 1U << n)) {
			print_syntax_error(s->line, "'%s' where only '%s' or '%s' may go",
					   argv[i], words[0], words[1]);
			return SYNTAX;
		}
		*set |= 1U << n;
	}
	return 0;
}

static int do_create(struct script *s, int argc, char **argv)
{
	struct axas_create_space c = { .size = sizeof(c) };
	struct axas_space_info si;
	char name[16];
	int err;

	if (parse_format(argv[0], &c.format, &c.gpa_bits))
		return bad_arg(s, "format", argv[0]);
	if (arg_u64(s, argv[1], &c.base) || arg_u64(s, argv[2], &c.length) ||
	    (argc > 3 && arg_u64(s, argv[3], &c.vmid)))
		return SYNTAX;
	err = ax_ioctl(ctx.dev, AXAS_IOC_CREATE_SPACE, &c,
		       "AXAS_IOC_CREATE_SPACE");
	if (err)
		return err;
	if (s->fd >= 0)
		close(s->fd);
	s->fd = c.fd;
	err = space_info(s->fd, &si);
	if (err)
		return err;
	rec_begin(REC_LINE);
	rec_u64("id", c.id);
	rec_str("format", format_name(si.format, si.gpa_bits, name,
				      sizeof(name)));
	rec_u64("gpa_bits", si.gpa_bits);
	rec_u64("levels", si.levels);
	rec_addr("base", si.base);
	rec_size("size", si.length);
	rec_u64("vmid", si.vmid);
	rec_end();
	return 0;
}

static int do_map_linear(struct script *s, int argc, char **argv)
{
	static const char *const words[] = { "nohuge", "log-dirty", NULL };
	struct axas_map_linear m = { .size = sizeof(m) };
	unsigned int set;
	int nohuge, err;

	if (arg_u64(s, argv[0], &m.gpa) || arg_u64(s, argv[1], &m.hpa) ||
	    arg_u64(s, argv[2], &m.length) ||
	    arg_flags(s, argv[3], &m.map_flags) ||
	    arg_words(s, argc, argv, 4, words, &set))
		return SYNTAX;
	nohuge = set & 1;
	m.flags = (nohuge ? AXAS_LINEAR_NOHUGE : 0) |
		  (set & 2 ? AXAS_LINEAR_LOG_DIRTY : 0);
	err = ax_ioctl(s->fd, AXAS_IOC_MAP_LINEAR, &m, "AXAS_IOC_MAP_LINEAR");
	if (err)
		return err;
	rec_begin(REC_LINE);
	rec_addr("gpa", m.gpa);
	rec_addr("hpa", m.hpa);
	rec_size("size", m.length);
	rec_flags("flags", m.map_flags);
	rec_bool("nohuge", nohuge);
	if (set & 2)
		rec_bool("log-dirty", 1);
	rec_end();
	return 0;
}

static int do_map_alloc(struct script *s, int argc, char **argv)
{
	static const char *const words[] = { "populate", "log-dirty", "nohuge",
					     NULL };
	struct axas_map_alloc m = { .size = sizeof(m) };
	unsigned int set;
	int populate, err;

	if (arg_u64(s, argv[0], &m.gpa) || arg_u64(s, argv[1], &m.length) ||
	    arg_flags(s, argv[2], &m.map_flags) ||
	    arg_words(s, argc, argv, 3, words, &set))
		return SYNTAX;
	populate = set & 1;
	m.flags = (populate ? AXAS_ALLOC_POPULATE : 0) |
		  (set & 2 ? AXAS_ALLOC_LOG_DIRTY : 0) |
		  (set & 4 ? AXAS_ALLOC_NO_HUGE : 0);
	err = ax_ioctl(s->fd, AXAS_IOC_MAP_ALLOC, &m, "AXAS_IOC_MAP_ALLOC");
	if (err)
		return err;
	rec_begin(REC_LINE);
	rec_addr("gpa", m.gpa);
	rec_size("size", m.length);
	rec_flags("flags", m.map_flags);
	rec_bool("populate", populate);
	if (set & 2)
		rec_bool("log-dirty", 1);
	if (set & 4)
		rec_bool("nohuge", 1);
	rec_end();
	return 0;
}

static int do_unmap(struct script *s, int argc __maybe_unused,
		    char **argv)
{
	struct axas_range r = { .size = sizeof(r) };
	int err;

	if (arg_u64(s, argv[0], &r.gpa) || arg_u64(s, argv[1], &r.length))
		return SYNTAX;
	err = ax_ioctl(s->fd, AXAS_IOC_UNMAP, &r, "AXAS_IOC_UNMAP");
	if (err)
		return err;
	rec_begin(REC_LINE);
	rec_addr("gpa", r.gpa);
	rec_size("size", r.length);
	rec_end();
	return 0;
}

static int do_protect(struct script *s, int argc __maybe_unused,
		      char **argv)
{
	struct axas_protect p = { .size = sizeof(p) };
	int err;

	if (arg_u64(s, argv[0], &p.gpa) || arg_u64(s, argv[1], &p.length) ||
	    arg_flags(s, argv[2], &p.map_flags))
		return SYNTAX;
	err = ax_ioctl(s->fd, AXAS_IOC_PROTECT, &p, "AXAS_IOC_PROTECT");
	if (err)
		return err;
	rec_begin(REC_LINE);
	rec_addr("gpa", p.gpa);
	rec_size("size", p.length);
	rec_flags("flags", p.map_flags);
	rec_end();
	return 0;
}

static int do_fault(struct script *s, int argc __maybe_unused,
		    char **argv)
{
	struct axas_fault f = { .size = sizeof(f) };
	char access[4];
	int err;

	if (arg_u64(s, argv[0], &f.gpa))
		return SYNTAX;
	if (parse_access(argv[1], &f.access))
		return bad_arg(s, "access", argv[1]);
	err = ax_ioctl(s->fd, AXAS_IOC_HANDLE_FAULT, &f,
		       "AXAS_IOC_HANDLE_FAULT");
	if (err)
		return err;
	access_str(f.access, access);
	rec_begin(REC_LINE);
	rec_addr("gpa", f.gpa);
	rec_str("access", access);
	rec_end();
	return 0;
}

static int do_translate(struct script *s, int argc __maybe_unused,
			char **argv)
{
	__u64 gpa;

	if (arg_u64(s, argv[0], &gpa))
		return SYNTAX;
	return op_translate(s->fd, gpa, 0);
}

static int do_limit(struct script *s, int argc __maybe_unused,
		    char **argv)
{
	__u64 gpa;

	if (arg_u64(s, argv[0], &gpa))
		return SYNTAX;
	return op_translate(s->fd, gpa, 1);
}

static int do_read(struct script *s, int argc __maybe_unused,
		   char **argv)
{
	__u64 gpa, len;

	if (arg_u64(s, argv[0], &gpa) || arg_u64(s, argv[1], &len))
		return SYNTAX;
	if (len > AXCTL_MAX_COPY) {
		print_syntax_error(s->line, "length '%s' above 16M", argv[1]);
		return SYNTAX;
	}
	return op_read(s->fd, gpa, len);
}

static int write_guest(int fd, __u64 gpa, const unsigned char *buf,
		       size_t len)
{
	size_t done;
	ssize_t n;

	for (done = 0; done < len; done += n) {
		n = pwrite(fd, buf + done, len - done, gpa + done);
		if (n < 0 && errno == EINTR) {
			n = 0;
			continue;
		}
		if (n <= 0) {
			ctx.what = "pwrite";
			return n ? -errno : -EIO;
		}
	}
	return 0;
}

static int do_write(struct script *s, int argc __maybe_unused,
		    char **argv)
{
	unsigned char *buf;
	size_t len;
	__u64 gpa;
	int err;

	if (arg_u64(s, argv[0], &gpa))
		return SYNTAX;
	if (parse_hex_bytes(argv[1], &buf, &len))
		return bad_arg(s, "hex bytes", argv[1]);
	err = write_guest(s->fd, gpa, buf, len);
	free(buf);
	if (err)
		return err;
	rec_begin(REC_LINE);
	rec_addr("gpa", gpa);
	rec_size("size", len);
	rec_end();
	return 0;
}

static int do_clear(struct script *s, int argc __maybe_unused,
		    char **argv __maybe_unused)
{
	struct axas_clear c = { .size = sizeof(c) };
	int err;

	err = ax_ioctl(s->fd, AXAS_IOC_CLEAR, &c, "AXAS_IOC_CLEAR");
	if (err)
		return err;
	rec_begin(REC_LINE);
	rec_end();
	return 0;
}

static int do_stats(struct script *s, int argc __maybe_unused,
		    char **argv __maybe_unused)
{
	return op_stats(s->fd);
}

static int do_dump(struct script *s, int argc, char **argv)
{
	__u64 gpa = 0, size = 0;
	int verbose = argc && !strcmp(argv[0], "-v");

	argc -= verbose;
	argv += verbose;
	if (argc > 2) {
		print_syntax_error(s->line, "dump takes [-v] and 0 to 2 arguments");
		return SYNTAX;
	}
	if ((argc > 0 && arg_u64(s, argv[0], &gpa)) ||
	    (argc > 1 && arg_u64(s, argv[1], &size)))
		return SYNTAX;
	return op_dump(s->fd, gpa, size, argc, verbose);
}

static const struct {
	const char *name;
	size_t off;
} vcpu_regs[] = {
#define REG(r) { #r, offsetof(struct axas_testvm_regs, r) }
	REG(rax), REG(rbx), REG(rcx), REG(rdx), REG(rsi), REG(rdi), REG(rbp),
	REG(rsp), REG(r8), REG(r9), REG(r10), REG(r11), REG(r12), REG(r13),
	REG(r14), REG(r15), REG(rflags),
#undef REG
	/* arm64 and riscv64: the same words (.a64, .rv64: one layout) */
#define A64(n) { "x" #n, offsetof(struct axas_testvm_regs, a64.x[n]) }
	A64(0), A64(1), A64(2), A64(3), A64(4), A64(5), A64(6), A64(7),
	A64(8), A64(9), A64(10), A64(11), A64(12), A64(13), A64(14), A64(15),
#undef A64
	{ "pstate", offsetof(struct axas_testvm_regs, a64.pstate) },
#if defined(__riscv)
	/* the calling convention's names of x10..x15 */
#define RV64(a, n) { #a, offsetof(struct axas_testvm_regs, rv64.x[n]) }
	RV64(a0, 10), RV64(a1, 11), RV64(a2, 12), RV64(a3, 13), RV64(a4, 14),
	RV64(a5, 15),
#undef RV64
#endif
};

/* What a record calls the pc and the first register on this machine. */
#if defined(__aarch64__)
#define VCPU_PC		"pc"
#define VCPU_RET	"x0"
#define VCPU_RET_VAL(r)	((r).a64.x[0])
#elif defined(__riscv)
#define VCPU_PC		"pc"
#define VCPU_RET	"a0"
#define VCPU_RET_VAL(r)	((r).rv64.x[10])
#else
#define VCPU_PC		"rip"
#define VCPU_RET	"rax"
#define VCPU_RET_VAL(r)	((r).rax)
#endif

/* REG=VALUE (or timeout=MS) into @run. */
static int vcpu_arg(struct script *s, char *arg, struct axas_testvm_run *run)
{
	char *eq = strchr(arg, '=');
	size_t i;
	__u64 v;

	if (!eq)
		return bad_arg(s, "REG=VALUE", arg);
	*eq = '\0';
	if (arg_u64(s, eq + 1, &v))
		return SYNTAX;
	if (!strcmp(arg, "timeout")) {
		if (!v || v > 0xffffffffULL)
			return bad_arg(s, "timeout", eq + 1);
		run->timeout_ms = v;
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(vcpu_regs); i++) {
		if (!strcmp(arg, vcpu_regs[i].name)) {
			*(__u64 *)((char *)&run->regs + vcpu_regs[i].off) = v;
			return 0;
		}
	}
	return bad_arg(s, "register", arg);
}

static const char *const exit_names[] = {
	[AXAS_TESTVM_EXIT_HLT] = "hlt",
	[AXAS_TESTVM_EXIT_NPF] = "npf",
	[AXAS_TESTVM_EXIT_SIGNAL] = "signal",
	[AXAS_TESTVM_EXIT_TIMEOUT] = "timeout",
	[AXAS_TESTVM_EXIT_OTHER] = "other",
};

/*
 * vcpu-run: one run of the test hypervisor's vCPU (one per session) on
 * the space, printed as one record.
 */
static int do_vcpu_run(struct script *s, int argc, char **argv)
{
	struct axas_testvm_run run = {
		.size = sizeof(run), .space_fd = s->fd,
	};
	const char *name = "?";
	int i;

	if (arg_u64(s, argv[0], &run.regs.rip))
		return SYNTAX;
	for (i = 1; i < argc; i++)
		if (vcpu_arg(s, argv[i], &run))
			return SYNTAX;
	if (s->vcpu < 0) {
		s->vcpu = open(AXAS_TESTVM_DEV, O_RDWR | O_CLOEXEC);
		if (s->vcpu < 0) {
			int err = errno;

			if (err == ENOENT)
				fprintf(stderr, "axctl: line %d: no %s: the test "
					"hypervisor axaddrspace_testvm.ko is "
					"not loaded (it needs AMD SVM with "
					"nested paging, Intel VMX with EPT, "
					"arm64 at EL2 or RISC-V H)\n", s->line,
					AXAS_TESTVM_DEV);
			ctx.what = "open " AXAS_TESTVM_DEV;
			return -err;
		}
	}
	if (ioctl(s->vcpu, AXAS_TESTVM_RUN, &run)) {
		ctx.what = "AXAS_TESTVM_RUN";
		return -errno;
	}
	if (run.exit_reason < ARRAY_SIZE(exit_names) &&
	    exit_names[run.exit_reason])
		name = exit_names[run.exit_reason];
	rec_begin(REC_LINE);
	rec_str("exit", name);
	switch (run.exit_reason) {
	case AXAS_TESTVM_EXIT_HLT:
		rec_addr(VCPU_PC, run.regs.rip);
		rec_addr(VCPU_RET, VCPU_RET_VAL(run.regs));
		break;
	case AXAS_TESTVM_EXIT_NPF:
		rec_addr("gpa", run.gpa);
		rec_str("access", run.access & AXAS_MAP_EXECUTE ? "x" :
				  run.access & AXAS_MAP_WRITE ? "w" : "r");
		rec_addr(VCPU_PC, run.regs.rip);
		break;
	case AXAS_TESTVM_EXIT_OTHER:
		rec_addr("code", run.exit_code);
		rec_addr(VCPU_PC, run.regs.rip);
		break;
	default:
		rec_addr(VCPU_PC, run.regs.rip);
		break;
	}
	rec_u64("faults", run.faults);
	rec_end();
	return 0;
}

/* dirty GPA SIZE [clear] and young GPA SIZE [clear] */
static int harvest(struct script *s, int argc, char **argv, int young)
{
	__u64 gpa, size;
	int clear;

	if (arg_u64(s, argv[0], &gpa) || arg_u64(s, argv[1], &size) ||
	    arg_word(s, argc, argv, 2, "clear", &clear))
		return SYNTAX;
	return op_dirty(s->fd, gpa, size, clear, young);
}

static int do_dirty(struct script *s, int argc, char **argv)
{
	return harvest(s, argc, argv, 0);
}

static int do_young(struct script *s, int argc, char **argv)
{
	return harvest(s, argc, argv, 1);
}

static void on_sigterm(int sig __maybe_unused)
{
	got_sigterm = 1;
}

/* Reads standard input to its end; SIGTERM (unblocked by ppoll) ends it. */
static void wait_stdin(const sigset_t *unblocked)
{
	struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
	char buf[512];
	ssize_t n;

	while (!got_sigterm) {
		if (ppoll(&p, 1, NULL, unblocked) < 0) {
			if (errno == EINTR)
				continue;
			return;
		}
		n = read(STDIN_FILENO, buf, sizeof(buf));
		if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN))
			return;
	}
}

/* The script is standard input: the rest of it is read and ignored. */
static void wait_script(struct script *s)
{
	char *line = NULL;
	size_t cap = 0;

	while (!got_sigterm && getline(&line, &cap, s->in) >= 0)
		;
	free(line);
}

/*
 * hold: keeps the space alive until standard input ends or SIGTERM
 * arrives, after printing the space's id.  SIGTERM also ends the script.
 */
static int do_hold(struct script *s, int argc __maybe_unused,
		   char **argv __maybe_unused)
{
	struct axas_space_info si;
	struct sigaction sa = { .sa_handler = on_sigterm }, old_sa;
	sigset_t block, old;
	int err;

	err = space_info(s->fd, &si);
	if (err)
		return err;
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &old);
	sigaction(SIGTERM, &sa, &old_sa);
	rec_begin(REC_LINE);
	rec_u64("id", si.id);
	rec_end();
	fflush(stdout);
	if (s->from_stdin) {
		sigprocmask(SIG_SETMASK, &old, NULL);
		wait_script(s);
	} else {
		wait_stdin(&old);
		sigprocmask(SIG_SETMASK, &old, NULL);
	}
	sigaction(SIGTERM, &old_sa, NULL);
	s->terminated = got_sigterm;
	return 0;
}

static const struct script_cmd script_cmds[] = {
	{ "create",	3, 4, 0, do_create },
	{ "map-linear",	4, 6, 1, do_map_linear },
	{ "map-alloc",	3, 6, 1, do_map_alloc },
	{ "unmap",	2, 2, 1, do_unmap },
	{ "protect",	3, 3, 1, do_protect },
	{ "fault",	2, 2, 1, do_fault },
	{ "translate",	1, 1, 1, do_translate },
	{ "limit",	1, 1, 1, do_limit },
	{ "read",	2, 2, 1, do_read },
	{ "write",	2, 2, 1, do_write },
	{ "clear",	0, 0, 1, do_clear },
	{ "stats",	0, 0, 1, do_stats },
	{ "dump",	0, 3, 1, do_dump },
	{ "hold",	0, 0, 1, do_hold },
	{ "vcpu-run",	1, MAX_WORDS - 1, 1, do_vcpu_run },
	{ "dirty",	2, 3, 1, do_dirty },
	{ "young",	2, 3, 1, do_young },
	{ NULL },
};

/* Splits @line into words, dropping a '#' comment; returns their number. */
static int split_words(char *line, char **words)
{
	char *p;
	int n = 0;

	p = strchr(line, '#');
	if (p)
		*p = '\0';
	for (p = strtok(line, " \t\r\n"); p; p = strtok(NULL, " \t\r\n")) {
		if (n == MAX_WORDS)
			return MAX_WORDS + 1;
		words[n++] = p;
	}
	return n;
}

static const struct script_cmd *find_script_cmd(const char *name)
{
	const struct script_cmd *c;

	for (c = script_cmds; c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

/* Runs one line: 0 (also blank), AXCTL_FAIL or AXCTL_USAGE. */
static int run_line(struct script *s, char *line)
{
	const struct script_cmd *c;
	char *w[MAX_WORDS];
	int n, err;

	n = split_words(line, w);
	if (!n)
		return 0;
	if (n > MAX_WORDS) {
		print_syntax_error(s->line, "too many words");
		return AXCTL_USAGE;
	}
	c = find_script_cmd(w[0]);
	if (!c) {
		print_syntax_error(s->line, "unknown command '%s'", w[0]);
		return AXCTL_USAGE;
	}
	if (n - 1 < c->min_args || n - 1 > c->max_args) {
		print_syntax_error(s->line, "%s takes %d to %d arguments",
				   c->name, c->min_args, c->max_args);
		return AXCTL_USAGE;
	}
	if (c->needs_space && s->fd < 0) {
		print_syntax_error(s->line, "%s before create", c->name);
		return AXCTL_USAGE;
	}
	out_script(s->line, c->name);
	err = c->fn(s, n - 1, w + 1);
	if (err < 0)
		print_error(ctx.what, -err);
	out_script(0, NULL);
	if (err == SYNTAX)
		return AXCTL_USAGE;
	return err ? AXCTL_FAIL : 0;
}

static int open_script(struct script *s, const char *file)
{
	char what[256];

	s->from_stdin = !strcmp(file, "-");
	s->in = s->from_stdin ? stdin : fopen(file, "re");
	if (s->in)
		return 0;
	snprintf(what, sizeof(what), "open %s", file);
	print_error(what, errno);
	return AXCTL_FAIL;
}

/**
 * cmd_run() - axctl run
 * @file: the script, "-" for standard input
 * @stop_on_error: -e: stop at the first failed line
 *
 * Return: 0 when every line succeeded, 2 when a line had a syntax error,
 * else 1 when a command failed.
 */
int cmd_run(const char *file, int stop_on_error)
{
	struct script s = { .fd = -1, .vcpu = -1 };
	char *line = NULL;
	size_t cap = 0;
	int status = 0, ret, err;

	if (open_script(&s, file))
		return AXCTL_FAIL;
	err = dev_open();
	if (err) {
		print_error(ctx.what, -err);
		status = AXCTL_FAIL;
		goto out;
	}
	while (!s.terminated && getline(&line, &cap, s.in) >= 0) {
		s.line++;
		ret = run_line(&s, line);
		if (ret > status)
			status = ret;
		if (ret && stop_on_error)
			break;
	}
out:
	free(line);
	if (s.vcpu >= 0)
		close(s.vcpu);
	if (s.fd >= 0)
		close(s.fd);
	if (!s.from_stdin)
		fclose(s.in);
	return status;
}
