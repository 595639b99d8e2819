// SPDX-License-Identifier: GPL-2.0
/*
 * Native-driver resets for devices that VFIO hands to userspace
 *
 * A device assigned to userspace through VFIO is bound to vfio-platform,
 * not to its own driver, yet its own driver is what knows how to stop its
 * DMA and silence its interrupts.  Such a driver registers a reset callback
 * here, for every device its match tables cover; VFIO looks the device up
 * when an owner lets it go and calls the callback, whether or not the
 * native driver is bound to anything.
 *
 * The table maps the device's first memory resource around each call, so
 * a callback needs neither its driver data nor a probe.  An entry is
 * pinned by its module reference and a count of running calls;
 * unregistering waits for the running calls to return.
 */

#include <linux/acpi.h>
#include <linux/device.h>
#include <linux/io.h>
#include <linux/limits.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/of.h>
#include <linux/platform_device.h>
#include <linux/property.h>
#include <linux/slab.h>
#include <linux/vfio_reset.h>
#include <linux/wait_bit.h>

struct vfio_reset_entry {
	struct list_head node;
	struct device_driver *drv;
	vfio_reset_fn reset;
	atomic_t running;
};

static LIST_HEAD(vfio_reset_table);
static DEFINE_MUTEX(vfio_reset_lock);

/*
 * How well @drv's match tables cover @dev: the position in the device's
 * compatible list of the first string the driver knows (0 is the most
 * specific), 0 for an ACPI ID match, -ENOENT if the driver does not cover
 * the device at all.
 */
static int vfio_reset_match(const struct device_driver *drv,
			    struct device *dev)
{
	const struct of_device_id *id;
	struct fwnode_handle *fwnode = dev_fwnode(dev);
	int best = -ENOENT;
	int pos;

	if (drv->acpi_match_table &&
	    acpi_match_device(drv->acpi_match_table, dev))
		return 0;

	if (!fwnode || !drv->of_match_table)
		return -ENOENT;

	for (id = drv->of_match_table;
	     id->name[0] || id->type[0] || id->compatible[0]; id++) {
		if (!id->compatible[0])
			continue;
		pos = fwnode_property_match_string(fwnode, "compatible",
						   id->compatible);
		if (pos >= 0 && (best < 0 || pos < best))
			best = pos;
	}
	return best;
}

/* The entry that covers @dev most specifically; the earliest on a tie. */
static struct vfio_reset_entry *vfio_reset_find(struct device *dev)
{
	struct vfio_reset_entry *e, *found = NULL;
	int score, best = INT_MAX;

	lockdep_assert_held(&vfio_reset_lock);

	list_for_each_entry(e, &vfio_reset_table, node) {
		score = vfio_reset_match(e->drv, dev);
		if (score >= 0 && score < best) {
			found = e;
			best = score;
		}
	}
	return found;
}

/**
 * vfio_reset_register - offer a driver's reset for devices it does not own
 * @drv: the native driver; its of_match_table and acpi_match_table say
 *	which devices @reset covers, and @drv->owner is pinned while it runs
 * @reset: the reset, see &typedef vfio_reset_fn
 *
 * Call it when the driver registers (module init), and undo it with
 * vfio_reset_unregister() before the driver goes away.
 *
 * Return: 0 on success, -EINVAL if @drv has no match table or @reset is
 * NULL, -EEXIST if @drv is registered already, -ENOMEM.
 */
int vfio_reset_register(struct device_driver *drv, vfio_reset_fn reset)
{
	struct vfio_reset_entry *e, *new;

	if (!drv || !reset || (!drv->of_match_table && !drv->acpi_match_table))
		return -EINVAL;

	new = kzalloc(sizeof(*new), GFP_KERNEL);
	if (!new)
		return -ENOMEM;
	new->drv = drv;
	new->reset = reset;
	atomic_set(&new->running, 0);

	mutex_lock(&vfio_reset_lock);
	list_for_each_entry(e, &vfio_reset_table, node) {
		if (e->drv == drv) {
			mutex_unlock(&vfio_reset_lock);
			kfree(new);
			return -EEXIST;
		}
	}
	list_add_tail(&new->node, &vfio_reset_table);
	mutex_unlock(&vfio_reset_lock);

	pr_debug("vfio_reset: %s registered\n", drv->name);
	return 0;
}
EXPORT_SYMBOL_GPL(vfio_reset_register);

/**
 * vfio_reset_unregister - withdraw a driver's reset
 * @drv: the driver given to vfio_reset_register()
 *
 * Waits for calls of the driver's reset that are running to return; no
 * new call starts once this is entered.  Sleeps.
 */
void vfio_reset_unregister(struct device_driver *drv)
{
	struct vfio_reset_entry *e, *found = NULL;

	mutex_lock(&vfio_reset_lock);
	list_for_each_entry(e, &vfio_reset_table, node) {
		if (e->drv == drv) {
			found = e;
			list_del(&e->node);
			break;
		}
	}
	mutex_unlock(&vfio_reset_lock);

	if (!found) {
		pr_warn("vfio_reset: %s was not registered\n", drv->name);
		return;
	}
	wait_var_event(&found->running, !atomic_read(&found->running));
	kfree(found);
}
EXPORT_SYMBOL_GPL(vfio_reset_unregister);

/**
 * vfio_reset_available - is a native reset registered for a device?
 * @dev: the device
 *
 * Return: true if a registered driver covers @dev.
 */
bool vfio_reset_available(struct device *dev)
{
	bool found;

	mutex_lock(&vfio_reset_lock);
	found = vfio_reset_find(dev);
	mutex_unlock(&vfio_reset_lock);
	return found;
}
EXPORT_SYMBOL_GPL(vfio_reset_available);

/**
 * vfio_reset_device - reset a device with its native driver's callback
 * @dev: the device, whoever it is bound to
 * @by: where to copy the name of the driver whose reset ran, or NULL
 * @by_len: size of @by
 *
 * Picks the registered driver whose match table names the most specific
 * of the device's compatible strings, pins its module, maps the device's
 * first memory resource and calls the driver's reset.  Sleeps.
 *
 * Return: what the reset returned, -ENOTTY if no registered driver covers
 * @dev (or its module is going away), -ENOMEM if the registers could not
 * be mapped.
 */
int vfio_reset_device(struct device *dev, char *by, size_t by_len)
{
	struct vfio_reset_entry *e;
	struct module *owner = NULL;
	struct resource *res = NULL;
	void __iomem *base = NULL;
	int ret;

	mutex_lock(&vfio_reset_lock);
	e = vfio_reset_find(dev);
	if (e && try_module_get(e->drv->owner)) {
		owner = e->drv->owner;
		atomic_inc(&e->running);
		if (by)
			strscpy(by, e->drv->name, by_len);
	} else {
		e = NULL;
	}
	mutex_unlock(&vfio_reset_lock);
	if (!e)
		return -ENOTTY;

	if (dev_is_platform(dev))
		res = platform_get_resource(to_platform_device(dev),
					    IORESOURCE_MEM, 0);
	if (res)
		base = ioremap(res->start, resource_size(res));

	if (res && !base)
		ret = -ENOMEM;
	else
		ret = e->reset(dev, base);

	if (base)
		iounmap(base);

	/* @e may be freed as soon as the count drops: touch it no more. */
	if (atomic_dec_and_test(&e->running))
		wake_up_var(&e->running);
	module_put(owner);
	return ret;
}
EXPORT_SYMBOL_GPL(vfio_reset_device);
