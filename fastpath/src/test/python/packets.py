# Packet builder and annotator for the fixtures: written separately from the Java code it checks.
# Independent fixture generator: its own ones'-complement checksum, no Java code involved.
import struct, sys

def csum(data):
    if len(data) % 2: data += b'\0'
    s = sum(struct.unpack('!%dH' % (len(data)//2), data))
    while s >> 16: s = (s & 0xffff) + (s >> 16)
    return (~s) & 0xffff

def ip4(a): return bytes(int(x) for x in a.split('.'))
def mac(m): return bytes(int(x,16) for x in m.split(':'))

def eth(dst, src, etype=0x0800, vlan=None):
    h = mac(dst) + mac(src)
    if vlan is not None: h += struct.pack('!HH', 0x8100, vlan)
    return h + struct.pack('!H', etype)

def ipv4(src, dst, proto, payload, ttl=64, tos=0, ident=1, flags=0x4000, options=b'', bad_csum=False, total=None):
    ihl = 5 + len(options)//4
    tl = total if total is not None else ihl*4 + len(payload)
    h = struct.pack('!BBHHHBBH4s4s', 0x40|ihl, tos, tl, ident, flags, ttl, proto, 0, ip4(src), ip4(dst)) + options
    c = csum(h)
    if bad_csum: c ^= 0x0101
    return h[:10] + struct.pack('!H', c) + h[12:] + payload

def pseudo(src, dst, proto, length): return ip4(src) + ip4(dst) + struct.pack('!BBH', 0, proto, length)

def tcp(src, dst, sport, dport, flags, seq=1000, ack=0, payload=b'', doff=5):
    h = struct.pack('!HHIIBBHHH', sport, dport, seq, ack, doff<<4, flags, 65535, 0, 0)
    c = csum(pseudo(src, dst, 6, len(h)+len(payload)) + h + payload)
    return h[:16] + struct.pack('!H', c) + h[18:] + payload

def udp(src, dst, sport, dport, payload, zero=False):
    h = struct.pack('!HHHH', sport, dport, 8+len(payload), 0)
    c = 0 if zero else (csum(pseudo(src, dst, 17, 8+len(payload)) + h + payload) or 0xffff)
    return h[:6] + struct.pack('!H', c) + payload

def icmp_err(typ, code, mtu, quote):
    h = struct.pack('!BBHHH', typ, code, 0, 0, mtu)
    c = csum(h + quote)
    return h[:2] + struct.pack('!H', c) + h[4:] + quote

def hx(b): return ' '.join('%02x' % x for x in b)

NAMES = {}
def ipstr(b):
    t = '.'.join(str(x) for x in b)
    return t + (' (%s)' % NAMES[t] if t in NAMES else '')
def macstr(b):
    t = ':'.join('%02x' % x for x in b)
    return t + (' (%s)' % NAMES[t] if t in NAMES else '')
PROTO = {1: 'ICMP', 4: 'IPIP', 6: 'TCP', 17: 'UDP', 47: 'GRE'}
def flagstr(f):
    n = [s for bit, s in [(2,'SYN'),(16,'ACK'),(1,'FIN'),(4,'RST'),(8,'PSH')] if f & bit]
    return '|'.join(n) or 'none'

def annotate_ip(b, lines, label='IPv4'):
    if len(b) < 20: return lines.append((b, '%s cut short after %d bytes' % (label, len(b))))
    ihl = max((b[0] & 15) * 4, 20)
    tl, ident, ff, ttl, proto, c = struct.unpack('!HHHBBH', b[2:12])
    fl = ('DF' if ff & 0x4000 else '') + ('MF' if ff & 0x2000 else '') + ('+off %d' % (ff & 0x1fff) if ff & 0x1fff else '')
    lines.append((b[:12], '%s: version/IHL %02x, TOS %02x, total length %d, id %d, flags %s, TTL %d, protocol %s, checksum %04x'
                  % (label, b[0], b[1], tl, ident, fl or 'none', ttl, PROTO.get(proto, proto), c)))
    lines.append((b[12:20], '      source %s, destination %s' % (ipstr(b[12:16]), ipstr(b[16:20]))))
    if ihl > 20: lines.append((b[20:ihl], '      options'))
    rest = b[ihl:]
    if proto == 4: annotate_ip(rest, lines, 'inner IPv4')
    elif proto == 6 and len(rest) >= 20:
        sp, dp, seq, ack, off, fl, win, c, urg = struct.unpack('!HHIIBBHHH', rest[:20])
        lines.append((rest[:12], 'TCP: source port %d, destination port %d, seq %d, ack %d' % (sp, dp, seq, ack)))
        lines.append((rest[12:20], '     data offset %d, flags %s, window %d, checksum %04x, urgent 0' % (off >> 4, flagstr(fl), win, c)))
        if len(rest) > 20: lines.append((rest[20:], 'payload'))
    elif proto == 6 and len(rest) >= 8:
        sp, dp = struct.unpack('!HH', rest[:4])
        lines.append((rest[:8], 'TCP (first 8 bytes): source port %d, destination port %d, seq' % (sp, dp)))
        if len(rest) > 8: lines.append((rest[8:], 'rest'))
    elif proto == 17 and len(rest) >= 8:
        sp, dp, ln, c = struct.unpack('!HHHH', rest[:8])
        lines.append((rest[:8], 'UDP: source port %d, destination port %d, length %d, checksum %04x' % (sp, dp, ln, c)))
        if len(rest) > 8: lines.append((rest[8:], 'payload'))
    elif proto == 1 and len(rest) >= 8:
        t, cd, c, un, mtu = struct.unpack('!BBHHH', rest[:8])
        lines.append((rest[:8], 'ICMP: type %d, code %d, checksum %04x, unused %d, next-hop MTU %d' % (t, cd, c, un, mtu)))
        if t in (3, 11): annotate_ip(rest[8:], lines, 'quoted IPv4')
        elif len(rest) > 8: lines.append((rest[8:], 'payload'))
    elif rest: lines.append((rest, 'payload'))

def annotate(f):
    lines = []
    if len(f) < 14: return [(f, 'Ethernet cut short after %d bytes' % len(f))]
    et = struct.unpack('!H', f[12:14])[0]
    if et == 0x8100:
        lines.append((f[:18], 'Ethernet: destination %s, source %s, 802.1Q VLAN %d, type %04x' % (macstr(f[:6]), macstr(f[6:12]), struct.unpack('!H', f[14:16])[0] & 0xfff, struct.unpack('!H', f[16:18])[0])))
        rest = f[18:]
    else:
        lines.append((f[:14], 'Ethernet: destination %s, source %s, type %04x' % (macstr(f[:6]), macstr(f[6:12]), et)))
        rest = f[14:]
    if struct.unpack('!H', f[12:14])[0] in (0x0800, 0x8100) and rest[0] >> 4 == 4: annotate_ip(rest, lines)
    elif rest: lines.append((rest, 'payload'))
    return lines

def block(name, f, width=20):
    out = ['    static final String %s = """' % name]
    for b, c in annotate(f):
        chunks = [b[i:i+width] for i in range(0, len(b), width)] or [b'']
        for i, ch in enumerate(chunks):
            out.append('        %-60s # %s' % (hx(ch), c if i == 0 else '...'))
    out.append('        """;')
    return '\n'.join(out)
