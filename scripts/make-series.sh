#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Produce the kernel change as a mail-ready series against pristine
# linux-source-6.1: one patch per line of patches/series, made of that
# patch file's message and diff plus the whole new files the line names.
# Every new kernel file of the project must be named by exactly one line.
#
# Usage: make-series.sh OUTDIR

set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
dest=${1:?usage: make-series.sh OUTDIR}
series=$top/patches/series
new_dirs="drivers include Documentation"

die() { echo "make-series: error: $*" >&2; exit 1; }

mapfile -t lines < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$series")
total=${#lines[@]}
[ "$total" -gt 0 ] || die "patches/series is empty"

claimed=$(mktemp)
trap 'rm -f "$claimed"' EXIT
rm -rf "$dest"
mkdir -p "$dest"

n=0
for line in "${lines[@]}"; do
	n=$((n + 1))
	read -r -a words <<<"$line"
	pf=$top/patches/${words[0]}
	[ -f "$pf" ] || die "patches/series: ${words[0]} does not exist"
	from=$(sed -n 's/^From: //p;/^$/q' "$pf")
	subject=$(sed -n 's/^Subject: //p;/^$/q' "$pf")
	[ -n "$from" ] && [ -n "$subject" ] || die "${words[0]}: needs From: and Subject: headers"
	out=$(printf '%s/%04d-%s' "$dest" "$n" "${words[0]#[0-9][0-9][0-9][0-9]-}")
	{
		echo "From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001"
		echo "From: $from"
		echo "Subject: [PATCH $n/$total] $subject"
		echo
		# message body: after the header block, up to the --- line
		awk 'hdr && /^---$/ { exit } hdr { print } /^$/ { hdr = 1 }' "$pf"
		echo "---"
		for f in "${words[@]:1}"; do
			[ -f "$top/$f" ] || die "${words[0]}: new file $f does not exist"
			echo "$f" >>"$claimed"
			lines_in=$(wc -l <"$top/$f")
			echo "diff --git a/$f b/$f"
			echo "new file mode 100644"
			echo "--- /dev/null"
			echo "+++ b/$f"
			echo "@@ -0,0 +1,$lines_in @@"
			sed 's/^/+/' "$top/$f"
		done
		# the diff part of the patch file, with git-style headers
		awk '/^--- a\// { body = 1 } body' "$pf" |
			awk '/^--- a\// { f = substr($2, 3); print "diff --git a/" f " b/" f } { print }'
		echo "-- "
		echo "2.39.5"
	} >"$out"
done

unclaimed=0
for d in $new_dirs; do
	[ -d "$top/$d" ] || continue
	while IFS= read -r f; do
		f=${f#"$top"/}
		if ! grep -qxF "$f" "$claimed"; then
			echo "make-series: error: $f is not named by any line of patches/series" >&2
			unclaimed=1
		fi
	done < <(find "$top/$d" -type f | sort)
done
[ "$unclaimed" -eq 0 ] || exit 1
echo "make-series: $total patches in $dest"
