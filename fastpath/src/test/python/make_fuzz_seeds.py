#!/usr/bin/env python3
"""Seeds for PacketProcessorFuzzTest: one file per input frame of PacketFixtures.java (the *_OUT frames
are outputs, not inputs), in the fuzz test's record format [control, length high, length low, bytes],
control = the rx port the frame's destination MAC names; plus a few sequences. Run from the repository
root: python3 fastpath/src/test/python/make_fuzz_seeds.py"""
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "src/test/java/io/jlvs/fastpath/PacketFixtures.java"
OUT = ROOT / "src/test/resources/io/jlvs/fastpath/PacketProcessorFuzzTestInputs/everyFrameEndsInExactlyOneCountedVerdictAndWritesOnlyItsOwnBytes"
PORT_OF_MAC = {"020000000101": 1, "020000000201": 2}


def frames():
    text = FIXTURES.read_text()
    for name, body in re.findall(r'static final String (\w+) = """(.*?)""";', text, re.S):
        if name.endswith("_OUT"):
            continue
        hexes = "".join(line.split("#")[0] for line in body.splitlines()).split()
        yield name, bytes(int(h, 16) for h in hexes)


def record(frame, control=None):
    if control is None:
        control = PORT_OF_MAC.get(frame[:6].hex(), 0)
    return bytes([control, len(frame) >> 8, len(frame) & 0xff]) + frame


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    ftp_seeds()
    all_frames = dict(frames())
    for name, frame in all_frames.items():
        (OUT / name.lower()).write_bytes(record(frame))
    # A handshake, then 2 minutes later (control bits 4-7 = 8: 120 s) the client again; checksums repaired.
    (OUT / "sequence_syn_synack_later").write_bytes(
        record(all_frames["NAT_IN_SYN"]) + record(all_frames["NAT_OUT_SYN_ACK"]) + record(all_frames["NAT_IN_SYN"], 0x84))
    # Every frame with only 16 bytes of headroom (bit 3).
    (OUT / "icmp_errors_without_headroom").write_bytes(
        record(all_frames["NAT_TTL_EXPIRED"], 0x08) + record(all_frames["TUN_SYN"], 0x08) + record(all_frames["NO_REAL_SERVER"], 0x08))


def tcp_frame(dst_mac, src_mac, src, dst, sport, dport, flags, seq, ack, payload=b""):
    """Ethernet + IPv4 + TCP with the IP checksum left 0 (the fuzz test's control bit 2 repairs it)."""
    ip = bytes([0x45, 0]) + (40 + len(payload)).to_bytes(2, "big") + b"\x00\x01\x40\x00\x40\x06\x00\x00" + src + dst
    tcp = sport.to_bytes(2, "big") + dport.to_bytes(2, "big") + seq.to_bytes(4, "big") + ack.to_bytes(4, "big") \
        + bytes([0x50, flags]) + b"\xff\xff\x00\x00\x00\x00"
    return bytes.fromhex(dst_mac) + bytes.fromhex(src_mac) + b"\x08\x00" + ip + tcp + payload


def ftp_seeds():
    """An FTP control connection to the fuzz lab's NAT service VIP:21 (rs1:21), then 227, PORT and EPRT."""
    port0, router, port1, rs1 = "020000000001", "0200000000fe", "020000000101", "02000000010b"
    client, vip, rs = bytes([203, 0, 113, 7]), bytes([10, 0, 0, 100]), bytes([192, 168, 1, 11])
    syn = tcp_frame(port0, router, client, vip, 40000, 21, 0x02, 1000, 0)
    syn_ack = tcp_frame(port1, rs1, rs, client, 21, 40000, 0x12, 5000, 1001)
    ack = tcp_frame(port0, router, client, vip, 40000, 21, 0x10, 1001, 5001)
    pasv = tcp_frame(port1, rs1, rs, client, 21, 40000, 0x18, 5001, 1001, b"227 Entering Passive Mode (192,168,1,11,117,48)\r\n")
    port = tcp_frame(port0, router, client, vip, 40000, 21, 0x18, 1001, 5050, b"PORT 203,0,113,7,156,64\r\n")
    eprt = tcp_frame(port0, router, client, vip, 40000, 21, 0x18, 1026, 5050, b"EPRT |1|203.0.113.7|40001|\r\n")
    epsv = tcp_frame(port1, rs1, rs, client, 21, 40000, 0x18, 5050, 1054, b"229 Entering Extended Passive Mode (|||30001|)\r\n")
    data = tcp_frame(port0, router, client, vip, 40002, 30000, 0x02, 7000, 0)
    repair = 0x04
    handshake = record(syn, repair) + record(syn_ack, 1 | repair) + record(ack, repair)
    (OUT / "ftp_passive_227_then_data").write_bytes(handshake + record(pasv, 1 | repair) + record(data, repair))
    (OUT / "ftp_port_eprt_229").write_bytes(handshake + record(port, repair) + record(eprt, repair) + record(epsv, 1 | repair))


if __name__ == "__main__":
    main()
