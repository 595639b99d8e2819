# SPDX-License-Identifier: GPL-2.0
# Every reset is traced (vfio_platform:vfio_platform_reset: the device,
# what asked for it, the method, whose reset, the result, the time), and
# a reset that works is not a line in the kernel log.
. /tests/lib.sh
skip_unless reset "no native reset on the control kernel"
plan 4
_rmark=0
resets_since | grep "^$DEV " >/tmp/resets
sed 's/^/# /' /tmp/resets
# every_reset WHY: at least one reset on WHY, each by the native driver
every_reset() {
	grep -q " on=$1 " /tmp/resets &&
		! grep " on=$1 " /tmp/resets |
			grep -qv "^$DEV on=$1 method=native by=$NATIVE_DRV ret=0 ns=[0-9]*$"
}
check "every release (the one after SIGKILL too) was reset by $NATIVE_DRV ($(grep -c ' on=release ' /tmp/resets))" \
	every_reset release
check "so was every open ($(grep -c ' on=open ' /tmp/resets))" every_reset open
check "no reset failed" sh -c '! grep -qv " ret=0 " /tmp/resets'
check "no reset that worked is in the kernel log" \
	sh -c "! dmesg | grep -q '$DEV: VFIO: reset on'"
finish
