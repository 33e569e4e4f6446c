// SPDX-License-Identifier: GPL-2.0
/*
 * axaddrspace_bench: figures for the page-table engine, never assertions.
 *
 *   echo 1 > /sys/kernel/debug/axaddrspace_bench/run    (runs it; dmesg)
 *   cat /sys/kernel/debug/axaddrspace_bench/run         (the last results)
 *
 * On an EPT4 table with the default HAL (real page allocations): map and
 * unmap of 1 GiB with 4 KiB pages, with 2 MiB leaves and as one 1 GiB leaf,
 * random queries on each, and, in the same run, two baselines: allocating
 * and zeroing one page (what each table page costs at least) and a
 * dependent chase of four loads (what a 4-level walk costs at least).
 */
#include <linux/debugfs.h>
#include <linux/gfp.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/prandom.h>
#include <linux/seq_buf.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include "addrspace.h"

#define AXAS_BENCH_GPA		0x40000000ULL
#define AXAS_BENCH_QUERIES	200000
#define AXAS_BENCH_OUT		8192

static DEFINE_MUTEX(axas_bench_lock);
static char *axas_bench_out;
static struct dentry *axas_bench_dir;

/* One line into the result buffer and, for the record, into dmesg. */
static __printf(2, 3) void axas_bench_line(struct seq_buf *s, const char *fmt, ...)
{
	char line[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	seq_buf_printf(s, "%s\n", line);
	pr_info("axaddrspace_bench: %s\n", line);
}

/* @a / @b with two decimals, as "12.34" (the kernel has no %f) */
static void axas_bench_ratio(char *buf, size_t len, u64 a, u64 b)
{
	u64 r = b ? div64_u64(a * 100, b) : 0;

	snprintf(buf, len, "%llu.%02llu", div_u64(r, 100), r % 100);
}

/*
 * @reps: GiBs mapped (each by one call, at its own GPA) in one timed
 * interval: a clock coarser than one call (the debug kernel's under TCG)
 * read a single 1 GiB-leaf map as 0 ns; the interval is divided by the
 * @leaves * @reps leaves it mapped.
 */
struct axas_bench_case {
	const char *name;
	u64 hpa;
	u32 opts;
	u64 leaves;
	unsigned int reps;
	/* results, in ns (per leaf for map and unmap) */
	u64 map, unmap, query;
	unsigned long tables;
};

static u64 axas_bench_ns_per(u64 start, u64 n)
{
	return div64_u64(ktime_get_ns() - start, n);
}

/* ns per query of random addresses in the mapped GiB. */
static u64 axas_bench_query(struct axas_pt *pt, struct rnd_state *rnd)
{
	struct axas_pt_entry e;
	u64 start, sum = 0;
	unsigned int i;

	start = ktime_get_ns();
	for (i = 0; i < AXAS_BENCH_QUERIES; i++) {
		u64 off = (u64)prandom_u32_state(rnd) << 12 & (AXAS_SZ_1G - 1);

		if (!axas_pt_query(pt, axas_gpa(AXAS_BENCH_GPA + off), &e))
			sum += axas_hpa_val(e.hpa);
	}
	if (!sum)
		pr_info("axaddrspace_bench: nothing mapped?\n");
	return axas_bench_ns_per(start, AXAS_BENCH_QUERIES);
}

/* Map 1 GiB as @b says, query it at random, unmap it. */
static int axas_bench_case(struct axas_hal *hal, struct axas_bench_case *b,
			   struct rnd_state *rnd)
{
	struct axas_pt pt;
	u64 start;
	int ret;

	unsigned int r;

	ret = axas_pt_init(&pt, AXAS_FMT_EPT4, 0, hal);
	if (ret)
		return ret;
	start = ktime_get_ns();
	for (r = 0; r < b->reps && !ret; r++)
		ret = axas_pt_map(&pt, axas_gpa(AXAS_BENCH_GPA + r * AXAS_SZ_1G),
				  axas_hpa(b->hpa), AXAS_SZ_1G,
				  AXAS_MAP_READ | AXAS_MAP_WRITE, b->opts);
	b->map = axas_bench_ns_per(start, b->leaves * b->reps);
	if (ret)
		goto out;
	b->tables = pt.stats.table_pages;
	b->query = axas_bench_query(&pt, rnd);
	start = ktime_get_ns();
	for (r = 0; r < b->reps && !ret; r++)
		ret = axas_pt_unmap(&pt, axas_gpa(AXAS_BENCH_GPA + r * AXAS_SZ_1G),
				    AXAS_SZ_1G, NULL, NULL);
	b->unmap = axas_bench_ns_per(start, b->leaves * b->reps);
out:
	axas_pt_destroy(&pt, NULL, NULL);
	return ret;
}

/* A dependent chase through four pages: the floor of a 4-level walk. */
static u64 axas_bench_chase(struct rnd_state *rnd)
{
	void **pages[4];
	u64 start, n = AXAS_BENCH_QUERIES;
	unsigned int i, nr;
	void **p;

	for (nr = 0; nr < 4; nr++) {
		pages[nr] = (void **)__get_free_page(GFP_KERNEL | __GFP_ZERO);
		if (!pages[nr]) {
			n = 0;
			goto out;
		}
	}
	/* each slot of page i points to a random slot of page i + 1 */
	for (i = 0; i < 512; i++) {
		pages[0][i] = &pages[1][prandom_u32_state(rnd) % 512];
		pages[1][i] = &pages[2][prandom_u32_state(rnd) % 512];
		pages[2][i] = &pages[3][prandom_u32_state(rnd) % 512];
		pages[3][i] = &pages[0][prandom_u32_state(rnd) % 512];
	}
	p = &pages[0][0];
	start = ktime_get_ns();
	for (i = 0; i < n; i++) {
		p = *p;
		p = *p;
		p = *p;
		p = *p;
	}
	n = axas_bench_ns_per(start, n);
	if (!p)
		n = 0;
out:
	while (nr--)
		free_page((unsigned long)pages[nr]);
	return n;
}

/* Allocating and zeroing as many pages as 1 GiB holds: ns per page. */
static u64 axas_bench_alloc_zero(void)
{
	u64 start, n = AXAS_SZ_1G / AXAS_PAGE_SIZE, i;

	start = ktime_get_ns();
	for (i = 0; i < n; i++) {
		/* the module's own flags (hal_kernel.c): charged, zeroed */
		struct page *page = alloc_page(GFP_KERNEL_ACCOUNT | __GFP_ZERO);

		if (!page)
			return 0;
		__free_page(page);
		if (!(i % 4096))
			cond_resched();
	}
	return axas_bench_ns_per(start, n);
}

#define AXAS_BENCH_POP		(256ULL << 20)	/* populate: fits the test VM */
#define AXAS_BENCH_TRANSLATES	200000

/* Random translations of [GPA, GPA + 1 GiB) through the space: ns each. */
static u64 axas_bench_translate(struct axas_space *as, struct rnd_state *rnd)
{
	struct axas_translation t;
	u64 start, sum = 0;
	unsigned int i;

	start = ktime_get_ns();
	for (i = 0; i < AXAS_BENCH_TRANSLATES; i++) {
		u64 off = (u64)(prandom_u32_state(rnd) & 0x3ffff) << AXAS_PAGE_SHIFT;

		if (!axas_space_translate(as, axas_gpa(AXAS_BENCH_GPA + off), &t))
			sum += axas_hpa_val(t.hpa) + t.area_size;
	}
	return sum ? axas_bench_ns_per(start, AXAS_BENCH_TRANSLATES) : 0;
}

/*
 * Populate AXAS_BENCH_POP bytes with @opts, then unmap them: ns per page
 * each, and how many 2 MiB leaves the populate made.
 */
static int axas_bench_populate(u32 opts, u64 *pop, u64 *unpop,
			       unsigned long *huge)
{
	struct axas_space_stats st;
	struct axas_space *as;
	u64 start;
	int ret;

	ret = axas_space_create(AXAS_FMT_EPT4, 0, axas_gpa(0), 4 * AXAS_SZ_1G,
				&axas_default_hal_ops, NULL, &as);
	if (ret)
		return ret;
	start = ktime_get_ns();
	ret = axas_space_map_alloc_opts(as, axas_gpa(AXAS_BENCH_GPA),
					AXAS_BENCH_POP,
					AXAS_MAP_READ | AXAS_MAP_WRITE, opts);
	if (!ret) {
		*pop = axas_bench_ns_per(start, AXAS_BENCH_POP >> AXAS_PAGE_SHIFT);
		axas_space_get_stats(as, &st);
		*huge = st.pt.leaves[1];
		start = ktime_get_ns();
		axas_space_unmap(as, axas_gpa(AXAS_BENCH_GPA), AXAS_BENCH_POP);
		*unpop = axas_bench_ns_per(start,
					   AXAS_BENCH_POP >> AXAS_PAGE_SHIFT);
	}
	axas_space_destroy(as);
	return ret;
}

/*
 * Fault in a lazy area of AXAS_BENCH_POP bytes (@opts): every page with
 * 4 KiB backing, every 2 MiB with 2 MiB backing.  Return: ns per fault
 * (0 on failure); *@huge: the 2 MiB leaves it made.
 */
static u64 axas_bench_fault(u32 opts, unsigned long *huge)
{
	u64 step = opts & AXAS_SPACE_NOHUGE ? AXAS_PAGE_SIZE : AXAS_SZ_2M;
	struct axas_space_stats st;
	struct axas_space *as;
	u64 start, gpa, ns = 0;

	if (axas_space_create(AXAS_FMT_EPT4, 0, axas_gpa(0), 4 * AXAS_SZ_1G,
			      &axas_default_hal_ops, NULL, &as))
		return 0;
	if (axas_space_map_alloc_opts(as, axas_gpa(AXAS_BENCH_GPA),
				      AXAS_BENCH_POP,
				      AXAS_MAP_READ | AXAS_MAP_WRITE, opts))
		goto out;
	start = ktime_get_ns();
	for (gpa = AXAS_BENCH_GPA; gpa < AXAS_BENCH_GPA + AXAS_BENCH_POP;
	     gpa += step) {
		if (axas_space_handle_fault(as, axas_gpa(gpa), AXAS_MAP_WRITE))
			goto out;
		if (!(gpa & (AXAS_SZ_2M - 1)))
			cond_resched();
	}
	ns = axas_bench_ns_per(start, AXAS_BENCH_POP / step);
	axas_space_get_stats(as, &st);
	*huge = st.pt.leaves[1];
out:
	axas_space_destroy(as);
	return ns;
}

/*
 * The space layer's rows of issue 13: translate with limit on 1 GiB mapped
 * linearly as 4 KiB, 2 MiB and 1 GiB leaves; populate of zeroed frames and
 * the unmap of them, per page, against alloc+zero of a page.
 */
static void axas_bench_space(struct seq_buf *s, struct rnd_state *rnd,
			     u64 alloc_ns, u64 chase_ns, const u64 *query_ns)
{
	static const struct { const char *name; u64 hpa; u32 opts; } lin[] = {
		{ "4 KiB", 0x100000000ULL, AXAS_SPACE_NOHUGE },
		{ "2 MiB", 0x100200000ULL, 0 },
		{ "1 GiB", 0x100000000ULL, 0 },
	};
	u64 pop, unpop, tr, pop4k = 0;
	unsigned long huge;
	struct axas_space *as;
	char r1[24], r2[24];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(lin); i++) {
		if (axas_space_create(AXAS_FMT_EPT4, 0, axas_gpa(0), 4 * AXAS_SZ_1G,
				      &axas_default_hal_ops, NULL, &as))
			return;
		if (axas_space_map_linear(as, axas_gpa(AXAS_BENCH_GPA),
					  axas_hpa(lin[i].hpa), AXAS_SZ_1G,
					  AXAS_MAP_READ | AXAS_MAP_WRITE, lin[i].opts)) {
			axas_bench_line(s, "space: map_linear failed");
			axas_space_destroy(as);
			return;
		}
		tr = axas_bench_translate(as, rnd);
		axas_bench_ratio(r1, sizeof(r1), tr, chase_ns);
		axas_bench_ratio(r2, sizeof(r2), tr, query_ns[i]);
		axas_bench_line(s,
				"translate with limit, %s mapped: %llu ns (%s chases, %s x the engine query)",
				lin[i].name, tr, r1, r2);
		axas_space_destroy(as);
	}
	/*
	 * A populate not timed first: the rows below then all get memory
	 * the VM has touched before (under QEMU TCG the first touch of guest
	 * RAM costs a host page fault, which fresh 2 MiB blocks would pay
	 * and recycled 4 KiB frames not).
	 */
	if (axas_bench_populate(AXAS_SPACE_POPULATE, &pop, &unpop, &huge)) {
		axas_bench_line(s, "space: populate failed");
		return;
	}
	for (i = 0; i < 2; i++) {
		u32 opts = AXAS_SPACE_POPULATE | (i ? 0 : AXAS_SPACE_NOHUGE);

		if (axas_bench_populate(opts, &pop, &unpop, &huge)) {
			axas_bench_line(s, "space: populate failed");
			return;
		}
		axas_bench_ratio(r1, sizeof(r1), pop, alloc_ns);
		axas_bench_ratio(r2, sizeof(r2), unpop, alloc_ns);
		axas_bench_line(s,
				"populate %llu MiB, %s backing: %llu ns/page (%s alloc+zero), unmap of them %llu ns/page (%s); %lu 2 MiB leaves",
				AXAS_BENCH_POP >> 20, i ? "2 MiB" : "4 KiB", pop,
				r1, unpop, r2, huge);
		if (!i)
			pop4k = pop;
	}
	axas_bench_ratio(r1, sizeof(r1), pop, pop4k);
	axas_bench_line(s, "populate per byte, 2 MiB / 4 KiB backing: %s", r1);
	for (i = 0; i < 2; i++) {
		tr = axas_bench_fault(i ? 0 : AXAS_SPACE_NOHUGE, &huge);
		if (!tr) {
			axas_bench_line(s, "space: lazy faults failed");
			return;
		}
		axas_bench_ratio(r1, sizeof(r1), tr,
				 alloc_ns * (i ? AXAS_HUGE_FRAMES : 1));
		axas_bench_line(s,
				"lazy fault, %s backing: %llu ns per %s (%s alloc+zero of as many pages); %lu 2 MiB leaves",
				i ? "2 MiB" : "4 KiB", tr, i ? "2 MiB" : "page",
				r1, huge);
		if (!i)
			pop4k = tr;
	}
	axas_bench_ratio(r1, sizeof(r1), tr, pop4k * AXAS_HUGE_FRAMES);
	axas_bench_line(s, "lazy fault per byte, 2 MiB / 4 KiB backing: %s", r1);
}

