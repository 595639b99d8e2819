// SPDX-License-Identifier: GPL-2.0
/*
 * vfio-owner: a userspace VFIO platform driver for the emulated NICs, and
 * the abnormal-death scenario built on it.
 *
 *   vfio-owner info DEV
 *	open DEV through VFIO, print what VFIO reports, close it
 *   vfio-owner open DEV [--hold-ms MS]
 *	open DEV, keep it MS milliseconds (default 0), close it; the exit
 *	status says whether VFIO let us open it
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

#include "nic.h"

#define PATTERN		0x5a
#define MAX_DESC	128
#define OWNER1_FRAMES	8	/* frames owner #1 takes before it dies */
#define OWNER1_WAIT_MS	5000	/* ... within this time, or no traffic */

static const struct nic_ops *const backends[] = {
	&nic_xgmac,
	&nic_sun8i_emac,
};

const struct nic_ops *nic_find(const char *compatible)
{
	unsigned int i;

	for (i = 0; i < sizeof(backends) / sizeof(backends[0]); i++)
		if (!strcmp(backends[i]->compatible, compatible))
			return backends[i];
	return NULL;
}

/* The backend for a platform device, from its DT compatible list. */
static const struct nic_ops *nic_for_device(const char *dev)
{
	char path[256], buf[512];
	const struct nic_ops *nic;
	ssize_t n, off;
	int fd;

	snprintf(path, sizeof(path),
		 "/sys/bus/platform/devices/%s/of_node/compatible", dev);
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		diag("error: %s: %s", path, strerror(errno));
		return NULL;
	}
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	for (off = 0; off < n; off += strlen(buf + off) + 1) {
		nic = nic_find(buf + off);
		if (nic)
			return nic;
	}
	diag("error: %s: no backend for compatible \"%s\"", dev, buf);
	return NULL;
}

/* DMA memory: RX ring page, TX ring page, then the RX buffers. */
struct dma_area {
	uint8_t *base;
	size_t len;
	size_t page;
	unsigned int ndesc;
	void *rx_ring;
	void *tx_ring;
	uint8_t *bufs;
};

