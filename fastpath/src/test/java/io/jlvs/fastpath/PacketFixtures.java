package io.jlvs.fastpath;

/**
 * Packet fixtures: frames as hex, one header field group per line, with the fields spelled out
 * after '#'. The lab they run in is {@link FixtureLab}: port 0 (02:00:00:00:00:01, 10.0.0.1) faces
 * the clients through router 10.0.0.254; port 1 (02:00:00:00:01:01, 192.168.1.1) and port 2
 * (02:00:00:00:02:01, 192.168.2.1, MTU 80) face the real servers; the VIP is 10.0.0.100 and the
 * client 203.0.113.7.
 *
 * <p>Every checksum here was computed by src/test/python/make_fixtures.py, an independent packet
 * builder with its own ones'-complement sum, never by the Java code under test; rerun it to check
 * ({@code python3 fastpath/src/test/python/make_fixtures.py NAT_IN_SYN}).
 */
final class PacketFixtures {

    private PacketFixtures() {}

    static final String NAT_IN_SYN = """
        02 00 00 00 00 01 02 00 00 00 00 fe 08 00                    # Ethernet: destination 02:00:00:00:00:01 (port 0), source 02:00:00:00:00:fe (router 10.0.0.254), type 0800
        45 00 00 28 00 01 40 00 40 06 f4 63                          # IPv4: version/IHL 45, TOS 00, total length 40, id 1, flags DF, TTL 64, protocol TCP, checksum f463
        cb 00 71 07 0a 00 00 64                                      #       source 203.0.113.7 (client), destination 10.0.0.100 (VIP)
        c8 22 00 50 00 00 03 e8 00 00 00 00                          # TCP: source port 51234, destination port 80, seq 1000, ack 0
        50 02 ff ff 9d 1c 00 00                                      #      data offset 5, flags SYN, window 65535, checksum 9d1c, urgent 0
        """;

    static final String NAT_IN_SYN_OUT = """
        02 00 00 00 01 0b 02 00 00 00 01 01 08 00                    # Ethernet: destination 02:00:00:00:01:0b (rs1), source 02:00:00:00:01:01 (port 1), type 0800
        45 00 00 28 00 01 40 00 3f 06 3e 14                          # IPv4: version/IHL 45, TOS 00, total length 40, id 1, flags DF, TTL 63, protocol TCP, checksum 3e14
        cb 00 71 07 c0 a8 01 0b                                      #       source 203.0.113.7 (client), destination 192.168.1.11 (rs1)
        c8 22 1f 90 00 00 03 e8 00 00 00 00                          # TCP: source port 51234, destination port 8080, seq 1000, ack 0
        50 02 ff ff c6 8c 00 00                                      #      data offset 5, flags SYN, window 65535, checksum c68c, urgent 0
        """;

    static final String NAT_OUT_SYN_ACK = """
        02 00 00 00 01 01 02 00 00 00 01 0b 08 00                    # Ethernet: destination 02:00:00:00:01:01 (port 1), source 02:00:00:00:01:0b (rs1), type 0800
        45 00 00 28 00 01 40 00 40 06 3d 14                          # IPv4: version/IHL 45, TOS 00, total length 40, id 1, flags DF, TTL 64, protocol TCP, checksum 3d14
        c0 a8 01 0b cb 00 71 07                                      #       source 192.168.1.11 (rs1), destination 203.0.113.7 (client)
        1f 90 c8 22 00 00 03 e8 00 00 00 00                          # TCP: source port 8080, destination port 51234, seq 1000, ack 0
        50 12 ff ff c6 7c 00 00                                      #      data offset 5, flags SYN|ACK, window 65535, checksum c67c, urgent 0
        """;

    static final String NAT_OUT_SYN_ACK_OUT = """
        02 00 00 00 00 fe 02 00 00 00 00 01 08 00                    # Ethernet: destination 02:00:00:00:00:fe (router 10.0.0.254), source 02:00:00:00:00:01 (port 0), type 0800
        45 00 00 28 00 01 40 00 3f 06 f5 63                          # IPv4: version/IHL 45, TOS 00, total length 40, id 1, flags DF, TTL 63, protocol TCP, checksum f563
        0a 00 00 64 cb 00 71 07                                      #       source 10.0.0.100 (VIP), destination 203.0.113.7 (client)
        00 50 c8 22 00 00 03 e8 00 00 00 00                          # TCP: source port 80, destination port 51234, seq 1000, ack 0
        50 12 ff ff 9d 0c 00 00                                      #      data offset 5, flags SYN|ACK, window 65535, checksum 9d0c, urgent 0
        """;

    static final String NAT_IN_UDP = """
        02 00 00 00 00 01 02 00 00 00 00 fe 08 00                    # Ethernet: destination 02:00:00:00:00:01 (port 0), source 02:00:00:00:00:fe (router 10.0.0.254), type 0800
        45 00 00 20 00 01 40 00 40 11 f4 60                          # IPv4: version/IHL 45, TOS 00, total length 32, id 1, flags DF, TTL 64, protocol UDP, checksum f460
        cb 00 71 07 0a 00 00 64                                      #       source 203.0.113.7 (client), destination 10.0.0.100 (VIP)
        13 88 00 35 00 0c c4 cd                                      # UDP: source port 5000, destination port 53, length 12, checksum c4cd
        6a 6c 76 73                                                  # payload
        """;

    static final String NAT_IN_UDP_OUT = """
        02 00 00 00 01 0b 02 00 00 00 01 01 08 00                    # Ethernet: destination 02:00:00:00:01:0b (rs1), source 02:00:00:00:01:01 (port 1), type 0800
        45 00 00 20 00 01 40 00 3f 11 3e 11                          # IPv4: version/IHL 45, TOS 00, total length 32, id 1, flags DF, TTL 63, protocol UDP, checksum 3e11
        cb 00 71 07 c0 a8 01 0b                                      #       source 203.0.113.7 (client), destination 192.168.1.11 (rs1)
        13 88 14 e9 00 0c f8 c9                                      # UDP: source port 5000, destination port 5353, length 12, checksum f8c9
        6a 6c 76 73                                                  # payload
        """;

