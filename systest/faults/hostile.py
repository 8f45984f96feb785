#!/usr/bin/python3
"""Hostile clients for faults.sh (docs/SECURITY-CASES.md RES-01/03/04, CTL-02/03, G3). Prints one JSON line per run.

  hostile.py idle HOST PORT N HOLD_S        open N connections, send nothing; report how the server treated them
  hostile.py trickle HOST PORT              send a TLS ClientHello 1 byte/s; report when the server closed it
  hostile.py storm HOST PORT SECS           connect+close (FIN and RST alternately) as fast as possible
  hostile.py garbage HOST PORT BYTES        random bytes, then read what comes back until close (10 s bound)
  hostile.py uds-garbage PATH BYTES         the same on the control socket
  hostile.py status PATH                    one status request over the control socket; prints ms and reply
  hostile.py uds-try PATH                   connect + status, report errno or the reply (for the other-uid case)
"""
import json
import os
import resource
import select
import socket
import struct
import sys
import time



def out(**kw):
    print(json.dumps(kw), flush=True)


def raise_nofile(n):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = min(max(soft, n + 64), hard)
    resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))


def idle(host, port, n, hold):
    raise_nofile(n)
    socks, refused = [], 0
    for i in range(n):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setblocking(False)
        try:
            if host.startswith("127."):
                s.bind(("127.0.0.%d" % (2 + i % 20), 0))  # 20 source addresses: the global cap, not only per-IP
            s.connect_ex((host, port))
            socks.append(s)
        except OSError:
            refused += 1
            s.close()
    t0 = time.monotonic()
    closed_at = {}
    poller = select.poll()
    by_fd = {s.fileno(): s for s in socks}
    for fd in by_fd:
        poller.register(fd, select.POLLIN | select.POLLHUP | select.POLLERR)
    while time.monotonic() - t0 < hold and len(closed_at) < len(socks):
        for fd, _ in poller.poll(50):
            try:
                data = by_fd[fd].recv(4096)
            except (BlockingIOError, InterruptedError):
                continue
            except OSError:
                data = b""
            if not data:
                closed_at[fd] = time.monotonic() - t0
                poller.unregister(fd)
    times = sorted(closed_at.values())
    established = 0  # open and connected: held by the server (its pre-header cap) or waiting in its accept queue
    for fd, s in by_fd.items():
        if fd not in closed_at and s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) == 0:
            try:
                s.getpeername()
                established += 1
            except OSError:
                pass  # still in SYN retries: the kernel's listen backlog was full
    out(opened=len(socks), refused=refused, closed=len(times), still_open=len(socks) - len(times),
        established_open=established,
        closed_by_1s=sum(1 for t in times if t <= 1), last_close=round(times[-1], 2) if times else None)
    for s in socks:
        s.close()


def trickle(host, port):
    s = socket.create_connection((host, port), timeout=5)
    t0 = time.monotonic()
    # A TLS handshake record header promising a 512-byte ClientHello, then its body 1 byte/s: native
    # sessions start with a TLS handshake, and the header deadline must bound that handshake too.
    header = bytes([0x16, 0x03, 0x01, 0x02, 0x00, 0x01]) + bytes(250)
    sent = 0
    try:
        for b in header:
            s.send(bytes([b]))
            sent += 1
            r, _, _ = select.select([s], [], [], 1.0)
            if r and not s.recv(4096):
                break
            if time.monotonic() - t0 > 60:
                break
    except OSError:
        pass
    out(sent=sent, closed_after=round(time.monotonic() - t0, 2))
    s.close()


def storm(host, port, secs):
    t0, n, errors = time.monotonic(), 0, 0
    while time.monotonic() - t0 < secs:
        try:
            s = socket.create_connection((host, port), timeout=2)
            if n % 2:
                s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # RST on close
            s.close()
            n += 1
        except OSError:
            errors += 1
    out(connections=n, errors=errors, rate=round(n / secs))


def drain(s, limit):
    got, t0 = b"", time.monotonic()
    s.settimeout(1)
    while time.monotonic() - t0 < limit:
        try:
            d = s.recv(65536)
        except socket.timeout:
            continue
        except OSError:
            break
        if not d:
            break
        got += d
    return got


def send_all_tolerant(s, data):
    try:
        s.sendall(data)
        return True
    except OSError:
        return False


def garbage(host, port, size):
    s = socket.create_connection((host, port), timeout=5)
    ok = send_all_tolerant(s, os.urandom(size))
    got = drain(s, 15)
    out(sent_all=ok, reply_bytes=len(got), reply_head=got[:16].hex())


def uds_garbage(path, size):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    ok = send_all_tolerant(s, os.urandom(size))
    got = drain(s, 15)
    out(sent_all=ok, reply=got.decode("utf-8", "replace")[:300])


def status(path):
    t0 = time.monotonic()
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(5)
    s.connect(path)
    s.sendall(b'{"op":"status"}\n')
    buf = b""
    while not buf.endswith(b"\n"):
        d = s.recv(65536)
        if not d:
            break
        buf += d
    out(ms=round((time.monotonic() - t0) * 1000), ok=buf.startswith(b'{"ok":true'), reply=buf.decode()[:200])


def uds_try(path):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(5)
    try:
        s.connect(path)
    except OSError as e:
        out(connected=False, errno=e.errno, error=os.strerror(e.errno))
        return
    err = None
    try:
        s.sendall(b'{"op":"status"}\n')
    except OSError as e:
        err = e.errno  # the daemon may refuse and close before our request is written; its line is still there
    got = drain(s, 5)
    out(connected=True, errno=err, reply=got.decode("utf-8", "replace")[:300])


def main(a):
    cmd = a[0]
    if cmd == "idle":
        idle(a[1], int(a[2]), int(a[3]), float(a[4]))
    elif cmd == "trickle":
        trickle(a[1], int(a[2]))
    elif cmd == "storm":
        storm(a[1], int(a[2]), float(a[3]))
    elif cmd == "garbage":
        garbage(a[1], int(a[2]), int(a[3]))
    elif cmd == "uds-garbage":
        uds_garbage(a[1], int(a[2]))
    elif cmd == "status":
        status(a[1])
    elif cmd == "uds-try":
        uds_try(a[1])
    else:
        sys.exit("unknown command " + cmd)


if __name__ == "__main__":
    main(sys.argv[1:])
