#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write REPORT: the project's latest figures, from the logs of the runs.

  report.py [--logs DIR] [--out FILE]

Reads the logs make test, make demo, make bench and make soak leave in
DIR (OUT/logs) and writes one section a run into FILE (REPORT at the top
of the project): what ran, the "# run:" line of its log (commit, date,
CPUs, host load: scripts/run_stamp.py), and its figures.  A section
whose run has no log in DIR is kept as FILE has it, so that figures
measured apart (a fresh clone's make test, a soak on a busy host) add up
in one file.  Exits 1 if DIR holds no log of any run.
"""
import argparse
import glob
import os
import re
import subprocess
import sys

import boards
import defaults

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# the log names' board part: any board of boards/
BOARDS = '|'.join(re.escape(n) for n in boards.names())
HEAD = '== '
ORDER = ('make test', 'make demo', 'make bench', 'make soak')


def run_line(text):
    m = re.search(r'^# run: (.*)$', text, re.M)
    return m.group(1) if m else None


def read(path):
    with open(path, errors='replace') as f:
        return f.read()


def test_section(logs):
    path = os.path.join(logs, 'test-run')
    if not os.path.exists(path):
        return None
    text = read(path)
    took = re.search(r'^# make test: (\d+) s, (\w+)', text, re.M)
    summary = read(os.path.join(logs, 'summary')).strip()
    kind = took.group(2) if took else 'warm'
    head = 'make test (%s)' % kind
    body = []
    if took:
        s = int(took.group(1))
        body.append('took %dm%02ds from the start of make test' % (s // 60, s % 60))
    body += summary.splitlines() + [text.strip().splitlines()[-1], 'board runs:']
    for out in sorted(glob.glob(os.path.join(logs, '*.out'))):
        m = re.search(r'^boot-board: (\S+): ([\d.]+) s \(/init after '
                      r'([\d.]+ s|never)\)', read(out), re.M)
        if m:
            body.append('  %s: %s s, /init after %s' % m.groups())
    return head, run_line(text), body


def table(script, *args):
    """The output of one of the table scripts, or None if it failed."""
    r = subprocess.run([sys.executable, os.path.join(TOP, 'scripts', script)]
                       + list(args), capture_output=True, text=True)
    return r.stdout.strip('\n').splitlines() if r.returncode == 0 else None


def demo_sections(logs):
    for reset in sorted(glob.glob(os.path.join(logs, '*-reset-demo.log'))):
        kernel, board = re.match(r'(.+?)-(%s)-reset-demo\.log' % BOARDS,
                                 os.path.basename(reset)).groups()
        base = os.path.join(logs, '%s-%s-' % (kernel, board))
        runs = [base + 'control-demo.log', reset]
        if os.path.exists(base + 'control-forked-demo.log'):
            runs.append(base + 'control-forked-demo.log')
        if not all(os.path.exists(r) for r in runs):
            continue
        body = table('demo-table.py', board, *runs)
        if body:
            yield ('make demo KERNEL=%s BOARD=%s' % (kernel, board),
                   run_line(read(reset)), body)


def bench_sections(logs):
    for log in sorted(glob.glob(os.path.join(logs, '*-bench.log'))):
        kernel = os.path.basename(log).split('-')[0]
        body = table('bench-table.py', log)
        if body:
            yield 'make bench KERNEL=%s' % kernel, run_line(read(log)), body


def soak_sections(logs):
    for log in sorted(glob.glob(os.path.join(logs, '*-soak*-tests.log'))):
        text = read(log)
        soak = re.search(r'# SOAK (.*)', text)
        top = re.findall(r'^(ok|not ok) \d+ ', text, re.M)
        extra = re.findall(r'^ +#   (kernel_reports|leaks): (.*)$', text, re.M)
        if not soak:
            continue
        kernel, board = re.match(r'(.+?)-(%s)-soak' % BOARDS,
                                 os.path.basename(log)).groups()
        variant = re.search(r'vfiotest\.variant=(\S+)', text).group(1)
        seed = re.search(r'soak table \(\S+, seed (\d+)\)', text)
        took = re.search(r'^# boot-board: ([\d.]+) s', text, re.M)
        stamp = run_line(text) or ''
        load = 'busy host' if 'load:' in stamp else 'quiet host'
        body = ['seed %s, %s s of boot-board' % (
            seed.group(1) if seed else '?', took.group(1) if took else '?')]
        body += ['  ' + kv.replace('=', ': ') for kv in soak.group(1).split()]
        body += ['  %s: %s' % kv for kv in extra]
        body.append('the board run: %d cases passed, %d failed%s' % (
            top.count('ok'), top.count('not ok'),
            '' if 'vfiotest: done' in text else ', and it never finished'))
        yield ('make soak KERNEL=%s BOARD=%s VARIANT=%s, %s' % (
            kernel, board, variant, load), stamp, body)


def parse(path):
    """{heading: section text} of an existing report."""
    sections = {}
    if not os.path.exists(path):
        return sections
    head = None
    for line in read(path).splitlines(keepends=True):
        if line.startswith(HEAD):
            head = line[len(HEAD):].strip()
            sections[head] = ''
        elif head is not None:
            sections[head] += line
    return {h: t.strip('\n') + '\n' for h, t in sections.items()}


def render(head, stamp, body):
    return '%s\n\n%s\n' % ('run: ' + (stamp or 'not recorded in its log'),
                           '\n'.join('    ' + l if l else '' for l in body))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--logs', default=os.path.join(
        defaults.out_dir(), 'logs'))
    p.add_argument('--out', default=os.path.join(TOP, 'REPORT'))
    args = p.parse_args()
    sections = parse(args.out)
    found = [s for s in [test_section(args.logs)] if s]
    for gen in (demo_sections, bench_sections, soak_sections):
        found += list(gen(args.logs))
    if not found:
        print('report: no log of a run in %s' % args.logs, file=sys.stderr)
        return 1
    for head, stamp, body in found:
        sections[head] = render(head, stamp, body)
        print('report: %s' % head)
    rank = {k: i for i, k in enumerate(ORDER)}
    with open(args.out, 'w') as f:
        f.write('The latest figures of each kind of run, written by '
                'scripts/report.py\n(make report) from the runs\' logs; '
                'README says what each run does.\n')
        for head in sorted(sections, key=lambda h: (
                min((i for k, i in rank.items() if h.startswith(k)),
                    default=len(ORDER)), h)):
            f.write('\n%s%s\n%s' % (HEAD, head, sections[head]))
    return 0


if __name__ == '__main__':
    sys.exit(main())
