# SPDX-License-Identifier: GPL-2.0
# The KUnit suite of the XGMAC's reset: its DMA reset timeouts, which no
# emulated XGMAC produces, on a page of memory standing in for the
# registers.  Its KTAP is nested here.
. /tests/lib.sh
skip_unless reset "the reset is not built into the control kernel"
kunit_module xgmac_vfio_reset_kunit xgmac_vfio_reset
