package io.jlvs.slowpath.config;

import io.jlvs.model.ForwardMethod;
import io.jlvs.model.SchedulerFlag;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The checks that need more than one value at a time, or the machine: ranges, cores, layout,
 * duplicates. Every problem is collected with the path and line of the field it concerns.
 */
final class ConfigValidator {
    private static final int MIN_MTU = 68;
    private static final int MAX_MTU = 9216;

    private final String file;
    private final SourceLines lines;
    private final MachineCores machineCores;
    private final List<ConfigError> errors = new ArrayList<>();

    ConfigValidator(String file, SourceLines lines, MachineCores machineCores) {
        this.file = file;
        this.lines = lines;
        this.machineCores = machineCores;
    }

    List<ConfigError> validate(JlvsConfig config) {
        validateEal(config.eal());
        validatePorts(config.ports());
        validateCores(config.cores());
        validateIdle(config.idle());
        atLeast("tables.connections-per-worker", config.tables().connectionsPerWorker(), 1);
        atLeast("tables.templates", config.tables().templates(), 1);
        atLeast("timeouts.tcp", config.timeouts().tcp(), 1);
        atLeast("timeouts.tcpfin", config.timeouts().tcpfin(), 1);
        atLeast("timeouts.udp", config.timeouts().udp(), 1);
        validateSynDefence(config.synDefence());
        if (!config.journalDir().isAbsolute()) {
            error("journal-dir", "\"" + config.journalDir() + "\" must be an absolute path");
        }
        if (config.metrics() != null) {
            portNumber("metrics.port", config.metrics().port());
        }
        if (!config.controlSocket().path().isAbsolute()) {
            error("control-socket.path", "\"" + config.controlSocket().path() + "\" must be an absolute path");
        }
        List<Ipv4Prefix> subnets = config.ports().stream()
                .filter(Objects::nonNull)
                .flatMap(port -> port.addresses().stream())
                .filter(Objects::nonNull)
                .toList();
        validateNeighbours(config.neighbours(), subnets);
        validateServices(config.services(), subnets);
        validateVrrp(config.vrrp(), config.ports());
        validateSync(config.sync());
        validateExceptions(config.eal(), config.ports());
        if (config.bgp() != null) validateBgp(config.bgp());
        return errors;
    }

    /** jlvs derives EAL's cores from {@code cores}; a second opinion in {@code eal} would conflict. */
    private void validateEal(List<String> eal) {
        for (int i = 0; i < eal.size(); i++) {
            String argument = eal.get(i);
            if (!required("eal[" + i + "]", argument)) {
                continue;
            }
            String option = argument.split("=", 2)[0];
            if (List.of("-l", "-c", "--lcores", "--main-lcore", "--master-lcore").contains(option)) {
                error("eal[" + i + "]", option + " is set by jlvs from cores.control and cores.workers: leave it out");
            }
        }
    }

