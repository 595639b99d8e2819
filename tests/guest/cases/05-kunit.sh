# SPDX-License-Identifier: GPL-2.0
# The KUnit suite of the reset table, loaded as a module so that it can
# check the module reference held around a reset.  Its KTAP is nested here.
. /tests/lib.sh
skip_unless reset "the table is not built into the control kernel"
echo "KTAP version 1"
echo "1..1"
mark_log
modprobe vfio_reset_kunit || exit 1
log_since | sed -n '/KTAP version/,$p' >/tmp/kunit
rmmod vfio_reset_kunit
cat /tmp/kunit
grep -q "^ok [0-9]* vfio_reset" /tmp/kunit && ! grep -q "not ok" /tmp/kunit
