#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# scripts/make-series.py and scripts/check-series.sh on a tiny made-up
# kernel (the real get_maintainer.pl and checkpatch.pl, a MAINTAINERS of
# one section, two patches in two sets): the author it takes and the
# ones it refuses, To:/Cc:, base-commit: and prerequisite-patch-id:,
# sets that do not follow each other, the measurements' age, and git am
# failing on a tree the series does not apply to.  KTAP, then
# "series: N passed, N failed".  Needs KERNEL's pristine tree unpacked
# (for the two scripts).

set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/scripts/kernel-env.sh"
real=$kout/linux-pristine
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

. "$top/tests/ktap.sh"

# A pristine "kernel": what checkpatch.pl takes for a kernel tree, the two
# scripts, a MAINTAINERS section for drivers/x/, one C file.
src=$work/src/linux-source-6.1
mkdir -p "$src/drivers/x" "$src/scripts"
for d in Documentation arch include fs init ipc kernel lib; do mkdir -p "$src/$d"; done
for f in COPYING CREDITS Kbuild README; do echo "$f" >"$src/$f"; done
cp "$real"/scripts/{get_maintainer.pl,checkpatch.pl,spelling.txt,const_structs.checkpatch} "$src/scripts/"
printf 'VERSION = 6\nPATCHLEVEL = 1\nSUBLEVEL = 99\nEXTRAVERSION =\n' >"$src/Makefile"
cat >"$src/MAINTAINERS" <<'M'
List of maintainers
===================

X DRIVER
M:	Max Maint <max@kernel.org>
R:	Rita Review <rita@kernel.org>
L:	xlist@vger.kernel.org
S:	Maintained
F:	drivers/x/

THE REST
M:	Linus Torvalds <torvalds@linux-foundation.org>
L:	linux-kernel@vger.kernel.org
S:	Buried alive in reporters
F:	*
F:	*/
M
printf '// SPDX-License-Identifier: GPL-2.0\n\nint x_a(void)\n{\n\treturn 1;\n}\n' >"$src/drivers/x/a.c"
tar -C "$work/src" -cJf "$work/linux.tar.xz" linux-source-6.1

proj=$work/proj
pd=$proj/patches/6.1
mkdir -p "$pd" "$proj/drivers/x"
cp "$top/patches/cover-letter.txt" "$proj/patches/"
# the project's primary kernel: 6.1 here is another, its subjects tagged
cp "$top/patches/primary" "$proj/patches/"
ph='vfio-platform-reset developer <dev@vfio-platform-reset.invalid>'
cat >"$pd/0001-x-a.patch" <<P
From: $ph
Subject: x: a: return 2

x_a() returns 2 from now on, which the next patch needs.

Signed-off-by: $ph
---
--- a/drivers/x/a.c
+++ b/drivers/x/a.c
@@ -2,5 +2,5 @@
 
 int x_a(void)
 {
-	return 1;
+	return 2;
 }
P
cat >"$pd/0002-y-b.patch" <<P
From: $ph
Subject: y: add b

Add x_b(), which returns 2 as x_a() does.

Signed-off-by: $ph
---
--- a/MAINTAINERS
+++ b/MAINTAINERS
@@ -8,6 +8,7 @@ R:	Rita Review <rita@kernel.org>
 L:	xlist@vger.kernel.org
 S:	Maintained
 F:	drivers/x/
+F:	drivers/x/b.c
 
 THE REST
 M:	Linus Torvalds <torvalds@linux-foundation.org>
P
printf '// SPDX-License-Identifier: GPL-2.0\n\nint x_b(void)\n{\n\treturn 2;\n}\n' \
	>"$proj/drivers/x/b.c"
printf '0001-x-a.patch\n0002-y-b.patch drivers/x/b.c\n' >"$pd/series"
sets() {
	cat >"$pd/sets" <<S
[first]
subjects = $1
title = x: the first set
tree = x
base = KERNEL${3:+
rfc = $3}
summary =
  The first set.

[second]
subjects = $2
title = y: the second set
tree = y
base = KERNEL
summary =
  The second set.
S
}
sets "x:" "y:"

out=$work/out
env_() { env -i PATH="$PATH" HOME="$work/home" GIT_CONFIG_NOSYSTEM=1 \
	PROJECT_TOP="$proj" OUT="$out" KERNEL=6.1 LINUX_TARBALL="$work/linux.tar.xz" "$@"; }
mkdir -p "$work/home"
env_ bash "$top/scripts/prepare-tree.sh" >/dev/null 2>&1
ms() { env_ "$@" python3 "$top/scripts/make-series.py" --kernel 6.1 "$work/s" >"$work/log" 2>&1; }
has() { grep -q -- "$1" "$work/log"; }

plan 23

rm -rf "$work/s"
ms
check "no FROM, no git identity: refused, saying how to set one" \
	eval '! ms && has "no author" && has "FROM=" && has "git config" && [ ! -e "$work/s" ]'
check "the placeholder is refused, naming the DCO" \
	eval '! ms FROM="$ph" && has "placeholder" && has "Certificate of Origin"'
