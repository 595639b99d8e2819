#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the test kernel: prepare the tree, configure from the committed
# fragment(s) on top of allnoconfig, then cross-build the image (zImage,
# arm64's Image), modules and the boards' DTBs with Kbuild.  Incremental:
# Kbuild decides what to rebuild, and the configuration is regenerated
# only when its inputs change.
#
# Usage: KERNEL=7.3|6.12 [KARCH=arm|arm64] build-kernel.sh VARIANT
#   VARIANT selects configs/VARIANT.config on top of configs/base.config,
#   the architecture's configs/arch/KARCH.config, its boards'
#   boards/*/config and configs/KERNEL.config, if there is one
#   (config_fragments in kernel-env.sh), and gets its own object
#   directory under $OUT/KERNEL (objdir): reset (the product), control
#   (the same kernel without it) or debug (the reset kernel with
#   sanitizers).  A variant's file may name another it builds on, in a
#   line "# on top of: VARIANT", whose fragment comes first.
#   A board whose DTB is QEMU's own (DTB=qemu in its board.conf) gets it
#   dumped from QEMU with the board's machine options.
#
# ALLOW_ABSENT=1 accepts fragment symbols that Kconfig does not know (for
# building a prefix of the series); any other mismatch is still an error.
# COMPILE_ONLY=1 builds vmlinux and the modules and stops there: no zImage,
# DTBs, installed modules or test modules (scripts/build-series.sh);
# CONFIGURE_ONLY=1 lays out the tree and configures it, and builds
# nothing.

set -euo pipefail

. "$(dirname "$0")/kernel-env.sh"
variant=${1:?usage: build-kernel.sh VARIANT (a configs/VARIANT.config)}
obj=$(objdir "$variant")
modroot=$kout/modroot-$variant$arch_suffix
jobs=${JOBS:-$(nproc)}

die() { echo "build-kernel: error: $*" >&2; exit 1; }
# zimage_embeds_vmlinux DIR: DIR/piggy.o (arch/arm/boot/compressed) holds
# this build's compressed kernel, DIR/piggy_data
zimage_embeds_vmlinux() {
	arm-linux-gnueabihf-objcopy -O binary -j .piggydata "$1/piggy.o" \
		"$1/piggy_data.embedded" &&
		cmp -s "$1/piggy_data" "$1/piggy_data.embedded"
}
say() { echo "build-kernel: $*"; }

command -v "${arch_cross}gcc" >/dev/null ||
	die "${arch_cross}gcc not found (scripts/setup-host.sh installs it)"

"$top/scripts/prepare-tree.sh"

# Each board's DTB, its overlay and the merged DTB it boots, from the
# boards' folders (scripts/boards.py); where the DTB lies depends on the
# kernel (6.5 moved them into vendor folders).
dtb_plan=$(python3 "$top/scripts/boards.py" dtb-plan --arch "$karch" --tree "$kout/linux") ||
	die "no board list"
DTBS=$(echo "$dtb_plan" | awk '$2 !~ /^qemu-/ { print $2 }' | tr '\n' ' ')

case "$variant" in base|[0-9]*) die "no variant '$variant'" ;; esac
[ -f "$top/configs/$variant.config" ] ||
	die "no variant '$variant': expected configs/$variant.config"
under=$(sed -n 's/^# on top of: *\([a-z0-9]*\) *$/\1/p' "$top/configs/$variant.config")
if [ -n "$under" ]; then
	[ -f "$top/configs/$under.config" ] && [ "$under" != "$variant" ] ||
		die "configs/$variant.config is on top of '$under': no configs/$under.config"
fi
mapfile -t fragments < <(config_fragments "$variant") && [ "${#fragments[@]}" -gt 2 ] ||
	die "no config fragments for $variant"

# A variant whose file says "# objects from: VARIANT" (the control: the
# reset kernel with Kconfig symbols off, the same compiler flags) starts
# as a copy of that variant's objects, when it has none yet: Kbuild's
# per-symbol dependencies then rebuild only what the symbols it changes
# reach, where a new directory would compile every file again (ccache
# misses too: the configuration header is another).
from=$(sed -n 's/^# objects from: *\([a-z0-9]*\) *$/\1/p' "$top/configs/$variant.config")
if [ -n "$from" ] && [ ! -d "$obj" ] && [ -f "$(objdir "$from")/vmlinux" ]; then
	say "starting $kernel $variant from $kernel $from's objects"
	rm -rf "$obj.tmp"
	cp -a "$(objdir "$from")" "$obj.tmp" &&
		rm -f "$obj.tmp/.built" "$obj.tmp/.config-key" &&
		mv "$obj.tmp" "$obj" || die "cannot copy $(objdir "$from")"
fi

# The configuration depends on the fragments and on every Kconfig file the
# project adds or patches.
mkdir -p "$obj"
key=$( { cat "${fragments[@]}" "$kout/linux.touched"
	 { grep -E '(^|/)Kconfig' "$kout/linux.touched" || true; } | while read -r f; do
		 cat "$kout/linux/$f" 2>/dev/null || true
	 done; } | sha256sum | cut -d' ' -f1)
