#!/usr/bin/env python3
"""Interleaved benchmark rounds: warm-up, then N rounds of every command, one after the other.

usage: rounds.py SPEC.json OUT.json

SPEC: {"runs": 5, "warmup": 1, "timeout": 180, "ref": "nc", "refs": ["socat"],
       "commands": [{"name": "nc", "cmd": "...", "prepare": "...", "check": "...", "final_check": "...",
                     "after": "...", "cpu_pids": {"A": 1234}}]}
Every field but name/cmd is optional. Each shell snippet runs with /bin/bash -c.
 - prepare: before each run, not timed (delete the previous destination, sync, ...).
 - cmd: timed (wall clock, perf_counter); must exit 0.
 - check: after each run, not timed; must exit 0 (sizes, counts, exit status of the transfer).
 - final_check: after the last run, not timed (full byte comparison).
 - after: after the command's last run (clean-up), always, errors ignored.
 - cpu_pids: {label: pid} of long-running processes the command drives (the tft daemons): their utime+stime
   (/proc/PID/stat, every thread: JIT, GC and idle timers too) is sampled right before and right after each timed
   run, so the delta is the CPU each one spent on that run.
 - refs (spec level): more references besides "ref"; every command gets a paired ratio to each (ratio_to).
A command that fails (exit code, check, timeout) is recorded with its error and dropped from later rounds, so a
broken tool costs one timeout, not N.

Why rounds and not hyperfine for transfers: the order A B C, A B C ... spreads the box's drift (other sessions'
load, page reporting of freed tmpfs pages) over every tool, and the ratio to the reference is taken round by round
(paired), which holds much better than a ratio of two medians measured minutes apart.
OUT: {"commands": [{"name", "cmd", "ok", "error", "times", "cpu_children", "cpu_box", "median", "min", "max",
                    "ratio_median", "ratio_min", "ratio_max", "ratios", "ratio_to": {REF: {"median", "min", "max",
                    "ratios"}}, "daemon_cpu": {label: [s per run]}, "first": {"wall", "daemon_cpu", "warmup"},
                    "times_warmup"}], "ref": ..., "refs": [...]}
"first" is the command's first successful run of the whole spec (the warm-up round's when there is one, so it is
not in "times"): for a tft push that is the first push after the daemons started when this spec runs first.
Times in seconds. cpu_children = user+sys of the command's own process tree (not daemons/sshd/rsyncd children);
cpu_box = busy CPU seconds of the whole machine during the run (/proc/stat, every process, other sessions too).
"""
import json
import os
import resource
import signal
import statistics
import subprocess
import sys
import time


