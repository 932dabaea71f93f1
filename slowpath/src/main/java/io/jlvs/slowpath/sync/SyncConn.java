package io.jlvs.slowpath.sync;

import io.jlvs.model.Ipv4Text;
import io.jlvs.fastpath.packet.NetBytes;

import java.util.Arrays;

/**
 * One connection (or persistence template) as IPVS's sync protocol version 1 carries it
 * (ip_vs_sync.c, {@code struct ip_vs_sync_v4} and its options).
 *
 * @param flags          IP_VS_CONN_F_* bits ({@link SyncFlags}); HASHED is never sent
 * @param state          IPVS's protocol state (IP_VS_TCP_S_*, 0 for UDP and templates)
 * @param timeoutSeconds the connection's current timeout on the master (cp->timeout / HZ)
 * @param inSeq          IPVS_OPT_SEQ_DATA's in_seq, or null (sent when IN_SEQ or OUT_SEQ is set)
 * @param peData         persistence engine data (IPVS_OPT_PE_DATA), empty when none
 * @param peName         persistence engine name (IPVS_OPT_PE_NAME), empty when none
 */
public record SyncConn(int protocol, int flags, int state, int cport, int vport, int dport, int fwmark,
                       int timeoutSeconds, int caddr, int vaddr, int daddr,
                       Seq inSeq, Seq outSeq, byte[] peData, String peName) {

    /** struct ip_vs_seq: init_seq, delta, previous_delta (sent in network order). */
    public record Seq(int initSeq, int delta, int previousDelta) {}

    public SyncConn {
        peData = peData == null ? new byte[0] : peData.clone();
        peName = peName == null ? "" : peName;
        if ((inSeq == null) != (outSeq == null)) throw new IllegalArgumentException("in and out sequence data go together");
        if (peData.length > SyncFormat.PE_DATA_MAX) throw new IllegalArgumentException("pe data longer than " + SyncFormat.PE_DATA_MAX);
        if (peName.length() > SyncFormat.PE_NAME_MAX) throw new IllegalArgumentException("pe name longer than " + SyncFormat.PE_NAME_MAX);
        if (!peName.isEmpty() && peData.length == 0) throw new IllegalArgumentException("a pe name needs pe data");
    }

    /** A connection without options. */
    public SyncConn(int protocol, int flags, int state, int cport, int vport, int dport, int fwmark,
                    int timeoutSeconds, int caddr, int vaddr, int daddr) {
        this(protocol, flags, state, cport, vport, dport, fwmark, timeoutSeconds, caddr, vaddr, daddr, null, null, null, null);
    }

    @Override
    public byte[] peData() { return peData.clone(); }

    public boolean isTemplate() { return (flags & SyncFlags.TEMPLATE) != 0; }

    /** Bytes of the record on the wire, options included, padding to 4 bytes not. */
    public int wireLength() {
        int len = SyncFormat.V4_RECORD_LENGTH;
        if (inSeq != null) len += 2 + SyncFormat.SEQ_OPTION_LENGTH;
        if (peData.length > 0) len += 2 + peData.length;
        if (!peName.isEmpty()) len += 2 + peName.length();
        return len;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SyncConn c && protocol == c.protocol && flags == c.flags && state == c.state
            && cport == c.cport && vport == c.vport && dport == c.dport && fwmark == c.fwmark
            && timeoutSeconds == c.timeoutSeconds && caddr == c.caddr && vaddr == c.vaddr && daddr == c.daddr
            && java.util.Objects.equals(inSeq, c.inSeq) && java.util.Objects.equals(outSeq, c.outSeq)
            && Arrays.equals(peData, c.peData) && peName.equals(c.peName);
    }

    @Override
    public int hashCode() { return java.util.Objects.hash(protocol, flags, state, cport, vport, dport, caddr, vaddr, daddr); }

    @Override
    public String toString() {
        return (protocol == 6 ? "TCP" : protocol == 17 ? "UDP" : "proto " + protocol) + " "
            + Ipv4Text.format(caddr) + ":" + cport + " -> " + Ipv4Text.format(vaddr) + ":" + vport
            + " -> " + Ipv4Text.format(daddr) + ":" + dport + " flags 0x" + Integer.toHexString(flags)
            + " state " + state + " timeout " + timeoutSeconds + (inSeq != null ? " seq " + inSeq + "/" + outSeq : "")
            + (peData.length > 0 ? " pe " + peName + " " + peData.length + " bytes" : "");
    }
}
