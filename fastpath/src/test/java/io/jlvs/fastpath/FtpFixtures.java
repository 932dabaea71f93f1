package io.jlvs.fastpath;

/**
 * FTP through NAT (IPVS's ip_vs_ftp) as packet fixtures, in the lab of {@link FtpTest}: port 0
 * (02:00:00:00:00:01, 203.0.113.1) faces the clients through router 203.0.113.254; port 1
 * (02:00:00:00:01:01, 10.0.0.1) faces the FTP server rs 10.0.0.5 (02:00:00:00:01:05). The service is
 * TCP 203.0.113.100:21 (the VIP) -> rs:21, Masq; the client is 198.51.100.7.
 *
 * <p>Every byte, checksum, rewritten payload and shifted sequence number here was produced by
 * src/test/python/make_ftp_fixtures.py with its own packet builder (packets.py), never by the Java
 * code under test ({@code python3 fastpath/src/test/python/make_ftp_fixtures.py PASV_227_OUT}).
 */
final class FtpFixtures {

    private FtpFixtures() {}

    static final String CONTROL_SYN = """
        02 00 00 00 00 01 02 00 00 00 00 fe 08 00                    # Ethernet: destination 02:00:00:00:00:01 (port 0), source 02:00:00:00:00:fe (router 203.0.113.254), type 0800
        45 00 00 28 00 01 40 00 40 06 d4 2f                          # IPv4: version/IHL 45, TOS 00, total length 40, id 1, flags DF, TTL 64, protocol TCP, checksum d42f
        c6 33 64 07 cb 00 71 64                                      #       source 198.51.100.7 (client), destination 203.0.113.100 (VIP)
        c3 50 00 15 00 00 03 e8 00 00 00 00                          # TCP: source port 50000, destination port 21, seq 1000, ack 0
        50 02 ff ff 81 f5 00 00                                      #      data offset 5, flags SYN, window 65535, checksum 81f5, urgent 0
        """;

    static final String CONTROL_SYN_OUT = """
        02 00 00 00 01 05 02 00 00 00 01 01 08 00                    # Ethernet: destination 02:00:00:00:01:05 (rs), source 02:00:00:00:01:01 (port 1), type 0800
        45 00 00 28 00 01 40 00 3f 06 07 90                          # IPv4: version/IHL 45, TOS 00, total length 40, id 1, flags DF, TTL 63, protocol TCP, checksum 0790
        c6 33 64 07 0a 00 00 05                                      #       source 198.51.100.7 (client), destination 10.0.0.5 (rs)
        c3 50 00 15 00 00 03 e8 00 00 00 00                          # TCP: source port 50000, destination port 21, seq 1000, ack 0
        50 02 ff ff b4 55 00 00                                      #      data offset 5, flags SYN, window 65535, checksum b455, urgent 0
        """;

    static final String CONTROL_SYN_ACK = """
        02 00 00 00 01 01 02 00 00 00 01 05 08 00                    # Ethernet: destination 02:00:00:00:01:01 (port 1), source 02:00:00:00:01:05 (rs), type 0800
        45 00 00 28 00 01 40 00 40 06 06 90                          # IPv4: version/IHL 45, TOS 00, total length 40, id 1, flags DF, TTL 64, protocol TCP, checksum 0690
        0a 00 00 05 c6 33 64 07                                      #       source 10.0.0.5 (rs), destination 198.51.100.7 (client)
        00 15 c3 50 00 00 13 88 00 00 03 e9                          # TCP: source port 21, destination port 50000, seq 5000, ack 1001
        50 12 ff ff a0 bc 00 00                                      #      data offset 5, flags SYN|ACK, window 65535, checksum a0bc, urgent 0
        """;

    static final String CONTROL_SYN_ACK_OUT = """
        02 00 00 00 00 fe 02 00 00 00 00 01 08 00                    # Ethernet: destination 02:00:00:00:00:fe (router 203.0.113.254), source 02:00:00:00:00:01 (port 0), type 0800
        45 00 00 28 00 01 40 00 3f 06 d5 2f                          # IPv4: version/IHL 45, TOS 00, total length 40, id 1, flags DF, TTL 63, protocol TCP, checksum d52f
        cb 00 71 64 c6 33 64 07                                      #       source 203.0.113.100 (VIP), destination 198.51.100.7 (client)
        00 15 c3 50 00 00 13 88 00 00 03 e9                          # TCP: source port 21, destination port 50000, seq 5000, ack 1001
        50 12 ff ff 6e 5c 00 00                                      #      data offset 5, flags SYN|ACK, window 65535, checksum 6e5c, urgent 0
        """;

