package io.jlvs.slowpath.health;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/** keepalived's TCP_CHECK: healthy when a TCP connection opens within the timeout; it is closed at once. */
public final class TcpConnectProbe implements Probe {

    @Override
    public ProbeResult check(InetSocketAddress target, Duration timeout) {
        try (Socket socket = new Socket()) {
            socket.connect(target, Probes.millis(timeout));
            return ProbeResult.healthy("tcp connect to " + Probes.endpoint(target) + " succeeded");
        } catch (SocketTimeoutException e) {
            return ProbeResult.failed("tcp connect to " + Probes.endpoint(target) + ": no connection within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            return ProbeResult.failed("tcp connect to " + Probes.endpoint(target) + ": " + e.getMessage());
        }
    }
}
