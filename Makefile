# SPDX-License-Identifier: GPL-2.0
#
# axaddrspace: out-of-tree module, tools and the test harness.
#
#   make                  module (against KDIR) and axctl
#   make test             every test: make check on x86_64, arm64, riscv64 and
#                         make check-distro (tools/testing/test-all)
#   make check            all suites, inside the debug test kernel under QEMU
#                         (ARCH=arm64|riscv64: the VM suites cross-built for
#                         that architecture, under qemu-system-aarch64/riscv64)
#   make check-distro     the kselftests and KVM tests on Debian's stock 6.1 and 6.12
#   make demo             boot the VM, load the module, run an axctl session
#                         (EMULATOR=bochs: under Bochs, the guest on Intel EPT;
#                         ARCH=arm64: arm64 at EL2, the guest on stage 2;
#                         ARCH=riscv64: HS-mode, the guest on G-stage)
#   make demo-kvm         a KVM guest on a space's mmap (stock 6.12), seen by axctl
#   make vm               an interactive shell in the VM with the module loaded
#   make bench            benchmark figures (stock 6.12 and debug kernels)
#   make fuzz SECONDS=N   the ioctl fuzzer for N seconds in the debug VM
#                         (SEED=S replays a run; default: a new seed)
#   make bench-native     the engine and the space layer in user space, pinned
#   make htmldocs         Documentation/ as HTML in Documentation/output/html
#   make mandocs          the axctl(1) man page in Documentation/output/man
#   make dkms-install     register the sources with DKMS and install the module

KERNELRELEASE ?= $(shell uname -r)
KDIR ?= /lib/modules/$(KERNELRELEASE)/build
PREFIX ?= /usr/local
DESTDIR ?=
TESTING := tools/testing
VERSION := $(shell sed -n 's/^\#define AXAS_VERSION_STR[[:space:]]*"\(.*\)"/\1/p' kmod/axas.h)

DOCS := Documentation
DOCS_OUT := $(DOCS)/output
SPHINXBUILD ?= sphinx-build
# Every warning is an error; --keep-going reports all of them first.
SPHINXOPTS ?= -W --keep-going -q
MANPAGE := $(DOCS_OUT)/man/axctl.1

DKMS_SRC := /usr/src/axaddrspace-$(VERSION)

.PHONY: all modules tools test check check-distro demo demo-kvm bench bench-native fuzz vm \
	install uninstall \
	load unload style clean kdir-check htmldocs mandocs docs-deps \
	dkms-source dkms-install dkms-uninstall

all: modules tools

kdir-check:
	@test -d "$(KDIR)" || { echo "KDIR=$(KDIR) does not exist: install the headers of your kernel (apt-get install linux-headers-$(KERNELRELEASE)) or pass KDIR=" >&2; exit 2; }

modules: kdir-check
	$(MAKE) -C "$(KDIR)" M="$(CURDIR)" modules

tools:
	$(MAKE) -C tools/axctl

test:
	$(TESTING)/test-all

# ARCH=arm64|riscv64: the VM suites on that architecture's debug kernel
check:
	$(TESTING)/check $(if $(ARCH),--arch $(ARCH))

check-distro:
	$(TESTING)/check-distro

EMULATOR ?= qemu

# ARCH=arm64: the arm64 debug kernel at EL2, the guest on stage 2;
# ARCH=riscv64: the riscv64 debug kernel in HS-mode, the guest on G-stage
demo:
ifeq ($(ARCH),arm64)
	$(TESTING)/vmrun --arch arm64 --el2 -- axas-demo
else ifeq ($(ARCH),riscv64)
	$(TESTING)/vmrun --arch riscv64 -- axas-demo
else
	$(TESTING)/vmrun --kernel debug --emulator $(EMULATOR) -- axas-demo
endif

# KVM runs the guest, its RAM is a space: Debian's stock 6.12 with its own
# KVM modules (the debug kernel has no KVM).
demo-kvm:
	$(TESTING)/vmrun --kernel debian-6.12 --kvm -- axas-demo-kvm

# Figures, not tests: the engine in the kernel and the ABI from user space,
# on Debian's stock 6.12 (no debug options) and on the debug kernel.
bench:
	$(TESTING)/vmrun --kernel debian-6.12 -- axas-bench
	$(TESTING)/vmrun --kernel debug -- axas-bench

# The same rows natively: the engine and the space layer built unchanged in
# user space, pinned to one CPU (BENCH_CPU), median and min of 5 runs.
bench-native:
	mkdir -p build/uspace
	$(MAKE) -C $(TESTING)/uspace OUT=$(CURDIR)/build/uspace bench-native

