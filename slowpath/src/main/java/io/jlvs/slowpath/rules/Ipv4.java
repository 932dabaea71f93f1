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
        long bits = 0;
        int octets = 0;
        int digits = 0;
        int value = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i == text.length() ? '.' : text.charAt(i);
            if (c == '.') {
                if (digits == 0 || value > 255 || ++octets > 4) return java.util.OptionalLong.empty();
                bits = bits << 8 | value;
                digits = 0;
                value = 0;
            } else if (c >= '0' && c <= '9' && digits < 3) {
                value = value * 10 + (c - '0');
                digits++;
            } else {
                return java.util.OptionalLong.empty();
            }
        }
        return octets == 4 ? java.util.OptionalLong.of(bits) : java.util.OptionalLong.empty();
    }
}
