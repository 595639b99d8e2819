// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for platform_quiesce_get() and friends: which registered
 * platform driver's quiesce a device gets, what the callback is given,
 * the module reference the handle holds, a module still in its init or
 * already going, a driver unregistered under a handle, and the refusal to
 * quiesce a device for its own driver.
 *
 * The devices are allocated but never added, each with a device tree node
 * that exists only in the test (never attached to the live tree), so no
 * real driver binds them and their compatibles name nothing outside the
 * test.  The drivers are real platform drivers, registered on the bus for
 * the length of one test.
 */

#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/err.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/mod_devicetable.h>
#include <linux/of.h>
#include <linux/platform_device.h>
#include <linux/string.h>

struct prst_call {
	int calls;
	struct platform_device *pdev;
	const struct platform_quiesce_regs *regs;
	const void *match_data;
	int ret;
};

/* what the callbacks record; the tests run one at a time */
static struct prst_call prst_seen;

static int prst_quiesce(struct platform_device *pdev,
			const struct platform_quiesce_regs *regs,
			const void *match_data)
{
	prst_seen.calls++;
	prst_seen.pdev = pdev;
	prst_seen.regs = regs;
	prst_seen.match_data = match_data;
	return prst_seen.ret;
}

static const int prst_tag_generic = 1, prst_tag_glue = 2, prst_tag_a = 3;

/*
 * Compatibles no binding documents and no device but the test's has, of
 * the "test," vendor prefix that mainline's vendor-prefixes.yaml
 * reserves for tests.
 */
#define PRST_GENERIC	"test,kunit-prst-generic"
#define PRST_GLUE	"test,kunit-prst-glue"
#define PRST_OTHER	"test,kunit-prst-other"
#define PRST_A		"test,kunit-prst-a"
#define PRST_NOBODY	"test,kunit-prst-nobody"

static const struct of_device_id prst_generic_ids[] = {
	{ .compatible = PRST_GENERIC, .data = &prst_tag_generic },
	{ }
};

static const struct of_device_id prst_glue_ids[] = {
	{ .compatible = PRST_OTHER },
	{ .compatible = PRST_GLUE, .data = &prst_tag_glue },
	{ }
};

static const struct of_device_id prst_a_ids[] = {
	{ .compatible = PRST_A, .data = &prst_tag_a },
	{ }
};

static const struct platform_device_id prst_id_table[] = {
	{ .name = "kunit-prst-other" },
	{ .name = "kunit-prst-by-id", .driver_data = 42 },
	{ }
};

/* What a test registered or allocated, undone by prst_exit(). */
struct prst_undo {
	struct platform_driver *drv[4];
	int ndrv;
	struct platform_device *pdev[4];
	int npdev;
	struct platform_device *added;
};

/*
 * The module that owns the test's drivers.  Some kernels run a module's
 * suites while the module is still coming, before its sysfs directory
 * exists, and the driver core cannot file a driver under it yet: the
 * drivers have no owner then, and there is no module to pin.
 */
static struct module *prst_owner(void)
{
#ifdef MODULE
	if (THIS_MODULE->state == MODULE_STATE_LIVE)
		return THIS_MODULE;
#endif
	return NULL;
}

/* platform_quiesce_get() as a driver binding @pdev calls it */
static struct platform_quiesce *prst_get(struct platform_device *pdev)
{
	struct platform_quiesce *q;

	device_lock(&pdev->dev);
	q = platform_quiesce_get(pdev);
	device_unlock(&pdev->dev);
	return q;
}

/* Register @drv for the rest of the test. */
static void prst_register(struct kunit *test, struct platform_driver *drv)
{
	struct prst_undo *undo = test->priv;

	KUNIT_ASSERT_LT(test, undo->ndrv, (int)ARRAY_SIZE(undo->drv));
	KUNIT_ASSERT_EQ(test, __platform_driver_register(drv, prst_owner()),
			0);
	undo->drv[undo->ndrv++] = drv;
}

/* Register @drv and look up @pdev's quiesce, which must be @drv's. */
static struct platform_quiesce *prst_handle(struct kunit *test,
					    struct platform_driver *drv,
					    struct platform_device *pdev)
{
	struct platform_quiesce *r;

