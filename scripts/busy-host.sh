#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run a command on a busy host: one busy loop per CPU for as long as the
# command runs, as on a CI machine that other jobs share.
#
#   bash scripts/busy-host.sh COMMAND [ARGS...]
#
# The loops end with the command, however it ends; its exit status is the
# command's.
set -u
[ $# -gt 0 ] || { echo "usage: busy-host.sh COMMAND [ARGS...]" >&2; exit 2; }
pids=()
stop() { [ ${#pids[@]} -eq 0 ] || kill "${pids[@]}" 2>/dev/null; }
trap stop EXIT
trap 'exit 130' INT TERM
for _ in $(seq "$(nproc)"); do
	( while :; do :; done ) &
	pids+=($!)
done
echo "busy-host: ${#pids[@]} busy loops on $(nproc) CPUs while: $*" >&2
"$@"
