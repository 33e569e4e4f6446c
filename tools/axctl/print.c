// SPDX-License-Identifier: GPL-2.0
/*
 * axctl: output.  A result is a record of named fields, printed either as
 * text ("key value" pairs on one line, or one pair a line for the long
 * ones) or as one JSON object on one line with the same field names.
 *
 * In JSON, addresses and raw entries are "0x..." strings, every other
 * number is a JSON number.  In text, addresses are 0x..., sizes are exact
 * and read back as input (4G, 64M, 12K or plain bytes), booleans appear as
 * their bare name when true.  Inside a script, each record starts with the
 * command ("translate:" in text, "line" and "cmd" in JSON).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "axctl.h"

int opt_json;

static struct {
	int line;		/* script line, 0 outside a script */
	const char *cmd;	/* script command */
	enum rec_style style;
	int fields;		/* printed so far in this record */
} out;

/* Records that follow belong to script line @line, command @cmd. */
void out_script(int line, const char *cmd)
{
	out.line = line;
	out.cmd = cmd;
}

int out_in_script(void)
{
	return out.line > 0;
}

static void json_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

void rec_begin(enum rec_style style)
{
	out.style = style;
	out.fields = 0;
	if (opt_json) {
		putchar('{');
		if (out.line) {
			printf("\"line\":%d,\"cmd\":", out.line);
			json_string(out.cmd);
			out.fields = 2;
		}
		return;
	}
	if (out.line) {
		printf("%s:", out.cmd);
		if (style == REC_BLOCK)
			putchar('\n');
		else
			out.fields = 1;
	}
}

void rec_end(void)
{
	if (opt_json)
		puts("}");
	else if (out.style == REC_LINE)
		putchar('\n');
}

static void rec_key(const char *key)
{
	if (opt_json) {
		if (out.fields)
			putchar(',');
		json_string(key);
		putchar(':');
	} else if (out.style == REC_BLOCK) {
		printf("%-16s ", key);
	} else {
		printf("%s%s ", out.fields ? " " : "", key);
	}
	out.fields++;
}

static void rec_key_end(void)
{
	if (!opt_json && out.style == REC_BLOCK)
		putchar('\n');
}

/* A field whose text and JSON forms differ; @json is JSON already. */
void rec_pair(const char *key, const char *text, const char *json)
{
	rec_key(key);
	fputs(opt_json ? json : text, stdout);
	rec_key_end();
}

void rec_u64(const char *key, __u64 v)
{
	rec_key(key);
	printf("%llu", v);
	rec_key_end();
}

void rec_s64(const char *key, long long v)
{
	rec_key(key);
	printf("%lld", v);
	rec_key_end();
}

void rec_addr(const char *key, __u64 v)
{
	rec_key(key);
	printf(opt_json ? "\"0x%llx\"" : "0x%llx", v);
	rec_key_end();
}

void rec_size(const char *key, __u64 v)
{
	char buf[32];

	size_str(v, buf, sizeof(buf));
	rec_key(key);
	if (opt_json)
		printf("%llu", v);
	else
		fputs(buf, stdout);
	rec_key_end();
}

/* A bit mask: 0x.. in text, a number in JSON. */
void rec_mask(const char *key, __u64 v)
{
	rec_key(key);
	printf(opt_json ? "%llu" : "0x%llx", v);
	rec_key_end();
}

void rec_str(const char *key, const char *v)
{
	rec_key(key);
	if (opt_json)
		json_string(v);
	else
		fputs(v, stdout);
	rec_key_end();
}

/* JSON true/false; in text the bare key when true, nothing when false. */
void rec_bool(const char *key, int v)
{
	if (opt_json) {
		rec_key(key);
		fputs(v ? "true" : "false", stdout);
		return;
	}
	if (!v)
		return;
	if (out.style == REC_BLOCK)
		printf("%s\n", key);
	else
		printf("%s%s", out.fields ? " " : "", key);
	out.fields++;
}

