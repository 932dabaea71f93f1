package io.jlvs.bindings.demo;

import io.jlvs.bindings.dpdk.DpdkUnavailableException;
import io.jlvs.bindings.runtime.DpdkException;
import io.jlvs.bindings.runtime.DpdkRuntime;
import io.jlvs.bindings.runtime.EthPort;
import io.jlvs.bindings.runtime.PacketPool;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts DPDK with the EAL arguments given, prints the EAL arguments used and every port (driver,
 * MAC, link), and exits: 0 when DPDK runs here, 2 with a one-line reason when it cannot (missing
 * libraries, a bad argument, no memory). With {@code --forward} first, it also forwards every port's
 * queue 0 to itself until the process is terminated (SIGTERM), to show the orderly shutdown, and
 * prints {@code forwarded N packets} each time rx runs dry after traffic.
 */
public final class DpdkCheck {
    private DpdkCheck() {}

    public static void main(String[] args) throws InterruptedException {
        List<String> eal = new ArrayList<>(List.of(args));
        boolean forward = eal.remove("--forward");
        try {
            DpdkRuntime dpdk = DpdkRuntime.start(eal);
            System.out.println("EAL: " + String.join(" ", dpdk.ealArguments()));
            System.out.println("hugepages: " + dpdk.hugepages() + " (" + dpdk.hugepagesReason() + ")");
            List<EthPort> ports = new ArrayList<>();
            for (String name : dpdk.portNames()) {
                EthPort port = dpdk.port(name);
                ports.add(port);
                System.out.println("port " + port.id() + " " + name + " driver " + port.driver() + " mac " + port.mac());
            }
            if (!forward) {
                dpdk.close();
                return;
            }
            if (ports.isEmpty()) {
                dpdk.close();
                throw new DpdkException("no DPDK port to forward: EAL found none among " + eal
                        + " (a vdev whose driver failed to probe, e.g. for a missing pcap file, is not a port; see EAL's log above)", 0);
            }
            PacketPool pool = dpdk.createPacketPool("check", 2047);
            for (EthPort port : ports) {
                port.configure(1, 1, 256, 256, pool);
                port.start();
            }
            Thread loop = Thread.ofPlatform().name("forward").start(() -> forward(dpdk, ports));
            dpdk.onClose(() -> {
                loop.interrupt();
                try {
                    loop.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            System.out.println("forwarding; send SIGTERM to stop");
            System.out.flush();
            loop.join();
        } catch (DpdkException | DpdkUnavailableException e) {
            System.err.println("jlvs: " + e.getMessage());
            System.exit(2);
        }
    }

    private static void forward(DpdkRuntime dpdk, List<EthPort> ports) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment burst = arena.allocate(ValueLayout.JAVA_LONG, 32);
            long forwarded = 0;
            long reported = 0;
            while (!Thread.currentThread().isInterrupted()) {
                boolean idle = true;
                for (EthPort port : ports) {
                    int n = port.rxBurst(0, burst, 32);
                    idle &= n == 0;
                    forwarded += n;
                    int sent = port.txBurst(0, burst, n);
                    if (sent < n) {
                        MemorySegment.copy(burst, sent * 8L, burst, 0, (n - sent) * 8L);
                        PacketPool.freeBulk(burst, n - sent);
                    }
                }
                // Whenever rx runs dry after traffic: a caller can wait for its packets instead of guessing a time.
                if (idle && forwarded != reported) {
                    System.out.println("forwarded " + forwarded + " packets");
                    System.out.flush();
                    reported = forwarded;
                }
                Thread.onSpinWait();
            }
        }
    }
}
