# SPDX-License-Identifier: GPL-2.0
#
# One entry point: build the kernels, boot the emulated board, run, judge.
#
#   make demo      the main job: the abnormal-death scenario on Midway,
#                  on the control kernel (no reset, then upstream's forked
#                  module) and on the reset kernel
#   make test      every test, with a verdict (what .ci/run calls): the
#                  checks of every kernel, the primary's board runs
#   make test-all  make test with every board run: the debug kernels and
#                  the backport's boots too, and every series prefix
#                  built whole
#   make soak      the soak of make test at length, on the debug kernel:
#                  N=1000 handovers
#   make bench     what a reset adds to open and release, native vs forked
#   make report    REPORT: the latest figures of each kind of run, from
#                  the logs in OUT/logs
#   make run CMD='...' [FILES='a b']   run a command on the board
#   make shell     boot the board to an interactive shell
#   make series    the kernel change as mail-ready patches in
#                  build/KERNEL/series, one directory a set each tree
#                  takes, with cover letters; the author is FROM="Name
#                  <mail>" or git config's user.name and user.email
#   make series-check  what the maintainers' bots run on KERNEL's
#                  written series: git am on the pristine tree,
#                  checkpatch, every patch built with W=1 and sparse,
#                  kernel-doc, clang-19 W=1, the base against upstream's
#                  tarball, dt-schema
#   make checks    W=1, sparse and kernel-doc on what the whole series
#                  touches (make test's check of the backport)
#   make dtschema  dt-schema on the overlaid DTBs, with the chosen.yaml patch
#   make series-build  every prefix of KERNEL's series built and checked
#   make kernel | initramfs | setup | clean
#
# Variables:
#   KERNEL    kernel for demo/run/shell/kernel/initramfs/series/checks:
#             7.3 (default, the primary kernel: patches/primary) or 6.12
#             (the backport); each has its series in patches/KERNEL/
#   KERNELS   kernels make test builds and tests (7.3 6.12)
#   VARIANT   kernel for run/shell/kernel/initramfs: reset (the
#             product, CONFIG_VFIO_PLATFORM_NATIVE_QUIESCE=y), control (without it)
#             or debug (reset with KASAN, kmemleak, debugobjects)
#   VARIANTS  variants make test boots (reset control debug)
#   TEST_RUNS the runs make test boots, KERNEL:BOARD:VARIANT (see below)
#   SERIES_BUILD_KERNELS  kernels whose every series prefix make test
#             builds and checks (7.3); the others get make checks;
#             make series-build KERNEL=6.12 builds 6.12's
#   SERIES_BUILD_PREFIXES  all: every prefix builds the whole kernel
#             (make series-build, series-check, test-all); sets: only
#             where a set ends, the others compile what they touch;
#             touched: every prefix compiles what it touches, and the
#             whole series is the kernel make test boots (make test)
#   FROM      make series's author, "Name <mail>" (else git config)
#   BOARD     board for demo/run/shell/soak, a folder of boards/: midway
#             (default), orangepi-pc or versal (arm64); BOARDS: the boards
#             make test boots (every folder of boards/)
#   N         handovers of make soak (1000); BENCH_CYCLES: of make bench (200)
#   SEED      make soak's random choices, to repeat a run; SOAK_VARIANT:
#             the kernel it runs on (debug); LOAD=1: on a busy host, one
#             busy loop per CPU for the whole run (scripts/busy-host.sh)
#   OUT       build directory (build)
#   FRESH=1   make test boots every board run; without it, a run whose
#             kernel, DTB, initramfs and harness are byte-identical to
#             its last passing run is replayed from that run, and says so
#   TIMEOUT   seconds per boot (300); V=1 echoes the whole console
#   POOL_JOBS make test's parts at once, the compiling checks and then
#             the board runs: one QEMU keeps about one CPU busy (the
#             number of CPUs)

