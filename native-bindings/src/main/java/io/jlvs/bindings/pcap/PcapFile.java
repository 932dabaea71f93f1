package io.jlvs.bindings.pcap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Classic libpcap capture files (not pcapng): a writer for test and demo captures and a reader for
 * what DPDK's net_pcap driver writes (microsecond or nanosecond timestamps, either byte order).
 * Ethernet link type only.
 */
public final class PcapFile {
    private PcapFile() {}

    /** One packet record: capture time in nanoseconds and the bytes as captured. */
    public record Packet(long timestampNanos, byte[] data) {}

    private static final int MAGIC_MICROS = 0xa1b2c3d4;
    private static final int MAGIC_NANOS = 0xa1b23c4d;
    private static final int LINKTYPE_ETHERNET = 1;
    private static final int SNAPLEN = 65535;

    /** Writes {@code packets} with microsecond timestamps, in native (little-endian) order. */
    public static void write(Path file, List<Packet> packets) throws IOException {
        int size = 24;
        for (Packet p : packets) {
            size += 16 + p.data().length;
        }
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC_MICROS).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(SNAPLEN).putInt(LINKTYPE_ETHERNET);
        for (Packet p : packets) {
            long micros = p.timestampNanos() / 1000;
            b.putInt((int) (micros / 1_000_000)).putInt((int) (micros % 1_000_000));
            b.putInt(p.data().length).putInt(p.data().length).put(p.data());
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.write(file, b.array());
    }

    /** Reads every record of a classic pcap file. */
    public static List<Packet> read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < 24) {
            throw new IOException(file + ": not a pcap file (" + b.remaining() + " bytes)");
        }
        int magic = b.getInt(0);
        if (magic != MAGIC_MICROS && magic != MAGIC_NANOS) {
            b.order(ByteOrder.BIG_ENDIAN);
            magic = b.getInt(0);
            if (magic != MAGIC_MICROS && magic != MAGIC_NANOS) {
                throw new IOException(file + ": not a classic pcap file (magic " + Integer.toHexString(b.getInt(0)) + ")");
            }
        }
        long fractionToNanos = magic == MAGIC_NANOS ? 1 : 1000;
        b.position(24);
        List<Packet> packets = new ArrayList<>();
        while (b.remaining() >= 16) {
            long sec = Integer.toUnsignedLong(b.getInt());
            long frac = Integer.toUnsignedLong(b.getInt());
            int incl = b.getInt();
            b.getInt(); // orig_len
            if (incl < 0 || incl > b.remaining()) {
                throw new IOException(file + ": truncated record " + packets.size());
            }
            byte[] data = new byte[incl];
            b.get(data);
            packets.add(new Packet(sec * 1_000_000_000L + frac * fractionToNanos, data));
        }
        return packets;
    }
}
