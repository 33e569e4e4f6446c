// SPDX-License-Identifier: GPL-2.0
/*
 * axctl: numbers, mapping flags, accesses, format names and errno names.
 *
 * Numbers are hexadecimal with a 0x prefix, taken literally, or decimal
 * with an optional K, M or G suffix (binary multiples, either case).
 * Suffixes are refused on hexadecimal numbers: 0x1M is a syntax error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "axctl.h"

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int suffix_shift(char c)
{
	switch (c) {
	case 'k': case 'K': return 10;
	case 'm': case 'M': return 20;
	case 'g': case 'G': return 30;
	default: return -1;
	}
}

/**
 * parse_u64() - parse a number of the command line or of a script
 * @s: the word
 * @v: the value
 *
 * Return: 0, or -1 when @s is not a number or does not fit 64 bits.
 */
int parse_u64(const char *s, __u64 *v)
{
	unsigned int base = 10;
	__u64 n = 0;
	int d, shift;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (digit_value(*s) < 0 || digit_value(*s) >= (int)base)
		return -1;
	for (; (d = digit_value(*s)) >= 0 && d < (int)base; s++) {
		if (n > (~0ULL - d) / base)
			return -1;
		n = n * base + d;
	}
	shift = base == 10 && *s && !s[1] ? suffix_shift(*s) : -1;
	if (shift > 0) {
		if (n > (~0ULL >> shift))
			return -1;
		n <<= shift;
		s++;
	}
	if (*s)
		return -1;
	*v = n;
	return 0;
}

int parse_u32(const char *s, __u32 *v)
{
	__u64 n;

	if (parse_u64(s, &n) || n > 0xffffffffULL)
		return -1;
	*v = n;
	return 0;
}

static const char map_letters[] = "rwxudc";

/*
 * Letters of @s, each one of @letters (bit N for the N-th), in any order;
 * '-' stands for nothing, so "-" is the empty set and "rw----" reads back
 * what axctl prints.
 */
static int parse_letters(const char *s, const char *letters, __u32 *out)
{
	const char *p;
	__u32 bits = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s == '-')
			continue;
		p = strchr(letters, *s);
		if (!p)
			return -1;
		bits |= 1U << (p - letters);
	}
	*out = bits;
	return 0;
}

/* r w x u d c: AXAS_MAP_READ, WRITE, EXECUTE, USER, DEVICE, UNCACHED */
int parse_map_flags(const char *s, __u32 *flags)
{
	return parse_letters(s, map_letters, flags);
}

/* r w x: the AXAS_MAP_READ, WRITE and EXECUTE accesses of a fault */
int parse_access(const char *s, __u32 *access)
{
	return parse_letters(s, "rwx", access);
}

static void letters_str(__u32 bits, const char *letters, char *buf)
{
	size_t i;

	for (i = 0; letters[i]; i++)
		buf[i] = bits & (1U << i) ? letters[i] : '-';
	buf[i] = '\0';
}

/* @buf: at least 7 bytes; "rw--d-" for READ | WRITE | DEVICE */
void flags_str(__u32 flags, char *buf)
{
	letters_str(flags, map_letters, buf);
}

/* @buf: at least 4 bytes; "-w-" for a write */
void access_str(__u32 access, char *buf)
{
	letters_str(access, "rwx", buf);
}

/* The memory type a leaf with @flags gets: dev, uc or wb. */
const char *mem_type(__u32 flags)
{
	if (flags & AXAS_MAP_DEVICE)
		return "dev";
	if (flags & AXAS_MAP_UNCACHED)
		return "uc";
	return "wb";
}

static const char *const format_names[AXAS_FMT_NR] = {
	[AXAS_FMT_NATIVE] = "native",
	[AXAS_FMT_EPT4] = "ept4",
	[AXAS_FMT_EPT5] = "ept5",
	[AXAS_FMT_NPT4] = "npt4",
	[AXAS_FMT_NPT5] = "npt5",
	[AXAS_FMT_ARM_S2] = "s2",
	[AXAS_FMT_SV39X4] = "sv39x4",
	[AXAS_FMT_SV48X4] = "sv48x4",
	[AXAS_FMT_SV57X4] = "sv57x4",
};

/**
 * parse_format() - a format name of a script
 * @s: ept4 ept5 npt4 npt5 s2 s2-32 .. s2-48 sv39x4 sv48x4 sv57x4 native
 * @format: enum axas_format
 * @gpa_bits: the IPA width of s2-N, else 0 (the format's default)
 *
 * Return: 0, or -1 for an unknown name.
 */
