package io.jlvs.slowpath.journal;

import io.jlvs.slowpath.rules.Operation;
import io.jlvs.slowpath.rules.RuleException;
import io.jlvs.slowpath.rules.text.RuleText;
import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.chronicle.wire.ValueIn;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The journal in a Chronicle Queue directory. Each entry is one excerpt: {@code time} (epoch ms),
 * {@code origin}, {@code ops} (the operations as ipvsadm command lines, one per line), and, only for
 * an entry that has one (a health check's event), {@code text}. Journals written before {@code text}
 * existed have no such field and read as entries with empty text.
 *
 * <p>Durability: an excerpt is complete in the memory-mapped file (the kernel's page cache) when its
 * document closes, which already survives kill -9 of this process; {@link #append} then msyncs the
 * written range (queue built with {@link SyncMode#SYNC}, {@code appender.sync()}) and, on the first
 * append to a new cycle file, fsyncs the directory, so an acknowledged change also survives a power
 * loss. Only then does the caller acknowledge. A write torn by a crash is an unfinished excerpt,
 * which Chronicle's tailer does not return: it was never acknowledged.
 */
public final class ChronicleJournal implements Journal {

    /** Chronicle reports file growth and timings at INFO through SLF4J -> java.util.logging; keep its warnings only. */
    private static final java.util.logging.Logger CHRONICLE_LOG = java.util.logging.Logger.getLogger("net.openhft");

    static {
        CHRONICLE_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    private final ChronicleQueue queue;
    private final ExcerptAppender appender;
    private final Path directory;
    /** The cycle (file) whose directory entry was last made durable; -1 before the first append. */
    private int syncedCycle = -1;

    public ChronicleJournal(Path directory) {
        this.directory = directory;
        this.queue = SingleChronicleQueueBuilder.binary(directory).syncMode(SyncMode.SYNC).build();
        this.appender = queue.createAppender();
    }

    @Override
    public synchronized void append(JournalEntry entry) throws IOException {
        StringBuilder ops = new StringBuilder();
        for (Operation op : entry.operations()) ops.append(RuleText.format(op)).append('\n');
        // Chronicle binds an appender to one thread; appends come from whichever admin thread holds
        // this object's lock, so ownership is handed over here, under that lock.
        appender.singleThreadedCheckReset();
        try (DocumentContext dc = appender.writingDocument()) {
            dc.wire().write("time").int64(entry.time().toEpochMilli());
            dc.wire().write("origin").text(entry.origin());
            dc.wire().write("ops").text(ops);
            // Only events carry text: rule changes are written exactly as before the field existed.
            if (!entry.text().isEmpty()) dc.wire().write("text").text(entry.text());
        } catch (RuntimeException e) {
            throw new IOException("cannot append to the journal in " + directory + ": " + e.getMessage(), e);
        }
        appender.sync();
        if (appender.cycle() != syncedCycle) {
            syncDirectory();
            syncedCycle = appender.cycle();
        }
    }

    /** A new cycle file's directory entry must reach the disk too, or a power loss could drop the whole file. */
    private void syncDirectory() throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    @Override
    public void replay(Consumer<JournalEntry> sink) throws IOException {
        StringBuilder ops = new StringBuilder();
        StringBuilder origin = new StringBuilder();
        StringBuilder text = new StringBuilder();
        try (ExcerptTailer tailer = queue.createTailer()) {
            for (long n = 1; ; n++) {
                long time;
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) return;
                    time = dc.wire().read("time").int64();
                    ValueIn originIn = dc.wire().read("origin");
                    originIn.textTo(origin);
                    dc.wire().read("ops").textTo(ops);
                    text.setLength(0);
                    // The field is optional (see the class comment): read it only when the excerpt goes on.
                    if (dc.wire().bytes().readRemaining() > 0) dc.wire().read("text").textTo(text);
                }
                sink.accept(new JournalEntry(Instant.ofEpochMilli(time), origin.toString(), parse(ops, n), text.toString()));
            }
        }
    }

    private List<Operation> parse(CharSequence text, long entryNumber) throws IOException {
        List<Operation> operations = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) != '\n') continue;
            String line = text.subSequence(start, i).toString();
            start = i + 1;
            try {
                operations.add(RuleText.parse(line));
            } catch (RuleException e) {
                throw new IOException("journal " + directory + ", entry " + entryNumber + ": cannot read \"" + line + "\": " + e.getMessage(), e);
            }
        }
        return operations;
    }

    @Override
    public void close() {
        appender.close();
        queue.close();
    }
}
