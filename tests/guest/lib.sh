# SPDX-License-Identifier: GPL-2.0
# Shared helpers for the test cases (sourced).

# The boards' devices
XGMAC0=fff50000.ethernet	# assigned to vfio-platform
XGMAC1=fff51000.ethernet	# stays on its native driver, sends traffic

# The kernel under test: reset (CONFIG_VFIO_NATIVE_RESET=y) or control
VARIANT=$(sed -n 's/.*vfiotest\.variant=\([^ ]*\).*/\1/p' /proc/cmdline)

_t=0
_fail=0

# plan N: start a KTAP document with N tests
plan() {
	echo "KTAP version 1"
	echo "1..$1"
}

# check NAME COMMAND...: one KTAP result from a command's exit status
check() {
	name=$1
	shift
	_t=$((_t + 1))
	if "$@"; then
		echo "ok $_t $name"
	else
		echo "not ok $_t $name"
		_fail=$((_fail + 1))
	fi
}

# finish: exit status of the case
finish() {
	[ "$_fail" -eq 0 ]
	exit $?
}

driver_of() {
	l=$(readlink "/sys/bus/platform/devices/$1/driver" 2>/dev/null) &&
		basename "$l"
}

# skip_unless VARIANT REASON: this case is for one kernel only
skip_unless() {
	if [ "$VARIANT" != "$1" ]; then
		echo "# SKIP: $2 (only on the $1 kernel)"
		exit 4
	fi
}

# mark_log: remember where the kernel log ends; log_since: what came after
mark_log() {
	_mark=$(dmesg | wc -l)
}

log_since() {
	dmesg | tail -n +$((_mark + 1)) | sed 's/^\[[^]]*\] //'
}
