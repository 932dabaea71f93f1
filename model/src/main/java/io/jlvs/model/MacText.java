package io.jlvs.model;

import java.util.HexFormat;

/** Colon-separated text for the 48-bit Ethernet addresses kept in the low bits of a long. */
public final class MacText {
    private MacText() {}

    /** Six colon-separated pairs of hex digits, {@code 52:54:00:12:34:56}; refuses anything else, quoting the text. */
    public static long parse(String text) {
        String[] parts = text.split(":", -1);
        long bits = 0;
        for (String part : parts) {
            if (parts.length != 6 || part.length() != 2 || !part.chars().allMatch(HexFormat::isHexDigit)) {
                throw new IllegalArgumentException("\"" + text + "\" is not a MAC address (expected six hex pairs like 52:54:00:12:34:56)");
            }
            bits = bits << 8 | HexFormat.fromHexDigits(part);
        }
        return bits;
    }

    /** {@code 52:54:00:12:34:56}, lower case. */
    public static String format(long mac) {
        String hex = HexFormat.of().toHexDigits(mac).substring(4);
        StringBuilder text = new StringBuilder(17);
        for (int i = 0; i < 12; i += 2) {
            if (i > 0) text.append(':');
            text.append(hex, i, i + 2);
        }
        return text.toString();
    }
}
