// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the differential checker of check.c with its choices
 * taken from the fuzzer's input (the first byte picks the format, the
 * second where the window lies).  Any disagreement aborts.
 *
 *   make -C tools/testing/uspace fuzz
 *   tools/testing/uspace/engine_fuzz -max_total_time=600 CORPUS_DIR
 */
#include "check.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct axas_src src = { 0 };

	if (size < 2)
		return 0;
	src.data = data + 2;
	src.len = size - 2;
	axas_check_run(&axas_fmt_insts[data[0] % axas_nr_fmt_insts],
		       data[1] % AXAS_WIN_NR, &src, 100000, NULL, 0);
	return 0;
}
