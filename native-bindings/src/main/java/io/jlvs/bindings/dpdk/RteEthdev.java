package io.jlvs.bindings.dpdk;

import static io.jlvs.bindings.dpdk.DpdkLibrary.C_INT;
import static io.jlvs.bindings.dpdk.DpdkLibrary.C_POINTER;
import static io.jlvs.bindings.dpdk.DpdkLibrary.C_SHORT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * Bindings for rte_ethdev.h (DPDK 22.11), in the shape jextract generates. The burst calls
 * (rte_eth_rx_burst, rte_eth_tx_burst) are {@code static inline} in the header: see {@link JlvsShim}.
 */
public final class RteEthdev {
    private RteEthdev() {}

    /** RTE_ETH_NAME_MAX_LEN: the size of a buffer for rte_eth_dev_get_name_by_port. */
    public static final int RTE_ETH_NAME_MAX_LEN = 64;
    /** RTE_ETHDEV_QUEUE_STAT_CNTRS */
    public static final int RTE_ETHDEV_QUEUE_STAT_CNTRS = 16;

    /** struct rte_eth_conf (2,272 bytes): jlvs passes it zeroed (no RSS, no offloads); fields are not bound. */
    public static final MemoryLayout rte_eth_conf = MemoryLayout.sequenceLayout(2272, JAVA_BYTE)
            .withByteAlignment(8).withName("rte_eth_conf");

    /** struct rte_eth_stats */
    public static final StructLayout rte_eth_stats = MemoryLayout.structLayout(
            JAVA_LONG.withName("ipackets"),
            JAVA_LONG.withName("opackets"),
            JAVA_LONG.withName("ibytes"),
            JAVA_LONG.withName("obytes"),
            JAVA_LONG.withName("imissed"),
            JAVA_LONG.withName("ierrors"),
            JAVA_LONG.withName("oerrors"),
            JAVA_LONG.withName("rx_nombuf"),
            MemoryLayout.sequenceLayout(RTE_ETHDEV_QUEUE_STAT_CNTRS, JAVA_LONG).withName("q_ipackets"),
            MemoryLayout.sequenceLayout(RTE_ETHDEV_QUEUE_STAT_CNTRS, JAVA_LONG).withName("q_opackets"),
            MemoryLayout.sequenceLayout(RTE_ETHDEV_QUEUE_STAT_CNTRS, JAVA_LONG).withName("q_ibytes"),
            MemoryLayout.sequenceLayout(RTE_ETHDEV_QUEUE_STAT_CNTRS, JAVA_LONG).withName("q_obytes"),
            MemoryLayout.sequenceLayout(RTE_ETHDEV_QUEUE_STAT_CNTRS, JAVA_LONG).withName("q_errors")
    ).withName("rte_eth_stats");
    public static final long rte_eth_stats$ipackets = 0;
    public static final long rte_eth_stats$opackets = 8;
    public static final long rte_eth_stats$ibytes = 16;
    public static final long rte_eth_stats$obytes = 24;
    public static final long rte_eth_stats$imissed = 32;
    public static final long rte_eth_stats$ierrors = 40;
    public static final long rte_eth_stats$oerrors = 48;
    public static final long rte_eth_stats$rx_nombuf = 56;

