# SPDX-License-Identifier: GPL-2.0
# The board, the debug kernel and the VFIO modules.  On the control kernel
# nothing can reset the NIC, so vfio-platform needs reset_required=0 to
# accept it; on the reset kernel it keeps its default, 1.
. /tests/lib.sh
plan 5
echo "# board: $BOARD, kernel: $VARIANT"
check "the board's NICs are on the platform bus ($DEV${PEER:+ $PEER})" \
	test -e /sys/bus/platform/devices/$DEV -a \
	-e /sys/bus/platform/devices/${PEER:-$DEV}
check "lockdep is running" grep -q "debug_locks: *1" /proc/lockdep_stats
check "vfio loads in no-IOMMU mode" modprobe vfio enable_unsafe_noiommu_mode=1
if [ "$VARIANT" = reset ]; then
	check "vfio-platform loads (reset_required=1, its default)" modprobe vfio-platform
else
	check "vfio-platform loads with reset_required=0" modprobe vfio-platform reset_required=0
fi
check "no native driver is loaded yet ($NATIVE_MOD)" \
	sh -c "! grep -q '^$NATIVE_MOD ' /proc/modules"
finish
