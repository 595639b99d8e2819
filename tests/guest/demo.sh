# SPDX-License-Identifier: GPL-2.0
# The demo, the user's path: the board booted a DTB with its overlay
# (boards/BOARD/overlay.dtso) applied, which assigns its NIC to
# vfio-platform.  Load vfio, let a userspace driver die with the device
# running, and show what the next owner finds.  scripts/demo-table.py
# puts the numbers of the control kernel (no reset), the control kernel
# with upstream's forked reset module (boards with one: Midway) and the
# reset kernel side by side.
. /tests/lib.sh
echo "demo: the device tree assigns $DEV: /chosen/linux,vfio-devices = \"$(vfio_devices)\""
echo "demo: the kernel made that $DEV's driver_override at boot: $(cat /sys/bus/platform/devices/$DEV/driver_override)"
echo "demo: before vfio loads, $DEV has driver: $(driver_of $DEV || echo none)"
modprobe vfio enable_unsafe_noiommu_mode=1 || exit 1
if [ "$VARIANT" = reset ] || [ -n "$FORKED" ]; then
	modprobe vfio-platform || exit 1
else
	modprobe vfio-platform reset_required=0 || exit 1
fi
trace_resets
# its probe may wait for the native driver's module, which the platform
# bus loads from a workqueue (tests/guest/wait-probe)
wait-probe $DEV
echo "demo: after 'modprobe vfio-platform', $DEV has driver: $(driver_of $DEV || echo none)"
[ "$(driver_of $DEV)" = vfio-platform ] || {
	echo "demo: $DEV is not with vfio-platform: the assignment did not work"
	exit 1
}
modprobe $NATIVE_MOD || exit 1
if [ -n "$PEER" ]; then
	from="$PEER stays on $(driver_of $PEER) and sends 50 frames/s"
else
	from="the host sends 50 frames/s"
fi
echo "demo: with $NATIVE_MOD loaded, $DEV stays with $(driver_of $DEV) ($(vfio-bind $DEV)); $from"
echo "demo: owner #1 sets $DEV running, then dies by SIGKILL; owner #2 opens it:"
# the forked module's column is what it is: shown, not judged
if [ "$VARIANT" = reset ]; then
	expect=clean
elif [ -n "$FORKED" ]; then
	expect=report
else
	expect=stale
fi
vfio-owner scenario $DEV --expect $expect --traffic-from $TRAFFIC >/tmp/scenario
rc=$?
grep -v '^KTAP\|^1\.\.' /tmp/scenario

echo "The resets vfio-platform ran (its vfio_platform_reset tracepoint):"
_rmark=0
resets_since | grep "^$DEV " | sed 's/^/  reset: /'
exit $rc
