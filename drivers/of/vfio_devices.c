// SPDX-License-Identifier: GPL-2.0
/*
 * Devices that firmware hands to VFIO: /chosen's linux,vfio-devices.
 *
 * The property lists, by node path or alias as stdout-path names its
 * device, the devices that belong to userspace or a guest rather than to
 * this kernel.  Each device an entry names is given the VFIO driver of its
 * bus as its driver_override before it is added, so its native driver
 * never probes it.  The list fails closed: a device that an entry
 * identifies is kept from its native driver even when the entry is
 * malformed or the VFIO driver is not built, and a device that cannot be
 * given the override is not created.  See "Assigning a device in the
 * device tree" in Documentation/driver-api/platform-quiesce.rst.
 */

#define pr_fmt(fmt)	"OF: " fmt

#include <linux/amba/bus.h>
#include <linux/ctype.h>
#include <linux/device.h>
#include <linux/err.h>
#include <linux/init.h>
#include <linux/of.h>
#include <linux/of_platform.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "of_private.h"

#define OF_VFIO_DEVICES		"linux,vfio-devices"

/**
 * struct of_vfio_entry - one entry of /chosen's linux,vfio-devices
 * @index: its position in the list, from 0
 * @offset: the offset of its first byte in the property
 * @text: the entry, or NULL if it is not a string: unterminated, or with
 *	  a byte that is not printable ASCII
 * @np: the node it identifies (a reference), or NULL
 * @flaw: why the entry is malformed although it identifies @np, or NULL
 */
struct of_vfio_entry {
	unsigned int index;
	size_t offset;
	const char *text;
	struct device_node *np;
	const char *flaw;
};

/* Device-tree strings are printable ASCII. */
static bool of_vfio_printable(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!isascii(s[i]) || !isprint(s[i]))
			return false;
	return true;
}

/*
 * Find the node @e->text names, as of_find_node_opts_by_path() does for
 * stdout-path.  Two malformed forms still identify a node: options after
 * a ':' (which mean nothing in this list), and a path with a trailing '/'.
 * Return: 0, or -ENOMEM if the entry could not be looked up.
 */
static int of_vfio_resolve(struct of_vfio_entry *e)
{
	size_t len = strlen(e->text), n = len;
	const char *opts;
	char *path;

	e->np = of_find_node_opts_by_path(e->text, &opts);
	if (e->np) {
		if (opts)
			e->flaw = "options after ':' are not allowed";
		return 0;
	}

	while (n > 1 && e->text[n - 1] == '/')
		n--;
	if (n == len)
		return 0;
	path = kstrndup(e->text, n, GFP_KERNEL);
	if (!path)
		return -ENOMEM;
	e->np = of_find_node_opts_by_path(path, &opts);
	if (e->np)
		e->flaw = opts ? "options after ':' are not allowed" :
				 "a path does not end in '/'";
	kfree(path);
	return 0;
}

/*
 * Read the entry at *@pos of @prop into @e and move *@pos past it.
 * Return: false at the end of the list, true otherwise.
 */
static bool of_vfio_next(const struct property *prop, size_t *pos,
			 struct of_vfio_entry *e)
{
	const char *val = prop->value;
	const char *nul;

	if (*pos >= prop->length)
		return false;

	e->offset = *pos;
	e->np = NULL;
	e->flaw = NULL;
	nul = memchr(val + *pos, '\0', prop->length - *pos);
	if (nul && of_vfio_printable(val + *pos, nul - (val + *pos)))
		e->text = val + *pos;
	else
		e->text = NULL;
	*pos = nul ? nul - val + 1 : prop->length;
	return true;
}

/*
 * Find the first entry of @prop that identifies @np.  On success @e holds
 * it, with a reference to @np the caller must put.
 * Return: 1 if found, 0 if not, -ENOMEM if an entry could not be looked up.
 */
static int of_vfio_find(const struct property *prop, struct device_node *np,
			struct of_vfio_entry *e)
{
	size_t pos = 0;
	int ret;

