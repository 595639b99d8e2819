#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What the maintainers' bots run first on one kernel's written series:
#   - scripts/make-series.py --check writes it ($OUT/KERNEL/series-check/
#     mail: the sets, with the placeholder author);
#   - each kernel patch applies in order with git am to a git repository
#     of Debian's pristine tree ($OUT/KERNEL/series-check/repo.git, made
#     once per tarball; its work tree holds only the files the series
#     touches), and the result is, file for file, the tree make test
#     builds ($OUT/KERNEL/linux): what is mailed is what is tested;
#   - the kernel's checkpatch.pl --strict on every patch, at 80 columns
#     for a patch that touches drivers/net (netdev's rule);
#   - every function, Kconfig option, device tree property and kernel path
#     the commit messages and the files the series adds name is in the
#     tree (scripts/check-names.py): a name renamed since fails.
# A series whose patches, tree and checkpatch are those of the last run
# that passed is not checked again: its results are printed, marked as
# such.  KTAP, then "KERNEL-series-check: N passed, N failed".  The
# builds of every patch with W=1 and sparse, kernel-doc and dt-schema
# are scripts/build-series.sh, static-checks.sh and check-dtschema.sh
# (make series-check runs them all).

set -uo pipefail

. "$(dirname "$0")/kernel-env.sh"
scripts=$(cd "$(dirname "$0")" && pwd)
name=$kernel-series-check
sc=$kout/series-check
mail=$sc/mail
mkdir -p "$sc"

fail_early() { echo "$name: error: $*"; echo "$name: 0 passed, 1 failed"; exit 1; }

"$scripts/prepare-tree.sh" >"$sc/prepare-tree.log" 2>&1 ||
	{ cat "$sc/prepare-tree.log"; fail_early "prepare-tree failed"; }
if ! python3 "$scripts/make-series.py" --kernel "$kernel" --check "$mail" \
	>"$sc/make-series.log" 2>&1; then
	cat "$sc/make-series.log"
	fail_early "make-series.py failed"
fi

mapfile -t kpatches < <(awk '$2 == "kernel" { print $1 }' "$mail/index")
[ "${#kpatches[@]}" -gt 0 ] || fail_early "$mail/index lists no kernel patch"

# The pristine tree as a git repository, once per tarball.  Its work tree
# is sparse: git am needs only the files the patches touch.  GIT_AM=0
# skips git am and the comparison (make test, for the kernels whose
# prefixes it does not build: making the repository takes half a minute).
am=${GIT_AM:-1}
repo=$sc/repo.git
wt=$sc/am
stamp=$(cat "$kout/linux-pristine/.unpacked")
g() { git --git-dir="$repo" --work-tree="$wt" -c user.name="series-check" \
	-c user.email="series-check@localhost" "$@"; }
if [ "$am" = 1 ] && [ "$(cat "$repo/pristine.stamp" 2>/dev/null)" != "$stamp" ]; then
	echo "# making a git repository of the pristine tree (once per tarball)"
	rm -rf "$repo" "$wt"
	git init -q --bare "$repo" &&
	git --git-dir="$repo" --work-tree="$kout/linux-pristine" add -f . &&
	git --git-dir="$repo" --work-tree="$kout/linux-pristine" \
		-c user.name=pristine -c user.email=pristine@localhost \
		commit -q -m "Debian linux-source-$kernel: $stamp" &&
	git --git-dir="$repo" tag pristine &&
	git --git-dir="$repo" config core.bare false &&
	echo "$stamp" >"$repo/pristine.stamp" ||
		fail_early "cannot make a git repository of $kout/linux-pristine"
fi

key=$( { cat "${kpatches[@]/#/$mail/}"
	 cat "$kout/linux-pristine/.unpacked" "$kout/linux.touched"
	 while read -r f; do cat "$kout/linux/$f" 2>/dev/null; done <"$kout/linux.touched"
	 cat "$kout/linux/scripts/checkpatch.pl" "$kout/linux/scripts/spelling.txt" "$0" \
		"$scripts/check-names.py" \
		"$scripts/kernel-env.sh"
	 git --version; echo "$am"; git --git-dir="$repo" rev-parse pristine 2>/dev/null
       } | sha256sum | cut -d' ' -f1)
