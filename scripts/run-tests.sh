#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Every test, one verdict: the host-side tests of the build scripts, then
# for each kernel: make series-check (the written series through git am
# and checkpatch, every patch built with W=1, sparse and kernel-doc, the
# touched files built with clang W=1, the base compared with upstream's
# tarball, dt-schema on the overlaid DTBs), and each board's test run on each
# variant.  Each part ends with "NAME: N passed, N failed";
# the last line is the total.  Expects the kernels and initramfs images
# built (make test does that first).
#
# Usage: run-tests.sh, with KERNELS, BOARDS, VARIANTS and TEST_RUNS as
# make test sets them: the boots are scripts/test-plan.sh's.

set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/scripts/defaults.sh"
plan=$(bash "$top/scripts/test-plan.sh") || exit 1
# every kernel of $KERNELS gets its checks; the boots are the plan's
kernels=${KERNELS:?}
booted=$(bash "$top/scripts/test-plan.sh" kernels)
mkdir -p "$out/logs"

# git_am K: whether K's series-check applies the series with git am
# (the kernels of $SERIES_BUILD_KERNELS, all when unset) or not
git_am() { case " ${SERIES_BUILD_KERNELS-$kernels} " in *" $1 "*) echo 1 ;; *) echo 0 ;; esac; }

# run-tests.sh --early: the checks that compile nothing (each kernel's
# series-check: git am, checkpatch), run while make test builds the
# kernels, so that the part below replays the result they recorded
# (check-series.sh keeps it while its inputs do not change) instead of
# taking a minute or two after the builds.  What they print goes to
# $out/logs/early-*.out; the parts below are the verdict.
if [ "${1:-}" = --early ]; then
	for k in $kernels; do
		KERNEL=$k GIT_AM=$(git_am "$k") bash "$top/scripts/check-series.sh" \
			>"$out/logs/early-$k-series-check.out" 2>&1
	done
	exit 0
fi

summary=$out/logs/summary
: >"$summary"
# record NAME: NAME's "NAME: N passed, N failed" line into the summary (a
# part that printed none failed)
record() {
	grep -E "^$1: [0-9]+ passed, [0-9]+ failed" "$out/logs/$1.out" |
		tail -1 >>"$summary" ||
		echo "$1: 0 passed, 1 failed" >>"$summary"
}
part() {
	local name=$1 start=$SECONDS
	shift
	echo "==== $name"
	"$@" 2>&1 | tee "$out/logs/$name.out"
	record "$name"
	echo "# $name took $((SECONDS - start)) s"
}
# The parts that leave a CPU idle part of the time run POOL_JOBS at once
# (the number of CPUs unless set): a board run keeps one CPU busy (one
# QEMU, whatever its board's CPU count, measured 44% idle on 2 CPUs), and
# so does dt-schema's Python; the compiling checks build one file at a
# time with a make whose start is serial (7.3's checks took 885 s one
# after the other and 144% of 2 CPUs).  pooled NAME COMMAND... starts one
# when a slot is free, its output to $out/logs/NAME.out; pool_done waits
# for them all and shows each in the order they started.
pool_jobs=${POOL_JOBS:-$(nproc)}
pooled_names=()
pooled() {
	local name=$1
	shift
	while [ "$(jobs -rp | wc -l)" -ge "$pool_jobs" ]; do wait -n; done
	echo "==== $name: started"
	pooled_names+=("$name")
	{ local start=$SECONDS
	  "$@" >"$out/logs/$name.out" 2>&1
	  echo "# $name took $((SECONDS - start)) s" >>"$out/logs/$name.out"; } &
}
pool_done() {
	local name
	wait
	for name in "${pooled_names[@]}"; do
		echo "==== $name"
		cat "$out/logs/$name.out"
		record "$name"
	done
	pooled_names=()
}

