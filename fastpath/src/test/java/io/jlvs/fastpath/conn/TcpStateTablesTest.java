package io.jlvs.fastpath.conn;

import io.jlvs.model.ForwardMethod;
import io.jlvs.sched.DestinationLoad;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.jlvs.fastpath.conn.TcpState.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every cell of IPVS's three TCP transition tables (net/netfilter/ipvs/ip_vs_proto_tcp.c, tcp_states),
 * written out again here from the reference so that a typo in either copy fails the test.
 */
class TcpStateTablesTest {

    private static final int FIN = 0x01, SYN = 0x02, RST = 0x04, ACK = 0x10;
    private static final int NO = NONE, ES = ESTABLISHED, SS = SYN_SENT, SR = SYN_RECV, FW = FIN_WAIT,
        TW = TIME_WAIT, CL = CLOSE, CW = CLOSE_WAIT, LA = LAST_ACK, LI = LISTEN, SA = SYNACK;

    /** Columns: the current state NO ES SS SR FW TW CL CW LA LI SA. */
    private static final int[] FROM = {NO, ES, SS, SR, FW, TW, CL, CW, LA, LI, SA};

    private static final int[][] IN = {
        /* syn */ {SR, ES, ES, SR, SR, SR, SR, SR, SR, SR, SR},
        /* fin */ {CL, CW, SS, TW, TW, TW, CL, CW, LA, LI, TW},
        /* ack */ {ES, ES, SS, ES, FW, TW, CL, CW, CL, LI, ES},
        /* rst */ {CL, CL, CL, SR, CL, CL, CL, CL, LA, LI, SR},
    };
    private static final int[][] OUT = {
        /* syn */ {SS, ES, SS, SR, SS, SS, SS, SS, SS, LI, SR},
        /* fin */ {TW, FW, SS, TW, FW, TW, CL, TW, LA, LI, TW},
        /* ack */ {ES, ES, SS, ES, FW, TW, CL, CW, LA, ES, ES},
        /* rst */ {CL, CL, SS, CL, CL, TW, CL, CL, CL, CL, CL},
    };
    /** IN, except fin on ES -> FW (not CW) and rst on SA -> CL (not SR). */
    private static final int[][] INPUT_ONLY = {
        /* syn */ {SR, ES, ES, SR, SR, SR, SR, SR, SR, SR, SR},
        /* fin */ {CL, FW, SS, TW, FW, TW, CL, CW, LA, LI, TW},
        /* ack */ {ES, ES, SS, ES, FW, TW, CL, CW, CL, LI, ES},
        /* rst */ {CL, CL, CL, SR, CL, CL, CL, CL, LA, LI, CL},
    };
    private static final int[] ROW_FLAGS = {SYN, FIN, ACK, RST};

    private final DestinationLoad load = new DestinationLoad(1, 4);
    private final ConnectionTable table = new ConnectionTable(64, 0, load, ConnectionTimeouts.ipvsDefaults());

    @AfterEach
    void close() { table.close(); }

    @Test
    void natRequestsFollowTheInTable() {
        checkTable(IN, ForwardMethod.NAT_CODE, false);
    }

    @Test
    void natRepliesFollowTheOutTable() {
        checkTable(OUT, ForwardMethod.NAT_CODE, true);
    }

    @Test
    void directRoutingRequestsFollowTheInputOnlyTable() {
        checkTable(INPUT_ONLY, ForwardMethod.DR_CODE, false);
        checkTable(INPUT_ONLY, ForwardMethod.TUN_CODE, false);
    }

    @Test
    void flagsAreMatchedRstThenSynThenFinThenAck() {
        // From ESTABLISHED on a NAT request: rst -> CL, syn -> ES, fin -> CW, ack -> ES.
        assertEquals(CL, step(ForwardMethod.NAT_CODE, ES, false, RST | SYN | FIN | ACK));
        assertEquals(ES, step(ForwardMethod.NAT_CODE, ES, false, SYN | FIN | ACK));
        assertEquals(CW, step(ForwardMethod.NAT_CODE, ES, false, FIN | ACK));
        assertEquals(ES, step(ForwardMethod.NAT_CODE, ES, false, ACK));
        // PSH/URG alone match no row: IPVS moves the entry to CLOSE.
        assertEquals(CL, step(ForwardMethod.NAT_CODE, ES, false, 0x08 | 0x20));
    }

    @Test
    void aReplySeenOnADirectRoutingEntrySwitchesItToTheTwoWayTables() {
        int h = table.insert(6, 1, 1000, 2, 80, 3, 80, 0, 0, ForwardMethod.DR_CODE, 0);
        table.enterState(h, ES, 0);
        table.onTcp(h, true, ACK, 0);          // OUT ack on ES -> ES, and the entry now has output
        table.onTcp(h, false, FIN | ACK, 0);   // IN fin on ES -> CW (input-only would say FW)
        assertEquals(CW, table.state(h));
    }

    private void checkTable(int[][] expected, int method, boolean fromServer) {
        for (int row = 0; row < 4; row++) {
            for (int column = 0; column < FROM.length; column++) {
                int got = step(method, FROM[column], fromServer, ROW_FLAGS[row]);
                assertEquals(TcpState.name(expected[row][column]), TcpState.name(got),
                    "flag row " + row + " from " + TcpState.name(FROM[column]));
            }
        }
    }

    /** A fresh entry put in {@code from}, one packet, the state it ends in; the entry is then removed. */
    private int step(int method, int from, boolean fromServer, int flags) {
        int h = table.insert(6, 0x0A000001, 40000, 0x0A000064, 80, 0xC0A8010B, 80, 1, 0, method, 1_000);
        table.enterState(h, from, 1_000);
        table.onTcp(h, fromServer, flags, 1_000);
        int state = table.state(h);
        table.expireNow(h, 1_000);
        assertEquals(0, load.active(1) + load.inactive(1), "counts returned after expireNow");
        return state;
    }
}
