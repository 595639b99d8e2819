#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Regenerate one kernel's patch series (scripts/make-series.py) and run
# that kernel's checkpatch.pl --strict on every patch, at 80 columns for a
# patch that touches drivers/net (netdev's rule) and at checkpatch's
# default otherwise.  A series whose patches and checkpatch are those of
# the last run that passed is not checked again: its results are printed,
# marked as such.  KTAP, one result per patch, then
# "KERNEL-series: N passed, N failed".

set -uo pipefail

. "$(dirname "$0")/kernel-env.sh"
dest=$kout/series
name=$kernel-series
mkdir -p "$kout"

if ! python3 "$top/scripts/make-series.py" --kernel "$kernel" "$dest" \
	>"$kout/make-series.log" 2>&1; then
	cat "$kout/make-series.log"
	echo "$name: 0 passed, 1 failed"
	exit 1
fi

patches=("$dest"/*.patch)
key=$(cat "${patches[@]}" "$kout/linux/scripts/checkpatch.pl" \
	"$kout/linux/scripts/spelling.txt" "$0" | sha256sum | cut -d' ' -f1)
passed=$kout/series.passed
results_replay "$passed" "$key" && exit 0
results_begin "$passed" "$key"

say "KTAP version 1"
say "1..${#patches[@]}"
n=0 pass=0 fail=0
for p in "${patches[@]}"; do
	n=$((n + 1))
	# UNKNOWN_COMMIT_ID needs the kernel's git history, which Debian's
	# source package does not have: the ids a patch cites (Fixes:, "commit
	# ...") are checked by hand against mainline instead.
	opts=(--strict --color=never --ignore UNKNOWN_COMMIT_ID)
	cols=
	if grep -q '^+++ b/drivers/net/' "$p"; then
		opts+=(--max-line-length=80)
		cols=", 80 columns"
	fi
	# GIT_DIR: the tree is no kernel git repository, and git would
	# otherwise find this project's and look the Fixes: ids up there.
	res=$(cd "$kout/linux" && GIT_DIR=/nonexistent perl scripts/checkpatch.pl "${opts[@]}" "$p" 2>&1)
	if [ $? -eq 0 ] && grep -q "total: 0 errors, 0 warnings, 0 checks" <<<"$res"; then
		say "ok $n checkpatch --strict$cols $(basename "$p")"
		pass=$((pass + 1))
	else
		say "$(sed 's/^/    # /' <<<"$res")"
		say "not ok $n checkpatch --strict$cols $(basename "$p")"
		fail=$((fail + 1))
	fi
done
say "$name: $pass passed, $fail failed"
results_end "$passed" "$fail"
[ "$fail" -eq 0 ]
