package io.jlvs.slowpath.rules;

import io.jlvs.sched.Schedulers;
import io.jlvs.slowpath.config.HealthCheckConfig;
import io.jlvs.slowpath.rules.Operation.AddCheck;
import io.jlvs.slowpath.rules.Operation.AddServer;
import io.jlvs.slowpath.rules.Operation.AddService;
import io.jlvs.slowpath.rules.Operation.Clear;
import io.jlvs.slowpath.rules.Operation.DeleteCheck;
import io.jlvs.slowpath.rules.Operation.DeleteServer;
import io.jlvs.slowpath.rules.Operation.DeleteService;
import io.jlvs.slowpath.rules.Operation.EditCheck;
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
 * Services nobody touched keep their immutable records, so a live change copies only what it edits,
 * and a journal replay through one editor copies nothing until the end.
 *
 * <p>Ids: the lowest free id at or after a cursor that only moves forward (wrapping at capacity). A
 * freed destination id is reused only after every other id has been handed out, so connections still
 * counted against a deleted server are long gone before its id means another server. The cursors are
 * part of the rule set, so ids depend only on the sequence of operations: a replayed journal gives the
 * same ids as the live changes did.
 *
 * <p>Health checks belong to a real server: a check is added only for a server that is there and has
 * none, and it goes when its server (or the server's service) goes, so a replay never meets a check
 * whose server is missing.
 */
public final class RuleEditor {

    private final int destCapacity;
    private final Map<ServiceKey, Working> services = new LinkedHashMap<>();
    private final BitSet usedDestIds = new BitSet();
    private final BitSet usedServiceIds = new BitSet();
    private final Map<ServerRef, HealthCheckConfig> checks;
    private Timeouts timeouts;
    private int nextServiceId;
    private int nextDestId;

    /** A service being edited; {@code unchanged} is its record until the first edit. */
    private static final class Working {
        final int serviceId;
        final ServiceKey key;
        ServiceSettings settings;
        final ArrayList<RealServer> servers;
        VirtualService unchanged;

        Working(VirtualService s) {
            serviceId = s.serviceId();
            key = s.key();
            settings = s.settings();
            servers = new ArrayList<>(s.servers());
            unchanged = s;
        }

        int indexOf(int address, int port) {
            for (int i = 0; i < servers.size(); i++) if (servers.get(i).sameEndpoint(address, port)) return i;
            return -1;
        }

        VirtualService freeze() {
            if (unchanged == null) unchanged = new VirtualService(serviceId, key, settings, servers);
            return unchanged;
        }
    }

    /** @param destCapacity how many destination ids the fast path's counters have room for */
    public RuleEditor(RuleSet start, int destCapacity) {
        this.destCapacity = destCapacity;
        this.timeouts = start.timeouts();
        this.nextServiceId = start.nextServiceId();
        this.nextDestId = start.nextDestId();
        this.checks = new LinkedHashMap<>(start.checks());
        for (VirtualService s : start.services()) {
            services.put(s.key(), new Working(s));
            usedServiceIds.set(s.serviceId());
            for (RealServer r : s.servers()) usedDestIds.set(r.destId());
        }
    }

    public RuleSet build() {
        List<VirtualService> list = new ArrayList<>(services.size());
        for (Working w : services.values()) list.add(w.freeze());
        return new RuleSet(list, timeouts, nextServiceId, nextDestId, checks);
    }

    /** Applies {@code op} whole, or throws with ipvsadm's message and changes nothing. */
    public void apply(Operation op) throws RuleException {
        switch (op) {
            case AddService(ServiceKey key, ServiceSettings settings) -> {
                if (services.containsKey(key)) throw RuleException.refused("Service already exists");
                requireScheduler(settings);
                int id = allocate(usedServiceIds, nextServiceId, Integer.MAX_VALUE);
                nextServiceId = id + 1;
                services.put(key, new Working(new VirtualService(id, key, settings, List.of())));
            }
            case EditService(ServiceKey key, ServiceSettings settings) -> {
                Working service = requireService(key, "No such service");
                requireScheduler(settings);
                service.settings = settings;
                service.unchanged = null;
            }
            case DeleteService(ServiceKey key) -> {
                Working old = requireService(key, "No such service");
                services.remove(key);
                usedServiceIds.clear(old.serviceId);
                for (RealServer r : old.servers) usedDestIds.clear(r.destId());
                checks.keySet().removeIf(server -> server.service().equals(key));
            }
            case Clear() -> {
                services.clear();
                usedServiceIds.clear();
                usedDestIds.clear();
                checks.clear();
            }
            case AddServer(ServiceKey key, ServerSpec spec) -> {
                Working service = requireService(key, "Service not defined");
                checkServer(spec);
                if (service.indexOf(spec.address(), spec.port()) >= 0) throw RuleException.refused("Destination already exists");
                int id = allocate(usedDestIds, nextDestId, destCapacity);
                nextDestId = (id + 1) % destCapacity;
                service.servers.addFirst(server(id, spec, spec.weight()));
                service.unchanged = null;
            }
            case EditServer(ServiceKey key, ServerSpec spec) -> {
                Working service = requireService(key, "Service not defined");
                checkServer(spec);
                int i = service.indexOf(spec.address(), spec.port());
                if (i < 0) throw RuleException.refused("No such destination");
                RealServer old = service.servers.get(i);
                service.servers.set(i, server(old.destId(), spec, spec.weight() > 0 ? spec.weight() : old.lastWeight()));
                service.unchanged = null;
            }
            case DeleteServer(ServiceKey key, int address, int port) -> {
                Working service = requireService(key, "Service not defined");
                int i = service.indexOf(address, port);
                if (i < 0) throw RuleException.refused("No such destination");
                usedDestIds.clear(service.servers.remove(i).destId());
                service.unchanged = null;
                checks.remove(new ServerRef(key, address, port));
            }
            case AddCheck(ServerRef server, HealthCheckConfig check) -> {
                requireServer(server, check);
                if (checks.containsKey(server)) throw RuleException.refused("jlvs: the server already has a health check (--edit-check changes it)");
                checks.put(server, check);
            }
            case EditCheck(ServerRef server, HealthCheckConfig check) -> {
                requireServer(server, check);
                if (!checks.containsKey(server)) throw RuleException.refused("jlvs: the server has no health check (--add-check adds one)");
                checks.put(server, check);
            }
            case DeleteCheck(ServerRef server) -> {
                requireServer(server, null);
                if (checks.remove(server) == null) throw RuleException.refused("jlvs: the server has no health check");
            }
            case SetTimeouts(Timeouts update) -> timeouts = timeouts.with(update);
            case ZeroCounters(ServiceKey key) -> {
                if (key != null) requireService(key, "No such service");
            }
        }
    }

    private Working requireService(ServiceKey key, String refusal) throws RuleException {
        Working service = services.get(key);
        if (service == null) throw RuleException.refused(refusal);
        return service;
    }

    /** The server must be there; a check that names no port of its own needs a server with a port. */
    private void requireServer(ServerRef server, HealthCheckConfig check) throws RuleException {
        Working service = requireService(server.service(), "Service not defined");
        if (service.indexOf(server.address(), server.port()) < 0) throw RuleException.refused("No such destination");
        if (check != null && check.port() == null && server.port() == 0) {
            throw RuleException.refused("jlvs: the server has port 0 (a port-0 service), so its health check needs --check-port");
        }
        List<HealthCheckConfig.Problem> problems = check == null ? List.of() : check.problems();
        if (!problems.isEmpty()) {
            // The command line refuses these first; a journal or -R line written by hand may still hold one.
            throw RuleException.usage("illegal health check " + problems.getFirst().field() + ": " + problems.getFirst().message());
        }
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
