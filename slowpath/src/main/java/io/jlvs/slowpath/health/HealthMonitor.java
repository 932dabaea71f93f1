package io.jlvs.slowpath.health;

import io.jlvs.slowpath.rules.ServerRef;
import io.jlvs.slowpath.config.HealthCheckConfig;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Owns one checker per checked real server and keeps that set equal to what {@link #update} was last
 * given. Transitions go to {@link HealthActions}.
 *
 * <p>On update, a server that keeps the same check keeps its checker and state; a server whose check
 * changed gets a new checker that starts from the old state (a server that is down stays down until
 * it passes); a server no longer checked has its checker stopped, and if it was down an event
 * DOWN -> UNCHECKED tells the control plane to put it back (an unchecked server is always in service).
 */
public final class HealthMonitor implements AutoCloseable {

    private final CheckScheduler scheduler;
    private final ProbeFactory probes;
    private final EventQueue events;
    private final Map<ServerRef, ServerChecker> checkers = new HashMap<>();
    private boolean closed;

    /** The monitor owns {@code scheduler} and closes it. */
    public HealthMonitor(CheckScheduler scheduler, ProbeFactory probes, HealthActions actions) {
        this.scheduler = scheduler;
        this.probes = probes;
        this.events = new EventQueue(actions);
    }

    /**
     * Makes the checked servers exactly {@code targets}: starts, keeps, restarts and stops checkers.
     *
     * @throws IllegalArgumentException a server is given twice
     */
    public void update(Collection<CheckTarget> targets) {
        Map<ServerRef, CheckTarget> wanted = new LinkedHashMap<>();
        for (CheckTarget target : targets) {
            if (wanted.put(target.server(), target) != null) {
                throw new IllegalArgumentException(target.server() + " has two health checks");
            }
        }
        synchronized (this) {
            if (closed) throw new IllegalStateException("the health monitor is closed");
            List<Runnable> restarts = new ArrayList<>();
            for (Iterator<ServerChecker> it = checkers.values().iterator(); it.hasNext(); ) {
                ServerChecker checker = it.next();
                CheckTarget now = wanted.get(checker.target().server());
                if (now != null && now.check().equals(checker.target().check())) continue;
                HealthState left = checker.stop();
                it.remove();
                if (now != null) {
                    restarts.add(() -> start(now, left, checker.target().check()));
                } else if (left == HealthState.DOWN) {
                    events.add(new HealthEvent(scheduler.now(), checker.target().server(), HealthState.DOWN, HealthState.UNCHECKED,
                            checker.target().check().onFailure(), "no longer checked"));
                }
            }
            restarts.forEach(Runnable::run);
            for (CheckTarget target : wanted.values()) {
                if (!checkers.containsKey(target.server())) start(target, null, null);
            }
        }
        events.deliver();
    }

    /** The state of every checked server. */
    public synchronized Map<ServerRef, HealthState> states() {
        Map<ServerRef, HealthState> states = new LinkedHashMap<>();
        checkers.forEach((server, checker) -> states.put(server, checker.state()));
        return states;
    }

    /** Stops every check and the scheduler's threads. Transitions already found are still delivered. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
            checkers.values().forEach(ServerChecker::stop);
            checkers.clear();
        }
        scheduler.close();
        events.deliver();
    }

    /**
     * @param previousState null for a server not checked before; else the state its old check left it in
     * @param previousCheck the old check, when there was one
     */
    private void start(CheckTarget target, HealthState previousState, HealthCheckConfig previousCheck) {
        CheckPolicy policy = CheckPolicy.of(target.check());
        HealthState initial = previousState != null ? previousState : policy.initiallyUp() ? HealthState.UP : HealthState.DOWN;
        if (previousState == null && initial == HealthState.DOWN) {
            events.add(new HealthEvent(scheduler.now(), target.server(), HealthState.UNCHECKED, HealthState.DOWN,
                    policy.onFailure(), "checked from now on, out of service until a check passes"));
        }
        if (previousState == HealthState.DOWN && previousCheck.onFailure() != policy.onFailure()) {
            events.add(new HealthEvent(scheduler.now(), target.server(), HealthState.DOWN, HealthState.DOWN,
                    policy.onFailure(), "on-failure changed from " + previousCheck.onFailure().configName() + " while down"));
        }
        ServerChecker checker = new ServerChecker(target, policy, probes.probeFor(target.check()), scheduler, events, initial);
        checkers.put(target.server(), checker);
        checker.start();
    }
}
