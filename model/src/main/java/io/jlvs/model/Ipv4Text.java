package io.jlvs.model;

import java.util.OptionalInt;

/**
 * Dotted-quad text for the 32-bit host-order IPv4 addresses every module keeps. Exactly four decimal
 * octets of one to three digits: no DNS, no inet_aton shorthands ({@code 10.1}, hex, octal).
 */
public final class Ipv4Text {
    private Ipv4Text() {}

    public static String format(int address) {
        return (address >>> 24) + "." + (address >>> 16 & 0xff) + "." + (address >>> 8 & 0xff) + "." + (address & 0xff);
    }

    /** {@code a.b.c.d:port} */
    public static String endpoint(int address, int port) { return format(address) + ":" + port; }

    /** The address, or empty for anything that is not four octets. */
    public static OptionalInt tryParse(String text) {
        int bits = 0;
        int octets = 0;
        int digits = 0;
        int value = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i == text.length() ? '.' : text.charAt(i);
            if (c == '.') {
                if (digits == 0 || value > 255 || ++octets > 4) return OptionalInt.empty();
                bits = bits << 8 | value;
                digits = 0;
                value = 0;
            } else if (c >= '0' && c <= '9' && digits < 3) {
                value = value * 10 + (c - '0');
                digits++;
            } else {
                return OptionalInt.empty();
            }
        }
        return octets == 4 ? OptionalInt.of(bits) : OptionalInt.empty();
    }

    /**
     * The address; refuses anything else with a message that quotes the text and says why, e.g.
     * {@code "10.0.0.300" is not an IPv4 address (300 > 255)}.
     */
    public static int parse(String text) {
        OptionalInt bits = tryParse(text);
        if (bits.isPresent()) return bits.getAsInt();
        String[] octets = text.split("\\.", -1);
        if (octets.length == 4) {
            for (String octet : octets) {
                if (!octet.isEmpty() && octet.length() <= 3 && octet.chars().allMatch(c -> c >= '0' && c <= '9')
                        && Integer.parseInt(octet) > 255) {
                    throw new IllegalArgumentException("\"" + text + "\" is not an IPv4 address (" + Integer.parseInt(octet) + " > 255)");
                }
            }
        }
        throw new IllegalArgumentException("\"" + text + "\" is not an IPv4 address (expected a.b.c.d)");
    }
}
