// SPDX-License-Identifier: GPL-2.0
/*
 * Test only: hold the reset line of a device-tree node exclusively, as a
 * driver that owns that line (a PHY or a syscon glue sharing the EMAC's
 * line, say) would, so that a test can see whether anything else that
 * touches the line - vfio-platform, a quiesce - trips over it.  Loading
 * takes the node's first reset line with reset_control_get_exclusive()
 * and leaves it as it is (neither asserted nor deasserted); unloading
 * puts it.  It has no module alias: only a test loads it, by name.
 */
#include <linux/err.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/of.h>
#include <linux/reset.h>

static char *node;
module_param(node, charp, 0444);
MODULE_PARM_DESC(node, "the device-tree node whose reset line to hold");

static struct reset_control *held;

static int __init reset_line_holder_init(void)
{
	struct device_node *np;

	if (!node)
		return -EINVAL;
	np = of_find_node_by_path(node);
	if (!np) {
		pr_err("reset_line_holder: no node %s\n", node);
		return -ENOENT;
	}
	held = of_reset_control_get_exclusive(np, NULL);
	of_node_put(np);
	if (IS_ERR(held)) {
		pr_err("reset_line_holder: %s: cannot hold its reset line: %pe\n",
		       node, held);
		return PTR_ERR(held);
	}
	pr_info("reset_line_holder: holding the reset line of %s\n", node);
	return 0;
}
module_init(reset_line_holder_init);

static void __exit reset_line_holder_exit(void)
{
	reset_control_put(held);
}
module_exit(reset_line_holder_exit);

MODULE_DESCRIPTION("Test only: hold a node's reset line exclusively");
MODULE_LICENSE("GPL");
