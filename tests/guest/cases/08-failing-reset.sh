# SPDX-License-Identifier: GPL-2.0
# A reset that fails on release keeps the device from the next owner
# (reset_required=1): opening it fails, saying why, until a reset works.
# The failing reset comes from a test module (tests/kmod/) that stands in
# for the NIC's own, which is unloaded first.
. /tests/lib.sh
skip_unless reset "no native reset on the control kernel"
plan 8
fail=/sys/module/vfio_reset_failtest/parameters/fail
check "$NATIVE_MOD unloads, taking its reset out of the table" rmmod $NATIVE_MOD
check "the test module registers a reset that can fail" \
	modprobe vfio_reset_failtest fail=0
check "vfio-bind gives $DEV to vfio-platform" sh -c "vfio-bind $DEV >/dev/null"

mark_log
vfio-owner open $DEV --hold-ms 1000 &
owner=$!
usleep 300000
echo 1 >$fail
wait $owner
check "an owner opens it (reset works) and releases it (reset fails)" test $? -eq 0
vfio-owner open $DEV >/tmp/refused 2>&1
refused=$?
log_since | grep "$DEV" >/tmp/log
sed 's/^/# /' /tmp/log /tmp/refused
check "the failed reset on release is logged, with the error" \
	grep -q "reset on release: native driver vfio-reset-failtest failed (-5)" /tmp/log
check "the next owner is refused" test $refused -ne 0
check "... and the log says why" \
	grep -q "left unreset by its last owner and cannot be reset (-5): refusing to open it" /tmp/log

echo 0 >$fail
check "once a reset works again, the device opens" vfio-owner open $DEV
finish
