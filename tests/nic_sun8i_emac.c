// SPDX-License-Identifier: GPL-2.0
/*
 * Allwinner H3 EMAC backend of the userspace test driver: the DesignWare
 * MAC variant that stmmac drives through its dwmac-sun8i glue.
 *
 * Offsets and bits follow the H3 user manual's EMAC chapter: one block of
 * registers with separate TX and RX control pairs (control 0 for the MAC,
 * control 1 for the DMA engine), one interrupt status and one enable
 * register, and chained 16-byte descriptors.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "nic.h"

#define EMAC_CTL1		0x04
#define   EMAC_CTL1_SOFT_RESET	(1u << 0)
#define EMAC_INT_STA		0x08
#define EMAC_INT_EN		0x0c
#define EMAC_TX_CTL0		0x10
#define   EMAC_TX_CTL0_EN	(1u << 31)
#define EMAC_TX_CTL1		0x14
#define EMAC_TX_LIST		0x20
#define EMAC_RX_CTL0		0x24
#define   EMAC_RX_CTL0_EN	(1u << 31)
#define EMAC_RX_CTL1		0x28
#define EMAC_RX_LIST		0x34
#define EMAC_RX_FILTER		0x38
#define   EMAC_RX_FILTER_ALL	(1u << 0)
/* in both TX_CTL1 and RX_CTL1 */
#define   EMAC_DMA_EN		(1u << 30)
#define   EMAC_DMA_START	(1u << 31)
/*
 * Every interrupt source: TX done (0), TX DMA stopped (1), TX buffer
 * unavailable (2), TX timeout (3), underflow (4), early TX (5), and the
 * same six for RX at 8..13.
 */
#define   EMAC_INT_ALL		0x00003f3fu
/* Status bits that latch events, including the RGMII link change (16). */
#define   EMAC_INT_EVENTS	0x00013f3fu

struct emac_desc {
	uint32_t status;
#define   DESC_OWNED		(1u << 31)
#define   DESC_RX_LEN(s)	(((s) >> 16) & 0x3fff)
	uint32_t size;		/* buffer size, 11 bits */
	uint32_t buf;
	uint32_t next;		/* physical address of the next descriptor */
};

/* The size field has 11 bits: buffers of 2047 bytes at most. */
#define EMAC_BUF_SIZE 1536

static void emac_ring_init(void *ring, uint32_t ring_pa, unsigned int n,
			   const uint32_t *buf_pa)
{
	struct emac_desc *d = ring;
	unsigned int i;

	memset(d, 0, n * sizeof(*d));
	for (i = 0; i < n; i++) {
		d[i].size = EMAC_BUF_SIZE;
		d[i].buf = buf_pa[i];
		d[i].next = ring_pa + ((i + 1) % n) * sizeof(*d);
	}
	__sync_synchronize();
	for (i = 0; i < n; i++)
		d[i].status = DESC_OWNED;
	__sync_synchronize();
}

static bool emac_desc_done(const void *ring, unsigned int i, uint32_t *len)
{
	const volatile struct emac_desc *d = ring;
	uint32_t s = d[i].status;

	if (s & DESC_OWNED || !s)
		return false;
	*len = DESC_RX_LEN(s);
	return true;
}

