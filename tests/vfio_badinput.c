// SPDX-License-Identifier: GPL-2.0
/*
 * vfio-badinput: bad arguments to the VFIO device fd of a platform device,
 * each answered with the error VFIO documents and nothing lost, then a
 * bounded loop of random ioctls, then a handover that must still be clean.
 *
 *   vfio-badinput DEV [--fuzz N] [--seed S] [--traffic-from DEV2|host]
 *
 * Output is KTAP; the exit status is 0 only if every check passed.
 */
/* mmap offsets name the region in their top bits: 64-bit offsets */
#define _FILE_OFFSET_BITS 64

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <linux/vfio.h>

#include "owner.h"

/* An ioctl that must fail with @want: one KTAP result saying what it got. */
static void expect_errno(int ret, int want, const char *what)
{
	int got = ret ? errno : 0;

	check(ret == -1 && got == want, "%s: %s (got %s)", what,
	      strerror(want), ret ? strerror(got) : "success");
}

/* A SET_IRQS header with @n eventfds after it. */
struct irq_set_fds {
	struct vfio_irq_set set;
	int32_t fd[4];
};

static int set_irqs(int fd, uint32_t argsz, uint32_t flags, uint32_t index,
		    uint32_t start, uint32_t count, int32_t efd)
{
	struct irq_set_fds s;

	memset(&s, 0, sizeof(s));
	s.set.argsz = argsz;
	s.set.flags = flags;
	s.set.index = index;
	s.set.start = start;
	s.set.count = count;
	s.fd[0] = s.fd[1] = s.fd[2] = s.fd[3] = efd;
	return ioctl(fd, VFIO_DEVICE_SET_IRQS, &s);
}

/* vfio-platform's region offsets: the index above this bit */
#define VFIO_PLATFORM_OFFSET_SHIFT	40

#define TRIGGER_EFD	(VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER)
#define SET_ARGSZ(n)	((uint32_t)(sizeof(struct vfio_irq_set) + (n) * 4))

/* The INFO ioctls with a truncated argsz or an index past the last. */
static void bad_info_args(struct vfio_dev *d)
{
	struct vfio_device_info di;
	struct vfio_region_info ri;
	struct vfio_irq_info ii;

	memset(&di, 0, sizeof(di));
	di.argsz = 4;
	expect_errno(ioctl(d->fd, VFIO_DEVICE_GET_INFO, &di), EINVAL,
		     "GET_INFO with argsz truncated to 4");

	memset(&ri, 0, sizeof(ri));
	ri.argsz = sizeof(ri);
	ri.index = d->num_regions;
	expect_errno(ioctl(d->fd, VFIO_DEVICE_GET_REGION_INFO, &ri), EINVAL,
		     "GET_REGION_INFO of the region past the last");
	ri.index = 0xffffffff;
	expect_errno(ioctl(d->fd, VFIO_DEVICE_GET_REGION_INFO, &ri), EINVAL,
		     "GET_REGION_INFO of region 0xffffffff");
	ri.index = 0;
	ri.argsz = 8;
	expect_errno(ioctl(d->fd, VFIO_DEVICE_GET_REGION_INFO, &ri), EINVAL,
		     "GET_REGION_INFO with argsz truncated to 8");

	memset(&ii, 0, sizeof(ii));
	ii.argsz = sizeof(ii);
	ii.index = d->num_irqs;
	expect_errno(ioctl(d->fd, VFIO_DEVICE_GET_IRQ_INFO, &ii), EINVAL,
		     "GET_IRQ_INFO of the IRQ past the last");
	ii.index = 0;
	ii.argsz = 8;
	expect_errno(ioctl(d->fd, VFIO_DEVICE_GET_IRQ_INFO, &ii), EINVAL,
		     "GET_IRQ_INFO with argsz truncated to 8");
}

