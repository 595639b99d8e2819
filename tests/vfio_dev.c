// SPDX-License-Identifier: GPL-2.0
/*
 * Minimal userspace access to a VFIO platform device in no-IOMMU mode.
 * Every failure says which step failed and why; nothing is retried.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <linux/vfio.h>

#include "vfio_dev.h"

void diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	fflush(stdout);
}

uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int reg_wait_clear(const struct vfio_dev *d, uint32_t off, uint32_t bits,
		   unsigned int ms)
{
	uint64_t until = now_ms() + ms;

	while (reg_rd(d, off) & bits) {
		if (now_ms() > until)
			return -ETIMEDOUT;
		usleep(100);
	}
	return 0;
}

bool vdev_quiet;

static int fail(const struct vfio_dev *d, const char *step, int err)
{
	if (!vdev_quiet)
		diag("error: %s: %s: %s", d->name, step, strerror(err));
	return -err;
}

static int group_path(const char *name, char *path, size_t len)
{
	char link[PATH_MAX], target[PATH_MAX];
	ssize_t n;

	snprintf(link, sizeof(link), "/sys/bus/platform/devices/%s/iommu_group",
		 name);
	n = readlink(link, target, sizeof(target) - 1);
	if (n < 0)
		return -errno;
	target[n] = '\0';
	/* In no-IOMMU mode VFIO names the group node noiommu-N. */
	snprintf(path, len, "/dev/vfio/noiommu-%s", basename(target));
	if (access(path, F_OK) == 0)
		return 0;
	snprintf(path, len, "/dev/vfio/%s", basename(target));
	return access(path, F_OK) == 0 ? 0 : -ENOENT;
}

static int vdev_open_steps(struct vfio_dev *d, const char *name)
{
	struct vfio_group_status gs = { .argsz = sizeof(gs) };
	struct vfio_device_info di = { .argsz = sizeof(di) };
	struct vfio_region_info ri = { .argsz = sizeof(ri), .index = 0 };
	struct vfio_irq_info ii = { .argsz = sizeof(ii), .index = 0 };
	char gpath[PATH_MAX];
	void *p;
	int ret;

	memset(d, 0, sizeof(*d));
	snprintf(d->name, sizeof(d->name), "%s", name);
	d->container = d->group = d->fd = d->irq_efd = -1;

	ret = group_path(name, gpath, sizeof(gpath));
	if (ret) {
		if (!vdev_quiet)
			diag("error: %s: no VFIO group (is it bound to vfio-platform? try vfio-bind %s)",
			     name, name);
		return ret;
	}

	d->container = open("/dev/vfio/vfio", O_RDWR);
	if (d->container < 0)
		return fail(d, "open /dev/vfio/vfio", errno);
	if (ioctl(d->container, VFIO_GET_API_VERSION) != VFIO_API_VERSION)
		return fail(d, "VFIO API version", EPROTO);
	if (ioctl(d->container, VFIO_CHECK_EXTENSION, VFIO_NOIOMMU_IOMMU) <= 0) {
		diag("error: %s: no-IOMMU mode is off (load vfio with enable_unsafe_noiommu_mode=1)",
		     name);
		return -ENOTSUP;
	}

	d->group = open(gpath, O_RDWR);
	if (d->group < 0)
		return fail(d, gpath, errno);
	if (ioctl(d->group, VFIO_GROUP_GET_STATUS, &gs))
		return fail(d, "VFIO_GROUP_GET_STATUS", errno);
	if (!(gs.flags & VFIO_GROUP_FLAGS_VIABLE))
		return fail(d, "group is not viable", EBUSY);
	if (ioctl(d->group, VFIO_GROUP_SET_CONTAINER, &d->container))
		return fail(d, "VFIO_GROUP_SET_CONTAINER", errno);
	if (ioctl(d->container, VFIO_SET_IOMMU, VFIO_NOIOMMU_IOMMU))
		return fail(d, "VFIO_SET_IOMMU(no-IOMMU)", errno);

	d->fd = ioctl(d->group, VFIO_GROUP_GET_DEVICE_FD, name);
	if (d->fd < 0)
		return fail(d, "VFIO_GROUP_GET_DEVICE_FD", errno);
	if (ioctl(d->fd, VFIO_DEVICE_GET_INFO, &di))
		return fail(d, "VFIO_DEVICE_GET_INFO", errno);
	d->flags = di.flags;
	d->num_regions = di.num_regions;
	d->num_irqs = di.num_irqs;
	if (!(di.flags & VFIO_DEVICE_FLAGS_PLATFORM) || !di.num_regions ||
	    !di.num_irqs)
		return fail(d, "not a platform device with registers and an IRQ",
			    ENODEV);

	if (ioctl(d->fd, VFIO_DEVICE_GET_REGION_INFO, &ri))
		return fail(d, "VFIO_DEVICE_GET_REGION_INFO(0)", errno);
	if (!(ri.flags & VFIO_REGION_INFO_FLAG_MMAP))
		return fail(d, "region 0 cannot be mmapped", ENOTSUP);
	p = mmap(NULL, ri.size, PROT_READ | PROT_WRITE, MAP_SHARED, d->fd,
		 ri.offset);
	if (p == MAP_FAILED)
		return fail(d, "mmap region 0", errno);
	d->regs = p;
	d->regs_size = ri.size;

	if (ioctl(d->fd, VFIO_DEVICE_GET_IRQ_INFO, &ii))
		return fail(d, "VFIO_DEVICE_GET_IRQ_INFO(0)", errno);
	if (!(ii.flags & VFIO_IRQ_INFO_EVENTFD))
		return fail(d, "IRQ 0 cannot signal an eventfd", ENOTSUP);
	d->irq_flags = ii.flags;
	return 0;
}

