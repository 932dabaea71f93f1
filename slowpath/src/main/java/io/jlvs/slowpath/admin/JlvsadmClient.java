package io.jlvs.slowpath.admin;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * bin/jlvsadm's main: sends its arguments (and, for -R, its standard input) to the daemon and prints
 * the answer, exiting with the daemon's status. The socket is $JLVS_CONTROL_SOCKET, else the config's
 * default /run/jlvs/control.sock.
 */
public final class JlvsadmClient {
    public static final String SOCKET_ENV = "JLVS_CONTROL_SOCKET";
    static final Path DEFAULT_SOCKET = Path.of("/run/jlvs/control.sock");

    private JlvsadmClient() {}

    public static void main(String[] args) throws IOException {
        String env = System.getenv(SOCKET_ENV);
        Path socket = env == null || env.isEmpty() ? DEFAULT_SOCKET : Path.of(env);
        List<String> argv = List.of(args);
        String stdin = readsStdin(argv) ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8) : "";
        // Standard output is copied as it arrives: -L -c of millions of connections is never held here.
        Response response = call(socket, new AdminProtocol.Request(argv, stdin), System.out);
        System.err.print(response.stderr());
        System.err.flush();
        System.exit(response.exitStatus());
    }

    /** Only -R reads standard input; anything else must not wait on a terminal. */
    static boolean readsStdin(List<String> argv) {
        return argv.stream().anyMatch(a -> a.equals("--restore") || (a.startsWith("-") && !a.startsWith("--") && a.contains("R")));
    }

    /** One request; an unreachable daemon is reported the way ipvsadm reports a missing IPVS (exit 2). */
    public static Response call(Path socket, AdminProtocol.Request request) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        Response response = call(socket, request, stdout);
        return new Response(stdout.toString(StandardCharsets.UTF_8), response.stderr(), response.exitStatus());
    }

    /** One request, standard output copied to {@code stdout} as it arrives. */
    static Response call(Path socket, AdminProtocol.Request request, OutputStream stdout) {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            AdminProtocol.writeRequest(new DataOutputStream(Channels.newOutputStream(channel)), request);
            return AdminProtocol.readResponse(new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel))), stdout);
        } catch (IOException e) {
            return Response.error("Can't initialize ipvs: cannot talk to jlvs on " + socket + ": " + e.getMessage()
                    + "\nAre you sure that the jlvs daemon is running?", 2);
        }
    }
}
