// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests for the reset the XGMAC driver offers vfio-platform.
 *
 * The reset is found the way vfio-platform finds it, through the platform
 * bus, for a device named like the driver, and runs on a page of memory
 * that stands in for the registers.  Memory keeps what is written to it,
 * so a DMA software reset there never completes unless a kernel thread,
 * playing the DMA, clears the bit: that is how the timeout paths run.
 * Offsets and bits are written out from the XGMAC's register map rather
 * than taken from the driver, so that a write to the wrong place shows.
 */
#include <kunit/test.h>
#include <linux/bits.h>
#include <linux/delay.h>
#include <linux/io.h>
#include <linux/kmod.h>
#include <linux/kthread.h>
#include <linux/platform_device.h>
#include <linux/sizes.h>

#define X_MAC_CONTROL		0x0000
#define X_MAC_TX_ON		BIT(3)
#define X_MAC_RX_ON		BIT(2)
#define X_DMA_BUS_MODE		0x0f00
#define X_DMA_SWR		BIT(0)
#define X_DMA_STATUS		0x0f14
#define X_DMA_RX_STATE(s)	((s) << 17)	/* bits 19:17 */
#define X_DMA_TX_STATE(s)	((s) << 20)	/* bits 22:20 */
#define X_DMA_STATE_RUNNING	3		/* waiting for a frame */
#define X_DMA_RI		BIT(6)
#define X_DMA_NIS		BIT(16)
#define X_DMA_OP_MODE		0x0f18
#define X_DMA_TX_ON		BIT(13)
#define X_DMA_RX_ON		BIT(1)
#define X_DMA_INTR_ENA		0x0f1c

/* What the stand-in DMA does while a test runs. */
enum xgmac_t_dma {
	DMA_COMPLETES_RESET,	/* clears the reset bit when it sees it */
	DMA_NEVER_STOPS,	/* keeps its RX engine running, no reset */
};

struct xgmac_t {
	struct platform_device *pdev;
	struct platform_quiesce *reset;
	void __iomem *regs;
	struct task_struct *dma;
	enum xgmac_t_dma behaviour;
	atomic_t resets;
};

static u32 xrd(struct xgmac_t *x, u32 reg)
{
	return readl(x->regs + reg);
}

static void xwr(struct xgmac_t *x, u32 reg, u32 val)
{
	writel(val, x->regs + reg);
}

static int xgmac_t_dma(void *data)
{
	struct xgmac_t *x = data;
	u32 v;

	for (; !kthread_should_stop(); usleep_range(100, 200)) {
		if (x->behaviour == DMA_NEVER_STOPS) {
			v = xrd(x, X_DMA_STATUS);
			xwr(x, X_DMA_STATUS,
			    v | X_DMA_RX_STATE(X_DMA_STATE_RUNNING));
			continue;
		}
		v = xrd(x, X_DMA_BUS_MODE);
		if (!(v & X_DMA_SWR))
			continue;
		xwr(x, X_DMA_BUS_MODE, v & ~X_DMA_SWR);
		atomic_inc(&x->resets);
	}
	return 0;
}

static void xgmac_t_run_dma(struct kunit *test, enum xgmac_t_dma behaviour)
{
	struct xgmac_t *x = test->priv;
	struct task_struct *t;

	x->behaviour = behaviour;
	t = kthread_run(xgmac_t_dma, x, "xgmac-kunit-dma");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	x->dma = t;
}

/* An XGMAC its owner left running: MAC and both DMA engines on, every
 * interrupt enabled and one pending.
 */
static void xgmac_t_running(struct xgmac_t *x)
{
	xwr(x, X_MAC_CONTROL, X_MAC_TX_ON | X_MAC_RX_ON);
	xwr(x, X_DMA_OP_MODE, X_DMA_TX_ON | X_DMA_RX_ON);
	xwr(x, X_DMA_INTR_ENA, GENMASK(16, 0));
	xwr(x, X_DMA_STATUS, X_DMA_NIS | X_DMA_RI);
}

static void xgmac_t_expect_quiet(struct kunit *test)
{
	struct xgmac_t *x = test->priv;

	KUNIT_EXPECT_EQ(test, xrd(x, X_MAC_CONTROL) &
			(X_MAC_TX_ON | X_MAC_RX_ON), 0);
	KUNIT_EXPECT_EQ(test, xrd(x, X_DMA_OP_MODE) &
			(X_DMA_TX_ON | X_DMA_RX_ON), 0);
	KUNIT_EXPECT_EQ(test, xrd(x, X_DMA_INTR_ENA), 0);
}

static int xgmac_t_reset(struct xgmac_t *x, unsigned int num)
{
	struct platform_quiesce_regs regs = { .base = &x->regs, .num = num };

	return platform_quiesce_call(x->reset, x->pdev, &regs);
}

