/*
 * jlvs_shim.h: exported wrappers for the parts of DPDK 22.11 that are `static inline` (or
 * thread-local) in its headers and so cannot be called through the Foreign Function API or bound
 * by jextract. Java binds these in io.jlvs.bindings.dpdk.JlvsShim. Every wrapper is a plain call
 * of the DPDK function named in its comment; none adds behaviour.
 */
#ifndef JLVS_SHIM_H
#define JLVS_SHIM_H

#include <stddef.h>
#include <stdint.h>

struct rte_mbuf;
struct rte_mempool;
struct rte_ring;

/* rte_eth_rx_burst */
uint16_t jlvs_eth_rx_burst(uint16_t port_id, uint16_t queue_id, struct rte_mbuf **rx_pkts, uint16_t nb_pkts);
/* rte_eth_tx_burst */
uint16_t jlvs_eth_tx_burst(uint16_t port_id, uint16_t queue_id, struct rte_mbuf **tx_pkts, uint16_t nb_pkts);

/* rte_pktmbuf_alloc_bulk: 0 on success (all count mbufs), -ENOENT when the pool cannot supply them all. */
int jlvs_pktmbuf_alloc_bulk(struct rte_mempool *pool, struct rte_mbuf **mbufs, unsigned int count);
/* rte_pktmbuf_alloc: NULL when the pool is empty. */
struct rte_mbuf *jlvs_pktmbuf_alloc(struct rte_mempool *pool);
/* rte_pktmbuf_free (whole chain; NULL is ignored) */
void jlvs_pktmbuf_free(struct rte_mbuf *m);

/* rte_ring_sp_enqueue_burst / rte_ring_mp_enqueue_burst / rte_ring_enqueue_burst (the ring's own sync mode) */
unsigned int jlvs_ring_sp_enqueue_burst(struct rte_ring *r, void *const *obj_table, unsigned int n, unsigned int *free_space);
unsigned int jlvs_ring_mp_enqueue_burst(struct rte_ring *r, void *const *obj_table, unsigned int n, unsigned int *free_space);
unsigned int jlvs_ring_enqueue_burst(struct rte_ring *r, void *const *obj_table, unsigned int n, unsigned int *free_space);
/* rte_ring_sc_dequeue_burst / rte_ring_mc_dequeue_burst / rte_ring_dequeue_burst */
unsigned int jlvs_ring_sc_dequeue_burst(struct rte_ring *r, void **obj_table, unsigned int n, unsigned int *available);
unsigned int jlvs_ring_mc_dequeue_burst(struct rte_ring *r, void **obj_table, unsigned int n, unsigned int *available);
unsigned int jlvs_ring_dequeue_burst(struct rte_ring *r, void **obj_table, unsigned int n, unsigned int *available);
/* rte_ring_count / rte_ring_free_count */
unsigned int jlvs_ring_count(const struct rte_ring *r);
/* rte_prefetch0 of each of n addresses: the fast path's burst stages ask for the next stage's lines. */
void jlvs_prefetch(const uint64_t *addrs, unsigned int n);
unsigned int jlvs_ring_free_count(const struct rte_ring *r);

/* rte_lcore_id: the calling thread's lcore id, or LCORE_ID_ANY (UINT32_MAX) when it has none. */
unsigned int jlvs_lcore_id(void);
/* rte_errno: the calling thread's last DPDK error number (a thread-local variable in DPDK). */
int jlvs_rte_errno(void);

/*
 * EAL log capture: while enabled, DPDK's log stream (rte_openlog_stream) writes both to stderr and
 * to a buffer of the most recent lines, so Java can quote what EAL said when rte_eal_init fails.
 * jlvs_log_capture returns 0, or -1 when the stream cannot be created.
 * jlvs_log_tail copies up to len-1 bytes of the buffer's newest text, NUL-terminated; returns the length.
 */
int jlvs_log_capture(void);
size_t jlvs_log_tail(char *buf, size_t len);

/*
 * Layout probe: writes the sizes and offsets the Java bindings hard-code (see JlvsShim.PROBE_*), as
 * this compiler sees them in the installed headers; returns how many values it wrote (<= cap).
 */
size_t jlvs_layout_probe(uint64_t *out, size_t cap);

#endif
