// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the native-driver VFIO reset table
 * (drivers/base/vfio_reset.c).
 *
 * The devices are platform devices whose compatible strings live in a
 * software node; the drivers are bare struct device_driver with OF match
 * tables, never registered with a bus: the table only looks at them.
 */

#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/mod_devicetable.h>
#include <linux/platform_device.h>
#include <linux/property.h>
#include <linux/sched/task.h>
#include <linux/vfio_reset.h>

/* Compatibles that exist only in this test, never in a device tree. */
#define COMPAT_GENERIC	"kunit,nic-generic"
#define COMPAT_V2	"kunit,nic-v2"
#define COMPAT_OTHER	"kunit,other"
#define COMPAT_UNKNOWN	"kunit,unrelated"

static const struct of_device_id generic_ids[] = {
	{ .compatible = COMPAT_GENERIC },
	{ }
};

static const struct of_device_id specific_ids[] = {
	{ .compatible = COMPAT_OTHER },
	{ .compatible = COMPAT_V2 },
	{ }
};

static struct device_driver generic_drv = {
	.name = "kunit-generic",
	.owner = THIS_MODULE,
	.of_match_table = generic_ids,
};

static struct device_driver specific_drv = {
	.name = "kunit-specific",
	.owner = THIS_MODULE,
	.of_match_table = specific_ids,
};

static struct device_driver second_generic_drv = {
	.name = "kunit-generic-2",
	.owner = THIS_MODULE,
	.of_match_table = generic_ids,
};

static struct device_driver no_table_drv = {
	.name = "kunit-no-table",
	.owner = THIS_MODULE,
};

/* What the last reset saw. */
static struct {
	int calls;
	const char *by;
	struct device *dev;
	void __iomem *base;
	int modref;
} seen;

static int generic_reset(struct device *dev, void __iomem *base)
{
	seen.calls++;
	seen.by = "generic";
	seen.dev = dev;
	seen.base = base;
	if (IS_MODULE(CONFIG_VFIO_NATIVE_RESET_KUNIT_TEST))
		seen.modref = module_refcount(THIS_MODULE);
	return 0;
}

static int specific_reset(struct device *dev, void __iomem *base)
{
	seen.calls++;
	seen.by = "specific";
	seen.dev = dev;
	return 0;
}

static int failing_reset(struct device *dev, void __iomem *base)
{
	seen.calls++;
	return -EIO;
}

/* A platform device whose compatible list is @compat (NULL-terminated). */
static struct device *make_dev(struct kunit *test, const char * const *compat,
			       unsigned int n)
{
	const struct property_entry props[] = {
		PROPERTY_ENTRY_STRING_ARRAY_LEN("compatible", compat, n),
		{ }
	};
	const struct platform_device_info info = {
		.name = "vfio-reset-kunit",
		.id = PLATFORM_DEVID_AUTO,
		.properties = props,
	};
	struct platform_device *pdev;

	pdev = platform_device_register_full(&info);
	KUNIT_ASSERT_FALSE(test, IS_ERR(pdev));
	return &pdev->dev;
}

static void drop_dev(struct device *dev)
{
	platform_device_unregister(to_platform_device(dev));
}

static int vfio_reset_test_init(struct kunit *test)
{
	memset(&seen, 0, sizeof(seen));
	return 0;
}

static void vfio_reset_test_register_unregister(struct kunit *test)
{
	static const char * const compat[] = { COMPAT_GENERIC };
	struct device *dev = make_dev(test, compat, ARRAY_SIZE(compat));
	char by[32] = "";

	KUNIT_EXPECT_FALSE(test, vfio_reset_available(dev));
	KUNIT_EXPECT_EQ(test, vfio_reset_device(dev, by, sizeof(by)), -ENOTTY);

	KUNIT_ASSERT_EQ(test, vfio_reset_register(&generic_drv, generic_reset), 0);
	KUNIT_EXPECT_TRUE(test, vfio_reset_available(dev));
	KUNIT_EXPECT_EQ(test, vfio_reset_device(dev, by, sizeof(by)), 0);
	KUNIT_EXPECT_EQ(test, seen.calls, 1);
	KUNIT_EXPECT_PTR_EQ(test, seen.dev, dev);
	KUNIT_EXPECT_STREQ(test, by, "kunit-generic");
	/* A device without a memory resource gets no mapping. */
	KUNIT_EXPECT_TRUE(test, !seen.base);

	vfio_reset_unregister(&generic_drv);
	KUNIT_EXPECT_FALSE(test, vfio_reset_available(dev));
	KUNIT_EXPECT_EQ(test, vfio_reset_device(dev, NULL, 0), -ENOTTY);
	KUNIT_EXPECT_EQ(test, seen.calls, 1);
	drop_dev(dev);
}

