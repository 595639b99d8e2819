# SPDX-License-Identifier: GPL-2.0
# The race: N handovers (vfiotest.race=N, default 50; `make soak` sets it)
# of an owner killed with SIGKILL while the device runs, while a loop
# unloads and loads the native driver's module.  The native reset is held
# for as long as vfio-platform has the device, so every unload is refused
# and every handover is clean.  On the control kernel, 5 handovers with no
# loop must all be dirty: that shows the check can fail.
. /tests/lib.sh
n=$(sed -n 's/.*vfiotest\.race=\([0-9]*\).*/\1/p' /proc/cmdline)
vfio-bind $DEV >/dev/null || exit 1
modprobe $NATIVE_MOD
if [ "$VARIANT" != reset ]; then
	exec vfio-owner race $DEV --expect stale --cycles 5 --traffic-from $TRAFFIC
fi
# On the debug kernel 15-soak's unload loop runs alongside handovers of
# every kind: 5 cycles here.
[ -z "$DEBUG" ] || [ -n "$n" ] || n=5

plan 2
rm -f /tmp/race.stop
: >/tmp/race.unloads
(
	while [ ! -e /tmp/race.stop ]; do
		if rmmod $NATIVE_MOD 2>/dev/null; then
			echo unloaded >>/tmp/race.unloads
			modprobe $NATIVE_MOD
		else
			echo refused >>/tmp/race.unloads
		fi
		usleep 20000
	done
) &
loop=$!
vfio-owner race $DEV --expect clean --cycles "${n:-50}" \
	--traffic-from $TRAFFIC >/tmp/race 2>&1
rc=$?
touch /tmp/race.stop
wait $loop
indent </tmp/race
refused=$(grep -c refused /tmp/race.unloads)
unloaded=$(grep -c unloaded /tmp/race.unloads)
echo "# rmmod $NATIVE_MOD during the race: $refused refused, $unloaded worked"
check race [ "$rc" -eq 0 ]
check "every rmmod $NATIVE_MOD was refused ($refused refused, $unloaded worked)" \
	test "$unloaded" -eq 0 -a "$refused" -gt 0
finish
