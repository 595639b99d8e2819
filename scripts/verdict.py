#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The host's verdict on a board run, from its console lines.

verdict_tests() judges a run of the guest's test cases: every result of
the KTAP plan present and ok, the guest finished, no timeout, and no
kernel report of tests/kernel-reports on the console.  verdict_run()
gives a command's exit status (make run).  scripts/boot-board.py boots
and calls them; tests/host/verdict-test.py tries them on made-up logs.
"""
import os
import re
import sys

from kernel_reports import REPORT

KTAP_RESULT = re.compile(r'^(ok|not ok) (\d+)\b(.*)$')
KTAP_PLAN = re.compile(r'^1\.\.(\d+)$')


def verdict_tests(args, lines, timed_out, done, elapsed):
    plan, results = None, {}
    splats = []
    for line in lines:
        m = KTAP_PLAN.match(line)
        if m and plan is None:
            plan = int(m.group(1))
        m = KTAP_RESULT.match(line)
        if m:
            results[int(m.group(2))] = (m.group(1) == 'ok', m.group(3))
        if REPORT.search(line):
            splats.append(line)
    passed = sum(1 for ok, _ in results.values() if ok)
    failed = sum(1 for ok, _ in results.values() if not ok)
    problems = []
    if plan is None:
        problems.append('the guest printed no KTAP plan')
    else:
        missing = [n for n in range(1, plan + 1) if n not in results]
        if missing:
            problems.append('no result for test(s) %s' % missing)
    if timed_out:
        problems.append('timeout after %d s (hang?)' % args.timeout)
    elif not done:
        problems.append('the guest never finished (crash or panic?)')
    if splats:
        problems.append('kernel reports on the console: %s' % splats[:3])
    for p in problems:
        print('boot-board: %s: FAIL: %s' % (args.name, p))
    failed += len(problems)
    name = args.name
    print('boot-board: %s: %.1f s (/init after %s), console log in %s' % (
        name, elapsed, '%.1f s' % args.init_at
        if getattr(args, 'init_at', None) is not None else 'never',
        os.path.relpath(args.log)))
    print('%s: %d passed, %d failed' % (name, passed, failed))
    return 1 if failed or not passed else 0


def verdict_run(args, lines, timed_out, done, elapsed):
    status = None
    for line in lines:
        m = re.match(r'^vfiotest: run: end, exit status (\d+)', line)
        if m:
            status = int(m.group(1))
    splats = [l for l in lines if REPORT.search(l)]
    if timed_out:
        print('boot-board: timeout after %d s; console log in %s' % (
            args.timeout, args.log), file=sys.stderr)
        return 124
    if status is None:
        print('boot-board: the command never finished (crash?); console log in %s'
              % args.log, file=sys.stderr)
        return 125
    if splats:
        print('boot-board: kernel reports on the console: %s' % splats[:3],
              file=sys.stderr)
    print('boot-board: exit status %d, %.1f s, console log in %s' % (
        status, elapsed, os.path.relpath(args.log)), file=sys.stderr)
    return status
