// SPDX-License-Identifier: GPL-2.0
/*
 * vfio-owner: a userspace VFIO platform driver for the emulated NICs, and
 * the abnormal-death scenario built on it.
 *
 *   vfio-owner info DEV
 *	open DEV through VFIO, print what VFIO reports, close it
 *   vfio-owner open DEV [--hold-ms MS] [--then-set FILE VALUE]
 *	open DEV, keep it MS milliseconds (default 0), close it; the exit
 *	status says whether VFIO let us open it.  --then-set writes VALUE
 *	to FILE once DEV is open (its reset on open done), before the close
 *	(a test module's parameter, to change what the release's reset does)
 *   vfio-owner scenario DEV --expect stale|clean|report
 *			[--traffic-from DEV2|host]
 *			[--window-ms MS] [--gap-ms MS]
 *	owner #1 (a child) sets DEV running with RX DMA into memory that
 *	this process keeps, takes its interrupts, and is killed with
 *	SIGKILL.  Owner #2 (this process, standing for the next VM) opens
 *	DEV, reads its state before writing any register, counts the IRQs
 *	its eventfd sees over a window with traffic flowing, and counts the
 *	bytes the device wrote into owner #1's memory after owner #1 died.
 *	--expect stale asserts that all of that is seen (the control run:
 *	no reset on release); --expect clean asserts that none of it is;
 *	--expect report only reports it.
 *	The traffic comes from DEV2, a NIC on its native driver, through
 *	send-frames, or with "host" from the host that runs the board.
 *
 *   vfio-owner race DEV --expect stale|clean [--traffic-from DEV2|host]
 *			[--cycles N]
 *	N times (default 50): owner #1 sets DEV running and is killed with
 *	SIGKILL once frames flow; owner #2 opens DEV and reads its state
 *	before writing anything.  --expect clean asserts that no handover
 *	found the device running or with interrupts pending or enabled;
 *	--expect stale (the control) that every one did.
 *
 * Output is KTAP; the exit status is 0 only if every check passed.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <linux/vfio.h>

#include "owner.h"

/*
 * One stale-state check.  In a control run (@stale) the failure must be
 * seen; after a reset it must not.
 */
static bool report_only;

static void expect(bool stale, bool seen, const char *what, const char *val)
{
	if (report_only)
		check(true, "%s: %s (%s) # SKIP report only", seen ? "seen" :
		      "not seen", what, val);
	else if (stale)
		check(seen, "control: %s (%s)", what, val);
	else
		check(!seen, "no %s (%s)", what, val);
}

