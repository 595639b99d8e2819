// SPDX-License-Identifier: GPL-2.0
/*
 * Owner #1 and what it needs, for vfio-owner and vfio-soak (owner.h).
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
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <linux/vfio.h>

#include "owner.h"

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

const struct nic_ops *nic_for_device(const char *dev)
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

int dma_area_alloc(struct dma_area *a, const struct nic_ops *nic)
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

unsigned int frames_done(const struct nic_ops *nic, const struct dma_area *a,
			 uint64_t *bytes)
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

int open_retrying(struct vfio_dev *d, const char *dev, unsigned int *busy)
{
	uint64_t end = now_ms() + OPEN_TRIES_MS;
	bool quiet = vdev_quiet;
	int ret;

	vdev_quiet = true;
	while ((ret = vdev_open(d, dev)) && now_ms() < end) {
		(*busy)++;
		usleep(500);
	}
	vdev_quiet = quiet;
	/* the last try again, to say why it failed */
	return ret ? vdev_open(d, dev) : 0;
}

const char *const owner1_stage_name[OWNER1_STAGES] = {
	[OWNER1_OPENED] = "opened",
	[OWNER1_SETUP] = "setup",
	[OWNER1_RUNNING] = "ready",
	[OWNER1_IOCTLS] = "ioctls",
};

/* Never outlive a broken parent: it kills us long before this. */
static void owner1_deadline(uint64_t start)
{
	if (now_ms() - start > 4 * OWNER1_WAIT_MS)
		exit(4);
}

/* Own the device and touch nothing until killed. */
static void __attribute__((noreturn)) owner1_idle(uint64_t start)
{
	for (;;) {
		usleep(1000);
		owner1_deadline(start);
	}
}

/* VFIO's query and IRQ ioctls on the device, round and round. */
static void __attribute__((noreturn))
owner1_ioctls(struct vfio_dev *d, uint64_t start)
{
	struct vfio_device_info di;
	struct vfio_region_info ri;
	struct vfio_irq_info ii;

	for (;;) {
		memset(&di, 0, sizeof(di));
		di.argsz = sizeof(di);
		memset(&ri, 0, sizeof(ri));
		ri.argsz = sizeof(ri);
		memset(&ii, 0, sizeof(ii));
		ii.argsz = sizeof(ii);
		if (ioctl(d->fd, VFIO_DEVICE_GET_INFO, &di) ||
		    ioctl(d->fd, VFIO_DEVICE_GET_REGION_INFO, &ri) ||
		    ioctl(d->fd, VFIO_DEVICE_GET_IRQ_INFO, &ii) ||
		    vdev_irq_unmask(d))
			exit(2);
		owner1_deadline(start);
	}
}

/*
 * VFIO_DEVICE_RESET while frames flow: report what the reset left, then
 * give the ring back to the NIC and start it again.
 */
static void owner1_device_reset(struct vfio_dev *d, const struct nic_ops *nic,
				struct dma_area *a, const uint32_t *buf_pa,
				uint32_t rx_pa, uint32_t tx_pa, int wfd)
{
	struct nic_state st;

	if (ioctl(d->fd, VFIO_DEVICE_RESET)) {
		dprintf(wfd, "reset failed %s\n", strerror(errno));
		exit(2);
	}
	nic->observe(d, &st);
	if (st.irq_status || st.irq_enable || st.rx_dma || st.tx_dma ||
	    st.mac_rx || st.mac_tx)
		dprintf(wfd, "reset dirty status 0x%x enabled 0x%x DMA rx %d tx %d MAC rx %d tx %d\n",
			st.irq_status, st.irq_enable, st.rx_dma, st.tx_dma,
			st.mac_rx, st.mac_tx);
	else
		dprintf(wfd, "reset quiet\n");
	nic->ring_init(a->rx_ring, rx_pa, a->ndesc, buf_pa);
	if (nic->start(d, rx_pa, tx_pa))
		exit(2);
}