/* SET_IRQS with every kind of bad argument, EFD a valid eventfd. */
static void bad_set_irqs(struct vfio_dev *d, int efd)
{
	expect_errno(set_irqs(d->fd, 8, TRIGGER_EFD, 0, 0, 1, efd), EINVAL,
		     "SET_IRQS with argsz truncated to 8");
	expect_errno(set_irqs(d->fd, SET_ARGSZ(0), TRIGGER_EFD, 0, 0, 1, efd),
		     EINVAL, "SET_IRQS of one eventfd with no room for it");
	expect_errno(set_irqs(d->fd, SET_ARGSZ(1), TRIGGER_EFD, d->num_irqs,
			      0, 1, efd),
		     EINVAL, "SET_IRQS of the IRQ index past the last");
	expect_errno(set_irqs(d->fd, SET_ARGSZ(4), TRIGGER_EFD, 0, 0, 4, efd),
		     EINVAL, "SET_IRQS of 4 vectors of a one-vector IRQ");
	expect_errno(set_irqs(d->fd, SET_ARGSZ(1), TRIGGER_EFD, 0, 1, 1, efd),
		     EINVAL, "SET_IRQS starting past the last vector");
	expect_errno(set_irqs(d->fd, SET_ARGSZ(1), TRIGGER_EFD, 0, 0xffffffff,
			      2, efd),
		     EINVAL, "SET_IRQS whose start + count wraps around");
	expect_errno(set_irqs(d->fd, SET_ARGSZ(1),
			      VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_DATA_BOOL |
			      VFIO_IRQ_SET_ACTION_TRIGGER, 0, 0, 1, efd),
		     EINVAL, "SET_IRQS with two data types");
	/*
	 * vfio's common check (vfio_set_irqs_validate_and_prepare()) does not
	 * count the action bits; vfio-platform answers a combination it has
	 * no handler for with ENOTTY
	 */
	expect_errno(set_irqs(d->fd, SET_ARGSZ(1),
			      VFIO_IRQ_SET_DATA_NONE |
			      VFIO_IRQ_SET_ACTION_MASK |
			      VFIO_IRQ_SET_ACTION_UNMASK, 0, 0, 1, efd),
		     ENOTTY, "SET_IRQS with two actions");
	expect_errno(set_irqs(d->fd, SET_ARGSZ(1), TRIGGER_EFD | (1u << 31),
			      0, 0, 1, efd),
		     EINVAL, "SET_IRQS with an unknown flag");
	expect_errno(set_irqs(d->fd, SET_ARGSZ(1), TRIGGER_EFD, 0, 0, 1,
			      d->fd),
		     EINVAL, "SET_IRQS trigger on a file that is no eventfd");
	expect_errno(set_irqs(d->fd, SET_ARGSZ(1), TRIGGER_EFD, 0, 0, 1,
			      1000),
		     EBADF, "SET_IRQS trigger on a file descriptor not open");
}

/* mmap past region 0 and of a region that does not exist. */
static void bad_mmaps(struct vfio_dev *d)
{
	void *p;

	p = mmap(NULL, d->regs_size * 2, PROT_READ | PROT_WRITE, MAP_SHARED,
		 d->fd, 0);
	expect_errno(p == MAP_FAILED ? -1 : 0, EINVAL,
		     "mmap of twice region 0's size");
	if (p != MAP_FAILED)
		munmap(p, d->regs_size * 2);
	/*
	 * Region N starts at N << 40: past 4 GiB, which a 32-bit kernel lets
	 * no mapping of this kind of file reach (EOVERFLOW); a 64-bit one
	 * gets to vfio-platform, which has no such region (EINVAL)
	 */
	p = mmap(NULL, d->regs_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		 d->fd, (off_t)d->num_regions << VFIO_PLATFORM_OFFSET_SHIFT);
	expect_errno(p == MAP_FAILED ? -1 : 0,
		     sizeof(long) == 4 ? EOVERFLOW : EINVAL,
		     "mmap of the region past the last");
	if (p != MAP_FAILED)
		munmap(p, d->regs_size);
}

static void bad_arguments(struct vfio_dev *d)
{
	struct vfio_device_info di;
	int efd = eventfd(0, EFD_CLOEXEC);

	bad_info_args(d);
	bad_set_irqs(d, efd);
	expect_errno(ioctl(d->fd, _IO(VFIO_TYPE, VFIO_BASE + 60)), ENOTTY,
		     "an ioctl VFIO does not have");

	bad_mmaps(d);

	memset(&di, 0, sizeof(di));
	di.argsz = sizeof(di);
	check(!ioctl(d->fd, VFIO_DEVICE_GET_INFO, &di) &&
	      di.num_regions == d->num_regions && di.num_irqs == d->num_irqs,
	      "afterwards GET_INFO still answers, unchanged (%u regions, %u IRQs)",
	      di.num_regions, di.num_irqs);
	if (efd >= 0)
		close(efd);
}

