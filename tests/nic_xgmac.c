// SPDX-License-Identifier: GPL-2.0
/*
 * Calxeda XGMAC backend of the userspace test driver.
 *
 * Register offsets and bits are those of the XGMAC databook layout: MAC
 * block at 0x000, DMA block at 0xf00, descriptors of 32 bytes with the
 * ownership bit in the first word and the end-of-ring bit in the buffer
 * size word.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "nic.h"

/* MAC block */
#define MAC_CONFIG		0x000
#define   MAC_CONFIG_RX_EN	(1u << 2)
#define   MAC_CONFIG_TX_EN	(1u << 3)
#define MAC_FRAME_FILTER	0x004
#define   MAC_FILTER_ALL	(1u << 31)

/* DMA block */
#define DMA_BUS			0xf00
#define   DMA_BUS_SWRESET	(1u << 0)
#define DMA_RX_LIST		0xf0c
#define DMA_TX_LIST		0xf10
#define DMA_STAT		0xf14
#define DMA_OPMODE		0xf18
#define   DMA_OPMODE_RX_START	(1u << 1)
#define   DMA_OPMODE_TX_START	(1u << 13)
#define DMA_IRQ_EN		0xf1c
/*
 * Every status source a driver may enable: summaries (16, 15), early rx
 * (14), bus error (13), early tx (10), rx watchdog (9), rx stopped (8),
 * rx unavailable (7), rx (6), underflow (5), overflow (4), jabber (3),
 * tx unavailable (2), tx stopped (1), tx (0).
 */
#define   DMA_IRQ_ALL		0x0001e7ffu
/* Status bits that latch events (the rest report engine states). */
#define   DMA_STAT_EVENTS	0x0001ffffu

struct xgmac_desc {
	uint32_t status;
#define   DESC_OWNED		(1u << 31)
#define   DESC_RX_LEN(s)	(((s) >> 16) & 0x3fff)
	uint32_t sizes;
#define   DESC_RX_END_RING	(1u << 15)
	uint32_t buf1;
	uint32_t buf2;
	uint32_t ext;
	uint32_t res[3];
};

#define XGMAC_BUF_SIZE 2048

static void xgmac_ring_init(void *ring, uint32_t ring_pa, unsigned int n,
			    const uint32_t *buf_pa)
{
	struct xgmac_desc *d = ring;
	unsigned int i;

	(void)ring_pa;	/* a ring, not a chain: no descriptor addresses */
	memset(d, 0, n * sizeof(*d));
	for (i = 0; i < n; i++) {
		d[i].sizes = XGMAC_BUF_SIZE;
		if (i == n - 1)
			d[i].sizes |= DESC_RX_END_RING;
		d[i].buf1 = buf_pa[i];
	}
	__sync_synchronize();
	for (i = 0; i < n; i++)
		d[i].status = DESC_OWNED;
	__sync_synchronize();
}

static bool xgmac_desc_done(const void *ring, unsigned int i, uint32_t *len)
{
	const volatile struct xgmac_desc *d = ring;
	uint32_t s = d[i].status;

	if (s & DESC_OWNED || !s)
		return false;
	*len = DESC_RX_LEN(s);
	return true;
}

static int xgmac_start(struct vfio_dev *d, uint32_t rx_ring_pa,
		       uint32_t tx_ring_pa)
{
	reg_wr(d, DMA_BUS, DMA_BUS_SWRESET);
	if (reg_wait_clear(d, DMA_BUS, DMA_BUS_SWRESET, 100))
		return -ETIMEDOUT;
	reg_wr(d, DMA_RX_LIST, rx_ring_pa);
	reg_wr(d, DMA_TX_LIST, tx_ring_pa);
	reg_wr(d, DMA_STAT, DMA_STAT_EVENTS);
	reg_wr(d, MAC_FRAME_FILTER, MAC_FILTER_ALL);
	reg_wr(d, DMA_IRQ_EN, DMA_IRQ_ALL);
	reg_wr(d, DMA_OPMODE, DMA_OPMODE_RX_START | DMA_OPMODE_TX_START);
	reg_wr(d, MAC_CONFIG, reg_rd(d, MAC_CONFIG) | MAC_CONFIG_RX_EN |
	       MAC_CONFIG_TX_EN);
	return 0;
}

static uint32_t xgmac_irq_ack(struct vfio_dev *d)
{
	uint32_t s = reg_rd(d, DMA_STAT) & DMA_STAT_EVENTS;

	reg_wr(d, DMA_STAT, s);
	return s;
}

static void xgmac_observe(struct vfio_dev *d, struct nic_state *st)
{
	uint32_t mac = reg_rd(d, MAC_CONFIG);
	uint32_t op = reg_rd(d, DMA_OPMODE);

	memset(st, 0, sizeof(*st));
	st->irq_status = reg_rd(d, DMA_STAT) & DMA_STAT_EVENTS;
	st->irq_enable = reg_rd(d, DMA_IRQ_EN);
	st->rx_dma = op & DMA_OPMODE_RX_START;
	st->tx_dma = op & DMA_OPMODE_TX_START;
	st->mac_rx = mac & MAC_CONFIG_RX_EN;
	st->mac_tx = mac & MAC_CONFIG_TX_EN;
	st->reg[0].name = "MAC_CONFIG";
	st->reg[0].val = mac;
	st->reg[1].name = "DMA_STATUS";
	st->reg[1].val = reg_rd(d, DMA_STAT);
	st->reg[2].name = "DMA_OPMODE";
	st->reg[2].val = op;
	st->reg[3].name = "DMA_IRQ_EN";
	st->reg[3].val = st->irq_enable;
	st->nregs = 4;
}

static void xgmac_stop(struct vfio_dev *d)
{
	reg_wr(d, DMA_IRQ_EN, 0);
	reg_wr(d, DMA_OPMODE, 0);
	reg_wr(d, MAC_CONFIG, reg_rd(d, MAC_CONFIG) &
	       ~(MAC_CONFIG_RX_EN | MAC_CONFIG_TX_EN));
	reg_wr(d, DMA_STAT, DMA_STAT_EVENTS);
}

const struct nic_ops nic_xgmac = {
	.name = "xgmac",
	.compatible = "calxeda,hb-xgmac",
	.desc_size = sizeof(struct xgmac_desc),
	.buf_size = XGMAC_BUF_SIZE,
	.ring_init = xgmac_ring_init,
	.desc_done = xgmac_desc_done,
	.start = xgmac_start,
	.irq_ack = xgmac_irq_ack,
	.observe = xgmac_observe,
	.stop = xgmac_stop,
};
