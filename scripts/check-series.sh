#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Regenerate the patch series (scripts/make-series.py) and run the
# kernel's checkpatch.pl --strict on every patch.  KTAP, one result per
# patch, then "series: N passed, N failed".

set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
out=${OUT:-$top/build}
dest=$out/series

if ! python3 "$top/scripts/make-series.py" "$dest" >"$out/make-series.log" 2>&1; then
	cat "$out/make-series.log"
	echo "series: 0 passed, 1 failed"
	exit 1
fi

patches=("$dest"/*.patch)
echo "KTAP version 1"
echo "1..${#patches[@]}"
n=0 pass=0 fail=0
for p in "${patches[@]}"; do
	n=$((n + 1))
	res=$(cd "$out/linux" && perl scripts/checkpatch.pl --strict --color=never "$p" 2>&1)
	if [ $? -eq 0 ] && grep -q "total: 0 errors, 0 warnings, 0 checks" <<<"$res"; then
		echo "ok $n checkpatch --strict $(basename "$p")"
		pass=$((pass + 1))
	else
		sed 's/^/    # /' <<<"$res"
		echo "not ok $n checkpatch --strict $(basename "$p")"
		fail=$((fail + 1))
	fi
done
echo "series: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