    private void validatePorts(List<PortConfig> ports) {
        if (ports.isEmpty()) {
            error("ports", "at least one port is needed");
            return;
        }
        Map<String, String> pathByName = new HashMap<>();
        Map<String, String> pathByDevice = new HashMap<>();
        Map<Ipv4Address, String> pathByAddress = new HashMap<>();
        boolean oneArm = false;
        boolean external = false;
        boolean internal = false;
        for (int i = 0; i < ports.size(); i++) {
            String at = "ports[" + i + "]";
            PortConfig port = ports.get(i);
            if (port == null) {
                error(at, "empty entry");
                continue;
            }
            if (required(at + ".name", port.name())) {
                unique(at + ".name", port.name(), "port name \"" + port.name() + "\"", pathByName);
            }
            if (required(at + ".device", port.device())) {
                unique(at + ".device", port.device(), "device \"" + port.device() + "\"", pathByDevice);
            }
            if (port.exception() != null) {
                if (port.exception().isBlank()) {
                    error(at + ".exception", "empty device: give the name of a net_tap vdev from eal, e.g. net_tap0");
                } else {
                    unique(at + ".exception", port.exception(), "device \"" + port.exception() + "\"", pathByDevice);
                }
            }
            if (required(at + ".role", port.role())) {
                oneArm |= port.role() == PortConfig.Role.ONE_ARM;
                external |= port.role() == PortConfig.Role.EXTERNAL;
                internal |= port.role() == PortConfig.Role.INTERNAL;
            }
            if (port.addresses().isEmpty()) {
                error(at + ".addresses", "port \"" + port.name() + "\" has no addresses: give at least one a.b.c.d/len");
            }
            for (int a = 0; a < port.addresses().size(); a++) {
                Ipv4Prefix address = port.addresses().get(a);
                if (required(at + ".addresses[" + a + "]", address)) {
                    unique(at + ".addresses[" + a + "]", address.address(), "address " + address.address(), pathByAddress);
                }
            }
            if (port.mtu() < MIN_MTU || port.mtu() > MAX_MTU) {
                error(at + ".mtu", "MTU " + port.mtu() + " is not in " + MIN_MTU + ".." + MAX_MTU);
            }
            if (port.mac() != null) {
                unicastMac(at + ".mac", port.mac());
            }
            if (port.gateway() != null && !port.addresses().isEmpty() && !port.addresses().contains(null)
                    && port.addresses().stream().noneMatch(prefix -> prefix.contains(port.gateway()))) {
                error(at + ".gateway", "gateway " + port.gateway() + " is in none of the port's subnets " + port.addresses());
            }
        }
        if (ports.stream().anyMatch(port -> port == null || port.role() == null)) {
            return; // the layout is unknown until every role is
        }
        if (oneArm && (external || internal)) {
            error("ports", "a one-arm port cannot be combined with external or internal ports");
        } else if (external != internal) {
            error("ports", "a two-arm layout needs an external and an internal port; only "
                    + (external ? "external" : "internal") + " given");
        }
    }

    private void validateCores(CoresConfig cores) {
        if (cores == null) {
            error("cores", "missing: give the control core and the worker cores (this machine has cores " + machineCores + ")");
            return;
        }
        Map<Integer, String> pathByCore = new HashMap<>();
        if (required("cores.control", cores.control())) {
            existingCore("cores.control", cores.control());
            pathByCore.put(cores.control(), "cores.control");
        }
        if (cores.workers().isEmpty()) {
            error("cores.workers", "at least one worker core is needed");
        }
        for (int i = 0; i < cores.workers().size(); i++) {
            String at = "cores.workers[" + i + "]";
            Integer core = cores.workers().get(i);
            if (!required(at, core)) {
                continue;
            }
            existingCore(at, core);
            String previous = pathByCore.putIfAbsent(core, at);
            if (previous != null) {
                error(at, "core " + core + " is already used by " + previous
                        + (previous.equals("cores.control") ? " (the control core cannot also run a worker)" : ""));
            }
        }
    }

    private void existingCore(String at, int core) {
        if (!machineCores.has(core)) {
            error(at, "core " + core + " does not exist (this machine has cores " + machineCores + ")");
        }
    }

    private void validateIdle(IdleConfig idle) {
        IdleConfig.Strategy strategy = idle.strategy();
        if (strategy != IdleConfig.Strategy.BACKOFF) {
            onlyFor("idle.max-spins", idle.maxSpins(), "backoff");
            onlyFor("idle.max-yields", idle.maxYields(), "backoff");
            onlyFor("idle.min-park-ns", idle.minParkNs(), "backoff");
            onlyFor("idle.max-park-ns", idle.maxParkNs(), "backoff");
        } else {
            atLeast("idle.max-spins", idle.maxSpins(), 0);
            atLeast("idle.max-yields", idle.maxYields(), 0);
            atLeast("idle.min-park-ns", idle.minParkNs(), 1);
            if (idle.maxParkNs() < idle.minParkNs()) {
                error("idle.max-park-ns", idle.maxParkNs() + " is less than min-park-ns " + idle.minParkNs());
            }
        }
        if (strategy != IdleConfig.Strategy.SLEEP) {
            onlyFor("idle.sleep-ns", idle.sleepNs(), "sleep");
        } else {
            atLeast("idle.sleep-ns", idle.sleepNs(), 1);
        }
    }

    private void onlyFor(String at, Number value, String strategy) {
        if (value != null) {
            error(at, "applies only to the " + strategy + " strategy");
        }
    }

