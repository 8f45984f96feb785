#!/usr/bin/env python3
"""Sample daemons' memory and CPU from /proc.

usage: procstat.py window SECONDS NAME=PID...   -> JSON: per name rss_start/rss_end/rss_max/rss_median (KiB),
                                                    cpu_s (user+sys over the window), cpu_pct (of one core), hwm
       procstat.py hwm NAME=PID...              -> JSON: per name VmHWM and VmRSS (KiB)
       procstat.py reset NAME=PID...            -> resets VmHWM (echo 5 > /proc/PID/clear_refs)
"""
import json
import os
import statistics
import sys
import time

TICK = os.sysconf("SC_CLK_TCK")


def status(pid):
    out = {}
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(("VmRSS:", "VmHWM:", "Threads:")):
                k, v = line.split(":", 1)
                out[k] = int(v.split()[0])
    return out


def cpu(pid):
    with open("/proc/%d/stat" % pid) as f:
        rest = f.read().rsplit(")", 1)[1].split()
    return (int(rest[11]) + int(rest[12])) / TICK  # utime, stime (fields 14, 15)


def main():
    mode = sys.argv[1]
    args = sys.argv[3:] if mode == "window" else sys.argv[2:]
    pids = {a.split("=")[0]: int(a.split("=")[1]) for a in args}
    if mode == "reset":
        for p in pids.values():
            with open("/proc/%d/clear_refs" % p, "w") as f:
                f.write("5")
        return
    if mode == "hwm":
        print(json.dumps({n: status(p) for n, p in pids.items()}))
        return
    secs = float(sys.argv[2])
    c0 = {n: cpu(p) for n, p in pids.items()}
    rss = {n: [status(p)["VmRSS"]] for n, p in pids.items()}
    t0 = time.monotonic()
    while time.monotonic() - t0 < secs:
        time.sleep(min(1.0, max(0.0, secs - (time.monotonic() - t0))))
        for n, p in pids.items():
            rss[n].append(status(p)["VmRSS"])
    el = time.monotonic() - t0
    out = {}
    for n, p in pids.items():
        st, c = status(p), cpu(p) - c0[n]
        out[n] = {"seconds": round(el, 1), "rss_start": rss[n][0], "rss_end": rss[n][-1], "rss_max": max(rss[n]),
                  "rss_median": statistics.median(rss[n]), "cpu_s": c, "cpu_pct": 100.0 * c / el,
                  "hwm": st["VmHWM"], "threads": st.get("Threads")}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
