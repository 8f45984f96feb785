#!/usr/bin/env python3
"""Discovery timing in two private network namespaces joined by a veth pair (nothing touches real interfaces).

usage: discovery.py TFT WORKDIR RUNS WARMUP OUT.json [DAEMON_JAVA_OPTS]
An observer daemon runs in namespace A; per run a NEW daemon (fresh name and peer id) starts in namespace B.
 appear = first moment the observer's peer list (op "peers" on its control socket, what `tft peers` shows) has the
          new name with state "up"; measured from the launch and from the moment the new daemon answers "status".
 leave  = SIGTERM to the new daemon (clean stop: it may send mDNS goodbyes) until its name is gone from the
          observer's list or has state "gone"; "suspect" time is recorded too.
Polling every 20 ms over the Unix socket directly (a JVM start per poll would blur the figure by ~0.1 s).
Addresses: 10.203.77.1/24 and .2/24 exist only inside the two namespaces this script creates and deletes.
"""
import json
import os
import signal
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ctl  # noqa: E402

TFT, WORK, RUNS, WARMUP, OUT = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
JOPTS = sys.argv[6] if len(sys.argv) > 6 else ""
TAG = "%d" % (os.getpid() % 100000)
NS_A, NS_B = "tftb%sa" % TAG, "tftb%sb" % TAG
IF_A, IF_B = "tbv%sa" % TAG, "tbv%sb" % TAG
POLL = 0.02


