/*
 * jlvs-ipip-decap: a user-space IP-in-IP decapsulator for a TUN-mode real server in the lab.
 *
 * The lab's kernel has no ipip module, so a real server cannot terminate the director's
 * IP-in-IP tunnel itself. This program does it: it reads IP protocol 4 packets addressed to this
 * server from a raw socket, strips the outer IPv4 header and writes the inner packet into a TUN
 * device that owns the VIP. The server's kernel then sees the client's original packet, hands it
 * to nginx, and answers the client directly with the VIP as source (LVS-TUN).
 *
 * usage: jlvs-ipip-decap TUN_IFNAME VIP SERVER_ADDR
 *   TUN_IFNAME   an existing TUN device (ip tuntap add dev NAME mode tun), attached here
 *   VIP          only inner packets to this address are passed on
 *   SERVER_ADDR  only outer packets to this address are taken
 * Runs until killed. Prints its counters to stderr on SIGUSR1 and when it ends.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

static volatile sig_atomic_t stop_requested;
static volatile sig_atomic_t report_requested;
static unsigned long long passed, dropped_malformed, dropped_not_ours, write_errors;

static void on_stop(int sig) { (void)sig; stop_requested = 1; }
static void on_report(int sig) { (void)sig; report_requested = 1; }

static void report(void)
{
    fprintf(stderr, "jlvs-ipip-decap: passed %llu, dropped malformed %llu, not for us %llu, tun write errors %llu\n",
            passed, dropped_malformed, dropped_not_ours, write_errors);
}

static int open_tun(const char *name)
{
    int fd = open("/dev/net/tun", O_RDWR);
    if (fd < 0) {
        perror("jlvs-ipip-decap: open /dev/net/tun");
        return -1;
    }
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    ifr.ifr_flags = IFF_TUN | IFF_NO_PI;   /* bare IPv4 packets, no packet-information prefix */
    snprintf(ifr.ifr_name, IFNAMSIZ, "%s", name);
    if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
        fprintf(stderr, "jlvs-ipip-decap: attaching to TUN device %s: %s\n", name, strerror(errno));
        close(fd);
        return -1;
    }
    return fd;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: %s TUN_IFNAME VIP SERVER_ADDR\n", argv[0]);
        return 2;
    }
    struct in_addr vip, server;
    if (inet_pton(AF_INET, argv[2], &vip) != 1 || inet_pton(AF_INET, argv[3], &server) != 1) {
        fprintf(stderr, "jlvs-ipip-decap: VIP and SERVER_ADDR must be IPv4 addresses\n");
        return 2;
    }
    int tun = open_tun(argv[1]);
    if (tun < 0) return 1;

    /* A raw socket of protocol 4 receives every IPIP packet delivered locally, outer header
     * included. With no ipip module the kernel has no other handler and sends no ICMP error
     * while a raw socket takes the packet. */
    int raw = socket(AF_INET, SOCK_RAW, IPPROTO_IPIP);
    if (raw < 0) {
        perror("jlvs-ipip-decap: socket(AF_INET, SOCK_RAW, IPPROTO_IPIP)");
        return 1;
    }
    int rcvbuf = 4 << 20;   /* benchmark bursts: do not drop in the socket queue */
    setsockopt(raw, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop;          /* no SA_RESTART: recv returns EINTR and the loop ends */
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sa.sa_handler = on_report;
    sigaction(SIGUSR1, &sa, NULL);

    fprintf(stderr, "jlvs-ipip-decap: %s: IPIP to %s, inner packets to %s\n", argv[1], argv[3], argv[2]);
    static unsigned char buf[65536];
    while (!stop_requested) {
        if (report_requested) {
            report_requested = 0;
            report();
        }
        ssize_t n = recv(raw, buf, sizeof buf, 0);
        if (n < 0) {
            if (errno == EINTR) continue;
            perror("jlvs-ipip-decap: recv");
            return 1;
        }
        if (n < 20 || (buf[0] >> 4) != 4) { dropped_malformed++; continue; }
        size_t outer_len = (size_t)(buf[0] & 0x0f) * 4;
        if (outer_len < 20 || (size_t)n < outer_len + 20) { dropped_malformed++; continue; }
        if (memcmp(buf + 16, &server, 4) != 0) { dropped_not_ours++; continue; }
        unsigned char *inner = buf + outer_len;
        size_t inner_len = (size_t)n - outer_len;
        size_t inner_total = ((size_t)inner[2] << 8) | inner[3];
        if ((inner[0] >> 4) != 4 || inner_total < 20 || inner_total > inner_len) { dropped_malformed++; continue; }
        if (memcmp(inner + 16, &vip, 4) != 0) { dropped_not_ours++; continue; }
        if (write(tun, inner, inner_total) < 0) { write_errors++; continue; }
        passed++;
    }
    report();
    return 0;
}