    private void validateNeighbours(Map<Ipv4Address, MacAddress> neighbours, List<Ipv4Prefix> subnets) {
        neighbours.forEach((ip, mac) -> {
            String at = SourceLines.child("neighbours", String.valueOf(ip));
            if (required(at, mac)) {
                unicastMac(at, mac);
            }
            if (ip != null && !onLink(ip, subnets)) {
                error(at, "neighbour " + ip + " is on none of the ports' subnets " + subnets);
            }
        });
    }

    private static boolean onLink(Ipv4Address address, List<Ipv4Prefix> subnets) {
        return subnets.stream().anyMatch(subnet -> subnet.contains(address));
    }

    private void validateServices(List<ServiceConfig> services, List<Ipv4Prefix> subnets) {
        Map<String, String> pathByService = new HashMap<>();
        for (int i = 0; i < services.size(); i++) {
            String at = "services[" + i + "]";
            ServiceConfig service = services.get(i);
            if (service == null) {
                error(at, "empty entry");
                continue;
            }
            boolean identified = required(at + ".protocol", service.protocol())
                    & required(at + ".vip", service.vip())
                    & required(at + ".port", service.port());
            if (service.port() != null && service.port() != 0) {
                portNumber(at + ".port", service.port());
            } else if (service.port() != null && service.persistence() == null) {
                error(at + ".port", "port 0 (every port) needs persistence, as in ipvsadm");
            }
            if (identified) {
                String name = service.protocol().configName() + " " + service.vip() + ":" + service.port();
                unique(at, name, "service " + name, pathByService);
            }
            for (int f = 0; f < service.schedulerFlags().size(); f++) {
                SchedulerFlag flag = service.schedulerFlags().get(f);
                if (required(at + ".scheduler-flags[" + f + "]", flag) && !flag.scheduler().equals(service.scheduler().configName())) {
                    error(at + ".scheduler-flags[" + f + "]", "flag " + flag.ipvsadmName() + " needs scheduler "
                            + flag.scheduler() + ", not " + service.scheduler().configName());
                }
            }
            if (service.persistence() != null) {
                atLeast(at + ".persistence.timeout", service.persistence().timeout(), 1);
                if (service.persistence().netmask().netmaskLength() < 0) {
                    error(at + ".persistence.netmask", service.persistence().netmask() + " is not a netmask (ones must be contiguous)");
                }
            }
            validateRealServers(at, service, subnets);
        }
    }

    private void validateRealServers(String serviceAt, ServiceConfig service, List<Ipv4Prefix> subnets) {
        Map<String, String> pathByServer = new HashMap<>();
        for (int i = 0; i < service.realServers().size(); i++) {
            String at = serviceAt + ".real-servers[" + i + "]";
            RealServerConfig server = service.realServers().get(i);
            if (server == null) {
                error(at, "empty entry");
                continue;
            }
            if (required(at + ".address", server.address()) && server.port() != null) {
                String name = server.address() + ":" + server.port();
                unique(at, name, "real server " + name, pathByServer);
            }
            if (server.address() != null && server.method() == ForwardMethod.DR && !onLink(server.address(), subnets)) {
                // DR rewrites only the Ethernet header: the server must be one hop away.
                error(at + ".address", "method dr needs the real server on a port's subnet; "
                        + server.address() + " is on none of " + subnets);
            }
            if (server.port() != null && service.port() != null) {
                if (service.port() == 0) {
                    if (server.port() != 0) {
                        error(at + ".port", "a port-0 service forwards every port unchanged: leave the real server's port out");
                    }
                } else if (portNumber(at + ".port", server.port()) && server.method() != ForwardMethod.NAT
                        && !server.port().equals(service.port())) {
                    error(at + ".port", "method " + ConfigName.spelling(server.method()) + " cannot change the port ("
                            + server.port() + " != service port " + service.port() + "); only nat can");
                }
            }
            atLeast(at + ".weight", server.weight(), 0);
            atLeast(at + ".upper-threshold", server.upperThreshold(), 0);
            atLeast(at + ".lower-threshold", server.lowerThreshold(), 0);
            if (server.upperThreshold() > 0 && server.lowerThreshold() > server.upperThreshold()) {
                error(at + ".lower-threshold", server.lowerThreshold() + " is above upper-threshold " + server.upperThreshold());
            }
            if (server.healthCheck() != null) {
                validateHealthCheck(at + ".health-check", server.healthCheck());
            }
        }
    }

