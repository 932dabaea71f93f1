# Writes the hex fixtures of FtpFixtures.java (FTP through NAT, IPVS's ip_vs_ftp). Independent of the
# Java code under test: packets.py's own builder and checksum; the rewritten payloads, sequence and
# acknowledgement numbers below are worked out here by hand. Usage: python3 make_ftp_fixtures.py [NAME...]
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from packets import *

PORT0 = '02:00:00:00:00:01'; PORT1 = '02:00:00:00:01:01'; ROUTER = '02:00:00:00:00:fe'; RSM = '02:00:00:00:01:05'
VIP = '203.0.113.100'; CLIENT = '198.51.100.7'; RS = '10.0.0.5'
SYN, ACK, PSH = 2, 16, 8
NAMES.update({PORT0: 'port 0', PORT1: 'port 1', ROUTER: 'router 203.0.113.254', RSM: 'rs', VIP: 'VIP', CLIENT: 'client', RS: 'rs'})

def seg(src, dst, sport, dport, flags, seq, ack, payload=b'', ttl=64):
    return ipv4(src, dst, 6, tcp(src, dst, sport, dport, flags, seq=seq, ack=ack, payload=payload), ttl=ttl)

fx = {}
text = {}
def pair(name, in_frame, out_frame, payload=None, out_payload=None):
    fx[name] = in_frame; fx[name + '_OUT'] = out_frame
    if payload is not None: text[name] = payload
    if out_payload is not None: text[name + '_OUT'] = out_payload

CP = 50000  # client's control port
# Control connection: client seq starts at 1000, server at 5000.
pair('CONTROL_SYN', eth(PORT0, ROUTER) + seg(CLIENT, VIP, CP, 21, SYN, 1000, 0),
     eth(RSM, PORT1) + seg(CLIENT, RS, CP, 21, SYN, 1000, 0, ttl=63))
pair('CONTROL_SYN_ACK', eth(PORT1, RSM) + seg(RS, CLIENT, 21, CP, SYN | ACK, 5000, 1001),
     eth(ROUTER, PORT0) + seg(VIP, CLIENT, 21, CP, SYN | ACK, 5000, 1001, ttl=63))
pair('CONTROL_ACK', eth(PORT0, ROUTER) + seg(CLIENT, VIP, CP, 21, ACK, 1001, 5001),
     eth(RSM, PORT1) + seg(CLIENT, RS, CP, 21, ACK, 1001, 5001, ttl=63))
# 227: the server's 10,0,0,5 (8 characters) becomes the VIP's 203,0,113,100 (13): the payload grows by 5.
p227 = b'227 Entering Passive Mode (10,0,0,5,117,48)\r\n'            # port 117*256+48 = 30000
p227v = b'227 Entering Passive Mode (203,0,113,100,117,48)\r\n'
assert len(p227v) - len(p227) == 5
pair('PASV_227', eth(PORT1, RSM) + seg(RS, CLIENT, 21, CP, PSH | ACK, 5001, 1001, p227),
     eth(ROUTER, PORT0) + seg(VIP, CLIENT, 21, CP, PSH | ACK, 5001, 1001, p227v, ttl=63), p227, p227v)
# The client acknowledges what it received (5001 + 51); the server must see 5001 + 46.
pair('ACK_AFTER_227', eth(PORT0, ROUTER) + seg(CLIENT, VIP, CP, 21, ACK, 1001, 5001 + len(p227v)),
     eth(RSM, PORT1) + seg(CLIENT, RS, CP, 21, ACK, 1001, 5001 + len(p227), ttl=63))
# The server's next line starts at 5001 + 46 in its numbering, 5001 + 51 in the client's.
s2 = 5001 + len(p227)
p229 = b'229 Entering Extended Passive Mode (|||30001|)\r\n'
pair('EPSV_229', eth(PORT1, RSM) + seg(RS, CLIENT, 21, CP, PSH | ACK, s2, 1001, p229),
     eth(ROUTER, PORT0) + seg(VIP, CLIENT, 21, CP, PSH | ACK, s2 + 5, 1001, p229, ttl=63), p229, p229)
# A retransmission of the 227 (seq 5001, before the change) is PASV_227 again and must leave as
# PASV_227_OUT again: previous delta (0), rewritten again, no second length change recorded.
# Active mode: PORT and EPRT from the client are not rewritten; their acks move back by 5.
ack_now = s2 + 5 + len(p229)
pport = b'PORT 198,51,100,7,200,10\r\n'                                 # port 200*256+10 = 51210
pair('PORT', eth(PORT0, ROUTER) + seg(CLIENT, VIP, CP, 21, PSH | ACK, 1001, ack_now, pport),
     eth(RSM, PORT1) + seg(CLIENT, RS, CP, 21, PSH | ACK, 1001, ack_now - 5, pport, ttl=63), pport, pport)
peprt = b'EPRT |1|198.51.100.7|51211|\r\n'
pair('EPRT', eth(PORT0, ROUTER) + seg(CLIENT, VIP, CP, 21, PSH | ACK, 1001 + len(pport), ack_now, peprt),
     eth(RSM, PORT1) + seg(CLIENT, RS, CP, 21, PSH | ACK, 1001 + len(pport), ack_now - 5, peprt, ttl=63), peprt, peprt)
# Data connections, each taken from the shared expectations by another core.
pair('PASSIVE_DATA_SYN', eth(PORT0, ROUTER) + seg(CLIENT, VIP, 50001, 30000, SYN, 7000, 0),
     eth(RSM, PORT1) + seg(CLIENT, RS, 50001, 30000, SYN, 7000, 0, ttl=63))
pair('EXTENDED_PASSIVE_DATA_SYN', eth(PORT0, ROUTER) + seg(CLIENT, VIP, 50002, 30001, SYN, 7000, 0),
     eth(RSM, PORT1) + seg(CLIENT, RS, 50002, 30001, SYN, 7000, 0, ttl=63))
pair('ACTIVE_DATA_SYN', eth(PORT1, RSM) + seg(RS, CLIENT, 20, 51210, SYN, 9000, 0),
     eth(ROUTER, PORT0) + seg(VIP, CLIENT, 20, 51210, SYN, 9000, 0, ttl=63))
pair('EXTENDED_ACTIVE_DATA_SYN', eth(PORT1, RSM) + seg(RS, CLIENT, 20, 51211, SYN, 9000, 0),
     eth(ROUTER, PORT0) + seg(VIP, CLIENT, 20, 51211, SYN, 9000, 0, ttl=63))

names = sys.argv[1:] or list(fx)
for n in names:
    if n in text: print('    /** Payload: %s */' % repr(text[n].decode())[1:-1])
    print(block(n, fx[n]))
    print()
