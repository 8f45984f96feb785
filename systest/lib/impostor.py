#!/usr/bin/env python3
"""impostor.py - a TLS 1.3 listener that records every byte it is sent (systest scenario 10, DISC-02).

  impostor.py serve --port 5001 --cert CERT --key KEY --out DIR [--seconds 120]
  impostor.py check DIR --file F [--max-bytes 4096] [--samples 1000] [--needle TEXT]...
  impostor.py announce --addr IPV4 --instance NAME --host HOST [--port 5001] [--seconds 120] [--log FILE] K=V...

serve: listens on [::]:PORT (dual stack) and, per connection N, appends every byte received from the socket to
DIR/conn-N.raw *before* TLS sees it, then runs a TLS 1.3 server handshake over memory BIOs with its own key (so
the sender gets a real, well-formed TLS server whose key is not the one it expects) and keeps decrypting: any
plaintext application data the client sends lands in DIR/conn-N.app. When the connection ends, one JSON line goes
to DIR/log.jsonl: {"conn", "peer", "raw", "first", "handshake", "app", "end"}. DIR/ready appears once listening.
Liveness probes (connect, close, no byte) show up as raw=0 connections.

check: the recordings must be what a sender that refuses an impostor sends: each connection that carried bytes
starts with a TLS handshake record holding a ClientHello, consists of TLS records only, is smaller than
--max-bytes, and decrypted to 0 application bytes; and no byte run of F (pcap_scan.py's detectors) is in any
recording. Prints facts; exit 1 with the reason on stderr otherwise.

announce: a minimal mDNS responder (RFC 6762/6763, no avahi, no D-Bus) that claims a _tft._tcp service from this
host: PTR _tft._tcp.local -> INSTANCE._tft._tcp.local, SRV -> HOST.local:PORT, TXT K=V..., A HOST.local -> IPV4,
all in one packet (TTL 60 s, cache-flush on the unique records). It announces at 0, 0.5, 1.5, 3.5 s and then every
5 s, answers every query that asks for _tft._tcp.local, the instance or the host, and sends goodbyes (TTL 0) on
SIGTERM/SIGINT or after --seconds. Writes "ready" to the log after the first announcement.
"""

import argparse
import json
import os
import select
import signal
import socket
import ssl
import struct
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pcap_scan  # noqa: E402  (same directory)


def handle(conn, peer, n, ctx, out, lock):
    raw_path = os.path.join(out, "conn-%d.raw" % n)
    app_path = os.path.join(out, "conn-%d.app" % n)
    inc, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    tls = ctx.wrap_bio(inc, outgoing, server_side=True)
    raw = app = 0
    first = ""
    handshake = False
    end = "eof"
    conn.settimeout(15)
    with open(raw_path, "ab") as rf, open(app_path, "ab") as af:
        try:
            while True:
                try:
                    data = conn.recv(65536)
                except socket.timeout:
                    end = "idle 15 s"
                    break
                if not data:
                    inc.write_eof()
                else:
                    if not raw:
                        first = data[:1].hex()
                    raw += len(data)
                    rf.write(data)
                    rf.flush()
                    inc.write(data)
                try:
                    if not handshake:
                        tls.do_handshake()
                        handshake = True
                    while True:
                        plain = tls.read(65536)
                        if not plain:   # b"": the peer's close_notify (CPython reports it so, no exception)
                            end = "close_notify"
                            break
                        app += len(plain)
                        af.write(plain)
                        af.flush()
                except ssl.SSLWantReadError:
                    pass
                except ssl.SSLZeroReturnError:
                    end = "close_notify"
                except ssl.SSLError as e:
                    end = "tls error: %s" % e.reason
                pending = outgoing.read()
                if pending:
                    try:
                        conn.sendall(pending)
                    except OSError as e:
                        end = "send: %s" % e
                        break
                if not data or end != "eof":
                    break
        except OSError as e:
            end = "recv: %s" % e
        finally:
            conn.close()
    rec = {"conn": n, "peer": "%s:%s" % peer[:2], "raw": raw, "first": first, "handshake": handshake,
           "app": app, "end": end, "t": round(time.time(), 3)}
    with lock:
        with open(os.path.join(out, "log.jsonl"), "a") as f:
            f.write(json.dumps(rec) + "\n")