	prst_register(test, drv);
	r = prst_get(pdev);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(r));
	KUNIT_ASSERT_STREQ(test, platform_quiesce_driver_name(r),
			   drv->driver.name);
	return r;
}

/* Unregister @drv, the driver the test registered last, now. */
static void prst_unregister(struct kunit *test, struct platform_driver *drv)
{
	struct prst_undo *undo = test->priv;

	KUNIT_ASSERT_GT(test, undo->ndrv, 0);
	KUNIT_ASSERT_PTR_EQ(test, undo->drv[undo->ndrv - 1], drv);
	undo->ndrv--;
	platform_driver_unregister(drv);
}

/*
 * A platform device named @name, not added to the bus, whose device tree
 * node has @compat (a list of strings, each with its NUL, @len bytes in
 * all) as its compatible; no node at all if @compat is NULL.
 */
static struct platform_device *prst_pdev(struct kunit *test, const char *name,
					 const char *compat, size_t len)
{
	struct prst_undo *undo = test->priv;
	struct platform_device *pdev;
	struct device_node *np;
	struct property *prop;
	void *value;

	KUNIT_ASSERT_LT(test, undo->npdev, (int)ARRAY_SIZE(undo->pdev));
	pdev = platform_device_alloc(name, PLATFORM_DEVID_NONE);
	KUNIT_ASSERT_NOT_NULL(test, pdev);
	undo->pdev[undo->npdev++] = pdev;
	if (!compat)
		return pdev;

	np = kunit_kzalloc(test, sizeof(*np), GFP_KERNEL);
	prop = kunit_kzalloc(test, sizeof(*prop), GFP_KERNEL);
	value = kunit_kzalloc(test, len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, np);
	KUNIT_ASSERT_NOT_NULL(test, prop);
	KUNIT_ASSERT_NOT_NULL(test, value);
	memcpy(value, compat, len);
	prop->name = "compatible";
	prop->value = value;
	prop->length = len;
	np->name = "kunit-prst";
	np->full_name = "kunit-prst";
	np->properties = prop;
	pdev->dev.of_node = np;
	return pdev;
}

#define PRST_PDEV(test, name, compat) \
	prst_pdev(test, name, compat, sizeof(compat))

static struct platform_driver prst_generic_drv = {
	.driver = {
		.name = "kunit-prst-generic",
		.of_match_table = prst_generic_ids,
	},
	.quiesce = prst_quiesce,
};

static struct platform_driver prst_glue_drv = {
	.driver = {
		.name = "kunit-prst-glue",
		.of_match_table = prst_glue_ids,
	},
	.quiesce = prst_quiesce,
};

/* the same matches as prst_glue_drv, without a quiesce */
static struct platform_driver prst_glue_noquiesce_drv = {
	.driver = {
		.name = "kunit-prst-glue-noquiesce",
		.of_match_table = prst_glue_ids,
	},
};

static struct platform_driver prst_a1_drv = {
	.driver = {
		.name = "kunit-prst-a1",
		.of_match_table = prst_a_ids,
	},
	.quiesce = prst_quiesce,
};

static struct platform_driver prst_a2_drv = {
	.driver = {
		.name = "kunit-prst-a2",
		.of_match_table = prst_a_ids,
	},
	.quiesce = prst_quiesce,
};

static struct platform_driver prst_id_drv = {
	.driver = {
		.name = "kunit-prst-id-table",
	},
	.id_table = prst_id_table,
	.quiesce = prst_quiesce,
};

static struct platform_driver prst_name_drv = {
	.driver = {
		.name = "kunit-prst-by-name",
	},
	.quiesce = prst_quiesce,
};

static int prst_init(struct kunit *test)
{
	memset(&prst_seen, 0, sizeof(prst_seen));
	test->priv = kunit_kzalloc(test, sizeof(struct prst_undo), GFP_KERNEL);
	return test->priv ? 0 : -ENOMEM;
}

static void prst_exit(struct kunit *test)
{
	struct prst_undo *undo = test->priv;

	if (undo->added)
		platform_device_unregister(undo->added);
	while (undo->npdev--) {
		/* the node is the test's: the device's release must not put it */
		undo->pdev[undo->npdev]->dev.of_node = NULL;
		platform_device_put(undo->pdev[undo->npdev]);
	}
	while (undo->ndrv--)
		platform_driver_unregister(undo->drv[undo->ndrv]);
}

