package io.jlvs.slowpath.rules;

import io.jlvs.slowpath.config.HealthCheckConfig;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole rule set at one moment: virtual services in the order they were added, the timeouts and
 * the real servers' health checks. Immutable; {@link RuleEditor} makes the next one.
 *
 * @param nextServiceId  where service-id allocation continues (see {@link RuleEditor})
 * @param nextDestId     where destination-id allocation continues
 * @param checks         each checked real server's check (jlvsadm --add-check, the config's
 *                       health-check); only servers that are in {@code services}
 */
public record RuleSet(List<VirtualService> services, Timeouts timeouts, int nextServiceId, int nextDestId,
                      Map<ServerRef, HealthCheckConfig> checks) {
    public static final RuleSet EMPTY = new RuleSet(List.of(), Timeouts.IPVS_DEFAULTS, 0, 0);

    public RuleSet {
        services = List.copyOf(services);
        checks = Map.copyOf(checks);
    }

    /** A rule set without health checks. */
    public RuleSet(List<VirtualService> services, Timeouts timeouts, int nextServiceId, int nextDestId) {
        this(services, timeouts, nextServiceId, nextDestId, Map.of());
    }

    /**
     * A derived rule set (such as health checks' view) that is never edited further: the service-id
     * cursor continues after the highest id. Prefer {@link #withServices}, which keeps both cursors.
     */
    public RuleSet(List<VirtualService> services, Timeouts timeouts, int nextDestId) {
        this(services, timeouts, services.stream().mapToInt(VirtualService::serviceId).max().orElse(-1) + 1, nextDestId);
    }

    /** The same rule set with {@code replacement} services (e.g. health checks' overlay); the id cursors and checks stay. */
    public RuleSet withServices(List<VirtualService> replacement) {
        return new RuleSet(replacement, timeouts, nextServiceId, nextDestId, checks);
    }

    public Optional<VirtualService> service(ServiceKey key) {
        return services.stream().filter(s -> s.key().equals(key)).findFirst();
    }

    /** Services in ipvsadm's listing order (it sorts unless --nosort). */
    public List<VirtualService> sortedServices() {
        return services.stream().sorted((a, b) -> ServiceKey.compare(a.key(), b.key())).toList();
    }

    /** A service's real servers in ipvsadm's listing order: by address, then port. */
    public static List<RealServer> sortedServers(VirtualService service) {
        return service.servers().stream()
                .sorted(Comparator.comparing(RealServer::address, Integer::compareUnsigned).thenComparingInt(RealServer::port))
                .toList();
    }
}