    static final String CONTROL_ACK = """
        02 00 00 00 00 01 02 00 00 00 00 fe 08 00                    # Ethernet: destination 02:00:00:00:00:01 (port 0), source 02:00:00:00:00:fe (router 203.0.113.254), type 0800
        45 00 00 28 00 01 40 00 40 06 d4 2f                          # IPv4: version/IHL 45, TOS 00, total length 40, id 1, flags DF, TTL 64, protocol TCP, checksum d42f
        c6 33 64 07 cb 00 71 64                                      #       source 198.51.100.7 (client), destination 203.0.113.100 (VIP)
        c3 50 00 15 00 00 03 e9 00 00 13 89                          # TCP: source port 50000, destination port 21, seq 1001, ack 5001
        50 10 ff ff 6e 5d 00 00                                      #      data offset 5, flags ACK, window 65535, checksum 6e5d, urgent 0
        """;

    static final String CONTROL_ACK_OUT = """
        02 00 00 00 01 05 02 00 00 00 01 01 08 00                    # Ethernet: destination 02:00:00:00:01:05 (rs), source 02:00:00:00:01:01 (port 1), type 0800
        45 00 00 28 00 01 40 00 3f 06 07 90                          # IPv4: version/IHL 45, TOS 00, total length 40, id 1, flags DF, TTL 63, protocol TCP, checksum 0790
        c6 33 64 07 0a 00 00 05                                      #       source 198.51.100.7 (client), destination 10.0.0.5 (rs)
        c3 50 00 15 00 00 03 e9 00 00 13 89                          # TCP: source port 50000, destination port 21, seq 1001, ack 5001
        50 10 ff ff a0 bd 00 00                                      #      data offset 5, flags ACK, window 65535, checksum a0bd, urgent 0
        """;

    /** Payload: 227 Entering Passive Mode (10,0,0,5,117,48)\r\n */
    static final String PASV_227 = """
        02 00 00 00 01 01 02 00 00 00 01 05 08 00                    # Ethernet: destination 02:00:00:00:01:01 (port 1), source 02:00:00:00:01:05 (rs), type 0800
        45 00 00 55 00 01 40 00 40 06 06 63                          # IPv4: version/IHL 45, TOS 00, total length 85, id 1, flags DF, TTL 64, protocol TCP, checksum 0663
        0a 00 00 05 c6 33 64 07                                      #       source 10.0.0.5 (rs), destination 198.51.100.7 (client)
        00 15 c3 50 00 00 13 89 00 00 03 e9                          # TCP: source port 21, destination port 50000, seq 5001, ack 1001
        50 18 ff ff 7e a8 00 00                                      #      data offset 5, flags ACK|PSH, window 65535, checksum 7ea8, urgent 0
        32 32 37 20 45 6e 74 65 72 69 6e 67 20 50 61 73 73 69 76 65  # payload
        20 4d 6f 64 65 20 28 31 30 2c 30 2c 30 2c 35 2c 31 31 37 2c  # ...
        34 38 29 0d 0a                                               # ...
        """;

    /** Payload: 227 Entering Passive Mode (203,0,113,100,117,48)\r\n */
    static final String PASV_227_OUT = """
        02 00 00 00 00 fe 02 00 00 00 00 01 08 00                    # Ethernet: destination 02:00:00:00:00:fe (router 203.0.113.254), source 02:00:00:00:00:01 (port 0), type 0800
        45 00 00 5a 00 01 40 00 3f 06 d4 fd                          # IPv4: version/IHL 45, TOS 00, total length 90, id 1, flags DF, TTL 63, protocol TCP, checksum d4fd
        cb 00 71 64 c6 33 64 07                                      #       source 203.0.113.100 (VIP), destination 198.51.100.7 (client)
        00 15 c3 50 00 00 13 89 00 00 03 e9                          # TCP: source port 21, destination port 50000, seq 5001, ack 1001
        50 18 ff ff fc 9c 00 00                                      #      data offset 5, flags ACK|PSH, window 65535, checksum fc9c, urgent 0
        32 32 37 20 45 6e 74 65 72 69 6e 67 20 50 61 73 73 69 76 65  # payload
        20 4d 6f 64 65 20 28 32 30 33 2c 30 2c 31 31 33 2c 31 30 30  # ...
        2c 31 31 37 2c 34 38 29 0d 0a                                # ...
        """;