def cmd_serve(a):
    os.makedirs(a.out, exist_ok=True)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_3
    ctx.load_cert_chain(a.cert, a.key)
    ctx.verify_mode = ssl.CERT_NONE   # no client certificate asked: a sender that checks our key stops anyway
    try:
        ctx.num_tickets = 0
    except (AttributeError, ValueError):
        pass
    srv = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
    srv.bind(("::", a.port))
    srv.listen(64)
    srv.settimeout(0.5)
    open(os.path.join(a.out, "ready"), "w").close()
    deadline = time.time() + a.seconds
    lock, n = threading.Lock(), 0
    while time.time() < deadline:
        try:
            conn, peer = srv.accept()
        except socket.timeout:
            continue
        n += 1
        threading.Thread(target=handle, args=(conn, peer, n, ctx, a.out, lock), daemon=True).start()
    return 0


def cmd_check(a):
    log = os.path.join(a.dir, "log.jsonl")
    recs = []
    if os.path.exists(log):
        with open(log) as f:
            recs = [json.loads(x) for x in f if x.strip()]
    probes = [r for r in recs if r["raw"] == 0]
    used = [r for r in recs if r["raw"] > 0]
    print("impostor saw %d connection(s): %d without a byte (liveness probes), %d with bytes" % (
        len(recs), len(probes), len(used)))
    problems = []
    paths = []
    for r in used:
        p = os.path.join(a.dir, "conn-%d.raw" % r["conn"])
        paths.append(p)
        with open(p, "rb") as f:
            data = f.read()
        counts, sizes, first_hs, err = pcap_scan.tls_records(data)
        desc = " ".join("%s=%d/%dB" % (k, counts[k], sizes[k]) for k in sorted(counts))
        print("  conn %d from %s: %d bytes received, first byte 0x%s, %s; TLS records: %s; handshake %s; "
              "decrypted application bytes: %d; ended: %s" % (
                  r["conn"], r["peer"], r["raw"], r["first"], "ClientHello first" if first_hs == 1 else
                  "NO ClientHello first", desc, "completed" if r["handshake"] else "not completed", r["app"],
                  r["end"]))
        if data[:1] != b"\x16" or first_hs != 1:
            problems.append("conn %d does not start with a TLS ClientHello (%s)" % (r["conn"], data[:8].hex(" ")))
        if err:
            problems.append("conn %d: %s" % (r["conn"], err))
        if r["raw"] >= a.max_bytes:
            problems.append("conn %d: the impostor got %d bytes (limit %d)" % (r["conn"], r["raw"], a.max_bytes))
        if r["app"]:
            problems.append("conn %d: the sender sent %d bytes of session data to the impostor" % (
                r["conn"], r["app"]))
    if len(used) < a.min_conns:
        problems.append("only %d connection(s) with bytes reached the impostor, want >= %d" % (
            len(used), a.min_conns))
    with open(a.file, "rb") as f:
        det = pcap_scan.Detector(f.read(), a.samples, a.needle)
    hay = []
    for p in paths:
        with open(p, "rb") as f:
            hay.append(f.read())
    res = det.run(hay)
    pcap_scan.report_hits("file bytes in what the impostor received", res, det)
    reason = pcap_scan.judge("clean", res, det)
    if reason:
        problems.insert(0, reason)
    if problems:
        print("; ".join(problems[:4]), file=sys.stderr)
        return 1
    return 0


# ---------------------------------------------------------------- mDNS responder
MDNS_GROUP, MDNS_PORT = "224.0.0.251", 5353


def dns_name(name):
    out = b""
    for label in name.rstrip(".").split("."):
        raw = label.encode("utf-8")
        out += bytes([len(raw)]) + raw
    return out + b"\0"


def dns_rr(name, rtype, rdata, ttl, flush):
    return dns_name(name) + struct.pack(">HHIH", rtype, 0x8001 if flush else 1, ttl, len(rdata)) + rdata


def read_name(msg, off):
    """-> (lower-case name without the final dot, offset after it); follows compression pointers"""
    labels, end, hops = [], None, 0
    while True:
        if off >= len(msg) or hops > 32:
            raise ValueError("bad name")
        ln = msg[off]
        if ln & 0xC0 == 0xC0:
            if end is None:
                end = off + 2
            off = ((ln & 0x3F) << 8) | msg[off + 1]
            hops += 1
            continue
        if ln == 0:
            return ".".join(labels).lower(), end if end is not None else off + 1
        labels.append(msg[off + 1:off + 1 + ln].decode("utf-8", "replace"))
        off += 1 + ln