int parse_format(const char *s, __u32 *format, __u32 *gpa_bits)
{
	__u32 f, bits;

	for (f = 0; f < AXAS_FMT_NR; f++) {
		if (!strcmp(s, format_names[f])) {
			*format = f;
			*gpa_bits = 0;
			return 0;
		}
	}
	if (strncmp(s, "s2-", 3) || s[3] < '1' || s[3] > '9' ||
	    parse_u32(s + 3, &bits) || bits < 32 || bits > 48)
		return -1;
	*format = AXAS_FMT_ARM_S2;
	*gpa_bits = bits;
	return 0;
}

/* The name of @format; stage 2 with its width as s2-N when @gpa_bits. */
const char *format_name(__u32 format, __u32 gpa_bits, char *buf, size_t n)
{
	if (format >= AXAS_FMT_NR)
		snprintf(buf, n, "format%u", format);
	else if (format == AXAS_FMT_ARM_S2 && gpa_bits)
		snprintf(buf, n, "s2-%u", gpa_bits);
	else
		snprintf(buf, n, "%s", format_names[format]);
	return buf;
}

const char *backend_name(__u32 backend)
{
	switch (backend) {
	case AXAS_BACKEND_LINEAR: return "linear";
	case AXAS_BACKEND_ALLOC: return "alloc";
	case AXAS_BACKEND_USER: return "user";
	default: return "unknown";
	}
}

/**
 * parse_hex_bytes() - the bytes of a script's write command
 * @s: an even number of hexadecimal digits, at least two
 * @buf: a new buffer with the bytes, for the caller to free
 * @len: bytes in it
 *
 * Return: 0, or -1 when @s is malformed (or memory runs out).
 */
int parse_hex_bytes(const char *s, unsigned char **buf, size_t *len)
{
	size_t n = strlen(s), i;
	unsigned char *b;
	int hi, lo;

	if (!n || n % 2)
		return -1;
	b = malloc(n / 2);
	if (!b)
		return -1;
	for (i = 0; i < n / 2; i++) {
		hi = digit_value(s[2 * i]);
		lo = digit_value(s[2 * i + 1]);
		if (hi < 0 || lo < 0) {
			free(b);
			return -1;
		}
		b[i] = hi << 4 | lo;
	}
	*buf = b;
	*len = n / 2;
	return 0;
}

/* Exact sizes read back: 4G, 64M, 12K, or bytes in decimal. */
void size_str(__u64 v, char *buf, size_t n)
{
	static const char units[] = "GMK";
	int i, shift;

	for (i = 0; v && units[i]; i++) {
		shift = 30 - 10 * i;
		if (!(v & ((1ULL << shift) - 1))) {
			snprintf(buf, n, "%llu%c", v >> shift, units[i]);
			return;
		}
	}
	snprintf(buf, n, "%llu", v);
}

#define ERRNO(e)	{ e, #e }

static const struct {
	int err;
	const char *name;
} errno_names[] = {
	ERRNO(EPERM), ERRNO(ENOENT), ERRNO(ESRCH), ERRNO(EINTR), ERRNO(EIO),
	ERRNO(ENXIO), ERRNO(E2BIG), ERRNO(EBADF), ERRNO(EAGAIN),
	ERRNO(ENOMEM), ERRNO(EACCES), ERRNO(EFAULT), ERRNO(EBUSY),
	ERRNO(EEXIST), ERRNO(ENODEV), ERRNO(ENOTDIR), ERRNO(EISDIR),
	ERRNO(EINVAL), ERRNO(ENFILE), ERRNO(EMFILE), ERRNO(ENOTTY),
	ERRNO(EFBIG), ERRNO(ENOSPC), ERRNO(ESPIPE), ERRNO(EROFS),
	ERRNO(EPIPE), ERRNO(ERANGE), ERRNO(EOVERFLOW), ERRNO(EMSGSIZE),
	ERRNO(EOPNOTSUPP), ERRNO(ETIMEDOUT),
};

/* "EEXIST" for EEXIST; "E<number>" for one axctl has no name for. */
const char *errno_name(int err)
{
	static char buf[16];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(errno_names); i++)
		if (errno_names[i].err == err)
			return errno_names[i].name;
	snprintf(buf, sizeof(buf), "E%d", err);
	return buf;
}