KERNEL   ?= $(shell cat patches/primary)
KERNELS  ?= 7.3 6.12
BOARD    ?= midway
BOARDS   ?= $(shell python3 scripts/boards.py names)
VARIANT  ?= reset
VARIANTS ?= reset control debug
# What make test boots, KERNEL:BOARD:VARIANT, as far as KERNELS, BOARDS
# and VARIANTS let it: the primary kernel's reset and control kernels on
# each board (one kernel an architecture built from nothing; the control
# starts from its objects).  make test-all boots ALL_RUNS: the debug
# kernels (KASAN, kmemleak, debugobjects) and the backport's too, on
# 32-bit ARM (the backport is not built for arm64).
TEST_RUNS ?= 7.3:midway:reset 7.3:midway:control \
	     7.3:orangepi-pc:reset 7.3:orangepi-pc:control \
	     7.3:versal:reset 7.3:versal:control
ARM_BOARDS := $(shell python3 scripts/boards.py names --arch arm)
ALL_RUNS = $(foreach k,$(KERNELS),$(foreach b,$(if $(filter $(k),$(shell cat patches/primary)),$(BOARDS),$(filter $(ARM_BOARDS),$(BOARDS))),$(foreach v,$(VARIANTS),$(k):$(b):$(v))))
SERIES_BUILD_KERNELS ?= 7.3
SERIES_BUILD_PREFIXES ?= all
OUT      ?= $(CURDIR)/build
TIMEOUT  ?= 300
KOUT      = $(OUT)/$(KERNEL)
# BOARD's architecture (its board.conf's ARCH), which the build scripts
# take as KARCH, and the suffix of the folders and initramfs images built
# for it (none for 32-bit ARM)
KARCH    := $(shell python3 scripts/boards.py get $(BOARD) ARCH)
ASFX      = $(if $(filter arm,$(KARCH)),,-$(KARCH))
export OUT TIMEOUT POOL_JOBS V KERNEL KERNELS BOARDS VARIANTS TEST_RUNS SERIES_BUILD_KERNELS SERIES_BUILD_PREFIXES FROM FRESH KARCH

BOOT = python3 scripts/boot-board.py --kernel $(KERNEL) --board $(BOARD) \
	--variant $(VARIANT) --timeout $(TIMEOUT) $(if $(V),-v)

all: test

setup:
	@bash scripts/setup-host.sh

kernel: setup
	@bash scripts/build-kernel.sh $(VARIANT)

# the guest's programs for every architecture a board uses, each in
# OUT/tests[-ARCH]
progs: setup
	@for a in $$(python3 scripts/boards.py arches); do \
		eval "$$(python3 scripts/boards.py arch-env $$a)" && \
		$(MAKE) -s -C tests O=$(OUT)/tests$$arch_suffix \
			CROSS_COMPILE=$$arch_cross || exit 1; \
	done

initramfs: kernel progs
	@bash scripts/build-initramfs.sh $(VARIANT) $(KOUT)/initramfs-$(VARIANT)$(ASFX).cpio.gz

# The checks that compile nothing run beside the kernel builds
# (run-tests.sh --early); run-tests.sh then replays what they found, and
# records how long make test took from its start (TEST_START), cold (OUT
# did not exist: everything built, packages included) or warm.
TEST_START := $(shell date +%s)
TEST_KIND := $(if $(wildcard $(OUT)),warm,cold)
export TEST_START TEST_KIND
test: SERIES_BUILD_PREFIXES = touched
# The checks of the series (W=1, sparse, clang, the series' prefixes)
# build for 32-bit ARM, whatever BOARD is; make test's boots take each
# board's architecture from scripts/test-plan.sh.
test test-all series series-check checks series-build: KARCH := arm
test: setup progs
	@bash scripts/test-plan.sh >/dev/null
	@mkdir -p $(OUT)/logs; bash scripts/run-tests.sh --early & early=$$!; \
	bash scripts/test-plan.sh builds | while read -r k a v; do \
		eval "$$(python3 scripts/boards.py arch-env $$a)" && \
		KERNEL=$$k KARCH=$$a bash scripts/build-kernel.sh $$v && \
		KERNEL=$$k KARCH=$$a bash scripts/build-initramfs.sh $$v \
			$(OUT)/$$k/initramfs-$$v$$arch_suffix.cpio.gz || exit 1; \
	done || { kill $$early 2>/dev/null; wait $$early; exit 1; }; \
	wait $$early
	@bash scripts/run-tests.sh