/* A device no registered driver matches has no quiesce. */
static void prst_no_driver(struct kunit *test)
{
	struct platform_device *pdev =
		PRST_PDEV(test, "kunit-prst-nobody", PRST_NOBODY);

	prst_register(test, &prst_generic_drv);
	KUNIT_EXPECT_EQ(test, PTR_ERR(prst_get(pdev)), -ENODEV);
}

/*
 * The driver that matches gives its quiesce, which gets the device, the
 * caller's regions and the driver's match data, and whose result is the
 * call's.
 */
static void prst_of_match(struct kunit *test)
{
	struct platform_device *pdev =
		PRST_PDEV(test, "kunit-prst-dev", PRST_A);
	void __iomem *base[2] = { NULL, NULL };
	struct platform_quiesce_regs regs = { .base = base, .num = 2 };
	struct platform_quiesce *r = prst_handle(test, &prst_a1_drv, pdev);

	KUNIT_EXPECT_STREQ(test, platform_quiesce_driver_name(r), "kunit-prst-a1");

	KUNIT_EXPECT_EQ(test, platform_quiesce_call(r, pdev, &regs), 0);
	KUNIT_EXPECT_EQ(test, prst_seen.calls, 1);
	KUNIT_EXPECT_PTR_EQ(test, prst_seen.pdev, pdev);
	KUNIT_EXPECT_PTR_EQ(test, prst_seen.regs,
			    (const struct platform_quiesce_regs *)&regs);
	KUNIT_EXPECT_PTR_EQ(test, prst_seen.match_data,
			    (const void *)&prst_tag_a);

	prst_seen.ret = -ETIMEDOUT;
	KUNIT_EXPECT_EQ(test, platform_quiesce_call(r, pdev, &regs), -ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, prst_seen.calls, 2);
	platform_quiesce_put(r);
}

/*
 * The driver naming the most specific compatible wins over a generic one,
 * whichever registered first; the generic one still quiesces the devices
 * only it names.
 */
static void prst_most_specific(struct kunit *test, bool generic_first)
{
	struct platform_device *pdev = PRST_PDEV(test, "kunit-prst-dev",
		PRST_GLUE "\0" PRST_GENERIC);
	struct platform_device *plain = PRST_PDEV(test, "kunit-prst-dev",
		PRST_GENERIC);
	struct platform_quiesce *r;

	prst_register(test, generic_first ? &prst_generic_drv : &prst_glue_drv);
	prst_register(test, generic_first ? &prst_glue_drv : &prst_generic_drv);
	r = prst_get(pdev);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(r));
	KUNIT_EXPECT_STREQ(test, platform_quiesce_driver_name(r),
			   "kunit-prst-glue");
	KUNIT_EXPECT_EQ(test, platform_quiesce_call(r, pdev, NULL), 0);
	KUNIT_EXPECT_PTR_EQ(test, prst_seen.match_data,
			    (const void *)&prst_tag_glue);
	platform_quiesce_put(r);

	r = prst_get(plain);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(r));
	KUNIT_EXPECT_STREQ(test, platform_quiesce_driver_name(r),
			   "kunit-prst-generic");
	platform_quiesce_put(r);
}

static void prst_most_specific_generic_first(struct kunit *test)
{
	prst_most_specific(test, true);
}

static void prst_most_specific_glue_first(struct kunit *test)
{
	prst_most_specific(test, false);
}

/* A glue driver without a quiesce: the generic one's is not used instead. */
static void prst_glue_without_quiesce(struct kunit *test)
{
	struct platform_device *pdev = PRST_PDEV(test, "kunit-prst-dev",
		PRST_GLUE "\0" PRST_GENERIC);

	prst_register(test, &prst_generic_drv);
	prst_register(test, &prst_glue_noquiesce_drv);
	KUNIT_EXPECT_EQ(test, PTR_ERR(prst_get(pdev)), -EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, prst_seen.calls, 0);
}

