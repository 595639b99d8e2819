// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests for the VFIO reset of DWMACs that run on stmmac's own ops.
 *
 * No board emulated here has a core that dwmac-generic matches, so a block
 * of memory stands in for its registers: the reset's reads and writes land
 * there and are checked afterwards, and a kernel thread plays the DMA that
 * completes a software reset.  The register layouts below are written out
 * from the cores' documented maps rather than taken from stmmac's headers,
 * so that a wrong choice of ops shows as writes in the wrong places.
 */
#include <kunit/test.h>
#include <linux/bits.h>
#include <linux/clk.h>
#include <linux/clk-provider.h>
#include <linux/clkdev.h>
#include <linux/delay.h>
#include <linux/device.h>
#include <linux/io.h>
#include <linux/kmod.h>
#include <linux/kthread.h>
#include <linux/fwnode.h>
#include <linux/of.h>
#include <linux/platform_device.h>
#include <linux/sizes.h>
#include <linux/slab.h>

#include "stmmac_platform.h"

/* Both cores: MAC configuration at 0, DMA bus mode with its reset bit. */
#define T_MAC_CONFIG		0x0000
#define T_DMA_BUS_MODE		0x1000
#define T_DMA_SWR		BIT(0)

/* 3.x (dwmac1000): one DMA channel. */
#define T3_VERSION		0x0020
#define T3_MAC_TE		BIT(3)
#define T3_MAC_RE		BIT(2)
#define T3_DMA_STATUS		0x1014
#define T3_DMA_RX_RUNNING	(3 << 17)	/* RS: waiting for a frame */
#define T3_DMA_OP_MODE		0x1018
#define T3_DMA_ST		BIT(13)
#define T3_DMA_SR		BIT(1)
#define T3_DMA_INTR_ENA		0x101c
#define T3_DMA_RIE		BIT(6)
#define T3_DMA_TIE		BIT(0)

/* 4.x and 5.x: channel count in a feature register, registers per channel. */
#define T4_VERSION		0x0110
#define T4_HW_FEATURE2		0x0124
#define T4_FEAT2_RXCH(n)	(((n) - 1) << 12)
#define T4_FEAT2_TXCH(n)	(((n) - 1) << 18)
#define T4_MAC_TE		BIT(1)
#define T4_MAC_RE		BIT(0)
#define T4_CH(n)		(0x1100 + (n) * 0x80)
#define T4_CH_TX_CTRL(n)	(T4_CH(n) + 0x04)
#define T4_CH_RX_CTRL(n)	(T4_CH(n) + 0x08)
#define T4_CH_INTR_ENA(n)	(T4_CH(n) + 0x34)
#define T4_CH_START		BIT(0)
#define T4_CH_RIE		BIT(6)
#define T4_CH_TIE		BIT(0)
/* Process states, RX then TX, four bits each, channel 0 from bit 8 on. */
#define T4_DMA_DEBUG(n)		(0x100c + (n) * 4)
#define T4_RX_RUNNING_CH5	(3 << 16)	/* in T4_DMA_DEBUG(1) */
#define T4_TX_RUNNING_CH3	(2 << 4)	/* in T4_DMA_DEBUG(1) */

/* A clock that counts what is done to it. */
struct count_clk {
	struct clk_hw hw;
	int calls;
};

static int count_clk_prepare(struct clk_hw *hw)
{
	container_of(hw, struct count_clk, hw)->calls++;
	return 0;
}

static void count_clk_unprepare(struct clk_hw *hw)
{
	container_of(hw, struct count_clk, hw)->calls++;
}

static const struct clk_ops count_clk_ops = {
	.prepare = count_clk_prepare,
	.unprepare = count_clk_unprepare,
	.enable = count_clk_prepare,
	.disable = count_clk_unprepare,
};

struct fake_dwmac {
	struct platform_device *pdev;
	struct count_clk *clk;
	struct clk_lookup *clk_lookup;
	void __iomem *regs;
	struct task_struct *dma;
	atomic_t resets;
};

static u32 rd(struct fake_dwmac *f, u32 reg)
{
	return readl(f->regs + reg);
}

static void wr(struct fake_dwmac *f, u32 reg, u32 val)
{
	writel(val, f->regs + reg);
}

