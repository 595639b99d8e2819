#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The boards: one folder each under boards/, the one place board data lives.

  boards.py names [--arch ARCH]          the boards, one a line
  boards.py get BOARD KEY                one value of BOARD's board.conf
  boards.py dtb-plan --tree TREE [--arch ARCH]
                                         "BOARD BASE.dtb OVERLAY MERGED.dtb"
                                         a board, for the build and the checks
  boards.py configs [--arch ARCH]        the boards' config fragments
  boards.py dtb-dir BOARD KOUT VARIANT   where VARIANT's kernel of KOUT has
                                         BOARD's DTBs
  boards.py arches                       the architectures boards use
  boards.py arch-env ARCH                what ARCH means, as shell
                                         assignments (arch_kbuild=...)

boards/NAME/ holds board.conf (KEY=VALUE as a shell reads it, sourced by
the guest too), overlay.dtso (what /chosen assigns to vfio-platform) and
config (the kernel options the board needs).
"""
import argparse
import os
import re
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DIR = os.path.join(TOP, 'boards')

REQUIRED = ('TITLE', 'ARCH', 'QEMU', 'CONSOLE', 'DTB', 'CHOSEN', 'DEV',
            'NATIVE_MOD',
            'NATIVE_DRV', 'PEER', 'TRAFFIC', 'FORKED_MOD')
# What a board's ARCH means for the build and the boot: Kbuild's ARCH,
# the cross compiler's prefix, Debian's name of the architecture (the
# cross libc and busybox-static come from it), the QEMU binary, the
# image Kbuild makes and where it lies, and the suffix of the folders of
# OUT built for it (none for 32-bit ARM, the first architecture here).
ARCHES = {
    'arm': {'kbuild': 'arm', 'cross': 'arm-linux-gnueabihf-',
            'debian': 'armhf', 'qemu': 'qemu-system-arm',
            'target': 'zImage', 'image': 'arch/arm/boot/zImage',
            'suffix': ''},
    'arm64': {'kbuild': 'arm64', 'cross': 'aarch64-linux-gnu-',
              'debian': 'arm64', 'qemu': 'qemu-system-aarch64',
              'target': 'Image', 'image': 'arch/arm64/boot/Image',
              'suffix': '-arm64'},
}
LINE = re.compile(r"^([A-Z][A-Z0-9_]*)=(?:'([^']*)'|([^'\"\s$`\\]*))$")


class BoardError(Exception):
    pass


def parse(path):
    """KEY=VALUE lines of PATH (a bare word or one in single quotes);
    comments and blank lines skipped, anything else an error."""
    conf = {}
    for n, line in enumerate(open(path), 1):
        line = line.rstrip('\n')
        if not line.strip() or line.lstrip().startswith('#'):
            continue
        m = LINE.match(line)
        if not m:
            raise BoardError('%s:%d: not KEY=VALUE or KEY=\'VALUE\': %s' %
                             (os.path.relpath(path, TOP), n, line))
        conf[m.group(1)] = m.group(2) if m.group(2) is not None else m.group(3)
    return conf


def names(arch=None):
    found = sorted(d for d in os.listdir(DIR)
                   if os.path.isfile(os.path.join(DIR, d, 'board.conf')))
    return [n for n in found if arch is None or load(n)['ARCH'] == arch]


def load(name):
    """BOARD's data: board.conf's keys, plus name, overlay and config (paths
    relative to the project)."""
    path = os.path.join(DIR, name, 'board.conf')
    if not os.path.isfile(path):
        raise BoardError('no board %r: expected %s (boards: %s)' % (
            name, os.path.relpath(path, TOP), ', '.join(names())))
    conf = parse(path)
    missing = [k for k in REQUIRED if k not in conf]
    if missing:
        raise BoardError('%s lacks %s' % (os.path.relpath(path, TOP),
                                          ', '.join(missing)))
    if conf['ARCH'] not in ARCHES:
        raise BoardError('%s: ARCH %s is none of %s' % (
            os.path.relpath(path, TOP), conf['ARCH'], ', '.join(ARCHES)))
    if conf['TRAFFIC'] not in ('peer', 'host') or (
            (conf['TRAFFIC'] == 'peer') != bool(conf['PEER'])):
        raise BoardError('%s: TRAFFIC is peer (with a PEER) or host '
                         '(without one)' % os.path.relpath(path, TOP))
    conf['name'] = name
    for f in ('overlay.dtso', 'config'):
        rel = os.path.join('boards', name, f)
        if not os.path.isfile(os.path.join(TOP, rel)):
            raise BoardError('board %s has no %s' % (name, rel))
    conf['overlay'] = os.path.join('boards', name, 'overlay.dtso')
    conf['config'] = os.path.join('boards', name, 'config')
    listed = re.findall(r'linux,vfio-devices\s*=\s*"([^"]*)"\s*;',
                        open(os.path.join(TOP, conf['overlay'])).read())
    if listed != [conf['CHOSEN']]:
        raise BoardError('%s lists %s in /chosen, board.conf\'s CHOSEN is %r'
                         % (conf['overlay'], listed or 'nothing',
                            conf['CHOSEN']))
    return conf


def arch(name):
    if name not in ARCHES:
        raise BoardError('no architecture %r (architectures: %s)' % (
            name, ', '.join(ARCHES)))
    return ARCHES[name]


def obj_dir(kout, variant, arch_name):
    """The object folder of VARIANT's kernel for ARCH_NAME under KOUT."""
    return os.path.join(kout, 'obj-' + variant + arch(arch_name)['suffix'])


