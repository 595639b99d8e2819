// SPDX-License-Identifier: GPL-2.0
/*
 * Test only: a reset for the boards' NICs (Calxeda XGMAC, Allwinner H3
 * EMAC) that fails while the "fail" parameter is set, to test what
 * vfio-platform does with a device whose reset fails.  It has no device table, so no modalias ever loads it; the
 * test loads it by name after unloading the real driver.
 */
#include <linux/device.h>
#include <linux/mod_devicetable.h>
#include <linux/module.h>
#include <linux/vfio_reset.h>

static bool fail = true;
module_param(fail, bool, 0644);
MODULE_PARM_DESC(fail, "the reset fails with -EIO (default: 1)");

static const struct of_device_id failtest_ids[] = {
	{ .compatible = "calxeda,hb-xgmac" },
	{ .compatible = "allwinner,sun8i-h3-emac" },
	{ }
};

static struct device_driver failtest_drv = {
	.name = "vfio-reset-failtest",
	.owner = THIS_MODULE,
	.of_match_table = failtest_ids,
};

static int failtest_reset(struct device *dev, void __iomem *base)
{
	return READ_ONCE(fail) ? -EIO : 0;
}

static int __init failtest_init(void)
{
	return vfio_reset_register(&failtest_drv, failtest_reset);
}
module_init(failtest_init);

static void __exit failtest_exit(void)
{
	vfio_reset_unregister(&failtest_drv);
}
module_exit(failtest_exit);

MODULE_DESCRIPTION("Test only: a VFIO native reset that fails on demand");
MODULE_LICENSE("GPL");
