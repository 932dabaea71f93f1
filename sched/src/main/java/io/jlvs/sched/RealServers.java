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

    /**
     * One real server as the control plane describes it. {@code upperThreshold} 0 means no limit.
     *
     * @param identity   what hashing schedulers (mh) hash to place the server: the control plane should
     *                   pass {@code address << 16 | port}, so that two directors with the same servers
     *                   build the same Maglev table whatever destination ids they gave out
     * @param lastWeight the last non-zero weight the server had (IPVS's {@code last_weight}): mh keeps
     *                   a quiesced server's table slots by it. 0 for a server added with weight 0.
     */
    public record Server(int destId, int weight, int upperThreshold, int lowerThreshold,
                         long identity, int lastWeight) {
        public Server {
            if (destId < 0) throw new IllegalArgumentException("destId must be >= 0, was " + destId);
            if (weight < 0) throw new IllegalArgumentException("weight must be >= 0, was " + weight);
            if (lastWeight < 0) throw new IllegalArgumentException("lastWeight must be >= 0, was " + lastWeight);
            if (upperThreshold < 0 || lowerThreshold < 0) {
                throw new IllegalArgumentException("thresholds must be >= 0, were upper " + upperThreshold
                        + " lower " + lowerThreshold);
            }
        }

        /** A server whose identity is its destination id and whose last weight is its weight. */
        public Server(int destId, int weight, int upperThreshold, int lowerThreshold) {
            this(destId, weight, upperThreshold, lowerThreshold, destId, weight);
        }
    }

    private final int[] destIds;
    private final int[] weights;
    private final int[] lastWeights;
    private final long[] identities;
    private final int[] upper;
    private final int[] lower;
    /** Destination id -> position, -1 when the id is not in this snapshot. */
    private final int[] positionByDestId;
    private final DestinationLoad load;

    /** @param listOrder servers in IPVS list order (newest first) */
    public RealServers(List<Server> listOrder, DestinationLoad load) {
        int n = listOrder.size();
        this.destIds = new int[n];
        this.weights = new int[n];
        this.lastWeights = new int[n];
        this.identities = new long[n];
        this.upper = new int[n];
        this.lower = new int[n];
        // Sized by this list's highest id, not the load table's capacity: a snapshot is built on every
        // rule change, and capacity-sized arrays (16 KiB each at 4,096 ids) were most of the control
        // plane's allocation under jlvsadm edits (JFR, lab/alloc-profile.sh).
        int maxDestId = -1;
        for (Server s : listOrder) {
            if (s.destId() >= load.capacity()) {
                throw new IllegalArgumentException("destId " + s.destId() + " >= load capacity " + load.capacity());
            }
            maxDestId = Math.max(maxDestId, s.destId());
        }
        this.positionByDestId = new int[maxDestId + 1];
        Arrays.fill(positionByDestId, -1);
        for (int i = 0; i < n; i++) {
            Server s = listOrder.get(i);
            if (s.destId() >= load.capacity()) {
                throw new IllegalArgumentException("destId " + s.destId() + " >= load capacity " + load.capacity());
            }
            if (positionByDestId[s.destId()] >= 0) {
                throw new IllegalArgumentException("destId " + s.destId() + " appears twice, at positions "
                        + positionByDestId[s.destId()] + " and " + i);
            }
            positionByDestId[s.destId()] = i;
            destIds[i] = s.destId();
            weights[i] = s.weight();
            lastWeights[i] = s.weight() > 0 ? s.weight() : s.lastWeight();
            identities[i] = s.identity();
            upper[i] = s.upperThreshold();
            lower[i] = s.lowerThreshold();
        }
        this.load = load;
    }

    public int count() { return destIds.length; }

    public int destId(int i) { return destIds[i]; }

    public int weight(int i) { return weights[i]; }

    /** The weight mh builds its table with: the weight, or the last non-zero one while quiesced. */
    public int lastWeight(int i) { return lastWeights[i]; }

    /** The value mh hashes to place server {@code i}; see {@link Server#identity()}. */
    public long identity(int i) { return identities[i]; }

    /** The -x threshold: 0 means none. */
    public int upperThreshold(int i) { return upper[i]; }

    /** The -y threshold. */
    public int lowerThreshold(int i) { return lower[i]; }

    /** Position of destination {@code destId} in this snapshot, or -1 when it is not in it. */
    public int positionOf(int destId) {
        return destId >= 0 && destId < positionByDestId.length ? positionByDestId[destId] : -1;
    }

    public DestinationLoad load() { return load; }

    public int active(int i) { return load.active(destIds[i]); }

    public int inactive(int i) { return load.inactive(destIds[i]); }

    /** IPVS's overhead: active * 256 + inactive. */
    public int overhead(int i) { return load.overhead(destIds[i]); }

    /**
     * IPVS's OVERLOAD flag for server {@code i}, brought up to date from the summed counts.
     *
     * <p>IPVS sets the flag when a connection is bound and active+inactive reaches the upper
     * threshold u, and clears it when a connection is unbound and the total falls below the lower
     * threshold l (or, with l = 0, when total*4 < u*3). Counts here are per core, so instead of
     * hooking bind/unbind the flag is re-evaluated whenever a scheduler asks, against the same rule;
     * between the two thresholds the stored flag decides, which is the hysteresis.
     */
    public boolean overloaded(int i) {
        // Kept tiny so the JIT inlines it into every scan; the threshold work is out of line.
        return upper[i] != 0 && overloadedByThresholds(i);
    }

    private boolean overloadedByThresholds(int i) {
        int u = upper[i];
        int dest = destIds[i];
        long total = (long) load.active(dest) + load.inactive(dest);
        boolean flagged = load.overloadFlag(dest);
        if (total >= u) {
            if (!flagged) load.overloadFlag(dest, true);
            return true;
        }
        if (!flagged) return false;
        int l = lower[i];
        boolean clear = l != 0 ? total < l : total * 4 < (long) u * 3;
        if (clear) {
            load.overloadFlag(dest, false);
            return false;
        }
        return true;
    }

    /** IPVS's test for taking new connections: weight > 0 and not overloaded. */
    public boolean eligible(int i) {
        return weights[i] > 0 && !overloaded(i);
    }

    @Override
    public String toString() {
        return "RealServers" + Arrays.toString(destIds) + " weights " + Arrays.toString(weights);
    }
}
