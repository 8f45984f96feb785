#!/usr/bin/env bash
# install-smoke.sh - install tft as a new user would, in a fresh network namespace, and use it.
#
# In netns tft-ci-install (only `lo` up, so the daemon can never multicast on the machine's real interfaces), with a
# temporary HOME, XDG_RUNTIME_DIR and PREFIX and an otherwise empty environment:
#   1. ./install.sh            must take the non-systemd path and say it started the daemon in the background
#   2. tft status              must answer
#   3. tft push 127.0.0.1:5001 FILE --json   the stored file must be in the inbox with the same sha256
#   4. legacy push: 1024-byte "NAME|SIZE" header + payload with nc; the file must arrive intact
#   5. ./install.sh again        must replace the daemon (new pid, old one gone) and answer status
#   6. ./install.sh --uninstall  the daemon must be gone, installed files removed, inbox and config kept
# Must run as root (ip netns). Uses the Maven repository of the invoking user offline (the netns has no network).
# Everything it starts is stopped and the netns deleted on exit (trap).
# shellcheck disable=SC2016  # the single-quoted bash -c scripts expand their own "$1"/"$2"
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
NS=tft-ci-install
M2_REPO=${M2_REPO:-${HOME:-/root}/.m2/repository}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/tft-ci-install.XXXXXX")
chmod 755 "$WORK"
U_HOME=$WORK/home
U_RUN=$WORK/run
U_PREFIX=$WORK/prefix
failures=0

log() { printf 'install-smoke: %s\n' "$*"; }
fail() { printf 'install-smoke: FAIL %s\n' "$*" >&2; failures=$((failures + 1)); }

