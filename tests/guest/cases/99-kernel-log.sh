# SPDX-License-Identifier: GPL-2.0
# After everything ran: no oops, WARN, BUG, KASAN, debugobjects or lockdep
# report, lockdep still armed, and on the debug kernel no memory leak
# kmemleak finds among the objects allocated since boot (/init cleared
# the older ones).  The host checks the console for the same
# independently.
. /tests/lib.sh
if [ -n "$DEBUG" ]; then plan 3; else plan 2; fi
splats=$(dmesg | kernel_reports)
[ -z "$splats" ] || echo "$splats" | sed 's/^/# /'
check "kernel log has no oops, WARN, BUG, KASAN, ODEBUG or lockdep report" \
	test -z "$splats"
check "lockdep is still running" grep -q "debug_locks: *1" /proc/lockdep_stats
[ -n "$DEBUG" ] || finish

leaks=$(kmemleak_leaks) || echo "# kmemleak: the scan failed"
n=$(echo "$leaks" | grep -c '^unreferenced object')
echo "# kmemleak: $n unreferenced objects since boot"
[ "$n" -eq 0 ] || echo "$leaks" | head -n 80 | sed 's/^/# /'
check "kmemleak finds no leak since boot ($n)" test "$n" -eq 0
finish
