#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install what the build and the emulated boards need on a Debian 12 host,
# and fetch the busybox of each architecture the boards use (boards.py
# arches) for the guest initramfs: armhf's in $OUT/busybox, another's in
# $OUT/busybox-ARCH.
#
# Idempotent: packages already present are not touched, and a second run
# with everything in place only checks and returns.

set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/scripts/defaults.sh"

# One linux-source-KERNEL a kernel with a series under patches/, as its
# patches/KERNEL/source says: the package, and for one from another Debian
# suite the suite and the exact version (installed as PACKAGE=VERSION).
source_field() { sed -n "s/^$2\t//p" "$1"; }
KERNEL_PACKAGES=""
FOREIGN_SUITES=""
for src in "$top"/patches/*/source; do
	pkg=$(source_field "$src" package)
	ver=$(source_field "$src" version)
	suite=$(source_field "$src" suite)
	[ -n "$pkg" ] || { echo "setup: error: $src names no package" >&2; exit 1; }
	KERNEL_PACKAGES="$KERNEL_PACKAGES $pkg${ver:+=$ver}"
	[ -z "$suite" ] || FOREIGN_SUITES="$FOREIGN_SUITES $suite"
done
FOREIGN_SUITES=$(echo $FOREIGN_SUITES | tr ' ' '\n' | sort -u | tr '\n' ' ')
# Each architecture's cross compiler, libc and busybox-static (Debian's
# names: scripts/boards.py's ARCHES); qemu-system-arm has both QEMUs.
ARCH_PACKAGES=""
BUSYBOXES=""
for a in $(python3 "$top/scripts/boards.py" arches); do
	arch_env=$(python3 "$top/scripts/boards.py" arch-env "$a") ||
		{ echo "setup: error: no architecture $a" >&2; exit 1; }
	eval "$arch_env"
	ARCH_PACKAGES="$ARCH_PACKAGES gcc-${arch_cross%-} libc6-dev-$arch_debian-cross"
	BUSYBOXES="$BUSYBOXES $arch_debian:$out/busybox$arch_suffix"
done
PACKAGES="qemu-system-arm $ARCH_PACKAGES
	$KERNEL_PACKAGES device-tree-compiler bc bison flex libssl-dev
	libelf-dev cpio kmod make xz-utils python3 patch perl ccache sparse
	dt-schema clang-19 lld-19 llvm-19"

say() { echo "setup: $*"; }
die() { echo "setup: error: $*" >&2; exit 1; }

# PACKAGE or PACKAGE=VERSION: installed, at that version if one is named.
installed() {
	local want=${1#*=} have
	have=$(dpkg-query -W -f='${Status} ${Version}' "${1%%=*}" 2>/dev/null) || return 1
	case "$have" in "install ok installed "*) ;; *) return 1 ;; esac
	[ "$want" = "$1" ] || [ "${have##* }" = "$want" ]
}
missing=""
for p in $PACKAGES; do
	installed "$p" || missing="$missing $p"
done

# the busyboxes still to fetch, DEBIAN_ARCH:FOLDER each
busyboxes_missing() {
	local b
	for b in $BUSYBOXES; do
		[ -x "${b#*:}/bin/busybox" ] || echo "$b"
	done
}

if [ -z "$missing" ] && [ -z "$(busyboxes_missing)" ]; then
	say "host packages and busybox are in place"
	exit 0
fi

[ "$(id -u)" -eq 0 ] || die "installing${missing:+$missing and} the guests' busybox needs root; run as root or install them by hand"
command -v apt-get >/dev/null || die "apt-get not found: this script expects Debian 12"

mkdir -p "$out"
avail_kb=$(df -Pk "$out" | awk 'NR==2 { print $4 }')
[ "$avail_kb" -ge $((8 * 1024 * 1024)) ] ||
	die "need at least 8 GiB free under $out (have $((avail_kb / 1024)) MiB)"

# (read whole first: grep -q stops early, and pipefail would count
# dpkg's broken pipe as not found)
foreign=$(dpkg --print-foreign-architectures)
for b in $BUSYBOXES; do
	if ! grep -qx "${b%%:*}" <<<"$foreign"; then
		say "adding the ${b%%:*} architecture to dpkg"
		dpkg --add-architecture "${b%%:*}"
	fi
done

# Another Debian suite a kernel source comes from (trixie-backports for
# 7.3): an apt source for it, and a pin that keeps every package of it
# from being installed or upgraded, but for the kernel sources named with
# their exact version (PACKAGE=VERSION takes a version whatever its pin).
for suite in $FOREIGN_SUITES; do
	list=/etc/apt/sources.list.d/vfio-platform-reset-$suite.sources
	pin=/etc/apt/preferences.d/vfio-platform-reset-$suite
	printf '%s\n' "Types: deb deb-src" "URIs: http://deb.debian.org/debian" \
		"Suites: $suite" "Components: main" \
		"Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg" >"$list.new"
	printf '%s\n' "# scripts/setup-host.sh: nothing from $suite unless named with its version" \
		"Package: *" "Pin: release n=$suite" "Pin-Priority: -1" >"$pin.new"
	for f in "$list" "$pin"; do
		cmp -s "$f.new" "$f" && rm "$f.new" || { say "writing $f"; mv "$f.new" "$f"; }
	done
done

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

# A kernel source at a version the archive no longer serves: say which
# versions it has, before apt says only that it cannot find one.
for p in $missing; do
	case "$p" in *=*) ;; *) continue ;; esac
	has=$(apt-cache madison "${p%%=*}" 2>/dev/null | awk -F' *[|] *' '{ print $2 }' | sort -uV | paste -sd' ')
	named=$(grep -l "^package	${p%%=*}$" "$top"/patches/*/source | sed "s#^$top/##")
	grep -qxF "${p#*=}" <<<"$(tr ' ' '\n' <<<"$has")" ||
		die "${p%%=*} ${p#*=}, which $named names, is not in the archive (it has: ${has:-no version at all}); port the series to a version it has, and name it there"
done

if [ -n "$missing" ]; then
	say "installing:$missing"
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
		$missing >"$out/apt-install.log" 2>&1 ||
		die "could not install:$missing (a package missing from the archive?), see $out/apt-install.log"
fi

for b in $(busyboxes_missing); do
	deb_arch=${b%%:*} dir=${b#*:}
	say "fetching busybox-static:$deb_arch into $dir"
	tmp=$(mktemp -d)
	(cd "$tmp" && apt-get download -q "busybox-static:$deb_arch") >"$out/apt-busybox.log" 2>&1 ||
		die "could not download busybox-static:$deb_arch, see $out/apt-busybox.log"
	rm -rf "$dir"
	dpkg-deb -x "$tmp"/busybox-static_*_"$deb_arch".deb "$dir"
	rm -rf "$tmp"
	[ -x "$dir/bin/busybox" ] || die "busybox-static:$deb_arch did not contain bin/busybox"
done

say "done"
