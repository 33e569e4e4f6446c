// SPDX-License-Identifier: GPL-2.0
/*
 * kselftests of the rules every ioctl of include/uapi/linux/axaddrspace.h
 * shares, each test run once per ioctl: size negotiation, undefined flag
 * bits, reserved fields, bad argument pointers, the wrong kind of file
 * descriptor.  A refused call changes nothing, writes nothing back and
 * installs no descriptor.
 * Run as root (the test VM's init): MAP_LINEAR needs CAP_SYS_RAWIO.
 */
#include <stddef.h>

#include "axas_util.h"
#include "kselftest_harness.h"

/* The space of each command is [0, 4 GiB). */
#define SPACE_LEN	SZ_4G

#define ABI_MAX		512	/* bytes of an argument, tail included */

struct abi_ctx {
	int dev;
	int fd;
	__u32 id;
	void *upage;
	struct axas_seg segs[8];
	struct axas_walk_entry walk[64];
	struct axas_space_desc spaces[16];
	struct axas_area_desc areas[16];
	__u64 bitmap[8];
};

/* One ioctl of the ABI with a valid argument for it. */
struct abi_cmd {
	const char *name;
	unsigned long cmd;
	bool on_dev;		/* a /dev/axaddrspace command */
	unsigned int size;	/* sizeof the structure */
	__u32 flags;		/* its defined flag bits */
	int reserved;		/* offset of an input __reserved, or -1 */
	bool output;		/* has fields the kernel writes back */
	void (*prep)(struct abi_ctx *c, void *arg);
};

static void prep_get_info(struct abi_ctx *c, void *arg)
{
}

static void prep_create_space(struct abi_ctx *c, void *arg)
{
	struct axas_create_space *a = arg;

	a->format = AXAS_FMT_NATIVE;
	a->length = SZ_1G;
	a->fd = -1;
}

static void prep_list_spaces(struct abi_ctx *c, void *arg)
{
	struct axas_list_spaces *a = arg;

	a->nr_entries = 16;
	a->entry_size = sizeof(c->spaces[0]);
	a->entries = (uintptr_t)c->spaces;
}

static void prep_open_space(struct abi_ctx *c, void *arg)
{
	struct axas_open_space *a = arg;

	a->id = c->id;
	a->fd = -1;
}

static void prep_map_linear(struct abi_ctx *c, void *arg)
{
	struct axas_map_linear *a = arg;

	a->gpa = 0x400000;
	a->hpa = MMIO_HPA + SZ_2M;
	a->length = SZ_4K;
	a->map_flags = RW;
}

static void prep_map_alloc(struct abi_ctx *c, void *arg)
{
	struct axas_map_alloc *a = arg;

	a->gpa = 0x3000000;
	a->length = SZ_4K;
	a->map_flags = RW;
}

static void prep_map_user(struct abi_ctx *c, void *arg)
{
	struct axas_map_user *a = arg;

	a->gpa = 0x4000000;
	a->length = SZ_4K;
	a->uaddr = (uintptr_t)c->upage;
	a->map_flags = RW;
}

static void prep_unmap(struct abi_ctx *c, void *arg)
{
	struct axas_range *a = arg;

	a->gpa = 0x1000000;
	a->length = SZ_4K;
}

static void prep_protect(struct abi_ctx *c, void *arg)
{
	struct axas_protect *a = arg;

	a->gpa = 0x1000000;
	a->length = SZ_4K;
	a->map_flags = RD;
}

static void prep_clear(struct abi_ctx *c, void *arg)
{
}

static void prep_translate(struct abi_ctx *c, void *arg)
{
	struct axas_translate *a = arg;

	a->gpa = 0x1000000;
}

static void prep_translate_range(struct abi_ctx *c, void *arg)
{
	struct axas_translate_range *a = arg;

	a->gpa = 0x1000000;
	a->length = 2 * SZ_4K;
	a->segs = (uintptr_t)c->segs;
	a->nr_segs = 8;
}

static void prep_handle_fault(struct abi_ctx *c, void *arg)
{
	struct axas_fault *a = arg;

	a->gpa = 0x2000000;
	a->access = RD;
}