/*
 * Owner #1: a driver that brings the device up and services it until it
 * is killed, reporting its stages on @wfd (see enum owner1_stage).
 */
static void __attribute__((noreturn))
owner1(const char *dev, const struct nic_ops *nic, struct dma_area *a,
       const struct owner1_opts *o, int wfd)
{
	bool told = false, reset_done = !o->device_reset;
	uint32_t buf_pa[MAX_DESC], rx_pa, tx_pa;
	unsigned int i, irqs = 0, frames = 0;
	uint64_t pa, bytes, start;
	unsigned int busy = 0;
	struct vfio_dev d;
	size_t off;

	start = now_ms();
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

	/* someone else (vfio-soak's opener) may have it for a moment */
	if (open_retrying(&d, dev, &busy))
		exit(2);
	if (o->stage == OWNER1_OPENED) {
		dprintf(wfd, "opened\n");
		owner1_idle(start);
	}
	if (vdev_irq_enable(&d))
		exit(2);
	if (o->stage == OWNER1_SETUP)
		dprintf(wfd, "setup\n");
	if (nic->start(&d, rx_pa, tx_pa)) {
		diag("error: owner #1: %s did not come out of DMA reset", dev);
		exit(2);
	}

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
		if (!told && frames >= o->frames && !reset_done) {
			owner1_device_reset(&d, nic, a, buf_pa, rx_pa, tx_pa,
					    wfd);
			reset_done = true;
			continue;
		}
		if (!told && frames >= o->frames) {
			dprintf(wfd, "ready %u %u\n", frames, irqs);
			told = true;
			if (o->stage == OWNER1_IOCTLS) {
				dprintf(wfd, "ioctls\n");
				owner1_ioctls(&d, start);
			}
		}
		if (!told && now_ms() - start > OWNER1_WAIT_MS) {
			dprintf(wfd, "no-traffic %u %u\n", frames, irqs);
			exit(3);
		}
		owner1_deadline(start);
	}
}

const char *owner1_line(const char *lines, const char *word)
{
	size_t n = strlen(word);
	const char *l;

	for (l = lines; *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : "")
		if (!strncmp(l, word, n) && (l[n] == ' ' || l[n] == '\n' ||
					     !l[n]))
			return l;
	return NULL;
}

int owner1_run_and_kill(const char *dev, const struct nic_ops *nic,
			struct dma_area *a, const struct owner1_opts *o,
			char *lines, size_t len)
{
	const char *want = owner1_stage_name[o->stage];
	uint64_t end = now_ms() + OWNER1_WAIT_MS + 2000;
	struct pollfd pfd;
	size_t got = 0;
	ssize_t n;
	pid_t pid;
	int p[2], wst;

	lines[0] = '\0';
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
		owner1(dev, nic, a, o, p[1]);
	}
	close(p[1]);
	pfd.fd = p[0];
	pfd.events = POLLIN;
	/* its lines, up to the stage it is to be killed at, or its end */
	while (!owner1_line(lines, want) && got < len - 1 && now_ms() < end) {
		if (poll(&pfd, 1, end - now_ms()) != 1)
			break;
		n = read(p[0], lines + got, len - 1 - got);
		if (n <= 0)
			break;
		got += n;
		lines[got] = '\0';
	}
	if (o->at_stage && owner1_line(lines, want))
		o->at_stage(o->arg);
	if (o->kill_within_us && owner1_line(lines, want))
		usleep(rand() % (o->kill_within_us + 1));
	kill(pid, SIGKILL);
	waitpid(pid, &wst, 0);
	/* only now: owner #1 may still write a line, and must not die of it */
	close(p[0]);
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

pid_t start_traffic(const char *from, unsigned int seconds)
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

int stop_traffic(pid_t pid)
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

unsigned int ntest;
unsigned int nfail;

void check(bool ok, const char *fmt, ...)
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
