#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The host verdict (scripts/verdict.py), on made-up console logs.

Each case is a console a board could print; the verdict must pass the
clean one and fail every other.  KTAP, then "verdict: N passed, N failed".
"""
import contextlib
import io
import os
import re
import subprocess
import sys
import types

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(TOP, 'scripts'))
import kernel_reports  # noqa: E402 (scripts/, on the path above)
import verdict  # noqa: E402

GOOD = ['vfiotest: init: mode tests', 'KTAP version 1', '1..2',
        '    KTAP version 1', '    1..1', '    ok 1 inner', 'ok 1 first',
        'ok 2 second', 'vfiotest: done']


def with_line(line, before='vfiotest: done'):
    out = list(GOOD)
    out.insert(out.index(before), line)
    return out


# name, console lines, timed out, guest finished, should pass
CASES = [
    ('a clean run passes', GOOD, False, True, True),
    ('a failed test fails the run',
     [l if l != 'ok 2 second' else 'not ok 2 second' for l in GOOD], False, True, False),
    ('a missing result fails the run',
     [l for l in GOOD if l != 'ok 2 second'], False, True, False),
    ('no KTAP plan fails the run',
     [l for l in GOOD if l != '1..2'], False, True, False),
    ('a timeout (hang) fails the run', GOOD[:-1], True, False, False),
    ('a guest that never finished fails the run', GOOD[:-1], False, False, False),
    ('a WARN fails the run',
     with_line('WARNING: CPU: 1 PID: 42 at drivers/vfio/x.c:10 f+0x1/0x2'), False, True, False),
    ("the overlay code's memory-leak notice is not a report",
     with_line('OF: overlay: WARNING: memory leak will occur if overlay '
               'removed, property: /chosen/linux,vfio-devices'), False, True, True),
    ('an oops fails the run',
     with_line('Internal error: Oops: 5 [#1] SMP ARM'), False, True, False),
    ('a lockdep report fails the run',
     with_line('WARNING: possible circular locking dependency detected'), False, True, False),
    ('an atomic-sleep report fails the run',
     with_line('BUG: sleeping function called from invalid context at mm/slab.h:1'),
     False, True, False),
    ('a panic fails the run',
     with_line('Kernel panic - not syncing: Fatal exception'), False, True, False),
    ('a report inside the dumped kernel log fails the run',
     with_line('[    3.1] ------------[ cut here ]------------'), False, True, False),
    ('a KASAN report fails the run',
     with_line('BUG: KASAN: slab-use-after-free in vfio_platform_release+0x1/0x2'),
     False, True, False),
    ('a debugobjects report fails the run',
     with_line('ODEBUG: free active (active state 0) object: 8c2f1a00 object type: timer_list'),
     False, True, False),
    ('a kmemleak report fails the run',
     with_line('kmemleak: 2 new suspected memory leaks (see /sys/kernel/debug/kmemleak)'),
     False, True, False),
]


# Every entry of the table of kernel reports, by its own example line.
CASES += [('the report "%s" fails the run' % e, with_line(x), False, True,
           False) for e, x in kernel_reports.REPORTS]


def guest_grep_misses():
    """The table's examples that their own expression or the guest's
    grep -E -f does not find."""
    exprs = subprocess.run([sys.executable, kernel_reports.__file__],
                           capture_output=True, text=True, check=True).stdout
    with open('/tmp/kernel-reports.re.%d' % os.getpid(), 'w') as f:
        f.write(exprs)
    try:
        return [x for e, x in kernel_reports.REPORTS
                if not re.search(e, x) or
                subprocess.run(['grep', '-E', '-f', f.name], input=x,
                               capture_output=True, text=True).returncode]
    finally:
        os.unlink(f.name)


def main():
    args = types.SimpleNamespace(board='fake', variant='v', name='fake-v',
                                 timeout=1, log='/dev/null')
    print('KTAP version 1')
    print('1..%d' % (len(CASES) + 1))
    passed = failed = 0
    for n, (name, lines, timed_out, done, want) in enumerate(CASES, 1):
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            rc = verdict.verdict_tests(args, lines, timed_out, done, 0.0)
        ok = (rc == 0) == want
        if ok:
            passed += 1
        else:
            failed += 1
            for l in buf.getvalue().splitlines():
                print('    # ' + l)
        print('%s %d %s' % ('ok' if ok else 'not ok', n, name))
    misses = guest_grep_misses()
    for x in misses:
        print('    # not found: ' + x)
    print('%s %d the guest\'s grep -E -f finds every example of the table' % (
        'not ok' if misses else 'ok', len(CASES) + 1))
    passed, failed = passed + (not misses), failed + bool(misses)
    print('verdict: %d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
