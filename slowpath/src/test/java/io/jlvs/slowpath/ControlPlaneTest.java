package io.jlvs.slowpath;

import io.jlvs.slowpath.journal.ChronicleJournal;
import io.jlvs.slowpath.journal.JournalEntry;
import io.jlvs.slowpath.rules.Operation;
import io.jlvs.slowpath.rules.RuleException;
import io.jlvs.slowpath.rules.RulePublisher;
import io.jlvs.slowpath.rules.RuleSet;
import io.jlvs.slowpath.rules.Timeouts;
import io.jlvs.slowpath.rules.text.PortNames;
import io.jlvs.slowpath.rules.text.RuleText;
import io.jlvs.slowpath.stats.Statistics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ControlPlaneTest {

    @TempDir
    Path dir;

    private final List<RuleSet> published = new ArrayList<>();

    private ControlPlane start(List<Operation> configServices) throws IOException, RuleException {
        return ControlPlane.start(new ChronicleJournal(dir), 1024, configServices, rules -> () -> published.add(rules),
                new Statistics(io.jlvs.slowpath.stats.StatsSource.NONE), Clock.systemUTC());
    }

    private static List<Operation> ops(String... lines) throws RuleException {
        List<Operation> ops = new ArrayList<>();
        for (String line : lines) ops.add(RuleText.parse(line));
        return ops;
    }

    @Test
    void configServicesApplyOnFirstStartOnly() throws IOException, RuleException {
        List<Operation> config = ops("-A -t 10.0.0.1:80 -s wlc", "-a -t 10.0.0.1:80 -r 192.168.1.1 -g");
        try (ControlPlane plane = start(config)) {
            plane.submit("cli:root", ops("-e -t 10.0.0.1:80 -r 192.168.1.1 -g -w 0"));
        }
        List<Operation> editedConfig = ops("-A -t 10.0.0.2:80 -s rr");
        try (ControlPlane plane = start(editedConfig)) {
            assertEquals("""
                    -A -t 10.0.0.1:80 -s wlc
                    -a -t 10.0.0.1:80 -r 192.168.1.1:80 -g -w 0
                    """, RuleText.save(plane.rules(), false, true, PortNames.NONE), "the journal, not the edited config");
            assertEquals(List.of("config", "cli:root"), plane.history().stream().map(JournalEntry::origin).toList());
        }
    }

    /** Ids (service and destination) come out the same whether changes arrive one by one or are replayed. */
    @Test
    void replayGivesTheRuleSetTheLiveChangesGave() throws IOException, RuleException {
        RuleSet live;
        try (ControlPlane plane = start(ops("-A -t 10.0.0.1:80 -s rr", "-a -t 10.0.0.1:80 -r 192.168.1.1 -g"))) {
            for (String line : List.of("-A -t 10.0.0.2:80 -s wrr", "-A -t 10.0.0.3:80 -s wlc", "-D -t 10.0.0.2:80",
                    "-A -t 10.0.0.4:80 -s sh", "-a -t 10.0.0.4:80 -r 192.168.1.2 -g", "-a -t 10.0.0.1:80 -r 192.168.1.3 -g",
                    "-d -t 10.0.0.1:80 -r 192.168.1.1", "-a -t 10.0.0.3:80 -r 192.168.1.1 -g -w 0",
                    "-e -t 10.0.0.3:80 -r 192.168.1.1 -g -w 4", "--set 600 0 0")) {
                plane.submit("cli:root", ops(line));
            }
            live = plane.rules();
        }
        try (ChronicleJournal journal = new ChronicleJournal(dir)) {
            assertEquals(live, ControlPlane.replay(journal, 1024));
        }
        assertEquals(List.of(0, 2, 3), live.services().stream().map(s -> s.serviceId()).toList());
    }

    /** The config's timeouts are the base at every start; a journaled --set changes them on top (0 keeps). */
    @Test
    void configTimeoutsUnderJournaledSet() throws IOException, RuleException {
        Statistics none = new Statistics(io.jlvs.slowpath.stats.StatsSource.NONE);
        try (ControlPlane plane = ControlPlane.start(new ChronicleJournal(dir), 1024, new Timeouts(600, 60, 200), List.of(),
                RulePublisher.NONE, none, Clock.systemUTC())) {
            assertEquals(new Timeouts(600, 60, 200), plane.rules().timeouts());
            plane.submit("cli:root", ops("--set 0 30 0"));
        }
        try (ControlPlane plane = ControlPlane.start(new ChronicleJournal(dir), 1024, new Timeouts(700, 60, 250), List.of(),
                RulePublisher.NONE, none, Clock.systemUTC())) {
            assertEquals(new Timeouts(700, 30, 250), plane.rules().timeouts());
        }
    }

    @Test
    void everyAcceptedChangeIsPublishedAndRefusedOnesAreNot() throws IOException, RuleException {
        try (ControlPlane plane = start(List.of())) {
            plane.submit("cli:root", ops("-A -t 10.0.0.1:80 -s rr"));
            assertThrows(RuleException.class, () -> plane.submit("cli:root", ops("-A -t 10.0.0.1:80 -s rr")));
            assertEquals(2, published.size(), "the empty start, then one change");
            assertEquals(plane.rules(), published.getLast());
        }
    }

    @Test
    void aRuleSetTheFastPathCannotTakeIsRefusedBeforeTheJournal() throws IOException, RuleException {
        MemoryJournal journal = new MemoryJournal();
        RulePublisher onlyOneService = rules -> {
            if (rules.services().size() > 1) throw new IllegalArgumentException("service 1: duplicate virtual service");
            return () -> published.add(rules);
        };
        try (ControlPlane plane = ControlPlane.start(journal, 1024, List.of(), onlyOneService,
                new Statistics(io.jlvs.slowpath.stats.StatsSource.NONE), Clock.systemUTC())) {
            plane.submit("cli:root", ops("-A -t 10.0.0.1:80 -s rr"));
            RuleException e = assertThrows(RuleException.class, () -> plane.submit("cli:root", ops("-A -t 10.0.0.2:80 -s rr")));
            assertEquals("jlvs: the change was not made, the fast path cannot use it: service 1: duplicate virtual service", e.getMessage());
            assertEquals(1, journal.entries.size());
            assertEquals(1, plane.rules().services().size());
            assertEquals(plane.rules(), published.getLast());
        }
    }

    @Test
    void refusedConfigServicesStopTheStartAndNameTheOperation() {
        RuleException e = assertThrows(RuleException.class,
                () -> start(ops("-A -t 10.0.0.1:80 -s rr", "-a -t 10.0.0.9:80 -r 192.168.1.1 -g")));
        assertEquals("config services: -a -t 10.0.0.9:80 -r 192.168.1.1:80 -g -w 1 -x 0 -y 0: Service not defined", e.getMessage());
    }
}
