#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write patches/KERNEL/ from a git repository made by series-to-git.sh.

  series-from-git.py REPO KERNEL [BASE]

One patch a commit of BASE..HEAD (BASE: the tag "pristine"): the commit's
message as From:/Subject: and body, the changes to existing files as a
plain diff, and the files the commit adds named on its line of
patches/KERNEL/series and written to the project (to
patches/KERNEL/files/PATH where the kernel has its own copy, else to PATH
at the top).  The old patch files go; the series file keeps its header.
"""
import os
import re
import subprocess
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FROM = 'vfio-platform-reset developer <dev@vfio-platform-reset.invalid>'


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    repo, kernel = sys.argv[1], sys.argv[2]
    base = sys.argv[3] if len(sys.argv) == 4 else 'pristine'

    def git(*a):
        return subprocess.check_output(['git', '-C', repo] + list(a),
                                       text=True)
    pdir = os.path.join(TOP, 'patches', kernel)
    commits = git('rev-list', '--reverse', '%s..HEAD' % base).split()
    if not commits:
        sys.exit('series-from-git: no commits in %s..HEAD' % base)
    for f in os.listdir(pdir):
        if f.endswith('.patch'):
            os.remove(os.path.join(pdir, f))
    lines = []
    for n, c in enumerate(commits, 1):
        subj, _, body = git('log', '-1', '--format=%B', c).strip('\n') \
            .partition('\n')
        slug = re.sub(r'[^a-z0-9]+', '-', subj.lower()).strip('-')
        name = '%04d-%s.patch' % (n, slug[:80].rstrip('-'))

        def names(flt):
            return git('diff', '--name-only', '--diff-filter=' + flt,
                       c + '~1', c).split()
        new, mod = names('A'), names('M')
        if names('DRCT'):
            sys.exit('series-from-git: %s deletes or renames files: %s' %
                     (subj, names('DRCT')))
        diff = git('diff', '-U3', '--no-color', c + '~1', c, '--', *mod) \
            if mod else ''
        diff = '\n'.join(l for l in diff.split('\n')
                         if not l.startswith(('diff --git ', 'index ')))
        with open(os.path.join(pdir, name), 'w') as f:
            f.write('From: %s\nSubject: %s\n\n%s\n---\n%s' % (
                FROM, subj, body.strip('\n'), diff))
            if diff and not diff.endswith('\n'):
                f.write('\n')
        for p in new:
            own = os.path.join(pdir, 'files', p)
            dst = own if os.path.exists(own) else os.path.join(TOP, p)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            with open(dst, 'w') as f:
                f.write(git('show', '%s:%s' % (c, p)))
        lines.append(' '.join([name] + new))
    series = os.path.join(pdir, 'series')
    head = [l for l in open(series).read().split('\n') if l.startswith('#')]
    with open(series, 'w') as f:
        f.write('\n'.join(head + lines) + '\n')
    print('\n'.join(lines))


if __name__ == '__main__':
    main()
