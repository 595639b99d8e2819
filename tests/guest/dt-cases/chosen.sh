# SPDX-License-Identifier: GPL-2.0
# Booted with tests/dts/midway-chosen-cases.dtso applied unchecked: every
# case of /chosen/linux,vfio-devices at once (see that file).  The kernel
# logs each case once, naming the entry; every device an entry identifies
# (even a malformed one) is kept from its native driver, also before any
# VFIO driver is loaded and when the kernel lacks one (the control kernel
# has no vfio-amba); vfio-amba takes the RTC as it loads (upstream's
# vfio-amba requires no reset); the first XGMAC, which the list does not name, goes
# to calxedaxgmac.  On kernels with tests/kmod/, an overlay applied at run
# time (tests/dts/midway-runtime.dtso) adds a device the list names, which
# its stand-in native driver never probes, one it does not name, which it
# probes, and a list naming the first XGMAC, which exists already: an
# error.  (Any kernel splat fails the run in boot-board.py.)
. /tests/lib.sh
skip_unless_board midway "the list names midway's devices"
L=/chosen/linux,vfio-devices
xg0=fff50000.ethernet
xg1=fff51000.ethernet
rtc=fff35000.rtc
sata=ffe08000.sata
amba_built=
[ -n "$(find /lib/modules -name vfio-amba.ko)" ] && amba_built=1
runtime_ko=$(find /lib/modules -name vfiotest_overlay.ko)
if [ -n "$amba_built" ]; then plan 28; else plan 29; fi

dmesg | grep -F 'linux,vfio-devices' | sed 's/^\[[^]]*\] //' >/tmp/chosen.log
sed 's/^/# /' /tmp/chosen.log
# logged TEXT: the boot log has exactly one line with TEXT
logged() {
	[ "$(grep -cF -- "$1" /tmp/chosen.log)" = 1 ]
}
override() {
	cat "/sys/bus/$1/devices/$2/driver_override" 2>/dev/null
}
driver_on() {
	l=$(readlink "/sys/bus/$1/devices/$2/driver" 2>/dev/null) && basename "$l"
}

check "the booted /chosen has the 11 entries of midway-chosen-cases.dtso" \
	test "$(vfio_devices | awk 'END { print NR }')" = 11
check "entry 0 (options) is malformed but still assigns $xg1, logged so" logged \
	"OF: /soc/ethernet@fff51000: $L entry 0 \"/soc/ethernet@fff51000:rx\" is malformed (options after ':' are not allowed): assigned to vfio-platform all the same"
check "$xg1's driver_override is vfio-platform" \
	test "$(override platform $xg1)" = vfio-platform
check "entry 1 assigns the AMBA RTC to vfio-amba" logged \
	"OF: /soc/rtc@fff35000: assigned to vfio-amba by $L entry 1"
check "$rtc's driver_override is vfio-amba" test "$(override amba $rtc)" = vfio-amba
check "entry 2 (a trailing '/') is malformed but still assigns $sata" logged \
	"OF: /soc/sata@ffe08000: $L entry 2 \"/soc/sata@ffe08000/\" is malformed (a path does not end in '/'): assigned to vfio-platform all the same"
check "$sata's driver_override is vfio-platform" \
	test "$(override platform $sata)" = vfio-platform
check "entry 3, a path to no node, is an error" logged \
	"OF: $L entry 3 \"/soc/ethernet@fff52000\" names no device: no node has that path or alias"
check "entry 4, an alias that does not exist, is an error" logged \
	"OF: $L entry 4 \"ethernet1\" names no device"
check "entry 5, a disabled node, is an error" logged \
	"OF: $L entry 5 \"/soc/gpio@fff30000\" names /soc/gpio@fff30000, which is disabled: no device to assign"
check "entry 6, a node no tree has yet, is an error at boot" logged \
	"OF: $L entry 6 \"/soc/vfiotest@fff3f000\" names no device"
check "entry 7, empty, is an error" logged "OF: $L entry 7 is empty: it names no device"
check "entry 8, entry 0's device again, is a warning" logged \
	"OF: $L entry 8 \"/soc/ethernet@fff51000\" names /soc/ethernet@fff51000, as entry 0 does"
check "entry 9, a byte that is not printable, is not a string" logged \
	"OF: $L entry 9 (at byte 163) is not a string: it names no device"
