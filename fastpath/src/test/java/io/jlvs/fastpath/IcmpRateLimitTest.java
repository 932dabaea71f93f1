package io.jlvs.fastpath;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.jlvs.fastpath.PacketFixtures.NO_REAL_SERVER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ICMP errors the fast path builds are limited as Linux limits its own: per destination host a burst of
 * six, then one per icmp_ratelimit (1000 ms); for all hosts icmp_msgs_burst (50), refilled at
 * icmp_msgs_per_sec (1000); only the types of icmp_ratemask. Each error withheld is counted and its
 * packet dropped with its own reason.
 */
class IcmpRateLimitTest {

    private static final int UNREACHABLE = 3, ECHO_REPLY = 0, TIME_EXCEEDED = 11;
    private final FixtureLab lab = new FixtureLab();

    @AfterEach
    void close() { lab.close(); }

    @Test
    void aHostGetsABurstOfSixPortUnreachablesThenOnePerSecond() {
        int sent = 0;
        for (int i = 0; i < 10; i++) if (Verdict.isTransmit(lab.run(NO_REAL_SERVER, 0).verdict())) sent++;
        assertEquals(6, sent, "the burst: XRLIM_BURST_FACTOR 6 x 1000 ms");
        PacketCounters c = lab.processor.counters();
        assertEquals(6, c.get(PacketCounters.ICMP_SENT));
        assertEquals(4, c.get(PacketCounters.ICMP_RATE_LIMITED));
        assertEquals(10, c.drops(DropReason.NO_REAL_SERVER), "every packet counts its reason, answered or not");
        assertEquals(4, c.get(PacketCounters.DROPPED), "the withheld ones are dropped");

        lab.now += 999;
        assertFalse(Verdict.isTransmit(lab.run(NO_REAL_SERVER, 0).verdict()), "999 ms later: not yet");
        lab.now += 1;
        assertTrue(Verdict.isTransmit(lab.run(NO_REAL_SERVER, 0).verdict()), "1000 ms later: one more");
        assertFalse(Verdict.isTransmit(lab.run(NO_REAL_SERVER, 0).verdict()));
    }

    @Test
    void theHostBucketIsPerDestinationAndTheGlobalOneCapsThemAll() {
        IcmpRateLimit limit = IcmpRateLimit.linuxDefaults();
        long now = 5_000;
        for (int i = 0; i < 6; i++) assertTrue(limit.allow(UNREACHABLE, 1, now));
        assertFalse(limit.allow(UNREACHABLE, 1, now), "host 1 spent its burst");
        assertTrue(limit.allow(UNREACHABLE, 2, now), "host 2 has its own");
        assertTrue(limit.allow(ECHO_REPLY, 1, now), "echo replies are not in icmp_ratemask");

        IcmpRateLimit global = IcmpRateLimit.linuxDefaults();
        int allowed = 0;
        for (int host = 1; host <= 200; host++) if (global.allow(TIME_EXCEEDED, host * 7919, now)) allowed++;
        assertEquals(50, allowed, "icmp_msgs_burst over every host");
        assertFalse(global.allow(TIME_EXCEEDED, 100_000, now));
        assertTrue(global.allow(TIME_EXCEEDED, 100_001, now + 1), "1 ms at 1000/s refills one");
        assertFalse(global.allow(TIME_EXCEEDED, 100_002, now + 1));
        int refilled = 0;
        for (int host = 0; host < 200; host++) if (global.allow(TIME_EXCEEDED, 200_000 + host, now + 1_000)) refilled++;
        assertEquals(50, refilled, "a second refills up to the burst, not beyond");
    }

    @Test
    void zeroSwitchesALimitOff() {
        IcmpRateLimit none = new IcmpRateLimit(0, 0, 0, IcmpRateLimit.DEFAULT_RATEMASK);
        for (int i = 0; i < 10_000; i++) assertTrue(none.allow(UNREACHABLE, 1, 0));
        lab.processor.useIcmpRateLimit(none);
        for (int i = 0; i < 20; i++) assertTrue(Verdict.isTransmit(lab.run(NO_REAL_SERVER, 0).verdict()));
    }

    @Test
    void allowingAllocatesNothing() {
        IcmpRateLimit limit = IcmpRateLimit.linuxDefaults();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long least = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 100_000; i++) limit.allow(UNREACHABLE, i * 31, i);
            least = Math.min(least, threads.getCurrentThreadAllocatedBytes() - before);
        }
        assertEquals(0, least);
    }
}
