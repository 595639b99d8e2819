# SPDX-License-Identifier: GPL-2.0
# The order vfio-platform tries resets in: the native driver's first, then
# a vfio-reset module.  With the native driver absent (its module file
# hidden, so no modalias can load it), upstream's forked reset module for
# the XGMAC takes over; with the native driver back, the native reset wins.
. /tests/lib.sh
skip_unless reset "the control kernel has no reset at all"
skip_unless_board midway "upstream has a vfio-reset module for the XGMAC only"
plan 6
d=/sys/bus/platform/devices/$DEV
ko=$(find /lib/modules -name xgmac.ko)

# Start from nothing: no driver on the device, no native reset anywhere.
[ -e "$d/driver" ] && echo "$DEV" >"$d/driver/unbind"
grep -q "^vfio_reset_failtest " /proc/modules && rmmod vfio_reset_failtest
grep -q "^xgmac " /proc/modules && rmmod xgmac
mv "$ko" /tmp/xgmac.ko

mark_log
check "without the native driver, vfio-platform still takes $DEV" \
	sh -c "vfio-bind $DEV >/dev/null"
check "an owner opens and releases it" vfio-owner open $DEV
log_since | grep "$DEV: VFIO: reset on" >/tmp/log
sed 's/^/# /' /tmp/log
check "the reset module resets it" \
	grep -q "reset on release: reset module vfio-reset:calxeda,hb-xgmac" /tmp/log

mv /tmp/xgmac.ko "$ko"
check "the native driver comes back" modprobe xgmac
mark_log
check "an owner opens and releases it" vfio-owner open $DEV
log_since | grep "$DEV: VFIO: reset on" >/tmp/log
sed 's/^/# /' /tmp/log
check "the native driver's reset comes first" \
	grep -q "reset on release: native driver calxedaxgmac" /tmp/log
finish
