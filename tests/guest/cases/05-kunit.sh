# SPDX-License-Identifier: GPL-2.0
# The KUnit suite of the reset table, loaded as a module so that it can
# check the module reference held around a reset.  Its KTAP is nested here.
. /tests/lib.sh
skip_unless reset "the table is not built into the control kernel"
kunit_module vfio_reset_kunit vfio_reset
