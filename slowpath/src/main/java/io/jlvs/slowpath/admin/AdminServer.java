package io.jlvs.slowpath.admin;

import io.jlvs.slowpath.journal.JournalEntry;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Serves jlvsadm on a Unix domain socket. The socket file is mode 0600 (root only) or, with a group
 * in the config, 0660 owned by that group: the kernel then refuses anyone else's connect(). The
 * caller's user (SO_PEERCRED) becomes the journal origin {@code cli:<user>}.
 *
 * <p>A peer cannot stall the control plane: each connection is served on its own virtual thread, at
 * most {@link #MAX_CLIENTS} at once (more are answered "busy" and closed); a request must arrive whole
 * within {@link #REQUEST_TIMEOUT} and the response be taken within {@link #RESPONSE_TIMEOUT}, else the
 * connection is cut; a request is bounded in size ({@link AdminProtocol#MAX_REQUEST_BYTES}). What is
 * not a request is answered with an error (exit 2) naming the problem, and nothing is executed.
 */
public final class AdminServer implements AutoCloseable {

    /** Time for a whole request to arrive: jlvsadm sends it at once, -R's input included. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** Time for the peer to take the response off the socket. */
    public static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(30);
    /** Connections served at once; jlvsadm holds one for a single command. */
    public static final int MAX_CLIENTS = 16;

    private static final System.Logger LOG = System.getLogger(AdminServer.class.getName());

    private final ServerSocketChannel server;
    private final Path path;
    private final AdminService admin;
    private final Thread acceptor;
    private final Semaphore clients = new Semaphore(MAX_CLIENTS);
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("jlvs-admin-deadlines").daemon().factory());
    private final Duration requestTimeout;

    private AdminServer(ServerSocketChannel server, Path path, AdminService admin, Duration requestTimeout) {
        this.server = server;
        this.path = path;
        this.admin = admin;
        this.requestTimeout = requestTimeout;
        this.acceptor = Thread.ofPlatform().name("jlvs-admin").daemon().unstarted(this::acceptLoop);
    }

    /** Binds {@code path} (replacing a stale socket file no daemon answers on) and starts serving. */
    public static AdminServer start(Path path, String group, AdminService admin) throws IOException {
        return start(path, group, admin, REQUEST_TIMEOUT);
    }

    /** With another request timeout: tests of a silent peer need not wait 10 s. */
    static AdminServer start(Path path, String group, AdminService admin, Duration requestTimeout) throws IOException {
        Files.createDirectories(path.toAbsolutePath().getParent());
        removeStaleSocket(path);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(path));
            // Before the first accept(): nobody can have connected through a wider mode yet that we serve.
            if (group == null) {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
            } else {
                GroupPrincipal owner = path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(group);
                Files.getFileAttributeView(path, PosixFileAttributeView.class).setGroup(owner);
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-rw----"));
            }
        } catch (IOException e) {
            server.close();
            Files.deleteIfExists(path);
            throw new IOException("control socket " + path + ": " + e.getMessage(), e);
        }
        AdminServer adminServer = new AdminServer(server, path, admin, requestTimeout);
        adminServer.acceptor.start();
        return adminServer;
    }

    private static void removeStaleSocket(Path path) throws IOException {
        if (!Files.exists(path)) return;
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            throw new IOException("control socket " + path + " is in use: is another jlvs daemon running?");
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains("is in use")) throw e;
            Files.delete(path);
        }
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (server.isOpen()) LOG.log(System.Logger.Level.WARNING, "jlvs: admin socket accept failed: " + e.getMessage());
                continue;
            }
            if (!clients.tryAcquire()) {
                Thread.ofVirtual().name("jlvs-admin-busy").start(() -> refuseBusy(client));
                continue;
            }
            Thread.ofVirtual().name("jlvs-admin-client").start(() -> {
                try {
                    serve(client);
                } finally {
                    clients.release();
                }
            });
        }
    }

    private void refuseBusy(SocketChannel client) {
        try (client) {
            respond(client, Response.error("jlvs: busy: " + MAX_CLIENTS + " jlvsadm connections are open already; try again", 2));
        } catch (IOException ignored) {
            // it went away
        }
    }

    private void serve(SocketChannel client) {
        try (client) {
            String user = client.getOption(ExtendedSocketOptions.SO_PEERCRED) instanceof UnixDomainPrincipal p
                    ? p.user().getName() : "unknown";
            AtomicBoolean timedOut = new AtomicBoolean();
            // Shutting the input down wakes the blocked read with end-of-stream; the answer can still go out.
            ScheduledFuture<?> cut = deadlines.schedule(() -> {
                timedOut.set(true);
                try {
                    client.shutdownInput();
                } catch (IOException ignored) {
                    // closed meanwhile
                }
            }, requestTimeout.toNanos(), TimeUnit.NANOSECONDS);
            Response response = answer(admin, new DataInputStream(Channels.newInputStream(client)), user,
                    () -> timedOut.get() ? "not complete within " + requestTimeout.toMillis() + " ms" : null);
            cut.cancel(false);
            if (response != null) respond(client, response);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "jlvs: admin request failed: " + e.getMessage());
        }
    }

    /**
     * Reads one request from {@code in} and executes it. Null when the peer hung up before its request
     * was complete (a liveness probe, a killed jlvsadm): there is nobody to answer.
     *
     * @param cutOff why the input was cut off, or null if the peer ended it
     */
    static Response answer(AdminService admin, DataInputStream in, String user, java.util.function.Supplier<String> cutOff) {
        AdminProtocol.Request request;
        try {
            request = AdminProtocol.readRequest(in);
        } catch (AdminProtocol.BadRequestException e) {
            return Response.error("jlvs: bad request: " + e.getMessage(), 2);
        } catch (IOException e) {
            String why = cutOff.get();
            return why == null ? null : Response.error("jlvs: bad request: " + why, 2);
        }
        try {
            return admin.execute(request.argv(), request.stdin(), JournalEntry.cliOrigin(user));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "jlvs: internal error serving " + request.argv(), e);
            return Response.error("jlvs: internal error: " + e, 255);
        }
    }

    /** Writes {@code response}; a peer that does not take it within the response timeout is cut off. */
    private void respond(SocketChannel client, Response response) throws IOException {
        ScheduledFuture<?> cut = deadlines.schedule(() -> {
            try {
                client.close();
            } catch (IOException ignored) {
                // closed meanwhile
            }
        }, RESPONSE_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
        try {
            AdminProtocol.writeResponse(new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(client), 1 << 16)), response);
        } finally {
            cut.cancel(false);
        }
    }

    public Path path() { return path; }

    @Override
    public void close() throws IOException {
        server.close();
        deadlines.shutdownNow();
        Files.deleteIfExists(path);
    }
}
