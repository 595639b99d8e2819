# SPDX-License-Identifier: GPL-2.0
# After everything ran: no oops, WARN, BUG or lockdep report, lockdep
# still armed.  The host checks the console for the same independently.
. /tests/lib.sh
plan 2
splats=$(dmesg | grep -E 'WARNING:|BUG:|Oops|Unable to handle|possible (circular|recursive) locking|inconsistent lock state|lock held when returning|sleeping function called|Kernel panic|INFO: task .* blocked')
[ -z "$splats" ] || echo "$splats" | sed 's/^/# /'
check "kernel log has no oops, WARN, BUG or lockdep report" test -z "$splats"
check "lockdep is still running" grep -q "debug_locks: *1" /proc/lockdep_stats
finish
