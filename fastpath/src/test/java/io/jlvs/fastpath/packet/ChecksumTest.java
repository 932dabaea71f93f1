package io.jlvs.fastpath.packet;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChecksumTest {

    private static MemorySegment bytes(String hex) {
        return MemorySegment.ofArray(HexFormat.of().parseHex(hex.replace(" ", "")));
    }

    @Test
    void rfc1071WorkedExample() {
        // RFC 1071 section 3: the words 0001 f203 f4f5 f6f7 sum to ddf2 (with carries folded); checksum 220d.
        MemorySegment s = bytes("00 01 f2 03 f4 f5 f6 f7");
        assertEquals(0xddf2, Checksum.fold(Checksum.sum(s, 0, 8, 0)));
        assertEquals(0x220d, Checksum.compute(s, 0, 8));
    }

    @Test
    void oddLengthPadsTheLastByteWithZero() {
        assertEquals(0xffff - 0xab00, Checksum.compute(bytes("ab"), 0, 1));
    }

    @Test
    void ipv4HeaderFromWikipediaExample() {
        // The classic example header: checksum b861 (en.wikipedia.org/wiki/Internet_checksum).
        MemorySegment header = bytes("4500 0073 0000 4000 4011 0000 c0a8 0001 c0a8 00c7");
        assertEquals(0xb861, Checksum.compute(header, 0, 20));
        Ipv4.setChecksum(header, 0, 0xb861);
        assertTrue(Checksum.verify(header, 0, 20));
        Ipv4.setChecksum(header, 0, 0xb862);
        assertFalse(Checksum.verify(header, 0, 20));
    }

    @Test
    void rfc1624Example() {
        // RFC 1624 section 4: HC = 0xdd2f, m = 0x5555 -> m' = 0x3285 gives HC' = 0x0000.
        assertEquals(0x0000, Checksum.update16(0xdd2f, 0x5555, 0x3285));
    }

    @Test
    void incrementalUpdateEqualsRecomputationForRandomHeaders() {
        Random random = new Random(42);
        for (int i = 0; i < 10_000; i++) {
            byte[] data = new byte[20];
            random.nextBytes(data);
            MemorySegment s = MemorySegment.ofArray(data);
            Ipv4.setChecksum(s, 0, 0);
            int before = Checksum.compute(s, 0, 20);
            int oldAddr = Ipv4.dstAddr(s, 0);
            int newAddr = random.nextInt();
            Ipv4.setDstAddr(s, 0, newAddr);
            int oldWord = NetBytes.u16(s, Ipv4.TTL_OFFSET);
            int newWord = random.nextInt(0x10000);
            NetBytes.setU16(s, Ipv4.TTL_OFFSET, newWord);
            int incremental = Checksum.update16(Checksum.update32(before, oldAddr, newAddr), oldWord, newWord);
            Ipv4.setChecksum(s, 0, incremental);
            assertTrue(Checksum.verify(s, 0, 20), "header " + HexFormat.of().formatHex(data));
        }
    }

    @Test
    void addressAndPortInOneFoldEqualsTwoUpdates() {
        Random random = new Random(1624);
        for (int i = 0; i < 10_000; i++) {
            int check = random.nextInt(0x10000), oldAddr = random.nextInt(), newAddr = random.nextInt();
            int oldPort = random.nextInt(0x10000), newPort = random.nextInt(0x10000);
            int twoSteps = Checksum.update16(Checksum.update32(check, oldAddr, newAddr), oldPort, newPort);
            int oneFold = Checksum.updateAddressAndPort(check, oldAddr, newAddr, oldPort, newPort);
            // 0x0000 and 0xffff are the same number in ones' complement.
            assertEquals(twoSteps % 0xffff, oneFold % 0xffff);
        }
    }

    @Test
    void udpChecksumZeroMeansNoneAndStaysZero() {
        assertEquals(0, Checksum.updateUdpAddressAndPort(0, 0x0a000064, 0xc0a8010b, 80, 8080));
    }

    @Test
    void udpChecksumThatComesOutZeroIsSentAsAllOnes() {
        // The plain update yields 0x0000 here (RFC 1624's example, the address unchanged); UDP sends 0xffff.
        assertEquals(0x0000, Checksum.updateAddressAndPort(0xdd2f, 7, 7, 0x5555, 0x3285));
        assertEquals(0xffff, Checksum.updateUdpAddressAndPort(0xdd2f, 7, 7, 0x5555, 0x3285));
    }
}
