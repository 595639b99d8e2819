// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests for the quiesce the AMD XGBE platform driver offers
 * vfio-platform.
 *
 * The quiesce is found as vfio-platform finds it, through the platform
 * bus, for a device described by a device tree node, and it runs on two
 * blocks of memory standing in for the xgmac and xpcs regions.  Memory
 * keeps what is written to it, so a reset never completes there unless a
 * kernel thread playing the device clears its bit: that is how the
 * timeout paths run.  Offsets and bits are written out from the
 * register map rather than taken from the driver, so that a write to the
 * wrong place shows.
 *
 * The XPCS is reached through a window: the MMD address goes to the
 * window select register and the register sits at its low byte times
 * four.  Memory does not decode the window, so registers of different
 * MMDs with the same low byte share a word here (the AN's and the PCS's
 * control registers, both at offset 0); the tests check that word as the
 * sum of what the quiesce writes to both, in its order.
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

/* xgmac region */
#define G_MAC_TCR		0x0000
#define G_MAC_RCR		0x0004
#define G_MAC_RQC0R		0x00a0
#define G_MAC_IER		0x00b4
#define G_MAC_HWF2R		0x0124
#define G_MMC_RIER		0x080c
#define G_MMC_TIER		0x0810
#define G_MTL_Q(q, reg)		(0x1100 + (q) * 0x80 + (reg))
#define G_MTL_Q_TQOMR		0x00
#define G_MTL_Q_TXQEN		GENMASK(3, 2)
#define G_MTL_Q_IER		0x70
#define G_DMA_MR		0x3000
#define G_DMA_SWR		BIT(0)
#define G_DMA_CH(c, reg)	(0x3100 + (c) * 0x80 + (reg))
#define G_DMA_CH_TCR		0x04
#define G_DMA_CH_RCR		0x08
#define G_DMA_CH_IER		0x38
#define G_ON			BIT(0)	/* TE, RE, ST and SR */
#define G_SIZE			SZ_16K

/* xpcs region: the window select, and where registers land in it */
#define P_WINDOW		0x03fc
#define P_PAGE(mmd, reg)	((((mmd) << 16) | (reg)) >> 8)
#define P_AT(reg)		(((reg) & 0xff) << 2)
#define P_MMD_PMAPMD		1
#define P_MMD_PCS		3
#define P_MMD_AN		7
#define P_CTRL1			0x0000	/* PCS and AN: same word here */
#define P_PCS_RESET		BIT(15)
#define P_AN_ENABLE		BIT(12)
#define P_KR_PMD_CTRL		0x0096	/* PMA/PMD 10GBASE-R PMD control */
#define P_KR_TRAINING		BIT(1)
#define P_AN_INTMASK		0x8001
#define P_AN_INT		0x8002
#define P_SIZE			SZ_1K

/* 4 TX and 4 RX DMA channels and MTL queues (each count is minus one) */
#define T_COUNT			4
#define T_HWF2R			((3 << 18) | (3 << 12) | (3 << 6) | 3)
#define T_UNTOUCHED		0x5a5a5a5a

struct xgbe_t {
	struct platform_device *pdev;
	struct platform_quiesce *quiesce;
	void __iomem *regs[2];
	struct task_struct *device;
	bool dma_resets;	/* the stand-in clears the DMA reset bit */
	bool pcs_resets;	/* and the PCS's */
	atomic_t dma_reset_count;
	atomic_t pcs_reset_count;
};

static u32 grd(struct xgbe_t *x, u32 reg)
{
	return readl(x->regs[0] + reg);
}

static void gwr(struct xgbe_t *x, u32 reg, u32 val)
{
	writel(val, x->regs[0] + reg);
}

static u32 prd(struct xgbe_t *x, u32 at)
{
	return readl(x->regs[1] + at);
}

static void pwr(struct xgbe_t *x, u32 at, u32 val)
{
	writel(val, x->regs[1] + at);
}

/* The device: completes what resets it was told to complete. */
static int xgbe_t_device(void *data)
{
	struct xgbe_t *x = data;
	u32 v;

	for (; !kthread_should_stop(); usleep_range(100, 200)) {
		v = grd(x, G_DMA_MR);
		if (x->dma_resets && (v & G_DMA_SWR)) {
			gwr(x, G_DMA_MR, v & ~G_DMA_SWR);
			atomic_inc(&x->dma_reset_count);
		}
		if (prd(x, P_WINDOW) != P_PAGE(P_MMD_PCS, P_CTRL1))
			continue;
		v = prd(x, P_AT(P_CTRL1));
		if (x->pcs_resets && (v & P_PCS_RESET)) {
			pwr(x, P_AT(P_CTRL1), v & ~P_PCS_RESET);
			atomic_inc(&x->pcs_reset_count);
		}
	}
	return 0;
}

