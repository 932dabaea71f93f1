package io.jlvs.fastpath.ftp;

/**
 * One worker core's FTP control connections: IPVS's per-connection {@code in_seq}/{@code out_seq}
 * ({init_seq, delta, previous_delta}, ip_vs_app.c) for when a rewrite changed the payload's length,
 * plus the persistence template the connection holds (its entry's link field names the session
 * instead). Fixed capacity, a free stack, plain arrays: one writer, nothing allocated after construction.
 */
public final class FtpSessions {

    public static final int NONE = -1;
    private static final int IN = 0, OUT = 1;

    private final int[] initSeq;
    private final int[] delta;
    private final int[] previousDelta;
    private final boolean[] tracking;
    private final int[] templateLink;
    private final int[] free;
    private int freeCount;

    public FtpSessions(int capacity) {
        initSeq = new int[capacity * 2];
        delta = new int[capacity * 2];
        previousDelta = new int[capacity * 2];
        tracking = new boolean[capacity * 2];
        templateLink = new int[capacity];
        free = new int[capacity];
        for (int i = 0; i < capacity; i++) free[i] = capacity - 1 - i;
        freeCount = capacity;
    }

    /** A new control connection holding {@code templateLink} (template + 1, 0 none); NONE when all sessions are in use. */
    public int open(int templateLink) {
        if (freeCount == 0) return NONE;
        int s = free[--freeCount];
        this.templateLink[s] = templateLink;
        for (int d = IN; d <= OUT; d++) {
            int i = s * 2 + d;
            initSeq[i] = 0;
            delta[i] = 0;
            previousDelta[i] = 0;
            tracking[i] = false;
        }
        return s;
    }

    /** The control connection ended; returns the template link it held. */
    public int close(int session) {
        free[freeCount++] = session;
        return templateLink[session];
    }

    public int inUse() { return free.length - freeCount; }

    /** The template link the session holds (template + 1, 0 none). */
    public int templateLink(int session) { return templateLink[session]; }

    /** Whether a rewrite changed the length of direction {@code fromServer} (IPVS's IP_VS_CONN_F_OUT_SEQ / IN_SEQ). */
    public boolean tracking(int session, boolean fromServer) { return tracking[session * 2 + (fromServer ? OUT : IN)]; }

    public int initSeq(int session, boolean fromServer) { return initSeq[session * 2 + (fromServer ? OUT : IN)]; }

    public int delta(int session, boolean fromServer) { return delta[session * 2 + (fromServer ? OUT : IN)]; }

    public int previousDelta(int session, boolean fromServer) { return previousDelta[session * 2 + (fromServer ? OUT : IN)]; }

    /** A backup takes over the master's deltas of one direction (IPVS's sync of in_seq/out_seq). */
    public void restore(int session, boolean fromServer, int initSeq, int delta, int previousDelta) {
        int i = session * 2 + (fromServer ? OUT : IN);
        this.initSeq[i] = initSeq;
        this.delta[i] = delta;
        this.previousDelta[i] = previousDelta;
        tracking[i] = true;
    }

    private static boolean after(int a, int b) { return a - b > 0; }

    /** IPVS's vs_fix_seq: the sequence number of a packet in direction {@code fromServer}, as the receiver must see it. */
    public int fixSeq(int session, boolean fromServer, int seq) {
        int i = session * 2 + (fromServer ? OUT : IN);
        if (!tracking[i]) return seq;
        return seq + (after(seq, initSeq[i]) ? delta[i] : previousDelta[i]);
    }

    /**
     * IPVS's vs_fix_ack_seq: the acknowledgement of a packet going against direction
     * {@code ofFromServer}'s rewrites, taken back to the sender's numbering.
     */
    public int fixAck(int session, boolean ofFromServer, int ack) {
        int i = session * 2 + (ofFromServer ? OUT : IN);
        if (!tracking[i]) return ack;
        return ack - (after(ack, initSeq[i] + delta[i]) ? delta[i] : previousDelta[i]);
    }

    /**
     * IPVS's vs_seq_update: a packet of direction {@code fromServer} with (original) sequence number
     * {@code seq} grew by {@code diff} bytes. Later packets shift by the new delta; retransmissions of
     * earlier ones keep the previous.
     */
    public void grew(int session, boolean fromServer, int seq, int diff) {
        int i = session * 2 + (fromServer ? OUT : IN);
        if (!tracking[i] || after(seq, initSeq[i])) {
            previousDelta[i] = delta[i];
            delta[i] += diff;
            initSeq[i] = seq;
            tracking[i] = true;
        }
    }
}
