#!/usr/bin/env python3
"""pcap_scan.py - does a capture (or any recording) contain bytes of a given file? (systest scenarios 9 and 10)

Stdlib only: reads classic libpcap files (what `tcpdump -w` writes; either byte order, µs or ns stamps; link types
Ethernet, Linux cooked v1/v2, raw IP) without scapy, reassembles the TCP streams and parses the ones on the
transfer port as TLS records.

  pcap_scan.py scan PCAP --file F --expect clean|leak [--port 5001] [--samples 1000] [--needle TEXT]...
                        [--min-tls-bytes N]
  pcap_scan.py raw FILE... --file F --expect clean|leak [--samples 1000] [--needle TEXT]...

Leak detectors (each run over the raw capture bytes AND over every reassembled TCP stream, so a run of the file
that a packet boundary splits is still found):
  * exhaustive: every 16-byte chunk of F at offsets 0, 16, 32, ... is indexed; every 16-byte window of the
    haystack (every offset) is looked up. Any run of >= 31 contiguous bytes of F contains a whole aligned chunk,
    so this finds every such run (chance of a false hit on random data: ~N*M/2^128, i.e. none).
  * samples: --samples random 32-byte pieces of F (seeded), each searched with bytes.find.
  * needles: the given texts (file name, marker), UTF-8.
--expect clean: exit 1 if any detector hits, or (scan) if the capture is vacuous: no TCP stream on --port, a
  port stream that is not a clean sequence of TLS records, no ClientHello, or fewer than --min-tls-bytes of TLS
  application data. --expect leak (positive control): exit 1 unless every needle and some chunks and samples hit.
Facts go to stdout, one per line; the reason for a failure is the last line of stderr.
"""

import argparse
import os
import random
import struct
import sys

TLS_TYPES = {20: "change_cipher_spec", 21: "alert", 22: "handshake", 23: "application_data"}


