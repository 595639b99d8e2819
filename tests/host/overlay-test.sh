#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# scripts/apply-overlay.py on the boards' DTBs (built by make kernel, of
# KERNEL: the primary kernel, patches/primary, unless said otherwise): the
# boards' overlays (boards/NAME/overlay.dtso) apply and
# list the device they assign in /chosen, and bad overlays are refused at
# build time with an error naming the problem, writing nothing and leaving
# the base DTB as it was.  KTAP, then
# "overlay: N passed, N failed".

set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/scripts/defaults.sh"
kout=$out/$kernel
dtbs=$kout/obj-reset/arch/arm/boot/dts
apply="python3 $top/scripts/apply-overlay.py"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

. "$top/tests/ktap.sh"

plan=$(python3 "$top/scripts/boards.py" dtb-plan --tree "$kout/linux" 2>/dev/null)
midway=$dtbs/$(awk '$1 == "midway" { print $2 }' <<<"$plan")
opi=$dtbs/$(awk '$1 == "orangepi-pc" { print $2 }' <<<"$plan")
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

# lists MERGED VALUE: /chosen/linux,vfio-devices of MERGED is VALUE
lists() {
	[ "$(fdtget -t s "$1" /chosen linux,vfio-devices 2>/dev/null)" = "$2" ]
}
# says LOG TEXT: the output of a run says TEXT
says() {
	sed 's/^/# /' "$1"
	grep -qF -- "$2" "$1"
}
L='/chosen/linux,vfio-devices'

plan 23
$apply "$midway" "$top/boards/midway/overlay.dtso" "$work/m.dtb" >"$work/m.out"
check "boards/midway/overlay.dtso lists midway's first XGMAC in /chosen" \
	lists "$work/m.dtb" /soc/ethernet@fff50000
check "and says it goes to vfio-platform, and only it" \
	test "$(grep -c ' -> ' "$work/m.out")-$(grep -c '/soc/ethernet@fff50000 -> vfio-platform' "$work/m.out")" = 1-1
$apply "$opi" "$top/boards/orangepi-pc/overlay.dtso" "$work/o.dtb" >"$work/o.out"
check "boards/orangepi-pc/overlay.dtso names the EMAC by its alias, ethernet0" \
	says "$work/o.out" "/soc/ethernet@1c30000 -> vfio-platform ($L entry 0 \"ethernet0\")"
# only_added BASE MERGED: the one difference is the property, added
only_added() {
	diff <(dtc -q -I dtb -O dts "$1") <(dtc -q -I dtb -O dts "$2") |
		grep '^[<>]' | sed 's/^\([<>]\)[[:space:]]*/\1 /' >"$work/diff"
	sed 's/^/# /' "$work/diff"
	[ "$(cat "$work/diff")" = '> linux,vfio-devices = "/soc/ethernet@fff50000";' ]
}
check "the merged DTB is the base plus the property in /chosen, nothing else" \
	only_added "$midway" "$work/m.dtb"
# The kernel builds the Allwinner DTBs with symbols (dtc -@), a
# bootloader's DTB may have none: a copy without them stands for that.
cp "$opi" "$work/opi-nosym.dtb"
fdtput -r "$work/opi-nosym.dtb" /__symbols__ 2>/dev/null
$apply "$work/opi-nosym.dtb" "$top/boards/orangepi-pc/overlay.dtso" "$work/o2.dtb" |
	sed 's/^/# /'
check "the overlays need no symbols in the base" lists "$work/o2.dtb" ethernet0
check "a missing target is refused, naming it" \
	refused "$top/tests/dts/midway-missing-target.dtso" "$midway" \
	"targets /soc/ethernet@fff52000, not in"
check "an overlay for another board is refused: its entry names no device" \
	refused "$top/boards/midway/overlay.dtso" "$opi" \
	"$L entry 0 \"/soc/ethernet@fff50000\" names no device"
cases=$top/tests/dts/midway-chosen-cases.dtso
refused "$cases" "$midway" "$L" >"$work/cases.out"
check "tests/dts/midway-chosen-cases.dtso is refused as a whole" \
	refused "$cases" "$midway" "$L"
check "options after ':' are refused, naming the entry" \
	says "$work/cases.out" "entry 0 \"/soc/ethernet@fff51000:rx\": options after ':' are not allowed"
check "a trailing '/' is refused" \
	says "$work/cases.out" "entry 2 \"/soc/sata@ffe08000/\": a path does not end in '/'"
check "a path to no node is refused" \
	says "$work/cases.out" "entry 3 \"/soc/ethernet@fff52000\" names no device: no node has that path or alias"
check "an alias that does not exist is refused" \
	says "$work/cases.out" "entry 4 \"ethernet1\" names no device"
check "a disabled node is refused" \
	says "$work/cases.out" "entry 5 \"/soc/gpio@fff30000\" names /soc/gpio@fff30000, which is disabled"
check "an empty entry is refused" says "$work/cases.out" "entry 7 is empty"
check "a device named twice is refused" \
	says "$work/cases.out" "entry 8 \"/soc/ethernet@fff51000\" names /soc/ethernet@fff51000, as entry 0 does"
check "an entry with a byte that is not printable is refused" \
	says "$work/cases.out" "entry 9 is not a string"
check "an unterminated entry is refused" \
	says "$work/cases.out" "entry 10 is not a string"
check "the per-node linux,driver-override of v1 is refused, saying what replaces it" \
	refused "$top/tests/dts/midway-old-property.dtso" "$midway" \
	"/soc/ethernet@fff50000: linux,driver-override is gone: list the device in $L instead"
check "a list that replaces the base's and loses an entry is refused" \
	refused "$top/tests/dts/midway-other-list.dtso" "$work/m.dtb" \
	"replaces the base tree's list, losing \"/soc/ethernet@fff50000\""
printf '/dts-v1/;\n/plugin/;\n&{/chosen} {\n' >"$work/syntax.dtso"
check "an overlay dtc cannot compile is refused with dtc's error" \
	refused "$work/syntax.dtso" "$midway" "compiling"
printf '/dts-v1/;\n/plugin/;\n&emac {\n\tstatus = "okay";\n};\n' \
	>"$work/label.dtso"
check "a target by label, on a base without symbols, is refused saying why" \
	refused "$work/label.dtso" "$work/opi-nosym.dtb" "needs a base built with dtc -@"
$apply --no-check "$midway" "$cases" "$work/bad.dtb" | sed 's/^/# /'
check "--no-check writes it anyway, for the kernel's own checks" \
	test "$(fdtget -t bx "$work/bad.dtb" /chosen linux,vfio-devices | cut -d' ' -f1-26)" = \
		"$(printf '/soc/ethernet@fff51000:rx' | od -An -tx1 -v | xargs) 0"
check "the base DTBs were never changed" \
	test "$(md5sum "$midway" "$opi")" = "$sum_before"
verdict overlay
