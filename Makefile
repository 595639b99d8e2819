# SPDX-License-Identifier: GPL-2.0
#
# One entry point: build the kernels, boot the emulated board, run, judge.
#
#   make demo      the main job: the abnormal-death scenario on Midway,
#                  on the control kernel and then on the reset kernel
#   make test      every test, with a verdict (what .ci/run calls)
#   make run CMD='...' [FILES='a b']   run a command on the board
#   make shell     boot the board to an interactive shell
#   make series    the kernel change as mail-ready patches in build/series
#   make kernel | initramfs | checkpatch | setup | clean
#
# Variables:
#   VARIANT   kernel for run/shell/kernel/initramfs: reset (the
#             product, CONFIG_VFIO_NATIVE_RESET=y) or control (without it)
#   VARIANTS  kernels make test builds and boots (reset control)
#   BOARD     board for demo/run/shell: midway (default) or orangepi-pc;
#             BOARDS: the boards make test boots (midway orangepi-pc)
#   OUT       build directory (build)
#   TIMEOUT   seconds per boot (300); V=1 echoes the whole console

BOARD    ?= midway
BOARDS   ?= midway orangepi-pc
VARIANT  ?= reset
VARIANTS ?= reset control
OUT      ?= $(CURDIR)/build
TIMEOUT  ?= 300
export OUT TIMEOUT V

BOOT = python3 scripts/boot-board.py --board $(BOARD) --variant $(VARIANT) \
	--timeout $(TIMEOUT) $(if $(V),-v)

all: test

setup:
	@bash scripts/setup-host.sh

kernel: setup
	@bash scripts/build-kernel.sh $(VARIANT)

progs: setup
	@$(MAKE) -s -C tests O=$(OUT)/tests

initramfs: kernel progs
	@bash scripts/build-initramfs.sh $(VARIANT) $(OUT)/initramfs-$(VARIANT).cpio.gz

test: setup progs
	@for v in $(VARIANTS); do \
		bash scripts/build-kernel.sh $$v && \
		bash scripts/build-initramfs.sh $$v $(OUT)/initramfs-$$v.cpio.gz || exit 1; \
	done
	@bash scripts/run-tests.sh "$(VARIANTS)" $(BOARDS)

# The demo boots the control kernel, then the reset kernel, each with the
# board's DTB with its overlay of dts/ applied, runs the same abnormal-death
# scenario on each, and puts the two side by side.
demo: setup progs
	@for v in control reset; do \
		bash scripts/build-kernel.sh $$v >/dev/null && \
		bash scripts/build-initramfs.sh $$v $(OUT)/initramfs-$$v-demo.cpio.gz \
			--cmd 'sh /tests/demo.sh' >/dev/null || exit 1; \
		echo "======== $$v kernel"; \
		python3 scripts/boot-board.py --board $(BOARD) --variant $$v \
			--timeout $(TIMEOUT) $(if $(V),-v) --mode run \
			--initrd $(OUT)/initramfs-$$v-demo.cpio.gz \
			--log $(OUT)/logs/$(BOARD)-$$v-demo.log || exit 1; \
	done
	@python3 scripts/demo-table.py $(BOARD) $(OUT)/logs/$(BOARD)-control-demo.log \
		$(OUT)/logs/$(BOARD)-reset-demo.log

# CMD and FILES reach the recipe through the environment (make exports
# command-line variables), so any quoting in them survives.
run: kernel progs
	@test -n "$$CMD" || { echo "make run: say what to run: make run CMD='uname -a' [FILES='...']" >&2; exit 2; }
	@bash scripts/build-initramfs.sh $(VARIANT) $(OUT)/initramfs-$(VARIANT)-run.cpio.gz \
		--cmd "$$CMD" $$FILES >/dev/null
	@$(BOOT) --mode run --initrd $(OUT)/initramfs-$(VARIANT)-run.cpio.gz \
		--log $(OUT)/logs/$(BOARD)-$(VARIANT)-run.log

shell: initramfs
	@$(BOOT) --mode shell --initrd $(OUT)/initramfs-$(VARIANT).cpio.gz

series:
	@python3 scripts/make-series.py $(OUT)/series

checkpatch:
	@bash scripts/check-series.sh

clean:
	rm -rf $(OUT)/obj-* $(OUT)/modroot-* $(OUT)/tests $(OUT)/initramfs-* $(OUT)/logs

.PHONY: all setup kernel progs initramfs test demo run shell series checkpatch clean
