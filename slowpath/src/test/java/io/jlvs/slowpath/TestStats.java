package io.jlvs.slowpath;

import io.jlvs.slowpath.stats.StatsSource;

import java.util.HashMap;
import java.util.Map;

/** Counters a test sets by hand, standing in for the workers' per-core counters. */
public final class TestStats implements StatsSource {
    public final Map<Integer, Counters> services = new HashMap<>();
    public final Map<Integer, Counters> destinations = new HashMap<>();
    public final Map<Integer, ConnectionCounts> connections = new HashMap<>();

    @Override
    public Counters service(int serviceId) { return services.getOrDefault(serviceId, Counters.ZERO); }

    @Override
    public Counters destination(int destId) { return destinations.getOrDefault(destId, Counters.ZERO); }

    @Override
    public ConnectionCounts connections(int destId) { return connections.getOrDefault(destId, ConnectionCounts.NONE); }
}
