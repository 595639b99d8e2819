#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Boot an emulated board with a kernel and initramfs, and judge the run.

  boot-board.py --kernel 7.3 --board midway --variant reset --initrd FILE
                --mode tests --log FILE [--timeout S]

mode tests: the guest prints KTAP; the verdict (verdict.py) counts its results,
            plus a failure for a missing result, a timeout (hang), a guest
            that never finished, and any oops/WARN/BUG/lockdep/panic text on
            the console.  Ends with "BOARD: N passed, N failed"; exit 0 only
            if nothing failed.
mode run:   the guest runs one command; its output and exit status are
            returned as this script's.
mode shell: an interactive console (Ctrl-a x quits QEMU).
The whole console goes to --log in every non-interactive mode.

The board is a folder of boards/ (scripts/boards.py reads it).

Traffic: a board whose board.conf says TRAFFIC=host (the Orange Pi PC, one
NIC) gets its frames from the host.  Its NIC is a QEMU socket netdev on
127.0.0.1; a guest that wants frames prints "vfiotest: traffic SECONDS" on
the console, and this script sends one broadcast frame every 20 ms for
that long ("vfiotest: traffic 0" stops it; it also stops with the board).
"""
import argparse
import os
import re
import select
import shlex
import socket
import struct
import subprocess
import sys
import time

import boards
import defaults
from kernel_reports import REPORT
from run_stamp import run_stamp
from verdict import verdict_run, verdict_tests

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

TRAFFIC_REQUEST = re.compile(r'vfiotest: traffic (\d+)')
TRAFFIC_PERIOD = 0.02           # 50 frames a second, as send-frames on midway


class HostTraffic:
    """Frames from the host into a board's socket netdev, on request."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(('127.0.0.1', 0))
        # QEMU's end: a port free now, bound by QEMU when it starts
        probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        probe.bind(('127.0.0.1', 0))
        self.qemu_port = probe.getsockname()[1]
        probe.close()
        self.until = 0.0
        self.next = 0.0
        self.seq = 0
        self.sent = 0

    def qemu_args(self):
        return ['-nic', 'socket,udp=127.0.0.1:%d,localaddr=127.0.0.1:%d' % (
            self.sock.getsockname()[1], self.qemu_port)]

    def request(self, line):
        m = TRAFFIC_REQUEST.search(line)
        if m:
            now = time.monotonic()
            self.until = now + int(m.group(1))
            self.next = now

    def timeout(self, now):
        """Seconds until the next frame is due, or None."""
        if now >= self.until:
            return None
        return max(0.0, self.next - now)

    def pump(self, now):
        while now < self.until and now >= self.next:
            self.seq += 1
            # broadcast, locally administered source, local experimental
            # ethertype; 128 bytes with a sequence number
            frame = (b'\xff' * 6 + b'\x02\x00\x00\x00\x00\x01' +
                     struct.pack('>HI', 0x88b5, self.seq))
            frame += bytes(128 - len(frame))
            self.sock.sendto(frame, ('127.0.0.1', self.qemu_port))
            self.sent += 1
            self.next += TRAFFIC_PERIOD

    def close(self):
        self.sock.close()

def qemu_cmd(args, board, traffic):
    kout = os.path.join(args.out, args.kernel)
    obj = boards.obj_dir(kout, args.variant, board['ARCH'])
    arch = boards.ARCHES[board['ARCH']]
    kernel = os.path.join(obj, arch['image'])
    dtb = args.dtb or os.path.join(
        obj, 'arch', board['ARCH'], 'boot/dts',
        boards.assigned_dtb(board, os.path.join(kout, 'linux')))
    for f in (kernel, dtb, args.initrd):
        if not os.path.isfile(f):
            sys.exit('boot-board: error: %s missing (build first)' % f)
    # loglevel=5: only warnings and worse interleave with the test output;
    # the runner dumps the whole kernel log into the console log at the end.
    # Both kernels build upstream's forked reset module for the board's
    # NIC, where there is one.  The control kernel is "no reset at all"
    # only while it cannot load: --forked lets it (the demo's and the
    # benchmark's third column).
    forked = 'vfiotest.forked=1' if args.forked else (
        'module_blacklist=%s' % board['FORKED_MOD']
        if args.variant == 'control' and board['FORKED_MOD'] else '')
    append = ('console=%s vfiotest.kernel=%s vfiotest.board=%s vfiotest.mode=%s '
              'vfiotest.variant=%s %s '
              'loglevel=5 log_buf_len=1M %s' % (
                  board['CONSOLE'], args.kernel, args.board, args.mode,
                  args.variant, forked, args.append))
    cmd = [arch['qemu']] + shlex.split(board['QEMU']) + [
        '-kernel', kernel, '-dtb', dtb, '-initrd', args.initrd,
        '-append', append.strip(), '-display', 'none', '-no-reboot']
    if traffic:
        cmd += traffic.qemu_args()
    if args.mode == 'shell':
        cmd += ['-serial', 'mon:stdio']
    else:
        cmd += ['-serial', 'stdio', '-monitor', 'none']
    return cmd


