package io.jlvs.sched;

/**
 * dh: 256 buckets filled round-robin, one per server; the bucket is
 * (destination address * 2654435761) & 255. An unavailable server (weight 0 or overloaded) in the
 * bucket means no server: dh has no fallback in IPVS.
 */
public final class DestinationHashScheduler implements Scheduler {

    private final int[] buckets;

    public DestinationHashScheduler(RealServers servers) {
        this.buckets = HashBuckets.fill(servers, false);
    }

    @Override
    public int pick(RealServers s, int core, int srcAddr, int srcPort, int dstAddr, int dstPort) {
        int i = buckets[HashBuckets.bucket(dstAddr, 0, 0)];
        return i >= 0 && s.eligible(i) ? i : NO_SERVER;
    }

    /** The position bucket {@code b} holds; for tests and the admin view. */
    public int bucketOwner(int b) { return buckets[b]; }

    @Override
    public String name() { return "dh"; }
}
