#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Put the demo's two runs side by side: control kernel, reset kernel.

  demo-table.py BOARD CONTROL_CONSOLE_LOG RESET_CONSOLE_LOG

Reads the "# RESULT" line vfio-owner printed in each run and the first
"reset on release" the kernel logged, and prints one table a person who
has never seen the project can read.  Exits 1 if a run has no result.
"""
import importlib.util
import os
import re
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
spec = importlib.util.spec_from_file_location(
    'boot_board', os.path.join(TOP, 'scripts', 'boot-board.py'))
bb = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bb)

RESET = re.compile(r'VFIO: reset on release: (.*)$')


def read(log):
    """RESULT fields and the first reset-on-release report of a demo run."""
    result, reset = None, None
    with open(log, errors='replace') as f:
        for line in f:
            line = line.rstrip('\r\n')
            if line.startswith('# RESULT '):
                result = dict(w.split('=', 1) for w in line.split()[2:]
                              if '=' in w)
            m = RESET.search(line)
            if m and reset is None:
                reset = m.group(1)
    if result is None:
        sys.exit('demo-table: error: %s has no RESULT line (did the run '
                 'finish?)' % log)
    return result, reset


def onoff(r, a, b):
    word = {'1': 'on', '0': 'off'}
    return '%s / %s' % (word.get(r[a], r[a]), word.get(r[b], r[b]))


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in bb.BOARDS:
        sys.exit('usage: demo-table.py BOARD CONTROL_LOG RESET_LOG '
                 '(BOARD: %s)' % ', '.join(sorted(bb.BOARDS)))
    board = bb.BOARDS[sys.argv[1]]
    ctl, ctl_reset = read(sys.argv[2])
    rst, rst_reset = read(sys.argv[3])
    dev = rst['dev']

    def reset_text(text):
        if not text or 'no reset function' in text:
            return 'none'
        return text
    rows = [
        ('interrupt status pending when it opens',
         ctl['irq_status'], rst['irq_status']),
        ('interrupts enabled (mask)', ctl['irq_enable'], rst['irq_enable']),
        ('RX / TX DMA running', onoff(ctl, 'rx_dma', 'tx_dma'),
         onoff(rst, 'rx_dma', 'tx_dma')),
        ('MAC receiver / transmitter on', onoff(ctl, 'mac_rx', 'mac_tx'),
         onoff(rst, 'mac_rx', 'mac_tx')),
        ('stale interrupts it gets in its first 1.5 s',
         ctl['stale_irqs'], rst['stale_irqs']),
        ("frames DMA'd into owner #1's memory after",
         '%s (%s bytes)' % (ctl['dma_frames'], ctl['dma_bytes']),
         '%s (%s bytes)' % (rst['dma_frames'], rst['dma_bytes'])),
        ('  owner #1 died', '', ''),
    ]
    print()
    print('%s: %s is assigned to vfio-platform by the overlay' %
          (board['title'], dev))
    print('%s, applied to the board\'s DTB at build time.' % board['overlay'])
    print('Owner #1, a userspace driver, sets the NIC receiving while frames'
          ' arrive,')
    print('and is killed with SIGKILL.  Owner #2 then opens the NIC.  On the')
    print('left a kernel without the reset, on the right one with it; a quiet'
          ' device')
    print('shows 0 and off everywhere.')
    print()
    w = max(len(r[0]) for r in rows) + 2
    c = max(len(r[1]) for r in rows + [('', 'without the reset', '')]) + 3
    print('%-*s%-*s%s' % (w, 'What owner #2 finds', c, 'without the reset',
                           'with the reset'))
    print('%-*s%-*s%s' % (w, '', c, '(control kernel)',
                           '(CONFIG_VFIO_NATIVE_RESET=y)'))
    for name, a, b in rows:
        print(('%-*s%-*s%s' % (w, name, c, a, b)).rstrip())
    print()
    print('Reset when owner #1\'s device file was released:')
    print('  without: %s' % reset_text(ctl_reset))
    print('  with:    %s' % reset_text(rst_reset))


if __name__ == '__main__':
    main()
