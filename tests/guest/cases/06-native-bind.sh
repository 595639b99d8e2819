# SPDX-License-Identifier: GPL-2.0
# native-bind returns the device to its own driver.
. /tests/lib.sh
plan 2
drv=$(native-bind $XGMAC0)
echo "# native-bind $XGMAC0: $drv"
check "native-bind returns $XGMAC0 to calxedaxgmac" test "$(driver_of $XGMAC0)" = calxedaxgmac
check "it has a network interface again" test -d /sys/bus/platform/devices/$XGMAC0/net
finish
