#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Produce one kernel's change as a mail-ready series.

  make-series.py [--kernel 6.12|6.1] OUTDIR

One patch per line of patches/KERNEL/series: the patch file's headers and
message, then its diffs and the whole new files that line names, every
file's diff in path order as git writes them.  A new file comes from
patches/KERNEL/files/PATH if that exists, else from PATH in the project.
Every new kernel file of the project (under drivers/, include/,
Documentation/, and patches/KERNEL/files/) must be named by exactly one
line.
"""
import argparse
import os
import re
import shutil
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NEW_DIRS = ('drivers', 'include', 'Documentation')


def die(msg):
    sys.exit('make-series: error: ' + msg)


def read_series(kdir):
    lines = []
    with open(os.path.join(kdir, 'series')) as f:
        for raw in f:
            words = raw.split('#', 1)[0].split()
            if words:
                lines.append(words)
    if not lines:
        die('patches/series is empty')
    return lines


def split_patch(path):
    """Headers, message and {file: diff text} of one patch file."""
    text = open(path).read()
    head, sep, diffs = text.partition('\n---\n')
    if not sep:
        die('%s: no "---" line between message and diff' % path)
    hdr, _, body = head.partition('\n\n')
    headers = dict(re.findall(r'^(From|Subject): (.*)$', hdr, re.M))
    if 'From' not in headers or 'Subject' not in headers:
        die('%s: needs From: and Subject: headers' % path)
    files = {}
    for chunk in re.split(r'(?m)^(?=--- a/)', diffs):
        m = re.match(r'--- a/(\S+)', chunk)
        if m:
            name = m.group(1)
            files[name] = 'diff --git a/%s b/%s\n%s' % (name, name, chunk)
    return headers, body.rstrip('\n'), files


def new_file_path(kdir, name):
    """The copy of new file NAME this kernel takes."""
    own = os.path.join(kdir, 'files', name)
    return own if os.path.isfile(own) else os.path.join(TOP, name)


def new_file_diff(kdir, name):
    with open(new_file_path(kdir, name)) as f:
        lines = f.read().splitlines()
    if not lines:
        die('%s is empty' % name)
    out = ['diff --git a/%s b/%s' % (name, name), 'new file mode 100644',
           '--- /dev/null', '+++ b/%s' % name, '@@ -0,0 +1,%d @@' % len(lines)]
    out += ['+' + l for l in lines]
    return '\n'.join(out) + '\n'


def diffstat(files):
    """The summary git puts between the message and the diffs."""
    rows, adds, dels = [], 0, 0
    width = max(len(name) for name in files)
    for name in sorted(files):
        a = d = 0
        for line in files[name].splitlines():
            if line.startswith('+') and not line.startswith('+++ '):
                a += 1
            elif line.startswith('-') and not line.startswith('--- '):
                d += 1
        adds, dels = adds + a, dels + d
        scale = min(1.0, 50.0 / max(1, a + d))
        rows.append(' %-*s | %4d %s%s' % (width, name, a + d,
                                          '+' * round(a * scale),
                                          '-' * round(d * scale)))
    rows.append(' %d file%s changed, %d insertion%s(+), %d deletion%s(-)' % (
        len(files), '' if len(files) == 1 else 's', adds,
        '' if adds == 1 else 's', dels, '' if dels == 1 else 's'))
    return '\n'.join(rows) + '\n\n'


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--kernel', default=os.environ.get('KERNEL', '6.12'))
    ap.add_argument('dest')
    args = ap.parse_args()
    dest = args.dest
    kdir = os.path.join(TOP, 'patches', args.kernel)
    if not os.path.isfile(os.path.join(kdir, 'series')):
        die('no kernel %s: expected patches/%s/series' % (args.kernel,
                                                         args.kernel))
    series = read_series(kdir)
    shutil.rmtree(dest, ignore_errors=True)
    os.makedirs(dest)
    claimed = set()
    total = len(series)
    for n, words in enumerate(series, 1):
        pfile = os.path.join(kdir, words[0])
        if not os.path.isfile(pfile):
            die('patches/%s/series: %s does not exist' % (args.kernel,
                                                         words[0]))
        headers, body, files = split_patch(pfile)
        for name in words[1:]:
            if not os.path.isfile(new_file_path(kdir, name)):
                die('%s: new file %s does not exist' % (words[0], name))
            if name in claimed:
                die('%s is named by two lines of patches/%s/series' % (
                    name, args.kernel))
            claimed.add(name)
            files[name] = new_file_diff(kdir, name)
        out = os.path.join(dest, '%04d-%s' % (n, re.sub(r'^\d{4}-', '', words[0])))
        with open(out, 'w') as f:
            f.write('From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001\n')
            f.write('From: %s\n' % headers['From'])
            f.write('Subject: [PATCH %d/%d] %s\n\n' % (n, total, headers['Subject']))
            f.write(body + '\n---\n')
            f.write(diffstat(files))
            for name in sorted(files):
                f.write(files[name])
            f.write('-- \n2.39.5\n\n')
    unclaimed = []
    roots = [(os.path.join(TOP, d), TOP) for d in NEW_DIRS]
    roots.append((os.path.join(kdir, 'files'), os.path.join(kdir, 'files')))
    for top, base in roots:
        for root, _, names in os.walk(top):
            for name in names:
                rel = os.path.relpath(os.path.join(root, name), base)
                if rel not in claimed:
                    unclaimed.append(rel)
    for rel in sorted(unclaimed):
        print('make-series: error: %s is not named by any line of '
              'patches/%s/series' % (rel, args.kernel), file=sys.stderr)
    if unclaimed:
        sys.exit(1)
    print('make-series: %d patches in %s' % (total, dest))


if __name__ == '__main__':
    main()