def box_busy_seconds():
    with open("/proc/stat") as f:
        fields = f.readline().split()[1:]
    vals = [int(x) for x in fields]
    idle = vals[3] + (vals[4] if len(vals) > 4 else 0)
    return (sum(vals[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


TICK = os.sysconf("SC_CLK_TCK")


def proc_cpu(pid):
    """utime+stime of a running process (all its threads), seconds; None if it is gone."""
    try:
        with open("/proc/%d/stat" % int(pid)) as f:
            rest = f.read().rsplit(")", 1)[1].split()
        return (int(rest[11]) + int(rest[12])) / TICK  # fields 14 and 15
    except (OSError, ValueError, IndexError):
        return None


def sh(snippet, timeout):
    """Run a snippet in its own process group; kill the whole group on timeout. Returns (rc, tail of output)."""
    p = subprocess.Popen(["/bin/bash", "-c", snippet], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         start_new_session=True)
    try:
        out, _ = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        out, _ = p.communicate()
        return 124, (out or b"")[-1500:].decode("utf-8", "replace") + "\n[timed out after %ss]" % timeout
    return p.returncode, (out or b"")[-1500:].decode("utf-8", "replace")


def log(msg):
    print("  [rounds] " + msg, file=sys.stderr, flush=True)


def run_one(c, timeout, timed):
    if c.get("prepare"):
        rc, out = sh(c["prepare"], timeout)
        if rc != 0:
            return None, None, None, "prepare failed (rc %d): %s" % (rc, out.strip())
    pids = c.get("cpu_pids") or {}
    d0 = {k: proc_cpu(p) for k, p in pids.items()}
    cpu0, box0 = children_cpu(), box_busy_seconds()
    t0 = time.perf_counter()
    rc, out = sh(c["cmd"], timeout)
    wall = time.perf_counter() - t0
    cpu, box = children_cpu() - cpu0, box_busy_seconds() - box0
    d1 = {k: proc_cpu(p) for k, p in pids.items()}
    dcpu = {k: (d1[k] - d0[k]) if d0[k] is not None and d1[k] is not None else None for k in pids}
    if rc != 0:
        return None, None, None, None, "exit %d: %s" % (rc, out.strip())
    if c.get("check"):
        crc, cout = sh(c["check"], timeout)
        if crc != 0:
            return None, None, None, None, "check failed (rc %d): %s | command output: %s" % (crc, cout.strip(), out.strip()[-300:])
    gone = [k for k, v in dcpu.items() if v is None]
    if gone:
        return None, None, None, None, "process %s (pid %s) is gone" % (gone[0], pids[gone[0]])
    return wall, cpu, box, dcpu, None


def main():
    spec = json.load(open(sys.argv[1]))
    runs, warmup = int(spec.get("runs", 5)), int(spec.get("warmup", 1))
    timeout = float(spec.get("timeout", 180))
    cmds = spec["commands"]
    state = {c["name"]: {"times": [], "cpu_children": [], "cpu_box": [], "daemon_cpu": [], "times_warmup": [],
                         "first": None, "error": None} for c in cmds}
    total = warmup + runs
    deadline = float(spec.get("deadline", 0))  # epoch seconds; no new round starts after it (10-minute budget)
    for rnd in range(total):
        if deadline and time.time() > deadline and rnd > warmup:
            log("deadline reached: stopping after %d rounds" % (rnd - warmup))
            break
        live = [c for c in cmds if state[c["name"]]["error"] is None]
        if not live:
            break
        k = rnd % len(live)
        order = live[k:] + live[:k]  # rotate: no tool is always first or last in a round
        for c in order:
            st = state[c["name"]]
            wall, cpu, box, dcpu, err = run_one(c, float(c.get("timeout", timeout)), rnd >= warmup)
            tag = "warm-up" if rnd < warmup else "run %d/%d" % (rnd - warmup + 1, runs)
            if err:
                st["error"] = "%s: %s" % (tag, err)
                log("%-28s %s FAILED: %s" % (c["name"], tag, err[:400]))
                continue
            log("%-28s %s %.3f s%s" % (c["name"], tag, wall, "".join(
                "  %s %.2f CPU-s" % (k, v) for k, v in sorted(dcpu.items()))))
            if st["first"] is None:
                st["first"] = {"wall": wall, "daemon_cpu": dcpu, "warmup": rnd < warmup}
            last = rnd == total - 1 or (deadline and time.time() > deadline and rnd >= warmup)
            if last and c.get("final_check"):
                # right after this command's own last run: later commands may reuse (and clear) its destination
                rc, out = sh(c["final_check"], timeout)
                if rc != 0:
                    st["error"] = "final check failed (rc %d): %s" % (rc, out.strip())
                c = dict(c, final_check=None)
            if rnd >= warmup:
                st["times"].append(wall)
                st["cpu_children"].append(cpu)
                st["cpu_box"].append(box)
                st["daemon_cpu"].append(dcpu)
            else:
                st["times_warmup"].append(wall)
    for c in cmds:
        st = state[c["name"]]
        if c.get("after"):
            sh(c["after"], timeout)
    ref = spec.get("ref")
    ref_times = state[ref]["times"] if ref in state else []
    refs = [x for x in spec.get("refs") or [] if x in state]
    result = []
    for c in cmds:
        st = state[c["name"]]
        r = {"name": c["name"], "cmd": c["cmd"], "ok": st["error"] is None and bool(st["times"]),
             "error": st["error"], "times": st["times"], "cpu_children": st["cpu_children"], "cpu_box": st["cpu_box"],
             "times_warmup": st["times_warmup"], "first": st["first"]}
        if c.get("cpu_pids"):
            r["daemon_cpu"] = {k: [d[k] for d in st["daemon_cpu"]] for k in c["cpu_pids"]}
            r["cpu_pids"] = c["cpu_pids"]
        if st["times"]:
            r.update(median=statistics.median(st["times"]), min=min(st["times"]), max=max(st["times"]),
                     cpu_children_median=statistics.median(st["cpu_children"]),
                     cpu_box_median=statistics.median(st["cpu_box"]))
            n = min(len(st["times"]), len(ref_times))
            if n:
                ratios = [st["times"][i] / ref_times[i] for i in range(n)]
                r.update(ratios=ratios, ratio_median=statistics.median(ratios), ratio_min=min(ratios),
                         ratio_max=max(ratios))
            r["ratio_to"] = {}
            for x in refs:
                n = min(len(st["times"]), len(state[x]["times"]))  # paired by round, as for ref
                if n:
                    ratios = [st["times"][i] / state[x]["times"][i] for i in range(n)]
                    r["ratio_to"][x] = dict(median=statistics.median(ratios), min=min(ratios), max=max(ratios),
                                            ratios=ratios)
        for key in ("bytes", "label", "files", "daemons"):
            if key in c:
                r[key] = c[key]
        result.append(r)
    json.dump({"ref": ref, "refs": refs, "runs": runs, "warmup": warmup, "commands": result}, open(sys.argv[2], "w"),
              indent=1)


if __name__ == "__main__":
    main()