    static final String ACK_AFTER_227 = """
        02 00 00 00 00 01 02 00 00 00 00 fe 08 00                    # Ethernet: destination 02:00:00:00:00:01 (port 0), source 02:00:00:00:00:fe (router 203.0.113.254), type 0800
        45 00 00 28 00 01 40 00 40 06 d4 2f                          # IPv4: version/IHL 45, TOS 00, total length 40, id 1, flags DF, TTL 64, protocol TCP, checksum d42f
        c6 33 64 07 cb 00 71 64                                      #       source 198.51.100.7 (client), destination 203.0.113.100 (VIP)
        c3 50 00 15 00 00 03 e9 00 00 13 bb                          # TCP: source port 50000, destination port 21, seq 1001, ack 5051
        50 10 ff ff 6e 2b 00 00                                      #      data offset 5, flags ACK, window 65535, checksum 6e2b, urgent 0
        """;

    static final String ACK_AFTER_227_OUT = """
        02 00 00 00 01 05 02 00 00 00 01 01 08 00                    # Ethernet: destination 02:00:00:00:01:05 (rs), source 02:00:00:00:01:01 (port 1), type 0800
        45 00 00 28 00 01 40 00 3f 06 07 90                          # IPv4: version/IHL 45, TOS 00, total length 40, id 1, flags DF, TTL 63, protocol TCP, checksum 0790
        c6 33 64 07 0a 00 00 05                                      #       source 198.51.100.7 (client), destination 10.0.0.5 (rs)
        c3 50 00 15 00 00 03 e9 00 00 13 b6                          # TCP: source port 50000, destination port 21, seq 1001, ack 5046
        50 10 ff ff a0 90 00 00                                      #      data offset 5, flags ACK, window 65535, checksum a090, urgent 0
        """;

    /** Payload: 229 Entering Extended Passive Mode (|||30001|)\r\n */
    static final String EPSV_229 = """
        02 00 00 00 01 01 02 00 00 00 01 05 08 00                    # Ethernet: destination 02:00:00:00:01:01 (port 1), source 02:00:00:00:01:05 (rs), type 0800
        45 00 00 58 00 01 40 00 40 06 06 60                          # IPv4: version/IHL 45, TOS 00, total length 88, id 1, flags DF, TTL 64, protocol TCP, checksum 0660
        0a 00 00 05 c6 33 64 07                                      #       source 10.0.0.5 (rs), destination 198.51.100.7 (client)
        00 15 c3 50 00 00 13 b6 00 00 03 e9                          # TCP: source port 21, destination port 50000, seq 5046, ack 1001
        50 18 ff ff 8d 06 00 00                                      #      data offset 5, flags ACK|PSH, window 65535, checksum 8d06, urgent 0
        32 32 39 20 45 6e 74 65 72 69 6e 67 20 45 78 74 65 6e 64 65  # payload
        64 20 50 61 73 73 69 76 65 20 4d 6f 64 65 20 28 7c 7c 7c 33  # ...
        30 30 30 31 7c 29 0d 0a                                      # ...
        """;

