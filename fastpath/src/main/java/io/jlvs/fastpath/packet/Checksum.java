package io.jlvs.fastpath.packet;

import java.lang.foreign.MemorySegment;

/**
 * The Internet checksum (RFC 1071) and its incremental update (RFC 1624).
 *
 * <p>Hand-written: it is a handful of adds on the hot path, and the incremental form has to be
 * exactly equation 3 of RFC 1624, {@code HC' = ~(~HC + ~m + m')}, which avoids the -0 pitfall of
 * the older RFC 1141 form.
 */
public final class Checksum {

    private Checksum() {}

    /** Adds the 16-bit big-endian words of {@code length} bytes to {@code sum}; an odd last byte is padded with zero. */
    public static int sum(MemorySegment s, long offset, int length, int sum) {
        long end = offset + (length & ~1);
        long p = offset;
        for (; p + 4 <= end; p += 4) {
            int word = NetBytes.u32(s, p);
            sum += (word >>> 16) + (word & 0xffff);
        }
        for (; p < end; p += 2) {
            sum += NetBytes.u16(s, p);
        }
        if ((length & 1) != 0) {
            sum += NetBytes.u8(s, end) << 8;
        }
        return sum;
    }

    /** Adds the two 16-bit halves of a 32-bit big-endian word to {@code sum}. */
    public static int addWords(int sum, int word) {
        return sum + (word >>> 16) + (word & 0xffff);
    }

    /** Folds a 32-bit accumulated sum to 16 bits with end-around carry. */
    public static int fold(int sum) {
        sum = (sum & 0xffff) + (sum >>> 16);
        sum = (sum & 0xffff) + (sum >>> 16);
        return sum;
    }

    /** The checksum to store for {@code length} bytes whose checksum field currently holds zero. */
    public static int compute(MemorySegment s, long offset, int length) {
        return ~fold(sum(s, offset, length, 0)) & 0xffff;
    }

    /** True when the bytes, checksum field included, sum to 0xffff (RFC 1071 verification). */
    public static boolean verify(MemorySegment s, long offset, int length) {
        return fold(sum(s, offset, length, 0)) == 0xffff;
    }

    /** RFC 1624 eq. 3 for one 16-bit field changing from {@code oldWord} to {@code newWord}. */
    public static int update16(int checksum, int oldWord, int newWord) {
        int sum = (~checksum & 0xffff) + (~oldWord & 0xffff) + (newWord & 0xffff);
        return ~fold(sum) & 0xffff;
    }

    /** RFC 1624 eq. 3 for a 32-bit field (an IPv4 address) changing, as two 16-bit words. */
    public static int update32(int checksum, int oldValue, int newValue) {
        int sum = (~checksum & 0xffff)
                + (~oldValue >>> 16) + (~oldValue & 0xffff)
                + (newValue >>> 16) + (newValue & 0xffff);
        return ~fold(sum) & 0xffff;
    }

    /** RFC 1624 eq. 3 for an address and a port changing together (a NAT rewrite), with one fold. */
    public static int updateAddressAndPort(int checksum, int oldAddr, int newAddr, int oldPort, int newPort) {
        int sum = (~checksum & 0xffff)
                + (~oldAddr >>> 16) + (~oldAddr & 0xffff) + (newAddr >>> 16) + (newAddr & 0xffff)
                + (~oldPort & 0xffff) + (newPort & 0xffff);
        return ~fold(sum) & 0xffff;
    }

    /** {@link #updateAddressAndPort} for UDP: zero stays zero, a computed zero goes out as 0xffff. */
    public static int updateUdpAddressAndPort(int checksum, int oldAddr, int newAddr, int oldPort, int newPort) {
        if (checksum == 0) return 0;
        int updated = updateAddressAndPort(checksum, oldAddr, newAddr, oldPort, newPort);
        return updated == 0 ? 0xffff : updated;
    }
}
