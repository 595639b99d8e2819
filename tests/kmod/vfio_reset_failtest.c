// SPDX-License-Identifier: GPL-2.0
/*
 * Test only: a platform driver that matches the boards' NICs (Calxeda
 * XGMAC, Allwinner H3 EMAC, Cadence GEM of QEMU's Versal), never drives
 * one, and offers a reset for them that fails while the "fail" parameter
 * is set, or that waits "hang_ms" milliseconds and then fails as a poll
 * that timed out.  It stands in for the NIC's own driver to test what
 * vfio-platform does with a device whose reset fails or takes long.  It
 * has no module alias, so no modalias ever loads it: the test loads it by
 * name after unloading the real driver.
 */
#include <linux/delay.h>
#include <linux/mod_devicetable.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/platform_device.h>

static bool fail = true;
module_param(fail, bool, 0644);
MODULE_PARM_DESC(fail, "the reset fails with -EIO (default: 1)");

/* A callback must finish in bounded time: this one's bound, 0 to 10 s. */
#define FAILTEST_HANG_MAX_MS	10000

static unsigned int hang_ms;

static int hang_ms_set(const char *val, const struct kernel_param *kp)
{
	return param_set_uint_minmax(val, kp, 0, FAILTEST_HANG_MAX_MS);
}

static const struct kernel_param_ops hang_ms_ops = {
	.set = hang_ms_set,
	.get = param_get_uint,
};

module_param_cb(hang_ms, &hang_ms_ops, &hang_ms, 0644);
MODULE_PARM_DESC(hang_ms,
		 "the reset waits this long, then fails with -ETIMEDOUT (0 to 10000 ms; default 0: no wait)");

static const struct of_device_id failtest_ids[] = {
	{ .compatible = "calxeda,hb-xgmac" },
	{ .compatible = "allwinner,sun8i-h3-emac" },
	{ .compatible = "cdns,zynqmp-gem" },
	{ }
};

/* It must never drive a NIC: the other NIC of the board stays unbound. */
static int failtest_probe(struct platform_device *pdev)
{
	return -ENODEV;
}

static int failtest_reset(struct platform_device *pdev,
			  const struct platform_quiesce_regs *regs,
			  const void *match_data)
{
	unsigned int ms = READ_ONCE(hang_ms);

	if (ms) {
		msleep(ms);
		return -ETIMEDOUT;
	}
	return READ_ONCE(fail) ? -EIO : 0;
}

static struct platform_driver failtest_driver = {
	.probe = failtest_probe,
	.driver = {
		.name = "vfio-reset-failtest",
		.of_match_table = failtest_ids,
	},
	.quiesce = failtest_reset,
};
module_platform_driver(failtest_driver);

MODULE_DESCRIPTION("Test only: a native reset that fails on demand");
MODULE_LICENSE("GPL");
