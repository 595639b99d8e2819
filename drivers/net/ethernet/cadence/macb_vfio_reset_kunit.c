// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests for the quiesce the Cadence MACB/GEM driver offers
 * vfio-platform.
 *
 * The quiesce is found as vfio-platform finds it, through the platform
 * bus, for a device described by a device tree node, and it runs on a
 * block of memory standing in for the GEM's registers.  Memory keeps what
 * is written to it: the transmitter goes idle there only when a kernel
 * thread playing the device clears TSR's transmit-go bit once transmit
 * is off, and an interrupt status that clears on read keeps its value.
 * Offsets and bits are written out from the register map rather than
 * taken from the driver, so that a write to the wrong place shows.
 */
#include <kunit/test.h>
#include <linux/bits.h>
#include <linux/delay.h>
#include <linux/io.h>
#include <linux/kmod.h>
#include <linux/kthread.h>
#include <linux/of.h>
#include <linux/platform_device.h>
#include <linux/sizes.h>

#define R_NCR			0x0000
#define R_NCR_LLB		BIT(1)
#define R_NCR_RE		BIT(2)
#define R_NCR_TE		BIT(3)
#define R_NCR_MPE		BIT(4)
#define R_TSR			0x0014
#define R_TSR_TGO		BIT(3)
#define R_RSR			0x0020
#define R_ISR			0x0024
#define R_IDR			0x002c
#define R_MID			0x00fc
#define R_MID_GEM		(0x0007 << 16)	/* IDNUM 7: a GEM */
#define R_MID_MACB		(0x0001 << 16)	/* IDNUM 1: a MACB */
#define R_DCFG1			0x0280
#define R_DCFG1_IRQCOR		BIT(23)		/* interrupts clear on read */
#define R_DCFG6			0x0294
#define R_Q_ISR(q)		(0x0400 + ((q) - 1) * 4)	/* queues 1.. */
#define R_Q_IDR(q)		(0x0620 + ((q) - 1) * 4)
#define R_SIZE			SZ_4K

/* A GEM with queues 0 to 3: DCFG6's low byte has a bit per extra queue */
#define T_QUEUES		4
#define T_DCFG6			0x0e
#define T_PENDING		0x00a5a5a5
#define T_UNTOUCHED		0x5a5a5a5a
#define T_NCR			(R_NCR_RE | R_NCR_TE | R_NCR_MPE)

struct macb_t {
	struct platform_device *pdev;
	struct platform_quiesce *quiesce;
	void __iomem *regs[1];
	struct task_struct *device;
	atomic_t idled;		/* times the stand-in let TX go idle */
};

static u32 rd(struct macb_t *m, u32 reg)
{
	return readl(m->regs[0] + reg);
}

static void wr(struct macb_t *m, u32 reg, u32 val)
{
	writel(val, m->regs[0] + reg);
}

/* The device: its transmitter goes idle once, when transmit is off. */
static int macb_t_device(void *data)
{
	struct macb_t *m = data;
	u32 tsr;

	for (; !kthread_should_stop(); usleep_range(50, 100)) {
		if (atomic_read(&m->idled) || (rd(m, R_NCR) & R_NCR_TE))
			continue;
		tsr = rd(m, R_TSR);
		if (tsr & R_TSR_TGO) {
			wr(m, R_TSR, tsr & ~R_TSR_TGO);
			atomic_inc(&m->idled);
		}
	}
	return 0;
}

static void macb_t_start(struct kunit *test)
{
	struct macb_t *m = test->priv;
	struct task_struct *t;

	t = kthread_run(macb_t_device, m, "macb-kunit-device");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	m->device = t;
}

/* A core its owner left running: receive, transmit and the management
 * port on, a frame going out, status and interrupts pending on every
 * queue, and the interrupt registers of the first queue the core does not
 * have marked, to show that the quiesce stays within the core.
 */
