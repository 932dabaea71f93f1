package io.jlvs.daemon;

import java.nio.ByteBuffer;

/** Builds Ethernet/IPv4/TCP, ICMP and ARP frames with correct checksums, for captures fed to the replay. */
final class Frames {

    static final int SYN = 0x02, ACK = 0x10, FIN = 0x01, PSH = 0x08;

    private Frames() {}

    static int ip(String dotted) {
        String[] p = dotted.split("\\.");
        return Integer.parseInt(p[0]) << 24 | Integer.parseInt(p[1]) << 16 | Integer.parseInt(p[2]) << 8 | Integer.parseInt(p[3]);
    }

    static long mac(String text) {
        return Long.parseLong(text.replace(":", ""), 16);
    }

    static String ipText(int a) {
        return (a >>> 24) + "." + (a >>> 16 & 0xff) + "." + (a >>> 8 & 0xff) + "." + (a & 0xff);
    }

    static byte[] tcp(long srcMac, long dstMac, int src, int srcPort, int dst, int dstPort, int flags, long seq, long ack,
                      int payloadLength) {
        int ipLength = 20 + 20 + payloadLength;
        ByteBuffer b = ByteBuffer.allocate(Math.max(60, 14 + ipLength));
        ethernet(b, dstMac, srcMac, 0x0800);
        ipv4(b, ipLength, 6, src, dst);
        int l4 = 34;
        b.putShort(l4, (short) srcPort).putShort(l4 + 2, (short) dstPort).putInt(l4 + 4, (int) seq).putInt(l4 + 8, (int) ack);
        b.put(l4 + 12, (byte) 0x50).put(l4 + 13, (byte) flags).putShort(l4 + 14, (short) 64240);
        for (int i = 0; i < payloadLength; i++) b.put(l4 + 20 + i, (byte) ('a' + i % 26));
        int sum = pseudo(src, dst, 6, 20 + payloadLength) + sum(b.array(), l4, 20 + payloadLength);
        b.putShort(l4 + 16, (short) ~fold(sum));
        return b.array();
    }

    static byte[] echoRequest(long srcMac, long dstMac, int src, int dst, int id, int sequence) {
        int ipLength = 20 + 8 + 16;
        ByteBuffer b = ByteBuffer.allocate(Math.max(60, 14 + ipLength));
        ethernet(b, dstMac, srcMac, 0x0800);
        ipv4(b, ipLength, 1, src, dst);
        b.put(34, (byte) 8).put(35, (byte) 0).putShort(38, (short) id).putShort(40, (short) sequence);
        for (int i = 0; i < 16; i++) b.put(42 + i, (byte) i);
        b.putShort(36, (short) ~fold(sum(b.array(), 34, 24)));
        return b.array();
    }

    static byte[] arp(int operation, long senderMac, int senderIp, long targetMac, int targetIp, long dstMac) {
        ByteBuffer b = ByteBuffer.allocate(60);
        ethernet(b, dstMac, senderMac, 0x0806);
        b.putShort(14, (short) 1).putShort(16, (short) 0x0800).put(18, (byte) 6).put(19, (byte) 4).putShort(20, (short) operation);
        putMac(b, 22, senderMac);
        b.putInt(28, senderIp);
        putMac(b, 32, targetMac);
        b.putInt(38, targetIp);
        return b.array();
    }

    private static void ethernet(ByteBuffer b, long dstMac, long srcMac, int type) {
        putMac(b, 0, dstMac);
        putMac(b, 6, srcMac);
        b.putShort(12, (short) type);
    }

    private static void ipv4(ByteBuffer b, int totalLength, int protocol, int src, int dst) {
        b.put(14, (byte) 0x45).putShort(16, (short) totalLength).putShort(18, (short) 0x1234).putShort(20, (short) 0x4000)
                .put(22, (byte) 64).put(23, (byte) protocol).putInt(26, src).putInt(30, dst);
        b.putShort(24, (short) ~fold(sum(b.array(), 14, 20)));
    }

    private static void putMac(ByteBuffer b, int at, long mac) {
        for (int i = 0; i < 6; i++) b.put(at + i, (byte) (mac >>> (40 - 8 * i)));
    }

    private static int pseudo(int src, int dst, int protocol, int length) {
        return (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff) + protocol + length;
    }

    private static int sum(byte[] a, int from, int length) {
        int s = 0;
        for (int i = 0; i + 1 < length; i += 2) s += (a[from + i] & 0xff) << 8 | (a[from + i + 1] & 0xff);
        if ((length & 1) != 0) s += (a[from + length - 1] & 0xff) << 8;
        return s;
    }

    private static int fold(int s) {
        s = (s & 0xffff) + (s >>> 16);
        s = (s & 0xffff) + (s >>> 16);
        return s & 0xffff;
    }

    /** One line per frame, for golden summaries and failure messages: "TCP 1.2.3.4:5 > 6.7.8.9:80 [S] mac a > b". */
    static String describe(byte[] f) {
        ByteBuffer b = ByteBuffer.wrap(f);
        String macs = " (" + macText(b, 6) + " > " + macText(b, 0) + ")";
        int type = b.getShort(12) & 0xffff;
        if (type == 0x0806) {
            int op = b.getShort(20);
            return (op == 1 ? "ARP who-has " + ipText(b.getInt(38)) + " tell " + ipText(b.getInt(28))
                    : "ARP " + ipText(b.getInt(28)) + " is-at " + macText(b, 22)) + macs;
        }
        if (type != 0x0800) return "ether type 0x" + Integer.toHexString(type) + macs;
        int protocol = f[23] & 0xff;
        int src = b.getInt(26), dst = b.getInt(30);
        int l4 = 14 + (f[14] & 0x0f) * 4;
        if (protocol == 4) {
            return "IPIP " + ipText(src) + " > " + ipText(dst) + " { " + describe(inner(f, l4)) + " }" + macs;
        }
        if (protocol == 1) {
            return "ICMP type " + (f[l4] & 0xff) + " " + ipText(src) + " > " + ipText(dst) + " ttl " + (f[22] & 0xff) + macs;
        }
        if (protocol == 6) {
            int flags = f[l4 + 13] & 0xff;
            StringBuilder fl = new StringBuilder();
            if ((flags & SYN) != 0) fl.append('S');
            if ((flags & FIN) != 0) fl.append('F');
            if ((flags & PSH) != 0) fl.append('P');
            if ((flags & ACK) != 0) fl.append('.');
            return "TCP " + ipText(src) + ":" + (b.getShort(l4) & 0xffff) + " > " + ipText(dst) + ":" + (b.getShort(l4 + 2) & 0xffff)
                    + " [" + fl + "] ttl " + (f[22] & 0xff) + macs;
        }
        return "IP proto " + protocol + " " + ipText(src) + " > " + ipText(dst) + macs;
    }

    /** The inner packet of an IPIP frame, given an Ethernet header so {@link #describe} reads it. */
    private static byte[] inner(byte[] f, int l4) {
        byte[] g = new byte[f.length - l4 + 14];
        System.arraycopy(f, 0, g, 0, 14);
        System.arraycopy(f, l4, g, 14, f.length - l4);
        return g;
    }

    private static String macText(ByteBuffer b, int at) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            if (i > 0) s.append(':');
            s.append(String.format("%02x", b.get(at + i) & 0xff));
        }
        return s.toString();
    }
}
