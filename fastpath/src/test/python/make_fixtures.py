# Writes the hex fixtures of PacketFixtures.java. Independent of the Java code under test:
# its own packet builder and ones'-complement checksum (packets.py). Usage: python3 make_fixtures.py [NAME...]
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from packets import *

PORT0 = '02:00:00:00:00:01'; PORT1 = '02:00:00:00:01:01'; PORT2 = '02:00:00:00:02:01'
ROUTER = '02:00:00:00:00:fe'
RS1M = '02:00:00:00:01:0b'; RS2M = '02:00:00:00:01:0c'; RS3M = '02:00:00:00:01:0d'; RS4M = '02:00:00:00:02:0e'
VIP = '10.0.0.100'; CLIENT = '203.0.113.7'; RS1 = '192.168.1.11'; RS2 = '192.168.1.12'; RS3 = '192.168.1.13'; RS4 = '192.168.2.14'
PORT0IP = '10.0.0.1'; PORT1IP = '192.168.1.1'; PORT2IP = '192.168.2.1'
SYN, ACK, FIN, RST = 2, 16, 1, 4
NAMES.update({PORT0: 'port 0', PORT1: 'port 1', PORT2: 'port 2', ROUTER: 'router 10.0.0.254', RS1M: 'rs1', RS2M: 'rs2', RS3M: 'rs3', RS4M: 'rs4',
    VIP: 'VIP', CLIENT: 'client', RS1: 'rs1', RS2: 'rs2', RS3: 'rs3', RS4: 'rs4', PORT0IP: 'port 0', PORT1IP: 'port 1', PORT2IP: 'port 2'})

def tcp_ip(src, dst, sport, dport, flags, ttl=64, payload=b'', **kw):
    return ipv4(src, dst, 6, tcp(src, dst, sport, dport, flags, payload=payload), ttl=ttl, **kw)

def udp_ip(src, dst, sport, dport, payload, ttl=64, zero=False):
    return ipv4(src, dst, 17, udp(src, dst, sport, dport, payload, zero=zero), ttl=ttl)

def icmp_ip(src, dst, typ, code, mtu, offending, ttl=64):
    ihl = (offending[0] & 15) * 4
    quote = offending[:ihl + 8]
    return ipv4(src, dst, 1, icmp_err(typ, code, mtu, quote), ttl=ttl, tos=0xc0, ident=0, flags=0)

