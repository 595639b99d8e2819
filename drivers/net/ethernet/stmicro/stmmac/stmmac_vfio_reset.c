// SPDX-License-Identifier: GPL-2.0-only
/*
 * Quiesce a DWMAC that stmmac does not drive, for a glue driver's
 * reset_assigned method (struct platform_driver).
 *
 * stmmac's DMA and MAC helpers take a struct stmmac_priv, and that exists
 * only while stmmac is bound to the device.  A device assigned to
 * userspace through vfio-platform has none, so the reset below builds a
 * minimal one for the length of the call: it knows the device, its
 * registers, the core's ops and how many DMA channels to stop.  The glue
 * driver describes the core, either with its own ops or with the kind of
 * core for stmmac's table to choose the ops from the version register, as
 * probe does.  The helpers called here read nothing else from it.
 *
 * See Documentation/driver-api/vfio-native-reset.rst.
 */
#include <linux/minmax.h>
#include <linux/slab.h>

#include "stmmac.h"

struct stmmac_vfio_ctx {
	struct stmmac_priv priv;
	struct mac_device_info hw;
	struct plat_stmmacenet_data plat;
};

/* Channels the glue did not count: as many as the core says it has. */
static void stmmac_vfio_count_channels(struct stmmac_priv *priv)
{
	struct plat_stmmacenet_data *plat = priv->plat;
	u32 rx = 1, tx = 1;

	if (!stmmac_get_hw_feature(priv, priv->ioaddr, &priv->dma_cap)) {
		rx = priv->dma_cap.number_rx_channel;
		tx = priv->dma_cap.number_tx_channel;
	}
	if (!plat->rx_queues_to_use)
		plat->rx_queues_to_use = rx;
	if (!plat->tx_queues_to_use)
		plat->tx_queues_to_use = tx;
	plat->rx_queues_to_use = clamp_t(u32, plat->rx_queues_to_use, 1,
					 MTL_MAX_RX_QUEUES);
	plat->tx_queues_to_use = clamp_t(u32, plat->tx_queues_to_use, 1,
					 MTL_MAX_TX_QUEUES);
}

/**
 * stmmac_vfio_reset() - quiesce a DWMAC bound to another driver
 * @dev: the device, bound to vfio-platform or to no driver
 * @ioaddr: its registers, mapped by the caller
 * @setup: describes the core in a minimal stmmac_priv, see below
 *
 * For a glue driver's reset_assigned method.  Disables the DMA interrupts
 * and stops RX and TX DMA on every channel, disables the MAC receiver and
 * transmitter, then resets the DMA with the core's own reset op, which
 * waits a bounded time for the reset to complete and leaves no interrupt
 * status pending.  It touches no clock, reset line, PHY or glue register
 * (a syscon): the caller keeps the device clocked (vfio-platform holds
 * all its clocks while it has it), and the rest serves the link, which
 * the next owner sets up.
 *
 * @setup gets a zeroed stmmac_priv whose device, ioaddr, hw and plat are
 * set.  A glue with its own ops points hw's dma and mac at them.  Otherwise
 * it sets plat's has_gmac, has_gmac4 or has_xgmac as probe would (none for
 * a 10/100 core), and the ops are chosen from stmmac's table by the core's
 * version register.  It may set plat's rx_queues_to_use and
 * tx_queues_to_use; what it leaves at zero is read from the core's feature
 * registers where it has them, and is one otherwise.  -EOPNOTSUPP from
 * @setup means the core is not one this reset knows.
 *
 * Context: process context; sleeps.
 * Return: 0 on success, -ENXIO without registers, -ENODEV if stmmac knows
 * no ops for the core, -EOPNOTSUPP or another error from @setup, a
 * negative errno if the DMA reset does not complete.
 */
int stmmac_vfio_reset(struct device *dev, void __iomem *ioaddr,
		      int (*setup)(struct stmmac_priv *priv))
{
	struct stmmac_vfio_ctx *ctx;
	struct stmmac_priv *priv;
	u32 chan, rx, tx;
	int ret;

	if (!ioaddr)
		return -ENXIO;

	ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	if (!ctx)
		return -ENOMEM;
	priv = &ctx->priv;
	priv->device = dev;
	priv->ioaddr = ioaddr;
	priv->hw = &ctx->hw;
	priv->plat = &ctx->plat;
	ctx->hw.pcsr = ioaddr;

	ret = setup(priv);
	if (ret)
		goto free_ctx;

	if (!ctx->hw.dma || !ctx->hw.mac) {
		ret = stmmac_hwif_select_ops(priv);
		if (ret) {
			dev_err(dev, "no stmmac ops for this core\n");
			goto free_ctx;
		}
	}
	stmmac_vfio_count_channels(priv);
	rx = ctx->plat.rx_queues_to_use;
	tx = ctx->plat.tx_queues_to_use;

	/* No interrupt from here on, then stop both DMA engines and the MAC. */
	for (chan = 0; chan < max(rx, tx); chan++)
		stmmac_disable_dma_irq(priv, ioaddr, chan, chan < rx,
				       chan < tx);
	stmmac_stop_all_dma(priv);
	stmmac_mac_set(priv, ioaddr, false);

	ret = stmmac_reset(priv, ioaddr);
	if (ret)
		dev_err(dev, "DMA reset failed (%d)\n", ret);

free_ctx:
	kfree(ctx);
	return ret;
}
EXPORT_SYMBOL_GPL(stmmac_vfio_reset);
