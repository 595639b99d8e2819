# SPDX-License-Identifier: GPL-2.0
# KTAP results for the host-side shell tests (sourced).

n=0 pass=0 fail=0

# check NAME COMMAND...: one KTAP result from a command's exit status
check() {
	local name=$1
	shift
	n=$((n + 1))
	if "$@"; then
		echo "ok $n $name"
		pass=$((pass + 1))
	else
		echo "not ok $n $name"
		fail=$((fail + 1))
	fi
}

# verdict PART: the closing line, and the exit status
verdict() {
	echo "$1: $pass passed, $fail failed"
	[ "$fail" -eq 0 ]
}