/* A failed open closes what it opened: nothing is left behind. */
int vdev_open(struct vfio_dev *d, const char *name)
{
	int ret = vdev_open_steps(d, name);

	if (ret)
		vdev_close(d);
	return ret;
}

void vdev_close(struct vfio_dev *d)
{
	if (d->irq_efd >= 0) {
		vdev_irq_disable(d);
		close(d->irq_efd);
	}
	if (d->regs)
		munmap((void *)d->regs, d->regs_size);
	if (d->fd >= 0)
		close(d->fd);
	if (d->group >= 0)
		close(d->group);
	if (d->container >= 0)
		close(d->container);
	memset(d, 0, sizeof(*d));
	d->container = d->group = d->fd = d->irq_efd = -1;
}

static int set_irqs(struct vfio_dev *d, uint32_t flags, uint32_t count,
		    int32_t efd)
{
	struct {
		struct vfio_irq_set set;
		int32_t fd;
	} s = {
		.set = {
			.argsz = sizeof(s.set) + (count ? sizeof(int32_t) : 0),
			.flags = flags,
			.index = 0,
			.start = 0,
			.count = count,
		},
		.fd = efd,
	};

	return ioctl(d->fd, VFIO_DEVICE_SET_IRQS, &s) ? -errno : 0;
}

int vdev_irq_enable(struct vfio_dev *d)
{
	int ret;

	d->irq_efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (d->irq_efd < 0)
		return fail(d, "eventfd", errno);
	ret = set_irqs(d, VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER,
		       1, d->irq_efd);
	if (ret)
		return fail(d, "VFIO_DEVICE_SET_IRQS(trigger)", -ret);
	return 0;
}

int vdev_irq_disable(struct vfio_dev *d)
{
	int ret = set_irqs(d, VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_TRIGGER,
			   0, -1);

	return ret ? fail(d, "VFIO_DEVICE_SET_IRQS(off)", -ret) : 0;
}

int vdev_irq_unmask(struct vfio_dev *d)
{
	int ret;

	if (!(d->irq_flags & VFIO_IRQ_INFO_AUTOMASKED))
		return 0;
	ret = set_irqs(d, VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_UNMASK,
		       1, -1);
	if (ret)
		return fail(d, "VFIO_DEVICE_SET_IRQS(unmask)", -ret);
	return 0;
}

int vdev_irq_wait(struct vfio_dev *d, int timeout_ms)
{
	struct pollfd pfd = { .fd = d->irq_efd, .events = POLLIN };
	uint64_t n;
	int ret;

	ret = poll(&pfd, 1, timeout_ms);
	if (ret < 0)
		return errno == EINTR ? 0 : fail(d, "poll eventfd", errno);
	if (ret == 0)
		return 0;
	if (read(d->irq_efd, &n, sizeof(n)) != sizeof(n))
		return errno == EAGAIN ? 0 : fail(d, "read eventfd", errno);
	return 1;
}

uint64_t phys_addr(const void *va)
{
	long page = sysconf(_SC_PAGESIZE);
	uint64_t entry = 0;
	int fd;

	fd = open("/proc/self/pagemap", O_RDONLY);
	if (fd < 0 ||
	    pread(fd, &entry, sizeof(entry),
		  (uintptr_t)va / page * sizeof(entry)) != sizeof(entry)) {
		diag("error: /proc/self/pagemap: %s", strerror(errno));
		exit(2);
	}
	close(fd);
	/* Bit 63: present; bits 0-54: PFN (zero without CAP_SYS_ADMIN). */
	if (!(entry >> 63) || !(entry & ((1ULL << 55) - 1))) {
		diag("error: no physical address for %p (page not present, or not root)",
		     va);
		exit(2);
	}
	return (entry & ((1ULL << 55) - 1)) * page + (uintptr_t)va % page;
}