    private void validateHealthCheck(String at, HealthCheckConfig check) {
        for (HealthCheckConfig.Problem problem : check.problems()) error(at + "." + problem.field(), problem.message());
    }

    /** The kernel's checks of the sysctls (proc_do_sync_threshold, sync_retries' 0..3). */
    private void validateSync(SyncConfig sync) {
        if (sync.period() < 0) {
            error("sync.period", "sync period " + sync.period() + " must be >= 0");
        } else if (sync.threshold() < 0 || (sync.period() > 0 && sync.threshold() >= sync.period())) {
            error("sync.threshold", "sync threshold " + sync.threshold() + " must be >= 0 and below the period (" + sync.period() + ")");
        }
        if (sync.refreshPeriod() < 0 || sync.refreshPeriod() > 2_000_000) {
            error("sync.refresh-period", sync.refreshPeriod() + " s is not in 0..2000000");
        }
        if (sync.retries() < 0 || sync.retries() > 3) error("sync.retries", "sync retries " + sync.retries() + " is not in 0..3");
    }

    private void validateVrrp(List<VrrpConfig> instances, List<PortConfig> ports) {
        Map<String, String> pathByName = new HashMap<>();
        Map<String, String> pathByPortVrid = new HashMap<>();
        Map<Ipv4Address, String> pathByAddress = new HashMap<>();
        for (int i = 0; i < instances.size(); i++) {
            String at = "vrrp[" + i + "]";
            VrrpConfig v = instances.get(i);
            if (v == null) {
                error(at, "empty entry");
                continue;
            }
            if (required(at + ".name", v.name())) {
                unique(at + ".name", v.name(), "vrrp instance name \"" + v.name() + "\"", pathByName);
            }
            PortConfig port = null;
            if (required(at + ".port", v.port())) {
                port = ports.stream().filter(p -> p != null && v.port().equals(p.name())).findFirst().orElse(null);
                if (port == null) {
                    error(at + ".port", "no port named \"" + v.port() + "\" (ports: "
                            + ports.stream().filter(Objects::nonNull).map(PortConfig::name).toList() + ")");
                }
            }
            if (required(at + ".vrid", v.vrid())) {
                if (v.vrid() < 1 || v.vrid() > 255) {
                    error(at + ".vrid", "virtual router id " + v.vrid() + " is not in 1..255");
                } else if (v.port() != null) {
                    unique(at + ".vrid", v.port() + "/" + v.vrid(), "vrid " + v.vrid() + " on port " + v.port(), pathByPortVrid);
                }
            }
            if (v.priority() < 1 || v.priority() > 254) {
                error(at + ".priority", "priority " + v.priority() + " is not in 1..254 (255 is the address owner's, which a director is not)");
            }
            if (v.intervalCentis() < 1 || v.intervalCentis() > 4095 || Math.abs(v.interval() * 100 - v.intervalCentis()) > 1e-6) {
                error(at + ".interval", v.interval() + " s is not a whole number of centiseconds in 0.01..40.95");
            }
            if (v.preempt() != null && v.nopreempt() != null && v.preempt() == v.nopreempt()) {
                error(at + ".nopreempt", "contradicts preempt: " + v.preempt());
            }
            if (v.addresses().isEmpty()) {
                error(at + ".addresses", "no virtual addresses: give at least one a.b.c.d");
            } else if (v.addresses().size() > 255) {
                error(at + ".addresses", v.addresses().size() + " addresses: an advert carries at most 255");
            }
            for (int a = 0; a < v.addresses().size(); a++) {
                Ipv4Address address = v.addresses().get(a);
                String aat = at + ".addresses[" + a + "]";
                if (!required(aat, address)) {
                    continue;
                }
                unique(aat, address, "virtual address " + address, pathByAddress);
                if (port != null && port.addresses().stream().anyMatch(p -> p != null && p.address().equals(address))) {
                    error(aat, address + " is port " + port.name() + "'s own address; a virtual address must be another one");
                }
            }
            atLeast(at + ".garp-master-repeat", v.garpMasterRepeat(), 0);
            if (v.garpMasterDelay() < 0) error(at + ".garp-master-delay", v.garpMasterDelay() + " is less than 0");
            if (v.garpMasterRefresh() < 0) error(at + ".garp-master-refresh", v.garpMasterRefresh() + " is less than 0");
        }
    }

