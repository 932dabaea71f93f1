package io.jlvs.slowpath.rules;

import io.jlvs.model.ForwardMethod;
import io.jlvs.model.Ipv4Text;

/**
 * A real server of one virtual service.
 *
 * @param destId         stable destination id: the fast path counts connections per id, so it is kept
 *                       across edits and recycled only after the server is deleted
 * @param upperThreshold -x, 0 = no limit
 * @param lowerThreshold -y
 * @param lastWeight     the last non-zero weight (IPVS's last_weight): mh keeps a quiesced server's slots by it
 */
public record RealServer(int destId, int address, int port, ForwardMethod method, int weight,
                         int upperThreshold, int lowerThreshold, int lastWeight) {
    public RealServer {
        if (port < 0 || port > 0xffff) throw new IllegalArgumentException("port must be 0..65535, was " + port);
        if (weight < 0) throw new IllegalArgumentException("weight must be >= 0, was " + weight);
    }

    /** What identifies a real server within its service, as IPVS does. */
    public boolean sameEndpoint(int otherAddress, int otherPort) { return address == otherAddress && port == otherPort; }

    public String endpoint() { return Ipv4Text.endpoint(address, port); }
}
