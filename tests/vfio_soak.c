// SPDX-License-Identifier: GPL-2.0
/*
 * vfio-soak: handover after handover of a NIC whose owner dies at a random
 * point, with other users of the device busy meanwhile.
 *
 *   vfio-soak DEV --expect clean|stale [--cycles N] [--seed S]
 *             [--traffic-from DEV2|host] [--openers] [--rebind-every K]
 *             [--reset-every K] [--unload MODULE]
 *
 * Each cycle, owner #1 (a child) is killed with SIGKILL at a stage picked
 * at random, and a random time into it: with the device open and nothing
 * written yet, while it sets the NIC up, with RX DMA running into its
 * memory, or while it loops over VFIO ioctls.  Then the next owner (this
 * process) opens the device and checks it as `vfio-owner scenario` does,
 * briefly: its registers before any write, the IRQs its eventfd sees over
 * a window, and the bytes the NIC wrote into owner #1's memory after its
 * death.
 *
 * Meanwhile, as asked:
 *   --openers          a second process opens and closes the device as
 *                      fast as it can, and checks it at every open
 *   --rebind-every K   every K-th cycle, vfio-platform is unbound from the
 *                      device while owner #1 holds it (the unbind waits
 *                      for the release), then bound again
 *   --reset-every K    every K-th cycle, owner #1 issues VFIO_DEVICE_RESET
 *                      with frames flowing, checks the device is quiet
 *                      right after, and starts it again
 *   --unload MODULE    a third process tries to unload MODULE (the native
 *                      driver, whose reset vfio-platform holds) every
 *                      20 ms, and loads it again if that worked; it pauses
 *                      while vfio-platform is unbound for a rebind, when
 *                      nothing holds the module
 *
 * The opener and the unloader stand aside while an owner opens the device
 * (struct handoff): an open that is refused after that is the product's
 * refusal, and counts.  A cycle whose owner #1 never got where it was to
 * die is lost, and its cause is named (owner #1's last line): only a
 * traffic source that got no CPU (source-stalled) lies outside the
 * product, and at most LOST_PER_MILLE of the cycles may be lost to it.
 *
 * --expect clean asserts that no handover and no open finds the device
 * running, interrupting or doing DMA; --expect stale (the control kernel)
 * that every cycle killed with DMA running finds it so.  A progress line
 * comes every PROGRESS_S seconds.  It ends with a table and a line
 * "SOAK cycles=... dirty=... stale_irqs=..." for the caller, then KTAP
 * results.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include "owner.h"

#define WINDOW_MS	30	/* the next owner watches for stale IRQs */
#define PROGRESS_S	30	/* a progress line at least this often */
#define LOST_PER_MILLE	5	/* cycles the environment may lose */

/* Random delays before the kill, by stage, in microseconds. */
static const unsigned int kill_within_us[OWNER1_STAGES] = {
	[OWNER1_OPENED] = 2000,
	[OWNER1_SETUP] = 500,
	[OWNER1_RUNNING] = 20000,
	[OWNER1_IOCTLS] = 5000,
};

static const char *const stage_desc[OWNER1_STAGES] = {
	[OWNER1_OPENED] = "before its first write",
	[OWNER1_SETUP] = "mid-setup",
	[OWNER1_RUNNING] = "DMA running",
	[OWNER1_IOCTLS] = "inside VFIO ioctls",
};

/* Why a cycle was lost: owner #1's last line, or its silence. */
enum lost_cause {
	LOST_OPEN,		/* "failed open": the product refused it */
	LOST_SETUP,		/* "failed STEP": a step after the open */
	LOST_NO_FRAMES,		/* the source sent, the NIC took nothing */
	LOST_SOURCE_STALLED,	/* the source sent nothing: no CPU for it */
	LOST_HUNG,		/* no word and no end */
	LOST_EXITED,		/* ended without a word */
	LOST_CAUSES
};

static const char *const lost_name[LOST_CAUSES] = {
	[LOST_OPEN] = "open",
	[LOST_SETUP] = "setup",
	[LOST_NO_FRAMES] = "no-frames",
	[LOST_SOURCE_STALLED] = "source-stalled",
	[LOST_HUNG] = "hung",
	[LOST_EXITED] = "exited",
};

struct tally {
	unsigned int cycles, dirty, irqs;
	unsigned long long bytes;
};