/* A device the XGMAC driver matches by name and never probes (it is never
 * added), and the driver's reset for it, as vfio-platform would hold it.
 */
static int xgmac_t_init(struct kunit *test)
{
	struct platform_quiesce *reset;
	struct xgmac_t *x;
	void *mem;

	x = kunit_kzalloc(test, sizeof(*x), GFP_KERNEL);
	mem = kunit_kzalloc(test, SZ_4K, GFP_KERNEL);
	if (!x || !mem)
		return -ENOMEM;
	x->regs = (void __iomem __force *)mem;
	atomic_set(&x->resets, 0);
	test->priv = x;

	x->pdev = platform_device_alloc("calxedaxgmac", PLATFORM_DEVID_NONE);
	if (!x->pdev)
		return -ENOMEM;
	/* for the reset's log lines: platform_device_add() would name it */
	if (dev_set_name(&x->pdev->dev, "xgmac-vfio-kunit"))
		return -ENOMEM;
	if (request_module("xgmac"))
		kunit_skip(test, "the xgmac module cannot be loaded");
	/* as vfio-platform's probe asks */
	device_lock(&x->pdev->dev);
	reset = platform_quiesce_get(x->pdev);
	device_unlock(&x->pdev->dev);
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(reset), "no reset: %pe", reset);
	x->reset = reset;
	KUNIT_ASSERT_STREQ(test, platform_quiesce_driver_name(reset),
			   "calxedaxgmac");
	return 0;
}

static void xgmac_t_exit(struct kunit *test)
{
	struct xgmac_t *x = test->priv;

	if (!x)
		return;
	if (x->dma)
		kthread_stop(x->dma);
	if (x->reset)
		platform_quiesce_put(x->reset);
	if (x->pdev)
		platform_device_put(x->pdev);
}

/* The usual case: all off, status cleared, one DMA reset that completes. */
static void quiesced_and_reset(struct kunit *test)
{
	struct xgmac_t *x = test->priv;

	xgmac_t_running(x);
	xgmac_t_run_dma(test, DMA_COMPLETES_RESET);

	KUNIT_EXPECT_EQ(test, xgmac_t_reset(x, 1), 0);
	xgmac_t_expect_quiet(test);
	KUNIT_EXPECT_EQ(test, atomic_read(&x->resets), 1);
	KUNIT_EXPECT_EQ(test, xrd(x, X_DMA_BUS_MODE) & X_DMA_SWR, 0);
}

/* The DMA reset never completes, and the status shows both engines
 * stopped: quiesced, with a warning, after a wait bounded in time.
 */
static void reset_timeout_dma_stopped(struct kunit *test)
{
	struct xgmac_t *x = test->priv;
	ktime_t start = ktime_get();
	s64 ms;

	xgmac_t_running(x);

	KUNIT_EXPECT_EQ(test, xgmac_t_reset(x, 1), 0);
	ms = ktime_ms_delta(ktime_get(), start);
	xgmac_t_expect_quiet(test);
	KUNIT_EXPECT_EQ(test, xrd(x, X_DMA_BUS_MODE) & X_DMA_SWR, X_DMA_SWR);
	KUNIT_EXPECT_GE(test, ms, 100);
	KUNIT_EXPECT_LT_MSG(test, ms, 5000, "waited %lld ms", ms);
}

/* The DMA reset never completes and the RX engine keeps running: the
 * device is not quiesced, and the reset says so.
 */
static void reset_timeout_dma_running(struct kunit *test)
{
	struct xgmac_t *x = test->priv;

	xgmac_t_running(x);
	xgmac_t_run_dma(test, DMA_NEVER_STOPS);

	KUNIT_EXPECT_EQ(test, xgmac_t_reset(x, 1), -ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, xrd(x, X_DMA_INTR_ENA), 0);
}

static void no_registers(struct kunit *test)
{
	struct xgmac_t *x = test->priv;

	xgmac_t_running(x);
	KUNIT_EXPECT_EQ(test, xgmac_t_reset(x, 0), -ENXIO);
	KUNIT_EXPECT_EQ(test, xrd(x, X_DMA_OP_MODE),
			X_DMA_TX_ON | X_DMA_RX_ON);
}

static struct kunit_case xgmac_vfio_reset_cases[] = {
	KUNIT_CASE(quiesced_and_reset),
	KUNIT_CASE(reset_timeout_dma_stopped),
	KUNIT_CASE(reset_timeout_dma_running),
	KUNIT_CASE(no_registers),
	{}
};

static struct kunit_suite xgmac_vfio_reset_suite = {
	.name = "xgmac_vfio_reset",
	.init = xgmac_t_init,
	.exit = xgmac_t_exit,
	.test_cases = xgmac_vfio_reset_cases,
};

kunit_test_suite(xgmac_vfio_reset_suite);

MODULE_DESCRIPTION("KUnit tests for the XGMAC's reset of assigned devices");
MODULE_LICENSE("GPL");