static void prep_access(struct abi_ctx *c, void *arg)
{
	struct axas_access *a = arg;

	a->gpa = 0x1000000;
	a->width = 4;
}

static void prep_get_space_info(struct abi_ctx *c, void *arg)
{
}

static void prep_walk(struct abi_ctx *c, void *arg)
{
	struct axas_walk *a = arg;

	a->end = SPACE_LEN;
	a->level = AXAS_WALK_LEVEL_ANY;
	a->nr_entries = 64;
	a->entry_size = sizeof(c->walk[0]);
	a->entries = (uintptr_t)c->walk;
}

static void prep_list_areas(struct abi_ctx *c, void *arg)
{
	struct axas_list_areas *a = arg;

	a->nr_entries = 16;
	a->entry_size = sizeof(c->areas[0]);
	a->entries = (uintptr_t)c->areas;
}

static void prep_open_readonly(struct abi_ctx *c, void *arg)
{
	struct axas_open_readonly *a = arg;

	a->fd = -1;
}

static void prep_get_young(struct abi_ctx *c, void *arg)
{
	struct axas_young *a = arg;

	a->gpa = 0x1000000;
	a->length = 64 * SZ_4K;
	a->bitmap = (uintptr_t)c->bitmap;
}

#define ABI(_name, _cmd, _dev, _struct, _flags, _res, _out)		\
	{								\
		.name = #_name,						\
		.cmd = _cmd,						\
		.on_dev = _dev,						\
		.size = sizeof(struct _struct),				\
		.flags = _flags,					\
		.reserved = _res,					\
		.output = _out,						\
		.prep = prep_##_name,					\
	}
#define RES(_struct)	offsetof(struct _struct, __reserved)

static const struct abi_cmd abi_cmds[] = {
	ABI(get_info, AXAS_IOC_GET_INFO, true, axas_info, 0, -1, true),
	ABI(create_space, AXAS_IOC_CREATE_SPACE, true, axas_create_space,
	    AXAS_CREATE_MMAP_EXEC, -1, true),
	ABI(list_spaces, AXAS_IOC_LIST_SPACES, true, axas_list_spaces, 0, -1,
	    true),
	ABI(open_space, AXAS_IOC_OPEN_SPACE, true, axas_open_space, 0, -1,
	    true),
	ABI(map_linear, AXAS_IOC_MAP_LINEAR, false, axas_map_linear,
	    AXAS_LINEAR_NOHUGE | AXAS_LINEAR_LOG_DIRTY, RES(axas_map_linear),
	    false),
	ABI(map_alloc, AXAS_IOC_MAP_ALLOC, false, axas_map_alloc,
	    AXAS_ALLOC_POPULATE | AXAS_ALLOC_LOG_DIRTY | AXAS_ALLOC_NO_HUGE,
	    RES(axas_map_alloc), false),
	ABI(map_user, AXAS_IOC_MAP_USER, false, axas_map_user,
	    AXAS_USER_LOG_DIRTY, RES(axas_map_user), false),
	ABI(unmap, AXAS_IOC_UNMAP, false, axas_range, 0, -1, false),
	ABI(protect, AXAS_IOC_PROTECT, false, axas_protect, 0,
	    RES(axas_protect), false),
	ABI(clear, AXAS_IOC_CLEAR, false, axas_clear, 0, -1, false),
	ABI(translate, AXAS_IOC_TRANSLATE, false, axas_translate, 0, -1, true),
	ABI(translate_range, AXAS_IOC_TRANSLATE_RANGE, false,
	    axas_translate_range, 0, RES(axas_translate_range), true),
	ABI(handle_fault, AXAS_IOC_HANDLE_FAULT, false, axas_fault, 0,
	    RES(axas_fault), false),
	ABI(access, AXAS_IOC_ACCESS, false, axas_access, AXAS_ACCESS_WRITE,
	    RES(axas_access), true),
	ABI(get_space_info, AXAS_IOC_GET_SPACE_INFO, false, axas_space_info,
	    0, -1, true),
	ABI(walk, AXAS_IOC_WALK, false, axas_walk, AXAS_WALK_TABLES,
	    RES(axas_walk), true),
	ABI(list_areas, AXAS_IOC_LIST_AREAS, false, axas_list_areas, 0, -1,
	    true),
	ABI(open_readonly, AXAS_IOC_OPEN_READONLY, false, axas_open_readonly,
	    0, RES(axas_open_readonly), true),
	ABI(get_young, AXAS_IOC_GET_YOUNG, false, axas_young,
	    AXAS_YOUNG_CLEAR, -1, true),
};

