package io.jlvs.slowpath.rules;

/** Dotted-quad text for the 32-bit addresses the rule set keeps. */
public final class Ipv4 {
    private Ipv4() {}

    public static String toString(int address) {
        return (address >>> 24) + "." + (address >>> 16 & 0xff) + "." + (address >>> 8 & 0xff) + "." + (address & 0xff);
    }

    public static String endpoint(int address, int port) { return toString(address) + ":" + port; }

    /** Parses exactly four decimal octets; returns empty for anything else (no DNS, no inet_aton shorthands). */
    public static java.util.OptionalLong parse(String text) {
        String[] octets = text.split("\\.", -1);
        if (octets.length != 4) return java.util.OptionalLong.empty();
        long bits = 0;
        for (String octet : octets) {
            if (octet.isEmpty() || octet.length() > 3 || !octet.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return java.util.OptionalLong.empty();
            }
            int value = Integer.parseInt(octet);
            if (value > 255) return java.util.OptionalLong.empty();
            bits = bits << 8 | value;
        }
        return java.util.OptionalLong.of(bits);
    }
}
