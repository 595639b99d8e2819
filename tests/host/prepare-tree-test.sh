#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# scripts/prepare-tree.sh on a tiny made-up kernel: the tree must always
# equal pristine + the current series + the current new files, and only
# files whose content changes may get a new mtime.  KTAP, then
# "prepare-tree: N passed, N failed".

set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

. "$top/tests/ktap.sh"

# A pristine "kernel" of two files.
mkdir -p "$work/src/linux-source-6.1/drivers/x"
printf 'one\ntwo\nthree\n' >"$work/src/linux-source-6.1/drivers/x/a.c"
printf 'alpha\nbeta\n' >"$work/src/linux-source-6.1/drivers/x/b.c"
printf 'VERSION = 6\nPATCHLEVEL = 1\nSUBLEVEL = 99\n' >"$work/src/linux-source-6.1/Makefile"
tar -C "$work/src" -cJf "$work/linux.tar.xz" linux-source-6.1

proj=$work/proj
pd=$proj/patches/6.1
mkdir -p "$pd"
cat >"$pd/0001-a.patch" <<'P'
Subject: change a

--- a/drivers/x/a.c
+++ b/drivers/x/a.c
@@ -1,3 +1,3 @@
 one
-two
+TWO
 three
P
prep() {
	KERNEL=6.1 PROJECT_TOP=$proj OUT=$work/out LINUX_TARBALL=$work/linux.tar.xz \
		bash "$top/scripts/prepare-tree.sh" >"$work/log" 2>&1
}
tree=$work/out/6.1/linux
mt() { stat -c %Y.%y "$1"; }

plan 22

echo 0001-a.patch >"$pd/series"
mkdir -p "$proj/drivers/x"
printf 'new\n' >"$proj/drivers/x/new.c"
prep
check "series applied and new file copied in" \
	test "$(sed -n 2p "$tree/drivers/x/a.c")" = TWO -a -f "$tree/drivers/x/new.c"

m_a=$(mt "$tree/drivers/x/a.c")
m_b=$(mt "$tree/drivers/x/b.c")
sleep 1.1
prep
check "a re-run changes no mtime (nothing rebuilds)" \
	test "$(mt "$tree/drivers/x/a.c")" = "$m_a" -a "$(mt "$tree/drivers/x/b.c")" = "$m_b"
check "a re-run does not patch twice" test "$(sed -n 2p "$tree/drivers/x/a.c")" = TWO

printf 'newer\n' >"$proj/drivers/x/new.c"
prep
check "an edited new file is updated, patched file untouched" \
	test "$(cat "$tree/drivers/x/new.c")" = newer -a "$(mt "$tree/drivers/x/a.c")" = "$m_a"

: >"$pd/series"
prep
check "a patch dropped from the series restores the pristine file" \
	cmp -s "$tree/drivers/x/a.c" "$work/src/linux-source-6.1/drivers/x/a.c"

rm "$proj/drivers/x/new.c"
prep
check "a deleted new file leaves the tree" test ! -e "$tree/drivers/x/new.c"

cat >"$pd/0002-bad.patch" <<'P'
--- a/drivers/x/b.c
+++ b/drivers/x/b.c
@@ -1,2 +1,2 @@
 alpha
-gamma
+delta
P
printf '0001-a.patch\n0002-bad.patch\n' >"$pd/series"
before=$(cat "$tree/drivers/x/a.c")
prep
rc=$?
check "a patch that does not apply fails the build, naming it" \
	grep -q "patches/6.1/0002-bad.patch does not apply at fuzz 0 to linux-source-6.1" "$work/log"
check "... the kernel release" grep -q "(Linux 6.1.99)" "$work/log"
check "... and the failed hunk with its file" \
	grep -q "drivers/x/b.c: Hunk #1 FAILED at 1" "$work/log"
check "... and leaves the tree as it was" \
	test $rc -ne 0 -a "$(cat "$tree/drivers/x/a.c")" = "$before"

echo 0001-a.patch >"$pd/series"
printf 'x\n' >"$proj/drivers/x/b.c"
prep
check "a new file that overrides a kernel file is refused" \
	grep -q "exists in the kernel already" "$work/log"

