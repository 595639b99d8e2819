#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Check that every patch of one kernel's series builds, and that the
# maintainers' bots find nothing new in it: lay out patches
# 1..K for each K in a tree of its own ($OUT/series-build/KERNEL, so the
# main tree's mtimes are not disturbed) and build it with the reset
# kernel's config, incrementally from one K to the next.  A new tree is
# a copy of the main build's (see seed() below), so the whole series is
# built already and each step down to patch 1 rebuilds only what one
# patch touched.
# A prefix whose inputs (its patch files, the new files its lines name,
# the config fragments, Debian's tarball, the compiler, sparse, these
# scripts) are the same as when it last passed is not built again.
# Each prefix K that builds is then checked as the bots check patch K
# (see bots() below): W=1 and sparse on the C files patch K touches,
# kernel-doc on its C files and headers, nothing new against the
# pristine files.  KTAP, then "KERNEL-series-build: N passed, N failed".
#
# SERIES_BUILD_PREFIXES=touched (make test's short walk) compiles at every
# prefix just the files the patch touches, in the bots' check (the whole
# series is the kernel make test builds and boots); sets builds the whole
# kernel where a set ends (the prefixes a tree takes at once,
# patches/KERNEL/sets) and compiles the touched files elsewhere; all (the
# default) builds the whole kernel at every prefix.

set -uo pipefail

. "$(dirname "$0")/kernel-env.sh"
name=$kernel-series-build
sb=$out/series-build/$kernel
mkdir -p "$sb"
# Share the unpacked pristine tree; the patched tree and objects are ours.
[ -e "$sb/linux-pristine" ] || ln -s "$kout/linux-pristine" "$sb/linux-pristine"

mapfile -t lines < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$series_dir/series")

# What the bots run on each patch, in the tree of the prefix that ends
# with it: every C file the patch touches built with W=1 and sparse
# (C=2), and kernel-doc -none -v on every C file and header it touches,
# with no warning that the pristine file (built the same way in a
# pristine tree, $kout/obj-checks-pristine) lacks; a new file, none.
command -v sparse >/dev/null || { echo "$name: error: sparse not found"; exit 1; }
# the W=1 objects go to the prefix's own object directory: the next
# build finds their command changed and compiles them again
w1=$sb/obj-reset
pobj=$kout/obj-checks-pristine
checks_config "$pobj" "$kout/linux-pristine" ||
	{ echo "$name: error: cannot configure $pobj"; exit 1; }
# pristine FUNC FILE: FUNC's warnings on the pristine FILE, computed once
# per pristine tree and configuration
pristine() {
	local cache=$pobj/.bots/$1/${2//\//_} stamp
	stamp="$(cat "$kout/linux-pristine/.unpacked" "$pobj/.config-fragment.used" |
		 sha256sum | cut -d' ' -f1)"
	if [ "$(head -1 "$cache" 2>/dev/null)" != "# $stamp" ]; then
		mkdir -p "$(dirname "$cache")"
		# (no warning is grep finding nothing: not a failure)
		{ echo "# $stamp"; $1 "$kout/linux-pristine" "$pobj" "$2"; } >"$cache.tmp"
		mv "$cache.tmp" "$cache"
	fi
	sed 1d "$cache"
}
# bots K: the checks of patch K, in $sb/linux as patches 1..K left it;
# prints what is new, nothing if nothing is
bots() {
	local k=$1 f fn now was
	read -r -a w <<<"${lines[k - 1]}"
	for f in $(sed -n 's#^+++ b/##p' "$series_dir/${w[0]}") "${w[@]:1}"; do
		for fn in warnings kerneldoc; do
			case "$fn:$f" in warnings:*.c|kerneldoc:*.[ch]) ;; *) continue ;; esac
			# (static-checks.sh reports it as skipped)
			[ "$fn" != warnings ] || ! not_built_here "$f" >/dev/null || continue
			now=$($fn "$sb/linux" "$w1" "$f")
			was=
			[ ! -e "$kout/linux-pristine/$f" ] || was=$(pristine "$fn" "$f")
			beyond "$now" "$was" | sed "s#^#$fn: #"
		done
	done
}
case "${SERIES_BUILD_PREFIXES:-all}" in
all) whole=$(seq 1 "${#lines[@]}") ;;
sets) whole=$(python3 "$top/scripts/make-series.py" --kernel "$kernel" --set-ends) ||
	{ echo "$name: error: patches/$kernel/sets"; exit 1; } ;;
