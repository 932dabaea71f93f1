package io.jlvs.slowpath.sync;

import io.jlvs.model.ForwardMethod;
import io.jlvs.fastpath.conn.SyncRecordRing;
import io.jlvs.fastpath.worker.FlowOwnership;
import io.jlvs.slowpath.sync.SyncCounters.Counter;

import java.util.List;
import java.util.Objects;

/**
 * The connection sync daemon of one director ({@code ipvsadm --start-daemon master|backup}), on
 * the slow path's thread. A master drains its workers' export rings, batches the records into
 * version 1 messages (a message goes when it is full, or {@link #FLUSH_MS} after its first record,
 * as the kernel's IPVS_SYNC_FLUSH_TIME) and hands them to its {@link Sender}. A backup reads
 * received messages and puts each connection on the import ring of the worker that owns its flow
 * (the same client-endpoint hash the workers use), which inserts it into its own table. Rings full
 * on either side cost a counted record, never a blocked worker.
 */
public final class SyncDaemon {

    public enum Mode { MASTER, BACKUP }

    /** Sends one message (the caller frames it for its port: multicast 224.0.0.81:8848 or unicast). */
    @FunctionalInterface
    public interface Sender {
        boolean send(byte[] message);
    }

    /** The kernel keeps a partly filled message at most 2 s (IPVS_SYNC_FLUSH_TIME). */
    public static final long FLUSH_MS = 2_000;
    private static final int DRAIN_BUDGET = 1024;

    private final Mode mode;
    private final int syncId;
    private final List<SyncRecordRing> rings;
    private final Sender sender;
    private final SyncCounters counters;
    private final SyncMessageWriter writer;
    private long firstRecordAt = Long.MIN_VALUE;

    /**
     * @param rings the workers' export rings (master) or import rings (backup), by worker index
     */
    public SyncDaemon(Mode mode, int syncId, int maxLength, List<SyncRecordRing> rings, Sender sender, SyncCounters counters) {
        this.mode = Objects.requireNonNull(mode);
        this.syncId = syncId;
        this.rings = List.copyOf(rings);
        this.sender = mode == Mode.MASTER ? Objects.requireNonNull(sender) : sender;
        this.counters = Objects.requireNonNull(counters);
        this.writer = new SyncMessageWriter(syncId, maxLength);
    }

    public Mode mode() { return mode; }

    public int syncId() { return syncId; }

    public SyncCounters counters() { return counters; }

    /** Master: drains the export rings and sends what is due. Returns the work done. */
    public int doWork(long now) {
        if (mode != Mode.MASTER) return 0;
        int work = 0;
        for (SyncRecordRing ring : rings) {
            for (long s; work < DRAIN_BUDGET && (s = ring.peek()) >= 0; work++) {
                SyncConn c = fromRing(ring, s);
                ring.release();
                if (writer.isEmpty()) firstRecordAt = now;
                byte[] full = writer.add(c);
                if (full != null) {
                    send(full);
                    firstRecordAt = now;
                }
            }
        }
        if (!writer.isEmpty() && now - firstRecordAt >= FLUSH_MS) {
            send(writer.flush());
            work++;
        }
        return work;
    }

    /** Master: sends the partly filled message now (the daemon stops, or a test wants it). */
    public void flush() {
        byte[] m = writer.flush();
        if (m != null) send(m);
    }

    /** Backup: one received datagram's payload. */
    public void receive(byte[] message, int length) {
        if (mode != Mode.BACKUP) return;
        SyncMessageReader.read(message, length, syncId, this::importConn, counters);
    }

