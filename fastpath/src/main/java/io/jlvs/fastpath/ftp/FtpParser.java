package io.jlvs.fastpath.ftp;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Reads the FTP lines ip_vs_ftp looks at, in place in a TCP payload, and writes the replacement text.
 * One per core (the results are fields); allocates nothing.
 *
 * <ul>
 *   <li>client: {@code PORT h1,h2,h3,h4,p1,p2} and {@code EPRT |1|a.b.c.d|port|} (RFC 2428; any
 *       delimiter, address family 1 only)</li>
 *   <li>server: {@code 227 ...(a,b,c,d,p1,p2)} (the numbers may also come without parentheses, as
 *       RFC 1123 allows) and {@code 229 ...(|||port|)}</li>
 * </ul>
 * After a successful parse, {@link #address}, {@link #port} and the byte range
 * [{@link #start}, {@link #end}) of the numbers that name them are set ({@code start}/{@code end} are
 * offsets into the segment).
 */
public final class FtpParser {

    public static final int NONE = 0, PORT = 1, EPRT = 2, PASSIVE = 3, EXTENDED_PASSIVE = 4;

    public int address;
    public int port;
    public long start;
    public long end;
    /** Room for "255,255,255,255,65535,65535" and more. */
    private final byte[] text = new byte[32];
    private int textLength;

    private static int at(MemorySegment b, long p) { return b.get(ValueLayout.JAVA_BYTE, p) & 0xFF; }

    private static boolean startsWith(MemorySegment b, long p, long end, String prefix) {
        if (end - p < prefix.length()) return false;
        for (int i = 0; i < prefix.length(); i++) if (at(b, p + i) != prefix.charAt(i)) return false;
        return true;
    }

    /** What a client line asks for: {@link #PORT}, {@link #EPRT} or {@link #NONE}. */
    public int parseClient(MemorySegment b, long payload, long payloadEnd) {
        if (startsWith(b, payload, payloadEnd, "PORT ") && parseSix(b, payload + 5, payloadEnd)) return PORT;
        if (startsWith(b, payload, payloadEnd, "EPRT ") && parseExtendedPort(b, payload + 5, payloadEnd)) return EPRT;
        return NONE;
    }

    /** What a server line announces: {@link #PASSIVE}, {@link #EXTENDED_PASSIVE} or {@link #NONE}. */
    public int parseServer(MemorySegment b, long payload, long payloadEnd) {
        if (startsWith(b, payload, payloadEnd, "227 ")) {
            for (long p = payload + 4; p < payloadEnd && at(b, p) != '\r' && at(b, p) != '\n'; p++) {
                int c = at(b, p);
                if (c >= '0' && c <= '9' && (p == payload + 4 || !isDigit(at(b, p - 1))) && parseSix(b, p, payloadEnd)) return PASSIVE;
            }
            return NONE;
        }
        if (startsWith(b, payload, payloadEnd, "229 ")) {
            for (long p = payload + 4; p + 3 < payloadEnd && at(b, p) != '\r' && at(b, p) != '\n'; p++) {
                if (at(b, p) == '(') {
                    int d = at(b, p + 1);
                    if (at(b, p + 2) != d || at(b, p + 3) != d) return NONE;
                    long q = p + 4;
                    long numberStart = q;
                    int v = 0;
                    while (q < payloadEnd && isDigit(at(b, q)) && v <= 0xFFFF) v = v * 10 + at(b, q++) - '0';
                    if (q == numberStart || q >= payloadEnd || at(b, q) != d || v > 0xFFFF) return NONE;
                    port = v;
                    start = numberStart;
                    end = q;
                    return EXTENDED_PASSIVE;
                }
            }
        }
        return NONE;
    }

    private static boolean isDigit(int c) { return c >= '0' && c <= '9'; }

    /** h1,h2,h3,h4,p1,p2 starting at {@code p}: each 0..255. */
    private boolean parseSix(MemorySegment b, long p, long limit) {
        long q = p;
        int addr = 0;
        int prt = 0;
        for (int n = 0; n < 6; n++) {
            long numberStart = q;
            int v = 0;
            while (q < limit && isDigit(at(b, q)) && v <= 255) v = v * 10 + at(b, q++) - '0';
            if (q == numberStart || v > 255) return false;
            if (n < 4) addr = addr << 8 | v;
            else prt = prt << 8 | v;
            if (n < 5) {
                if (q >= limit || at(b, q) != ',') return false;
                q++;
            }
        }
        address = addr;
        port = prt;
        start = p;
        end = q;
        return true;
    }

    /** {@code <d>1<d>a.b.c.d<d>port<d>} starting at {@code p}. */
    private boolean parseExtendedPort(MemorySegment b, long p, long limit) {
        if (limit - p < 4) return false;
        int d = at(b, p);
        if (at(b, p + 1) != '1' || at(b, p + 2) != d) return false;
        long q = p + 3;
        long addressStart = q;
        int addr = 0;
        for (int n = 0; n < 4; n++) {
            long numberStart = q;
            int v = 0;
            while (q < limit && isDigit(at(b, q)) && v <= 255) v = v * 10 + at(b, q++) - '0';
            if (q == numberStart || v > 255 || q >= limit) return false;
            addr = addr << 8 | v;
            if (at(b, q++) != (n < 3 ? '.' : d)) return false;
        }
        long numberStart = q;
        int v = 0;
        while (q < limit && isDigit(at(b, q)) && v <= 0xFFFF) v = v * 10 + at(b, q++) - '0';
        if (q == numberStart || v > 0xFFFF || q >= limit || at(b, q) != d) return false;
        address = addr;
        port = v;
        start = addressStart;
        end = q;
        return true;
    }

    /** Prepares "a,b,c,d,p1,p2" for {@code address}, {@code port}; returns its length. */
    public int formatSix(int addr, int prt) {
        textLength = 0;
        for (int shift = 24; shift >= 0; shift -= 8) {
            appendNumber((addr >>> shift) & 0xFF);
            text[textLength++] = ',';
        }
        appendNumber(prt >>> 8);
        text[textLength++] = ',';
        appendNumber(prt & 0xFF);
        return textLength;
    }

    private void appendNumber(int v) {
        if (v >= 10000) text[textLength++] = (byte) ('0' + v / 10000);
        if (v >= 1000) text[textLength++] = (byte) ('0' + v / 1000 % 10);
        if (v >= 100) text[textLength++] = (byte) ('0' + v / 100 % 10);
        if (v >= 10) text[textLength++] = (byte) ('0' + v / 10 % 10);
        text[textLength++] = (byte) ('0' + v % 10);
    }

    /** Writes the prepared text at {@code at}. */
    public void writeText(MemorySegment b, long at) {
        MemorySegment.copy(text, 0, b, ValueLayout.JAVA_BYTE, at, textLength);
    }
}
