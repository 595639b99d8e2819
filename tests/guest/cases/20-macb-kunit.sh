# SPDX-License-Identifier: GPL-2.0
# The KUnit suite of the Cadence MACB/GEM's quiesce on memory standing in
# for a GEM's registers: several queues, a transmitter that never goes
# idle, and the cores it refuses.  Its KTAP is nested here.
. /tests/lib.sh
skip_unless reset "the quiesce is not built into the control kernel"
kunit_module macb_vfio_reset_kunit macb_vfio_reset
