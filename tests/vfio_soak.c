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
 * --expect clean asserts that no handover and no open finds the device
 * running, interrupting or doing DMA; --expect stale (the control kernel)
 * that every cycle killed with DMA running finds it so.  It ends with a
 * table and a line "SOAK cycles=... dirty=... stale_irqs=..." for the
 * caller, then KTAP results.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "owner.h"

#define WINDOW_MS	30	/* the next owner watches for stale IRQs */

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

struct tally {
	unsigned int cycles, dirty, irqs, lost;
	unsigned long long bytes;
};

/* What the opener process counts, in memory shared with it. */
struct opener_stats {
	volatile unsigned int opens, refused, dirty, stop;
};

/* What the unloader counts; pause and paused are its handshake. */
struct unloader_stats {
	unsigned int refused, worked, stop, pause, paused;
};

#define LOAD(p)		__atomic_load_n(p, __ATOMIC_SEQ_CST)
#define STORE(p, v)	__atomic_store_n(p, v, __ATOMIC_SEQ_CST)

static void __attribute__((noreturn))
unloader(const char *mod, struct unloader_stats *u)
{
	char rm[128], mp[128];

	snprintf(rm, sizeof(rm), "rmmod %s 2>/dev/null", mod);
	snprintf(mp, sizeof(mp), "modprobe %s", mod);
	while (!LOAD(&u->stop)) {
		if (LOAD(&u->pause)) {
			STORE(&u->paused, 1);
			while (LOAD(&u->pause) && !LOAD(&u->stop))
				usleep(200);
			STORE(&u->paused, 0);
			continue;
		}
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

/* Stop the unloader between two attempts, and wait until it has. */
static bool unloader_pause(struct unloader_stats *u)
{
	uint64_t end = now_ms() + 10000;

	if (!u)
		return true;
	STORE(&u->pause, 1);
	while (!LOAD(&u->paused))
		if (now_ms() > end)
			return false;
		else
			usleep(200);
	return true;
}

static void unloader_resume(struct unloader_stats *u)
{
	if (u)
		STORE(&u->pause, 0);
}

static void *shared_page(void)
{
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

static bool nic_dirty(const struct nic_state *st)
{
	return st->irq_status || st->irq_enable || st->rx_dma || st->tx_dma ||
	       st->mac_rx || st->mac_tx;
}

static void __attribute__((noreturn))
opener(const char *dev, const struct nic_ops *nic, struct opener_stats *s)
{
	struct nic_state st;
	struct vfio_dev d;

	vdev_quiet = true;
	while (!s->stop) {
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
	uint64_t end = now_ms() + 10000;

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

static void print_table(const struct tally *t, const struct tally *all)
{
	unsigned int s;

	diag("%-24s %7s %6s %11s %16s", "owner #1 killed", "cycles", "dirty",
	     "stale IRQs", "stale DMA bytes");
	for (s = 0; s < OWNER1_STAGES; s++)
		diag("%-24s %7u %6u %11u %16llu", stage_desc[s], t[s].cycles,
		     t[s].dirty, t[s].irqs, t[s].bytes);
	diag("%-24s %7u %6u %11u %16llu", "all", all->cycles, all->dirty,
	     all->irqs, all->bytes);
}

struct soak_opts {
	const char *dev, *traffic_from, *unload;
	bool stale, openers;
	unsigned int cycles, seed, rebind_every, reset_every;
};

static int soak(const struct soak_opts *so)
{
	const struct nic_ops *nic = nic_for_device(so->dev);
	unsigned int c, busy = 0, refused = 0, rebinds = 0, rebind_fail = 0;
	unsigned int resets = 0, reset_dirty = 0, running_clean = 0, died = 0;
	struct tally t[OWNER1_STAGES] = { 0 }, all = { 0 };
	struct opener_stats *os = NULL;
	struct unloader_stats *us = NULL;
	pid_t tpid = 0, opid = 0, upid = 0;
	struct owner1_opts o;
	struct unbind ub;
	bool rebind;
	unsigned long long changed;
	struct nic_state st;
	struct vfio_dev d;
	struct dma_area a;
	char lines[512];
	const char *l;
	uint8_t *snap;
	uint64_t end;
	size_t i;
	int r, wst;

	printf("KTAP version 1\n");
	diag("soak: %s, %u cycles, seed %u, expect %s%s%s%s", so->dev,
	     so->cycles, so->seed,
	     so->stale ? "stale handovers with DMA running (control)" :
			 "no dirty handover",
	     so->openers ? ", concurrent openers" : "",
	     so->rebind_every ? ", unbind/bind while owned" : "",
	     so->reset_every ? ", VFIO_DEVICE_RESET with traffic" : "");
	srand(so->seed);
	if (!nic || dma_area_alloc(&a, nic) || !(snap = malloc(a.len))) {
		printf("1..0\nBail out! setup failed\n");
		return 1;
	}
	if (so->traffic_from) {
		/* at most OWNER1_WAIT_MS a cycle, in the worst case */
		tpid = start_traffic(so->traffic_from,
				     so->cycles * (OWNER1_WAIT_MS / 1000 + 1) +
				     10);
		usleep(200 * 1000);
	}
	if (so->unload) {
		us = shared_page();
		if (!us) {
			printf("1..0\nBail out! mmap: %s\n", strerror(errno));
			return 1;
		}
		upid = fork();
		if (upid == 0)
			unloader(so->unload, us);
	}
	if (so->openers) {
		os = shared_page();
		if (!os) {
			printf("1..0\nBail out! mmap: %s\n", strerror(errno));
			return 1;
		}
		opid = fork();
		if (opid == 0) {
			srand(so->seed + 1);
			opener(so->dev, nic, os);
		}
	}

	for (c = 1; c <= so->cycles; c++) {
		memset(&o, 0, sizeof(o));
		/* the control goes round the stages, to be sure to meet each */
		o.device_reset = so->reset_every && !so->stale &&
				 c % so->reset_every == 0;
		/*
		 * A reset cycle dies with traffic flowing, at a random one of
		 * the stages that have it: every K-th cycle resets, so a short
		 * soak (20 cycles on the debug kernel) cannot miss them all.
		 */
		if (so->stale)
			o.stage = (c - 1) % OWNER1_STAGES;
		else if (o.device_reset)
			o.stage = OWNER1_RUNNING + (unsigned int)rand() %
					(OWNER1_STAGES - OWNER1_RUNNING);
		else
			o.stage = (unsigned int)rand() % OWNER1_STAGES;
		o.frames = 2;
		o.kill_within_us = kill_within_us[o.stage];
		rebind = so->rebind_every && c % so->rebind_every == 0;
		if (rebind && !unloader_pause(us)) {
			printf("1..0\nBail out! the unloader does not pause\n");
			return 1;
		}
		if (rebind) {
			/* owner #1 dies once the unbind waits for it */
			o.at_stage = unbind_while_held;
			o.arg = &ub;
			o.kill_within_us = 0;
			ub.dev = so->dev;
			ub.pid = 0;
		}
		r = owner1_run_and_kill(so->dev, nic, &a, &o, lines,
					sizeof(lines));
		if (r < 0) {
			printf("1..0\nBail out! cannot start owner #1: %s\n",
			       strerror(errno));
			return 1;
		}
		if (!owner1_line(lines, owner1_stage_name[o.stage])) {
			if (rebind) {
				if (ub.pid > 0)
					waitpid(ub.pid, NULL, 0);
				sysfs_write(VFIO_PLATFORM "bind", so->dev);
				unloader_resume(us);
			}
			all.lost++;
			t[o.stage].lost++;
			diag("cycle %u: owner #1 never got %s: %s", c,
			     stage_desc[o.stage], lines[0] ? lines : "no word");
			continue;
		}
		if (!WIFSIGNALED(r) || WTERMSIG(r) != SIGKILL) {
			died++;
			diag("cycle %u (%s): owner #1 ended on its own, wait status 0x%x: %s",
			     c, stage_desc[o.stage], r, lines);
		}
		l = owner1_line(lines, "reset");
		if (o.device_reset && l) {
			resets++;
			if (strncmp(l, "reset quiet", 11)) {
				reset_dirty++;
				diag("cycle %u: owner #1's VFIO_DEVICE_RESET left it %.*s",
				     c, (int)strcspn(l, "\n"), l);
			}
		}

		/* What owner #1's memory holds at its death. */
		memcpy(snap, a.base, a.len);

		if (rebind) {
			/* the unbind ends with owner #1's release; bind again */
			if (ub.pid > 0 && ub.waited &&
			    waitpid(ub.pid, &wst, 0) == ub.pid &&
			    WIFEXITED(wst) && !WEXITSTATUS(wst) &&
			    !sysfs_write(VFIO_PLATFORM "bind", so->dev)) {
				rebinds++;
			} else {
				rebind_fail++;
				diag("cycle %u (%s): unbind while owned: %s (seen in state %c; owner #1's wait status 0x%x)",
				     c, stage_desc[o.stage],
				     ub.waited ? "failed" :
				     "not seen waiting for the owner",
				     ub.last ? ub.last : '-', r);
				if (ub.pid > 0)
					waitpid(ub.pid, NULL, 0);
				sysfs_write(VFIO_PLATFORM "bind", so->dev);
			}
			/* bound again, vfio-platform holds the native reset */
			unloader_resume(us);
		}

		if (open_retrying(&d, so->dev, &busy)) {
			refused++;
			diag("cycle %u: the next owner could not open %s", c,
			     so->dev);
			continue;
		}
		nic->observe(&d, &st);
		t[o.stage].cycles++;
		all.cycles++;
		if (vdev_irq_enable(&d)) {
			printf("1..0\nBail out! cannot take IRQ 0\n");
			return 1;
		}
		end = now_ms() + WINDOW_MS;
		while (now_ms() < end) {
			r = vdev_irq_wait(&d, end - now_ms());
			if (r <= 0)
				break;
			t[o.stage].irqs++;
			all.irqs++;
			if (vdev_irq_unmask(&d))
				break;
		}
		vdev_irq_disable(&d);
		for (changed = 0, i = 0; i < a.len; i++)
			changed += a.base[i] != snap[i];
		t[o.stage].bytes += changed;
		all.bytes += changed;
		if (nic_dirty(&st) || changed) {
			t[o.stage].dirty++;
			all.dirty++;
			if (!so->stale)
				diag("cycle %u (%s): dirty: status 0x%x, enabled 0x%x, DMA rx %d tx %d, MAC rx %d tx %d, %llu bytes DMA'd",
				     c, stage_desc[o.stage], st.irq_status,
				     st.irq_enable, st.rx_dma, st.tx_dma,
				     st.mac_rx, st.mac_tx, changed);
		} else if (o.stage >= OWNER1_RUNNING) {
			running_clean++;
		}
		nic->stop(&d);
		vdev_close(&d);
	}

	if (os) {
		os->stop = 1;
		waitpid(opid, NULL, 0);
	}
	if (us) {
		STORE(&us->stop, 1);
		waitpid(upid, NULL, 0);
	}
	if (stop_traffic(tpid))
		diag("warning: the traffic did not end cleanly");

	print_table(t, &all);
	diag("owner VFIO_DEVICE_RESETs with traffic: %u (left it running: %u); unbind/bind of vfio-platform: %u (failed: %u)",
	     resets, reset_dirty, rebinds, rebind_fail);
	if (os)
		diag("concurrent opener: %u opens (found it dirty: %u), %u refused",
		     os->opens, os->dirty, os->refused);
	if (us)
		diag("rmmod %s: %u refused, %u worked", so->unload,
		     us->refused, us->worked);
	diag("the next owner's opens refused while busy, then retried: %u",
	     busy);
	diag("SOAK cycles=%u lost=%u dirty=%u stale_irqs=%u stale_dma_bytes=%llu refused=%u owner_resets=%u owner_reset_dirty=%u rebinds=%u rebind_failed=%u opener_opens=%u opener_dirty=%u unload_refused=%u unload_worked=%u",
	     all.cycles, all.lost, all.dirty, all.irqs, all.bytes, refused,
	     resets, reset_dirty, rebinds, rebind_fail, os ? os->opens : 0,
	     os ? os->dirty : 0, us ? us->refused : 0, us ? us->worked : 0);

	if (so->stale) {
		printf("1..2\n");
		check(!all.lost && !refused,
		      "control: every cycle ran (%u lost, %u refused)",
		      all.lost, refused);
		check(!running_clean &&
		      t[OWNER1_RUNNING].cycles + t[OWNER1_IOCTLS].cycles,
		      "control: every handover after DMA ran was dirty (%u of %u clean)",
		      running_clean,
		      t[OWNER1_RUNNING].cycles + t[OWNER1_IOCTLS].cycles);
		return nfail ? 1 : 0;
	}
	printf("1..7\n");
	check(!all.lost && !refused && !died,
	      "every cycle ran: owner #1 got where it was to die and died by SIGKILL there, the next owner opened (%u lost, %u ended on their own, %u refused)",
	      all.lost, died, refused);
	check(!all.dirty, "no dirty handover (%u of %u)", all.dirty,
	      all.cycles);
	check(!all.irqs && !all.bytes,
	      "no stale IRQ (%u) and no stale DMA byte (%llu)", all.irqs,
	      all.bytes);
	check(!reset_dirty && (!so->reset_every || resets),
	      "every VFIO_DEVICE_RESET with traffic left it quiet (%u of %u)",
	      resets - reset_dirty, resets);
	check(!rebind_fail && (!so->rebind_every || rebinds),
	      "every unbind/bind of vfio-platform worked (%u of %u)", rebinds,
	      rebinds + rebind_fail);
	check(!os || (!os->dirty && os->opens),
	      "the concurrent opener found it quiet at every open (%u opens, %u dirty)",
	      os ? os->opens : 0, os ? os->dirty : 0);
	check(!us || (!us->worked && us->refused),
	      "every unload of the native driver was refused while vfio-platform had the device (%u refused, %u worked)",
	      us ? us->refused : 0, us ? us->worked : 0);
	return nfail ? 1 : 0;
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
