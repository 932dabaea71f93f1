/*
 * jlvs-ipip-encap: a stand-in TUN-mode director, for lab/test-lab.sh only.
 *
 * It proves the lab's TUN real servers (their decapsulator, VIP and direct return path) without
 * jlvs: the director namespace's kernel routes packets for the VIP into a TUN device; this
 * program reads them and sends each, whole, as the payload of an IP-in-IP packet (a raw socket
 * of protocol 4: the kernel adds the outer header, director -> server) to a real server chosen
 * round robin per new TCP connection (a SYN without ACK), remembered by the client's port.
 * One client only, no timeouts: a test tool, not a load balancer.
 *
 * usage: jlvs-ipip-encap TUN_IFNAME SERVER_ADDR...
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_SERVERS 16

int main(int argc, char **argv)
{
    if (argc < 3 || argc - 2 > MAX_SERVERS) {
        fprintf(stderr, "usage: %s TUN_IFNAME SERVER_ADDR... (1..%d servers)\n", argv[0], MAX_SERVERS);
        return 2;
    }
    int servers = argc - 2;
    struct sockaddr_in server[MAX_SERVERS];
    for (int i = 0; i < servers; i++) {
        memset(&server[i], 0, sizeof server[i]);
        server[i].sin_family = AF_INET;
        if (inet_pton(AF_INET, argv[2 + i], &server[i].sin_addr) != 1) {
            fprintf(stderr, "jlvs-ipip-encap: not an IPv4 address: %s\n", argv[2 + i]);
            return 2;
        }
    }
    int tun = open("/dev/net/tun", O_RDWR);
    if (tun < 0) { perror("jlvs-ipip-encap: open /dev/net/tun"); return 1; }
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
    snprintf(ifr.ifr_name, IFNAMSIZ, "%s", argv[1]);
    if (ioctl(tun, TUNSETIFF, &ifr) < 0) {
        fprintf(stderr, "jlvs-ipip-encap: attaching to TUN device %s: %s\n", argv[1], strerror(errno));
        return 1;
    }
    int raw = socket(AF_INET, SOCK_RAW, IPPROTO_IPIP);
    if (raw < 0) { perror("jlvs-ipip-encap: socket(AF_INET, SOCK_RAW, IPPROTO_IPIP)"); return 1; }

    /* The test waits for this line instead of sleeping: from here on, packets routed into the TUN device are read. */
    printf("jlvs-ipip-encap: forwarding to %d servers\n", servers);
    fflush(stdout);
    static uint8_t server_of_port[65536];   /* 0 = unknown, else server index + 1 */
    int next = 0;
    static unsigned char buf[65536];
    for (;;) {
        ssize_t n = read(tun, buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR) continue;
            perror("jlvs-ipip-encap: read");
            return 1;
        }
        if (n < 20 || (buf[0] >> 4) != 4) continue;
        size_t ihl = (size_t)(buf[0] & 0x0f) * 4;
        int chosen = 0;
        if (buf[9] == IPPROTO_TCP && (size_t)n >= ihl + 14) {
            unsigned char *tcp = buf + ihl;
            unsigned port = ((unsigned)tcp[0] << 8) | tcp[1];
            int syn_only = (tcp[13] & 0x12) == 0x02;
            if (syn_only || server_of_port[port] == 0) {
                server_of_port[port] = (uint8_t)(next + 1);
                next = (next + 1) % servers;
            }
            chosen = server_of_port[port] - 1;
        }
        if (sendto(raw, buf, (size_t)n, 0, (struct sockaddr *)&server[chosen], sizeof server[chosen]) < 0)
            perror("jlvs-ipip-encap: sendto");
    }
}
