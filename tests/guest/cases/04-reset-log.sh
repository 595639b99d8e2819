# SPDX-License-Identifier: GPL-2.0
# Every reset is one kernel log line naming the device, the method, whose
# reset ran and how long it took.
. /tests/lib.sh
skip_unless reset "no native reset on the control kernel"
plan 3
dmesg | grep "$DEV: VFIO: reset on " >/tmp/resets
sed 's/^/# /' /tmp/resets
check "the release after SIGKILL was reset by $NATIVE_DRV" \
	grep -q "reset on release: native driver $NATIVE_DRV, [0-9]* us" /tmp/resets
check "so was every open" \
	grep -q "reset on open: native driver $NATIVE_DRV, [0-9]* us" /tmp/resets
check "no reset failed" sh -c '! grep -q failed /tmp/resets'
finish
