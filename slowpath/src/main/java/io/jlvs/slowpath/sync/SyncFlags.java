package io.jlvs.slowpath.sync;

/** IPVS's connection flags (include/uapi/linux/ip_vs.h IP_VS_CONN_F_*) as the sync protocol sends them. */
public final class SyncFlags {
    public static final int FWD_MASK = 0x0007;
    public static final int MASQ = 0x0000;
    public static final int LOCALNODE = 0x0001;
    public static final int TUNNEL = 0x0002;
    public static final int DROUTE = 0x0003;
    public static final int BYPASS = 0x0004;
    public static final int SYNC = 0x0020;
    public static final int HASHED = 0x0040;
    public static final int NOOUTPUT = 0x0080;
    public static final int INACTIVE = 0x0100;
    public static final int OUT_SEQ = 0x0200;
    public static final int IN_SEQ = 0x0400;
    public static final int SEQ_MASK = 0x0600;
    public static final int NO_CPORT = 0x0800;
    public static final int TEMPLATE = 0x1000;
    public static final int ONE_PACKET = 0x2000;
    /** What a backup keeps of a received record's flags (IP_VS_CONN_F_BACKUP_MASK). */
    public static final int BACKUP_MASK = FWD_MASK | NOOUTPUT | INACTIVE | SEQ_MASK | NO_CPORT | TEMPLATE;

    private SyncFlags() {}
}
