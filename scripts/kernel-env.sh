# SPDX-License-Identifier: GPL-2.0
# Sourced by the build scripts: which kernel they work on, and where its
# files are.  One series per kernel, under patches/KERNEL/; one build
# folder per kernel, $OUT/KERNEL, that all its variants share.
#
#   KERNEL  a folder of patches/ with a series: 7.3 (the primary kernel,
#           patches/primary, the default) or 6.12 (the backport)
#   KARCH   the architecture built for, a key of scripts/boards.py's
#           ARCHES: arm (the default) or arm64
#
# Sets top, out, kernel, kout (the kernel's build folder), series_dir,
# tarball (Debian's linux-source-KERNEL), karch and its arch_* values
# (boards.py arch-env), and defines kmake, which runs Kbuild on
# $kout/linux for KARCH, through ccache when it is installed, and objdir,
# a variant's object folder for KARCH.

top=${PROJECT_TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
. "$(dirname "${BASH_SOURCE[0]}")/../tests/ktap.sh"
. "$(dirname "${BASH_SOURCE[0]}")/defaults.sh"
series_dir=$top/patches/$kernel
if [ ! -f "$series_dir/series" ]; then
	echo "error: no kernel '$kernel': expected patches/$kernel/series" \
	     "(kernels: $(cd "$top/patches" && ls -d */ | tr -d / | grep -vx dt-schema | tr '\n' ' '))" >&2
	exit 2
fi
kout=$out/$kernel
karch=${KARCH:-arm}
arch_env=$(python3 "$(dirname "${BASH_SOURCE[0]}")/boards.py" arch-env "$karch") || exit 2
eval "$arch_env"
# objdir VARIANT: VARIANT's object folder for KARCH ($kout/obj-VARIANT on
# 32-bit ARM, obj-VARIANT-arm64 on arm64; boards.py's obj_dir)
objdir() { echo "$kout/obj-$1$arch_suffix"; }
tarball=${LINUX_TARBALL:-/usr/src/linux-source-$kernel.tar.xz}

# ccache keyed on paths relative to $out, so that a second tree laid out
# the same way ($kout/series-build/{linux,obj-*}) hits the main build's
# cache.  Depend mode: a miss costs the compile alone, where the default
# mode runs the preprocessor first (kernel/sched/core.c, cold cache:
# 2.8 s instead of 3.55 s); a hit needs every header the same as before,
# which is what Kbuild's own dependencies ask too.  It never hashes the
# file an .incbin embeds, so a zImage may come back with an earlier
# build's kernel: scripts/build-kernel.sh checks it, and rebuilds it with
# CCACHE_DISABLE=1 if so.
if command -v ccache >/dev/null; then
	export CCACHE_DIR=${CCACHE_DIR:-$out/ccache}
	export CCACHE_BASEDIR=$out
	export CCACHE_NOHASHDIR=1
	export CCACHE_DEPEND=1
	export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-5G}
	kcc="ccache ${arch_cross}gcc"
else
	kcc=${arch_cross}gcc
fi

# kmake OBJDIR [ARGS...]: Kbuild on the kernel's patched tree; with
# KLLVM=-19 (the suffix of Debian's clang-19), with LLVM=-19 instead of
# gcc (scripts/static-checks.sh's clang build).
kmake() {
	local obj=$1 cc=("CC=$kcc")
	shift
	if [ -n "${KLLVM:-}" ]; then
		cc=("LLVM=$KLLVM" "CC=${kcc%"${arch_cross}gcc"}clang$KLLVM")
	fi
	make -C "${KTREE:-$kout/linux}" O="$obj" ARCH="$arch_kbuild" \
		CROSS_COMPILE="$arch_cross" "${cc[@]}" "$@"
}

# Results kept while their inputs do not change, for the checks that
# build nothing (checkpatch, the static checks).  FILE starts with
# "# key KEY" and holds the KTAP of the last run that passed with KEY.
#   results_replay FILE KEY  prints those results, each "ok" marked
#                            "unchanged since it last passed", and
#                            succeeds; fails if FILE is not for KEY
#   results_begin FILE KEY   from here on, each line of tests/ktap.sh's
#                            results is printed and recorded
#   results_end FILE FAILED  keeps the record if FAILED is 0
results_replay() {
	[ "$(head -1 "$1" 2>/dev/null)" = "# key $2" ] || return 1
	sed -e '1d' -e 's/^\(ok [0-9]* .*\)$/\1 # unchanged since it last passed/' "$1"
}
results_begin() {
	rm -f "$1"
	exec 3>"$1.tmp"
	echo "# key $2" >&3
	ktap_say() { echo "$*"; echo "$*" >&3; }
}
results_end() {
	exec 3>&-
	ktap_say() { echo "$*"; }
	if [ "$2" -eq 0 ]; then mv "$1.tmp" "$1"; else rm -f "$1.tmp"; fi
}