    static final String NAT_IN_UDP_NO_CHECKSUM = """
        02 00 00 00 00 01 02 00 00 00 00 fe 08 00                    # Ethernet: destination 02:00:00:00:00:01 (port 0), source 02:00:00:00:00:fe (router 10.0.0.254), type 0800
        45 00 00 20 00 01 40 00 40 11 f4 60                          # IPv4: version/IHL 45, TOS 00, total length 32, id 1, flags DF, TTL 64, protocol UDP, checksum f460
        cb 00 71 07 0a 00 00 64                                      #       source 203.0.113.7 (client), destination 10.0.0.100 (VIP)
        13 89 00 35 00 0c 00 00                                      # UDP: source port 5001, destination port 53, length 12, checksum 0000
        6a 6c 76 73                                                  # payload
        """;

    static final String NAT_IN_UDP_NO_CHECKSUM_OUT = """
        02 00 00 00 01 0b 02 00 00 00 01 01 08 00                    # Ethernet: destination 02:00:00:00:01:0b (rs1), source 02:00:00:00:01:01 (port 1), type 0800
        45 00 00 20 00 01 40 00 3f 11 3e 11                          # IPv4: version/IHL 45, TOS 00, total length 32, id 1, flags DF, TTL 63, protocol UDP, checksum 3e11
        cb 00 71 07 c0 a8 01 0b                                      #       source 203.0.113.7 (client), destination 192.168.1.11 (rs1)
        13 89 14 e9 00 0c 00 00                                      # UDP: source port 5001, destination port 5353, length 12, checksum 0000
        6a 6c 76 73                                                  # payload
        """;

    static final String DR_SYN = """
        02 00 00 00 00 01 02 00 00 00 00 fe 08 00                    # Ethernet: destination 02:00:00:00:00:01 (port 0), source 02:00:00:00:00:fe (router 10.0.0.254), type 0800
        45 00 00 28 00 01 40 00 40 06 f4 63                          # IPv4: version/IHL 45, TOS 00, total length 40, id 1, flags DF, TTL 64, protocol TCP, checksum f463
        cb 00 71 07 0a 00 00 64                                      #       source 203.0.113.7 (client), destination 10.0.0.100 (VIP)
        c8 22 01 bb 00 00 03 e8 00 00 00 00                          # TCP: source port 51234, destination port 443, seq 1000, ack 0
        50 02 ff ff 9b b1 00 00                                      #      data offset 5, flags SYN, window 65535, checksum 9bb1, urgent 0
        """;

    static final String DR_SYN_OUT = """
        02 00 00 00 01 0c 02 00 00 00 01 01 08 00                    # Ethernet: destination 02:00:00:00:01:0c (rs2), source 02:00:00:00:01:01 (port 1), type 0800
        45 00 00 28 00 01 40 00 40 06 f4 63                          # IPv4: version/IHL 45, TOS 00, total length 40, id 1, flags DF, TTL 64, protocol TCP, checksum f463
        cb 00 71 07 0a 00 00 64                                      #       source 203.0.113.7 (client), destination 10.0.0.100 (VIP)
        c8 22 01 bb 00 00 03 e8 00 00 00 00                          # TCP: source port 51234, destination port 443, seq 1000, ack 0
        50 02 ff ff 9b b1 00 00                                      #      data offset 5, flags SYN, window 65535, checksum 9bb1, urgent 0
        """;

    static final String TUN_SYN = """
        02 00 00 00 00 01 02 00 00 00 00 fe 08 00                    # Ethernet: destination 02:00:00:00:00:01 (port 0), source 02:00:00:00:00:fe (router 10.0.0.254), type 0800
        45 10 00 28 00 01 40 00 40 06 f4 53                          # IPv4: version/IHL 45, TOS 10, total length 40, id 1, flags DF, TTL 64, protocol TCP, checksum f453
        cb 00 71 07 0a 00 00 64                                      #       source 203.0.113.7 (client), destination 10.0.0.100 (VIP)
        c8 22 20 fb 00 00 03 e8 00 00 00 00                          # TCP: source port 51234, destination port 8443, seq 1000, ack 0
        50 02 ff ff 7c 71 00 00                                      #      data offset 5, flags SYN, window 65535, checksum 7c71, urgent 0
        """;

    static final String TUN_SYN_OUT = """
        02 00 00 00 01 0d 02 00 00 00 01 01 08 00                    # Ethernet: destination 02:00:00:00:01:0d (rs3), source 02:00:00:00:01:01 (port 1), type 0800
        45 10 00 3c 00 01 40 00 40 04 b7 4e                          # IPv4: version/IHL 45, TOS 10, total length 60, id 1, flags DF, TTL 64, protocol IPIP, checksum b74e
        c0 a8 01 01 c0 a8 01 0d                                      #       source 192.168.1.1 (port 1), destination 192.168.1.13 (rs3)
        45 10 00 28 00 01 40 00 40 06 f4 53                          # inner IPv4: version/IHL 45, TOS 10, total length 40, id 1, flags DF, TTL 64, protocol TCP, checksum f453
        cb 00 71 07 0a 00 00 64                                      #       source 203.0.113.7 (client), destination 10.0.0.100 (VIP)
        c8 22 20 fb 00 00 03 e8 00 00 00 00                          # TCP: source port 51234, destination port 8443, seq 1000, ack 0
        50 02 ff ff 7c 71 00 00                                      #      data offset 5, flags SYN, window 65535, checksum 7c71, urgent 0
        """;