/* The DMA's side of a software reset: notice the bit, finish, clear it. */
static int fake_dwmac_dma(void *data)
{
	struct fake_dwmac *f = data;
	u32 mode;

	while (!kthread_should_stop()) {
		mode = rd(f, T_DMA_BUS_MODE);
		if (mode & T_DMA_SWR) {
			wr(f, T_DMA_BUS_MODE, mode & ~T_DMA_SWR);
			atomic_inc(&f->resets);
		}
		usleep_range(100, 200);
	}
	return 0;
}

static void fake_dwmac_start_dma(struct kunit *test)
{
	struct fake_dwmac *f = test->priv;
	struct task_struct *dma;

	dma = kthread_run(fake_dwmac_dma, f, "fake-dwmac-dma");
	KUNIT_ASSERT_FALSE(test, IS_ERR(dma));
	f->dma = dma;
}

/* Describe the fake core in the device tree way: a node with @compat. */
static void fake_dwmac_describe(struct kunit *test, const char *compat,
				size_t len)
{
	struct fake_dwmac *f = test->priv;
	struct device_node *np;
	struct property *prop;

	prop = kunit_kzalloc(test, sizeof(*prop), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, prop);
	prop->name = "compatible";
	prop->value = kunit_kzalloc(test, len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, prop->value);
	memcpy(prop->value, compat, len);
	prop->length = len;

	/* Never attached to the tree, and no path under test takes a
	 * reference: the fwnode is all of of_node_init() it needs, and the
	 * only part a module can set up.
	 */
	np = kunit_kzalloc(test, sizeof(*np), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, np);
	fwnode_init(&np->fwnode, &of_fwnode_ops);
	np->full_name = "fake-dwmac";
	np->properties = prop;
	device_set_node(&f->pdev->dev, of_fwnode_handle(np));
}

/* The device: allocated but never added, so no driver can probe it once
 * it has a device tree node.  The reset needs only its name, node and
 * clocks.
 */
static int fake_dwmac_init(struct kunit *test)
{
	struct fake_dwmac *f;
	void *mem;

	f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	test->priv = f;
	mem = kunit_kzalloc(test, SZ_8K, GFP_KERNEL);
	if (!mem)
		return -ENOMEM;
	f->regs = (void __iomem __force *)mem;
	atomic_set(&f->resets, 0);

	f->pdev = platform_device_alloc("stmmac-vfio-kunit",
					PLATFORM_DEVID_NONE);
	if (!f->pdev)
		return -ENOMEM;
	/* Named as platform_device_add() would, for its clock lookup (whose
	 * device names are at most 19 characters on some kernels).
	 */
	return dev_set_name(&f->pdev->dev, "stmmac-vfio-kunit");
}

static void fake_dwmac_exit(struct kunit *test)
{
	struct fake_dwmac *f = test->priv;

	if (!f)
		return;
	if (f->dma)
		kthread_stop(f->dma);
	if (f->clk_lookup)
		clkdev_drop(f->clk_lookup);
	if (f->clk)
		clk_hw_unregister(&f->clk->hw);
	if (f->pdev) {
		device_set_node(&f->pdev->dev, NULL);
		platform_device_put(f->pdev);
	}
}

/* The reset as the platform bus calls it, with @num regions mapped. */
static int fake_dwmac_reset(struct fake_dwmac *f, unsigned int num)
{
	struct platform_quiesce_regs regs = { .base = &f->regs, .num = num };

	return stmmac_pltfr_quiesce(f->pdev, &regs, NULL);
}

/* A 3.x core running: MAC on, both DMA engines on, their interrupts on. */
static void fake_dwmac3_running(struct fake_dwmac *f)
{
	wr(f, T3_VERSION, 0x1037);
	wr(f, T_MAC_CONFIG, T3_MAC_TE | T3_MAC_RE);
	wr(f, T3_DMA_OP_MODE, T3_DMA_ST | T3_DMA_SR);
	wr(f, T3_DMA_INTR_ENA, T3_DMA_RIE | T3_DMA_TIE);
}

static void fake_dwmac3_expect_quiet(struct kunit *test)
{
	struct fake_dwmac *f = test->priv;

	KUNIT_EXPECT_EQ(test, rd(f, T_MAC_CONFIG) & (T3_MAC_TE | T3_MAC_RE), 0);
	KUNIT_EXPECT_EQ(test, rd(f, T3_DMA_OP_MODE) &
			(T3_DMA_ST | T3_DMA_SR), 0);
	KUNIT_EXPECT_EQ(test, rd(f, T3_DMA_INTR_ENA) &
			(T3_DMA_RIE | T3_DMA_TIE), 0);
}

