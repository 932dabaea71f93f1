package io.jlvs.slowpath.daemon;

import io.jlvs.fastpath.conn.ConnectionTimeouts;
import io.jlvs.fastpath.worker.Worker;
import io.jlvs.slowpath.rules.RulePublisher;
import io.jlvs.slowpath.rules.RuleSet;
import io.jlvs.slowpath.rules.Timeouts;

/**
 * The control plane's publisher in the data-plane daemon: the rule snapshot as before, plus the rule
 * set's timeouts (the config's, then journaled {@code --set} changes) to every worker's connection
 * table. The workers pick them up at their next round ({@link Worker#useTimeouts}), so a {@code --set}
 * acts live; the config's values reach the tables at start through the first publication.
 */
final class WorkerRulePublisher implements RulePublisher {

    private final RulePublisher snapshots;
    private final Worker[] workers;

    WorkerRulePublisher(RulePublisher snapshots, Worker[] workers) {
        this.snapshots = snapshots;
        this.workers = workers.clone();
    }

    @Override
    public Runnable prepare(RuleSet rules) {
        return prepare(rules, rules);
    }

    @Override
    public Runnable prepare(RuleSet published, RuleSet configured) {
        // Both can refuse (IllegalArgumentException), so both come before anything is made current.
        ConnectionTimeouts timeouts = connectionTimeouts(published.timeouts());
        Runnable snapshot = snapshots.prepare(published, configured);
        return () -> {
            snapshot.run();
            for (Worker w : workers) w.useTimeouts(timeouts);
        };
    }

    /** IPVS's per-state timeouts with tcp (ESTABLISHED), tcpfin (FIN_WAIT) and udp from the rule set. */
    static ConnectionTimeouts connectionTimeouts(Timeouts t) {
        return ConnectionTimeouts.ipvsDefaults().withSet(t.tcp(), t.tcpFin(), t.udp());
    }
}