static void macb_t_running(struct macb_t *m, u32 mid, u32 dcfg1, u32 dcfg6)
{
	unsigned int q;

	wr(m, R_MID, mid);
	wr(m, R_DCFG1, dcfg1);
	wr(m, R_DCFG6, dcfg6);
	wr(m, R_NCR, T_NCR);
	wr(m, R_TSR, R_TSR_TGO | BIT(5));
	wr(m, R_RSR, BIT(1));
	wr(m, R_ISR, T_PENDING);
	for (q = 1; q <= T_QUEUES; q++) {
		wr(m, R_Q_ISR(q), T_UNTOUCHED);
		wr(m, R_Q_IDR(q), T_UNTOUCHED);
	}
}

static void macb_t_gem(struct macb_t *m, u32 dcfg1)
{
	macb_t_running(m, R_MID_GEM, dcfg1, T_DCFG6);
}

/* Off, masked and acknowledged on the first @queues queues; a status that
 * clears on read is read, not written.  Nothing past them was written.
 */
static void macb_t_expect_stopped(struct kunit *test, unsigned int queues,
				  bool clear_on_write)
{
	struct macb_t *m = test->priv;
	unsigned int q;
	u32 acked = clear_on_write ? U32_MAX : T_UNTOUCHED;

	KUNIT_EXPECT_EQ(test, rd(m, R_NCR), 0);
	KUNIT_EXPECT_EQ(test, rd(m, R_TSR), U32_MAX);
	KUNIT_EXPECT_EQ(test, rd(m, R_RSR), U32_MAX);
	KUNIT_EXPECT_EQ(test, rd(m, R_IDR), U32_MAX);
	KUNIT_EXPECT_EQ(test, rd(m, R_ISR),
			clear_on_write ? U32_MAX : T_PENDING);
	for (q = 1; q < queues; q++) {
		KUNIT_EXPECT_EQ(test, rd(m, R_Q_IDR(q)), U32_MAX);
		KUNIT_EXPECT_EQ(test, rd(m, R_Q_ISR(q)), acked);
	}
	KUNIT_EXPECT_EQ(test, rd(m, R_Q_IDR(queues)), T_UNTOUCHED);
	KUNIT_EXPECT_EQ(test, rd(m, R_Q_ISR(queues)), T_UNTOUCHED);
}

/* Nothing was written: the running core is as it was left. */
static void macb_t_expect_untouched(struct kunit *test)
{
	struct macb_t *m = test->priv;

	KUNIT_EXPECT_EQ(test, rd(m, R_NCR), T_NCR);
	KUNIT_EXPECT_EQ(test, rd(m, R_TSR), R_TSR_TGO | BIT(5));
	KUNIT_EXPECT_EQ(test, rd(m, R_IDR), 0);
	KUNIT_EXPECT_EQ(test, rd(m, R_ISR), T_PENDING);
	KUNIT_EXPECT_EQ(test, rd(m, R_Q_IDR(1)), T_UNTOUCHED);
}

/* Describe the device the device tree way: a node whose compatible is
 * @compat, every string with its NUL, @len bytes in all.  The node is
 * never attached to the tree and nothing under test takes a reference.
 */
static void macb_t_describe(struct kunit *test, const char *compat,
			    size_t len)
{
	struct macb_t *m = test->priv;
	struct device_node *np;
	struct property *prop;

	prop = kunit_kzalloc(test, sizeof(*prop), GFP_KERNEL);
	np = kunit_kzalloc(test, sizeof(*np), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, prop);
	KUNIT_ASSERT_NOT_NULL(test, np);
	prop->name = "compatible";
	prop->value = kunit_kmalloc(test, len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, prop->value);
	memcpy(prop->value, compat, len);
	prop->length = len;
	fwnode_init(&np->fwnode, &of_fwnode_ops);
	np->full_name = "macb-kunit";
	np->properties = prop;
	device_set_node(&m->pdev->dev, of_fwnode_handle(np));
}

/* A device allocated and never added, so that no driver probes it, named
 * @name (the driver's own name matches by name), with a compatible of
 * @len bytes or no node, and the quiesce vfio-platform's probe would get
 * for it.
 */
