/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Native-driver resets for devices that VFIO hands to userspace.
 *
 * See Documentation/driver-api/vfio-native-reset.rst.
 */
#ifndef _LINUX_VFIO_RESET_H
#define _LINUX_VFIO_RESET_H

#include <linux/errno.h>
#include <linux/types.h>

struct device;
struct device_driver;

/**
 * typedef vfio_reset_fn - quiesce a device that its driver does not own
 * @dev: the device; bound to another driver (vfio-platform) or to none,
 *	so its driver data is not the callback's
 * @base: the device's first memory resource, mapped for this call only,
 *	or NULL if the device has none
 *
 * Called in process context, with no lock of the table held; may sleep,
 * must finish in bounded time.  On return the device must raise no
 * interrupt and do no DMA until it is programmed again.
 *
 * Return: 0 on success, a negative errno if the device could not be reset.
 */
typedef int (*vfio_reset_fn)(struct device *dev, void __iomem *base);

#ifdef CONFIG_VFIO_NATIVE_RESET

int vfio_reset_register(struct device_driver *drv, vfio_reset_fn reset);
void vfio_reset_unregister(struct device_driver *drv);
bool vfio_reset_available(struct device *dev);
int vfio_reset_device(struct device *dev, char *by, size_t by_len);

#else

static inline int vfio_reset_register(struct device_driver *drv,
				      vfio_reset_fn reset)
{
	return 0;
}

static inline void vfio_reset_unregister(struct device_driver *drv)
{
}

static inline bool vfio_reset_available(struct device *dev)
{
	return false;
}

static inline int vfio_reset_device(struct device *dev, char *by,
				    size_t by_len)
{
	return -ENOTTY;
}

#endif /* CONFIG_VFIO_NATIVE_RESET */

#endif /* _LINUX_VFIO_RESET_H */
