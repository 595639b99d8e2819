// SPDX-License-Identifier: GPL-2.0
/*
 * Test only: apply a device-tree overlay at run time, as a driver that
 * loads one would, and stand in for the native driver of the nodes it adds
 * (compatible "vfiotest,runtime").  Loading the module applies the overlay
 * read from the file "path" names; unloading it removes the overlay.
 * "probes" counts the devices the stand-in driver probed, so a test can
 * see that a device /chosen/linux,vfio-devices names is never probed by it
 * while one the list does not name is.  It has no module alias: only a
 * test loads it, by name.
 */
#include <linux/atomic.h>
#include <linux/kernel_read_file.h>
#include <linux/mod_devicetable.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/of.h>
#include <linux/platform_device.h>
#include <linux/sizes.h>
#include <linux/version.h>
#include <linux/vmalloc.h>

static char *path = "/tests/vfiotest-runtime.dtbo";
module_param(path, charp, 0444);
MODULE_PARM_DESC(path, "the overlay (a DTB) to apply");

static atomic_t probes = ATOMIC_INIT(0);

static int probes_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%d\n", atomic_read(&probes));
}

static const struct kernel_param_ops probes_ops = {
	.get = probes_get,
};

module_param_cb(probes, &probes_ops, NULL, 0444);
MODULE_PARM_DESC(probes, "devices the stand-in native driver probed");

static int ovcs_id;

static int vfiotest_native_probe(struct platform_device *pdev)
{
	atomic_inc(&probes);
	dev_info(&pdev->dev, "probed by the stand-in native driver\n");
	return 0;
}

static const struct of_device_id vfiotest_native_ids[] = {
	{ .compatible = "vfiotest,runtime" },
	{ }
};

static struct platform_driver vfiotest_native_driver = {
	.probe = vfiotest_native_probe,
	.driver = {
		.name = "vfiotest-native",
		.of_match_table = vfiotest_native_ids,
	},
};

static int __init vfiotest_overlay_init(void)
{
	size_t size;
	void *fdt = NULL;
	ssize_t len;
	int ret;

	ret = platform_driver_register(&vfiotest_native_driver);
	if (ret)
		return ret;

	len = kernel_read_file_from_path(path, 0, &fdt, SZ_64K, &size,
					 READING_UNKNOWN);
	if (len < 0) {
		pr_err("vfiotest-overlay: cannot read %s: %zd\n", path, len);
		ret = len;
		goto unregister;
	}
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 6, 0)
	ret = of_overlay_fdt_apply(fdt, len, &ovcs_id, NULL);
#else
	ret = of_overlay_fdt_apply(fdt, len, &ovcs_id);
#endif
	vfree(fdt);
	if (ret) {
		pr_err("vfiotest-overlay: cannot apply %s: %d\n", path, ret);
		goto unregister;
	}
	pr_info("vfiotest-overlay: applied %s\n", path);
	return 0;

unregister:
	platform_driver_unregister(&vfiotest_native_driver);
	return ret;
}
module_init(vfiotest_overlay_init);

static void __exit vfiotest_overlay_exit(void)
{
	int ret = of_overlay_remove(&ovcs_id);

	if (ret)
		pr_err("vfiotest-overlay: cannot remove the overlay: %d\n", ret);
	platform_driver_unregister(&vfiotest_native_driver);
}
module_exit(vfiotest_overlay_exit);

MODULE_DESCRIPTION("Test only: a device-tree overlay applied at run time");
MODULE_LICENSE("GPL");
