// SPDX-License-Identifier: GPL-2.0
/*
 * Test only: let a test wait until the driver core has no probe left to
 * run.  Reading /sys/kernel/debug/probe_settle returns once
 * wait_for_device_probe() does: the deferred probes it has triggered have
 * run, no probe is in flight and asynchronous probes are done.  What it
 * cannot see is work that triggers a probe later (a module load, say):
 * a device deferred on such work is still in devices_deferred after it.
 * It has no module alias: only a test loads it, by name.
 */
#include <linux/debugfs.h>
#include <linux/device/driver.h>
#include <linux/fs.h>
#include <linux/module.h>

static struct dentry *settle_file;

static ssize_t probe_settle_read(struct file *file, char __user *buf,
				 size_t len, loff_t *ppos)
{
	static const char answer[] = "settled\n";

	if (*ppos == 0)
		wait_for_device_probe();
	return simple_read_from_buffer(buf, len, ppos, answer,
				       sizeof(answer) - 1);
}

static const struct file_operations probe_settle_fops = {
	.owner = THIS_MODULE,
	.read = probe_settle_read,
	.llseek = default_llseek,
};

static int __init probe_settle_init(void)
{
	settle_file = debugfs_create_file("probe_settle", 0400, NULL, NULL,
					  &probe_settle_fops);
	return 0;
}
module_init(probe_settle_init);

static void __exit probe_settle_exit(void)
{
	debugfs_remove(settle_file);
}
module_exit(probe_settle_exit);

MODULE_DESCRIPTION("Test only: wait for the driver core's probes to settle");
MODULE_LICENSE("GPL");
