package io.jlvs.fastpath;

/**
 * Where the control plane publishes the current snapshots (one volatile store each) and workers
 * read them once per burst ({@link PacketProcessor#beginBurst()}).
 */
public final class ForwardingState {

    private volatile ServiceTable services;
    private volatile NeighbourTable neighbours;

    public ForwardingState(ServiceTable services, NeighbourTable neighbours) {
        this.services = services;
        this.neighbours = neighbours;
    }

    public ServiceTable services() { return services; }

    public NeighbourTable neighbours() { return neighbours; }

    public void publish(ServiceTable snapshot) { services = snapshot; }

    public void publish(NeighbourTable snapshot) { neighbours = snapshot; }
}
