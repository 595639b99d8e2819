# SPDX-License-Identifier: GPL-2.0
"""The project's defaults, as scripts/defaults.sh has them for the shell:
the build folder ($OUT, else build/) and the kernel ($KERNEL, else the
primary kernel that patches/primary names)."""
import os

# the project's folder (PROJECT_TOP: another, for the host tests)
TOP = os.environ.get('PROJECT_TOP') or \
    os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def primary_kernel():
    with open(os.path.join(TOP, 'patches', 'primary')) as f:
        return f.read().strip()


def out_dir():
    return os.environ.get('OUT') or os.path.join(TOP, 'build')


def kernel():
    return os.environ.get('KERNEL') or primary_kernel()