check "an .invalid address is refused" eval '! ms FROM="Ann <ann@x.invalid>"'
check "an example.org address is refused" eval '! ms FROM="Ann <ann@example.org>"'
check "a name without an address is refused" eval '! ms FROM="Ann Author" && has "is not \"Name <mail>\""'
check "git config's identity is taken" \
	eval 'HOME=$work/home git config --global user.name "Gil Config" &&
	      HOME=$work/home git config --global user.email gil@kernel.org &&
	      ms && grep -q "^From: Gil Config <gil@kernel.org>" "$work/s/1-first/0001-"*'
HOME=$work/home git config --global --unset user.name
ms FROM="Ann Author <ann@kernel.org>"
p1=$(ls "$work/s/1-first/"0001-*)
c1=$work/s/1-first/0000-cover-letter.patch
c2=$work/s/2-second/0000-cover-letter.patch
check "FROM is the author and the Signed-off-by" \
	eval 'grep -q "^From: Ann Author <ann@kernel.org>" "$p1" && grep -q "^Signed-off-by: Ann Author <ann@kernel.org>" "$p1"'
check "no placeholder is left in the series" eval '! grep -rq "invalid" "$work/s"'
check "one directory a set, in order, each with a cover letter" \
	test -f "$c1" -a -f "$c2" -a -f "$work/s/2-second/0001-y-add-b.patch"
check "subjects numbered within the set" \
	eval 'grep -q "^Subject: \[RFC PATCH 6.1 v3 1/1\] x: a: return 2" "$p1" &&
	      grep -q "^Subject: \[RFC PATCH 6.1 v3 0/1\] x: the first set" "$c1"'
check "To: the maintainer, Cc: the reviewer and the list (get_maintainer.pl)" \
	eval 'sed -n "/^To:/,/^Cc:/p" "$p1" | grep -q "Max Maint <max@kernel.org>" &&
	      sed -n "/^Cc:/,/^$/p" "$p1" | grep -q "rita@kernel.org" &&
	      sed -n "/^Cc:/,/^$/p" "$p1" | grep -q "xlist@vger.kernel.org"'
check "the new file is in its patch, whole" \
	grep -q "^+int x_b(void)" "$work/s/2-second/0001-y-add-b.patch"
check "base-commit: names the release" grep -qx "base-commit: v6.1.99" "$c1"
check "the second set names the first's patch id" \
	eval 'id=$(git patch-id --stable <"$p1" | cut -d" " -f1) &&
	      grep -qx "prerequisite-patch-id: $id" "$c2" && ! grep -q prerequisite "$c1"'
check "no measurements: warned, and the letter says what to run" \
	eval 'has "no make demo logs" && grep -q "not measured: run make demo" "$c1"'
mkdir -p "$out/logs"
echo "6.1-x: 3 passed, 0 failed" >"$out/logs/summary"
touch -d '2 days ago' "$out/logs/summary"
ms FROM="Ann Author <ann@kernel.org>"
check "a test run older than the patches: warned, and said in the letter" \
	eval 'has "summary.*older than the patches" && grep -q "before the last change to the patches): 3 passed, 0 failed" "$c1"'
touch "$out/logs/summary"
ms FROM="Ann Author <ann@kernel.org>"
check "a newer one: its numbers, no warning" \
	eval '! has "summary.*older" && grep -q "^make test ([0-9-]* [0-9:]*): 3 passed, 0 failed" "$c1"'
sets "y:" "x:"
check "sets out of series order are refused" \
	eval '! ms FROM="Ann Author <ann@kernel.org>" && has "\[second\].s patches (1) do not follow"'
sets "x:" "z:"
check "a set that takes no patch is refused" \
	eval '! ms FROM="Ann Author <ann@kernel.org>" && has "\[second\] takes no patch"'
sets "x:" "y:" no
check "rfc = no: a set to merge as it is is [PATCH], the next still RFC" \
	eval 'ms FROM="Ann Author <ann@kernel.org>" &&
	      grep -q "^Subject: \[PATCH 6.1 v3 1/1\] x: a: return 2" "$p1" &&
	      grep -q "^Subject: \[RFC PATCH 6.1 v3 0/1\] y: the second set" "$work/s/2-second/0000-cover-letter.patch"'
sets "x:" "y:" maybe
check "an rfc other than no or yes is refused, naming the set" \
	eval '! ms FROM="Ann Author <ann@kernel.org>" && has "\[first\].*rfc"'
sets "x:" "y:"

# check-series.sh: the series as the bots take it
cs() { env_ bash "$top/scripts/check-series.sh" >"$work/log" 2>&1; }
check "check-series: git am, the built tree and checkpatch pass" \
	eval 'cs && has "^6.1-series-check: 6 passed, 0 failed"'
# a repository whose pristine commit is not the tree the series is for
repo=$out/6.1/series-check/repo.git
git --git-dir="$repo" --work-tree="$out/6.1/series-check/am" checkout -q pristine 2>/dev/null
sed -i 's/return 1;/return 3;/' "$out/6.1/series-check/am/drivers/x/a.c"
git --git-dir="$repo" --work-tree="$out/6.1/series-check/am" -c user.name=t -c user.email=t@t \
	commit -q -am "not the tree" && git --git-dir="$repo" tag -f pristine >/dev/null
check "check-series: a patch that does not apply fails git am, and the rest is not tried" \
	eval '! cs && has "^not ok 1 git am 1-first/0001-x-a-return-2.patch" &&
	      has "^not ok 2 git am 2-second/0001-y-add-b.patch (not tried" && has "passed, 3 failed"'

verdict series
