# SPDX-License-Identifier: GPL-2.0
# The native driver's reset is held for as long as vfio-platform has the
# device: its module cannot be unloaded in between (a forked module or no
# reset would stand in), and can be once vfio-platform lets the device go.
# On the control kernel nothing holds it: rmmod works, which shows that
# the check can fail.
. /tests/lib.sh
d=/sys/bus/platform/devices/$DEV
if [ "$VARIANT" = reset ]; then plan 7; else plan 2; fi
vfio-bind $DEV >/dev/null
modprobe $NATIVE_MOD
check "$DEV is with vfio-platform, $NATIVE_MOD is loaded" sh -c \
	"[ '$(driver_of $DEV)' = vfio-platform ] && grep -q '^$NATIVE_MOD ' /proc/modules"
rmmod $NATIVE_MOD >/tmp/rmmod 2>&1
rc=$?
sed 's/^/# /' /tmp/rmmod
if [ "$VARIANT" != reset ]; then
	check "nothing holds $NATIVE_MOD: rmmod works" test $rc -eq 0
	modprobe $NATIVE_MOD
	finish
fi
check "rmmod $NATIVE_MOD is refused while $DEV is with vfio-platform" \
	sh -c "[ $rc -ne 0 ] && grep -q '^$NATIVE_MOD ' /proc/modules"
echo "# /sys/module/$NATIVE_MOD/refcnt: $(cat /sys/module/$NATIVE_MOD/refcnt)"
check "vfio-platform lets $DEV go" sh -c "echo $DEV >$d/driver/unbind"
check "then rmmod $NATIVE_MOD works" rmmod $NATIVE_MOD
mark_resets
check "vfio-bind takes $DEV again, loading $NATIVE_MOD by modalias" sh -c \
	"vfio-bind $DEV >/dev/null && grep -q '^$NATIVE_MOD ' /proc/modules"
check "an owner opens and releases it" vfio-owner open $DEV
resets_since >/tmp/resets
sed 's/^/# /' /tmp/resets
check "both resets were $NATIVE_DRV's and worked" sh -c \
	"[ \$(grep -c '^$DEV on=[a-z]* method=native by=$NATIVE_DRV ret=0 ' /tmp/resets) -eq 2 ]"
finish
