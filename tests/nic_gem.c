// SPDX-License-Identifier: GPL-2.0
/*
 * Cadence GEM backend of the userspace test driver: the MAC that macb
 * drives on Xilinx ZynqMP and Versal.
 *
 * Offsets and bits follow the GEM's register map as Xilinx's UG1087
 * documents it: network control and configuration, the DMA
 * configuration, queue 0's interrupt and descriptor-list registers, and
 * the design configuration registers that say what the core was built
 * with.  The RX ring uses the descriptors of 64-bit addressing (four
 * words: address, status, upper address, unused), which a core built
 * with it (DCFG6's DAW64) requires once DMACFG selects them; a core built
 * without it is refused at start, with a message.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "nic.h"
#include "owner.h"

#define GEM_NCR			0x000
#define   GEM_NCR_RE		(1u << 2)
#define   GEM_NCR_TE		(1u << 3)
#define GEM_NCFGR		0x004
#define   GEM_NCFGR_CAF		(1u << 4)	/* copy all frames */
#define GEM_DMACFG		0x010
#define   GEM_DMACFG_RXBS(b)	(((b) / 64) << 16)	/* RX buffer size */
#define   GEM_DMACFG_ADDR64	(1u << 30)
#define GEM_RBQP		0x018
#define GEM_TBQP		0x01c
#define GEM_RSR			0x020
#define GEM_ISR			0x024
#define GEM_IER			0x028
#define GEM_IDR			0x02c
#define GEM_IMR			0x030
#define GEM_TBQPH		0x4c8
#define GEM_RBQPH		0x4d4
#define GEM_DCFG6		0x294
#define   GEM_DCFG6_DAW64	(1u << 23)
/*
 * The interrupts a driver enables: RX complete (1), RX used bit read (2),
 * TX used bit read (3), TX underrun (4), retry limit (5), TX error (6),
 * TX complete (7), link change (9), RX overrun (10), bus error (11).
 */
#define   GEM_INT_ALL		0x00000efeu

struct gem_desc {
	uint32_t addr;
#define   DESC_RX_USED		(1u << 0)	/* written back by the GEM */
#define   DESC_RX_WRAP		(1u << 1)
	uint32_t status;
#define   DESC_RX_LEN(s)	((s) & 0x1fff)
	uint32_t addr_hi;
	uint32_t unused;
};

#define GEM_BUF_SIZE 1536

static void gem_ring_init(void *ring, uint32_t ring_pa, unsigned int n,
			  const uint32_t *buf_pa)
{
	struct gem_desc *d = ring;
	unsigned int i;

	(void)ring_pa;
	memset(d, 0, n * sizeof(*d));
	for (i = 0; i < n; i++)
		d[i].addr = buf_pa[i] | (i == n - 1 ? DESC_RX_WRAP : 0);
	__sync_synchronize();
}

static bool gem_desc_done(const void *ring, unsigned int i, uint32_t *len)
{
	const volatile struct gem_desc *d = ring;

	if (!(d[i].addr & DESC_RX_USED))
		return false;
	*len = DESC_RX_LEN(d[i].status);
	return true;
}

static int gem_start(struct vfio_dev *d, uint32_t rx_ring_pa,
		     uint32_t tx_ring_pa)
{
	if (!(reg_rd(d, GEM_DCFG6) & GEM_DCFG6_DAW64)) {
		diag("error: gem: the core has no 64-bit addressing (DCFG6 0x%08x): this backend builds 64-bit descriptors only",
		     reg_rd(d, GEM_DCFG6));
		return -EOPNOTSUPP;
	}
	reg_wr(d, GEM_NCR, 0);
	reg_wr(d, GEM_IDR, ~0u);
	reg_rd(d, GEM_ISR);
	reg_wr(d, GEM_RSR, ~0u);
	reg_wr(d, GEM_DMACFG, GEM_DMACFG_ADDR64 | GEM_DMACFG_RXBS(GEM_BUF_SIZE));
	reg_wr(d, GEM_NCFGR, reg_rd(d, GEM_NCFGR) | GEM_NCFGR_CAF);
	reg_wr(d, GEM_RBQPH, 0);
	reg_wr(d, GEM_RBQP, rx_ring_pa);
	/* TX is enabled, never started: no frame is queued on it */
	reg_wr(d, GEM_TBQPH, 0);
	reg_wr(d, GEM_TBQP, tx_ring_pa);
	reg_wr(d, GEM_IER, GEM_INT_ALL);
	reg_wr(d, GEM_NCR, GEM_NCR_RE | GEM_NCR_TE);
	return 0;
}

/* The interrupt status clears when read, on QEMU's model and ZynqMP's. */
static uint32_t gem_irq_ack(struct vfio_dev *d)
{
	uint32_t s = reg_rd(d, GEM_ISR);

	reg_wr(d, GEM_RSR, ~0u);
	return s;
}

/*
 * Reading ISR clears it, so the status is read once here and reported;
 * a core that is quiet has nothing there.  IMR is the mask: a set bit is
 * a disabled interrupt.
 */
static void gem_observe(struct vfio_dev *d, struct nic_state *st)
{
	uint32_t ncr = reg_rd(d, GEM_NCR), imr = reg_rd(d, GEM_IMR);

	memset(st, 0, sizeof(*st));
	st->irq_status = reg_rd(d, GEM_ISR);
	st->irq_enable = ~imr & GEM_INT_ALL;
	st->rx_dma = st->mac_rx = ncr & GEM_NCR_RE;
	st->tx_dma = st->mac_tx = ncr & GEM_NCR_TE;
	st->reg[0].name = "ISR";
	st->reg[0].val = st->irq_status;
	st->reg[1].name = "IMR";
	st->reg[1].val = imr;
	st->reg[2].name = "NCR";
	st->reg[2].val = ncr;
	st->reg[3].name = "RSR";
	st->reg[3].val = reg_rd(d, GEM_RSR);
	st->reg[4].name = "DMACFG";
	st->reg[4].val = reg_rd(d, GEM_DMACFG);
	st->reg[5].name = "RBQP";
	st->reg[5].val = reg_rd(d, GEM_RBQP);
	st->nregs = 6;
}

static void gem_stop(struct vfio_dev *d)
{
	reg_wr(d, GEM_IDR, ~0u);
	reg_wr(d, GEM_NCR, 0);
	reg_rd(d, GEM_ISR);
	reg_wr(d, GEM_RSR, ~0u);
}

const struct nic_ops nic_gem = {
	.name = "gem",
	.compatible = "cdns,zynqmp-gem",
	.desc_size = sizeof(struct gem_desc),
	.buf_size = GEM_BUF_SIZE,
	.ring_init = gem_ring_init,
	.desc_done = gem_desc_done,
	.start = gem_start,
	.irq_ack = gem_irq_ack,
	.observe = gem_observe,
	.stop = gem_stop,
};
