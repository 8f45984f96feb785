#!/usr/bin/env python3
"""Turns the JSON files of one bench/run.sh run into RESULTS.md (see bench/README.md for how to read it)."""
import argparse
import datetime
import json
import os
import statistics
import subprocess

GB = 1e9
MIB = 1024 * 1024


def load(d, name):
    try:
        return json.load(open(os.path.join(d, name)))
    except (OSError, ValueError):
        return None


def load_lines(d, name):
    """A JSON-lines file (one done event per run), [] if missing; unparsable lines are skipped."""
    out = []
    try:
        for line in open(os.path.join(d, name), encoding="utf-8", errors="replace"):
            try:
                out.append(json.loads(line))
            except ValueError:
                pass
    except OSError:
        pass
    return out


def tail(d, name, n=3):
    try:
        return " ".join(open(os.path.join(d, name), encoding="utf-8", errors="replace").read().strip().splitlines()[-n:])
    except OSError:
        return "(no %s)" % name


def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=20).stdout.strip() or \
            subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=20).stderr.strip()
    except Exception as e:  # noqa: BLE001 - a missing fact must not lose the report
        return "(%s)" % e


def s(x):
    return "%.3f" % x if x < 10 else "%.2f" % x


SUBST = []


def short(text):
    """Scratch paths of this run replaced by the names bench/README.md uses ($SHM, $OUT, bench/lib)."""
    for old, new in SUBST:
        text = text.replace(old, new)
    return text


