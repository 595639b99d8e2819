#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Every test, one verdict: the host-side tests of the build scripts, the
# patch series through checkpatch, every prefix of the series built, then
# each board's test run on each kernel.  Each part ends with "NAME: N passed, N failed"; the
# last line is the total.  Expects the kernel and initramfs built (make test
# does that first).
#
# Usage: run-tests.sh "VARIANT..." BOARD...

set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
out=${OUT:-$top/build}
variants=${1:?usage: run-tests.sh "VARIANT..." BOARD...}
shift
mkdir -p "$out/logs"

summary=$out/logs/summary
: >"$summary"
part() {
	local name=$1
	shift
	echo "==== $name"
	"$@" 2>&1 | tee "$out/logs/$name.out"
	grep -E "^$name: [0-9]+ passed, [0-9]+ failed" "$out/logs/$name.out" |
		tail -1 >>"$summary" ||
		echo "$name: 0 passed, 1 failed" >>"$summary"
}

part prepare-tree bash "$top/tests/host/prepare-tree-test.sh"
part verdict python3 "$top/tests/host/verdict-test.py"
part overlay bash "$top/tests/host/overlay-test.sh"
part series bash "$top/scripts/check-series.sh"
part series-build bash "$top/scripts/build-series.sh"
for board in "$@"; do
	for variant in $variants; do
		part "$board-$variant" python3 "$top/scripts/boot-board.py" \
			--board "$board" --variant "$variant" --mode tests \
			--initrd "$out/initramfs-$variant.cpio.gz" \
			--log "$out/logs/$board-$variant-tests.log" \
			${TIMEOUT:+--timeout "$TIMEOUT"} ${V:+-v}
	done
done

# Bad input at boot: midway with tests/dts/midway-bad-assign.dtso applied
# unchecked, as a bootloader that knows nothing of the property would.
bad_dt() {
	local dtb=$out/dtb/ecx-2000-bad-assign.dtb
	python3 "$top/scripts/apply-overlay.py" --no-check \
		"$out/obj-reset/arch/arm/boot/dts/ecx-2000.dtb" \
		"$top/tests/dts/midway-bad-assign.dtso" "$dtb" &&
	python3 "$top/scripts/boot-board.py" --board midway --variant reset \
		--name midway-bad-dt --mode tests --dtb "$dtb" \
		--append vfiotest.cases=dt-cases/bad-assign \
		--initrd "$out/initramfs-reset.cpio.gz" \
		--log "$out/logs/midway-bad-dt-tests.log" \
		${TIMEOUT:+--timeout "$TIMEOUT"} ${V:+-v}
}
case " $variants " in *" reset "*)
	case " $* " in *" midway "*) part midway-bad-dt bad_dt ;; esac ;;
esac

echo "===="
cat "$summary"
awk '{ p += $2; f += $4 } END { printf "total: %d passed, %d failed\n", p, f; exit (f > 0 || p == 0) }' "$summary"