static void macb_t_device_as(struct kunit *test, const char *name,
			     const char *compat, size_t len)
{
	struct macb_t *m = test->priv;
	struct platform_quiesce *q;

	m->pdev = platform_device_alloc(name, PLATFORM_DEVID_NONE);
	KUNIT_ASSERT_NOT_NULL(test, m->pdev);
	/* for the quiesce's log lines: platform_device_add() would name it */
	KUNIT_ASSERT_EQ(test, dev_set_name(&m->pdev->dev, "%s", name), 0);
	if (compat)
		macb_t_describe(test, compat, len);

	device_lock(&m->pdev->dev);
	q = platform_quiesce_get(m->pdev);
	device_unlock(&m->pdev->dev);
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(q), "no quiesce: %pe", q);
	m->quiesce = q;
	KUNIT_ASSERT_STREQ(test, platform_quiesce_driver_name(q), "macb");
}

#define ZYNQMP		"cdns,zynqmp-gem\0cdns,gem"

static void macb_t_compatible(struct kunit *test, const char *compat,
			      size_t len)
{
	macb_t_device_as(test, "macb-vfio-kunit", compat, len);
}

static int macb_t_quiesce(struct macb_t *m, unsigned int num)
{
	struct platform_quiesce_regs regs = { .base = m->regs, .num = num };

	return platform_quiesce_call(m->quiesce, m->pdev, &regs);
}

static int macb_t_init(struct kunit *test)
{
	struct macb_t *m;
	void *regs;

	m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	regs = kunit_kzalloc(test, R_SIZE, GFP_KERNEL);
	if (!m || !regs)
		return -ENOMEM;
	m->regs[0] = (void __iomem __force *)regs;
	atomic_set(&m->idled, 0);
	test->priv = m;
	if (request_module("macb"))
		kunit_skip(test, "the macb module cannot be loaded");
	return 0;
}

static void macb_t_exit(struct kunit *test)
{
	struct macb_t *m = test->priv;

	if (!m)
		return;
	if (m->device)
		kthread_stop(m->device);
	if (m->quiesce)
		platform_quiesce_put(m->quiesce);
	if (m->pdev) {
		/* the node is the test's memory: off the device first */
		device_set_node(&m->pdev->dev, NULL);
		platform_device_put(m->pdev);
	}
}

/* The usual case, a ZynqMP GEM with four queues whose interrupt status
 * clears on write: all off, masked and acknowledged, the transmitter
 * waited for.
 */
static void gem_quiesced(struct kunit *test)
{
	struct macb_t *m = test->priv;

	macb_t_gem(m, 0);
	macb_t_compatible(test, ZYNQMP, sizeof(ZYNQMP));
	macb_t_start(test);

	KUNIT_EXPECT_EQ(test, macb_t_quiesce(m, 1), 0);
	macb_t_expect_stopped(test, T_QUEUES, true);
	KUNIT_EXPECT_EQ(test, atomic_read(&m->idled), 1);
}

/* A core whose interrupt status clears on read: read, never written. */
static void gem_status_clears_on_read(struct kunit *test)
{
	struct macb_t *m = test->priv;

	macb_t_gem(m, R_DCFG1_IRQCOR);
	macb_t_compatible(test, ZYNQMP, sizeof(ZYNQMP));
	macb_t_start(test);

	KUNIT_EXPECT_EQ(test, macb_t_quiesce(m, 1), 0);
	macb_t_expect_stopped(test, T_QUEUES, false);
}

/* A MACB has one queue and no design configuration registers: what
 * DCFG6 would say is not read as queues.
 */
static void macb_one_queue(struct kunit *test)
{
	static const char compat[] = "cdns,macb";
	struct macb_t *m = test->priv;

	macb_t_running(m, R_MID_MACB, 0, 0xfe);
	macb_t_compatible(test, compat, sizeof(compat));
	macb_t_start(test);

	KUNIT_EXPECT_EQ(test, macb_t_quiesce(m, 1), 0);
	macb_t_expect_stopped(test, 1, false);
}

/* The transmitter never goes idle: -ETIMEDOUT once the halt's bound of
 * 14 ms has passed, and well before a second, with everything else done.
 */