passed=$sc/passed
results_replay "$passed" "$key" && exit 0

results_begin "$passed" "$key"
if [ "$am" = 1 ]; then
	plan "$(( ${#kpatches[@]} * 2 + 2 ))"
else
	plan "$(( ${#kpatches[@]} + 1 ))"
	ktap_say "# git am not run (GIT_AM=0): make series-check KERNEL=$kernel runs it"
fi

if [ "$am" = 1 ]; then
	# git am, in order, on a branch from the pristine commit
	(cd "$mail" && grep -h -e '^--- a/' -e '^+++ b/' "${kpatches[@]}") |
		sed 's#^... [ab]/##' | sort -u | sed 's#^#/#' >"$sc/sparse"
	mkdir -p "$wt"
	g sparse-checkout init --no-cone >/dev/null 2>&1
	cp "$sc/sparse" "$repo/info/sparse-checkout"
	g am --abort >/dev/null 2>&1
	g checkout -q -f -B series-check pristine 2>&1 && g clean -q -fdx >/dev/null 2>&1
	applied=1
	for p in "${kpatches[@]}"; do
		if [ "$applied" = 1 ] && log=$(g am -q "$mail/$p" 2>&1); then
			result 1 "git am $p"
		elif [ "$applied" = 1 ]; then
			g am --abort >/dev/null 2>&1
			applied=0
			result 0 "git am $p" "$log"
		else
			result 0 "git am $p (not tried: a patch before it did not apply)"
		fi
	done

	# what git am made is what make test builds
	if [ "$applied" = 1 ]; then
		diff=$( { g diff --name-only pristine HEAD; cat "$kout/linux.touched"; } |
			sort -u | while read -r f; do
				if g cat-file -e "HEAD:$f" 2>/dev/null; then
					g show "HEAD:$f" | cmp -s - "$kout/linux/$f" || echo "$f differs"
				elif [ -e "$kout/linux/$f" ] && [ ! -e "$kout/linux-pristine/$f" ]; then
					echo "$f: in the built tree, not in the series"
				fi
			done)
		result "$([ -z "$diff" ] && echo 1 || echo 0)" \
			"the series after git am is the tree make test builds ($kout/linux)" "$diff"
	else
		result 0 "the series after git am is the tree make test builds (not compared: git am failed)"
	fi
fi

for p in "${kpatches[@]}"; do
	# UNKNOWN_COMMIT_ID needs the kernel's git history, which Debian's
	# source package does not have: the ids a patch cites (Fixes:, "commit
	# ...") are checked by hand against mainline instead.
	opts=(--strict --color=never --ignore UNKNOWN_COMMIT_ID)
	cols=
	if grep -q '^+++ b/drivers/net/' "$mail/$p"; then
		opts+=(--max-line-length=80)
		cols=", 80 columns"
	fi
	# GIT_DIR: the tree is no kernel git repository, and git would
	# otherwise find this project's and look the Fixes: ids up there.
	res=$(cd "$kout/linux" && GIT_DIR=/nonexistent perl scripts/checkpatch.pl "${opts[@]}" "$mail/$p" 2>&1)
	if [ $? -eq 0 ] && grep -q "total: 0 errors, 0 warnings, 0 checks" <<<"$res"; then
		result 1 "checkpatch --strict$cols $p"
	else
		result 0 "checkpatch --strict$cols $p" "$res"
	fi
done
# every function, option and property the messages and the documents the
# series adds name exists in the tree with the series (a stale name, such
# as a property renamed since, is an error)
# the files the series adds: documents, and sources whose comments name
# paths and functions
added=$(grep -E '\.(rst|c|h)$' "$kout/linux.touched" | while read -r f; do
	[ -e "$kout/linux-pristine/$f" ] || echo "$kout/linux/$f"
done)
missing=$(python3 "$scripts/check-names.py" --pristine "$kout/linux-pristine" \
	"$kout/linux" "${kpatches[@]/#/$mail/}" $added 2>&1)
result "$([ -z "$missing" ] && echo 1 || echo 0)" \
	"every function, option, property and path the messages and the files the series adds name is in the tree" \
	"$missing"
verdict "$name"
results_end "$passed" "$KTAP_FAIL"
[ "$KTAP_FAIL" -eq 0 ]
