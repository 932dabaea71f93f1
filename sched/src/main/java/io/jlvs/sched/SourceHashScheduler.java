package io.jlvs.sched;

/**
 * sh: 256 buckets, each server taking {@code weight} consecutive buckets in list order; the bucket is
 * (offset + (port + source address) * 2654435761) & 255 with port the source port under sh-port and
 * 0 otherwise. Under sh-fallback an unavailable server makes the pick walk offsets
 * roffset = (k + first bucket) % 256, k = 0..255, taking the first available server, as the kernel's
 * {@code ip_vs_sh_get_fallback}.
 */
public final class SourceHashScheduler implements Scheduler {

    private final int[] buckets;
    private final boolean hashPort;
    private final boolean fallback;

    public SourceHashScheduler(RealServers servers, boolean hashPort, boolean fallback) {
        this.buckets = HashBuckets.fill(servers, true);
        this.hashPort = hashPort;
        this.fallback = fallback;
    }

    @Override
    public int pick(RealServers s, int core, int srcAddr, int srcPort, int dstAddr, int dstPort) {
        int port = hashPort ? srcPort : 0;
        int first = HashBuckets.bucket(srcAddr, port, 0);
        int i = buckets[first];
        if (i < 0) return NO_SERVER;
        if (s.eligible(i)) return i;
        if (!fallback) return NO_SERVER;
        for (int k = 0; k < HashBuckets.SIZE; k++) {
            int offset = (k + first) & HashBuckets.MASK;
            i = buckets[HashBuckets.bucket(srcAddr, port, offset)];
            if (s.eligible(i)) return i;
        }
        return NO_SERVER;
    }

    /** The position bucket {@code b} holds; for tests and the admin view. */
    public int bucketOwner(int b) { return buckets[b]; }

    @Override
    public String name() { return "sh"; }
}
