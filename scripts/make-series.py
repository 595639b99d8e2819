#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write one kernel's change as mail-ready patches, set by set.

  make-series.py [--kernel 7.3|6.12] [--check] OUTDIR

One patch per line of patches/KERNEL/series: the patch file's headers and
message, then its diffs and the whole new files that line names, every
file's diff in path order as git writes them.  A new file comes from
patches/KERNEL/files/PATH if that exists, else from PATH in the project.
Every new kernel file of the project (under drivers/, include/,
Documentation/, and patches/KERNEL/files/) must be named by exactly one
line.

patches/KERNEL/sets splits the series into the sets each tree takes, in
the order they land: OUTDIR/N-NAME/ holds a set's cover letter (0000-)
and patches, numbered [RFC PATCH v3 n/m] ([PATCH v3 n/m] for a set
with rfc = no), each with To: and Cc: from the
kernel's scripts/get_maintainer.pl and the cover letter with them all.
The cover letter is patches/cover-letter.txt filled in with the set's
summary, the list of sets, and the results of the project's last demo,
soak and bench runs ($OUT/logs), said to be older than the patches when
they are.  It ends, as git format-patch --base would, with base-commit:
(the kernel's release, from its Makefile) and the prerequisite-patch-id:
of every patch of the sets before it.

The author and Signed-off-by are the sender's: FROM="Name <mail>", else
git config user.name and user.email.  The series' files carry a
placeholder, which is refused.  --check writes the series with the
placeholder, for make series-check, and says so in every patch.
"""
import argparse
import configparser
import datetime
import os
import re
import shutil
import subprocess
import sys
import textwrap

import defaults

SCRIPTS = os.path.dirname(os.path.abspath(__file__))
TOP = defaults.TOP
NEW_DIRS = ('drivers', 'include', 'Documentation')
PLACEHOLDER = 'vfio-platform-reset developer <dev@vfio-platform-reset.invalid>'
VERSION = 'v3'
CHECK_NOTE = ('[make series-check: placeholder author, not for sending; '
              '"make series" writes the series to send]')


def die(msg):
    sys.exit('make-series: error: ' + msg)


def warn(msg):
    print('make-series: warning: ' + msg, file=sys.stderr)


def read_series(kdir):
    lines = []
    with open(os.path.join(kdir, 'series')) as f:
        for raw in f:
            words = raw.split('#', 1)[0].split()
            if words:
                lines.append(words)
    if not lines:
        die('patches/%s/series is empty' % os.path.basename(kdir))
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
    out += ['+' + line for line in lines]
    return '\n'.join(out) + '\n'


def count(files):
    """{file: (insertions, deletions)}"""
    out = {}
    for name, text in files.items():
        a = d = 0
        for line in text.splitlines():
            if line.startswith('+') and not line.startswith('+++ '):
                a += 1
            elif line.startswith('-') and not line.startswith('--- '):
                d += 1
        out[name] = (a, d)
    return out


def diffstat(counts):
    """The summary git puts between the message and the diffs."""
    rows, adds, dels = [], 0, 0
    width = max(len(name) for name in counts)
    for name in sorted(counts):
        a, d = counts[name]
        adds, dels = adds + a, dels + d
        scale = min(1.0, 50.0 / max(1, a + d))
        rows.append(' %-*s | %4d %s%s' % (width, name, a + d,
                                          '+' * round(a * scale),
                                          '-' * round(d * scale)))
    rows.append(' %d file%s changed, %d insertion%s(+), %d deletion%s(-)' % (
        len(counts), '' if len(counts) == 1 else 's', adds,
        '' if adds == 1 else 's', dels, '' if dels == 1 else 's'))
    return '\n'.join(rows) + '\n'


def identity(check):
    """The sender, "Name <mail>"."""
    if check:
        return PLACEHOLDER
    how = ('say who sends the series: make series FROM="Your Name '
           '<you@example.org>", or git config --global user.name "Your '
           'Name" and git config --global user.email you@example.org')
    who = os.environ.get('FROM', '').strip()
    if not who:
        def cfg(key):
            r = subprocess.run(['git', '-C', TOP, 'config', key],
                               capture_output=True, text=True)
            return r.stdout.strip()
        name, mail = cfg('user.name'), cfg('user.email')
        if not name or not mail:
            die('no author: FROM is not set and git config has no %s; %s' % (
                'user.name' if not name else 'user.email', how))
        who = '%s <%s>' % (name, mail)
    m = re.fullmatch(r'([^<>@]+?) <([^<>@\s]+@([^<>@\s]+))>', who)
    if not m:
        die('author "%s" is not "Name <mail>"; %s' % (who, how))
    domain = m.group(3).lower()
    if (domain.endswith(('.invalid', '.example', '.test', '.localhost',
                         '.local')) or domain in ('localhost', 'example.com',
                                                  'example.org',
                                                  'example.net') or
            'noreply' in m.group(2).lower() or who == PLACEHOLDER):
        die('author "%s" is a placeholder: a Signed-off-by must name a '
            'real person and address (Documentation/process/'
            'submitting-patches.rst, "Developer\'s Certificate of '
            'Origin"); %s' % (who, how))
    return who


def read_sets(kdir, kernel):
    path = os.path.join(kdir, 'sets')
    if not os.path.isfile(path):
        die('no patches/%s/sets: it says which patches each tree takes' %
            kernel)
    cp = configparser.ConfigParser(interpolation=None)
    cp.read(path)
    sets = []
    for name in cp.sections():
        s = dict(cp[name])
        s['name'] = name
        for key in ('title', 'tree', 'base', 'summary'):
            if not s.get(key, '').strip():
                die('patches/%s/sets: [%s] has no %s' % (kernel, name, key))
        if ('subjects' in s) == ('patches' in s):
            die('patches/%s/sets: [%s] needs subjects or patches (one)' %
                (kernel, name))
        if s.get('rfc', 'yes') not in ('yes', 'no'):
            die('patches/%s/sets: [%s] has rfc = %s: yes or no' %
                (kernel, name, s['rfc']))
        s['summary'] = '\n'.join('' if l.strip() == '.' else l.strip()
                                 for l in s['summary'].strip().split('\n'))
        s['tree'] = ' '.join(s['tree'].split())
        sets.append(s)
    return sets


class Patch:
    def __init__(self, headers, body, files, source):
        self.subject = headers['Subject']
        self.author = headers['From']
        self.body = body
        self.files = files
        self.source = source


def kernel_patches(kdir, kernel):
    series = read_series(kdir)
    claimed = set()
    out = []
    for words in series:
        pfile = os.path.join(kdir, words[0])
        if not os.path.isfile(pfile):
            die('patches/%s/series: %s does not exist' % (kernel, words[0]))
        headers, body, files = split_patch(pfile)
        for name in words[1:]:
            if not os.path.isfile(new_file_path(kdir, name)):
                die('%s: new file %s does not exist' % (words[0], name))
            if name in claimed:
                die('%s is named by two lines of patches/%s/series' % (
                    name, kernel))
            claimed.add(name)
            files[name] = new_file_diff(kdir, name)
        out.append(Patch(headers, body, files, pfile))
    unclaimed = []
    roots = [(os.path.join(TOP, d), TOP) for d in NEW_DIRS]
    roots.append((os.path.join(kdir, 'files'), os.path.join(kdir, 'files')))
    for top, base in roots:
        for root, _, names in os.walk(top):
            for name in names:
                rel = os.path.relpath(os.path.join(root, name), base)
                if rel not in claimed:
                    unclaimed.append(rel)
    if unclaimed:
        die('\n'.join('%s is not named by any line of patches/%s/series' %
                      (rel, kernel) for rel in sorted(unclaimed)))
    return out


def assign(sets, patches, kernel):
    """Each kernel set's patches, in series order; contiguous."""
    last = -1
    for s in sets:
        if 'patches' in s:
            d = os.path.join(TOP, 'patches', s['patches'])
            s['patches_'] = []
            for f in sorted(os.listdir(d)):
                if f.endswith('.patch'):
                    h, b, fl = split_patch(os.path.join(d, f))
                    s['patches_'].append(Patch(h, b, fl, os.path.join(d, f)))
            continue
        prefixes = tuple(p.strip() + ' ' for p in s['subjects'].split(','))
        idx = [i for i, p in enumerate(patches)
               if p.subject.startswith(prefixes)]
        if not idx:
            die('patches/%s/sets: [%s] takes no patch' % (kernel, s['name']))
        if idx != list(range(idx[0], idx[-1] + 1)) or idx[0] <= last:
            die('patches/%s/sets: [%s]\'s patches (%s) do not follow each '
                'other in the series, after the sets before it' % (
                    kernel, s['name'], ', '.join(str(i + 1) for i in idx)))
        last = idx[-1]
        s['patches_'] = [patches[i] for i in idx]
    taken = sum(len(s['patches_']) for s in sets if 'subjects' in s)
    if taken != len(patches):
        missing = [p.subject for p in patches
                   if not any(p in s['patches_'] for s in sets)]
        die('patches/%s/sets takes no set for: %s' % (kernel,
                                                       '; '.join(missing)))


def get_maintainers(tree, args):
    """(to, cc) of get_maintainer.pl ARGS in TREE, in its order.  Perl's
    hash order is fixed, or its order of equally ranked addresses would
    change from run to run."""
    env = dict(os.environ, PERL_HASH_SEED='0', PERL_PERTURB_KEYS='0')
    r = subprocess.run(['perl', 'scripts/get_maintainer.pl', '--no-git',
                        '--no-git-fallback'] + args,
                       cwd=tree, capture_output=True, text=True, env=env)
    if r.returncode:
        die('get_maintainer.pl %s: %s' % (' '.join(args), r.stderr.strip()))
    to, cc = [], []
    for addr, role in re.findall(r'^(.*?) \((.*)\)$', r.stdout, re.M):
        if addr.endswith('.invalid>'):
            continue
        if role.startswith(('maintainer', 'supporter', 'odd fixer')):
            to.append(addr)
        else:
            cc.append(addr)
    return to, cc


def merge(*lists):
    seen, out = set(), []
    for addr in (a for lst in lists for a in lst):
        key = addr.lower()
        if key not in seen:
            seen.add(key)
            out.append(addr)
    return out


def release(tree):
    mk = open(os.path.join(tree, 'Makefile')).read()
    v = [re.search(r'^%s = (\d+)' % k, mk, re.M)
         for k in ('VERSION', 'PATCHLEVEL', 'SUBLEVEL')]
    if not all(v):
        die('%s/Makefile: no VERSION/PATCHLEVEL/SUBLEVEL' % tree)
    return 'v%s.%s' % (v[0].group(1), v[1].group(1)) + (
        '.' + v[2].group(1) if v[2].group(1) != '0' else '')


def patch_id(text):
    r = subprocess.run(['git', 'patch-id', '--stable'], input=text,
                       capture_output=True, text=True, cwd='/')
    if r.returncode or not r.stdout.split():
        die('git patch-id failed: %s' % r.stderr.strip())
    return r.stdout.split()[0]


# The measurements ---------------------------------------------------------

def script_output(args):
    r = subprocess.run([sys.executable] + args, capture_output=True,
                       text=True)
    return r.returncode, r.stdout.rstrip('\n'), r.stderr.strip()


def base_result(kernel, logs, when, notes):
    """What the base is, as scripts/check-base.sh found it (make test)."""
    src = os.path.join(TOP, 'patches', kernel, 'source')
    fields = dict(l.split('\t', 1) for l in open(src).read().split('\n')
                  if '\t' in l and not l.startswith('#')) \
        if os.path.isfile(src) else {}
    debian = ' '.join(filter(None, (fields.get('package',
                                               'linux-source-' + kernel),
                                    fields.get('version'))))
    log = os.path.join(logs, '%s-base.out' % kernel)
    if not os.path.isfile(log):
        if fields.get('version'):
            notes.append('no base check for %s in %s: run make test' %
                         (kernel, logs))
        return textwrap.fill('Base: Debian\'s %s, not compared with the '
                             'upstream tarball.' % debian, 72)
    text = open(log, errors='replace').read()
    skip = re.search(r'# SKIP (.*)', text)
    differ = re.findall(r'^# (\S+): (?:differs|not in)', text, re.M)
    if skip:
        said = 'not compared with the upstream tarball here: %s' % \
            skip.group(1)
    elif differ:
        said = 'differs from the upstream tarball in %s' % ', '.join(differ)
    else:
        said = 'every file the series touches is the same in the upstream ' \
            'tarball, so it applies to the release base-commit: names'
    return textwrap.fill('Base (%s): Debian\'s %s; %s.' % (when(log), debian,
                                                           said), 72)


class Age:
    """When a log was written, noting one older than the patches."""

    def __init__(self, newest, notes):
        self.newest, self.notes = newest, notes

    def __call__(self, path):
        t = os.path.getmtime(path)
        stamp = datetime.datetime.fromtimestamp(t).strftime('%Y-%m-%d %H:%M')
        if t < self.newest:
            self.notes.append('%s (%s) is older than the patches: run it '
                              'again' % (os.path.relpath(path, TOP), stamp))
            return '%s, before the last change to the patches' % stamp
        return stamp


def table_result(script, logs, what, title, when, notes, args_, sep=''):
    """The output of one of the table scripts on ARGS_, under TITLE and
    SEP."""
    if not all(os.path.isfile(p) for p in logs):
        notes.append('no %s logs in %s (%s): run %s' % (
            what, os.path.dirname(logs[0]),
            ', '.join(os.path.basename(p) for p in logs), what))
        return '%s: [not measured: run %s]' % (title, what)
    rc, out, err = script_output([os.path.join(SCRIPTS, script)] + args_)
    if rc:
        notes.append('%s\'s logs cannot be read: %s' % (what, err))
        return '%s: [%s\'s logs unreadable]' % (title, what)
    return '%s, %s (%s):%s%s' % (title, what,
                                 when(min(logs, key=os.path.getmtime)),
                                 sep, out)


def soak_log(kernel, logs, newest):
    """The soak to report: make soak's newest (on a quiet or a busy host),
    unless make test's short soak is the only one newer than the patches."""
    soaks = [p for p in (os.path.join(logs, '%s-midway-soak%s-tests.log' % (
        kernel, load)) for load in ('', '-load')) if os.path.isfile(p)]
    short = os.path.join(logs, '%s-midway-debug-tests.log' % kernel)
    soak = max(soaks, key=os.path.getmtime) if soaks else None
    if soak is None or (os.path.isfile(short) and
                        os.path.getmtime(soak) < newest <=
                        os.path.getmtime(short)):
        return short, False
    return soak, True


def soak_result(kernel, logs, when, notes):
    src, long_run = soak_log(kernel, logs, when.newest)
    text, line = '', None
    if os.path.isfile(src):
        with open(src, errors='replace') as f:
            text = f.read()
        m = re.findall(r'# SOAK (cycles=.*)', text)
        line = m[-1] if m else None
    if not line:
        notes.append('no soak result for %s in %s: run make soak' % (kernel,
                                                                      logs))
        return 'Soak: [not measured: run make soak]'
    f = dict(w.split('=', 1) for w in line.split())
    leak = re.search(r'(not ok|ok) \d+ kmemleak', text)
    reports = re.search(r'(not ok|ok) \d+ no kernel report', text)
    return textwrap.fill(
        'Soak (%s, %s, debug kernel with KASAN, kmemleak, lockdep): %s '
        'handovers of an owner killed by SIGKILL at random points, with '
        'concurrent openers, %s unbind/bind of vfio-platform under an '
        'owner, %s VFIO_DEVICE_RESETs with traffic, and %s attempts to '
        'unload the native driver (%s refused, %s worked): %s dirty '
        'handovers, %s stale IRQs, %s stale DMA bytes; kmemleak: %s; '
        'kernel reports: %s.' % (
            ('make soak' + (' on a busy host' if 'load:' in text else ''))
            if long_run else 'make test\'s short soak',
            when(src), f.get('cycles'), f.get('rebinds'),
            f.get('owner_resets'),
            int(f.get('unload_refused', 0)) + int(f.get('unload_worked', 0)),
            f.get('unload_refused'), f.get('unload_worked'),
            f.get('dirty'), f.get('stale_irqs'), f.get('stale_dma_bytes'),
            'no leak' if leak and leak.group(1) == 'ok' else
            'see the log' if leak else 'not checked',
            'none' if reports and reports.group(1) == 'ok' else
            'see the log' if reports else 'not checked'), 72)


def test_result(logs, when, notes):
    summary = os.path.join(logs, 'summary')
    if not os.path.isfile(summary):
        notes.append('no make test summary in %s: run make test' % logs)
        return 'make test: [not run: run make test]'
    p = f_ = 0
    for line in open(summary):
        m = re.match(r'\S+: (\d+) passed, (\d+) failed', line)
        if m:
            p, f_ = p + int(m.group(1)), f_ + int(m.group(2))
    return 'make test (%s): %d passed, %d failed.' % (when(summary), p, f_)


def results(kernel, logs, newest):
    """The cover letter's results, and warnings about their age."""
    notes = []
    when = Age(newest, notes)
    demo = [os.path.join(logs, '%s-midway-%s-demo.log' % (kernel, r))
            for r in ('control', 'reset', 'control-forked')]
    bench = os.path.join(logs, '%s-midway-reset-bench.log' % kernel)
    parts = [
        'Results (QEMU, Linux %s with this series)' % kernel,
        table_result('demo-table.py', demo, 'make demo', 'Handover', when,
                     notes, ['midway'] + demo),
        soak_result(kernel, logs, when, notes),
        table_result('bench-table.py', [bench], 'make bench', 'Latency',
                     when, notes, [bench], sep='\n'),
        base_result(kernel, logs, when, notes),
        test_result(logs, when, notes),
    ]
    return '\n\n'.join(parts), notes


# Writing ------------------------------------------------------------------

def mail(out, who, subject, to, cc, body):
    with open(out, 'w') as f:
        f.write('From 0000000000000000000000000000000000000000 '
                'Mon Sep 17 00:00:00 2001\n')
        f.write('From: %s\n' % who)
        f.write('Subject: %s\n' % subject)
        if to:
            f.write('To: %s\n' % ',\n '.join(to))
        if cc:
            f.write('Cc: %s\n' % ',\n '.join(cc))
        f.write('\n' + body)


def patch_text(p, who):
    body = p.body.replace(PLACEHOLDER, who)
    files = {n: t.replace(PLACEHOLDER, who) for n, t in p.files.items()}
    diffs = ''.join(files[n] for n in sorted(files))
    return body, files, diffs


def print_set_ends(kdir, kernel):
    """The number (from 1) of the last series patch of each kernel set."""
    patches = kernel_patches(kdir, kernel)
    sets = read_sets(kdir, kernel)
    assign(sets, patches, kernel)
    for s in sets:
        if 'subjects' in s:
            print(patches.index(s['patches_'][-1]) + 1)


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--kernel', default=defaults.kernel())
    ap.add_argument('--check', action='store_true',
                    help='placeholder author, for make series-check')
    ap.add_argument('--set-ends', action='store_true',
                    help='print the number of each set\'s last patch in '
                    'the series, one a line, and stop')
    ap.add_argument('dest', nargs='?')
    args = ap.parse_args()
    if not args.set_ends and not args.dest:
        ap.error('say where the series goes: make-series.py DEST')
    return args


def measurements(kdir, kernel, sets, out_dir):
    """The cover letter's results, and notes on what is missing or older
    than the series' own files."""
    inputs = [p.source for s in sets for p in s['patches_']]
    inputs.append(os.path.join(kdir, 'series'))
    for words in read_series(kdir):
        inputs += [new_file_path(kdir, n) for n in words[1:]]
    newest = max(os.path.getmtime(p) for p in inputs)
    return results(kernel, os.path.join(out_dir, 'logs'), newest)


def set_list(sets):
    """The cover letters' numbered list of every set."""
    return '\n'.join(textwrap.fill(
        '%d. %s (%d patch%s): %s' % (
            i, s['title'], len(s['patches_']),
            '' if len(s['patches_']) == 1 else 'es', s['tree']),
        72, subsequent_indent='   ') for i, s in enumerate(sets, 1))


def set_tag(s, kernel):
    """[RFC PATCH net-next v3 ...]'s words for set S."""
    tag = 'RFC PATCH' + (' %s' % kernel if kernel != defaults.primary_kernel() else '') + \
        ' ' + VERSION
    if s.get('tag'):
        tag = tag.replace('RFC PATCH', 'RFC PATCH ' + s['tag'])
    if s.get('rfc', 'yes') == 'no':
        tag = tag.replace('RFC PATCH', 'PATCH')
    return tag


class SetMail:
    """What a set's patches add up to, for its cover letter."""

    def __init__(self, s):
        self.to, self.cc, self.counts, self.shortlog, self.ids = \
            [], [], {}, [], []
        self.extra_to = [a.strip() for a in s.get('to', '').split(',')
                         if a.strip()]
        self.extra_cc = [a.strip() for a in s.get('cc', '').split(',')
                         if a.strip()]


def write_patch(ctx, s, sm, k, p, path):
    """Patch K of set S, written to PATH with its To: and Cc:."""
    n = len(s['patches_'])
    body, files, diffs = patch_text(p, ctx.who)
    c = count(files)
    for f, v in c.items():
        a0, d0 = sm.counts.get(f, (0, 0))
        sm.counts[f] = (a0 + v[0], d0 + v[1])
    sm.shortlog.append('  ' + p.subject)
    text = body + '\n---\n'
    if ctx.args.check:
        text += CHECK_NOTE + '\n\n'
    text += diffstat(c) + '\n' + diffs + '-- \n2.39.5\n\n'
    subject = '[%s %d/%d] %s' % (ctx.stag, k, n, p.subject)
    # get_maintainer.pl reads the patch: write it, then the headers
    mail(path, ctx.who, subject, [], [], text)
    if 'subjects' in s:
        to, cc = get_maintainers(ctx.tree, [path])
    else:
        to, cc = get_maintainers(ctx.tree, ['-f', s['maintainers-of']])
    to, cc = merge(to, sm.extra_to), merge(cc, sm.extra_cc)
    cc = [a for a in cc if a not in to]
    mail(path, ctx.who, subject, to, cc, text)
    sm.to, sm.cc = merge(sm.to, to), merge(sm.cc, cc)
    sm.ids.append(patch_id(diffs))


def write_cover(ctx, i, s, sm, sdir):
    """Set I's cover letter, after its patches."""
    n = len(s['patches_'])
    kernel_set = 'subjects' in s
    cc = [a for a in sm.cc if a not in sm.to]
    trailer = 'base-commit: %s\n' % (ctx.base if s['base'] == 'KERNEL'
                                     else s['base'])
    if kernel_set:
        trailer += ''.join('prerequisite-patch-id: %s\n' % x
                           for x in ctx.prereq)
        ctx.prereq += sm.ids
    set_no = ('This is set %d of %d.' % (i, ctx.nsets) if ctx.nsets > 1
              else 'One set.')
    body = ctx.template.format(
        summary=s['summary'] + '\n\n' + set_no + (
            '' if i == 1 or not kernel_set else
            '  It applies on top of the sets before it (their patch ids '
            'below).'),
        set_list=ctx.set_list, results=ctx.res)
    if ctx.args.check:
        body = CHECK_NOTE + '\n\n' + body
    author = ctx.who.split(' <')[0]
    body += '\n%s (%d):\n%s\n\n%s\n%s-- \n2.39.5\n\n' % (
        author, n, '\n'.join(sm.shortlog), diffstat(sm.counts), trailer)
    mail(os.path.join(sdir, '0000-cover-letter.patch'), ctx.who,
         '[%s 0/%d] %s' % (ctx.stag, n, s['title']), sm.to, cc, body)
    print('make-series: %s: %d patch%s and a cover letter, to %s' % (
        os.path.relpath(sdir, os.getcwd()), n, '' if n == 1 else 'es',
        ', '.join(a.split(' <')[0] for a in sm.to) or '(nobody)'))


def write_set(ctx, i, s):
    """Set I's folder: its patches and cover letter.  Returns its lines of
    the index."""
    sdir = os.path.join(ctx.args.dest, '%d-%s' % (i, s['name']))
    os.makedirs(sdir)
    ctx.stag = set_tag(s, ctx.args.kernel)
    sm = SetMail(s)
    index = []
    for k, p in enumerate(s['patches_'], 1):
        slug = re.sub(r'[^a-z0-9]+', '-', p.subject.lower()).strip('-')
        path = os.path.join(sdir, '%04d-%s.patch' % (k, slug[:52].rstrip('-')))
        write_patch(ctx, s, sm, k, p, path)
        index.append('%s %s' % (os.path.relpath(path, ctx.args.dest),
                                'kernel' if 'subjects' in s else s['name']))
    write_cover(ctx, i, s, sm, sdir)
    return index


def main():
    args = parse_args()
    kernel = args.kernel
    kdir = os.path.join(TOP, 'patches', kernel)
    if not os.path.isfile(os.path.join(kdir, 'series')):
        die('no kernel %s: expected patches/%s/series' % (kernel, kernel))
    if args.set_ends:
        print_set_ends(kdir, kernel)
        return
    out_dir = defaults.out_dir()
    ctx = argparse.Namespace(args=args)
    ctx.tree = os.path.join(out_dir, kernel, 'linux-pristine')
    if not os.path.isfile(os.path.join(ctx.tree, 'scripts',
                                       'get_maintainer.pl')):
        die('%s is not unpacked (scripts/prepare-tree.sh does it)' % ctx.tree)

    ctx.who = identity(args.check)
    patches = kernel_patches(kdir, kernel)
    sets = read_sets(kdir, kernel)
    assign(sets, patches, kernel)
    ctx.base = release(ctx.tree)
    ctx.res, notes = measurements(kdir, kernel, sets, out_dir)
    for n in notes:
        warn(n)

    shutil.rmtree(args.dest, ignore_errors=True)
    os.makedirs(args.dest)
    ctx.set_list = set_list(sets)
    ctx.template = open(os.path.join(TOP, 'patches',
                                     'cover-letter.txt')).read()
    ctx.prereq, ctx.nsets = [], len(sets)
    index = []
    for i, s in enumerate(sets, 1):
        index += write_set(ctx, i, s)
    # what the patches are for, in the order they apply: "kernel" or
    # the set's name (scripts/check-series.sh reads it)
    with open(os.path.join(args.dest, 'index'), 'w') as f:
        f.write('\n'.join(index) + '\n')
    print('make-series: %d patches in %d set%s in %s, from %s%s' % (
        len(index), len(sets), '' if len(sets) == 1 else 's', args.dest,
        ctx.who, ' (series-check: placeholder author, not for sending)'
        if args.check else ''))
    if notes and not args.check:
        print('make-series: the cover letters say which measurements are '
              'missing or older than the patches (see the warnings above)')


if __name__ == '__main__':
    main()
