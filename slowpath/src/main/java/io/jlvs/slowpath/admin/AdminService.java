package io.jlvs.slowpath.admin;

import io.jlvs.slowpath.ControlPlane;
import io.jlvs.slowpath.journal.JournalEntry;
import io.jlvs.slowpath.rules.Operation;
import io.jlvs.slowpath.rules.RuleException;
import io.jlvs.slowpath.rules.RuleSet;
import io.jlvs.slowpath.rules.VirtualService;
import io.jlvs.slowpath.rules.text.Command;
import io.jlvs.slowpath.rules.text.IpvsadmCommandLine;
import io.jlvs.slowpath.rules.text.ListFormat;
import io.jlvs.slowpath.rules.text.PortNames;
import io.jlvs.slowpath.rules.text.RuleText;

import java.io.IOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import io.jlvs.slowpath.failover.Failover;
import io.jlvs.slowpath.sync.SyncDaemon;

/** Runs one jlvsadm command line against the control plane: what the admin socket serves, testable in-process. */
public final class AdminService {

    private static final DateTimeFormatter JOURNAL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final ControlPlane plane;
    private final ConnectionSource connections;
    private final int tableSize;
    private final PortNames names;
    private final IpvsadmFormatter formatter;
    /** VRRP and the sync daemons; null on a control plane without a data plane (tests, replay). */
    private volatile Failover failover;

    /** With the system's port names (/etc/services). */
    public AdminService(ControlPlane plane, ConnectionSource connections, int tableSize) {
        this(plane, connections, tableSize, PortNames.system());
    }

    /**
     * @param tableSize what ipvsadm's "(size=...)" shows: the connection table capacity
     * @param names     port names for listings without -n and for host:name arguments
     */
    public AdminService(ControlPlane plane, ConnectionSource connections, int tableSize, PortNames names) {
        this.plane = plane;
        this.connections = connections;
        this.tableSize = tableSize;
        this.names = names;
        this.formatter = new IpvsadmFormatter(names);
    }

    /** Connects the director's failover half: -L shows the VRRP states, the daemon commands work. */
    public void useFailover(Failover failover) { this.failover = failover; }

    /**
     * @param stdin  the client's standard input (only -R reads it)
     * @param origin who asks, for the journal: {@code cli:<user>}
     */
    public Response execute(List<String> argv, String stdin, String origin) {
        try {
            return run(IpvsadmCommandLine.parse(argv, names), stdin, origin);
        } catch (RuleException e) {
            return Response.error(e.getMessage(), e.exitStatus());
        }
    }

    private Response run(Command command, String stdin, String origin) throws RuleException {
        return switch (command) {
            case Command.Change(Operation op) -> {
                refuseUnforwarded(op);
                plane.submit(origin, List.of(op));
                yield Response.ok("");
            }
            case Command.Restore() -> {
                restore(stdin, origin);
                yield Response.ok("");
            }
            case Command.Save(boolean noSort, boolean numeric) -> Response.ok(RuleText.save(plane.rules(), noSort, numeric, names));
            case Command.ListServices(var key, ListFormat format) -> {
                // -L shows what is forwarded with (health checks' quiesced servers at weight 0, removed ones
                // absent, as ipvsadm shows the kernel's table under keepalived); -S saves the configured rules.
                // --health lists the configured servers, so that one a check removed is there with its state.
                boolean health = format.table() == ListFormat.Table.HEALTH;
                RuleSet rules = health ? plane.rules() : plane.published();
                IpvsadmFormatter.Health states = health
                        ? new IpvsadmFormatter.Health(rules.checks(), plane.healthStates()) : IpvsadmFormatter.Health.NONE;
                if (key == null) yield Response.ok(withVrrp(formatter.listAll(rules, format, plane.statistics(), tableSize, states)));
                Optional<VirtualService> service = rules.service(key);
                if (service.isEmpty()) yield Response.error("No such service", RuleException.LIST_FAILED);
                yield Response.ok(formatter.listService(service.get(), format, plane.statistics(), states));
            }
            case Command.ListConnections(boolean numeric) -> Response.streamed(out -> formatter.connections(connections, numeric, out));
            case Command.ListTimeouts() -> Response.ok(IpvsadmFormatter.timeouts(plane.rules().timeouts()));
            case Command.ListDaemon() -> Response.ok(failover == null ? "" : lines(failover.daemonLines()));
            case Command.StartDaemon(boolean master, String port, int syncId) -> {
                if (failover == null) yield Response.error("no data plane: sync daemons run in jlvs run", RuleException.REFUSED);
                String why = failover.startDaemon(master ? SyncDaemon.Mode.MASTER : SyncDaemon.Mode.BACKUP, port, syncId);
                yield why == null ? Response.ok("") : Response.error(why, RuleException.REFUSED);
            }
            case Command.StopDaemon(Boolean master) -> {
                if (failover == null) yield Response.error("no sync daemon is running", RuleException.REFUSED);
                String why = failover.stopDaemon(master == null ? null : master ? SyncDaemon.Mode.MASTER : SyncDaemon.Mode.BACKUP);
                yield why == null ? Response.ok("") : Response.error(why, RuleException.REFUSED);
            }
            case Command.ShowJournal() -> Response.ok(journal());
            case Command.Help() -> Response.ok(Usage.TEXT);
            case Command.Version() -> Response.ok(Usage.VERSION + "\n");
        };
    }

