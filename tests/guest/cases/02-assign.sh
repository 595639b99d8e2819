# SPDX-License-Identifier: GPL-2.0
# vfio-bind hands the first XGMAC to vfio-platform; userspace can open it.
. /tests/lib.sh
plan 3
grp=$(vfio-bind $XGMAC0)
echo "# vfio-bind $XGMAC0: $grp"
check "vfio-bind gives $XGMAC0 to vfio-platform" test "$(driver_of $XGMAC0)" = vfio-platform
check "its no-IOMMU group node exists" test -c "$grp"
check "vfio-owner opens it and maps its registers" vfio-owner info $XGMAC0
finish
