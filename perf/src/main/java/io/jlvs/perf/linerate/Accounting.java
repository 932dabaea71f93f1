package io.jlvs.perf.linerate;

import io.jlvs.fastpath.DropReason;

import java.util.ArrayList;
import java.util.List;

/**
 * Where every packet of one line-rate run went, counted at each hand-over by the side that did it:
 * the generator (enqueued into the worker's rx ring), the worker (rx, tx, tx failed, no egress
 * device, punt ring full), its packet processor (received, transmitted, dropped by reason, punted)
 * and the sink (dequeued from the tx rings, punts drained). {@link #mismatches()} lists each
 * conservation law that does not hold; empty means every packet is accounted for exactly once.
 *
 * <p>For the bare rx->tx loop the processor's figures are those of the loop itself: received = rx,
 * transmitted = what it offered to tx_burst, nothing dropped by reason or punted.
 */
public final class Accounting {

    /** Enqueued by the generator into the rx ring. */
    public long generated;
    /** Frames the worker's rx_burst returned. */
    public long workerRx;
    /** Frames the worker handed to tx_burst and the device took. */
    public long workerTx;
    /** Frames the device refused after the retries (freed by the worker). */
    public long workerTxFailed;
    /** Frames sent to a port without a device (freed). */
    public long workerNoEgress;
    /** Punts lost because the slow path's ring was full (freed). */
    public long workerPuntRingFull;
    /** Frames left in the rx ring at the end (must be 0: the run drains before it counts). */
    public long leftInRxRing;

    public long processorReceived;
    public long processorTransmitted;
    public long processorDropped;
    public long processorPunted;
    /** Drops by {@link DropReason}. */
    public final long[] dropsByReason = new long[DropReason.COUNT];

    /** Frames the sink took from the tx rings (server side and client side). */
    public long sinkReceived;
    /** Punted frames the sink took from the worker's punt ring. */
    public long puntsDrained;

    public long droppedByReason() {
        long sum = 0;
        for (long d : dropsByReason) sum += d;
        return sum;
    }

    /** Dropped anywhere: by the processor (by reason) or by the worker (tx failed, no device, punt ring full). */
    public long droppedTotal() {
        return processorDropped + workerTxFailed + workerNoEgress + workerPuntRingFull;
    }

    /** Each conservation law that fails, as "law: left != right"; empty when the counts reconcile. */
    public List<String> mismatches() {
        List<String> m = new ArrayList<>();
        check(m, "generated = worker rx + left in rx ring", generated, workerRx + leftInRxRing);
        check(m, "worker rx = processor received", workerRx, processorReceived);
        check(m, "received = transmitted + dropped + punted", processorReceived,
                processorTransmitted + processorDropped + processorPunted);
        check(m, "dropped = sum of drops by reason", processorDropped, droppedByReason());
        check(m, "transmitted = worker tx + tx failed + no egress device", processorTransmitted,
                workerTx + workerTxFailed + workerNoEgress);
        check(m, "worker tx = sink received", workerTx, sinkReceived);
        check(m, "punted = punts drained + punt ring full", processorPunted, puntsDrained + workerPuntRingFull);
        check(m, "generated = forwarded + dropped + punted", generated,
                sinkReceived + droppedTotal() + puntsDrained + leftInRxRing);
        return m;
    }

    private static void check(List<String> m, String law, long left, long right) {
        if (left != right) m.add(law + ": " + left + " != " + right);
    }

    /** The drop reasons with a non-zero count, "name=count, ...", or "none". */
    public String dropsText() {
        StringBuilder b = new StringBuilder();
        for (int r = 0; r < dropsByReason.length; r++) {
            if (dropsByReason[r] != 0) b.append(b.isEmpty() ? "" : ", ").append(DropReason.name(r)).append('=').append(dropsByReason[r]);
        }
        if (workerTxFailed != 0) b.append(b.isEmpty() ? "" : ", ").append("tx failed=").append(workerTxFailed);
        if (workerNoEgress != 0) b.append(b.isEmpty() ? "" : ", ").append("no egress device=").append(workerNoEgress);
        if (workerPuntRingFull != 0) b.append(b.isEmpty() ? "" : ", ").append("punt ring full=").append(workerPuntRingFull);
        return b.isEmpty() ? "none" : b.toString();
    }
}
