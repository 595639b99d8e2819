#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the guest initramfs for KARCH (arm, the default, or arm64): its
# busybox, the variant's modules, the test programs, the guest scripts and
# test cases, and (for `make run`) the user's files and command.
#
# Usage: KERNEL=7.3|6.12 [KARCH=...] build-initramfs.sh VARIANT OUTPUT [--cmd 'COMMAND'] [FILE...]
#   FILEs land in /extra, the command's working directory.

set -euo pipefail

. "$(dirname "$0")/kernel-env.sh"
variant=${1:?usage: build-initramfs.sh VARIANT OUTPUT [--cmd CMD] [FILE...]}
output=${2:?usage: build-initramfs.sh VARIANT OUTPUT [--cmd CMD] [FILE...]}
shift 2
cmd=
if [ "${1:-}" = --cmd ]; then
	cmd=${2:?--cmd needs a command}
	shift 2
fi

obj=$(objdir "$variant")
modroot=$kout/modroot-$variant$arch_suffix
busybox=$out/busybox$arch_suffix/bin/busybox
tests=$out/tests$arch_suffix
guest=$top/tests/guest

die() { echo "build-initramfs: error: $*" >&2; exit 1; }

[ -x "$busybox" ] || die "$busybox missing (scripts/setup-host.sh fetches it)"
[ -d "$modroot/lib/modules" ] || die "no modules in $modroot (build the kernel first)"
for p in vfio-owner vfio-soak vfio-badinput send-frames; do
	[ -x "$tests/$p" ] || die "$tests/$p missing (make progs)"
done
for f in "$@"; do
	[ -e "$f" ] || die "$f: no such file"
done

gen=$obj/usr/gen_init_cpio
if [ ! -x "$gen" ]; then
	kmake "$obj" -s usr/gen_init_cpio
fi

list=$(mktemp)
extra=$(mktemp -d)
trap 'rm -rf "$list" "$extra"' EXIT

# the overlay tests/kmod/vfiotest_overlay.c applies at run time
# the kernel reports lib.sh's kernel_reports looks for (tests/kernel-reports)
python3 "$top/scripts/kernel_reports.py" >"$extra/kernel-reports.re"
dtc -q -I dts -O dtb -o "$extra/vfiotest-runtime.dtbo" \
	"$top/tests/dts/midway-runtime.dtso" ||
	die "tests/dts/midway-runtime.dtso does not compile"

# entries for everything below host directory $1, placed at guest path $2
tree() {
	local src=$1 dst=$2 p rel
	(cd "$src" && find . -mindepth 1 | sort) | while IFS= read -r p; do
		rel=${p#./}
		if [ -d "$src/$rel" ]; then
			echo "dir $dst/$rel 755 0 0"
		elif [ -L "$src/$rel" ]; then
			echo "slink $dst/$rel $(readlink "$src/$rel") 777 0 0"
		else
			mode=$(stat -c %a "$src/$rel")
			echo "file $dst/$rel $src/$rel $mode 0 0"
		fi
	done
}

{
	for d in /bin /sbin /usr /usr/bin /usr/sbin /dev /proc /sys /tmp /etc \
		 /etc/vfiotest /lib /tests /extra; do
		echo "dir $d 755 0 0"
	done
	echo "nod /dev/console 600 0 0 c 5 1"
	echo "nod /dev/null 666 0 0 c 1 3"
	echo "file /bin/busybox $busybox 755 0 0"
	echo "file /init $guest/init 755 0 0"
	echo "file /tests/run-tests $guest/run-tests 755 0 0"
	echo "file /tests/lib.sh $guest/lib.sh 644 0 0"
	echo "dir /tests/boards 755 0 0"
	for b in "$top"/boards/*/board.conf; do
		echo "file /tests/boards/$(basename "$(dirname "$b")").conf $b 644 0 0"
	done
	echo "file /tests/demo.sh $guest/demo.sh 644 0 0"
	echo "file /tests/bench.sh $guest/bench.sh 644 0 0"
	echo "dir /tests/cases 755 0 0"
	for c in "$guest"/cases/*.sh; do
		echo "file /tests/cases/$(basename "$c") $c 644 0 0"
	done
	echo "dir /tests/dt-cases 755 0 0"
	for c in "$guest"/dt-cases/*.sh; do
		echo "file /tests/dt-cases/$(basename "$c") $c 644 0 0"
	done
	echo "file /tests/vfiotest-runtime.dtbo $extra/vfiotest-runtime.dtbo 644 0 0"
	echo "file /tests/kernel-reports.re $extra/kernel-reports.re 644 0 0"
	echo "file /tests/ktap.sh $top/tests/ktap.sh 644 0 0"
	echo "file /usr/bin/vfio-bind $guest/vfio-bind 755 0 0"
	echo "file /usr/bin/native-bind $guest/native-bind 755 0 0"
	echo "file /usr/bin/wait-probe $guest/wait-probe 755 0 0"
	echo "file /usr/bin/indent $guest/indent 755 0 0"
	echo "file /usr/bin/vfio-owner $tests/vfio-owner 755 0 0"
	echo "file /usr/bin/vfio-soak $tests/vfio-soak 755 0 0"
	echo "file /usr/bin/vfio-badinput $tests/vfio-badinput 755 0 0"
	echo "file /usr/bin/send-frames $tests/send-frames 755 0 0"
	echo "dir /lib/modules 755 0 0"
	tree "$modroot/lib/modules" /lib/modules
	if [ -n "$cmd" ]; then
		printf '%s\n' "$cmd" >"$extra/cmd"
		echo "file /etc/vfiotest/cmd $extra/cmd 644 0 0"
	fi
	for f in "$@"; do
		if [ -d "$f" ]; then
			echo "dir /extra/$(basename "$f") 755 0 0"
			tree "$(cd "$f" && pwd)" "/extra/$(basename "$f")"
		else
			echo "file /extra/$(basename "$f") $(cd "$(dirname "$f")" && pwd)/$(basename "$f") $(stat -c %a "$f") 0 0"
		fi
	done
} >"$list"

mkdir -p "$(dirname "$output")"
# Every entry dated 0 and gzip without a name or date: the same inputs
# make the same bytes, so that make test can tell a board run whose
# inputs did not change (scripts/run-tests.sh's boot_or_replay).
"$gen" -t 0 "$list" | gzip -n -6 >"$output.tmp"
mv "$output.tmp" "$output"
echo "build-initramfs: $output ($(du -k "$output" | cut -f1) KiB)"
