#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# series-to-git.sh DIR: a git repository in DIR of Debian's pristine
# linux-source-KERNEL (KERNEL=7.3 or 6.12) with one commit a patch of
# patches/KERNEL/series, the patch's message as the commit's, for editing
# the series with git (rebase, fixups).  scripts/series-from-git.py
# writes it back.  Tags the pristine commit "pristine".
set -euo pipefail
. "$(dirname "$0")/kernel-env.sh"
dir=${1:?usage: KERNEL=7.3|6.12 series-to-git.sh DIR}
[ ! -e "$dir" ] || { echo "series-to-git: $dir exists" >&2; exit 1; }
[ -f "$kout/linux-pristine/.unpacked" ] ||
	{ echo "series-to-git: unpack the kernel first (make kernel)" >&2; exit 1; }
cp -a "$kout/linux-pristine" "$dir"
cd "$dir"
rm -f .unpacked
git init -q
# Debian's tree ignores everything (its .gitignore starts with /*)
git add -f . >/dev/null
git commit -q -m "pristine linux-source-$kernel"
git tag pristine
while read -r p files; do
	case "$p" in '#'*|'') continue ;; esac
	patch -p1 -s --no-backup-if-mismatch <"$series_dir/$p"
	for f in $files; do
		mkdir -p "$(dirname "$f")"
		if [ -f "$series_dir/files/$f" ]; then
			cp "$series_dir/files/$f" "$f"
		else
			cp "$top/$f" "$f"
		fi
		git add -f "$f"
	done
	git add -u
	sed -n '/^Subject: /,/^---$/p' "$series_dir/$p" | sed -e '1s/^Subject: //' -e '$d' |
		git commit -q -F -
done <"$series_dir/series"
git log --oneline | head -n 20
