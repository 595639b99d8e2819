# SPDX-License-Identifier: GPL-2.0
# vfio-platform keeps the device's clocks on while it has it, and no
# reset switches one: the Orange Pi PC's EMAC bus clock (bus-emac, whose
# only user is the EMAC) is enabled and prepared once while the EMAC is
# with vfio-platform, through owners coming and going, and not at all
# once vfio-platform lets it go.  Counts from debugfs clk_summary.
. /tests/lib.sh
skip_unless_board orangepi-pc "Midway's XGMACs have no clocks in its device tree"
plan 6
d=/sys/bus/platform/devices/$DEV
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
# counts: "ENABLE PREPARE" of bus-emac
counts() {
	awk '$1 == "bus-emac" { print $2, $3 }' /sys/kernel/debug/clk/clk_summary
}
vfio-bind $DEV >/dev/null
echo "# bus-emac enable, prepare count with vfio-platform: $(counts)"
check "with vfio-platform, bus-emac is enabled and prepared once" \
	test "$(counts)" = "1 1"
check "an owner opens and releases $DEV" vfio-owner open $DEV
# the next owner finds it quiet, or on the control kernel running
if [ "$VARIANT" = reset ]; then expect=clean; else expect=stale; fi
check "an owner dies by SIGKILL with it running" sh -c \
	"vfio-owner race $DEV --expect $expect --cycles 1 --traffic-from $TRAFFIC >/dev/null"
echo "# after owners: $(counts)"
check "owners and their resets left it so" test "$(counts)" = "1 1"
echo $DEV >$d/driver/unbind
echo "# unbound: $(counts)"
check "once vfio-platform lets $DEV go, nothing holds bus-emac" \
	test "$(counts)" = "0 0"
check "vfio-bind takes $DEV again, clocked" sh -c \
	"vfio-bind $DEV >/dev/null && [ \"\$(awk '\$1 == \"bus-emac\" { print \$2, \$3 }' /sys/kernel/debug/clk/clk_summary)\" = '1 1' ]"
finish