static int dma_area_alloc(struct dma_area *a, const struct nic_ops *nic)
{
	a->page = sysconf(_SC_PAGESIZE);
	a->ndesc = a->page / nic->desc_size;
	if (a->ndesc > MAX_DESC)
		a->ndesc = MAX_DESC;
	a->len = 2 * a->page + (size_t)a->ndesc * nic->buf_size;
	/* Shared, so that it outlives owner #1 and owner #2 can inspect it. */
	a->base = mmap(NULL, a->len, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (a->base == MAP_FAILED) {
		diag("error: mmap %zu bytes: %s", a->len, strerror(errno));
		return -1;
	}
	if (mlock(a->base, a->len))
		diag("warning: mlock: %s", strerror(errno));
	memset(a->base, 0, a->len);
	a->rx_ring = a->base;
	a->tx_ring = a->base + a->page;
	a->bufs = a->base + 2 * a->page;
	return 0;
}

static unsigned int frames_done(const struct nic_ops *nic,
				const struct dma_area *a, uint64_t *bytes)
{
	unsigned int i, n = 0;
	uint32_t len;

	*bytes = 0;
	for (i = 0; i < a->ndesc; i++) {
		if (nic->desc_done(a->rx_ring, i, &len)) {
			n++;
			*bytes += len;
		}
	}
	return n;
}

/* frames owner #1 takes before it says it is ready */
static unsigned int owner1_frames = OWNER1_FRAMES;

/*
 * Owner #1: a driver that brings the device up and services it until it
 * is killed.  Reports "ready FRAMES IRQS" on @wfd once traffic flows.
 */
static void __attribute__((noreturn))
owner1(const char *dev, const struct nic_ops *nic, struct dma_area *a, int wfd)
{
	uint32_t buf_pa[MAX_DESC];
	uint64_t pa, bytes, start, rx_pa, tx_pa;
	struct vfio_dev d;
	unsigned int i, irqs = 0, frames = 0;
	bool told = false;
	size_t off;

	/* A forked child has no page table entries for shared memory yet. */
	for (off = 0; off < a->len; off += a->page)
		((volatile uint8_t *)a->base)[off] = 0;
	rx_pa = phys_addr(a->rx_ring);
	tx_pa = phys_addr(a->tx_ring);
	for (i = 0; i < a->ndesc; i++) {
		pa = phys_addr(a->bufs + (size_t)i * nic->buf_size);
		if (pa >> 32) {
			diag("error: buffer above 4 GiB");
			exit(2);
		}
		buf_pa[i] = pa;
	}
	memset(a->bufs, PATTERN, (size_t)a->ndesc * nic->buf_size);
	nic->ring_init(a->rx_ring, rx_pa, a->ndesc, buf_pa);

	if (vdev_open(&d, dev) || vdev_irq_enable(&d))
		exit(2);
	if (nic->start(&d, rx_pa, tx_pa)) {
		diag("error: owner #1: %s did not come out of DMA reset", dev);
		exit(2);
	}

	start = now_ms();
	for (;;) {
		int r = vdev_irq_wait(&d, 50);

		if (r < 0)
			exit(2);
		if (r > 0) {
			irqs++;
			nic->irq_ack(&d);
			if (vdev_irq_unmask(&d))
				exit(2);
		}
		frames = frames_done(nic, a, &bytes);
		if (!told && frames >= owner1_frames) {
			dprintf(wfd, "ready %u %u\n", frames, irqs);
			told = true;
		}
		if (!told && now_ms() - start > OWNER1_WAIT_MS) {
			dprintf(wfd, "no-traffic %u %u\n", frames, irqs);
			exit(3);
		}
		/* The parent kills us; never outlive a broken parent. */
		if (now_ms() - start > 4 * OWNER1_WAIT_MS)
			exit(4);
	}
}

/*
 * Run owner #1 on @dev until it reports traffic (or gives up), then kill
 * it with SIGKILL.  Its report is left in @line; returns its wait status,
 * or -1 if it could not be started.
 */
static int owner1_run_and_kill(const char *dev, const struct nic_ops *nic,
			       struct dma_area *a, char *line, size_t len)
{
	struct pollfd pfd;
	ssize_t n = 0;
	pid_t pid;
	int p[2], wst;

	line[0] = '\0';
	if (pipe(p))
		return -1;
	pid = fork();
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (pid == 0) {
		close(p[0]);
		owner1(dev, nic, a, p[1]);
	}
	close(p[1]);
	pfd.fd = p[0];
	pfd.events = POLLIN;
	if (poll(&pfd, 1, OWNER1_WAIT_MS + 2000) == 1)
		n = read(p[0], line, len - 1);
	close(p[0]);
	line[n > 0 ? n : 0] = '\0';
	line[strcspn(line, "\n")] = '\0';
	kill(pid, SIGKILL);
	waitpid(pid, &wst, 0);
	return wst;
}

/*
 * Frames from the host: scripts/boot-board.py sends them for as many
 * seconds as a console line asks ("vfiotest: traffic SECONDS"; 0 stops).
 */
static int host_traffic(unsigned int seconds)
{
	int fd = open("/dev/console", O_WRONLY | O_NOCTTY);

	if (fd < 0) {
		diag("error: /dev/console: %s", strerror(errno));
		return -1;
	}
	dprintf(fd, "\nvfiotest: traffic %u\n", seconds);
	close(fd);
	return 0;
}

#define HOST_TRAFFIC ((pid_t)-2)

static pid_t start_traffic(const char *from, unsigned int seconds)
{
	char secs[16];
	pid_t pid;

	if (!strcmp(from, "host"))
		return host_traffic(seconds) ? -1 : HOST_TRAFFIC;
	snprintf(secs, sizeof(secs), "%u", seconds);
	pid = fork();
	if (pid == 0) {
		execlp("send-frames", "send-frames", "--dev", from,
		       "--rate", "50", "--seconds", secs, (char *)NULL);
		diag("error: exec send-frames: %s", strerror(errno));
		_exit(127);
	}
	return pid;
}

static int stop_traffic(pid_t pid)
{
	int st;

	if (pid == HOST_TRAFFIC)
		return host_traffic(0);
	if (pid <= 0)
		return 0;
	kill(pid, SIGTERM);
	if (waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

static unsigned int ntest;
static unsigned int nfail;

static void check(bool ok, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void check(bool ok, const char *fmt, ...)
{
	va_list ap;

	printf("%s %u ", ok ? "ok" : "not ok", ++ntest);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	if (!ok)
		nfail++;
}

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
	char line[64], val[128];
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

	if (traffic_from) {
		tpid = start_traffic(traffic_from, 15);
		usleep(200 * 1000);
	}

	wst = owner1_run_and_kill(dev, nic, &a, line, sizeof(line));
	if (sscanf(line, "ready %u %u", &r1_frames, &r1_irqs) != 2)
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
	char line[64];
	pid_t tpid = 0;
	bool bad;

	printf("KTAP version 1\n1..3\n");
	diag("race: %s, %u cycles, expect %s", dev, cycles,
	     stale ? "every handover dirty (control)" : "no dirty handover");
	if (!nic || dma_area_alloc(&a, nic)) {
		printf("Bail out! setup failed\n");
		return 1;
	}
	owner1_frames = 2;
	if (traffic_from) {
		/* at most OWNER1_WAIT_MS a cycle */
		tpid = start_traffic(traffic_from,
				     cycles * (OWNER1_WAIT_MS / 1000 + 1) + 10);
		usleep(200 * 1000);
	}

	for (c = 1; c <= cycles; c++) {
		if (owner1_run_and_kill(dev, nic, &a, line, sizeof(line)) < 0) {
			printf("Bail out! cannot start owner #1: %s\n",
			       strerror(errno));
			return 1;
		}
		if (strncmp(line, "ready ", 6)) {
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

static void __attribute__((noreturn)) usage(void)
{
	fprintf(stderr,
		"usage: vfio-owner info DEV\n"
		"       vfio-owner open DEV [--hold-ms MS]\n"
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
		if (argc == 5 && !strcmp(argv[3], "--hold-ms"))
			window_ms = strtoul(argv[4], NULL, 0);
		else if (argc == 3)
			window_ms = 0;
		else
			usage();
		if (vdev_open(&d, argv[2]))
			return 1;
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
