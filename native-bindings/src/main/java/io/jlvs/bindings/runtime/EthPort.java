package io.jlvs.bindings.runtime;

import io.jlvs.bindings.dpdk.DpdkLibrary;
import io.jlvs.bindings.dpdk.JlvsShim;
import io.jlvs.bindings.dpdk.RteEthdev;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HexFormat;

/**
 * One ethdev port: configuration with N RX/TX queues, start/stop/close, and the burst calls of the
 * fast path. The tx call is linked critical (no thread-state transition) unless the port's driver
 * can block in tx (net_af_packet), see {@link #blockingTx()}.
 */
public final class EthPort {
    /** Counters of rte_eth_stats. */
    public record Stats(long ipackets, long opackets, long ibytes, long obytes, long imissed, long ierrors,
                        long oerrors, long rxNoMbuf) {}

    /** rte_eth_link. */
    public record Link(boolean up, int speedMbps, boolean fullDuplex, boolean autoneg) {}

    private final short id;
    private final String name;
    private final String driver;
    private final boolean blockingTx;
    private final int maxRxQueues;
    private final int maxTxQueues;
    private int rxQueues;
    private int txQueues;
    private boolean started;
    private boolean closed;

    EthPort(int id, String name) {
        this.id = (short) id;
        this.name = name;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = arena.allocate(RteEthdev.rte_eth_dev_info);
            check(RteEthdev.rte_eth_dev_info_get(this.id, info), "rte_eth_dev_info_get");
            MemorySegment drv = info.get(DpdkLibrary.C_POINTER, RteEthdev.rte_eth_dev_info$driver_name);
            this.driver = drv.equals(MemorySegment.NULL) ? "?" : drv.reinterpret(256).getString(0);
            this.maxRxQueues = Short.toUnsignedInt(info.get(ValueLayout.JAVA_SHORT, RteEthdev.rte_eth_dev_info$max_rx_queues));
            this.maxTxQueues = Short.toUnsignedInt(info.get(ValueLayout.JAVA_SHORT, RteEthdev.rte_eth_dev_info$max_tx_queues));
        }
        this.blockingTx = driver.contains("af_packet");
    }

    public int id() {
        return Short.toUnsignedInt(id);
    }

    public String name() {
        return name;
    }

    /** The PMD's name (rte_eth_dev_info.driver_name), e.g. net_pcap. */
    public String driver() {
        return driver;
    }

    /** Whether tx_burst can block in this driver, so it is called without Linker.Option.critical. */
    public boolean blockingTx() {
        return blockingTx;
    }

    public int rxQueues() {
        return rxQueues;
    }

    public int txQueues() {
        return txQueues;
    }

    /**
     * Configures the port with {@code rxQueues} RX queues filled from {@code pool} and {@code txQueues}
     * TX queues (default settings: no RSS, no offloads), on the port's NUMA socket.
     */
    public synchronized void configure(int rxQueues, int txQueues, int rxDescriptors, int txDescriptors, PacketPool pool) {
        if (rxQueues < 1 || rxQueues > maxRxQueues || txQueues < 1 || txQueues > maxTxQueues) {
            throw new PortException("port " + name + " (" + driver + ") supports 1.." + maxRxQueues + " RX and 1.."
                    + maxTxQueues + " TX queues; asked for " + rxQueues + " RX and " + txQueues + " TX", 0);
        }
        int socket = RteEthdev.rte_eth_dev_socket_id(id);
        int socketId = socket < 0 ? 0 : socket; // SOCKET_ID_ANY on virtual devices
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment conf = arena.allocate(RteEthdev.rte_eth_conf); // zeroed
            check(RteEthdev.rte_eth_dev_configure(id, (short) rxQueues, (short) txQueues, conf), "rte_eth_dev_configure");
        }
        for (int q = 0; q < rxQueues; q++) {
            check(RteEthdev.rte_eth_rx_queue_setup(id, (short) q, (short) rxDescriptors, socketId, MemorySegment.NULL,
                    pool.pointer()), "rte_eth_rx_queue_setup(queue " + q + ")");
        }
        for (int q = 0; q < txQueues; q++) {
            check(RteEthdev.rte_eth_tx_queue_setup(id, (short) q, (short) txDescriptors, socketId, MemorySegment.NULL),
                    "rte_eth_tx_queue_setup(queue " + q + ")");
        }
        this.rxQueues = rxQueues;
        this.txQueues = txQueues;
    }

    public synchronized void start() {
        check(RteEthdev.rte_eth_dev_start(id), "rte_eth_dev_start");
        started = true;
    }

    /** Stops the port (a pcap port flushes and closes its output file here). */
    public synchronized void stop() {
        if (started) {
            started = false;
            check(RteEthdev.rte_eth_dev_stop(id), "rte_eth_dev_stop");
        }
    }

    /** Stops and closes the port; it cannot be used again. */
    public synchronized void close() {
        if (closed) {
            return;
        }
        stop();
        closed = true;
        check(RteEthdev.rte_eth_dev_close(id), "rte_eth_dev_close");
    }

    public synchronized boolean started() {
        return started;
    }

    public synchronized boolean closed() {
        return closed;
    }

    public void promiscuous() {
        check(RteEthdev.rte_eth_promiscuous_enable(id), "rte_eth_promiscuous_enable");
    }

    /**
     * Receives up to {@code count} packets from RX queue {@code queue} into {@code mbufs} (an array of
     * mbuf addresses); returns how many.
     */
    public int rxBurst(int queue, MemorySegment mbufs, int count) {
        return Short.toUnsignedInt(JlvsShim.jlvs_eth_rx_burst(id, (short) queue, mbufs, (short) count));
    }

    /**
     * Sends up to {@code count} packets of {@code mbufs} on TX queue {@code queue}; returns how many
     * the driver took (it frees them). The caller still owns the rest.
     */
    public int txBurst(int queue, MemorySegment mbufs, int count) {
        short sent = blockingTx
                ? JlvsShim.jlvs_eth_tx_burst_blocking(id, (short) queue, mbufs, (short) count)
                : JlvsShim.jlvs_eth_tx_burst(id, (short) queue, mbufs, (short) count);
        return Short.toUnsignedInt(sent);
    }

    public Stats stats() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(RteEthdev.rte_eth_stats);
            check(RteEthdev.rte_eth_stats_get(id, s), "rte_eth_stats_get");
            return new Stats(s.get(ValueLayout.JAVA_LONG, RteEthdev.rte_eth_stats$ipackets),
                    s.get(ValueLayout.JAVA_LONG, RteEthdev.rte_eth_stats$opackets),
                    s.get(ValueLayout.JAVA_LONG, RteEthdev.rte_eth_stats$ibytes),
                    s.get(ValueLayout.JAVA_LONG, RteEthdev.rte_eth_stats$obytes),
                    s.get(ValueLayout.JAVA_LONG, RteEthdev.rte_eth_stats$imissed),
                    s.get(ValueLayout.JAVA_LONG, RteEthdev.rte_eth_stats$ierrors),
                    s.get(ValueLayout.JAVA_LONG, RteEthdev.rte_eth_stats$oerrors),
                    s.get(ValueLayout.JAVA_LONG, RteEthdev.rte_eth_stats$rx_nombuf));
        }
    }

    /** The port's MAC address as 6 bytes. */
    public byte[] macAddress() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mac = arena.allocate(RteEthdev.rte_ether_addr);
            check(RteEthdev.rte_eth_macaddr_get(id, mac), "rte_eth_macaddr_get");
            return mac.toArray(ValueLayout.JAVA_BYTE);
        }
    }

    /** The MAC address as aa:bb:cc:dd:ee:ff. */
    public String mac() {
        return HexFormat.ofDelimiter(":").formatHex(macAddress());
    }

    /** The link state without waiting (rte_eth_link_get_nowait). */
    public Link link() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment l = arena.allocate(RteEthdev.rte_eth_link);
            check(RteEthdev.rte_eth_link_get_nowait(id, l), "rte_eth_link_get_nowait");
            int bits = l.get(ValueLayout.JAVA_SHORT, RteEthdev.rte_eth_link$link_bits);
            return new Link((bits & RteEthdev.RTE_ETH_LINK_STATUS_BIT) != 0,
                    l.get(ValueLayout.JAVA_INT, RteEthdev.rte_eth_link$link_speed),
                    (bits & RteEthdev.RTE_ETH_LINK_DUPLEX_BIT) != 0,
                    (bits & RteEthdev.RTE_ETH_LINK_AUTONEG_BIT) != 0);
        }
    }

    private void check(int rc, String call) {
        if (rc < 0) {
            throw new PortException(call + " failed on port " + name + " (id " + id() + ", " + (driver == null ? "?" : driver) + ")", -rc);
        }
    }

    @Override
    public String toString() {
        return "EthPort[" + id() + " " + name + " " + driver + "]";
    }
}