static const char compat_370a[] = "snps,dwmac-3.70a\0snps,dwmac";
static const char compat_plain[] = "snps,dwmac";
static const char compat_420a[] = "snps,dwmac-4.20a\0snps,dwmac";

/* A running 3.x core described by @compat: quiet after one DMA reset. */
static void dwmac3_reset(struct kunit *test, const char *compat, size_t len)
{
	struct fake_dwmac *f = test->priv;

	fake_dwmac_describe(test, compat, len);
	fake_dwmac3_running(f);
	fake_dwmac_start_dma(test);

	KUNIT_EXPECT_EQ(test, fake_dwmac_reset(f, 1), 0);
	fake_dwmac3_expect_quiet(test);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->resets), 1);
}

static void dwmac3_quiesced_and_reset(struct kunit *test)
{
	dwmac3_reset(test, compat_370a, sizeof(compat_370a));
}

/* stmmac probes a core named only "snps,dwmac" as a 3.x core: so does this. */
static void plain_snps_dwmac_is_3x(struct kunit *test)
{
	dwmac3_reset(test, compat_plain, sizeof(compat_plain));
}

/* A 4.20 core with four channels, every one running, and a fifth
 * register block past what the core has.
 */
static void fake_dwmac4_running(struct fake_dwmac *f)
{
	u32 ch;

	wr(f, T4_VERSION, 0x1042);
	wr(f, T4_HW_FEATURE2, T4_FEAT2_RXCH(4) | T4_FEAT2_TXCH(4));
	wr(f, T_MAC_CONFIG, T4_MAC_TE | T4_MAC_RE);
	for (ch = 0; ch <= 4; ch++) {
		wr(f, T4_CH_TX_CTRL(ch), T4_CH_START);
		wr(f, T4_CH_RX_CTRL(ch), T4_CH_START);
		wr(f, T4_CH_INTR_ENA(ch), T4_CH_RIE | T4_CH_TIE);
	}
}

/* The device tree would have stmmac use one channel of the four: the owner
 * could have started any of them, so all four stop, and the fifth register
 * block is left alone.
 */
static void dwmac4_every_channel_stopped(struct kunit *test)
{
	struct fake_dwmac *f = test->priv;
	u32 ch;

	fake_dwmac_describe(test, compat_420a, sizeof(compat_420a));
	fake_dwmac4_running(f);
	fake_dwmac_start_dma(test);

	KUNIT_EXPECT_EQ(test, fake_dwmac_reset(f, 1), 0);
	KUNIT_EXPECT_EQ(test, rd(f, T_MAC_CONFIG) & (T4_MAC_TE | T4_MAC_RE), 0);
	for (ch = 0; ch < 4; ch++) {
		KUNIT_EXPECT_EQ_MSG(test,
				    rd(f, T4_CH_TX_CTRL(ch)) & T4_CH_START, 0,
				    "TX DMA of channel %u", ch);
		KUNIT_EXPECT_EQ_MSG(test,
				    rd(f, T4_CH_RX_CTRL(ch)) & T4_CH_START, 0,
				    "RX DMA of channel %u", ch);
		KUNIT_EXPECT_EQ_MSG(test, rd(f, T4_CH_INTR_ENA(ch)) &
				    (T4_CH_RIE | T4_CH_TIE), 0,
				    "interrupts of channel %u", ch);
	}
	KUNIT_EXPECT_EQ(test, rd(f, T4_CH_RX_CTRL(4)), T4_CH_START);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->resets), 1);
	/* The 3.x DMA registers are not the 4.x ones: none was written. */
	KUNIT_EXPECT_EQ(test, rd(f, T3_DMA_OP_MODE), 0);
	KUNIT_EXPECT_EQ(test, rd(f, T3_DMA_INTR_ENA), 0);
}

/* A DMA reset that never completes (no thread plays the DMA), while the
 * DMA status shows both engines stopped: quiet, and counted as quiesced.
 */
static void dwmac3_timeout_dma_stopped(struct kunit *test)
{
	struct fake_dwmac *f = test->priv;

	fake_dwmac_describe(test, compat_370a, sizeof(compat_370a));
	fake_dwmac3_running(f);

	KUNIT_EXPECT_EQ(test, fake_dwmac_reset(f, 1), 0);
	fake_dwmac3_expect_quiet(test);
	KUNIT_EXPECT_EQ(test, rd(f, T_DMA_BUS_MODE) & T_DMA_SWR, T_DMA_SWR);
}

