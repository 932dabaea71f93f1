package io.jlvs.slowpath.vrrp;

import io.jlvs.model.Ipv4Text;
import io.jlvs.fastpath.packet.NetBytes;
import io.jlvs.slowpath.TsharkFields;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

import static io.jlvs.slowpath.TsharkFields.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** VRRPv3 adverts: the bytes we write, tshark's reading of them, and what a receiver refuses. */
class VrrpFramesTest {

    /** From src/test/python/make_vrrp_fixture.py, which has its own checksum code. */
    static final String ADVERT = """
        01005e000012 020000000001 0800                     # to 224.0.0.18's MAC, from the port's MAC, IPv4
        45 c0 0024 0007 0000 ff 70 d08e 0a000002 e0000012  # TOS 0xc0, 36 bytes, id 7, TTL 255, proto 112, 10.0.0.2 -> 224.0.0.18
        31 33 64 02 0064 6b08                              # v3 advert, vrid 51, priority 100, 2 addresses, 100 cs, checksum
        0a000064 0a000065                                  # 10.0.0.100, 10.0.0.101
        """;

    static final long MAC = 0x020000000001L;
    static final int SRC = Ipv4Text.parse("10.0.0.2");
    static final VrrpAdvert SAMPLE = new VrrpAdvert(51, 100, 100,
        new int[] {Ipv4Text.parse("10.0.0.100"), Ipv4Text.parse("10.0.0.101")});

    static byte[] write(VrrpAdvert advert, int ipId) {
        byte[] frame = new byte[VrrpFrames.frameLength(advert.addresses().length)];
        int n = VrrpFrames.write(MemorySegment.ofArray(frame), 0, MAC, SRC, ipId, advert);
        assertEquals(frame.length, n);
        return frame;
    }

    static VrrpCheck read(byte[] frame, VrrpFrames.Received out) {
        return VrrpFrames.read(MemorySegment.ofArray(frame), 0, frame.length, out);
    }

    @Test
    void writesTheFixtureBytes() {
        assertEquals(HexFormat.of().formatHex(hex(ADVERT)), HexFormat.of().formatHex(write(SAMPLE, 7)));
    }

    @Test
    void tsharkReadsAVersion3AdvertWithAGoodChecksum(@TempDir Path dir) throws Exception {
        List<byte[]> frames = List.of(write(SAMPLE, 7),
            write(new VrrpAdvert(1, 0, 4095, new int[] {Ipv4Text.parse("192.168.1.1")}), 65535),
            write(new VrrpAdvert(255, 255, 1, new int[0]), 0));
        List<String> lines = TsharkFields.read(dir, frames, List.of(), "ip.ttl", "ip.dst", "ip.checksum.status",
            "vrrp.version", "vrrp.type", "vrrp.virt_rtr_id", "vrrp.prio", "vrrp.addr_count", "vrrp.short_adver_int",
            "vrrp.checksum.status", "vrrp.ip_addr");
        assertEquals(List.of(
            "255|224.0.0.18|1|3|1|51|100|2|100|1|10.0.0.100,10.0.0.101",
            "255|224.0.0.18|1|3|1|1|0|1|4095|1|192.168.1.1",
            "255|224.0.0.18|1|3|1|255|255|0|1|1|"), lines);
    }

    @Test
    void readsBackWhatItWrote() {
        VrrpFrames.Received r = new VrrpFrames.Received();
        assertEquals(VrrpCheck.OK, read(hex(ADVERT), r));
        assertEquals(SAMPLE, r.advert);
        assertEquals(SRC, r.source);
        assertEquals(VrrpFrames.GROUP, r.destination);
    }

