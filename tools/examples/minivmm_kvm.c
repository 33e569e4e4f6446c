// SPDX-License-Identifier: GPL-2.0
/*
 * minivmm --kvm: KVM runs the vCPU, and guest RAM is the space's mmap.
 *
 * The space backs RAM (an alloc area, lazy or populated, or the VMM's own
 * memory through AXAS_IOC_MAP_USER); the VMM maps the space file
 * MAP_SHARED and hands that mapping to KVM as memory slot 0.  KVM builds
 * its own nested page tables from the slot, faulting pages in through the
 * space's mmap (the space's fault handler gives a lazy page its frame), and
 * is told by its MMU notifier when the space unmaps a page (the space zaps
 * its mmaps before it frees a frame).  So the memory the guest uses is the
 * memory pread, AXAS_IOC_ACCESS, TRANSLATE, axctl and the in-kernel API
 * see, with no copy in between.
 *
 * The guest (kvm_guest.h) writes a pattern, prints a message the VMM put
 * in its RAM with pwrite through the console port, talks to a device
 * register in an MMIO window (a GPA range with no area in the space and no
 * memory slot, so KVM exits to the VMM for each access), and halts once
 * the VMM sets a flag in its RAM (with --hold, when a line arrives on
 * standard input, so that another process can inspect the space meanwhile).
 */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "minivmm.h"
#include "kvm_guest.h"

#define KVM_PATTERN	0x100000ULL	/* the page the guest fills */
#define KVM_ECHO	(KVM_PATTERN + PAGE_SIZE)	/* where it stores the device's answer */
#define KVM_MMIO	0x30000000ULL	/* the device register */
#define KVM_RAM_MAX	(512 * SZ_1M)	/* below the MMIO window */

static const char kvm_hello[] = "Hello from the guest\n";

struct kvm_exits {
	unsigned long io, mmio, hlt;
};

static uint64_t kvm_pattern(void)
{
	uint64_t q;

	memcpy(&q, "KVMguest", 8);
	return q;
}