    static final String TUN_FRAG_NEEDED = """
        02 00 00 00 00 01 02 00 00 00 00 fe 08 00                    # Ethernet: destination 02:00:00:00:00:01 (port 0), source 02:00:00:00:00:fe (router 10.0.0.254), type 0800
        45 00 00 40 00 01 40 00 40 06 f4 4b                          # IPv4: version/IHL 45, TOS 00, total length 64, id 1, flags DF, TTL 64, protocol TCP, checksum f44b
        cb 00 71 07 0a 00 00 64                                      #       source 203.0.113.7 (client), destination 10.0.0.100 (VIP)
        c8 22 23 28 00 00 03 e8 00 00 00 00                          # TCP: source port 51234, destination port 9000, seq 1000, ack 0
        50 02 ff ff f5 9b 00 00                                      #      data offset 5, flags SYN, window 65535, checksum f59b, urgent 0
        00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10 11 12 13  # payload
        14 15 16 17                                                  # ...
        """;

    static final String TUN_FRAG_NEEDED_OUT = """
        02 00 00 00 00 fe 02 00 00 00 00 01 08 00                    # Ethernet: destination 02:00:00:00:00:fe (router 10.0.0.254), source 02:00:00:00:00:01 (port 0), type 0800
        45 c0 00 38 00 00 00 00 40 01 33 9a                          # IPv4: version/IHL 45, TOS c0, total length 56, id 0, flags none, TTL 64, protocol ICMP, checksum 339a
        0a 00 00 64 cb 00 71 07                                      #       source 10.0.0.100 (VIP), destination 203.0.113.7 (client)
        03 04 0d 8d 00 00 00 3c                                      # ICMP: type 3, code 4, checksum 0d8d, unused 0, next-hop MTU 60
        45 00 00 40 00 01 40 00 40 06 f4 4b                          # quoted IPv4: version/IHL 45, TOS 00, total length 64, id 1, flags DF, TTL 64, protocol TCP, checksum f44b
        cb 00 71 07 0a 00 00 64                                      #       source 203.0.113.7 (client), destination 10.0.0.100 (VIP)
        c8 22 23 28 00 00 03 e8                                      # TCP (first 8 bytes): source port 51234, destination port 9000, seq
        """;

    static final String NAT_TTL_EXPIRED = """
        02 00 00 00 00 01 02 00 00 00 00 fe 08 00                    # Ethernet: destination 02:00:00:00:00:01 (port 0), source 02:00:00:00:00:fe (router 10.0.0.254), type 0800
        45 00 00 28 00 01 40 00 01 06 33 64                          # IPv4: version/IHL 45, TOS 00, total length 40, id 1, flags DF, TTL 1, protocol TCP, checksum 3364
        cb 00 71 07 0a 00 00 64                                      #       source 203.0.113.7 (client), destination 10.0.0.100 (VIP)
        c8 28 00 50 00 00 03 e8 00 00 00 00                          # TCP: source port 51240, destination port 80, seq 1000, ack 0
        50 02 ff ff 9d 16 00 00                                      #      data offset 5, flags SYN, window 65535, checksum 9d16, urgent 0
        """;

    static final String NAT_TTL_EXPIRED_OUT = """
        02 00 00 00 00 fe 02 00 00 00 00 01 08 00                    # Ethernet: destination 02:00:00:00:00:fe (router 10.0.0.254), source 02:00:00:00:00:01 (port 0), type 0800
        45 c0 00 38 00 00 00 00 40 01 33 9a                          # IPv4: version/IHL 45, TOS c0, total length 56, id 0, flags none, TTL 64, protocol ICMP, checksum 339a
        0a 00 00 64 cb 00 71 07                                      #       source 10.0.0.100 (VIP), destination 203.0.113.7 (client)
        0b 00 28 9f 00 00 00 00                                      # ICMP: type 11, code 0, checksum 289f, unused 0, next-hop MTU 0
        45 00 00 28 00 01 40 00 01 06 33 64                          # quoted IPv4: version/IHL 45, TOS 00, total length 40, id 1, flags DF, TTL 1, protocol TCP, checksum 3364
        cb 00 71 07 0a 00 00 64                                      #       source 203.0.113.7 (client), destination 10.0.0.100 (VIP)
        c8 28 00 50 00 00 03 e8                                      # TCP (first 8 bytes): source port 51240, destination port 80, seq
        """;

    static final String NAT_OUT_TTL_EXPIRED = """
        02 00 00 00 01 01 02 00 00 00 01 0b 08 00                    # Ethernet: destination 02:00:00:00:01:01 (port 1), source 02:00:00:00:01:0b (rs1), type 0800
        45 00 00 28 00 01 40 00 01 06 7c 14                          # IPv4: version/IHL 45, TOS 00, total length 40, id 1, flags DF, TTL 1, protocol TCP, checksum 7c14
        c0 a8 01 0b cb 00 71 07                                      #       source 192.168.1.11 (rs1), destination 203.0.113.7 (client)
        1f 90 c8 22 00 00 03 e8 00 00 00 00                          # TCP: source port 8080, destination port 51234, seq 1000, ack 0
        50 10 ff ff c6 7e 00 00                                      #      data offset 5, flags ACK, window 65535, checksum c67e, urgent 0
        """;

    static final String NAT_OUT_TTL_EXPIRED_OUT = """
        02 00 00 00 01 0b 02 00 00 00 01 01 08 00                    # Ethernet: destination 02:00:00:00:01:0b (rs1), source 02:00:00:00:01:01 (port 1), type 0800
        45 c0 00 38 00 00 00 00 40 01 f6 a8                          # IPv4: version/IHL 45, TOS c0, total length 56, id 0, flags none, TTL 64, protocol ICMP, checksum f6a8
        c0 a8 01 01 c0 a8 01 0b                                      #       source 192.168.1.1 (port 1), destination 192.168.1.11 (rs1)
        0b 00 09 65 00 00 00 00                                      # ICMP: type 11, code 0, checksum 0965, unused 0, next-hop MTU 0
        45 00 00 28 00 01 40 00 01 06 7c 14                          # quoted IPv4: version/IHL 45, TOS 00, total length 40, id 1, flags DF, TTL 1, protocol TCP, checksum 7c14
        c0 a8 01 0b cb 00 71 07                                      #       source 192.168.1.11 (rs1), destination 203.0.113.7 (client)
        1f 90 c8 22 00 00 03 e8                                      # TCP (first 8 bytes): source port 8080, destination port 51234, seq
        """;

