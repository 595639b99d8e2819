# SPDX-License-Identifier: GPL-2.0
# vfio-platform holds no clock and no reset line of the device, and a
# quiesce leaves both as it found them: on the Orange Pi PC the EMAC's bus
# clock (bus-emac, whose only user is the EMAC) stays unprepared and
# disabled (dwmac-sun8i's quiesce turns it on around its register accesses
# and off again), and its bus reset (bit 17 of the CCU's
# BUS_SOFT_RST_REG0, 1 = deasserted) stays as it was, through binding,
# owners coming and going and unbinding.  Clock counts from debugfs
# clk_summary, the reset line from the register (busybox devmem).  Then
# a driver holds the EMAC's reset line exclusively (tests/kmod's
# reset_line_holder), and vfio-platform binds, quiesces and lets the
# device go beside it with no WARN and no error (v2 took the line shared:
# the holder's load failed, or vfio-platform's probe did).  Both kernels
# have this (the control kernel lacks only the native quiesce).
. /tests/lib.sh
skip_unless_board orangepi-pc "it watches the H3 EMAC's bus clock and reset line; Midway's XGMACs have neither, Versal's GEMs only fixed clocks"
plan 11
d=/sys/bus/platform/devices/$DEV
# counts: "ENABLE PREPARE" of bus-emac
counts() {
	awk '$1 == "bus-emac" { print $2, $3 }' /sys/kernel/debug/clk/clk_summary
}
# rst: 1 if the EMAC's bus reset is deasserted, 0 if asserted
rst() {
	echo $(( ($(devmem 0x01c202c0 32) >> 17) & 1 ))
}
[ ! -e $d/driver ] || echo $DEV >$d/driver/unbind
found="$(counts) $(rst)"
echo "# EMAC unbound: bus-emac $(counts), reset line $(rst)"
check "unbound, nothing holds bus-emac" test "$(counts)" = "0 0"
vfio-bind $DEV >/dev/null
echo "# with vfio-platform: bus-emac $(counts), reset line $(rst)"
check "vfio-platform takes neither the clock nor the reset line" \
	test "$(counts) $(rst)" = "$found"
check "an owner opens and releases $DEV" vfio-owner open $DEV
# the next owner finds it quiet, or on the control kernel running
if [ "$VARIANT" = reset ]; then expect=clean; else expect=stale; fi
check "an owner dies by SIGKILL with it running" sh -c \
	"vfio-owner race $DEV --expect $expect --cycles 1 --traffic-from $TRAFFIC >/dev/null"
echo "# after owners: bus-emac $(counts), reset line $(rst)"
check "owners and the quiesces on open and release left both as found" \
	test "$(counts) $(rst)" = "$found"
echo $DEV >$d/driver/unbind
echo "# unbound again: bus-emac $(counts), reset line $(rst)"
check "once vfio-platform lets $DEV go, both are as found" \
	test "$(counts) $(rst)" = "$found"
check "vfio-bind takes $DEV again" vfio-bind $DEV

mark_log
check "a driver takes the EMAC's reset line exclusively while vfio-platform has $DEV" \
	modprobe reset_line_holder node="$(of_path $DEV)"
rebind() { echo $DEV >$d/driver/unbind && vfio-bind $DEV >/dev/null; }
check "vfio-platform lets $DEV go and binds it again beside that driver" rebind
check "an owner opens and releases $DEV beside it" vfio-owner open $DEV
log_since >/tmp/log
sed 's/^/# /' /tmp/log
no_reports() { ! kernel_reports </tmp/log; }
check "no kernel report (reset_control_get's shared/exclusive WARN)" no_reports
rmmod reset_line_holder
finish
