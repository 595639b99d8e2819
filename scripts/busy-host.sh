#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run a command on a busy host: one busy loop per CPU for as long as the
# command runs, as on a CI machine that other jobs share.
#
#   bash scripts/busy-host.sh COMMAND [ARGS...]
#
# The loops end with the command, however it ends; its exit status is the
# command's.  VFIOTEST_HOST_LOAD says so to boot-board.py, whose logs
# record it for scripts/report.py.
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
export VFIOTEST_HOST_LOAD="${#pids[@]} busy loops on $(nproc) CPUs"
echo "busy-host: $VFIOTEST_HOST_LOAD while: $*" >&2
"$@"
