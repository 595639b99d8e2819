# SPDX-License-Identifier: GPL-2.0
# vfio-platform keeps the device's clocks on and its reset line
# deasserted while it has it, and no reset switches either: on the Orange
# Pi PC the EMAC's bus clock (bus-emac, whose only user is the EMAC) is
# enabled and prepared once and its bus reset (bit 17 of the CCU's
# BUS_SOFT_RST_REG0, 1 = deasserted) is deasserted while the EMAC is with
# vfio-platform, through owners coming and going, and both are as
# vfio-platform found them once it lets the EMAC go.  Clock counts from
# debugfs clk_summary, the reset line from the register (busybox devmem).
# Both kernels have this (the control kernel lacks only the native
# resets).
. /tests/lib.sh
skip_unless_board orangepi-pc "Midway's XGMACs have no clocks or resets in its device tree"
plan 9
d=/sys/bus/platform/devices/$DEV
# counts: "ENABLE PREPARE" of bus-emac
counts() {
	awk '$1 == "bus-emac" { print $2, $3 }' /sys/kernel/debug/clk/clk_summary
}
# rst: 1 if the EMAC's bus reset is deasserted, 0 if asserted
rst() {
	echo $(( ($(devmem 0x01c202c0 32) >> 17) & 1 ))
}
held="1 1" line=1
[ ! -e $d/driver ] || echo $DEV >$d/driver/unbind
found=$(rst)
echo "# EMAC unbound: bus-emac $(counts), reset line $found"
check "unbound, nothing holds bus-emac" test "$(counts)" = "0 0"
vfio-bind $DEV >/dev/null
echo "# with vfio-platform: bus-emac $(counts), reset line $(rst)"
check "with vfio-platform, bus-emac enable, prepare: $held" \
	test "$(counts)" = "$held"
check "with vfio-platform, the reset line deasserted: $line" \
	test "$(rst)" = "$line"
check "an owner opens and releases $DEV" vfio-owner open $DEV
# the next owner finds it quiet, or on the control kernel running
if [ "$VARIANT" = reset ]; then expect=clean; else expect=stale; fi
check "an owner dies by SIGKILL with it running" sh -c \
	"vfio-owner race $DEV --expect $expect --cycles 1 --traffic-from $TRAFFIC >/dev/null"
echo "# after owners: bus-emac $(counts), reset line $(rst)"
check "owners and their resets left both so" \
	test "$(counts) $(rst)" = "$held $line"
echo $DEV >$d/driver/unbind
echo "# unbound again: bus-emac $(counts), reset line $(rst)"
check "once vfio-platform lets $DEV go, nothing holds bus-emac" \
	test "$(counts)" = "0 0"
check "and the reset line is as vfio-platform found it ($found)" \
	test "$(rst)" = "$found"
check "vfio-bind takes $DEV again" vfio-bind $DEV
finish
