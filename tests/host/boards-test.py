#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""scripts/boards.py on the project's boards and on made-up ones: what it
reads, and the board folders it refuses, each with an error naming the
file and what is wrong.
"""
import os
import shutil
import sys
import tempfile

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(TOP, 'scripts'))
import boards  # noqa: E402

GOOD = '''# a made-up board
TITLE='Made-up board (QEMU -M none)'
ARCH=arm
QEMU='-M none -m 256'
CONSOLE=ttyAMA0
DTB=vendor/made-up.dtb
CHOSEN=ethernet0
DEV=1000.ethernet
NATIVE_MOD=mac
NATIVE_DRV=mac
PEER=
TRAFFIC=host
FORKED_MOD=
'''


OVERLAY = '&{/chosen} {\n\tlinux,vfio-devices = "ethernet0";\n};\n'


def folder(root, name, conf, files=('overlay.dtso', 'config'),
           overlay=OVERLAY):
    d = os.path.join(root, 'boards', name)
    os.makedirs(d)
    with open(os.path.join(d, 'board.conf'), 'w') as f:
        f.write(conf)
    for n in files:
        with open(os.path.join(d, n), 'w') as f:
            if n == 'overlay.dtso':
                f.write(overlay)


NOTES = []


def raises(call, text):
    """CALL() fails with a BoardError that says TEXT."""
    try:
        call()
    except boards.BoardError as e:
        NOTES.append(str(e))
        return text in str(e)
    return False


def says(name, text):
    """boards.load(NAME) refuses it with an error that says TEXT."""
    return raises(lambda: boards.load(name), text)


def refused(root, name, conf, text, files=('overlay.dtso', 'config')):
    """A board folder NAME of CONF and FILES is refused, saying TEXT."""
    folder(root, name, conf, files)
    return says(name, text)


def main():
    cases = []
    real = boards.names()
    cases.append(('the project has its three boards, midway, orangepi-pc '
                  'and versal',
                  real == ['midway', 'orangepi-pc', 'versal']))
    midway = boards.load('midway')
    cases.append(("midway's assigned NIC is fed by its peer, and upstream "
                  'has a forked module for it',
                  midway['TRAFFIC'] == 'peer' and midway['PEER'] and
                  midway['FORKED_MOD']))
    versal = boards.load('versal')
    cases.append(("versal is arm64's board, booting QEMU's own DTB, "
                  "and its kernels' objects are apart from 32-bit ARM's",
                  boards.names('arm64') == ['versal'] and
                  boards.base_dtb(versal, TOP) == 'qemu-versal.dtb' and
                  boards.obj_dir('K', 'reset', 'arm64') == 'K/obj-reset-arm64'
                  and boards.obj_dir('K', 'reset', 'arm') == 'K/obj-reset'))
    cases.append(('an unknown architecture is refused, listing them',
                  raises(lambda: boards.arch('mips'), "no architecture "
                         "'mips' (architectures: arm, arm64)")))
    root = tempfile.mkdtemp()
    boards.TOP, boards.DIR = root, os.path.join(root, 'boards')
    try:
        folder(root, 'good', GOOD)
        b = boards.load('good')
        cases.append(('a quoted value keeps its spaces, an empty one is '
                      'empty', b['QEMU'] == '-M none -m 256' and
                      b['PEER'] == ''))
        cases.append(('its overlay and config are found in its folder',
                      b['overlay'] == 'boards/good/overlay.dtso' and
                      b['config'] == 'boards/good/config'))
        cases.append(('its DTB is flat in a tree without vendor folders',
                      boards.base_dtb(b, root) == 'made-up.dtb'))
        cases.append(('a missing key is named',
                      refused(root, 'nokey', GOOD.replace('CONSOLE=ttyAMA0\n',
                                                          ''),
                              'boards/nokey/board.conf lacks CONSOLE')))
        cases.append(('a line a shell would read otherwise is refused, '
                      'with its line number',
                      refused(root, 'dollar', GOOD + 'DEV=$HOME\n',
                              'boards/dollar/board.conf:14: not KEY=VALUE')))
        cases.append(('an architecture with no build is refused',
                      refused(root, 'arch', GOOD.replace('ARCH=arm',
                                                         'ARCH=mips'),
                              'ARCH mips is none of arm')))
        cases.append(('frames from a peer need a peer',
                      refused(root, 'peer', GOOD.replace('TRAFFIC=host',
                                                         'TRAFFIC=peer'),
                              'TRAFFIC is peer (with a PEER)')))
        cases.append(('a board without its overlay is refused',
                      refused(root, 'nooverlay', GOOD, 'has no '
                              'boards/nooverlay/overlay.dtso',
                              files=('config',))))
        folder(root, 'other', GOOD, overlay=OVERLAY.replace('ethernet0',
                                                             'ethernet1'))
        cases.append(("an overlay that lists another entry than CHOSEN "
                      'is refused, naming both',
                      says('other', "boards/other/overlay.dtso lists "
                           "['ethernet1'] in /chosen, board.conf's CHOSEN "
                           "is 'ethernet0'")))
        cases.append(('an unknown board is refused, listing the boards',
                      says('no-such-board', "no board 'no-such-board': "
                           'expected boards/no-such-board/board.conf '
                           '(boards: ')))
    finally:
        shutil.rmtree(root)
    print('KTAP version 1')
    print('1..%d' % len(cases))
    failed = 0
    for n, (name, ok) in enumerate(cases, 1):
        print('%s %d %s' % ('ok' if ok else 'not ok', n, name))
        failed += not ok
    for note in NOTES:
        print('# %s' % note)
    print('boards: %d passed, %d failed' % (len(cases) - failed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
