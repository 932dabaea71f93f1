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
    all_frames = dict(frames())
    for name, frame in all_frames.items():
        (OUT / name.lower()).write_bytes(record(frame))
    # A handshake, then 2 minutes later (control bits 4-7 = 8: 120 s) the client again; checksums repaired.
    (OUT / "sequence_syn_synack_later").write_bytes(
        record(all_frames["NAT_IN_SYN"]) + record(all_frames["NAT_OUT_SYN_ACK"]) + record(all_frames["NAT_IN_SYN"], 0x84))
    # Every frame with only 16 bytes of headroom (bit 3).
    (OUT / "icmp_errors_without_headroom").write_bytes(
        record(all_frames["NAT_TTL_EXPIRED"], 0x08) + record(all_frames["TUN_SYN"], 0x08) + record(all_frames["NO_REAL_SERVER"], 0x08))


if __name__ == "__main__":
    main()
