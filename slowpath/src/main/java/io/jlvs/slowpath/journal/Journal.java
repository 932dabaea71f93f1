package io.jlvs.slowpath.journal;

import java.io.IOException;
import java.util.function.Consumer;

/** The rule journal: append-only, each entry durable when {@link #append} returns. */
public interface Journal extends AutoCloseable {

    /** Writes {@code entry}; when this returns the entry survives the process being killed. */
    void append(JournalEntry entry) throws IOException;

    /** Every entry in append order. */
    void replay(Consumer<JournalEntry> sink) throws IOException;

    @Override
    void close();
}
