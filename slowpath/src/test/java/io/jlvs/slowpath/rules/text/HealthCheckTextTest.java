package io.jlvs.slowpath.rules.text;

import io.jlvs.slowpath.config.HealthCheckConfig;
import io.jlvs.slowpath.config.HealthCheckConfig.OnFailure;
import io.jlvs.slowpath.config.HealthCheckConfig.Type;
import io.jlvs.slowpath.rules.Operation;
import io.jlvs.slowpath.rules.RuleException;
import io.jlvs.slowpath.rules.ServerRef;
import io.jlvs.slowpath.rules.ServiceKey;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * jlvsadm's health-check commands (jlvs's own: ipvsadm has none): the command line an operator types,
 * the line the journal stores (every setting explicit), and what is refused before anything changes.
 */
class HealthCheckTextTest {

    private static final ServiceKey WEB = ServiceKey.tcp(0x0a000001, 80);
    private static final ServerRef RS1 = new ServerRef(WEB, 0xc0a8010b, 8080);

    private static Operation parse(String line) throws RuleException { return RuleText.parse(line); }

    @Test
    void anHttpCheckTakesTheConfigsDefaultsAndIsJournaledWithEverySetting() throws RuleException {
        Operation op = parse("--add-check -t 10.0.0.1:80 -r 192.168.1.11:8080 --check-type http-get --check-path /health --check-status 204");

        assertEquals(new Operation.AddCheck(RS1, new HealthCheckConfig(Type.HTTP_GET, null, "/health", 204, 5000, 2000, 3,
                OnFailure.REMOVE, null)), op);
        assertEquals("--add-check -t 10.0.0.1:80 -r 192.168.1.11:8080 --check-type http-get --check-path /health --check-status 204"
                + " --check-interval-ms 5000 --check-timeout-ms 2000 --check-retries 3 --check-on-failure remove", RuleText.format(op));
    }

    @Test
    void everyCheckOperationRoundTripsThroughItsJournalLine() throws RuleException {
        List<Operation> operations = List.of(
                new Operation.AddCheck(RS1, new HealthCheckConfig(Type.TCP_CONNECT, null, null, null, 1000, 500, 1, OnFailure.QUIESCE, null)),
                new Operation.AddCheck(new ServerRef(ServiceKey.udp(0x0a000001, 53), 0xc0a8010b, 53),
                        new HealthCheckConfig(Type.TCP_CONNECT, 5353, null, null, null, null, null, null, null)),
                new Operation.EditCheck(RS1, new HealthCheckConfig(Type.HTTP_GET, 8081, "/status?full=1", 200, 2000, 1500, 2,
                        OnFailure.REMOVE, "www.example.com")),
                new Operation.DeleteCheck(RS1));
        for (Operation op : operations) {
            assertEquals(op, parse(RuleText.format(op)), RuleText.format(op));
        }
    }

    @Test
    void aServerWithoutAPortIsTheServicesPortAsForDashD() throws RuleException {
        assertEquals(new Operation.DeleteCheck(new ServerRef(WEB, 0xc0a8010b, 80)), parse("--del-check -t 10.0.0.1:80 -r 192.168.1.11"));
    }

    @Test
    void badChecksAreRefusedWithTheOptionNamed() {
        assertRefused("--add-check needs --check-type (tcp-connect, http-get)", "--add-check -t 10.0.0.1:80 -r 192.168.1.11:80");
        assertRefused("illegal --check-type `ping' specified (one of: tcp-connect, http-get)",
                "--add-check -t 10.0.0.1:80 -r 192.168.1.11:80 --check-type ping");
        assertRefused("illegal --check-status: HTTP status 700 is not in 100..599",
                "--add-check -t 10.0.0.1:80 -r 192.168.1.11:80 --check-type http-get --check-status 700");
        assertRefused("illegal --check-path: \"health\" must start with / and be printable ASCII without blanks",
                "--edit-check -t 10.0.0.1:80 -r 192.168.1.11:80 --check-type http-get --check-path health");
        assertRefused("illegal --check-path: applies only to http-get checks",
                "--add-check -t 10.0.0.1:80 -r 192.168.1.11:80 --check-type tcp-connect --check-path /");
        assertRefused("illegal --check-port: port 70000 is not in 1..65535",
                "--add-check -t 10.0.0.1:80 -r 192.168.1.11:80 --check-type tcp-connect --check-port 70000");
        assertRefused("illegal --check-retries: 0 is less than 1",
                "--add-check -t 10.0.0.1:80 -r 192.168.1.11:80 --check-type tcp-connect --check-retries 0");
        assertRefused("illegal --check-interval-ms `soon' specified",
                "--add-check -t 10.0.0.1:80 -r 192.168.1.11:80 --check-type tcp-connect --check-interval-ms soon");
        assertRefused("multiple '--check-type' options specified",
                "--add-check -t 10.0.0.1:80 -r 192.168.1.11:80 --check-type tcp-connect --check-type http-get");
        assertRefused("You need to supply the 'real-server' option for the 'add-check' command",
                "--add-check -t 10.0.0.1:80 --check-type tcp-connect");
        assertRefused("Illegal 'check settings' option with the 'del-check' command",
                "--del-check -t 10.0.0.1:80 -r 192.168.1.11:80 --check-type tcp-connect");
        assertRefused("Illegal 'check settings' option with the 'add-server' command",
                "-a -t 10.0.0.1:80 -r 192.168.1.11:80 --check-type tcp-connect");
        assertRefused("Illegal 'weight' option with the 'add-check' command",
                "--add-check -t 10.0.0.1:80 -r 192.168.1.11:80 --check-type tcp-connect -w 2");
    }

    @Test
    void healthIsAListingTableOfItsOwn() throws RuleException {
        assertEquals(new Command.ListServices(null, new ListFormat(ListFormat.Table.HEALTH, false, false, true)),
                IpvsadmCommandLine.parse(List.of("-L", "-n", "--health")));
        assertRefused("options conflicts in the list command", List.of("-L", "-c", "--health"));
        assertRefused("Illegal 'health' option with the 'save' command", List.of("-S", "--health"));
    }

    private static void assertRefused(String message, String line) {
        RuleException e = assertThrows(RuleException.class, () -> parse(line), line);
        assertEquals(message, e.getMessage(), line);
        assertEquals(RuleException.USAGE, e.exitStatus(), line);
    }

    private static void assertRefused(String message, List<String> argv) {
        RuleException e = assertThrows(RuleException.class, () -> IpvsadmCommandLine.parse(argv), argv.toString());
        assertEquals(message, e.getMessage(), argv.toString());
    }
}
