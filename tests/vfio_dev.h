/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Minimal userspace access to a VFIO platform device in no-IOMMU mode:
 * group, container, device fd, register mmap and one IRQ as an eventfd.
 */
#ifndef VFIO_DEV_H
#define VFIO_DEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct vfio_dev {
	char name[64];
	int container;
	int group;
	int fd;
	uint32_t flags;			/* VFIO_DEVICE_FLAGS_* */
	uint32_t num_regions;
	uint32_t num_irqs;
	volatile uint32_t *regs;	/* region 0, mmapped */
	size_t regs_size;
	int irq_efd;			/* eventfd of IRQ 0, or -1 */
	uint32_t irq_flags;		/* VFIO_IRQ_INFO_* of IRQ 0 */
};

/*
 * Open @name (a platform device bound to vfio-platform); 0 or -errno, with
 * nothing left open on failure.
 */
int vdev_open(struct vfio_dev *d, const char *name);
/* Set: failures are not printed (a process that expects to be refused). */
extern bool vdev_quiet;
void vdev_close(struct vfio_dev *d);

/* Route IRQ 0 to a new eventfd; 0 or -errno. */
int vdev_irq_enable(struct vfio_dev *d);
int vdev_irq_disable(struct vfio_dev *d);
int vdev_irq_unmask(struct vfio_dev *d);
/* Wait up to @timeout_ms for IRQ 0: 1 if it fired, 0 on timeout, -errno. */
int vdev_irq_wait(struct vfio_dev *d, int timeout_ms);

/* Physical address of @va (mapped, and this process must be root). */
uint64_t phys_addr(const void *va);

static inline uint32_t reg_rd(const struct vfio_dev *d, uint32_t off)
{
	return d->regs[off / 4];
}

static inline void reg_wr(const struct vfio_dev *d, uint32_t off, uint32_t v)
{
	d->regs[off / 4] = v;
}

/* Diagnostics go to stdout as KTAP comment lines. */
void diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

uint64_t now_ms(void);

/* Wait up to @ms for @bits of register @off to clear: 0, or -ETIMEDOUT. */
int reg_wait_clear(const struct vfio_dev *d, uint32_t off, uint32_t bits,
		   unsigned int ms);

#endif
