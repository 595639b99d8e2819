/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A NIC as the test's userspace driver sees it: enough to start RX DMA
 * into a ring it owns, take interrupts, and read back the state a next
 * owner finds.  One backend per device family.
 */
#ifndef NIC_H
#define NIC_H

#include <stdbool.h>
#include <stdint.h>

#include "vfio_dev.h"

#define NIC_MAX_REGS 8

/* What a new owner finds, read without writing anything. */
struct nic_state {
	uint32_t irq_status;	/* interrupt status bits that are set */
	uint32_t irq_enable;	/* interrupt enable mask */
	bool rx_dma, tx_dma;	/* DMA engines started */
	bool mac_rx, mac_tx;	/* MAC receiver, transmitter enabled */
	unsigned int nregs;
	struct {
		const char *name;
		uint32_t val;
	} reg[NIC_MAX_REGS];
};

struct nic_ops {
	const char *name;
	const char *compatible;	/* first DT compatible it drives */
	unsigned int desc_size;	/* bytes per RX descriptor */
	unsigned int buf_size;	/* bytes per RX buffer */

	/*
	 * Fill an RX ring of @n descriptors at @ring (physical @ring_pa),
	 * all owned by the device.
	 */
	void (*ring_init)(void *ring, uint32_t ring_pa, unsigned int n,
			  const uint32_t *buf_pa);
	/* Has the device written descriptor @i back?  Frame length in *len. */
	bool (*desc_done)(const void *ring, unsigned int i, uint32_t *len);
	/* Start RX/TX DMA, the MAC and every interrupt, as a driver's open. */
	int (*start)(struct vfio_dev *d, uint32_t rx_ring_pa,
		     uint32_t tx_ring_pa);
	/* Acknowledge pending interrupts; returns what was pending. */
	uint32_t (*irq_ack)(struct vfio_dev *d);
	/*
	 * Read the device's state; writes nothing (a status register that
	 * clears when read, as the GEM's, is read once).
	 */
	void (*observe)(struct vfio_dev *d, struct nic_state *st);
	/* Quiesce the device, as a well-behaved driver does on stop. */
	void (*stop)(struct vfio_dev *d);
};

extern const struct nic_ops nic_xgmac;
extern const struct nic_ops nic_sun8i_emac;
extern const struct nic_ops nic_gem;

const struct nic_ops *nic_find(const char *compatible);

#endif