    /** Payload: 229 Entering Extended Passive Mode (|||30001|)\r\n */
    static final String EPSV_229_OUT = """
        02 00 00 00 00 fe 02 00 00 00 00 01 08 00                    # Ethernet: destination 02:00:00:00:00:fe (router 203.0.113.254), source 02:00:00:00:00:01 (port 0), type 0800
        45 00 00 58 00 01 40 00 3f 06 d4 ff                          # IPv4: version/IHL 45, TOS 00, total length 88, id 1, flags DF, TTL 63, protocol TCP, checksum d4ff
        cb 00 71 64 c6 33 64 07                                      #       source 203.0.113.100 (VIP), destination 198.51.100.7 (client)
        00 15 c3 50 00 00 13 bb 00 00 03 e9                          # TCP: source port 21, destination port 50000, seq 5051, ack 1001
        50 18 ff ff 5a a1 00 00                                      #      data offset 5, flags ACK|PSH, window 65535, checksum 5aa1, urgent 0
        32 32 39 20 45 6e 74 65 72 69 6e 67 20 45 78 74 65 6e 64 65  # payload
        64 20 50 61 73 73 69 76 65 20 4d 6f 64 65 20 28 7c 7c 7c 33  # ...
        30 30 30 31 7c 29 0d 0a                                      # ...
        """;

    /** Payload: PORT 198,51,100,7,200,10\r\n */
    static final String PORT = """
        02 00 00 00 00 01 02 00 00 00 00 fe 08 00                    # Ethernet: destination 02:00:00:00:00:01 (port 0), source 02:00:00:00:00:fe (router 203.0.113.254), type 0800
        45 00 00 42 00 01 40 00 40 06 d4 15                          # IPv4: version/IHL 45, TOS 00, total length 66, id 1, flags DF, TTL 64, protocol TCP, checksum d415
        c6 33 64 07 cb 00 71 64                                      #       source 198.51.100.7 (client), destination 203.0.113.100 (VIP)
        c3 50 00 15 00 00 03 e9 00 00 13 eb                          # TCP: source port 50000, destination port 21, seq 1001, ack 5099
        50 18 ff ff db 4b 00 00                                      #      data offset 5, flags ACK|PSH, window 65535, checksum db4b, urgent 0
        50 4f 52 54 20 31 39 38 2c 35 31 2c 31 30 30 2c 37 2c 32 30  # payload
        30 2c 31 30 0d 0a                                            # ...
        """;

    /** Payload: PORT 198,51,100,7,200,10\r\n */
    static final String PORT_OUT = """
        02 00 00 00 01 05 02 00 00 00 01 01 08 00                    # Ethernet: destination 02:00:00:00:01:05 (rs), source 02:00:00:00:01:01 (port 1), type 0800
        45 00 00 42 00 01 40 00 3f 06 07 76                          # IPv4: version/IHL 45, TOS 00, total length 66, id 1, flags DF, TTL 63, protocol TCP, checksum 0776
        c6 33 64 07 0a 00 00 05                                      #       source 198.51.100.7 (client), destination 10.0.0.5 (rs)
        c3 50 00 15 00 00 03 e9 00 00 13 e6                          # TCP: source port 50000, destination port 21, seq 1001, ack 5094
        50 18 ff ff 0d b1 00 00                                      #      data offset 5, flags ACK|PSH, window 65535, checksum 0db1, urgent 0
        50 4f 52 54 20 31 39 38 2c 35 31 2c 31 30 30 2c 37 2c 32 30  # payload
        30 2c 31 30 0d 0a                                            # ...
        """;

    /** Payload: EPRT |1|198.51.100.7|51211|\r\n */
    static final String EPRT = """
        02 00 00 00 00 01 02 00 00 00 00 fe 08 00                    # Ethernet: destination 02:00:00:00:00:01 (port 0), source 02:00:00:00:00:fe (router 203.0.113.254), type 0800
        45 00 00 45 00 01 40 00 40 06 d4 12                          # IPv4: version/IHL 45, TOS 00, total length 69, id 1, flags DF, TTL 64, protocol TCP, checksum d412
        c6 33 64 07 cb 00 71 64                                      #       source 198.51.100.7 (client), destination 203.0.113.100 (VIP)
        c3 50 00 15 00 00 04 03 00 00 13 eb                          # TCP: source port 50000, destination port 21, seq 1027, ack 5099
        50 18 ff ff f4 47 00 00                                      #      data offset 5, flags ACK|PSH, window 65535, checksum f447, urgent 0
        45 50 52 54 20 7c 31 7c 31 39 38 2e 35 31 2e 31 30 30 2e 37  # payload
        7c 35 31 32 31 31 7c 0d 0a                                   # ...
        """;

