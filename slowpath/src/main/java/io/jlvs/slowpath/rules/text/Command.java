package io.jlvs.slowpath.rules.text;

import io.jlvs.slowpath.rules.Operation;
import io.jlvs.slowpath.rules.ServiceKey;

/** What one jlvsadm command line asks for, as {@link IpvsadmCommandLine} parses it. */
public sealed interface Command {

    /** -A -E -D -C -a -e -d -Z --set */
    record Change(Operation operation) implements Command {}

    /** -R: ipvsadm command lines from stdin, applied all or nothing. */
    record Restore() implements Command {}

    /** -S [-n] */
    record Save(boolean noSort, boolean numeric) implements Command {}

    /** -L/-l, or no arguments; {@code service} null lists all. */
    record ListServices(ServiceKey service, ListFormat format) implements Command {}

    /** -L -c [-n] */
    record ListConnections(boolean numeric) implements Command {}

    /** -L --timeout */
    record ListTimeouts() implements Command {}

    /** -L --daemon: one line per running sync daemon, as ipvsadm prints them (nothing without one). */
    record ListDaemon() implements Command {}

    /**
     * --start-daemon master|backup --mcast-interface PORT [--syncid N]: connection sync over PORT
     * (a port name of the config), IPVS's protocol version 1 to 224.0.0.81:8848.
     */
    record StartDaemon(boolean master, String mcastInterface, int syncId) implements Command {}

    /** --stop-daemon [master|backup]: {@code which} null stops both. */
    record StopDaemon(Boolean master) implements Command {}

    /** --journal: the history of changes (jlvs's own command). */
    record ShowJournal() implements Command {}

    /** -h */
    record Help() implements Command {}

    /** -v */
    record Version() implements Command {}
}
