#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Lay out the kernel source the build uses:
#
#   $OUT/linux-pristine  Debian's linux-source-6.1, unpacked once, never edited
#   $OUT/linux           the tree Kbuild builds: pristine + patches/series
#                        + the project's new files (drivers/, include/,
#                        Documentation/ of this repository)
#
# Only files the project touches (now or in the previous run) are
# considered.  Each is rebuilt from pristine in a scratch area, the series is
# applied there, and the result replaces the file in $OUT/linux only if its
# content differs.  So mtimes move exactly when content does: Kbuild rebuilds
# what really changed, a patch removed from the series restores the
# pristine file, and a tree can never be patched twice.
#
# SERIES_UPTO=K lays out only the first K patches of patches/series and
# the new files those lines name (scripts/build-series.sh uses it).

set -euo pipefail

top=${PROJECT_TOP:-$(cd "$(dirname "$0")/.." && pwd)}
out=${OUT:-$top/build}
tarball=${LINUX_TARBALL:-/usr/src/linux-source-6.1.tar.xz}
pristine=$out/linux-pristine
tree=$out/linux
stage=$out/linux-stage
touched_list=$out/linux.touched
new_dirs="drivers include Documentation"

die() { echo "prepare-tree: error: $*" >&2; exit 1; }
say() { echo "prepare-tree: $*"; }

[ -f "$tarball" ] || die "$tarball not found (install linux-source-6.1: scripts/setup-host.sh)"
mkdir -p "$out"

# 1. Pristine tree, unpacked once per tarball.
stamp="$(stat -c '%s %Y' "$tarball") $tarball"
if [ ! -f "$pristine/.unpacked" ] || [ "$(cat "$pristine/.unpacked")" != "$stamp" ]; then
	say "unpacking $tarball"
	rm -rf "$pristine" "$pristine.tmp" "$tree" "$touched_list"
	mkdir -p "$pristine.tmp"
	tar -C "$pristine.tmp" --strip-components=1 -xf "$tarball"
	echo "$stamp" >"$pristine.tmp/.unpacked"
	mv "$pristine.tmp" "$pristine"
fi

# 2. The tree Kbuild builds starts as a copy of pristine.
if [ ! -f "$tree/.copied" ]; then
	say "copying pristine tree to $tree"
	rm -rf "$tree" "$tree.tmp" "$touched_list"
	mkdir -p "$tree.tmp"
	cp -a "$pristine/." "$tree.tmp/"
	rm -f "$tree.tmp/.unpacked"
	touch "$tree.tmp/.copied"
	mv "$tree.tmp" "$tree"
fi

# 3. Which files the series and the project's new files touch.
series=$top/patches/series
patches=()
named=()
if [ -f "$series" ]; then
	while read -r p rest; do
		case "$p" in ''|'#'*) continue ;; esac
		[ -n "${SERIES_UPTO:-}" ] && [ "${#patches[@]}" -ge "$SERIES_UPTO" ] && break
		[ -f "$top/patches/$p" ] || die "patches/series names $p, which does not exist"
		patches+=("$top/patches/$p")
		for f in ${rest%%#*}; do
			named+=("$f")
		done
	done <"$series"
fi

newfiles=()
if [ -n "${SERIES_UPTO:-}" ]; then
	newfiles=("${named[@]}")
else
	for d in $new_dirs; do
		[ -d "$top/$d" ] || continue
		while IFS= read -r f; do
			newfiles+=("${f#"$top"/}")
		done < <(find "$top/$d" -type f | sort)
	done
fi

now_touched=$(mktemp)
trap 'rm -f "$now_touched"' EXIT
{
	for p in "${patches[@]}"; do
		# Every file a unified diff names, old side and new side.
		sed -n -e 's#^--- a/\([^[:space:]]*\).*#\1#p' \
			-e 's#^+++ b/\([^[:space:]]*\).*#\1#p' "$p"
	done
	printf '%s\n' "${newfiles[@]}"
} | sed "/^$/d" | sort -u >"$now_touched"

for f in "${newfiles[@]}"; do
	[ ! -e "$pristine/$f" ] ||
		die "$f exists in the kernel already: change it with a patch under patches/, not a whole file"
done

# 4. Rebuild every touched file (now or last time) in the scratch area.
rm -rf "$stage"
mkdir -p "$stage"
prev_touched=/dev/null
[ ! -f "$touched_list" ] || prev_touched=$touched_list
all_touched=$(sort -u "$now_touched" "$prev_touched")
while IFS= read -r f; do
	[ -n "$f" ] || continue
	if [ -f "$pristine/$f" ]; then
		mkdir -p "$stage/$(dirname "$f")"
		cp -p "$pristine/$f" "$stage/$f"
	fi
done <<<"$all_touched"

for p in "${patches[@]}"; do
	patch -d "$stage" -p1 -s -F0 -N --no-backup-if-mismatch -r - <"$p" ||
		die "patches/$(basename "$p") does not apply cleanly to linux-source-6.1 (fuzz 0)"
done

for f in "${newfiles[@]}"; do
	mkdir -p "$stage/$(dirname "$f")"
	cp "$top/$f" "$stage/$f"
done

# 5. Move changed content into the tree; restore or drop what is no longer touched.
changed=0
while IFS= read -r f; do
	[ -n "$f" ] || continue
	if [ -f "$stage/$f" ]; then
		if ! cmp -s "$stage/$f" "$tree/$f"; then
			mkdir -p "$tree/$(dirname "$f")"
			cp "$stage/$f" "$tree/$f"
			changed=$((changed + 1))
		fi
	elif [ -e "$tree/$f" ]; then
		rm -f "$tree/$f"
		changed=$((changed + 1))
	fi
done <<<"$all_touched"

cp "$now_touched" "$touched_list"
rm -rf "$stage"
say "${#patches[@]} patches, ${#newfiles[@]} new files, $changed files updated in $tree"
