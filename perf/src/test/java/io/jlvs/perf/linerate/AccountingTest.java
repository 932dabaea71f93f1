package io.jlvs.perf.linerate;

import io.jlvs.fastpath.DropReason;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccountingTest {

    /** 1000 generated: 990 forwarded, 6 dropped (4 bad checksum, 2 tx failed), 4 punted. */
    private static Accounting balanced() {
        Accounting a = new Accounting();
        a.generated = 1000;
        a.workerRx = 1000;
        a.processorReceived = 1000;
        a.processorTransmitted = 992;
        a.processorDropped = 4;
        a.dropsByReason[DropReason.BAD_IP_CHECKSUM] = 4;
        a.processorPunted = 4;
        a.workerTx = 990;
        a.workerTxFailed = 2;
        a.sinkReceived = 990;
        a.puntsDrained = 4;
        return a;
    }

    @Test
    void balancedCountsReconcile() {
        Accounting a = balanced();
        assertEquals(java.util.List.of(), a.mismatches());
        assertEquals(6, a.droppedTotal());
        assertEquals("BAD_IP_CHECKSUM=4, tx failed=2", a.dropsText().replace(DropReason.name(DropReason.BAD_IP_CHECKSUM), "BAD_IP_CHECKSUM"));
    }

    @Test
    void aLostPacketIsFound() {
        Accounting a = balanced();
        a.sinkReceived--; // the sink never saw one the worker sent
        assertTrue(a.mismatches().stream().anyMatch(m -> m.startsWith("worker tx = sink received")), a.mismatches().toString());
        assertTrue(a.mismatches().stream().anyMatch(m -> m.startsWith("generated = forwarded")), a.mismatches().toString());
    }

    @Test
    void aDoubleCountIsFound() {
        Accounting a = balanced();
        a.sinkReceived++;
        a.workerTx++;
        assertTrue(a.mismatches().stream().anyMatch(m -> m.startsWith("transmitted = worker tx")), a.mismatches().toString());
        assertTrue(a.mismatches().stream().anyMatch(m -> m.startsWith("generated = forwarded")), a.mismatches().toString());
    }

    @Test
    void aDropWithoutAReasonIsFound() {
        Accounting a = balanced();
        a.dropsByReason[DropReason.BAD_IP_CHECKSUM]--;
        assertTrue(a.mismatches().stream().anyMatch(m -> m.startsWith("dropped = sum of drops by reason")), a.mismatches().toString());
    }

    @Test
    void framesStillInTheRxRingAreNotLost() {
        Accounting a = balanced();
        a.generated += 5;
        a.leftInRxRing = 5;
        assertEquals(java.util.List.of(), a.mismatches());
    }
}
