package io.jlvs.sched;

import java.util.Arrays;
import java.util.List;

/**
 * Immutable snapshot of one virtual service's real servers, in IPVS list order: the most recently
 * added server first, because IPVS inserts new destinations at the head of the service's list and
 * ties therefore go to the newest server.
 *
 * <p>Position {@code i} (0-based, list order) is what a {@link Scheduler} returns; {@link #destId(int)}
 * maps it to the stable destination id under which {@link DestinationLoad} keeps the counts.
 */
public final class RealServers {

    /** One real server as the control plane describes it. {@code upperThreshold} 0 means no limit. */
    public record Server(int destId, int weight, int upperThreshold, int lowerThreshold) {
        public Server {
            if (destId < 0) throw new IllegalArgumentException("destId must be >= 0, was " + destId);
            if (weight < 0) throw new IllegalArgumentException("weight must be >= 0, was " + weight);
            if (upperThreshold < 0 || lowerThreshold < 0) {
                throw new IllegalArgumentException("thresholds must be >= 0");
            }
        }
    }

    private final int[] destIds;
    private final int[] weights;
    private final int[] upper;
    private final int[] lower;
    private final DestinationLoad load;

    /** @param listOrder servers in IPVS list order (newest first) */
    public RealServers(List<Server> listOrder, DestinationLoad load) {
        int n = listOrder.size();
        this.destIds = new int[n];
        this.weights = new int[n];
        this.upper = new int[n];
        this.lower = new int[n];
        for (int i = 0; i < n; i++) {
            Server s = listOrder.get(i);
            if (s.destId() >= load.capacity()) {
                throw new IllegalArgumentException("destId " + s.destId() + " >= load capacity " + load.capacity());
            }
            destIds[i] = s.destId();
            weights[i] = s.weight();
            upper[i] = s.upperThreshold();
            lower[i] = s.lowerThreshold();
        }
        this.load = load;
    }

    public int count() { return destIds.length; }

    public int destId(int i) { return destIds[i]; }

    public int weight(int i) { return weights[i]; }

    /** The -x threshold: 0 means none. */
    public int upperThreshold(int i) { return upper[i]; }

    /** The -y threshold. */
    public int lowerThreshold(int i) { return lower[i]; }

    public DestinationLoad load() { return load; }

    public int active(int i) { return load.active(destIds[i]); }

    public int inactive(int i) { return load.inactive(destIds[i]); }

    /** IPVS's overhead: active * 256 + inactive. */
    public int overhead(int i) { return load.overhead(destIds[i]); }

    @Override
    public String toString() {
        return "RealServers" + Arrays.toString(destIds) + " weights " + Arrays.toString(weights);
    }
}
