# SPDX-License-Identifier: GPL-2.0
# A reset that fails on release keeps the device from the next owner
# (reset_required=1): opening it fails, saying why, until a reset works.
# The failing reset comes from a test driver (tests/kmod/) that stands in
# for the NIC's own, which is unloaded first: it can be once no driver
# has the device (with vfio-platform, the native reset is held).
. /tests/lib.sh
skip_unless reset "no native reset on the control kernel"
plan 9
d=/sys/bus/platform/devices/$DEV
fail=/sys/module/vfio_reset_failtest/parameters/fail
check "$DEV's driver ($(driver_of $DEV)) lets it go" \
	sh -c "echo $DEV >$d/driver/unbind"
check "then $NATIVE_MOD unloads" rmmod $NATIVE_MOD
check "the test driver offers a reset that can fail" \
	modprobe vfio_reset_failtest fail=0
check "vfio-bind gives $DEV back to vfio-platform" sh -c "vfio-bind $DEV >/dev/null"

mark_log
mark_resets
vfio-owner open $DEV --then-set $fail 1
check "an owner opens it (reset works) and releases it (reset fails)" test $? -eq 0
vfio-owner open $DEV >/tmp/refused 2>&1
refused=$?
log_since | grep "$DEV" >/tmp/log
resets_since >/tmp/resets
sed 's/^/# /' /tmp/log /tmp/refused /tmp/resets
check "the failed reset on release is traced, with the error" \
	grep -q "^$DEV on=release method=native by=vfio-reset-failtest ret=-5 " /tmp/resets
check "... and logged, naming whose reset failed" \
	grep -q "reset on release: native reset by vfio-reset-failtest failed: -EIO" /tmp/log
check "the next owner is refused, and the log says why" sh -c \
	"[ $refused -ne 0 ] && grep -q 'refusing to open it: reset_required is set and its reset failed (-EIO)' /tmp/log"

echo 0 >$fail
check "once a reset works again, the device opens" vfio-owner open $DEV

# Leave the device as found: with vfio-platform and its native reset.
echo $DEV >$d/driver/unbind
rmmod vfio_reset_failtest
vfio-bind $DEV >/dev/null
finish