	for (e->index = 0; of_vfio_next(prop, &pos, e); e->index++) {
		if (!e->text || !*e->text)
			continue;
		ret = of_vfio_resolve(e);
		if (ret)
			return ret;
		if (e->np == np)
			return 1;
		of_node_put(e->np);
	}
	return 0;
}

static struct property *of_vfio_devices_prop(void)
{
	return of_chosen ? of_find_property(of_chosen, OF_VFIO_DEVICES, NULL) :
			   NULL;
}

/**
 * of_vfio_device_assign() - give a device /chosen lists to its VFIO driver
 * @dev: a device being created for a device-tree node, not yet added
 * @vfio_driver: the VFIO driver of @dev's bus ("vfio-platform", "vfio-amba")
 * @built: whether @vfio_driver is built in this kernel
 *
 * If an entry of /chosen's linux,vfio-devices identifies @dev's node, set
 * @vfio_driver as @dev's driver_override, so that no other driver ever
 * binds it; also when the entry is malformed or @vfio_driver is not built
 * (then @dev stays without a driver).  Each of these is logged once, when
 * the device is created, naming the entry.
 *
 * Return: 0 if @dev is not listed or now has the override; a negative
 * errno if it is listed and could not be given it: the caller must not
 * add @dev then, so that its native driver cannot drive it.
 */
int of_vfio_device_assign(struct device *dev, const char *vfio_driver,
			  bool built)
{
	struct property *prop = of_vfio_devices_prop();
	struct device_node *np = dev->of_node;
	struct of_vfio_entry e;
	int ret;

	if (!prop || !np)
		return 0;

	ret = of_vfio_find(prop, np, &e);
	if (ret <= 0) {
		if (ret)
			pr_err("%pOF: cannot read /chosen/%s (%pe): the device is not created\n",
			       np, OF_VFIO_DEVICES, ERR_PTR(ret));
		return ret;
	}
	of_node_put(e.np);

	ret = of_vfio_set_override(dev, vfio_driver);
	if (ret) {
		pr_err("%pOF: /chosen/%s entry %u \"%s\": cannot set driver_override (%pe): the device is not created\n",
		       np, OF_VFIO_DEVICES, e.index, e.text, ERR_PTR(ret));
		return ret;
	}

	if (e.flaw)
		pr_err("%pOF: /chosen/%s entry %u \"%s\" is malformed (%s): assigned to %s all the same\n",
		       np, OF_VFIO_DEVICES, e.index, e.text, e.flaw,
		       vfio_driver);
	else
		pr_info("%pOF: assigned to %s by /chosen/%s entry %u\n", np,
			vfio_driver, OF_VFIO_DEVICES, e.index);
	if (!built)
		pr_err("%pOF: /chosen/%s entry %u: %s is not built in this kernel: the device stays without a driver\n",
		       np, OF_VFIO_DEVICES, e.index, vfio_driver);
	return 0;
}

/*
 * The device created for @np, if it is a platform or AMBA device, and in
 * *@vfio_driver the VFIO driver of its bus.
 */
static struct device *of_vfio_find_device(struct device_node *np,
					  const char **vfio_driver)
{
	struct platform_device *pdev = of_find_device_by_node(np);

	if (pdev) {
		*vfio_driver = "vfio-platform";
		return &pdev->dev;
	}
#ifdef CONFIG_ARM_AMBA
	*vfio_driver = "vfio-amba";
	return bus_find_device_by_of_node(&amba_bustype, np);
#else
	return NULL;
#endif
}

/*
 * Say what is wrong with an entry that identifies a node: a disabled node,
 * a node another entry names first, or one whose device was created
 * without the override (not a platform or AMBA device, or created before
 * the list named it).  A node with no device yet is assigned when one is.
 */
