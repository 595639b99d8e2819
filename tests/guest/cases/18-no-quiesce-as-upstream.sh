# SPDX-License-Identifier: GPL-2.0
# A device with no native quiesce behaves the same on both kernels: the
# control kernel (CONFIG_VFIO_PLATFORM_NATIVE_QUIESCE off: vfio-platform
# as upstream has it, with the fixes set) and the reset kernel.  The same
# checks, with no per-kernel expectation, on the XGMAC with the modules of
# its native driver and of the forked reset hidden: reset_required=1
# refuses the device at probe with upstream's message, and
# reset_required=0 takes it and opens it with no reset.  (The forked
# module, blacklisted on the control kernel but for the demo, is compared
# by the demo: make demo.)
. /tests/lib.sh
skip_unless_board midway "upstream has a vfio-reset module for the XGMAC only"
plan 5
d=/sys/bus/platform/devices/$DEV
forked=vfio_platform_calxedaxgmac
ko=$(find /lib/modules -name xgmac.ko)
fko=$(find /lib/modules -name "vfio*calxedaxgmac.ko")

# load_vfio_platform ARGS...: vfio-platform anew, with nothing bound to $DEV
load_vfio_platform() {
	[ ! -e "$d/driver" ] || echo "$DEV" >"$d/driver/unbind"
	grep -q "^vfio_platform " /proc/modules && rmmod vfio_platform
	grep -q "^$forked " /proc/modules && rmmod $forked
	modprobe vfio-platform "$@"
	trace_resets
	mark_resets
}
# resets_are LINE...: the resets since the mark, without their time
resets_are() {
	test "$(resets_since | sed 's/ ns=.*//')" = "$(printf '%s\n' "$@")"
}
[ ! -e "$d/driver" ] || echo "$DEV" >"$d/driver/unbind"
grep -q "^vfio_reset_failtest " /proc/modules && rmmod vfio_reset_failtest
grep -q "^xgmac " /proc/modules && rmmod xgmac
mv "$ko" /tmp/xgmac.ko

mv "$fko" /tmp/forked.ko
load_vfio_platform
mark_log
check "with neither module, reset_required=1 refuses $DEV at probe" \
	sh -c "! vfio-bind $DEV >/dev/null 2>&1"
log_since >/tmp/log
sed 's/^/# /' /tmp/log
check "... with upstream's message" \
	grep -q "^vfio-platform $DEV: .*No reset function found for device $DEV\$" /tmp/log
load_vfio_platform reset_required=0
check "reset_required=0 takes $DEV" sh -c "vfio-bind $DEV >/dev/null"
check "... and an owner opens and releases it" vfio-owner open $DEV
check "... with no reset" resets_are \
	"$DEV on=open method=none by=- ret=-19" \
	"$DEV on=release method=none by=- ret=-19"

# as 01-setup left it, for the cases after this one
mv /tmp/forked.ko "$fko"
mv /tmp/xgmac.ko "$ko"
if [ "$VARIANT" = reset ]; then load_vfio_platform; else load_vfio_platform reset_required=0; fi
modprobe xgmac
vfio-bind $DEV >/dev/null
finish
