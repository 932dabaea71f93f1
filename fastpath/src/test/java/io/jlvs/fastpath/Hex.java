package io.jlvs.fastpath;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;

/** Hex fixtures: whitespace-separated bytes, anything after '#' on a line is a comment. */
final class Hex {

    private Hex() {}

    static byte[] parse(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int lineNumber = 0;
        for (String line : text.split("\n")) {
            lineNumber++;
            int hash = line.indexOf('#');
            String data = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (data.isEmpty()) continue;
            for (String token : data.split("\\s+")) {
                if (token.length() != 2) throw new IllegalArgumentException("fixture line " + lineNumber + ": '" + token + "' is not one hex byte");
                out.write(HexFormat.fromHexDigits(token));
            }
        }
        return out.toByteArray();
    }

    /** 16 bytes per line, for readable assertion diffs. */
    static String format(byte[] bytes) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < bytes.length; i++) {
            b.append(String.format("%02x", bytes[i] & 0xff)).append(i % 16 == 15 ? '\n' : ' ');
        }
        return b.toString().strip();
    }
}