/* The same with the RX engine still running: the reset fails. */
static void dwmac3_timeout_dma_running(struct kunit *test)
{
	struct fake_dwmac *f = test->priv;

	fake_dwmac_describe(test, compat_370a, sizeof(compat_370a));
	fake_dwmac3_running(f);
	wr(f, T3_DMA_STATUS, T3_DMA_RX_RUNNING);

	KUNIT_EXPECT_EQ(test, fake_dwmac_reset(f, 1), -ETIMEDOUT);
	fake_dwmac3_expect_quiet(test);
}

/* On a 4.x core each channel reports its state: a channel past the four
 * the core has does not count, channel 3's TX engine does.
 */
static void dwmac4_timeout_reads_each_channel(struct kunit *test)
{
	struct fake_dwmac *f = test->priv;

	fake_dwmac_describe(test, compat_420a, sizeof(compat_420a));
	fake_dwmac4_running(f);
	wr(f, T4_DMA_DEBUG(1), T4_RX_RUNNING_CH5);
	KUNIT_EXPECT_EQ(test, fake_dwmac_reset(f, 1), 0);

	fake_dwmac4_running(f);
	wr(f, T4_DMA_DEBUG(1), T4_TX_RUNNING_CH3);
	KUNIT_EXPECT_EQ(test, fake_dwmac_reset(f, 1), -ETIMEDOUT);
}

/* Without a device tree node the kind of core is unknown: not touched. */
static void no_of_node(struct kunit *test)
{
	struct fake_dwmac *f = test->priv;

	fake_dwmac3_running(f);

	KUNIT_EXPECT_EQ(test, fake_dwmac_reset(f, 1),
			-EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, rd(f, T_MAC_CONFIG), T3_MAC_TE | T3_MAC_RE);
	KUNIT_EXPECT_EQ(test, rd(f, T_DMA_BUS_MODE), 0);
}

static void no_registers(struct kunit *test)
{
	struct fake_dwmac *f = test->priv;

	fake_dwmac_describe(test, compat_370a, sizeof(compat_370a));
	KUNIT_EXPECT_EQ(test, fake_dwmac_reset(f, 0), -ENXIO);
}

/* A reset switches no clock of the device: not its "stmmaceth" clock when
 * nothing holds it (enabling it around the reset, then disabling it, is
 * the bug that gates a device under its next owner), nor when something
 * (vfio-platform) keeps it on.
 */
static void reset_leaves_clocks_alone(struct kunit *test)
{
	struct clk_init_data init = {
		.name = "kunit-stmmaceth",
		.ops = &count_clk_ops,
	};
	struct fake_dwmac *f = test->priv;
	struct clk *clk;

	f->clk = kunit_kzalloc(test, sizeof(*f->clk), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f->clk);
	f->clk->hw.init = &init;
	KUNIT_ASSERT_EQ(test, clk_hw_register(NULL, &f->clk->hw), 0);
	f->clk_lookup = clkdev_hw_create(&f->clk->hw, STMMAC_RESOURCE_NAME,
					 "%s", dev_name(&f->pdev->dev));
	KUNIT_ASSERT_NOT_NULL(test, f->clk_lookup);

	fake_dwmac_describe(test, compat_370a, sizeof(compat_370a));
	clk = clk_get(&f->pdev->dev, STMMAC_RESOURCE_NAME);
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(clk), "the device has the clock");
	fake_dwmac_start_dma(test);

	/* nothing holds it */
	fake_dwmac3_running(f);
	KUNIT_EXPECT_EQ(test, fake_dwmac_reset(f, 1), 0);
	fake_dwmac3_expect_quiet(test);
	KUNIT_EXPECT_EQ(test, f->clk->calls, 0);

	/* held on, as vfio-platform holds it */
	KUNIT_ASSERT_EQ(test, clk_prepare_enable(clk), 0);
	f->clk->calls = 0;
	fake_dwmac3_running(f);
	KUNIT_EXPECT_EQ(test, fake_dwmac_reset(f, 1), 0);
	fake_dwmac3_expect_quiet(test);
	KUNIT_EXPECT_EQ(test, f->clk->calls, 0);
	KUNIT_EXPECT_TRUE(test, __clk_is_enabled(clk));

	clk_disable_unprepare(clk);
	clk_put(clk);
}

