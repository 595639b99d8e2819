#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Lay out the kernel source the build uses, for one kernel (KERNEL=7.3
# or 6.12, scripts/kernel-env.sh):
#
#   $OUT/KERNEL/linux-pristine  Debian's linux-source-KERNEL, unpacked once,
#                               never edited
#   $OUT/KERNEL/linux           the tree Kbuild builds: pristine +
#                               patches/KERNEL/series + the project's new
#                               files (drivers/, include/, Documentation/ of
#                               this repository, or patches/KERNEL/files/
#                               where a kernel needs its own copy)
#
# Only files the project touches (now or in the previous run) are
# considered.  Each is rebuilt from pristine in a scratch area, the series is
# applied there, and the result replaces the file in the tree only if its
# content differs.  So mtimes move exactly when content does: Kbuild rebuilds
# what really changed, a patch removed from the series restores the
# pristine file, and a tree can never be patched twice.  When a patch does
# not apply, the error names the Debian package version, the patch and
# each failed hunk, and the tree is left as it was.
#
# Before anything is applied, patches/KERNEL/requires is checked against
# the pristine tree: what the series relies on that a Debian update could
# take away (see that file).
#
# SERIES_UPTO=K lays out only the first K patches of the series and
# the new files those lines name (scripts/build-series.sh uses it).

set -euo pipefail

. "$(dirname "$0")/kernel-env.sh"
pristine=$kout/linux-pristine
tree=$kout/linux
stage=$kout/linux-stage
touched_list=$kout/linux.touched
new_dirs="drivers include Documentation"

die() { echo "prepare-tree: error: $*" >&2; exit 1; }
say() { echo "prepare-tree: $*"; }

[ -f "$tarball" ] || die "$tarball not found (install linux-source-$kernel: scripts/setup-host.sh)"
mkdir -p "$kout"
# One run at a time a tree: make test's early checks lay it out while a
# kernel build may do the same (they share the scratch area and the tree).
exec 9>"$kout/.prepare-tree.lock"
flock 9

# What Debian shipped: the package version (LINUX_PACKAGE_VERSION says
# it for a tarball of one's own, LINUX_TARBALL).
pkg=${LINUX_PACKAGE_VERSION:-$(dpkg-query -W -f='${Version}' "linux-source-$kernel" 2>/dev/null || echo "version unknown")}
# The series is for the version patches/KERNEL/source names, if it names
# one: another is an unexpected source, refused before anything is laid
# out.  A tarball of one's own whose version is not said is taken as is.
want=$(sed -n 's/^version\t//p' "$series_dir/source" 2>/dev/null || true)
if [ -n "$want" ] && [ "$pkg" != "$want" ] &&
   { [ -z "${LINUX_TARBALL:-}" ] || [ -n "${LINUX_PACKAGE_VERSION:-}" ]; }; then
	die "$tarball is linux-source-$kernel $pkg, but patches/$kernel/source names $want: install that version (scripts/setup-host.sh) or port the series and name the new one there.  Nothing was changed in $tree."
fi

# 1. Pristine tree, unpacked once per tarball.
stamp="$(stat -c '%s %Y' "$tarball") $tarball"
if [ ! -f "$pristine/.unpacked" ] || [ "$(cat "$pristine/.unpacked")" != "$stamp" ]; then
	say "unpacking $tarball"
	rm -rf "$pristine" "$pristine.tmp" "$tree"
	mkdir -p "$pristine.tmp"
	tar -C "$pristine.tmp" --strip-components=1 -xf "$tarball"
	echo "$stamp" >"$pristine.tmp/.unpacked"
	mv "$pristine.tmp" "$pristine"
fi
# What Debian shipped, for error messages: the release.
release=$(sed -n -e 's/^VERSION = //p' -e 's/^PATCHLEVEL = //p' -e 's/^SUBLEVEL = //p' \
	"$pristine/Makefile" | paste -sd.)
what="linux-source-$kernel $pkg (Linux $release)"

# 1b. What the series relies on in the pristine tree.
if [ -f "$series_dir/requires" ]; then
	while IFS=$'\t' read -r file regex patch reason; do
		case "$file" in ''|'#'*) continue ;; esac
		[ -f "$series_dir/$patch" ] ||
			die "$series_dir/requires names $patch, which the series does not have: correct the line.  Nothing was changed in $tree."
		grep -Eq -- "$regex" "$pristine/$file" 2>/dev/null ||
			die "$what: $patch needs /$regex/ in $file, which this tree lacks: $reason.  Nothing was changed in $tree."
	done <"$series_dir/requires"
fi

# 2. The tree Kbuild builds starts as a copy of pristine, of this pristine:
# a tree whose pristine is shared (scripts/build-series.sh) may have seen
# it unpacked anew by another run.
# cp -a keeps the tarball's mtimes, older than any object built from the
# old tree: a file the series had changed there (the touched list) is
# stamped now in the copy, or an object directory that outlives the tree
# would keep objects of the patched file for its pristine content.
if [ "$(cat "$tree/.copied" 2>/dev/null)" != "$stamp" ]; then
	say "copying pristine tree to $tree"
	was_touched=$(cat "$touched_list" 2>/dev/null || true)
	rm -rf "$tree" "$tree.tmp" "$touched_list"
	mkdir -p "$tree.tmp"
	cp -a "$pristine/." "$tree.tmp/"
	rm -f "$tree.tmp/.unpacked"
	while read -r f; do
		[ -z "$f" ] || [ ! -e "$tree.tmp/$f" ] || touch "$tree.tmp/$f"
	done <<<"$was_touched"
	echo "$stamp" >"$tree.tmp/.copied"
	mv "$tree.tmp" "$tree"
fi

# 3. Which files the series and the project's new files touch.
series=$series_dir/series
patches=()
named=()
if [ -f "$series" ]; then
	while read -r p rest; do
		case "$p" in ''|'#'*) continue ;; esac
		[ -n "${SERIES_UPTO:-}" ] && [ "${#patches[@]}" -ge "$SERIES_UPTO" ] && break
		[ -f "$series_dir/$p" ] || die "patches/$kernel/series names $p, which does not exist"
		patches+=("$series_dir/$p")
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
	# files only this kernel has
	if [ -d "$series_dir/files" ]; then
		while IFS= read -r f; do
			f=${f#"$series_dir/files/"}
			[ -e "$top/$f" ] || newfiles+=("$f")
		done < <(find "$series_dir/files" -type f | sort)
	fi
fi

# The copy of a new file this kernel builds.
new_src() {
	if [ -f "$series_dir/files/$1" ]; then
		echo "$series_dir/files/$1"
	else
		echo "$top/$1"
	fi
}

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
	if ! log=$(patch -d "$stage" -p1 -F0 -N --no-backup-if-mismatch -r - <"$p" 2>&1); then
		# one line a failed hunk, with the file it is in
		hunks=$(awk '/^patching file /{ f = $3 }
			/FAILED|Reversed|previously applied|malformed|garbage|can.t find file/ { print "  " f ": " $0 }' <<<"$log")
		rm -rf "$stage"
		die "patches/$kernel/$(basename "$p") does not apply at fuzz 0 to $what:
${hunks:-$log}
Nothing was changed in $tree."
	fi
done

for f in "${newfiles[@]}"; do
	src=$(new_src "$f")
	[ -f "$src" ] || die "patches/$kernel/series names $f, which is neither in the project nor in patches/$kernel/files"
	mkdir -p "$stage/$(dirname "$f")"
	cp "$src" "$stage/$f"
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