    static final String NO_REAL_SERVER = """
        02 00 00 00 00 01 02 00 00 00 00 fe 08 00                    # Ethernet: destination 02:00:00:00:00:01 (port 0), source 02:00:00:00:00:fe (router 10.0.0.254), type 0800
        45 00 00 28 00 01 40 00 40 06 f4 63                          # IPv4: version/IHL 45, TOS 00, total length 40, id 1, flags DF, TTL 64, protocol TCP, checksum f463
        cb 00 71 07 0a 00 00 64                                      #       source 203.0.113.7 (client), destination 10.0.0.100 (VIP)
        c8 22 00 51 00 00 03 e8 00 00 00 00                          # TCP: source port 51234, destination port 81, seq 1000, ack 0
        50 02 ff ff 9d 1b 00 00                                      #      data offset 5, flags SYN, window 65535, checksum 9d1b, urgent 0
        """;

    static final String NO_REAL_SERVER_OUT = """
        02 00 00 00 00 fe 02 00 00 00 00 01 08 00                    # Ethernet: destination 02:00:00:00:00:fe (router 10.0.0.254), source 02:00:00:00:00:01 (port 0), type 0800
        45 c0 00 38 00 00 00 00 40 01 33 9a                          # IPv4: version/IHL 45, TOS c0, total length 56, id 0, flags none, TTL 64, protocol ICMP, checksum 339a
        0a 00 00 64 cb 00 71 07                                      #       source 10.0.0.100 (VIP), destination 203.0.113.7 (client)
        03 03 30 a1 00 00 00 00                                      # ICMP: type 3, code 3, checksum 30a1, unused 0, next-hop MTU 0
        45 00 00 28 00 01 40 00 40 06 f4 63                          # quoted IPv4: version/IHL 45, TOS 00, total length 40, id 1, flags DF, TTL 64, protocol TCP, checksum f463
        cb 00 71 07 0a 00 00 64                                      #       source 203.0.113.7 (client), destination 10.0.0.100 (VIP)
        c8 22 00 51 00 00 03 e8                                      # TCP (first 8 bytes): source port 51234, destination port 81, seq
        """;

    static final String NAT_REPLY_WITHOUT_CONNECTION = """
        02 00 00 00 01 01 02 00 00 00 01 0b 08 00                    # Ethernet: destination 02:00:00:00:01:01 (port 1), source 02:00:00:00:01:0b (rs1), type 0800
        45 00 00 28 00 01 40 00 40 06 3d 14                          # IPv4: version/IHL 45, TOS 00, total length 40, id 1, flags DF, TTL 64, protocol TCP, checksum 3d14
        c0 a8 01 0b cb 00 71 07                                      #       source 192.168.1.11 (rs1), destination 203.0.113.7 (client)
        1f 90 9c 40 00 00 03 e8 00 00 00 00                          # TCP: source port 8080, destination port 40000, seq 1000, ack 0
        50 10 ff ff f2 60 00 00                                      #      data offset 5, flags ACK, window 65535, checksum f260, urgent 0
        """;

    static final String NAT_REPLY_WITHOUT_CONNECTION_OUT = """
        02 00 00 00 01 0b 02 00 00 00 01 01 08 00                    # Ethernet: destination 02:00:00:00:01:0b (rs1), source 02:00:00:00:01:01 (port 1), type 0800
        45 c0 00 38 00 00 00 00 40 01 f6 a8                          # IPv4: version/IHL 45, TOS c0, total length 56, id 0, flags none, TTL 64, protocol ICMP, checksum f6a8
        c0 a8 01 01 c0 a8 01 0b                                      #       source 192.168.1.1 (port 1), destination 192.168.1.11 (rs1)
        03 03 3d 44 00 00 00 00                                      # ICMP: type 3, code 3, checksum 3d44, unused 0, next-hop MTU 0
        45 00 00 28 00 01 40 00 40 06 3d 14                          # quoted IPv4: version/IHL 45, TOS 00, total length 40, id 1, flags DF, TTL 64, protocol TCP, checksum 3d14
        c0 a8 01 0b cb 00 71 07                                      #       source 192.168.1.11 (rs1), destination 203.0.113.7 (client)
        1f 90 9c 40 00 00 03 e8                                      # TCP (first 8 bytes): source port 8080, destination port 40000, seq
        """;

    static final String NAT_IN_VLAN_OPTIONS = """
        02 00 00 00 00 01 02 00 00 00 00 fe 81 00 00 64 08 00        # Ethernet: destination 02:00:00:00:00:01 (port 0), source 02:00:00:00:00:fe (router 10.0.0.254), 802.1Q VLAN 100, type 0800
        46 00 00 2c 00 01 40 00 40 06 f1 5e                          # IPv4: version/IHL 46, TOS 00, total length 44, id 1, flags DF, TTL 64, protocol TCP, checksum f15e
        cb 00 71 07 0a 00 00 64                                      #       source 203.0.113.7 (client), destination 10.0.0.100 (VIP)
        01 01 01 00                                                  #       options
        c8 64 00 50 00 00 03 e8 00 00 00 00                          # TCP: source port 51300, destination port 80, seq 1000, ack 0
        50 02 ff ff 9c da 00 00                                      #      data offset 5, flags SYN, window 65535, checksum 9cda, urgent 0
        """;

