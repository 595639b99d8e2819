# SPDX-License-Identifier: GPL-2.0
# The forked module is a fallback, never a silent one.  With the native
# driver absent (its module file hidden, so the bus's load of the
# device's modalias finds nothing), vfio-platform waits for that load,
# then says the native driver could not be loaded, and upstream's forked
# reset module resets the device.  The choice is made at probe: once the
# native driver is back, the device keeps the forked module until it is
# bound again, and then gets the native driver's quiesce.
. /tests/lib.sh
skip_unless reset "the control kernel has no native quiesce"
skip_unless_board midway "upstream has a vfio-reset module for the XGMAC only"
plan 9
d=/sys/bus/platform/devices/$DEV
ko=$(find /lib/modules -name xgmac.ko)
forked=vfio_platform_calxedaxgmac

# Start from nothing: no driver on the device, no native quiesce anywhere.
[ -e "$d/driver" ] && echo "$DEV" >"$d/driver/unbind"
grep -q "^vfio_reset_failtest " /proc/modules && rmmod vfio_reset_failtest
grep -q "^xgmac " /proc/modules && rmmod xgmac
mv "$ko" /tmp/xgmac.ko

mark_log
mark_resets
check "without the native driver, vfio-platform still takes $DEV" \
	sh -c "vfio-bind $DEV >/dev/null"
log_since | grep "$DEV" >/tmp/log
sed 's/^/# /' /tmp/log
check "... after the bus tried the device's modalias, saying so" \
	grep -q "$DEV: cannot load a module for of:N" /tmp/log
check "... and says it uses the forked module, and why" \
	grep -q "no native quiesce (-ENODEV): using vfio-reset module for calxeda,hb-xgmac" /tmp/log
check "an owner opens and releases it" vfio-owner open $DEV
resets_since >/tmp/resets
sed 's/^/# /' /tmp/resets
check "the forked module resets it" \
	grep -q "^$DEV on=release method=module by=$forked ret=0 " /tmp/resets

mv /tmp/xgmac.ko "$ko"
check "the native driver comes back" modprobe xgmac
echo "$DEV" >"$d/driver/unbind"
mark_resets
check "bound again, $DEV gets the native driver's quiesce" \
	sh -c "vfio-bind $DEV >/dev/null && vfio-owner open $DEV"
resets_since >/tmp/resets
sed 's/^/# /' /tmp/resets
check "and only that" sh -c \
	"grep -q '^$DEV on=open method=native by=calxedaxgmac ret=0 ' /tmp/resets &&
	 ! grep -q 'method=module' /tmp/resets"
check "the forked module is no longer held: it unloads" rmmod $forked
finish