/* Everything the soak counts, in memory shared with its reporter. */
struct counts {
	struct tally t[OWNER1_STAGES], all;
	unsigned int done, lost, lost_by[LOST_CAUSES];
	unsigned int refused, died, running_clean;
	unsigned int resets, reset_dirty, rebinds, rebind_fail;
};

/* What the opener and the unloader count, in memory shared with them. */
struct opener_stats {
	unsigned int opens, refused, dirty;
};

struct unloader_stats {
	unsigned int refused, worked;
};

struct soak_opts {
	const char *dev, *traffic_from, *unload;
	bool stale, openers;
	unsigned int cycles, seed, rebind_every, reset_every;
};

/* The soak's helpers and what they share with it. */
struct soak {
	const struct soak_opts *so;
	const struct nic_ops *nic;
	struct dma_area a;
	uint8_t *snap;
	struct counts *c;
	struct handoff *opener, *unloader;
	struct opener_stats *os;
	struct unloader_stats *us;
	pid_t tpid, opid, upid, rpid;
};

static void *shared(size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	memset(p, 0, len);
	return p;
}

/* A helper process, gone when the soak is. */
static pid_t helper(void)
{
	pid_t pid = fork();

	if (pid == 0)
		prctl(PR_SET_PDEATHSIG, SIGKILL);
	return pid;
}

static bool nic_dirty(const struct nic_state *st)
{
	return st->irq_status || st->irq_enable || st->rx_dma || st->tx_dma ||
	       st->mac_rx || st->mac_tx;
}

static void __attribute__((noreturn))
unloader(const char *mod, struct handoff *h, struct unloader_stats *u)
{
	char rm[128], mp[128];

	snprintf(rm, sizeof(rm), "rmmod %s 2>/dev/null", mod);
	snprintf(mp, sizeof(mp), "modprobe %s", mod);
	while (handoff_point(h)) {
		if (system(rm) == 0) {
			u->worked++;
			if (system(mp))
				diag("unloader: %s failed", mp);
		} else {
			u->refused++;
		}
		usleep(20000);
	}
	_exit(0);
}

static void __attribute__((noreturn))
opener(const char *dev, const struct nic_ops *nic, struct handoff *h,
       struct opener_stats *s)
{
	struct nic_state st;
	struct vfio_dev d;

	vdev_quiet = true;
	while (handoff_point(h)) {
		if (vdev_open(&d, dev)) {
			s->refused++;
		} else {
			nic->observe(&d, &st);
			if (nic_dirty(&st))
				s->dirty++;
			s->opens++;
			vdev_close(&d);
		}
		usleep(1000 + rand() % 3000);
	}
	_exit(0);
}

/* Every PROGRESS_S seconds: how far the soak is, and how it goes. */
static void __attribute__((noreturn))
reporter(const struct counts *c, unsigned int cycles)
{
	uint64_t start = now_ms(), ms;

	for (;;) {
		sleep(PROGRESS_S);
		ms = now_ms() - start;
		diag("progress: %u of %u cycles in %llu s (%.1f a minute): %u dirty, %u lost, %u refused",
		     c->done, cycles, (unsigned long long)ms / 1000,
		     c->done * 60000.0 / ms, c->all.dirty, c->lost,
		     c->refused);
	}
}

static int sysfs_write(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY), ret = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, val, strlen(val)) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

#define VFIO_PLATFORM "/sys/bus/platform/drivers/vfio-platform/"

/* A process's state letter from /proc/PID/stat, or 0. */
static char proc_state(pid_t pid)
{
	char path[64], buf[256], *p;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	p = strrchr(buf, ')');
	return p && p[1] == ' ' ? p[2] : 0;
}

/*
 * Unbinding vfio-platform while owner #1 holds the device: a child writes
 * the device to unbind, which waits in the kernel until the device is
 * released.  at_stage hook of owner #1: returns once the child is seen
 * asleep in that write (then owner #1 is killed), or has given up.
 */
struct unbind {
	const char *dev;
	pid_t pid;
	bool waited;	/* seen waiting for the holder */
	char last;	/* the state it was last seen in */
};

static void unbind_while_held(void *arg)
{
	struct unbind *u = arg;
	/* a loaded debug kernel may keep it runnable for a while */
	uint64_t end = now_ms() + HANDOFF_MS;

	u->waited = false;
	u->last = '?';
	u->pid = fork();
	if (u->pid == 0)
		_exit(sysfs_write(VFIO_PLATFORM "unbind", u->dev) ? 1 : 0);
	if (u->pid < 0)
		return;
	while (now_ms() < end) {
		u->last = proc_state(u->pid);
		if (u->last == 'D' || u->last == 'S') {
			u->waited = true;
			return;
		}
		if (u->last == 'Z' || !u->last)
			return;	/* it finished without waiting */
		usleep(200);
	}
}

