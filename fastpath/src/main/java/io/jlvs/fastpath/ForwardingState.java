package io.jlvs.fastpath;

import io.jlvs.fastpath.ftp.FtpExpectations;
import io.jlvs.sched.PersistenceTemplates;

/**
 * Where the control plane publishes the current snapshots (one volatile store each) and workers
 * read them once per burst ({@link PacketProcessor#beginBurst()}). Also holds what every worker
 * shares across snapshots: the persistence templates and the FTP expectations (director-wide
 * tables, since one client's connections are owned by different cores).
 */
public final class ForwardingState {

    /** Templates held when the caller does not size the table: 64 Ki (8-way buckets, 4 MiB on heap). */
    public static final int DEFAULT_TEMPLATE_CAPACITY = 1 << 16;
    /** FTP data connections announced and not yet opened, director-wide (4-way buckets, 64 B each). */
    public static final int DEFAULT_FTP_EXPECTATIONS = 1 << 12;

    private volatile ServiceTable services;
    private volatile NeighbourTable neighbours;
    /** Bit p set: port p stands by (a VRRP backup): its traffic is not forwarded. */
    private volatile long standbyPorts;
    private volatile SynDefenceSettings synDefence = SynDefenceSettings.NONE;
    private final PersistenceTemplates templates;
    private final FtpExpectations ftpExpectations = new FtpExpectations(DEFAULT_FTP_EXPECTATIONS);

    public ForwardingState(ServiceTable services, NeighbourTable neighbours) {
        this(services, neighbours, new PersistenceTemplates(DEFAULT_TEMPLATE_CAPACITY, services.cores()));
    }

    /** @param templates the director-wide template table, created for as many cores as there are workers */
    public ForwardingState(ServiceTable services, NeighbourTable neighbours, PersistenceTemplates templates) {
        this.services = services;
        this.neighbours = neighbours;
        this.templates = templates;
    }

    public ServiceTable services() { return services; }

    public NeighbourTable neighbours() { return neighbours; }

    public PersistenceTemplates templates() { return templates; }

    /** FTP data connections announced on a control connection, taken by the core that owns the data flow. */
    public FtpExpectations ftpExpectations() { return ftpExpectations; }

    public void publish(ServiceTable snapshot) { services = snapshot; }

    public void publish(NeighbourTable snapshot) { neighbours = snapshot; }

    /**
     * The ports that stand by, one bit per port index (0..63): a director that is VRRP backup on a
     * port forwards none of the traffic arriving there (its virtual addresses belong to the master).
     * Published beside the rule snapshot, not in it, so that a rule change and a VRRP transition
     * never overwrite each other; workers read it once per burst.
     */
    public void publishStandbyPorts(long mask) { standbyPorts = mask; }

    public long standbyPorts() { return standbyPorts; }

    /** New SYN-flood defence settings for every worker (config at start, {@code jlvsadm --syn-defence} later). */
    public void publish(SynDefenceSettings settings) { synDefence = java.util.Objects.requireNonNull(settings); }

    public SynDefenceSettings synDefence() { return synDefence; }
}
