#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dt-schema on what the project adds to device trees, as a devicetree
# maintainer's bot would, for kernel $KERNEL: against the installed
# dt-schema (Debian's dt-schema package), with patches/dt-schema/ (the
# /chosen property, for the dt-schema project) applied to a copy of it.
#
#   - the patch applies, and the patched chosen.yaml passes dt-doc-validate
#     (dt-schema's meta-schemas) with its example
#   - controls: the stock chosen.yaml refuses linux,vfio-devices (so the
#     patch is needed), the patched one refuses malformed entries
#   - dt_binding_check of every file the series adds under
#     Documentation/devicetree (it adds none: the property is dt-schema's)
#   - dt-validate of each board's DTB with its overlay (boards/NAME/) applied,
#     against the kernel's bindings and the patched core schemas: no error
#     the board's own DTB does not have.  The board DTB's errors are listed.
#
# The processed schema (dt-mk-schema over the kernel's bindings, some 40 s)
# is kept in $OUT/$KERNEL/dtschema/ and made again only when the bindings,
# the patch or dt-schema change.  KTAP, then "$KERNEL-dtschema: N passed,
# N failed".

set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/scripts/kernel-env.sh"
name=$kernel-dtschema
work=$kout/dtschema
lib=$work/lib
stock=/usr/lib/python3/dist-packages/dtschema
patches=("$top"/patches/dt-schema/*.patch)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail_early() {
	echo "check-dtschema: error: $*" >&2
	echo "$name: 0 passed, 1 failed"
	exit 1
}
command -v dt-validate >/dev/null && [ -d "$stock/schemas" ] ||
	fail_early "no dt-schema (apt-get install dt-schema; make setup installs it)"
[ -d "$kout/linux/Documentation/devicetree/bindings" ] ||
	fail_early "no kernel tree in $kout/linux (make kernel KERNEL=$kernel first)"
# every board's DTBs, as its architecture's reset kernel has them: "BOARD
# BASE OVERLAY MERGED" with BASE and MERGED as paths
plan=$(python3 "$top/scripts/boards.py" dtb-plan --tree "$kout/linux" |
       while read -r b base overlay merged; do
	       d=$(python3 "$top/scripts/boards.py" dtb-dir "$b" "$kout" reset) || exit 1
	       echo "$b $d/$base $overlay $d/$merged"
       done) && [ -n "$plan" ] || fail_early "no board plan"

# errors SCHEMA DTB...: dt-validate's errors, one line each, "DTB: error",
# continuation lines joined with " |"; the core schemas' notes about
# themselves left out.  One dt-validate loads the schema once for all.
errors() {
	local schema=$1 py=()
	shift
	[ "$schema" = "$stock/schemas" ] || py=(env PYTHONPATH="$lib")
	"${py[@]}" dt-validate -s "$schema" "$@" 2>&1 |
		grep -v ": duplicate '\$id' value" |
		awk '
			/^\t/ { sub(/^\t/, " "); e = e " |" $0; next }
			{ if (e != "") print e; e = $0 }
			END { if (e != "") print e }'
}
# of DTB: the errors of DTB among errors' lines on stdin, without its name
of() {
	awk -v f="$1: " 'index($0, f) == 1 { print substr($0, length(f) + 1) }'
}

plan "$((6 + 2 * $(wc -l <<<"$plan")))"

# the patched copy of dt-schema, laid anew each run (a second or so)
rm -rf "$lib"
mkdir -p "$lib"
cp -r "$stock" "$lib/"
rm -rf "$lib/dtschema/__pycache__"
applies() {
	local p
	for p in "${patches[@]}"; do
		echo "# $(basename "$p")"
		(cd "$lib" && patch -s -p1 --dry-run <"$p" && patch -s -p1 <"$p") || return 1
	done
}
check "patches/dt-schema/ applies to dt-schema $(dt-validate --version 2>/dev/null)" applies
doc_valid() {
	PYTHONPATH=$lib dt-doc-validate -u "$lib/dtschema/schemas" \
		"$lib/dtschema/schemas/chosen.yaml" >"$tmp/doc" 2>&1
	local rc=$?
	sed 's/^/# /' "$tmp/doc"
	[ "$rc" -eq 0 ] && [ ! -s "$tmp/doc" ]
}
check "the patched chosen.yaml passes dt-doc-validate (the meta-schemas)" doc_valid

# the schema's own checks, on the first board's DTB and overlay
read -r _ first_base first_overlay _ <<<"$plan"
refuses() {
	errors "$2" "$1" | of "$1" >"$tmp/e"
	grep -F "$3" "$tmp/e" | sed 's/^/# /'
	grep -qF "$3" "$tmp/e"
}
python3 "$top/scripts/apply-overlay.py" "$first_base" \
	"$top/$first_overlay" "$tmp/good.dtb" >/dev/null
check "control: the stock chosen.yaml refuses linux,vfio-devices" \
	refuses "$tmp/good.dtb" "$stock/schemas" \
	"chosen: 'linux,vfio-devices' does not match any of the regexes"
printf '/dts-v1/;\n/plugin/;\n&{/chosen} {\n\tlinux,vfio-devices = "/soc/ethernet@fff51000:rx", "";\n};\n' \
	>"$tmp/bad.dtso"
python3 "$top/scripts/apply-overlay.py" --no-check "$first_base" \
	"$tmp/bad.dtso" "$tmp/bad.dtb" >/dev/null
check "control: the patched one refuses an entry with options" \
	refuses "$tmp/bad.dtb" "$lib/dtschema/schemas" \
	"chosen: linux,vfio-devices:0: '/soc/ethernet@fff51000:rx' does not match"
check "control: and an empty entry" \
	refuses "$tmp/bad.dtb" "$lib/dtschema/schemas" \
	"chosen: linux,vfio-devices:1: '' does not match"

# dt_binding_check of what the series adds under Documentation/devicetree
added=$(awk '!/^#/ { for (i = 2; i <= NF; i++) print $i }' "$series_dir/series" |
	grep '^Documentation/devicetree/' || true)
added+=$(grep -h '^+++ b/Documentation/devicetree/' "$series_dir"/*.patch |
	 sed 's|^+++ b/||' || true)
if [ -z "$added" ]; then
	skip dt_binding_check "the series adds nothing under Documentation/devicetree (linux,vfio-devices is dt-schema's chosen.yaml)"
else
	binding_check() {
		PYTHONPATH=$lib make -s -C "$kout/linux" O="$tmp/bind" dt_binding_check \
			DT_SCHEMA_FILES="$(echo $added | tr ' ' ':')" >"$tmp/bind.out" 2>&1
		local rc=$?
		sed 's/^/# /' "$tmp/bind.out"
		[ "$rc" -eq 0 ] && ! grep -qE 'warning|error' "$tmp/bind.out"
	}
	check "dt_binding_check of $(echo $added)" binding_check
fi

# the processed schema: the kernel's bindings and the patched core
key=$( { dt-mk-schema --version; cat "${patches[@]}";
	 cd "$kout/linux/Documentation/devicetree/bindings" &&
	 find . -name '*.yaml' | sort | xargs cat; } 2>&1 | sha256sum | cut -d' ' -f1)
processed=$work/processed-schema.json
if [ "$(cat "$work/processed.key" 2>/dev/null)" != "$key" ] || [ ! -s "$processed" ]; then
	rm -f "$work/processed.key"
	echo "# dt-mk-schema over $kout/linux/Documentation/devicetree/bindings"
	PYTHONPATH=$lib dt-mk-schema -j -o "$processed.tmp" \
		"$kout/linux/Documentation/devicetree/bindings" >"$work/mk-schema.log" 2>&1 &&
		mv "$processed.tmp" "$processed" && echo "$key" >"$work/processed.key"
	sed 's/^/# dt-mk-schema: /' "$work/mk-schema.log"
else
	echo "# the processed schema is unchanged since it was made: $processed"
fi

# a board whose architecture's reset kernel is not built here (make
# series-check builds 32-bit ARM's) is skipped, saying how to build it
built=$(while read -r b base overlay merged; do
	[ ! -f "$base" ] || [ ! -f "$merged" ] || echo "$b $base $overlay $merged"
done <<<"$plan")
while read -r board base overlay merged; do
	grep -q "^$board " <<<"$built" && continue
	for what in "dt-validate ran on its DTB and on it with $overlay" \
		    "with $overlay: no error its own DTB does not have"; do
		skip "$board: $what" "its DTBs are not built (make kernel BOARD=$board)"
	done
done <<<"$plan"
errors "$processed" $(awk '{ print $2, $4 }' <<<"$built") >"$tmp/all"
while read -r board base overlay merged; do
	of "$base" <"$tmp/all" | sort -u >"$tmp/base"
	of "$merged" <"$tmp/all" | sort -u >"$tmp/merged"
	echo "# $(basename "$base"): $(wc -l <"$tmp/base") errors of its own (listed, not the overlay's):"
	sed 's/^/#   /' "$tmp/base"
	check "$board: dt-validate ran on its DTB and on it with $overlay" \
		test -s "$processed" -a -f "$merged" -a -s "$tmp/all"
	new_errors() {
		comm -13 "$tmp/base" "$tmp/merged" >"$tmp/new"
		sed 's/^/# new: /' "$tmp/new"
		[ ! -s "$tmp/new" ]
	}
	check "$board with $overlay: no error its own DTB does not have" new_errors
done <<<"$built"
verdict "$name"
