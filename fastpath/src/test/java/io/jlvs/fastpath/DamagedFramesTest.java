package io.jlvs.fastpath;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Random;

import static io.jlvs.fastpath.PacketFixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every frame (after a NAT and a DR connection were opened) cut short at every length, and with random bytes changed, goes through process():
 * nothing throws (the segment ends with the frame, so reading past it would), every verdict is valid, nothing is written outside the frame or the 28 bytes of
 * headroom an ICMP error may take, and the output window lies inside that area.
 */
class DamagedFramesTest {

    private static final int HEADROOM = 128;
    private static final int MAX_PREPEND = 28;
    private static final byte CANARY = (byte) 0xa5;

    private final FixtureLab lab = new FixtureLab();
    private final MemorySegment buffer = MemorySegment.ofArray(new byte[HEADROOM + 256]);

    @BeforeEach
    void openConnections() {
        lab.run(NAT_IN_SYN, 0);
        lab.run(DR_SYN, 0);
    }

    @AfterEach
    void close() { lab.close(); }

    private static final List<String> FRAMES = List.of(NAT_IN_SYN, NAT_OUT_SYN_ACK, NAT_IN_UDP, NAT_IN_UDP_NO_CHECKSUM, DR_SYN,
            TUN_SYN, TUN_FRAG_NEEDED, NAT_TTL_EXPIRED, NAT_OUT_TTL_EXPIRED, NO_REAL_SERVER, NAT_REPLY_WITHOUT_CONNECTION,
            NAT_IN_VLAN_OPTIONS, ARP_REQUEST, ICMP_ECHO, IPV6, ICMP_FROM_SERVER, ICMP_FROM_CLIENT_SIDE);

    private void check(byte[] frame, int length, int rxPort, String what) {
        buffer.fill(CANARY);
        MemorySegment.copy(frame, 0, buffer, ValueLayout.JAVA_BYTE, HEADROOM, length);
        int verdict;
        try {
            lab.processor.beginBurst();
            // The segment ends where the frame ends: any read past the frame throws.
            verdict = lab.processor.process(buffer.asSlice(0, HEADROOM + length), HEADROOM, length, rxPort, lab.now);
        } catch (RuntimeException e) {
            throw new AssertionError(what + " threw", e);
        }
        int kind = Verdict.kind(verdict);
        assertTrue(kind == Verdict.KIND_TRANSMIT || kind == Verdict.KIND_DROP || kind == Verdict.KIND_PUNT, what + ": verdict " + verdict);
        long start = lab.processor.outputOffset();
        long end = start + lab.processor.outputLength();
        assertTrue(start >= HEADROOM - MAX_PREPEND && end <= HEADROOM + length && start <= end, what + ": output window " + start + ".." + end);
        for (long i = 0; i < buffer.byteSize(); i++) {
            if (i >= HEADROOM - MAX_PREPEND && i < HEADROOM + length) continue;
            if (buffer.get(ValueLayout.JAVA_BYTE, i) != CANARY) fail(what + ": wrote byte " + i + " outside the frame");
        }
    }

    @Test
    void framesCutShortAtEveryLength() {
        for (String fixture : FRAMES) {
            byte[] frame = Hex.parse(fixture);
            for (int length = 0; length <= frame.length; length++) {
                for (int rxPort = 0; rxPort <= 1; rxPort++) {
                    check(frame, length, rxPort, "frame of " + frame.length + " bytes cut to " + length + " on port " + rxPort);
                }
            }
        }
    }

    @Test
    void framesWithRandomBytesChanged() {
        Random random = new Random(4);
        for (int round = 0; round < 20_000; round++) {
            byte[] frame = Hex.parse(FRAMES.get(random.nextInt(FRAMES.size())));
            int changes = 1 + random.nextInt(3);
            for (int c = 0; c < changes; c++) frame[random.nextInt(frame.length)] = (byte) random.nextInt(256);
            check(frame, frame.length, random.nextInt(2), "round " + round + ": " + Hex.format(frame));
        }
        assertTrue(lab.processor.counters().get(PacketCounters.TRANSMITTED) > 0, "some changed frames are still valid and forwarded");
        assertTrue(lab.processor.counters().get(PacketCounters.DROPPED) > 0, "most are dropped");
        assertEquals(2 + 20_000, lab.processor.counters().get(PacketCounters.RECEIVED));
    }
}
