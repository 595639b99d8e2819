# SPDX-License-Identifier: GPL-2.0
# Owner #1 dies by SIGKILL with the device running; what does the next
# owner find?  On the control kernel (no reset on release) it must find
# stale IRQs and DMA into the dead owner's memory: that proves the test
# can see the failure.  On the reset kernel it must find a quiet device.
. /tests/lib.sh
if [ "$VARIANT" = reset ]; then
	expect=clean
else
	expect=stale
fi
exec vfio-owner scenario $DEV --expect $expect --traffic-from $TRAFFIC
