package io.jlvs.slowpath.health;

import io.jlvs.slowpath.rules.ServerRef;
import io.jlvs.slowpath.config.HealthCheckConfig.OnFailure;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static io.jlvs.slowpath.health.Fixtures.server;
import static io.jlvs.slowpath.health.Fixtures.tcpCheck;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The production scheduler: a timer thread and virtual threads, real time. Waits are generous upper
 * bounds for "it happens at all", never claims about speed.
 */
class RealTimeHealthMonitorTest {

    private static final long PATIENCE_S = 20;

    @Test
    void aStoppedServerGoesDownAndComesBackWhileTheControlPlaneUpdatesTheMonitorFromItsAction() throws Exception {
        try (LoopbackTcpServer realServer = LoopbackTcpServer.onAnyPort()) {
            ServerRef ref = server(realServer.port());
            List<CheckTarget> targets = List.of(new CheckTarget(ref, tcpCheck(2, OnFailure.REMOVE)));
            BlockingQueue<HealthEvent> journal = new LinkedBlockingQueue<>();
            AtomicReference<HealthMonitor> monitorRef = new AtomicReference<>();
            // As the control plane will: journal, then derive the checks from its rules again and update.
            HealthActions controlPlane = event -> {
                journal.add(event);
                monitorRef.get().update(targets);
            };
            HealthMonitor monitor = new HealthMonitor(new ExecutorCheckScheduler(Clock.systemUTC()), ProbeFactory.KERNEL_SOCKETS, controlPlane);
            monitorRef.set(monitor);
            try {
                monitor.update(targets);
                realServer.stop();
                HealthEvent down = journal.poll(PATIENCE_S, TimeUnit.SECONDS);
                assertNotNull(down, "no DOWN event");
                assertEquals(List.of(HealthState.UP, HealthState.DOWN), List.of(down.from(), down.to()));

                realServer.start();
                HealthEvent up = journal.poll(PATIENCE_S, TimeUnit.SECONDS);
                assertNotNull(up, "no UP event");
                assertEquals(List.of(HealthState.DOWN, HealthState.UP), List.of(up.from(), up.to()));
            } finally {
                monitor.close();
            }
            // The pool is terminated when close returns; its thread may still be on its way out for a moment.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_S);
            while (Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("jlvs-health-timer"))
                    && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("jlvs-health-timer")),
                    "the timer thread is gone after close");
        }
    }

    @Test
    void closeInterruptsACheckThatIsWaitingOnASilentServer() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            ServerRef ref = server(silent.getLocalPort());
            CountDownLatch probing = new CountDownLatch(1);
            CountDownLatch probeReturned = new CountDownLatch(1);
            Probe slowHttp = new HttpGetProbe("/", 200, null);
            ProbeFactory probes = check -> (InetSocketAddress target, Duration timeout) -> {
                probing.countDown();
                try {
                    return slowHttp.check(target, Duration.ofMinutes(5));
                } finally {
                    probeReturned.countDown();
                }
            };
            HealthMonitor monitor = new HealthMonitor(new ExecutorCheckScheduler(Clock.systemUTC()), probes, event -> { });
            monitor.update(List.of(new CheckTarget(ref, tcpCheck(1, OnFailure.REMOVE))));
            assertTrue(probing.await(PATIENCE_S, TimeUnit.SECONDS));

            monitor.close();
            assertTrue(probeReturned.await(PATIENCE_S, TimeUnit.SECONDS), "close interrupted the check instead of leaving it its five minutes");
        }
    }
}
