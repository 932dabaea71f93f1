package io.jlvs.slowpath.rules;

import io.jlvs.sched.Schedulers;
import io.jlvs.slowpath.rules.Operation.AddServer;
import io.jlvs.slowpath.rules.Operation.AddService;
import io.jlvs.slowpath.rules.Operation.Clear;
import io.jlvs.slowpath.rules.Operation.DeleteServer;
import io.jlvs.slowpath.rules.Operation.DeleteService;
import io.jlvs.slowpath.rules.Operation.EditServer;
import io.jlvs.slowpath.rules.Operation.EditService;
import io.jlvs.slowpath.rules.Operation.SetTimeouts;
import io.jlvs.slowpath.rules.Operation.ServerSpec;
import io.jlvs.slowpath.rules.Operation.ZeroCounters;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies operations to a working copy of a {@link RuleSet}. Each {@link #apply} checks everything the
 * kernel would check before it changes anything, so a refused operation leaves the copy as it was; a
 * batch (-R) is atomic because the caller keeps the original until {@link #build} succeeds for all.
 *
 * <p>Destination ids: the lowest free id at or after a cursor that only moves forward (wrapping at
 * capacity). A freed id is reused only after every other id has been handed out, so connections still
 * counted against a deleted server are long gone before its id means another server. Service ids are
 * allocated the same way. Both depend only on the sequence of operations, so a replayed journal gives
 * the same ids.
 */
public final class RuleEditor {

    private final int destCapacity;
    private final Map<ServiceKey, VirtualService> services = new LinkedHashMap<>();
    private final BitSet usedDestIds = new BitSet();
    private final BitSet usedServiceIds = new BitSet();
    private Timeouts timeouts;
    private int nextDestId;
    private int nextServiceId;

    /** @param destCapacity how many destination ids the fast path's counters have room for */
    public RuleEditor(RuleSet start, int destCapacity) {
        this.destCapacity = destCapacity;
        this.timeouts = start.timeouts();
        this.nextDestId = start.nextDestId();
        for (VirtualService s : start.services()) {
            services.put(s.key(), s);
            usedServiceIds.set(s.serviceId());
            nextServiceId = Math.max(nextServiceId, s.serviceId() + 1);
            for (RealServer r : s.servers()) usedDestIds.set(r.destId());
        }
    }

    public RuleSet build() { return new RuleSet(new ArrayList<>(services.values()), timeouts, nextDestId); }

    /** Applies {@code op} whole, or throws with ipvsadm's message and changes nothing. */
    public void apply(Operation op) throws RuleException {
        switch (op) {
            case AddService(ServiceKey key, ServiceSettings settings) -> {
                if (services.containsKey(key)) throw RuleException.refused("Service already exists");
                requireScheduler(settings);
                int id = allocate(usedServiceIds, nextServiceId, Integer.MAX_VALUE);
                nextServiceId = id + 1;
                services.put(key, new VirtualService(id, key, settings, List.of()));
            }
            case EditService(ServiceKey key, ServiceSettings settings) -> {
                VirtualService old = requireService(key, "No such service");
                requireScheduler(settings);
                services.put(key, new VirtualService(old.serviceId(), key, settings, old.servers()));
            }
            case DeleteService(ServiceKey key) -> {
                VirtualService old = requireService(key, "No such service");
                services.remove(key);
                usedServiceIds.clear(old.serviceId());
                for (RealServer r : old.servers()) usedDestIds.clear(r.destId());
            }
            case Clear() -> {
                services.clear();
                usedServiceIds.clear();
                usedDestIds.clear();
            }
            case AddServer(ServiceKey key, ServerSpec spec) -> {
                VirtualService service = requireService(key, "Service not defined");
                checkServer(spec);
                if (service.server(spec.address(), spec.port()).isPresent()) throw RuleException.refused("Destination already exists");
                int id = allocate(usedDestIds, nextDestId, destCapacity);
                nextDestId = (id + 1) % destCapacity;
                List<RealServer> servers = new ArrayList<>(service.servers().size() + 1);
                servers.add(server(id, spec, spec.weight()));
                servers.addAll(service.servers());
                services.put(key, new VirtualService(service.serviceId(), key, service.settings(), servers));
            }
            case EditServer(ServiceKey key, ServerSpec spec) -> {
                VirtualService service = requireService(key, "Service not defined");
                checkServer(spec);
                RealServer old = service.server(spec.address(), spec.port())
                        .orElseThrow(() -> RuleException.refused("No such destination"));
                replaceServers(service, service.servers().stream()
                        .map(r -> r == old ? server(old.destId(), spec, spec.weight() > 0 ? spec.weight() : old.lastWeight()) : r)
                        .toList());
            }
            case DeleteServer(ServiceKey key, int address, int port) -> {
                VirtualService service = requireService(key, "Service not defined");
                RealServer old = service.server(address, port).orElseThrow(() -> RuleException.refused("No such destination"));
                replaceServers(service, service.servers().stream().filter(r -> r != old).toList());
                usedDestIds.clear(old.destId());
            }
            case SetTimeouts(Timeouts update) -> timeouts = timeouts.with(update);
            case ZeroCounters(ServiceKey key) -> {
                if (key != null) requireService(key, "No such service");
            }
        }
    }

    private void replaceServers(VirtualService service, List<RealServer> servers) {
        services.put(service.key(), new VirtualService(service.serviceId(), service.key(), service.settings(), servers));
    }

    private VirtualService requireService(ServiceKey key, String refusal) throws RuleException {
        VirtualService service = services.get(key);
        if (service == null) throw RuleException.refused(refusal);
        return service;
    }

    private static void requireScheduler(ServiceSettings settings) throws RuleException {
        if (!Schedulers.NAMES.contains(settings.scheduler())) throw RuleException.refused("Scheduler not found");
    }

    /** ip_vs_add_dest / ip_vs_edit_dest refuse these with ERANGE, which ipvs_strerror leaves to strerror. */
    private static void checkServer(ServerSpec spec) throws RuleException {
        if (spec.weight() < 0 || spec.lowerThreshold() > spec.upperThreshold()) {
            throw RuleException.refused("Numerical result out of range");
        }
    }

    private static RealServer server(int destId, ServerSpec spec, int lastWeight) {
        return new RealServer(destId, spec.address(), spec.port(), spec.method(), spec.weight(),
                spec.upperThreshold(), spec.lowerThreshold(), lastWeight);
    }

    private static int allocate(BitSet used, int cursor, int capacity) throws RuleException {
        int id = used.nextClearBit(cursor);
        if (id >= capacity) id = used.nextClearBit(0);
        if (id >= capacity) throw RuleException.refused("Memory allocation problem");
        used.set(id);
        return id;
    }
}
