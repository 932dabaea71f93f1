package io.jlvs.slowpath.bgp;

import io.jlvs.fastpath.ServiceTable;
import io.jlvs.sched.DestinationLoad;
import io.jlvs.slowpath.Jlvsadm;
import io.jlvs.slowpath.config.Ipv4Prefix;
import io.jlvs.slowpath.config.PortConfig;
import io.jlvs.slowpath.snapshot.ServiceTableBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rules -> the VIPs announced -> the BIRD file and the birdc calls. */
class VipAnnouncerTest {

    @TempDir Path dir;

    private static ServiceTable snapshot(Jlvsadm jlvsadm) {
        return new ServiceTableBuilder(List.of(new PortConfig("lan", "net_null0", PortConfig.Role.ONE_ARM,
                List.of(Ipv4Prefix.parse("192.0.2.3/24")), 1500, null, null)), p -> 2L, new DestinationLoad(1, 64))
                .build(jlvsadm.plane.rules(), null);
    }

    @Test
    void aVipIsAnnouncedOnlyWhileOneOfItsServicesHasAServerWithWeight() {
        Jlvsadm j = new Jlvsadm();
        j.ok("-A -t 198.51.100.10:80 -s mh");
        j.ok("-a -t 198.51.100.10:80 -r 192.0.2.11 -g -w 0");
        j.ok("-A -t 198.51.100.20:80 -s rr");
        assertEquals(Set.of(), VipAnnouncer.healthyVips(snapshot(j)), "weight 0 and no server: nothing");

        j.ok("-A -t 198.51.100.10:443 -s rr");
        j.ok("-a -t 198.51.100.10:443 -r 192.0.2.12 -g -w 1");
        j.ok("-a -t 198.51.100.20:80 -r 192.0.2.12 -g -w 3");
        assertEquals(Set.of(0xc633640a, 0xc6336414), VipAnnouncer.healthyVips(snapshot(j)), "one live service per VIP is enough");

        j.ok("-D -t 198.51.100.20:80");
        assertEquals(Set.of(0xc633640a), VipAnnouncer.healthyVips(snapshot(j)), "a removed service's VIP goes");
    }

    @Test
    void writesTheStaticProtocolAndConfiguresOnlyOnChange() throws IOException {
        List<String> calls = new ArrayList<>(), log = new ArrayList<>();
        Path file = dir.resolve("vips.conf");
        VipAnnouncer a = new VipAnnouncer(file, "jlvs_vips", () -> {
            calls.add(Files.readString(file));
            return "Reconfigured";
        }, log::add);

        assertTrue(a.update(new TreeSet<>(Set.of(0xc6336414, 0xc633640a))));
        assertEquals(List.of("""
                # Written by jlvs (bgp.include-file): the VIPs this director announces.
                # Replaced whenever the set changes; do not edit.
                protocol static jlvs_vips {
                  ipv4;
                  route 198.51.100.10/32 blackhole;
                  route 198.51.100.20/32 blackhole;
                }
                """), calls, "BIRD reads the whole file when birdc configure runs");
        assertFalse(a.update(new TreeSet<>(Set.of(0xc633640a, 0xc6336414))), "the same set: BIRD is not bothered");
        assertTrue(a.withdrawAll());
        assertEquals("protocol static jlvs_vips {\n  ipv4;\n}\n", calls.get(1).substring(calls.get(1).indexOf("protocol")));
        assertEquals(List.of("bgp: announcing 198.51.100.10, 198.51.100.20", "bgp: announcing no VIP"), log);
    }

    @Test
    void aFailedBirdcIsRetriedOnTheNextUpdate() {
        int[] attempts = {0};
        List<String> log = new ArrayList<>();
        VipAnnouncer a = new VipAnnouncer(dir.resolve("vips.conf"), "jlvs_vips", () -> {
            if (attempts[0]++ == 0) throw new IOException("birdc configure: exit 1: Unable to connect to server control socket");
            return "Reconfigured";
        }, log::add);
        TreeSet<Integer> one = new TreeSet<>(Set.of(0xc633640a));
        assertFalse(a.update(one));
        assertEquals(Set.of(), a.announced());
        assertTrue(a.update(one), "not told yet: tried again");
        assertEquals(one, a.announced());
        assertTrue(log.getFirst().contains("Unable to connect"), log.getFirst());
    }

    @Test
    void birdcsReplyDecidesNotItsExitCode() throws Exception {
        Path fake = dir.resolve("birdc");
        Files.writeString(fake, "#!/bin/sh\necho \"bird.conf:3:1 syntax error, unexpected CF_SYM_UNDEFINED\"\n");
        fake.toFile().setExecutable(true);
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> VipAnnouncer.birdc(fake.toString(), dir.resolve("bird.ctl")).configure());
        assertTrue(e.getMessage().contains("syntax error"), e.getMessage());
        Files.writeString(fake, "#!/bin/sh\n[ \"$1 $3\" = \"-s configure\" ] && echo Reconfigured\n");
        assertEquals("Reconfigured", VipAnnouncer.birdc(fake.toString(), dir.resolve("bird.ctl")).configure());
    }
}
