# SPDX-License-Identifier: GPL-2.0
# vfio-platform loaded with async_probe=1 while the native driver's module
# is not loaded, as a new user might.  The probe runs in an async worker,
# where kmod warns about any module load that waits; vfio-platform loads
# nothing itself: the platform bus loads the device's modalias from a
# workqueue, the probe waits (deferred) and runs again once that is done.
# v2 loaded the module from the probe: a WARN in __request_module and no
# VFIO group.
. /tests/lib.sh
skip_unless reset "the control kernel has no native quiesce"
skip_unless_board midway "the XGMAC's native driver is a module here"
plan 6
d=/sys/bus/platform/devices/$DEV

# Nothing bound to the device; neither vfio-platform nor xgmac loaded.
[ -e "$d/driver" ] && echo "$DEV" >"$d/driver/unbind"
grep -q "^vfio_reset_failtest " /proc/modules && rmmod vfio_reset_failtest
grep -q "^xgmac " /proc/modules && rmmod xgmac
rmmod vfio_platform
echo vfio-platform >"$d/driver_override"

mark_log
check "vfio-platform loads with async_probe=1" \
	modprobe vfio-platform async_probe=1
check "... and its asynchronous probe binds $DEV" wait-probe "$DEV"
log_since >/tmp/log
sed 's/^/# /' /tmp/log
check "... to vfio-platform" test "$(driver_of "$DEV")" = vfio-platform
check "the bus loaded the native driver's module" \
	grep -q "^xgmac " /proc/modules
no_reports() { ! kernel_reports </tmp/log; }
check "no kernel report (kmod's WARN for a load from an async probe)" \
	no_reports
trace_resets
mark_resets
opened_native() {
	vfio-owner open "$DEV" &&
		resets_since | grep -q "^$DEV on=open method=native by=calxedaxgmac ret=0 "
}
check "an owner opens it and the native quiesce runs" opened_native
finish