fx = {}
# NAT in: SYN client -> VIP:80 becomes client -> RS1:8080, TTL 63
fx['NAT_IN_SYN'] = eth(PORT0, ROUTER) + tcp_ip(CLIENT, VIP, 51234, 80, SYN)
fx['NAT_IN_SYN_OUT'] = eth(RS1M, PORT1) + tcp_ip(CLIENT, RS1, 51234, 8080, SYN, ttl=63)
# NAT out: SYN-ACK RS1:8080 -> client becomes VIP:80 -> client, TTL 63, to the router
fx['NAT_OUT_SYN_ACK'] = eth(PORT1, RS1M) + tcp_ip(RS1, CLIENT, 8080, 51234, SYN | ACK)
fx['NAT_OUT_SYN_ACK_OUT'] = eth(ROUTER, PORT0) + tcp_ip(VIP, CLIENT, 80, 51234, SYN | ACK, ttl=63)
# NAT in UDP with a checksum, and with checksum zero (stays zero)
fx['NAT_IN_UDP'] = eth(PORT0, ROUTER) + udp_ip(CLIENT, VIP, 5000, 53, b'jlvs')
fx['NAT_IN_UDP_OUT'] = eth(RS1M, PORT1) + udp_ip(CLIENT, RS1, 5000, 5353, b'jlvs', ttl=63)
fx['NAT_IN_UDP_NO_CHECKSUM'] = eth(PORT0, ROUTER) + udp_ip(CLIENT, VIP, 5001, 53, b'jlvs', zero=True)
fx['NAT_IN_UDP_NO_CHECKSUM_OUT'] = eth(RS1M, PORT1) + udp_ip(CLIENT, RS1, 5001, 5353, b'jlvs', ttl=63, zero=True)
# DR: only the Ethernet header changes
fx['DR_SYN'] = eth(PORT0, ROUTER) + tcp_ip(CLIENT, VIP, 51234, 443, SYN)
fx['DR_SYN_OUT'] = eth(RS2M, PORT1) + tcp_ip(CLIENT, VIP, 51234, 443, SYN)
# TUN: outer IPv4 192.168.1.1 -> RS3, protocol 4, TOS/TTL/DF/id from the inner packet
inner = tcp_ip(CLIENT, VIP, 51234, 8443, SYN, tos=0x10)
fx['TUN_SYN'] = eth(PORT0, ROUTER) + inner
fx['TUN_SYN_OUT'] = eth(RS3M, PORT1) + ipv4(PORT1IP, RS3, 4, inner, ttl=64, tos=0x10, ident=1, flags=0x4000)
# TUN, DF, 64 + 20 > MTU 80 of port 2: ICMP fragmentation-needed (MTU 60) from the VIP to the client
big = tcp_ip(CLIENT, VIP, 51234, 9000, SYN, payload=bytes(range(24)))
fx['TUN_FRAG_NEEDED'] = eth(PORT0, ROUTER) + big
fx['TUN_FRAG_NEEDED_OUT'] = eth(ROUTER, PORT0) + icmp_ip(VIP, CLIENT, 3, 4, 60, big)
# NAT with TTL 1: ICMP time-exceeded from the VIP
expiring = tcp_ip(CLIENT, VIP, 51240, 80, SYN, ttl=1)
fx['NAT_TTL_EXPIRED'] = eth(PORT0, ROUTER) + expiring
fx['NAT_TTL_EXPIRED_OUT'] = eth(ROUTER, PORT0) + icmp_ip(VIP, CLIENT, 11, 0, 0, expiring)
# NAT out with TTL 1: time-exceeded to the server, from port 1's address (the packet was not for a VIP)
late_reply = tcp_ip(RS1, CLIENT, 8080, 51234, ACK, ttl=1)
fx['NAT_OUT_TTL_EXPIRED'] = eth(PORT1, RS1M) + late_reply
fx['NAT_OUT_TTL_EXPIRED_OUT'] = eth(RS1M, PORT1) + icmp_ip(PORT1IP, RS1, 11, 0, 0, late_reply)
# No eligible server (weight 0): port-unreachable from the VIP
refused = tcp_ip(CLIENT, VIP, 51234, 81, SYN)
fx['NO_REAL_SERVER'] = eth(PORT0, ROUTER) + refused
fx['NO_REAL_SERVER_OUT'] = eth(ROUTER, PORT0) + icmp_ip(VIP, CLIENT, 3, 3, 0, refused)
# A reply from a NAT server port without a connection: port-unreachable from port 1's address to the server
stray = tcp_ip(RS1, CLIENT, 8080, 40000, ACK)
fx['NAT_REPLY_WITHOUT_CONNECTION'] = eth(PORT1, RS1M) + stray
fx['NAT_REPLY_WITHOUT_CONNECTION_OUT'] = eth(RS1M, PORT1) + icmp_ip(PORT1IP, RS1, 3, 3, 0, stray)
# NAT in with an 802.1Q tag (kept) and IP options (NOP NOP NOP EOL)
fx['NAT_IN_VLAN_OPTIONS'] = eth(PORT0, ROUTER, vlan=100) + ipv4(CLIENT, VIP, 6, tcp(CLIENT, VIP, 51300, 80, SYN), options=b'\x01\x01\x01\x00')
fx['NAT_IN_VLAN_OPTIONS_OUT'] = eth(RS1M, PORT1, vlan=100) + ipv4(CLIENT, RS1, 6, tcp(CLIENT, RS1, 51300, 8080, SYN), ttl=63, options=b'\x01\x01\x01\x00')

# ICMP errors about connections (after NAT_IN_SYN, DR_SYN): NAT rewrites the outer and the quoted
# addresses and ports and recomputes the quoted IPv4 and the ICMP checksums; DR forwards unchanged.
# From the server side: rs1 says port-unreachable about client -> rs1:8080; the client sees it from the VIP about VIP:80.
fx['ICMP_FROM_SERVER'] = eth(PORT1, RS1M) + icmp_ip(RS1, CLIENT, 3, 3, 0, tcp_ip(CLIENT, RS1, 51234, 8080, SYN, ttl=63))
fx['ICMP_FROM_SERVER_OUT'] = eth(ROUTER, PORT0) + icmp_ip(VIP, CLIENT, 3, 3, 0, tcp_ip(CLIENT, VIP, 51234, 80, SYN, ttl=63), ttl=63)
# From the client side: the router says time-exceeded about VIP:80 -> client; rs1 sees it about rs1:8080 -> client.
fx['ICMP_FROM_CLIENT_SIDE'] = eth(PORT0, ROUTER) + icmp_ip('10.0.0.254', VIP, 11, 0, 0, tcp_ip(VIP, CLIENT, 80, 51234, SYN | ACK, ttl=1))
fx['ICMP_FROM_CLIENT_SIDE_OUT'] = eth(RS1M, PORT1) + icmp_ip('10.0.0.254', RS1, 11, 0, 0, tcp_ip(RS1, CLIENT, 8080, 51234, SYN | ACK, ttl=1), ttl=63)
# DR: the same kind of error about VIP:443 -> client goes to rs2 with only the Ethernet header changed.
dr_error = icmp_ip('10.0.0.254', VIP, 3, 4, 1400, tcp_ip(VIP, CLIENT, 443, 51234, SYN | ACK))
fx['ICMP_FROM_CLIENT_SIDE_DR'] = eth(PORT0, ROUTER) + dr_error
fx['ICMP_FROM_CLIENT_SIDE_DR_OUT'] = eth(RS2M, PORT1) + dr_error

