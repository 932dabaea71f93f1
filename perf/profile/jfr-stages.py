#!/usr/bin/env python3
"""Where a jlvs worker's time goes, by stage, from a JFR recording of the line-rate harness.

usage: jfr-stages.py RECORDING.jfr [NS_PER_PACKET] [THREAD_REGEX]

Reads `jfr print --events jdk.ExecutionSample --stack-depth 64`, keeps the samples of the device
thread (default: the worker and the offline device thread), and charges each sample to the first
stage (innermost frame outwards) whose pattern matches a frame. With NS_PER_PACKET (the run's
offline ns/packet) each stage's share is also shown as ns per packet.
"""
import re
import subprocess
import sys
from collections import Counter

# Innermost match wins; order within the list only breaks ties on the same frame.
STAGES = [
    ("rx burst (ring PMD)", r"rxBurst|jlvs_eth_rx_burst|RteEthdev\.jlvs_eth_rx"),
    ("tx burst (ring PMD)", r"txBurst|jlvs_eth_tx_burst|flushTx"),
    ("prefetch", r"prefetch|Prefetch"),
    ("ownership", r"FlowOwnership\."),
    ("parse", r"PacketProcessor\.parse|PacketView\.|PacketParser\."),
    ("connection lookup", r"ConnectionTable\.(find|lookupIn|lookupOut|hash|mix|probe|lookup)|ConnectionIndex\."),
    ("connection state + timer", r"ConnectionTable\.(onTcp|onUdp|rearm|file|link|unlink|transition)"),
    ("connection insert", r"ConnectionTable\.(insert|indexAdd)"),
    ("scheduler", r"io\.jlvs\.sched\."),
    ("timer expiry / housekeeping", r"ConnectionTable\.expire|housekeeping|ConnectionListing"),
    ("neighbour / next hop", r"NeighbourTable|Long2LongHashMap|nextHop|destNextHop|portMac"),
    ("rewrite", r"routeRewrite|encapsulate|setMacs|updateTransportChecksum|Checksum\.|NatRewrite|Rewrite\."),
    ("counters / stats", r"PacketCounters|TrafficStats|WorkerCounters"),
    ("service lookup", r"ServiceTable\.(findService|isNatServer|isAnyPortNatServer|hasDestination|hasPort|findRoute)"),
    ("FFM checks", r"MemorySessionImpl|checkValidState|AbstractMemorySegmentImpl\.(checkAccess|checkBounds)|Preconditions"),
    ("process (dispatch, other)", r"PacketProcessor\.|BurstPipeline|Worker\.process"),
    ("worker loop (other)", r"Worker\.|WorkerThread|OfflineDevice"),
]


def main():
    rec = sys.argv[1]
    ns = float(sys.argv[2]) if len(sys.argv) > 2 else None
    thread_re = re.compile(sys.argv[3] if len(sys.argv) > 3 else r"jlvs-worker|jlvs-offline-worker")
    out = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "64", rec],
                         capture_output=True, text=True, check=True).stdout
    stages, tops, total = Counter(), Counter(), 0
    idle = 0
    for block in out.split("jdk.ExecutionSample")[1:]:
        m = re.search(r'sampledThread = "([^"]*)"', block)
        if not m or not thread_re.search(m.group(1)):
            continue
        frames = re.findall(r"^\s+([\w.$<>]+\.[\w$<>]+)\(", block, re.M)
        if not frames:
            continue
        if frames[0].endswith("OfflineDevice.run"):
            idle += 1  # spinning between offline batches: not the device's work
            continue
        total += 1
        tops[frames[0]] += 1
        stage = "other"
        for f in frames:
            hit = next((name for name, pat in STAGES if re.search(pat, f)), None)
            if hit:
                stage = hit
                break
        stages[stage] += 1
    print(f"{total} samples of the device thread in {rec} ({idle} idle samples between offline batches left out)")
    print(f"{'stage':34s} {'share':>6s}" + (f" {'ns/pkt':>7s}" if ns else ""))
    for name, n in stages.most_common():
        print(f"{name:34s} {100 * n / total:5.1f}%" + (f" {ns * n / total:7.1f}" if ns else ""))
    print("\ntop frames:")
    for f, n in tops.most_common(15):
        print(f"  {100 * n / total:5.1f}%  {f}")


if __name__ == "__main__":
    main()
