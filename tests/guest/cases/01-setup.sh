# SPDX-License-Identifier: GPL-2.0
# The board, the debug kernel, the device tree's assignment and the VFIO
# modules.  The board booted its DTB with its boards/BOARD/overlay.dtso,
# which lists DEV in /chosen/linux,vfio-devices as board.conf's CHOSEN
# (by path on Midway, by alias on the Orange Pi PC): the kernel made
# vfio-platform the device's driver_override when it created it, so
# nothing has driven it.  On the
# control kernel nothing can reset the NIC, so vfio-platform needs
# reset_required=0 to accept it; on the reset kernel it keeps its default, 1.
. /tests/lib.sh
plan 10
echo "# board: $BOARD, kernel: $VARIANT"
check "the board's NICs are on the platform bus ($DEV${PEER:+ $PEER})" \
	test -e /sys/bus/platform/devices/$DEV -a \
	-e /sys/bus/platform/devices/${PEER:-$DEV}
check "lockdep is running" grep -q "debug_locks: *1" /proc/lockdep_stats
node=$(of_path $DEV)
echo "# /chosen/linux,vfio-devices: $(vfio_devices | tr '\n' ' ')"
echo "# $DEV ($node): driver_override $(cat /sys/bus/platform/devices/$DEV/driver_override)"
check "the booted device tree's /chosen lists $DEV, as \"$CHOSEN\"" \
	test "$(vfio_devices)" = "$CHOSEN"
check "the kernel made vfio-platform $DEV's driver_override at boot" \
	test "$(cat /sys/bus/platform/devices/$DEV/driver_override)" = vfio-platform
check "and said so in its log, naming $node and the entry" \
	sh -c "dmesg | grep -q 'OF: $node: assigned to vfio-platform by /chosen/linux,vfio-devices entry 0\$'"
unclaimed() {
	[ ! -e /sys/bus/platform/devices/$DEV/driver ] &&
		! grep -q "^$NATIVE_MOD " /proc/modules
}
check "$DEV has no driver yet, and no native driver is loaded ($NATIVE_MOD)" unclaimed
check "vfio loads in no-IOMMU mode" modprobe vfio enable_unsafe_noiommu_mode=1
if [ "$VARIANT" = reset ]; then
	check "vfio-platform loads (reset_required=1, its default)" modprobe vfio-platform
else
	check "vfio-platform loads with reset_required=0" modprobe vfio-platform reset_required=0
fi
# (its probe may wait for the native driver's module)
wait-probe $DEV
check "vfio-platform took $DEV as it loaded, with no sysfs step" \
	test "$(driver_of $DEV)" = vfio-platform
check "vfio-platform's reset tracepoint is on" trace_resets
finish
