package io.jlvs.slowpath.config;

import io.jlvs.model.ForwardMethod;
import io.jlvs.slowpath.config.HealthCheckConfig.OnFailure;
import io.jlvs.slowpath.config.PortConfig.Role;
import io.jlvs.slowpath.config.ServiceConfig.Protocol;
import io.jlvs.slowpath.config.ServiceConfig.Scheduler;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {
    private static final MachineCores TWO_CORES = MachineCores.parse("0-1");
    private static final MachineCores FOUR_CORES = MachineCores.parse("0-3");

    /** Line numbers matter: the error tests below name them. */
    private static final String VALID = """
            eal: [--in-memory, --no-pci]
            ports:
              - name: lan
                device: net_null0
                role: one-arm
                addresses: [192.0.2.10/24]
                gateway: 192.0.2.1
            cores:
              control: 0
              workers: [1]
            services:
              - protocol: tcp
                vip: 192.0.2.100
                port: 80
                scheduler: wrr
                real-servers:
                  - address: 192.0.2.21
                    method: nat
                    port: 8080
                    weight: 2
            """;

    private static JlvsConfig parse(String yaml) throws ConfigException {
        return new ConfigLoader(TWO_CORES).parse("jlvs.yaml", yaml);
    }

    private static ConfigException rejected(MachineCores cores, String yaml) {
        return assertThrows(ConfigException.class, () -> new ConfigLoader(cores).parse("jlvs.yaml", yaml));
    }

    private static ConfigException rejected(String yaml) {
        return rejected(TWO_CORES, yaml);
    }

    /** {@code VALID} with one line replaced, so that every other line keeps its number. */
    private static String validWith(String line, String replacement) {
        assertTrue(VALID.contains(line + "\n"), "test setup: VALID has no line " + line);
        return VALID.replace(line + "\n", replacement + "\n");
    }

    private static void assertOnlyError(String expected, ConfigException e) {
        assertEquals(expected, e.getMessage());
        assertEquals(1, e.errors().size());
    }

    @Test
    void aValidConfigBindsIntoRecordsWithDefaultsForWhatIsLeftOut() throws ConfigException {
        JlvsConfig config = parse(VALID);

        JlvsConfig expected = new JlvsConfig(
                List.of("--in-memory", "--no-pci"),
                List.of(new PortConfig("lan", "net_null0", Role.ONE_ARM, List.of(Ipv4Prefix.parse("192.0.2.10/24")),
                        null, null, Ipv4Address.parse("192.0.2.1"))),
                new CoresConfig(0, List.of(1)),
                null, null, null, null, null, null,
                List.of(new ServiceConfig(Protocol.TCP, Ipv4Address.parse("192.0.2.100"), 80, Scheduler.WRR,
                        null, null,
                        List.of(new RealServerConfig(Ipv4Address.parse("192.0.2.21"), 8080, ForwardMethod.NAT, 2,
                                null, null, null)))),
                null, null, null, null, null);
        assertEquals(expected, config);
        assertEquals(new SyncConfig(3, 50, 0, 0), config.sync());

        assertEquals(1500, config.ports().get(0).mtu());
        assertEquals(IdleConfig.Strategy.BACKOFF, config.idle().strategy());
        assertEquals(10, config.idle().maxSpins());
        assertNull(config.idle().sleepNs());
        assertEquals(new TimeoutsConfig(900, 120, 300), config.timeouts());
        assertEquals("/run/jlvs/control.sock", config.controlSocket().path().toString());
        assertEquals(0xc0000264, config.services().get(0).vip().bits());
    }

    @Test
    void aRealServerWithoutPortTakesTheServicePortAndDefaultsToDirectRouting() throws ConfigException {
        JlvsConfig config = parse(VALID.replace("        method: nat\n        port: 8080\n", ""));

        RealServerConfig server = config.services().get(0).realServers().get(0);
        assertEquals(80, server.port());
        assertEquals(ForwardMethod.DR, server.method());
    }

    @Test
    void nestedSectionsBindIncludingNeighboursPersistenceAndIdleStrategy() throws ConfigException {
        JlvsConfig config = parse(VALID
                + "    persistence: {timeout: 600, netmask: 255.255.255.0}\n"
                + "neighbours:\n"
                + "  192.0.2.1: \"52:54:00:00:02:01\"\n"
                + "idle: {strategy: sleep, sleep-ns: 50000}\n");

        ServiceConfig service = config.services().get(0);
        assertEquals(new PersistenceConfig(600, Ipv4Address.parse("255.255.255.0")), service.persistence());
        assertEquals(MacAddress.parse("52:54:00:00:02:01"), config.neighbours().get(Ipv4Address.parse("192.0.2.1")));
        assertEquals(new IdleConfig(IdleConfig.Strategy.SLEEP, null, null, null, null, 50_000L), config.idle());
    }

    @Test
    void healthChecksGetKeepalivedLikeDefaults() throws ConfigException {
        JlvsConfig config = parse(VALID + """
                        health-check:
                          type: http-get
                """);

        HealthCheckConfig check = config.services().get(0).realServers().get(0).healthCheck();
        assertEquals(new HealthCheckConfig(HealthCheckConfig.Type.HTTP_GET, null, "/", 200, 5000, 2000, 3,
                OnFailure.REMOVE, null), check);
    }

    // --- the kinds of error the issue names: each message gives file, line and field path ---

    private static final String VRRP = """
            vrrp:
              - name: VI_1
                port: lan
                vrid: 51
                priority: 150
                interval: 0.5
                nopreempt: true
                addresses: [192.0.2.100]
            """;

    @Test
    void vrrpInstancesBindWithKeepalivedDefaults() throws ConfigException {
        JlvsConfig config = parse(VALID + VRRP + "  - {name: VI_2, port: lan, vrid: 52, addresses: [192.0.2.101, 192.0.2.102]}\n");

        VrrpConfig one = config.vrrp().get(0);
        assertEquals(new VrrpConfig("VI_1", "lan", 51, 150, 0.5, null, true,
                List.of(Ipv4Address.parse("192.0.2.100")), 5, 5.0, 0.0), one);
        assertEquals(50, one.intervalCentis());
        assertEquals(false, one.preempts());
        VrrpConfig two = config.vrrp().get(1);
        assertEquals(100, two.priority());
        assertEquals(100, two.intervalCentis());
        assertEquals(true, two.preempts());
        assertEquals(2, two.addresses().size());
    }

    @Test
    void syncPacingTakesTheKernelsSysctlsWithTheirRanges() throws ConfigException {
        String sync = "sync:\n  threshold: 5\n  period: 100\n  refresh-period: 30\n  retries: 2\n";
        assertEquals(new SyncConfig(5, 100, 30, 2), parse(VALID + sync).sync());
        int line = VALID.split("\n", -1).length + 1; // "sync:" is the line after VALID, "threshold" the next
        assertOnlyError("jlvs.yaml:" + line + ": sync.threshold: sync threshold 100 must be >= 0 and below the period (100)",
                rejected(VALID + sync.replace("threshold: 5", "threshold: 100")));
        assertOnlyError("jlvs.yaml:" + (line + 3) + ": sync.retries: sync retries 4 is not in 0..3",
                rejected(VALID + sync.replace("retries: 2", "retries: 4")));
        assertEquals(new SyncConfig(7, 0, 0, 0), parse(VALID + "sync:\n  threshold: 7\n  period: 0\n").sync(),
                "period 0: sent once, at the threshold-th packet");
    }

    @Test
    void badVrrpInstancesAreRejectedNamingTheField() {
        assertOnlyError("jlvs.yaml:23: vrrp[0].port: no port named \"wan\" (ports: [lan])",
                rejected(VALID + VRRP.replace("port: lan", "port: wan")));
        assertOnlyError("jlvs.yaml:24: vrrp[0].vrid: virtual router id 256 is not in 1..255",
                rejected(VALID + VRRP.replace("vrid: 51", "vrid: 256")));
        assertOnlyError("jlvs.yaml:25: vrrp[0].priority: priority 255 is not in 1..254 (255 is the address owner's, which a director is not)",
                rejected(VALID + VRRP.replace("priority: 150", "priority: 255")));
        assertOnlyError("jlvs.yaml:26: vrrp[0].interval: 0.005 s is not a whole number of centiseconds in 0.01..40.95",
                rejected(VALID + VRRP.replace("interval: 0.5", "interval: 0.005")));
        assertOnlyError("jlvs.yaml:28: vrrp[0].addresses[0]: 192.0.2.10 is port lan's own address; a virtual address must be another one",
                rejected(VALID + VRRP.replace("[192.0.2.100]", "[192.0.2.10]")));
        assertOnlyError("jlvs.yaml:29: vrrp[1].vrid: vrid 51 on port lan is already given at vrrp[0].vrid (line 24)",
                rejected(VALID + VRRP + "  - {name: VI_2, port: lan, vrid: 51, addresses: [192.0.2.101]}\n"));
    }

    @Test
    void anUnknownKeyIsRejectedWithItsPathAndLine() {
        ConfigException e = rejected(validWith("    gateway: 192.0.2.1", "    gatway: 192.0.2.1"));

        assertTrue(e.getMessage().startsWith("jlvs.yaml:7: ports[0].gatway: unknown key \"gatway\" (known keys: "),
                e.getMessage());
        assertTrue(e.getMessage().contains("gateway"), "lists the keys that exist: " + e.getMessage());
    }

    @Test
    void anUnknownTopLevelSectionIsRejected() {
        ConfigException e = rejected(VALID + "timeout:\n  tcp: 10\n");

        assertTrue(e.getMessage().startsWith("jlvs.yaml:21: timeout: unknown key \"timeout\""), e.getMessage());
    }

    @Test
    void aBadAddressIsRejectedWithItsPathAndLine() {
        assertOnlyError("jlvs.yaml:6: ports[0].addresses[0]: \"192.0.2.300\" is not an IPv4 address (300 > 255)",
                rejected(validWith("    addresses: [192.0.2.10/24]", "    addresses: [192.0.2.300/24]")));
        assertOnlyError("jlvs.yaml:13: services[0].vip: \"192.0.2\" is not an IPv4 address (expected a.b.c.d)",
                rejected(validWith("    vip: 192.0.2.100", "    vip: 192.0.2")));
    }

    @Test
    void anAddressWithoutPrefixOrWithABadPrefixIsRejected() {
        assertOnlyError("jlvs.yaml:6: ports[0].addresses[0]: \"192.0.2.10\" has no prefix length (expected a.b.c.d/len)",
                rejected(validWith("    addresses: [192.0.2.10/24]", "    addresses: [192.0.2.10]")));
        assertOnlyError("jlvs.yaml:6: ports[0].addresses[0]: \"192.0.2.10/33\": prefix length must be 0..32",
                rejected(validWith("    addresses: [192.0.2.10/24]", "    addresses: [192.0.2.10/33]")));
    }

    @Test
    void aCoreThatDoesNotExistIsRejectedNamingTheMachinesCores() {
        assertOnlyError("jlvs.yaml:10: cores.workers[1]: core 7 does not exist (this machine has cores 0-1)",
                rejected(validWith("  workers: [1]", "  workers: [1, 7]")));
        assertOnlyError("jlvs.yaml:9: cores.control: core 2 does not exist (this machine has cores 0-1)",
                rejected(validWith("  control: 0", "  control: 2")));
    }

    @Test
    void aCoreUsedTwiceIsRejected() {
        assertOnlyError("jlvs.yaml:10: cores.workers[2]: core 1 is already used by cores.workers[0]",
                rejected(FOUR_CORES, validWith("  workers: [1]", "  workers: [1, 2, 1]")));
    }

    @Test
    void theControlCoreCannotAlsoBeAWorker() {
        assertOnlyError("jlvs.yaml:10: cores.workers[0]: core 0 is already used by cores.control"
                        + " (the control core cannot also run a worker)",
                rejected(validWith("  workers: [1]", "  workers: [0]")));
    }

    @Test
    void aPortWithoutAddressesIsRejected() {
        assertOnlyError("jlvs.yaml:6: ports[0].addresses: port \"lan\" has no addresses: give at least one a.b.c.d/len",
                rejected(validWith("    addresses: [192.0.2.10/24]", "    addresses: []")));
        // Left out entirely, the error points at the port.
        assertOnlyError("jlvs.yaml:3: ports[0].addresses: port \"lan\" has no addresses: give at least one a.b.c.d/len",
                rejected(validWith("    addresses: [192.0.2.10/24]", "    mtu: 1500")));
    }

    @Test
    void aBadMacIsRejected() {
        assertOnlyError("jlvs.yaml:22: neighbours[\"192.0.2.1\"]: \"52:54:00:00:02\" is not a MAC address"
                        + " (expected six hex pairs like 52:54:00:12:34:56)",
                rejected(VALID + "neighbours:\n  192.0.2.1: \"52:54:00:00:02\"\n"));
        assertOnlyError("jlvs.yaml:7: ports[0].mac: 01:00:5e:00:00:01 is not a unicast MAC address",
                rejected(validWith("    gateway: 192.0.2.1", "    mac: 01:00:5e:00:00:01")));
    }

    @Test
    void anExceptionPortAndBgpBind() throws ConfigException {
        JlvsConfig c = parse(validWith("eal: [--in-memory, --no-pci]",
                "eal: [--in-memory, --no-pci, \"--vdev=net_tap0,iface=jlvs-k0,mac=02:00:00:00:00:03\"]")
                .replace("    gateway: 192.0.2.1\n", "    gateway: 192.0.2.1\n    exception: net_tap0\n")
                + "bgp:\n  include-file: /run/jlvs/vips.conf\n");
        assertEquals("net_tap0", c.ports().getFirst().exception());
        assertEquals(new BgpConfig(java.nio.file.Path.of("/run/jlvs/vips.conf"), null, null, null, null), c.bgp());
        assertEquals(java.nio.file.Path.of("/run/bird/bird.ctl"), c.bgp().controlSocket());
    }

    @Test
    void anExceptionDeviceMustBeAnEalVdevAndBgpNeedsItsFile() {
        assertOnlyError("jlvs.yaml:7: ports[0].exception: device \"net_tap0\" is not a --vdev in eal: add e.g. "
                        + "--vdev=net_tap0,iface=jlvs-k0,mac=<the port's MAC>",
                rejected(validWith("    gateway: 192.0.2.1", "    exception: net_tap0")));
        String twice = rejected(validWith("    gateway: 192.0.2.1", "    exception: net_null0")).getMessage();
        assertTrue(twice.contains("jlvs.yaml:7: ports[0].exception: device \"net_null0\" is already given at ports[0].device (line 4)"), twice);
        assertOnlyError("jlvs.yaml:21: bgp.include-file: missing: the BIRD file jlvs writes its VIP routes to (bird.conf includes it)",
                rejected(VALID + "bgp:\n  interval-millis: 500\n"));
        assertOnlyError("jlvs.yaml:22: bgp.protocol: \"jlvs-vips\" is not a BIRD protocol name (letters, digits, _)",
                rejected(VALID + "bgp:\n  protocol: jlvs-vips\n  include-file: /run/v.conf\n"));
    }

    @Test
    void aBadMethodIsRejectedListingTheMethods() {
        assertOnlyError("jlvs.yaml:18: services[0].real-servers[0].method: \"masq\" is not one of: nat, dr, tun",
                rejected(validWith("        method: nat", "        method: masq")));
    }

    @Test
    void aBadSchedulerIsRejectedListingTheSchedulers() {
        assertOnlyError("jlvs.yaml:15: services[0].scheduler: \"wrrr\" is not one of: rr, wrr, lc, wlc, sed, nq,"
                        + " lblc, lblcr, dh, sh, mh, fo, ovf, twos",
                rejected(validWith("    scheduler: wrr", "    scheduler: wrrr")));
    }

    @Test
    void synDefenceBindsIntoTheFastPathsSettings() throws ConfigException {
        JlvsConfig config = parse(VALID + "syn-defence:\n  drop-entry: true\n  secure-tcp: auto\n  rate-limit-per-second: 200\n");
        assertEquals(new io.jlvs.fastpath.SynDefenceSettings(true, io.jlvs.fastpath.SynDefenceSettings.AUTO, 75, 3, 24, 200, 64, 0),
                config.synDefence().settings());
        assertEquals(io.jlvs.fastpath.SynDefenceSettings.NONE, parse(VALID).synDefence().settings());
    }

    @Test
    void badSynDefenceValuesAreRejectedWithTheirLines() {
        ConfigException e = rejected(VALID + "syn-defence:\n  secure-tcp: sometimes\n  pressure-percent: 0\n");
        assertEquals(2, e.errors().size(), e.getMessage());
        assertTrue(e.getMessage().contains("jlvs.yaml:22: syn-defence.secure-tcp: \"sometimes\" is not off, auto or always"), e.getMessage());
        assertTrue(e.getMessage().contains("jlvs.yaml:23: syn-defence.pressure-percent: 0 is outside 1..100"), e.getMessage());
    }

    @Test
    void badYamlSyntaxIsRejectedWithItsLine() {
        ConfigException e = rejected(validWith("    vip: 192.0.2.100", "    vip: [192.0.2.100"));

        ConfigError error = e.errors().get(0);
        assertEquals(1, e.errors().size());
        assertTrue(error.message().startsWith("YAML syntax error: "), error.message());
        assertTrue(error.line() >= 13, "at or after the open bracket: " + e.getMessage());
        assertTrue(e.getMessage().startsWith("jlvs.yaml:" + error.line() + ": services[0]"), e.getMessage());
    }

    @Test
    void aKeyGivenTwiceIsRejected() {
        assertOnlyError("jlvs.yaml:10: cores.control: duplicate key 'control'",
                rejected(validWith("  workers: [1]", "  control: 1")));
    }

    // --- other values the validation catches ---

    @Test
    void aValueOfTheWrongShapeIsRejected() {
        assertOnlyError("jlvs.yaml:10: cores.workers: expected a list",
                rejected(validWith("  workers: [1]", "  workers: {first: 1}")));
        assertOnlyError("jlvs.yaml:14: services[0].port: \"http\" is not a whole number",
                rejected(validWith("    port: 80", "    port: http")));
    }

    @Test
    void portsMustBeIn1To65535() {
        assertOnlyError("jlvs.yaml:19: services[0].real-servers[0].port: port 70000 is not in 1..65535",
                rejected(validWith("        port: 8080", "        port: 70000")));
    }

    @Test
    void portZeroIsOnlyForPersistentServices() {
        assertOnlyError("jlvs.yaml:14: services[0].port: port 0 (every port) needs persistence, as in ipvsadm",
                rejected(validWith("    port: 80", "    port: 0").replace("        port: 8080\n", "")));
    }

    @Test
    void weightsMustNotBeNegative() {
        assertOnlyError("jlvs.yaml:20: services[0].real-servers[0].weight: -1 is less than 0",
                rejected(validWith("        weight: 2", "        weight: -1")));
    }

    @Test
    void directRoutingCannotChangeThePort() {
        assertOnlyError("jlvs.yaml:19: services[0].real-servers[0].port: method dr cannot change the port"
                        + " (8080 != service port 80); only nat can",
                rejected(validWith("        method: nat", "        method: dr")));
    }

    @Test
    void schedulerFlagsMustBelongToTheScheduler() {
        // Without a scheduler key the service gets IPVS's default, wlc.
        assertOnlyError("jlvs.yaml:15: services[0].scheduler-flags[0]: flag sh-port needs scheduler sh, not wlc",
                rejected(validWith("    scheduler: wrr", "    scheduler-flags: [sh-port]")));
    }

    @Test
    void duplicateServicesAndRealServersAreRejected() {
        String twice = VALID + """
                  - protocol: tcp
                    vip: 192.0.2.100
                    port: 80
                    real-servers:
                      - address: 192.0.2.22
                        method: nat
                      - address: 192.0.2.22
                        method: nat
                """;
        ConfigException e = rejected(twice);

        assertEquals(List.of(
                "jlvs.yaml:21: services[1]: service tcp 192.0.2.100:80 is already given at services[0] (line 12)",
                "jlvs.yaml:27: services[1].real-servers[1]: real server 192.0.2.22:80 is already given at"
                        + " services[1].real-servers[0] (line 25)"),
                e.errors().stream().map(ConfigError::toString).toList());
    }

    @Test
    void aTwoArmLayoutNeedsBothSides() {
        assertOnlyError("jlvs.yaml:2: ports: a two-arm layout needs an external and an internal port; only external given",
                rejected(validWith("    role: one-arm", "    role: external")));
    }

    @Test
    void theGatewayMustBeOnThePortsSubnet() {
        assertOnlyError("jlvs.yaml:7: ports[0].gateway: gateway 198.51.100.1 is in none of the port's subnets [192.0.2.10/24]",
                rejected(validWith("    gateway: 192.0.2.1", "    gateway: 198.51.100.1")));
    }

    @Test
    void idleParametersMustMatchTheStrategy() {
        assertOnlyError("jlvs.yaml:23: idle.sleep-ns: applies only to the sleep strategy",
                rejected(VALID + "idle:\n  strategy: busy-spin\n  sleep-ns: 1000\n"));
    }

    @Test
    void missingRequiredSectionsAreNamed() {
        ConfigException e = rejected("eal: []\n");

        assertEquals(List.of(
                "jlvs.yaml:1: ports: at least one port is needed",
                "jlvs.yaml:1: cores: missing: give the control core and the worker cores (this machine has cores 0-1)"),
                e.errors().stream().map(ConfigError::toString).toList());
    }

    @Test
    void everyErrorInTheFileIsReportedNotOnlyTheFirst() {
        String manyMistakes = VALID
                .replace("    role: one-arm\n", "    role: middle\n")
                .replace("  workers: [1]\n", "  workers: [1, 7]\n  spare: 2\n")
                .replace("        method: nat\n", "        method: masq\n")
                + "timeouts:\n  tcp: 0\n";

        ConfigException e = rejected(manyMistakes);

        assertEquals(List.of(
                "jlvs.yaml:5: ports[0].role: \"middle\" is not one of: external, internal, one-arm",
                "jlvs.yaml:10: cores.workers[1]: core 7 does not exist (this machine has cores 0-1)",
                "jlvs.yaml:11: cores.spare: unknown key \"spare\" (known keys: control, workers)",
                "jlvs.yaml:19: services[0].real-servers[0].method: \"masq\" is not one of: nat, dr, tun",
                "jlvs.yaml:23: timeouts.tcp: 0 is less than 1"),
                e.errors().stream().map(ConfigError::toString).toList());
    }

    @Test
    void everyValidationErrorIsReportedNotOnlyTheFirst() {
        ConfigException e = rejected(validWith("  workers: [1]", "  workers: [5, 0]")
                .replace("    addresses: [192.0.2.10/24]\n", "    addresses: []\n"));

        assertEquals(List.of(6, 10, 10), e.errors().stream().map(ConfigError::line).toList(), e.getMessage());
    }

    @Test
    void anEmptyFileIsRejected() {
        assertOnlyError("jlvs.yaml: the file holds no settings", rejected(""));
        assertOnlyError("jlvs.yaml: the file holds no settings", rejected("---\n# nothing but a comment\n"));
    }

    @Test
    void ealMustNotChooseTheCoresItself() {
        assertOnlyError("jlvs.yaml:1: eal[1]: -l is set by jlvs from cores.control and cores.workers: leave it out",
                rejected(validWith("eal: [--in-memory, --no-pci]", "eal: [--in-memory, -l, '0-1']")));
        assertOnlyError("jlvs.yaml:1: eal[0]: --lcores is set by jlvs from cores.control and cores.workers: leave it out",
                rejected(validWith("eal: [--in-memory, --no-pci]", "eal: [--lcores=0@0]")));
    }

    @Test
    void twoPortsCannotShareADevice() {
        String twoPorts = validWith("    role: one-arm", "    role: external")
                .replace("cores:\n", "  - name: lan2\n"
                        + "    device: net_null0\n"
                        + "    role: internal\n"
                        + "    addresses: [10.0.0.1/24]\n"
                        + "cores:\n");

        assertOnlyError("jlvs.yaml:9: ports[1].device: device \"net_null0\" is already given at ports[0].device (line 4)",
                rejected(twoPorts));
    }

    @Test
    void staticNeighboursMustBeOnAPortsSubnet() {
        assertOnlyError("jlvs.yaml:22: neighbours[\"198.51.100.7\"]: neighbour 198.51.100.7 is on none of the ports'"
                        + " subnets [192.0.2.10/24]",
                rejected(VALID + "neighbours:\n  198.51.100.7: 52:54:00:00:00:07\n"));
    }

    @Test
    void directRoutingNeedsTheRealServerOnAPortsSubnet() {
        assertOnlyError("jlvs.yaml:17: services[0].real-servers[0].address: method dr needs the real server on a"
                        + " port's subnet; 198.51.100.21 is on none of [192.0.2.10/24]",
                rejected(validWith("      - address: 192.0.2.21", "      - address: 198.51.100.21")
                        .replace("        method: nat\n        port: 8080\n", "        method: dr\n        port: 80\n")));
    }
}
