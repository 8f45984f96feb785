#!/usr/bin/env python3
"""JSON helpers for the tft system tests (systest/run.sh).

Two jobs:
  * poll a daemon's peer table directly over its control socket ({"op":"peers"}), every 50 ms, so discovery
    timings are measured without paying a CLI JVM start per sample;
  * check JSON printed by the real CLI (`tft peers --json`, `tft push --json`, `tft status --json`).

Every wait is bounded by --timeout; on success it prints the elapsed seconds (e.g. "1.234"), on timeout it prints
the last peer table to stderr and exits 1. Exit 2 = usage or malformed input.
"""
import json
import os
import socket
import sys
import time

LIVE = ("up", "suspect")


def peers_over_socket(sock_path, timeout=2.0):
    """Returns the daemon's peer list (list of dicts); raises OSError/ValueError on any failure."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(timeout)
        s.connect(sock_path)
        s.sendall(b'{"op":"peers"}\n')
        buf = b""
        while not buf.endswith(b"\n"):
            chunk = s.recv(65536)
            if not chunk:
                break
            buf += chunk
    reply = json.loads(buf.decode("utf-8"))
    if not reply.get("ok"):
        raise ValueError("daemon error: %r" % (reply.get("error"),))
    return reply["peers"]


def named(peers, name):
    return [p for p in peers if p.get("name") == name]


def has_v4(p, addr):
    return addr is None or addr in (p.get("addresses") or [])


# conditions: each takes (peers, args) and returns True when satisfied
def cond_up(peers, a):        # up NAME [ADDR]: some entry NAME in state up (with ADDR among its addresses)
    return any(p.get("state") == "up" and has_v4(p, a[1] if len(a) > 1 else None) for p in named(peers, a[0]))


def cond_gone(peers, a):      # gone NAME: no entry NAME is up or suspect (absent, or listed as gone)
    return not any(p.get("state") in LIVE for p in named(peers, a[0]))


def cond_absent(peers, a):    # absent NAME: no entry NAME at all
    return not named(peers, a[0])


def cond_only(peers, a):      # only NAME ID: exactly one live entry NAME, it has id ID and is up (others are gone)
    n = [p for p in named(peers, a[0]) if p.get("state") in LIVE]
    return len(n) == 1 and n[0].get("id") == a[1] and n[0].get("state") == "up"


def cond_single(peers, a):    # single NAME ID: exactly one entry NAME at all (gone ones included), id ID, up
    n = named(peers, a[0])
    return len(n) == 1 and n[0].get("id") == a[1] and n[0].get("state") == "up"


def cond_count(peers, a):     # count NAME N: exactly N entries NAME in state up
    return sum(1 for p in named(peers, a[0]) if p.get("state") == "up") == int(a[1])


def cond_idgone(peers, a):    # idgone ID: the entry with id ID is absent or gone
    return not any(p.get("id") == a[0] and p.get("state") in LIVE for p in peers)


CONDS = {"up": cond_up, "gone": cond_gone, "absent": cond_absent, "only": cond_only, "single": cond_single,
         "count": cond_count,
         "idgone": cond_idgone}


def summary(peers):
    return "; ".join("%s id=%s state=%s addrs=%s" % (p.get("name"), str(p.get("id"))[:12], p.get("state"),
                                                    ",".join(p.get("addresses") or [])) for p in peers) or "(empty)"


def cmd_wait(argv):
    """wait SOCK TIMEOUT COND ARGS... [-- COND ARGS...]: all conditions at once."""
    sock, timeout = argv[0], float(argv[1])
    groups, cur = [], []
    for tok in argv[2:]:
        if tok == "--":
            groups.append(cur)
            cur = []
        else:
            cur.append(tok)
    groups.append(cur)
    for g in groups:
        if not g or g[0] not in CONDS:
            print("peerctl: unknown condition %r" % (g,), file=sys.stderr)
            return 2
    start = time.monotonic()
    last, err = None, None
    while True:
        try:
            last = peers_over_socket(sock)
            err = None
            if all(CONDS[g[0]](last, g[1:]) for g in groups):
                # PEERCTL_EPOCH=1: the wall-clock time (epoch seconds) instead of the elapsed time
                print("%.3f" % (time.time() if os.environ.get("PEERCTL_EPOCH") else time.monotonic() - start))
                return 0
        except (OSError, ValueError) as e:
            err = e
        if time.monotonic() - start > timeout:
            what = " and ".join(" ".join(g) for g in groups)
            print("timeout after %.1fs waiting for %s; table: %s%s" % (
                timeout, what, summary(last or []), (" (last error: %s)" % err) if err else ""), file=sys.stderr)
            return 1
        time.sleep(0.05)


def cmd_peers(argv):
    print(json.dumps(peers_over_socket(argv[0]), indent=1))
    return 0


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def cmd_check_peers(argv):
    """check-peers FILE SELF NAME=ADDR...: `tft peers --json` output lists each NAME exactly once, up, on port 5001,
    with ADDR among its addresses and no other host's IPv4 address; SELF is not listed."""
    peers = load_json(argv[0])
    me = argv[1]
    expect = dict(kv.split("=", 1) for kv in argv[2:])
    errors = []
    if not isinstance(peers, list):
        errors.append("not a JSON array")
        peers = []
    if named(peers, me):
        errors.append("lists itself (%s)" % me)
    others = set(expect.values())
    for name, addr in expect.items():
        n = [p for p in named(peers, name) if p.get("state") == "up"]
        if len(n) != 1:
            errors.append("%s: %d up entries" % (name, len(n)))
            continue
        p = n[0]
        addrs = p.get("addresses") or []
        if addr not in addrs:
            errors.append("%s: address %s missing (has %s)" % (name, addr, addrs))
        wrong = [x for x in addrs if x in others and x != addr]
        if wrong:
            errors.append("%s: carries another host's address %s" % (name, wrong))
        if p.get("port") != 5001:
            errors.append("%s: port %r" % (name, p.get("port")))
        for key in ("id", "os", "version", "firstSeen", "lastSeen", "source"):
            if key not in p:
                errors.append("%s: field %s missing" % (name, key))
    if errors:
        print("; ".join(errors) + " | table: " + summary(peers), file=sys.stderr)
        return 1
    return 0


