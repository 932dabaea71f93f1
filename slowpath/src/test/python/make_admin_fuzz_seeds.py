#!/usr/bin/env python3
"""Seeds for the control-socket fuzz tests: AdminRequestFuzzTest gets whole requests in AdminProtocol's
framing ("JLVS", version 1, argc, each argument and the standard input as a 4-byte big-endian length
and UTF-8), AdminCommandFuzzTest the same commands as arguments separated by NUL, then 0x01 and the
standard input. Run from the repository root: python3 slowpath/src/test/python/make_admin_fuzz_seeds.py"""
import pathlib
import struct

ROOT = pathlib.Path(__file__).resolve().parents[3]
RES = ROOT / "src/test/resources/io/jlvs/slowpath/admin"
REQUESTS = RES / "AdminRequestFuzzTestInputs/badFramesAreAnsweredWithAnErrorAndChangeNothing"
COMMANDS = RES / "AdminCommandFuzzTestInputs/aRefusedCommandChangesNothing"

SEEDS = {
    "add-service": ("-A -t 10.0.0.2:443 -s rr", ""),
    "add-server": ("-a -t 10.0.0.1:80 -r 192.0.2.24:8080 -m -w 3", ""),
    "edit-server": ("-e -t 10.0.0.1:80 -r 192.0.2.21:8080 -m -w 0 -x 10 -y 5", ""),
    "delete-server": ("-d -t 10.0.0.1:80 -r 192.0.2.22:8080", ""),
    "edit-service": ("-E -u 10.0.0.1:53 -s mh -b flag-1,flag-2", ""),
    "delete-service": ("-D -t 10.0.0.1:80", ""),
    "list": ("-L -n --stats --exact", ""),
    "list-connections": ("-L -n -c", ""),
    "save": ("-S -n", ""),
    "timeouts": ("--set 900 120 300", ""),
    "zero": ("-Z", ""),
    "journal": ("--journal", ""),
    "restore": ("-R", "-C\n-A -t 10.0.0.5:80 -s wlc\n-a -t 10.0.0.5:80 -r 192.0.2.30:80 -g\n"),
    "restore-refused": ("-R", "-A -t 10.0.0.5:80\n-a -t 10.0.0.6:80 -r 192.0.2.30\n"),
}


def text(s):
    b = s.encode()
    return struct.pack(">i", len(b)) + b


def main():
    REQUESTS.mkdir(parents=True, exist_ok=True)
    COMMANDS.mkdir(parents=True, exist_ok=True)
    for name, (line, stdin) in SEEDS.items():
        argv = line.split(" ")
        frame = b"JLVS" + struct.pack(">ii", 1, len(argv)) + b"".join(text(a) for a in argv) + text(stdin)
        (REQUESTS / name).write_bytes(frame)
        (COMMANDS / name).write_bytes("\0".join(argv).encode() + (b"\x01" + stdin.encode() if stdin else b""))


if __name__ == "__main__":
    main()