rm "$proj/drivers/x/b.c"
printf 'y\n' >"$proj/drivers/x/c.c"
printf '0001-a.patch drivers/x/c.c\n' >"$pd/series"
prepu() {
	KERNEL=6.1 SERIES_UPTO=$1 PROJECT_TOP=$proj OUT=$work/out LINUX_TARBALL=$work/linux.tar.xz \
		bash "$top/scripts/prepare-tree.sh" >"$work/log" 2>&1
}
prepu 0
check "SERIES_UPTO=0 lays out the pristine tree, without the series' new files" \
	sh -c "cmp -s '$tree/drivers/x/a.c' '$work/src/linux-source-6.1/drivers/x/a.c' && test ! -e '$tree/drivers/x/c.c'"
prepu 1
check "SERIES_UPTO=1 adds patch 1 and the new files its line names" \
	test "$(sed -n 2p "$tree/drivers/x/a.c")" = TWO -a -f "$tree/drivers/x/c.c"

# What the series relies on, checked before anything is applied.
printf 'drivers/x/a.c\tnot-there\t0001-a.patch\tit needs not-there\n' >"$pd/requires"
before=$(cat "$tree/drivers/x/a.c")
prep
rc=$?
check "a missing requirement stops the build, naming the patch and the reason" \
	grep -q "0001-a.patch needs /not-there/ in drivers/x/a.c.*it needs not-there" "$work/log"
check "... and leaves the tree as it was" \
	test $rc -ne 0 -a "$(cat "$tree/drivers/x/a.c")" = "$before"
printf 'drivers/x/a.c\tTWO\t0009-gone.patch\tit needs TWO\n' >"$pd/requires"
prep
rc=$?
check "a requirement naming a patch the series lacks stops the build, naming it" \
	test $rc -ne 0 -a -n "$(grep 'requires names 0009-gone.patch, which the series does not have' "$work/log")"
rm "$pd/requires"

# The version patches/KERNEL/source names, against the package's.
printf 'package\tlinux-source-6.1\nversion\t6.1.99-1\n' >"$pd/source"
before=$(cat "$tree/drivers/x/a.c")
LINUX_PACKAGE_VERSION=6.1.98-3 prep
rc=$?
check "another version of the kernel source is refused, naming both" \
	grep -q "is linux-source-6.1 6.1.98-3, but patches/6.1/source names 6.1.99-1" "$work/log"
check "... and leaves the tree as it was" \
	test $rc -ne 0 -a "$(cat "$tree/drivers/x/a.c")" = "$before"
LINUX_PACKAGE_VERSION=6.1.99-1 prep
check "the version it names is taken" test $? -eq 0
rm "$pd/source"

# A kernel's own copy of a new file wins over the shared one.
mkdir -p "$pd/files/drivers/x"
printf 'own\n' >"$pd/files/drivers/x/c.c"
prep
check "patches/KERNEL/files/ overrides the shared new file" \
	test "$(cat "$tree/drivers/x/c.c")" = own

# A second tree sharing the pristine one (as scripts/build-series.sh lays
# it out) follows when another run unpacks a new tarball into it.
mkdir -p "$work/out2/6.1"
ln -s "$work/out/6.1/linux-pristine" "$work/out2/6.1/linux-pristine"
prep2() {
	KERNEL=6.1 PROJECT_TOP=$proj OUT=$work/out2 LINUX_TARBALL=$work/linux.tar.xz \
		bash "$top/scripts/prepare-tree.sh" >"$work/log" 2>&1
}
prep2
printf 'alpha\nBETA\n' >"$work/src/linux-source-6.1/drivers/x/b.c"
sleep 1.1
tar -C "$work/src" -cJf "$work/linux.tar.xz" linux-source-6.1
prep
prep2
check "a tree sharing pristine is laid anew from a new tarball" \
	test "$(sed -n 2p "$work/out2/6.1/linux/drivers/x/b.c")" = BETA

# A tree laid anew from pristine (a new tarball, or a tree from before the
# stamp) while its object directory stays: a file the last series had
# patched gets its pristine content back with a new mtime, so that its
# object is rebuilt; cp -a alone would give it the tarball's older one.
echo 0001-a.patch >"$pd/series"
prep2
touch "$work/built"
sleep 1.1
: >"$pd/series"
rm "$work/out2/6.1/linux/.copied"
prep2
check "a file the old tree patched is pristine and newer than its objects after a re-lay" \
	test "$work/out2/6.1/linux/drivers/x/a.c" -nt "$work/built" -a \
	"$(sed -n 2p "$work/out2/6.1/linux/drivers/x/a.c")" = two

verdict prepare-tree