/* Random ioctls on the device fd, @n of them; counts of what they got. */
static void fuzz(struct vfio_dev *d, unsigned int n)
{
	static const unsigned long cmds[] = {
		VFIO_DEVICE_GET_INFO, VFIO_DEVICE_GET_REGION_INFO,
		VFIO_DEVICE_GET_IRQ_INFO, VFIO_DEVICE_SET_IRQS,
		VFIO_DEVICE_RESET,
	};
	unsigned int i, ok = 0, einval = 0, other = 0, resets = 0;
	uint32_t buf[64];
	unsigned long cmd;
	uint64_t t0 = now_ms();
	int efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	size_t j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < sizeof(buf) / sizeof(buf[0]); j++)
			buf[j] = (uint32_t)rand() ^ ((uint32_t)rand() << 16);
		if (rand() % 8)
			cmd = cmds[rand() % (sizeof(cmds) / sizeof(cmds[0]))];
		else
			cmd = _IO(VFIO_TYPE, VFIO_BASE + rand() % 64);
		/* mostly plausible headers, so the checks past them run */
		if (rand() % 4) {
			buf[0] = rand() % 2 ? rand() % 64 : rand() % 300;
			buf[2] = rand() % (d->num_irqs + 2);
			if (cmd == VFIO_DEVICE_SET_IRQS) {
				buf[1] = 1u << (rand() % 6) |
					 1u << (5 + rand() % 4);
				buf[3] = rand() % 3;
				buf[4] = rand() % 3;
				buf[5] = rand() % 2 ? efd : rand() % 12 - 1;
			}
		}
		if (cmd == VFIO_DEVICE_RESET)
			resets++;
		if (!ioctl(d->fd, cmd, buf))
			ok++;
		else if (errno == EINVAL)
			einval++;
		else
			other++;
	}
	/* leave no eventfd behind */
	set_irqs(d->fd, SET_ARGSZ(0),
		 VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_TRIGGER, 0, 0, 0,
		 -1);
	if (efd >= 0)
		close(efd);
	diag("fuzz: %u random ioctls in %llu ms: %u succeeded, %u EINVAL, %u other errors; %u were VFIO_DEVICE_RESET",
	     n, (unsigned long long)(now_ms() - t0), ok, einval, other,
	     resets);
	check(true, "%u random ioctls on the device fd, and the kernel is still up",
	      n);
}

/* After it all: an owner killed with DMA running, the next finds it quiet. */
static void handover(const char *dev, const char *traffic_from)
{
	const struct nic_ops *nic = nic_for_device(dev);
	struct owner1_opts o = { .stage = OWNER1_RUNNING, .frames = 2 };
	struct nic_state st;
	struct vfio_dev d;
	struct dma_area a;
	char lines[256];
	pid_t tpid = 0;
	bool ran;

	if (!nic || dma_area_alloc(&a, nic)) {
		check(false, "a handover afterwards: setup failed");
		return;
	}
	if (traffic_from)
		tpid = start_traffic(traffic_from);
	o.traffic_from = traffic_from;
	owner1_run_and_kill(dev, nic, &a, &o, lines, sizeof(lines));
	ran = owner1_line(lines, "ready");
	if (vdev_open(&d, dev)) {
		check(false, "a handover afterwards: the next owner cannot open it");
		stop_traffic(tpid);
		return;
	}
	nic->observe(&d, &st);
	nic->stop(&d);
	vdev_close(&d);
	stop_traffic(tpid);
	check(ran && !st.irq_status && !st.irq_enable && !st.rx_dma &&
	      !st.tx_dma && !st.mac_rx && !st.mac_tx,
	      "afterwards an owner killed with DMA running hands it over quiet (owner ran: %s; status 0x%x, enabled 0x%x, DMA rx %d tx %d, MAC rx %d tx %d)",
	      ran ? "yes" : "no", st.irq_status, st.irq_enable, st.rx_dma,
	      st.tx_dma, st.mac_rx, st.mac_tx);
}

static void __attribute__((noreturn)) usage(void)
{
	fprintf(stderr,
		"usage: vfio-badinput DEV [--fuzz N] [--seed S] [--traffic-from DEV2|host]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *traffic_from = NULL;
	unsigned int n = 2000, seed = getpid();
	struct vfio_dev d;
	int i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 2 || argv[1][0] == '-')
		usage();
	for (i = 2; i < argc; i++) {
		if (i + 1 >= argc)
			usage();
		if (!strcmp(argv[i], "--fuzz"))
			n = strtoul(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--seed"))
			seed = strtoul(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--traffic-from"))
			traffic_from = argv[++i];
		else
			usage();
	}
	printf("KTAP version 1\n1..23\n");
	diag("bad input: %s, then %u random ioctls (seed %u)", argv[1], n,
	     seed);
	srand(seed);
	if (vdev_open(&d, argv[1])) {
		printf("Bail out! cannot open %s\n", argv[1]);
		return 1;
	}
	bad_arguments(&d);
	fuzz(&d, n);
	vdev_close(&d);
	handover(argv[1], traffic_from);
	return nfail ? 1 : 0;
}