    /** The VRRP instances' lines after the listing's first (version) line, when there are any. */
    private String withVrrp(String listing) {
        Failover f = failover;
        if (f == null || f.status().isEmpty()) return listing;
        int eol = listing.indexOf('\n') + 1;
        return listing.substring(0, eol) + lines(f.status()) + listing.substring(eol);
    }

    private static String lines(List<String> lines) {
        StringBuilder s = new StringBuilder();
        for (String l : lines) s.append(l).append('\n');
        return s.toString();
    }

    /**
     * A firewall-mark service (-A -f) is refused rather than kept and never forwarded: the fast path
     * classifies by protocol, address and port, and a user-space director sees no netfilter mark.
     * Refused here, at the command line, not in the rules: a journal written before still replays.
     */
    static void refuseUnforwarded(Operation operation) throws RuleException {
        if (operation instanceof Operation.AddService(var key, var settings) && key.isFwmark()) {
            throw new RuleException("jlvs does not forward firewall-mark services (-f " + key.fwmark()
                    + "): its fast path sees no netfilter mark; use one -t/-u service per port, or a port-0 "
                    + "service with -p to keep a client on one server across ports", RuleException.USAGE);
        }
    }

    /** -R: all lines or none; a bad line (parse or refusal) is named by its line number. */
    private void restore(String stdin, String origin) throws RuleException {
        List<Operation> operations = new ArrayList<>();
        List<Integer> lineNumbers = new ArrayList<>();
        String[] lines = stdin.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            try {
                Operation operation = RuleText.parse(line, names);
                refuseUnforwarded(operation);
                operations.add(operation);
                lineNumbers.add(i + 1);
            } catch (RuleException e) {
                throw e.atLine(i + 1);
            }
        }
        try {
            plane.submit(origin, operations);
        } catch (RuleException e) {
            int index = operations.size() == 1 ? 0 : e.operationIndex();
            throw index >= 0 ? e.atLine(lineNumbers.get(index)) : e;
        }
    }

    private String journal() throws RuleException {
        StringBuilder out = new StringBuilder();
        try {
            for (JournalEntry e : plane.history()) {
                if (!e.text().isEmpty()) {
                    out.append(JOURNAL_TIME.format(e.time())).append(' ').append(e.origin()).append(' ').append(e.text()).append('\n');
                }
                for (Operation op : e.operations()) {
                    out.append(JOURNAL_TIME.format(e.time())).append(' ').append(e.origin()).append(' ')
                            .append(RuleText.format(op)).append('\n');
                }
            }
        } catch (IOException e) {
            throw new RuleException("cannot read the journal: " + e.getMessage(), RuleException.LIST_FAILED);
        }
        return out.toString();
    }
}