# boot_or_replay NAME FILE... -- COMMAND...: a board run.  When NAME's
# last run passed with byte-identical inputs (the FILEs: its kernel, DTB
# and initramfs, with the tests in it; the scripts that boot and judge
# it; the board's data; QEMU; TIMEOUT) and FRESH is unset, its results
# are replayed, each "ok" marked "unchanged since it last passed".
# Otherwise COMMAND boots the board, and a pass is recorded in
# $out/logs/NAME.passed.  A clean clone (CI) has nothing to replay.
boot_or_replay() {
	local name=$1 rec=$out/logs/$1.passed key files=() rc
	shift
	while [ "$1" != -- ]; do files+=("$1"); shift; done
	shift
	key=$( { cat "${files[@]}" "$top"/scripts/{boot-board,verdict,kernel_reports,boards,run_stamp}.py \
		       "$top"/tests/kernel-reports "$top"/boards/*/board.conf
		 qemu-system-arm --version; qemu-system-aarch64 --version
		 echo "timeout ${TIMEOUT:-}"; } 2>&1 |
	       sha256sum | cut -d' ' -f1)
	if [ -z "${FRESH:-}" ] && [ "$(head -1 "$rec" 2>/dev/null)" = "# key $key" ]; then
		echo "# $name: the same kernel, DTB, initramfs and harness as its last run, which passed: its results replayed (FRESH=1 boots it)"
		sed -e '1d' -e 's/^\(ok [0-9]* .*\)$/\1 # unchanged since it last passed/' "$rec"
		return 0
	fi
	rm -f "$rec"
	"$@" | tee "$rec.tmp"
	rc=${PIPESTATUS[0]}
	[ "$rc" -ne 0 ] || { echo "# key $key"; cat "$rec.tmp"; } >"$rec"
	rm -f "$rec.tmp"
	return "$rc"
}
# board_run KERNEL BOARD VARIANT: make test's run of BOARD on KERNEL's
# VARIANT kernel, booted or replayed
board_run() {
	local k=$1 board=$2 variant=$3 obj dtb initrd arch_env
	arch_env=$(python3 "$top/scripts/boards.py" arch-env \
		   "$(python3 "$top/scripts/boards.py" get "$board" ARCH)") || return 1
	local arch_kbuild arch_image arch_suffix
	eval "$(grep -E '^arch_(kbuild|image|suffix)=' <<<"$arch_env")"
	obj=$out/$k/obj-$variant$arch_suffix
	initrd=$out/$k/initramfs-$variant$arch_suffix.cpio.gz
	dtb=$(python3 "$top/scripts/boards.py" dtb-plan --tree "$out/$k/linux" |
	      awk -v b="$board" '$1 == b { print $4 }')
	boot_or_replay "$k-$board-$variant" "$obj/$arch_image" \
		"$obj/arch/$arch_kbuild/boot/dts/$dtb" "$initrd" -- \
		python3 "$top/scripts/boot-board.py" \
		--kernel "$k" --board "$board" --variant "$variant" \
		--mode tests --initrd "$initrd" \
		--log "$out/logs/$k-$board-$variant-tests.log" \
		${TIMEOUT:+--timeout "$TIMEOUT"} ${V:+-v} </dev/null
}

part prepare-tree bash "$top/tests/host/prepare-tree-test.sh"
part boards python3 "$top/tests/host/boards-test.py"
part verdict python3 "$top/tests/host/verdict-test.py"
part report python3 "$top/tests/host/report-test.py"
part overlay env KERNEL="$(echo $kernels | cut -d' ' -f1)" bash "$top/tests/host/overlay-test.sh"
part series env KERNEL="$(echo $kernels | cut -d' ' -f1)" bash "$top/tests/host/series-test.sh"
part backport bash "$top/tests/host/backport-test.sh"
part check-names bash "$top/tests/host/check-names-test.sh"

# /chosen/linux,vfio-devices with every case at once, good and bad:
# midway with tests/dts/midway-chosen-cases.dtso applied unchecked, as a
# bootloader that knows nothing of the property would, on kernel $1's
# variant $2 (the reset kernel; the control kernel, which has no
# vfio-amba, where this run builds it).
chosen_dt() {
	local k=$1 variant=$2 kout=$out/$1 base dtb
	base=$(python3 "$top/scripts/boards.py" dtb-plan --tree "$kout/linux" |
	       awk '$1 == "midway" { print $2 }')
	dtb=$kout/dtb/ecx-2000-chosen-cases-$variant.dtb
	python3 "$top/scripts/apply-overlay.py" --no-check \
		"$kout/obj-$variant/arch/arm/boot/dts/$base" \
		"$top/tests/dts/midway-chosen-cases.dtso" "$dtb" >/dev/null &&
	boot_or_replay "$k-midway-chosen-$variant" "$kout/obj-$variant/arch/arm/boot/zImage" \
		"$dtb" "$kout/initramfs-$variant.cpio.gz" -- \
	python3 "$top/scripts/boot-board.py" --kernel "$k" --board midway \
		--variant "$variant" --name "$k-midway-chosen-$variant" \
		--mode tests --dtb "$dtb" --append vfiotest.cases=dt-cases/chosen \
		--initrd "$kout/initramfs-$variant.cpio.gz" \
		--log "$out/logs/$k-midway-chosen-$variant-tests.log" \
		${TIMEOUT:+--timeout "$TIMEOUT"} ${V:+-v} </dev/null
}

# make series-check, for each kernel: for the kernels of
# $SERIES_BUILD_KERNELS (all when unset), the written series through git
# am and checkpatch, every patch built with W=1, sparse and kernel-doc on
# what it touches, clang, the base and dt-schema; for the others (a
# backport, which the host part "backport" keeps to the primary's patches
# but where patches/K/differences says), checkpatch and W=1, sparse and
# kernel-doc on the whole series' files (make series-check KERNEL=K runs
# it all for any kernel).  The series-checks replay what --early found;
# the rest share the pool, each kernel's trees and object directories its
# own (prepare-tree locks a tree).
for k in $kernels; do
	export KERNEL=$k
	case "$(git_am "$k")" in
	1) part "$k-series-check" bash "$top/scripts/check-series.sh" ;;
	0) part "$k-series-check" env GIT_AM=0 bash "$top/scripts/check-series.sh" ;;
	esac
done
for k in $kernels; do
	export KERNEL=$k
	case "$(git_am "$k")" in
	1)
		pooled "$k-series-build" bash "$top/scripts/build-series.sh"
		pooled "$k-clang" env KLLVM=-19 bash "$top/scripts/static-checks.sh" ;;
	0)
		pooled "$k-checks" bash "$top/scripts/static-checks.sh"
		echo "==== $k-dtschema: not in this run (make series-check KERNEL=$k)" ;;
	esac
done
for k in $kernels; do
	export KERNEL=$k
	case "$(git_am "$k")" in 1)
		pooled "$k-base" bash "$top/scripts/check-base.sh"
		pooled "$k-dtschema" bash "$top/scripts/check-dtschema.sh" ;;
	esac
done
pool_done

# Every kernel's board runs, after the checks: a board's waits are
# measured on a host that runs QEMU and nothing else.
for k in $kernels; do
	export KERNEL=$k
	case " $booted " in *" $k "*) ;; *)
		echo "==== $k: no board run in this plan (make test-all boots every kernel)" ;;
	esac
	while read -r pk board variant; do
		[ "$pk" = "$k" ] || continue
		pooled "$k-$board-$variant" board_run "$k" "$board" "$variant"
	done <<<"$plan"
	# the reset kernel is built for every kernel booted
	case " $BOARDS | $booted " in *" midway "*"|"*" $k "*)
		for v in reset $(bash "$top/scripts/test-plan.sh" variants "$k" | grep -x control); do
			pooled "$k-midway-chosen-$v" chosen_dt "$k" "$v"
		done ;;
	esac
done
pool_done

echo "===="
cat "$summary"
total=$(awk '{ p += $2; f += $4 } END { printf "total: %d passed, %d failed\n", p, f }' "$summary")
# what scripts/report.py reads: the run, how long it took, the verdict
{ echo "# run: $(python3 "$top/scripts/run_stamp.py")"
  [ -z "${TEST_START:-}" ] ||
	echo "# make test: $(( $(date +%s) - TEST_START )) s, ${TEST_KIND:-warm}"
  echo "$total"; } >"$out/logs/test-run"
echo "$total"
awk '{ f += $4; p += $2 } END { exit (f > 0 || p == 0) }' "$summary"
