/* jlvs_shim.c: see jlvs_shim.h. Built by build.sh into target/classes/native/linux-x86_64. */
#define _GNU_SOURCE
#include "jlvs_shim.h"

#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include <rte_common.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_log.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>
#include <rte_prefetch.h>
#include <rte_ring.h>

/* The offsets io.jlvs.bindings.dpdk.RteMbuf hard-codes: a mismatch stops the build here. */
_Static_assert(offsetof(struct rte_mbuf, buf_addr) == 0, "rte_mbuf.buf_addr");
_Static_assert(offsetof(struct rte_mbuf, data_off) == 16, "rte_mbuf.data_off");
_Static_assert(offsetof(struct rte_mbuf, refcnt) == 18, "rte_mbuf.refcnt");
_Static_assert(offsetof(struct rte_mbuf, nb_segs) == 20, "rte_mbuf.nb_segs");
_Static_assert(offsetof(struct rte_mbuf, port) == 22, "rte_mbuf.port");
_Static_assert(offsetof(struct rte_mbuf, ol_flags) == 24, "rte_mbuf.ol_flags");
_Static_assert(offsetof(struct rte_mbuf, packet_type) == 32, "rte_mbuf.packet_type");
_Static_assert(offsetof(struct rte_mbuf, pkt_len) == 36, "rte_mbuf.pkt_len");
_Static_assert(offsetof(struct rte_mbuf, data_len) == 40, "rte_mbuf.data_len");
_Static_assert(offsetof(struct rte_mbuf, vlan_tci) == 42, "rte_mbuf.vlan_tci");
_Static_assert(offsetof(struct rte_mbuf, hash.rss) == 44, "rte_mbuf.hash.rss");
_Static_assert(offsetof(struct rte_mbuf, buf_len) == 54, "rte_mbuf.buf_len");
_Static_assert(offsetof(struct rte_mbuf, pool) == 56, "rte_mbuf.pool");
_Static_assert(offsetof(struct rte_mbuf, next) == 64, "rte_mbuf.next");
_Static_assert(sizeof(struct rte_mbuf) == 128, "sizeof rte_mbuf");
_Static_assert(RTE_PKTMBUF_HEADROOM == 128, "RTE_PKTMBUF_HEADROOM");

uint16_t jlvs_eth_rx_burst(uint16_t port_id, uint16_t queue_id, struct rte_mbuf **rx_pkts, uint16_t nb_pkts)
{
	return rte_eth_rx_burst(port_id, queue_id, rx_pkts, nb_pkts);
}

uint16_t jlvs_eth_tx_burst(uint16_t port_id, uint16_t queue_id, struct rte_mbuf **tx_pkts, uint16_t nb_pkts)
{
	return rte_eth_tx_burst(port_id, queue_id, tx_pkts, nb_pkts);
}

int jlvs_pktmbuf_alloc_bulk(struct rte_mempool *pool, struct rte_mbuf **mbufs, unsigned int count)
{
	return rte_pktmbuf_alloc_bulk(pool, mbufs, count);
}

struct rte_mbuf *jlvs_pktmbuf_alloc(struct rte_mempool *pool)
{
	return rte_pktmbuf_alloc(pool);
}

void jlvs_pktmbuf_free(struct rte_mbuf *m)
{
	rte_pktmbuf_free(m);
}

unsigned int jlvs_ring_sp_enqueue_burst(struct rte_ring *r, void *const *obj_table, unsigned int n, unsigned int *free_space)
{
	return rte_ring_sp_enqueue_burst(r, obj_table, n, free_space);
}

unsigned int jlvs_ring_mp_enqueue_burst(struct rte_ring *r, void *const *obj_table, unsigned int n, unsigned int *free_space)
{
	return rte_ring_mp_enqueue_burst(r, obj_table, n, free_space);
}

unsigned int jlvs_ring_enqueue_burst(struct rte_ring *r, void *const *obj_table, unsigned int n, unsigned int *free_space)
{
	return rte_ring_enqueue_burst(r, obj_table, n, free_space);
}

unsigned int jlvs_ring_sc_dequeue_burst(struct rte_ring *r, void **obj_table, unsigned int n, unsigned int *available)
{
	return rte_ring_sc_dequeue_burst(r, obj_table, n, available);
}

unsigned int jlvs_ring_mc_dequeue_burst(struct rte_ring *r, void **obj_table, unsigned int n, unsigned int *available)
{
	return rte_ring_mc_dequeue_burst(r, obj_table, n, available);
}