# The checks maintainers' bots run on a file (scripts/static-checks.sh,
# scripts/build-series.sh), each printing one warning a line without line
# numbers (code moves):
#   warnings TREE OBJDIR FILE.c   W=1 and sparse (C=2) on FILE of TREE,
#                                 configured in OBJDIR, as "path: kind:
#                                 message" (BUILD-FAILED if it does not)
#   kerneldoc TREE OBJDIR FILE    kernel-doc -none -v (OBJDIR unused)
#   beyond NOW WAS                the lines of NOW that WAS lacks, counted
#                                 (a warning a patch repeats is new too)
warnings() {
	local tree=$1 obj=$2 f=$3 log
	# Kbuild prints warnings only when it compiles: always compile
	rm -f "$obj/${f%.c}.o"
	# sparse with gcc; clang's own warnings are the point of its build
	local sparse=C=2
	[ -z "${KLLVM:-}" ] || sparse=
	if ! log=$(KTREE=$tree kmake "$obj" -s -j"${JOBS:-$(nproc)}" W=1 $sparse "${f%.c}.o" 2>&1); then
		echo "$log" >"$obj/${f//\//_}.log"
		echo "BUILD-FAILED: $f: $(grep -m1 -E 'error|No rule' <<<"$log")"
		return
	fi
	echo "$log" >"$obj/${f//\//_}.log"
	sed -n -E "s#^(${tree}/|\.\./linux[^/]*/)?([^: ]+):[0-9]+(:[0-9]+)?: (warning|error): (.*)#\2: \4: \5#p" \
		<<<"$log" | sort
}
kerneldoc() {
	(cd "$1" && perl scripts/kernel-doc -none -v "$3" 2>&1) |
		grep -E 'warning|error' | grep -vE '^[0-9]+ (warning|error)s?$' |
		sed -E 's/:[0-9]+: /: /' | sort
}
beyond() {
	comm -23 <(grep -v '^$' <<<"$1" | sort | awk '{ print $0 " #" ++c[$0] }' | sort) \
		 <(grep -v '^$' <<<"$2" | sort | awk '{ print $0 " #" ++c[$0] }' | sort)
}

# not_built_here FILE.c: why no configuration of 32-bit ARM builds FILE
# (the W=1, sparse and clang builds skip it, saying this); fails for a
# file that is built.  Kernel-doc still reads it.
not_built_here() {
	case "$1" in
	drivers/acpi/bus.c) echo "CONFIG_ACPI does not exist on 32-bit ARM" ;;
	*) return 1 ;;
	esac
}

# config_fragments VARIANT: the config fragments of KERNEL's VARIANT
# kernel for KARCH, in order: configs/base.config, configs/arch/KARCH.config,
# every KARCH board's boards/*/config, configs/KERNEL.config if there is
# one, the fragment VARIANT's says it is "on top of", and
# configs/VARIANT.config.
config_fragments() {
	local variant=$1 under
	echo "$top/configs/base.config"
	echo "$top/configs/arch/$karch.config"
	python3 "$top/scripts/boards.py" configs --arch "$karch" || return 1
	[ ! -f "$top/configs/$kernel.config" ] || echo "$top/configs/$kernel.config"
	under=$(sed -n 's/^# on top of: *\([a-z0-9]*\) *$/\1/p' "$top/configs/$variant.config")
	[ -z "$under" ] || echo "$top/configs/$under.config"
	echo "$top/configs/$variant.config"
}

# checks_config OBJDIR TREE: the reset kernel's configuration in OBJDIR.
checks_config() {
	local obj=$1 tree=$2 fragments
	mkdir -p "$obj"
	fragments=$(config_fragments reset) || return 1
	# shellcheck disable=SC2086
	cat $fragments >"$obj/.config-fragment"
	if ! cmp -s "$obj/.config-fragment" "$obj/.config-fragment.used" ||
	   [ "$tree/Makefile" -nt "$obj/.config" ]; then
		KTREE=$tree kmake "$obj" -s KCONFIG_ALLCONFIG="$obj/.config-fragment" \
			allnoconfig >/dev/null || return 1
		cp "$obj/.config-fragment" "$obj/.config-fragment.used"
	fi
}
