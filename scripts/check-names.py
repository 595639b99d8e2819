#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Names in a series' words that the series' tree does not define.

  check-names.py [--pristine DIR] TREE FILE...

Reads the commit messages of the patch FILEs (the text before the "---"
line) and the whole of any other FILE (a document the series adds), and
collects what they name: functions ("name()"), Kconfig options
("CONFIG_NAME"), device tree properties and compatibles ("linux,name",
"vendor,name" in quotes or double backquotes) and paths in the kernel
tree ("Documentation/driver-api/x.rst", "drivers/vfio/").  Prints each
one that TREE (the kernel tree with the series applied) does not have: a
function not a word of any .c or .h file, an option no Kconfig file
declares, a property or compatible that no file of the tree contains, a
path that is in neither TREE nor the pristine tree DIR (a patch may name
what it deletes).  One line a
name, "FILE: kind NAME"; nothing if all are there.  The tree is read
once, with one grep for all the names.
"""
import os
import re
import subprocess
import sys

FUNC = re.compile(r'\b([A-Za-z_][A-Za-z0-9_]*)\(\)')
OPTION = re.compile(r'\bCONFIG_([A-Z0-9_]+)\b')
PROP = re.compile(r'(?:"|``)([a-z][a-z0-9-]*,[a-z0-9][a-z0-9.,-]*)(?:"|``)')
LINUX_PROP = re.compile(r'\b(linux,[a-z0-9-]+)\b')
TOP_DIRS = ('Documentation', 'arch', 'block', 'crypto', 'drivers', 'fs',
            'include', 'init', 'kernel', 'lib', 'mm', 'net', 'scripts',
            'security', 'sound', 'tools', 'virt')
PATH = re.compile(r'(?<![\w./-])((?:%s)/[A-Za-z0-9_./-]*[A-Za-z0-9_/])'
                  % '|'.join(TOP_DIRS))


def words(path):
    """The prose of PATH: a patch's message, or a whole document."""
    text = open(path, encoding='utf-8', errors='replace').read()
    if path.endswith('.patch'):
        head = text.split('\n---\n', 1)[0]
        # the mail headers other than the subject are not the author's words
        return '\n'.join(l for l in head.split('\n')
                         if not re.match(r'^(From|Date|To|Cc|Message-Id|'
                                         r'In-Reply-To|References|'
                                         r'Signed-off-by|Fixes):', l))
    return text


def found(tree, names, includes):
    """The NAMES that grep finds as words in TREE's files of INCLUDES."""
    if not names:
        return set()
    args = ['grep', '-rhowF'] + ['--include=' + i for i in includes]
    for n in sorted(names):
        args += ['-e', n]
    r = subprocess.run(args + ['.'], cwd=tree, capture_output=True,
                       text=True)
    return set(r.stdout.split())


def main():
    args = sys.argv[1:]
    pristine = None
    if args[:1] == ['--pristine'] and len(args) > 1:
        pristine, args = args[1], args[2:]
    if len(args) < 2:
        sys.exit(__doc__)
    tree = args[0]
    if not os.path.isdir(tree):
        sys.exit('check-names: no tree %s' % tree)
    wanted = []
    for f in args[1:]:
        text = words(f)
        name = os.path.basename(f)
        wanted += [(name, 'function', m) for m in FUNC.findall(text)]
        wanted += [(name, 'option', 'CONFIG_' + m)
                   for m in OPTION.findall(text)]
        wanted += [(name, 'property', m) for m in PROP.findall(text)]
        wanted += [(name, 'property', m) for m in LINUX_PROP.findall(text)]
        wanted += [(name, 'path', m.rstrip('.')) for m in PATH.findall(text)]
    funcs = found(tree, {n for _, k, n in wanted if k == 'function'},
                  ['*.c', '*.h'])
    # a Kconfig file declares "config NAME" (or menuconfig)
    opts = found(tree, {n[len('CONFIG_'):] for _, k, n in wanted
                        if k == 'option'}, ['Kconfig*'])
    props = found(tree, {n for _, k, n in wanted if k == 'property'},
                  ['*.c', '*.h', '*.dts', '*.dtsi', '*.yaml', '*.txt'])
    missing = []
    for f, kind, n in wanted:
        ok = (n in funcs if kind == 'function' else
              n[len('CONFIG_'):] in opts if kind == 'option' else
              any(os.path.exists(os.path.join(t, n))
                  for t in (tree, pristine) if t) if kind == 'path' else
              n in props)
        line = '%s: %s %s' % (f, kind, n)
        if not ok and line not in missing:
            missing.append(line)
    print('\n'.join(missing), end='\n' if missing else '')


if __name__ == '__main__':
    main()
