#!/usr/bin/env python3
"""Checks run after each timed transfer (outside the timing).

  check.py size PATH BYTES          PATH is a regular file of BYTES bytes
  check.py tree DIR FILES BYTES     DIR holds FILES regular files totalling BYTES bytes (recursively)
  check.py done EVENTS.json         the last line of a `tft push --json` stream is a done event with "ok":true
  check.py stored EVENTS.json DIR BYTES   done event ok and every stored file (DIR/stored) has the sizes reported
"""
import json
import os
import sys


def fail(msg):
    print(msg)
    sys.exit(1)


def last_event(path):
    lines = [l for l in open(path, encoding="utf-8", errors="replace").read().splitlines() if l.strip()]
    if not lines:
        fail("no output in %s" % path)
    try:
        ev = json.loads(lines[-1])
    except ValueError:
        fail("last line is not JSON: %r" % lines[-1][:300])
    if ev.get("event") != "done" or ev.get("ok") is not True:
        fail("push did not end with done/ok: %s" % lines[-1][:400])
    return ev


def main():
    mode = sys.argv[1]
    if mode == "size":
        path, want = sys.argv[2], int(sys.argv[3])
        if not os.path.isfile(path):
            fail("missing: %s (dir has: %s)" % (path, os.listdir(os.path.dirname(path))[:10]))
        got = os.path.getsize(path)
        if got != want:
            fail("%s has %d bytes, expected %d" % (path, got, want))
    elif mode == "tree":
        root, files, size = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
        n = total = 0
        for d, _, names in os.walk(root):
            for name in names:
                p = os.path.join(d, name)
                if os.path.isfile(p) and not os.path.islink(p):
                    n += 1
                    total += os.path.getsize(p)
        if (n, total) != (files, size):
            fail("%s: %d files / %d bytes, expected %d / %d" % (root, n, total, files, size))
    elif mode == "done":
        last_event(sys.argv[2])
    elif mode == "stored":
        ev = last_event(sys.argv[2])
        for s in ev.get("stored", []):
            p = os.path.join(sys.argv[3], s["stored"])
            if not os.path.isfile(p) or os.path.getsize(p) != int(s["size"]):
                fail("stored file %s missing or wrong size" % p)
        if ev.get("bytes") is not None and int(ev["bytes"]) != int(sys.argv[4]):
            fail("done reports %s bytes, expected %s" % (ev["bytes"], sys.argv[4]))
    else:
        fail("unknown mode " + mode)


if __name__ == "__main__":
    main()
