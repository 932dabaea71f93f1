package io.jlvs.slowpath.stats;

import io.jlvs.slowpath.rules.RealServer;
import io.jlvs.slowpath.rules.RuleSet;
import io.jlvs.slowpath.rules.VirtualService;
import io.jlvs.slowpath.stats.RateEstimator.Rates;
import io.jlvs.slowpath.stats.StatsSource.ConnectionCounts;
import io.jlvs.slowpath.stats.StatsSource.Counters;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The counters ipvsadm shows, over a {@link StatsSource} whose counters only grow: -Z remembers the
 * current values as a baseline (and restarts the rate estimate, as ip_vs_zero_stats does), and a
 * service or destination id that appears in the rule set starts from zero even if the id was used
 * before. Thread-safe: the admin socket reads while a timer calls {@link #estimate} every 2 s.
 */
public final class Statistics {

    private final StatsSource source;
    private final Map<Integer, Tracked> services = new HashMap<>();
    private final Map<Integer, Tracked> destinations = new HashMap<>();

    public Statistics(StatsSource source) { this.source = source; }

    private static final class Tracked {
        Counters baseline;
        RateEstimator estimator;

        Tracked(Counters now) { reset(now); }

        void reset(Counters now) {
            baseline = now;
            estimator = new RateEstimator(now);
        }
    }

    /** Follows the ids of a new rule set: new ids start at zero, gone ids are forgotten. */
    public synchronized void track(RuleSet rules) {
        Set<Integer> serviceIds = new HashSet<>();
        Set<Integer> destIds = new HashSet<>();
        for (VirtualService s : rules.services()) {
            serviceIds.add(s.serviceId());
            services.computeIfAbsent(s.serviceId(), id -> new Tracked(source.service(id)));
            for (RealServer r : s.servers()) {
                destIds.add(r.destId());
                destinations.computeIfAbsent(r.destId(), id -> new Tracked(source.destination(id)));
            }
        }
        services.keySet().retainAll(serviceIds);
        destinations.keySet().retainAll(destIds);
    }

    /** -Z: one service and its servers, or (service null) everything. */
    public synchronized void zero(RuleSet rules, VirtualService service) {
        for (VirtualService s : rules.services()) {
            if (service != null && s.serviceId() != service.serviceId()) continue;
            tracked(services, s.serviceId(), source.service(s.serviceId())).reset(source.service(s.serviceId()));
            for (RealServer r : s.servers()) {
                tracked(destinations, r.destId(), source.destination(r.destId())).reset(source.destination(r.destId()));
            }
        }
    }

    /** One estimator tick; call every {@link RateEstimator#PERIOD_SECONDS} seconds. */
    public synchronized void estimate() {
        services.forEach((id, t) -> t.estimator.sample(source.service(id)));
        destinations.forEach((id, t) -> t.estimator.sample(source.destination(id)));
    }

    public synchronized Counters service(int serviceId) {
        Tracked t = services.get(serviceId);
        return t == null ? Counters.ZERO : source.service(serviceId).minus(t.baseline);
    }

    public synchronized Counters destination(int destId) {
        Tracked t = destinations.get(destId);
        return t == null ? Counters.ZERO : source.destination(destId).minus(t.baseline);
    }

    public synchronized Rates serviceRates(int serviceId) {
        Tracked t = services.get(serviceId);
        return t == null ? Rates.ZERO : t.estimator.rates();
    }

    public synchronized Rates destinationRates(int destId) {
        Tracked t = destinations.get(destId);
        return t == null ? Rates.ZERO : t.estimator.rates();
    }

    public ConnectionCounts connections(int destId) { return source.connections(destId); }

    private static Tracked tracked(Map<Integer, Tracked> map, int id, Counters now) {
        return map.computeIfAbsent(id, k -> new Tracked(now));
    }
}