    private boolean portNumber(String at, int port) {
        if (port < 1 || port > 65535) {
            error(at, "port " + port + " is not in 1..65535");
            return false;
        }
        return true;
    }

    private void unicastMac(String at, MacAddress mac) {
        if (mac.isZero() || mac.isMulticast()) {
            error(at, mac + " is not a unicast MAC address");
        }
    }

    private void validateSynDefence(SynDefenceConfig d) {
        if (!java.util.List.of("off", "auto", "always").contains(d.secureTcp())) {
            error("syn-defence.secure-tcp", "\"" + d.secureTcp() + "\" is not off, auto or always");
        }
        between("syn-defence.pressure-percent", d.pressurePercent(), 1, 100);
        between("syn-defence.embryonic-timeout", d.embryonicTimeout(), 1, 3600);
        between("syn-defence.rate-limit-prefix", d.rateLimitPrefix(), 0, 32);
        between("syn-defence.rate-limit-per-second", d.rateLimitPerSecond(), 0, 10_000_000);
        between("syn-defence.rate-limit-burst", d.rateLimitBurst(), 1, 10_000_000);
        between("syn-defence.rate-limit-total-per-second", d.rateLimitTotalPerSecond(), 0, 100_000_000);
    }

    private void between(String at, long value, long minimum, long maximum) {
        if (value < minimum || value > maximum) {
            error(at, value + " is outside " + minimum + ".." + maximum);
        }
    }

    private void atLeast(String at, long value, long minimum) {
        if (value < minimum) {
            error(at, value + " is less than " + minimum);
        }
    }

    private boolean required(String at, Object value) {
        if (value == null) {
            error(at, "missing");
            return false;
        }
        return true;
    }

    /** Records {@code key} as seen at {@code at}; a second sighting is an error naming the first. */
    /** An exception device must be one of eal's vdevs: EAL creates it, jlvs only opens it. */
    private void validateExceptions(List<String> eal, List<PortConfig> ports) {
        for (int i = 0; i < ports.size(); i++) {
            PortConfig port = ports.get(i);
            if (port == null || port.exception() == null || port.exception().isBlank()) continue;
            String prefix = "--vdev=" + port.exception() + ",";
            boolean given = eal.stream().filter(Objects::nonNull)
                    .anyMatch(a -> a.startsWith(prefix) || a.equals("--vdev=" + port.exception()));
            if (!given) {
                error("ports[" + i + "].exception", "device \"" + port.exception() + "\" is not a --vdev in eal: add e.g. "
                        + "--vdev=" + port.exception() + ",iface=jlvs-k" + i + ",mac=<the port's MAC>");
            }
        }
    }

    private void validateBgp(BgpConfig bgp) {
        if (bgp.includeFile() == null) {
            error("bgp.include-file", "missing: the BIRD file jlvs writes its VIP routes to (bird.conf includes it)");
        } else if (!bgp.includeFile().isAbsolute()) {
            error("bgp.include-file", "\"" + bgp.includeFile() + "\" must be an absolute path");
        }
        if (!bgp.controlSocket().isAbsolute()) {
            error("bgp.control-socket", "\"" + bgp.controlSocket() + "\" must be an absolute path");
        }
        if (!bgp.protocol().matches("[A-Za-z_][A-Za-z0-9_]*")) {
            error("bgp.protocol", "\"" + bgp.protocol() + "\" is not a BIRD protocol name (letters, digits, _)");
        }
        if (bgp.intervalMillis() < 50 || bgp.intervalMillis() > 60_000) {
            error("bgp.interval-millis", bgp.intervalMillis() + " is not in 50..60000");
        }
    }

    private <K> void unique(String at, K key, String what, Map<K, String> seen) {
        String previous = seen.putIfAbsent(key, at);
        if (previous != null) {
            error(at, what + " is already given at " + previous + " (line " + lines.lineOf(previous) + ")");
        }
    }

    private void error(String at, String message) {
        errors.add(new ConfigError(file, lines.lineOf(at), at, message));
    }
}