cleanup() {
    local pids p
    pids=$(ip netns pids "$NS" 2>/dev/null || true)
    if [ -n "$pids" ]; then
        log "cleanup: stopping processes left in $NS: $(echo "$pids" | tr '\n' ' ')"
        for p in $pids; do kill -TERM "$p" 2>/dev/null || true; done
        for _ in $(seq 1 50); do
            [ -z "$(ip netns pids "$NS" 2>/dev/null || true)" ] && break
            sleep 0.2
        done
        for p in $(ip netns pids "$NS" 2>/dev/null || true); do kill -KILL "$p" 2>/dev/null || true; done
    fi
    timeout 10 ip netns del "$NS" 2>/dev/null || true
    if [ "${KEEP_WORK:-0}" = 1 ]; then log "work dir kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
# bash skips the EXIT trap when killed by a signal it does not handle: turn TERM/INT (e.g. from timeout) into exit.
trap 'exit 143' TERM
trap 'exit 130' INT

# Runs a command inside the netns as the "new user": empty environment except what a login shell would have.
in_ns() {
    ip netns exec "$NS" env -i \
        PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
        HOME="$U_HOME" USER=root LOGNAME=root XDG_RUNTIME_DIR="$U_RUN" PREFIX="$U_PREFIX" \
        ${JAVA_HOME:+JAVA_HOME="$JAVA_HOME"} \
        TFT_MAVEN_ARGS="-o -Dmaven.repo.local=$M2_REPO" \
        "$@"
}

[ "$(id -u)" = 0 ] || { echo "install-smoke: must run as root (ip netns)" >&2; exit 1; }

# ---------------------------------------------------------------- namespace
timeout 10 ip netns del "$NS" 2>/dev/null || true
timeout 10 ip netns add "$NS"
timeout 10 ip -n "$NS" link set lo up
links=$(ip -n "$NS" -o link show | awk -F': ' '{print $2}' | tr '\n' ' ')
log "netns $NS created; links: $links"
[ "$links" = "lo " ] || { fail "netns $NS must contain only lo, has: $links"; exit 1; }

mkdir -p "$U_HOME" "$U_RUN"
chmod 700 "$U_HOME" "$U_RUN"
# The clone is read by the installer and built in place (target/ dirs); the work dir is private scratch.

# ---------------------------------------------------------------- 1. install
log "step 1: ./install.sh (PREFIX=$U_PREFIX, HOME=$U_HOME)"
if ! in_ns bash -c 'cd "$1" && ./install.sh' _ "$ROOT" > "$WORK/install.out" 2>&1; then
    cat "$WORK/install.out"
    fail "./install.sh exited non-zero"
    exit 1
fi
cat "$WORK/install.out"
grep -q "started 'tft daemon' in the background" "$WORK/install.out" \
    || fail "install.sh did not say it started the daemon in the background"
grep -q "is not on your PATH" "$WORK/install.out" || fail "install.sh did not warn that PREFIX/bin is not on PATH"
for f in "$U_PREFIX/bin/tft" "$U_PREFIX/lib/tft/VERSION"; do
    [ -e "$f" ] || fail "missing after install: $f"
done
ls "$U_PREFIX"/lib/tft/cli/tft-cli-*.jar >/dev/null 2>&1 || fail "no tft-cli jar in $U_PREFIX/lib/tft/cli"
ls "$U_PREFIX"/lib/tft/daemon/tft-daemon-*.jar >/dev/null 2>&1 || fail "no tft-daemon jar in $U_PREFIX/lib/tft/daemon"
[ -s "$U_PREFIX/lib/tft/cli.jsa" ] || log "note: no AppCDS archive was made (a warning, not a failure)"
pid_file=$U_HOME/.local/state/tft/daemon.pid
[ -s "$pid_file" ] || fail "no pid file $pid_file"
daemon_pid=$(cat "$pid_file" 2>/dev/null || echo 0)
TFT=$U_PREFIX/bin/tft

# ---------------------------------------------------------------- 2. status
log "step 2: tft status"
if in_ns "$TFT" status; then log "tft status answered"; else fail "tft status failed (exit $?)"; fi

# ---------------------------------------------------------------- 3. push by address, --json
inbox=$U_HOME/Downloads/tft
src=$WORK/src
mkdir -p "$src"
# A non-ASCII name: the environment has no LANG, so this also checks the launcher's UTF-8 locale fallback.
smoke=$src/smoke-é✓.bin
head -c 3000000 /dev/urandom > "$smoke"
chmod 644 "$smoke"
log "step 3: tft push 127.0.0.1:5001 smoke-é✓.bin --json"
if in_ns timeout 60 "$TFT" push 127.0.0.1:5001 "$smoke" --json > "$WORK/push.json" 2> "$WORK/push.err"; then
    tail -n 1 "$WORK/push.json"
    stored=$(python3 -c '
import json, sys
last = [json.loads(l) for l in open(sys.argv[1]) if l.strip()][-1]
assert last.get("event") == "done" and last.get("ok") is True, last
print(last["stored"][0]["stored"])' "$WORK/push.json") || { fail "push --json did not end with a done event"; stored=""; }
    if [ -n "$stored" ]; then
        want=$(sha256sum < "$smoke" | cut -d' ' -f1)
        got=$(sha256sum < "$inbox/$stored" 2>/dev/null | cut -d' ' -f1 || true)
        if [ "$want" = "$got" ]; then log "stored $inbox/$stored, sha256 equal"
        else fail "stored file $inbox/$stored missing or differs (want $want, got ${got:-nothing})"; fi
        # install.sh starts the background daemon with umask 077, like the systemd unit's UMask=0077.
        mode=$(stat -c %a "$inbox/$stored" 2>/dev/null || echo none)
        [ "$mode" = 600 ] || fail "received file mode is $mode, want 600 (umask 077)"
    fi
else
    fail "tft push exited non-zero"; cat "$WORK/push.json" "$WORK/push.err" >&2
fi

# ---------------------------------------------------------------- 4. legacy push with nc
log "step 4: legacy push: 1024-byte 'NAME|SIZE' header + payload through nc (after tft open: the default policy is ask)"
if in_ns timeout 30 "$TFT" open 2m > "$WORK/open.out" 2>&1; then log "$(cat "$WORK/open.out")"
else fail "tft open failed: $(cat "$WORK/open.out")"; fi
head -c 200000 /dev/urandom > "$src/legacy.bin"
size=$(stat -c %s "$src/legacy.bin")
if in_ns timeout 30 bash -c '{ printf "%-1024s" "legacy.bin|$2"; cat "$1"; } | nc -N -w 10 127.0.0.1 5001' \
        _ "$src/legacy.bin" "$size"; then
    ok=0
    for _ in $(seq 1 100); do   # no reply in the legacy form: wait (max 10 s) for the file to be published
        if [ -f "$inbox/legacy.bin" ] && [ "$(stat -c %s "$inbox/legacy.bin")" = "$size" ]; then ok=1; break; fi
        sleep 0.1
    done
    if [ "$ok" = 1 ] && cmp -s "$src/legacy.bin" "$inbox/legacy.bin"; then log "legacy push stored, bytes equal"
    else fail "legacy push: $inbox/legacy.bin missing or different"; ls -la "$inbox" >&2 || true; fi
else
    fail "nc legacy push failed"
fi

# ---------------------------------------------------------------- 5. re-run = upgrade in place + restart
log "step 5: ./install.sh again (idempotent: replaces the files, restarts the daemon)"
if in_ns bash -c 'cd "$1" && ./install.sh' _ "$ROOT" > "$WORK/install2.out" 2>&1; then
    grep -E "stopping the background daemon|started 'tft daemon'|pid [0-9]+" "$WORK/install2.out" || true
    new_pid=$(cat "$pid_file" 2>/dev/null || echo 0)
    if [ "$new_pid" = "$daemon_pid" ] || [ "$new_pid" = 0 ]; then fail "re-run did not start a new daemon (pid $new_pid)"; fi
    if [ -r "/proc/$daemon_pid/cmdline" ] && tr '\0' ' ' < "/proc/$daemon_pid/cmdline" | grep -q dev.tft.daemon.Main; then
        fail "re-run left the old daemon (pid $daemon_pid) running"
    fi
    daemon_pid=$new_pid
    in_ns "$TFT" status > /dev/null || fail "tft status failed after the re-run"
else
    cat "$WORK/install2.out" >&2
    fail "second ./install.sh exited non-zero"
fi

# ---------------------------------------------------------------- 6. uninstall
log "step 6: ./install.sh --uninstall"
received=$(find "$inbox" -type f 2>/dev/null | wc -l || true)
mkdir -p "$U_HOME/.config/tft"
echo '{}' > "$U_HOME/.config/tft/config.json"
if in_ns bash -c 'cd "$1" && ./install.sh --uninstall' _ "$ROOT"; then :; else fail "uninstall exited non-zero"; fi
for _ in $(seq 1 50); do kill -0 "$daemon_pid" 2>/dev/null || break; sleep 0.2; done
if [ "$daemon_pid" != 0 ] && [ -r "/proc/$daemon_pid/cmdline" ] \
        && tr '\0' ' ' < "/proc/$daemon_pid/cmdline" | grep -q dev.tft.daemon.Main; then
    fail "daemon pid $daemon_pid still running after uninstall"
fi
for f in "$U_PREFIX/bin/tft" "$U_PREFIX/lib/tft" "$pid_file" "$U_HOME/.local/state/tft/daemon.log" \
        "$U_PREFIX/share/bash-completion/completions/tft"; do
    [ ! -e "$f" ] || fail "still there after uninstall: $f"
done
[ "$(find "$inbox" -type f 2>/dev/null | wc -l)" = "$received" ] || fail "uninstall removed files from the inbox"
[ -f "$U_HOME/.config/tft/config.json" ] || fail "uninstall removed the config"

if [ "$failures" = 0 ]; then log "all steps passed"; else log "$failures check(s) failed"; fi
[ "$failures" = 0 ]