static void tx_never_idle(struct kunit *test)
{
	struct macb_t *m = test->priv;
	ktime_t start;
	s64 us;

	macb_t_gem(m, 0);
	macb_t_compatible(test, ZYNQMP, sizeof(ZYNQMP));

	start = ktime_get();
	KUNIT_EXPECT_EQ(test, macb_t_quiesce(m, 1), -ETIMEDOUT);
	us = ktime_us_delta(ktime_get(), start);
	KUNIT_EXPECT_GE(test, us, 14000);
	KUNIT_EXPECT_LT_MSG(test, us, 1000000, "waited %lld us", us);
	KUNIT_EXPECT_EQ(test, rd(m, R_NCR), 0);
	KUNIT_EXPECT_EQ(test, rd(m, R_IDR), U32_MAX);
	KUNIT_EXPECT_EQ(test, rd(m, R_Q_IDR(T_QUEUES - 1)), U32_MAX);
	KUNIT_EXPECT_EQ(test, rd(m, R_Q_ISR(T_QUEUES - 1)), U32_MAX);
	KUNIT_EXPECT_EQ(test, rd(m, R_RSR), U32_MAX);
}

/* Cores whose registers need glue the quiesce does not know are refused
 * with nothing written: clocks of the glue's own making (SiFive's
 * FU540), an EMAC, and a device that names another part first.
 */
static void needs_glue(struct kunit *test)
{
	static const char fu540[] = "sifive,fu540-c000-gem";
	struct macb_t *m = test->priv;

	macb_t_gem(m, 0);
	macb_t_compatible(test, fu540, sizeof(fu540));
	KUNIT_EXPECT_EQ(test, macb_t_quiesce(m, 1), -EOPNOTSUPP);
	macb_t_expect_untouched(test);
}

static void emac_refused(struct kunit *test)
{
	static const char compat[] = "cdns,emac";
	struct macb_t *m = test->priv;

	macb_t_gem(m, 0);
	macb_t_compatible(test, compat, sizeof(compat));
	KUNIT_EXPECT_EQ(test, macb_t_quiesce(m, 1), -EOPNOTSUPP);
	macb_t_expect_untouched(test);
}

static void not_named_first(struct kunit *test)
{
	static const char compat[] = "acme,gem-bridge\0" ZYNQMP;
	struct macb_t *m = test->priv;

	macb_t_gem(m, 0);
	macb_t_compatible(test, compat, sizeof(compat));
	KUNIT_EXPECT_EQ(test, macb_t_quiesce(m, 1), -EOPNOTSUPP);
	macb_t_expect_untouched(test);
}

/* A device matched by the driver's name alone has no node to tell the
 * core by: refused, nothing written.
 */
static void matched_by_name(struct kunit *test)
{
	struct macb_t *m = test->priv;

	macb_t_gem(m, 0);
	macb_t_device_as(test, "macb", NULL, 0);
	KUNIT_EXPECT_EQ(test, macb_t_quiesce(m, 1), -EOPNOTSUPP);
	macb_t_expect_untouched(test);
}

/* No register region: -ENXIO, nothing written. */
static void no_region(struct kunit *test)
{
	struct macb_t *m = test->priv;

	macb_t_gem(m, 0);
	macb_t_compatible(test, ZYNQMP, sizeof(ZYNQMP));
	KUNIT_EXPECT_EQ(test, macb_t_quiesce(m, 0), -ENXIO);
	macb_t_expect_untouched(test);
}

static struct kunit_case macb_vfio_reset_cases[] = {
	KUNIT_CASE(gem_quiesced),
	KUNIT_CASE(gem_status_clears_on_read),
	KUNIT_CASE(macb_one_queue),
	KUNIT_CASE(tx_never_idle),
	KUNIT_CASE(needs_glue),
	KUNIT_CASE(emac_refused),
	KUNIT_CASE(not_named_first),
	KUNIT_CASE(matched_by_name),
	KUNIT_CASE(no_region),
	{}
};

static struct kunit_suite macb_vfio_reset_suite = {
	.name = "macb_vfio_reset",
	.init = macb_t_init,
	.exit = macb_t_exit,
	.test_cases = macb_vfio_reset_cases,
};

kunit_test_suite(macb_vfio_reset_suite);

MODULE_DESCRIPTION("KUnit tests for the Cadence MACB/GEM's quiesce of assigned devices");
MODULE_LICENSE("GPL");
