# SPDX-License-Identifier: GPL-2.0
# Booted with tests/dts/midway-bad-assign.dtso applied unchecked: the first
# XGMAC's linux,driver-override is a number, the second's names a driver
# that does not take assigned devices.  The kernel refuses both with an
# error naming the node, and leaves both NICs to their native driver, which
# drives them as usual.  (Any kernel splat fails the run in boot-board.py.)
. /tests/lib.sh
skip_unless_board midway "the bad overlay is for midway's two XGMACs"
plan 8
bad_num=fff50000.ethernet
bad_name=fff51000.ethernet
dmesg | grep 'linux,driver-override' | sed 's/^\[[^]]*\] /# /'

has_bad_num() {
	[ -e /sys/bus/platform/devices/$bad_num/of_node/linux,driver-override ] &&
		[ "$(dt_override $bad_num)" != vfio-platform ]
}
logged() {
	dmesg | grep -qE "$1"
}
no_override() {
	[ "$(cat /sys/bus/platform/devices/$bad_num/driver_override)" = "(null)" ] &&
		[ "$(cat /sys/bus/platform/devices/$bad_name/driver_override)" = "(null)" ]
}
both_driven_by() {
	[ "$(driver_of $bad_num)" = "$1" ] && [ "$(driver_of $bad_name)" = "$1" ]
}
both_have_net() {
	[ -d /sys/bus/platform/devices/$bad_num/net ] &&
		[ -d /sys/bus/platform/devices/$bad_name/net ]
}

check "the booted device tree has a malformed value on $bad_num" has_bad_num
check "and an unknown driver on $bad_name" \
	test "$(dt_override $bad_name)" = vfio-platfrom
# (-EILSEQ, or -84 in a kernel without CONFIG_SYMBOLIC_ERRNAME)
check "the kernel says $bad_num's value is not a string" logged \
	"OF: /soc/ethernet@fff50000: linux,driver-override is not a string \((-EILSEQ|-84)\): left to its native driver"
check "the kernel says the driver named for $bad_name takes no assigned device" logged \
	"OF: /soc/ethernet@fff51000: linux,driver-override: \"vfio-platfrom\" is not a driver a device can be assigned to: left to its native driver"
check "neither got a driver_override" no_override
modprobe vfio enable_unsafe_noiommu_mode=1
modprobe vfio-platform
check "vfio-platform takes neither" both_driven_by ""
modprobe $NATIVE_MOD
check "$NATIVE_DRV drives both" both_driven_by $NATIVE_DRV
check "both have their network interface" both_have_net
finish
