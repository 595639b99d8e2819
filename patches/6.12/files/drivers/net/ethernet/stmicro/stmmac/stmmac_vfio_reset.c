// SPDX-License-Identifier: GPL-2.0-only
/*
 * Quiesce a DWMAC that stmmac does not drive, for a glue driver's
 * quiesce method (struct platform_driver).
 *
 * stmmac's DMA and MAC ops take a struct stmmac_priv, and that exists only
 * while stmmac is bound to the device.  A device assigned to userspace
 * through vfio-platform has none, so the reset below fills one in with
 * what those ops read, and nothing else:
 *
 *  - priv->hw: the core's dma and mac ops, which every call goes through;
 *  - priv->plat: dwmac4_addrs (the 4.x/5.x ops read their per-channel
 *    register offsets from it, or use the standard ones when it is NULL)
 *    and fix_soc_reset (stmmac_reset() runs it instead of the DMA reset
 *    op if a glue sets it);
 *  - priv->ioaddr, and plat's has_gmac, has_gmac4 and has_xgmac, for
 *    stmmac_hwif_select_ops() to read the version register and choose
 *    the ops; it writes priv->synopsys_id and the ops in priv->hw.
 *
 * The channel counts are the reset's own (plat's rx_queues_to_use and
 * tx_queues_to_use, or the core's feature registers).  Nothing touches the
 * net device, rings, NAPI, timers or statistics: they are all zero.
 *
 * A struct stmmac_priv is large (about 16 KiB on 32-bit ARM), too large to
 * allocate for every reset: a high-order allocation that fails under
 * fragmentation would refuse the device to its next owner.  So there is one,
 * static, taken under a mutex and zeroed for each reset.  The resets of
 * several devices run one after the other; each is bounded in time.
 *
 * See Documentation/driver-api/platform-quiesce.rst.
 */
#include <linux/bits.h>
#include <linux/minmax.h>
#include <linux/mutex.h>
#include <linux/string.h>

#include "stmmac.h"
#include "dwmac_dma.h"

/* 4.x and 5.x cores: each DMA channel's RX and TX process state, four bits
 * each, channel 0 from bit 8 of the first debug status register on.
 */
#define STMMAC_VFIO_DMA4_DEBUG(n)	(0x100c + 4 * (n))
#define STMMAC_VFIO_DMA4_RX_STATE	GENMASK(3, 0)
#define STMMAC_VFIO_DMA4_TX_STATE	GENMASK(7, 4)

struct stmmac_vfio_ctx {
	struct stmmac_priv priv;
	struct mac_device_info hw;
	struct plat_stmmacenet_data plat;
};

static struct stmmac_vfio_ctx stmmac_vfio_ctx;
static DEFINE_MUTEX(stmmac_vfio_lock);

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

/* After a DMA reset that did not complete: do the core's registers show
 * every RX and TX DMA engine stopped?  Known for the cores on stmmac's own
 * ops (process state 0 is "stopped" on all of them), except XGMACs, whose
 * DMA reports no process state; a glue's own ops are not known here.
 */
static bool stmmac_vfio_dma_stopped(struct stmmac_priv *priv, bool table_ops,
				    u32 rx, u32 tx)
{
	struct plat_stmmacenet_data *plat = priv->plat;
	u32 chan, bit, val;

	if (!table_ops || plat->has_xgmac)
		return false;
	if (!plat->has_gmac4)
		return !(readl(priv->ioaddr + DMA_STATUS) &
			 (DMA_STATUS_RS_MASK | DMA_STATUS_TS_MASK));

	for (chan = 0; chan < max(rx, tx); chan++) {
		/* both states of a channel are in the same register */
		bit = 8 + 8 * chan;
		val = readl(priv->ioaddr + STMMAC_VFIO_DMA4_DEBUG(bit / 32));
		val >>= bit % 32;
		if (chan < rx && (val & STMMAC_VFIO_DMA4_RX_STATE))
			return false;
		if (chan < tx && (val & STMMAC_VFIO_DMA4_TX_STATE))
			return false;
	}
	return true;
}