    /** Payload: EPRT |1|198.51.100.7|51211|\r\n */
    static final String EPRT_OUT = """
        02 00 00 00 01 05 02 00 00 00 01 01 08 00                    # Ethernet: destination 02:00:00:00:01:05 (rs), source 02:00:00:00:01:01 (port 1), type 0800
        45 00 00 45 00 01 40 00 3f 06 07 73                          # IPv4: version/IHL 45, TOS 00, total length 69, id 1, flags DF, TTL 63, protocol TCP, checksum 0773
        c6 33 64 07 0a 00 00 05                                      #       source 198.51.100.7 (client), destination 10.0.0.5 (rs)
        c3 50 00 15 00 00 04 03 00 00 13 e6                          # TCP: source port 50000, destination port 21, seq 1027, ack 5094
        50 18 ff ff 26 ad 00 00                                      #      data offset 5, flags ACK|PSH, window 65535, checksum 26ad, urgent 0
        45 50 52 54 20 7c 31 7c 31 39 38 2e 35 31 2e 31 30 30 2e 37  # payload
        7c 35 31 32 31 31 7c 0d 0a                                   # ...
        """;

    static final String PASSIVE_DATA_SYN = """
        02 00 00 00 00 01 02 00 00 00 00 fe 08 00                    # Ethernet: destination 02:00:00:00:00:01 (port 0), source 02:00:00:00:00:fe (router 203.0.113.254), type 0800
        45 00 00 28 00 01 40 00 40 06 d4 2f                          # IPv4: version/IHL 45, TOS 00, total length 40, id 1, flags DF, TTL 64, protocol TCP, checksum d42f
        c6 33 64 07 cb 00 71 64                                      #       source 198.51.100.7 (client), destination 203.0.113.100 (VIP)
        c3 51 75 30 00 00 1b 58 00 00 00 00                          # TCP: source port 50001, destination port 30000, seq 7000, ack 0
        50 02 ff ff f5 68 00 00                                      #      data offset 5, flags SYN, window 65535, checksum f568, urgent 0
        """;

    static final String PASSIVE_DATA_SYN_OUT = """
        02 00 00 00 01 05 02 00 00 00 01 01 08 00                    # Ethernet: destination 02:00:00:00:01:05 (rs), source 02:00:00:00:01:01 (port 1), type 0800
        45 00 00 28 00 01 40 00 3f 06 07 90                          # IPv4: version/IHL 45, TOS 00, total length 40, id 1, flags DF, TTL 63, protocol TCP, checksum 0790
        c6 33 64 07 0a 00 00 05                                      #       source 198.51.100.7 (client), destination 10.0.0.5 (rs)
        c3 51 75 30 00 00 1b 58 00 00 00 00                          # TCP: source port 50001, destination port 30000, seq 7000, ack 0
        50 02 ff ff 27 c9 00 00                                      #      data offset 5, flags SYN, window 65535, checksum 27c9, urgent 0
        """;

    static final String EXTENDED_PASSIVE_DATA_SYN = """
        02 00 00 00 00 01 02 00 00 00 00 fe 08 00                    # Ethernet: destination 02:00:00:00:00:01 (port 0), source 02:00:00:00:00:fe (router 203.0.113.254), type 0800
        45 00 00 28 00 01 40 00 40 06 d4 2f                          # IPv4: version/IHL 45, TOS 00, total length 40, id 1, flags DF, TTL 64, protocol TCP, checksum d42f
        c6 33 64 07 cb 00 71 64                                      #       source 198.51.100.7 (client), destination 203.0.113.100 (VIP)
        c3 52 75 31 00 00 1b 58 00 00 00 00                          # TCP: source port 50002, destination port 30001, seq 7000, ack 0
        50 02 ff ff f5 66 00 00                                      #      data offset 5, flags SYN, window 65535, checksum f566, urgent 0
        """;

