package io.jlvs.slowpath.snapshot;

import io.jlvs.fastpath.ServiceTable;
import io.jlvs.sched.DestinationLoad;
import io.jlvs.sched.MaglevScheduler;
import io.jlvs.sched.Scheduler;
import io.jlvs.slowpath.Jlvsadm;
import io.jlvs.slowpath.config.Ipv4Prefix;
import io.jlvs.slowpath.config.PortConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Directors behind ECMP: each builds its mh table from its own rule set, and a flow the router moves
 * from one to another must land on the same real server. Three directors reach the same servers by
 * different histories (insertion order, a server added and removed, ids handed out differently, a
 * weight changed and changed back, rules restored from another's save); their tables must agree slot
 * for slot by server address, and so must every flow's pick.
 */
class MaglevAcrossDirectorsTest {

    private static final int VIP = 0xc633640a; // 198.51.100.10

    private static ServiceTable snapshot(Jlvsadm jlvsadm) {
        DestinationLoad load = new DestinationLoad(1, 64);
        ServiceTableBuilder builder = new ServiceTableBuilder(List.of(new PortConfig("lan", "net_null0",
                PortConfig.Role.ONE_ARM, List.of(Ipv4Prefix.parse("198.51.100.3/24"), Ipv4Prefix.parse("192.0.2.3/24")),
                1500, null, null)), port -> 0x026a6c000001L, load);
        return builder.build(jlvsadm.plane.rules(), null);
    }

    /** The real server address of every slot of the VIP's mh table. */
    private static int[] slotAddresses(ServiceTable table) {
        ServiceTable.Service s = table.service(table.findService(6, VIP, 80));
        MaglevScheduler mh = (MaglevScheduler) s.scheduler;
        int[] addresses = new int[mh.tableSize()];
        for (int j = 0; j < addresses.length; j++) {
            int position = mh.slotOwner(j);
            addresses[j] = position < 0 ? 0 : table.destAddress(s.servers.destId(position));
        }
        return addresses;
    }

    private static int pickAddress(ServiceTable table, int client, int port) {
        ServiceTable.Service s = table.service(table.findService(6, VIP, 80));
        int position = s.scheduler.pick(s.servers, 0, client, port, VIP, 80);
        return position == Scheduler.NO_SERVER ? 0 : table.destAddress(s.servers.destId(position));
    }

    @Test
    void directorsWithDifferentHistoriesBuildTheSameTable() {
        Jlvsadm a = new Jlvsadm();
        a.ok("-A -t 198.51.100.10:80 -s mh -b mh-port");
        for (int i = 11; i <= 13; i++) a.ok("-a -t 198.51.100.10:80 -r 192.0.2." + i + ":80 -g -w 1");

        Jlvsadm b = new Jlvsadm();
        b.ok("-A -t 198.51.100.10:80 -s mh -b mh-port");
        b.ok("-a -t 198.51.100.10:80 -r 192.0.2.99:80 -g -w 5"); // takes id 0, then leaves
        b.ok("-a -t 198.51.100.10:80 -r 192.0.2.13:80 -g -w 2");
        b.ok("-d -t 198.51.100.10:80 -r 192.0.2.99:80");
        b.ok("-a -t 198.51.100.10:80 -r 192.0.2.11:80 -g -w 1");
        b.ok("-a -t 198.51.100.10:80 -r 192.0.2.12:80 -g -w 1");
        b.ok("-e -t 198.51.100.10:80 -r 192.0.2.13:80 -g -w 1");

        // A third restored from the first's rules in reverse order, as a restart from another save would.
        Jlvsadm c = new Jlvsadm();
        c.ok("-A -t 198.51.100.10:80 -s mh -b mh-port");
        for (int i = 13; i >= 11; i--) c.ok("-a -t 198.51.100.10:80 -r 192.0.2." + i + ":80 -g -w 1");

        ServiceTable ta = snapshot(a), tb = snapshot(b), tc = snapshot(c);
        ServiceTable.Service sa = ta.service(ta.findService(6, VIP, 80)), sb = tb.service(tb.findService(6, VIP, 80));
        assertNotEquals(ta.destAddress(sa.servers.destId(0)), tb.destAddress(sb.servers.destId(0)),
                "the premise: the two list the servers in another order");

        int[] slotsA = slotAddresses(ta);
        org.junit.jupiter.api.Assertions.assertArrayEquals(slotsA, slotAddresses(tb), "a and b");
        org.junit.jupiter.api.Assertions.assertArrayEquals(slotsA, slotAddresses(tc), "a and c");

        SplittableRandom random = new SplittableRandom(17);
        int[] perServer = new int[3];
        for (int f = 0; f < 20_000; f++) {
            int client = 0xcb007100 | random.nextInt(256);
            int port = 1024 + random.nextInt(64_000);
            int server = pickAddress(ta, client, port);
            assertEquals(server, pickAddress(tb, client, port), "flow " + f);
            assertEquals(server, pickAddress(tc, client, port), "flow " + f);
            perServer[(server & 0xff) - 11]++;
        }
        for (int n : perServer) assertEquals(20_000 / 3.0, n, 20_000 * 0.05, "near-equal shares");
    }
}
