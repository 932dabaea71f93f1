package io.jlvs.bindings.pcap;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic Ethernet/IPv4/UDP frames of mixed sizes (60 to 1,514 bytes) for tests and the demo:
 * clients 10.0.0.x talk to the VIP 192.0.2.1 port 80 and back, the payload is seeded noise, the
 * IPv4 checksum is right. The same seed gives the same bytes on every machine.
 */
public final class SamplePackets {
    private SamplePackets() {}

    /** The frame sizes cycled through, then jittered: minimum, small, medium, MTU. */
    private static final int[] SIZES = {60, 64, 128, 256, 512, 576, 1000, 1280, 1500, 1514};

    public static List<PcapFile.Packet> generate(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<PcapFile.Packet> packets = new ArrayList<>(count);
        long time = 1_700_000_000_000_000_000L;
        for (int i = 0; i < count; i++) {
            int size = SIZES[i % SIZES.length];
            if (size > 64 && size < 1514) {
                size += random.nextInt(-20, 14);
            }
            packets.add(new PcapFile.Packet(time, frame(i, size, random)));
            time += 1_000L + random.nextInt(100_000);
        }
        return packets;
    }

    private static byte[] frame(int index, int size, SplittableRandom random) {
        boolean reply = (index & 1) == 1;
        int client = 0x0a000000 | (1 + (index / 2) % 250); // 10.0.0.x
        int vip = 0xc0000201; // 192.0.2.1
        int clientPort = 10000 + index / 2;
        ByteBuffer b = ByteBuffer.allocate(size);
        b.put(new byte[] {0x02, 0, 0, 0, 0, (byte) (reply ? 1 : 2)}); // destination MAC
        b.put(new byte[] {0x02, 0, 0, 0, 0, (byte) (reply ? 2 : 1)}); // source MAC
        b.putShort((short) 0x0800);
        int ipLength = size - 14;
        int ip = b.position();
        b.put((byte) 0x45).put((byte) 0).putShort((short) ipLength).putShort((short) index).putShort((short) 0x4000);
        b.put((byte) 64).put((byte) 17).putShort((short) 0);
        b.putInt(reply ? vip : client).putInt(reply ? client : vip);
        b.putShort(ip + 10, checksum(b.array(), ip, 20));
        b.putShort((short) (reply ? 80 : clientPort)).putShort((short) (reply ? clientPort : 80));
        b.putShort((short) (ipLength - 20)).putShort((short) 0); // UDP length; checksum 0 (none)
        while (b.hasRemaining()) {
            b.put((byte) random.nextInt(256));
        }
        return b.array();
    }

    /** The Internet checksum (RFC 1071) of bytes [offset, offset + length). */
    static short checksum(byte[] data, int offset, int length) {
        int sum = 0;
        for (int i = 0; i < length; i += 2) {
            sum += ((data[offset + i] & 0xff) << 8) | (i + 1 < length ? data[offset + i + 1] & 0xff : 0);
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (short) ~sum;
    }
}