static int scenario(const char *dev, const char *traffic_from, bool stale,
		    unsigned int window_ms, unsigned int gap_ms)
{
	const struct nic_ops *nic = nic_for_device(dev);
	unsigned int frames0, frames1, r1_frames = 0, r1_irqs = 0, irqs = 0;
	uint64_t bytes0, bytes1, t_dead, t_open, t_end, changed = 0;
	struct nic_state st;
	struct vfio_dev d;
	struct dma_area a;
	struct owner1_opts o = { .stage = OWNER1_RUNNING,
				 .frames = OWNER1_FRAMES };
	char line[256], val[128];
	const char *ready;
	pid_t tpid = 0;
	uint8_t *snap;
	int wst, ret;
	size_t i;

	printf("KTAP version 1\n1..8\n");
	diag("scenario: %s, expect %s", dev,
	     report_only ? "nothing (report only)" :
	     stale ? "stale IRQs and DMA (control, no reset on release)" :
		     "a quiet device (reset on release)");
	if (!nic || dma_area_alloc(&a, nic)) {
		printf("Bail out! setup failed\n");
		return 1;
	}
	diag("backend %s, RX ring of %u descriptors x %u bytes", nic->name,
	     a.ndesc, nic->buf_size);

	if (traffic_from)
		tpid = start_traffic(traffic_from);
	o.traffic_from = traffic_from;

	wst = owner1_run_and_kill(dev, nic, &a, &o, line, sizeof(line));
	ready = owner1_line(line, "ready");
	if (!ready || sscanf(ready, "ready %u %u", &r1_frames, &r1_irqs) != 2)
		line[0] = '\0';	/* anything else: owner #1 did not run */
	t_dead = now_ms();
	check(line[0] && WIFSIGNALED(wst) &&
	      WTERMSIG(wst) == SIGKILL,
	      "owner #1 ran %s (%u frames, %u IRQs) and was killed with SIGKILL",
	      dev, r1_frames, r1_irqs);
	if (!line[0]) {
		diag("owner #1 did not report traffic, wait status 0x%x", wst);
		stop_traffic(tpid);
		printf("Bail out! owner #1 never ran the device\n");
		return 1;
	}

	/* What owner #1's memory holds at its death. */
	snap = malloc(a.len);
	if (!snap) {
		printf("Bail out! out of memory\n");
		return 1;
	}
	memcpy(snap, a.base, a.len);
	frames0 = frames_done(nic, &a, &bytes0);

	usleep(gap_ms * 1000);
	t_open = now_ms();
	ret = vdev_open(&d, dev);
	check(!ret, "owner #2 opened %s %llu ms after owner #1 died", dev,
	      (unsigned long long)(t_open - t_dead));
	if (ret) {
		stop_traffic(tpid);
		printf("Bail out! owner #2 could not open the device\n");
		return 1;
	}
	diag("VFIO_DEVICE_FLAGS_RESET: %s",
	     d.flags & VFIO_DEVICE_FLAGS_RESET ? "yes" : "no");

	nic->observe(&d, &st);
	for (i = 0; i < st.nregs; i++)
		diag("at open: %-10s = 0x%08x", st.reg[i].name, st.reg[i].val);

	if (vdev_irq_enable(&d)) {
		stop_traffic(tpid);
		printf("Bail out! owner #2 could not take IRQ 0\n");
		return 1;
	}
	t_end = now_ms() + window_ms;
	while (now_ms() < t_end) {
		ret = vdev_irq_wait(&d, t_end - now_ms());
		if (ret < 0)
			break;
		if (ret > 0) {
			irqs++;
			if (vdev_irq_unmask(&d))
				break;
		}
	}
	vdev_irq_disable(&d);

	for (i = 0; i < a.len; i++)
		changed += a.base[i] != snap[i];
	frames1 = frames_done(nic, &a, &bytes1);

	/* Leave the device quiet for whoever comes next. */
	nic->stop(&d);
	vdev_close(&d);
	if (stop_traffic(tpid))
		diag("warning: send-frames did not end cleanly");

	diag("owner #2: %u IRQs on its eventfd in %u ms", irqs, window_ms);
	diag("DMA into owner #1's memory after its death: %u frames, %llu bytes changed",
	     frames1 - frames0, (unsigned long long)changed);
	diag("RESULT dev=%s stale_irqs=%u dma_frames=%u dma_bytes=%llu %s=0x%x %s=0x%x %s=%d %s=%d %s=%d %s=%d",
	     dev, irqs, frames1 - frames0, (unsigned long long)changed,
	     "irq_status", st.irq_status, "irq_enable", st.irq_enable,
	     "rx_dma", st.rx_dma, "tx_dma", st.tx_dma, "mac_rx", st.mac_rx,
	     "mac_tx", st.mac_tx);

	snprintf(val, sizeof(val), "0x%x", st.irq_status);
	expect(stale, st.irq_status, "pending interrupt status at open", val);
	snprintf(val, sizeof(val), "rx %s, tx %s", st.rx_dma ? "on" : "off",
		 st.tx_dma ? "on" : "off");
	expect(stale, st.rx_dma || st.tx_dma, "DMA running at open", val);
	snprintf(val, sizeof(val), "rx %s, tx %s", st.mac_rx ? "on" : "off",
		 st.mac_tx ? "on" : "off");
	expect(stale, st.mac_rx || st.mac_tx, "MAC enabled at open", val);
	snprintf(val, sizeof(val), "mask 0x%x", st.irq_enable);
	expect(stale, st.irq_enable, "interrupts enabled at open", val);
	snprintf(val, sizeof(val), "%u in %u ms", irqs, window_ms);
	expect(stale, irqs, "stale IRQs on the next owner's eventfd", val);
	snprintf(val, sizeof(val), "%u frames, %llu bytes", frames1 - frames0,
		 (unsigned long long)changed);
	expect(stale, changed, "DMA into the dead owner's memory", val);

	free(snap);
	return nfail ? 1 : 0;
}

