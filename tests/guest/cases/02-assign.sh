# SPDX-License-Identifier: GPL-2.0
# vfio-bind hands the first XGMAC to vfio-platform.  On the reset kernel,
# vfio-platform loads the native driver by the device's modalias to find
# its reset (the device stays with vfio-platform), and reports the reset
# to userspace; on the control kernel there is none.
. /tests/lib.sh
plan 5
grp=$(vfio-bind $XGMAC0)
echo "# vfio-bind $XGMAC0: $grp"
check "vfio-bind gives $XGMAC0 to vfio-platform" test "$(driver_of $XGMAC0)" = vfio-platform
check "its no-IOMMU group node exists" test -c "$grp"
if [ "$VARIANT" = reset ]; then
	check "vfio-platform loaded xgmac by modalias" grep -q "^xgmac " /proc/modules
else
	check "xgmac loads (for the traffic NIC)" modprobe xgmac
fi
check "calxedaxgmac drives $XGMAC1 (the traffic source)" \
	test "$(driver_of $XGMAC1)" = calxedaxgmac
vfio-owner info $XGMAC0 >/tmp/info
sed 's/^/# /' /tmp/info
if [ "$VARIANT" = reset ]; then
	check "VFIO reports a reset (VFIO_DEVICE_FLAGS_RESET)" grep -q ', reset)' /tmp/info
else
	check "VFIO reports no reset" grep -q '(platform)' /tmp/info
fi
finish
