package io.jlvs.slowpath.config;

import java.util.HexFormat;

/** A 48-bit Ethernet address, kept in the low bits of a long. */
public record MacAddress(long bits) {

    /** Parses six colon-separated pairs of hex digits, {@code 52:54:00:12:34:56}. */
    public static MacAddress parse(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length != 6) {
            throw new IllegalArgumentException(Ipv4Address.quoted(text) + " is not a MAC address (expected six hex pairs like 52:54:00:12:34:56)");
        }
        long bits = 0;
        for (String part : parts) {
            if (part.length() != 2 || !part.chars().allMatch(HexFormat::isHexDigit)) {
                throw new IllegalArgumentException(Ipv4Address.quoted(text) + " is not a MAC address (expected six hex pairs like 52:54:00:12:34:56)");
            }
            bits = bits << 8 | HexFormat.fromHexDigits(part);
        }
        return new MacAddress(bits);
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
        String hex = HexFormat.of().toHexDigits(bits).substring(4);
        StringBuilder text = new StringBuilder(17);
        for (int i = 0; i < 12; i += 2) {
            if (i > 0) {
                text.append(':');
            }
            text.append(hex, i, i + 2);
        }
        return text.toString();
    }
}
