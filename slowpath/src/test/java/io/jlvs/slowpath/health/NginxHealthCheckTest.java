package io.jlvs.slowpath.health;

import io.jlvs.slowpath.rules.ServerRef;
import io.jlvs.slowpath.config.HealthCheckConfig;
import io.jlvs.slowpath.config.HealthCheckConfig.OnFailure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.jlvs.slowpath.health.Fixtures.INTERVAL;
import static io.jlvs.slowpath.health.Fixtures.httpCheck;
import static io.jlvs.slowpath.health.Fixtures.rules;
import static io.jlvs.slowpath.health.Fixtures.server;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * HTTP checks against Debian's nginx, run with its own config in a temp dir on a free loopback port:
 * the server the lab uses, stopped and started like a real server going down and coming back.
 */
class NginxHealthCheckTest {

    private static final Path NGINX = Path.of("/usr/sbin/nginx");

    @TempDir
    Path dir;
    private final ManualScheduler time = new ManualScheduler();
    private Process nginx;
    private int port;
    private HealthMonitor monitor;

    @AfterEach
    void tearDown() throws Exception {
        if (monitor != null) monitor.close();
        stopNginx();
    }

    @Test
    void nginxAnsweringIsUpStoppedIsRemovedAndStartedAgainIsBack() throws Exception {
        RulesWithOverlay controlPlane = checkNginx(httpCheck("/health", 200, 2, OnFailure.REMOVE));
        ServerRef ref = server(port);
        time.advance(INTERVAL);
        assertEquals(Map.of(ref, HealthState.UP), monitor.states());

        stopNginx();
        time.advance(INTERVAL);
        time.advance(INTERVAL);
        assertTrue(controlPlane.published(ref).isEmpty(), "removed after two failed checks");
        assertTrue(controlPlane.events().getLast().reason().contains("Connection refused"), controlPlane.events().getLast().reason());

        startNginx();
        time.advance(INTERVAL);
        assertEquals(5, controlPlane.published(ref).orElseThrow().weight());
        assertEquals("http GET /health on 127.0.0.1:" + port + ": answered 200", controlPlane.events().getLast().reason());
    }

    @Test
    void aPathNginxAnswersWithAnotherStatusFailsTheCheck() throws Exception {
        RulesWithOverlay controlPlane = checkNginx(httpCheck("/maintenance", 200, 1, OnFailure.QUIESCE));
        ServerRef ref = server(port);

        assertEquals(0, controlPlane.published(ref).orElseThrow().weight());
        assertEquals("http GET /maintenance on 127.0.0.1:" + port + ": answered 503, expected 200", controlPlane.events().getLast().reason());
    }

    /** Starts nginx, checks it (weight 5) with {@code check}, runs the first check. */
    private RulesWithOverlay checkNginx(HealthCheckConfig check) throws Exception {
        startNginx();
        RulesWithOverlay controlPlane = new RulesWithOverlay(rules(5, port));
        monitor = new HealthMonitor(time, ProbeFactory.KERNEL_SOCKETS, controlPlane);
        monitor.update(List.of(new CheckTarget(server(port), check)));
        time.runDue();
        return controlPlane;
    }

    /** Starts nginx in the foreground on {@link #port} (chosen once, reused on restart) and waits until it accepts. */
    private void startNginx() throws Exception {
        assumeTrue(Files.isExecutable(NGINX), "nginx is not installed (apt-get install nginx-light)");
        if (port == 0) {
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = probe.getLocalPort();
            }
        }
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, """
                daemon off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log;
                events { worker_connections 64; }
                http {
                    access_log off;
                    client_body_temp_path %1$s/body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    server {
                        listen 127.0.0.1:%2$d;
                        location = /health { return 200 "ok\\n"; }
                        location = /maintenance { return 503 "down for maintenance\\n"; }
                    }
                }
                """.formatted(dir, port));
        nginx = new ProcessBuilder(NGINX.toString(), "-p", dir.toString(), "-c", conf.toString(), "-e", dir.resolve("error.log").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                if (!nginx.isAlive()) break;
                Thread.sleep(25);
            }
        }
        throw new AssertionError("nginx did not start: " + Files.readString(dir.resolve("nginx.out")) + readIfExists(dir.resolve("error.log")));
    }

    /** SIGTERM (nginx's fast shutdown), then waits for the master, which waits for its worker. */
    private void stopNginx() throws Exception {
        if (nginx == null) return;
        nginx.destroy();
        if (!nginx.waitFor(10, TimeUnit.SECONDS)) nginx.destroyForcibly().waitFor();
        nginx = null;
    }

    private static String readIfExists(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }
}
