// SPDX-License-Identifier: GPL-2.0
/*
 * send-frames: put raw Ethernet frames on a wire at a steady rate, from a
 * NIC that its native driver runs, so that a NIC on the same (emulated)
 * hub sees traffic.  Stops by itself.
 *
 *   send-frames (--dev PLATFORM_DEV | --ifname IF) [--rate N] [--seconds S]
 *		 [--size BYTES] [--count FILE]
 *
 * Frames are broadcast, EtherType 0x88b5 (local experimental), and carry
 * a sequence number.  With --count, FILE holds the number of frames sent
 * so far, as a 64-bit number in host order, so that a receiver can tell
 * a sender that made progress from one that got no CPU.  Exit status 0
 * if at least one frame went out.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>

#define ETHERTYPE_TEST 0x88b5

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int ifname_of(const char *dev, char *name, size_t len)
{
	char path[256];
	struct dirent *e;
	DIR *dir;

	snprintf(path, sizeof(path), "/sys/bus/platform/devices/%s/net", dev);
	dir = opendir(path);
	if (!dir) {
		fprintf(stderr, "send-frames: %s: %s (is its native driver bound?)\n",
			path, strerror(errno));
		return -1;
	}
	while ((e = readdir(dir))) {
		if (e->d_name[0] == '.')
			continue;
		if (strlen(e->d_name) >= len)
			break;
		strcpy(name, e->d_name);
		closedir(dir);
		return 0;
	}
	closedir(dir);
	fprintf(stderr, "send-frames: %s has no network interface\n", dev);
	return -1;
}

struct sender {
	unsigned int rate, seconds, size;
	const char *dev, *ifn, *count;
	char name[IFNAMSIZ];
	int sock, cfd;
	struct sockaddr_ll to;
	unsigned char frame[1514];
};

/* The options; 2 on a bad one, after the usage. */
static int parse_args(struct sender *t, int argc, char **argv)
{
	int i;

	for (i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--dev"))
			t->dev = argv[i + 1];
		else if (!strcmp(argv[i], "--ifname"))
			t->ifn = argv[i + 1];
		else if (!strcmp(argv[i], "--rate"))
			t->rate = strtoul(argv[i + 1], NULL, 0);
		else if (!strcmp(argv[i], "--seconds"))
			t->seconds = strtoul(argv[i + 1], NULL, 0);
		else if (!strcmp(argv[i], "--size"))
			t->size = strtoul(argv[i + 1], NULL, 0);
		else if (!strcmp(argv[i], "--count"))
			t->count = argv[i + 1];
		else
			break;
	}
	if (i != argc || (!t->dev == !t->ifn) || !t->rate || t->rate > 10000 ||
	    t->size < 60 || t->size > sizeof(t->frame)) {
		fprintf(stderr,
			"usage: send-frames (--dev PLATFORM_DEV | --ifname IF) [--rate 1-10000] [--seconds S] [--size 60-1514] [--count FILE]\n");
		return 2;
	}
	return 0;
}

/* A raw socket on the interface, brought up if it is down, and the
 * broadcast frame with its source address.
 */
static int open_link(struct sender *t)
{
	struct ifreq ifr;
	unsigned int i;

	t->sock = socket(AF_PACKET, SOCK_RAW, htons(ETHERTYPE_TEST));
	if (t->sock < 0) {
		perror("send-frames: AF_PACKET socket");
		return -1;
	}
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", t->name);
	if (ioctl(t->sock, SIOCGIFFLAGS, &ifr) < 0)
		goto err;
	if (!(ifr.ifr_flags & IFF_UP)) {
		ifr.ifr_flags |= IFF_UP;
		if (ioctl(t->sock, SIOCSIFFLAGS, &ifr) < 0) {
			fprintf(stderr, "send-frames: bring %s up: %s\n",
				t->name, strerror(errno));
			return -1;
		}
	}
	if (ioctl(t->sock, SIOCGIFINDEX, &ifr) < 0)
		goto err;
	t->to.sll_family = AF_PACKET;
	t->to.sll_protocol = htons(ETHERTYPE_TEST);
	t->to.sll_ifindex = ifr.ifr_ifindex;
	t->to.sll_halen = ETH_ALEN;
	memset(t->to.sll_addr, 0xff, ETH_ALEN);
	if (ioctl(t->sock, SIOCGIFHWADDR, &ifr) < 0)
		goto err;

	memset(t->frame, 0, sizeof(t->frame));
	memset(t->frame, 0xff, ETH_ALEN);
	memcpy(t->frame + ETH_ALEN, ifr.ifr_hwaddr.sa_data, ETH_ALEN);
	t->frame[12] = ETHERTYPE_TEST >> 8;
	t->frame[13] = ETHERTYPE_TEST & 0xff;
	for (i = 18; i < t->size; i++)
		t->frame[i] = i;
	return 0;
err:
	fprintf(stderr, "send-frames: %s: %s\n", t->name, strerror(errno));
	return -1;
}

/* Frames at the rate until the time is up or a signal: the number sent,
 * and in *errors those that failed (or whose count was not written).
 */
static unsigned long send_loop(struct sender *t, unsigned long *errors)
{
	unsigned long sent = 0;
	struct timespec next, now;
	double end;
	uint64_t n;

	clock_gettime(CLOCK_MONOTONIC, &next);
	end = next.tv_sec + next.tv_nsec / 1e9 + t->seconds;
	while (!stop) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec + now.tv_nsec / 1e9 >= end)
			break;
		t->frame[14] = sent >> 24;
		t->frame[15] = sent >> 16;
		t->frame[16] = sent >> 8;
		t->frame[17] = sent;
		if (sendto(t->sock, t->frame, t->size, 0,
			   (struct sockaddr *)&t->to, sizeof(t->to)) ==
		    (ssize_t)t->size) {
			sent++;
			n = sent;
			if (t->cfd >= 0 &&
			    pwrite(t->cfd, &n, sizeof(n), 0) != sizeof(n))
				(*errors)++;
		} else {
			(*errors)++;
		}
		next.tv_nsec += 1000000000L / t->rate;
		while (next.tv_nsec >= 1000000000L) {
			next.tv_nsec -= 1000000000L;
			next.tv_sec++;
		}
		clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL);
	}
	return sent;
}

int main(int argc, char **argv)
{
	struct sender t = { .rate = 50, .seconds = 5, .size = 128, .cfd = -1 };
	unsigned long sent, errors = 0;

	if (parse_args(&t, argc, argv))
		return 2;
	if (t.dev && ifname_of(t.dev, t.name, sizeof(t.name)))
		return 1;
	if (t.ifn)
		snprintf(t.name, sizeof(t.name), "%s", t.ifn);
	if (t.count) {
		t.cfd = open(t.count, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (t.cfd < 0) {
			fprintf(stderr, "send-frames: %s: %s\n", t.count,
				strerror(errno));
			return 1;
		}
	}
	if (open_link(&t))
		return 1;

	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	sent = send_loop(&t, &errors);
	printf("# send-frames: %lu frames of %u bytes sent on %s, %lu errors\n",
	       sent, t.size, t.name, errors);
	return sent ? 0 : 1;
}