static void print_table(const struct counts *c)
{
	const struct tally *t = c->t;
	unsigned int s;

	diag("%-24s %7s %6s %11s %16s", "owner #1 killed", "cycles", "dirty",
	     "stale IRQs", "stale DMA bytes");
	for (s = 0; s < OWNER1_STAGES; s++)
		diag("%-24s %7u %6u %11u %16llu", stage_desc[s], t[s].cycles,
		     t[s].dirty, t[s].irqs, t[s].bytes);
	diag("%-24s %7u %6u %11u %16llu", "all", c->all.cycles, c->all.dirty,
	     c->all.irqs, c->all.bytes);
}

static enum lost_cause lost_cause(const char *lines)
{
	const char *last = NULL, *l;

	for (l = lines; *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : "")
		last = l;
	if (!last)
		return LOST_EXITED;
	if (!strncmp(last, "failed open", 11))
		return LOST_OPEN;
	if (!strncmp(last, "failed", 6))
		return LOST_SETUP;
	if (!strncmp(last, "no-frames", 9))
		return LOST_NO_FRAMES;
	if (!strncmp(last, "source-stalled", 14))
		return LOST_SOURCE_STALLED;
	if (!strncmp(last, "hung", 4))
		return LOST_HUNG;
	return LOST_EXITED;
}

/* What owner #1 is to do in cycle @c, and where it dies. */
static void cycle_plan(const struct soak *sk, unsigned int c,
		       struct owner1_opts *o, struct unbind *ub)
{
	const struct soak_opts *so = sk->so;

	memset(o, 0, sizeof(*o));
	o->device_reset = so->reset_every && !so->stale &&
			  c % so->reset_every == 0;
	/*
	 * The control goes round the stages, to be sure to meet each.  A reset
	 * cycle dies with traffic flowing, at a random one of the stages that
	 * have it: every K-th cycle resets, so a short soak (20 cycles on the
	 * debug kernel) cannot miss them all.
	 */
	if (so->stale)
		o->stage = (c - 1) % OWNER1_STAGES;
	else if (o->device_reset)
		o->stage = OWNER1_RUNNING + (unsigned int)rand() %
				(OWNER1_STAGES - OWNER1_RUNNING);
	else
		o->stage = (unsigned int)rand() % OWNER1_STAGES;
	o->frames = 2;
	o->kill_within_us = kill_within_us[o->stage];
	o->traffic_from = so->traffic_from;
	o->opener = sk->opener;
	if (so->rebind_every && c % so->rebind_every == 0) {
		/* owner #1 dies once the unbind waits for it */
		o->at_stage = unbind_while_held;
		o->arg = ub;
		o->kill_within_us = 0;
		ub->dev = so->dev;
		ub->pid = 0;
	}
}

/* The unbind of a rebind cycle has ended with owner #1's release. */
static void rebind_finish(const struct soak *sk, unsigned int c,
			  const struct owner1_opts *o, struct unbind *ub,
			  int owner_wst)
{
	int wst;

	if (ub->pid > 0 && ub->waited &&
	    waitpid(ub->pid, &wst, 0) == ub->pid && WIFEXITED(wst) &&
	    !WEXITSTATUS(wst) &&
	    !sysfs_write(VFIO_PLATFORM "bind", sk->so->dev)) {
		sk->c->rebinds++;
	} else {
		sk->c->rebind_fail++;
		diag("cycle %u (%s): unbind while owned: %s (seen in state %c; owner #1's wait status 0x%x)",
		     c, stage_desc[o->stage],
		     ub->waited ? "failed" : "not seen waiting for the owner",
		     ub->last ? ub->last : '-', owner_wst);
		if (ub->pid > 0)
			waitpid(ub->pid, NULL, 0);
		sysfs_write(VFIO_PLATFORM "bind", sk->so->dev);
	}
	/* bound again, vfio-platform holds the native reset */
	handoff_end(sk->unloader);
}

