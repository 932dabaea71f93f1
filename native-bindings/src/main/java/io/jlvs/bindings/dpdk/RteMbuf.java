package io.jlvs.bindings.dpdk;

import static io.jlvs.bindings.dpdk.DpdkLibrary.C_INT;
import static io.jlvs.bindings.dpdk.DpdkLibrary.C_POINTER;
import static io.jlvs.bindings.dpdk.DpdkLibrary.C_SHORT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * Bindings for rte_mbuf.h (DPDK 22.11), in the shape jextract generates: the exported functions,
 * and struct rte_mbuf's layout as offsets, because Java reads and writes mbuf fields in place
 * (see io.jlvs.bindings.runtime.Packets). rte_pktmbuf_alloc_bulk and rte_pktmbuf_free are
 * {@code static inline}: see {@link JlvsShim}.
 */
public final class RteMbuf {
    private RteMbuf() {}

    /** sizeof(struct rte_mbuf) on x86-64 (two cache lines). */
    public static final long SIZEOF_RTE_MBUF = 128;
    /** RTE_PKTMBUF_HEADROOM of Debian's build. */
    public static final int RTE_PKTMBUF_HEADROOM = 128;
    /** RTE_MBUF_DEFAULT_BUF_SIZE: 2048 bytes of data room plus the headroom. */
    public static final int RTE_MBUF_DEFAULT_BUF_SIZE = 2048 + RTE_PKTMBUF_HEADROOM;

    // struct rte_mbuf field offsets (22.11, x86-64); build.sh's _Static_asserts and the layout probe check them.
    /** void *buf_addr */
    public static final long rte_mbuf$buf_addr = 0;
    /** uint16_t data_off */
    public static final long rte_mbuf$data_off = 16;
    /** uint16_t refcnt */
    public static final long rte_mbuf$refcnt = 18;
    /** uint16_t nb_segs */
    public static final long rte_mbuf$nb_segs = 20;
    /** uint16_t port */
    public static final long rte_mbuf$port = 22;
    /** uint64_t ol_flags */
    public static final long rte_mbuf$ol_flags = 24;
    /** uint32_t packet_type */
    public static final long rte_mbuf$packet_type = 32;
    /** uint32_t pkt_len */
    public static final long rte_mbuf$pkt_len = 36;
    /** uint16_t data_len */
    public static final long rte_mbuf$data_len = 40;
    /** uint16_t vlan_tci */
    public static final long rte_mbuf$vlan_tci = 42;
    /** uint32_t hash.rss */
    public static final long rte_mbuf$hash_rss = 44;
    /** uint16_t buf_len */
    public static final long rte_mbuf$buf_len = 54;
    /** struct rte_mempool *pool */
    public static final long rte_mbuf$pool = 56;
    /** struct rte_mbuf *next */
    public static final long rte_mbuf$next = 64;

    /** struct rte_mbuf: the fields jlvs uses, with their offsets; the rest is padding here. */
    public static final StructLayout rte_mbuf = MemoryLayout.structLayout(
            JAVA_LONG.withName("buf_addr"),
            JAVA_LONG.withName("buf_iova"),
            JAVA_SHORT.withName("data_off"),
            JAVA_SHORT.withName("refcnt"),
            JAVA_SHORT.withName("nb_segs"),
            JAVA_SHORT.withName("port"),
            JAVA_LONG.withName("ol_flags"),
            JAVA_INT.withName("packet_type"),
            JAVA_INT.withName("pkt_len"),
            JAVA_SHORT.withName("data_len"),
            JAVA_SHORT.withName("vlan_tci"),
            JAVA_INT.withName("hash_rss"),
            MemoryLayout.paddingLayout(6),
            JAVA_SHORT.withName("buf_len"),
            JAVA_LONG.withName("pool"),
            JAVA_LONG.withName("next"),
            MemoryLayout.paddingLayout(56)).withByteAlignment(64).withName("rte_mbuf");

    // struct rte_mempool *rte_pktmbuf_pool_create(const char *name, unsigned int n, unsigned int cache_size, uint16_t priv_size, uint16_t data_room_size, int socket_id)
    private static final class rte_pktmbuf_pool_create {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER, C_INT, C_INT, C_SHORT, C_SHORT, C_INT);
        static final MethodHandle HANDLE = DpdkLibrary.downcall("rte_pktmbuf_pool_create", DESC);
    }

    public static MethodHandle rte_pktmbuf_pool_create$handle() {
        return rte_pktmbuf_pool_create.HANDLE;
    }

    /** struct rte_mempool *rte_pktmbuf_pool_create(const char *name, unsigned int n, unsigned int cache_size, uint16_t priv_size, uint16_t data_room_size, int socket_id): NULL with rte_errno set on failure */
    public static MemorySegment rte_pktmbuf_pool_create(MemorySegment name, int n, int cache_size, short priv_size, short data_room_size, int socket_id) {
        try {
            return (MemorySegment) rte_pktmbuf_pool_create.HANDLE.invokeExact(name, n, cache_size, priv_size, data_room_size, socket_id);
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // void rte_pktmbuf_free_bulk(struct rte_mbuf **mbufs, unsigned int count)
    private static final class rte_pktmbuf_free_bulk {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER, C_INT);
        static final MethodHandle HANDLE = DpdkLibrary.downcall("rte_pktmbuf_free_bulk", DESC, Linker.Option.critical(false));
    }

    public static MethodHandle rte_pktmbuf_free_bulk$handle() {
        return rte_pktmbuf_free_bulk.HANDLE;
    }

    /** void rte_pktmbuf_free_bulk(struct rte_mbuf **mbufs, unsigned int count): frees count mbufs (whole chains); NULL entries are skipped */
    public static void rte_pktmbuf_free_bulk(MemorySegment mbufs, int count) {
        try {
            rte_pktmbuf_free_bulk.HANDLE.invokeExact(mbufs, count);
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }
}