    static final String NAT_IN_VLAN_OPTIONS_OUT = """
        02 00 00 00 01 0b 02 00 00 00 01 01 81 00 00 64 08 00        # Ethernet: destination 02:00:00:00:01:0b (rs1), source 02:00:00:00:01:01 (port 1), 802.1Q VLAN 100, type 0800
        46 00 00 2c 00 01 40 00 3f 06 3b 0f                          # IPv4: version/IHL 46, TOS 00, total length 44, id 1, flags DF, TTL 63, protocol TCP, checksum 3b0f
        cb 00 71 07 c0 a8 01 0b                                      #       source 203.0.113.7 (client), destination 192.168.1.11 (rs1)
        01 01 01 00                                                  #       options
        c8 64 1f 90 00 00 03 e8 00 00 00 00                          # TCP: source port 51300, destination port 8080, seq 1000, ack 0
        50 02 ff ff c6 4a 00 00                                      #      data offset 5, flags SYN, window 65535, checksum c64a, urgent 0
        """;

    static final String ICMP_FROM_SERVER = """
        02 00 00 00 01 01 02 00 00 00 01 0b 08 00                    # Ethernet: destination 02:00:00:00:01:01 (port 1), source 02:00:00:00:01:0b (rs1), type 0800
        45 c0 00 38 00 00 00 00 40 01 7c 4a                          # IPv4: version/IHL 45, TOS c0, total length 56, id 0, flags none, TTL 64, protocol ICMP, checksum 7c4a
        c0 a8 01 0b cb 00 71 07                                      #       source 192.168.1.11 (rs1), destination 203.0.113.7 (client)
        03 03 11 62 00 00 00 00                                      # ICMP: type 3, code 3, checksum 1162, unused 0, next-hop MTU 0
        45 00 00 28 00 01 40 00 3f 06 3e 14                          # quoted IPv4: version/IHL 45, TOS 00, total length 40, id 1, flags DF, TTL 63, protocol TCP, checksum 3e14
        cb 00 71 07 c0 a8 01 0b                                      #       source 203.0.113.7 (client), destination 192.168.1.11 (rs1)
        c8 22 1f 90 00 00 03 e8                                      # TCP (first 8 bytes): source port 51234, destination port 8080, seq
        """;

    static final String ICMP_FROM_SERVER_OUT = """
        02 00 00 00 00 fe 02 00 00 00 00 01 08 00                    # Ethernet: destination 02:00:00:00:00:fe (router 10.0.0.254), source 02:00:00:00:00:01 (port 0), type 0800
        45 c0 00 38 00 00 00 00 3f 01 34 9a                          # IPv4: version/IHL 45, TOS c0, total length 56, id 0, flags none, TTL 63, protocol ICMP, checksum 349a
        0a 00 00 64 cb 00 71 07                                      #       source 10.0.0.100 (VIP), destination 203.0.113.7 (client)
        03 03 30 a2 00 00 00 00                                      # ICMP: type 3, code 3, checksum 30a2, unused 0, next-hop MTU 0
        45 00 00 28 00 01 40 00 3f 06 f5 63                          # quoted IPv4: version/IHL 45, TOS 00, total length 40, id 1, flags DF, TTL 63, protocol TCP, checksum f563
        cb 00 71 07 0a 00 00 64                                      #       source 203.0.113.7 (client), destination 10.0.0.100 (VIP)
        c8 22 00 50 00 00 03 e8                                      # TCP (first 8 bytes): source port 51234, destination port 80, seq
        """;

    static final String ICMP_FROM_CLIENT_SIDE = """
        02 00 00 00 00 01 02 00 00 00 00 fe 08 00                    # Ethernet: destination 02:00:00:00:00:01 (port 0), source 02:00:00:00:00:fe (router 10.0.0.254), type 0800
        45 c0 00 38 00 00 00 00 40 01 64 a4                          # IPv4: version/IHL 45, TOS c0, total length 56, id 0, flags none, TTL 64, protocol ICMP, checksum 64a4
        0a 00 00 fe 0a 00 00 64                                      #       source 10.0.0.254, destination 10.0.0.100 (VIP)
        0b 00 28 a5 00 00 00 00                                      # ICMP: type 11, code 0, checksum 28a5, unused 0, next-hop MTU 0
        45 00 00 28 00 01 40 00 01 06 33 64                          # quoted IPv4: version/IHL 45, TOS 00, total length 40, id 1, flags DF, TTL 1, protocol TCP, checksum 3364
        0a 00 00 64 cb 00 71 07                                      #       source 10.0.0.100 (VIP), destination 203.0.113.7 (client)
        00 50 c8 22 00 00 03 e8                                      # TCP (first 8 bytes): source port 80, destination port 51234, seq
        """;

    static final String ICMP_FROM_CLIENT_SIDE_OUT = """
        02 00 00 00 01 0b 02 00 00 00 01 01 08 00                    # Ethernet: destination 02:00:00:00:01:0b (rs1), source 02:00:00:00:01:01 (port 1), type 0800
        45 c0 00 38 00 00 00 00 3f 01 ae 54                          # IPv4: version/IHL 45, TOS c0, total length 56, id 0, flags none, TTL 63, protocol ICMP, checksum ae54
        0a 00 00 fe c0 a8 01 0b                                      #       source 10.0.0.254, destination 192.168.1.11 (rs1)
        0b 00 09 65 00 00 00 00                                      # ICMP: type 11, code 0, checksum 0965, unused 0, next-hop MTU 0
        45 00 00 28 00 01 40 00 01 06 7c 14                          # quoted IPv4: version/IHL 45, TOS 00, total length 40, id 1, flags DF, TTL 1, protocol TCP, checksum 7c14
        c0 a8 01 0b cb 00 71 07                                      #       source 192.168.1.11 (rs1), destination 203.0.113.7 (client)
        1f 90 c8 22 00 00 03 e8                                      # TCP (first 8 bytes): source port 8080, destination port 51234, seq
        """;

