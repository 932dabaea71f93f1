package io.jlvs.fastpath.conn;

import io.jlvs.model.ForwardMethod;
import io.jlvs.sched.DestinationLoad;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The owner's per-entry link (e.g. a persistence template) and the listener told when a linked entry goes. */
class ConnectionLinkTest {

    private static final int TCP = 6;
    private static final long T0 = 1_000_000;

    private final ConnectionTable table =
        new ConnectionTable(100, 0, new DestinationLoad(1, 2), ConnectionTimeouts.ipvsDefaults());
    /** "handle:link" per call of the listener. */
    private final List<String> removed = new ArrayList<>();

    @AfterEach
    void close() { table.close(); }

    @Test
    void aLinkedEntryReportsItsLinkWhenItExpiresOrIsExpiredNow() {
        table.setRemovalListener((handle, link) -> removed.add(handle + ":" + link));
        int linked = insert(1000);
        int plain = insert(1001);
        int reused = insert(1002);
        table.setLink(linked, 42);
        table.setLink(reused, 7);
        assertEquals(42, table.link(linked));
        assertEquals(0, table.link(plain));

        table.expireNow(reused, T0);
        assertEquals(List.of(reused + ":7"), removed);

        int again = insert(1003);                  // takes the freed record: its link starts at 0
        assertEquals(reused, again);
        assertEquals(0, table.link(again));

        table.expire(T0 + 2_000, Integer.MAX_VALUE); // NONE's 2 s: all three go, only the linked one reports
        assertEquals(0, table.size());
        assertEquals(List.of(reused + ":7", linked + ":42"), removed);
    }

    private int insert(int clientPort) {
        return table.insert(TCP, 0x01020304, clientPort, 0x0A000001, 80, 0xC0A8010B, 80, 1, 0, ForwardMethod.NAT_CODE, T0);
    }
}