#define for_each_abi_cmd(_c)						\
	for (_c = abi_cmds; _c < abi_cmds + sizeof(abi_cmds) /		\
	     sizeof(abi_cmds[0]); _c++)

/*
 * A fresh context for one command: a native space with a linear, a
 * populated and a lazy area, so that every command has something to
 * succeed on; 0 or -errno.
 */
static int abi_init(struct abi_ctx *c)
{
	memset(c, 0, sizeof(*c));
	c->fd = -1;
	c->dev = axas_open_dev();
	if (c->dev < 0)
		return -errno;
	c->fd = axas_create(c->dev, AXAS_FMT_NATIVE, 0, 0, SPACE_LEN, 0,
			    &c->id);
	if (c->fd < 0)
		return c->fd;
	if (axas_hpa_is_ram(MMIO_HPA, 2 * SZ_2M))
		return -EPERM;
	c->upage = axas_anon(4096, PROT_READ | PROT_WRITE);
	if (!c->upage)
		return -ENOMEM;
	return axas_map_linear(c->fd, SZ_2M, MMIO_HPA, SZ_2M,
			       RW | AXAS_MAP_DEVICE, 0) ?:
	       axas_map_alloc(c->fd, 0x1000000, 2 * SZ_4K, RW,
			      AXAS_ALLOC_POPULATE) ?:
	       axas_map_alloc(c->fd, 0x2000000, 2 * SZ_4K, RW, 0);
}

static void abi_fini(struct abi_ctx *c)
{
	if (c->fd >= 0)
		close(c->fd);
	if (c->dev >= 0)
		close(c->dev);
	if (c->upage)
		munmap(c->upage, 4096);
}

/* The file descriptor the command belongs on, or the other one. */
static int abi_fd(const struct abi_ctx *c, const struct abi_cmd *a,
		  bool right)
{
	return a->on_dev == right ? c->dev : c->fd;
}

/* A valid argument in @buf (ABI_MAX bytes, zeroed beyond the structure). */
static void abi_prep(struct abi_ctx *c, const struct abi_cmd *a, void *buf)
{
	memset(buf, 0, ABI_MAX);
	*(__u32 *)buf = a->size;
	a->prep(c, buf);
}

/*
 * Issue @arg, expect -@err, and check that nothing changed, no descriptor
 * was installed and (@buf is not NULL) nothing was written back.
 */
static void abi_refused(struct __test_metadata *_metadata,
			const struct abi_ctx *c, const struct abi_cmd *a,
			void *arg, const void *buf, int err)
{
	unsigned char before[ABI_MAX];
	struct axas_snap s0, s1;
	int fd = axas_next_fd();

	ASSERT_LE(0, fd);
	if (buf)
		memcpy(before, buf, ABI_MAX);
	axas_snapshot(_metadata, c->dev, c->fd, &s0);
	EXPECT_EQ(-err, axas_ioctl(abi_fd(c, a, true), a->cmd, arg))
		TH_LOG("%s", a->name);
	axas_snapshot(_metadata, c->dev, c->fd, &s1);
	EXPECT_EQ(0, memcmp(&s0, &s1, sizeof(s0))) TH_LOG("%s", a->name);
	if (buf)
		EXPECT_EQ(0, memcmp(before, buf, ABI_MAX))
			TH_LOG("%s wrote back", a->name);
	EXPECT_EQ(-1, fcntl(fd, F_GETFD)) TH_LOG("%s left fd %d", a->name, fd);
}

