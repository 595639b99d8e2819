#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Put the demo's runs side by side: no reset, forked module, native reset.

  demo-table.py BOARD CONTROL_LOG RESET_LOG [FORKED_LOG]

CONTROL_LOG is the console of the control kernel's run (no reset),
RESET_LOG the reset kernel's (the native driver's reset), FORKED_LOG the
control kernel's with upstream's forked reset module allowed to load
(boards whose board.conf names a FORKED_MOD: upstream has none for the
Orange Pi PC's EMAC).  Reads the
"# RESULT" line vfio-owner printed in each run and the first reset on
release vfio-platform traced, and prints one table a person who has never
seen the project can read.  Exits 1 if a run has no result.
"""
import re
import sys
import textwrap

import boards

RESET = re.compile(r'reset: \S+ (on=release .*)$')


def read(log):
    """RESULT fields and the first reset on release of a demo run."""
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


def reset_text(text):
    """What the trace says of a reset on release, in words."""
    if not text:
        return 'none traced'
    f = dict(w.split('=', 1) for w in text.split() if '=' in w)
    if f.get('method') == 'none':
        return 'none: the device has no reset'
    what = {'native': 'native driver', 'module': 'forked module',
            'acpi': 'ACPI'}.get(f.get('method'), f.get('method'))
    ns = int(f.get('ns', '0'))
    return '%s %s, %s, %d us' % (
        what, f.get('by'), 'ok' if f.get('ret') == '0' else
        'failed (%s)' % f.get('ret'), (ns + 500) // 1000)


def main():
    if len(sys.argv) not in (4, 5) or sys.argv[1] not in boards.names():
        sys.exit('usage: demo-table.py BOARD CONTROL_LOG RESET_LOG '
                 '[FORKED_LOG] (BOARD: %s)' % ', '.join(boards.names()))
    board = boards.load(sys.argv[1])
    runs = [read(sys.argv[2])]
    titles = [('no reset', '(control kernel)')]
    if len(sys.argv) == 5:
        runs.append(read(sys.argv[4]))
        titles.append(('forked module', '(upstream, control)'))
    runs.append(read(sys.argv[3]))
    titles.append(('native quiesce', '(reset kernel)'))
    dev = runs[-1][0]['dev']

    def row(name, fn):
        return [name] + [fn(r) for r, _ in runs]
    rows = [
        row('interrupt status pending when it opens',
            lambda r: r['irq_status']),
        row('interrupts enabled (mask)', lambda r: r['irq_enable']),
        row('RX / TX DMA running', lambda r: onoff(r, 'rx_dma', 'tx_dma')),
        row('MAC receiver / transmitter on',
            lambda r: onoff(r, 'mac_rx', 'mac_tx')),
        row('stale interrupts it gets in its first 1.5 s',
            lambda r: r['stale_irqs']),
        row("frames DMA'd into owner #1's memory after",
            lambda r: '%s (%s bytes)' % (r['dma_frames'], r['dma_bytes'])),
        ['  owner #1 died'] + [''] * len(runs),
    ]
    print()
    print('%s: %s is assigned to vfio-platform by the overlay' %
          (board['TITLE'], dev))
    print('%s, applied to the board\'s DTB at build time.' % board['overlay'])
    print(textwrap.fill(
        'Owner #1, a userspace driver, sets the NIC receiving while frames '
        'arrive, and is killed with SIGKILL.  Owner #2 then opens the NIC.  '
        'One column a kernel: without a reset%s, with the native driver\'s '
        'reset.  A quiet device shows 0 and off everywhere.%s' % (
            ', with upstream\'s forked reset module' if len(runs) == 3
            else '',
            '' if len(runs) == 3 else '  (Upstream has no forked reset '
            'module for this device.)'), 72))
    print()
    w = max(len(r[0]) for r in rows) + 2
    c = max(len(x) for r in rows + [[''] + [t[0] for t in titles] +
                                    [t[1] for t in titles]]
            for x in r[1:]) + 3
    print('%-*s' % (w, 'What owner #2 finds') +
          ''.join('%-*s' % (c, t[0]) for t in titles).rstrip())
    print('%-*s' % (w, '') +
          ''.join('%-*s' % (c, t[1]) for t in titles).rstrip())
    for r in rows:
        print(('%-*s' % (w, r[0]) +
               ''.join('%-*s' % (c, x) for x in r[1:])).rstrip())
    print()
    print('Reset when owner #1\'s device file was released (vfio-platform\'s'
          ' tracepoint):')
    for (t, _), (_, reset) in zip(titles, runs):
        print('  %-16s%s' % (t + ':', reset_text(reset)))


if __name__ == '__main__':
    main()
