# SPDX-License-Identifier: GPL-2.0
# The forked module is a fallback, never a silent one.  With the native
# driver absent (its module file hidden, so no modalias can load it),
# upstream's forked reset module for the XGMAC resets the device, and
# vfio-platform says so.  Once the native driver is back, the next open
# takes its reset and lets the forked module go.
. /tests/lib.sh
skip_unless reset "the control kernel has no native reset"
skip_unless_board midway "upstream has a vfio-reset module for the XGMAC only"
plan 8
d=/sys/bus/platform/devices/$DEV
ko=$(find /lib/modules -name xgmac.ko)
forked=vfio_platform_calxedaxgmac

# Start from nothing: no driver on the device, no native reset anywhere.
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
check "... and says it uses the forked module, and why" \
	grep -q "no native driver reset (-ENODEV): using vfio-reset module for calxeda,hb-xgmac" /tmp/log
check "an owner opens and releases it" vfio-owner open $DEV
resets_since >/tmp/resets
sed 's/^/# /' /tmp/resets
check "the forked module resets it" \
	grep -q "^$DEV on=release method=module by=$forked ret=0 " /tmp/resets

mv /tmp/xgmac.ko "$ko"
check "the native driver comes back" modprobe xgmac
mark_log
mark_resets
check "an owner opens and releases it" vfio-owner open $DEV
resets_since >/tmp/resets
log_since | grep "$DEV" >/tmp/log
sed 's/^/# /' /tmp/resets /tmp/log
check "from that open on, the native driver's reset is used" sh -c \
	"grep -q '^$DEV on=open method=native by=calxedaxgmac ret=0 ' /tmp/resets &&
	 ! grep -q 'method=module' /tmp/resets &&
	 grep -q \"native driver calxedaxgmac's reset replaces vfio-reset module $forked\" /tmp/log"
check "and the forked module is no longer held: it unloads" rmmod $forked
finish
