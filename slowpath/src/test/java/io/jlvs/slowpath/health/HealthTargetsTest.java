package io.jlvs.slowpath.health;

import io.jlvs.slowpath.rules.ServerRef;
import io.jlvs.model.ForwardMethod;
import io.jlvs.slowpath.ConfigServices;
import io.jlvs.slowpath.config.ConfigLoader;
import io.jlvs.slowpath.config.HealthCheckConfig.OnFailure;
import io.jlvs.slowpath.config.HealthCheckConfig;
import io.jlvs.slowpath.config.Ipv4Address;
import io.jlvs.slowpath.config.JlvsConfig;
import io.jlvs.slowpath.config.RealServerConfig;
import io.jlvs.slowpath.config.ServiceConfig;
import io.jlvs.slowpath.rules.Operation;
import io.jlvs.slowpath.rules.RuleEditor;
import io.jlvs.slowpath.rules.RuleSet;
import io.jlvs.slowpath.rules.ServiceKey;
import io.jlvs.slowpath.rules.ServiceSettings;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which servers are checked: the configured rules' checks (the config's, journaled as --add-check), for the servers in them. */
class HealthTargetsTest {

    private static final Path TWO_ARM = Path.of(System.getProperty("user.dir")).resolveSibling("examples").resolve("two-arm.yaml");
    private static final int VIP = 0xcb00_7164;          // 203.0.113.100
    private static final int RS_11 = 0x0a0a_000b;        // 10.10.0.11
    private static final int RS_12 = 0x0a0a_000c;

    @Test
    void theExampleConfigsChecksAreKeyedByServiceAndServer() throws Exception {
        JlvsConfig config = ConfigLoader.load(TWO_ARM);
        RuleEditor editor = new RuleEditor(RuleSet.EMPTY, 64);
        for (Operation op : ConfigServices.operations(config.services())) editor.apply(op);
        Map<ServerRef, HealthCheckConfig> checks = editor.build().checks();

        HealthCheckConfig https11 = checks.get(new ServerRef(ServiceKey.tcp(VIP, 443), RS_11, 8443));
        assertEquals(List.of(HealthCheckConfig.Type.TCP_CONNECT, 2000, 1000, 2, OnFailure.REMOVE),
                List.of(https11.type(), https11.intervalMs(), https11.timeoutMs(), https11.retries(), https11.onFailure()));
        HealthCheckConfig http11 = checks.get(new ServerRef(ServiceKey.tcp(VIP, 80), RS_11, 80));
        assertEquals(List.of(HealthCheckConfig.Type.HTTP_GET, "/", 200), List.of(http11.type(), http11.path(), http11.status()));
        assertEquals(null, checks.get(new ServerRef(ServiceKey.tcp(VIP, 80), RS_12, 80)), "a server without a check is not checked");
    }

    @Test
    void onlyServersInTheConfiguredRulesAreChecked() throws Exception {
        ServiceKey http = ServiceKey.tcp(VIP, 80);
        HealthCheckConfig check = Fixtures.tcpCheck(2, OnFailure.REMOVE);
        ServerRef inRules = new ServerRef(http, RS_11, 80);
        ServerRef deletedByOperator = new ServerRef(http, RS_12, 80);

        List<CheckTarget> targets = HealthTargets.of(service(http, RS_11), Map.of(inRules, check, deletedByOperator, check));
        assertEquals(List.of(new CheckTarget(inRules, check)), targets);
        assertEquals("10.10.0.11:80", targets.getFirst().endpoint().getAddress().getHostAddress() + ":" + targets.getFirst().endpoint().getPort());
    }

    @Test
    void aPortZeroServerIsCheckedOnlyWithAPortOfItsOwn() throws Exception {
        ServiceKey anyPort = ServiceKey.tcp(VIP, 0);
        HealthCheckConfig noPort = Fixtures.tcpCheck(2, OnFailure.REMOVE);
        HealthCheckConfig port22 = new HealthCheckConfig(HealthCheckConfig.Type.TCP_CONNECT, 22, null, null, null, null, null, null, null);

        List<CheckTarget> targets = HealthTargets.of(service(anyPort, RS_11, RS_12), Map.of(
                new ServerRef(anyPort, RS_11, 0), noPort, new ServerRef(anyPort, RS_12, 0), port22));
        assertEquals(List.of(new CheckTarget(new ServerRef(anyPort, RS_12, 0), port22)), targets);
        assertEquals(22, targets.getFirst().endpoint().getPort());
    }

    /**
     * A -g/-i server takes the service's port when added (ipvsadm does the same, and so does
     * ConfigServices), whatever port the config gives it: its check must be keyed on that port, or
     * it would never match a server in the rules.
     */
    @Test
    void aDirectRoutingServerIsCheckedAsTheRulesHoldIt() throws Exception {
        HealthCheckConfig check = Fixtures.tcpCheck(2, OnFailure.REMOVE);
        ServiceConfig config = new ServiceConfig(ServiceConfig.Protocol.TCP, Ipv4Address.parse("203.0.113.100"), 80, null, null, null,
                List.of(new RealServerConfig(Ipv4Address.parse("10.10.0.11"), 8080, ForwardMethod.DR, 1, 0, 0, check),
                        new RealServerConfig(Ipv4Address.parse("10.10.0.12"), 8080, ForwardMethod.NAT, 1, 0, 0, check)));
        RuleEditor editor = new RuleEditor(RuleSet.EMPTY, 16);
        for (Operation op : ConfigServices.operations(List.of(config))) editor.apply(op);

        List<CheckTarget> targets = HealthTargets.of(editor.build());

        ServiceKey http = ServiceKey.tcp(VIP, 80);
        assertEquals(List.of(new ServerRef(http, RS_12, 8080), new ServerRef(http, RS_11, 80)),
                targets.stream().map(CheckTarget::server).toList(), "both checked, in IPVS list order");
    }

    /** One rr service with {@code servers} on its own port (persistent when that is 0, as port 0 needs). */
    private static RuleSet service(ServiceKey key, int... servers) throws Exception {
        RuleEditor editor = new RuleEditor(RuleSet.EMPTY, 16);
        editor.apply(new Operation.AddService(key, new ServiceSettings("rr", Set.of(), key.port() == 0 ? 300 : 0, -1, false)));
        for (int address : servers) {
            editor.apply(new Operation.AddServer(key, new Operation.ServerSpec(address, key.port(), ForwardMethod.DR, 1, 0, 0)));
        }
        return editor.build();
    }
}
