package io.jlvs.slowpath.journal;

import io.jlvs.slowpath.rules.Operation;
import io.jlvs.slowpath.rules.RuleException;
import io.jlvs.slowpath.rules.text.RuleText;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
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

    private static Operation op(String line) throws RuleException { return RuleText.parse(line); }

    @Test
    void entriesSurviveReopening() throws IOException, RuleException {
        List<JournalEntry> written = List.of(
                new JournalEntry(Instant.parse("2026-11-23T01:00:00.001Z"), "config",
                        List.of(op("-A -t 10.0.0.1:80 -s wlc"), op("-a -t 10.0.0.1:80 -r 192.168.1.1:80 -m -w 1 -x 0 -y 0"))),
                new JournalEntry(Instant.parse("2026-11-23T01:00:05.250Z"), "cli:root", List.of(op("-e -t 10.0.0.1:80 -r 192.168.1.1:80 -m -w 0 -x 0 -y 0"))),
                JournalEntry.healthEvent(Instant.parse("2026-11-23T01:00:07Z"),
                        "-t 10.0.0.1:80 -r 192.168.1.1:80: UP -> DOWN, removed: 3 checks failed in a row"),
                new JournalEntry(Instant.parse("2026-11-23T01:00:09Z"), "cli:root", List.of(op("-Z"))));
        try (ChronicleJournal journal = new ChronicleJournal(dir)) {
            for (JournalEntry e : written) journal.append(e);
        }

        List<JournalEntry> read = new ArrayList<>();
        try (ChronicleJournal journal = new ChronicleJournal(dir)) {
            journal.replay(read::add);
        }
        assertEquals(written, read);
    }

    /** Excerpts written before entries had text (time, origin, ops only) read as entries with empty text. */
    @Test
    void journalsFromBeforeTheTextFieldStillReplay() throws IOException, RuleException {
        try (ChronicleQueue queue = SingleChronicleQueueBuilder.binary(dir).build();
             ExcerptAppender appender = queue.createAppender()) {
            for (String ops : List.of("-A -t 10.0.0.1:80 -s wlc\n", "-D -t 10.0.0.1:80\n")) {
                try (DocumentContext dc = appender.writingDocument()) {
                    dc.wire().write("time").int64(1_000);
                    dc.wire().write("origin").text("cli:root");
                    dc.wire().write("ops").text(ops);
                }
            }
        }
        List<JournalEntry> read = new ArrayList<>();
        try (ChronicleJournal journal = new ChronicleJournal(dir)) {
            journal.replay(read::add);
        }
        assertEquals(List.of(new JournalEntry(Instant.ofEpochMilli(1_000), "cli:root", List.of(op("-A -t 10.0.0.1:80 -s wlc"))),
                new JournalEntry(Instant.ofEpochMilli(1_000), "cli:root", List.of(op("-D -t 10.0.0.1:80")))), read);
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