static void vfio_reset_test_lookup_by_compatible(struct kunit *test)
{
	static const char * const v2[] = { COMPAT_V2, COMPAT_GENERIC };
	static const char * const other[] = { COMPAT_UNKNOWN };
	struct device *dev = make_dev(test, v2, ARRAY_SIZE(v2));
	struct device *stranger = make_dev(test, other, ARRAY_SIZE(other));

	KUNIT_ASSERT_EQ(test, vfio_reset_register(&specific_drv, specific_reset), 0);
	/* Matched through the second entry of the driver's table. */
	KUNIT_EXPECT_EQ(test, vfio_reset_device(dev, NULL, 0), 0);
	KUNIT_EXPECT_STREQ(test, seen.by, "specific");
	/* A device the table does not name is not touched. */
	KUNIT_EXPECT_FALSE(test, vfio_reset_available(stranger));
	KUNIT_EXPECT_EQ(test, vfio_reset_device(stranger, NULL, 0), -ENOTTY);
	KUNIT_EXPECT_EQ(test, seen.calls, 1);

	vfio_reset_unregister(&specific_drv);
	drop_dev(stranger);
	drop_dev(dev);
}

static void vfio_reset_test_precedence(struct kunit *test)
{
	static const char * const v2[] = { COMPAT_V2, COMPAT_GENERIC };
	static const char * const plain[] = { COMPAT_GENERIC };
	struct device *dev = make_dev(test, v2, ARRAY_SIZE(v2));
	struct device *plain_dev = make_dev(test, plain, ARRAY_SIZE(plain));
	char by[32];

	/* The generic driver registers first, the specific one after. */
	KUNIT_ASSERT_EQ(test, vfio_reset_register(&generic_drv, generic_reset), 0);
	KUNIT_ASSERT_EQ(test, vfio_reset_register(&specific_drv, specific_reset), 0);
	KUNIT_ASSERT_EQ(test, vfio_reset_register(&second_generic_drv, failing_reset), 0);

	/* The most specific compatible wins, whatever the order. */
	KUNIT_EXPECT_EQ(test, vfio_reset_device(dev, by, sizeof(by)), 0);
	KUNIT_EXPECT_STREQ(test, by, "kunit-specific");
	/* Only the generic ones cover this one: the first registered wins. */
	KUNIT_EXPECT_EQ(test, vfio_reset_device(plain_dev, by, sizeof(by)), 0);
	KUNIT_EXPECT_STREQ(test, by, "kunit-generic");

	/* When the specific driver goes, the device falls back to generic. */
	vfio_reset_unregister(&specific_drv);
	KUNIT_EXPECT_EQ(test, vfio_reset_device(dev, by, sizeof(by)), 0);
	KUNIT_EXPECT_STREQ(test, by, "kunit-generic");

	/* ... and when that goes, to the next one, whose error comes back. */
	vfio_reset_unregister(&generic_drv);
	KUNIT_EXPECT_EQ(test, vfio_reset_device(dev, by, sizeof(by)), -EIO);
	KUNIT_EXPECT_STREQ(test, by, "kunit-generic-2");

	vfio_reset_unregister(&second_generic_drv);
	drop_dev(plain_dev);
	drop_dev(dev);
}

static void vfio_reset_test_bad_registration(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, vfio_reset_register(&generic_drv, generic_reset), 0);
	KUNIT_EXPECT_EQ(test, vfio_reset_register(&generic_drv, generic_reset),
			-EEXIST);
	KUNIT_EXPECT_EQ(test, vfio_reset_register(&generic_drv, specific_reset),
			-EEXIST);
	vfio_reset_unregister(&generic_drv);

	KUNIT_EXPECT_EQ(test, vfio_reset_register(&generic_drv, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, vfio_reset_register(NULL, generic_reset), -EINVAL);
	KUNIT_EXPECT_EQ(test, vfio_reset_register(&no_table_drv, generic_reset),
			-EINVAL);
	/* After the failures, registering works again. */
	KUNIT_EXPECT_EQ(test, vfio_reset_register(&generic_drv, generic_reset), 0);
	vfio_reset_unregister(&generic_drv);
}

