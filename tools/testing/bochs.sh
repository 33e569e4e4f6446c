# SPDX-License-Identifier: GPL-2.0
# The Bochs side of vmrun (--emulator bochs); sourced by vmrun, never
# executed.
#
# Bochs emulates Intel VMX with EPT (QEMU's TCG has no VMX), so this is
# where the test hypervisor's VMX backend runs guests on EPT spaces.
# Facts of Debian 12's bochs 2.7 this relies on:
#  - it has no direct kernel boot: a GRUB rescue ISO (grub-mkrescue, BIOS
#    only) loads the kernel and the initramfs from the emulated CD-ROM;
#  - it is built with its debugger and waits at a prompt: a command file
#    with "c" (-rc) lets it run; it catches SIGTERM and SIGINT (they enter
#    the debugger), so the harness ends it with SIGKILL;
#  - its only text display, "term", needs a terminal: script(1) gives it
#    a pseudo-terminal; the console is COM1 written to a file;
#  - cpu: model=corei7_skylake_x advertises VMX with EPT, VPID, EPT A/D
#    and unrestricted guest, but a CPUID the kernel warns about twice:
#    leaf 1 sets HT with one logical processor while leaf 4 counts 8 cores
#    (a WARN in parse_legacy()), and leaf 0xd gives an XSAVE size that
#    does not match its components (a WARN in the xstate checks).
#    clearcpuid=ht and noxsave avoid both; clearcpuid taints the kernel
#    with S (CPU out of spec), which the collector allows for this log;
#  - the debug kernel has no ACPI and cannot power the machine off: the
#    harness watches the console for init's AXAS-EXIT line and stops
#    Bochs itself;
#  - the VBE frame buffer decodes nothing until VBE is enabled (reads give
#    all ones), so the huge-leaf guest tests get their window elsewhere:
#    memmap= reserves [1 GiB, 2 GiB) of the machine's 2 GiB, which is then
#    emulator memory outside System RAM, and AXAS_MMIO_HPA points into it.

AXAS_BOCHS_CPU=${AXAS_BOCHS_CPU:-corei7_skylake_x}
AXAS_BOCHS_CPUS=${AXAS_BOCHS_CPUS:-1}
# The window of the huge-leaf guest tests: 16 MiB into the reserved GiB
# (1 GiB aligned down, it is all reserved), as QEMU's frame buffer is.
AXAS_BOCHS_MMIO_HPA=0x41000000
# \$ for GRUB, which expands $ itself
AXAS_BOCHS_APPEND='clearcpuid=ht noxsave memmap=1G\$0x40000000'

# axas_bochs_iso DIR IMAGE INITRD APPEND: the GRUB ISO DIR/axas.iso.
axas_bochs_iso() {
	local dir=$1 image=$2 initrd=$3 append=$4
	rm -rf "$dir/iso"
	mkdir -p "$dir/iso/boot/grub"
	cp "$image" "$dir/iso/boot/bzImage"
	cp "$initrd" "$dir/iso/boot/initrd"
	cat > "$dir/iso/boot/grub/grub.cfg" <<GRUB
set timeout=0
set default=0
serial --unit=0 --speed=115200
terminal_input serial
terminal_output serial
menuentry axas {
	linux /boot/bzImage $append
	initrd /boot/initrd
}
GRUB
	grub-mkrescue -d /usr/lib/grub/i386-pc -o "$dir/axas.iso" "$dir/iso" \
		>"$dir/grub-mkrescue.log" 2>&1 ||
		{ cat "$dir/grub-mkrescue.log" >&2; axas_die "grub-mkrescue failed"; }
}

# axas_bochs_rc DIR MEM_MIB: the configuration DIR/bochsrc and the
# debugger command file DIR/cmds.
axas_bochs_rc() {
	local dir=$1 mem=$2
	cat > "$dir/bochsrc" <<RC
megs: $mem
cpu: model=$AXAS_BOCHS_CPU, count=$AXAS_BOCHS_CPUS, ips=200000000, reset_on_triple_fault=0
romimage: file=/usr/share/bochs/BIOS-bochs-latest
vgaromimage: file=/usr/share/bochs/VGABIOS-lgpl-latest
ata0: enabled=1, ioaddr1=0x1f0, ioaddr2=0x3f0, irq=14
ata0-master: type=cdrom, path=$dir/axas.iso, status=inserted
boot: cdrom
com1: enabled=1, mode=file, dev=$dir/console
display_library: term
speaker: enabled=0
sound: waveoutdrv=dummy, waveindrv=dummy, midioutdrv=dummy
clock: sync=none, time0=local
log: $dir/bochs.log
panic: action=fatal
error: action=report
info: action=ignore
debug: action=ignore
RC
	echo c > "$dir/cmds"
}

# axas_bochs_run DIR TIMEOUT LOG: boot, stream the console to stdout and
# LOG, stop Bochs at init's AXAS-EXIT line, a panic or TIMEOUT seconds.
# Returns 124 on timeout, 0 otherwise (the caller reads the verdict from
# LOG).
axas_bochs_run() {
	local dir=$1 timeout_s=$2 log=$3 start now booted= pid= off=0 size rc=0
	rm -f "$dir/console" "$dir/pid" "$dir/bochs.log"
	: > "$dir/console"
	: > "$log"
	start=$(date +%s)
	script -qfc "echo \$\$ > '$dir/pid'; exec bochs -q -f '$dir/bochsrc' -rc '$dir/cmds'" \
		/dev/null > "$dir/term.log" 2>&1 < /dev/null &
	while :; do
		sleep 1
		[ -n "$pid" ] || pid=$(cat "$dir/pid" 2>/dev/null || true)
		size=$(stat -c %s "$dir/console")
		if [ "$size" -gt "$off" ]; then
			tail -c +$((off + 1)) "$dir/console" | head -c $((size - off)) |
				tr -d '\r' | tee -a "$log"
			off=$size
		fi
		now=$(date +%s)
		if [ -z "$booted" ] && grep -q '^AXAS-BOOTED' "$log"; then
			booted=$((now - start))
			axas_log "Bochs: booted to init in ${booted} s"
		fi
		grep -q -E '^AXAS-EXIT: |Kernel panic - not syncing' "$log" && break
		if ! kill -0 "${pid:-$!}" 2>/dev/null; then
			echo "AXAS-VMRUN: Bochs ended by itself (see $dir/bochs.log)" | tee -a "$log"
			break
		fi
		if [ $((now - start)) -ge "$timeout_s" ]; then
			echo "AXAS-VMRUN: TIMEOUT: the guest did not finish in ${timeout_s} s (hang?)" |
				tee -a "$log"
			rc=124
			break
		fi
	done
	# the debugger build ignores SIGTERM: only SIGKILL ends it
	[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null
	wait 2>/dev/null || true
	axas_log "Bochs: ran $(($(date +%s) - start)) s${booted:+ (boot ${booted} s)}"
	return $rc
}