    static final String ICMP_FROM_CLIENT_SIDE_DR = """
        02 00 00 00 00 01 02 00 00 00 00 fe 08 00                    # Ethernet: destination 02:00:00:00:00:01 (port 0), source 02:00:00:00:00:fe (router 10.0.0.254), type 0800
        45 c0 00 38 00 00 00 00 40 01 64 a4                          # IPv4: version/IHL 45, TOS c0, total length 56, id 0, flags none, TTL 64, protocol ICMP, checksum 64a4
        0a 00 00 fe 0a 00 00 64                                      #       source 10.0.0.254, destination 10.0.0.100 (VIP)
        03 04 29 be 00 00 05 78                                      # ICMP: type 3, code 4, checksum 29be, unused 0, next-hop MTU 1400
        45 00 00 28 00 01 40 00 40 06 f4 63                          # quoted IPv4: version/IHL 45, TOS 00, total length 40, id 1, flags DF, TTL 64, protocol TCP, checksum f463
        0a 00 00 64 cb 00 71 07                                      #       source 10.0.0.100 (VIP), destination 203.0.113.7 (client)
        01 bb c8 22 00 00 03 e8                                      # TCP (first 8 bytes): source port 443, destination port 51234, seq
        """;

    static final String ICMP_FROM_CLIENT_SIDE_DR_OUT = """
        02 00 00 00 01 0c 02 00 00 00 01 01 08 00                    # Ethernet: destination 02:00:00:00:01:0c (rs2), source 02:00:00:00:01:01 (port 1), type 0800
        45 c0 00 38 00 00 00 00 40 01 64 a4                          # IPv4: version/IHL 45, TOS c0, total length 56, id 0, flags none, TTL 64, protocol ICMP, checksum 64a4
        0a 00 00 fe 0a 00 00 64                                      #       source 10.0.0.254, destination 10.0.0.100 (VIP)
        03 04 29 be 00 00 05 78                                      # ICMP: type 3, code 4, checksum 29be, unused 0, next-hop MTU 1400
        45 00 00 28 00 01 40 00 40 06 f4 63                          # quoted IPv4: version/IHL 45, TOS 00, total length 40, id 1, flags DF, TTL 64, protocol TCP, checksum f463
        0a 00 00 64 cb 00 71 07                                      #       source 10.0.0.100 (VIP), destination 203.0.113.7 (client)
        01 bb c8 22 00 00 03 e8                                      # TCP (first 8 bytes): source port 443, destination port 51234, seq
        """;

    static final String TRUNCATED_ETHERNET = """
        02 00 00 00 00 01 02 00 00 00                                # Ethernet cut short after 10 bytes
        """;

    static final String TRUNCATED_IP = """
        02 00 00 00 00 01 02 00 00 00 00 fe 08 00                    # Ethernet: destination 02:00:00:00:00:01 (port 0), source 02:00:00:00:00:fe (router 10.0.0.254), type 0800
        45 00 00 28 00 01 40 00 40 06                                # IPv4 cut short after 10 bytes
        """;

    static final String BAD_HEADER_LENGTH = """
        02 00 00 00 00 01 02 00 00 00 00 fe 08 00                    # Ethernet: destination 02:00:00:00:00:01 (port 0), source 02:00:00:00:00:fe (router 10.0.0.254), type 0800
        44 00 00 28 00 01 40 00 40 06 ff c7                          # IPv4: version/IHL 44, TOS 00, total length 40, id 1, flags DF, TTL 64, protocol TCP, checksum ffc7
        cb 00 71 07 0a 00 00 64                                      #       source 203.0.113.7 (client), destination 10.0.0.100 (VIP)
        c8 63 00 50 00 00 03 e8 00 00 00 00                          # TCP: source port 51299, destination port 80, seq 1000, ack 0
        50 02 ff ff 9c db 00 00                                      #      data offset 5, flags SYN, window 65535, checksum 9cdb, urgent 0
        """;

    static final String BAD_TOTAL_LENGTH = """
        02 00 00 00 00 01 02 00 00 00 00 fe 08 00                    # Ethernet: destination 02:00:00:00:00:01 (port 0), source 02:00:00:00:00:fe (router 10.0.0.254), type 0800
        45 00 03 e8 00 01 40 00 40 06 f0 a3                          # IPv4: version/IHL 45, TOS 00, total length 1000, id 1, flags DF, TTL 64, protocol TCP, checksum f0a3
        cb 00 71 07 0a 00 00 64                                      #       source 203.0.113.7 (client), destination 10.0.0.100 (VIP)
        c8 63 00 50 00 00 03 e8 00 00 00 00                          # TCP: source port 51299, destination port 80, seq 1000, ack 0
        50 02 ff ff 9c db 00 00                                      #      data offset 5, flags SYN, window 65535, checksum 9cdb, urgent 0
        """;

    static final String BAD_IP_CHECKSUM = """
        02 00 00 00 00 01 02 00 00 00 00 fe 08 00                    # Ethernet: destination 02:00:00:00:00:01 (port 0), source 02:00:00:00:00:fe (router 10.0.0.254), type 0800
        45 00 00 28 00 01 40 00 40 06 f5 62                          # IPv4: version/IHL 45, TOS 00, total length 40, id 1, flags DF, TTL 64, protocol TCP, checksum f562
        cb 00 71 07 0a 00 00 64                                      #       source 203.0.113.7 (client), destination 10.0.0.100 (VIP)
        c8 63 00 50 00 00 03 e8 00 00 00 00                          # TCP: source port 51299, destination port 80, seq 1000, ack 0
        50 02 ff ff 9c db 00 00                                      #      data offset 5, flags SYN, window 65535, checksum 9cdb, urgent 0
        """;

