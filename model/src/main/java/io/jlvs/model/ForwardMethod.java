package io.jlvs.model;

/**
 * How packets reach a real server (IPVS's IP_VS_CONN_F_FWD_MASK), with every spelling of it: the
 * config file's ({@code nat}, {@code dr}, {@code tun}: the constant's name in lower case), ipvsadm's
 * switches ({@code -m}/{@code --masquerading}, {@code -g}/{@code --gatewaying}, {@code -i}/{@code --ipip};
 * {@code -g} is ipvsadm's default) and the word {@code ipvsadm -L} prints in its Forward column.
 *
 * <p>The fast path keeps a connection's method as a byte: {@link #code()}, with the same values as
 * compile-time constants ({@link #NAT_CODE}, ...) for its hot-path comparisons.
 */
public enum ForwardMethod {
    /** Masquerading: addresses rewritten both ways; the director sees replies. */
    NAT('m', "masquerading", "Masq"),
    /** Direct routing: only the Ethernet header changes; replies bypass the director (input-only states). */
    DR('g', "gatewaying", "Route"),
    /** IP-in-IP tunnel; replies bypass the director (input-only states). */
    TUN('i', "ipip", "Tunnel");

    public static final int NAT_CODE = 0;
    public static final int DR_CODE = 1;
    public static final int TUN_CODE = 2;

    private static final ForwardMethod[] BY_CODE = values();

    private final char shortOption;
    private final String longOption;
    private final String listName;

    ForwardMethod(char shortOption, String longOption, String listName) {
        this.shortOption = shortOption;
        this.longOption = longOption;
        this.listName = listName;
    }

    /** The fast path's byte for this method: the constant's position, {@link #NAT_CODE} .. {@link #TUN_CODE}. */
    public int code() { return ordinal(); }

    /** The method of a fast-path code. */
    public static ForwardMethod ofCode(int code) {
        if (code < 0 || code >= BY_CODE.length) throw new IllegalArgumentException("unknown forward method code " + code);
        return BY_CODE[code];
    }

    /** ipvsadm's short switch without the dash: m, g, i. */
    public char shortOption() { return shortOption; }

    /** ipvsadm's long switch without the dashes: masquerading, gatewaying, ipip. */
    public String longOption() { return longOption; }

    /** The switch {@code ipvsadm -S} prints: -m, -g, -i. */
    public String option() { return "-" + shortOption; }

    /** The word {@code ipvsadm -L} prints in its Forward column. */
    public String listName() { return listName; }
}