test-all:
	@$(MAKE) --no-print-directory test TEST_RUNS="$(ALL_RUNS)" SERIES_BUILD_PREFIXES=all

# The demo boots the control kernel, then (on a board whose NIC has a
# forked reset module upstream, FORKED_MOD in its board.conf: Midway) the
# control kernel with that module allowed to load, then the reset kernel,
# each with the board's DTB with its overlay (boards/BOARD/overlay.dtso)
# applied, runs the same abnormal-death scenario on each, and puts them
# side by side.  The reset kernel is built first: the control kernel
# starts from its objects (configs/control.config).
FORKED_MOD = $(shell python3 scripts/boards.py get $(BOARD) FORKED_MOD)
DEMO_RUNS = control $(if $(FORKED_MOD),control-forked) reset
demo: setup progs
	@for v in reset control; do \
		bash scripts/build-kernel.sh $$v >/dev/null && \
		bash scripts/build-initramfs.sh $$v $(KOUT)/initramfs-$$v-demo$(ASFX).cpio.gz \
			--cmd 'sh /tests/demo.sh' >/dev/null || exit 1; \
	done
	@for r in $(DEMO_RUNS); do \
		v=$${r%-forked}; \
		echo "======== Linux $(KERNEL), $$r kernel"; \
		python3 scripts/boot-board.py --kernel $(KERNEL) --board $(BOARD) \
			--variant $$v $$([ $$r = $$v ] || echo --forked) \
			--timeout $(TIMEOUT) $(if $(V),-v) --mode run \
			--initrd $(KOUT)/initramfs-$$v-demo$(ASFX).cpio.gz \
			--log $(OUT)/logs/$(KERNEL)-$(BOARD)-$$r-demo.log || exit 1; \
	done
	@python3 scripts/demo-table.py $(BOARD) \
		$(OUT)/logs/$(KERNEL)-$(BOARD)-control-demo.log \
		$(OUT)/logs/$(KERNEL)-$(BOARD)-reset-demo.log \
		$(if $(FORKED_MOD),$(OUT)/logs/$(KERNEL)-$(BOARD)-control-forked-demo.log)

# The soak of tests/guest/cases/15-soak.sh at length (make test runs 50
# cycles): N handovers of an owner killed by SIGKILL at random points,
# with concurrent openers, unbind/bind of vfio-platform under an owner,
# VFIO_DEVICE_RESET with traffic and native-module unloads, then the
# kernel's reports and kmemleak's leaks, on BOARD's SOAK_VARIANT kernel
# (debug).  SEED repeats a run's random choices.  Every open is a line in
# the kernel log (vfio's no-IOMMU warning): a log of 16 MiB holds them all,
# for the soak's count of the kernel's reports.
N ?= 1000
SOAK_VARIANT ?= debug
# KERNEL-BOARD-soak[-VARIANT][-load]: the variant named unless it is the
# debug kernel, so that a short soak on another kernel keeps the long
# one's log (REPORT and the cover letter read it)
SOAK_NAME = $(KERNEL)-$(BOARD)-soak$(addprefix -,$(filter-out debug,$(SOAK_VARIANT)))$(if $(LOAD),-load)
soak: setup progs
	@bash scripts/build-kernel.sh $(SOAK_VARIANT) >/dev/null && \
		bash scripts/build-initramfs.sh $(SOAK_VARIANT) \
			$(KOUT)/initramfs-$(SOAK_VARIANT)$(ASFX).cpio.gz >/dev/null
	@$(if $(LOAD),bash scripts/busy-host.sh) \
		python3 scripts/boot-board.py --kernel $(KERNEL) --board $(BOARD) \
		--variant $(SOAK_VARIANT) --timeout $$(($(TIMEOUT) + 4 * $(N))) \
		$(if $(V),-v) --name $(SOAK_NAME) \
		--append "vfiotest.cases=01-setup,15-soak,99-kernel-log vfiotest.soak=$(N)$(if $(SEED), vfiotest.seed=$(SEED)) log_buf_len=16M" \
		--initrd $(KOUT)/initramfs-$(SOAK_VARIANT)$(ASFX).cpio.gz \
		--log $(OUT)/logs/$(SOAK_NAME)-tests.log