touched) whole= ;;
*) echo "$name: error: SERIES_BUILD_PREFIXES is all, sets or touched, not '$SERIES_BUILD_PREFIXES'"; exit 1 ;;
esac
# built_whole K: whether prefix K builds the whole kernel
built_whole() { grep -qx "$1" <<<"$whole"; }
echo "KTAP version 1"
echo "1..${#lines[@]}"
pass=0 fail=0
declare -a result
# A new tree starts as a copy of the main build's, whole series and
# objects (its reset kernel, which make test builds first), with the
# paths Kbuild recorded moved to the copy and every mtime kept: Kbuild
# finds the whole series built, and each step down rebuilds only what one
# patch touched and the Kconfig symbols it adds.  Without the main build
# (make series-build alone, before any make kernel), the whole series is
# built from scratch first.  Once the tree exists, the walk goes upwards
# from the first prefix that changed, as few files as that takes.
seed() {
	[ -f "$kout/obj-reset/vmlinux" ] && [ -f "$kout/linux.touched" ] || return 1
	echo "# copying the main build ($kout/linux, obj-reset) to $sb"
	rm -rf "$sb/linux" "$sb/obj-reset" "$sb/linux.touched" "$sb"/ok-*
	cp -a "$kout/linux" "$sb/linux" &&
	cp -a "$kout/linux.touched" "$sb/linux.touched" &&
	cp -a "$kout/obj-reset" "$sb/obj-reset" &&
	ln -sfn "$sb/linux" "$sb/obj-reset/source" &&
	python3 - "$kout" "$sb" <<'PY'
import os, re, sys
old, new = sys.argv[1], sys.argv[2]
# the tree and the objects' own paths, as whole path names
pat = re.compile(re.escape(old) + r'/(linux|obj-reset)(?=[/\s:"\')]|$)')
for root, _, names in os.walk(os.path.join(new, 'obj-reset')):
    for n in names:
        f = os.path.join(root, n)
        if os.path.islink(f):
            continue
        try:
            with open(f, encoding='utf-8') as fh:
                text = fh.read()
        except (UnicodeDecodeError, OSError):
            continue
        if old not in text:
            continue
        st = os.stat(f)
        with open(f, 'w', encoding='utf-8') as fh:
            fh.write(pat.sub(lambda m: new + '/' + m.group(1), text))
        os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns))
PY
}
if [ -d "$sb/obj-reset" ]; then
	order=$(seq 1 "${#lines[@]}")
else
	seed || rm -rf "$sb/linux" "$sb/obj-reset" "$sb/linux.touched"
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
		 # shellcheck disable=SC2046
		 cat $(config_fragments reset)
		 # the kernel Debian ships, and the compiler
		 cat "$kout/linux-pristine/.unpacked"
		 arm-linux-gnueabihf-gcc --version; sparse --version
		 cat "$0" "$top/scripts/kernel-env.sh"
		 built_whole "$k" || echo "touched files only"
	       } 2>/dev/null | sha256sum | cut -d' ' -f1)
	if built_whole "$k"; then
		what="builds with patches 1..$k"
		how=COMPILE_ONLY
	else
		what="compiles the files patch $k touches, on patches 1..$k (the whole kernel is built by make series-build)"
		how=CONFIGURE_ONLY
	fi
	if [ "$(cat "$sb/ok-$k" 2>/dev/null)" = "$key" ]; then
		result[k]="ok $k $what, and W=1, sparse and kernel-doc find nothing new in what $patch touches (unchanged since it last passed)"
		pass=$((pass + 1))
		continue
	fi
	rm -f "$sb/ok-$k"
	start=$SECONDS
	# OUT=$out/series-build puts this kernel's trees in $sb; ccache keeps
	# the main build's cache (CCACHE_DIR, exported by kernel-env.sh).
	if env OUT="$out/series-build" SERIES_UPTO="$k" ALLOW_ABSENT=1 "$how=1" \
		bash "$top/scripts/build-kernel.sh" reset >"$sb/build-$k.log" 2>&1; then
		new=$(bots "$k")
		if [ -z "$new" ]; then
			echo "$key" >"$sb/ok-$k"
			result[k]="ok $k $what, and W=1, sparse and kernel-doc find nothing new in what $patch touches ($((SECONDS - start)) s)"
			pass=$((pass + 1))
		else
			result[k]="$(sed 's/^/    # /' <<<"$new")
not ok $k $what, but W=1, sparse or kernel-doc find something new in what $patch touches"
			fail=$((fail + 1))
		fi
	else
		result[k]="$(grep -E "error|Error" "$sb/build-$k.log" | head -20 | sed 's/^/    # /')
    # full log: $sb/build-$k.log
not ok $k $what ($patch)"
		fail=$((fail + 1))
	fi
	echo "# done with patches 1..$k"
done
for k in $(seq 1 "${#lines[@]}"); do
	printf '%s\n' "${result[k]}"
done
echo "$name: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