check "entry 10, unterminated, is not a string" logged \
	"OF: $L entry 10 (at byte 166) is not a string: it names no device"
if [ -n "$amba_built" ]; then
	n=11
else
	n=12
	check "this kernel has no vfio-amba: it says $rtc stays without a driver" logged \
		"OF: /soc/rtc@fff35000: $L entry 1: vfio-amba is not built in this kernel: the device stays without a driver"
fi
check "nothing else about the list: $n lines, each case once, none for $xg0" \
	test "$(wc -l </tmp/chosen.log)" = $n

modprobe xgmac
modprobe rtc-pl031
check "calxedaxgmac drives $xg0, which the list does not name" \
	test "$(driver_on platform $xg0)" = calxedaxgmac
check "but not $xg1, though no VFIO driver is loaded yet" \
	test -z "$(driver_on platform $xg1)"
check "rtc-pl031 does not take $rtc" test -z "$(driver_on amba $rtc)"

modprobe vfio enable_unsafe_noiommu_mode=1
if [ "$VARIANT" = reset ]; then
	modprobe vfio-platform
	check "vfio-platform takes $xg1 (with the XGMAC's native reset)" \
		test "$(driver_on platform $xg1)" = vfio-platform
	check "and refuses $sata, which has no reset: it stays without a driver" \
		sh -c "! wait-probe $sata"
else
	modprobe vfio-platform reset_required=0
	check "vfio-platform (reset_required=0) takes $xg1" \
		test "$(driver_on platform $xg1)" = vfio-platform
	check "and $sata" test "$(driver_on platform $sata)" = vfio-platform
fi
amba_group() {
	[ "$(driver_on amba $rtc)" = vfio-amba ] &&
		[ -e /sys/bus/amba/devices/$rtc/iommu_group ]
}
if [ -n "$amba_built" ]; then
	# upstream's vfio-amba requires no reset (it has no reset_required)
	modprobe vfio-amba
	check "vfio-amba takes $rtc, in a no-IOMMU group (it requires no reset)" amba_group
else
	no_amba() {
		! modprobe vfio-amba 2>/dev/null && [ -z "$(driver_on amba $rtc)" ]
	}
	check "there is no vfio-amba to load, and $rtc still has no driver" no_amba
fi

runtime_cases="a runtime overlay's device the list names is not probed by its native driver
one the list does not name is
the kernel logged the assignment
and an error for the runtime list's entry naming $xg0, which exists already
$xg0 is still calxedaxgmac's
removing the overlay removes both devices"
if [ -z "$runtime_ko" ]; then
	while read -r t; do
		skip "$t" "no tests/kmod on the $VARIANT kernel"
	done <<E
$runtime_cases
E
	finish
fi
mark_log
insmod "$runtime_ko"
log_since | grep -F -e vfiotest -e 'linux,vfio-devices' | sed 's/^/# /'
not_probed() {
	[ "$(override platform fff3f000.vfiotest)" = vfio-platform ] &&
		[ "$(driver_on platform fff3f000.vfiotest)" != vfiotest-native ] &&
		! log_since | grep -q 'fff3f000.vfiotest: probed'
}
probed() {
	[ "$(cat /sys/module/vfiotest_overlay/parameters/probes)" = 1 ] &&
		[ "$(driver_on platform fff3e000.vfiotest)" = vfiotest-native ]
}
since() {
	log_since | grep -qF -- "$1"
}
check "a runtime overlay's device the list names is not probed by its native driver" not_probed
check "one the list does not name is" probed
check "the kernel logged the assignment" since \
	"OF: /soc/vfiotest@fff3f000: assigned to vfio-platform by $L entry 0"
check "and an error for the runtime list's entry naming $xg0, which exists already" since \
	"OF: $L entry 1 \"/soc/ethernet@fff50000\": $xg0 was created before the list named it: not assigned"
check "$xg0 is still calxedaxgmac's" test "$(driver_on platform $xg0)" = calxedaxgmac
rmmod vfiotest_overlay
check "removing the overlay removes both devices" \
	test ! -e /sys/bus/platform/devices/fff3f000.vfiotest -a \
	! -e /sys/bus/platform/devices/fff3e000.vfiotest
finish
