package io.jlvs.slowpath.rules;

import io.jlvs.model.ForwardMethod;
import io.jlvs.slowpath.config.HealthCheckConfig;

/**
 * One change to the rule set, as an ipvsadm command would make it. Every field is explicit (defaults
 * already applied), so its text ({@code rules.text.RuleText.format}) parses back to an equal operation.
 */
public sealed interface Operation {

    /** -A */
    record AddService(ServiceKey key, ServiceSettings settings) implements Operation {}

    /** -E: replaces scheduler, flags, persistence and -o. */
    record EditService(ServiceKey key, ServiceSettings settings) implements Operation {}

    /** -D */
    record DeleteService(ServiceKey key) implements Operation {}

    /** -C */
    record Clear() implements Operation {}

    /** -a */
    record AddServer(ServiceKey service, ServerSpec server) implements Operation {}

    /** -e: replaces method, weight and thresholds. */
    record EditServer(ServiceKey service, ServerSpec server) implements Operation {}

    /** -d */
    record DeleteServer(ServiceKey service, int address, int port) implements Operation {}

    /** --set tcp tcpfin udp (0 keeps a value). */
    record SetTimeouts(Timeouts timeouts) implements Operation {}

    /** --add-check (jlvs's own): a health check for a real server that has none. Defaults already applied. */
    record AddCheck(ServerRef server, HealthCheckConfig check) implements Operation {}

    /** --edit-check (jlvs's own): replaces the server's check whole, as -e replaces a server's settings. */
    record EditCheck(ServerRef server, HealthCheckConfig check) implements Operation {}

    /** --del-check (jlvs's own): the server is no longer checked (and is back in service if it was down). */
    record DeleteCheck(ServerRef server) implements Operation {}

    /** -Z, for one service or (service null) all. Counters are runtime state: the rule set is unchanged. */
    record ZeroCounters(ServiceKey service) implements Operation {}

    /**
     * What -a/-e give for a real server.
     *
     * @param port already the service's port for -g and -i, as ipvsadm forces it
     */
    record ServerSpec(int address, int port, ForwardMethod method, int weight, int upperThreshold, int lowerThreshold) {}
}