    static final String EXTENDED_PASSIVE_DATA_SYN_OUT = """
        02 00 00 00 01 05 02 00 00 00 01 01 08 00                    # Ethernet: destination 02:00:00:00:01:05 (rs), source 02:00:00:00:01:01 (port 1), type 0800
        45 00 00 28 00 01 40 00 3f 06 07 90                          # IPv4: version/IHL 45, TOS 00, total length 40, id 1, flags DF, TTL 63, protocol TCP, checksum 0790
        c6 33 64 07 0a 00 00 05                                      #       source 198.51.100.7 (client), destination 10.0.0.5 (rs)
        c3 52 75 31 00 00 1b 58 00 00 00 00                          # TCP: source port 50002, destination port 30001, seq 7000, ack 0
        50 02 ff ff 27 c7 00 00                                      #      data offset 5, flags SYN, window 65535, checksum 27c7, urgent 0
        """;

    static final String ACTIVE_DATA_SYN = """
        02 00 00 00 01 01 02 00 00 00 01 05 08 00                    # Ethernet: destination 02:00:00:00:01:01 (port 1), source 02:00:00:00:01:05 (rs), type 0800
        45 00 00 28 00 01 40 00 40 06 06 90                          # IPv4: version/IHL 45, TOS 00, total length 40, id 1, flags DF, TTL 64, protocol TCP, checksum 0690
        0a 00 00 05 c6 33 64 07                                      #       source 10.0.0.5 (rs), destination 198.51.100.7 (client)
        00 14 c8 0a 00 00 23 28 00 00 00 00                          # TCP: source port 20, destination port 51210, seq 9000, ack 0
        50 02 ff ff 90 5c 00 00                                      #      data offset 5, flags SYN, window 65535, checksum 905c, urgent 0
        """;

    static final String ACTIVE_DATA_SYN_OUT = """
        02 00 00 00 00 fe 02 00 00 00 00 01 08 00                    # Ethernet: destination 02:00:00:00:00:fe (router 203.0.113.254), source 02:00:00:00:00:01 (port 0), type 0800
        45 00 00 28 00 01 40 00 3f 06 d5 2f                          # IPv4: version/IHL 45, TOS 00, total length 40, id 1, flags DF, TTL 63, protocol TCP, checksum d52f
        cb 00 71 64 c6 33 64 07                                      #       source 203.0.113.100 (VIP), destination 198.51.100.7 (client)
        00 14 c8 0a 00 00 23 28 00 00 00 00                          # TCP: source port 20, destination port 51210, seq 9000, ack 0
        50 02 ff ff 5d fc 00 00                                      #      data offset 5, flags SYN, window 65535, checksum 5dfc, urgent 0
        """;

    static final String EXTENDED_ACTIVE_DATA_SYN = """
        02 00 00 00 01 01 02 00 00 00 01 05 08 00                    # Ethernet: destination 02:00:00:00:01:01 (port 1), source 02:00:00:00:01:05 (rs), type 0800
        45 00 00 28 00 01 40 00 40 06 06 90                          # IPv4: version/IHL 45, TOS 00, total length 40, id 1, flags DF, TTL 64, protocol TCP, checksum 0690
        0a 00 00 05 c6 33 64 07                                      #       source 10.0.0.5 (rs), destination 198.51.100.7 (client)
        00 14 c8 0b 00 00 23 28 00 00 00 00                          # TCP: source port 20, destination port 51211, seq 9000, ack 0
        50 02 ff ff 90 5b 00 00                                      #      data offset 5, flags SYN, window 65535, checksum 905b, urgent 0
        """;

    static final String EXTENDED_ACTIVE_DATA_SYN_OUT = """
        02 00 00 00 00 fe 02 00 00 00 00 01 08 00                    # Ethernet: destination 02:00:00:00:00:fe (router 203.0.113.254), source 02:00:00:00:00:01 (port 0), type 0800
        45 00 00 28 00 01 40 00 3f 06 d5 2f                          # IPv4: version/IHL 45, TOS 00, total length 40, id 1, flags DF, TTL 63, protocol TCP, checksum d52f
        cb 00 71 64 c6 33 64 07                                      #       source 203.0.113.100 (VIP), destination 198.51.100.7 (client)
        00 14 c8 0b 00 00 23 28 00 00 00 00                          # TCP: source port 20, destination port 51211, seq 9000, ack 0
        50 02 ff ff 5d fb 00 00                                      #      data offset 5, flags SYN, window 65535, checksum 5dfb, urgent 0
        """;

}