# The fuzzer of make check (axas_fuzz_test), for longer: N seconds.
SECONDS ?= 600
SEED ?= $(shell od -An -N4 -tu4 /dev/urandom | tr -d ' ')
fuzz:
	$(TESTING)/vmrun --kernel debug --timeout $$(($(SECONDS) + 900)) -- \
		sh -c 'AXAS_FUZZ_SECONDS=$(SECONDS) AXAS_FUZZ_CALLS=1000000000000 \
		AXAS_FUZZ_SEED=$(SEED) /opt/axas/selftests/axas_fuzz_test'

vm:
	$(TESTING)/vmrun --kernel debug --interactive -- sh

# DESTDIR stages a package: depmod is then left to the package's scripts
# (the kernel's own modules_install would run it inside DESTDIR), so that
# everything install puts under DESTDIR is exactly what uninstall removes.
install: modules tools mandocs
	$(if $(DESTDIR),DEPMOD=true) $(MAKE) -C "$(KDIR)" M="$(CURDIR)" INSTALL_MOD_DIR=extra \
		$(if $(DESTDIR),INSTALL_MOD_PATH="$(DESTDIR)") modules_install
	install -D -m 0644 include/uapi/linux/axaddrspace.h $(DESTDIR)$(PREFIX)/include/linux/axaddrspace.h
	install -D -m 0755 tools/axctl/axctl $(DESTDIR)$(PREFIX)/bin/axctl
	install -D -m 0644 $(MANPAGE) $(DESTDIR)$(PREFIX)/share/man/man1/axctl.1
	install -D -m 0644 tools/udev/60-axaddrspace.rules $(DESTDIR)/etc/udev/rules.d/60-axaddrspace.rules
	$(if $(DESTDIR),,-depmod -a "$(KERNELRELEASE)")

uninstall:
	rm -rf $(DESTDIR)/lib/modules/$(KERNELRELEASE)/extra/kmod
	rm -f $(DESTDIR)$(PREFIX)/include/linux/axaddrspace.h $(DESTDIR)$(PREFIX)/bin/axctl
	rm -f $(DESTDIR)$(PREFIX)/share/man/man1/axctl.1
	rm -f $(DESTDIR)/etc/udev/rules.d/60-axaddrspace.rules
	$(if $(DESTDIR),,-depmod -a "$(KERNELRELEASE)")

# DKMS: the module sources (and dkms.conf) under /usr/src, rebuilt by DKMS
# for every kernel installed later.
DKMS_FILES = Kbuild dkms.conf include/uapi/linux/axaddrspace.h $(wildcard include/linux/*.h) \
	$(filter-out %.mod.c,$(wildcard kmod/*.[ch] kmod/*/*.[ch])) \
	kmod/Kbuild kmod/tests/Kbuild

# The sources DKMS builds from, copied to DKMS_SRC (tools/testing/check-dkms
# points it elsewhere).
dkms-source:
	rm -rf "$(DKMS_SRC)"
	mkdir -p "$(DKMS_SRC)"
	tar -cf - $(DKMS_FILES) | tar -xf - -C "$(DKMS_SRC)"

dkms-install:
	@command -v dkms >/dev/null || { echo "dkms is not installed (apt-get install dkms)" >&2; exit 2; }
	-dkms remove -m axaddrspace -v $(VERSION) --all 2>/dev/null
	$(MAKE) dkms-source
	dkms add -m axaddrspace -v $(VERSION)
	dkms build -m axaddrspace -v $(VERSION) -k $(KERNELRELEASE)
	dkms install -m axaddrspace -v $(VERSION) -k $(KERNELRELEASE)

dkms-uninstall:
	-dkms remove -m axaddrspace -v $(VERSION) --all
	rm -rf $(DKMS_SRC)

load: modules
	insmod kmod/axaddrspace.ko

unload:
	rmmod axaddrspace

style:
	$(TESTING)/style

# Documentation: plain Sphinx (Debian's python3-sphinx, installed when
# missing), every warning an error.
docs-deps:
	@command -v $(SPHINXBUILD) >/dev/null || \
		bash -c '. $(TESTING)/lib.sh && axas_need_pkgs python3-sphinx'

htmldocs: docs-deps
	$(SPHINXBUILD) -b html $(SPHINXOPTS) -d $(DOCS_OUT)/doctrees $(DOCS) $(DOCS_OUT)/html
	@echo "HTML in $(DOCS_OUT)/html/index.html"

mandocs: docs-deps
	$(SPHINXBUILD) -b man $(SPHINXOPTS) -d $(DOCS_OUT)/doctrees $(DOCS) $(DOCS_OUT)/man
	@echo "man page: $(MANPAGE)"

clean:
	-test -d "$(KDIR)" && $(MAKE) -C "$(KDIR)" M="$(CURDIR)" clean
	$(MAKE) -C tools/axctl clean
	$(MAKE) -C tools/examples clean
	rm -rf build/user build/mod build/initramfs build/uspace $(DOCS_OUT)