static void of_vfio_check_node(const struct property *prop,
			       const struct of_vfio_entry *e)
{
	struct of_vfio_entry first;
	const char *vfio_driver;
	struct device *dev;

	if (!of_device_is_available(e->np)) {
		pr_err("/chosen/%s entry %u \"%s\" names %pOF, which is disabled: no device to assign\n",
		       OF_VFIO_DEVICES, e->index, e->text, e->np);
		return;
	}
	if (of_vfio_find(prop, e->np, &first) == 1) {
		of_node_put(first.np);
		if (first.index != e->index) {
			pr_warn("/chosen/%s entry %u \"%s\" names %pOF, as entry %u does\n",
				OF_VFIO_DEVICES, e->index, e->text, e->np,
				first.index);
			return;
		}
	}
	if (!of_node_check_flag(e->np, OF_POPULATED)) {
		pr_warn("/chosen/%s entry %u \"%s\": %pOF has no device yet; it is assigned when one is created\n",
			OF_VFIO_DEVICES, e->index, e->text, e->np);
		return;
	}
	dev = of_vfio_find_device(e->np, &vfio_driver);
	if (!dev) {
		pr_err("/chosen/%s entry %u \"%s\": %pOF is not a platform or AMBA device: not assigned\n",
		       OF_VFIO_DEVICES, e->index, e->text, e->np);
		return;
	}
	if (!of_vfio_has_override(dev, vfio_driver))
		pr_err("/chosen/%s entry %u \"%s\": %s was created before the list named it: not assigned\n",
		       OF_VFIO_DEVICES, e->index, e->text, dev_name(dev));
	put_device(dev);
}

/*
 * Check every entry of @prop and log, once for each, what identifies no
 * device and why.  Flaws of entries that identify a device are logged when
 * the device is created (of_vfio_device_assign()).
 */
static void of_vfio_devices_check(const struct property *prop)
{
	struct of_vfio_entry e;
	size_t pos = 0;

	if (!prop->length) {
		pr_err("/chosen/%s is empty: it names no device\n",
		       OF_VFIO_DEVICES);
		return;
	}

	for (e.index = 0; of_vfio_next(prop, &pos, &e); e.index++) {
		if (!e.text) {
			pr_err("/chosen/%s entry %u (at byte %zu) is not a string: it names no device\n",
			       OF_VFIO_DEVICES, e.index, e.offset);
			continue;
		}
		if (!*e.text) {
			pr_err("/chosen/%s entry %u is empty: it names no device\n",
			       OF_VFIO_DEVICES, e.index);
			continue;
		}
		if (of_vfio_resolve(&e)) {
			pr_err("/chosen/%s entry %u \"%s\": cannot look it up (%pe)\n",
			       OF_VFIO_DEVICES, e.index, e.text,
			       ERR_PTR(-ENOMEM));
			continue;
		}
		if (!e.np) {
			pr_err("/chosen/%s entry %u \"%s\" names no device: no node has that path or alias\n",
			       OF_VFIO_DEVICES, e.index, e.text);
			continue;
		}
		of_vfio_check_node(prop, &e);
		of_node_put(e.np);
	}
}

/* A runtime change to the list (an overlay) is checked as the boot one. */
static int of_vfio_devices_notify(struct notifier_block *nb,
				  unsigned long action, void *arg)
{
	struct of_reconfig_data *rd = arg;

	if (action != OF_RECONFIG_ADD_PROPERTY &&
	    action != OF_RECONFIG_UPDATE_PROPERTY)
		return NOTIFY_DONE;
	if (rd->dn != of_chosen || of_prop_cmp(rd->prop->name, OF_VFIO_DEVICES))
		return NOTIFY_DONE;

	of_vfio_devices_check(rd->prop);
	return NOTIFY_OK;
}

static struct notifier_block of_vfio_devices_nb = {
	.notifier_call = of_vfio_devices_notify,
};

static int __init of_vfio_devices_init(void)
{
	struct property *prop = of_vfio_devices_prop();

	if (prop)
		of_vfio_devices_check(prop);
	if (IS_ENABLED(CONFIG_OF_DYNAMIC))
		WARN_ON(of_reconfig_notifier_register(&of_vfio_devices_nb));
	return 0;
}
late_initcall_sync(of_vfio_devices_init);
