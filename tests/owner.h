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

/*
 * How long owner #1 waits for its frames, counted from the moment it
 * started the NIC.  Where the guest can count the frames its source has
 * sent (a peer NIC, send-frames), the wait ends on progress: the frames
 * arrived, or OWNER1_SENT_ENOUGH were sent after the start and fewer
 * arrived (no-frames; that many, because a frame the peer's driver has
 * queued counts as sent before it reaches the wire), or the source sent
 * nothing for OWNER1_STALL_MS (the source, not the device, got no CPU:
 * source-stalled).  The host's
 * frames cannot be counted in the guest: that wait ends after
 * OWNER1_HOST_WAIT_MS.
 */
#define OWNER1_SENT_ENOUGH	100
#define OWNER1_STALL_MS		60000
#define OWNER1_HOST_WAIT_MS	30000
/* owner #1 has said nothing and not ended: it hangs in the kernel */
#define OWNER1_HUNG_MS		300000

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
 * A device that two processes take in turn: a worker that opens it over
 * and over (vfio-soak's opener) or stands in an owner's way (its module
 * unloader) stops between two of its steps when asked, and says so.
 */
struct handoff {
	unsigned int ask, paused, stop;
};

/* The worker's side: stop here while asked; false once told to stop. */
bool handoff_point(struct handoff *h);
/*
 * The other side: ask the worker to stop, and wait until it has (true),
 * or for @ms (false).  handoff_end() lets it go on.  @h may be NULL: no
 * worker.
 */
bool handoff_ask(struct handoff *h, unsigned int ms);
void handoff_end(struct handoff *h);
/* Tell the worker to end: handoff_point() returns false from then on. */
void handoff_stop(struct handoff *h);
/* A zeroed handoff in memory shared with children, or NULL. */
struct handoff *handoff_new(void);

/*
 * Where owner #1 is when it is killed.  It reports each stage on its pipe
 * as a line, the stage's name first, and carries on until it is killed:
 *   OWNER1_OPENED   "opened": the device is open, nothing written to it
 *   OWNER1_SETUP    "setup": IRQ routed, ring built, starting the NIC now
 *   OWNER1_RUNNING  "ready FRAMES IRQS": frames flow, DMA into its memory
 *   OWNER1_IOCTLS   "ioctls": running, and looping over VFIO ioctls
 * If it cannot get there, its last line says why and it exits:
 *   "failed STEP: ERROR"   a step (open, irq, start) failed
 *   "no-frames F I SENT"   F frames and I IRQs, though the source sent SENT
 *                          (SENT is "-" for the host, which the guest
 *                          cannot count)
 *   "source-stalled F I SENT"  the source sent nothing for a long time
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
	const char *traffic_from;	/* for traffic_sent(), or NULL */
	struct handoff *opener;		/* asked before the open, or NULL */
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
 * Open @dev once @opener (if any) has stopped opening it: 0 or -errno.  An
 * opener that does not stop within HANDOFF_MS gives -EDEADLK: it hangs in
 * an open or a release.
 */
#define HANDOFF_MS	60000
int open_handed_off(struct vfio_dev *d, const char *dev,
		    struct handoff *opener);

/*
 * Frames from a peer NIC (send-frames) or "host", until stop_traffic().
 * traffic_sent(): how many @from has sent so far, or -1 where the guest
 * cannot count them (the host).
 */
pid_t start_traffic(const char *from);
long long traffic_sent(const char *from);
int stop_traffic(pid_t pid);

/* KTAP: one result line; the counts of results and failures so far. */
void check(bool ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
extern unsigned int ntest, nfail;

#endif
