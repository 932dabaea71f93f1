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

/**
 * Serves jlvsadm on a Unix domain socket. The socket file is mode 0600 (root only) or, with a group
 * in the config, 0660 owned by that group: the kernel then refuses anyone else's connect(). The
 * caller's user (SO_PEERCRED) becomes the journal origin {@code cli:<user>}.
 */
public final class AdminServer implements AutoCloseable {

    private final ServerSocketChannel server;
    private final Path path;
    private final AdminService admin;
    private final Thread acceptor;

    private AdminServer(ServerSocketChannel server, Path path, AdminService admin) {
        this.server = server;
        this.path = path;
        this.admin = admin;
        this.acceptor = Thread.ofPlatform().name("jlvs-admin").daemon().unstarted(this::acceptLoop);
    }

    /** Binds {@code path} (replacing a stale socket file no daemon answers on) and starts serving. */
    public static AdminServer start(Path path, String group, AdminService admin) throws IOException {
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
        AdminServer adminServer = new AdminServer(server, path, admin);
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
            try {
                SocketChannel client = server.accept();
                Thread.ofPlatform().name("jlvs-admin-client").daemon().start(() -> serve(client));
            } catch (IOException e) {
                if (server.isOpen()) System.err.println("jlvs: admin socket accept failed: " + e.getMessage());
            }
        }
    }

    private void serve(SocketChannel client) {
        try (client) {
            String user = client.getOption(ExtendedSocketOptions.SO_PEERCRED) instanceof UnixDomainPrincipal p
                    ? p.user().getName() : "unknown";
            DataInputStream in = new DataInputStream(Channels.newInputStream(client));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(client), 1 << 16));
            AdminProtocol.Request request = AdminProtocol.readRequest(in);
            Response response;
            try {
                response = admin.execute(request.argv(), request.stdin(), JournalEntry.cliOrigin(user));
            } catch (RuntimeException e) {
                response = Response.error("jlvs: internal error: " + e, 255);
            }
            AdminProtocol.writeResponse(out, response);
        } catch (java.io.EOFException e) {
            // A peer that hung up before finishing its request: a liveness probe, or a killed jlvsadm.
        } catch (IOException e) {
            System.err.println("jlvs: admin request failed: " + e.getMessage());
        }
    }

    public Path path() { return path; }

    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(path);
    }
}