def md_cell(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


def by_name(res):
    return {c["name"]: c for c in res["commands"]} if res else {}


def transfer_table(res, ref_label, per_file=False):
    rows = ["| tool | median s | min–max s | %s | ratio to %s (paired median, min–max) | client CPU s | box CPU s | n |"
            % ("files/s" if per_file else "GB/s", md_cell(ref_label)), "|---|---|---|---|---|---|---|---|"]
    cmds = []
    for i, c in enumerate(res["commands"], 1):
        cmds.append("%d. %s: `%s`" % (i, md_cell(c["name"]), short(c["cmd"])))
        if not c.get("times"):
            rows.append("| %s | **FAILED** | %s | | | | | 0 |" % (md_cell(c["name"]), md_cell(short(c.get("error") or "")[:600])))
            continue
        rate = (c["files"] / c["median"]) if per_file else (c["bytes"] / c["median"] / GB)
        ratio = ("**%.2f** (%.2f–%.2f)" % (c["ratio_median"], c["ratio_min"], c["ratio_max"])
                 if "ratio_median" in c else "")
        name = md_cell(c["name"]) if c["ok"] else "%s (**%s**)" % (md_cell(c["name"]), md_cell(short(c.get("error") or "")[:300]))
        rows.append("| %s | %s | %s–%s | %s | %s | %.2f | %.2f | %d |" % (
            name, s(c["median"]), s(c["min"]), s(c["max"]), ("%.0f" if per_file else "%.2f") % rate, ratio,
            c["cpu_children_median"], c["cpu_box_median"], len(c["times"])))
    return rows, cmds


def verdict(ok):
    if ok is None:
        return "**not measured**"
    return "**met**" if ok else "**missed**"


def per_gb(values, nbytes):
    """Median of CPU seconds per run, per GB (10^9 bytes) moved."""
    v = [x for x in values if x is not None]
    return statistics.median(v) / (nbytes / GB) if v and nbytes else None


def rng(v):
    return "%.2f (%.2f–%.2f)" % (statistics.median(v), min(v), max(v))


def encrypted_section(big, size, a, dirname):
    """§1b: the encrypted push rows as paired ratios to nc, socat and scp of the same rounds, with the daemons' CPU
    per GB and the first push after daemon start. Returns (lines, goals)."""
    L, goals = [], []
    mib = size // MIB
    b = by_name(big) if big else {}
    socat, scp, nc = "socat -b 1048576", "scp aes128-gcm", "nc"
    L.append("## 1b. Encrypted `tft push` (TLS 1.3) beside the baselines of the same rounds")
    L.append("")
    L.append("Every native push runs inside TLS 1.3 (JSSE, AES-GCM, mutual authentication with ECDSA P-256 device "
             "keys, a full handshake per connection, no resumption) and is verified end to end (the daemon "
             "default); the bench also checks the size and the done event of every run and `cmp`s the last one. "
             "nc and `socat -b 1048576` are plain TCP, unverified; scp is encrypted (aes128-gcm@openssh.com), to "
             "the throwaway sshd on 127.0.0.1. Ratios are paired: tft's time ÷ the baseline's time in the same "
             "round, median (min–max) over the rounds; for scp the inverse (how many times tft's time scp takes). "
             "Daemon CPU = utime+stime of the whole daemon JVM (every thread: the transfer, JIT, GC, discovery "
             "timers; idle they use ~0.01 CPU-s per second, §5) from /proc/PID/stat right before and right after "
             "each push, per GB (10^9 bytes) moved.")
    L.append("")
    if not big:
        L.append("not measured (section 1 did not run).")
        L.append("")
        return L, goals
    if a.ssh_skip:
        L.append("**scp rows skipped:** %s." % md_cell(a.ssh_skip))
        L.append("")
    L.append("| row | median s | GB/s | ÷ nc (goal ≤ 1.0) | ÷ socat -b 1048576 (goal ≤ 2.0) | scp ÷ tft (goal ≥ 3) "
             "| sender daemon CPU s/GB | receiver daemon CPU s/GB | n |")
    L.append("|---|---|---|---|---|---|---|---|---|")
    rows = [x for x in big["commands"] if x.get("cpu_pids")]
    for c in rows:
        label = "%s (%s)" % (md_cell(c["name"]), c.get("daemons", ""))
        if not c.get("times"):
            L.append("| %s | **FAILED** | %s | | | | | | 0 |" % (label, md_cell(short(c.get("error") or "")[:400])))
            continue
        rt = c.get("ratio_to") or {}
        vs_nc = "**%.2f** (%.2f–%.2f)" % (c["ratio_median"], c["ratio_min"], c["ratio_max"]) if "ratio_median" in c else ""
        vs_socat = "**%.2f** (%.2f–%.2f)" % (rt[socat]["median"], rt[socat]["min"], rt[socat]["max"]) if socat in rt else ""
        vs_scp = ""
        if scp in rt:
            inv = [1 / r for r in rt[scp]["ratios"]]
            vs_scp = "**%.2f** (%.2f–%.2f)" % (statistics.median(inv), min(inv), max(inv))
        dc = c.get("daemon_cpu") or {}
        snd, rcv = per_gb(dc.get("sender", []), c["bytes"]), per_gb(dc.get("receiver", []), c["bytes"])
        fmt = lambda x: "**%.3f**" % x if x is not None else ""
        name = label if c["ok"] else "%s (**%s**)" % (label, md_cell(short(c.get("error") or "")[:300]))
        L.append("| %s | %s | %.2f | %s | %s | %s | %s | %s | %d |" % (
            name, s(c["median"]), c["bytes"] / c["median"] / GB, vs_nc, vs_socat, vs_scp, fmt(snd), fmt(rcv),
            len(c["times"])))
    # the first push after the daemons started: the first run of "tft push" (warm-up round, spec order)
    t = b.get("tft push")
    first_txt = None
    if t and t.get("first"):
        f = t["first"]
        fd = f.get("daemon_cpu") or {}
        nbytes = t.get("bytes") or size
        ref_first = lambda name: (b.get(name) or {}).get("times_warmup") or []
        r_nc = "%.2f (same warm-up round)" % (f["wall"] / ref_first(nc)[0]) if f["warmup"] and ref_first(nc) else ""
        r_so = "%.2f (same warm-up round)" % (f["wall"] / ref_first(socat)[0]) if f["warmup"] and ref_first(socat) else ""
        r_scp = "%.2f (same warm-up round)" % (ref_first(scp)[0] / f["wall"]) if f["warmup"] and ref_first(scp) else ""
        L.append("| first push after daemon start: tft push (A → B), %s | %s | %.2f | %s | %s | %s | %s | %s | 1 |" % (
            "warm-up round, not in the medians" if f["warmup"] else "round 1 (no warm-up round: also in the medians)",
            s(f["wall"]), nbytes / f["wall"] / GB, r_nc, r_so, r_scp,
            "%.3f" % (fd["sender"] / (nbytes / GB)) if fd.get("sender") is not None else "",
            "%.3f" % (fd["receiver"] / (nbytes / GB)) if fd.get("receiver") is not None else ""))
        dones = load_lines(dirname, "push1-done.jsonl")
        warm_done = [x["seconds"] for x in dones[len(t.get("times_warmup") or []):] if "seconds" in x]
        first_txt = ("First push after the daemons started (%s): %s s wall, %s s on the sending daemon's clock (done "
                     "event: connect → last reply), %.2f × the warm median (%s s wall%s). It pays for class loading and "
                     "the JIT compiling the transfer and TLS code in both daemons." % (
                         "the warm-up round's `tft push`, the first push of the run" if f["warmup"] else "round 1",
                         s(f["wall"]), s(dones[0]["seconds"]) if dones and "seconds" in dones[0] else "?",
                         f["wall"] / t["median"] if t.get("median") else float("nan"),
                         s(t["median"]) if t.get("median") else "?",
                         ", %s s done" % s(statistics.median(warm_done)) if warm_done else ""))
    L.append("")
    if first_txt:
        L.append(first_txt)
        L.append("")
    base = []
    for name in (nc, socat, scp):
        c = b.get(name)
        if c and c.get("times"):
            base.append("%s %.2f client / %.2f box" % (name, c["cpu_children_median"] / (c["bytes"] / GB),
                                                       c["cpu_box_median"] / (c["bytes"] / GB)))
    for c in rows:
        if c.get("times"):
            base.append("%s %.2f box" % (c["name"], c["cpu_box_median"] / (c["bytes"] / GB)))
    if base:
        L.append("CPU s/GB for scale (client = the command's process tree: both ends for nc and socat, scp+ssh without "
                 "sshd for scp; box = the whole machine during the run, other sessions included): " + "; ".join(base) + ".")
        L.append("")

    # goals (judged on the CLI row, what users run; the socket row is given beside it)
    sock = b.get("tft push (socket, no CLI JVM)") or {}
    label = "%d MiB encrypted push" % mib
    if not (t and t.get("ok") and t.get("times")):
        err = md_cell((t or {}).get("error") or "not run")
        for g in ("≤ 2.0 × `socat -b 1048576`", "≤ 1.0 × nc", "≥ 3 × faster than scp aes128-gcm",
                  "daemon CPU ≤ 0.9 s/GB per side"):
            goals.append(("%s %s" % (label, g), "tft push failed: %s" % err, False))
        return L, goals
    rt, srt = t.get("ratio_to") or {}, sock.get("ratio_to") or {}
    also = lambda key, fmtv: (" (socket row: %s)" % fmtv) if key else ""
    if socat in rt:
        goals.append(("%s ≤ 2.0 × `socat -b 1048576`" % label, "%.2f × socat (paired median; %s s vs %s s)%s" % (
            rt[socat]["median"], s(t["median"]), s(b[socat]["median"]),
            also(socat in srt, "%.2f ×" % srt[socat]["median"] if socat in srt else "")), rt[socat]["median"] <= 2.0))
    else:
        goals.append(("%s ≤ 2.0 × `socat -b 1048576`" % label, "socat failed: %s" % md_cell((b.get(socat) or {}).get("error") or "not run"), None))
    if "ratio_median" in t:
        goals.append(("%s ≤ 1.0 × nc" % label, "%.2f × nc (paired median; %s s vs %s s)%s" % (
            t["ratio_median"], s(t["median"]), s(b[nc]["median"]),
            also("ratio_median" in sock, "%.2f ×" % sock.get("ratio_median", 0))), t["ratio_median"] <= 1.0))
    else:
        goals.append(("%s ≤ 1.0 × nc" % label, "nc failed", None))
    if scp in rt:
        inv = statistics.median([1 / r for r in rt[scp]["ratios"]])
        goals.append(("%s ≥ 3 × faster than scp aes128-gcm" % label,
                      "scp takes %.2f × tft's time (paired median; %s s vs %s s)" % (inv, s(b[scp]["median"]), s(t["median"])),
                      inv >= 3.0))
    else:
        goals.append(("%s ≥ 3 × faster than scp aes128-gcm" % label, "scp row skipped: %s" % md_cell(
            a.ssh_skip or (b.get(scp) or {}).get("error") or "not run"), None))
    dc = t.get("daemon_cpu") or {}
    snd, rcv = per_gb(dc.get("sender", []), t["bytes"]), per_gb(dc.get("receiver", []), t["bytes"])
    if snd is not None and rcv is not None:
        goals.append(("daemon CPU ≤ 0.9 s/GB per side (%d MiB push)" % mib,
                      "sender A %.3f s/GB, receiver B %.3f s/GB (median over n=%d pushes, whole JVMs)" % (snd, rcv, len(t["times"])),
                      snd <= 0.9 and rcv <= 0.9))
    else:
        goals.append(("daemon CPU ≤ 0.9 s/GB per side", "not measured", None))
    return L, goals


def handshake_section(d):
    """§7: the TLS handshake (lib/TlsHandshake.java) and 0-byte pushes through the daemons. Returns (lines, goal)."""
    L = ["## 7. TLS handshake and the fixed cost of one push", ""]
    hs, zero, raw = load(d, "handshake.json"), load(d, "zero.json"), load(d, "zero-raw.json")
    if not (hs or zero or raw):
        L += ["not measured (tft not running).", ""]
        return L, ("TLS handshake warm ≤ 15 ms", "not measured", None)
    L.append("| measure | first | warm median ms | min–max ms | n | where the number comes from |")
    L.append("|---|---|---|---|---|---|")
    src = ("`bench/lib/TlsHandshake.java`: tft's own `TlsContexts` + `TlsChannel` from the daemon's jars, two fresh "
           "P-256 device identities, both ends in one JVM (daemon JVM flags), a new TCP connection each time")
    if hs:
        for key, label in (("both", "TLS 1.3 handshake, **both ends done** (TCP connect → the server has verified "
                                    "the client's certificate and Finished)"),
                           ("client", "TLS 1.3 handshake, client side (TCP connect → client `handshake()` returned; "
                                      "what TlsThroughput prints)")):
            v = hs["%s_ms" % key]
            L.append("| %s | %.1f ms (first in a fresh JVM) | **%.2f** | %.2f–%.2f | %d (after %d warm-up) | %s |" % (
                label, hs["first_%s_ms" % key], hs["median_%s_ms" % key], min(v), max(v), hs["n"], hs["warmup"], src))
            src = "the same run of TlsHandshake.java"
    else:
        L.append("| TLS 1.3 handshake | | **not measured** | | | TlsHandshake.java failed: %s |" % md_cell(tail(d, "handshake.log")))
    for res, label in ((zero, "0-byte `tft push` A → B (TLS, native session)"),
                       (raw, "0-byte raw push A → B (legacy header, plain TCP: no TLS, no session frames)")):
        if not res:
            continue
        zsrc = ("`bench/lib/ctl.py pushloop%s` over daemon A's control socket (no CLI JVM), daemons warm from §1; "
                "each stored file compared with the source and deleted" % (" … raw" if res.get("raw") else ""))
        if res.get("error") and not res.get("n"):
            L.append("| %s | | **failed** | | | %s |" % (label, md_cell(res["error"])))
            continue
        for key, clock in (("seconds", "sending daemon's clock (done event `seconds`: connect → last reply)"),
                           ("wall", "control-socket client (request written → done line read)")):
            v = res[key]
            L.append("| %s, %s | | **%.2f** | %.2f–%.2f | %d (after %d warm-up) | %s%s |" % (
                label, clock, v["median"] * 1e3, v["min"] * 1e3, v["max"] * 1e3, res["n"], res["warmup"], zsrc,
                "; **error**: %s" % md_cell(res["error"]) if res.get("error") else ""))
            zsrc = "the same pushes"
    L.append("")
    L.append("The handshake goal is judged on the first row (both ends done, warm). The 0-byte push is the fixed cost "
             "a user pays per push on top of the bytes (connect, handshake, session header, SUMMARY and admission, "
             "the receiver creating and publishing the empty file, the replies); its difference to the raw push is "
             "what TLS and the native session add together.")
    L.append("")
    tt = None
    try:
        tt = open(os.path.join(d, "tlsthroughput.log"), encoding="utf-8", errors="replace").read().strip()
    except OSError:
        pass
    if tt:
        L.append("`TLS_THROUGHPUT=1`: `transfer/src/test/java/dev/tft/transfer/bench/TlsThroughput.java` (in-process, "
                 "plain vs TLS over loopback, 1 MiB writes):")
        L.append("")
        L.append("```")
        L += [short(x) for x in tt.splitlines()[-20:]]
        L.append("```")
        L.append("")
    if hs:
        m = hs["median_both_ms"]
        zs = " (0-byte push through the daemons: %.1f ms on the sender's clock)" % (zero["seconds"]["median"] * 1e3) \
            if zero and zero.get("seconds") else ""
        goal = ("TLS handshake warm ≤ 15 ms", "%.2f ms median of %d, both ends, incl. TCP connect (client side %.2f ms; "
                "first in a fresh JVM %.0f ms)%s; bench/lib/TlsHandshake.java" % (
                    m, hs["n"], hs["median_client_ms"], hs["first_both_ms"], zs), m <= 15.0)
    else:
        goal = ("TLS handshake warm ≤ 15 ms", "not measured: %s" % md_cell(tail(d, "handshake.log")), None)
    return L, goal


def main():
    ap = argparse.ArgumentParser()
    for a in ("out", "dir", "quick", "elapsed", "tft", "tft-error", "disc-skip", "idle-secs", "djopts", "size",
              "small", "conc", "chunk", "runs", "warmup", "repo", "ssh-port", "shm", "ssh-skip", "summary"):
        ap.add_argument("--" + a, default="")
    a = ap.parse_args()
    d = a.dir
    SUBST.extend([(a.dir, "$OUT"), (a.shm, "$SHM"), (os.path.join(a.repo, "bench/lib"), "bench/lib"), (a.tft, "$TFT")])
    big, small, conc = load(d, "big.json"), load(d, "small.json"), load(d, "conc.json")
    lat, disc, idle = load(d, "latency.json"), load(d, "discovery.json"), load(d, "idle.json")
    peak, after = load(d, "peak.json"), load(d, "after.json")
    size, chunk, n_conc = int(a.size), int(a.chunk), int(a.conc)
    goals = []
    L = []
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    L.append("# tft benchmark results%s" % (" (QUICK mode: small sizes, not for claims)" if a.quick == "1" else ""))
    L.append("")
    L.append("Generated by `bench/run.sh`%s on %s in %s s. How to read and re-run: bench/README.md." % (
        " with QUICK=1" if a.quick == "1" else "", now, a.elapsed))
    L.append("Every transfer row: %s warm-up round(s), then %s rounds; each round runs every tool once, one after the "
             "other, in rotating order; the ratio is taken round by round against the reference of the same round "
             "(paired), then its median. Times are whole-process wall clock (JVM start included for tft). "
             "GB = 10^9 bytes. Each run is checked (exit status, sizes/counts, the push's done event) and the last "
             "run of each tool is compared byte for byte (`cmp` / `diff -r`)." % (a.warmup, a.runs))
    L.append("")
    L.append("## Machine")
    facts = [
        ("date", now), ("nproc", sh("nproc")), ("CPU", sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2")),
        ("memory", sh("free -g | awk '/Mem:/{print $2\" GiB\"}'")), ("kernel", sh("uname -srvm")),
        ("java -version", sh("java -version 2>&1 | tr '\\n' ' '")),
        ("load average at report time", sh("cat /proc/loadavg")),
        ("tft", "%s (commit %s%s)" % (a.tft or "not installed", sh("git -C %s rev-parse --short HEAD" % a.repo),
                                      ", uncommitted changes" if sh("git -C %s status --porcelain -- cli daemon transfer discovery control pom.xml" % a.repo) else "")),
        ("daemon JVM flags", "`%s` (from systemd/tft.service)" % a.djopts if a.djopts else "none"),
        ("tools", "; ".join([sh("ssh -V 2>&1"), sh("rsync --version | head -1"), sh("curl --version | head -1 | cut -d' ' -f1,2"),
                            sh("socat -V | grep 'socat version' | cut -d' ' -f1-3"), sh("hyperfine --version"),
                            sh("python3 --version"), "netcat-openbsd " + sh("dpkg-query -W -f '${Version}' netcat-openbsd")])),
        ("file systems", "/dev/shm: %s; disk rows: %s" % (sh("df -T /dev/shm | awk 'NR==2{print $2}'"),
                                                           sh("df -T %s | awk 'NR==2{print $2\" on \"$1}'" % a.repo))),
    ]
    for k, v in facts:
        L.append("- %s: %s" % (k, md_cell(v)))
    L.append("")
    if a.tft_error:
        L.append("**tft did not run:** %s" % md_cell(a.tft_error))
        L.append("")

    # 1
    L.append("## 1. One %d MiB file, /dev/shm → /dev/shm over 127.0.0.1 (plus two rows to disk)" % (size // MIB))
    L.append("")
    single = {}
    if big:
        rows, cmds = transfer_table(big, "nc")
        L += rows
        L.append("")
        if a.ssh_skip:
            L.append("**scp row skipped:** %s." % md_cell(a.ssh_skip))
            L.append("")
        L.append("client CPU = user+sys of the command's own process tree (not the tft daemons, sshd, rsyncd or the "
                 "upload server); box CPU = busy CPU-seconds of the whole machine during the run (both ends, and "
                 "anything else running on this shared box). `tft push` CPU is the CLI only; its transfer runs in "
                 "the daemons (see box CPU).")
        L.append("")
        L.append("Commands (run with `bash -c`; `$TFT` = the installed launcher, `TFT_SOCKET` = daemon A's socket; "
                 "B listens on 127.0.0.1, inbox on /dev/shm; C the same with its inbox on disk):")
        L.append("")
        L += cmds
        L.append("")
        b = by_name(big)
        t = b.get("tft push")
        if t and t.get("ratio_median") is not None and t.get("ok"):
            goals.append(("%d MiB push ≤ 0.75 × nc's time" % (size // MIB),
                          "%.2f × nc (paired median; %s s vs %s s)" % (t["ratio_median"], s(t["median"]),
                                                                      s(b["nc"]["median"])), t["ratio_median"] <= 0.75))
        else:
            goals.append(("%d MiB push ≤ 0.75 × nc's time" % (size // MIB), "tft push failed: %s" % md_cell((t or {}).get("error") or "not run"), False))
        for k in ("tft push", "tft push (socket, no CLI JVM)"):
            if b.get(k, {}).get("ok"):
                single[k] = b[k]
    if peak:
        L.append("Peak RSS of the daemons during the rows above (VmHWM, reset just before): " + ", ".join(
            "%s %.0f MiB" % (n, v["VmHWM"] / 1024) for n, v in sorted(peak.items()))
            + " (A sends, B receives on tmpfs, C receives on disk).")
        L.append("")

    enc_lines, tls_goals = encrypted_section(big, size, a, d)
    L += enc_lines

    # 2
    L.append("## 2. %s files of 4 KiB in one directory, /dev/shm → /dev/shm" % a.small)
    L.append("")
    if small:
        rows, cmds = transfer_table(small, "tar | nc", per_file=True)
        L += rows
        L.append("")
        if a.ssh_skip:
            L.append("**scp -r row skipped:** %s." % md_cell(a.ssh_skip))
            L.append("")
        L += cmds
        L.append("")
        t = by_name(small).get("tft push (directory)")
        if t and t.get("ok") and t.get("ratio_median") is not None:
            goals.append(("small files ≤ 1.5 × `tar | nc`", "%.2f × (%s s vs %s s)" % (
                t["ratio_median"], s(t["median"]), s(by_name(small)["tar | nc"]["median"])), t["ratio_median"] <= 1.5))
        else:
            goals.append(("small files ≤ 1.5 × `tar | nc`", "tft failed: %s" % md_cell((t or {}).get("error") or "not run"), False))

    # 3
    L.append("## 3. Control latency: `tft peers` / `tft status` (JVM start included) vs socat on the same socket")
    L.append("")
    if lat:
        L.append("| command | median ms | mean ± sd ms | min–max ms | ratio to socat (medians) | user+sys ms (mean) | n |")
        L.append("|---|---|---|---|---|---|---|")
        r = {x["command"]: x for x in lat["results"]}
        for x in lat["results"]:
            base = r.get("socat " + x["command"].split()[-1]) if x["command"].startswith("tft") else None
            ratio = "%.1f" % (x["median"] / base["median"]) if base else ""
            L.append("| `%s` | **%.1f** | %.1f ± %.1f | %.1f–%.1f | %s | %.0f | %d |" % (
                x["command"], x["median"] * 1e3, x["mean"] * 1e3, x["stddev"] * 1e3, x["min"] * 1e3, x["max"] * 1e3,
                ratio, (x["user"] + x["system"]) * 1e3, len(x["times"])))
        L.append("")
        L.append("`hyperfine -N --warmup 3 --runs N -n 'tft peers' '$TFT peers' -n 'tft status' '$TFT status' "
                 "-n 'socat peers' 'socat OPEN:req-peers.json!!STDOUT UNIX-CONNECT:$TFT_SOCKET' -n 'socat status' …` "
                 "(req-peers.json = `{\"op\":\"peers\"}`).")
        L.append("")
        p = r.get("tft peers")
        if p:
            goals.append(("`tft peers` ≤ 100 ms median", "%.1f ms" % (p["median"] * 1e3), p["median"] <= 0.100))
    else:
        L.append("not measured (tft not running or hyperfine failed).")
        L.append("")
        goals.append(("`tft peers` ≤ 100 ms median", "not measured", None))

    # 4
    L.append("## 4. Discovery: a new daemon appearing in another's peer list, a stopped one leaving")
    L.append("")
    if a.disc_skip:
        L.append("Skipped: %s." % a.disc_skip)
        L.append("")
        goals.append(("appear ≤ 2 s, leave ≤ 2 s", "skipped: " + a.disc_skip, None))
    elif disc:
        L.append("Two network namespaces joined by a veth pair (10.203.77.1/24 and .2/24, existing only inside them; "
                 "mDNS on the veth only, flags %s). Observer daemon in namespace A; per run a NEW daemon (fresh name "
                 "and peer id) starts in namespace B. Polled every 20 ms with the `peers` request on the observer's "
                 "control socket (what `tft peers` prints). Leave = SIGTERM (clean stop) until the name is absent "
                 "or `gone`." % ("`%s`" % " ".join(disc.get("flags") or []) or "default"))
        L.append("")
        if disc.get("error"):
            L.append("**Error:** %s" % md_cell(disc["error"]))
            L.append("")
        L.append("| measure | median s | min–max s | n |")
        L.append("|---|---|---|---|")
        labels = [("ready_from_launch", "daemon launch → its socket answers status (JVM start)"),
                  ("appear_from_ready", "**appear**: new daemon ready → listed `up` by the observer"),
                  ("appear_from_launch", "appear, counted from the launch"),
                  ("not_up_after_stop", "SIGTERM → no longer `up` at the observer"),
                  ("leave", "**leave**: SIGTERM → absent or `gone` at the observer")]
        for k, label in labels:
            v = disc.get(k)
            if v:
                L.append("| %s | %.3f | %.3f–%.3f | %d |" % (label, v["median"], v["min"], v["max"], v["n"]))
        L.append("")
        ap_, lv = disc.get("appear_from_ready"), disc.get("leave")
        goals.append(("appear ≤ 2 s", "%.2f s after ready (%.2f s from launch)" % (
            ap_["median"], disc["appear_from_launch"]["median"]) if ap_ else "not measured: %s" % md_cell(disc.get("error", "")),
            bool(ap_) and ap_["median"] <= 2.0))
        goals.append(("leave ≤ 2 s", "%.2f s" % lv["median"] if lv else "not measured: %s" % md_cell(disc.get("error", "")),
                      bool(lv) and lv["median"] <= 2.0))

    # 5
    L.append("## 5. Daemon memory and CPU")
    L.append("")
    if idle:
        L.append("Idle window: **%s s** on fresh daemons (5 s after they answered status; nothing else of the "
                 "benchmark running; the two daemons see each other over mDNS on 127.0.0.1)." % a.idle_secs)
        L.append("")
        L.append("| daemon | when | RSS start MiB | RSS end MiB | RSS max MiB | CPU s | CPU % of one core | threads |")
        L.append("|---|---|---|---|---|---|---|---|")
        for when, data in (("idle, fresh", idle), ("idle 10 s after all transfers", after or {})):
            for n, v in sorted(data.items()):
                L.append("| %s | %s | %.1f | %.1f | %.1f | %.2f | %.2f | %s |" % (
                    n, when, v["rss_start"] / 1024, v["rss_end"] / 1024, v["rss_max"] / 1024, v["cpu_s"],
                    v["cpu_pct"], v.get("threads")))
        L.append("")
        worst_rss = max(v["rss_max"] for v in idle.values()) / 1024
        worst_cpu = max(v["cpu_pct"] for v in idle.values())
        goals.append(("idle RSS ≤ 96 MiB", "%.1f MiB (max of both daemons over the window)" % worst_rss, worst_rss <= 96))
        goals.append(("idle CPU ~0 % (≤ 0.5 % of one core)", "%.2f %%" % worst_cpu, worst_cpu <= 0.5))
    if peak:
        L.append("Peak RSS during the %d MiB pushes (section 1): %s." % (size // MIB, ", ".join(
            "%s %.0f MiB" % (n, v["VmHWM"] / 1024) for n, v in sorted(peak.items()))))
        L.append("")

    # 6
    L.append("## 6. %d concurrent pushes of %d MiB into one daemon vs a single stream" % (n_conc, chunk // MIB))
    L.append("")
    if conc:
        L.append("| run | median s | min–max s | aggregate GB/s | vs single stream (same total bytes, §1) | n |")
        L.append("|---|---|---|---|---|---|")
        pairs = {"%d x tft push (CLI)" % n_conc: "tft push", "%d x push (socket)" % n_conc: "tft push (socket, no CLI JVM)"}
        for c in conc["commands"]:
            if not c.get("times"):
                L.append("| %s | **FAILED** | %s | | | 0 |" % (c["name"], md_cell((c.get("error") or "")[:400])))
                goals.append(("%d concurrent ≥ 0.8 × single stream (%s)" % (n_conc, c["name"]), "failed", False))
                continue
            agg = c["bytes"] / c["median"] / GB
            one = single.get(pairs.get(c["name"], ""))
            rel = ""
            if one:
                ratio = one["median"] / c["median"]
                rel = "**%.2f** (single: %s s, %.2f GB/s)" % (ratio, s(one["median"]), one["bytes"] / one["median"] / GB)
                goals.append(("%d concurrent ≥ 0.8 × single stream (%s)" % (n_conc, "CLI" if "CLI" in c["name"] else "socket"),
                              "%.2f ×" % ratio, ratio >= 0.8))
            name = c["name"] if c["ok"] else "%s (**%s**)" % (c["name"], md_cell(c.get("error") or ""))
            L.append("| %s | %s | %s–%s | %.2f | %s | %d |" % (name, s(c["median"]), s(c["min"]), s(c["max"]), agg,
                                                            rel, len(c["times"])))
        L.append("")
        L.append("Every run is verified: each push exited 0 with a `done`/`ok` event, the inbox holds %d files of "
                 "the right size, and each is compared with `cmp` to the source. CLI = %d `tft push PEER FILE --json` "
                 "processes started at once (%d JVM starts on 2 cores are part of the time); socket = one python "
                 "process writing the %d push requests to daemon A's control socket at once (lib/ctl.py pushall)."
                 % (n_conc, n_conc, n_conc, n_conc))
        L.append("")
        for c in conc["commands"]:
            L.append("- `%s`" % short(c["cmd"].replace(" ".join(c["cmd"].split()[4:]), "$SHM/conc/c00.bin … c%02d.bin" % (n_conc - 1))))
        L.append("")

    # 7
    hs_lines, hs_goal = handshake_section(d)
    L += hs_lines
    tls_goals.append(hs_goal)

    # goals
    T = ["## Goals of the TLS issue (encrypted `tft push`, this run)", "", "| goal | measured (this run) | verdict |",
         "|---|---|---|"]
    for g, m, ok in tls_goals:
        T.append("| %s | %s | %s |" % (g, m, verdict(ok)))
    T.append("")
    G = ["## Goals of issue 7", "", "| goal | measured (this run) | verdict |", "|---|---|---|"]
    for g, m, ok in goals:
        G.append("| %s | %s | %s |" % (g, m, verdict(ok)))
    G.append("")
    i = L.index("## Machine")
    L = L[:i] + T + G + L[i:]
    with open(a.out, "w") as f:
        f.write("\n".join(L) + "\n")
    if a.summary:
        with open(a.summary, "w") as f:
            f.write("\n".join(T + G + enc_lines + hs_lines) + "\n")


if __name__ == "__main__":
    main()
