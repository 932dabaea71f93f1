import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * lab/test-failover.sh's idle keep-alive connections: opens N HTTP/1.1 connections to HOST:PORT
 * and keeps them open; each line "round" on stdin sends one {@code GET /whoami} on every
 * connection that is still up and prints one line:
 * {@code round K: answered A same S changed C failed F (rs1=.. rs2=..)}, where "same" means the
 * answer came from the real server that answered the connection's first request. A failed
 * connection stays failed (it is not reopened: a new connection would hide the loss). "quit" or
 * end of input closes them all.
 *
 * <p>Run inside the client's namespace: {@code java lab/KeepAliveClient.java 198.51.100.10 80 50}.
 */
public final class KeepAliveClient {

    private static final int TIMEOUT_MS = 10_000;

    private static final class Conn {
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        String firstServer;
        boolean failed;

        Conn(Socket s) throws IOException {
            socket = s;
            in = s.getInputStream();
            out = s.getOutputStream();
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: java KeepAliveClient.java HOST PORT CONNECTIONS");
            System.exit(2);
        }
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        int count = Integer.parseInt(args[2]);
        List<Conn> conns = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Socket s = new Socket();
            s.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
            s.setSoTimeout(TIMEOUT_MS);
            conns.add(new Conn(s));
        }
        System.out.println("open " + conns.size());
        System.out.flush();
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        int round = 0;
        for (String line; (line = commands.readLine()) != null && !line.equals("quit"); ) {
            if (!line.equals("round")) {
                System.out.println("error: unknown command '" + line + "'");
                System.out.flush();
                continue;
            }
            round++;
            int answered = 0, same = 0, changed = 0, failed = 0;
            Map<String, Integer> servers = new TreeMap<>();
            StringBuilder why = new StringBuilder();
            for (Conn c : conns) {
                if (c.failed) {
                    failed++;
                    continue;
                }
                try {
                    String server = request(c, host);
                    answered++;
                    servers.merge(server, 1, Integer::sum);
                    if (c.firstServer == null) c.firstServer = server;
                    if (c.firstServer.equals(server)) same++;
                    else changed++;
                } catch (IOException e) {
                    c.failed = true;
                    failed++;
                    if (why.length() < 200) why.append(' ').append(c.socket.getLocalPort()).append(": ").append(e.getMessage()).append(';');
                }
            }
            System.out.println("round " + round + ": answered " + answered + " same " + same + " changed " + changed
                + " failed " + failed + " " + servers + (why.isEmpty() ? "" : " errors:" + why));
            System.out.flush();
        }
        for (Conn c : conns) c.socket.close();
    }

    /** One GET /whoami on the connection; returns the body (the server's name). */
    private static String request(Conn c, String host) throws IOException {
        c.out.write(("GET /whoami HTTP/1.1\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        c.out.flush();
        String status = readLine(c.in);
        if (!status.startsWith("HTTP/1.1 200")) throw new IOException("status '" + status + "'");
        int length = -1;
        for (String h; !(h = readLine(c.in)).isEmpty(); ) {
            int colon = h.indexOf(':');
            if (colon > 0 && h.substring(0, colon).equalsIgnoreCase("content-length")) {
                length = Integer.parseInt(h.substring(colon + 1).trim());
            }
        }
        if (length < 0) throw new IOException("no Content-Length");
        byte[] body = c.in.readNBytes(length);
        if (body.length != length) throw new IOException("connection closed in the body");
        return new String(body, StandardCharsets.US_ASCII).trim();
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder s = new StringBuilder();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) throw new IOException("connection closed by the peer");
            if (b != '\r') s.append((char) b);
        }
        return s.toString();
    }
}