# ---------------------------------------------------------------- pcap
def read_pcap(path):
    """Yields (link_type, packet bytes) for each record of a classic pcap file."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 24:
        raise ValueError("%s: %d bytes, not a pcap file (no global header)" % (path, len(data)))
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        end = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        end = ">"
    elif magic == b"\x0a\x0d\x0d\x0a":
        raise ValueError("%s is pcapng; write it with tcpdump -w (classic pcap)" % path)
    else:
        raise ValueError("%s: unknown pcap magic %s" % (path, magic.hex()))
    link = struct.unpack(end + "I", data[20:24])[0] & 0x0FFFFFFF
    off = 24
    out = []
    while off + 16 <= len(data):
        incl = struct.unpack(end + "I", data[off + 8:off + 12])[0]
        pkt = data[off + 16:off + 16 + incl]
        off += 16 + incl
        if len(pkt) < incl:   # truncated last record (capture stopped mid-write)
            break
        out.append((link, pkt))
    return data, out


def ip_payload(link, pkt):
    """-> (version, src, dst, proto, l4 bytes) or None."""
    if link == 1:            # Ethernet
        if len(pkt) < 14:
            return None
        etype, off = struct.unpack(">H", pkt[12:14])[0], 14
        while etype in (0x8100, 0x88A8) and len(pkt) >= off + 4:
            etype, off = struct.unpack(">H", pkt[off + 2:off + 4])[0], off + 4
    elif link == 113:        # Linux cooked v1
        if len(pkt) < 16:
            return None
        etype, off = struct.unpack(">H", pkt[14:16])[0], 16
    elif link == 276:        # Linux cooked v2
        if len(pkt) < 20:
            return None
        etype, off = struct.unpack(">H", pkt[0:2])[0], 20
    elif link in (101, 12, 14):   # raw IP
        etype = 0x0800 if pkt and pkt[0] >> 4 == 4 else 0x86DD
        off = 0
    else:
        return None
    ip = pkt[off:]
    if etype == 0x0800 and len(ip) >= 20:
        ihl = (ip[0] & 0x0F) * 4
        total = struct.unpack(">H", ip[2:4])[0]
        end = total if ihl <= total <= len(ip) else len(ip)   # 0 (TSO) or short: take what was captured
        return 4, ip[12:16], ip[16:20], ip[9], ip[ihl:end]
    if etype == 0x86DD and len(ip) >= 40:
        plen = struct.unpack(">H", ip[4:6])[0]
        end = 40 + plen if 0 < plen and 40 + plen <= len(ip) else len(ip)
        return 6, ip[8:24], ip[24:40], ip[6], ip[40:end]   # extension headers: not used on this bed
    return None


def tcp_streams(packets):
    """-> dict (src, sport, dst, dport) -> {'isn', 'segs': [(seq, payload)], 'syn': bool}"""
    streams = {}
    for link, pkt in packets:
        ipd = ip_payload(link, pkt)
        if not ipd or ipd[3] != 6 or len(ipd[4]) < 20:
            continue
        _, src, dst, _, tcp = ipd
        sport, dport, seq = struct.unpack(">HHI", tcp[:8])
        doff = (tcp[12] >> 4) * 4
        flags = tcp[13]
        key = (src, sport, dst, dport)
        s = streams.setdefault(key, {"isn": None, "segs": [], "syn": False})
        if flags & 0x02:     # SYN
            s["isn"], s["syn"] = seq, True
        payload = tcp[doff:]
        if payload:
            s["segs"].append((seq, payload))
    return streams


def assemble(s):
    """-> (bytes in order up to the first hole, total payload bytes seen, hole: bool)"""
    segs = s["segs"]
    if not segs:
        return b"", 0, False
    base = (s["isn"] + 1) if s["isn"] is not None else min(q for q, _ in segs)
    rel = sorted((((q - base) & 0xFFFFFFFF), p) for q, p in segs)
    out, pos, hole = bytearray(), 0, False
    for r, p in rel:
        if r > pos:
            hole = True
            break
        if r + len(p) > pos:
            out += p[pos - r:]
            pos = r + len(p)
    return bytes(out), sum(len(p) for _, p in segs), hole


def tls_records(stream):
    """-> (counts by type name, bytes by type name, first handshake msg type, error or None)"""
    counts, sizes, first_hs, off = {}, {}, None, 0
    while off < len(stream):
        if off + 5 > len(stream):
            return counts, sizes, first_hs, "stream ends inside a record header at %d" % off
        typ, ver, ln = stream[off], struct.unpack(">H", stream[off + 1:off + 3])[0], \
            struct.unpack(">H", stream[off + 3:off + 5])[0]
        if typ not in TLS_TYPES or ver not in (0x0301, 0x0302, 0x0303) or ln > 16384 + 256:
            return counts, sizes, first_hs, "not a TLS record at offset %d: %s" % (off, stream[off:off + 8].hex())
        if off + 5 + ln > len(stream):
            return counts, sizes, first_hs, "stream ends inside a %d-byte record at %d (truncated)" % (ln, off)
        if typ == 22 and first_hs is None and ln > 0:
            first_hs = stream[off + 5]
        name = TLS_TYPES[typ]
        counts[name] = counts.get(name, 0) + 1
        sizes[name] = sizes.get(name, 0) + ln
        off += 5 + ln
    return counts, sizes, first_hs, None


SUITES = {0x1301: "TLS_AES_128_GCM_SHA256", 0x1302: "TLS_AES_256_GCM_SHA384", 0x1303: "TLS_CHACHA20_POLY1305_SHA256"}


def server_hello(stream):
    """-> (negotiated version, cipher suite) from a ServerHello at the start of stream, or None"""
    try:
        if stream[0] != 22 or stream[5] != 2:
            return None
        body = stream[9:5 + struct.unpack(">H", stream[3:5])[0]]
        off = 2 + 32
        off += 1 + body[off]                               # legacy_session_id_echo
        suite = struct.unpack(">H", body[off:off + 2])[0]
        off += 3                                           # cipher suite, compression
        end = off + 2 + struct.unpack(">H", body[off:off + 2])[0]
        off += 2
        version = struct.unpack(">H", body[0:2])[0]        # legacy_version (TLS 1.2 and older)
        while off + 4 <= end:
            et, el = struct.unpack(">HH", body[off:off + 4])
            if et == 43 and el == 2:                       # supported_versions (TLS 1.3)
                version = struct.unpack(">H", body[off + 4:off + 6])[0]
            off += 4 + el
        return version, suite
    except (IndexError, struct.error):
        return None


# ---------------------------------------------------------------- detectors
class Detector:
    def __init__(self, file_bytes, samples, needles, seed=20261127):
        self.data = file_bytes
        n = len(file_bytes)
        self.chunks = {file_bytes[i:i + 16] for i in range(0, n - 15, 16)}
        rnd = random.Random(seed)
        self.samples = [file_bytes[o:o + 32] for o in (rnd.randrange(0, n - 31) for _ in range(samples))] \
            if n >= 32 else []
        self.needles = [x.encode("utf-8") for x in needles if x]

    def chunk_hits(self, hay):
        """-> the set of indexed chunks that occur somewhere (any offset) in hay"""
        hits = set()
        for r in range(16):
            hits |= {hay[i:i + 16] for i in range(r, len(hay) - 15, 16)} & self.chunks
        return hits

    def run(self, haystacks):
        """haystacks: list of bytes -> dict of results"""
        chunk = len(set().union(*(self.chunk_hits(h) for h in haystacks)))
        samp = sum(1 for s in self.samples if any(s in h for h in haystacks))
        needles = {n.decode(): sum(h.count(n) for h in haystacks) for n in self.needles}
        return {"chunks": chunk, "samples": samp, "needles": needles}


def report_hits(label, res, det):
    print("%s: %d distinct 16-byte chunk(s) of the file (of %d indexed) found; %d of %d random 32-byte samples "
          "found; needles: %s" % (label, res["chunks"], len(det.chunks), res["samples"], len(det.samples),
                                  ", ".join("%r x%d" % kv for kv in res["needles"].items()) or "none"))


def judge(expect, res, det):
    """-> reason string when the expectation fails, else None"""
    if expect == "clean":
        bad = [k for k, v in res["needles"].items() if v]
        if res["chunks"] or res["samples"] or bad:
            return "LEAK: file bytes in clear text on the wire (%d chunks, %d samples, needles %s)" % (
                res["chunks"], res["samples"], bad)
        return None
    missing = [k for k, v in res["needles"].items() if not v]
    if missing or not res["chunks"] or (det.samples and not res["samples"]):
        return "positive control failed: the scanner did not find clear-text bytes it should see " \
               "(%d chunks, %d samples, needles missing: %s)" % (res["chunks"], res["samples"], missing)
    return None


def ip_str(b):
    if len(b) == 4:
        return ".".join(str(x) for x in b)
    return ":".join("%x" % struct.unpack(">H", b[i:i + 2])[0] for i in range(0, 16, 2))


def cmd_scan(a):
    with open(a.file, "rb") as f:
        det = Detector(f.read(), a.samples, a.needle)
    raw, packets = read_pcap(a.pcap)
    streams = tcp_streams(packets)
    print("capture %s: %d bytes, %d packets, %d TCP half-streams" % (
        os.path.basename(a.pcap), len(raw), len(packets), len(streams)))
    haystacks, assembled = [raw], {}
    port_streams = 0
    for key, s in streams.items():
        data, seen, hole = assemble(s)
        assembled[key] = (data, seen, hole)
        if data:
            haystacks.append(data)
    problems, tls_app, client_hellos, port_bytes = [], 0, 0, 0
    for key, (data, seen, hole) in sorted(assembled.items(), key=lambda kv: -kv[1][1]):
        src, sport, dst, dport = key
        if a.port not in (sport, dport) or not seen:
            continue
        port_streams += 1
        port_bytes += seen
        counts, sizes, first_hs, err = tls_records(data)
        direction = "to receiver" if dport == a.port else "from receiver"
        desc = " ".join("%s=%d/%dB" % (k, counts[k], sizes[k]) for k in sorted(counts))
        print("  %s:%d -> %s:%d (%s): %d payload bytes%s; starts %s; TLS records: %s%s" % (
            ip_str(src), sport, ip_str(dst), dport, direction, seen, " (HOLE: capture lost packets)" if hole else "",
            data[:3].hex(" "), desc or "none", "; " + err if err else ""))
        if err:
            problems.append("%s:%d->%s:%d is not clean TLS: %s" % (ip_str(src), sport, ip_str(dst), dport, err))
        if hole:
            problems.append("%s:%d->%s:%d has a hole (packets lost by the capture)" % (
                ip_str(src), sport, ip_str(dst), dport))
        if dport == a.port and data[:1] == b"\x16" and first_hs == 1:
            client_hellos += 1
        if sport == a.port and data[:1] == b"\x16":
            sh = server_hello(data)
            if sh is None or sh[0] != 0x0304:
                problems.append("%s:%d->%s:%d: the receiver's first record is not a TLS 1.3 ServerHello (%s)" % (
                    ip_str(src), sport, ip_str(dst), dport, "version 0x%04x" % sh[0] if sh else "unparsable"))
            else:
                print("    ServerHello: TLS 1.3 (supported_versions 0x0304), cipher suite %s" % SUITES.get(
                    sh[1], "0x%04x" % sh[1]))
        tls_app += sizes.get("application_data", 0)
    hs = raw.count(b"\x16\x03\x01") + raw.count(b"\x16\x03\x03")
    print("port %d: %d half-stream(s), %d TCP payload bytes, %d ClientHello(s), %d bytes of TLS application data; "
          "raw capture has %d '16 03 01'/'16 03 03' sequences" % (a.port, port_streams, port_bytes, client_hellos,
                                                                  tls_app, hs))
    res = det.run(haystacks)
    report_hits("scan (raw capture + %d reassembled streams)" % (len(haystacks) - 1), res, det)
    reason = judge(a.expect, res, det)
    if reason is None and a.expect == "clean":
        if not port_streams or not client_hellos or not hs:
            reason = "VACUOUS: the capture holds no TLS session on port %d (streams %d, ClientHellos %d)" % (
                a.port, port_streams, client_hellos)
        elif problems:
            reason = "; ".join(problems[:3])
        elif tls_app < a.min_tls_bytes:
            reason = "VACUOUS: only %d bytes of TLS application data captured, want >= %d" % (tls_app, a.min_tls_bytes)
    if reason:
        print(reason, file=sys.stderr)
        return 1
    return 0


def cmd_raw(a):
    with open(a.file, "rb") as f:
        det = Detector(f.read(), a.samples, a.needle)
    hay = []
    for p in a.inputs:
        with open(p, "rb") as f:
            hay.append(f.read())
    print("recordings: %d file(s), %d bytes" % (len(hay), sum(len(h) for h in hay)))
    res = det.run([h for h in hay if h])
    report_hits("scan", res, det)
    reason = judge(a.expect, res, det)
    if reason:
        print(reason, file=sys.stderr)
        return 1
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    for name in ("scan", "raw"):
        p = sub.add_parser(name)
        if name == "scan":
            p.add_argument("pcap")
            p.add_argument("--port", type=int, default=5001)
            p.add_argument("--min-tls-bytes", type=int, default=0)
        else:
            p.add_argument("inputs", nargs="+")
        p.add_argument("--file", required=True)
        p.add_argument("--expect", choices=("clean", "leak"), required=True)
        p.add_argument("--samples", type=int, default=1000)
        p.add_argument("--needle", action="append", default=[])
    a = ap.parse_args()
    try:
        return cmd_scan(a) if a.cmd == "scan" else cmd_raw(a)
    except (OSError, ValueError) as e:
        print("pcap_scan: %s" % e, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
