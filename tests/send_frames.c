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

int main(int argc, char **argv)
{
	unsigned int rate = 50, seconds = 5, size = 128;
	unsigned long sent = 0, errors = 0;
	const char *dev = NULL, *ifn = NULL, *count = NULL;
	struct sockaddr_ll to = { 0 };
	struct timespec next, now;
	char name[IFNAMSIZ] = "";
	unsigned char frame[1514];
	struct ifreq ifr;
	double end;
	int i, s, cfd = -1;
	uint64_t n;

	for (i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--dev"))
			dev = argv[i + 1];
		else if (!strcmp(argv[i], "--ifname"))
			ifn = argv[i + 1];
		else if (!strcmp(argv[i], "--rate"))
			rate = strtoul(argv[i + 1], NULL, 0);
		else if (!strcmp(argv[i], "--seconds"))
			seconds = strtoul(argv[i + 1], NULL, 0);
		else if (!strcmp(argv[i], "--size"))
			size = strtoul(argv[i + 1], NULL, 0);
		else if (!strcmp(argv[i], "--count"))
			count = argv[i + 1];
		else
			break;
	}
	if (i != argc || (!dev == !ifn) || !rate || rate > 10000 ||
	    size < 60 || size > sizeof(frame)) {
		fprintf(stderr,
			"usage: send-frames (--dev PLATFORM_DEV | --ifname IF) [--rate 1-10000] [--seconds S] [--size 60-1514] [--count FILE]\n");
		return 2;
	}
	if (dev && ifname_of(dev, name, sizeof(name)))
		return 1;
	if (count) {
		cfd = open(count, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (cfd < 0) {
			fprintf(stderr, "send-frames: %s: %s\n", count,
				strerror(errno));
			return 1;
		}
	}
	if (ifn)
		snprintf(name, sizeof(name), "%s", ifn);

	s = socket(AF_PACKET, SOCK_RAW, htons(ETHERTYPE_TEST));
	if (s < 0) {
		perror("send-frames: AF_PACKET socket");
		return 1;
	}
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (ioctl(s, SIOCGIFFLAGS, &ifr) < 0) {
		fprintf(stderr, "send-frames: %s: %s\n", name, strerror(errno));
		return 1;
	}
	if (!(ifr.ifr_flags & IFF_UP)) {
		ifr.ifr_flags |= IFF_UP;
		if (ioctl(s, SIOCSIFFLAGS, &ifr) < 0) {
			fprintf(stderr, "send-frames: bring %s up: %s\n", name,
				strerror(errno));
			return 1;
		}
	}
	if (ioctl(s, SIOCGIFHWADDR, &ifr) < 0 || ioctl(s, SIOCGIFINDEX, &ifr) < 0) {
		fprintf(stderr, "send-frames: %s: %s\n", name, strerror(errno));
		return 1;
	}
	to.sll_family = AF_PACKET;
	to.sll_protocol = htons(ETHERTYPE_TEST);
	to.sll_ifindex = ifr.ifr_ifindex;
	to.sll_halen = ETH_ALEN;
	memset(to.sll_addr, 0xff, ETH_ALEN);

	memset(frame, 0, sizeof(frame));
	memset(frame, 0xff, ETH_ALEN);
	ioctl(s, SIOCGIFHWADDR, &ifr);
	memcpy(frame + ETH_ALEN, ifr.ifr_hwaddr.sa_data, ETH_ALEN);
	frame[12] = ETHERTYPE_TEST >> 8;
	frame[13] = ETHERTYPE_TEST & 0xff;
	for (i = 18; i < (int)size; i++)
		frame[i] = i;

	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	clock_gettime(CLOCK_MONOTONIC, &next);
	end = next.tv_sec + next.tv_nsec / 1e9 + seconds;
	while (!stop) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec + now.tv_nsec / 1e9 >= end)
			break;
		frame[14] = sent >> 24;
		frame[15] = sent >> 16;
		frame[16] = sent >> 8;
		frame[17] = sent;
		if (sendto(s, frame, size, 0, (struct sockaddr *)&to,
			   sizeof(to)) == (ssize_t)size) {
			sent++;
			n = sent;
			if (cfd >= 0 &&
			    pwrite(cfd, &n, sizeof(n), 0) != sizeof(n))
				errors++;
		} else {
			errors++;
		}
		next.tv_nsec += 1000000000L / rate;
		while (next.tv_nsec >= 1000000000L) {
			next.tv_nsec -= 1000000000L;
			next.tv_sec++;
		}
		clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL);
	}
	printf("# send-frames: %lu frames of %u bytes sent on %s, %lu errors\n",
	       sent, size, name, errors);
	return sent ? 0 : 1;
}
