# SPDX-License-Identifier: GPL-2.0
# Shared helpers for the axaddrspace test scripts; sourced, never executed.

AXAS_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
AXAS_BUILD=${AXAS_BUILD:-$AXAS_TOP/build}
# Kernels (debug build, Debian images) are cached here; several work trees
# may share one cache by setting AXAS_KCACHE.
AXAS_KCACHE=${AXAS_KCACHE:-$AXAS_BUILD}
AXAS_JOBS=${AXAS_JOBS:-$(($(nproc) + 1))}

axas_log() { printf '[axas] %s\n' "$*" >&2; }
axas_die() { printf '[axas] error: %s\n' "$*" >&2; exit 2; }

# axas_need_pkgs PKG...: install the Debian packages that are missing.
axas_need_pkgs() {
	local missing=() p
	for p in "$@"; do
		dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	axas_log "installing: ${missing[*]}"
	[ "$(id -u)" -eq 0 ] || axas_die "need root to install ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	if [ ! -e "$AXAS_BUILD/.apt-updated" ]; then
		apt-get update -q >&2 || axas_die "apt-get update failed"
		mkdir -p "$AXAS_BUILD" && touch "$AXAS_BUILD/.apt-updated"
	fi
	# two lanes of make test may install at once: wait for dpkg's lock
	apt-get install -y -q -o DPkg::Lock::Timeout=900 \
		--no-install-recommends "${missing[@]}" >&2 ||
		axas_die "apt-get install ${missing[*]} failed"
}

# Packages every test run needs on the host.
AXAS_HOST_PKGS=(qemu-system-x86 busybox-static linux-source-6.12 flex bison bc
	libelf-dev libssl-dev cpio sparse python3 kmod xz-utils gcc make libc6-dev
	dwarves rsync)
# make check also runs the guest tests under Bochs (Intel VMX with EPT).
AXAS_BOCHS_PKGS=(bochs bochsbios vgabios bochs-term grub-pc-bin grub-common
	xorriso mtools)
AXAS_HOST_PKGS+=("${AXAS_BOCHS_PKGS[@]}")

# axas_arch_vars ARCH: set the per-architecture names the build and VM
# scripts share.  AXAS_KARCH is the kernel's ARCH=, AXAS_CROSS the
# CROSS_COMPILE prefix (empty for the native x86_64), AXAS_KIMAGE the make
# target of the boot image and AXAS_KIMAGE_PATH its path in the build tree,
# AXAS_ARCH_PKGS the Debian packages the cross build and the emulator need.
axas_arch_vars() {
	AXAS_ARCH=$1
	case "$1" in
	# the kernel's names too (an ARCH= exported for kernel work)
	x86|x86_64)
		AXAS_ARCH=x86_64
		AXAS_KARCH=x86_64 AXAS_CROSS= AXAS_KIMAGE=bzImage
		AXAS_KIMAGE_PATH=arch/x86/boot/bzImage AXAS_DEBARCH=amd64
		AXAS_ARCH_PKGS=() ;;
	arm64)
		AXAS_KARCH=arm64 AXAS_CROSS=aarch64-linux-gnu- AXAS_KIMAGE=Image
		AXAS_KIMAGE_PATH=arch/arm64/boot/Image AXAS_DEBARCH=arm64
		AXAS_ARCH_PKGS=(gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-system-arm
			gcc-arm-linux-gnueabihf libc6-dev-armhf-cross) ;;
	riscv|riscv64)
		AXAS_ARCH=riscv64 AXAS_KARCH=riscv AXAS_CROSS=riscv64-linux-gnu- AXAS_KIMAGE=Image
		AXAS_KIMAGE_PATH=arch/riscv/boot/Image AXAS_DEBARCH=riscv64
		AXAS_ARCH_PKGS=(gcc-riscv64-linux-gnu libc6-dev-riscv64-cross
			qemu-system-misc opensbi) ;;
	*) axas_die "unknown architecture $1 (x86_64, arm64 or riscv64)" ;;
	esac
}

# axas_mod_dir TAG: vmrun's directory for the module of kernel TAG (debug,
# debug-arm64, debian-6.1, ...): the sources in src/, built there; style
# builds in the debug one too.
axas_mod_dir() { printf '%s\n' "$AXAS_BUILD/mod/$1"; }

# axas_mod_copy DIR: the module's sources, and nothing else, in DIR: the
# objects of an in-tree build must not leak into a build there, nor the
# *.mod.c modpost generated for another kernel (they match *.c and carry
# that kernel's module_layout version).  Objects already in DIR stay, so
# that a build against the same kernel with the same flags is done.
axas_mod_copy() {
	mkdir -p "$1"
	rsync -a --delete --include '*/' --exclude '*.mod.c' --include '*.[chS]' \
		--include 'Kbuild' --exclude '*' \
		"$AXAS_TOP/Kbuild" "$AXAS_TOP/kmod" "$AXAS_TOP/include" "$1/"
}
