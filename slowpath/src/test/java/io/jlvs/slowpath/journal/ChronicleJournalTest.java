package io.jlvs.slowpath.journal;

import io.jlvs.slowpath.admin.IpvsadmCommandLine;
import io.jlvs.slowpath.rules.Operation;
import io.jlvs.slowpath.rules.RuleException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ChronicleJournalTest {

    @TempDir
    Path dir;

    private static Operation op(String line) throws RuleException { return IpvsadmCommandLine.parseRestoreLine(line); }

    @Test
    void entriesSurviveReopening() throws IOException, RuleException {
        List<JournalEntry> written = List.of(
                new JournalEntry(Instant.parse("2026-11-23T01:00:00.001Z"), "config",
                        List.of(op("-A -t 10.0.0.1:80 -s wlc"), op("-a -t 10.0.0.1:80 -r 192.168.1.1:80 -m -w 1 -x 0 -y 0"))),
                new JournalEntry(Instant.parse("2026-11-23T01:00:05.250Z"), "cli:root", List.of(op("-e -t 10.0.0.1:80 -r 192.168.1.1:80 -m -w 0 -x 0 -y 0"))),
                new JournalEntry(Instant.parse("2026-11-23T01:00:09Z"), "healthcheck", List.of(op("-Z"))));
        try (ChronicleJournal journal = new ChronicleJournal(dir)) {
            for (JournalEntry e : written) journal.append(e);
        }

        List<JournalEntry> read = new ArrayList<>();
        try (ChronicleJournal journal = new ChronicleJournal(dir)) {
            journal.replay(read::add);
        }
        assertEquals(written, read);
    }

    @Test
    void anEmptyDirectoryIsAnEmptyJournal() throws IOException {
        List<JournalEntry> read = new ArrayList<>();
        try (ChronicleJournal journal = new ChronicleJournal(dir.resolve("new"))) {
            journal.replay(read::add);
        }
        assertEquals(List.of(), read);
    }
}