    private void importConn(SyncConn c) {
        int owner = FlowOwnership.ownerOf(c.caddr(), c.cport(), rings.size());
        int forward = switch (c.flags() & SyncFlags.FWD_MASK) {
            case SyncFlags.MASQ -> ForwardMethod.NAT_CODE;
            case SyncFlags.DROUTE -> ForwardMethod.DR_CODE;
            case SyncFlags.TUNNEL -> ForwardMethod.TUN_CODE;
            default -> -1;
        };
        if (forward < 0) {
            counters.increment(Counter.NO_SERVICE);
            return;
        }
        // A template goes to the shared template table through the worker owning (client network, port 0).
        int flags = ((c.flags() & SyncFlags.INACTIVE) != 0 ? SyncRecordRing.FLAG_INACTIVE : 0)
            | ((c.flags() & SyncFlags.NOOUTPUT) != 0 ? SyncRecordRing.FLAG_NO_OUTPUT : 0)
            | (c.isTemplate() ? SyncRecordRing.FLAG_TEMPLATE : 0);
        if (c.inSeq() != null) {
            flags |= ((c.flags() & SyncFlags.IN_SEQ) != 0 ? SyncRecordRing.FLAG_IN_SEQ : 0)
                | ((c.flags() & SyncFlags.OUT_SEQ) != 0 ? SyncRecordRing.FLAG_OUT_SEQ : 0);
        }
        int timeout = (int) Math.min(Integer.toUnsignedLong(c.timeoutSeconds()), io.jlvs.fastpath.conn.ConnectionTimeouts.MAX_SECONDS);
        SyncRecordRing ring = rings.get(owner);
        long slot = ring.claim();
        if (slot < 0) {
            counters.increment(Counter.IMPORT_RING_FULL);
            return;
        }
        ring.put(slot, c.protocol(), c.caddr(), c.cport(), c.vaddr(), c.vport(), c.daddr(), c.dport(), c.state(), forward,
            flags, timeout);
        if (c.inSeq() != null) {
            ring.putSeq(slot, 0, c.inSeq().initSeq(), c.inSeq().delta(), c.inSeq().previousDelta());
            ring.putSeq(slot, 1, c.outSeq().initSeq(), c.outSeq().delta(), c.outSeq().previousDelta());
        }
        ring.publish();
        counters.increment(c.isTemplate() ? Counter.TEMPLATES_APPLIED : Counter.RECORDS_APPLIED);
    }

    /** A worker's record as IPVS would send its ip_vs_conn (a template with IP_VS_CONN_F_TEMPLATE). */
    static SyncConn fromRing(SyncRecordRing r, long s) {
        int flags = switch (r.forwardMethod(s)) {
            case ForwardMethod.DR_CODE -> SyncFlags.DROUTE;
            case ForwardMethod.TUN_CODE -> SyncFlags.TUNNEL;
            default -> SyncFlags.MASQ;
        };
        int ringFlags = r.flags(s);
        if ((ringFlags & SyncRecordRing.FLAG_INACTIVE) != 0) flags |= SyncFlags.INACTIVE;
        if ((ringFlags & SyncRecordRing.FLAG_NO_OUTPUT) != 0) flags |= SyncFlags.NOOUTPUT;
        if ((ringFlags & SyncRecordRing.FLAG_TEMPLATE) != 0) flags |= SyncFlags.TEMPLATE;
        SyncConn.Seq in = null, out = null;
        if ((ringFlags & (SyncRecordRing.FLAG_IN_SEQ | SyncRecordRing.FLAG_OUT_SEQ)) != 0) {
            // As ip_vs_sync_conn: IPVS_OPT_SEQ_DATA goes whenever either direction was adjusted, with both.
            if ((ringFlags & SyncRecordRing.FLAG_IN_SEQ) != 0) flags |= SyncFlags.IN_SEQ;
            if ((ringFlags & SyncRecordRing.FLAG_OUT_SEQ) != 0) flags |= SyncFlags.OUT_SEQ;
            in = seq(r, s, 0);
            out = seq(r, s, 1);
        }
        return new SyncConn(r.protocol(s), flags, r.state(s), r.clientPort(s), r.virtPort(s), r.destPort(s), 0,
            r.timeoutSeconds(s), r.clientAddr(s), r.virtAddr(s), r.destAddr(s), in, out, null, null);
    }

    private static SyncConn.Seq seq(SyncRecordRing r, long s, int direction) {
        return new SyncConn.Seq(r.seq(s, direction, SyncRecordRing.SEQ_INIT), r.seq(s, direction, SyncRecordRing.SEQ_DELTA),
            r.seq(s, direction, SyncRecordRing.SEQ_PREVIOUS_DELTA));
    }

    private void send(byte[] message) {
        int records = message[SyncFormat.H_COUNT] & 0xFF;
        if (sender.send(message)) {
            counters.increment(Counter.MESSAGES_SENT);
            counters.add(Counter.RECORDS_SENT, records);
        } else {
            counters.increment(Counter.SEND_FAILED);
        }
    }
}