# Malformed or not ours: unchanged, dropped or punted
good = tcp_ip(CLIENT, VIP, 51299, 80, SYN)
fx['TRUNCATED_ETHERNET'] = eth(PORT0, ROUTER)[:10]
fx['TRUNCATED_IP'] = eth(PORT0, ROUTER) + good[:10]
b = bytearray(good); b[0] = 0x44; b[10:12] = b'\0\0'; b[10:12] = struct.pack('!H', csum(bytes(b[:16]))) ; fx['BAD_HEADER_LENGTH'] = eth(PORT0, ROUTER) + bytes(b)
fx['BAD_TOTAL_LENGTH'] = eth(PORT0, ROUTER) + ipv4(CLIENT, VIP, 6, tcp(CLIENT, VIP, 51299, 80, SYN), total=1000)
fx['BAD_IP_CHECKSUM'] = eth(PORT0, ROUTER) + ipv4(CLIENT, VIP, 6, tcp(CLIENT, VIP, 51299, 80, SYN), bad_csum=True)
b = bytearray(good); b[0] = 0x65; fx['BAD_IP_VERSION'] = eth(PORT0, ROUTER) + bytes(b)
fx['FRAGMENT'] = eth(PORT0, ROUTER) + ipv4(CLIENT, VIP, 6, tcp(CLIENT, VIP, 51299, 80, SYN), flags=0x2000)
fx['UNKNOWN_PROTOCOL'] = eth(PORT0, ROUTER) + ipv4(CLIENT, VIP, 47, bytes(8))
fx['IPV6'] = eth(PORT0, ROUTER, 0x86dd) + bytes([0x60,0,0,0, 0,0, 59, 64]) + bytes(32)
fx['UNKNOWN_ETHER_TYPE'] = eth(PORT0, ROUTER, 0x88cc) + bytes(8)
fx['ARP_REQUEST'] = eth('ff:ff:ff:ff:ff:ff', ROUTER, 0x0806) + struct.pack('!HHBBH', 1, 0x0800, 6, 4, 1) + mac(ROUTER) + ip4('10.0.0.254') + bytes(6) + ip4(VIP)
fx['ICMP_ECHO'] = eth(PORT0, ROUTER) + ipv4(CLIENT, VIP, 1, struct.pack('!BBHHH', 8, 0, csum(struct.pack('!BBHHH', 8, 0, 0, 1, 1)), 1, 1))
fx['NO_SERVICE'] = eth(PORT0, ROUTER) + tcp_ip(CLIENT, VIP, 51299, 22, SYN)
fx['LOCAL'] = eth(PORT0, ROUTER) + tcp_ip(CLIENT, PORT0IP, 51299, 22, SYN)
fx['NO_CONNECTION'] = eth(PORT0, ROUTER) + tcp_ip(CLIENT, VIP, 51299, 80, ACK)
fx['NO_CONNECTION_FROM_SERVER_RST'] = eth(PORT1, RS1M) + tcp_ip(RS1, CLIENT, 8080, 40000, RST)
fx['BAD_TCP_DATA_OFFSET'] = eth(PORT0, ROUTER) + ipv4(CLIENT, VIP, 6, tcp(CLIENT, VIP, 51299, 80, SYN, doff=4))
fx['TRUNCATED_TCP'] = eth(PORT0, ROUTER) + ipv4(CLIENT, VIP, 6, tcp(CLIENT, VIP, 51299, 80, SYN)[:12])
u = bytearray(udp(CLIENT, VIP, 5002, 53, b'jlvs')); u[4:6] = struct.pack('!H', 100)
fx['BAD_UDP_LENGTH'] = eth(PORT0, ROUTER) + ipv4(CLIENT, VIP, 17, bytes(u))

names = sys.argv[1:] or list(fx)
for n in names:
    print(block(n, fx[n]))
    print()