if [ ! -f "$obj/.config" ] || [ "$(cat "$obj/.config-key" 2>/dev/null)" != "$key" ]; then
	say "configuring $kernel $variant: allnoconfig + ${fragments[*]#"$top"/}"
	merged=$obj/.config-fragment
	cat "${fragments[@]}" >"$merged"
	kmake "$obj" -s KCONFIG_ALLCONFIG="$merged" allnoconfig
	bad=0
	while IFS= read -r line; do
		case "$line" in
		CONFIG_*=*|'# CONFIG_'*' is not set') ;;
		*) continue ;;
		esac
		sym=${line%%=*}; sym=${sym#\# }; sym=${sym%% *}
		if ! grep -qxF "$line" "$obj/.config"; then
			got=$(grep -E "^($sym=|# $sym is not set)" "$obj/.config" || echo "absent")
			# A series prefix may not have introduced the symbol yet.
			[ "$got" = absent ] && [ -n "${ALLOW_ABSENT:-}" ] && continue
			echo "build-kernel: error: fragment asks '$line', Kconfig gave '$got'" >&2
			bad=1
		fi
	done <"$merged"
	[ "$bad" -eq 0 ] || die "the configuration does not match the fragment (unmet dependencies?)"
	echo "$key" >"$obj/.config-key"
fi

[ -z "${CONFIGURE_ONLY:-}" ] || exit 0
if [ -n "${COMPILE_ONLY:-}" ]; then
	say "compiling $kernel $variant in $obj (vmlinux modules, -j$jobs)"
	kmake "$obj" -s -j"$jobs" vmlinux modules
	exit
fi

# Up to date: the last build succeeded with these inputs and nothing in
# the tree or the object directory changed since.  Kbuild would find the
# same, in a few seconds more.
stamp=$obj/.built
built_key=$( { echo "$key $kcc $DTBS"; cat "$top"/tests/kmod/* "$top"/boards/*/overlay.dtso "$top"/boards/*/board.conf \
	       "$0" "$top/scripts/apply-overlay.py"; } | sha256sum | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$built_key" ] && [ -d "$modroot" ] &&
   [ -z "$(find "$kout/linux" "$obj/.config" -newer "$stamp" -print -quit)" ]; then
	say "$kernel $variant is up to date: $obj/$arch_image"
	exit 0
fi
rm -f "$stamp"

say "building $kernel $variant in $obj ($arch_target modules $DTBS, -j$jobs)"
# shellcheck disable=SC2086
kmake "$obj" -s -j"$jobs" "$arch_target" modules $DTBS
# The zImage's piggy.S embeds the compressed kernel with .incbin, which
# ccache's depend mode does not hash: its object may come back from the
# cache with the kernel of an earlier build of this configuration.  Then
# it is built again without ccache.
boot=$obj/arch/arm/boot/compressed
if [ "$arch_target" = zImage ] && ! zimage_embeds_vmlinux "$boot"; then
	rm -f "$boot/piggy.o"
	CCACHE_DISABLE=1 kmake "$obj" -s -j"$jobs" zImage
	zimage_embeds_vmlinux "$boot" ||
		die "the zImage embeds another build's kernel: $boot/piggy.o is not built from $boot/piggy_data"
fi

rm -rf "$modroot.tmp"
kmake "$obj" -s INSTALL_MOD_PATH="$modroot.tmp" INSTALL_MOD_STRIP=1 modules_install

# The test-only modules of tests/kmod/ (its Kbuild says which need the
# native quiesce).  Kbuild builds external modules in place: build a copy
# under $out.
kmod=$kout/kmod-$variant$arch_suffix
mkdir -p "$kmod"
for f in "$top"/tests/kmod/*; do
	cmp -s "$f" "$kmod/$(basename "$f")" || cp "$f" "$kmod/"
done
kmake "$obj" -s M="$kmod" modules
kmake "$obj" -s M="$kmod" INSTALL_MOD_PATH="$modroot.tmp" INSTALL_MOD_STRIP=1 \
	INSTALL_MOD_DIR=extra modules_install
rm -rf "$modroot"
mv "$modroot.tmp" "$modroot"
# Each board's DTB with its overlay (boards/NAME/overlay.dtso) applied, as
# its bootloader would: the device the overlay names is bound to
# vfio-platform from boot.  QEMU's own DTB is dumped first, with the
# board's machine options (the memory and CPUs it describes).
dtbdir=$obj/arch/$arch_kbuild/boot/dts
while read -r board base overlay merged; do
	mkdir -p "$dtbdir"
	case "$base" in
	qemu-*)
		# shellcheck disable=SC2046
		"$arch_qemu" $(python3 "$top/scripts/boards.py" get "$board" QEMU) \
			-machine dumpdtb="$dtbdir/$base" -display none >/dev/null 2>&1 ||
			die "$arch_qemu could not dump $board's device tree"
		;;
	esac
	python3 "$top/scripts/apply-overlay.py" "$dtbdir/$base" \
		"$top/$overlay" "$dtbdir/$merged" >/dev/null ||
		die "overlay $overlay does not apply to $base"
done <<<"$dtb_plan"
echo "$built_key" >"$stamp"
say "done: $obj/$arch_image"