def query_names(msg):
    if len(msg) < 12:
        return []
    _, flags, qd = struct.unpack(">HHH", msg[:6])
    if flags & 0x8000:          # a response, not a query
        return []
    names, off = [], 12
    try:
        for _ in range(qd):
            name, off = read_name(msg, off)
            off += 4
            names.append(name)
    except (ValueError, IndexError):
        pass
    return names


def cmd_announce(a):
    service = "_tft._tcp.local"
    instance = "%s.%s" % (a.instance, service)
    host = "%s.local" % a.host
    txt = b"".join(bytes([len(kv.encode())]) + kv.encode() for kv in a.txt)

    def packet(ttl):
        rrs = [dns_rr(service, 12, dns_name(instance), ttl, False),
               dns_rr(instance, 33, struct.pack(">HHH", 0, 0, a.port) + dns_name(host), ttl, True),
               dns_rr(instance, 16, txt, ttl, True),
               dns_rr(host, 1, socket.inet_aton(a.addr), ttl, True),
               dns_rr("_services._dns-sd._udp.local", 12, dns_name(service), ttl, False)]
        return struct.pack(">HHHHHH", 0, 0x8400, 0, len(rrs), 0, 0) + b"".join(rrs)

    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_UDP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if hasattr(socket, "SO_REUSEPORT"):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind(("", MDNS_PORT))
    sock.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP,
                    socket.inet_aton(MDNS_GROUP) + socket.inet_aton(a.addr))
    sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton(a.addr))
    sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 255)
    sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_LOOP, 0)
    log = open(a.log, "a", buffering=1) if a.log else sys.stdout
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    signal.signal(signal.SIGINT, lambda *_: stop.append(1))
    ours = {service, instance.lower(), host.lower()}
    live, start = packet(60), time.time()
    schedule = [0, 0.5, 1.5, 3.5]
    sent = answered = 0
    try:
        while not stop and time.time() - start < a.seconds:
            now = time.time() - start
            due = schedule[0] if schedule else 3.5 + (sent - 3) * 5.0
            if now >= due:
                sock.sendto(live, (MDNS_GROUP, MDNS_PORT))
                sent += 1
                if schedule:
                    schedule.pop(0)
                if sent == 1:
                    log.write("ready: %s -> %s (%s:%d) TXT %s\n" % (instance, host, a.addr, a.port, " ".join(a.txt)))
                continue
            try:
                r, _, _ = select.select([sock], [], [], min(0.2, max(0.0, due - now)))
            except InterruptedError:
                continue
            if r:
                msg, _ = sock.recvfrom(9000)
                if ours.intersection(query_names(msg)):
                    sock.sendto(live, (MDNS_GROUP, MDNS_PORT))
                    answered += 1
    finally:
        bye = packet(0)
        for _ in range(2):
            sock.sendto(bye, (MDNS_GROUP, MDNS_PORT))
            time.sleep(0.1)
        log.write("goodbye sent; %d announcements, %d answers to queries\n" % (sent, answered))
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("serve")
    s.add_argument("--port", type=int, default=5001)
    s.add_argument("--cert", required=True)
    s.add_argument("--key", required=True)
    s.add_argument("--out", required=True)
    s.add_argument("--seconds", type=float, default=120)
    c = sub.add_parser("check")
    c.add_argument("dir")
    c.add_argument("--file", required=True)
    c.add_argument("--max-bytes", type=int, default=4096)
    c.add_argument("--min-conns", type=int, default=1)
    c.add_argument("--samples", type=int, default=1000)
    c.add_argument("--needle", action="append", default=[])
    m = sub.add_parser("announce")
    m.add_argument("--addr", required=True)
    m.add_argument("--instance", required=True)
    m.add_argument("--host", required=True)
    m.add_argument("--port", type=int, default=5001)
    m.add_argument("--seconds", type=float, default=120)
    m.add_argument("--log")
    m.add_argument("txt", nargs="*")
    a = ap.parse_args()
    try:
        return {"serve": cmd_serve, "check": cmd_check, "announce": cmd_announce}[a.cmd](a)
    except (OSError, ValueError, ssl.SSLError) as e:
        print("impostor: %s" % e, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