void rec_flags(const char *key, __u32 flags)
{
	char buf[8];

	flags_str(flags, buf);
	rec_str(key, buf);
}

/* Space-separated words: as they are in text, an array of strings in JSON. */
void rec_words(const char *key, const char *words)
{
	const char *p = words;
	size_t n;
	char w[32];
	int first = 1;

	if (!opt_json) {
		rec_str(key, words);
		return;
	}
	rec_key(key);
	putchar('[');
	while (*p) {
		n = strcspn(p, " ");
		if (n && n < sizeof(w)) {
			memcpy(w, p, n);
			w[n] = '\0';
			if (!first)
				putchar(',');
			json_string(w);
			first = 0;
		}
		p += n;
		p += strspn(p, " ");
	}
	putchar(']');
}

/* Bytes as a string of hexadecimal digit pairs (JSON only: text dumps). */
void rec_hex(const char *key, const unsigned char *buf, size_t len)
{
	size_t i;

	rec_key(key);
	if (opt_json)
		putchar('"');
	for (i = 0; i < len; i++)
		printf("%02x", buf[i]);
	if (opt_json)
		putchar('"');
	rec_key_end();
}

/**
 * print_error() - report a failed call
 * @what: the call (an ioctl name, "open FILE"); unused in scripts
 * @err: its errno
 *
 * Outside a script: "error EACCES (open /dev/axaddrspace: Permission
 * denied)", or {"error":"EACCES","what":"open /dev/axaddrspace"}.  In a
 * script: "map-alloc: error EEXIST", or {"line":3,"cmd":"map-alloc",
 * "error":"EEXIST"}.
 */
void print_error(const char *what, int err)
{
	rec_begin(REC_LINE);
	rec_str("error", errno_name(err));
	if (opt_json && !out.line)
		rec_str("what", what);
	if (!opt_json && !out.line)
		printf(" (%s: %s)", what, strerror(err));
	rec_end();
}

/*
 * A script line that cannot run: "line 4: syntax error: MESSAGE", or
 * {"line":4,"error":"syntax","message":"MESSAGE"}.
 */
void print_syntax_error(int line, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (opt_json) {
		printf("{\"line\":%d,\"error\":\"syntax\",\"message\":", line);
		json_string(msg);
		puts("}");
	} else {
		printf("line %d: syntax error: %s\n", line, msg);
	}
}

/* Hexadecimal digits of @v (at least 1). */
int hex_width(__u64 v)
{
	int n = 1;

	while (v >>= 4)
		n++;
	return n;
}

static void hexdump_line(__u64 offset, const unsigned char *p, size_t n)
{
	size_t i;

	printf("%08llx ", offset);
	for (i = 0; i < 16; i++) {
		if (i == 8)
			putchar(' ');
		if (i < n)
			printf(" %02x", p[i]);
		else
			fputs("   ", stdout);
	}
	fputs("  |", stdout);
	for (i = 0; i < n; i++)
		putchar(p[i] >= 0x20 && p[i] < 0x7f ? p[i] : '.');
	puts("|");
}

/**
 * hexdump_c() - bytes in the layout of hexdump -C
 * @offset: the offset of @buf[0] (the GPA), printed as hexdump -s does
 * @buf: the bytes
 * @len: their number
 *
 * 16 bytes a line from @offset on, a line equal to the one before it
 * folded into a single "*", and the end offset on the last line;
 * nothing at all for no bytes.
 */
void hexdump_c(__u64 offset, const unsigned char *buf, size_t len)
{
	size_t pos, n;
	int folded = 0;

	if (!len)
		return;
	for (pos = 0; pos < len; pos += n) {
		n = len - pos < 16 ? len - pos : 16;
		if (pos && n == 16 && !memcmp(buf + pos, buf + pos - 16, 16)) {
			if (!folded)
				puts("*");
			folded = 1;
			continue;
		}
		folded = 0;
		hexdump_line(offset + pos, buf + pos, n);
	}
	printf("%08llx\n", offset + len);
}
