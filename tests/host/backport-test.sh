#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The backport cannot drift from the primary series unseen: patch by
# patch (the same file names, in the same order), the lines each adds and
# removes and its commit message are the primary's, and each new file of
# patches/BACKPORT/files/ is the primary's copy, except where
# patches/BACKPORT/differences lists the patch or file with a reason.  A
# listed difference that is gone is an error too.  KTAP, then
# "backport: N passed, N failed".
#
# Usage: backport-test.sh [PRIMARY BACKPORT] (default: patches/primary
# and every other kernel folder of patches/ with a differences file).

set -u
top=${PROJECT_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$(dirname "$0")/../ktap.sh"

primary=${1:-$(cat "$top/patches/primary")}
backports=${2:-$(cd "$top/patches" && for d in */; do
	d=${d%/}; [ "$d" != "$primary" ] && [ -f "$d/differences" ] && echo "$d"; done)}

# changes FILE: a patch's added and removed lines, without file headers
changes() { grep '^[-+]' "$1" | grep -v '^+++ \|^--- '; }
# message FILE: a patch's subject and body
message() { sed -n '/^Subject: /,/^---$/p' "$1"; }
differs() { ! cmp -s "$1" "$2"; }
listed() { awk -F'\t' -v k="$1" '!/^#/ && $1 == k { f = 1 } END { exit !f }' "$2"; }

ktap_say "KTAP version 1"
for b in $backports; do
	pd=$top/patches/$primary bd=$top/patches/$b list=$top/patches/$b/differences
	mapfile -t pp < <(grep -v '^#' "$pd/series" | awk 'NF { print $1 }')
	mapfile -t bp < <(grep -v '^#' "$bd/series" | awk 'NF { print $1 }')
	check "$b: the same patches as $primary, in the same order" \
		test "${pp[*]}" = "${bp[*]}"
	seen=()
	for p in "${bp[@]}"; do
		[ -f "$pd/$p" ] || continue
		for what in changes message; do
			key=$p
			[ "$what" = changes ] || key="$p message"
			same=1
			cmp -s <($what "$pd/$p") <($what "$bd/$p") || same=0
			if listed "$key" "$list"; then
				seen+=("$key")
				check "$b: $key differs, as listed" test "$same" = 0
			elif [ "$same" = 0 ]; then
				diff <($what "$pd/$p") <($what "$bd/$p") | sed 's/^/# /' | head -20
				check "$b: $key is $primary's (or list it in $b/differences)" false
			fi
		done
	done
	while IFS= read -r f; do
		f=${f#"$bd/files/"}
		seen+=("$f")
		if listed "$f" "$list"; then
			check "$b: its own $f differs, as listed" differs "$top/$f" "$bd/files/$f"
		else
			check "$b: its own $f is listed in $b/differences" false
		fi
	done < <(find "$bd/files" -type f 2>/dev/null | sort)
	while IFS=$'\t' read -r key reason; do
		case "$key" in ''|'#'*) continue ;; esac
		[ -n "$reason" ] || check "$b: '$key' in $b/differences has a reason" false
		printf '%s\n' "${seen[@]}" | grep -qxF "$key" ||
			check "$b: '$key' in $b/differences names a patch or file of the series" false
	done <"$list"
done
plan_last
verdict backport
