import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * lab/flood.sh's established clients: N threads, each with one HTTP/1.1 keep-alive connection to
 * HOST:PORT, sending {@code GET /} every PERIOD ms for SECONDS seconds. A request counts ok when a
 * complete 200 answer comes back within 3 s, else failed; a failed connection is closed and opened
 * again (that connect is a new connection, competing with the flood, and counted as a reconnect).
 * Prints one line a second: {@code EPOCH ok failed reconnects} (counts within that second), then
 * {@code total ok failed reconnects}.
 *
 * <p>Run inside the client's namespace: {@code java lab/FloodClients.java 198.51.100.10 80 20 50 60}.
 */
public final class FloodClients {

    private static final int TIMEOUT_MS = 3000;
    private static final AtomicLong ok = new AtomicLong(), failed = new AtomicLong(), reconnects = new AtomicLong();

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]), clients = Integer.parseInt(args[2]);
        long period = Long.parseLong(args[3]), seconds = Long.parseLong(args[4]);
        long end = System.currentTimeMillis() + seconds * 1000;
        Thread[] threads = new Thread[clients];
        for (int i = 0; i < clients; i++) {
            threads[i] = Thread.ofPlatform().daemon().start(() -> client(host, port, period, end));
        }
        long okTotal = 0, failedTotal = 0, reconnectTotal = 0;
        long next = System.currentTimeMillis() / 1000 * 1000 + 1000;
        while (next <= end) {
            Thread.sleep(Math.max(0, next - System.currentTimeMillis()));
            long o = ok.getAndSet(0), f = failed.getAndSet(0), r = reconnects.getAndSet(0);
            okTotal += o;
            failedTotal += f;
            reconnectTotal += r;
            System.out.println(next / 1000 + " " + o + " " + f + " " + r);
            next += 1000;
        }
        for (Thread t : threads) t.join(TIMEOUT_MS * 3L);
        okTotal += ok.get();
        failedTotal += failed.get();
        reconnectTotal += reconnects.get();
        System.out.println("total " + okTotal + " " + failedTotal + " " + reconnectTotal);
    }

    private static void client(String host, int port, long period, long end) {
        byte[] request = ("GET / HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: jlvs-flood\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        Socket socket = null;
        boolean first = true;
        byte[] buffer = new byte[65536];
        while (System.currentTimeMillis() < end) {
            long started = System.currentTimeMillis();
            try {
                if (socket == null) {
                    if (!first) reconnects.incrementAndGet();
                    first = false;
                    socket = new Socket();
                    socket.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
                    socket.setSoTimeout(TIMEOUT_MS);
                    socket.setTcpNoDelay(true);
                }
                OutputStream out = socket.getOutputStream();
                out.write(request);
                out.flush();
                if (readResponse(socket.getInputStream(), buffer)) ok.incrementAndGet();
                else throw new IOException("not a complete 200 answer");
            } catch (IOException e) {
                failed.incrementAndGet();
                try {
                    if (socket != null) socket.close();
                } catch (IOException ignored) {
                    // closing a broken connection
                }
                socket = null;
            }
            long rest = period - (System.currentTimeMillis() - started);
            if (rest > 0) {
                try {
                    Thread.sleep(rest);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** Reads one response with a Content-Length body; true for a complete 200. */
    private static boolean readResponse(InputStream in, byte[] buffer) throws IOException {
        int have = 0, headerEnd = -1;
        while (headerEnd < 0) {
            int n = in.read(buffer, have, buffer.length - have);
            if (n < 0) return false;
            have += n;
            for (int i = 3; i < have; i++) {
                if (buffer[i - 3] == '\r' && buffer[i - 2] == '\n' && buffer[i - 1] == '\r' && buffer[i] == '\n') {
                    headerEnd = i + 1;
                    break;
                }
            }
            if (headerEnd < 0 && have == buffer.length) return false;
        }
        String head = new String(buffer, 0, headerEnd, StandardCharsets.ISO_8859_1);
        if (!head.startsWith("HTTP/1.1 200")) return false;
        int length = 0;
        for (String line : head.split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) length = Integer.parseInt(line.substring(15).trim());
        }
        long body = have - headerEnd;
        while (body < length) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, length - body));
            if (n < 0) return false;
            body += n;
        }
        return true;
    }
}
