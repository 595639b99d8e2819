# SPDX-License-Identifier: GPL-2.0
# The soak: N cycles (vfiotest.soak=N, default 50, 20 on the debug kernel;
# `make soak` sets it) of
# an owner killed by SIGKILL at a random point (before its first write,
# mid-setup, with DMA running, inside VFIO ioctls), each handover checked
# for a running device, stale IRQs and stale DMA (tests/vfio_soak.c),
# while a second process opens the device whenever it can, vfio-platform
# is unbound and bound again under an owner every 10th cycle, the owner
# resets the device with traffic flowing every 4th, and a third tries to
# unload the native driver every 20 ms (vfio-platform holds it); a
# progress line every 30 s.  Then the kernel's reports since the soak began
# and, on the debug kernel, kmemleak's leaks among the objects allocated
# during it.  It ends with the table; any non-zero figure fails it.  On
# the control kernel, 8 cycles without the rest must find the device
# running after every death with DMA running: that shows the check can
# fail.
. /tests/lib.sh
n=$(sed -n 's/.*vfiotest\.soak=\([0-9]*\).*/\1/p' /proc/cmdline)
# the debug kernel is slow: 20 cycles in make test (make soak runs 1000)
[ -z "$DEBUG" ] || [ -n "$n" ] || n=20
seed=$(sed -n 's/.*vfiotest\.seed=\([0-9]*\).*/\1/p' /proc/cmdline)
seed=${seed:-$RANDOM}
vfio-bind $DEV >/dev/null || exit 1
modprobe $NATIVE_MOD
if [ "$VARIANT" != reset ]; then
	exec vfio-soak $DEV --expect stale --cycles 8 --seed $seed \
		--traffic-from $TRAFFIC
fi

plan 3
[ -z "$DEBUG" ] || kmemleak_clear
mark_log
# shown as it runs (its progress lines), and kept for the table below
{ vfio-soak $DEV --expect clean --cycles "${n:-50}" --seed $seed \
	--traffic-from $TRAFFIC --openers --rebind-every 10 --reset-every 4 \
	--unload $NATIVE_MOD 2>&1; echo $? >/tmp/soak.rc; } |
	tee /tmp/soak | indent
check vfio-soak [ "$(cat /tmp/soak.rc)" -eq 0 ]

reports=$(log_since | kernel_reports)
nrep=$(echo "$reports" | grep -c .)
[ -z "$reports" ] || echo "$reports" | head -n 20 | sed 's/^/# /'
if [ -n "$DEBUG" ]; then
	leaks=$(kmemleak_leaks) || echo "# kmemleak: the scan failed"
	nleak=$(echo "$leaks" | grep -c '^unreferenced object')
	[ "$nleak" -eq 0 ] || echo "$leaks" | head -n 80 | sed 's/^/# /'
else
	nleak="n/a (not the debug kernel)"
fi
set -- $(sed -n 's/.*SOAK \(.*\)/\1/p' /tmp/soak)
echo "# soak table ($BOARD, seed $seed):"
for kv in "$@"; do echo "#   ${kv%%=*}: ${kv#*=}"; done
echo "#   kernel_reports: $nrep"
echo "#   leaks: $nleak"

check "no kernel report ($nrep)" [ "$nrep" -eq 0 ]
case "$nleak" in
n/a*) skip kmemleak "not the debug kernel" ;;
*) check "kmemleak: no leak from the soak ($nleak)" [ "$nleak" -eq 0 ] ;;
esac
finish