/*
 * The race: @cycles times, owner #1 sets the device running and is killed
 * with SIGKILL once frames flow, and owner #2 opens the device and reads
 * its state before writing anything, then stops and closes it.  Whatever
 * else runs meanwhile (the caller unloads and loads the native driver in
 * a loop), every handover must be clean, or with @stale (the control)
 * every one dirty.
 */
static int race(const char *dev, const char *traffic_from, bool stale,
		unsigned int cycles)
{
	const struct nic_ops *nic = nic_for_device(dev);
	unsigned int c, dirty = 0, refused = 0, lost = 0;
	struct nic_state st;
	struct vfio_dev d;
	struct dma_area a;
	struct owner1_opts o = { .stage = OWNER1_RUNNING, .frames = 2 };
	char line[256];
	pid_t tpid = 0;
	bool bad;

	printf("KTAP version 1\n1..3\n");
	diag("race: %s, %u cycles, expect %s", dev, cycles,
	     stale ? "every handover dirty (control)" : "no dirty handover");
	if (!nic || dma_area_alloc(&a, nic)) {
		printf("Bail out! setup failed\n");
		return 1;
	}
	if (traffic_from)
		tpid = start_traffic(traffic_from);
	o.traffic_from = traffic_from;

	for (c = 1; c <= cycles; c++) {
		if (owner1_run_and_kill(dev, nic, &a, &o, line,
					sizeof(line)) < 0) {
			printf("Bail out! cannot start owner #1: %s\n",
			       strerror(errno));
			return 1;
		}
		if (!owner1_line(line, "ready")) {
			lost++;
			diag("cycle %u: owner #1 never ran the device (%s)", c,
			     line[0] ? line : "no word from it");
			continue;
		}

		if (vdev_open(&d, dev)) {
			refused++;
			diag("cycle %u: owner #2 could not open %s", c, dev);
			continue;
		}
		nic->observe(&d, &st);
		bad = st.irq_status || st.irq_enable || st.rx_dma ||
		      st.tx_dma || st.mac_rx || st.mac_tx;
		if (bad) {
			dirty++;
			if (!stale)
				diag("cycle %u: dirty: status 0x%x, enabled 0x%x, DMA rx %d tx %d, MAC rx %d tx %d",
				     c, st.irq_status, st.irq_enable, st.rx_dma,
				     st.tx_dma, st.mac_rx, st.mac_tx);
		}
		nic->stop(&d);
		vdev_close(&d);
	}
	if (stop_traffic(tpid))
		diag("warning: the traffic did not end cleanly");

	diag("RACE dev=%s cycles=%u dirty=%u refused=%u lost=%u", dev, cycles,
	     dirty, refused, lost);
	check(!lost, "owner #1 ran %s and was killed in every cycle (%u of %u did not run it)",
	      dev, lost, cycles);
	check(!refused, "owner #2 opened it every time (%u refused)", refused);
	if (stale)
		check(dirty == cycles - lost - refused,
		      "control: every handover dirty (%u of %u)", dirty,
		      cycles - lost - refused);
	else
		check(!dirty, "no dirty handover (%u of %u)", dirty,
		      cycles - lost - refused);
	return nfail ? 1 : 0;
}

