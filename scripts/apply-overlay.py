#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Apply a device-tree overlay to a board's DTB, as a bootloader does.

  apply-overlay.py [--no-check] BASE.dtb OVERLAY.dtso OUT.dtb

Compiles OVERLAY with `dtc -@`, merges it into BASE with `fdtoverlay` and
writes OUT; BASE is never changed and OUT is written only when everything
worked.  Then checks every linux,driver-override in OUT the way the kernel
will (Documentation/devicetree/bindings/vfio/linux,driver-override.yaml):
one string naming a driver that takes assigned devices.  --no-check skips
that check, to hand the kernel what a bootloader that knows nothing of the
property would.
"""
import argparse
import os
import shutil
import struct
import subprocess
import sys
import tempfile

PROP = 'linux,driver-override'
ASSIGNEES = ('vfio-platform',)


def die(msg):
    sys.exit('apply-overlay: error: ' + msg)


def fdt_walk(blob, want):
    """Every node path of a flat DT, and (path, value) of each @want."""
    magic, _, off_struct, off_strings = struct.unpack_from('>IIII', blob)
    if magic != 0xd00dfeed:
        die('not a flattened device tree')
    pos, path, nodes, found = off_struct, [], [], []
    while True:
        token, = struct.unpack_from('>I', blob, pos)
        pos += 4
        if token == 1:  # FDT_BEGIN_NODE
            end = blob.index(b'\0', pos)
            path.append(blob[pos:end].decode())
            nodes.append('/'.join(path) or '/')
            pos = (end + 4) & ~3
        elif token == 2:  # FDT_END_NODE
            path.pop()
        elif token == 3:  # FDT_PROP
            length, nameoff = struct.unpack_from('>II', blob, pos)
            pos += 8
            name_end = blob.index(b'\0', off_strings + nameoff)
            name = blob[off_strings + nameoff:name_end].decode()
            if name == want:
                found.append(('/'.join(path) or '/', blob[pos:pos + length]))
            pos = (pos + length + 3) & ~3
        elif token == 4:  # FDT_NOP
            continue
        elif token == 9:  # FDT_END
            return nodes, found
        else:
            die('bad token %d in the flattened device tree' % token)


def check(dtb):
    """Errors for each linux,driver-override the kernel would refuse."""
    errors, assigned = [], []
    for node, value in fdt_walk(open(dtb, 'rb').read(), PROP)[1]:
        strings = value.split(b'\0')
        if not value or value[-1:] != b'\0' or len(strings) != 2:
            errors.append('%s: %s must be one string, not %r' %
                          (node, PROP, value))
            continue
        name = strings[0].decode(errors='replace')
        if name not in ASSIGNEES:
            errors.append('%s: %s: "%s" is not a driver a device can be '
                          'assigned to (%s)' % (node, PROP, name,
                                                ', '.join(ASSIGNEES)))
            continue
        assigned.append('%s -> %s' % (node, name))
    return errors, assigned


def missing_targets(base, dtbo):
    """The overlay's target-path nodes that the base tree does not have."""
    nodes = set(fdt_walk(open(base, 'rb').read(), None)[0])
    targets = fdt_walk(open(dtbo, 'rb').read(), 'target-path')[1]
    return [v.rstrip(b'\0').decode(errors='replace') for _, v in targets
            if v.rstrip(b'\0').decode(errors='replace') not in nodes]


def run(cmd, what):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode:
        msg = (r.stderr + r.stdout).strip().replace('\n', '\n  ')
        die('%s failed:\n  %s' % (what, msg))


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--no-check', action='store_true',
                   help='do not check linux,driver-override values')
    p.add_argument('base')
    p.add_argument('overlay')
    p.add_argument('out')
    a = p.parse_args()
    for f in (a.base, a.overlay):
        if not os.path.isfile(f):
            die('%s: no such file' % f)

    with tempfile.TemporaryDirectory() as tmp:
        dtbo = os.path.join(tmp, 'overlay.dtbo')
        merged = os.path.join(tmp, 'merged.dtb')
        run(['dtc', '-@', '-q', '-I', 'dts', '-O', 'dtb', '-o', dtbo,
             a.overlay], 'compiling %s' % a.overlay)
        missing = missing_targets(a.base, dtbo)
        if missing:
            die('%s targets %s, not in %s; nothing written' %
                (a.overlay, ', '.join(missing), a.base))
        run(['fdtoverlay', '-i', a.base, '-o', merged, dtbo],
            'applying %s to %s (a target named by a label needs a base '
            'built with dtc -@; &{/path} targets need none)'
            % (a.overlay, a.base))
        errors, assigned = check(merged)
        if errors and not a.no_check:
            die('%s:\n  %s' % (a.overlay, '\n  '.join(errors)))
        os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
        shutil.copyfile(merged, a.out + '.tmp')
    os.replace(a.out + '.tmp', a.out)
    for line in assigned:
        print('apply-overlay: %s: %s' % (a.out, line))
    for line in errors:
        print('apply-overlay: %s: unchecked: %s' % (a.out, line))


if __name__ == '__main__':
    main()
