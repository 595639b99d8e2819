#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Check that every patch of one kernel's series builds: lay out patches
# 1..K for each K in a tree of its own ($OUT/series-build/KERNEL, so the
# main tree's mtimes are not disturbed) and build it with the reset
# kernel's config, incrementally from one K to the next.  In a new tree,
# the whole series first and then down to patch 1: the whole series has
# the main build's configuration, so ccache answers it in direct mode
# (patch 1 first: a configuration without the later patches' symbols, so
# every file goes through the preprocessor to find its cached object,
# 128 s of a cold run's 236), and each step down rebuilds only what one
# patch touched and the Kconfig symbols it adds.  That tree is laid
# out as the main one is ({linux,obj-reset} side by side), so ccache finds
# the main build's objects for every file a prefix has in common with it.
# A prefix whose inputs (its patch files, the new files its lines name,
# the config fragments, Debian's tarball, the compiler) are the same as at
# its last successful build is not built again.  KTAP, then "KERNEL-series-build: N passed, N failed".

set -uo pipefail

. "$(dirname "$0")/kernel-env.sh"
name=$kernel-series-build
sb=$out/series-build/$kernel
mkdir -p "$sb"
# Share the unpacked pristine tree; the patched tree and objects are ours.
[ -e "$sb/linux-pristine" ] || ln -s "$kout/linux-pristine" "$sb/linux-pristine"

mapfile -t lines < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$series_dir/series")
echo "KTAP version 1"
echo "1..${#lines[@]}"
pass=0 fail=0
declare -a result
# From scratch, the whole series first (see above); once the tree exists,
# upwards from the first prefix that changed, as few files as that takes.
if [ -d "$sb/obj-reset" ]; then
	order=$(seq 1 "${#lines[@]}")
else
	order=$(seq "${#lines[@]}" -1 1)
fi
for k in $order; do
	patch=${lines[k - 1]%% *}
	# What prefix k is made of.
	key=$( { printf '%s\n' "${lines[@]:0:k}"
		 for l in "${lines[@]:0:k}"; do
			 read -r -a w <<<"$l"
			 cat "$series_dir/${w[0]}"
			 for f in "${w[@]:1}"; do
				 cat "$series_dir/files/$f" 2>/dev/null || cat "$top/$f"
			 done
		 done
		 cat "$top/configs/base.config" "$top/configs/reset.config"
		 cat "$top/configs/$kernel.config" 2>/dev/null
		 # the kernel Debian ships, and the compiler
		 cat "$kout/linux-pristine/.unpacked"
		 arm-linux-gnueabihf-gcc --version
	       } 2>/dev/null | sha256sum | cut -d' ' -f1)
	if [ "$(cat "$sb/ok-$k" 2>/dev/null)" = "$key" ]; then
		result[k]="ok $k builds with patches 1..$k ($patch; unchanged since it last built)"
		pass=$((pass + 1))
		continue
	fi
	rm -f "$sb/ok-$k"
	start=$SECONDS
	# OUT=$out/series-build puts this kernel's trees in $sb; ccache keeps
	# the main build's cache (CCACHE_DIR, exported by kernel-env.sh).
	if OUT=$out/series-build SERIES_UPTO=$k ALLOW_ABSENT=1 COMPILE_ONLY=1 \
		bash "$top/scripts/build-kernel.sh" reset >"$sb/build-$k.log" 2>&1; then
		echo "$key" >"$sb/ok-$k"
		result[k]="ok $k builds with patches 1..$k ($patch, $((SECONDS - start)) s)"
		pass=$((pass + 1))
	else
		result[k]="$(grep -E "error|Error" "$sb/build-$k.log" | head -20 | sed 's/^/    # /')
    # full log: $sb/build-$k.log
not ok $k builds with patches 1..$k ($patch)"
		fail=$((fail + 1))
	fi
	echo "# built patches 1..$k"
done
for k in $(seq 1 "${#lines[@]}"); do
	printf '%s\n' "${result[k]}"
done
echo "$name: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
