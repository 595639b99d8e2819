# SPDX-License-Identifier: GPL-2.0
# The KUnit suite of the platform core's reset lookup, loaded as a module
# so that it can check the module reference a handle holds.  Its KTAP is
# nested here.
. /tests/lib.sh
skip_unless reset "the lookup is not built into the control kernel"
kunit_module platform_quiesce_kunit platform_quiesce