    /** struct rte_ether_addr: 6 bytes, 2-byte aligned. */
    public static final MemoryLayout rte_ether_addr = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(6, JAVA_BYTE).withName("addr_bytes")).withByteAlignment(2).withName("rte_ether_addr");

    /**
     * struct rte_eth_link: uint32_t link_speed, then the bitfields link_duplex:1, link_autoneg:1,
     * link_status:1 in the low bits of the uint16_t at offset 4 (jextract cannot bind bitfields).
     */
    public static final StructLayout rte_eth_link = MemoryLayout.structLayout(
            JAVA_INT.withName("link_speed"),
            JAVA_SHORT.withName("link_bits"),
            MemoryLayout.paddingLayout(2)).withByteAlignment(8).withName("rte_eth_link");
    public static final long rte_eth_link$link_speed = 0;
    public static final long rte_eth_link$link_bits = 4;
    public static final int RTE_ETH_LINK_DUPLEX_BIT = 1;
    public static final int RTE_ETH_LINK_AUTONEG_BIT = 2;
    public static final int RTE_ETH_LINK_STATUS_BIT = 4;

    /** struct rte_eth_dev_info (376 bytes): the fields jlvs reads, by offset. */
    public static final MemoryLayout rte_eth_dev_info = MemoryLayout.sequenceLayout(376, JAVA_BYTE)
            .withByteAlignment(8).withName("rte_eth_dev_info");
    /** const char *driver_name */
    public static final long rte_eth_dev_info$driver_name = 8;
    /** uint16_t max_rx_queues */
    public static final long rte_eth_dev_info$max_rx_queues = 44;
    /** uint16_t max_tx_queues */
    public static final long rte_eth_dev_info$max_tx_queues = 46;

    // uint16_t rte_eth_dev_count_avail(void)
    private static final class rte_eth_dev_count_avail {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_SHORT);
        static final MethodHandle HANDLE = DpdkLibrary.downcall("rte_eth_dev_count_avail", DESC);
    }

    public static MethodHandle rte_eth_dev_count_avail$handle() {
        return rte_eth_dev_count_avail.HANDLE;
    }

    /** uint16_t rte_eth_dev_count_avail(void): the number of ports available */
    public static short rte_eth_dev_count_avail() {
        try {
            return (short) rte_eth_dev_count_avail.HANDLE.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // int rte_eth_dev_get_port_by_name(const char *name, uint16_t *port_id)
    private static final class rte_eth_dev_get_port_by_name {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = DpdkLibrary.downcall("rte_eth_dev_get_port_by_name", DESC);
    }

    public static MethodHandle rte_eth_dev_get_port_by_name$handle() {
        return rte_eth_dev_get_port_by_name.HANDLE;
    }

    /** int rte_eth_dev_get_port_by_name(const char *name, uint16_t *port_id): 0, or a negative errno */
    public static int rte_eth_dev_get_port_by_name(MemorySegment name, MemorySegment port_id) {
        try {
            return (int) rte_eth_dev_get_port_by_name.HANDLE.invokeExact(name, port_id);
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // int rte_eth_dev_get_name_by_port(uint16_t port_id, char *name)
    private static final class rte_eth_dev_get_name_by_port {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_SHORT, C_POINTER);
        static final MethodHandle HANDLE = DpdkLibrary.downcall("rte_eth_dev_get_name_by_port", DESC);
    }

    public static MethodHandle rte_eth_dev_get_name_by_port$handle() {
        return rte_eth_dev_get_name_by_port.HANDLE;
    }

    /** int rte_eth_dev_get_name_by_port(uint16_t port_id, char *name): name must hold RTE_ETH_NAME_MAX_LEN bytes */
    public static int rte_eth_dev_get_name_by_port(short port_id, MemorySegment name) {
        try {
            return (int) rte_eth_dev_get_name_by_port.HANDLE.invokeExact(port_id, name);
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // int rte_eth_dev_is_valid_port(uint16_t port_id)
    private static final class rte_eth_dev_is_valid_port {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_SHORT);
        static final MethodHandle HANDLE = DpdkLibrary.downcall("rte_eth_dev_is_valid_port", DESC);
    }

    public static MethodHandle rte_eth_dev_is_valid_port$handle() {
        return rte_eth_dev_is_valid_port.HANDLE;
    }

    /** int rte_eth_dev_is_valid_port(uint16_t port_id) */
    public static int rte_eth_dev_is_valid_port(short port_id) {
        try {
            return (int) rte_eth_dev_is_valid_port.HANDLE.invokeExact(port_id);
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // int rte_eth_dev_socket_id(uint16_t port_id)
    private static final class rte_eth_dev_socket_id {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_SHORT);
        static final MethodHandle HANDLE = DpdkLibrary.downcall("rte_eth_dev_socket_id", DESC);
    }

    public static MethodHandle rte_eth_dev_socket_id$handle() {
        return rte_eth_dev_socket_id.HANDLE;
    }

    /** int rte_eth_dev_socket_id(uint16_t port_id) */
    public static int rte_eth_dev_socket_id(short port_id) {
        try {
            return (int) rte_eth_dev_socket_id.HANDLE.invokeExact(port_id);
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // int rte_eth_dev_info_get(uint16_t port_id, struct rte_eth_dev_info *dev_info)
    private static final class rte_eth_dev_info_get {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_SHORT, C_POINTER);
        static final MethodHandle HANDLE = DpdkLibrary.downcall("rte_eth_dev_info_get", DESC);
    }

    public static MethodHandle rte_eth_dev_info_get$handle() {
        return rte_eth_dev_info_get.HANDLE;
    }

    /** int rte_eth_dev_info_get(uint16_t port_id, struct rte_eth_dev_info *dev_info) */
    public static int rte_eth_dev_info_get(short port_id, MemorySegment dev_info) {
        try {
            return (int) rte_eth_dev_info_get.HANDLE.invokeExact(port_id, dev_info);
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // int rte_eth_dev_configure(uint16_t port_id, uint16_t nb_rx_queue, uint16_t nb_tx_queue, const struct rte_eth_conf *eth_conf)
    private static final class rte_eth_dev_configure {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_SHORT, C_SHORT, C_SHORT, C_POINTER);
        static final MethodHandle HANDLE = DpdkLibrary.downcall("rte_eth_dev_configure", DESC);
    }

    public static MethodHandle rte_eth_dev_configure$handle() {
        return rte_eth_dev_configure.HANDLE;
    }

    /** int rte_eth_dev_configure(uint16_t port_id, uint16_t nb_rx_queue, uint16_t nb_tx_queue, const struct rte_eth_conf *eth_conf): 0, or a negative errno */
    public static int rte_eth_dev_configure(short port_id, short nb_rx_queue, short nb_tx_queue, MemorySegment eth_conf) {
        try {
            return (int) rte_eth_dev_configure.HANDLE.invokeExact(port_id, nb_rx_queue, nb_tx_queue, eth_conf);
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // int rte_eth_rx_queue_setup(uint16_t port_id, uint16_t rx_queue_id, uint16_t nb_rx_desc, unsigned int socket_id, const struct rte_eth_rxconf *rx_conf, struct rte_mempool *mb_pool)
    private static final class rte_eth_rx_queue_setup {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_SHORT, C_SHORT, C_SHORT, C_INT, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = DpdkLibrary.downcall("rte_eth_rx_queue_setup", DESC);
    }

    public static MethodHandle rte_eth_rx_queue_setup$handle() {
        return rte_eth_rx_queue_setup.HANDLE;
    }

    /** int rte_eth_rx_queue_setup(uint16_t port_id, uint16_t rx_queue_id, uint16_t nb_rx_desc, unsigned int socket_id, const struct rte_eth_rxconf *rx_conf, struct rte_mempool *mb_pool): rx_conf may be NULL */
    public static int rte_eth_rx_queue_setup(short port_id, short rx_queue_id, short nb_rx_desc, int socket_id, MemorySegment rx_conf, MemorySegment mb_pool) {
        try {
            return (int) rte_eth_rx_queue_setup.HANDLE.invokeExact(port_id, rx_queue_id, nb_rx_desc, socket_id, rx_conf, mb_pool);
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // int rte_eth_tx_queue_setup(uint16_t port_id, uint16_t tx_queue_id, uint16_t nb_tx_desc, unsigned int socket_id, const struct rte_eth_txconf *tx_conf)
    private static final class rte_eth_tx_queue_setup {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_SHORT, C_SHORT, C_SHORT, C_INT, C_POINTER);
        static final MethodHandle HANDLE = DpdkLibrary.downcall("rte_eth_tx_queue_setup", DESC);
    }

    public static MethodHandle rte_eth_tx_queue_setup$handle() {
        return rte_eth_tx_queue_setup.HANDLE;
    }

    /** int rte_eth_tx_queue_setup(uint16_t port_id, uint16_t tx_queue_id, uint16_t nb_tx_desc, unsigned int socket_id, const struct rte_eth_txconf *tx_conf): tx_conf may be NULL */
    public static int rte_eth_tx_queue_setup(short port_id, short tx_queue_id, short nb_tx_desc, int socket_id, MemorySegment tx_conf) {
        try {
            return (int) rte_eth_tx_queue_setup.HANDLE.invokeExact(port_id, tx_queue_id, nb_tx_desc, socket_id, tx_conf);
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // int rte_eth_dev_start(uint16_t port_id)
    private static final class rte_eth_dev_start {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_SHORT);
        static final MethodHandle HANDLE = DpdkLibrary.downcall("rte_eth_dev_start", DESC);
    }

    public static MethodHandle rte_eth_dev_start$handle() {
        return rte_eth_dev_start.HANDLE;
    }

    /** int rte_eth_dev_start(uint16_t port_id) */
    public static int rte_eth_dev_start(short port_id) {
        try {
            return (int) rte_eth_dev_start.HANDLE.invokeExact(port_id);
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // int rte_eth_dev_stop(uint16_t port_id)
    private static final class rte_eth_dev_stop {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_SHORT);
        static final MethodHandle HANDLE = DpdkLibrary.downcall("rte_eth_dev_stop", DESC);
    }

    public static MethodHandle rte_eth_dev_stop$handle() {
        return rte_eth_dev_stop.HANDLE;
    }

    /** int rte_eth_dev_stop(uint16_t port_id) */
    public static int rte_eth_dev_stop(short port_id) {
        try {
            return (int) rte_eth_dev_stop.HANDLE.invokeExact(port_id);
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // int rte_eth_dev_close(uint16_t port_id)
    private static final class rte_eth_dev_close {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_SHORT);
        static final MethodHandle HANDLE = DpdkLibrary.downcall("rte_eth_dev_close", DESC);
    }

    public static MethodHandle rte_eth_dev_close$handle() {
        return rte_eth_dev_close.HANDLE;
    }

    /** int rte_eth_dev_close(uint16_t port_id) */
    public static int rte_eth_dev_close(short port_id) {
        try {
            return (int) rte_eth_dev_close.HANDLE.invokeExact(port_id);
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // int rte_eth_stats_get(uint16_t port_id, struct rte_eth_stats *stats)
    private static final class rte_eth_stats_get {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_SHORT, C_POINTER);
        static final MethodHandle HANDLE = DpdkLibrary.downcall("rte_eth_stats_get", DESC);
    }

    public static MethodHandle rte_eth_stats_get$handle() {
        return rte_eth_stats_get.HANDLE;
    }

    /** int rte_eth_stats_get(uint16_t port_id, struct rte_eth_stats *stats) */
    public static int rte_eth_stats_get(short port_id, MemorySegment stats) {
        try {
            return (int) rte_eth_stats_get.HANDLE.invokeExact(port_id, stats);
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // int rte_eth_stats_reset(uint16_t port_id)
    private static final class rte_eth_stats_reset {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_SHORT);
        static final MethodHandle HANDLE = DpdkLibrary.downcall("rte_eth_stats_reset", DESC);
    }

    public static MethodHandle rte_eth_stats_reset$handle() {
        return rte_eth_stats_reset.HANDLE;
    }

    /** int rte_eth_stats_reset(uint16_t port_id) */
    public static int rte_eth_stats_reset(short port_id) {
        try {
            return (int) rte_eth_stats_reset.HANDLE.invokeExact(port_id);
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // int rte_eth_macaddr_get(uint16_t port_id, struct rte_ether_addr *mac_addr)
    private static final class rte_eth_macaddr_get {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_SHORT, C_POINTER);
        static final MethodHandle HANDLE = DpdkLibrary.downcall("rte_eth_macaddr_get", DESC);
    }

    public static MethodHandle rte_eth_macaddr_get$handle() {
        return rte_eth_macaddr_get.HANDLE;
    }

    /** int rte_eth_macaddr_get(uint16_t port_id, struct rte_ether_addr *mac_addr) */
    public static int rte_eth_macaddr_get(short port_id, MemorySegment mac_addr) {
        try {
            return (int) rte_eth_macaddr_get.HANDLE.invokeExact(port_id, mac_addr);
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // int rte_eth_link_get_nowait(uint16_t port_id, struct rte_eth_link *link)
    private static final class rte_eth_link_get_nowait {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_SHORT, C_POINTER);
        static final MethodHandle HANDLE = DpdkLibrary.downcall("rte_eth_link_get_nowait", DESC);
    }

    public static MethodHandle rte_eth_link_get_nowait$handle() {
        return rte_eth_link_get_nowait.HANDLE;
    }

    /** int rte_eth_link_get_nowait(uint16_t port_id, struct rte_eth_link *link) */
    public static int rte_eth_link_get_nowait(short port_id, MemorySegment link) {
        try {
            return (int) rte_eth_link_get_nowait.HANDLE.invokeExact(port_id, link);
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // int rte_eth_promiscuous_enable(uint16_t port_id)
    private static final class rte_eth_promiscuous_enable {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_SHORT);
        static final MethodHandle HANDLE = DpdkLibrary.downcall("rte_eth_promiscuous_enable", DESC);
    }

    public static MethodHandle rte_eth_promiscuous_enable$handle() {
        return rte_eth_promiscuous_enable.HANDLE;
    }

    /** int rte_eth_promiscuous_enable(uint16_t port_id) */
    public static int rte_eth_promiscuous_enable(short port_id) {
        try {
            return (int) rte_eth_promiscuous_enable.HANDLE.invokeExact(port_id);
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }
}
