#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install what the build and the emulated boards need on a Debian 12 host,
# and fetch the armhf busybox used for the guest initramfs.
#
# Idempotent: packages already present are not touched, and a second run
# with everything in place only checks and returns.

set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
out=${OUT:-$top/build}

# One linux-source-KERNEL a kernel with a series under patches/.
KERNEL_PACKAGES=$(cd "$top/patches" && for d in */; do
	if [ -f "$d/series" ]; then echo "linux-source-${d%/}"; fi; done)
PACKAGES="qemu-system-arm gcc-arm-linux-gnueabihf libc6-dev-armhf-cross
	$KERNEL_PACKAGES device-tree-compiler bc bison flex libssl-dev
	libelf-dev cpio kmod make xz-utils python3 patch perl ccache sparse
	dt-schema"
BUSYBOX_PKG=busybox-static:armhf

say() { echo "setup: $*"; }
die() { echo "setup: error: $*" >&2; exit 1; }

missing=""
for p in $PACKAGES; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done

have_busybox() { [ -x "$out/busybox/bin/busybox" ]; }

if [ -z "$missing" ] && have_busybox; then
	say "host packages and armhf busybox are in place"
	exit 0
fi

[ "$(id -u)" -eq 0 ] || die "installing${missing:+$missing and} the armhf busybox needs root; run as root or install them by hand"
command -v apt-get >/dev/null || die "apt-get not found: this script expects Debian 12"

mkdir -p "$out"
avail_kb=$(df -Pk "$out" | awk 'NR==2 { print $4 }')
[ "$avail_kb" -ge $((8 * 1024 * 1024)) ] ||
	die "need at least 8 GiB free under $out (have $((avail_kb / 1024)) MiB)"

if ! dpkg --print-foreign-architectures | grep -qx armhf; then
	say "adding the armhf architecture to dpkg"
	dpkg --add-architecture armhf
fi

# A mirror in the middle of a sync makes one index fail now and then: retry,
# and if one index still fails, go on with a warning; the install below
# stops with a clear error if a package we need really cannot be had.
updated=
for try in 1 2 3; do
	say "apt-get update (try $try)"
	if apt-get update -q >"$out/apt-update.log" 2>&1; then
		updated=1
		break
	fi
	sleep $((try * 5))
done
[ -n "$updated" ] ||
	say "warning: apt-get update reported errors, going on with the lists it has (see $out/apt-update.log)"

if [ -n "$missing" ]; then
	say "installing:$missing"
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
		$missing >"$out/apt-install.log" 2>&1 ||
		die "could not install:$missing (a package missing from the archive?), see $out/apt-install.log"
fi

if ! have_busybox; then
	say "fetching $BUSYBOX_PKG into $out/busybox"
	tmp=$(mktemp -d)
	(cd "$tmp" && apt-get download -q "$BUSYBOX_PKG") >"$out/apt-busybox.log" 2>&1 ||
		die "could not download $BUSYBOX_PKG, see $out/apt-busybox.log"
	rm -rf "$out/busybox"
	dpkg-deb -x "$tmp"/busybox-static_*_armhf.deb "$out/busybox"
	rm -rf "$tmp"
	have_busybox || die "$BUSYBOX_PKG did not contain bin/busybox"
fi

say "done"