def events(path):
    out = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.strip()
            if line:
                try:
                    out.append(json.loads(line))
                except ValueError:
                    out.append({"event": "unparsable", "line": line})
    return out


def cmd_push_result(argv):
    """push-result FILE: prints 'ok' + one 'STORED<TAB>NAME<TAB>SIZE' line per stored file, or 'error CODE MESSAGE'.
    Exit 1 if the stream does not end with exactly one done/error event."""
    ev = events(argv[0])
    finals = [e for e in ev if e.get("event") in ("done", "error")]
    if len(finals) != 1 or ev[-1] is not finals[0]:
        print("push stream: expected exactly one final done/error event, got %d (events: %s)" % (
            len(finals), [e.get("event") for e in ev]), file=sys.stderr)
        return 1
    last = finals[0]
    if last["event"] == "done" and last.get("ok") is True:
        print("ok")
        for s in last.get("stored") or []:
            print("%s\t%s\t%s" % (s.get("stored"), s.get("name"), s.get("size")))
    else:
        err = last.get("error") or {}
        print("error %s %s" % (err.get("code"), err.get("message")))
    return 0


def cmd_file_offsets(argv):
    """file-offsets FILE: one 'NAME OFFSET' line per file event (resume check)."""
    for e in events(argv[0]):
        if e.get("event") == "file":
            print("%s %s" % (e.get("name"), e.get("offset")))
    return 0


def cmd_field(argv):
    """field FILE PATH[|PATH...]: prints one value from a JSON document; PATH is KEY.KEY...; the first PATH
    that exists wins (e.g. "id|status.id")."""
    root = load_json(argv[0])
    for path in argv[1].split("|"):
        doc = root
        try:
            for k in path.split("."):
                doc = doc[int(k)] if isinstance(doc, list) else doc[k]
        except (KeyError, IndexError, ValueError, TypeError):
            continue
        print(doc if not isinstance(doc, (dict, list)) else json.dumps(doc))
        return 0
    print("field: none of %s in %s" % (argv[1], argv[0]), file=sys.stderr)
    return 1


def cmd_entries(argv):
    """entries FILE NAME: one 'ID STATE ADDR,ADDR' line per entry NAME in a `tft peers --json` output."""
    for p in named(load_json(argv[0]), argv[1]):
        print("%s %s %s" % (p.get("id"), p.get("state"), ",".join(p.get("addresses") or [])))
    return 0


COMMANDS = {"wait": cmd_wait, "peers": cmd_peers, "check-peers": cmd_check_peers, "push-result": cmd_push_result,
            "file-offsets": cmd_file_offsets, "field": cmd_field, "entries": cmd_entries}

if __name__ == "__main__":
    if len(sys.argv) < 3 or sys.argv[1] not in COMMANDS:
        print("usage: peerctl.py {%s} ARGS..." % ",".join(COMMANDS), file=sys.stderr)
        sys.exit(2)
    try:
        sys.exit(COMMANDS[sys.argv[1]](sys.argv[2:]))
    except (OSError, ValueError, KeyError, IndexError) as e:
        print("peerctl %s: %s" % (sys.argv[1], e), file=sys.stderr)
        sys.exit(2)
