package io.jlvs.bindings.runtime;

import io.jlvs.bindings.dpdk.DpdkLibrary;
import io.jlvs.bindings.dpdk.JlvsShim;
import io.jlvs.bindings.dpdk.RteEal;
import io.jlvs.bindings.dpdk.RteEthdev;
import io.jlvs.bindings.dpdk.RteMbuf;
import io.jlvs.bindings.dpdk.RteMempool;
import io.jlvs.bindings.dpdk.RtePdump;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Owns DPDK's life in this process: EAL initialisation from a list of arguments, packet pools
 * (each memory chunk mapped once into {@link Packets}' static segment), ports, registration of Java
 * threads as EAL threads pinned to a CPU, and an orderly shutdown (close actions run, ports stopped
 * and closed, pools freed, EAL cleaned up) on {@link #close()} or when the JVM exits (SIGTERM
 * included: a shutdown hook).
 *
 * <p>With a shared EAL configuration ({@link EalArgs#multiProcess}: a {@code --file-prefix} on
 * hugepages) the runtime also initialises DPDK's packet-capture framework (rte_pdump_init), so
 * dpdk-dumpcap can attach as a secondary process, and on shutdown removes what EAL leaves of the
 * prefix: its runtime directory and hugepage files.
 *
 * <p>DPDK allows one EAL per process, so there is at most one runtime per JVM, ever: after close,
 * or after a failed start, {@link #start} refuses.
 */
public final class DpdkRuntime implements AutoCloseable {
    private static final Object LOCK = new Object();
    private static DpdkRuntime current;
    private static String startedBefore;

    private final List<String> ealArguments;
    private final boolean hugepages;
    private final String hugepagesReason;
    private final Arena arena = Arena.ofShared();
    private final Map<String, PacketPool> pools = new LinkedHashMap<>();
    private final Map<Integer, EthPort> ports = new LinkedHashMap<>();
    private final List<Runnable> closeActions = new ArrayList<>();
    private final Thread shutdownHook;
    private String capturePrefix;
    private boolean closed;

    private DpdkRuntime(List<String> ealArguments, Hugepages.Decision hugepages) {
        this.ealArguments = List.copyOf(ealArguments);
        this.hugepages = hugepages.enabled();
        this.hugepagesReason = hugepages.reason();
        this.shutdownHook = new Thread(this::closeOnExit, "jlvs-dpdk-shutdown");
    }

    /** Starts DPDK with these EAL arguments (program name excluded); see {@link EalArgs} for the defaults added. */
    public static DpdkRuntime start(String... ealArgs) {
        return start(List.of(ealArgs));
    }

    /**
     * Starts DPDK with these EAL arguments (program name excluded); see {@link EalArgs} for the
     * defaults added. Hugepages or {@code --no-huge} as {@link Hugepages#decide()} says.
     *
     * @throws io.jlvs.bindings.dpdk.DpdkUnavailableException DPDK's libraries are missing
     * @throws EalInitException EAL refused the arguments or the environment
     */
    public static DpdkRuntime start(List<String> ealArgs) {
        synchronized (LOCK) {
            if (startedBefore != null) {
                throw new EalInitException("DPDK's EAL was already initialised in this process (" + startedBefore
                        + "); DPDK allows one initialisation per process", 0);
            }
            DpdkLibrary.require();
            Hugepages.Decision huge = Hugepages.decide();
            BitSet allowed = Affinity.currentThreadCpus();
            List<String> args = EalArgs.build(ealArgs, huge.enabled(), allowed.nextSetBit(0));
            if (!huge.enabled()) {
                System.err.println("jlvs: hugepages not available (" + huge.reason() + "): DPDK runs with --no-huge");
            }
            startedBefore = String.join(" ", args);
            DpdkRuntime runtime = new DpdkRuntime(args, huge);
            runtime.initEal(allowed);
            runtime.initCapture();
            Runtime.getRuntime().addShutdownHook(runtime.shutdownHook);
            current = runtime;
            return runtime;
        }
    }

    /** The running runtime, or null. */
    public static DpdkRuntime current() {
        synchronized (LOCK) {
            return current;
        }
    }

    private void initEal(BitSet callerCpus) {
        JlvsShim.jlvs_log_capture();
        MemorySegment argv = arena.allocate(ValueLayout.ADDRESS, ealArguments.size() + 1);
        for (int i = 0; i < ealArguments.size(); i++) {
            argv.setAtIndex(ValueLayout.ADDRESS, i, arena.allocateFrom(ealArguments.get(i)));
        }
        int rc = RteEal.rte_eal_init(ealArguments.size(), argv);
        if (rc < 0) {
            int errno = JlvsShim.jlvs_rte_errno();
            throw new EalInitException("DPDK EAL initialisation failed with arguments " + ealArguments, errno,
                    ealSaid(null) + hint(errno));
        }
        // rte_eal_init pins the calling thread to the main lcore's CPU; threads inherit their creator's
        // mask, so give the caller its own mask back: only threads jlvs pins explicitly are pinned.
        Affinity.setCurrentThreadCpus(callerCpus);
    }

    private void initCapture() {
        if (!EalArgs.multiProcess(ealArguments)) {
            return;
        }
        if (RtePdump.rte_pdump_init() < 0) {
            int errno = JlvsShim.jlvs_rte_errno();
            System.err.println("jlvs: packet capture unavailable: rte_pdump_init failed: " + RteEal.strerror(errno));
            return;
        }
        capturePrefix = EalArgs.filePrefix(ealArguments);
    }

    /**
     * The EAL file prefix a dpdk-dumpcap names ({@code --file-prefix=...}) to capture from this
     * process, or null when capture is not possible ({@code --in-memory}, {@code --no-shconf},
     * {@code --no-huge}, or rte_pdump_init failed).
     */
    public String capturePrefix() {
        return capturePrefix;
    }

    /** "; EAL said: ..." with EAL's latest log lines (those naming {@code about}, when given), or "". */
    private static String ealSaid(String about) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(4096);
            JlvsShim.jlvs_log_tail(buf, buf.byteSize());
            List<String> lines = new ArrayList<>();
            for (String line : buf.getString(0).split("\n")) {
                String l = line.strip();
                if (!l.isEmpty() && !line.startsWith("  ") && !l.startsWith("Usage:") && !l.contains("Detected")
                        && (about == null || l.contains(about))) {
                    lines.add(l);
                }
            }
            List<String> last = lines.subList(Math.max(0, lines.size() - 4), lines.size());
            return last.isEmpty() ? "" : "; EAL said: " + String.join(" | ", last);
        }
    }

    private String hint(int errno) {
        return switch (errno) {
            case 19 -> "; check each --vdev argument: its name must start with a driver DPDK has (net_pcap, net_null, net_ring,"
                    + " net_af_packet, net_af_xdp, net_tap, ...) followed by a number, e.g. --vdev=net_pcap0,rx_pcap=in.pcap."
                    + " A pcap file that does not exist is reported the same way";
            case 12, 13, 24 -> hugepages
                    ? "; hugepages are used (" + hugepagesReason + "): run make setup as root to reserve them, or set"
                            + " JLVS_HUGEPAGES=0 to run with --no-huge"
                    : "; DPDK runs with --no-huge (" + hugepagesReason + ") and needs memory: pass -m with fewer MB";
            case 114 -> "; EAL was initialised before in this process";
            default -> "";
        };
    }

    /** The arguments rte_eal_init received (program name first). */
    public List<String> ealArguments() {
        return ealArguments;
    }

    /** Whether DPDK runs on hugepages (false: --no-huge). */
    public boolean hugepages() {
        return hugepages;
    }

    /** Why hugepages are used or not. */
    public String hugepagesReason() {
        return hugepagesReason;
    }

    /** Packet pool with the default data room (2048 bytes plus headroom) and a per-lcore cache of 256. */
    public PacketPool createPacketPool(String name, int mbufs) {
        return createPacketPool(name, mbufs, 256, RteMbuf.RTE_MBUF_DEFAULT_BUF_SIZE);
    }

    /**
     * Creates a pktmbuf pool of {@code mbufs} mbufs (best a power of two minus one) on the caller's
     * NUMA socket and maps each of its memory chunks into {@link Packets}' segment.
     */
    public synchronized PacketPool createPacketPool(String name, int mbufs, int cacheSize, int dataRoom) {
        ensureOpen();
        if (pools.containsKey(name)) {
            throw new PoolException("a packet pool named '" + name + "' exists already", 0);
        }
        MemorySegment pool;
        try (Arena a = Arena.ofConfined()) {
            pool = RteMbuf.rte_pktmbuf_pool_create(a.allocateFrom(name), mbufs, cacheSize, (short) 0, (short) dataRoom,
                    RteEal.rte_socket_id());
        }
        if (pool.equals(MemorySegment.NULL)) {
            int errno = JlvsShim.jlvs_rte_errno();
            throw new PoolException("cannot create packet pool '" + name + "' of " + mbufs + " mbufs of " + dataRoom
                    + " bytes", errno, errno != 12 ? "" : hugepages
                    ? "; not enough free hugepages (" + hugepagesReason + "): run make setup as root, or set JLVS_HUGEPAGES=0"
                    : "; not enough memory for --no-huge: pass a larger -m");
        }
        List<PacketPool.Chunk> chunks = new ArrayList<>();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment callback = RteMempool.rte_mempool_mem_cb_t.allocate((mp, opaque, memhdr, index) -> {
                MemorySegment hdr = memhdr.reinterpret(RteMempool.rte_mempool_memhdr.byteSize());
                chunks.add(new PacketPool.Chunk(hdr.get(ValueLayout.JAVA_LONG, RteMempool.rte_mempool_memhdr$addr),
                        hdr.get(ValueLayout.JAVA_LONG, RteMempool.rte_mempool_memhdr$len)));
            }, a);
            RteMempool.rte_mempool_mem_iter(pool, callback, MemorySegment.NULL);
        }
        try {
            for (PacketPool.Chunk c : chunks) {
                PacketMemory.register(name, c.address(), c.length());
            }
        } catch (PoolException e) {
            RteMempool.rte_mempool_free(pool);
            throw e;
        }
        PacketPool p = new PacketPool(name, pool, mbufs, dataRoom, chunks);
        pools.put(name, p);
        return p;
    }

    /** The number of ports DPDK found (rte_eth_dev_count_avail). */
    public int portCount() {
        return Short.toUnsignedInt(RteEthdev.rte_eth_dev_count_avail());
    }

    /** The port named {@code name} (a vdev's name, e.g. net_pcap0, or a PCI address). */
    public synchronized EthPort port(String name) {
        ensureOpen();
        int id;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment idOut = a.allocate(ValueLayout.JAVA_SHORT);
            int rc = RteEthdev.rte_eth_dev_get_port_by_name(a.allocateFrom(name), idOut);
            if (rc < 0) {
                throw new PortException("no DPDK port named '" + name + "' (ports: " + portNames() + ")", -rc,
                        ealSaid(name) + "; a port comes from the EAL arguments, e.g. --vdev=" + name + ",...; a vdev whose"
                                + " driver failed to probe it (a missing pcap file, say) is not a port");
            }
            id = Short.toUnsignedInt(idOut.get(ValueLayout.JAVA_SHORT, 0));
        }
        return ports.computeIfAbsent(id, i -> new EthPort(i, name));
    }

    /** The names of the ports DPDK found. */
    public List<String> portNames() {
        List<String> names = new ArrayList<>();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(RteEthdev.RTE_ETH_NAME_MAX_LEN);
            for (int id = 0; id < RteEal.RTE_MAX_LCORE * 8 && names.size() < portCount(); id++) {
                if (RteEthdev.rte_eth_dev_is_valid_port((short) id) != 0
                        && RteEthdev.rte_eth_dev_get_name_by_port((short) id, buf) == 0) {
                    names.add(buf.getString(0));
                }
            }
        }
        return names;
    }

    /**
     * Pins the calling thread to {@code cpu} and registers it with EAL (rte_thread_register), so it
     * has an lcore id (and uses the mempool caches); returns the lcore id. When secondary processes
     * may attach ({@link #capturePrefix} set) the thread is pinned only and keeps LCORE_ID_ANY:
     * rte_thread_register calls rte_mp_disable, after which the primary refuses every secondary
     * ("Primary process refused secondary attachment"), since a non-EAL lcore id exists in this
     * process alone. Without an lcore id, mempool gets and puts go to the pool's ring directly.
     */
    public int registerCurrentThread(int cpu) {
        ensureOpen();
        Affinity.pinCurrentThread(cpu);
        int lcore = JlvsShim.jlvs_lcore_id();
        if (lcore != RteEal.LCORE_ID_ANY || capturePrefix != null) {
            return lcore; // the EAL main thread, registered before, or capture kept possible
        }
        if (RteEal.rte_thread_register() != 0) {
            throw new DpdkException("rte_thread_register failed for thread " + Thread.currentThread().getName(),
                    JlvsShim.jlvs_rte_errno());
        }
        return JlvsShim.jlvs_lcore_id();
    }

    /** Releases the calling thread's lcore id (rte_thread_unregister). */
    public void unregisterCurrentThread() {
        RteEal.rte_thread_unregister();
    }

    /** The calling thread's lcore id, or -1 (RteEal.LCORE_ID_ANY) when it has none. */
    public static int currentLcore() {
        return JlvsShim.jlvs_lcore_id();
    }

    /**
     * Runs {@code action} first when the runtime closes, before the ports stop: a forwarding loop
     * registers here how to stop and join its threads. Actions run in reverse order of registration.
     */
    public synchronized void onClose(Runnable action) {
        ensureOpen();
        closeActions.add(action);
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the DPDK runtime is closed");
        }
    }

    /** Orderly shutdown: close actions, ports stopped and closed, pools freed, rte_eal_cleanup. Idempotent. */
    @Override
    public void close() {
        shutdown();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyExiting) {
            // the hook is running or has run
        }
    }

    private void closeOnExit() {
        if (!isClosed()) {
            System.err.println("jlvs: exiting: stopping DPDK ports and cleaning up EAL");
            shutdown();
            System.err.println("jlvs: DPDK shut down");
        }
    }

    private synchronized void shutdown() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException failure = null;
        for (int i = closeActions.size() - 1; i >= 0; i--) {
            try {
                closeActions.get(i).run();
            } catch (RuntimeException e) {
                failure = add(failure, e);
            }
        }
        for (EthPort port : ports.values()) {
            try {
                port.close();
            } catch (RuntimeException e) {
                failure = add(failure, e);
            }
        }
        if (capturePrefix != null && RtePdump.rte_pdump_uninit() < 0) {
            failure = add(failure, new DpdkException("rte_pdump_uninit failed", JlvsShim.jlvs_rte_errno()));
        }
        for (PacketPool pool : pools.values()) {
            RteMempool.rte_mempool_free(pool.pointer());
        }
        int rc = RteEal.rte_eal_cleanup();
        if (EalArgs.multiProcess(ealArguments)) {
            try {
                removePrefixFiles(EalArgs.filePrefix(ealArguments));
            } catch (IOException e) {
                failure = add(failure, new DpdkException("cannot remove EAL's files: " + e, 0));
            }
        }
        synchronized (LOCK) {
            current = null;
        }
        arena.close();
        if (rc < 0) {
            failure = add(failure, new DpdkException("rte_eal_cleanup failed", -rc));
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * EAL keeps its runtime directory (config, mp_socket, fbarrays) after rte_eal_cleanup, and leaves
     * hugepage files of segments it did not free: with a prefix per daemon they would pile up, and
     * hugepage files hold their pages. A secondary still attached keeps its own mappings.
     */
    private static void removePrefixFiles(String prefix) throws IOException {
        Path runtime = EalArgs.runtimeDir(prefix);
        if (Files.isDirectory(runtime)) {
            try (var files = Files.list(runtime)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(runtime);
        }
        for (Path mount : Hugepages.mounts()) {
            try (var files = Files.list(mount)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    if (f.getFileName().toString().startsWith(prefix + "map_")) {
                        Files.deleteIfExists(f);
                    }
                }
            }
        }
    }

    private static RuntimeException add(RuntimeException first, RuntimeException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }
}
