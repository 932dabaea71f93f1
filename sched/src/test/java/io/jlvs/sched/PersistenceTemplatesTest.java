package io.jlvs.sched;

import static io.jlvs.sched.Fixture.ip;
import static io.jlvs.sched.Fixture.name;
import static io.jlvs.sched.Fixture.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class PersistenceTemplatesTest {

    private static final int TCP = 6;
    private static final int UDP = 17;
    private static final int VIP = ip("10.0.0.1");
    private static final int MASK_24 = ip("255.255.255.0");
    private static final int MASK_32 = -1;

    private final Fixture f = new Fixture();
    private final PersistenceTemplates table = new PersistenceTemplates(1024, 2);
    private final RealServers servers = f.list(s('A', 1), s('B', 1), s('C', 1));
    private Scheduler rr = new RoundRobinScheduler(2);

    /** Server name for a new connection, plus its template handle in {@code last}. */
    private long last;

    private String connect(PersistentService svc, RealServers list, int core, int proto, String client, int cport,
                           int vport, long nowMillis) {
        last = svc.lookupOrSchedule(rr, list, core, proto, ip(client), cport, VIP, vport, nowMillis);
        return name(list, PersistenceTemplates.position(last));
    }

    private String connect(PersistentService svc, int core, String client, int cport, int vport, long nowMillis) {
        return connect(svc, servers, core, TCP, client, cport, vport, nowMillis);
    }

    @Test
    void netmask_groups_clients_of_one_network_on_one_server_across_cores() {
        PersistentService web = new PersistentService(table, 80, MASK_24, 300, false);
        assertEquals("A", connect(web, 0, "192.0.2.5", 40000, 80, 0));
        assertEquals("A", connect(web, 1, "192.0.2.77", 40001, 80, 10)); // same /24, other core, rr not asked
        assertEquals("B", connect(web, 0, "192.0.3.5", 40002, 80, 20));  // next /24: rr on core 0 moves on
        assertEquals("A", connect(web, 1, "192.0.2.200", 999, 80, 30));
        assertEquals(0, table.destinationOf(TCP, ip("192.0.2.0"), VIP, 80));
        assertEquals(1, table.destinationOf(TCP, ip("192.0.3.0"), VIP, 80));
        assertEquals(2, table.size());
        assertEquals(1, f.load.persistent(0));
        assertEquals(1, f.load.persistent(1));
    }

    @Test
    void read_lists_each_live_template_with_its_key_destination_and_deadline() {
        PersistentService web = new PersistentService(table, 80, MASK_24, 300, false);
        PersistentService ftp = new PersistentService(table, 21, MASK_32, 60, false);
        connect(web, 0, "192.0.2.5", 40000, 80, 1_000);
        connect(ftp, 1, "198.51.100.9", 40001, 21, 2_000);
        java.util.List<PersistenceTemplates.Template> found = new java.util.ArrayList<>();
        for (int slot = 0; slot < table.capacity(); slot++) {
            PersistenceTemplates.Template t = table.read(slot);
            if (t != null) found.add(t);
        }
        found.sort(java.util.Comparator.comparingLong(PersistenceTemplates.Template::expiresAtMillis));
        assertEquals(java.util.List.of(
                new PersistenceTemplates.Template(TCP, ip("198.51.100.9"), VIP, 0, 0, 62_000), // rr of core 1: A
                new PersistenceTemplates.Template(TCP, ip("192.0.2.0"), VIP, 80, 0, 301_000)), found);
    }

    @Test
    void host_mask_keeps_neighbours_apart() {
        PersistentService web = new PersistentService(table, 80, MASK_32, 300, false);
        assertEquals("A", connect(web, 0, "192.0.2.5", 40000, 80, 0));
        assertEquals("B", connect(web, 0, "192.0.2.6", 40000, 80, 0));
        assertEquals("A", connect(web, 1, "192.0.2.5", 50000, 80, 0));
    }

    @Test
    void ftp_service_template_has_vport_0_so_data_connections_follow_control() {
        PersistentService ftp = new PersistentService(table, 21, MASK_32, 300, false);
        assertEquals("A", connect(ftp, 0, "192.0.2.5", 40000, 21, 0));   // control connection
        assertEquals("A", connect(ftp, 1, "192.0.2.5", 40001, 50123, 5)); // passive data port, other core
        assertEquals(0, table.destinationOf(TCP, ip("192.0.2.5"), VIP, 0));
        assertEquals(-1, table.destinationOf(TCP, ip("192.0.2.5"), VIP, 21));
        // a non-FTP service keeps its own port in the template: a second service on 443 schedules anew
        PersistentService https = new PersistentService(table, 443, MASK_32, 300, false);
        assertEquals("B", connect(https, 0, "192.0.2.5", 40002, 443, 5));
        assertEquals(1, table.destinationOf(TCP, ip("192.0.2.5"), VIP, 443));
        assertEquals(0, ftp.templatePort(21));
        assertEquals(443, https.templatePort(443));
    }

    @Test
    void port_zero_service_shares_one_template_over_all_ports_but_not_protocols() {
        PersistentService any = new PersistentService(table, 0, MASK_32, 300, false);
        assertEquals("A", connect(any, 0, "192.0.2.5", 40000, 80, 0));
        assertEquals("A", connect(any, 1, "192.0.2.5", 40001, 443, 0));
        assertEquals("A", connect(any, 0, "192.0.2.5", 40002, 22, 0));
        assertEquals("B", connect(any, servers, 0, UDP, "192.0.2.5", 40003, 53, 0));
    }

    @Test
    void template_is_kept_alive_while_it_controls_connections_then_expires() {
        PersistentService web = new PersistentService(table, 80, MASK_32, 10, false);
        assertEquals("A", connect(web, 0, "192.0.2.5", 40000, 80, 0)); // expires at 10 s
        int template = PersistenceTemplates.template(last);
        assertEquals(1, table.controlled(template));
        assertEquals(0, table.sweep(0, f.load, 11_000, 1 << 20) + table.sweep(1, f.load, 11_000, 1 << 20));
        assertEquals(1, table.size()); // still controls a connection: re-armed to 21 s
        table.release(template);
        assertEquals(0, table.sweep(0, f.load, 20_000, 1 << 20) + table.sweep(1, f.load, 20_000, 1 << 20));
        assertEquals(1, table.sweep(0, f.load, 21_000, 1 << 20) + table.sweep(1, f.load, 21_000, 1 << 20));
        assertEquals(0, table.size());
        assertEquals(0, f.load.persistent(0));
        assertEquals("B", connect(web, 0, "192.0.2.5", 40001, 80, 22_000)); // new template, rr moved on
    }

    @Test
    void each_use_restarts_the_lifetime() {
        PersistentService web = new PersistentService(table, 80, MASK_32, 10, false);
        connect(web, 0, "192.0.2.5", 40000, 80, 0);
        table.release(PersistenceTemplates.template(last));
        connect(web, 1, "192.0.2.5", 40001, 80, 8_000); // expires at 18 s now
        table.release(PersistenceTemplates.template(last));
        assertEquals(0, table.sweep(0, f.load, 17_000, 1 << 20) + table.sweep(1, f.load, 17_000, 1 << 20));
        assertEquals(1, table.sweep(0, f.load, 18_000, 1 << 20) + table.sweep(1, f.load, 18_000, 1 << 20));
    }

    @Test
    void template_of_a_removed_server_is_rebound_to_a_newly_scheduled_one() {
        PersistentService web = new PersistentService(table, 80, MASK_32, 300, false);
        assertEquals("A", connect(web, 0, "192.0.2.5", 40000, 80, 0));
        RealServers withoutA = f.list(s('B', 1), s('C', 1));
        rr = new RoundRobinScheduler(2); // a new snapshot comes with a new scheduler
        assertEquals("B", connect(web, withoutA, 0, TCP, "192.0.2.5", 40001, 80, 1000));
        assertEquals("B", connect(web, withoutA, 1, TCP, "192.0.2.5", 40002, 80, 2000));
        assertEquals(0, f.load.persistent(0));
        assertEquals(1, f.load.persistent(1));
    }

    @Test
    void quiesced_server_keeps_its_template_unless_expire_quiescent_template() {
        RealServers quiescedA = f.list(s('A', 0), s('B', 1), s('C', 1));
        PersistentService keep = new PersistentService(table, 80, MASK_32, 300, false);
        assertEquals("A", connect(keep, 0, "192.0.2.5", 40000, 80, 0));
        assertEquals("A", connect(keep, quiescedA, 0, TCP, "192.0.2.5", 40001, 80, 1000));
        PersistentService expire = new PersistentService(table, 80, MASK_32, 300, true);
        assertEquals("B", connect(expire, quiescedA, 0, TCP, "192.0.2.5", 40002, 80, 2000));
        assertEquals(1, table.destinationOf(TCP, ip("192.0.2.5"), VIP, 80));
    }

    @Test
    void full_table_schedules_without_a_template_and_counts_it() {
        PersistenceTemplates tiny = new PersistenceTemplates(8, 2); // one bucket of 8 slots
        PersistentService web = new PersistentService(tiny, 80, MASK_32, 300, false);
        for (int k = 1; k <= 8; k++) {
            connect(web, 0, "192.0.2." + k, 40000, 80, 0);
            assertTrue(PersistenceTemplates.template(last) >= 0);
        }
        assertEquals("C", connect(web, 0, "192.0.2.9", 40000, 80, 0)); // 9th pick of rr: A B C A B C A B C
        assertEquals(PersistenceTemplates.NO_TEMPLATE, PersistenceTemplates.template(last));
        assertEquals(1, tiny.tableFullCount());
    }

    @Test
    void no_server_creates_no_template() {
        RealServers none = f.list(s('A', 0));
        PersistentService web = new PersistentService(table, 80, MASK_32, 300, false);
        assertEquals("-", connect(web, none, 0, TCP, "192.0.2.5", 40000, 80, 0));
        assertEquals(PersistenceTemplates.NO_TEMPLATE, PersistenceTemplates.template(last));
        assertEquals(0, table.size());
    }

    @RepeatedTest(10)
    void two_cores_racing_on_the_same_clients_agree_on_every_server() throws Exception {
        PersistenceTemplates shared = new PersistenceTemplates(4096, 2); // 500 templates in 512 buckets of 8
        PersistentService web = new PersistentService(shared, 80, MASK_32, 300, false);
        Scheduler wlc = new WeightedLeastConnectionScheduler();
        int clients = 500;
        int[][] seen = new int[2][clients];
        CountDownLatch start = new CountDownLatch(1);
        Thread[] cores = new Thread[2];
        for (int c = 0; c < 2; c++) {
            int core = c;
            cores[c] = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int k = 0; k < clients; k++) {
                    int client = core == 0 ? k : clients - 1 - k;
                    long r = web.lookupOrSchedule(wlc, servers, core, TCP, ip("192.0.2.0") + client * 256, 1000 + core, VIP, 80, 0);
                    seen[core][client] = servers.destId(PersistenceTemplates.position(r));
                    // bind the connection as the fast path would, so wlc spreads the next ones
                    f.load.addInactive(core, seen[core][client], 1);
                }
            });
            cores[c].start();
        }
        start.countDown();
        for (Thread t : cores) t.join();
        for (int k = 0; k < clients; k++) {
            assertEquals(seen[0][k], seen[1][k], "client " + k);
            assertEquals(seen[0][k], shared.destinationOf(TCP, ip("192.0.2.0") + k * 256, VIP, 80));
        }
        assertEquals(0, shared.tableFullCount());
        assertEquals(0, shared.contendedCount());
        assertEquals(clients, shared.size());
        assertEquals(clients, f.load.persistent(0) + f.load.persistent(1) + f.load.persistent(2));
    }

    @Test
    void lookup_release_and_sweep_allocate_nothing() {
        PersistenceTemplates big = new PersistenceTemplates(1 << 14, 2);
        PersistentService web = new PersistentService(big, 80, MASK_24, 1, false);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long least = Long.MAX_VALUE;
        long sink = 0;
        int networks = ip("10.0.0.0");
        for (int round = 0; round < 6; round++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int k = 0; k < 20_000; k++) {
                // 2,048 networks: creates templates, then hits them; every round expires them all
                long r = web.lookupOrSchedule(rr, servers, k & 1, TCP, networks + ((k & 2047) << 8), k, VIP, 80,
                        round * 10_000L);
                big.release(PersistenceTemplates.template(r));
                sink += r;
            }
            sink += big.sweep(0, f.load, round * 10_000L + 5_000, 1 << 20) + big.sweep(1, f.load, round * 10_000L + 5_000, 1 << 20);
            if (round > 0) least = Math.min(least, threads.getCurrentThreadAllocatedBytes() - before);
        }
        assertTrue(sink != 0);
        assertEquals(0, least, "bytes allocated by 20,000 persistent lookups and a sweep");
    }
}