static void xgbe_t_start(struct kunit *test, bool dma_resets, bool pcs_resets)
{
	struct xgbe_t *x = test->priv;
	struct task_struct *t;

	x->dma_resets = dma_resets;
	x->pcs_resets = pcs_resets;
	t = kthread_run(xgbe_t_device, x, "xgbe-kunit-device");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	x->device = t;
}

/* An XGBE its owner left running: MAC, MTL queues and DMA channels on,
 * every interrupt enabled, auto-negotiation and KR training on.  The
 * first channel and queue the core does not have are marked, to show
 * that the quiesce stays within the core.
 */
static void xgbe_t_running(struct xgbe_t *x)
{
	unsigned int i;

	gwr(x, G_MAC_HWF2R, T_HWF2R);
	gwr(x, G_MAC_TCR, G_ON);
	gwr(x, G_MAC_RCR, G_ON);
	gwr(x, G_MAC_RQC0R, 0xaa);
	gwr(x, G_MAC_IER, GENMASK(15, 0));
	gwr(x, G_MMC_RIER, GENMASK(31, 0));
	gwr(x, G_MMC_TIER, GENMASK(31, 0));
	for (i = 0; i <= T_COUNT; i++) {
		gwr(x, G_MTL_Q(i, G_MTL_Q_TQOMR), G_MTL_Q_TXQEN);
		gwr(x, G_MTL_Q(i, G_MTL_Q_IER), T_UNTOUCHED);
		gwr(x, G_DMA_CH(i, G_DMA_CH_TCR), G_ON);
		gwr(x, G_DMA_CH(i, G_DMA_CH_RCR), G_ON);
		gwr(x, G_DMA_CH(i, G_DMA_CH_IER), T_UNTOUCHED);
	}
	pwr(x, P_AT(P_CTRL1), P_AN_ENABLE);
	pwr(x, P_AT(P_KR_PMD_CTRL), P_KR_TRAINING);
	pwr(x, P_AT(P_AN_INTMASK), GENMASK(2, 0));
	pwr(x, P_AT(P_AN_INT), BIT(0));
}

/* Nothing can raise an interrupt and nothing runs, on every channel and
 * queue the core has, and nothing past them was written.
 */
static void xgbe_t_expect_stopped(struct kunit *test)
{
	struct xgbe_t *x = test->priv;
	unsigned int i;

	KUNIT_EXPECT_EQ(test, grd(x, G_MAC_TCR) & G_ON, 0);
	KUNIT_EXPECT_EQ(test, grd(x, G_MAC_RCR) & G_ON, 0);
	KUNIT_EXPECT_EQ(test, grd(x, G_MAC_RQC0R), 0);
	KUNIT_EXPECT_EQ(test, grd(x, G_MAC_IER), 0);
	KUNIT_EXPECT_EQ(test, grd(x, G_MMC_RIER), 0);
	KUNIT_EXPECT_EQ(test, grd(x, G_MMC_TIER), 0);
	for (i = 0; i < T_COUNT; i++) {
		KUNIT_EXPECT_EQ(test, grd(x, G_MTL_Q(i, G_MTL_Q_TQOMR)), 0);
		KUNIT_EXPECT_EQ(test, grd(x, G_MTL_Q(i, G_MTL_Q_IER)), 0);
		KUNIT_EXPECT_EQ(test, grd(x, G_DMA_CH(i, G_DMA_CH_TCR)), 0);
		KUNIT_EXPECT_EQ(test, grd(x, G_DMA_CH(i, G_DMA_CH_RCR)), 0);
		KUNIT_EXPECT_EQ(test, grd(x, G_DMA_CH(i, G_DMA_CH_IER)), 0);
	}
	KUNIT_EXPECT_EQ(test, grd(x, G_MTL_Q(T_COUNT, G_MTL_Q_IER)),
			T_UNTOUCHED);
	KUNIT_EXPECT_EQ(test, grd(x, G_DMA_CH(T_COUNT, G_DMA_CH_IER)),
			T_UNTOUCHED);
	KUNIT_EXPECT_EQ(test, prd(x, P_AT(P_KR_PMD_CTRL)), 0);
	KUNIT_EXPECT_EQ(test, prd(x, P_AT(P_CTRL1)) & P_AN_ENABLE, 0);
	KUNIT_EXPECT_EQ(test, prd(x, P_AT(P_AN_INTMASK)), 0);
	KUNIT_EXPECT_EQ(test, prd(x, P_AT(P_AN_INT)), 0);
}

