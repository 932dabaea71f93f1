#!/usr/bin/env python3
"""Builds the VRRPv3 advert fixture of VrrpFramesTest independently of the Java code (RFC 5798 5.1, 5.2.8).

python3 slowpath/src/test/python/make_vrrp_fixture.py   -> hex of the frame, one header per line
"""
import socket
import struct


def csum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def advert(src_mac, src_ip, ident, vrid, prio, interval_cs, addrs):
    src = socket.inet_aton(src_ip)
    dst = socket.inet_aton("224.0.0.18")
    body = struct.pack("!BBBBHH", 0x31, vrid, prio, len(addrs), interval_cs & 0xFFF, 0)
    body += b"".join(socket.inet_aton(a) for a in addrs)
    pseudo = src + dst + struct.pack("!BBH", 0, 112, len(body))
    body = body[:6] + struct.pack("!H", csum(pseudo + body)) + body[8:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0xC0, 20 + len(body), ident, 0, 255, 112, 0, src, dst)
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    eth = bytes.fromhex("01005e000012") + bytes.fromhex(src_mac.replace(":", "")) + b"\x08\x00"
    return eth, ip, body


if __name__ == "__main__":
    for part in advert("02:00:00:00:00:01", "10.0.0.2", 7, 51, 100, 100, ["10.0.0.100", "10.0.0.101"]):
        print(part.hex())
