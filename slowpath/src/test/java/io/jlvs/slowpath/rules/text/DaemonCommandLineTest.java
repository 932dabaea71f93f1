package io.jlvs.slowpath.rules.text;

import io.jlvs.slowpath.rules.RuleException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * ipvsadm 1.31's sync-daemon command lines as jlvsadm reads them: {@code --start-daemon STATE
 * --mcast-interface IF [--syncid N]}, {@code --stop-daemon STATE}, {@code -L --daemon}, in any
 * option order and with {@code --opt=value}, refused with ipvsadm's messages and exit status 2.
 */
class DaemonCommandLineTest {

    private static Command parse(String line) throws RuleException {
        return IpvsadmCommandLine.parse(List.of(line.split(" ")));
    }

    @Test
    void startDaemonTakesTheStateTheMulticastPortAndAnOptionalSyncId() throws RuleException {
        assertEquals(new Command.StartDaemon(true, "lan", 0), parse("--start-daemon master --mcast-interface lan"));
        assertEquals(new Command.StartDaemon(false, "lan", 7), parse("--start-daemon backup --mcast-interface lan --syncid 7"));
        assertEquals(new Command.StartDaemon(true, "p0", 255), parse("--start-daemon=master --mcast-interface=p0 --syncid=255"));
        assertEquals(new Command.StartDaemon(false, "p0", 3), parse("--syncid 3 --mcast-interface p0 --start-daemon backup"),
            "popt takes options in any order");
        assertEquals(new Command.StartDaemon(true, "p0", 0), parse("--start-daemon master --syncid 0 --mcast-interface p0"));
    }

    @Test
    void stopDaemonTakesTheStateAndAloneStopsBoth() throws RuleException {
        assertEquals(new Command.StopDaemon(true), parse("--stop-daemon master"));
        assertEquals(new Command.StopDaemon(false), parse("--stop-daemon=backup"));
        assertEquals(new Command.StopDaemon(null), parse("--stop-daemon"), "jlvs's extension: both daemons");
        assertEquals(new Command.StopDaemon(true), parse("--stop-daemon master --syncid 4"));
    }

    @Test
    void listDaemonIsAListingOption() throws RuleException {
        assertEquals(new Command.ListDaemon(), parse("-L --daemon"));
        assertEquals(new Command.ListDaemon(), parse("-l -n --daemon"));
        assertRefused("options conflicts in the list command", "-L --daemon --stats");
        assertRefused("The option 'daemon' conflicts with the 'connection' option in the 'list' command", "-L --daemon -c");
    }

    @Test
    void badStatesAndSyncIdsGetIpvsadmsMessages() {
        assertRefused("illegal start-daemon parameter specified", "--start-daemon primary --mcast-interface lan");
        assertRefused("illegal start-daemon parameter specified", "--start-daemon Master --mcast-interface lan");
        assertRefused("illegal start_daemon specified", "--stop-daemon both");
        assertRefused("--start-daemon: missing argument", "--start-daemon");
        assertRefused("--start-daemon: missing argument", "--start-daemon --mcast-interface lan");
        assertRefused("illegal syncid specified", "--start-daemon master --mcast-interface lan --syncid 256");
        assertRefused("illegal syncid specified", "--start-daemon master --mcast-interface lan --syncid -1");
        assertRefused("illegal syncid specified", "--start-daemon master --mcast-interface lan --syncid one");
        assertRefused("--syncid: missing argument", "--start-daemon master --mcast-interface lan --syncid");
        assertRefused("--mcast-interface: missing argument", "--start-daemon master --mcast-interface");
    }

    @Test
    void conflictingOrRepeatedOptionsAreRefused() {
        assertRefused("multiple commands specified", "--start-daemon master --stop-daemon master");
        assertRefused("multiple 'syncid' options specified", "--start-daemon master --mcast-interface lan --syncid 1 --syncid 2");
        assertRefused("multiple 'mcast-interface' options specified", "--start-daemon master --mcast-interface a --mcast-interface b");
        assertRefused("Illegal 'mcast-interface' option with the 'stop-daemon' command", "--stop-daemon master --mcast-interface lan");
        assertRefused("--start-daemon needs --mcast-interface PORT (a port name of the config)", "--start-daemon master");
        assertRefused("unexpected argument -t", "--start-daemon master --mcast-interface lan -t 10.0.0.1:80");
    }

    @Test
    void ipvsadmsMulticastOptionsAreRefusedByName() {
        for (String option : List.of("--mcast-group 224.0.0.82", "--mcast-port 9000", "--mcast-ttl 2", "--sync-maxlen 1400")) {
            RuleException e = assertThrows(RuleException.class,
                () -> parse("--start-daemon master --mcast-interface lan " + option), option);
            assertEquals("option " + option.split(" ")[0]
                + " is not supported: jlvs syncs to 224.0.0.81:8848 with TTL 1, messages sized to the port's MTU", e.getMessage());
            assertEquals(RuleException.USAGE, e.exitStatus());
        }
    }

    private static void assertRefused(String message, String line) {
        RuleException e = assertThrows(RuleException.class, () -> parse(line), line);
        assertEquals(message, e.getMessage(), line);
        assertEquals(RuleException.USAGE, e.exitStatus(), line);
    }
}