# REPORT, the project's latest figures, from the logs in OUT/logs of the
# runs above (scripts/report.py): make test's verdict and time, the demo's
# table, the bench's, and each soak's counts, each with the commit, date
# and host load of its run.  A run with no log there keeps its section.
report:
	@python3 scripts/report.py

# The benchmark, on Midway's reset kernel: BENCH_CYCLES opens and releases
# reset by the native driver and as many by upstream's forked module, in
# one boot (tests/guest/bench.sh); scripts/bench-table.py prints p50 and
# p90 of the time each reset took, and the ratio.
BENCH_CYCLES ?= 200
bench: setup progs
	@export KARCH=arm; bash scripts/build-kernel.sh reset >/dev/null && \
		bash scripts/build-initramfs.sh reset $(KOUT)/initramfs-reset-bench.cpio.gz \
			--cmd 'sh /tests/bench.sh' >/dev/null
	@echo "======== Linux $(KERNEL), reset kernel, Midway, $(BENCH_CYCLES) cycles of each"
	@python3 scripts/boot-board.py --kernel $(KERNEL) --board midway \
		--variant reset --append vfiotest.bench=$(BENCH_CYCLES) \
		--timeout $(TIMEOUT) $(if $(V),-v) --mode run \
		--initrd $(KOUT)/initramfs-reset-bench.cpio.gz \
		--log $(OUT)/logs/$(KERNEL)-midway-reset-bench.log >/dev/null
	@python3 scripts/bench-table.py $(OUT)/logs/$(KERNEL)-midway-reset-bench.log

# CMD and FILES reach the recipe through the environment (make exports
# command-line variables), so any quoting in them survives.
run: kernel progs
	@test -n "$$CMD" || { echo "make run: say what to run: make run CMD='uname -a' [FILES='...']" >&2; exit 2; }
	@bash scripts/build-initramfs.sh $(VARIANT) $(KOUT)/initramfs-$(VARIANT)-run$(ASFX).cpio.gz \
		--cmd "$$CMD" $$FILES >/dev/null
	@$(BOOT) --mode run --initrd $(KOUT)/initramfs-$(VARIANT)-run$(ASFX).cpio.gz \
		--log $(OUT)/logs/$(KERNEL)-$(BOARD)-$(VARIANT)-run.log

shell: initramfs
	@$(BOOT) --mode shell --initrd $(KOUT)/initramfs-$(VARIANT)$(ASFX).cpio.gz

series: setup
	@bash scripts/prepare-tree.sh >/dev/null && \
		python3 scripts/make-series.py --kernel $(KERNEL) $(KOUT)/series

series-check: setup
	@bash scripts/build-kernel.sh reset >/dev/null
	@bash scripts/check-series.sh; a=$$?; \
		bash scripts/build-series.sh; b=$$?; \
		KLLVM=-19 bash scripts/static-checks.sh; c=$$?; \
		bash scripts/check-base.sh; d=$$?; \
		bash scripts/check-dtschema.sh; e=$$?; \
		[ $$a$$b$$c$$d$$e = 00000 ]

checks: setup
	@bash scripts/static-checks.sh

series-build: setup
	@bash scripts/build-series.sh

# dt-schema on the overlaid DTBs of KERNEL's reset kernel (make kernel
# first), with patches/dt-schema/ applied to a copy of dt-schema
dtschema: setup
	@bash scripts/check-dtschema.sh

clean:
	rm -rf $(OUT)/*/obj-* $(OUT)/*/modroot-* $(OUT)/*/kmod-* $(OUT)/tests $(OUT)/tests-* \
		$(OUT)/*/initramfs-* $(OUT)/logs $(OUT)/series-build

.PHONY: report bench soak all setup kernel progs initramfs test test-all demo run shell series series-check checks series-build dtschema clean
