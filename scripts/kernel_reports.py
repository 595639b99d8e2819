#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The table of kernel reports that fail a run (tests/kernel-reports).

  kernel_reports.py     prints its expressions, one a line, as the
                        guest's grep -E -f reads them

REPORTS is [(expression, example line)]; REPORT matches any of them.
"""
import os
import re

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TABLE = os.path.join(TOP, 'tests', 'kernel-reports')


def read(path=TABLE):
    with open(path) as f:
        rows = [l.rstrip('\n').split('\t') for l in f
                if l.strip() and not l.startswith('#')]
    bad = [r for r in rows if len(r) != 2 or not all(r)]
    if bad:
        raise ValueError('%s: not "EXPRESSION<tab>EXAMPLE": %r' % (path, bad[0]))
    return [tuple(r) for r in rows]


REPORTS = read()
REPORT = re.compile('|'.join('(?:%s)' % e for e, _ in REPORTS))

if __name__ == '__main__':
    for expression, _ in REPORTS:
        print(expression)
