package io.jlvs.bindings.dpdk;

import static io.jlvs.bindings.dpdk.DpdkLibrary.C_INT;
import static io.jlvs.bindings.dpdk.DpdkLibrary.C_LONG;
import static io.jlvs.bindings.dpdk.DpdkLibrary.C_POINTER;
import static io.jlvs.bindings.dpdk.DpdkLibrary.C_SHORT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Bindings for jlvs_shim.h (native-bindings/src/main/c): exported wrappers of DPDK's
 * {@code static inline} hot API. The burst, mbuf and ring calls are linked with
 * {@code Linker.Option.critical(false)}: no thread-state transition, so they must never block;
 * {@link #jlvs_eth_tx_burst_blocking} is the same tx call without it, for drivers that can block.
 */
public final class JlvsShim {
    private JlvsShim() {}

    // Indexes into jlvs_layout_probe's output (the order of the array in jlvs_shim.c).
    public static final int PROBE_SIZEOF_MBUF = 0;
    public static final int PROBE_MBUF_BUF_ADDR = 1;
    public static final int PROBE_MBUF_DATA_OFF = 2;
    public static final int PROBE_MBUF_REFCNT = 3;
    public static final int PROBE_MBUF_NB_SEGS = 4;
    public static final int PROBE_MBUF_PORT = 5;
    public static final int PROBE_MBUF_OL_FLAGS = 6;
    public static final int PROBE_MBUF_PACKET_TYPE = 7;
    public static final int PROBE_MBUF_PKT_LEN = 8;
    public static final int PROBE_MBUF_DATA_LEN = 9;
    public static final int PROBE_MBUF_VLAN_TCI = 10;
    public static final int PROBE_MBUF_HASH_RSS = 11;
    public static final int PROBE_MBUF_BUF_LEN = 12;
    public static final int PROBE_MBUF_POOL = 13;
    public static final int PROBE_MBUF_NEXT = 14;
    public static final int PROBE_PKTMBUF_HEADROOM = 15;
    public static final int PROBE_SIZEOF_ETH_CONF = 16;
    public static final int PROBE_SIZEOF_ETH_STATS = 17;
    public static final int PROBE_ETH_STATS_Q_IPACKETS = 18;
    public static final int PROBE_SIZEOF_ETH_LINK = 19;
    public static final int PROBE_SIZEOF_ETHER_ADDR = 20;
    public static final int PROBE_SIZEOF_ETH_DEV_INFO = 21;
    public static final int PROBE_DEV_INFO_DRIVER_NAME = 22;
    public static final int PROBE_DEV_INFO_MAX_RX_QUEUES = 23;
    public static final int PROBE_DEV_INFO_MAX_TX_QUEUES = 24;
    public static final int PROBE_SIZEOF_MEMHDR = 25;
    public static final int PROBE_MEMHDR_ADDR = 26;
    public static final int PROBE_MEMHDR_LEN = 27;
    public static final int PROBE_MAX_LCORE = 28;
    public static final int PROBE_LCORE_ID_ANY = 29;
    public static final int PROBE_QUEUE_STAT_CNTRS = 30;
    public static final int PROBE_SIZEOF_CPU_SET = 31;
    public static final int PROBE_COUNT = 32;

    // uint16_t jlvs_eth_rx_burst(uint16_t port_id, uint16_t queue_id, struct rte_mbuf **rx_pkts, uint16_t nb_pkts)
    private static final class jlvs_eth_rx_burst {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_SHORT, C_SHORT, C_SHORT, C_POINTER, C_SHORT);
        static final MethodHandle HANDLE = DpdkLibrary.downcall("jlvs_eth_rx_burst", DESC, Linker.Option.critical(false));
    }

    public static MethodHandle jlvs_eth_rx_burst$handle() {
        return jlvs_eth_rx_burst.HANDLE;
    }

    /** uint16_t jlvs_eth_rx_burst(uint16_t port_id, uint16_t queue_id, struct rte_mbuf **rx_pkts, uint16_t nb_pkts): rte_eth_rx_burst */
    public static short jlvs_eth_rx_burst(short port_id, short queue_id, MemorySegment rx_pkts, short nb_pkts) {
        try {
            return (short) jlvs_eth_rx_burst.HANDLE.invokeExact(port_id, queue_id, rx_pkts, nb_pkts);
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // uint16_t jlvs_eth_tx_burst(uint16_t port_id, uint16_t queue_id, struct rte_mbuf **tx_pkts, uint16_t nb_pkts)
    private static final class jlvs_eth_tx_burst {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_SHORT, C_SHORT, C_SHORT, C_POINTER, C_SHORT);
        static final MethodHandle HANDLE = DpdkLibrary.downcall("jlvs_eth_tx_burst", DESC, Linker.Option.critical(false));
    }

    public static MethodHandle jlvs_eth_tx_burst$handle() {
        return jlvs_eth_tx_burst.HANDLE;
    }

    /** uint16_t jlvs_eth_tx_burst(uint16_t port_id, uint16_t queue_id, struct rte_mbuf **tx_pkts, uint16_t nb_pkts): rte_eth_tx_burst, linked critical: only for drivers whose tx never blocks */
    public static short jlvs_eth_tx_burst(short port_id, short queue_id, MemorySegment tx_pkts, short nb_pkts) {
        try {
            return (short) jlvs_eth_tx_burst.HANDLE.invokeExact(port_id, queue_id, tx_pkts, nb_pkts);
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // uint16_t jlvs_eth_tx_burst(uint16_t port_id, uint16_t queue_id, struct rte_mbuf **tx_pkts, uint16_t nb_pkts)
    private static final class jlvs_eth_tx_burst_blocking {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_SHORT, C_SHORT, C_SHORT, C_POINTER, C_SHORT);
        static final MethodHandle HANDLE = DpdkLibrary.downcall("jlvs_eth_tx_burst", DESC);
    }

    public static MethodHandle jlvs_eth_tx_burst_blocking$handle() {
        return jlvs_eth_tx_burst_blocking.HANDLE;
    }

    /** uint16_t jlvs_eth_tx_burst(uint16_t port_id, uint16_t queue_id, struct rte_mbuf **tx_pkts, uint16_t nb_pkts): rte_eth_tx_burst linked without Linker.Option.critical, for drivers whose tx can block (net_af_packet polls its socket with no timeout) */
    public static short jlvs_eth_tx_burst_blocking(short port_id, short queue_id, MemorySegment tx_pkts, short nb_pkts) {
        try {
            return (short) jlvs_eth_tx_burst_blocking.HANDLE.invokeExact(port_id, queue_id, tx_pkts, nb_pkts);
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // int jlvs_pktmbuf_alloc_bulk(struct rte_mempool *pool, struct rte_mbuf **mbufs, unsigned int count)
    private static final class jlvs_pktmbuf_alloc_bulk {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_INT);
        static final MethodHandle HANDLE = DpdkLibrary.downcall("jlvs_pktmbuf_alloc_bulk", DESC, Linker.Option.critical(false));
    }

    public static MethodHandle jlvs_pktmbuf_alloc_bulk$handle() {
        return jlvs_pktmbuf_alloc_bulk.HANDLE;
    }

    /** int jlvs_pktmbuf_alloc_bulk(struct rte_mempool *pool, struct rte_mbuf **mbufs, unsigned int count): rte_pktmbuf_alloc_bulk: 0, or -ENOENT (nothing allocated) */
    public static int jlvs_pktmbuf_alloc_bulk(MemorySegment pool, MemorySegment mbufs, int count) {
        try {
            return (int) jlvs_pktmbuf_alloc_bulk.HANDLE.invokeExact(pool, mbufs, count);
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // struct rte_mbuf *jlvs_pktmbuf_alloc(struct rte_mempool *pool)
    private static final class jlvs_pktmbuf_alloc {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = DpdkLibrary.downcall("jlvs_pktmbuf_alloc", DESC, Linker.Option.critical(false));
    }

    public static MethodHandle jlvs_pktmbuf_alloc$handle() {
        return jlvs_pktmbuf_alloc.HANDLE;
    }

    /** struct rte_mbuf *jlvs_pktmbuf_alloc(struct rte_mempool *pool): rte_pktmbuf_alloc: NULL when the pool is empty */
    public static MemorySegment jlvs_pktmbuf_alloc(MemorySegment pool) {
        try {
            return (MemorySegment) jlvs_pktmbuf_alloc.HANDLE.invokeExact(pool);
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // void jlvs_pktmbuf_free(struct rte_mbuf *m)
    private static final class jlvs_pktmbuf_free {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER);
        static final MethodHandle HANDLE = DpdkLibrary.downcall("jlvs_pktmbuf_free", DESC, Linker.Option.critical(false));
    }

    public static MethodHandle jlvs_pktmbuf_free$handle() {
        return jlvs_pktmbuf_free.HANDLE;
    }

    /** void jlvs_pktmbuf_free(struct rte_mbuf *m): rte_pktmbuf_free */
    public static void jlvs_pktmbuf_free(MemorySegment m) {
        try {
            jlvs_pktmbuf_free.HANDLE.invokeExact(m);
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // unsigned int jlvs_ring_sp_enqueue_burst(struct rte_ring *r, void *const *obj_table, unsigned int n, unsigned int *free_space)
    private static final class jlvs_ring_sp_enqueue_burst {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_INT, C_POINTER);
        static final MethodHandle HANDLE = DpdkLibrary.downcall("jlvs_ring_sp_enqueue_burst", DESC, Linker.Option.critical(false));
    }

    public static MethodHandle jlvs_ring_sp_enqueue_burst$handle() {
        return jlvs_ring_sp_enqueue_burst.HANDLE;
    }

    /** unsigned int jlvs_ring_sp_enqueue_burst(struct rte_ring *r, void *const *obj_table, unsigned int n, unsigned int *free_space): rte_ring_sp_enqueue_burst; free_space may be NULL */
    public static int jlvs_ring_sp_enqueue_burst(MemorySegment r, MemorySegment obj_table, int n, MemorySegment free_space) {
        try {
            return (int) jlvs_ring_sp_enqueue_burst.HANDLE.invokeExact(r, obj_table, n, free_space);
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // unsigned int jlvs_ring_mp_enqueue_burst(struct rte_ring *r, void *const *obj_table, unsigned int n, unsigned int *free_space)
    private static final class jlvs_ring_mp_enqueue_burst {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_INT, C_POINTER);
        static final MethodHandle HANDLE = DpdkLibrary.downcall("jlvs_ring_mp_enqueue_burst", DESC, Linker.Option.critical(false));
    }

    public static MethodHandle jlvs_ring_mp_enqueue_burst$handle() {
        return jlvs_ring_mp_enqueue_burst.HANDLE;
    }

    /** unsigned int jlvs_ring_mp_enqueue_burst(struct rte_ring *r, void *const *obj_table, unsigned int n, unsigned int *free_space): rte_ring_mp_enqueue_burst */
    public static int jlvs_ring_mp_enqueue_burst(MemorySegment r, MemorySegment obj_table, int n, MemorySegment free_space) {
        try {
            return (int) jlvs_ring_mp_enqueue_burst.HANDLE.invokeExact(r, obj_table, n, free_space);
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // unsigned int jlvs_ring_enqueue_burst(struct rte_ring *r, void *const *obj_table, unsigned int n, unsigned int *free_space)
    private static final class jlvs_ring_enqueue_burst {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_INT, C_POINTER);
        static final MethodHandle HANDLE = DpdkLibrary.downcall("jlvs_ring_enqueue_burst", DESC, Linker.Option.critical(false));
    }

    public static MethodHandle jlvs_ring_enqueue_burst$handle() {
        return jlvs_ring_enqueue_burst.HANDLE;
    }

    /** unsigned int jlvs_ring_enqueue_burst(struct rte_ring *r, void *const *obj_table, unsigned int n, unsigned int *free_space): rte_ring_enqueue_burst (the ring's own producer mode) */
    public static int jlvs_ring_enqueue_burst(MemorySegment r, MemorySegment obj_table, int n, MemorySegment free_space) {
        try {
            return (int) jlvs_ring_enqueue_burst.HANDLE.invokeExact(r, obj_table, n, free_space);
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // unsigned int jlvs_ring_sc_dequeue_burst(struct rte_ring *r, void **obj_table, unsigned int n, unsigned int *available)
    private static final class jlvs_ring_sc_dequeue_burst {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_INT, C_POINTER);
        static final MethodHandle HANDLE = DpdkLibrary.downcall("jlvs_ring_sc_dequeue_burst", DESC, Linker.Option.critical(false));
    }

    public static MethodHandle jlvs_ring_sc_dequeue_burst$handle() {
        return jlvs_ring_sc_dequeue_burst.HANDLE;
    }

    /** unsigned int jlvs_ring_sc_dequeue_burst(struct rte_ring *r, void **obj_table, unsigned int n, unsigned int *available): rte_ring_sc_dequeue_burst; available may be NULL */
    public static int jlvs_ring_sc_dequeue_burst(MemorySegment r, MemorySegment obj_table, int n, MemorySegment available) {
        try {
            return (int) jlvs_ring_sc_dequeue_burst.HANDLE.invokeExact(r, obj_table, n, available);
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // unsigned int jlvs_ring_mc_dequeue_burst(struct rte_ring *r, void **obj_table, unsigned int n, unsigned int *available)
    private static final class jlvs_ring_mc_dequeue_burst {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_INT, C_POINTER);
        static final MethodHandle HANDLE = DpdkLibrary.downcall("jlvs_ring_mc_dequeue_burst", DESC, Linker.Option.critical(false));
    }

    public static MethodHandle jlvs_ring_mc_dequeue_burst$handle() {
        return jlvs_ring_mc_dequeue_burst.HANDLE;
    }

    /** unsigned int jlvs_ring_mc_dequeue_burst(struct rte_ring *r, void **obj_table, unsigned int n, unsigned int *available): rte_ring_mc_dequeue_burst */
    public static int jlvs_ring_mc_dequeue_burst(MemorySegment r, MemorySegment obj_table, int n, MemorySegment available) {
        try {
            return (int) jlvs_ring_mc_dequeue_burst.HANDLE.invokeExact(r, obj_table, n, available);
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // unsigned int jlvs_ring_dequeue_burst(struct rte_ring *r, void **obj_table, unsigned int n, unsigned int *available)
    private static final class jlvs_ring_dequeue_burst {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_INT, C_POINTER);
        static final MethodHandle HANDLE = DpdkLibrary.downcall("jlvs_ring_dequeue_burst", DESC, Linker.Option.critical(false));
    }

    public static MethodHandle jlvs_ring_dequeue_burst$handle() {
        return jlvs_ring_dequeue_burst.HANDLE;
    }

    /** unsigned int jlvs_ring_dequeue_burst(struct rte_ring *r, void **obj_table, unsigned int n, unsigned int *available): rte_ring_dequeue_burst (the ring's own consumer mode) */
    public static int jlvs_ring_dequeue_burst(MemorySegment r, MemorySegment obj_table, int n, MemorySegment available) {
        try {
            return (int) jlvs_ring_dequeue_burst.HANDLE.invokeExact(r, obj_table, n, available);
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // void jlvs_prefetch(const uint64_t *addrs, unsigned int n)
    private static final class jlvs_prefetch {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER, C_INT);
        static final MethodHandle HANDLE = DpdkLibrary.downcall("jlvs_prefetch", DESC, Linker.Option.critical(false));
    }

    public static MethodHandle jlvs_prefetch$handle() {
        return jlvs_prefetch.HANDLE;
    }

    /** void jlvs_prefetch(const uint64_t *addrs, unsigned int n): rte_prefetch0 of each address (a hint: never faults) */
    public static void jlvs_prefetch(MemorySegment addrs, int n) {
        try {
            jlvs_prefetch.HANDLE.invokeExact(addrs, n);
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // unsigned int jlvs_ring_count(const struct rte_ring *r)
    private static final class jlvs_ring_count {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MethodHandle HANDLE = DpdkLibrary.downcall("jlvs_ring_count", DESC, Linker.Option.critical(false));
    }

    public static MethodHandle jlvs_ring_count$handle() {
        return jlvs_ring_count.HANDLE;
    }

    /** unsigned int jlvs_ring_count(const struct rte_ring *r): rte_ring_count */
    public static int jlvs_ring_count(MemorySegment r) {
        try {
            return (int) jlvs_ring_count.HANDLE.invokeExact(r);
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // unsigned int jlvs_ring_free_count(const struct rte_ring *r)
    private static final class jlvs_ring_free_count {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MethodHandle HANDLE = DpdkLibrary.downcall("jlvs_ring_free_count", DESC, Linker.Option.critical(false));
    }

    public static MethodHandle jlvs_ring_free_count$handle() {
        return jlvs_ring_free_count.HANDLE;
    }

    /** unsigned int jlvs_ring_free_count(const struct rte_ring *r): rte_ring_free_count */
    public static int jlvs_ring_free_count(MemorySegment r) {
        try {
            return (int) jlvs_ring_free_count.HANDLE.invokeExact(r);
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // unsigned int jlvs_lcore_id(void)
    private static final class jlvs_lcore_id {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT);
        static final MethodHandle HANDLE = DpdkLibrary.downcall("jlvs_lcore_id", DESC, Linker.Option.critical(false));
    }

    public static MethodHandle jlvs_lcore_id$handle() {
        return jlvs_lcore_id.HANDLE;
    }

    /** unsigned int jlvs_lcore_id(void): rte_lcore_id: the calling thread's lcore, or RteEal.LCORE_ID_ANY */
    public static int jlvs_lcore_id() {
        try {
            return (int) jlvs_lcore_id.HANDLE.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // int jlvs_rte_errno(void)
    private static final class jlvs_rte_errno {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT);
        static final MethodHandle HANDLE = DpdkLibrary.downcall("jlvs_rte_errno", DESC, Linker.Option.critical(false));
    }

    public static MethodHandle jlvs_rte_errno$handle() {
        return jlvs_rte_errno.HANDLE;
    }

    /** int jlvs_rte_errno(void): rte_errno of the calling thread */
    public static int jlvs_rte_errno() {
        try {
            return (int) jlvs_rte_errno.HANDLE.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // int jlvs_log_capture(void)
    private static final class jlvs_log_capture {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT);
        static final MethodHandle HANDLE = DpdkLibrary.downcall("jlvs_log_capture", DESC);
    }

    public static MethodHandle jlvs_log_capture$handle() {
        return jlvs_log_capture.HANDLE;
    }

    /** int jlvs_log_capture(void): EAL's log goes to stderr and to a buffer of its latest lines */
    public static int jlvs_log_capture() {
        try {
            return (int) jlvs_log_capture.HANDLE.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // size_t jlvs_log_tail(char *buf, size_t len)
    private static final class jlvs_log_tail {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_LONG, C_POINTER, C_LONG);
        static final MethodHandle HANDLE = DpdkLibrary.downcall("jlvs_log_tail", DESC);
    }

    public static MethodHandle jlvs_log_tail$handle() {
        return jlvs_log_tail.HANDLE;
    }

    /** size_t jlvs_log_tail(char *buf, size_t len): copies the newest captured EAL log text, NUL-terminated */
    public static long jlvs_log_tail(MemorySegment buf, long len) {
        try {
            return (long) jlvs_log_tail.HANDLE.invokeExact(buf, len);
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // size_t jlvs_layout_probe(uint64_t *out, size_t cap)
    private static final class jlvs_layout_probe {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_LONG, C_POINTER, C_LONG);
        static final MethodHandle HANDLE = DpdkLibrary.downcall("jlvs_layout_probe", DESC);
    }

    public static MethodHandle jlvs_layout_probe$handle() {
        return jlvs_layout_probe.HANDLE;
    }

    /** size_t jlvs_layout_probe(uint64_t *out, size_t cap): the compiler's view of the sizes and offsets these bindings hard-code, indexed by PROBE_* */
    public static long jlvs_layout_probe(MemorySegment out, long cap) {
        try {
            return (long) jlvs_layout_probe.HANDLE.invokeExact(out, cap);
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }
}