/* Nothing was written: the running device is as it was left. */
static void xgbe_t_expect_untouched(struct kunit *test)
{
	struct xgbe_t *x = test->priv;

	KUNIT_EXPECT_EQ(test, grd(x, G_MAC_TCR), G_ON);
	KUNIT_EXPECT_EQ(test, grd(x, G_DMA_CH(0, G_DMA_CH_IER)), T_UNTOUCHED);
	KUNIT_EXPECT_EQ(test, grd(x, G_DMA_MR), 0);
	KUNIT_EXPECT_EQ(test, prd(x, P_WINDOW), 0);
	KUNIT_EXPECT_EQ(test, prd(x, P_AT(P_CTRL1)), P_AN_ENABLE);
}

/* Describe the device the device tree way: a node whose compatible is
 * @compat, every string with its NUL, @len bytes in all.  The node is
 * never attached to the tree and nothing under test takes a reference.
 */
static void xgbe_t_describe(struct kunit *test, const char *compat,
			    size_t len)
{
	struct xgbe_t *x = test->priv;
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
	np->full_name = "xgbe-kunit";
	np->properties = prop;
	device_set_node(&x->pdev->dev, of_fwnode_handle(np));
}

/* A device allocated and never added, so that no driver probes it, named
 * @name (the driver's own name matches by name), with a compatible of
 * @len bytes or no node, and the quiesce vfio-platform's probe would get
 * for it.
 */
static void xgbe_t_device_as(struct kunit *test, const char *name,
			     const char *compat, size_t len)
{
	struct xgbe_t *x = test->priv;
	struct platform_quiesce *q;

	x->pdev = platform_device_alloc(name, PLATFORM_DEVID_NONE);
	KUNIT_ASSERT_NOT_NULL(test, x->pdev);
	/* for the quiesce's log lines: platform_device_add() would name it */
	KUNIT_ASSERT_EQ(test, dev_set_name(&x->pdev->dev, "%s", name), 0);
	if (compat)
		xgbe_t_describe(test, compat, len);

	device_lock(&x->pdev->dev);
	q = platform_quiesce_get(x->pdev);
	device_unlock(&x->pdev->dev);
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(q), "no quiesce: %pe", q);
	x->quiesce = q;
	KUNIT_ASSERT_STREQ(test, platform_quiesce_driver_name(q), "amd-xgbe");
}

#define SEATTLE		"amd,xgbe-seattle-v1a"

static void xgbe_t_seattle(struct kunit *test)
{
	xgbe_t_device_as(test, "xgbe-vfio-kunit", SEATTLE, sizeof(SEATTLE));
}

static int xgbe_t_quiesce(struct xgbe_t *x, unsigned int num)
{
	struct platform_quiesce_regs regs = { .base = x->regs, .num = num };

	return platform_quiesce_call(x->quiesce, x->pdev, &regs);
}

/* A reset that never completes: -ETIMEDOUT once its bound of a second
 * has passed, and well before five.
 */
static void xgbe_t_expect_timeout(struct kunit *test)
{
	struct xgbe_t *x = test->priv;
	ktime_t start = ktime_get();
	s64 ms;

	KUNIT_EXPECT_EQ(test, xgbe_t_quiesce(x, 2), -ETIMEDOUT);
	ms = ktime_ms_delta(ktime_get(), start);
	KUNIT_EXPECT_GE(test, ms, 1000);
	KUNIT_EXPECT_LT_MSG(test, ms, 5000, "waited %lld ms", ms);
}

static int xgbe_t_init(struct kunit *test)
{
	struct xgbe_t *x;
	void *xgmac, *xpcs;

	x = kunit_kzalloc(test, sizeof(*x), GFP_KERNEL);
	xgmac = kunit_kzalloc(test, G_SIZE, GFP_KERNEL);
	xpcs = kunit_kzalloc(test, P_SIZE, GFP_KERNEL);
	if (!x || !xgmac || !xpcs)
		return -ENOMEM;
	x->regs[0] = (void __iomem __force *)xgmac;
	x->regs[1] = (void __iomem __force *)xpcs;
	atomic_set(&x->dma_reset_count, 0);
	atomic_set(&x->pcs_reset_count, 0);
	test->priv = x;
	if (request_module("amd-xgbe"))
		kunit_skip(test, "the amd-xgbe module cannot be loaded");
	xgbe_t_running(x);
	return 0;
}

