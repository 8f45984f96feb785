#!/usr/bin/env python3
"""Minimal control-socket client for the benchmark (no JVM start in the measurement loop).

usage: ctl.py SOCKET '{"op":"status"}' [TIMEOUT_S]   prints the reply line(s) until the daemon closes or, for a
                                                   single-reply request, until the first line; exit 0 when the
                                                   last line has "ok":true.
       ctl.py pushall SOCKET PEER OUTDIR FILE...   one push request per FILE, all at once (a thread each, one
                                                   process); OUTDIR/N.json = each event stream; exit 0 only when
                                                   every push ended with {"event":"done","ok":true}.
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
                # A push stream ends with a done or error event. The spec says the daemon then closes; this build
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


def main():
    if sys.argv[1] == "pushall":
        return push_all(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:])
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