/* Devices that glue drivers describe, with a generic core as fallback,
 * from the kernel's device trees.  Each list ends with an empty string.
 */
static const char * const glue_compats[] = {
	"qcom,ipq806x-gmac\0snps,dwmac\0",
	"st,stm32-dwmac\0snps,dwmac-4.10a\0",
	"altr,socfpga-stmmac\0snps,dwmac-3.70a\0snps,dwmac\0",
	"oxsemi,ox820-dwmac\0snps,dwmac\0",
	"st,stih407-dwmac\0snps,dwmac\0snps,dwmac-3.710\0",
};

/* The bytes of a compatible property: every string, each with its NUL. */
static size_t compat_len(const char *c)
{
	const char *p = c;

	while (*p)
		p += strlen(p) + 1;
	return p - c;
}

/* platform_quiesce_get() as vfio-platform's probe calls it */
static struct platform_quiesce *fake_dwmac_get(struct fake_dwmac *f)
{
	struct platform_quiesce *q;

	device_lock(&f->pdev->dev);
	q = platform_quiesce_get(f->pdev);
	device_unlock(&f->pdev->dev);
	return q;
}

/* dwmac-generic quiesces only the cores it names first.  With no glue
 * driver registered, the bus finds dwmac-generic's quiesce for a glue's
 * device, which falls back to a generic core; that quiesce refuses it
 * (-EOPNOTSUPP) and leaves its registers alone.  A plain
 * "snps,dwmac-3.50a" gets it too.
 */
static void generic_quiesce_only_for_its_own(struct kunit *test)
{
	static const char plain[] = "snps,dwmac-3.50a";
	struct fake_dwmac *f = test->priv;
	struct platform_quiesce_regs regs = { .base = &f->regs, .num = 1 };
	struct platform_quiesce *r;
	unsigned int i;

	if (request_module("dwmac-generic"))
		kunit_skip(test, "dwmac-generic cannot be loaded");

	for (i = 0; i < ARRAY_SIZE(glue_compats); i++) {
		fake_dwmac_describe(test, glue_compats[i],
				    compat_len(glue_compats[i]));
		fake_dwmac3_running(f);
		r = fake_dwmac_get(f);
		KUNIT_ASSERT_FALSE_MSG(test, IS_ERR_OR_NULL(r),
				       "compatible \"%s\": %pe",
				       glue_compats[i], r);
		KUNIT_EXPECT_STREQ(test, platform_quiesce_driver_name(r),
				   STMMAC_RESOURCE_NAME);
		KUNIT_EXPECT_EQ_MSG(test,
				    platform_quiesce_call(r, f->pdev, &regs),
				    -EOPNOTSUPP, "compatible \"%s\"",
				    glue_compats[i]);
		KUNIT_EXPECT_EQ(test, rd(f, T_MAC_CONFIG),
				T3_MAC_TE | T3_MAC_RE);
		platform_quiesce_put(r);
	}

	/* (what its quiesce does: dwmac3_quiesced_and_reset) */
	fake_dwmac_describe(test, plain, sizeof(plain));
	r = fake_dwmac_get(f);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(r));
	KUNIT_EXPECT_STREQ(test, platform_quiesce_driver_name(r),
			   STMMAC_RESOURCE_NAME);
	platform_quiesce_put(r);
}

static struct kunit_case stmmac_vfio_reset_cases[] = {
	KUNIT_CASE(dwmac3_quiesced_and_reset),
	KUNIT_CASE(plain_snps_dwmac_is_3x),
	KUNIT_CASE(dwmac4_every_channel_stopped),
	KUNIT_CASE(dwmac3_timeout_dma_stopped),
	KUNIT_CASE(dwmac3_timeout_dma_running),
	KUNIT_CASE(dwmac4_timeout_reads_each_channel),
	KUNIT_CASE(no_of_node),
	KUNIT_CASE(no_registers),
	KUNIT_CASE(reset_leaves_clocks_alone),
	KUNIT_CASE(generic_quiesce_only_for_its_own),
	{}
};

static struct kunit_suite stmmac_vfio_reset_suite = {
	.name = "stmmac_vfio_reset",
	.init = fake_dwmac_init,
	.exit = fake_dwmac_exit,
	.test_cases = stmmac_vfio_reset_cases,
};

kunit_test_suite(stmmac_vfio_reset_suite);

MODULE_DESCRIPTION("KUnit tests for the VFIO reset of generic DWMACs");
MODULE_LICENSE("GPL");
