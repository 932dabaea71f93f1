package io.jlvs.slowpath.health;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kernel-socket probes against real servers on 127.0.0.1. */
class ProbeTest {

    /** For checks that must time out: short, because waiting it out is the test. */
    private static final Duration TIMEOUT = Duration.ofMillis(300);
    /** For checks that get an answer: generous, so a slow, loaded machine never turns an answer into a timeout. */
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);
    private final List<AutoCloseable> servers = new ArrayList<>();
    private final List<String> hostHeaders = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopServers() throws Exception {
        for (AutoCloseable s : servers) s.close();
    }

    /** An HTTP server: /health answers 200, /broken 503, anything else 404 (the JDK's server). */
    private InetSocketAddress httpServer() throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", exchange -> {
            hostHeaders.add(exchange.getRequestHeaders().getFirst("Host"));
            int status = switch (exchange.getRequestURI().getPath()) {
                case "/health" -> 200;
                case "/broken" -> 503;
                default -> 404;
            };
            byte[] body = ("status " + status + "\n").getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        http.start();
        servers.add(() -> http.stop(0));
        return http.getAddress();
    }

    /** A TCP server that accepts and then does {@code withConnection}; each connection on its own thread. */
    private InetSocketAddress rawServer(ConnectionHandler withConnection) throws IOException {
        ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        Thread.ofVirtual().start(() -> {
            while (true) {
                try {
                    Socket connection = socket.accept();
                    accepted.add(connection);
                    Thread.ofVirtual().start(() -> {
                        try {
                            withConnection.handle(connection);
                        } catch (IOException | InterruptedException ignored) {
                            // the probe has hung up or the test is over
                        }
                    });
                } catch (IOException closed) {
                    return;
                }
            }
        });
        servers.add(() -> {
            socket.close();
            for (Socket s : accepted) s.close();
        });
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    interface ConnectionHandler {
        void handle(Socket connection) throws IOException, InterruptedException;
    }

    /** A port where nothing listens: bound, then closed. */
    private static InetSocketAddress closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return (InetSocketAddress) s.getLocalSocketAddress();
        }
    }

    @Test
    void tcpConnectPassesWhenTheServerAcceptsAndFailsWhenNothingListens() throws IOException {
        InetSocketAddress listening = rawServer(Socket::close);
        assertTrue(new TcpConnectProbe().check(listening, ANSWER_TIMEOUT).healthy());

        ProbeResult refused = new TcpConnectProbe().check(closedPort(), ANSWER_TIMEOUT);
        assertFalse(refused.healthy());
        assertTrue(refused.detail().contains("refused"), refused.detail());
    }

    @Test
    void tcpConnectFailsWhenTheConnectionDoesNotOpenWithinTheTimeout() throws Exception {
        // A listener that never accepts, its backlog full: Linux drops further SYNs, so connect hangs.
        ServerSocket stuck = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        servers.add(stuck);
        InetSocketAddress address = (InetSocketAddress) stuck.getLocalSocketAddress();
        List<Socket> fillers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Socket filler = new Socket();
            try {
                filler.connect(address, 200);
                fillers.add(filler);
            } catch (IOException full) {
                filler.close();
                break;
            }
        }
        servers.add(() -> { for (Socket f : fillers) f.close(); });

        ProbeResult result = new TcpConnectProbe().check(address, TIMEOUT);
        assertFalse(result.healthy());
        assertEquals("tcp connect to " + address.getAddress().getHostAddress() + ":" + address.getPort() + ": no connection within 300 ms", result.detail());
    }

    @Test
    void httpGetPassesOnTheExpectedStatusAtThePath() throws IOException {
        InetSocketAddress http = httpServer();
        ProbeResult result = new HttpGetProbe("/health", 200, null).check(http, ANSWER_TIMEOUT);
        assertEquals(ProbeResult.healthy("http GET /health on 127.0.0.1:" + http.getPort() + ": answered 200"), result);
    }

    @Test
    void httpGetFailsOnAnyOtherStatus() throws IOException {
        InetSocketAddress http = httpServer();
        ProbeResult broken = new HttpGetProbe("/broken", 200, null).check(http, ANSWER_TIMEOUT);
        assertEquals(ProbeResult.failed("http GET /broken on 127.0.0.1:" + http.getPort() + ": answered 503, expected 200"), broken);
        assertFalse(new HttpGetProbe("/nothing-here", 200, null).check(http, ANSWER_TIMEOUT).healthy());
        assertTrue(new HttpGetProbe("/nothing-here", 404, null).check(http, ANSWER_TIMEOUT).healthy(), "the expected status is whatever is configured");
    }

    @Test
    void httpGetSendsTheServersAddressAsHostUnlessOneIsGiven() throws IOException {
        InetSocketAddress http = httpServer();
        new HttpGetProbe("/health", 200, null).check(http, ANSWER_TIMEOUT);
        new HttpGetProbe("/health", 200, "www.example.org").check(http, ANSWER_TIMEOUT);
        assertEquals(List.of("127.0.0.1:" + http.getPort(), "www.example.org"), hostHeaders);
    }

    @Test
    void httpGetFailsWhenTheServerAcceptsButDoesNotAnswerWithinTheTimeout() throws IOException {
        InetSocketAddress silent = rawServer(connection -> connection.getInputStream().transferTo(OutputStream.nullOutputStream()));
        ProbeResult result = new HttpGetProbe("/health", 200, null).check(silent, TIMEOUT);
        assertEquals(ProbeResult.failed("http GET /health on 127.0.0.1:" + silent.getPort() + ": no answer within 300 ms"), result);
    }

    @Test
    void theTimeoutBoundsTheWholeAnswerNotEachRead() throws IOException {
        // One byte every 50 ms: each read is quick, the status line is not.
        InetSocketAddress trickling = rawServer(connection -> {
            readRequest(connection.getInputStream());
            OutputStream out = connection.getOutputStream();
            for (byte b : "HTTP/1.0 200 OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII)) {
                out.write(b);
                out.flush();
                Thread.sleep(50);
            }
        });
        ProbeResult result = new HttpGetProbe("/health", 200, null).check(trickling, Duration.ofMillis(200));
        assertFalse(result.healthy(), result.detail());
        assertTrue(result.detail().endsWith("no answer within 200 ms"), result.detail());
    }

    @Test
    void httpGetFailsOnAnAnswerThatIsNotHttpOrOnAClosedConnection() throws IOException {
        InetSocketAddress ssh = rawServer(connection -> {
            connection.getOutputStream().write("SSH-2.0-OpenSSH_9.2\r\n".getBytes(StandardCharsets.US_ASCII));
            connection.close();
        });
        assertEquals("http GET / on 127.0.0.1:" + ssh.getPort() + ": not an HTTP status line: \"SSH-2.0-OpenSSH_9.2\"",
                new HttpGetProbe("/", 200, null).check(ssh, ANSWER_TIMEOUT).detail());

        InetSocketAddress hangsUp = rawServer(Socket::close);
        ProbeResult result = new HttpGetProbe("/", 200, null).check(hangsUp, ANSWER_TIMEOUT);
        assertFalse(result.healthy(), result.detail());
    }

    @Test
    void theRequestIsOneHttp10GetWithConnectionClose() throws IOException {
        List<String> requests = new CopyOnWriteArrayList<>();
        InetSocketAddress recording = rawServer(connection -> {
            requests.add(readRequest(connection.getInputStream()));
            connection.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            connection.close();
        });
        assertTrue(new HttpGetProbe("/status?full", 200, null).check(recording, ANSWER_TIMEOUT).healthy());
        assertEquals(List.of("GET /status?full HTTP/1.0\r\nHost: 127.0.0.1:" + recording.getPort()
                + "\r\nUser-Agent: jlvs-healthcheck\r\nConnection: close\r\n\r\n"), requests);
    }

    @Test
    void statusLines() {
        assertEquals(200, HttpGetProbe.statusCode("HTTP/1.1 200 OK"));
        assertEquals(503, HttpGetProbe.statusCode("HTTP/1.0 503"));
        assertEquals(-1, HttpGetProbe.statusCode("HTTP/1.1 2000 OK"));
        assertEquals(-1, HttpGetProbe.statusCode("ICY 200 OK"));
        assertEquals(-1, HttpGetProbe.statusCode("HTTP/1.1 OK"));
    }

    /** The request head, up to and including the blank line. */
    private static String readRequest(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) break;
            head.append((char) b);
        }
        return head.toString();
    }
}
