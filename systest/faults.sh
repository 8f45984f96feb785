#!/usr/bin/env bash
# systest/faults.sh - fault injection against real installed daemons (issue 8; cases of docs/SECURITY-CASES.md):
# disk full mid-transfer, kill -9 of sender and receiver, SIGTERM during transfers, idle-connection flood, slow
# header, connect/close storm, random bytes on port and control socket, LANG=C / env -i start-up, control socket
# permissions under umask 000 and against another uid. Everything runs in one network namespace with only lo up.
#
#   sudo systest/faults.sh                 every check
#   sudo systest/faults.sh disk_full ...   only these (names: see CHECKS below)
#
# Environment: FAULTS_PREFIX=DIR (an existing install, skips the build), KEEP=1 (keep the scratch dir),
# FAULTS_BUDGET=SECS (hard limit after the build, default 270), FAULTS_STRICT=1 (known gaps fail too).
# Output ends with exactly "faults: N passed, N failed"; exit 0 when nothing failed (also when skipped: not root).

# shellcheck source-path=SCRIPTDIR  # the source= paths below are relative to this file
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRC=$(cd "$HERE/.." && pwd)
HOSTILE=$HERE/faults/hostile.py
CHECKS=(disk_full kill_sender kill_receiver sigterm idle_flood slow_header_and_storm garbage locale umask_perms
    other_uid)
PASSED=0
FAILED=0

if [ "$(id -u)" -ne 0 ]; then
    echo "faults: SKIPPED - needs root (network namespace, tmpfs mount, runuser); run: sudo $0 $*"
    echo "faults: 0 passed, 0 failed"
    exit 0
fi
for t in ip ss strace runuser /usr/bin/python3 fallocate mount socat pgrep timeout; do
    command -v "$t" > /dev/null || { echo "faults: missing tool $t"; echo "faults: 0 passed, 1 failed"; exit 1; }
done

SELECTED=("$@")
[ ${#SELECTED[@]} -gt 0 ] || SELECTED=("${CHECKS[@]}")

WORK=$(mktemp -d /tmp/tft-faults.XXXXXX)
NS=tftf-$$
# shellcheck source=faults/lib.sh
. "$HERE/faults/lib.sh"
# shellcheck source=faults/checks.sh
. "$HERE/faults/checks.sh"

teardown() {
    trap - EXIT INT TERM
    # the watchdog shell first: once its sleep dies it would otherwise go on to signal us
    if [ -n "${WATCHDOG:-}" ]; then
        local sl
        mapfile -t sl < <(pgrep -P "$WATCHDOG")
        kill "$WATCHDOG" "${sl[@]}" 2>/dev/null
    fi
    d_stop_all > /dev/null 2>&1
    jobs -p | xargs -r kill -9 2>/dev/null
    ns_down
    mountpoint -q "$WORK/small" 2>/dev/null && umount -l "$WORK/small"
    if [ -n "${KEEP:-}" ]; then echo "faults: kept $WORK"; else rm -rf "$WORK"; fi
}
finish() {
    [ -s "$WORK/gaps" ] && sed 's/^GAP: /faults: known gap: /' "$WORK/gaps"
    teardown
    echo "faults: $PASSED passed, $FAILED failed"
    [ "$FAILED" -eq 0 ]
    exit $?
}
trap finish EXIT
trap 'echo "faults: interrupted or over the time budget"; FAILED=$((FAILED + 1)); exit 1' INT TERM
# ---------------------------------------------------------------- install
if [ -n "${FAULTS_PREFIX:-}" ]; then
    TFT=$FAULTS_PREFIX/bin/tft
else
    echo "faults: PREFIX=$WORK/prefix ./install.sh --no-service (log: $WORK/install.log)"
    (cd "$SRC" && PREFIX=$WORK/prefix timeout 600 ./install.sh --no-service) > "$WORK/install.log" 2>&1 \
        || { tail -n 20 "$WORK/install.log"; FAILED=1; exit 1; }
    TFT=$WORK/prefix/bin/tft
fi
[ -x "$TFT" ] || { echo "faults: no launcher at $TFT"; FAILED=1; exit 1; }

# Hard bound for everything after the build: the watchdog signals this shell; the trap tears everything down.
{ sleep "${FAULTS_BUDGET:-270}" && kill -TERM $$; } > /dev/null 2>&1 &
WATCHDOG=$!

# ---------------------------------------------------------------- the bed
ns_up || { FAILED=1; exit 1; }
# a: the sender. Its JVM runs under strace, every write() delayed 100 ms: with 1 MiB socket writes a 32 MiB push
# takes ~3 s, so "mid-transfer" is a state the checks can reliably catch. b: the receiver most checks attack.
SLOW_WRAP=(strace -f --seccomp-bpf -qq -o /dev/null -e trace=write -e inject=write:delay_enter=100000)
start_sender() { local WRAP=("${SLOW_WRAP[@]}"); d_launch a; }
start_sender
d_launch b
{ d_wait a && d_wait b; } || { FAILED=1; exit 1; }
g1_save a
g1_save b

t_start=$(now_ms)
for c in "${SELECTED[@]}"; do
    if ! declare -F "check_$c" > /dev/null; then echo "faults: unknown check $c"; FAILED=$((FAILED + 1)); continue; fi
    t0=$(now_ms)
    REASON=$WORK/reason
    : > "$REASON"
    if "check_$c" > "$REASON" 2>&1; then
        PASSED=$((PASSED + 1))
        printf 'ok   %-24s %5.1fs  %s\n' "$c" "$(( $(now_ms) - t0 ))e-3" "$(tail -n 1 "$REASON")"
        grep '^GAP: ' "$REASON" | sed 's/^/     | /' || true
    else
        FAILED=$((FAILED + 1))
        printf 'FAIL %-24s %5.1fs\n' "$c" "$(( $(now_ms) - t0 ))e-3"
        sed 's/^/     | /' "$REASON"
    fi
    # A check that restarted or killed a shared daemon leaves it running again for the next one.
    { [ -n "${DPID[a]:-}" ] && kill -0 "${JPID[a]:-${DPID[a]}}" 2>/dev/null; } || { d_stop a; start_sender; d_wait a; }
    { [ -n "${DPID[b]:-}" ] && kill -0 "${JPID[b]:-${DPID[b]}}" 2>/dev/null; } || { d_stop b; d_start b; }
done
echo "faults: checks took $(( ($(now_ms) - t_start) / 1000 )) s"
