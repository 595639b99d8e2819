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
#include <sys/prctl.h>
#include <sys/wait.h>
#include <linux/vfio.h>

#include "owner.h"

static const struct nic_ops *const backends[] = {
	&nic_xgmac,
	&nic_sun8i_emac,
	&nic_gem,
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

#define LOAD(p)		__atomic_load_n(p, __ATOMIC_SEQ_CST)
#define STORE(p, v)	__atomic_store_n(p, v, __ATOMIC_SEQ_CST)

struct handoff *handoff_new(void)
{
	void *p = mmap(NULL, sizeof(struct handoff), PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

/*
 * The worker clears paused before it looks at ask again, so an asker that
 * sees paused set knows the worker is between two steps, and stays there
 * until handoff_end().
 */
bool handoff_point(struct handoff *h)
{
	while (LOAD(&h->ask) && !LOAD(&h->stop)) {
		STORE(&h->paused, 1);
		usleep(200);
	}
	STORE(&h->paused, 0);
	return !LOAD(&h->stop);
}

bool handoff_ask(struct handoff *h, unsigned int ms)
{
	uint64_t end = now_ms() + ms;

	if (!h)
		return true;
	STORE(&h->ask, 1);
	while (!LOAD(&h->paused)) {
		if (now_ms() > end)
			return false;
		usleep(200);
	}
	return true;
}

void handoff_end(struct handoff *h)
{
	if (h)
		STORE(&h->ask, 0);
}

void handoff_stop(struct handoff *h)
{
	if (h)
		STORE(&h->stop, 1);
}

int open_handed_off(struct vfio_dev *d, const char *dev,
		    struct handoff *opener)
{
	int ret;

	if (!handoff_ask(opener, HANDOFF_MS)) {
		handoff_end(opener);
		diag("error: %s: the opener did not stop within %u ms",
		     dev, HANDOFF_MS);
		return -EDEADLK;
	}
	ret = vdev_open(d, dev);
	handoff_end(opener);
	return ret;
}

const char *const owner1_stage_name[OWNER1_STAGES] = {
	[OWNER1_OPENED] = "opened",
	[OWNER1_SETUP] = "setup",
	[OWNER1_RUNNING] = "ready",
	[OWNER1_IOCTLS] = "ioctls",
};

/* Own the device and touch nothing until killed. */
static void __attribute__((noreturn)) owner1_idle(void)
{
	for (;;)
		pause();
}

/* A step that failed: its line, then the end of owner #1. */
static void __attribute__((noreturn))
owner1_fail(int wfd, const char *step, int err)
{
	dprintf(wfd, "failed %s: %s\n", step, strerror(err));
	exit(2);
}

/* VFIO's query and IRQ ioctls on the device, round and round. */
static void __attribute__((noreturn)) owner1_ioctls(struct vfio_dev *d)
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

	if (ioctl(d->fd, VFIO_DEVICE_RESET))
		owner1_fail(wfd, "reset", errno);
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
		owner1_fail(wfd, "start after the reset", ETIMEDOUT);
}

/*
 * Owner #1's wait for frames, from the moment it started the NIC (see
 * OWNER1_SENT_ENOUGH in owner.h).
 */
struct frame_wait {
	const char *from;
	uint64_t start, moved;	/* ms: the start, the source's last frame */
	long long sent0, sent;	/* the source's count then, and now */
};

static void frame_wait_begin(struct frame_wait *w, const char *from)
{
	w->from = from;
	w->start = w->moved = now_ms();
	w->sent0 = w->sent = from ? traffic_sent(from) : -1;
}

/* Owner #1 has waited long enough for its frames: its last line, and out. */
static void frame_wait_check(struct frame_wait *w, unsigned int frames,
			     unsigned int irqs, int wfd)
{
	uint64_t now = now_ms();
	long long sent;

	if (w->sent0 < 0) {
		if (now - w->start < OWNER1_HOST_WAIT_MS)
			return;
		dprintf(wfd, "no-frames %u %u -\n", frames, irqs);
		exit(3);
	}
	sent = traffic_sent(w->from);
	if (sent != w->sent) {
		w->sent = sent;
		w->moved = now;
	}
	if (sent - w->sent0 >= OWNER1_SENT_ENOUGH) {
		dprintf(wfd, "no-frames %u %u %lld\n", frames, irqs,
			sent - w->sent0);
		exit(3);
	}
	if (now - w->moved >= OWNER1_STALL_MS) {
		dprintf(wfd, "source-stalled %u %u %lld\n", frames, irqs,
			sent - w->sent0);
		exit(3);
	}
}

/* Owner #1's memory as the NIC sees it: ring pages and buffers. */
static void owner1_map(const struct nic_ops *nic, struct dma_area *a,
		       uint32_t *buf_pa, uint32_t *rx_pa, uint32_t *tx_pa)
{
	unsigned int i;
	uint64_t pa;
	size_t off;

	/* A forked child has no page table entries for shared memory yet. */
	for (off = 0; off < a->len; off += a->page)
		((volatile uint8_t *)a->base)[off] = 0;
	*rx_pa = phys_addr(a->rx_ring);
	*tx_pa = phys_addr(a->tx_ring);
	for (i = 0; i < a->ndesc; i++) {
		pa = phys_addr(a->bufs + (size_t)i * nic->buf_size);
		if (pa >> 32) {
			diag("error: buffer above 4 GiB");
			exit(2);
		}
		buf_pa[i] = pa;
	}
	memset(a->bufs, PATTERN, (size_t)a->ndesc * nic->buf_size);
	nic->ring_init(a->rx_ring, *rx_pa, a->ndesc, buf_pa);
}

/*
 * Owner #1: a driver that brings the device up and services it until it
 * is killed, reporting its stages on @wfd (see enum owner1_stage).
 */
static void __attribute__((noreturn))
owner1(const char *dev, const struct nic_ops *nic, struct dma_area *a,
       const struct owner1_opts *o, int wfd)
{
	bool reset_done = !o->device_reset;
	uint32_t buf_pa[MAX_DESC], rx_pa, tx_pa;
	unsigned int irqs = 0, frames = 0;
	struct frame_wait w;
	struct vfio_dev d;
	uint64_t bytes;
	int r;

	owner1_map(nic, a, buf_pa, &rx_pa, &tx_pa);
	r = open_handed_off(&d, dev, o->opener);
	if (r)
		owner1_fail(wfd, "open", -r);
	if (o->stage == OWNER1_OPENED) {
		dprintf(wfd, "opened\n");
		owner1_idle();
	}
	r = vdev_irq_enable(&d);
	if (r)
		owner1_fail(wfd, "irq", -r);
	if (o->stage == OWNER1_SETUP)
		dprintf(wfd, "setup\n");
	if (nic->start(&d, rx_pa, tx_pa))
		owner1_fail(wfd, "start", ETIMEDOUT);
	frame_wait_begin(&w, o->traffic_from);

	for (;;) {
		r = vdev_irq_wait(&d, 50);
		if (r < 0)
			owner1_fail(wfd, "irq wait", -r);
		if (r > 0) {
			irqs++;
			nic->irq_ack(&d);
			r = vdev_irq_unmask(&d);
			if (r)
				owner1_fail(wfd, "irq unmask", -r);
		}
		frames = frames_done(nic, a, &bytes);
		if (frames >= o->frames && !reset_done) {
			owner1_device_reset(&d, nic, a, buf_pa, rx_pa, tx_pa,
					    wfd);
			reset_done = true;
			frame_wait_begin(&w, o->traffic_from);
			continue;
		}
		if (frames >= o->frames)
			break;
		frame_wait_check(&w, frames, irqs, wfd);
	}
	dprintf(wfd, "ready %u %u\n", frames, irqs);
	if (o->stage == OWNER1_IOCTLS) {
		dprintf(wfd, "ioctls\n");
		owner1_ioctls(&d);
	}
	/* serve the device until killed */
	for (;;) {
		r = vdev_irq_wait(&d, 1000);
		if (r > 0) {
			nic->irq_ack(&d);
			vdev_irq_unmask(&d);
		}
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
	uint64_t end = now_ms() + OWNER1_HUNG_MS;
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
		/* never outlive the parent, whatever it was waiting for */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() == 1)
			_exit(4);
		owner1(dev, nic, a, o, p[1]);
	}
	close(p[1]);
	pfd.fd = p[0];
	pfd.events = POLLIN;
	/* its lines, up to the stage it is to be killed at, or its end */
	while (!owner1_line(lines, want) && got < len - 1) {
		if (now_ms() >= end) {
			snprintf(lines + got, len - got, "hung\n");
			break;
		}
		if (poll(&pfd, 1, end - now_ms()) != 1)
			continue;
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
/* until stop_traffic(): a day */
#define TRAFFIC_SECONDS "86400"

/* Where send-frames keeps its count of frames sent (--count). */
static char traffic_count[64];

pid_t start_traffic(const char *from)
{
	pid_t pid;

	if (!strcmp(from, "host"))
		return host_traffic(atoi(TRAFFIC_SECONDS)) ? -1 : HOST_TRAFFIC;
	snprintf(traffic_count, sizeof(traffic_count), "/tmp/sent.%d",
		 (int)getpid());
	pid = fork();
	if (pid == 0) {
		execlp("send-frames", "send-frames", "--dev", from,
		       "--rate", "50", "--seconds", TRAFFIC_SECONDS,
		       "--count", traffic_count, (char *)NULL);
		diag("error: exec send-frames: %s", strerror(errno));
		_exit(127);
	}
	return pid;
}

long long traffic_sent(const char *from)
{
	uint64_t n = 0, again = 1;
	int fd;

	if (!strcmp(from, "host") || !traffic_count[0])
		return -1;
	fd = open(traffic_count, O_RDONLY);
	if (fd < 0)
		return 0;	/* not started yet */
	/* a read may meet a write half done: twice the same, or again */
	while (n != again)
		if (pread(fd, &n, sizeof(n), 0) != sizeof(n) ||
		    pread(fd, &again, sizeof(again), 0) != sizeof(again))
			n = again = 0;
	close(fd);
	return n;
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
	unlink(traffic_count);
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
