# SPDX-License-Identifier: GPL-2.0
# The device tree gave the NIC to vfio-platform (01-setup); vfio-bind,
# which does the same through sysfs, finds it there and names its group.
# On the reset kernel, vfio-platform loaded the native driver by the
# device's modalias to find its reset (the device stays with
# vfio-platform), and reports the reset to userspace; on the control
# kernel there is none.
. /tests/lib.sh
if [ -n "$PEER" ]; then plan 6; else plan 5; fi
grp=$(vfio-bind $DEV)
echo "# vfio-bind $DEV: $grp"
check "vfio-bind gives $DEV to vfio-platform" test "$(driver_of $DEV)" = vfio-platform
check "its no-IOMMU group node exists" test -c "$grp"
if [ "$VARIANT" = reset ]; then
	check "vfio-platform loaded $NATIVE_MOD by modalias" \
		grep -q "^$NATIVE_MOD " /proc/modules
else
	check "$NATIVE_MOD loads" modprobe $NATIVE_MOD
fi
check "$DEV stays with vfio-platform with $NATIVE_MOD loaded" \
	test "$(driver_of $DEV)" = vfio-platform
if [ -n "$PEER" ]; then
	check "$NATIVE_DRV drives $PEER (the traffic source)" \
		test "$(driver_of $PEER)" = $NATIVE_DRV
fi
vfio-owner info $DEV >/tmp/info
sed 's/^/# /' /tmp/info
if [ "$VARIANT" = reset ]; then
	check "VFIO reports a reset (VFIO_DEVICE_FLAGS_RESET)" grep -q ', reset)' /tmp/info
else
	check "VFIO reports no reset" grep -q '(platform)' /tmp/info
fi
finish