static int emac_start(struct vfio_dev *d, uint32_t rx_ring_pa,
		      uint32_t tx_ring_pa)
{
	reg_wr(d, EMAC_CTL1, reg_rd(d, EMAC_CTL1) | EMAC_CTL1_SOFT_RESET);
	if (reg_wait_clear(d, EMAC_CTL1, EMAC_CTL1_SOFT_RESET, 100))
		return -ETIMEDOUT;
	reg_wr(d, EMAC_INT_STA, EMAC_INT_EVENTS);
	reg_wr(d, EMAC_RX_LIST, rx_ring_pa);
	reg_wr(d, EMAC_TX_LIST, tx_ring_pa);
	reg_wr(d, EMAC_RX_FILTER, EMAC_RX_FILTER_ALL);
	reg_wr(d, EMAC_INT_EN, EMAC_INT_ALL);
	/* The MAC first, then DMA, as stmmac does (QEMU's EMAC needs it). */
	reg_wr(d, EMAC_RX_CTL0, reg_rd(d, EMAC_RX_CTL0) | EMAC_RX_CTL0_EN);
	reg_wr(d, EMAC_TX_CTL0, reg_rd(d, EMAC_TX_CTL0) | EMAC_TX_CTL0_EN);
	reg_wr(d, EMAC_RX_CTL1, EMAC_DMA_EN | EMAC_DMA_START);
	reg_wr(d, EMAC_TX_CTL1, EMAC_DMA_EN);
	return 0;
}

static uint32_t emac_irq_ack(struct vfio_dev *d)
{
	uint32_t s = reg_rd(d, EMAC_INT_STA) & EMAC_INT_EVENTS;

	reg_wr(d, EMAC_INT_STA, s);
	return s;
}

static void emac_observe(struct vfio_dev *d, struct nic_state *st)
{
	uint32_t rx0 = reg_rd(d, EMAC_RX_CTL0), tx0 = reg_rd(d, EMAC_TX_CTL0);
	uint32_t rx1 = reg_rd(d, EMAC_RX_CTL1), tx1 = reg_rd(d, EMAC_TX_CTL1);

	memset(st, 0, sizeof(*st));
	st->irq_status = reg_rd(d, EMAC_INT_STA) & EMAC_INT_EVENTS;
	st->irq_enable = reg_rd(d, EMAC_INT_EN);
	st->rx_dma = rx1 & (EMAC_DMA_EN | EMAC_DMA_START);
	st->tx_dma = tx1 & (EMAC_DMA_EN | EMAC_DMA_START);
	st->mac_rx = rx0 & EMAC_RX_CTL0_EN;
	st->mac_tx = tx0 & EMAC_TX_CTL0_EN;
	st->reg[0].name = "INT_STA";
	st->reg[0].val = reg_rd(d, EMAC_INT_STA);
	st->reg[1].name = "INT_EN";
	st->reg[1].val = st->irq_enable;
	st->reg[2].name = "RX_CTL0";
	st->reg[2].val = rx0;
	st->reg[3].name = "RX_CTL1";
	st->reg[3].val = rx1;
	st->reg[4].name = "TX_CTL0";
	st->reg[4].val = tx0;
	st->reg[5].name = "TX_CTL1";
	st->reg[5].val = tx1;
	st->reg[6].name = "RX_LIST";
	st->reg[6].val = reg_rd(d, EMAC_RX_LIST);
	st->nregs = 7;
}

static void emac_stop(struct vfio_dev *d)
{
	reg_wr(d, EMAC_INT_EN, 0);
	reg_wr(d, EMAC_RX_CTL1, 0);
	reg_wr(d, EMAC_TX_CTL1, 0);
	reg_wr(d, EMAC_RX_CTL0, reg_rd(d, EMAC_RX_CTL0) & ~EMAC_RX_CTL0_EN);
	reg_wr(d, EMAC_TX_CTL0, reg_rd(d, EMAC_TX_CTL0) & ~EMAC_TX_CTL0_EN);
	reg_wr(d, EMAC_INT_STA, EMAC_INT_EVENTS);
}

const struct nic_ops nic_sun8i_emac = {
	.name = "sun8i-emac",
	.compatible = "allwinner,sun8i-h3-emac",
	.desc_size = sizeof(struct emac_desc),
	.buf_size = EMAC_BUF_SIZE,
	.ring_init = emac_ring_init,
	.desc_done = emac_desc_done,
	.start = emac_start,
	.irq_ack = emac_irq_ack,
	.observe = emac_observe,
	.stop = emac_stop,
};