static void xgbe_t_exit(struct kunit *test)
{
	struct xgbe_t *x = test->priv;

	if (!x)
		return;
	if (x->device)
		kthread_stop(x->device);
	if (x->quiesce)
		platform_quiesce_put(x->quiesce);
	if (x->pdev) {
		/* the node is the test's memory: the device's release must
		 * not put it
		 */
		device_set_node(&x->pdev->dev, NULL);
		platform_device_put(x->pdev);
	}
}

/* The usual case: all stopped and masked, the PCS reset once and the DMA
 * software reset twice, as the driver's own exit does.
 */
static void quiesced_and_reset(struct kunit *test)
{
	struct xgbe_t *x = test->priv;

	xgbe_t_seattle(test);
	xgbe_t_start(test, true, true);

	KUNIT_EXPECT_EQ(test, xgbe_t_quiesce(x, 2), 0);
	xgbe_t_expect_stopped(test);
	KUNIT_EXPECT_EQ(test, prd(x, P_AT(P_CTRL1)), 0);
	KUNIT_EXPECT_EQ(test, grd(x, G_DMA_MR), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&x->pcs_reset_count), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&x->dma_reset_count), 2);
}

/* The DMA software reset never completes: -ETIMEDOUT after the driver's
 * bound of about a second, with everything else done.
 */
static void dma_reset_timeout(struct kunit *test)
{
	struct xgbe_t *x = test->priv;

	xgbe_t_seattle(test);
	xgbe_t_start(test, false, true);

	xgbe_t_expect_timeout(test);
	xgbe_t_expect_stopped(test);
	KUNIT_EXPECT_EQ(test, grd(x, G_DMA_MR) & G_DMA_SWR, G_DMA_SWR);
	KUNIT_EXPECT_EQ(test, atomic_read(&x->pcs_reset_count), 1);
}

/* The PCS never leaves reset: -ETIMEDOUT after the PHY reset's bound of
 * a second, and the DMA is still stopped and reset twice.
 */
static void pcs_reset_timeout(struct kunit *test)
{
	struct xgbe_t *x = test->priv;

	xgbe_t_seattle(test);
	xgbe_t_start(test, true, false);

	xgbe_t_expect_timeout(test);
	xgbe_t_expect_stopped(test);
	KUNIT_EXPECT_EQ(test, prd(x, P_AT(P_CTRL1)) & P_PCS_RESET,
			P_PCS_RESET);
	KUNIT_EXPECT_EQ(test, atomic_read(&x->dma_reset_count), 2);
}

/* A device that names another part first and falls back to Seattle's
 * XGBE: the bus finds this driver's quiesce for it, which refuses it
 * and writes nothing.
 */
static void not_named_first(struct kunit *test)
{
	static const char compat[] = "acme,xgbe-bridge\0" SEATTLE;
	struct xgbe_t *x = test->priv;

	xgbe_t_device_as(test, "xgbe-vfio-kunit", compat, sizeof(compat));
	KUNIT_EXPECT_EQ(test, xgbe_t_quiesce(x, 2), -EOPNOTSUPP);
	xgbe_t_expect_untouched(test);
}

/* A device matched by the driver's name alone has no version data, so
 * no XPCS access the quiesce knows: refused, nothing written.
 */
static void matched_by_name(struct kunit *test)
{
	struct xgbe_t *x = test->priv;

	xgbe_t_device_as(test, "amd-xgbe", NULL, 0);
	KUNIT_EXPECT_EQ(test, xgbe_t_quiesce(x, 2), -EOPNOTSUPP);
	xgbe_t_expect_untouched(test);
}

/* Only the xgmac region: -ENXIO, nothing written. */
static void no_xpcs_region(struct kunit *test)
{
	struct xgbe_t *x = test->priv;

	xgbe_t_seattle(test);
	KUNIT_EXPECT_EQ(test, xgbe_t_quiesce(x, 1), -ENXIO);
	xgbe_t_expect_untouched(test);
}

static struct kunit_case xgbe_vfio_reset_cases[] = {
	KUNIT_CASE(quiesced_and_reset),
	KUNIT_CASE(dma_reset_timeout),
	KUNIT_CASE(pcs_reset_timeout),
	KUNIT_CASE(not_named_first),
	KUNIT_CASE(matched_by_name),
	KUNIT_CASE(no_xpcs_region),
	{}
};

static struct kunit_suite xgbe_vfio_reset_suite = {
	.name = "xgbe_vfio_reset",
	.init = xgbe_t_init,
	.exit = xgbe_t_exit,
	.test_cases = xgbe_vfio_reset_cases,
};

kunit_test_suite(xgbe_vfio_reset_suite);

MODULE_DESCRIPTION("KUnit tests for the AMD XGBE's quiesce of assigned devices");
MODULE_LICENSE("GPL");