    @Test
    void refusesBadAdverts() {
        assertEquals(VrrpCheck.BAD_TTL, read(withIp(hex(ADVERT), 8, 254), new VrrpFrames.Received()));
        byte[] v2 = hex(ADVERT);
        v2[34] = 0x21;
        assertEquals(VrrpCheck.BAD_VERSION, read(v2, new VrrpFrames.Received()));
        byte[] flipped = hex(ADVERT);
        flipped[36] = 101; // priority changed, checksum not
        assertEquals(VrrpCheck.BAD_CHECKSUM, read(flipped, new VrrpFrames.Received()));
        byte[] ipSum = hex(ADVERT);
        ipSum[14 + 11] ^= 1;
        assertEquals(VrrpCheck.BAD_IP_CHECKSUM, read(ipSum, new VrrpFrames.Received()));
        byte[] cut = java.util.Arrays.copyOf(hex(ADVERT), 49);
        assertEquals(VrrpCheck.TRUNCATED, read(cut, new VrrpFrames.Received()));
        // a type-2 packet (not an advert) with a valid checksum
        assertEquals(VrrpCheck.BAD_TYPE, read(rewriteVrrp(hex(ADVERT), 0, 0x32), new VrrpFrames.Received()));
        // three addresses announced, two present, checksum valid
        assertEquals(VrrpCheck.BAD_LENGTH, read(rewriteVrrp(hex(ADVERT), 3, 3), new VrrpFrames.Received()));
        assertEquals(VrrpCheck.BAD_INTERVAL, read(rewriteVrrp(rewriteVrrp(hex(ADVERT), 4, 0), 5, 0),
            new VrrpFrames.Received()));
        byte[] udp = hex(ADVERT);
        udp[14 + 9] = 17;
        assertEquals(VrrpCheck.NOT_VRRP, read(udp, new VrrpFrames.Received()));
    }

    /** 20,000 damaged adverts, cut at every length and with random bytes changed: nothing throws. */
    @Test
    void damagedFramesNeverThrow() {
        byte[] good = hex(ADVERT);
        for (int len = 0; len <= good.length; len++) {
            byte[] f = java.util.Arrays.copyOf(good, len);
            VrrpFrames.read(MemorySegment.ofArray(f), 0, f.length, new VrrpFrames.Received());
        }
        SplittableRandom random = new SplittableRandom(5798);
        List<VrrpCheck> seen = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            byte[] f = good.clone();
            int changes = 1 + random.nextInt(4);
            for (int c = 0; c < changes; c++) f[random.nextInt(f.length)] = (byte) random.nextInt(256);
            int len = random.nextInt(4) == 0 ? random.nextInt(f.length + 1) : f.length;
            VrrpCheck check = VrrpFrames.read(MemorySegment.ofArray(f), 0, len, new VrrpFrames.Received());
            if (!seen.contains(check)) seen.add(check);
        }
        assertEquals(true, seen.contains(VrrpCheck.BAD_CHECKSUM), "random damage is mostly caught by the checksum: " + seen);
    }

    private static byte[] withIp(byte[] frame, int offset, int value) {
        frame[14 + offset] = (byte) value;
        frame[14 + 10] = 0;
        frame[14 + 11] = 0;
        int sum = io.jlvs.fastpath.packet.Checksum.compute(MemorySegment.ofArray(frame), 14, 20);
        frame[14 + 10] = (byte) (sum >> 8);
        frame[14 + 11] = (byte) sum;
        return frame;
    }

    /** Changes a VRRP byte and recomputes the VRRP checksum over the IPv4 payload length. */
    private static byte[] rewriteVrrp(byte[] frame, int offset, int value) {
        MemorySegment s = MemorySegment.ofArray(frame);
        frame[34 + offset] = (byte) value;
        frame[34 + 6] = 0;
        frame[34 + 7] = 0;
        int sum = VrrpFrames.checksum(s, 34, frame.length - 34, SRC, VrrpFrames.GROUP);
        frame[34 + 6] = (byte) (sum >> 8);
        frame[34 + 7] = (byte) sum;
        return frame;
    }

    @Test
    void addressListComparisonIgnoresOrder() {
        assertEquals(true, SAMPLE.sameAddresses(new int[] {SAMPLE.addresses()[1], SAMPLE.addresses()[0]}));
        assertEquals(false, SAMPLE.sameAddresses(new int[] {SAMPLE.addresses()[0]}));
    }
}
