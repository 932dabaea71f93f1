/*
 * jlvs-dpdk-dr: a stand-in DR director on DPDK, for lab/test-lab.sh only.
 *
 * It proves that the director port lab/up prepares for jlvs (veth up, promiscuous, offloads off,
 * no kernel address) carries a DPDK af_packet port end to end: frames for the VIP are received
 * through DPDK, their destination MAC is set to a real server's and their source MAC to the
 * port's own (Direct Routing: nothing else changes), and they are sent back out of the same
 * port. A new TCP connection (SYN without ACK) goes to the next server in turn, remembered by the
 * client's port (one client only). Everything that is not TCP to the VIP is dropped.
 * A test tool, not a load balancer: jlvs does this properly.
 *
 * usage: jlvs-dpdk-dr EAL_ARGS... -- VIP SERVER_MAC...
 *   e.g. --no-huge -m 128 --in-memory --no-pci -l 1 --vdev=net_af_packet0,iface=jlvs-d-lan
 * Runs until SIGTERM or SIGINT, then prints its counters.
 */
#include <arpa/inet.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_mbuf.h>
#include <rte_tcp.h>

#define MAX_SERVERS 16
#define BURST 32

static volatile sig_atomic_t stop_requested;
static void on_stop(int sig) { (void)sig; stop_requested = 1; }

int main(int argc, char **argv)
{
    int consumed = rte_eal_init(argc, argv);
    if (consumed < 0) rte_exit(EXIT_FAILURE, "jlvs-dpdk-dr: rte_eal_init failed\n");
    argc -= consumed;
    argv += consumed;
    if (argc < 3 || argc - 2 > MAX_SERVERS)
        rte_exit(EXIT_FAILURE, "usage: jlvs-dpdk-dr EAL_ARGS... -- VIP SERVER_MAC... (1..%d servers)\n", MAX_SERVERS);
    uint32_t vip;
    if (inet_pton(AF_INET, argv[1], &vip) != 1) rte_exit(EXIT_FAILURE, "jlvs-dpdk-dr: bad VIP %s\n", argv[1]);
    int servers = argc - 2;
    struct rte_ether_addr server_mac[MAX_SERVERS];
    for (int i = 0; i < servers; i++)
        if (rte_ether_unformat_addr(argv[2 + i], &server_mac[i]) != 0)
            rte_exit(EXIT_FAILURE, "jlvs-dpdk-dr: bad MAC %s\n", argv[2 + i]);
    if (rte_eth_dev_count_avail() != 1) rte_exit(EXIT_FAILURE, "jlvs-dpdk-dr: expected exactly one DPDK port\n");

    struct rte_mempool *pool = rte_pktmbuf_pool_create("jlvs_lab_dr", 2047, 128, 0,
                                                       RTE_MBUF_DEFAULT_BUF_SIZE, rte_socket_id());
    if (pool == NULL) rte_exit(EXIT_FAILURE, "jlvs-dpdk-dr: mbuf pool: %s\n", rte_strerror(rte_errno));
    const uint16_t port = 0;
    struct rte_eth_conf conf;
    memset(&conf, 0, sizeof conf);
    if (rte_eth_dev_configure(port, 1, 1, &conf) != 0
        || rte_eth_rx_queue_setup(port, 0, 512, rte_eth_dev_socket_id(port), NULL, pool) != 0
        || rte_eth_tx_queue_setup(port, 0, 512, rte_eth_dev_socket_id(port), NULL) != 0
        || rte_eth_dev_start(port) != 0)
        rte_exit(EXIT_FAILURE, "jlvs-dpdk-dr: port setup failed\n");
    rte_eth_promiscuous_enable(port);
    struct rte_ether_addr own_mac;
    rte_eth_macaddr_get(port, &own_mac);

    signal(SIGTERM, on_stop);
    signal(SIGINT, on_stop);
    static uint8_t server_of_port[65536];   /* 0 = unknown, else server index + 1 */
    int next = 0;
    unsigned long long received = 0, forwarded = 0, dropped = 0, tx_full = 0;
    struct rte_mbuf *in[BURST], *out[BURST];
    fprintf(stderr, "jlvs-dpdk-dr: forwarding TCP to %s over %d server(s)\n", argv[1], servers);
    while (!stop_requested) {
        uint16_t n = rte_eth_rx_burst(port, 0, in, BURST);
        if (n == 0) {
            rte_delay_us_sleep(50);   /* a shared machine: do not spin */
            continue;
        }
        received += n;
        uint16_t keep = 0;
        for (uint16_t k = 0; k < n; k++) {
            struct rte_mbuf *m = in[k];
            struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m, struct rte_ether_hdr *);
            struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(eth + 1);
            size_t ihl;
            if (m->data_len < sizeof *eth + sizeof *ip + sizeof(struct rte_tcp_hdr)
                || eth->ether_type != rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4)
                || ip->dst_addr != vip || ip->next_proto_id != IPPROTO_TCP
                || (ihl = rte_ipv4_hdr_len(ip)) < sizeof *ip
                || m->data_len < sizeof *eth + ihl + sizeof(struct rte_tcp_hdr)) {
                rte_pktmbuf_free(m);
                dropped++;
                continue;
            }
            struct rte_tcp_hdr *tcp = (struct rte_tcp_hdr *)((char *)ip + ihl);
            uint16_t client_port = rte_be_to_cpu_16(tcp->src_port);
            int syn_only = (tcp->tcp_flags & (RTE_TCP_SYN_FLAG | RTE_TCP_ACK_FLAG)) == RTE_TCP_SYN_FLAG;
            if (syn_only || server_of_port[client_port] == 0) {
                server_of_port[client_port] = (uint8_t)(next + 1);
                next = (next + 1) % servers;
            }
            rte_ether_addr_copy(&server_mac[server_of_port[client_port] - 1], &eth->dst_addr);
            rte_ether_addr_copy(&own_mac, &eth->src_addr);
            out[keep++] = m;
        }
        uint16_t sent = keep ? rte_eth_tx_burst(port, 0, out, keep) : 0;
        forwarded += sent;
        for (uint16_t k = sent; k < keep; k++) {
            rte_pktmbuf_free(out[k]);
            tx_full++;
        }
    }
    fprintf(stderr, "jlvs-dpdk-dr: received %llu, forwarded %llu, dropped (not TCP to the VIP) %llu, tx full %llu\n",
            received, forwarded, dropped, tx_full);
    rte_eth_dev_stop(port);
    rte_eal_cleanup();
    return 0;
}