static DECLARE_COMPLETION(reset_entered);
static DECLARE_COMPLETION(reset_release);

static int blocking_reset(struct device *dev, void __iomem *base)
{
	complete(&reset_entered);
	wait_for_completion(&reset_release);
	seen.calls++;
	return 0;
}

static int reset_thread(void *data)
{
	return vfio_reset_device(data, NULL, 0);
}

static bool unregistered;

static int unregister_thread(void *data)
{
	vfio_reset_unregister(data);
	WRITE_ONCE(unregistered, true);
	return 0;
}

static void vfio_reset_test_unregister_while_running(struct kunit *test)
{
	static const char * const compat[] = { COMPAT_GENERIC };
	struct device *dev = make_dev(test, compat, ARRAY_SIZE(compat));
	struct task_struct *resetter, *unreg;

	reinit_completion(&reset_entered);
	reinit_completion(&reset_release);
	unregistered = false;
	KUNIT_ASSERT_EQ(test, vfio_reset_register(&generic_drv, blocking_reset), 0);

	resetter = kthread_run(reset_thread, dev, "vfio-reset-kunit-r");
	KUNIT_ASSERT_FALSE(test, IS_ERR(resetter));
	get_task_struct(resetter);
	wait_for_completion(&reset_entered);

	unreg = kthread_run(unregister_thread, &generic_drv, "vfio-reset-kunit-u");
	KUNIT_ASSERT_FALSE(test, IS_ERR(unreg));
	get_task_struct(unreg);

	/* The entry leaves the table at once: no new call can start... */
	msleep(50);
	KUNIT_EXPECT_FALSE(test, vfio_reset_available(dev));
	/* ... but unregistering waits for the running one. */
	KUNIT_EXPECT_FALSE(test, READ_ONCE(unregistered));
	KUNIT_EXPECT_EQ(test, seen.calls, 0);

	complete(&reset_release);
	KUNIT_EXPECT_EQ(test, kthread_stop(resetter), 0);
	kthread_stop(unreg);
	KUNIT_EXPECT_TRUE(test, READ_ONCE(unregistered));
	KUNIT_EXPECT_EQ(test, seen.calls, 1);
	put_task_struct(resetter);
	put_task_struct(unreg);
	drop_dev(dev);
}

static void vfio_reset_test_module_pinned(struct kunit *test)
{
	static const char * const compat[] = { COMPAT_GENERIC };
	struct device *dev;
	int before;

	if (!IS_MODULE(CONFIG_VFIO_NATIVE_RESET_KUNIT_TEST))
		kunit_skip(test, "built in: there is no module to pin");

	dev = make_dev(test, compat, ARRAY_SIZE(compat));
	KUNIT_ASSERT_EQ(test, vfio_reset_register(&generic_drv, generic_reset), 0);
	before = module_refcount(THIS_MODULE);
	KUNIT_EXPECT_EQ(test, vfio_reset_device(dev, NULL, 0), 0);
	KUNIT_EXPECT_EQ(test, seen.modref, before + 1);
	KUNIT_EXPECT_EQ(test, module_refcount(THIS_MODULE), before);
	vfio_reset_unregister(&generic_drv);
	drop_dev(dev);
}

static struct kunit_case vfio_reset_test_cases[] = {
	KUNIT_CASE(vfio_reset_test_register_unregister),
	KUNIT_CASE(vfio_reset_test_lookup_by_compatible),
	KUNIT_CASE(vfio_reset_test_precedence),
	KUNIT_CASE(vfio_reset_test_bad_registration),
	KUNIT_CASE(vfio_reset_test_unregister_while_running),
	KUNIT_CASE(vfio_reset_test_module_pinned),
	{ }
};

static struct kunit_suite vfio_reset_test_suite = {
	.name = "vfio_reset",
	.init = vfio_reset_test_init,
	.test_cases = vfio_reset_test_cases,
};

kunit_test_suite(vfio_reset_test_suite);

MODULE_DESCRIPTION("KUnit tests for native-driver VFIO resets");
MODULE_LICENSE("GPL");
