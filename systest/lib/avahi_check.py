#!/usr/bin/env python3
"""avahi_check.py BROWSE_OUTPUT NAME=ID=ADDR...: checks `avahi-browse -rpt _tft._tcp` output (parseable format).

For each expected peer there must be a resolved ("=") IPv4 line whose TXT has id=ID and name=NAME, with the keys
id, version, name and os present, address ADDR and port 5001. Prints one line per peer found; exit 1 otherwise.
"""
import re
import sys

REQUIRED = ("id", "version", "name", "os")


def unescape(s):
    # avahi-browse -p escapes characters in names as \DDD (decimal)
    return re.sub(r"\\(\d{3})", lambda m: chr(int(m.group(1))), s)


def txt_map(field):
    out = {}
    for item in re.findall(r'"((?:[^"\\]|\\.)*)"', field):
        k, _, v = item.partition("=")
        out[k] = v
    return out


def main(argv):
    resolved = []
    with open(argv[0], encoding="utf-8", errors="replace") as f:
        for line in f:
            parts = line.rstrip("\n").split(";", 9)
            if len(parts) == 10 and parts[0] == "=" and parts[2] == "IPv4":
                resolved.append({"instance": unescape(parts[3]), "host": parts[6], "addr": parts[7],
                                 "port": parts[8], "txt": txt_map(parts[9])})
    errors = []
    for spec in argv[1:]:
        name, pid, addr = spec.split("=", 2)
        hits = [r for r in resolved if r["txt"].get("id") == pid]
        if not hits:
            errors.append("%s (id %s) not resolved by avahi" % (name, pid))
            continue
        r = hits[0]
        missing = [k for k in REQUIRED if k not in r["txt"]]
        if missing:
            errors.append("%s: TXT keys missing: %s (TXT %s)" % (name, missing, r["txt"]))
        if r["txt"].get("name") != name:
            errors.append("%s: TXT name=%r" % (name, r["txt"].get("name")))
        if r["addr"] != addr or r["port"] != "5001":
            errors.append("%s: resolved to %s:%s, want %s:5001" % (name, r["addr"], r["port"], addr))
        txt = " ".join("%s=%s" % kv for kv in sorted(r["txt"].items()))
        print("avahi sees %s: instance '%s' host %s %s:%s TXT %s" % (name, r["instance"], r["host"], r["addr"],
                                                                   r["port"], txt))
    if errors:
        print("; ".join(errors), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
