# SPDX-License-Identifier: GPL-2.0
# Shared helpers for the test cases (sourced).

# The board, and its devices, from its boards/NAME/board.conf (the
# initramfs has every board's as /tests/boards/NAME.conf):
#   DEV         the NIC the tests assign to vfio-platform
#   PEER        a second NIC that stays on its native driver and sends
#               DEV traffic, if the board has one
#   TRAFFIC     where the scenario's frames come from: PEER, or the host
#               (scripts/boot-board.py sends them on request)
#   NATIVE_MOD, NATIVE_DRV  DEV's native driver: module and driver name
BOARD=$(sed -n 's/.*vfiotest\.board=\([^ ]*\).*/\1/p' /proc/cmdline)
if ! [ -f "/tests/boards/$BOARD.conf" ]; then
	echo "vfiotest: no board '$BOARD' in /tests/boards (vfiotest.board=)" >&2
	exit 1
fi
. "/tests/boards/$BOARD.conf"
[ "$TRAFFIC" = host ] || TRAFFIC=$PEER

# The kernel under test: reset (CONFIG_VFIO_PLATFORM_NATIVE_QUIESCE=y) or control.
# The debug kernel is the reset kernel with sanitizers (KASAN, kmemleak,
# debugobjects): the cases see VARIANT=reset and DEBUG=1.
VARIANT=$(sed -n 's/.*vfiotest\.variant=\([^ ]*\).*/\1/p' /proc/cmdline)
DEBUG=
if [ "$VARIANT" = debug ]; then
	VARIANT=reset
	DEBUG=1
fi
# FORKED=1: upstream's forked reset module may load (on the control
# kernel it is blacklisted otherwise, scripts/boot-board.py --forked)
FORKED=$(sed -n 's/.*vfiotest\.forked=\([^ ]*\).*/\1/p' /proc/cmdline)

# KTAP results: plan, check, result, skip (tests/ktap.sh)
. /tests/ktap.sh

# finish: exit status of the case
finish() {
	[ "$KTAP_FAIL" -eq 0 ]
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

# skip_unless_board BOARD REASON: this case is for one board only
skip_unless_board() {
	if [ "$BOARD" != "$1" ]; then
		echo "# SKIP: $2 (only on $1)"
		exit 4
	fi
}

# vfio_devices: /chosen/linux,vfio-devices in the booted device tree, one
# entry a line (a byte that is not printable shown as "?")
vfio_devices() {
	f=/proc/device-tree/chosen/linux,vfio-devices
	[ -e "$f" ] && tr '\0\001-\037\177-\377' '\n?' <"$f"
}

# of_path DEVICE: the device-tree node of DEVICE (a /sys/bus/*/devices name)
of_path() {
	n=$(readlink -f /sys/bus/*/devices/$1/of_node 2>/dev/null)
	echo "${n#/sys/firmware/devicetree/base}"
}

# kernel_reports: the lines of stdin that are kernel reports (oops, WARN,
# BUG, KASAN, debugobjects, UBSAN, lockdep, hung task, kmemleak): the
# expressions of tests/kernel-reports, the table the host's verdict reads
kernel_reports() {
	if [ ! -s /tests/kernel-reports.re ]; then
		# a line, so that every caller counts it and fails
		echo "kernel_reports: no /tests/kernel-reports.re: reports would go unseen"
		return
	fi
	grep -E -f /tests/kernel-reports.re
}

# kmemleak_clear: forget the objects allocated so far (debug kernel)
# kmemleak_leaks: scan, then print the unreferenced objects found since
# boot or the last kmemleak_clear.  kmemleak reports no object younger
# than 5 s (its minimum age), so the scan waits that long first: what the
# last seconds allocated is old enough by then.
KMEMLEAK=/sys/kernel/debug/kmemleak
kmemleak_clear() {
	echo clear >$KMEMLEAK
}
kmemleak_leaks() {
	sleep 5
	echo scan >$KMEMLEAK || return 1
	cat $KMEMLEAK
}

# mark_log: put a mark in the kernel log (at debug level: not on the
# console); log_since: what came after it.  Should the log have wrapped
# past the mark, log_since says so and prints all there is: nothing a
# case looks for is lost, at worst older lines come too.
_marks=0
mark_log() {
	_marks=$((_marks + 1))
	_mark="vfiotest: mark $$.$_marks"
	echo "<7>$_mark" >/dev/kmsg
}
log_since() {
	dmesg | sed 's/^\[[^]]*\] //' | awk -v m="$_mark" '
		found { print; next }
		$0 == m { found = 1; next }
		{ all[n++] = $0 }
		END {
			if (found) exit
			print "# the kernel log wrapped since the mark: all of it"
			for (i = 0; i < n; i++) print all[i]
		}'
}

# kunit_module MODULE SUITE: load a KUnit test module, print its KTAP
# (nested under the case's own one-test plan), unload it; succeeds when
# suite SUITE passed and nothing failed
kunit_module() {
	plan 1
	mark_log
	modprobe "$1" || return 1
	log_since | sed -n '/KTAP version/,$p' >/tmp/kunit
	rmmod "$1"
	cat /tmp/kunit
	grep -qx "ok [0-9]* $2" /tmp/kunit && ! grep -q "not ok" /tmp/kunit
}

# vfio-platform's resets, as its tracepoint reports them:
#   DEV on=release method=native by=calxedaxgmac ret=0 ns=83184
# trace_resets: turn the tracepoint on (again after vfio-platform-base
# is loaded anew); mark_resets: remember how many there were;
# resets_since: those after the mark, one a line
TRACEFS=/sys/kernel/tracing
trace_resets() {
	echo 1 >$TRACEFS/events/vfio_platform/vfio_platform_reset/enable
}

mark_resets() {
	_rmark=$(grep -c ' vfio_platform_reset: ' $TRACEFS/trace)
}

resets_since() {
	grep ' vfio_platform_reset: ' $TRACEFS/trace |
		tail -n +$((${_rmark:-0} + 1)) | sed 's/.* vfio_platform_reset: //'
}
