# SPDX-License-Identifier: GPL-2.0
# The board, the debug kernel and the modules the scenario needs.
. /tests/lib.sh
plan 6
check "both XGMACs are on the platform bus" \
	test -e /sys/bus/platform/devices/$XGMAC0 -a -e /sys/bus/platform/devices/$XGMAC1
check "lockdep is running" grep -q "debug_locks: *1" /proc/lockdep_stats
check "vfio loads in no-IOMMU mode" modprobe vfio enable_unsafe_noiommu_mode=1
check "vfio-platform loads with reset_required=0" modprobe vfio-platform reset_required=0
check "xgmac (the native driver) loads" modprobe xgmac
check "calxedaxgmac drives $XGMAC1" test "$(driver_of $XGMAC1)" = calxedaxgmac
finish