static void cycle_lost(const struct soak *sk, unsigned int c,
		       const struct owner1_opts *o, struct unbind *ub,
		       const char *lines)
{
	enum lost_cause why = lost_cause(lines);

	if (o->at_stage) {
		if (ub->pid > 0)
			waitpid(ub->pid, NULL, 0);
		sysfs_write(VFIO_PLATFORM "bind", sk->so->dev);
		handoff_end(sk->unloader);
	}
	sk->c->lost++;
	sk->c->lost_by[why]++;
	diag("cycle %u: lost (%s): owner #1 never got %s: %s", c,
	     lost_name[why], stage_desc[o->stage], lines[0] ? lines : "no word");
}

/* Owner #1's own VFIO_DEVICE_RESET, as it reported it. */
static void count_device_reset(const struct soak *sk, unsigned int c,
			       const char *lines)
{
	const char *l = owner1_line(lines, "reset");

	if (!l)
		return;
	sk->c->resets++;
	if (strncmp(l, "reset quiet", 11)) {
		sk->c->reset_dirty++;
		diag("cycle %u: owner #1's VFIO_DEVICE_RESET left it %.*s", c,
		     (int)strcspn(l, "\n"), l);
	}
}

/*
 * The next owner: the registers before any write, the IRQs its eventfd
 * sees over WINDOW_MS, the bytes the NIC wrote into owner #1's memory
 * since its death.
 */
static int next_owner(const struct soak *sk, unsigned int c,
		      enum owner1_stage stage)
{
	struct tally *t = &sk->c->t[stage], *all = &sk->c->all;
	unsigned long long changed = 0;
	const struct dma_area *a = &sk->a;
	struct nic_state st;
	struct vfio_dev d;
	uint64_t end;
	size_t i;
	int r;

	if (open_handed_off(&d, sk->so->dev, sk->opener)) {
		sk->c->refused++;
		diag("cycle %u: the next owner could not open %s", c,
		     sk->so->dev);
		return 0;
	}
	sk->nic->observe(&d, &st);
	t->cycles++;
	all->cycles++;
	if (vdev_irq_enable(&d))
		return -1;
	end = now_ms() + WINDOW_MS;
	while (now_ms() < end) {
		r = vdev_irq_wait(&d, end - now_ms());
		if (r <= 0)
			break;
		t->irqs++;
		all->irqs++;
		if (vdev_irq_unmask(&d))
			break;
	}
	vdev_irq_disable(&d);
	for (i = 0; i < a->len; i++)
		changed += a->base[i] != sk->snap[i];
	t->bytes += changed;
	all->bytes += changed;
	if (nic_dirty(&st) || changed) {
		t->dirty++;
		all->dirty++;
		if (!sk->so->stale)
			diag("cycle %u (%s): dirty: status 0x%x, enabled 0x%x, DMA rx %d tx %d, MAC rx %d tx %d, %llu bytes DMA'd",
			     c, stage_desc[stage], st.irq_status, st.irq_enable,
			     st.rx_dma, st.tx_dma, st.mac_rx, st.mac_tx,
			     changed);
	} else if (stage >= OWNER1_RUNNING) {
		sk->c->running_clean++;
	}
	sk->nic->stop(&d);
	vdev_close(&d);
	return 0;
}

/* One handover: 0, or -1 to bail out. */
static int cycle(struct soak *sk, unsigned int c)
{
	struct owner1_opts o;
	struct unbind ub;
	char lines[512];
	int r;

	cycle_plan(sk, c, &o, &ub);
	if (o.at_stage && !handoff_ask(sk->unloader, HANDOFF_MS)) {
		printf("1..0\nBail out! the unloader does not stop\n");
		return -1;
	}
	r = owner1_run_and_kill(sk->so->dev, sk->nic, &sk->a, &o, lines,
				sizeof(lines));
	if (r < 0) {
		printf("1..0\nBail out! cannot start owner #1: %s\n",
		       strerror(errno));
		return -1;
	}
	if (!owner1_line(lines, owner1_stage_name[o.stage])) {
		cycle_lost(sk, c, &o, &ub, lines);
		return 0;
	}
	if (!WIFSIGNALED(r) || WTERMSIG(r) != SIGKILL) {
		sk->c->died++;
		diag("cycle %u (%s): owner #1 ended on its own, wait status 0x%x: %s",
		     c, stage_desc[o.stage], r, lines);
	}
	if (o.device_reset)
		count_device_reset(sk, c, lines);

	/* What owner #1's memory holds at its death. */
	memcpy(sk->snap, sk->a.base, sk->a.len);
	if (o.at_stage)
		rebind_finish(sk, c, &o, &ub, r);
	if (next_owner(sk, c, o.stage)) {
		printf("1..0\nBail out! cannot take IRQ 0\n");
		return -1;
	}
	return 0;
}

