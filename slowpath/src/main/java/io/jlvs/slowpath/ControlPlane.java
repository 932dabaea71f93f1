package io.jlvs.slowpath;

import io.jlvs.slowpath.health.HealthActions;
import io.jlvs.slowpath.health.HealthEvent;
import io.jlvs.slowpath.health.HealthMonitor;
import io.jlvs.slowpath.health.HealthOverlay;
import io.jlvs.slowpath.health.HealthState;
import io.jlvs.slowpath.health.HealthTargets;
import io.jlvs.slowpath.journal.Journal;
import io.jlvs.slowpath.journal.JournalEntry;
import io.jlvs.slowpath.rules.Operation;
import io.jlvs.slowpath.rules.RuleEditor;
import io.jlvs.slowpath.rules.RuleException;
import io.jlvs.slowpath.rules.RulePublisher;
import io.jlvs.slowpath.rules.RuleSet;
import io.jlvs.slowpath.rules.ServerRef;
import io.jlvs.slowpath.rules.Timeouts;
import io.jlvs.slowpath.rules.text.RuleText;
import io.jlvs.slowpath.stats.Statistics;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Owns the rule set. A change is validated and applied whole to a working copy, appended to the
 * journal (durable before {@link #submit} returns), and only then becomes the current rule set and is
 * published to the workers. Changes are serialised: one at a time, in journal order.
 *
 * <p>Start-up: the journal is replayed. The config file's services are applied only when the journal
 * is empty (first start), as one entry with origin {@code config}; afterwards the journal is the
 * truth and editing the config's services has no effect (use jlvsadm, or start with an empty journal
 * directory).
 *
 * <p>Health checks: the configured rule set (what operations and the journal make, what
 * {@link #rules()} returns and {@code -S} saves) is kept apart from the {@link HealthOverlay} that
 * health events make. What is published, and what {@code -L} lists, is {@link #published()}: the
 * overlay over the configured rules. A health event is journaled with origin {@code healthcheck}
 * and no operations, so replay never re-applies it; after a restart every server is in service at
 * its configured weight until its check says otherwise.
 *
 * <p>Which servers are checked, and how, is part of the configured rules ({@link RuleSet#checks()}):
 * the config's {@code health-check}s are journaled with its services on first start, and
 * {@code jlvsadm --add-check/--edit-check/--del-check} change them like any rule.
 */
public final class ControlPlane implements HealthActions, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ControlPlane.class.getName());

    private final Journal journal;
    private final int destCapacity;
    private final RulePublisher publisher;
    private final Statistics statistics;
    private final Clock clock;
    private RuleSet rules = RuleSet.EMPTY;
    /** What health checks hold out of service; never fed back into {@link #rules}. */
    private HealthOverlay overlay = HealthOverlay.NONE;
    private boolean closed;

    /** Guards {@link #monitor}'s updates, so that the last update always sees the latest rules. Never held with this object's lock. */
    private final Object healthUpdates = new Object();
    private HealthMonitor monitor;

    private ControlPlane(Journal journal, int destCapacity, RulePublisher publisher, Statistics statistics, Clock clock) {
        this.journal = journal;
        this.destCapacity = destCapacity;
        this.publisher = publisher;
        this.statistics = statistics;
        this.clock = clock;
    }

    /**
     * Replays {@code journal}; if it holds nothing, applies {@code firstStart} (the config's services)
     * as the first entry. Publishes the result once.
     *
     * @throws IOException  the journal cannot be read, or an entry no longer applies (named in the message)
     * @throws RuleException the config's services are refused
     */
    public static ControlPlane start(Journal journal, int destCapacity, List<Operation> firstStart,
                                     RulePublisher publisher, Statistics statistics, Clock clock)
            throws IOException, RuleException {
        return start(journal, destCapacity, Timeouts.IPVS_DEFAULTS, firstStart, publisher, statistics, clock);
    }

    /**
     * @param baseTimeouts the config's timeouts: the start of every replay (each start), which journaled
     *                     {@code --set} changes then update, as {@code --set} updates IPVS's values
     */
    public static ControlPlane start(Journal journal, int destCapacity, Timeouts baseTimeouts, List<Operation> firstStart,
                                     RulePublisher publisher, Statistics statistics, Clock clock)
            throws IOException, RuleException {
        ControlPlane plane = new ControlPlane(journal, destCapacity, publisher, statistics, clock);
        RuleSet base = new RuleSet(List.of(), baseTimeouts, 0, 0);
        Replayed replay = replayEntries(journal, destCapacity, base);
        plane.rules = replay == null ? null : replay.rules();
        RuleSet replayed = plane.rules == null ? base : plane.rules;
        plane.prepare(replayed).run();
        statistics.track(replayed);
        if (replay != null && !replay.hadChecks()) plane.takeConfigChecks(firstStart);
        if (plane.rules == null) {
            plane.rules = base;
            try {
                if (!firstStart.isEmpty()) plane.submit(JournalEntry.ORIGIN_CONFIG, firstStart);
            } catch (RuleException e) {
                String op = e.operationIndex() >= 0 ? RuleText.format(firstStart.get(e.operationIndex())) : RuleText.format(firstStart.getFirst());
                throw new RuleException("config services: " + op + ": " + e.getMessage(), e.exitStatus());
            }
        }
        return plane;
    }

    /** The rule set after every entry of {@code journal}, or null when the journal is empty. */
    public static RuleSet replay(Journal journal, int destCapacity) throws IOException {
        return replay(journal, destCapacity, RuleSet.EMPTY);
    }

    /** The rule set after every entry of {@code journal} applied to {@code base}, or null when the journal is empty. */
    public static RuleSet replay(Journal journal, int destCapacity, RuleSet base) throws IOException {
        Replayed replayed = replayEntries(journal, destCapacity, base);
        return replayed == null ? null : replayed.rules();
    }

    /** @param hadChecks whether any entry added, changed or removed a health check */
    private record Replayed(RuleSet rules, boolean hadChecks) {}

    private static Replayed replayEntries(Journal journal, int destCapacity, RuleSet base) throws IOException {
        List<JournalEntry> entries = new ArrayList<>();
        journal.replay(entries::add);
        if (entries.isEmpty()) return null;
        RuleEditor editor = new RuleEditor(base, destCapacity);
        boolean hadChecks = false;
        for (int i = 0; i < entries.size(); i++) {
            for (Operation op : entries.get(i).operations()) {
                hadChecks |= isCheck(op);
                try {
                    editor.apply(op);
                } catch (RuleException e) {
                    throw new IOException("journal entry " + (i + 1) + " (" + RuleText.format(op) + ") no longer applies: " + e.getMessage(), e);
                }
            }
        }
        return new Replayed(editor.build(), hadChecks);
    }

    private static boolean isCheck(Operation op) {
        return op instanceof Operation.AddCheck || op instanceof Operation.EditCheck || op instanceof Operation.DeleteCheck;
    }

    /**
     * A journal written before health checks were journaled holds none, while its daemon checked what
     * the config said at every start: such a journal takes the config's checks once, journaled with
     * origin {@code config}, for the servers that are still in its rules. From then on it is like any
     * other journal (the config's checks are not read again).
     */
    private void takeConfigChecks(List<Operation> config) throws RuleException {
        List<Operation> checks = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Operation op : config) {
            if (!(op instanceof Operation.AddCheck(ServerRef server, var check))) continue;
            boolean present = rules.service(server.service()).flatMap(s -> s.server(server.address(), server.port())).isPresent();
            if (present && !rules.checks().containsKey(server)) checks.add(op);
            else skipped.add(server.toString());
        }
        if (!skipped.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "health checks of the config not taken (the server is no longer in the journal's rules): "
                    + String.join(", ", skipped));
        }
        if (checks.isEmpty()) return;
        LOG.log(System.Logger.Level.INFO, "the journal holds no health checks: taking the config's, once: "
                + checks.stream().map(RuleText::format).collect(Collectors.joining("; ")));
        submit(JournalEntry.ORIGIN_CONFIG, checks);
    }

    /** The configured rule set: what operations made, before health checks (what {@code -S} saves). */
    public synchronized RuleSet rules() { return rules; }

    /** What the workers forward with: the configured rules with the servers health checks hold out (what {@code -L} lists). */
    public synchronized RuleSet published() { return overlay.applyTo(rules); }

    /**
     * Starts checking the servers the configured rules have checks for ({@link RuleSet#checks()}), now
     * and after every change. The control plane takes the monitor's events (it is the monitor's
     * {@link HealthActions}); the caller closes the monitor, before this control plane.
     */
    public void startHealthChecks(HealthMonitor monitor) {
        synchronized (healthUpdates) {
            this.monitor = monitor;
        }
        updateHealthChecks();
    }

    public Statistics statistics() { return statistics; }

    /** The checked servers' states (servers without a check are absent); for listings and metrics. */
    public Map<ServerRef, HealthState> healthStates() {
        HealthMonitor current;
        synchronized (healthUpdates) {
            current = monitor;
        }
        return current == null ? Map.of() : current.states();
    }

    /**
     * Applies {@code operations} all or nothing, journals them, publishes the result.
     *
     * @throws RuleException with ipvsadm's message and exit status; for several operations
     *                       {@link RuleException#operationIndex()} names the one refused. Nothing is
     *                       applied or journaled then.
     */
    public void submit(String origin, List<Operation> operations) throws RuleException {
        applyAndJournal(origin, operations);
        // Outside this object's lock: the monitor may deliver events (to apply, below) from this thread.
        updateHealthChecks();
    }

    private synchronized void applyAndJournal(String origin, List<Operation> operations) throws RuleException {
        RuleEditor editor = new RuleEditor(rules, destCapacity);
        for (int i = 0; i < operations.size(); i++) {
            try {
                editor.apply(operations.get(i));
            } catch (RuleException e) {
                throw operations.size() == 1 ? e : e.inOperation(i);
            }
        }
        RuleSet next = editor.build();
        Runnable publish = prepare(next);
        try {
            journal.append(new JournalEntry(clock.instant(), origin, operations));
        } catch (IOException e) {
            throw RuleException.refused("jlvs: the change was not made, the journal refused it: " + e.getMessage());
        }
        rules = next;
        statistics.track(next);
        publish.run();
        for (Operation op : operations) {
            if (op instanceof Operation.ZeroCounters(var key)) {
                // A later line of the same -R may have deleted the service: nothing left to zero then.
                if (key == null) statistics.zero(rules, null);
                else rules.service(key).ifPresent(service -> statistics.zero(rules, service));
            }
        }
    }

    /**
     * A health check's transition: put into effect on what is published, journaled as an event
     * (origin {@code healthcheck}, the event's description, no operations), published. The configured
     * rules do not change. The server's health is what it is, so a journal that refuses the entry
     * does not stop the effect (it is logged); a rule set the fast path refuses does (thrown, and the
     * monitor logs it).
     */
    @Override
    public synchronized void apply(HealthEvent event) {
        if (closed) return;
        HealthOverlay next = overlay.with(event);
        Runnable publish = publisher.prepare(next.applyTo(rules), rules);
        try {
            journal.append(JournalEntry.healthEvent(event.time(), event.describe()));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "health check: the journal refused " + event.describe() + ": " + e.getMessage(), e);
        }
        overlay = next;
        publish.run();
    }

    /**
     * Journals an event that changes no rule (a VRRP transition): origin and text, no operations, so
     * replay applies nothing from it; {@code jlvsadm --journal} shows it. A journal that refuses it
     * is logged, not thrown: the transition has happened either way.
     */
    public synchronized void journalEvent(java.time.Instant time, String origin, String text) {
        if (closed) return;
        try {
            journal.append(new JournalEntry(time, origin, List.of(), text));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, origin + ": the journal refused " + text + ": " + e.getMessage(), e);
        }
    }

    /** Makes the checked servers those of the configured rules now. */
    private void updateHealthChecks() {
        synchronized (healthUpdates) {
            if (monitor == null) return;
            try {
                monitor.update(HealthTargets.of(rules()));
            } catch (IllegalStateException closing) {
                // The monitor closes before this control plane: a change that raced with shutdown needs no checks.
            }
        }
    }

    /** Every journal entry, oldest first. */
    public List<JournalEntry> history() throws IOException {
        List<JournalEntry> entries = new ArrayList<>();
        synchronized (this) {
            journal.replay(entries::add);
        }
        return entries;
    }

    private Runnable prepare(RuleSet next) throws RuleException {
        try {
            return publisher.prepare(overlay.applyTo(next), next);
        } catch (IllegalArgumentException e) {
            throw RuleException.refused("jlvs: the change was not made, the fast path cannot use it: " + e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        journal.close();
    }
}
