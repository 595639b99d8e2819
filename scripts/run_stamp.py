#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""What a run's figures are of: the commit, the date, the host's CPUs and load.

  run_stamp.py      prints "commit C, YYYY-MM-DD HH:MM UTC, N CPUs[, load: L]"

boot-board.py writes it into each console log and run-tests.sh into make
test's record, as a "# run: ..." line; scripts/report.py reads it back.
The load is what scripts/busy-host.sh put in VFIOTEST_HOST_LOAD.
"""
import os
import subprocess
import time

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_stamp():
    try:
        commit = subprocess.run(
            ['git', '-C', TOP, 'describe', '--always', '--dirty', '--abbrev=7'],
            capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = 'unknown'
    load = os.environ.get('VFIOTEST_HOST_LOAD')
    return 'commit %s, %s, %d CPUs%s' % (
        commit, time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime()),
        os.cpu_count(), ', load: ' + load if load else '')


if __name__ == '__main__':
    print(run_stamp())
