package io.jlvs.slowpath.health;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A real TCP server on 127.0.0.1 that accepts and closes connections; it can be stopped and started
 * again on the same port (a real server going down and coming back).
 */
final class LoopbackTcpServer implements AutoCloseable {

    private final int port;
    private ServerSocket socket;
    private Thread acceptor;

    private LoopbackTcpServer(int port) throws IOException {
        this.port = port;
        start();
    }

    static LoopbackTcpServer start(int port) throws IOException { return new LoopbackTcpServer(port); }

    static LoopbackTcpServer onAnyPort() throws IOException { return new LoopbackTcpServer(0); }

    int port() { return socket != null ? socket.getLocalPort() : port; }

    synchronized void start() throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), socket != null ? socket.getLocalPort() : port));
        socket = s;
        acceptor = Thread.ofVirtual().start(() -> {
            while (true) {
                try (Socket ignored = s.accept()) {
                    // the check only needs the connection to open
                } catch (IOException closed) {
                    return;
                }
            }
        });
    }

    synchronized void stop() throws IOException, InterruptedException {
        socket.close();
        acceptor.join();
    }

    @Override
    public void close() throws Exception {
        if (!socket.isClosed()) stop();
    }
}