/* Run @body for each command with a fresh context @c and argument @buf. */
#define ABI_EACH(body)							\
	do {								\
		const struct abi_cmd *a;				\
		unsigned char buf[ABI_MAX];				\
		struct abi_ctx c;					\
		int _r;							\
									\
		for_each_abi_cmd(a) {					\
			_r = abi_init(&c);				\
			if (_r == -ENOENT && c.dev < 0)			\
				SKIP(return, AXAS_DEV " missing");	\
			ASSERT_EQ(0, _r) TH_LOG("%s", a->name);		\
			abi_prep(&c, a, buf);				\
			body;						\
			abi_fini(&c);					\
		}							\
	} while (0)

TEST(abi_valid_call_succeeds)
{
	ABI_EACH({
		EXPECT_EQ(0, axas_ioctl(abi_fd(&c, a, true), a->cmd, buf))
			TH_LOG("%s", a->name);
	});
}

TEST(abi_size_too_short)
{
	ABI_EACH({
		*(__u32 *)buf = 0;
		abi_refused(_metadata, &c, a, buf, buf, EINVAL);
		*(__u32 *)buf = 4;
		abi_refused(_metadata, &c, a, buf, buf, EINVAL);
		/* one field short of the first version */
		*(__u32 *)buf = a->size > 8 ? a->size - 8 : 4;
		abi_refused(_metadata, &c, a, buf, buf, EINVAL);
	});
}

TEST(abi_longer_with_zero_tail_accepted)
{
	ABI_EACH({
		unsigned int i;

		*(__u32 *)buf = a->size + 64;
		EXPECT_EQ(0, axas_ioctl(abi_fd(&c, a, true), a->cmd, buf))
			TH_LOG("%s", a->name);
		/* the kernel writes back its own structure only */
		for (i = a->size; i < a->size + 64; i++)
			EXPECT_EQ(0, buf[i]) TH_LOG("%s byte %u", a->name, i);
	});
}

TEST(abi_longer_with_nonzero_tail)
{
	ABI_EACH({
		*(__u32 *)buf = a->size + 64;
		buf[a->size + 63] = 1;
		abi_refused(_metadata, &c, a, buf, buf, E2BIG);
		buf[a->size + 63] = 0;
		buf[a->size] = 0x80;
		abi_refused(_metadata, &c, a, buf, buf, E2BIG);
	});
}

TEST(abi_undefined_flag_bits)
{
	ABI_EACH({
		int bit;

		for (bit = 0; bit < 32; bit++) {
			if (a->flags & (1U << bit))
				continue;
			abi_prep(&c, a, buf);
			((__u32 *)buf)[1] = 1U << bit;
			abi_refused(_metadata, &c, a, buf, buf, EINVAL);
		}
	});
}

TEST(abi_reserved_must_be_zero)
{
	ABI_EACH({
		if (a->reserved >= 0) {
			*(__u32 *)(buf + a->reserved) = 1;
			abi_refused(_metadata, &c, a, buf, buf, EINVAL);
			*(__u32 *)(buf + a->reserved) = 0x80000000;
			abi_refused(_metadata, &c, a, buf, buf, EINVAL);
		}
	});
}

TEST(abi_null_argument)
{
	ABI_EACH(abi_refused(_metadata, &c, a, NULL, NULL, EFAULT));
}

TEST(abi_unmapped_argument)
{
	ABI_EACH(abi_refused(_metadata, &c, a, axas_hole(), NULL, EFAULT));
}

TEST(abi_read_only_argument)
{
	/* a result that cannot be reported is not left behind either */
	ABI_EACH({
		if (a->output)
			abi_refused(_metadata, &c, a,
				    axas_ro_page(buf, a->size), NULL, EFAULT);
	});
}

TEST(abi_other_kind_of_fd)
{
	ABI_EACH({
		EXPECT_EQ(-ENOTTY, axas_ioctl(abi_fd(&c, a, false), a->cmd,
					      buf))
			TH_LOG("%s", a->name);
	});
}

TEST_HARNESS_MAIN