static int info(const char *dev)
{
	struct vfio_dev d;

	if (vdev_open(&d, dev))
		return 1;
	printf("%s: flags 0x%x (%s%s), %u regions, %u IRQs, region 0 %zu bytes, IRQ 0 flags 0x%x\n",
	       dev, d.flags,
	       d.flags & VFIO_DEVICE_FLAGS_PLATFORM ? "platform" : "?",
	       d.flags & VFIO_DEVICE_FLAGS_RESET ? ", reset" : "",
	       d.num_regions, d.num_irqs, d.regs_size, d.irq_flags);
	vdev_close(&d);
	return 0;
}

static int write_file(const char *path, const char *val)
{
	FILE *f = fopen(path, "w");

	if (!f || fputs(val, f) < 0 || fclose(f)) {
		diag("error: writing %s to %s: %s", val, path,
		     strerror(errno));
		return -1;
	}
	return 0;
}

static void __attribute__((noreturn)) usage(void)
{
	fprintf(stderr,
		"usage: vfio-owner info DEV\n"
		"       vfio-owner open DEV [--hold-ms MS] [--then-set FILE VALUE]\n"
		"       vfio-owner scenario DEV --expect stale|clean|report [--traffic-from DEV2|host]\n"
		"                  [--window-ms MS] [--gap-ms MS]\n"
		"       vfio-owner race DEV --expect stale|clean [--traffic-from DEV2|host]\n"
		"                  [--cycles N]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *traffic_from = NULL, *exp = NULL;
	unsigned int window_ms = 1500, gap_ms = 200;
	struct vfio_dev d;
	int i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 3)
		usage();
	if (!strcmp(argv[1], "info"))
		return info(argv[2]);
	if (!strcmp(argv[1], "open")) {
		const char *set_file = NULL, *set_val = NULL;

		window_ms = 0;
		for (i = 3; i < argc; i++) {
			if (!strcmp(argv[i], "--hold-ms") && i + 1 < argc) {
				window_ms = strtoul(argv[++i], NULL, 0);
			} else if (!strcmp(argv[i], "--then-set") &&
				   i + 2 < argc) {
				set_file = argv[++i];
				set_val = argv[++i];
			} else {
				usage();
			}
		}
		if (vdev_open(&d, argv[2]))
			return 1;
		if (set_file && write_file(set_file, set_val)) {
			vdev_close(&d);
			return 1;
		}
		usleep(window_ms * 1000);
		vdev_close(&d);
		return 0;
	}
	if (!strcmp(argv[1], "race")) {
		unsigned int cycles = 50;

		for (i = 3; i < argc; i++) {
			if (i + 1 >= argc)
				usage();
			if (!strcmp(argv[i], "--expect"))
				exp = argv[++i];
			else if (!strcmp(argv[i], "--traffic-from"))
				traffic_from = argv[++i];
			else if (!strcmp(argv[i], "--cycles"))
				cycles = strtoul(argv[++i], NULL, 0);
			else
				usage();
		}
		if (!exp || (strcmp(exp, "stale") && strcmp(exp, "clean")) ||
		    !cycles)
			usage();
		return race(argv[2], traffic_from, !strcmp(exp, "stale"),
			    cycles);
	}
	if (strcmp(argv[1], "scenario"))
		usage();
	for (i = 3; i < argc; i++) {
		if (i + 1 >= argc)
			usage();
		if (!strcmp(argv[i], "--expect"))
			exp = argv[++i];
		else if (!strcmp(argv[i], "--traffic-from"))
			traffic_from = argv[++i];
		else if (!strcmp(argv[i], "--window-ms"))
			window_ms = strtoul(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--gap-ms"))
			gap_ms = strtoul(argv[++i], NULL, 0);
		else
			usage();
	}
	if (!exp || (strcmp(exp, "stale") && strcmp(exp, "clean") &&
		     strcmp(exp, "report")) || !window_ms)
		usage();
	report_only = !strcmp(exp, "report");
	return scenario(argv[2], traffic_from, !strcmp(exp, "stale"),
			window_ms, gap_ms);
}
