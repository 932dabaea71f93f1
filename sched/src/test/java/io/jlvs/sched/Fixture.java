package io.jlvs.sched;

import java.util.ArrayList;
import java.util.List;

/** Builds snapshots for tests: servers are named A, B, C, ... by destination id 0, 1, 2, ... */
final class Fixture {

    static final int CORES = 2;

    final DestinationLoad load;

    Fixture(int capacity) {
        this.load = new DestinationLoad(CORES, capacity);
    }

    Fixture() { this(64); }

    /** A server by letter and weight, no thresholds. */
    static RealServers.Server s(char name, int weight) {
        return new RealServers.Server(name - 'A', weight, 0, 0);
    }

    /** A server with -x upper and -y lower thresholds. */
    static RealServers.Server s(char name, int weight, int upper, int lower) {
        return new RealServers.Server(name - 'A', weight, upper, lower);
    }

    /** A snapshot in the given list order (newest first). */
    RealServers list(RealServers.Server... servers) {
        return new RealServers(List.of(servers), load);
    }

    /** Sets the summed active and inactive counts of server {@code name}, changing both cores' rows. */
    void counts(char name, int active, int inactive) {
        int id = name - 'A';
        int activeDelta = active - load.active(id);
        int inactiveDelta = inactive - load.inactive(id);
        load.addActive(1, id, activeDelta / 2);
        load.addActive(0, id, activeDelta - activeDelta / 2);
        load.addInactive(1, id, inactiveDelta / 2);
        load.addInactive(0, id, inactiveDelta - inactiveDelta / 2);
    }

    /** Names of {@code n} successive picks on {@code core}, "-" for NO_SERVER. */
    static String picks(Scheduler s, RealServers servers, int core, int n) {
        List<String> out = new ArrayList<>();
        for (int k = 0; k < n; k++) out.add(name(servers, s.pick(servers, core, 0, 0, 0, 0)));
        return String.join(" ", out);
    }

    static String name(RealServers servers, int position) {
        return position == Scheduler.NO_SERVER ? "-" : String.valueOf((char) ('A' + servers.destId(position)));
    }

    /** Dotted quad to host-order int. */
    static int ip(String dotted) {
        String[] p = dotted.split("\\.");
        return Integer.parseInt(p[0]) << 24 | Integer.parseInt(p[1]) << 16 | Integer.parseInt(p[2]) << 8 | Integer.parseInt(p[3]);
    }
}
