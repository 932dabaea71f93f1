package io.jlvs.slowpath.sync;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Batches records into version 1 sync messages as the kernel's master does (ip_vs_sync_conn): a
 * record goes into the current message when it fits within {@code maxLength} bytes (padding to 4
 * bytes before it included), else the message is complete and a new one starts. Not thread-safe:
 * the slow path's sync sender owns it.
 */
public final class SyncMessageWriter {

    /** Header, padding and the largest record (36 + sequence option 26 + PE data 257 + PE name 18). */
    static final int MIN_LENGTH = SyncFormat.HEADER_LENGTH + 3 + SyncFormat.V4_RECORD_LENGTH + 26
        + 2 + SyncFormat.PE_DATA_MAX + 2 + SyncFormat.PE_NAME_MAX;

    private final int syncId;
    private final int maxLength;
    private final ByteBuffer buffer;
    private int count;

    /** @param maxLength bytes of UDP payload per message ({@link SyncFormat#MASTER_MAX_LENGTH} for a 1500-byte MTU) */
    public SyncMessageWriter(int syncId, int maxLength) {
        if (syncId < 0 || syncId > 255) throw new IllegalArgumentException("syncid must be 0..255, was " + syncId);
        if (maxLength < MIN_LENGTH || maxLength > 65535 - 28) {
            throw new IllegalArgumentException("message length " + maxLength + " cannot hold the largest record");
        }
        this.syncId = syncId;
        this.maxLength = maxLength;
        this.buffer = ByteBuffer.allocate(maxLength);
        reset();
    }

    public int syncId() { return syncId; }

    /** Adds a record; returns the message it completed (the record did not fit there), or null. */
    public byte[] add(SyncConn c) {
        byte[] done = null;
        int pad = (4 - buffer.position()) & 3;
        if (count > 0 && (buffer.position() + pad + c.wireLength() > maxLength || count == 255)) {
            done = flush();
            pad = 0;
        }
        for (int i = 0; i < pad; i++) buffer.put((byte) 0);
        put(c);
        count++;
        return done;
    }

    /** Adds every record and returns the messages they filled, the last (partial) one included. */
    public List<byte[]> all(List<SyncConn> conns) {
        List<byte[]> out = new ArrayList<>();
        for (SyncConn c : conns) {
            byte[] done = add(c);
            if (done != null) out.add(done);
        }
        byte[] last = flush();
        if (last != null) out.add(last);
        return out;
    }

    public boolean isEmpty() { return count == 0; }

    /** The current message (null when it holds no record), and a fresh one begins. */
    public byte[] flush() {
        if (count == 0) return null;
        int size = buffer.position();
        buffer.putShort(SyncFormat.H_SIZE, (short) size);
        buffer.put(SyncFormat.H_COUNT, (byte) count);
        byte[] message = new byte[size];
        buffer.get(0, message);
        reset();
        return message;
    }

    private void reset() {
        buffer.clear();
        buffer.put((byte) 0).put((byte) syncId).putShort((short) SyncFormat.HEADER_LENGTH)
            .put((byte) 0).put((byte) SyncFormat.VERSION).putShort((short) 0);
        count = 0;
    }

    private void put(SyncConn c) {
        int len = c.wireLength();
        buffer.put((byte) 0);
        buffer.put((byte) c.protocol());
        buffer.putShort((short) (len & SyncFormat.SVER_MASK)); // record version 0
        buffer.putInt(c.flags() & ~SyncFlags.HASHED);
        buffer.putShort((short) c.state());
        buffer.putShort((short) c.cport());
        buffer.putShort((short) c.vport());
        buffer.putShort((short) c.dport());
        buffer.putInt(c.fwmark());
        buffer.putInt(c.timeoutSeconds());
        buffer.putInt(c.caddr());
        buffer.putInt(c.vaddr());
        buffer.putInt(c.daddr());
        if (c.inSeq() != null) {
            buffer.put((byte) SyncFormat.OPT_SEQ_DATA).put((byte) SyncFormat.SEQ_OPTION_LENGTH);
            putSeq(c.inSeq());
            putSeq(c.outSeq());
        }
        byte[] pe = c.peData();
        if (pe.length > 0) {
            buffer.put((byte) SyncFormat.OPT_PE_DATA).put((byte) pe.length).put(pe);
            if (!c.peName().isEmpty()) {
                byte[] name = c.peName().getBytes(StandardCharsets.US_ASCII);
                buffer.put((byte) SyncFormat.OPT_PE_NAME).put((byte) name.length).put(name);
            }
        }
    }

    private void putSeq(SyncConn.Seq s) {
        buffer.putInt(s.initSeq()).putInt(s.delta()).putInt(s.previousDelta());
    }
}
