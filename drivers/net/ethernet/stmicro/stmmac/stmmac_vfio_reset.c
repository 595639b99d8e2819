// SPDX-License-Identifier: GPL-2.0-only
/*
 * Quiesce a DWMAC that stmmac does not drive, for vfio-platform.
 *
 * stmmac's DMA and MAC helpers take a struct stmmac_priv, and that exists
 * only while stmmac is bound to the device.  A device assigned to
 * userspace through vfio-platform has none, so the reset below builds a
 * minimal one for the length of the call: it knows the device, its
 * registers and the core's ops, which the glue driver selects with the
 * same ops tables its probe uses.  The helpers called here read nothing
 * else from it.
 *
 * See Documentation/driver-api/vfio-native-reset.rst.
 */
#include <linux/clk.h>
#include <linux/slab.h>

#include "stmmac.h"

struct stmmac_vfio_ctx {
	struct stmmac_priv priv;
	struct mac_device_info hw;
	struct plat_stmmacenet_data plat;
};

/**
 * stmmac_vfio_reset() - quiesce a DWMAC bound to another driver
 * @dev: the device, bound to vfio-platform or to no driver
 * @ioaddr: its registers, mapped by the caller
 * @set_ops: points @hw at the core's DMA and MAC ops, as probe does
 * @channels: number of DMA channels to stop
 *
 * For a glue driver's VFIO reset callback.  Disables the DMA interrupts
 * and stops RX and TX DMA on every channel, disables the MAC receiver and
 * transmitter, then resets the DMA with the core's own reset op, which
 * waits a bounded time for the reset to complete and leaves no interrupt
 * status pending.  The device's "stmmaceth" bus clock, if it has one, is
 * enabled around the register accesses.  Clocks other than that one, reset
 * lines, the PHY and any glue registers (a syscon) are not touched.
 *
 * Context: process context; sleeps.
 * Return: 0 on success, -ENODEV without registers, a negative errno if the
 * bus clock cannot be enabled or the DMA reset does not complete.
 */
int stmmac_vfio_reset(struct device *dev, void __iomem *ioaddr,
		      void (*set_ops)(struct mac_device_info *hw),
		      u32 channels)
{
	struct stmmac_vfio_ctx *ctx;
	struct stmmac_priv *priv;
	struct clk *clk;
	u32 chan;
	int ret;

	if (!ioaddr)
		return -ENODEV;

	clk = clk_get_optional(dev, STMMAC_RESOURCE_NAME);
	if (IS_ERR(clk))
		return PTR_ERR(clk);

	ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	if (!ctx) {
		ret = -ENOMEM;
		goto put_clk;
	}
	priv = &ctx->priv;
	priv->device = dev;
	priv->ioaddr = ioaddr;
	priv->hw = &ctx->hw;
	priv->plat = &ctx->plat;
	ctx->hw.pcsr = ioaddr;
	ctx->plat.stmmac_clk = clk;
	ctx->plat.rx_queues_to_use = channels;
	ctx->plat.tx_queues_to_use = channels;
	set_ops(&ctx->hw);

	ret = stmmac_bus_clks_config(priv, true);
	if (ret)
		goto free_ctx;

	/* No interrupt from here on, then stop both DMA engines and the MAC. */
	for (chan = 0; chan < channels; chan++)
		stmmac_disable_dma_irq(priv, ioaddr, chan, true, true);
	stmmac_stop_all_dma(priv);
	stmmac_mac_set(priv, ioaddr, false);

	ret = stmmac_reset(priv, ioaddr);
	if (ret)
		dev_err(dev, "DMA reset failed (%d)\n", ret);

	stmmac_bus_clks_config(priv, false);
free_ctx:
	kfree(ctx);
put_clk:
	clk_put(clk);
	return ret;
}
EXPORT_SYMBOL_GPL(stmmac_vfio_reset);
