#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The base a cover letter names, checked: the series is built on Debian's
# linux-source-KERNEL, which carries Debian's patches, but it is mailed as
# applying to the upstream release.  That holds if every file the series
# touches is the same in Debian's source and in the pristine upstream
# tarball, the orig tarball of Debian's "linux" source package at the
# version patches/KERNEL/source names, fetched with apt's source support
# (apt checks its hash against the signed .dsc).  Kept in
# $OUT/KERNEL/orig/.
#
# KTAP, one result a touched file that exists upstream, then
# "KERNEL-base: N passed, N failed".  A file that differs is named, with
# its diff's size; the series then does not apply to the release as is.
# A kernel whose source file names no version (6.12, from Debian 12's
# own suites) is skipped with a line that says so.

set -uo pipefail

. "$(dirname "$0")/kernel-env.sh"
name=$kernel-base
src=$series_dir/source
version=$(sed -n 's/^version\t//p' "$src" 2>/dev/null)
orig=$kout/orig
pristine=$kout/linux-pristine

if [ -z "$version" ]; then
	echo "# $name: patches/$kernel/source names no exact version: nothing to compare"
	exit 0
fi
[ -f "$pristine/.unpacked" ] || { echo "$name: error: $pristine is not unpacked (make kernel KERNEL=$kernel)"; exit 1; }
[ -f "$kout/linux.touched" ] || { echo "$name: error: $kout/linux.touched missing (scripts/prepare-tree.sh)"; exit 1; }

# linux_7.3.4.orig.tar.xz: the upstream release, without the epoch and
# Debian revision of the package version
upstream=${version#*:}
upstream=${upstream%%-*}
tarball=$orig/linux_$upstream.orig.tar.xz
if [ ! -f "$tarball" ]; then
	mkdir -p "$orig"
	echo "# fetching Debian's orig tarball of linux $version into $orig"
	if ! (cd "$orig" && apt-get source -q --download-only "linux=$version") \
		>"$orig/apt-source.log" 2>&1 || [ ! -f "$tarball" ]; then
		# A mirror that serves binary packages only answers 404 for
		# the source pool: no comparison can be made, and the base
		# stays "Debian's linux-source-KERNEL" in the cover letter.
		if grep -q "orig.tar.xz *404" "$orig/apt-source.log"; then
			plan 1
			skip "$(basename "$tarball"): the same files" \
				"the archive answers 404 for Debian's source pool (no apt source support here)"
			verdict "$name"
			exit
		fi
		echo "$name: error: apt-get source linux=$version did not give $(basename "$tarball"); see $orig/apt-source.log"
		echo "$name: 0 passed, 1 failed"
		exit 1
	fi
fi

# The touched files that exist in Debian's source, out of the orig tarball.
mapfile -t files < <(while read -r f; do
	[ -n "$f" ] && [ -f "$pristine/$f" ] && echo "$f"; done <"$kout/linux.touched")
up=$orig/linux-$upstream
rm -rf "$up"
mkdir -p "$up"
tar -C "$up" --strip-components=1 -xJf "$tarball" \
	"${files[@]/#/linux-$upstream/}" 2>"$orig/tar.log"

plan "${#files[@]}"
for f in "${files[@]}"; do
	if [ ! -f "$up/$f" ]; then
		echo "# $f: not in $(basename "$tarball") (a file Debian adds)"
		check "$f: the same upstream" false
	elif ! cmp -s "$pristine/$f" "$up/$f"; then
		echo "# $f: differs: $(diff "$up/$f" "$pristine/$f" | grep -c '^[<>]') lines"
		check "$f: the same upstream" false
	else
		check "$f: the same in linux-source-$kernel $version and v$upstream" true
	fi
done
verdict "$name"
