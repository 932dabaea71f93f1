package io.jlvs.fastpath;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jlvs.model.ForwardMethod;
import io.jlvs.fastpath.packet.Ipv4;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

import static io.jlvs.fastpath.PacketFixtures.DR_SYN;
import static io.jlvs.fastpath.PacketFixtures.NAT_IN_SYN;
import static io.jlvs.fastpath.PacketFixtures.NAT_IN_UDP;
import static io.jlvs.fastpath.PacketFixtures.NAT_OUT_SYN_ACK;
import static io.jlvs.fastpath.PacketFixtures.TUN_SYN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Arbitrary frames through {@link PacketProcessor#process} in the fixtures' lab (plus a NAT FTP service
 * on port 21), with a NAT, a DR, a TUN and a UDP connection open. Kept at the public process() level,
 * so it outlives any rewrite of the parser behind it. For every frame:
 * <ul>
 *   <li>no exception escapes (the segment ends where the frame ends: a read or write past it throws);</li>
 *   <li>the verdict is a transmit on an existing port, a drop or a punt, and exactly one of transmitted,
 *       dropped, punted moved by one, with received, and the verdict's own reason by one;</li>
 *   <li>no byte outside the frame and the output window changed (the headroom before the window is
 *       the processor's to use, nothing before it and nothing after the frame); a punted frame is
 *       unchanged, as the slow path expects it;</li>
 *   <li>the output window lies within headroom + frame.</li>
 * </ul>
 * Input: records of [control, length high, length low, bytes...] until the input ends (at most 8).
 * Control bits 0-1: rx port (3 is no port of the lab); bit 2: repair the IPv4 header and ICMP checksums,
 * so that mutations get past checksum verification; bit 3: only 16 bytes of headroom; bits 4-7: the
 * clock moves that many times 15 s first, and the table expires what is due, as the worker does.
 * Seeds: src/test/python/make_fuzz_seeds.py writes one per fixture frame.
 */
class PacketProcessorFuzzTest {

    private static final int MAX_FRAMES = 8;
    private static final int MAX_FRAME = 2048;
    private static final int HEADROOM = 128;
    private static final byte CANARY = (byte) 0xa5;
    /** The lab's ports: 0 (clients), 1 and 2 (servers). */
    private static final int PORTS = 3;

    @FuzzTest
    void everyFrameEndsInExactlyOneCountedVerdictAndWritesOnlyItsOwnBytes(byte[] input) {
        try (FixtureLab lab = new FixtureLab(1024, load -> FixtureLab.servicesBuilder(load)
                .service(FixtureLab.service(7, Ipv4.PROTOCOL_TCP, 21,
                        FixtureLab.server(6, FixtureLab.RS1, 21, 1, ForwardMethod.NAT, 1)))
                .build())) {
            for (String open : new String[] {NAT_IN_SYN, NAT_OUT_SYN_ACK, DR_SYN, TUN_SYN, NAT_IN_UDP}) {
                lab.run(open, open.equals(NAT_OUT_SYN_ACK) ? 1 : 0);
            }
            int at = 0;
            for (int n = 0; n < MAX_FRAMES && at + 3 <= input.length; n++) {
                int control = input[at] & 0xff;
                int length = Math.min(((input[at + 1] & 0xff) << 8 | (input[at + 2] & 0xff)) % (MAX_FRAME + 1), input.length - at - 3);
                byte[] frame = Arrays.copyOfRange(input, at + 3, at + 3 + length);
                at += 3 + length;
                if ((control & 0x4) != 0) repairChecksums(frame);
                long advance = (control >>> 4) * 15_000L;
                if (advance > 0) {
                    lab.now += advance;
                    lab.connections.expire(lab.now, Integer.MAX_VALUE);
                    lab.processor.housekeeping(lab.now);
                }
                check(lab, frame, control & 0x3, (control & 0x8) != 0 ? 16 : HEADROOM, "frame " + n);
            }
        }
    }

    private static void check(FixtureLab lab, byte[] frame, int rxPort, int headroom, String what) {
        int length = frame.length;
        MemorySegment buffer = MemorySegment.ofArray(new byte[HEADROOM + length]);
        buffer.fill(CANARY);
        MemorySegment.copy(frame, 0, buffer, ValueLayout.JAVA_BYTE, HEADROOM, length);
        PacketCounters c = lab.processor.counters();
        long[] before = totals(c);
        lab.processor.beginBurst();
        int verdict = lab.processor.process(buffer, HEADROOM, length, headroom, rxPort, lab.now);
        long[] after = totals(c);
        String where = what + " (" + length + " bytes on port " + rxPort + ", " + Verdict.toString(verdict) + ")\n" + Hex.format(frame);

        assertEquals(1, after[PacketCounters.RECEIVED] - before[PacketCounters.RECEIVED], "received, " + where);
        long moved = 0;
        for (int t : new int[] {PacketCounters.TRANSMITTED, PacketCounters.DROPPED, PacketCounters.PUNTED}) moved += after[t] - before[t];
        assertEquals(1, moved, "transmitted + dropped + punted, " + where);
        switch (Verdict.kind(verdict)) {
            case Verdict.KIND_TRANSMIT -> {
                assertEquals(1, after[PacketCounters.TRANSMITTED] - before[PacketCounters.TRANSMITTED], where);
                assertTrue(Verdict.port(verdict) < PORTS, "transmit on a port the lab has, " + where);
            }
            case Verdict.KIND_DROP -> {
                assertEquals(1, after[PacketCounters.DROPPED] - before[PacketCounters.DROPPED], where);
                assertTrue(Verdict.dropReason(verdict) < DropReason.COUNT, where);
            }
            case Verdict.KIND_PUNT -> {
                assertEquals(1, after[PacketCounters.PUNTED] - before[PacketCounters.PUNTED], where);
                assertTrue(Verdict.puntReason(verdict) < PuntReason.COUNT, where);
            }
            default -> fail("no such verdict kind, " + where);
        }

        long frameStart = HEADROOM, frameEnd = HEADROOM + length;
        long outStart = lab.processor.outputOffset(), outEnd = outStart + lab.processor.outputLength();
        if (Verdict.isTransmit(verdict)) {
            assertTrue(outStart >= frameStart - headroom && outStart <= outEnd && outEnd <= frameEnd,
                    "output window " + outStart + ".." + outEnd + " within headroom + frame, " + where);
        }
        long keepFrom = Verdict.isTransmit(verdict) ? Math.min(frameStart, outStart) : frameStart;
        for (long i = 0; i < buffer.byteSize(); i++) {
            boolean mayChange = i >= keepFrom && i < frameEnd && !Verdict.isPunt(verdict);
            byte expected = i >= frameStart && i < frameEnd ? frame[(int) (i - frameStart)] : CANARY;
            if (!mayChange && buffer.get(ValueLayout.JAVA_BYTE, i) != expected) {
                fail("byte " + (i - frameStart) + " relative to the frame changed, " + where);
            }
        }
    }

    private static long[] totals(PacketCounters c) {
        long[] t = new long[PacketCounters.CONNECTIONS_CREATED + 1];
        for (int i = 0; i < t.length; i++) t[i] = c.get(i);
        return t;
    }

    /** Sets the IPv4 header checksum (and an ICMP message's) of an Ethernet frame, with or without one VLAN tag. */
    private static void repairChecksums(byte[] f) {
        int l3 = 14;
        if (f.length >= 18 && (f[12] & 0xff) == 0x81 && f[13] == 0) l3 = 18;
        if (f.length < l3 + 20 || (f[l3 - 2] & 0xff) != 0x08 || f[l3 - 1] != 0) return;
        int ihl = (f[l3] & 0x0f) * 4;
        if (ihl < 20 || l3 + ihl > f.length) return;
        f[l3 + 10] = 0;
        f[l3 + 11] = 0;
        int sum = ~onesComplementSum(f, l3, ihl);
        f[l3 + 10] = (byte) (sum >>> 8);
        f[l3 + 11] = (byte) sum;
        int total = Math.min((f[l3 + 2] & 0xff) << 8 | (f[l3 + 3] & 0xff), f.length - l3);
        if (f[l3 + 9] == 1 && total - ihl >= 4) {
            int icmp = l3 + ihl;
            f[icmp + 2] = 0;
            f[icmp + 3] = 0;
            int s = ~onesComplementSum(f, icmp, total - ihl);
            f[icmp + 2] = (byte) (s >>> 8);
            f[icmp + 3] = (byte) s;
        }
    }

    /** RFC 1071, written here so the inputs do not depend on the code under test. */
    private static int onesComplementSum(byte[] b, int from, int length) {
        long sum = 0;
        for (int i = 0; i + 1 < length; i += 2) sum += (b[from + i] & 0xff) << 8 | (b[from + i + 1] & 0xff);
        if ((length & 1) != 0) sum += (b[from + length - 1] & 0xff) << 8;
        while ((sum >>> 16) != 0) sum = (sum & 0xffff) + (sum >>> 16);
        return (int) sum;
    }
}
