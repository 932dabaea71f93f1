package io.jlvs.slowpath.rules;

import io.jlvs.model.SchedulerFlag;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A virtual service and its real servers in IPVS list order: a newly added server goes to the head,
 * edits keep the position. Immutable.
 *
 * @param serviceId  stable id for the fast path's per-service counters
 * @param settings   what -A/-E set
 */
public record VirtualService(int serviceId, ServiceKey key, ServiceSettings settings, List<RealServer> servers) {
    public VirtualService {
        servers = List.copyOf(servers);
    }

    public Optional<RealServer> server(int address, int port) {
        return servers.stream().filter(s -> s.sameEndpoint(address, port)).findFirst();
    }

    public String scheduler() { return settings.scheduler(); }

    public Set<SchedulerFlag> flags() { return settings.flags(); }
}
