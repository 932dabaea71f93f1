package io.jlvs.fastpath.conn;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A bounded single-producer single-consumer ring of connection records for the sync daemon, in
 * off-heap fixed-size slots: a worker exports new connections and state changes of its table to
 * the slow path through one, and the slow path hands a backup's received connections to the owning
 * worker through another. Writing copies a few fields into the next slot and publishes it with one
 * release store; a full ring refuses the record (the caller counts it) and nothing blocks or
 * allocates. Cold compared with the packet rings: at most one record per connection state change.
 *
 * <pre>
 * slot ({@value #SLOT_BYTES} bytes)
 *  0  4  client address       4  4  virtual address     8  4  destination address
 * 12  4  client port << 16 | virtual port                16 2  destination port
 * 18  1  protocol            19  1  state (TcpState; 0 for UDP)
 * 20  1  forwarding method (ForwardMethod)               21 1  flags: FLAG_INACTIVE, FLAG_NO_OUTPUT,
 *                                                          FLAG_TEMPLATE, FLAG_IN_SEQ, FLAG_OUT_SEQ
 * 24  4  timeout in seconds  28  4  reserved
 * 32 12  in_seq: init_seq, delta, previous_delta (FTP through NAT; valid with FLAG_IN_SEQ or FLAG_OUT_SEQ)
 * 44 12  out_seq: the same for the server's direction
 * 56  8  reserved
 * </pre>
 * A persistence template (FLAG_TEMPLATE) has client port 0, the template's port as virtual port and
 * the client's address under the service's netmask, as IPVS sends its templates.
 */
public final class SyncRecordRing implements AutoCloseable {

    public static final int SLOT_BYTES = 64;
    public static final int FLAG_INACTIVE = 0x01;
    public static final int FLAG_NO_OUTPUT = 0x02;
    /** A persistence template (IP_VS_CONN_F_TEMPLATE), not a connection. */
    public static final int FLAG_TEMPLATE = 0x04;
    /** The sequence fields hold the client direction's delta (IP_VS_CONN_F_IN_SEQ). */
    public static final int FLAG_IN_SEQ = 0x08;
    /** The sequence fields hold the server direction's delta (IP_VS_CONN_F_OUT_SEQ). */
    public static final int FLAG_OUT_SEQ = 0x10;
    /** {@link #seq} field indexes: direction 0 = in, 1 = out. */
    public static final int SEQ_INIT = 0, SEQ_DELTA = 1, SEQ_PREVIOUS_DELTA = 2;

    static final long CADDR = 0, VADDR = 4, DADDR = 8, PORTS = 12, DPORT = 16, PROTOCOL = 18, STATE = 19,
        FORWARD = 20, FLAGS = 21, TIMEOUT = 24, SEQ = 32;

    private static final VarHandle HEAD, TAIL, REFUSED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            HEAD = l.findVarHandle(SyncRecordRing.class, "head", long.class);
            TAIL = l.findVarHandle(SyncRecordRing.class, "tail", long.class);
            REFUSED = l.findVarHandle(SyncRecordRing.class, "refused", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Arena arena = Arena.ofShared();
    private final MemorySegment slots;
    private final int mask;
    /** Next slot the producer writes (written by the producer only). */
    @SuppressWarnings("unused") private volatile long tail;
    /** Next slot the consumer reads (written by the consumer only). */
    @SuppressWarnings("unused") private volatile long head;
    private long cachedHead;
    /** Records refused because the ring was full (written by the producer only). */
    @SuppressWarnings("unused") private long refused;
    private volatile SyncPacing pacing = SyncPacing.DEFAULT;

    /** @param capacity records, a power of two >= 2 */
    public SyncRecordRing(int capacity) {
        if (capacity < 2 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two >= 2, was " + capacity);
        }
        this.mask = capacity - 1;
        this.slots = arena.allocate((long) capacity * SLOT_BYTES, 64);
    }

    public int capacity() { return mask + 1; }

    /** Producer: copies one record in; false when the ring is full. */
    public boolean offer(int proto, int clientAddr, int clientPort, int virtAddr, int virtPort, int destAddr,
                         int destPort, int state, int forwardMethod, int flags, int timeoutSeconds) {
        long s = claim();
        if (s < 0) return false;
        put(s, proto, clientAddr, clientPort, virtAddr, virtPort, destAddr, destPort, state, forwardMethod, flags, timeoutSeconds);
        publish();
        return true;
    }

    /**
     * Producer: the byte offset of the next free slot, or -1 when the ring is full. Fill it with
     * {@link #put} (and {@link #putSeq}), then {@link #publish} it; nothing is visible before that.
     */
    public long claim() {
        long t = (long) TAIL.getOpaque(this);
        if (t - cachedHead > mask) {
            cachedHead = (long) HEAD.getAcquire(this);
            if (t - cachedHead > mask) {
                REFUSED.setOpaque(this, refused + 1);
                return -1;
            }
        }
        return (t & mask) * SLOT_BYTES;
    }

    /** Producer: makes the claimed slot the consumer's (one release store). */
    public void publish() { TAIL.setRelease(this, (long) TAIL.getOpaque(this) + 1); }

    /** Producer: writes a claimed slot's record (sequence fields cleared). */
    public void put(long s, int proto, int clientAddr, int clientPort, int virtAddr, int virtPort, int destAddr,
                    int destPort, int state, int forwardMethod, int flags, int timeoutSeconds) {
        MemorySegment m = slots;
        m.set(ValueLayout.JAVA_INT, s + CADDR, clientAddr);
        m.set(ValueLayout.JAVA_INT, s + VADDR, virtAddr);
        m.set(ValueLayout.JAVA_INT, s + DADDR, destAddr);
        m.set(ValueLayout.JAVA_INT, s + PORTS, clientPort << 16 | virtPort & 0xFFFF);
        m.set(ValueLayout.JAVA_SHORT, s + DPORT, (short) destPort);
        m.set(ValueLayout.JAVA_BYTE, s + PROTOCOL, (byte) proto);
        m.set(ValueLayout.JAVA_BYTE, s + STATE, (byte) state);
        m.set(ValueLayout.JAVA_BYTE, s + FORWARD, (byte) forwardMethod);
        m.set(ValueLayout.JAVA_BYTE, s + FLAGS, (byte) flags);
        m.set(ValueLayout.JAVA_INT, s + TIMEOUT, timeoutSeconds);
        for (int i = 0; i < 6; i++) m.set(ValueLayout.JAVA_INT, s + SEQ + 4L * i, 0);
    }

    /** Producer: one direction's sequence data of a claimed slot (0 = in, the client's; 1 = out, the server's). */
    public void putSeq(long s, int direction, int initSeq, int delta, int previousDelta) {
        long o = s + SEQ + direction * 12L;
        slots.set(ValueLayout.JAVA_INT, o, initSeq);
        slots.set(ValueLayout.JAVA_INT, o + 4, delta);
        slots.set(ValueLayout.JAVA_INT, o + 8, previousDelta);
    }

    /** Producer: adds flags to a claimed slot's record. */
    public void addFlags(long s, int flags) {
        slots.set(ValueLayout.JAVA_BYTE, s + FLAGS, (byte) (slots.get(ValueLayout.JAVA_BYTE, s + FLAGS) | flags));
    }

    /**
     * Consumer: the byte offset of the oldest record's slot (read it with the accessors, then
     * {@link #release}), or -1 when the ring is empty.
     */
    public long peek() {
        long h = (long) HEAD.getOpaque(this);
        if (h == (long) TAIL.getAcquire(this)) return -1;
        return (h & mask) * SLOT_BYTES;
    }

    /** Consumer: frees the slot {@link #peek} returned. */
    public void release() { HEAD.setRelease(this, (long) HEAD.getOpaque(this) + 1); }

    public int clientAddr(long slot) { return slots.get(ValueLayout.JAVA_INT, slot + CADDR); }
    public int virtAddr(long slot) { return slots.get(ValueLayout.JAVA_INT, slot + VADDR); }
    public int destAddr(long slot) { return slots.get(ValueLayout.JAVA_INT, slot + DADDR); }
    public int clientPort(long slot) { return slots.get(ValueLayout.JAVA_INT, slot + PORTS) >>> 16; }
    public int virtPort(long slot) { return slots.get(ValueLayout.JAVA_INT, slot + PORTS) & 0xFFFF; }
    public int destPort(long slot) { return slots.get(ValueLayout.JAVA_SHORT, slot + DPORT) & 0xFFFF; }
    public int protocol(long slot) { return slots.get(ValueLayout.JAVA_BYTE, slot + PROTOCOL) & 0xFF; }
    public int state(long slot) { return slots.get(ValueLayout.JAVA_BYTE, slot + STATE) & 0xFF; }
    public int forwardMethod(long slot) { return slots.get(ValueLayout.JAVA_BYTE, slot + FORWARD); }
    public int flags(long slot) { return slots.get(ValueLayout.JAVA_BYTE, slot + FLAGS); }
    public int timeoutSeconds(long slot) { return slots.get(ValueLayout.JAVA_INT, slot + TIMEOUT); }
    /** Sequence field {@code field} ({@link #SEQ_INIT}, ...) of direction 0 (in) or 1 (out). */
    public int seq(long slot, int direction, int field) {
        return slots.get(ValueLayout.JAVA_INT, slot + SEQ + direction * 12L + field * 4L);
    }

    /**
     * IPVS's re-sync knobs for the workers writing into this ring (the slow path sets them; a worker
     * reads them on each client packet of a synced connection).
     */
    public SyncPacing pacing() { return pacing; }

    public void setPacing(SyncPacing pacing) { this.pacing = java.util.Objects.requireNonNull(pacing); }

    /** Records the producer could not put in because the ring was full; any thread. */
    public long refused() { return (long) REFUSED.getOpaque(this); }

    /** Records waiting at some moment during the call. */
    public int size() { return (int) ((long) TAIL.getAcquire(this) - (long) HEAD.getAcquire(this)); }

    @Override
    public void close() { arena.close(); }
}
