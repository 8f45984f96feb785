#!/usr/bin/env python3
"""Minimal control-socket client for the benchmark (no JVM start in the measurement loop).

usage: ctl.py SOCKET '{"op":"status"}' [TIMEOUT_S]   prints the reply line(s) until the daemon closes or, for a
                                                   single-reply request, until the first line; exit 0 when the
                                                   last line has "ok":true.
       ctl.py pushall SOCKET PEER OUTDIR FILE...   one push request per FILE, all at once (a thread each, one
                                                   process); OUTDIR/N.json = each event stream; exit 0 only when
                                                   every push ended with {"event":"done","ok":true}.
       ctl.py pushloop SOCKET PEER FILE INBOX N WARMUP OUT.json [raw]
                                                   WARMUP + N pushes of FILE, one after the other; each must end
                                                   done/ok and the stored file (INBOX/<stored>) must equal FILE byte
                                                   for byte; it is then deleted. OUT.json: per push the wall time
                                                   at this client (request written -> done line read) and the
                                                   done event's "seconds" (the sending daemon's own clock:
                                                   connect -> last reply). "raw": the legacy clear-text push.
(socat cannot stand in here: with stdin at EOF it either half-closes the socket, which the daemon treats as a
cancel, or, with shut-none, it did not notice the daemon's close and hung until -t expired.)
"""
import json
import os
import socket
import sys


def request(path, line, timeout=5.0, stream=False):
    """Send one JSON line; return the list of reply lines (one, or all of a push stream when stream=True)."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(timeout)
    try:
        s.connect(path)
        s.sendall(line.encode() + b"\n")
        buf, lines = b"", []
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            buf += chunk
            while b"\n" in buf:
                one, buf = buf.split(b"\n", 1)
                lines.append(one.decode("utf-8", "replace"))
                # A push stream ends with a done or error event. PROTOCOL.md C §5: the daemon then closes; this build
                # keeps the connection open for another request, so the client stops reading here (as the CLI does).
                if not stream or b'"event":"done"' in one or b'"event":"error"' in one:
                    return lines
        if buf.strip():
            lines.append(buf.decode("utf-8", "replace"))
        return lines
    finally:
        s.close()


def push_all(path, peer, outdir, files):
    import threading
    os.makedirs(outdir, exist_ok=True)
    results = [None] * len(files)

    def one(i, f):
        try:
            lines = request(path, json.dumps({"op": "push", "peer": peer, "paths": [f]}), 600.0, True)
        except OSError as e:
            lines = ['{"ok":false,"error":"client: %s"}' % e]
        with open(os.path.join(outdir, "%d.json" % i), "w") as out:
            out.write("\n".join(lines) + "\n")
        try:
            results[i] = json.loads(lines[-1]).get("ok") is True if lines else False
        except ValueError:
            results[i] = False

    threads = [threading.Thread(target=one, args=(i, f)) for i, f in enumerate(files)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    bad = [i for i, ok in enumerate(results) if not ok]
    for i in bad[:3]:
        print("push %d (%s) failed: %s" % (i, files[i], open(os.path.join(outdir, "%d.json" % i)).read()[-300:]),
              file=sys.stderr)
    if bad:
        print("%d of %d pushes failed" % (len(bad), len(files)), file=sys.stderr)
    return 1 if bad else 0


def push_loop(path, peer, src, inbox, n, warmup, out, raw=False):
    import filecmp
    import statistics
    import time
    req = {"op": "push"}
    if raw:
        req["raw"] = True  # the codec wants "raw" right after "op"
    req.update(peer=peer, paths=[src])
    line = json.dumps(req, separators=(",", ":"))
    runs, error = [], None
    for i in range(warmup + n):
        t0 = time.perf_counter()
        try:
            lines = request(path, line, 60.0, True)
        except OSError as e:
            error = "push %d: client: %s" % (i, e)
            break
        wall = time.perf_counter() - t0
        try:
            ev = json.loads(lines[-1]) if lines else {}
        except ValueError:
            ev = {}
        if ev.get("event") != "done" or ev.get("ok") is not True or len(ev.get("stored") or []) != 1:
            error = "push %d did not end done/ok with one stored file: %s" % (i, (lines or ["(no reply)"])[-1][:400])
            break
        stored = os.path.join(inbox, ev["stored"][0]["stored"])
        if not os.path.isfile(stored) or not filecmp.cmp(src, stored, shallow=False):
            error = "push %d: %s is missing or differs from %s" % (i, stored, src)
            break
        os.unlink(stored)
        runs.append({"wall": wall, "seconds": float(ev["seconds"]), "warmup": i < warmup})
    meas = [r for r in runs if not r["warmup"]]
    res = {"raw": raw, "file": src, "bytes": os.path.getsize(src), "warmup": warmup, "n": len(meas), "runs": runs,
           "error": error}
    if runs:
        res["first"] = runs[0]
    if meas:
        for k in ("wall", "seconds"):
            v = [r[k] for r in meas]
            res[k] = {"median": statistics.median(v), "min": min(v), "max": max(v)}
    with open(out, "w") as f:
        json.dump(res, f, indent=1)
    if error:
        print(error, file=sys.stderr)
    return 1 if error else 0


def main():
    if sys.argv[1] == "pushall":
        return push_all(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:])
    if sys.argv[1] == "pushloop":
        return push_loop(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], int(sys.argv[6]), int(sys.argv[7]),
                         sys.argv[8], len(sys.argv) > 9 and sys.argv[9] == "raw")
    path, line = sys.argv[1], sys.argv[2]
    timeout = float(sys.argv[3]) if len(sys.argv) > 3 else 5.0
    stream = '"push"' in line
    try:
        lines = request(path, line, timeout, stream)
    except OSError as e:
        print("ctl: %s: %s" % (path, e), file=sys.stderr)
        return 69
    for l in lines:
        print(l)
    try:
        return 0 if lines and json.loads(lines[-1]).get("ok") is True else 1
    except ValueError:
        return 76


if __name__ == "__main__":
    sys.exit(main())
