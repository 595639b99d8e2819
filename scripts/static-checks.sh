#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What the maintainers' bots run, on the files one kernel's series
# touches:
#   - every touched C file built with W=1 and sparse (C=2), in the reset
#     kernel's configuration; a patched file may have no warning that the
#     pristine file built the same way lacks, a new file none at all;
#   - scripts/kernel-doc -none -v on every new C file and header: no
#     warning; on every patched one: no warning the pristine file lacks.
# The objects go to $OUT/KERNEL/obj-checks and obj-checks-pristine, so
# the test kernels' objects keep their flags.  A run whose inputs (every
# touched file, the pristine tarball, the config fragments, the compiler,
# sparse and this script) are those of the last run that passed is not
# run again: its results are printed, marked as such.  KTAP, then
# "KERNEL-checks: N passed, N failed".
#
# KLLVM=-19: the same W=1 builds with Debian's clang-19 (LLVM=-19, the
# version 7.3 accepts: at least 17.0.1), without sparse or kernel-doc,
# which do not depend on the compiler: "KERNEL-clang: ...", objects in
# obj-checks-clang and obj-checks-clang-pristine.

set -uo pipefail

. "$(dirname "$0")/kernel-env.sh"
name=$kernel-checks
sfx=
build="W=1 + sparse"
if [ -n "${KLLVM:-}" ]; then
	name=$kernel-clang
	sfx=-clang
	build="W=1 clang$KLLVM"
	command -v "clang$KLLVM" >/dev/null ||
		{ echo "$name: error: clang$KLLVM not found (scripts/setup-host.sh installs it)"; echo "$name: 0 passed, 1 failed"; exit 1; }
fi

die() { echo "$name: error: $*"; echo "$name: 0 passed, 1 failed"; exit 1; }

command -v sparse >/dev/null || die "sparse not found (scripts/setup-host.sh installs it)"
"$top/scripts/prepare-tree.sh" >/dev/null || die "prepare-tree failed"

touched=$kout/linux.touched
mapfile -t cfiles < <(grep -E '\.c$' "$touched")
mapfile -t docfiles < <(grep -E '\.[ch]$' "$touched")
[ -z "$sfx" ] || docfiles=()


# What the results depend on.
key=$( { cat "$touched" "$kout/linux-pristine/.unpacked" "$0" "$top/scripts/kernel-env.sh"
	 while read -r f; do cat "$kout/linux/$f" 2>/dev/null; done <"$touched"
	 # shellcheck disable=SC2046
	 cat $(config_fragments reset)
	 arm-linux-gnueabihf-gcc --version; sparse --version
	 echo "${KLLVM:-}"; [ -z "${KLLVM:-}" ] || "clang$KLLVM" --version
       } | sha256sum | cut -d' ' -f1)
passed=$kout/checks$sfx.passed
results_replay "$passed" "$key" && exit 0

obj=$kout/obj-checks$sfx
pobj=$kout/obj-checks$sfx-pristine
checks_config "$obj" "$kout/linux" || die "cannot configure $obj"
checks_config "$pobj" "$kout/linux-pristine" || die "cannot configure $pobj"

results_begin "$passed" "$key"
plan "$(( ${#cfiles[@]} + ${#docfiles[@]} ))"

# check_file WHAT FUNC FILE: FUNC (warnings or kerneldoc) on FILE as patched
# has nothing it lacks on the pristine FILE (nothing at all, for a file
# the series adds).
check_file() {
	local what=$1 fn=$2 f=$3 now was= rule="no warning" new
	now=$($fn "$kout/linux" "$obj" "$f")
	if [ -e "$kout/linux-pristine/$f" ]; then
		was=$($fn "$kout/linux-pristine" "$pobj" "$f")
		rule="no warning the pristine file lacks"
	fi
	new=$(beyond "$now" "$was")
	result "$([ -z "$new" ] && echo 1 || echo 0)" "$what: $f ($rule)" "$new"
}

for f in "${cfiles[@]}"; do
	if why=$(not_built_here "$f"); then
		skip "$build: $f" "$why"
		continue
	fi
	check_file "$build" warnings "$f"
done
for f in "${docfiles[@]}"; do
	check_file "kernel-doc -none -v" kerneldoc "$f"
done
verdict "$name"
results_end "$passed" "$KTAP_FAIL"
[ "$KTAP_FAIL" -eq 0 ]
