# SPDX-License-Identifier: GPL-2.0
#
# axaddrspace: out-of-tree module, tools and the test harness.
#
#   make                  module (against KDIR) and axctl
#   make test             every test: make check, then make check-distro
#   make check            all suites, inside the debug test kernel under QEMU
#   make check-distro     the kselftests on Debian's stock 6.1 and 6.12 kernels
#   make demo             boot the VM, load the module, run an axctl session
#   make vm               an interactive shell in the VM with the module loaded

KERNELRELEASE ?= $(shell uname -r)
KDIR ?= /lib/modules/$(KERNELRELEASE)/build
PREFIX ?= /usr/local
DESTDIR ?=
TESTING := tools/testing

.PHONY: all modules tools test check check-distro demo vm install uninstall \
	load unload style clean kdir-check

all: modules tools

kdir-check:
	@test -d "$(KDIR)" || { echo "KDIR=$(KDIR) does not exist: install the headers of your kernel (apt-get install linux-headers-$(KERNELRELEASE)) or pass KDIR=" >&2; exit 2; }

modules: kdir-check
	$(MAKE) -C "$(KDIR)" M="$(CURDIR)" modules

tools:
	$(MAKE) -C tools/axctl

test:
	$(TESTING)/test-all

check:
	$(TESTING)/check

check-distro:
	$(TESTING)/check-distro

demo:
	$(TESTING)/vmrun --kernel debug -- axas-demo

vm:
	$(TESTING)/vmrun --kernel debug --interactive -- sh

install: modules tools
	$(MAKE) -C "$(KDIR)" M="$(CURDIR)" INSTALL_MOD_DIR=extra \
		$(if $(DESTDIR),INSTALL_MOD_PATH="$(DESTDIR)") modules_install
	install -D -m 0644 include/uapi/linux/axaddrspace.h $(DESTDIR)$(PREFIX)/include/linux/axaddrspace.h
	install -D -m 0755 tools/axctl/axctl $(DESTDIR)$(PREFIX)/bin/axctl
	install -D -m 0644 tools/udev/60-axaddrspace.rules $(DESTDIR)/etc/udev/rules.d/60-axaddrspace.rules
	-depmod -a $(if $(DESTDIR),-b "$(DESTDIR)") "$(KERNELRELEASE)"

uninstall:
	rm -rf $(DESTDIR)/lib/modules/$(KERNELRELEASE)/extra/kmod
	rm -f $(DESTDIR)$(PREFIX)/include/linux/axaddrspace.h $(DESTDIR)$(PREFIX)/bin/axctl
	rm -f $(DESTDIR)/etc/udev/rules.d/60-axaddrspace.rules
	-depmod -a $(if $(DESTDIR),-b "$(DESTDIR)") "$(KERNELRELEASE)"

load: modules
	insmod kmod/axaddrspace.ko

unload:
	rmmod axaddrspace

style:
	$(TESTING)/style

clean:
	-test -d "$(KDIR)" && $(MAKE) -C "$(KDIR)" M="$(CURDIR)" clean
	$(MAKE) -C tools/axctl clean
	rm -rf build/user build/mod build/initramfs
