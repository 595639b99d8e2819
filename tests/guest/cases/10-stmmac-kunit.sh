# SPDX-License-Identifier: GPL-2.0
# The KUnit suite of the reset dwmac-generic offers for the snps,dwmac*
# cores: no board here has one, so it runs on a fake register block.  Its
# KTAP is nested here.
. /tests/lib.sh
skip_unless reset "the reset is not built into the control kernel"
kunit_module stmmac_vfio_reset_kunit stmmac_vfio_reset
