/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The user-space differential checker of the page-table engine, shared by
 * the test driver (engine_test.c) and the libFuzzer target (fuzz.c).
 */
#ifndef _AXAS_CHECK_H
#define _AXAS_CHECK_H

#include <stddef.h>
#include <linux/types.h>
#include "pgtable.h"

/**
 * struct axas_src - where the checker's choices come from
 * @state: xorshift64* state when @data is NULL
 * @data: fuzzer input, consumed 4 bytes per choice
 * @len: bytes in @data
 * @pos: bytes of @data consumed
 * @done: @data is exhausted; the run stops after the current operation
 */
struct axas_src {
	u64 state;
	const u8 *data;
	size_t len;
	size_t pos;
	bool done;
};

/**
 * struct axas_fmt_inst - one format instance to check
 * @id: the format
 * @bits: its GPA width argument (arm64 stage 2), or 0
 * @name: as printed
 */
struct axas_fmt_inst {
	enum axas_format id;
	unsigned int bits;
	const char *name;
};

/* Where the checked window lies in the format's address space. */
enum axas_where {
	AXAS_WIN_LOW,		/* at GPA 0 */
	AXAS_WIN_MID,		/* a random 1 GiB-aligned place */
	AXAS_WIN_TOP,		/* ending at the format's limit */
	AXAS_WIN_NR,
};

extern const struct axas_fmt_inst axas_fmt_insts[];
extern const unsigned int axas_nr_fmt_insts;
extern const char *const axas_where_names[];

u64 axas_src_below(struct axas_src *s, u64 n);
int axas_bench_main(void);
unsigned long axas_check_run(const struct axas_fmt_inst *fi,
			     enum axas_where where, struct axas_src *src,
			     unsigned long nops, char *summary, size_t len);

#endif