def ip(*args):
    subprocess.run(["ip"] + list(args), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def setup():
    ip("netns", "add", NS_A)
    ip("netns", "add", NS_B)
    ip("link", "add", IF_A, "type", "veth", "peer", "name", IF_B)
    for ns, ifc, addr in ((NS_A, IF_A, "10.203.77.1/24"), (NS_B, IF_B, "10.203.77.2/24")):
        ip("link", "set", ifc, "netns", ns)
        ip("-n", ns, "addr", "add", addr, "dev", ifc)
        ip("-n", ns, "link", "set", "lo", "up")
        ip("-n", ns, "link", "set", ifc, "up")
        ip("-n", ns, "route", "add", "224.0.0.0/4", "dev", ifc)


def teardown():
    for ns in (NS_A, NS_B):
        subprocess.run(["ip", "netns", "del", ns], stderr=subprocess.DEVNULL)


def start(ns, ifc, name, extra_flags):
    home = os.path.join(WORK, name)
    os.makedirs(os.path.join(home, "inbox"), exist_ok=True)
    sock = os.path.join(WORK, name + ".sock")
    env = dict(os.environ, HOME=home, TFT_DAEMON_JAVA_OPTS=JOPTS)
    env.pop("TFT_SOCKET", None)
    cmd = ["ip", "netns", "exec", ns, TFT, "daemon", "--name", name, "--port", "5001", "--socket", sock,
           "--inbox", os.path.join(home, "inbox"), "--state-dir", os.path.join(home, "state")] + extra_flags
    log = open(os.path.join(WORK, name + ".log"), "w")
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    return p, sock, t0


def wait_ready(p, sock, limit):
    t_end = time.monotonic() + limit
    while time.monotonic() < t_end:
        if p.poll() is not None:
            return None
        try:
            if json.loads(ctl.request(sock, '{"op":"status"}', 1.0)[0]).get("ok"):
                return time.monotonic()
        except (OSError, ValueError, IndexError):
            pass
        time.sleep(POLL)
    return None


def peer_state(sock, name):
    try:
        reply = json.loads(ctl.request(sock, '{"op":"peers"}', 1.0)[0])
    except (OSError, ValueError, IndexError):
        return "error"
    for peer in reply.get("peers", []):
        if peer.get("name") == name:
            return peer.get("state", "up")
    return None


def stop(p, limit=15):
    if p.poll() is None:
        p.send_signal(signal.SIGTERM)
        try:
            p.wait(limit)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def tail(name):
    try:
        return open(os.path.join(WORK, name + ".log")).read()[-600:]
    except OSError:
        return ""


def one_run(obs_sock, i, flags):
    name = "new%d" % i
    p, sock, t_launch = start(NS_B, IF_B, name, flags)
    try:
        t_ready = wait_ready(p, sock, 60)
        if t_ready is None:
            return {"error": "daemon %s did not answer status within 60 s (exit %s): %s" % (name, p.poll(), tail(name))}
        t_appear, deadline = None, time.monotonic() + 20
        while time.monotonic() < deadline:
            if peer_state(obs_sock, name) == "up":
                t_appear = time.monotonic()
                break
            time.sleep(POLL)
        r = {"name": name, "ready_from_launch": t_ready - t_launch}
        if t_appear is None:
            r["error"] = "did not appear within 20 s after ready"
            return r
        r.update(appear_from_launch=t_appear - t_launch, appear_from_ready=t_appear - t_ready)
        t_stop = time.monotonic()
        p.send_signal(signal.SIGTERM)
        t_suspect, t_left, deadline = None, None, time.monotonic() + 30
        while time.monotonic() < deadline:
            st = peer_state(obs_sock, name)
            if st not in ("up", "error") and t_suspect is None:
                t_suspect = time.monotonic()
            if st is None or st == "gone":
                t_left = time.monotonic()
                break
            time.sleep(POLL)
        try:
            p.wait(15)
            r["exit_code"] = p.returncode
            r["stop_seconds"] = time.monotonic() - t_stop
        except subprocess.TimeoutExpired:
            r["exit_code"] = "still running after 15 s"
        if t_suspect is not None:
            r["not_up_after_stop"] = t_suspect - t_stop
        if t_left is None:
            r["error"] = "still listed (not gone) 30 s after SIGTERM"
        else:
            r["leave"] = t_left - t_stop
        return r
    finally:
        stop(p)


def main():
    result = {"runs": [], "namespaces": [NS_A, NS_B]}
    os.makedirs(WORK, exist_ok=True)
    obs = None
    try:
        setup()
        flags = []
        obs, obs_sock, _ = start(NS_A, IF_A, "observer", flags + ["--interface", IF_A])
        if wait_ready(obs, obs_sock, 60) is None:
            # --interface may not exist in this build: retry without it (the namespace has only lo and the veth).
            stop(obs)
            obs, obs_sock, _ = start(NS_A, IF_A, "observer", flags)
            if wait_ready(obs, obs_sock, 60) is None:
                result["error"] = "observer daemon did not start: " + tail("observer")
                return result
        else:
            flags = ["--interface", IF_B]
        result["flags"] = flags
        for i in range(WARMUP + RUNS):
            r = one_run(obs_sock, i, flags)
            r["warmup"] = i < WARMUP
            result["runs"].append(r)
            print("  [discovery] %s" % json.dumps(r), file=sys.stderr, flush=True)
            if "error" in r and "appear_from_ready" not in r:
                break
        good = [r for r in result["runs"] if not r["warmup"]]
        for key in ("appear_from_ready", "appear_from_launch", "leave", "not_up_after_stop", "ready_from_launch"):
            vals = [r[key] for r in good if key in r]
            if vals:
                result[key] = {"median": statistics.median(vals), "min": min(vals), "max": max(vals), "n": len(vals)}
        errs = [r["error"] for r in good if "error" in r]
        if errs:
            result["error"] = "; ".join(errs[:3])
        return result
    except subprocess.CalledProcessError as e:
        result["error"] = "namespace setup failed: %s %s" % (" ".join(e.cmd), (e.stderr or b"").decode().strip())
        return result
    finally:
        if obs is not None:
            stop(obs)
        teardown()
        json.dump(result, open(OUT, "w"), indent=1)


if __name__ == "__main__":
    main()
