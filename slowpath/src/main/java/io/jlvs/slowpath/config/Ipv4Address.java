package io.jlvs.slowpath.config;

import io.jlvs.model.Ipv4Text;

/** An IPv4 address as the 32-bit number the fast path compares and hashes. */
public record Ipv4Address(int bits) {

    /** Parses dotted-quad notation, {@code 10.0.0.1}; never consults DNS. */
    public static Ipv4Address parse(String text) {
        return new Ipv4Address(Ipv4Text.parse(text));
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
        return Ipv4Text.format(bits);
    }
}
