# SPDX-License-Identifier: GPL-2.0
#
# One entry point: build the kernel, boot the emulated board, run, judge.
#
#   make demo      the main job: the abnormal-death scenario on Midway
#   make test      every test, with a verdict (what .ci/run calls)
#   make run CMD='...' [FILES='a b']   run a command on the board
#   make shell     boot the board to an interactive shell
#   make series    the kernel change as mail-ready patches in build/series
#   make kernel | initramfs | checkpatch | setup | clean
#
# Variables: BOARD (midway; BOARDS for make test), VARIANT (base: configs/base.config), OUT (build),
# TIMEOUT (seconds per boot, 300), V=1 (echo the whole console).

BOARD   ?= midway
BOARDS  ?= midway
VARIANT ?= base
OUT     ?= $(CURDIR)/build
TIMEOUT ?= 300
export OUT

BOOT := python3 scripts/boot-board.py --board $(BOARD) --variant $(VARIANT) \
	--timeout $(TIMEOUT) $(if $(V),-v)
export TIMEOUT V
INITRD := $(OUT)/initramfs-$(VARIANT).cpio.gz

all: test

setup:
	@bash scripts/setup-host.sh

kernel: setup
	@bash scripts/build-kernel.sh $(VARIANT)

progs: setup
	@$(MAKE) -s -C tests O=$(OUT)/tests

initramfs: kernel progs
	@bash scripts/build-initramfs.sh $(VARIANT) $(INITRD)

test: initramfs
	@bash scripts/run-tests.sh $(VARIANT) $(BOARDS)

demo: kernel progs
	@bash scripts/build-initramfs.sh $(VARIANT) $(OUT)/initramfs-$(VARIANT)-demo.cpio.gz \
		--cmd 'sh /tests/demo.sh' >/dev/null
	@$(BOOT) --mode run --initrd $(OUT)/initramfs-$(VARIANT)-demo.cpio.gz \
		--log $(OUT)/logs/$(BOARD)-demo.log

# CMD and FILES reach the recipe through the environment (make exports
# command-line variables), so any quoting in them survives.
run: kernel progs
	@test -n "$$CMD" || { echo "make run: say what to run: make run CMD='uname -a' [FILES='...']" >&2; exit 2; }
	@bash scripts/build-initramfs.sh $(VARIANT) $(OUT)/initramfs-$(VARIANT)-run.cpio.gz \
		--cmd "$$CMD" $$FILES >/dev/null
	@$(BOOT) --mode run --initrd $(OUT)/initramfs-$(VARIANT)-run.cpio.gz \
		--log $(OUT)/logs/$(BOARD)-run.log

shell: initramfs
	@$(BOOT) --mode shell --initrd $(INITRD)

series:
	@bash scripts/make-series.sh $(OUT)/series

checkpatch: series
	@bash scripts/check-series.sh

clean:
	rm -rf $(OUT)/obj-* $(OUT)/modroot-* $(OUT)/tests $(OUT)/initramfs-* $(OUT)/logs

.PHONY: all setup kernel progs initramfs test demo run shell series checkpatch clean
