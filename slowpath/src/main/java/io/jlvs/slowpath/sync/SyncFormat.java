package io.jlvs.slowpath.sync;

/**
 * The wire layout of IPVS's sync protocol version 1 (net/netfilter/ipvs/ip_vs_sync.c), IPv4 records.
 *
 * <pre>
 * message header (struct ip_vs_sync_mesg), 8 bytes
 *  0  1  reserved, 0 (a version 0 receiver reads it as a connection count of 0 and drops the message)
 *  1  1  sync id
 *  2  2  size of the whole message, header included
 *  4  1  number of records
 *  5  1  version, 1
 *  6  2  spare, 0
 * record (struct ip_vs_sync_v4), 36 bytes, then options; records start on 4-byte boundaries
 *  0  1  type: 0 = IPv4 (bit 0 set = IPv6)
 *  1  1  protocol
 *  2  2  version (top 4 bits, 0) | size of the record with its options, padding excluded (12 bits)
 *  4  4  flags (IP_VS_CONN_F_*)
 *  8  2  state
 * 10  2  client port     12 2 virtual port     14 2 destination port
 * 16  4  fwmark          20 4 timeout (s)
 * 24  4  client address  28 4 virtual address  32 4 destination address
 * options: type (1), length (1), data
 *  1 IPVS_OPT_SEQ_DATA  24 bytes: in_seq then out_seq, each init_seq, delta, previous_delta
 *  2 IPVS_OPT_PE_DATA   persistence engine data (up to 255 bytes)
 *  3 IPVS_OPT_PE_NAME   persistence engine name (up to 16 bytes)
 *  type | 0x40 (IPVS_OPT_F_PARAM): optional, skipped when unknown; an unknown type without it
 *  drops the record
 * </pre>
 */
public final class SyncFormat {
    public static final int GROUP = 0xE0000051; // 224.0.0.81
    public static final int PORT = 8848;
    public static final int VERSION = 1;
    public static final int HEADER_LENGTH = 8;
    public static final int V4_RECORD_LENGTH = 36;
    public static final int SEQ_OPTION_LENGTH = 24;
    public static final int OPT_SEQ_DATA = 1;
    public static final int OPT_PE_DATA = 2;
    public static final int OPT_PE_NAME = 3;
    public static final int OPT_PARAM = 7;
    /** IPVS_OPT_F_PARAM: the bit that marks an option a receiver may skip. */
    public static final int OPT_F_PARAM = 1 << (OPT_PARAM - 1);
    public static final int TYPE_INET6 = 1;
    public static final int SVER_SHIFT = 12;
    public static final int SVER_MASK = 0x0FFF;
    public static final int PE_DATA_MAX = 255;
    public static final int PE_NAME_MAX = 16;
    /** start_sync_thread: a master's messages fit a 1500-byte MTU less the IPv4 and UDP headers. */
    public static final int MASTER_MAX_LENGTH = 1500 - 20 - 8;
    /** IPVS's TCP states (IP_VS_TCP_S_LAST) and UDP's one. */
    public static final int TCP_STATES = 11;
    public static final int UDP_STATES = 1;

    static final int H_RESERVED = 0, H_SYNCID = 1, H_SIZE = 2, H_COUNT = 4, H_VERSION = 5, H_SPARE = 6;
    static final int R_TYPE = 0, R_PROTOCOL = 1, R_VER_SIZE = 2, R_FLAGS = 4, R_STATE = 8, R_CPORT = 10,
        R_VPORT = 12, R_DPORT = 14, R_FWMARK = 16, R_TIMEOUT = 20, R_CADDR = 24, R_VADDR = 28, R_DADDR = 32;

    private SyncFormat() {}
}
