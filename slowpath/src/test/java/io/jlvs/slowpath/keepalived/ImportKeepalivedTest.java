package io.jlvs.slowpath.keepalived;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlvs.model.ForwardMethod;
import io.jlvs.model.SchedulerFlag;
import io.jlvs.slowpath.config.ConfigLoader;
import io.jlvs.slowpath.config.HealthCheckConfig;
import io.jlvs.slowpath.config.HealthCheckConfig.OnFailure;
import io.jlvs.slowpath.config.Ipv4Address;
import io.jlvs.slowpath.config.JlvsConfig;
import io.jlvs.slowpath.config.MachineCores;
import io.jlvs.slowpath.config.PersistenceConfig;
import io.jlvs.slowpath.config.RealServerConfig;
import io.jlvs.slowpath.config.ServiceConfig;
import io.jlvs.slowpath.config.ServiceConfig.Protocol;
import io.jlvs.slowpath.config.ServiceConfig.Scheduler;
import io.jlvs.slowpath.config.TimeoutsConfig;
import io.jlvs.slowpath.config.VrrpConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportKeepalivedTest {
    private static final Path DEBIAN_SAMPLES = Path.of("/usr/share/doc/keepalived/samples");

    /** Ports and cores the converted services need; the conversion appends the rest. */
    private static final String BASE = """
            eal: [--in-memory, --no-pci, --vdev=net_null0]
            ports:
              - name: lan
                device: net_null0
                role: one-arm
                addresses: [10.0.0.1/16, 192.168.200.1/24, 192.168.201.1/24]
            cores:
              control: 0
              workers: [1]
            """;

    @TempDir
    Path dir;

    private record Run(int status, String out, String err) {}

    private Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ImportKeepalived.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    private static JlvsConfig load(String yaml) throws Exception {
        return new ConfigLoader(MachineCores.parse("0-1")).parse("converted.yaml", yaml);
    }

    @Test
    void virtualServerWithChecksBecomesAServiceTheConfigLoaderAccepts() throws Exception {
        Path conf = write("keepalived.conf", """
                ! Configuration File for keepalived
                global_defs {
                   router_id LVS_DEVEL
                   lvs_timeouts tcp 7200 tcpfin 60 udp 30
                }
                virtual_server 10.0.0.100 80 {
                    delay_loop 6
                    lb_algo wrr
                    lb_kind NAT
                    persistence_timeout 50
                    persistence_granularity 255.255.255.0
                    protocol TCP
                    real_server 192.168.200.2 8080 {
                        weight 3
                        inhibit_on_failure
                        HTTP_GET {
                            url {
                              path /health   # what nginx answers
                              status_code 204
                            }
                            connect_timeout 3
                            retry 2
                        }
                    }
                    real_server 192.168.200.3 8080 {
                        weight 1
                        uthreshold 100
                        TCP_CHECK {
                            connect_port 8081
                            connect_timeout 1.5
                        }
                    }
                }
                virtual_server 10.0.0.100 53 {
                    lvs_sched sh
                    sh-port
                    lvs_method DR
                    protocol UDP
                    real_server 10.0.1.5 53
                }
                """);
        Path base = write("base.yaml", BASE);

        Run run = run(conf.toString(), "--base", base.toString());

        assertEquals(0, run.status(), run.err());
        assertEquals(conf + ":3: warning: global_defs router_id does not change what jlvs forwards: dropped\n", run.err());
        assertEquals(BASE + """
                # converted by jlvs import-keepalived from %s
                timeouts:
                  tcp: 7200
                  tcpfin: 60
                  udp: 30
                services:
                  # %s:6: virtual_server 10.0.0.100 80
                  - protocol: tcp
                    vip: 10.0.0.100
                    port: 80
                    scheduler: wrr
                    persistence:
                      timeout: 50
                      netmask: 255.255.255.0
                    real-servers:
                      - address: 192.168.200.2
                        port: 8080
                        method: nat
                        weight: 3
                        health-check:
                          type: http-get
                          path: "/health"
                          status: 204
                          interval-ms: 6000
                          timeout-ms: 3000
                          retries: 3
                          on-failure: quiesce
                      - address: 192.168.200.3
                        port: 8080
                        method: nat
                        weight: 1
                        upper-threshold: 100
                        health-check:
                          type: tcp-connect
                          port: 8081
                          interval-ms: 6000
                          timeout-ms: 1500
                          retries: 2
                          on-failure: remove
                  # %s:34: virtual_server 10.0.0.100 53
                  - protocol: udp
                    vip: 10.0.0.100
                    port: 53
                    scheduler: sh
                    scheduler-flags: [sh-port]
                    real-servers:
                      - address: 10.0.1.5
                        method: dr
                        weight: 1
                """.formatted(conf, conf, conf), run.out());

        JlvsConfig config = load(run.out());
        assertEquals(new TimeoutsConfig(7200, 60, 30), config.timeouts());
        assertEquals(List.of(
                new ServiceConfig(Protocol.TCP, Ipv4Address.parse("10.0.0.100"), 80, Scheduler.WRR, List.of(),
                        new PersistenceConfig(50, Ipv4Address.parse("255.255.255.0")), List.of(
                        new RealServerConfig(Ipv4Address.parse("192.168.200.2"), 8080, ForwardMethod.NAT, 3, 0, 0,
                                new HealthCheckConfig(HealthCheckConfig.Type.HTTP_GET, null, "/health", 204, 6000, 3000, 3,
                                        OnFailure.QUIESCE, null)),
                        new RealServerConfig(Ipv4Address.parse("192.168.200.3"), 8080, ForwardMethod.NAT, 1, 100, 0,
                                new HealthCheckConfig(HealthCheckConfig.Type.TCP_CONNECT, 8081, null, null, 6000, 1500, 2,
                                        OnFailure.REMOVE, null)))),
                new ServiceConfig(Protocol.UDP, Ipv4Address.parse("10.0.0.100"), 53, Scheduler.SH,
                        List.of(SchedulerFlag.SH_PORT), null, List.of(
                        new RealServerConfig(Ipv4Address.parse("10.0.1.5"), 53, ForwardMethod.DR, 1, 0, 0, null)))),
                config.services());
    }

    @Test
    void keepalivedDefaultsAreWrittenOutBecauseJlvsDefaultsDiffer() throws Exception {
        Path conf = write("keepalived.conf", """
                virtual_server 10.0.0.100 443 {
                    persistence_timeout
                    real_server 192.168.200.9 443 {
                        HTTP_GET {
                            url {
                                path /
                                virtualhost www.example.org
                            }
                        }
                    }
                }
                """);
        Run run = run(conf.toString());
        assertEquals(0, run.status(), run.err());
        assertEquals(conf + ":5: warning: no status_code: keepalived accepts 200-299, jlvs's http-get expects one code: 200\n",
                run.err());
        ServiceConfig service = load(BASE + run.out()).services().getFirst();
        assertEquals(Scheduler.WLC, service.scheduler());
        assertEquals(new PersistenceConfig(360, null), service.persistence());
        RealServerConfig server = service.realServers().getFirst();
        assertEquals(ForwardMethod.NAT, server.method());
        assertEquals(new HealthCheckConfig(HealthCheckConfig.Type.HTTP_GET, null, "/", 200, 60_000, 5_000, 2,
                OnFailure.REMOVE, "www.example.org"), server.healthCheck());
    }

    @Test
    void aVersion3VrrpInstanceBecomesAVrrpEntryOnTheMappedPortBesideTheBasesServices() throws Exception {
        Path conf = write("keepalived.conf", """
                global_defs {
                    router_id director_a
                    vrrp_version 3
                    vrrp_garp_master_repeat 3
                }
                vrrp_instance VI_VIP {
                    state MASTER
                    interface eth0
                    virtual_router_id 51
                    priority 150
                    advert_int 0.5
                    nopreempt
                    garp_master_delay 2
                    authentication {
                        auth_type PASS
                        auth_pass secret
                    }
                    virtual_ipaddress {
                        192.168.200.16/24 dev eth0 label eth0:vip
                        192.168.200.17
                        192.168.200.17
                    }
                }
                """);
        // The base keeps its services: a file of vrrp_instance blocks only adds the failover half.
        Path base = write("base.yaml", BASE + """
                services:
                  - {protocol: tcp, vip: 192.168.200.16, port: 80, scheduler: rr,
                     real-servers: [{address: 192.168.200.21, method: dr}]}
                """);
        Run run = run(conf.toString(), "--base", base.toString(), "--port", "eth0=lan");
        assertEquals(0, run.status(), run.err());
        assertEquals(String.join("\n",
                conf + ":2: warning: global_defs router_id does not change what jlvs forwards: dropped",
                conf + ":7: warning: state MASTER: jlvs starts every instance as backup and takes over after the master-down "
                        + "interval when no higher priority advertises (RFC 5798); dropped",
                conf + ":14: warning: authentication: VRRP version 3 has none (RFC 5798; keepalived ignores it for version 3 too); dropped",
                conf + ":19: warning: label names the kernel's interface address, which jlvs has none of: dropped",
                conf + ":21: warning: 192.168.200.17 is listed twice: held once",
                ""), run.err());
        JlvsConfig config = load(run.out());
        assertEquals(1, config.services().size());
        assertEquals(List.of(new VrrpConfig("VI_VIP", "lan", 51, 150, 0.5, null, true, List.of(
                        Ipv4Address.parse("192.168.200.16"), Ipv4Address.parse("192.168.200.17")), 3, 2.0, 0.0)),
                config.vrrp());
        assertTrue(!config.vrrp().getFirst().preempts());
        assertEquals(50, config.vrrp().getFirst().intervalCentis());

        // The same instance in keepalived's default version 2 is refused on its line; an instance's own version wins.
        Path v2 = write("v2.conf", """
                vrrp_instance VI_VIP {
                    interface eth0
                    virtual_router_id 51
                    priority 255
                    virtual_ipaddress {
                        192.168.200.16 dev eth1
                    }
                }
                vrrp_instance VI_OWN {
                    version 3
                    interface eth0
                    virtual_router_id 52
                    virtual_ipaddress {
                        192.168.200.18
                    }
                    track_script {
                        chk_nginx
                    }
                }
                """);
        Run refused = run(v2.toString(), "--port", "eth0=lan");
        assertEquals(2, refused.status());
        assertEquals("", refused.out());
        assertEquals(String.join("\n",
                v2 + ":1: vrrp_instance VI_VIP speaks VRRP version 2 (keepalived's default): jlvs speaks version 3 (RFC 5798) "
                        + "only, and a version-2 peer would not hear it; set vrrp_version 3 in global_defs on every director "
                        + "of this router, then convert",
                v2 + ":4: priority 255 is the address owner's; a director never owns its VIPs: give 1..254",
                v2 + ":6: dev eth1: jlvs holds an instance's addresses on its own interface (eth0); no equivalent",
                v2 + ":16: track_script: jlvs's VRRP tracks nothing but the other routers' adverts; no equivalent",
                "jlvs import-keepalived: 4 line(s) have no equivalent in jlvs; nothing written (--lenient converts the rest)",
                ""), refused.err());

        // A base that already has vrrp instances would get them twice.
        Path withVrrp = write("with-vrrp.yaml", BASE + """
                vrrp:
                  - {name: VI_X, port: lan, vrid: 9, addresses: [192.168.200.99]}
                """);
        Run clash = run(conf.toString(), "--base", withVrrp.toString(), "--port", "eth0=lan");
        assertEquals(2, clash.status());
        assertTrue(clash.err().endsWith(withVrrp + ": already has vrrp instances, and the keepalived file has vrrp_instance "
                + "blocks; keep one of them\n"), clash.err());
        // A malformed --port mapping is a usage error.
        Run usage = run(conf.toString(), "--port", "eth0");
        assertEquals(2, usage.status());
        assertTrue(usage.err().startsWith("jlvs import-keepalived: --port eth0: expected IFACE=PORT"), usage.err());
    }

    @Test
    void whatHasNoEquivalentIsNamedByLineAndNothingIsWritten() throws Exception {
        Path conf = write("keepalived.conf", """
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 50
                }
                virtual_server 10.0.0.100 1358 {
                    lb_kind NAT
                    sorry_server 192.168.200.200 1358
                    real_server 192.168.200.2 1358 {
                        MISC_CHECK {
                            misc_path /usr/local/bin/check.sh
                        }
                        HTTP_GET {
                            url {
                                path /testurl/test.jsp
                                digest 640205b7b0fc66c1ea91c463fac6334d
                            }
                        }
                    }
                }
                virtual_server fwmark 1 {
                }
                """);
        Run run = run(conf.toString());
        assertEquals(2, run.status());
        assertEquals("", run.out());
        assertEquals(String.join("\n",
                conf + ":1: vrrp_instance VI_1 speaks VRRP version 2 (keepalived's default): jlvs speaks version 3 (RFC 5798) only, "
                        + "and a version-2 peer would not hear it; set vrrp_version 3 in global_defs on every director of this router, then convert",
                conf + ":1: vrrp_instance VI_1 has no IPv4 virtual_ipaddress",
                conf + ":7: sorry_server: jlvs has no sorry server (a server used only while the pool is below quorum); no equivalent",
                conf + ":9: MISC_CHECK: jlvs checks with TCP_CHECK and HTTP_GET only; no equivalent",
                conf + ":15: digest: jlvs's http-get compares the status code only; no equivalent",
                conf + ":20: virtual_server fwmark: jlvs's config has no firewall-mark services yet (jlvsadm refuses -f too)",
                "jlvs import-keepalived: 6 line(s) have no equivalent in jlvs; nothing written (--lenient converts the rest)",
                ""), run.err());

        Run lenient = run(conf.toString(), "--lenient");
        assertEquals(0, lenient.status(), lenient.err());
        ServiceConfig service = load(BASE + lenient.out()).services().getFirst();
        assertEquals("/testurl/test.jsp", service.realServers().getFirst().healthCheck().path());
    }

    @Test
    void includesReadInPlaceRelativeToTheIncludingFileAndConditionalLinesFollowTheConfigId() throws Exception {
        write("conf.d/10-web.conf", """
                virtual_server 10.0.0.100 80 {
                    lb_algo rr
                @high    real_server 192.168.200.2 80 {
                @^high   real_server 192.168.200.3 80 {
                        weight 2
                    }
                }
                """);
        write("conf.d/20-dns.conf", """
                virtual_server 10.0.0.100 53 {
                    protocol UDP
                }
                """);
        Path conf = write("keepalived.conf", "include conf.d/*.conf\n");

        Run high = run(conf.toString(), "--config-id", "high");
        assertEquals(0, high.status(), high.err());
        JlvsConfig config = load(BASE + high.out());
        assertEquals(List.of(80, 53), config.services().stream().map(ServiceConfig::port).toList());
        assertEquals("192.168.200.2", config.services().getFirst().realServers().getFirst().address().toString());
        assertTrue(high.out().contains("# " + dir.resolve("conf.d/10-web.conf") + ":1: virtual_server 10.0.0.100 80"), high.out());

        Run other = run(conf.toString());
        assertEquals("192.168.200.3", load(BASE + other.out()).services().getFirst().realServers().getFirst().address().toString());
    }

    @Test
    void aVirtualServerGroupBecomesOneServicePerAddressAsKeepalivedInstallsThem() throws Exception {
        Path conf = write("keepalived.conf", """
                virtual_server_group web {
                    10.0.0.100 80
                    10.0.0.101-103 8080
                }
                virtual_server group web {
                    lb_algo rr
                    lb_kind NAT
                    real_server 192.168.200.2 80 {
                        TCP_CHECK {
                        }
                    }
                }
                """);
        Run run = run(conf.toString());
        assertEquals(0, run.status(), run.err());
        List<String> endpoints = load(BASE + run.out()).services().stream().map(s -> s.vip() + ":" + s.port()).toList();
        assertEquals(List.of("10.0.0.100:80", "10.0.0.101:8080", "10.0.0.102:8080", "10.0.0.103:8080"), endpoints);
    }

    @Test
    void brokenSyntaxNamesTheLine() throws Exception {
        Path conf = write("keepalived.conf", """
                virtual_server 10.0.0.100 80 {
                    real_server 192.168.200.2 80 {
                        weight 1
                }
                """);
        Run run = run(conf.toString());
        assertEquals(2, run.status());
        assertEquals(conf + ":1: the block of 'virtual_server' is never closed\n", run.err());

        Path missing = write("other.conf", "\n\ninclude /nonexistent/keepalived.conf\n");
        assertEquals(missing + ":3: included file /nonexistent/keepalived.conf cannot be read\n", run(missing.toString()).err());
    }

    @Test
    void aConversionTheConfigLoaderRefusesNamesBothFiles() throws Exception {
        Path conf = write("keepalived.conf", """
                virtual_server 10.0.0.100 80 {
                    lb_kind DR
                    real_server 172.16.0.2 80
                }
                """);
        Run run = run(conf.toString(), "--base", write("base.yaml", BASE).toString());
        assertEquals(2, run.status());
        assertTrue(run.err().startsWith("<output>:18: services[0].real-servers[0].address: method dr needs the real server on a port's subnet"), run.err());
        assertTrue(run.err().contains("(from " + conf + ":1)\n"), run.err());
        assertTrue(run.err().endsWith("jlvs import-keepalived: the converted config is refused; nothing written\n"), run.err());
    }

    /**
     * keepalived's own samples (Debian's keepalived package, which scripts/setup.sh installs): each
     * converts, or fails with every problem on a numbered line of that file. Which ones convert is
     * written down, so a change in the mapping shows here.
     */
    @Test
    void debianSamplesConvertOrFailWithNamedLines() throws Exception {
        assertTrue(Files.isDirectory(DEBIAN_SAMPLES), "keepalived's samples are not installed (scripts/setup.sh installs keepalived)");
        Map<String, List<Integer>> errorLines = new TreeMap<>();
        List<Path> samples;
        try (Stream<Path> files = Files.list(DEBIAN_SAMPLES)) {
            samples = files.filter(f -> f.getFileName().toString().startsWith("keepalived.conf.")).sorted().toList();
        }
        assertTrue(samples.size() >= 20, "samples: " + samples);
        for (Path sample : samples) {
            Run run = run(sample.toString(), "--config-id", "high");
            List<Integer> lines = new ArrayList<>();
            for (String line : run.err().lines().toList()) {
                if (line.startsWith(sample + ":") && !line.contains(": warning: ")) {
                    lines.add(Integer.parseInt(line.substring(sample.toString().length() + 1, line.indexOf(':', sample.toString().length() + 1))));
                } else {
                    assertTrue(line.startsWith(sample + ":") || line.startsWith("jlvs import-keepalived: "), sample + ": " + line);
                }
            }
            if (run.status() == 0) {
                load(BASE + run.out());
            } else {
                assertTrue(!lines.isEmpty(), sample + " failed without a named line: " + run.err());
            }
            errorLines.put(sample.getFileName().toString(), lines);
        }
        // Every sample has something jlvs cannot do (SSL_GET, digests, scripts, tracking, fwmark, IPv6), and every
        // vrrp_instance in them speaks keepalived's default VRRP version 2: each named.
        assertEquals("{keepalived.conf.HTTP_GET.port=[22], keepalived.conf.IPv6=[13], keepalived.conf.PING_CHECK=[23], "
                + "keepalived.conf.SMTP_CHECK=[39, 58, 89], keepalived.conf.SSL_GET=[13, 39, 69, 67], "
                + "keepalived.conf.UDP_CHECK=[23], keepalived.conf.conditional_conf=[6, 23, 24, 27], "
                + "keepalived.conf.fwmark=[7], keepalived.conf.inhibit=[26], keepalived.conf.misc_check=[23], "
                + "keepalived.conf.misc_check_arg=[22], keepalived.conf.quorum=[29, 33, 34], "
                + "keepalived.conf.sample=[13, 33, 40], keepalived.conf.status_code=[23], "
                + "keepalived.conf.track_interface=[7, 14, 17, 25, 26, 28], "
                + "keepalived.conf.virtual_server_group=[18, 19, 34, 47], keepalived.conf.virtualhost=[24], "
                + "keepalived.conf.vrrp=[13, 36, 49, 67], "
                + "keepalived.conf.vrrp.localcheck=[11, 19, 24, 30, 36, 42, 50, 55, 64, 72, 77, 85, 94, 103, 114, 124, 134, 144], "
                + "keepalived.conf.vrrp.lvs_syncd=[3, 8, 11, 26, 38], keepalived.conf.vrrp.routes=[7, 15, 22, 23, 25], "
                + "keepalived.conf.vrrp.rules=[9, 14, 21, 22, 24], "
                + "keepalived.conf.vrrp.scripts=[6, 16, 32, 33, 34, 38, 48], "
                + "keepalived.conf.vrrp.static_ipaddress=[7, 13, 21], "
                + "keepalived.conf.vrrp.sync=[3, 18, 25, 35, 45, 54, 63, 73, 83, 93, 103]}", errorLines.toString());
        // What does map, maps to a config the loader accepts: --lenient converts every IPv4 sample.
        // Their interfaces all become the one port of BASE.
        int services = 0;
        int instances = 0;
        for (Path sample : samples) {
            Run lenient = run(sample.toString(), "--lenient", "--config-id", "high",
                    "--port", "eth0=lan", "--port", "eth0.1=lan", "--port", "eth1=lan");
            assertEquals(0, lenient.status(), sample + ": " + lenient.err());
            JlvsConfig converted = load(BASE + lenient.out());
            services += converted.services().size();
            instances += converted.vrrp().size();
        }
        assertEquals(25, services);
        assertEquals(35, instances);
    }
}
