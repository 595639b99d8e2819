#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Check that every patch of the series builds: lay out patches 1..K for
# each K in a tree of its own (build/series-build, so the main tree's
# mtimes are not disturbed) and build it with the reset kernel's config.
# Incremental from one K to the next.  KTAP, then "series-build: N passed,
# N failed".

set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
main_out=${OUT:-$top/build}
export OUT=$main_out/series-build
mkdir -p "$OUT"
# Share the unpacked pristine tree; the patched tree and objects are ours.
[ -e "$OUT/linux-pristine" ] || ln -s "$main_out/linux-pristine" "$OUT/linux-pristine"

total=$(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$top/patches/series" | wc -l)
echo "KTAP version 1"
echo "1..$total"
pass=0 fail=0
for k in $(seq 1 "$total"); do
	name=$(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$top/patches/series" |
	       sed -n "${k}p" | cut -d' ' -f1)
	if SERIES_UPTO=$k ALLOW_ABSENT=1 bash "$top/scripts/build-kernel.sh" reset \
		>"$OUT/build-$k.log" 2>&1; then
		echo "ok $k builds with patches 1..$k ($name)"
		pass=$((pass + 1))
	else
		grep -E "error|Error" "$OUT/build-$k.log" | head -20 | sed 's/^/    # /'
		echo "not ok $k builds with patches 1..$k ($name)"
		fail=$((fail + 1))
	fi
done
echo "series-build: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
