#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Every test, one verdict: the host-side tests of the build scripts, then
# for each kernel: its series through checkpatch, every prefix of it
# built, the static checks of the files it touches, and each board's test
# run on each variant.  Each part ends with "NAME: N passed, N failed";
# the last line is the total.  Expects the kernels and initramfs images
# built (make test does that first).
#
# Usage: run-tests.sh "KERNEL..." "VARIANT..." BOARD...
# A kernel named in $DEBUG_KERNELS is booted as the debug variant too, on
# the boards of $DEBUG_BOARDS (all when unset); debug named in VARIANTS
# boots on every board.

set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
out=${OUT:-$top/build}
kernels=${1:?usage: run-tests.sh "KERNEL..." "VARIANT..." BOARD...}
variants=${2:?usage: run-tests.sh "KERNEL..." "VARIANT..." BOARD...}
shift 2
mkdir -p "$out/logs"

summary=$out/logs/summary
: >"$summary"
part() {
	local name=$1 start=$SECONDS
	shift
	echo "==== $name"
	"$@" 2>&1 | tee "$out/logs/$name.out"
	grep -E "^$name: [0-9]+ passed, [0-9]+ failed" "$out/logs/$name.out" |
		tail -1 >>"$summary" ||
		echo "$name: 0 passed, 1 failed" >>"$summary"
	echo "# $name took $((SECONDS - start)) s"
}

part prepare-tree bash "$top/tests/host/prepare-tree-test.sh"
part verdict python3 "$top/tests/host/verdict-test.py"
part overlay env KERNEL="${kernels%% *}" bash "$top/tests/host/overlay-test.sh"

# Bad input at boot: midway with tests/dts/midway-bad-assign.dtso applied
# unchecked, as a bootloader that knows nothing of the property would.
bad_dt() {
	local k=$1 kout=$out/$1 base dtb
	base=$(python3 "$top/scripts/boot-board.py" --dtb-plan --tree "$kout/linux" |
	       awk '$1 ~ /ecx-2000/ { print $1 }')
	dtb=$kout/dtb/ecx-2000-bad-assign.dtb
	python3 "$top/scripts/apply-overlay.py" --no-check \
		"$kout/obj-reset/arch/arm/boot/dts/$base" \
		"$top/tests/dts/midway-bad-assign.dtso" "$dtb" &&
	python3 "$top/scripts/boot-board.py" --kernel "$k" --board midway \
		--variant reset --name "$k-midway-bad-dt" --mode tests --dtb "$dtb" \
		--append vfiotest.cases=dt-cases/bad-assign \
		--initrd "$kout/initramfs-reset.cpio.gz" \
		--log "$out/logs/$k-midway-bad-dt-tests.log" \
		${TIMEOUT:+--timeout "$TIMEOUT"} ${V:+-v}
}

for k in $kernels; do
	export KERNEL=$k
	part "$k-series" bash "$top/scripts/check-series.sh"
	# every prefix built: the kernels of $SERIES_BUILD_KERNELS (all when
	# unset); make series-build KERNEL=K for the others
	case " ${SERIES_BUILD_KERNELS-$kernels} " in
	*" $k "*) part "$k-series-build" bash "$top/scripts/build-series.sh" ;;
	*) echo "==== $k-series-build: not in this run (make series-build KERNEL=$k)" ;;
	esac
	part "$k-checks" bash "$top/scripts/static-checks.sh"
	vs=$variants
	case " ${DEBUG_KERNELS:-} " in *" $k "*)
		case " $vs " in *" debug "*) ;; *) vs="$vs debug" ;; esac ;;
	esac
	for board in "$@"; do
		for variant in $vs; do
			# debug added for DEBUG_KERNELS: on DEBUG_BOARDS only
			if [ "$variant" = debug ] && [ "$vs" != "$variants" ] &&
			   [ -n "${DEBUG_BOARDS+set}" ]; then
				case " $DEBUG_BOARDS " in
				*" $board "*) ;;
				*) continue ;;
				esac
			fi
			part "$k-$board-$variant" python3 "$top/scripts/boot-board.py" \
				--kernel "$k" --board "$board" --variant "$variant" \
				--mode tests --initrd "$out/$k/initramfs-$variant.cpio.gz" \
				--log "$out/logs/$k-$board-$variant-tests.log" \
				${TIMEOUT:+--timeout "$TIMEOUT"} ${V:+-v}
		done
	done
	case " $variants " in *" reset "*)
		case " $* " in *" midway "*) part "$k-midway-bad-dt" bad_dt "$k" ;; esac ;;
	esac
done

echo "===="
cat "$summary"
awk '{ p += $2; f += $4 } END { printf "total: %d passed, %d failed\n", p, f; exit (f > 0 || p == 0) }' "$summary"
