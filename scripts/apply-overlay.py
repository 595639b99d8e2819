#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Apply a device-tree overlay to a board's DTB, as a bootloader does.

  apply-overlay.py [--no-check] BASE.dtb OVERLAY.dtso OUT.dtb

Compiles OVERLAY with `dtc -@`, merges it into BASE with `fdtoverlay` and
writes OUT; BASE is never changed and OUT is written only when everything
worked.  Then checks /chosen's linux,vfio-devices in OUT the way the kernel
reads it (Documentation/driver-api/vfio-native-reset.rst), but strictly:
every entry one non-empty printable string naming, by path or alias and
without options or a trailing '/', an enabled node with a compatible,
named once; no list of BASE's lost; no per-node linux,driver-override (the
old form).  --no-check skips that check, to hand the kernel what a
bootloader that knows nothing of the property would.
"""
import argparse
import os
import shutil
import struct
import subprocess
import sys
import tempfile

PROP = 'linux,vfio-devices'
OLD_PROP = 'linux,driver-override'


def die(msg):
    sys.exit('apply-overlay: error: ' + msg)


def fdt_nodes(blob):
    """{node path: {property: value}} of a flat DT, in order."""
    magic, _, off_struct, off_strings = struct.unpack_from('>IIII', blob)
    if magic != 0xd00dfeed:
        die('not a flattened device tree')
    pos, path, nodes = off_struct, [], {}
    while True:
        token, = struct.unpack_from('>I', blob, pos)
        pos += 4
        if token == 1:  # FDT_BEGIN_NODE
            end = blob.index(b'\0', pos)
            path.append(blob[pos:end].decode())
            nodes['/'.join(path) or '/'] = {}
            pos = (end + 4) & ~3
        elif token == 2:  # FDT_END_NODE
            path.pop()
        elif token == 3:  # FDT_PROP
            length, nameoff = struct.unpack_from('>II', blob, pos)
            pos += 8
            name_end = blob.index(b'\0', off_strings + nameoff)
            name = blob[off_strings + nameoff:name_end].decode()
            nodes['/'.join(path) or '/'][name] = blob[pos:pos + length]
            pos = (pos + length + 3) & ~3
        elif token == 4:  # FDT_NOP
            continue
        elif token == 9:  # FDT_END
            return nodes
        else:
            die('bad token %d in the flattened device tree' % token)


def entries(value):
    """The entries of a string list: (index, text or None if not a string)."""
    out, pos, i = [], 0, 0
    while pos < len(value):
        end = value.find(b'\0', pos)
        raw = value[pos:] if end < 0 else value[pos:end]
        ok = end >= 0 and all(0x20 <= c < 0x7f for c in raw)
        out.append((i, raw.decode() if ok else None))
        pos, i = (len(value) if end < 0 else end + 1), i + 1
    return out


def resolve(nodes, text):
    """The node path an entry names, as the kernel finds it, or None."""
    if text == '/':
        return '/'
    if not text.startswith('/'):
        alias, sep, rest = text.partition('/')
        target = nodes.get('/aliases', {}).get(alias)
        if target is None:
            return None
        text = target.rstrip(b'\0').decode(errors='replace') + sep + rest
    return text if text in nodes else None


def check(dtb, base_dtb):
    """Errors for each entry the kernel would not take as it stands."""
    nodes = nodes_of(dtb)
    errors, assigned, seen = [], [], {}
    for node, props in nodes.items():
        if OLD_PROP in props:
            errors.append('%s: %s is gone: list the device in /chosen/%s '
                          'instead' % (node, OLD_PROP, PROP))
    value = nodes.get('/chosen', {}).get(PROP)
    if value is None:
        return errors, assigned
    base = nodes_of(base_dtb).get('/chosen', {}).get(PROP)
    if base is not None:
        lost = [t for _, t in entries(base) if t not in
                [u for _, u in entries(value)]]
        if lost:
            errors.append('/chosen/%s replaces the base tree\'s list, '
                          'losing %s: list those in the overlay too'
                          % (PROP, ', '.join('"%s"' % t for t in lost)))
    if not value:
        errors.append('/chosen/%s is empty: it names no device' % PROP)
    for i, text in entries(value):
        where = '/chosen/%s entry %d' % (PROP, i)
        if text is None:
            errors.append('%s is not a string' % where)
            continue
        where += ' "%s"' % text
        if not text:
            errors.append('/chosen/%s entry %d is empty' % (PROP, i))
            continue
        # malformed, though the kernel still finds the node: refused here,
        # but the node counts as named (for entries naming it again)
        flaw, bare = None, text.split(':', 1)[0]
        if ':' in text:
            flaw = 'options after \':\' are not allowed'
        elif len(text) > 1 and text.endswith('/'):
            flaw, bare = 'a path does not end in \'/\'', text.rstrip('/')
        if flaw:
            errors.append('%s: %s' % (where, flaw))
            seen.setdefault(resolve(nodes, bare), i)
            continue
        node = resolve(nodes, text)
        if node is None:
            errors.append('%s names no device: no node has that path or '
                          'alias' % where)
            continue
        props = nodes[node]
        status = props.get('status', b'okay\0').rstrip(b'\0')
        if status not in (b'okay', b'ok'):
            errors.append('%s names %s, which is disabled' % (where, node))
            continue
        if 'compatible' not in props:
            errors.append('%s names %s, which has no compatible: not a '
                          'device' % (where, node))
            continue
        if node in seen:
            errors.append('%s names %s, as entry %d does' %
                          (where, node, seen[node]))
            continue
        seen[node] = i
        amba = b'arm,primecell\0' in props['compatible']
        assigned.append('%s -> %s (%s)' %
                        (node, 'vfio-amba' if amba else 'vfio-platform',
                         where))
    return errors, assigned


def nodes_of(dtb):
    return fdt_nodes(open(dtb, 'rb').read())


def missing_targets(base, dtbo):
    """The overlay's target-path nodes that the base tree does not have."""
    nodes = nodes_of(base)
    targets = [props['target-path'].rstrip(b'\0').decode(errors='replace')
               for props in nodes_of(dtbo).values() if 'target-path' in props]
    return [t for t in targets if t not in nodes]


def run(cmd, what):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode:
        msg = (r.stderr + r.stdout).strip().replace('\n', '\n  ')
        die('%s failed:\n  %s' % (what, msg))


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--no-check', action='store_true',
                   help='do not check /chosen/%s' % PROP)
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
        errors, assigned = check(merged, a.base)
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
