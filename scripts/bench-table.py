#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The benchmark's table: what a reset adds to open and to release.

  bench-table.py LOG

LOG is the console of a run of tests/guest/bench.sh, which resets the
same device by the native driver and by upstream's forked module in the
same boot.  Reads the reset times vfio-platform's tracepoint reported
("bench: reset: DEV on=WHY method=M by=B ret=R ns=N") and prints p50 and
p90 of each method, on open and on release, and the ratio native/forked.
Exits 1 if a method has no resets or a reset failed; the times
themselves never fail it: it is a benchmark.
"""
import re
import sys

LINE = re.compile(r'bench: reset: (\S+) on=(\S+) method=(\S+) by=(\S+) '
                  r'ret=(-?\d+) ns=(\d+)')
TARGET = 1.2


def read(log):
    """{method: {'open': [ns...], 'release': [...]}}, {method: whose}."""
    times, who = {}, {}
    with open(log, errors='replace') as f:
        for line in f:
            m = LINE.search(line)
            if not m:
                continue
            _, why, method, by, ret, ns = m.groups()
            if ret != '0':
                sys.exit('bench-table: error: %s: a reset failed: %s' %
                         (log, line.strip()))
            if why in ('open', 'release'):
                times.setdefault(method, {'open': [], 'release': []})
                times[method][why].append(int(ns))
                who[method] = by
    for method in ('native', 'module'):
        if not times.get(method, {}).get('release') or \
                not times[method]['open']:
            sys.exit('bench-table: error: %s has no %s resets (did the run '
                     'finish?)' % (log, method))
    return times, who


def pct(values, p):
    """The p-th percentile, nearest rank."""
    v = sorted(values)
    k = max(1, -(-len(v) * p // 100))
    return v[k - 1]


def main():
    if len(sys.argv) != 2:
        sys.exit('usage: bench-table.py LOG')
    times, who = read(sys.argv[1])
    native, forked = times['native'], times['module']
    print('Time a reset adds, in us (vfio-platform tracepoint), one boot, '
          '%d opens and releases each:' % len(native['release']))
    print('  native: the native driver\'s reset (%s)' % who['native'])
    print('  forked: upstream\'s forked module (%s)' % who['module'])
    print()
    print('%-9s %10s %10s %10s %10s %8s %8s' % (
        '', 'native', 'native', 'forked', 'forked', 'ratio', 'ratio'))
    print('%-9s %10s %10s %10s %10s %8s %8s' % (
        '', 'p50', 'p90', 'p50', 'p90', 'p50', 'p90'))
    ratio = {}
    for why in ('open', 'release'):
        n50, n90 = pct(native[why], 50), pct(native[why], 90)
        f50, f90 = pct(forked[why], 50), pct(forked[why], 90)
        ratio[why] = n50 / f50
        print('%-9s %10.1f %10.1f %10.1f %10.1f %8.2f %8.2f' % (
            why, n50 / 1000, n90 / 1000, f50 / 1000, f90 / 1000,
            n50 / f50, n90 / f90))
    print()
    print('target: native/forked <= %.1f on release p50: %.2f, %s' % (
        TARGET, ratio['release'],
        'met' if ratio['release'] <= TARGET else 'NOT met'))
    return 0


if __name__ == '__main__':
    sys.exit(main())
