# SPDX-License-Identifier: GPL-2.0
# The demo: assign the board's NIC to vfio-platform, let a userspace
# driver die with the device running, and show what the next owner finds.
. /tests/lib.sh
modprobe vfio enable_unsafe_noiommu_mode=1 || exit 1
if [ "$VARIANT" = reset ]; then
	modprobe vfio-platform || exit 1
else
	modprobe vfio-platform reset_required=0 || exit 1
fi
modprobe $NATIVE_MOD || exit 1
if [ -n "$PEER" ]; then
	from="$PEER stays on $(driver_of $PEER) and sends 50 frames/s"
else
	from="the host sends 50 frames/s"
fi
echo "demo: $DEV -> $(vfio-bind $DEV) (vfio-platform); $from"
echo "demo: owner #1 sets $DEV running, then dies by SIGKILL; owner #2 opens it:"
if [ "$VARIANT" = reset ]; then
	expect=clean
	kernel="this kernel resets the device on release with its native driver's reset"
else
	expect=stale
	kernel="this control kernel has no reset on release"
fi
vfio-owner scenario $DEV --expect $expect --traffic-from $TRAFFIC >/tmp/scenario
rc=$?
grep -v '^KTAP\|^1\.\.' /tmp/scenario

# The RESULT line as a table a person can read.
grep '^# RESULT' /tmp/scenario | tr ' ' '\n' | grep = >/tmp/result
v() { sed -n "s/^$1=//p" /tmp/result; }
onoff() { [ "$(v "$1")" = 1 ] && echo on || echo off; }
echo
echo "What the next owner of $DEV finds after owner #1 was killed"
echo "($kernel; a quiet device shows 0 / off):"
printf '  %-46s %s\n' "interrupt status pending when it opens" "$(v irq_status)"
printf '  %-46s %s / %s\n' "RX / TX DMA running" "$(onoff rx_dma)" "$(onoff tx_dma)"
printf '  %-46s %s / %s\n' "MAC receiver / transmitter enabled" "$(onoff mac_rx)" "$(onoff mac_tx)"
printf '  %-46s %s\n' "interrupt enable mask" "$(v irq_enable)"
printf '  %-46s %s\n' "stale IRQs on its eventfd in 1.5 s" "$(v stale_irqs)"
printf '  %-46s %s frames, %s bytes\n' "DMA into owner #1's memory after its death" \
	"$(v dma_frames)" "$(v dma_bytes)"
if [ "$VARIANT" = reset ]; then
	echo
	echo "The kernel log of the resets on release:"
	dmesg | sed -n "/$DEV: VFIO: reset on release/s/^/  /p"
fi
exit $rc
