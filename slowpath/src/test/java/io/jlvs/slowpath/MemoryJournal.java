package io.jlvs.slowpath;

import io.jlvs.slowpath.journal.Journal;
import io.jlvs.slowpath.journal.JournalEntry;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** A journal in a list, for tests of what sits above the journal. */
public final class MemoryJournal implements Journal {
    public final List<JournalEntry> entries = new ArrayList<>();

    @Override
    public void append(JournalEntry entry) { entries.add(entry); }

    @Override
    public void replay(Consumer<JournalEntry> sink) { entries.forEach(sink); }

    @Override
    public void close() {}
}
