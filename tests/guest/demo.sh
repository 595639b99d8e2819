# SPDX-License-Identifier: GPL-2.0
# The demo: assign the first XGMAC to vfio-platform, let a userspace
# driver die with the device running, and show what the next owner finds.
. /tests/lib.sh
modprobe vfio enable_unsafe_noiommu_mode=1 || exit 1
modprobe vfio-platform reset_required=0 || exit 1
modprobe xgmac || exit 1
echo "demo: $XGMAC0 -> $(vfio-bind $XGMAC0) (vfio-platform); $XGMAC1 stays on $(driver_of $XGMAC1) and sends frames"
echo "demo: owner #1 sets $XGMAC0 running, then dies by SIGKILL; owner #2 opens it:"
vfio-owner scenario $XGMAC0 --expect stale --traffic-from $XGMAC1 | grep -v '^KTAP\|^1\.\.'
