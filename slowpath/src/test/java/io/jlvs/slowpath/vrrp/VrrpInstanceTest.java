package io.jlvs.slowpath.vrrp;

import io.jlvs.model.Ipv4Text;
import io.jlvs.fastpath.packet.NetBytes;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** RFC 5798 6.4's state machine, stepped by hand: time is whatever the test says. */
class VrrpInstanceTest {

    static final int ME = Ipv4Text.parse("10.0.0.2");
    static final int PEER = Ipv4Text.parse("10.0.0.3");
    static final int VIP = Ipv4Text.parse("10.0.0.100");

    /** Everything the instance did, one line each. */
    static final class Log implements VrrpInstance.Actions {
        final List<String> lines = new ArrayList<>();

        @Override public void sendAdvert(VrrpInstance i, VrrpAdvert a) { lines.add("advert " + a.priority()); }

        @Override public void sendGratuitousArps(VrrpInstance i, int[] addresses, int repeat) {
            lines.add("garp x" + repeat);
        }

        @Override public void transition(VrrpInstance i, VrrpState from, VrrpState to, String why) {
            lines.add(from + "->" + to);
        }

        List<String> take() {
            List<String> l = List.copyOf(lines);
            lines.clear();
            return l;
        }
    }

    static VrrpSettings settings(int priority, boolean preempt) {
        return new VrrpSettings("VI_1", 51, priority, 100, preempt, List.of(VIP), 5, 5_000, 0);
    }

    static VrrpAdvert from(int priority) { return new VrrpAdvert(51, priority, 100, new int[] {VIP}); }

    @Test
    void masterDownIntervalIsThreeIntervalsPlusSkew() {
        // priority 100, 1 s: skew = 156 * 1000 / 256 = 609 ms
        assertEquals(609, VrrpSettings.skewMs(100, 100));
        assertEquals(3609, VrrpSettings.masterDownMs(100, 100));
        assertEquals(3007, VrrpSettings.masterDownMs(254, 100)); // skew 2 * 1000 / 256 = 7 ms
    }

    @Test
    void aLoneBackupBecomesMasterAfterTheMasterDownInterval() {
        Log log = new Log();
        VrrpInstance v = new VrrpInstance(settings(100, true), ME, log);
        v.start(0);
        assertEquals(List.of("INIT->BACKUP"), log.take());
        v.poll(3608);
        assertEquals(VrrpState.BACKUP, v.state());
        v.poll(3609);
        assertEquals(List.of("advert 100", "BACKUP->MASTER", "garp x5"), log.take());
        v.poll(4608);
        assertEquals(List.of(), log.take());
        v.poll(4609);
        assertEquals(List.of("advert 100"), log.take());
        v.poll(8609); // garp_master_delay 5 s: the second set of gratuitous ARPs
        assertEquals(List.of("advert 100", "garp x5"), log.take());
    }

    @Test
    void advertsOfAHigherPriorityMasterKeepABackupDown() {
        Log log = new Log();
        VrrpInstance v = new VrrpInstance(settings(100, true), ME, log);
        v.start(0);
        for (long t = 1000; t <= 20_000; t += 1000) {
            v.onAdvert(from(150), PEER, t);
            v.poll(t);
        }
        assertEquals(VrrpState.BACKUP, v.state());
        assertEquals(PEER, v.masterAddress());
        log.take();
        v.poll(20_000 + 3608);
        assertEquals(VrrpState.BACKUP, v.state());
        v.poll(20_000 + 3609); // the master died after its advert at 20 s
        assertEquals(VrrpState.MASTER, v.state());
    }

    @Test
    void aMasterThatStopsSendsPriorityZeroAndTheBackupTakesOverAfterSkewTime() {
        Log masterLog = new Log();
        VrrpInstance master = new VrrpInstance(settings(255, true), PEER, masterLog);
        master.start(0);
        assertEquals(List.of("advert 255", "INIT->MASTER", "garp x5"), masterLog.take());
        master.shutdown(500);
        assertEquals(List.of("advert 0", "MASTER->INIT"), masterLog.take());

        Log log = new Log();
        VrrpInstance backup = new VrrpInstance(settings(100, true), ME, log);
        backup.start(0);
        backup.onAdvert(from(255), PEER, 100);
        backup.onAdvert(from(0), PEER, 500);
        backup.poll(500 + 608);
        assertEquals(VrrpState.BACKUP, backup.state());
        backup.poll(500 + 609);
        assertEquals(VrrpState.MASTER, backup.state());
    }

    @Test
    void preemptTakesOverFromALowerPriorityMasterAndNopreemptDoesNot() {
        VrrpInstance preempt = new VrrpInstance(settings(150, true), ME, new Log());
        VrrpInstance nopreempt = new VrrpInstance(settings(150, false), ME, new Log());
        preempt.start(0);
        nopreempt.start(0);
        for (long t = 0; t <= 10_000; t += 1000) {
            preempt.onAdvert(from(100), PEER, t);
            nopreempt.onAdvert(from(100), PEER, t);
            preempt.poll(t);
            nopreempt.poll(t);
        }
        // master down for priority 150: 3000 + 106 * 1000 / 256 = 3414 ms after start
        assertEquals(VrrpState.MASTER, preempt.state());
        assertEquals(VrrpState.BACKUP, nopreempt.state());
    }

    @Test
    void aMasterYieldsToAHigherPriorityAndWinsTiesByAddress() {
        Log log = new Log();
        VrrpInstance v = new VrrpInstance(settings(100, true), ME, log);
        v.start(0);
        v.poll(3609);
        assertEquals(VrrpState.MASTER, v.state());
        v.onAdvert(from(90), PEER, 4000);           // lower: ignored
        assertEquals(VrrpState.MASTER, v.state());
        v.onAdvert(from(100), Ipv4Text.parse("10.0.0.1"), 4100); // equal, lower address: ignored
        assertEquals(VrrpState.MASTER, v.state());
        log.take();
        v.onAdvert(from(100), PEER, 4200);          // equal, higher address: yields
        assertEquals(List.of("MASTER->BACKUP"), log.take());
        v.poll(4200 + 3608);
        assertEquals(VrrpState.BACKUP, v.state());
        v.poll(4200 + 3609);
        assertEquals(VrrpState.MASTER, v.state());
    }

    @Test
    void aMasterAnswersAPriorityZeroAdvertAtOnce() {
        Log log = new Log();
        VrrpInstance v = new VrrpInstance(settings(255, true), ME, log);
        v.start(0);
        log.take();
        v.onAdvert(from(0), PEER, 300);
        assertEquals(List.of("advert 255"), log.take());
        v.poll(1299);
        assertEquals(List.of(), log.take());
        v.poll(1300);
        assertEquals(List.of("advert 255"), log.take());
    }

    @Test
    void aBackupAdoptsTheMastersIntervalAndCountsAMismatchedAddressList() {
        VrrpInstance v = new VrrpInstance(settings(100, true), ME, new Log());
        v.start(0);
        v.onAdvert(new VrrpAdvert(51, 200, 200, new int[] {VIP, PEER}), PEER, 0);
        assertEquals(6000 + 1218, v.masterDownIntervalMs());
        assertEquals(1, v.addressListMismatches());
        v.poll(7217);
        assertEquals(VrrpState.BACKUP, v.state());
        v.poll(7218);
        assertEquals(VrrpState.MASTER, v.state());
    }
}