/* Two drivers naming the same compatible: the first registered wins. */
static void prst_tie_first_registered(struct kunit *test)
{
	struct platform_device *pdev =
		PRST_PDEV(test, "kunit-prst-dev", PRST_A);
	struct platform_quiesce *r;

	prst_register(test, &prst_a2_drv);
	prst_register(test, &prst_a1_drv);
	r = prst_get(pdev);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(r));
	KUNIT_EXPECT_STREQ(test, platform_quiesce_driver_name(r), "kunit-prst-a2");
	platform_quiesce_put(r);
}

/* Without a device tree match, an id_table entry, then the driver name. */
static void prst_id_table_and_name(struct kunit *test)
{
	struct platform_device *by_id = prst_pdev(test, "kunit-prst-by-id",
						  NULL, 0);
	struct platform_device *by_name = prst_pdev(test, "kunit-prst-by-name",
						    NULL, 0);
	struct platform_quiesce *r;

	prst_register(test, &prst_id_drv);
	prst_register(test, &prst_name_drv);

	r = prst_get(by_id);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(r));
	KUNIT_EXPECT_STREQ(test, platform_quiesce_driver_name(r),
			   "kunit-prst-id-table");
	KUNIT_EXPECT_EQ(test, platform_quiesce_call(r, by_id, NULL), 0);
	KUNIT_EXPECT_PTR_EQ(test, prst_seen.match_data, (const void *)42);
	/* a lookup is not a match: the device's id_entry stays unset */
	KUNIT_EXPECT_NULL(test, platform_get_device_id(by_id));
	platform_quiesce_put(r);

	r = prst_get(by_name);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(r));
	KUNIT_EXPECT_STREQ(test, platform_quiesce_driver_name(r),
			   "kunit-prst-by-name");
	KUNIT_EXPECT_EQ(test, platform_quiesce_call(r, by_name, NULL), 0);
	KUNIT_EXPECT_NULL(test, prst_seen.match_data);
	platform_quiesce_put(r);
}

/*
 * The handle holds the driver's module from get to put.  The drivers here
 * belong to this file, so that is visible only when it is a live module.
 */
static void prst_pins_module(struct kunit *test)
{
	struct platform_device *pdev =
		PRST_PDEV(test, "kunit-prst-dev", PRST_A);
	struct platform_quiesce *r1, *r2;
	int before;

	if (!prst_owner())
		kunit_skip(test, "built in, or not live yet: no module to pin");

	prst_register(test, &prst_a1_drv);
	before = module_refcount(prst_owner());
	r1 = prst_get(pdev);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(r1));
	KUNIT_EXPECT_EQ(test, module_refcount(prst_owner()), before + 1);
	r2 = prst_get(pdev);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(r2));
	KUNIT_EXPECT_EQ(test, module_refcount(prst_owner()), before + 2);
	platform_quiesce_put(r1);
	KUNIT_EXPECT_EQ(test, module_refcount(prst_owner()), before + 1);
	platform_quiesce_put(r2);
	KUNIT_EXPECT_EQ(test, module_refcount(prst_owner()), before);

	/* a failed lookup holds nothing */
	r1 = prst_get(PRST_PDEV(test, "kunit-prst-nobody", PRST_NOBODY));
	KUNIT_EXPECT_TRUE(test, IS_ERR(r1));
	KUNIT_EXPECT_EQ(test, module_refcount(prst_owner()), before);
}

static int prst_probe(struct platform_device *pdev)
{
	return 0;
}

static struct platform_driver prst_bound_drv = {
	.probe = prst_probe,
	.driver = {
		.name = "kunit-prst-bound",
	},
	.quiesce = prst_quiesce,
};

/* A driver's quiesce is refused for a device that driver drives. */
static void prst_refused_when_bound(struct kunit *test)
{
	struct platform_device *pdev;
	struct platform_quiesce *r;

	prst_register(test, &prst_bound_drv);
	pdev = platform_device_register_simple("kunit-prst-bound",
					       PLATFORM_DEVID_NONE, NULL, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(pdev));
	((struct prst_undo *)test->priv)->added = pdev;
	KUNIT_ASSERT_PTR_EQ(test, pdev->dev.driver, &prst_bound_drv.driver);
	KUNIT_EXPECT_EQ(test, PTR_ERR(prst_get(pdev)), -EBUSY);

	/* once the driver lets the device go, the quiesce is there */
	device_release_driver(&pdev->dev);
	r = prst_get(pdev);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(r));
	KUNIT_EXPECT_EQ(test, platform_quiesce_call(r, pdev, NULL), 0);
	KUNIT_EXPECT_EQ(test, prst_seen.calls, 1);
	platform_quiesce_put(r);
}