def dtb_dir(board, kout, variant):
    """Where VARIANT's kernel under KOUT has BOARD's DTBs."""
    return os.path.join(obj_dir(kout, variant, board['ARCH']), 'arch',
                        arch(board['ARCH'])['kbuild'], 'boot/dts')


def base_dtb(board, tree):
    """The board's DTB as Kbuild names it in kernel source TREE: in a vendor
    folder since Linux 6.5 (calxeda/ecx-2000.dtb), flat before; for a board
    that boots QEMU's own (DTB=qemu), qemu-BOARD.dtb, which build-kernel.sh
    dumps from QEMU."""
    if board['DTB'] == 'qemu':
        return 'qemu-%s.dtb' % board['name']
    dts = os.path.join(tree, 'arch', board['ARCH'], 'boot/dts',
                       board['DTB'].replace('.dtb', '.dts'))
    return board['DTB'] if os.path.isfile(dts) else os.path.basename(board['DTB'])


def assigned_dtb(board, tree):
    """The board's DTB with its overlay applied, which build-kernel.sh makes
    and the board boots."""
    return base_dtb(board, tree).replace('.dtb', '-vfio.dtb')


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest='cmd', required=True)
    s = sub.add_parser('names')
    s.add_argument('--arch')
    s = sub.add_parser('get')
    s.add_argument('board')
    s.add_argument('key')
    s = sub.add_parser('dtb-plan')
    s.add_argument('--tree', required=True)
    s.add_argument('--arch')
    s = sub.add_parser('configs')
    s.add_argument('--arch')
    s = sub.add_parser('dtb-dir')
    s.add_argument('board')
    s.add_argument('kout')
    s.add_argument('variant')
    sub.add_parser('arches')
    s = sub.add_parser('arch-env')
    s.add_argument('arch')
    args = p.parse_args()
    try:
        if args.cmd == 'names':
            print('\n'.join(names(args.arch)))
        elif args.cmd == 'get':
            board = load(args.board)
            if args.key not in board:
                raise BoardError('board %s has no key %s' % (args.board,
                                                             args.key))
            print(board[args.key])
        elif args.cmd == 'dtb-plan':
            for n in names(args.arch):
                b = load(n)
                print(n, base_dtb(b, args.tree), b['overlay'],
                      assigned_dtb(b, args.tree))
        elif args.cmd == 'configs':
            for n in names(args.arch):
                print(os.path.join(TOP, load(n)['config']))
        elif args.cmd == 'dtb-dir':
            print(dtb_dir(load(args.board), args.kout, args.variant))
        elif args.cmd == 'arches':
            print('\n'.join(sorted({load(n)['ARCH'] for n in names()})))
        elif args.cmd == 'arch-env':
            for k, v in sorted(arch(args.arch).items()):
                print('arch_%s=%s' % (k, v))
    except BoardError as e:
        sys.exit('boards: error: %s' % e)
    return 0


if __name__ == '__main__':
    sys.exit(main())
