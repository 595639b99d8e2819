#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""scripts/report.py on made-up logs: what REPORT says, and what it keeps.

Each case writes logs as the runs would, runs report.py into a temporary
REPORT, and looks for what the report must and must not say.
"""
import os
import subprocess
import sys
import tempfile

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
REPORT_PY = os.path.join(TOP, 'scripts', 'report.py')

SOAK = '''# qemu-system-arm -M midway -append console=ttyAMA0 vfiotest.variant=debug
# run: commit abc1234, 2026-12-07 18:36 UTC, 2 CPUs, load: 2 busy loops on 2 CPUs
ok 1 01-setup
        # SOAK cycles=1000 lost=0 dirty=%d stale_irqs=0
    # soak table (midway, seed 2703):
    #   kernel_reports: 0
    #   leaks: 0
%s 2 15-soak
vfiotest: done
# boot-board: 3108.8 s
'''
TEST_RUN = '''# run: commit def5678, 2026-12-07 19:55 UTC, 2 CPUs
# make test: 1485 s, cold
total: 2 passed, 0 failed
'''
SUMMARY = 'verdict: 1 passed, 0 failed\n7.3-midway-reset: 1 passed, 0 failed\n'
BOARD_OUT = ('boot-board: 7.3-midway-reset: 87.3 s (/init after 3.1 s), '
             'console log in x\n')


def write(d, name, text):
    with open(os.path.join(d, name), 'w') as f:
        f.write(text)


def report(logs, out):
    r = subprocess.run([sys.executable, REPORT_PY, '--logs', logs, '--out', out],
                       capture_output=True, text=True)
    text = open(out).read() if os.path.exists(out) else ''
    return r.returncode, text


def main():
    cases = []
    with tempfile.TemporaryDirectory() as t:
        logs, out = os.path.join(t, 'logs'), os.path.join(t, 'REPORT')
        os.mkdir(logs)
        rc, _ = report(logs, out)
        cases.append(('no log of any run: exit 1, no REPORT',
                      rc == 1 and not os.path.exists(out)))

        write(logs, '7.3-midway-soak-load-tests.log', SOAK % (0, 'ok'))
        rc, text = report(logs, out)
        cases.append(('a soak: its section names kernel, board, variant and '
                      'the busy host', rc == 0 and
                      '== make soak KERNEL=7.3 BOARD=midway VARIANT=debug, '
                      'busy host' in text))
        cases.append(('... its run line, seed, counts and verdict',
                      'run: commit abc1234, 2026-12-07 18:36 UTC, 2 CPUs, '
                      'load: 2 busy loops on 2 CPUs' in text and
                      'seed 2703, 3108.8 s' in text and 'dirty: 0' in text and
                      'leaks: 0' in text and
                      '2 cases passed, 0 failed' in text))

        os.unlink(os.path.join(logs, '7.3-midway-soak-load-tests.log'))
        write(logs, 'test-run', TEST_RUN)
        write(logs, 'summary', SUMMARY)
        write(logs, '7.3-midway-reset.out', BOARD_OUT)
        rc, text = report(logs, out)
        cases.append(('make test: its time, cold, parts, total and boot times',
                      rc == 0 and '== make test (cold)' in text and
                      'took 24m45s' in text and
                      '7.3-midway-reset: 87.3 s, /init after 3.1 s' in text and
                      'total: 2 passed, 0 failed' in text))
        cases.append(('a run with no log keeps its section',
                      '== make soak KERNEL=7.3 BOARD=midway' in text and
                      'seed 2703' in text))
        rc, again = report(logs, out)
        cases.append(('written twice from the same logs, it is the same',
                      again == text))

        write(logs, '7.3-midway-soak-load-tests.log', SOAK % (3, 'not ok'))
        rc, text = report(logs, out)
        cases.append(('a newer soak replaces its section, failures shown',
                      'dirty: 3' in text and 'dirty: 0' not in text and
                      '1 cases passed, 1 failed' in text))
    print('KTAP version 1')
    print('1..%d' % len(cases))
    for n, (name, ok) in enumerate(cases, 1):
        print('%s %d %s' % ('ok' if ok else 'not ok', n, name))
    failed = sum(1 for _, ok in cases if not ok)
    print('report: %d passed, %d failed' % (len(cases) - failed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
