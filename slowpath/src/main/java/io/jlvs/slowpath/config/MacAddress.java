package io.jlvs.slowpath.config;

import io.jlvs.model.MacText;

/** A 48-bit Ethernet address, kept in the low bits of a long. */
public record MacAddress(long bits) {

    /** Parses six colon-separated pairs of hex digits, {@code 52:54:00:12:34:56}. */
    public static MacAddress parse(String text) {
        return new MacAddress(MacText.parse(text));
    }

    /** Group (multicast or broadcast) addresses have the lowest bit of the first octet set. */
    public boolean isMulticast() {
        return (bits & 0x0100_0000_0000L) != 0;
    }

    public boolean isZero() {
        return bits == 0;
    }

    @Override
    public String toString() {
        return MacText.format(bits);
    }
}
