package io.jlvs.slowpath.rules;

import io.jlvs.model.ForwardMethod;

import io.jlvs.model.Ipv4Text;

/**
 * One change to the rule set, as an ipvsadm command would make it. Every field is explicit (defaults
 * already applied), so {@link #toIpvsadm()} gives a command line that parses back to an equal operation:
 * that text is what the journal stores and what {@code jlvsadm --journal} prints.
 */
public sealed interface Operation {

    String toIpvsadm();

    /** -A */
    record AddService(ServiceKey key, ServiceSettings settings) implements Operation {
        public String toIpvsadm() { return "-A " + key.toIpvsadm() + settingsText(settings); }
    }

    /** -E: replaces scheduler, flags, persistence and -o. */
    record EditService(ServiceKey key, ServiceSettings settings) implements Operation {
        public String toIpvsadm() { return "-E " + key.toIpvsadm() + settingsText(settings); }
    }

    /** -D */
    record DeleteService(ServiceKey key) implements Operation {
        public String toIpvsadm() { return "-D " + key.toIpvsadm(); }
    }

    /** -C */
    record Clear() implements Operation {
        public String toIpvsadm() { return "-C"; }
    }

    /** -a */
    record AddServer(ServiceKey service, ServerSpec server) implements Operation {
        public String toIpvsadm() { return "-a " + service.toIpvsadm() + server.toIpvsadm(true); }
    }

    /** -e: replaces method, weight and thresholds. */
    record EditServer(ServiceKey service, ServerSpec server) implements Operation {
        public String toIpvsadm() { return "-e " + service.toIpvsadm() + server.toIpvsadm(true); }
    }

    /** -d */
    record DeleteServer(ServiceKey service, int address, int port) implements Operation {
        public String toIpvsadm() { return "-d " + service.toIpvsadm() + " -r " + Ipv4Text.endpoint(address, port); }
    }

    /** --set tcp tcpfin udp (0 keeps a value). */
    record SetTimeouts(Timeouts timeouts) implements Operation {
        public String toIpvsadm() { return "--set " + timeouts.tcp() + " " + timeouts.tcpFin() + " " + timeouts.udp(); }
    }

    /** -Z, for one service or (service null) all. Counters are runtime state: the rule set is unchanged. */
    record ZeroCounters(ServiceKey service) implements Operation {
        public String toIpvsadm() { return service == null ? "-Z" : "-Z " + service.toIpvsadm(); }
    }

    /**
     * What -a/-e give for a real server.
     *
     * @param port already the service's port for -g and -i, as ipvsadm forces it
     */
    record ServerSpec(int address, int port, ForwardMethod method, int weight, int upperThreshold, int lowerThreshold) {
        String toIpvsadm(boolean withThresholds) {
            return " -r " + Ipv4Text.endpoint(address, port) + " " + method.option() + " -w " + weight
                    + (withThresholds ? " -x " + upperThreshold + " -y " + lowerThreshold : "");
        }
    }

    private static String settingsText(ServiceSettings s) {
        StringBuilder text = new StringBuilder(" -s ").append(s.scheduler());
        if (!s.flags().isEmpty()) text.append(" -b ").append(s.flagsText());
        if (s.persistent()) text.append(" -p ").append(s.persistenceTimeout());
        // IPVS keeps -M even without -p: written whenever it is not the default, so the text parses back equal.
        if (s.netmask() != -1) text.append(" -M ").append(Ipv4Text.format(s.netmask()));
        if (s.onePacket()) text.append(" -o");
        return text.toString();
    }
}
