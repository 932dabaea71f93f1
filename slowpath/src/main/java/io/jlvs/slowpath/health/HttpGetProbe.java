package io.jlvs.slowpath.health;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * keepalived's HTTP_GET: healthy when {@code GET path} answers with the expected status code within
 * the timeout. The timeout bounds the whole check (connect, request, status line), not each read, so
 * a server that trickles bytes still fails in time.
 *
 * <p>One fresh connection per check, {@code HTTP/1.0} with {@code Connection: close}, and only the
 * status line is read. Written on a plain socket rather than {@code java.net.http.HttpClient} because
 * that client pools connections (a check could pass on an old connection while the server refuses
 * new ones), refuses to let the caller set {@code Host} or {@code Connection}, and bounds connect and
 * response separately, not as one deadline.
 */
public final class HttpGetProbe implements Probe {

    /** A status line longer than this is not HTTP. */
    private static final int MAX_STATUS_LINE = 1024;

    private final String path;
    private final int expectedStatus;
    private final String host;

    /** @param host the Host header; null = the target's address (and port, unless 80) as keepalived sends */
    public HttpGetProbe(String path, int expectedStatus, String host) {
        if (path == null || !path.startsWith("/")) throw new IllegalArgumentException("path must start with /, was " + path);
        if (path.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) throw new IllegalArgumentException("path must not contain spaces or control characters: " + path);
        this.path = path;
        this.expectedStatus = expectedStatus;
        this.host = host;
    }

    @Override
    public ProbeResult check(InetSocketAddress target, Duration timeout) {
        String what = "http GET " + path + " on " + Probes.endpoint(target);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Socket socket = new Socket()) {
            socket.connect(target, Probes.millis(timeout));
            OutputStream out = socket.getOutputStream();
            out.write(request(target).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String statusLine = readStatusLine(socket, deadline);
            if (statusLine == null) return ProbeResult.failed(what + ": connection closed before a status line");
            int status = statusCode(statusLine);
            if (status < 0) return ProbeResult.failed(what + ": not an HTTP status line: \"" + statusLine + "\"");
            if (status != expectedStatus) return ProbeResult.failed(what + ": answered " + status + ", expected " + expectedStatus);
            return ProbeResult.healthy(what + ": answered " + status);
        } catch (SocketTimeoutException e) {
            return ProbeResult.failed(what + ": no answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            return ProbeResult.failed(what + ": " + e.getMessage());
        }
    }

    private String request(InetSocketAddress target) {
        String hostHeader = host != null ? host
                : target.getPort() == 80 ? target.getAddress().getHostAddress() : Probes.endpoint(target);
        return "GET " + path + " HTTP/1.0\r\n"
                + "Host: " + hostHeader + "\r\n"
                + "User-Agent: jlvs-healthcheck\r\n"
                + "Connection: close\r\n"
                + "\r\n";
    }

    /** The first line of the answer without its CR LF, or null at end of stream; times out at {@code deadline}. */
    private static String readStatusLine(Socket socket, long deadline) throws IOException {
        // Buffered: each read() would otherwise be a system call; the timeout still applies to every fill.
        InputStream in = new BufferedInputStream(socket.getInputStream(), 256);
        byte[] line = new byte[MAX_STATUS_LINE];
        int length = 0;
        while (length < line.length) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) throw new SocketTimeoutException();
            socket.setSoTimeout(Probes.millis(Duration.ofNanos(remaining)));
            int b = in.read();
            if (b < 0) return length == 0 ? null : new String(line, 0, length, StandardCharsets.ISO_8859_1);
            if (b == '\n') break;
            line[length++] = (byte) b;
        }
        if (length > 0 && line[length - 1] == '\r') length--;
        return new String(line, 0, length, StandardCharsets.ISO_8859_1);
    }

    /** {@code HTTP/1.x NNN reason} -> NNN; -1 when the line is not a status line. */
    static int statusCode(String statusLine) {
        if (!statusLine.startsWith("HTTP/")) return -1;
        int space = statusLine.indexOf(' ');
        if (space < 0 || statusLine.length() < space + 4) return -1;
        String code = statusLine.substring(space + 1, space + 4);
        if (!code.chars().allMatch(c -> c >= '0' && c <= '9')) return -1;
        if (statusLine.length() > space + 4 && statusLine.charAt(space + 4) != ' ') return -1;
        return Integer.parseInt(code);
    }
}
