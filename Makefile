# SPDX-License-Identifier: GPL-2.0
#
# One entry point: build the kernels, boot the emulated board, run, judge.
#
#   make demo      the main job: the abnormal-death scenario on Midway,
#                  on the control kernel and then on the reset kernel
#   make test      every test, with a verdict (what .ci/run calls)
#   make run CMD='...' [FILES='a b']   run a command on the board
#   make shell     boot the board to an interactive shell
#   make series    the kernel change as mail-ready patches in build/KERNEL/series
#   make checks    W=1, sparse and kernel-doc on what the series touches
#   make kernel | initramfs | checkpatch | setup | clean
#
# Variables:
#   KERNEL    kernel for demo/run/shell/kernel/initramfs/series/checks:
#             6.12 (default, the primary kernel) or 6.1 (the backport);
#             each has its series in patches/KERNEL/
#   KERNELS   kernels make test builds and tests (6.12 6.1)
#   VARIANT   kernel for run/shell/kernel/initramfs: reset (the
#             product, CONFIG_VFIO_NATIVE_RESET=y) or control (without it)
#   VARIANTS  kernels make test builds and boots (reset control)
#   BOARD     board for demo/run/shell: midway (default) or orangepi-pc;
#             BOARDS: the boards make test boots (midway orangepi-pc)
#   OUT       build directory (build)
#   TIMEOUT   seconds per boot (300); V=1 echoes the whole console

KERNEL   ?= 6.12
KERNELS  ?= 6.12 6.1
BOARD    ?= midway
BOARDS   ?= midway orangepi-pc
VARIANT  ?= reset
VARIANTS ?= reset control
OUT      ?= $(CURDIR)/build
TIMEOUT  ?= 300
KOUT      = $(OUT)/$(KERNEL)
export OUT TIMEOUT V KERNEL

BOOT = python3 scripts/boot-board.py --kernel $(KERNEL) --board $(BOARD) \
	--variant $(VARIANT) --timeout $(TIMEOUT) $(if $(V),-v)

all: test

setup:
	@bash scripts/setup-host.sh

kernel: setup
	@bash scripts/build-kernel.sh $(VARIANT)

progs: setup
	@$(MAKE) -s -C tests O=$(OUT)/tests

initramfs: kernel progs
	@bash scripts/build-initramfs.sh $(VARIANT) $(KOUT)/initramfs-$(VARIANT).cpio.gz

test: setup progs
	@for k in $(KERNELS); do for v in $(VARIANTS); do \
		KERNEL=$$k bash scripts/build-kernel.sh $$v && \
		KERNEL=$$k bash scripts/build-initramfs.sh $$v \
			$(OUT)/$$k/initramfs-$$v.cpio.gz || exit 1; \
	done; done
	@bash scripts/run-tests.sh "$(KERNELS)" "$(VARIANTS)" $(BOARDS)

# The demo boots the control kernel, then the reset kernel, each with the
# board's DTB with its overlay of dts/ applied, runs the same abnormal-death
# scenario on each, and puts the two side by side.
demo: setup progs
	@for v in control reset; do \
		bash scripts/build-kernel.sh $$v >/dev/null && \
		bash scripts/build-initramfs.sh $$v $(KOUT)/initramfs-$$v-demo.cpio.gz \
			--cmd 'sh /tests/demo.sh' >/dev/null || exit 1; \
		echo "======== Linux $(KERNEL), $$v kernel"; \
		python3 scripts/boot-board.py --kernel $(KERNEL) --board $(BOARD) \
			--variant $$v --timeout $(TIMEOUT) $(if $(V),-v) --mode run \
			--initrd $(KOUT)/initramfs-$$v-demo.cpio.gz \
			--log $(OUT)/logs/$(KERNEL)-$(BOARD)-$$v-demo.log || exit 1; \
	done
	@python3 scripts/demo-table.py $(BOARD) \
		$(OUT)/logs/$(KERNEL)-$(BOARD)-control-demo.log \
		$(OUT)/logs/$(KERNEL)-$(BOARD)-reset-demo.log

# CMD and FILES reach the recipe through the environment (make exports
# command-line variables), so any quoting in them survives.
run: kernel progs
	@test -n "$$CMD" || { echo "make run: say what to run: make run CMD='uname -a' [FILES='...']" >&2; exit 2; }
	@bash scripts/build-initramfs.sh $(VARIANT) $(KOUT)/initramfs-$(VARIANT)-run.cpio.gz \
		--cmd "$$CMD" $$FILES >/dev/null
	@$(BOOT) --mode run --initrd $(KOUT)/initramfs-$(VARIANT)-run.cpio.gz \
		--log $(OUT)/logs/$(KERNEL)-$(BOARD)-$(VARIANT)-run.log

shell: initramfs
	@$(BOOT) --mode shell --initrd $(KOUT)/initramfs-$(VARIANT).cpio.gz

series:
	@python3 scripts/make-series.py --kernel $(KERNEL) $(KOUT)/series

checkpatch: setup
	@bash scripts/prepare-tree.sh >/dev/null && bash scripts/check-series.sh

checks: setup
	@bash scripts/static-checks.sh

clean:
	rm -rf $(OUT)/*/obj-* $(OUT)/*/modroot-* $(OUT)/*/kmod-* $(OUT)/tests \
		$(OUT)/*/initramfs-* $(OUT)/logs $(OUT)/series-build

.PHONY: all setup kernel progs initramfs test demo run shell series checkpatch checks clean
