# SPDX-License-Identifier: GPL-2.0
# Control: no reset on release.  Owner #1 dies by SIGKILL with the device
# running; the next owner must see stale IRQs and DMA into the dead
# owner's memory.  This proves the harness can see the failure.
. /tests/lib.sh
exec vfio-owner scenario $XGMAC0 --expect stale --traffic-from $XGMAC1