/* The traffic and the processes beside the owners, as asked. */
static int start_helpers(struct soak *sk)
{
	const struct soak_opts *so = sk->so;

	sk->c = shared(sizeof(*sk->c));
	sk->os = shared(sizeof(*sk->os));
	sk->us = shared(sizeof(*sk->us));
	sk->opener = so->openers ? handoff_new() : NULL;
	sk->unloader = so->unload ? handoff_new() : NULL;
	if (!sk->c || !sk->os || !sk->us || (so->openers && !sk->opener) ||
	    (so->unload && !sk->unloader))
		return -1;
	if (so->traffic_from)
		sk->tpid = start_traffic(so->traffic_from);
	if (so->unload) {
		sk->upid = helper();
		if (sk->upid == 0)
			unloader(so->unload, sk->unloader, sk->us);
	}
	if (so->openers) {
		sk->opid = helper();
		if (sk->opid == 0) {
			srand(so->seed + 1);
			opener(so->dev, sk->nic, sk->opener, sk->os);
		}
	}
	sk->rpid = helper();
	if (sk->rpid == 0)
		reporter(sk->c, so->cycles);
	return 0;
}

static void stop_helpers(struct soak *sk)
{
	if (sk->opener) {
		handoff_stop(sk->opener);
		waitpid(sk->opid, NULL, 0);
	}
	if (sk->unloader) {
		handoff_stop(sk->unloader);
		waitpid(sk->upid, NULL, 0);
	}
	kill(sk->rpid, SIGKILL);
	waitpid(sk->rpid, NULL, 0);
	if (stop_traffic(sk->tpid))
		diag("warning: the traffic did not end cleanly");
}

static void report(const struct soak *sk)
{
	const struct counts *c = sk->c;
	char causes[256];
	size_t n = 0;
	unsigned int i;

	print_table(c);
	diag("owner VFIO_DEVICE_RESETs with traffic: %u (left it running: %u); unbind/bind of vfio-platform: %u (failed: %u)",
	     c->resets, c->reset_dirty, c->rebinds, c->rebind_fail);
	if (sk->so->openers)
		diag("concurrent opener: %u opens (found it dirty: %u), %u refused",
		     sk->os->opens, sk->os->dirty, sk->os->refused);
	if (sk->so->unload)
		diag("rmmod %s: %u refused, %u worked", sk->so->unload,
		     sk->us->refused, sk->us->worked);
	causes[0] = '\0';
	for (i = 0; i < LOST_CAUSES; i++)
		n += snprintf(causes + n, sizeof(causes) - n, " lost_%s=%u",
			      lost_name[i], c->lost_by[i]);
	diag("SOAK cycles=%u lost=%u dirty=%u stale_irqs=%u stale_dma_bytes=%llu refused=%u owner_resets=%u owner_reset_dirty=%u rebinds=%u rebind_failed=%u opener_opens=%u opener_dirty=%u unload_refused=%u unload_worked=%u%s",
	     c->all.cycles, c->lost, c->all.dirty, c->all.irqs, c->all.bytes,
	     c->refused, c->resets, c->reset_dirty, c->rebinds,
	     c->rebind_fail, sk->os->opens, sk->os->dirty, sk->us->refused,
	     sk->us->worked, causes);
}

static int verdict_stale(const struct soak *sk)
{
	const struct counts *c = sk->c;
	unsigned int ran = c->t[OWNER1_RUNNING].cycles +
			   c->t[OWNER1_IOCTLS].cycles;

	printf("1..2\n");
	check(!c->lost && !c->refused,
	      "control: every cycle ran (%u lost, %u refused)", c->lost,
	      c->refused);
	check(!c->running_clean && ran,
	      "control: every handover after DMA ran was dirty (%u of %u clean)",
	      c->running_clean, ran);
	return nfail ? 1 : 0;
}

