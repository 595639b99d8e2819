/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What vfio-owner and vfio-soak share: owner #1, a userspace driver that
 * brings a NIC up through VFIO and is killed at a point the caller picks;
 * the memory it lets the NIC DMA into; frames from the host or a peer;
 * and KTAP checks.
 */
#ifndef OWNER_H
#define OWNER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "nic.h"

#define PATTERN		0x5a
#define MAX_DESC	128
#define OWNER1_FRAMES	8	/* frames owner #1 takes before it dies */
#define OWNER1_WAIT_MS	5000	/* ... within this time, or no traffic */

/* The backend for a platform device, from its DT compatible list. */
const struct nic_ops *nic_for_device(const char *dev);

/* DMA memory: RX ring page, TX ring page, then the RX buffers. */
struct dma_area {
	uint8_t *base;
	size_t len;
	size_t page;
	unsigned int ndesc;
	void *rx_ring;
	void *tx_ring;
	uint8_t *bufs;
};

int dma_area_alloc(struct dma_area *a, const struct nic_ops *nic);
/* RX descriptors the NIC has written back, and their bytes in *bytes. */
unsigned int frames_done(const struct nic_ops *nic, const struct dma_area *a,
			 uint64_t *bytes);

/*
 * Where owner #1 is when it is killed.  It reports each stage on its pipe
 * as a line, the stage's name first, and carries on until it is killed:
 *   OWNER1_OPENED   "opened": the device is open, nothing written to it
 *   OWNER1_SETUP    "setup": IRQ routed, ring built, starting the NIC now
 *   OWNER1_RUNNING  "ready FRAMES IRQS": frames flow, DMA into its memory
 *   OWNER1_IOCTLS   "ioctls": running, and looping over VFIO ioctls
 */
enum owner1_stage {
	OWNER1_OPENED,
	OWNER1_SETUP,
	OWNER1_RUNNING,
	OWNER1_IOCTLS,
	OWNER1_STAGES
};

extern const char *const owner1_stage_name[OWNER1_STAGES];

struct owner1_opts {
	enum owner1_stage stage;
	unsigned int frames;	/* frames before "ready" */
	/*
	 * Before "ready", once frames flow: VFIO_DEVICE_RESET with traffic
	 * flowing, the state read right after ("reset quiet" or "reset dirty
	 * ..."), then the NIC started again.
	 */
	bool device_reset;
	/* after the stage is reported: microseconds before the kill, at most */
	unsigned int kill_within_us;
	/* called once owner #1 reports its stage, before the wait and kill */
	void (*at_stage)(void *arg);
	void *arg;
};

/*
 * Run owner #1 on @dev until it reports @o->stage (or gives up), let it go
 * on for a random time up to @o->kill_within_us, then kill it with
 * SIGKILL.  Its report lines are left in @lines.  Returns its wait status,
 * or -1 if it could not be started.
 */
int owner1_run_and_kill(const char *dev, const struct nic_ops *nic,
			struct dma_area *a, const struct owner1_opts *o,
			char *lines, size_t len);
/* The line of @lines that starts with @word, or NULL. */
const char *owner1_line(const char *lines, const char *word);

/*
 * Open @dev, retrying for up to OPEN_TRIES_MS while it is refused (someone
 * else has the device), counting the refusals in *@busy: 0 or -errno.
 */
#define OPEN_TRIES_MS	3000
int open_retrying(struct vfio_dev *d, const char *dev, unsigned int *busy);

/* Frames for @seconds from a peer NIC (send-frames) or "host". */
pid_t start_traffic(const char *from, unsigned int seconds);
int stop_traffic(pid_t pid);

/* KTAP: one result line; the counts of results and failures so far. */
void check(bool ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
extern unsigned int ntest, nfail;

#endif
