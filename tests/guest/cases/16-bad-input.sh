# SPDX-License-Identifier: GPL-2.0
# Bad input at every interface the series adds or changes, each refused
# with a clear error and nothing lost:
#   - the VFIO device fd: bad indices, SET_IRQS counts and flags, truncated
#     argsz, bad mmaps, then 2000 random ioctls, then a clean handover
#     (tests/vfio_badinput.c);
#   - driver_override, bind and unbind with bad values: the device stays
#     with vfio-platform, and its native driver cannot take it;
#   - module parameters out of range (the test driver's hang_ms, and
#     vfio-platform's read-only reset_required);
#   - a native reset that hangs (waits 1.5 s, then fails as a timed-out
#     poll): the release returns once the callback does, the next owner
#     is refused, and the log names the driver.
# Bad /chosen/linux,vfio-devices entries are dt-cases/chosen.sh (at boot) and
# tests/host/overlay-test.sh (at build time).
. /tests/lib.sh
skip_unless reset "the native reset and the test driver are not built into the control kernel"
plan 17
d=/sys/bus/platform/devices/$DEV
vp=/sys/bus/platform/drivers/vfio-platform
vfio-bind $DEV >/dev/null || exit 1
modprobe $NATIVE_MOD
seed=$RANDOM

vfio-badinput $DEV --fuzz 2000 --seed $seed --traffic-from $TRAFFIC >/tmp/bad 2>&1
rc=$?
indent </tmp/bad
check "the VFIO device fd refuses bad arguments, survives 2000 random ioctls (seed $seed)" \
	test $rc -eq 0

# write VALUE FILE: the write's error message, empty if it worked
write() {
	( echo "$1" >"$2" ) 2>&1 | sed 's/.*: //'
}
long=$(head -c 5000 /dev/zero | tr '\0' x)
err=$(write "$long" $d/driver_override)
echo "# driver_override of 5000 bytes: ${err:-accepted}"
check "driver_override refuses 5000 bytes" test -n "$err"
check "... and still names vfio-platform" \
	test "$(cat $d/driver_override)" = vfio-platform
err=$(write no-such-device $vp/bind)
echo "# vfio-platform bind no-such-device: ${err:-accepted}"
check "vfio-platform refuses to bind a device that does not exist" test -n "$err"
err=$(write no-such-device $vp/unbind)
echo "# vfio-platform unbind no-such-device: ${err:-accepted}"
check "vfio-platform refuses to unbind a device that does not exist" test -n "$err"
err=$(write $DEV $vp/bind)
echo "# vfio-platform bind $DEV again: ${err:-accepted}"
check "vfio-platform refuses to bind $DEV twice" test -n "$err"
echo $DEV >$vp/unbind
err=$(write $DEV /sys/bus/platform/drivers/$NATIVE_DRV/bind)
echo "# $NATIVE_DRV bind $DEV (driver_override vfio-platform): ${err:-accepted}"
check "$NATIVE_DRV cannot take $DEV while driver_override names vfio-platform" \
	test -n "$err" -a "$(driver_of $DEV)" != "$NATIVE_DRV"
echo $DEV >$vp/bind
if [ -n "$PEER" ]; then
	err=$(write $PEER $vp/unbind)
	echo "# vfio-platform unbind $PEER (on $NATIVE_DRV): ${err:-accepted}"
	check "vfio-platform refuses to unbind $PEER, which is not its" \
		test -n "$err" -a "$(driver_of $PEER)" = "$NATIVE_DRV"
else
	check "no second NIC on this board # SKIP" true
fi
drv=$(driver_of $DEV)
check "after all that $DEV is with vfio-platform ($drv) and opens" \
	sh -c "[ $drv = vfio-platform ] && vfio-owner open $DEV"

# The test driver stands in for the native one (as 08-failing-reset).
echo $DEV >$vp/unbind
rmmod $NATIVE_MOD
err=$(modprobe vfio_reset_failtest fail=0 hang_ms=20000 2>&1)
echo "# modprobe vfio_reset_failtest hang_ms=20000: ${err:-loaded}"
check "hang_ms=20000 (over 10000) is refused at load" \
	sh -c "[ -n \"$err\" ] && [ ! -d /sys/module/vfio_reset_failtest ]"
modprobe vfio_reset_failtest fail=0
hang=/sys/module/vfio_reset_failtest/parameters/hang_ms
err=$(write 20000 $hang)
echo "# hang_ms <- 20000: ${err:-accepted}; hang_ms is $(cat $hang)"
check "... and when written, leaving it at 0" \
	test -n "$err" -a "$(cat $hang)" = 0
err=$(write -1 $hang)
check "hang_ms refuses -1" test -n "$err" -a "$(cat $hang)" = 0
err=$(write 0 /sys/module/vfio_platform/parameters/reset_required)
echo "# reset_required <- 0: ${err:-accepted}"
check "vfio-platform's reset_required cannot be changed at run time" \
	test -n "$err" -a "$(cat /sys/module/vfio_platform/parameters/reset_required)" = Y

vfio-bind $DEV >/dev/null
mark_log
mark_resets
vfio-owner open $DEV --then-set $hang 1500
vfio-owner open $DEV >/tmp/refused 2>&1
refused=$?
log_since | grep "$DEV" >/tmp/log
resets_since >/tmp/resets
sed 's/^/# /' /tmp/log /tmp/resets
ns=$(sed -n "s/^$DEV on=release .* ret=-110 ns=\([0-9]*\).*/\1/p" /tmp/resets)
echo "# the release's reset took ${ns:-?} ns"
check "a reset that waits 1.5 s then times out: the release waits for it, and no longer (1.5 to 3 s)" \
	test -n "$ns" -a "${ns:-0}" -ge 1500000000 -a "${ns:-0}" -lt 3000000000
check "... the log names the driver whose reset failed" \
	grep -q "reset on release: native reset by vfio-reset-failtest failed: -ETIMEDOUT" /tmp/log
check "... and the next owner is refused" test $refused -ne 0
echo 0 >$hang
check "once its reset works, the device opens" vfio-owner open $DEV

# Leave the device as found: with vfio-platform and its native reset.
echo $DEV >$vp/unbind
rmmod vfio_reset_failtest
vfio-bind $DEV >/dev/null
finish
