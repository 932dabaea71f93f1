package io.jlvs.slowpath.sync;

import io.jlvs.slowpath.sync.SyncCounters.Counter;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Reads a received sync message the way the kernel's backup does (ip_vs_process_message and
 * ip_vs_proc_sync_conn): the datagram must be exactly the header's size; another syncid is ignored
 * (unless ours is 0); a version 0 message is not supported here; each record is checked, and a
 * record whose layout is broken drops the rest of the message (the kernel's negative error codes),
 * while a well-formed record this director cannot use (IPv6, an unknown mandatory option, another
 * protocol, an invalid state, persistence engine data) is skipped alone. Never throws on any input.
 */
public final class SyncMessageReader {

    private SyncMessageReader() {}

    /**
     * @param ourSyncId the backup's syncid; 0 takes every master's messages (as the kernel does)
     * @param sink      receives each usable record, flags already masked to what a backup keeps
     */
    public static void read(byte[] data, int length, int ourSyncId, Consumer<SyncConn> sink, SyncCounters counters) {
        counters.increment(Counter.MESSAGES_RECEIVED);
        if (length < 4 || length > data.length) {
            counters.increment(Counter.HEADER_TOO_SHORT);
            return;
        }
        ByteBuffer b = ByteBuffer.wrap(data, 0, length);
        if ((b.getShort(SyncFormat.H_SIZE) & 0xFFFF) != length) {
            counters.increment(Counter.BAD_SIZE);
            return;
        }
        int syncId = b.get(SyncFormat.H_SYNCID) & 0xFF;
        if (ourSyncId != 0 && syncId != ourSyncId) {
            counters.increment(Counter.OTHER_SYNCID);
            return;
        }
        if (length < SyncFormat.HEADER_LENGTH || b.get(SyncFormat.H_VERSION) != SyncFormat.VERSION
                || b.get(SyncFormat.H_RESERVED) != 0 || b.getShort(SyncFormat.H_SPARE) != 0) {
            counters.increment(Counter.VERSION_0);
            return;
        }
        int records = b.get(SyncFormat.H_COUNT) & 0xFF;
        int next = SyncFormat.HEADER_LENGTH;
        for (int i = 0; i < records; i++) {
            int p = next;
            if (p + SyncFormat.V4_RECORD_LENGTH > length) {
                counters.increment(Counter.MESSAGE_TRUNCATED);
                return;
            }
            int verSize = b.getShort(p + SyncFormat.R_VER_SIZE) & 0xFFFF;
            int size = verSize & SyncFormat.SVER_MASK;
            int end = p + size;
            if (end > length) {
                counters.increment(Counter.MESSAGE_TRUNCATED);
                return;
            }
            if (verSize >>> SyncFormat.SVER_SHIFT != 0) {
                counters.increment(Counter.BAD_RECORD_VERSION);
                return;
            }
            if (!record(b, p, end, sink, counters)) return;
            next = p + ((size + 3) & ~3);
        }
    }

    /** One record; false when the rest of the message must be dropped. */
    private static boolean record(ByteBuffer b, int p, int end, Consumer<SyncConn> sink, SyncCounters counters) {
        int type = b.get(p + SyncFormat.R_TYPE) & 0xFF;
        if ((type & SyncFormat.TYPE_INET6) != 0) {
            counters.increment(Counter.RECORD_IPV6); // the v6 layout is longer: its size field already told us where it ends
            return true;
        }
        if (type != 0 || p + SyncFormat.V4_RECORD_LENGTH > end) {
            counters.increment(Counter.BAD_OPTION);
            return false;
        }
        SyncConn.Seq in = null, out = null;
        byte[] peData = null;
        boolean peName = false;
        boolean skip = false;
        int o = p + SyncFormat.V4_RECORD_LENGTH;
        while (o < end) {
            if (o + 2 > end) {
                counters.increment(Counter.BAD_OPTION);
                return false;
            }
            int optType = b.get(o) & 0xFF;
            int optLength = b.get(o + 1) & 0xFF;
            o += 2;
            if (optLength == 0 || o + optLength > end) {
                counters.increment(Counter.BAD_OPTION);
                return false;
            }
            switch (optType & ~SyncFormat.OPT_F_PARAM) {
                case SyncFormat.OPT_SEQ_DATA -> {
                    if (optLength != SyncFormat.SEQ_OPTION_LENGTH || in != null) {
                        counters.increment(Counter.BAD_OPTION);
                        return false;
                    }
                    in = new SyncConn.Seq(b.getInt(o), b.getInt(o + 4), b.getInt(o + 8));
                    out = new SyncConn.Seq(b.getInt(o + 12), b.getInt(o + 16), b.getInt(o + 20));
                }
                case SyncFormat.OPT_PE_DATA -> {
                    if (peData != null) {
                        counters.increment(Counter.BAD_OPTION);
                        return false;
                    }
                    peData = new byte[optLength];
                    b.get(o, peData);
                }
                case SyncFormat.OPT_PE_NAME -> {
                    if (optLength > SyncFormat.PE_NAME_MAX || peName) {
                        counters.increment(Counter.BAD_OPTION);
                        return false;
                    }
                    peName = true; // only meaningful with PE data, which is skipped below
                }
                default -> {
                    if ((optType & SyncFormat.OPT_F_PARAM) == 0) skip = true;
                }
            }
            o += optLength;
        }
        if (skip) {
            counters.increment(Counter.UNKNOWN_MANDATORY_OPTION);
            return true;
        }
        int flags = (b.getInt(p + SyncFormat.R_FLAGS) & SyncFlags.BACKUP_MASK) | SyncFlags.SYNC;
        int state = b.getShort(p + SyncFormat.R_STATE) & 0xFFFF;
        int protocol = b.get(p + SyncFormat.R_PROTOCOL) & 0xFF;
        if ((flags & SyncFlags.TEMPLATE) == 0) {
            int states = protocol == 6 ? SyncFormat.TCP_STATES : protocol == 17 ? SyncFormat.UDP_STATES : 0;
            if (states == 0) {
                counters.increment(Counter.UNSUPPORTED_PROTOCOL);
                return true;
            }
            if (state >= states) {
                counters.increment(Counter.BAD_STATE);
                return true;
            }
        } else {
            state = 0; // a template's protocol state means nothing (the kernel resets it too)
        }
        if (peData != null) {
            // Persistence engines (IPVS's SIP) are not implemented here: the kernel without the named
            // engine skips such a record as well.
            counters.increment(Counter.BAD_PERSISTENCE_ENGINE);
            return true;
        }
        sink.accept(new SyncConn(protocol, flags, state, b.getShort(p + SyncFormat.R_CPORT) & 0xFFFF,
            b.getShort(p + SyncFormat.R_VPORT) & 0xFFFF, b.getShort(p + SyncFormat.R_DPORT) & 0xFFFF,
            b.getInt(p + SyncFormat.R_FWMARK), b.getInt(p + SyncFormat.R_TIMEOUT), b.getInt(p + SyncFormat.R_CADDR),
            b.getInt(p + SyncFormat.R_VADDR), b.getInt(p + SyncFormat.R_DADDR), in, out, null, null));
        return true;
    }
}