static int verdict_clean(const struct soak *sk)
{
	const struct counts *c = sk->c;
	const struct opener_stats *os = sk->so->openers ? sk->os : NULL;
	const struct unloader_stats *us = sk->so->unload ? sk->us : NULL;
	unsigned int env = c->lost_by[LOST_SOURCE_STALLED];
	unsigned int bound = sk->so->cycles * LOST_PER_MILLE / 1000;

	printf("1..7\n");
	check(c->lost == env && env <= bound && !c->refused && !c->died,
	      "every cycle ran: owner #1 got where it was to die and died by SIGKILL there, the next owner opened (%u lost, %u of them to a stalled traffic source, at most %u may be; %u ended on their own, %u refused)",
	      c->lost, env, bound, c->died, c->refused);
	check(!c->all.dirty, "no dirty handover (%u of %u)", c->all.dirty,
	      c->all.cycles);
	check(!c->all.irqs && !c->all.bytes,
	      "no stale IRQ (%u) and no stale DMA byte (%llu)", c->all.irqs,
	      c->all.bytes);
	check(!c->reset_dirty && (!sk->so->reset_every || c->resets),
	      "every VFIO_DEVICE_RESET with traffic left it quiet (%u of %u)",
	      c->resets - c->reset_dirty, c->resets);
	check(!c->rebind_fail && (!sk->so->rebind_every || c->rebinds),
	      "every unbind/bind of vfio-platform worked (%u of %u)",
	      c->rebinds, c->rebinds + c->rebind_fail);
	check(!os || (!os->dirty && os->opens),
	      "the concurrent opener found it quiet at every open (%u opens, %u dirty)",
	      os ? os->opens : 0, os ? os->dirty : 0);
	check(!us || (!us->worked && us->refused),
	      "every unload of the native driver was refused while vfio-platform had the device (%u refused, %u worked)",
	      us ? us->refused : 0, us ? us->worked : 0);
	return nfail ? 1 : 0;
}

static int soak(const struct soak_opts *so)
{
	struct soak sk = { .so = so, .nic = nic_for_device(so->dev) };
	unsigned int c;

	printf("KTAP version 1\n");
	diag("soak: %s, %u cycles, seed %u, expect %s%s%s%s", so->dev,
	     so->cycles, so->seed,
	     so->stale ? "stale handovers with DMA running (control)" :
			 "no dirty handover",
	     so->openers ? ", concurrent openers" : "",
	     so->rebind_every ? ", unbind/bind while owned" : "",
	     so->reset_every ? ", VFIO_DEVICE_RESET with traffic" : "");
	srand(so->seed);
	if (!sk.nic || dma_area_alloc(&sk.a, sk.nic) ||
	    !(sk.snap = malloc(sk.a.len)) || start_helpers(&sk)) {
		printf("1..0\nBail out! setup failed\n");
		return 1;
	}
	for (c = 1; c <= so->cycles; c++) {
		if (cycle(&sk, c))
			return 1;
		sk.c->done = c;
	}
	stop_helpers(&sk);
	report(&sk);
	return so->stale ? verdict_stale(&sk) : verdict_clean(&sk);
}

static void __attribute__((noreturn)) usage(void)
{
	fprintf(stderr,
		"usage: vfio-soak DEV --expect clean|stale [--cycles N] [--seed S]\n"
		"                 [--traffic-from DEV2|host] [--openers]\n"
		"                 [--rebind-every K] [--reset-every K] [--unload MODULE]\n");
	exit(2);
}

static unsigned int number(const char *s)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *end || !*s || v > 1000000)
		usage();
	return v;
}

int main(int argc, char **argv)
{
	struct soak_opts so = { .cycles = 50, .seed = getpid() };
	const char *exp = NULL;
	int i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 2 || argv[1][0] == '-')
		usage();
	so.dev = argv[1];
	for (i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--openers")) {
			so.openers = true;
			continue;
		}
		if (i + 1 >= argc)
			usage();
		if (!strcmp(argv[i], "--expect"))
			exp = argv[++i];
		else if (!strcmp(argv[i], "--cycles"))
			so.cycles = number(argv[++i]);
		else if (!strcmp(argv[i], "--seed"))
			so.seed = number(argv[++i]);
		else if (!strcmp(argv[i], "--traffic-from"))
			so.traffic_from = argv[++i];
		else if (!strcmp(argv[i], "--rebind-every"))
			so.rebind_every = number(argv[++i]);
		else if (!strcmp(argv[i], "--reset-every"))
			so.reset_every = number(argv[++i]);
		else if (!strcmp(argv[i], "--unload"))
			so.unload = argv[++i];
		else
			usage();
	}
	if (!exp || (strcmp(exp, "clean") && strcmp(exp, "stale")) ||
	    !so.cycles)
		usage();
	so.stale = !strcmp(exp, "stale");
	return soak(&so);
}