/**
 * stmmac_vfio_reset() - quiesce a DWMAC bound to another driver
 * @dev: the device, bound to vfio-platform or to no driver
 * @ioaddr: its registers, mapped by the caller
 * @setup: describes the core in a minimal stmmac_priv, see below
 *
 * For a glue driver's quiesce method.  Disables the DMA interrupts
 * and stops RX and TX DMA on every channel, disables the MAC receiver and
 * transmitter, then resets the DMA with the core's own reset op, which
 * waits a bounded time for the reset to complete and leaves no interrupt
 * status pending.  If that wait times out while the core's DMA status
 * shows every engine stopped, the device can neither do DMA nor raise a
 * DMA interrupt: that is logged as a warning and the device counts as
 * quiesced.  It touches no clock, reset line, PHY or glue register (a
 * syscon): the caller, the glue's quiesce, keeps the registers clocked
 * for the call (dwmac-sun8i takes an enable of its bus clock), and the
 * rest serves the link, which the next owner sets up.
 *
 * @setup gets a zeroed stmmac_priv whose device, ioaddr, hw and plat are
 * set.  A glue with its own ops points hw's dma and mac at them.  Otherwise
 * it sets plat's has_gmac, has_gmac4 or has_xgmac as probe would (none for
 * a 10/100 core), and the ops are chosen from stmmac's table by the core's
 * version register.  It may set plat's rx_queues_to_use and
 * tx_queues_to_use; what it leaves at zero is read from the core's feature
 * registers where it has them, and is one otherwise.  It must not keep the
 * pointer: the context is shared by all devices and zeroed for each reset.
 * -EOPNOTSUPP from @setup means the core is not one this reset knows.
 *
 * Context: process context; sleeps.  Resets run one at a time.
 * Return: 0 on success, -ENXIO without registers, -ENODEV if stmmac knows
 * no ops for the core, -EOPNOTSUPP or another error from @setup, a
 * negative errno (-ETIMEDOUT for a timeout) if the DMA reset does not
 * complete and the DMA is not known to be stopped.
 */
int stmmac_vfio_reset(struct device *dev, void __iomem *ioaddr,
		      int (*setup)(struct stmmac_priv *priv))
{
	struct stmmac_vfio_ctx *ctx = &stmmac_vfio_ctx;
	struct stmmac_priv *priv = &ctx->priv;
	bool table_ops = false;
	u32 chan, rx, tx;
	int ret;

	if (!ioaddr)
		return -ENXIO;

	mutex_lock(&stmmac_vfio_lock);
	memset(ctx, 0, sizeof(*ctx));
	priv->device = dev;
	priv->ioaddr = ioaddr;
	priv->hw = &ctx->hw;
	priv->plat = &ctx->plat;
	ctx->hw.pcsr = ioaddr;

	ret = setup(priv);
	if (ret)
		goto unlock;

	if (!ctx->hw.dma || !ctx->hw.mac) {
		ret = stmmac_hwif_select_ops(priv);
		if (ret) {
			dev_err(dev, "no stmmac ops for this core\n");
			goto unlock;
		}
		table_ops = true;
	}
	stmmac_vfio_count_channels(priv);
	rx = ctx->plat.rx_queues_to_use;
	tx = ctx->plat.tx_queues_to_use;

	/* No interrupt from here on, then stop both DMA engines and the MAC. */
	for (chan = 0; chan < max(rx, tx); chan++)
		stmmac_disable_dma_irq(priv, ioaddr, chan, chan < rx,
				       chan < tx);
	for (chan = 0; chan < rx; chan++)
		stmmac_stop_rx(priv, ioaddr, chan);
	for (chan = 0; chan < tx; chan++)
		stmmac_stop_tx(priv, ioaddr, chan);
	stmmac_mac_set(priv, ioaddr, false);

	ret = stmmac_reset(priv, ioaddr);
	if (ret == -ETIMEDOUT &&
	    stmmac_vfio_dma_stopped(priv, table_ops, rx, tx)) {
		dev_warn(dev,
			 "DMA reset timed out, every DMA engine stopped: quiesced\n");
		ret = 0;
	} else if (ret) {
		dev_err(dev, "DMA reset failed (%d)\n", ret);
	}

unlock:
	mutex_unlock(&stmmac_vfio_lock);
	return ret;
}
EXPORT_SYMBOL_GPL(stmmac_vfio_reset);
