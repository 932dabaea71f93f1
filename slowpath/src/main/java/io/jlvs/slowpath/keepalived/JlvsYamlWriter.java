package io.jlvs.slowpath.keepalived;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.jlvs.slowpath.config.ConfigName;
import io.jlvs.slowpath.config.HealthCheckConfig;
import io.jlvs.slowpath.config.PersistenceConfig;
import io.jlvs.slowpath.config.RealServerConfig;
import io.jlvs.slowpath.config.ServiceConfig;
import io.jlvs.slowpath.config.TimeoutsConfig;
import io.jlvs.slowpath.config.VrrpConfig;
import io.jlvs.slowpath.keepalived.KeepalivedImport.ConvertedService;
import io.jlvs.slowpath.keepalived.KeepalivedImport.ConvertedVrrp;
import io.jlvs.slowpath.keepalived.KeepalivedSyntax.Source;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes converted services as the {@code timeouts:}, {@code services:} and {@code vrrp:} sections of a jlvs
 * config (examples/README.md), every key spelled out, each service under a comment naming the
 * keepalived line it came from. Remembers which keepalived statement each written line belongs
 * to, so that a config error in the result can name the keepalived line too.
 */
final class JlvsYamlWriter {
    private final StringBuilder text = new StringBuilder();
    private final List<Source> lineSources = new ArrayList<>();
    private Source current;

    /** @param firstLine the line of the output this text starts at (after a base config) */
    JlvsYamlWriter(int firstLine) {
        for (int i = 1; i < firstLine; i++) {
            lineSources.add(null);
        }
    }

    String text() {
        return text.toString();
    }

    /** The keepalived statement output line {@code line} (1-based) was written for; null for none. */
    Source sourceOf(int line) {
        return line >= 1 && line <= lineSources.size() ? lineSources.get(line - 1) : null;
    }

    void comment(String comment) {
        line("# " + comment);
    }

    void timeouts(TimeoutsConfig timeouts, Source source) {
        current = source;
        line("timeouts:");
        line("  tcp: " + timeouts.tcp());
        line("  tcpfin: " + timeouts.tcpfin());
        line("  udp: " + timeouts.udp());
        current = null;
    }

    void services(List<ConvertedService> services) {
        if (services.isEmpty()) {
            line("services: []");
            return;
        }
        line("services:");
        for (ConvertedService converted : services) {
            current = converted.source();
            ServiceConfig service = converted.service();
            line("  # " + converted.source() + ": " + converted.keepalivedText());
            line("  - protocol: " + service.protocol().configName());
            line("    vip: " + service.vip());
            line("    port: " + service.port());
            line("    scheduler: " + service.scheduler().configName());
            if (!service.schedulerFlags().isEmpty()) {
                line("    scheduler-flags: [" + service.schedulerFlags().stream()
                        .map(ConfigName::spelling).collect(Collectors.joining(", ")) + "]");
            }
            PersistenceConfig persistence = service.persistence();
            if (persistence != null) {
                line("    persistence:");
                line("      timeout: " + persistence.timeout());
                line("      netmask: " + persistence.netmask());
            }
            if (service.realServers().isEmpty()) {
                line("    real-servers: []");
            } else {
                line("    real-servers:");
                for (RealServerConfig server : service.realServers()) {
                    realServer(server, service.port());
                }
            }
        }
        current = null;
    }

    void vrrp(List<ConvertedVrrp> instances) {
        if (instances.isEmpty()) {
            return;
        }
        line("vrrp:");
        for (ConvertedVrrp converted : instances) {
            current = converted.source();
            VrrpConfig v = converted.instance();
            line("  # " + converted.source() + ": " + converted.keepalivedText());
            line("  - name: " + quoted(v.name()));
            line("    port: " + quoted(v.port()));
            line("    vrid: " + v.vrid());
            line("    priority: " + v.priority());
            line("    interval: " + v.interval());
            line("    nopreempt: " + !v.preempts());
            line("    addresses: [" + v.addresses().stream().map(Object::toString).collect(Collectors.joining(", ")) + "]");
            line("    garp-master-repeat: " + v.garpMasterRepeat());
            line("    garp-master-delay: " + v.garpMasterDelay());
            line("    garp-master-refresh: " + v.garpMasterRefresh());
        }
        current = null;
    }

    private void realServer(RealServerConfig server, int servicePort) {
        line("      - address: " + server.address());
        if (server.port() != null && server.port() != servicePort) {
            line("        port: " + server.port());
        }
        line("        method: " + ConfigName.spelling(server.method()));
        line("        weight: " + server.weight());
        if (server.upperThreshold() != 0) {
            line("        upper-threshold: " + server.upperThreshold());
        }
        if (server.lowerThreshold() != 0) {
            line("        lower-threshold: " + server.lowerThreshold());
        }
        HealthCheckConfig check = server.healthCheck();
        if (check == null) {
            return;
        }
        line("        health-check:");
        line("          type: " + check.type().configName());
        if (check.port() != null) {
            line("          port: " + check.port());
        }
        if (check.type() == HealthCheckConfig.Type.HTTP_GET) {
            line("          path: " + quoted(check.path()));
            line("          status: " + check.status());
            if (check.host() != null) {
                line("          host: " + quoted(check.host()));
            }
        }
        line("          interval-ms: " + check.intervalMs());
        line("          timeout-ms: " + check.timeoutMs());
        line("          retries: " + check.retries());
        line("          on-failure: " + check.onFailure().configName());
    }

    /** A YAML double-quoted scalar; JSON's escapes are a subset of YAML's. */
    private static String quoted(String value) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(value)) + "\"";
    }

    private void line(String line) {
        text.append(line).append('\n');
        lineSources.add(current);
    }
}