static void axas_bench_run(struct seq_buf *s)
{
	struct axas_bench_case cases[] = {
		{ "1 GiB as 4 KiB pages", 0x100000000ULL, AXAS_PT_NOHUGE,
		  AXAS_SZ_1G / AXAS_PAGE_SIZE, 1 },
		{ "1 GiB as 2 MiB leaves", 0x100200000ULL, 0,
		  AXAS_SZ_1G / AXAS_SZ_2M, 16 },
		{ "1 GiB as one leaf", 0x100000000ULL, 0, 1, 512 },
	};
	char r1[24], r2[24], r3[24];
	struct rnd_state rnd;
	struct axas_hal hal;
	u64 alloc_ns, chase_ns, query_ns[ARRAY_SIZE(cases)];
	unsigned int i;

	prandom_seed_state(&rnd, 42);
	axas_hal_init(&hal, &axas_default_hal_ops, NULL);
	axas_bench_line(s, "EPT4 table, default HAL; kernel%s%s%s",
			IS_ENABLED(CONFIG_KASAN) ? " +KASAN" : "",
			IS_ENABLED(CONFIG_PROVE_LOCKING) ? " +lockdep" : "",
			IS_ENABLED(CONFIG_UBSAN) ? " +UBSAN" : "");
	alloc_ns = axas_bench_alloc_zero();
	chase_ns = axas_bench_chase(&rnd);
	axas_bench_line(s,
			"baseline: alloc+zero+free of a page %llu ns (x262144), 4 dependent loads %llu ns",
			alloc_ns, chase_ns);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct axas_bench_case *b = &cases[i];

		if (axas_bench_case(&hal, b, &rnd)) {
			axas_bench_line(s, "%s: the map failed", b->name);
			return;
		}
		axas_bench_line(s,
				"%-22s map %llu ns/leaf (%llu us for %u x 1 GiB, %lu table pages), unmap %llu ns/leaf, query %llu ns",
				b->name, b->map,
				div_u64(b->map * b->leaves * b->reps, 1000),
				b->reps, b->tables, b->unmap, b->query);
	}
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct axas_bench_case *b = &cases[i];

		axas_bench_ratio(r1, sizeof(r1), b->map, alloc_ns);
		axas_bench_ratio(r2, sizeof(r2), b->unmap, alloc_ns);
		axas_bench_ratio(r3, sizeof(r3), b->query, chase_ns);
		axas_bench_line(s,
				"%-22s map/alloc+zero %s, unmap/alloc+zero %s (per leaf vs per page), query/chase %s",
				b->name, r1, r2, r3);
	}
	axas_bench_ratio(r1, sizeof(r1), cases[0].map * cases[0].leaves,
			 alloc_ns * cases[0].leaves);
	axas_bench_line(s,
			"mapping 1 GiB of 4 KiB pages costs %s x allocating and zeroing its 262144 pages",
			r1);
	for (i = 0; i < ARRAY_SIZE(cases); i++)
		query_ns[i] = cases[i].query;
	axas_bench_space(s, &rnd, alloc_ns, chase_ns, query_ns);
	axas_bench_line(s, "live frames %ld, table pages %ld after the run",
			atomic_long_read(&hal.nr_frames),
			atomic_long_read(&hal.nr_table_pages));
}