    static final String BAD_IP_VERSION = """
        02 00 00 00 00 01 02 00 00 00 00 fe 08 00                    # Ethernet: destination 02:00:00:00:00:01 (port 0), source 02:00:00:00:00:fe (router 10.0.0.254), type 0800
        65 00 00 28 00 01 40 00 40 06 f4 63 cb 00 71 07 0a 00 00 64  # payload
        c8 63 00 50 00 00 03 e8 00 00 00 00 50 02 ff ff 9c db 00 00  # ...
        """;

    static final String FRAGMENT = """
        02 00 00 00 00 01 02 00 00 00 00 fe 08 00                    # Ethernet: destination 02:00:00:00:00:01 (port 0), source 02:00:00:00:00:fe (router 10.0.0.254), type 0800
        45 00 00 28 00 01 20 00 40 06 14 64                          # IPv4: version/IHL 45, TOS 00, total length 40, id 1, flags MF, TTL 64, protocol TCP, checksum 1464
        cb 00 71 07 0a 00 00 64                                      #       source 203.0.113.7 (client), destination 10.0.0.100 (VIP)
        c8 63 00 50 00 00 03 e8 00 00 00 00                          # TCP: source port 51299, destination port 80, seq 1000, ack 0
        50 02 ff ff 9c db 00 00                                      #      data offset 5, flags SYN, window 65535, checksum 9cdb, urgent 0
        """;

    static final String UNKNOWN_PROTOCOL = """
        02 00 00 00 00 01 02 00 00 00 00 fe 08 00                    # Ethernet: destination 02:00:00:00:00:01 (port 0), source 02:00:00:00:00:fe (router 10.0.0.254), type 0800
        45 00 00 1c 00 01 40 00 40 2f f4 46                          # IPv4: version/IHL 45, TOS 00, total length 28, id 1, flags DF, TTL 64, protocol GRE, checksum f446
        cb 00 71 07 0a 00 00 64                                      #       source 203.0.113.7 (client), destination 10.0.0.100 (VIP)
        00 00 00 00 00 00 00 00                                      # payload
        """;

    /** From slowpath/src/test/python/make_vrrp_fixture.py (with the other director's addresses). */
    static final String VRRP_ADVERT = """
        01 00 5e 00 00 12 02 00 00 00 00 01 08 00                    # Ethernet: to 224.0.0.18's MAC, from 02:00:00:00:00:01, type 0800
        45 c0 00 24 00 07 00 00 ff 70 d0 8e                          # IPv4: TOS c0, total length 36, id 7, TTL 255, protocol 112 (VRRP), checksum d08e
        0a 00 00 02 e0 00 00 12                                      #       source 10.0.0.2, destination 224.0.0.18
        31 33 64 02 00 64 6b 08 0a 00 00 64 0a 00 00 65              # VRRP v3 advert, vrid 51, priority 100, 2 addresses, 1 s, checksum, 10.0.0.100, 10.0.0.101
        """;

    /** An empty IPVS sync message (version 1, syncid 7) to 224.0.0.81:8848; checksums by python's struct and a fold. */
    static final String SYNC_MESSAGE = """
        01 00 5e 00 00 51 02 00 00 00 00 03 08 00                    # Ethernet: to 224.0.0.81's MAC, from 02:00:00:00:00:03, type 0800
        45 00 00 24 00 01 00 00 01 11 cf 74                          # IPv4: total length 36, id 1, TTL 1, protocol UDP, checksum cf74
        0a 00 00 03 e0 00 00 51                                      #       source 10.0.0.3, destination 224.0.0.81
        22 90 22 90 00 10 d0 49                                      # UDP: 8848 -> 8848, length 16, checksum d049
        00 07 00 08 00 01 00 00                                      # sync header: reserved, syncid 7, size 8, 0 records, version 1
        """;

    static final String IPV6 = """
        02 00 00 00 00 01 02 00 00 00 00 fe 86 dd                    # Ethernet: destination 02:00:00:00:00:01 (port 0), source 02:00:00:00:00:fe (router 10.0.0.254), type 86dd
        60 00 00 00 00 00 3b 40 00 00 00 00 00 00 00 00 00 00 00 00  # payload
        00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00  # ...
        """;

    static final String UNKNOWN_ETHER_TYPE = """
        02 00 00 00 00 01 02 00 00 00 00 fe 88 cc                    # Ethernet: destination 02:00:00:00:00:01 (port 0), source 02:00:00:00:00:fe (router 10.0.0.254), type 88cc
        00 00 00 00 00 00 00 00                                      # payload
        """;

    static final String ARP_REQUEST = """
        ff ff ff ff ff ff 02 00 00 00 00 fe 08 06                    # Ethernet: destination ff:ff:ff:ff:ff:ff, source 02:00:00:00:00:fe (router 10.0.0.254), type 0806
        00 01 08 00 06 04 00 01 02 00 00 00 00 fe 0a 00 00 fe 00 00  # payload
        00 00 00 00 0a 00 00 64                                      # ...
        """;

    static final String ICMP_ECHO = """
        02 00 00 00 00 01 02 00 00 00 00 fe 08 00                    # Ethernet: destination 02:00:00:00:00:01 (port 0), source 02:00:00:00:00:fe (router 10.0.0.254), type 0800
        45 00 00 1c 00 01 40 00 40 01 f4 74                          # IPv4: version/IHL 45, TOS 00, total length 28, id 1, flags DF, TTL 64, protocol ICMP, checksum f474
        cb 00 71 07 0a 00 00 64                                      #       source 203.0.113.7 (client), destination 10.0.0.100 (VIP)
        08 00 f7 fd 00 01 00 01                                      # ICMP: type 8, code 0, checksum f7fd, unused 1, next-hop MTU 1
        """;

