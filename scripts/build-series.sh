#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Check that every patch of the series builds: lay out patches 1..K for
# each K in a tree of its own (build/series-build, so the main tree's
# mtimes are not disturbed) and build it with the reset kernel's config,
# incrementally from one K to the next.  A prefix whose inputs (its patch
# files, the new files its lines name, the config fragments) are the same
# as at its last successful build is not built again.  KTAP, then
# "series-build: N passed, N failed".

set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
main_out=${OUT:-$top/build}
export OUT=$main_out/series-build
mkdir -p "$OUT"
# Share the unpacked pristine tree; the patched tree and objects are ours.
[ -e "$OUT/linux-pristine" ] || ln -s "$main_out/linux-pristine" "$OUT/linux-pristine"

mapfile -t lines < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$top/patches/series")
echo "KTAP version 1"
echo "1..${#lines[@]}"
pass=0 fail=0
for k in $(seq 1 "${#lines[@]}"); do
	name=${lines[k - 1]%% *}
	# What prefix k is made of.
	key=$( { printf '%s\n' "${lines[@]:0:k}"
		 for l in "${lines[@]:0:k}"; do
			 read -r -a w <<<"$l"
			 cat "$top/patches/${w[0]}"
			 for f in "${w[@]:1}"; do cat "$top/$f"; done
		 done
		 cat "$top/configs/base.config" "$top/configs/reset.config"
	       } 2>/dev/null | sha256sum | cut -d' ' -f1)
	if [ "$(cat "$OUT/ok-$k" 2>/dev/null)" = "$key" ]; then
		echo "ok $k builds with patches 1..$k ($name; unchanged since it last built)"
		pass=$((pass + 1))
		continue
	fi
	rm -f "$OUT/ok-$k"
	if SERIES_UPTO=$k ALLOW_ABSENT=1 bash "$top/scripts/build-kernel.sh" reset \
		>"$OUT/build-$k.log" 2>&1; then
		echo "$key" >"$OUT/ok-$k"
		echo "ok $k builds with patches 1..$k ($name)"
		pass=$((pass + 1))
	else
		grep -E "error|Error" "$OUT/build-$k.log" | head -20 | sed 's/^/    # /'
		echo "    # full log: $OUT/build-$k.log"
		echo "not ok $k builds with patches 1..$k ($name)"
		fail=$((fail + 1))
	fi
done
echo "series-build: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
