# SPDX-License-Identifier: GPL-2.0
# reset_required=1 (the default) refuses a device that nothing can reset,
# with a message that says why, and leaves it to its native driver.  Only
# the control kernel has such a device: there, no reset exists for the NIC.
. /tests/lib.sh
skip_unless control "on the reset kernel the NIC has a reset"
plan 4
check "vfio-platform unloads" rmmod vfio-platform
check "vfio-platform reloads with reset_required=1" modprobe vfio-platform
trace_resets
mark_log
vfio-bind $DEV 2>&1 | sed 's/^/# /'
check "vfio-platform refuses $DEV" test "$(driver_of $DEV)" != vfio-platform
msg=$(log_since | grep "No reset function found for device")
echo "# $msg"
check "... saying why" test -n "$msg"
native-bind $DEV >/dev/null
# Leave vfio-platform as 01-setup loaded it, for the cases after this one.
rmmod vfio-platform
modprobe vfio-platform reset_required=0
trace_resets
finish