/*
 * A module in the given state, standing in as the owner of a driver that
 * is already registered (as one whose init registered it and goes on, or
 * one being unloaded); only its state is read.
 */
static struct module prst_fake_module;

static void prst_fake_owner(struct kunit *test, struct platform_driver *drv,
			    enum module_state state)
{
	prst_fake_module.state = state;
	drv->driver.owner = &prst_fake_module;
}

/* undone before the driver is unregistered */
static void prst_real_owner(struct platform_driver *drv)
{
	drv->driver.owner = prst_owner();
}

/*
 * The best match's module is still running its init, which may yet fail:
 * not used until it is live, and no less specific driver in its place.
 * Going away: not used either.
 */
static void prst_module_not_live(struct kunit *test)
{
	struct platform_device *pdev = PRST_PDEV(test, "kunit-prst-dev",
		PRST_GLUE "\0" PRST_GENERIC);

	prst_register(test, &prst_generic_drv);
	prst_register(test, &prst_glue_drv);

	prst_fake_owner(test, &prst_glue_drv, MODULE_STATE_COMING);
	KUNIT_EXPECT_EQ(test, PTR_ERR(prst_get(pdev)), -EPROBE_DEFER);
	prst_fake_owner(test, &prst_glue_drv, MODULE_STATE_GOING);
	KUNIT_EXPECT_EQ(test, PTR_ERR(prst_get(pdev)), -ENOENT);
	prst_real_owner(&prst_glue_drv);
	KUNIT_EXPECT_EQ(test, prst_seen.calls, 0);
}

/*
 * A driver unregistered while a handle is held (a built-in driver, which
 * no module reference keeps, or a module's that unregisters itself) is
 * not called: the call fails with -ENODEV, also after calls that went
 * straight to the driver.
 */
static void prst_unregistered_driver(struct kunit *test)
{
	struct platform_device *pdev =
		PRST_PDEV(test, "kunit-prst-dev", PRST_A);
	struct platform_quiesce *r = prst_handle(test, &prst_a1_drv, pdev);

	KUNIT_EXPECT_EQ(test, platform_quiesce_call(r, pdev, NULL), 0);
	prst_unregister(test, &prst_a1_drv);
	KUNIT_EXPECT_EQ(test, platform_quiesce_call(r, pdev, NULL), -ENODEV);
	KUNIT_EXPECT_EQ(test, prst_seen.calls, 1);
	platform_quiesce_put(r);
}

/*
 * Another driver unregistering does not take a handle's driver away: the
 * next call finds it on the bus, and the one after calls it directly.
 */
static void prst_other_driver_unregistered(struct kunit *test)
{
	struct platform_device *pdev =
		PRST_PDEV(test, "kunit-prst-dev", PRST_A);
	struct platform_quiesce *r = prst_handle(test, &prst_a1_drv, pdev);

	prst_register(test, &prst_generic_drv);
	prst_unregister(test, &prst_generic_drv);
	KUNIT_EXPECT_EQ(test, platform_quiesce_call(r, pdev, NULL), 0);
	KUNIT_EXPECT_EQ(test, platform_quiesce_call(r, pdev, NULL), 0);
	KUNIT_EXPECT_EQ(test, prst_seen.calls, 2);
	KUNIT_EXPECT_PTR_EQ(test, prst_seen.match_data, (const void *)&prst_tag_a);
	platform_quiesce_put(r);
}

/* A quiesce that runs until the test lets it return, and its caller. */
struct prst_held {
	struct completion entered, go, returned, unregistered;
	struct platform_quiesce *r;
	struct platform_device *pdev;
	int ret;
};

static struct prst_held *prst_held;

static int prst_quiesce_held(struct platform_device *pdev,
			     const struct platform_quiesce_regs *regs,
			     const void *match_data)
{
	complete(&prst_held->entered);
	wait_for_completion(&prst_held->go);
	return prst_quiesce(pdev, regs, match_data);
}

