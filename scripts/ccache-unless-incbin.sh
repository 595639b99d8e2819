#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# ccache-unless-incbin.sh CC [ARGS...]: Kbuild's compiler (kernel-env.sh):
# CC ARGS through ccache, but straight to CC for a source that embeds a
# generated file with .incbin.  ccache in depend mode keys an object on
# the source, the arguments and the headers the compiler lists, never on
# an .incbin's file: arch/arm/boot/compressed/piggy.S embeds the
# compressed kernel, and its object would come back from the cache with
# the kernel of an earlier build of the same configuration (likewise
# kernel/configs.c's config and certs/*.S's keys).
for arg; do
	case $arg in
	*.c | *.S)
		if [ -f "$arg" ] && grep -q '\.incbin' "$arg"; then
			exec "$@"
		fi
		;;
	esac
done
exec ccache "$@"
