package io.jlvs.slowpath.config;

/** An IPv4 address as the 32-bit number the fast path compares and hashes. */
public record Ipv4Address(int bits) {

    /** Parses dotted-quad notation, {@code 10.0.0.1}; never consults DNS. */
    public static Ipv4Address parse(String text) {
        String[] octets = text.split("\\.", -1);
        if (octets.length != 4) {
            throw new IllegalArgumentException(quoted(text) + " is not an IPv4 address (expected a.b.c.d)");
        }
        int bits = 0;
        for (String octet : octets) {
            if (octet.isEmpty() || octet.length() > 3 || !octet.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException(quoted(text) + " is not an IPv4 address (expected a.b.c.d)");
            }
            int value = Integer.parseInt(octet);
            if (value > 255) {
                throw new IllegalArgumentException(quoted(text) + " is not an IPv4 address (" + value + " > 255)");
            }
            bits = bits << 8 | value;
        }
        return new Ipv4Address(bits);
    }

    /** The netmask with {@code length} leading one bits, e.g. 24 -> 255.255.255.0. */
    public static Ipv4Address netmask(int length) {
        return new Ipv4Address(length == 0 ? 0 : -1 << (32 - length));
    }

    /** The prefix length of a contiguous netmask, or -1 when the ones are not contiguous. */
    public int netmaskLength() {
        int length = Integer.bitCount(bits);
        return netmask(length).bits == bits ? length : -1;
    }

    static String quoted(String text) {
        return "\"" + text + "\"";
    }

    @Override
    public String toString() {
        return (bits >>> 24) + "." + (bits >>> 16 & 0xff) + "." + (bits >>> 8 & 0xff) + "." + (bits & 0xff);
    }
}