static ssize_t axas_bench_write(struct file *file, const char __user *buf,
				size_t len, loff_t *ppos)
{
	struct seq_buf s;

	mutex_lock(&axas_bench_lock);
	memset(axas_bench_out, 0, AXAS_BENCH_OUT);
	seq_buf_init(&s, axas_bench_out, AXAS_BENCH_OUT - 1);
	axas_bench_run(&s);
	mutex_unlock(&axas_bench_lock);
	return len;
}

static ssize_t axas_bench_read(struct file *file, char __user *buf,
			       size_t len, loff_t *ppos)
{
	ssize_t ret;

	mutex_lock(&axas_bench_lock);
	ret = simple_read_from_buffer(buf, len, ppos, axas_bench_out,
				      strnlen(axas_bench_out, AXAS_BENCH_OUT));
	mutex_unlock(&axas_bench_lock);
	return ret;
}

static const struct file_operations axas_bench_fops = {
	.owner = THIS_MODULE,
	.read = axas_bench_read,
	.write = axas_bench_write,
	.llseek = default_llseek,
};

static int __init axas_bench_init(void)
{
	axas_bench_out = kzalloc(AXAS_BENCH_OUT, GFP_KERNEL);
	if (!axas_bench_out)
		return -ENOMEM;
	axas_bench_dir = debugfs_create_dir("axaddrspace_bench", NULL);
	debugfs_create_file("run", 0600, axas_bench_dir, NULL, &axas_bench_fops);
	return 0;
}

static void __exit axas_bench_exit(void)
{
	debugfs_remove(axas_bench_dir);
	kfree(axas_bench_out);
}

module_init(axas_bench_init);
module_exit(axas_bench_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Benchmark of the axaddrspace page-table engine");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
MODULE_IMPORT_NS(AXADDRSPACE);
