#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What `make test` boots: the runs of $TEST_RUNS (KERNEL:BOARD:VARIANT
# words) whose kernel is in $KERNELS, board in $BOARDS and variant in
# $VARIANTS, one "KERNEL BOARD VARIANT" line each, in order.
#   test-plan.sh            the runs
#   test-plan.sh kernels    the kernels they use
#   test-plan.sh variants K the variants kernel K needs built: those it
#                           boots, and reset (the chosen-DT run, and the
#                           objects the control kernel and the series'
#                           prefixes start from)
#   test-plan.sh builds     what to build for them, "KERNEL ARCH VARIANT"
#                           a line: for each kernel and each architecture
#                           of the boards it boots (board.conf's ARCH),
#                           reset first, then the variants booted there
set -euo pipefail

has() { case " $2 " in *" $1 "*) return 0 ;; esac; return 1; }

runs() {
	local r k b v
	for r in ${TEST_RUNS:?}; do
		IFS=: read -r k b v <<<"$r"
		[ -n "$v" ] || { echo "test-plan: bad run '$r' (KERNEL:BOARD:VARIANT)" >&2; exit 2; }
		has "$k" "${KERNELS:?}" && has "$b" "${BOARDS:?}" && has "$v" "${VARIANTS:?}" &&
			echo "$k $b $v"
	done
	return 0
}

# the runs with each board's architecture: "KERNEL BOARD VARIANT ARCH"
runs_arch() {
	local k b v
	runs | while read -r k b v; do
		echo "$k $b $v $(python3 "$(dirname "$0")/boards.py" get "$b" ARCH)"
	done
}

case "${1:-}" in
'') runs ;;
builds)
	runs_arch | awk '
		!(($1 " " $4) in group) { group[$1 " " $4] = $1 " " $4 " reset"; order[n++] = $1 " " $4 }
		$3 != "reset" && !seen[$1 " " $4 " " $3]++ { group[$1 " " $4] = group[$1 " " $4] "\n" $1 " " $4 " " $3 }
		END { for (i = 0; i < n; i++) print group[order[i]] }'
	;;
kernels) runs | awk '!seen[$1]++ { print $1 }' ;;
variants)
	echo reset
	runs | awk -v k="${2:?}" '$1 == k && $3 != "reset" && !seen[$3]++ { print $3 }'
	;;
*) echo "usage: test-plan.sh [kernels | variants KERNEL | builds]" >&2; exit 2 ;;
esac