def run(args):
    board = boards.load(args.board)
    traffic = HostTraffic() if board['TRAFFIC'] == 'host' else None
    cmd = qemu_cmd(args, board, traffic)
    if args.mode == 'shell':
        print('boot-board: %s; quit with Ctrl-a x' % ' '.join(cmd))
        os.execvp(cmd[0], cmd)

    os.makedirs(os.path.dirname(os.path.abspath(args.log)), exist_ok=True)
    log = open(args.log, 'w')
    log.write('# %s\n' % ' '.join(cmd))
    log.write('# run: %s\n' % run_stamp())
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    lines, buf = [], b''
    done_at = None
    init_at = None
    timed_out = False
    while True:
        now = time.monotonic()
        if now - start > args.timeout:
            timed_out = True
            break
        if done_at is not None and now - done_at > 5:
            break               # the board did not power itself off
        wait = 0.5
        if traffic:
            traffic.pump(now)
            due = traffic.timeout(now)
            if due is not None:
                wait = min(wait, due)
        r, _, _ = select.select([proc.stdout], [], [], wait)
        if not r:
            if proc.poll() is not None:
                break
            continue
        chunk = os.read(proc.stdout.fileno(), 65536)
        if not chunk:
            break
        buf += chunk
        while b'\n' in buf:
            raw, buf = buf.split(b'\n', 1)
            line = raw.decode('utf-8', 'replace').rstrip('\r')
            lines.append(line)
            log.write(line + '\n')
            show(args, line)
            if line.startswith('vfiotest: done'):
                done_at = time.monotonic()
            if line.startswith('vfiotest: init') and init_at is None:
                init_at = time.monotonic() - start
            if traffic:
                traffic.request(line)
    if buf:
        lines.append(buf.decode('utf-8', 'replace'))
        log.write(lines[-1] + '\n')
    if proc.poll() is None:
        proc.kill()
    proc.wait()
    elapsed = time.monotonic() - start
    if traffic:
        log.write('# boot-board: %d frames sent from the host\n' % traffic.sent)
        traffic.close()
    log.write('# boot-board: %.1f s%s\n' % (elapsed, ', TIMEOUT' if timed_out else ''))
    log.close()
    args.init_at = init_at
    return lines, timed_out, done_at is not None, elapsed


in_dump = False
in_run = False


def show(args, line):
    """Echo what a person wants to see: test output, not the boot log."""
    global in_dump, in_run
    if args.verbose:
        print(line, flush=True)
        return
    if TRAFFIC_REQUEST.match(line):
        return                  # requests to this script, not output
    if line.startswith('vfiotest: dmesg'):
        in_dump = line.endswith('begin')
        return
    if in_dump:
        return
    if args.mode == 'run':
        # only the command's own output, and kernel reports
        if line.startswith('vfiotest: run: '):
            in_run = line.endswith('begin')
        elif in_run or REPORT.search(line):
            print(line, flush=True)
        return
    if (line.startswith(('KTAP', '1..', 'ok ', 'not ok ', '    ', '#',
                         'vfiotest: ')) or REPORT.search(line)):
        print(line, flush=True)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--kernel', default=defaults.kernel(),
                   help='kernel: a folder of patches/, built in OUT/KERNEL '
                   '(default: patches/primary)')
    p.add_argument('--board', choices=boards.names(), default='midway',
                   help='a folder of boards/ (default: midway)')
    p.add_argument('--variant', default='reset',
                   help='kernel: reset (the product) or control (without it)')
    p.add_argument('--initrd', required=True)
    p.add_argument('--dtb', help="DTB to boot instead of the board's own with "
                   "its overlay (boards/BOARD/overlay.dtso) applied")
    p.add_argument('--mode', choices=['tests', 'run', 'shell'], default='tests')
    p.add_argument('--append', default='', help='more kernel command line')
    p.add_argument('--forked', action='store_true',
                   help="let upstream's forked reset module of the board's "
                   'NIC (FORKED_MOD in its board.conf) load; on the '
                   'control kernel it is blacklisted otherwise')
    p.add_argument('--name', help='name of the run in the verdict '
                   '(default BOARD-VARIANT)')
    p.add_argument('--log', help='console log (default build/logs/BOARD-MODE.log)')
    p.add_argument('--timeout', type=int, default=300,
                   help='seconds before the run counts as hung (default '
                   '300; the debug kernel, slowed by its sanitizers, gets '
                   'three times as long)')
    p.add_argument('--out', default=defaults.out_dir())
    p.add_argument('-v', '--verbose', action='store_true', help='echo the whole console')
    args = p.parse_args()
    if args.forked and not boards.load(args.board)['FORKED_MOD']:
        p.error('--forked: board %s has no forked reset module (FORKED_MOD)'
                % args.board)
    if args.variant == 'debug':
        args.timeout *= 3
    run_variant = args.variant + ('-forked' if args.forked else '')
    args.name = args.name or '%s-%s-%s' % (args.kernel, args.board,
                                           run_variant)
    if not args.log:
        args.log = os.path.join(args.out, 'logs', '%s-%s-%s-%s.log' % (
            args.kernel, args.board, run_variant, args.mode))
    lines, timed_out, done, elapsed = run(args)
    if args.mode == 'tests':
        return verdict_tests(args, lines, timed_out, done, elapsed)
    return verdict_run(args, lines, timed_out, done, elapsed)


if __name__ == '__main__':
    sys.exit(main())
