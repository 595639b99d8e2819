# SPDX-License-Identifier: GPL-2.0
# The benchmark (make bench), on Midway's reset kernel: N opens and
# releases of the assigned XGMAC (vfiotest.bench=N, default 200) reset by
# the native driver, and N reset by upstream's forked module, in the same
# boot, alternating in blocks of N/4 so that neither gets the quieter
# moments.  For the forked module's blocks the native driver is unloaded
# and its module file hidden, as in tests/guest/cases/09-*.  The first
# WARMUP opens after each switch are not counted: loading or unloading a
# module makes 6.12 and 7.3 flush the TLBs of every CPU page by page for
# a second or two (README, "Figures": module memory is freed with
# VM_FLUSH_RESET_PERMS), and those opens would measure that.  The time
# each reset took is in vfio-platform's tracepoint;
# scripts/bench-table.py reads it from the console.
. /tests/lib.sh
n=$(sed -n 's/.*vfiotest\.bench=\([0-9]*\).*/\1/p' /proc/cmdline)
n=${n:-200}
WARMUP=40
d=/sys/bus/platform/devices/$DEV
ko=$(find /lib/modules -name xgmac.ko)
modprobe vfio enable_unsafe_noiommu_mode=1 || exit 1
modprobe vfio-platform || exit 1
trace_resets

# with: native|forked -- give DEV to vfio-platform with that reset
with() {
	[ -e "$d/driver" ] && echo "$DEV" >"$d/driver/unbind"
	if [ "$1" = forked ]; then
		grep -q "^xgmac " /proc/modules && rmmod xgmac
		mv "$ko" /tmp/xgmac.ko
	else
		[ -e /tmp/xgmac.ko ] && mv /tmp/xgmac.ko "$ko"
		modprobe xgmac
	fi
	vfio-bind $DEV >/dev/null
}

# cycles N: N opens and releases
cycles() {
	i=0
	while [ $i -lt "$1" ]; do
		vfio-owner open $DEV || exit 1
		i=$((i + 1))
	done
}

echo "bench: $n opens and releases of $DEV with each reset, in blocks of $((n / 4)), each after $WARMUP not counted"
: >/tmp/bench
for block in 1 2 3 4; do
	for how in native forked; do
		with $how || exit 1
		cycles $WARMUP
		mark_resets
		cycles $((n / 4))
		resets_since | grep "^$DEV " >>/tmp/bench
	done
done
with native
sed 's/^/bench: reset: /' /tmp/bench
