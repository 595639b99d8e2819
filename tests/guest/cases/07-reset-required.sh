# SPDX-License-Identifier: GPL-2.0
# reset_required=1 (the default) refuses a device that nothing can reset,
# with a message that says why, and leaves it to its native driver.  Only
# the control kernel has such a device: there, no reset exists for XGMACs.
. /tests/lib.sh
skip_unless control "on the reset kernel every XGMAC has a reset"
plan 4
check "vfio-platform unloads" rmmod vfio-platform
check "vfio-platform reloads with reset_required=1" modprobe vfio-platform
mark_log
vfio-bind $XGMAC0 2>&1 | sed 's/^/# /'
check "vfio-platform refuses $XGMAC0" test "$(driver_of $XGMAC0)" != vfio-platform
msg=$(log_since | grep "No reset function found for device")
echo "# $msg"
check "... saying why" test -n "$msg"
native-bind $XGMAC0 >/dev/null
finish
