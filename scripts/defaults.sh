# SPDX-License-Identifier: GPL-2.0
# The project's defaults, their one home (sourced, with top set to the
# project's folder): out, the build folder ($OUT, else build/), and
# kernel, the kernel worked on ($KERNEL, else the primary kernel that
# patches/primary names).  scripts/defaults.py says the same to Python.
out=${OUT:-$top/build}
kernel=${KERNEL:-$(cat "$top/patches/primary")}
