#!/usr/bin/env bash
# bench/profile.sh TFT_PREFIX [SIZE_MIB] - where does a push spend its time? One push of a SIZE_MIB (default 2048)
# file between two loopback daemons (A sends, B receives into /dev/shm), both under JFR; prints the top sampled
# frames (top of stack) and the top "tft" frames per daemon. Scratch in bench/out/profile-PID (removed on exit,
# the .jfr files are kept in bench/out/).
set -euo pipefail
PREFIX=${1:?usage: bench/profile.sh TFT_PREFIX [SIZE_MIB]}
SIZE_MIB=${2:-2048}
BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TFT=$PREFIX/bin/tft
W=$BENCH/out/profile-$$
S=/dev/shm/tftprof-$$
mkdir -p "$W" "$S"
PIDS=()
cleanup() {
    for p in "${PIDS[@]+"${PIDS[@]}"}"; do kill -TERM "$p" 2>/dev/null || true; done
    for p in "${PIDS[@]+"${PIDS[@]}"}"; do wait "$p" 2>/dev/null || true; done
    cp "$W"/*.jfr "$BENCH/out/" 2>/dev/null || true
    rm -rf "$W" "$S"
}
trap cleanup EXIT
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
MDNS=$(( 20000 + RANDOM % 30000 )) PB=$(port)
OPTS=$(sed -n 's/^Environment="TFT_DAEMON_JAVA_OPTS=\(.*\)"$/\1/p' "$BENCH/../systemd/tft.service" | head -n 1)
for n in A B; do
    mkdir -p "$W/$n"
    p=0; [ "$n" = B ] && p=$PB
    HOME=$W/$n TFT_DAEMON_JAVA_OPTS="$OPTS -XX:StartFlightRecording=filename=$W/$n.jfr,settings=profile,dumponexit=true" \
        "$TFT" daemon --name "$n" --port "$p" --bind 127.0.0.1 --socket "$W/$n.sock" --inbox "$S/in$n" \
        --state-dir "$W/$n/state" --loopback-only --mdns-port "$MDNS" --accept anyone >"$W/$n.log" 2>&1 &
    PIDS+=("$!")
done
for _ in $(seq 1 300); do
    python3 "$BENCH/lib/ctl.py" "$W/A.sock" '{"op":"status"}' 1 >/dev/null 2>&1 \
        && python3 "$BENCH/lib/ctl.py" "$W/B.sock" '{"op":"status"}' 1 >/dev/null 2>&1 && break
    sleep 0.1
done
head -c $((SIZE_MIB * 1048576)) /dev/urandom > "$S/src.bin"
for i in 1 2 3; do
    rm -rf "$S/inB"
    /usr/bin/time -f "push $i: %e s wall" env TFT_SOCKET="$W/A.sock" "$TFT" push "127.0.0.1:$PB" "$S/src.bin" --json | tail -n 1
done
jcmd "${PIDS[1]}" Thread.print > "$BENCH/out/threads-B.txt" 2>/dev/null || true
for p in "${PIDS[@]}"; do kill -TERM "$p"; done
for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
PIDS=()
for n in A B; do
    echo "== daemon $n: top frames (jdk.ExecutionSample + jdk.NativeMethodSample) =="
    jfr print --events jdk.ExecutionSample,jdk.NativeMethodSample "$W/$n.jfr" | python3 -c '
import collections, re, sys
top, tft, n = collections.Counter(), collections.Counter(), 0
frames = []
def flush():
    global n
    if frames:
        n += 1; top[frames[0]] += 1
        t = next((f for f in frames if "dev.tft" in f), None)
        if t: tft[t] += 1
for line in sys.stdin:
    line = line.strip()
    if line.startswith("jdk.ExecutionSample") or line.startswith("jdk.NativeMethodSample"):
        flush(); frames = []
    m = re.match(r"([\w.$<>]+\(.*?\))\s+line:", line)
    if m: frames.append(m.group(1))
flush()
print("samples:", n)
for f, c in top.most_common(12): print("  %5.1f%%  %s" % (100.0 * c / max(n, 1), f))
print(" first tft frame on the stack:")
for f, c in tft.most_common(8): print("  %5.1f%%  %s" % (100.0 * c / max(n, 1), f))
'
done