static struct platform_driver prst_held_drv = {
	.driver = {
		.name = "kunit-prst-held",
		.of_match_table = prst_a_ids,
	},
	.quiesce = prst_quiesce_held,
};

static int prst_call_thread(void *arg)
{
	struct prst_held *h = arg;

	h->ret = platform_quiesce_call(h->r, h->pdev, NULL);
	complete(&h->returned);
	return 0;
}

static int prst_unregister_thread(void *arg)
{
	struct prst_held *h = arg;

	platform_driver_unregister(&prst_held_drv);
	complete(&h->unregistered);
	return 0;
}

/*
 * A driver that unregisters while its quiesce runs: the unregister returns
 * only after the quiesce has, and the driver is not called again.
 */
static void prst_unregister_waits(struct kunit *test)
{
	struct platform_device *pdev =
		PRST_PDEV(test, "kunit-prst-dev", PRST_A);
	struct prst_undo *undo = test->priv;
	struct task_struct *t;
	struct prst_held *h;

	h = kunit_kzalloc(test, sizeof(*h), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, h);
	init_completion(&h->entered);
	init_completion(&h->go);
	init_completion(&h->returned);
	init_completion(&h->unregistered);
	prst_held = h;
	h->pdev = pdev;
	h->r = prst_handle(test, &prst_held_drv, pdev);

	t = kthread_run(prst_call_thread, h, "kunit-prst-call");
	if (IS_ERR(t)) {
		platform_quiesce_put(h->r);
		KUNIT_FAIL(test, "cannot start the call: %pe", t);
		return;
	}
	KUNIT_EXPECT_NE(test, wait_for_completion_timeout(&h->entered, 10 * HZ), 0);
	/* the thread unregisters the driver: the test's undo must not */
	undo->ndrv--;
	t = kthread_run(prst_unregister_thread, h, "kunit-prst-unreg");
	if (IS_ERR(t)) {
		undo->ndrv++;
		complete(&h->go);
		wait_for_completion(&h->returned);
		KUNIT_FAIL(test, "cannot start the unregister: %pe", t);
		platform_quiesce_put(h->r);
		return;
	}
	/* a bounded look for what must not happen: the unregister returning */
	KUNIT_EXPECT_EQ(test,
			wait_for_completion_timeout(&h->unregistered, HZ / 5), 0);
	KUNIT_EXPECT_FALSE(test, completion_done(&h->returned));
	complete(&h->go);
	wait_for_completion(&h->returned);
	wait_for_completion(&h->unregistered);
	KUNIT_EXPECT_EQ(test, h->ret, 0);
	KUNIT_EXPECT_EQ(test, prst_seen.calls, 1);
	KUNIT_EXPECT_EQ(test, platform_quiesce_call(h->r, pdev, NULL), -ENODEV);
	KUNIT_EXPECT_EQ(test, prst_seen.calls, 1);
	platform_quiesce_put(h->r);
}

static struct kunit_case platform_quiesce_cases[] = {
	KUNIT_CASE(prst_no_driver),
	KUNIT_CASE(prst_of_match),
	KUNIT_CASE(prst_most_specific_generic_first),
	KUNIT_CASE(prst_most_specific_glue_first),
	KUNIT_CASE(prst_glue_without_quiesce),
	KUNIT_CASE(prst_tie_first_registered),
	KUNIT_CASE(prst_id_table_and_name),
	KUNIT_CASE(prst_pins_module),
	KUNIT_CASE(prst_refused_when_bound),
	KUNIT_CASE(prst_module_not_live),
	KUNIT_CASE(prst_unregistered_driver),
	KUNIT_CASE(prst_other_driver_unregistered),
	KUNIT_CASE(prst_unregister_waits),
	{ }
};

static struct kunit_suite platform_quiesce_suite = {
	.name = "platform_quiesce",
	.init = prst_init,
	.exit = prst_exit,
	.test_cases = platform_quiesce_cases,
};

kunit_test_suite(platform_quiesce_suite);

MODULE_DESCRIPTION("KUnit tests for platform drivers' quiesce of devices they do not drive");
MODULE_LICENSE("GPL");
