# SPDX-License-Identifier: GPL-2.0
# native-bind returns the device to its own driver.
. /tests/lib.sh
plan 2
drv=$(native-bind $DEV)
echo "# native-bind $DEV: $drv"
check "native-bind returns $DEV to $NATIVE_DRV" test "$(driver_of $DEV)" = $NATIVE_DRV
check "it has a network interface again" test -d /sys/bus/platform/devices/$DEV/net
finish
