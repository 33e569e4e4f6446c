// SPDX-License-Identifier: GPL-2.0
/*
 * engine_test: the page-table engine and the formats of axaddrspace built
 * in user space (with the shim headers of include/) and checked natively,
 * with many more operations than KUnit can afford under KASAN and TCG.
 *
 *   engine_test [-s SEED] [-n OPS] [-f FORMAT] [OPS]   differential check
 *   engine_test -b                                      native figures
 *
 * The check (check.c) runs every format instance, or only FORMAT ("ept4",
 * "s2-40", ...), with its window at the bottom, in the middle and at the
 * top of the address space: OPS operations each (default 20000), from SEED
 * (default 1).  Each run is a child process, so a disagreement (which
 * aborts) is one "not ok" and the others still run.  Prints TAP; exit
 * status 0 when everything agreed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

static void print_usage(FILE *f)
{
	fprintf(f, "usage: engine_test [-s SEED] [-n OPS] [-f FORMAT] [OPS]\n"
		   "       engine_test -b\n");
}

/* One run in a child; its summary comes back through a pipe. */
static int run_one(unsigned int i, unsigned int w, unsigned long long seed,
		   unsigned long nops, char *summary, size_t len)
{
	struct axas_src src = {
		.state = (seed * 0x9e3779b97f4a7c15ULL) ^ (i * 16 + w + 1),
	};
	int fd[2], status;
	ssize_t n;
	pid_t pid;

	fflush(stdout);
	if (pipe(fd))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		close(fd[0]);
		axas_check_run(&axas_fmt_insts[i], w, &src, nops, summary, len);
		n = write(fd[1], summary, strlen(summary));
		_exit(n < 0);
	}
	close(fd[1]);
	n = read(fd[0], summary, len - 1);
	summary[n > 0 ? n : 0] = 0;
	close(fd[0]);
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) && !WEXITSTATUS(status) ? 0 : -1;
}

int main(int argc, char **argv)
{
	unsigned long nops = 20000, runs = 0, failed = 0, t = 0;
	unsigned long long seed = 1;
	const char *only = NULL;
	unsigned int i, w;
	char summary[256];
	int opt;

	while ((opt = getopt(argc, argv, "s:n:f:bh")) != -1) {
		switch (opt) {
		case 's':
			seed = strtoull(optarg, NULL, 0);
			break;
		case 'n':
			nops = strtoul(optarg, NULL, 0);
			break;
		case 'f':
			only = optarg;
			break;
		case 'b':
			return axas_bench_main();
		case 'h':
			print_usage(stdout);
			return 0;
		default:
			print_usage(stderr);
			return 2;
		}
	}
	if (optind < argc)
		nops = strtoul(argv[optind], NULL, 0);

	for (i = 0; i < axas_nr_fmt_insts; i++)
		if (!only || !strcmp(only, axas_fmt_insts[i].name))
			runs += AXAS_WIN_NR;
	if (!runs) {
		fprintf(stderr, "engine_test: no format named %s\n", only);
		return 2;
	}
	printf("TAP version 13\n1..%lu\n# seed %llu, %lu operations per run\n",
	       runs, seed, nops);
	for (i = 0; i < axas_nr_fmt_insts; i++) {
		if (only && strcmp(only, axas_fmt_insts[i].name))
			continue;
		for (w = 0; w < AXAS_WIN_NR; w++) {
			bool ok;

			summary[0] = 0;
			ok = !run_one(i, w, seed, nops, summary, sizeof(summary));
			failed += !ok;
			printf("%s %lu random_differential %s/%s # %s\n",
			       ok ? "ok" : "not ok", ++t, axas_fmt_insts[i].name,
			       axas_where_names[w], ok ? summary : "see stderr");
		}
	}
	printf("# %lu of %lu runs agreed with the reference\n", runs - failed,
	       runs);
	return failed ? 1 : 0;
}
