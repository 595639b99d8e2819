# SPDX-License-Identifier: GPL-2.0
# KTAP results for the project's shell tests, on the host (bash) and in
# the guest (busybox sh) alike (sourced): the one place a result line is
# written.
#
#   plan N                     "KTAP version 1" and "1..N"
#   check NAME COMMAND...      a result from COMMAND's exit status
#   result OK NAME [DETAILS]   a result: ok if OK is 1, else DETAILS as
#                              comments, then not ok
#   skip NAME REASON           ok, "# SKIP REASON"
#   plan_last                  "1..N" after the results, for a test that
#                              cannot count them first
#   verdict PART               "PART: N passed, N failed[, N skipped]";
#                              fails if any result failed
#
# Results are numbered from 1 as they come, and counted in KTAP_N,
# KTAP_PASS, KTAP_FAIL and KTAP_SKIP.  ktap_say writes each line: echo, unless the
# caller redefines it (scripts/kernel-env.sh also records them).
KTAP_N=0
KTAP_PASS=0
KTAP_FAIL=0
KTAP_SKIP=0

ktap_say() { echo "$*"; }

plan() {
	ktap_say "KTAP version 1"
	ktap_say "1..$1"
}

result() {
	KTAP_N=$((KTAP_N + 1))
	if [ "$1" = 1 ]; then
		ktap_say "ok $KTAP_N $2"
		KTAP_PASS=$((KTAP_PASS + 1))
	else
		[ -z "${3:-}" ] || ktap_say "$(printf '%s\n' "$3" | sed 's/^/    # /')"
		ktap_say "not ok $KTAP_N $2"
		KTAP_FAIL=$((KTAP_FAIL + 1))
	fi
}

check() {
	local name=$1
	shift
	if "$@"; then result 1 "$name"; else result 0 "$name"; fi
}

skip() {
	KTAP_N=$((KTAP_N + 1))
	KTAP_SKIP=$((KTAP_SKIP + 1))
	ktap_say "ok $KTAP_N $1 # SKIP $2"
}

plan_last() { ktap_say "1..$KTAP_N"; }

verdict() {
	if [ "$KTAP_SKIP" -eq 0 ]; then
		ktap_say "$1: $KTAP_PASS passed, $KTAP_FAIL failed"
	else
		ktap_say "$1: $KTAP_PASS passed, $KTAP_FAIL failed, $KTAP_SKIP skipped"
	fi
	[ "$KTAP_FAIL" -eq 0 ]
}