static int kvm_map_ram(struct vmm *v, void **user)
{
	struct axas_map_alloc ma = {
		.size = sizeof(ma),
		/*
		 * lazy RAM with 4 KiB frames, so that the report counts the
		 * pages touched one by one (2 MiB backing faults in 512 at
		 * once); populated RAM takes 2 MiB frames where it can
		 */
		.flags = v->backing == VMM_POPULATED ? AXAS_ALLOC_POPULATE :
			 AXAS_ALLOC_NO_HUGE,
		.length = v->ram,
		.map_flags = AXAS_MAP_READ | AXAS_MAP_WRITE | AXAS_MAP_EXECUTE,
	};
	struct axas_map_user mu = {
		.size = sizeof(mu),
		.length = v->ram,
		.map_flags = ma.map_flags,
	};

	if (v->backing != VMM_USER) {
		if (ioctl(v->space, AXAS_IOC_MAP_ALLOC, &ma))
			return fail("AXAS_IOC_MAP_ALLOC");
		printf("ram: [0x0, 0x%llx) %s, alloc, %s\n", v->ram,
		       flags_str(ma.map_flags),
		       v->backing == VMM_POPULATED ? "populated" : "lazy");
		return 0;
	}
	*user = mmap(NULL, v->ram, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (*user == MAP_FAILED)
		return fail("mmap of the VMM's memory");
	/*
	 * No transparent huge pages: the space's mmap maps the pinned pages
	 * by PFN, and KVM takes a reference on each PFN it maps from such a
	 * mapping, which the tail pages of a huge page refuse (their count
	 * is their head's): KVM_RUN would fail with -EFAULT.
	 */
	if (madvise(*user, v->ram, MADV_NOHUGEPAGE))
		return fail("madvise(MADV_NOHUGEPAGE)");
	mu.uaddr = (uintptr_t)*user;
	if (ioctl(v->space, AXAS_IOC_MAP_USER, &mu))
		return fail("AXAS_IOC_MAP_USER");
	printf("ram: [0x0, 0x%llx) %s, user (the VMM's own memory, pinned)\n",
	       v->ram, flags_str(mu.map_flags));
	return 0;
}

/* The console: bytes the guest writes to KG_CONSOLE_PORT, a line at a time. */
static int kvm_io(struct kvm_run *run, char *line, size_t *len)
{
	const char *data = (const char *)run + run->io.data_offset;
	size_t i, n = (size_t)run->io.size * run->io.count;

	if (run->io.direction != KVM_EXIT_IO_OUT || run->io.port != KG_CONSOLE_PORT ||
	    run->io.size != 1) {
		fprintf(stderr, "minivmm: unexpected port access: %s port 0x%x, %u bytes\n",
			run->io.direction == KVM_EXIT_IO_OUT ? "out" : "in",
			run->io.port, run->io.size);
		return 1;
	}
	for (i = 0; i < n; i++) {
		if (data[i] == '\n' || *len == 255) {
			line[*len] = 0;
			printf("guest: %s\n", line);
			*len = 0;
		}
		if (data[i] != '\n')
			line[(*len)++] = data[i];
	}
	return 0;
}

/*
 * The device: one 4-byte register at KVM_MMIO that reads back the
 * complement of what was last written to it, so the guest's copy of a
 * read proves the VMM answered it.
 */
static int kvm_mmio(struct kvm_run *run, uint32_t *reg)
{
	if (run->mmio.phys_addr != KVM_MMIO || run->mmio.len != 4) {
		fprintf(stderr, "minivmm: unexpected MMIO %s at 0x%llx, %u bytes\n",
			run->mmio.is_write ? "write" : "read",
			(unsigned long long)run->mmio.phys_addr, run->mmio.len);
		return 1;
	}
	if (run->mmio.is_write) {
		memcpy(reg, run->mmio.data, 4);
		printf("mmio: write 0x%llx (4 bytes): 0x%x\n", KVM_MMIO, *reg);
	} else {
		uint32_t val = ~*reg;

		memcpy(run->mmio.data, &val, 4);
		printf("mmio: read 0x%llx (4 bytes): 0x%x\n", KVM_MMIO, val);
	}
	return 0;
}

/* --hold: set the guest's flag when standard input has a line (or ends). */
static void *kvm_release_flag(void *arg)
{
	struct vmm *v = arg;
	uint64_t one = 1;
	char buf[64];

	printf("hold: the guest spins until the flag at 0x%llx is set: press Enter to set it\n",
	       KG_FLAG);
	fflush(stdout);
	while (fgets(buf, sizeof(buf), stdin) && !strchr(buf, '\n'))
		;
	if (pwrite(v->space, &one, sizeof(one), KG_FLAG) != sizeof(one))
		fail("pwrite of the flag");
	return NULL;
}

static int kvm_run_guest(struct vmm *v, struct kg_vm *g, struct kvm_exits *ex,
			 double *ms)
{
	struct kvm_regs regs = {
		.rdi = KVM_PATTERN, .rcx = PAGE_SIZE / 8, .rax = kvm_pattern(),
		.rsi = KG_DATA, .rdx = KG_CONSOLE_PORT, .rbx = KVM_MMIO,
		.r8 = KG_FLAG,
	};
	struct timespec t0, t1;
	char line[256];
	size_t len = 0;
	uint32_t reg = 0;
	pthread_t holder;
	int held = 0, ret = 0;

	if (kg_enter(g, KG_HELLO, &regs))
		return fail("KVM_SET_REGS");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		if (ioctl(g->vcpu, KVM_RUN, 0)) {
			if (errno == EINTR)
				continue;
			ret = fail("KVM_RUN");
			break;
		}
		if (g->run->exit_reason == KVM_EXIT_HLT) {
			ex->hlt++;
			break;
		}
		if (g->run->exit_reason == KVM_EXIT_IO) {
			ex->io++;
			ret = kvm_io(g->run, line, &len);
		} else if (g->run->exit_reason == KVM_EXIT_MMIO) {
			ex->mmio++;
			ret = kvm_mmio(g->run, &reg);
			/* after the read, the guest spins on its flag */
			if (!ret && !g->run->mmio.is_write && v->hold && !held) {
				fflush(stdout);
				ret = pthread_create(&holder, NULL, kvm_release_flag, v);
				held = !ret;
			}
		} else {
			fprintf(stderr, "minivmm: KVM exit %u (%s)\n", g->run->exit_reason,
				kg_exit_name(g->run->exit_reason));
			ret = 1;
		}
		fflush(stdout);
		if (ret)
			break;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (held)
		pthread_join(holder, NULL);
	*ms = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
	if (!ret)
		printf("kvm: exit hlt; exits: io %lu, mmio %lu, hlt %lu\n", ex->io,
		       ex->mmio, ex->hlt);
	return ret;
}

/* What the guest stored, as pread, the VMM's mapping and ACCESS see it. */
static int kvm_check(struct vmm *v, const unsigned char *ram)
{
	struct axas_access acc = {
		.size = sizeof(acc), .gpa = KVM_PATTERN + 8 * 17, .width = 8,
	};
	static uint64_t want[PAGE_SIZE / 8], got[PAGE_SIZE / 8];
	uint32_t echo = 0;
	unsigned int i;

	for (i = 0; i < PAGE_SIZE / 8; i++)
		want[i] = kvm_pattern();
	if (pread(v->space, got, PAGE_SIZE, KVM_PATTERN) != PAGE_SIZE)
		return fail("pread of the pattern");
	if (ioctl(v->space, AXAS_IOC_ACCESS, &acc))
		return fail("AXAS_IOC_ACCESS");
	if (memcmp(got, want, PAGE_SIZE) || memcmp(ram + KVM_PATTERN, want, PAGE_SIZE) ||
	    acc.value != kvm_pattern()) {
		printf("check: the pattern at 0x%llx DIFFERS (pread %s, mapping %s, ACCESS 0x%llx)\n",
		       KVM_PATTERN, memcmp(got, want, PAGE_SIZE) ? "differs" : "ok",
		       memcmp(ram + KVM_PATTERN, want, PAGE_SIZE) ? "differs" : "ok",
		       (unsigned long long)acc.value);
		return 1;
	}
	printf("check: [0x%llx, 0x%llx) holds 512 x \"KVMguest\" in pread, the mapping and an 8-byte ACCESS\n",
	       KVM_PATTERN, KVM_PATTERN + PAGE_SIZE);
	if (pread(v->space, &echo, 4, KVM_ECHO) != 4)
		return fail("pread of the device's answer");
	printf("check: the guest stored the device's answer at 0x%llx: 0x%x\n",
	       KVM_ECHO, echo);
	return echo != (uint32_t)~KG_MMIO_WRITE;
}

static int kvm_report(struct vmm *v, double ms)
{
	unsigned long long pages = v->ram / PAGE_SIZE, want;

	v->si.size = sizeof(v->si);
	if (ioctl(v->space, AXAS_IOC_GET_SPACE_INFO, &v->si))
		return fail("AXAS_IOC_GET_SPACE_INFO");
	switch (v->backing) {
	case VMM_LAZY:
		/* the 5 boot pages, the pattern page and the answer's page */
		want = 7;
		printf("frames: %llu (5 pages the VMM wrote, 2 the guest stored to; the other %llu have none), faults %llu\n",
		       (unsigned long long)v->si.frames, pages - 7,
		       (unsigned long long)v->si.faults);
		break;
	case VMM_POPULATED:
		want = pages;
		printf("frames: %llu (all of RAM, allocated at map time), faults %llu\n",
		       (unsigned long long)v->si.frames, (unsigned long long)v->si.faults);
		break;
	default:
		want = 0;
		printf("frames: %llu, pinned pages: %llu (the VMM's memory)\n",
		       (unsigned long long)v->si.frames,
		       (unsigned long long)v->si.pinned_pages);
		if (v->si.pinned_pages != pages)
			return 1;
		break;
	}
	printf("kvm: guest run time %.1f ms\n", ms);
	return v->si.frames != want || (v->backing == VMM_LAZY && v->si.faults != want);
}

/**
 * vmm_kvm() - run the KVM guest on the space @v created (minivmm --kvm)
 * @v: the VMM, with its space
 *
 * Return: 0 when the guest ran and every check held, 1 otherwise.
 */
int vmm_kvm(struct vmm *v)
{
	unsigned char *ram = MAP_FAILED;
	struct kvm_exits ex = {};
	struct kg_vm g;
	void *user = MAP_FAILED;
	uint64_t flag = !v->hold;
	double ms = 0;
	int ret;

	if (v->ram > KVM_RAM_MAX || v->ram < KVM_ECHO + PAGE_SIZE) {
		fprintf(stderr, "minivmm: --kvm needs 2 to 512 MiB of RAM\n");
		return 1;
	}
	ret = kvm_map_ram(v, &user);
	if (ret)
		goto out;
	ram = mmap(NULL, v->ram, PROT_READ | PROT_WRITE, MAP_SHARED, v->space, 0);
	if (ram == MAP_FAILED) {
		ret = fail("mmap of the space");
		goto out;
	}
	if (kg_create(&g)) {
		ret = fail("/dev/kvm");
		goto out;
	}
	if (kg_slot(&g, 0, 0, v->ram, ram)) {
		ret = fail("KVM_SET_USER_MEMORY_REGION");
		goto out_vm;
	}
	printf("kvm: API %d, one vCPU, memory slot 0: [0x0, 0x%llx) at the space's mmap\n",
	       KVM_API_VERSION, v->ram);
	kg_write_boot(ram);
	if (pwrite(v->space, kvm_hello, sizeof(kvm_hello), KG_DATA) != sizeof(kvm_hello) ||
	    pwrite(v->space, &flag, sizeof(flag), KG_FLAG) != sizeof(flag)) {
		ret = fail("pwrite of the guest's message");
		goto out_vm;
	}
	printf("load: page tables and code through the mapping, the message and flag %llu by pwrite\n",
	       (unsigned long long)flag);
	printf("mmio: [0x%llx, 0x%llx): no area in the space, no memory slot: KVM exits to the VMM\n",
	       KVM_MMIO, KVM_MMIO + PAGE_SIZE);
	fflush(stdout);
	ret = kvm_run_guest(v, &g, &ex, &ms);
	if (!ret)
		ret = kvm_check(v, ram);
	if (!ret)
		ret = kvm_report(v, ms);
out_vm:
	kg_destroy(&g);
out:
	if (ram != MAP_FAILED)
		munmap(ram, v->ram);
	if (user != MAP_FAILED)
		munmap(user, v->ram);
	return ret ? 1 : 0;
}
