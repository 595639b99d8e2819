#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# scripts/check-names.py, which make series-check runs on the commit
# messages and documents of the series: on a tree of three files, each
# kind of stale name (function, Kconfig option, device tree property,
# path) is
# reported with the file that names it, a name the tree has is not, and a
# name in a patch's diff rather than its message is not read.  KTAP, then
# "check-names: N passed, N failed".

set -u
top=${PROJECT_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$(dirname "$0")/../ktap.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/tree/drivers/foo"
printf 'int foo_quiesce(void);\nstatic const char *p = "linux,vfio-devices";\n' \
	>"$work/tree/drivers/foo/foo.c"
printf 'config FOO_QUIESCE\n\tbool\n' >"$work/tree/drivers/foo/Kconfig"
cat >"$work/good.patch" <<'P'
Subject: [PATCH] foo: quiesce

foo_quiesce() with CONFIG_FOO_QUIESCE, as /chosen's linux,vfio-devices says.
---
+ gone_function() CONFIG_GONE linux,gone
P
cat >"$work/bad.patch" <<'P'
Subject: [PATCH] foo: reset

foo_reset_assigned() with CONFIG_FOO_RESET, assigned with
linux,driver-override, "acme,widget".
---
P
printf 'Call ``foo_quiesce()`` or old_helper() and ``CONFIG_OLD``.\n' >"$work/doc.rst"
names() { python3 "$top/scripts/check-names.py" "$work/tree" "$@"; }

plan 7
out=$(names "$work/good.patch")
check "a message whose names the tree has: nothing reported" test -z "$out"
out=$(names "$work/bad.patch")
check "a function the tree lacks is reported, with the patch" \
	grep -qx "bad.patch: function foo_reset_assigned" <<<"$out"
check "so is a Kconfig option no Kconfig declares" \
	grep -qx "bad.patch: option CONFIG_FOO_RESET" <<<"$out"
check "and properties and compatibles no file has" \
	eval 'grep -qx "bad.patch: property linux,driver-override" <<<"$out" &&
	      grep -qx "bad.patch: property acme,widget" <<<"$out"'
out=$(names "$work/doc.rst")
check "a document is read whole" \
	eval 'grep -qx "doc.rst: function old_helper" <<<"$out" &&
	      grep -qx "doc.rst: option CONFIG_OLD" <<<"$out" &&
	      ! grep -q foo_quiesce <<<"$out"'
mkdir -p "$work/tree/Documentation" "$work/old/drivers/gone"
touch "$work/tree/Documentation/quiesce.rst"
printf 'See Documentation/quiesce.rst, Documentation/reset.rst and drivers/gone/.\n' \
	>"$work/paths.rst"
out=$(python3 "$top/scripts/check-names.py" "$work/tree" "$work/paths.rst")
check "a path the tree does not have is reported, one it has is not" \
	eval 'grep -qx "paths.rst: path Documentation/reset.rst" <<<"$out" &&
	      ! grep -q quiesce.rst <<<"$out"'
out=$(python3 "$top/scripts/check-names.py" --pristine "$work/old" "$work/tree" "$work/paths.rst")
check "a path only the pristine tree has (one the series deletes) is not" \
	eval '! grep -q "drivers/gone" <<<"$out" && grep -q reset.rst <<<"$out"'
verdict check-names
