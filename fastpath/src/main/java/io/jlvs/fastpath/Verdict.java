package io.jlvs.fastpath;

/**
 * What to do with a processed packet, packed in an int so {@code process} returns without
 * allocating: the kind in bits 16..17, the egress port or the reason in bits 0..15.
 */
public final class Verdict {

    public static final int KIND_TRANSMIT = 1;
    public static final int KIND_DROP = 2;
    public static final int KIND_PUNT = 3;

    private static final int KIND_SHIFT = 16;
    private static final int VALUE_MASK = 0xffff;

    private Verdict() {}

    public static int transmit(int port) { return (KIND_TRANSMIT << KIND_SHIFT) | (port & VALUE_MASK); }

    public static int drop(int reason) { return (KIND_DROP << KIND_SHIFT) | reason; }

    public static int punt(int reason) { return (KIND_PUNT << KIND_SHIFT) | reason; }

    public static int kind(int verdict) { return verdict >>> KIND_SHIFT; }

    public static boolean isTransmit(int verdict) { return kind(verdict) == KIND_TRANSMIT; }

    public static boolean isDrop(int verdict) { return kind(verdict) == KIND_DROP; }

    public static boolean isPunt(int verdict) { return kind(verdict) == KIND_PUNT; }

    /** The egress port of a transmit verdict. */
    public static int port(int verdict) { return verdict & VALUE_MASK; }

    /** The {@link DropReason} of a drop verdict. */
    public static int dropReason(int verdict) { return verdict & VALUE_MASK; }

    /** The {@link PuntReason} of a punt verdict. */
    public static int puntReason(int verdict) { return verdict & VALUE_MASK; }

    /** Readable form for tests and logs (cold path). */
    public static String toString(int verdict) {
        return switch (kind(verdict)) {
            case KIND_TRANSMIT -> "transmit on port " + port(verdict);
            case KIND_DROP -> "drop (" + DropReason.name(dropReason(verdict)) + ")";
            case KIND_PUNT -> "punt (" + PuntReason.name(puntReason(verdict)) + ")";
            default -> "invalid verdict 0x" + Integer.toHexString(verdict);
        };
    }
}