    static final String NO_SERVICE = """
        02 00 00 00 00 01 02 00 00 00 00 fe 08 00                    # Ethernet: destination 02:00:00:00:00:01 (port 0), source 02:00:00:00:00:fe (router 10.0.0.254), type 0800
        45 00 00 28 00 01 40 00 40 06 f4 63                          # IPv4: version/IHL 45, TOS 00, total length 40, id 1, flags DF, TTL 64, protocol TCP, checksum f463
        cb 00 71 07 0a 00 00 64                                      #       source 203.0.113.7 (client), destination 10.0.0.100 (VIP)
        c8 63 00 16 00 00 03 e8 00 00 00 00                          # TCP: source port 51299, destination port 22, seq 1000, ack 0
        50 02 ff ff 9d 15 00 00                                      #      data offset 5, flags SYN, window 65535, checksum 9d15, urgent 0
        """;

    static final String LOCAL = """
        02 00 00 00 00 01 02 00 00 00 00 fe 08 00                    # Ethernet: destination 02:00:00:00:00:01 (port 0), source 02:00:00:00:00:fe (router 10.0.0.254), type 0800
        45 00 00 28 00 01 40 00 40 06 f4 c6                          # IPv4: version/IHL 45, TOS 00, total length 40, id 1, flags DF, TTL 64, protocol TCP, checksum f4c6
        cb 00 71 07 0a 00 00 01                                      #       source 203.0.113.7 (client), destination 10.0.0.1 (port 0)
        c8 63 00 16 00 00 03 e8 00 00 00 00                          # TCP: source port 51299, destination port 22, seq 1000, ack 0
        50 02 ff ff 9d 78 00 00                                      #      data offset 5, flags SYN, window 65535, checksum 9d78, urgent 0
        """;

    static final String NO_CONNECTION = """
        02 00 00 00 00 01 02 00 00 00 00 fe 08 00                    # Ethernet: destination 02:00:00:00:00:01 (port 0), source 02:00:00:00:00:fe (router 10.0.0.254), type 0800
        45 00 00 28 00 01 40 00 40 06 f4 63                          # IPv4: version/IHL 45, TOS 00, total length 40, id 1, flags DF, TTL 64, protocol TCP, checksum f463
        cb 00 71 07 0a 00 00 64                                      #       source 203.0.113.7 (client), destination 10.0.0.100 (VIP)
        c8 63 00 50 00 00 03 e8 00 00 00 00                          # TCP: source port 51299, destination port 80, seq 1000, ack 0
        50 10 ff ff 9c cd 00 00                                      #      data offset 5, flags ACK, window 65535, checksum 9ccd, urgent 0
        """;

    static final String NO_CONNECTION_FROM_SERVER_RST = """
        02 00 00 00 01 01 02 00 00 00 01 0b 08 00                    # Ethernet: destination 02:00:00:00:01:01 (port 1), source 02:00:00:00:01:0b (rs1), type 0800
        45 00 00 28 00 01 40 00 40 06 3d 14                          # IPv4: version/IHL 45, TOS 00, total length 40, id 1, flags DF, TTL 64, protocol TCP, checksum 3d14
        c0 a8 01 0b cb 00 71 07                                      #       source 192.168.1.11 (rs1), destination 203.0.113.7 (client)
        1f 90 9c 40 00 00 03 e8 00 00 00 00                          # TCP: source port 8080, destination port 40000, seq 1000, ack 0
        50 04 ff ff f2 6c 00 00                                      #      data offset 5, flags RST, window 65535, checksum f26c, urgent 0
        """;

    static final String BAD_TCP_DATA_OFFSET = """
        02 00 00 00 00 01 02 00 00 00 00 fe 08 00                    # Ethernet: destination 02:00:00:00:00:01 (port 0), source 02:00:00:00:00:fe (router 10.0.0.254), type 0800
        45 00 00 28 00 01 40 00 40 06 f4 63                          # IPv4: version/IHL 45, TOS 00, total length 40, id 1, flags DF, TTL 64, protocol TCP, checksum f463
        cb 00 71 07 0a 00 00 64                                      #       source 203.0.113.7 (client), destination 10.0.0.100 (VIP)
        c8 63 00 50 00 00 03 e8 00 00 00 00                          # TCP: source port 51299, destination port 80, seq 1000, ack 0
        40 02 ff ff ac db 00 00                                      #      data offset 4, flags SYN, window 65535, checksum acdb, urgent 0
        """;

    static final String TRUNCATED_TCP = """
        02 00 00 00 00 01 02 00 00 00 00 fe 08 00                    # Ethernet: destination 02:00:00:00:00:01 (port 0), source 02:00:00:00:00:fe (router 10.0.0.254), type 0800
        45 00 00 20 00 01 40 00 40 06 f4 6b                          # IPv4: version/IHL 45, TOS 00, total length 32, id 1, flags DF, TTL 64, protocol TCP, checksum f46b
        cb 00 71 07 0a 00 00 64                                      #       source 203.0.113.7 (client), destination 10.0.0.100 (VIP)
        c8 63 00 50 00 00 03 e8                                      # TCP (first 8 bytes): source port 51299, destination port 80, seq
        00 00 00 00                                                  # rest
        """;

    static final String BAD_UDP_LENGTH = """
        02 00 00 00 00 01 02 00 00 00 00 fe 08 00                    # Ethernet: destination 02:00:00:00:00:01 (port 0), source 02:00:00:00:00:fe (router 10.0.0.254), type 0800
        45 00 00 20 00 01 40 00 40 11 f4 60                          # IPv4: version/IHL 45, TOS 00, total length 32, id 1, flags DF, TTL 64, protocol UDP, checksum f460
        cb 00 71 07 0a 00 00 64                                      #       source 203.0.113.7 (client), destination 10.0.0.100 (VIP)
        13 8a 00 35 00 64 c4 cb                                      # UDP: source port 5002, destination port 53, length 100, checksum c4cb
        6a 6c 76 73                                                  # payload
        """;

}
