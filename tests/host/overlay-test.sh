#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# scripts/apply-overlay.py on the boards' DTBs (built by make kernel, of
# KERNEL: 6.12 unless said otherwise): the
# overlays of dts/ apply and assign the device they name, and bad overlays
# are refused at build time with an error naming the problem, writing
# nothing and leaving the base DTB as it was.  KTAP, then
# "overlay: N passed, N failed".

set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${OUT:-$top/build}
kout=$out/${KERNEL:-6.12}
dtbs=$kout/obj-reset/arch/arm/boot/dts
apply="python3 $top/scripts/apply-overlay.py"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

. "$top/tests/host/ktap.sh"

plan=$(python3 "$top/scripts/boot-board.py" --dtb-plan --tree "$kout/linux" 2>/dev/null)
midway=$dtbs/$(awk '$1 ~ /ecx-2000/ { print $1 }' <<<"$plan")
opi=$dtbs/$(awk '$1 ~ /orangepi-pc/ { print $1 }' <<<"$plan")
if [ ! -f "$midway" ] || [ ! -f "$opi" ]; then
	echo "overlay-test: error: no board DTBs in $dtbs (make kernel first)" >&2
	echo "overlay: 0 passed, 1 failed"
	exit 1
fi
sum_before=$(md5sum "$midway" "$opi")

# refused OVERLAY BASE PATTERN: exits 1, says PATTERN, writes no output
refused() {
	local o=$work/refused.dtb
	rm -f "$o"
	$apply "$2" "$1" "$o" >"$work/msg" 2>&1
	local rc=$?
	sed 's/^/# /' "$work/msg"
	[ "$rc" -eq 1 ] && grep -qF -- "$3" "$work/msg" && [ ! -e "$o" ]
}

# assigns MERGED NODE: NODE has linux,driver-override = "vfio-platform"
assigns() {
	[ "$(fdtget -t s "$1" "$2" linux,driver-override 2>/dev/null)" = vfio-platform ]
}
unassigned() {
	! fdtget "$1" "$2" linux,driver-override >/dev/null 2>&1
}

echo "KTAP version 1"
echo "1..13"
$apply "$midway" "$top/dts/midway-vfio-xgmac0.dtso" "$work/m.dtb" | sed 's/^/# /'
check "dts/midway-vfio-xgmac0.dtso assigns midway's first XGMAC" \
	assigns "$work/m.dtb" /soc/ethernet@fff50000
check "and leaves the second to its native driver" \
	unassigned "$work/m.dtb" /soc/ethernet@fff51000
$apply "$opi" "$top/dts/orangepi-pc-vfio-emac.dtso" "$work/o.dtb" | sed 's/^/# /'
check "dts/orangepi-pc-vfio-emac.dtso assigns the Orange Pi PC's EMAC" \
	assigns "$work/o.dtb" /soc/ethernet@1c30000
# only_added BASE MERGED: the one difference is the property, added
only_added() {
	diff <(dtc -q -I dtb -O dts "$1") <(dtc -q -I dtb -O dts "$2") |
		grep '^[<>]' | sed 's/^\([<>]\)[[:space:]]*/\1 /' >"$work/diff"
	sed 's/^/# /' "$work/diff"
	[ "$(cat "$work/diff")" = '> linux,driver-override = "vfio-platform";' ]
}
check "the merged DTB is the base plus the property, nothing else" \
	only_added "$midway" "$work/m.dtb"
check "a missing target is refused, naming it" \
	refused "$top/tests/dts/midway-missing-target.dtso" "$midway" \
	"targets /soc/ethernet@fff52000, not in"
check "an overlay for another board is refused" \
	refused "$top/dts/midway-vfio-xgmac0.dtso" "$opi" \
	"targets /soc/ethernet@fff50000, not in"
check "a value that is not one string is refused" \
	refused "$top/tests/dts/midway-bad-assign.dtso" "$midway" \
	"/soc/ethernet@fff50000: linux,driver-override must be one string"
check "a driver that takes no assigned device is refused, naming it" \
	refused "$top/tests/dts/midway-bad-assign.dtso" "$midway" \
	"\"vfio-platfrom\" is not a driver a device can be assigned to"
check "two drivers are refused" \
	refused "$top/tests/dts/midway-two-drivers.dtso" "$midway" \
	"must be one string"
printf '/dts-v1/;\n/plugin/;\n&{/soc/ethernet@fff50000} {\n' >"$work/syntax.dtso"
check "an overlay dtc cannot compile is refused with dtc's error" \
	refused "$work/syntax.dtso" "$midway" "compiling"
printf '/dts-v1/;\n/plugin/;\n&emac {\n\tlinux,driver-override = "vfio-platform";\n};\n' \
	>"$work/label.dtso"
# 6.12 builds the Allwinner DTBs with symbols (dtc -@), 6.1 does not: a
# copy without them stands for a base built without -@ on either.
cp "$opi" "$work/opi-nosym.dtb"
fdtput -r "$work/opi-nosym.dtb" /__symbols__ 2>/dev/null
check "a target by label, on a base without symbols, is refused saying why" \
	refused "$work/label.dtso" "$work/opi-nosym.dtb" "needs a base built with dtc -@"
$apply --no-check "$midway" "$top/tests/dts/midway-bad-assign.dtso" \
	"$work/bad.dtb" | sed 's/^/# /'
check "--no-check writes it anyway, for the kernel's own check" \
	test "$(fdtget -t s "$work/bad.dtb" /soc/ethernet@fff51000 linux,driver-override)" = vfio-platfrom
check "the base DTBs were never changed" \
	test "$(md5sum "$midway" "$opi")" = "$sum_before"
verdict overlay
