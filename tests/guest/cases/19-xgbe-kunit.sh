# SPDX-License-Identifier: GPL-2.0
# The KUnit suite of the AMD XGBE's quiesce: no board has an XGBE, so it
# runs on memory standing in for the xgmac and xpcs regions, with its
# PCS and DMA reset timeouts and the devices it refuses.  Its KTAP is
# nested here.
. /tests/lib.sh
skip_unless reset "the quiesce is not built into the control kernel"
kunit_module xgbe_vfio_reset_kunit xgbe_vfio_reset