unsigned int jlvs_ring_dequeue_burst(struct rte_ring *r, void **obj_table, unsigned int n, unsigned int *available)
{
	return rte_ring_dequeue_burst(r, obj_table, n, available);
}

void jlvs_prefetch(const uint64_t *addrs, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		rte_prefetch0((const void *)(uintptr_t)addrs[i]);
}

unsigned int jlvs_ring_count(const struct rte_ring *r)
{
	return rte_ring_count(r);
}

unsigned int jlvs_ring_free_count(const struct rte_ring *r)
{
	return rte_ring_free_count(r);
}

unsigned int jlvs_lcore_id(void)
{
	return rte_lcore_id();
}

int jlvs_rte_errno(void)
{
	return rte_errno;
}

/* ---- EAL log capture ---- */

#define LOG_TAIL_SIZE 4096
static char log_tail[LOG_TAIL_SIZE];
static size_t log_tail_len;

static ssize_t log_write(void *cookie, const char *data, size_t size)
{
	(void)cookie;
	size_t done = 0;
	while (done < size) { /* stderr first: the operator sees EAL's words as always */
		ssize_t n = write(STDERR_FILENO, data + done, size - done);
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	if (size >= LOG_TAIL_SIZE) {
		memcpy(log_tail, data + size - LOG_TAIL_SIZE, LOG_TAIL_SIZE);
		log_tail_len = LOG_TAIL_SIZE;
	} else {
		if (log_tail_len + size > LOG_TAIL_SIZE) {
			size_t drop = log_tail_len + size - LOG_TAIL_SIZE;
			memmove(log_tail, log_tail + drop, log_tail_len - drop);
			log_tail_len -= drop;
		}
		memcpy(log_tail + log_tail_len, data, size);
		log_tail_len += size;
	}
	return (ssize_t)size;
}

int jlvs_log_capture(void)
{
	cookie_io_functions_t io = { .read = NULL, .write = log_write, .seek = NULL, .close = NULL };
	FILE *f = fopencookie(NULL, "w", io);
	if (f == NULL)
		return -1;
	setvbuf(f, NULL, _IOLBF, 0);
	return rte_openlog_stream(f);
}

size_t jlvs_log_tail(char *buf, size_t len)
{
	if (buf == NULL || len == 0)
		return 0;
	size_t n = log_tail_len < len - 1 ? log_tail_len : len - 1;
	memcpy(buf, log_tail + log_tail_len - n, n);
	buf[n] = '\0';
	return n;
}

/* ---- layout probe: the order is JlvsShim.PROBE_* ---- */

size_t jlvs_layout_probe(uint64_t *out, size_t cap)
{
	const uint64_t v[] = {
		sizeof(struct rte_mbuf),
		offsetof(struct rte_mbuf, buf_addr),
		offsetof(struct rte_mbuf, data_off),
		offsetof(struct rte_mbuf, refcnt),
		offsetof(struct rte_mbuf, nb_segs),
		offsetof(struct rte_mbuf, port),
		offsetof(struct rte_mbuf, ol_flags),
		offsetof(struct rte_mbuf, packet_type),
		offsetof(struct rte_mbuf, pkt_len),
		offsetof(struct rte_mbuf, data_len),
		offsetof(struct rte_mbuf, vlan_tci),
		offsetof(struct rte_mbuf, hash.rss),
		offsetof(struct rte_mbuf, buf_len),
		offsetof(struct rte_mbuf, pool),
		offsetof(struct rte_mbuf, next),
		RTE_PKTMBUF_HEADROOM,
		sizeof(struct rte_eth_conf),
		sizeof(struct rte_eth_stats),
		offsetof(struct rte_eth_stats, q_ipackets),
		sizeof(struct rte_eth_link),
		sizeof(struct rte_ether_addr),
		sizeof(struct rte_eth_dev_info),
		offsetof(struct rte_eth_dev_info, driver_name),
		offsetof(struct rte_eth_dev_info, max_rx_queues),
		offsetof(struct rte_eth_dev_info, max_tx_queues),
		sizeof(struct rte_mempool_memhdr),
		offsetof(struct rte_mempool_memhdr, addr),
		offsetof(struct rte_mempool_memhdr, len),
		RTE_MAX_LCORE,
		LCORE_ID_ANY,
		RTE_ETHDEV_QUEUE_STAT_CNTRS,
		sizeof(cpu_set_t),
	};
	size_t n = sizeof(v) / sizeof(v[0]);
	if (n > cap)
		n = cap;
	memcpy(out, v, n * sizeof(v[0]));
	return n;
}
