#!/usr/bin/env bash
# systest/run.sh - multi-host system tests of tft (issue 6): real installed daemons in network namespaces,
# real mDNS between them, avahi interop, a legacy nc push and link faults. See systest/README.md.
#
#   sudo systest/run.sh            all scenarios (1-12)
#   sudo systest/run.sh 1 3 7      only these
#   sudo KEEP=1 systest/run.sh 2   keep the bed, daemons and files afterwards for debugging
#   sudo systest/run.sh --down     tear down a bed kept with KEEP=1
#
# Environment: KEEP=1 (keep the bed), TFTST_PREFIX=DIR (use an existing install instead of building),
# TFTST_SRC=DIR (build this source tree instead of the checkout holding this script), TFTST_NS_PREFIX (namespace
# name prefix, default tftst; runs with the same prefix wait for each other),
# TFTST_REPS=N (repetitions of the timing measurements, default 1), TFTST_TMP=DIR (scratch root),
# TFT_DAEMON_JAVA_OPTS (daemon JVM flags, default "-Xmx256m -XX:+UseSerialGC"), CI=true (install missing packages).
# Exit: 0 all selected scenarios passed (or skipped: not root), 1 a scenario failed, 64 bad arguments.

# shellcheck source-path=SCRIPTDIR  # the source= paths below are relative to this file
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRC=${TFTST_SRC:-$(cd "$HERE/.." && pwd)}   # the source tree to build (TFTST_SRC: e.g. a snapshot copy)
PEERCTL=$HERE/lib/peerctl.py
ALL=(1 2 3 4 5 6 7 8 9 10 11 12)
declare -A TITLE=([1]="three hosts find each other, a fourth joins" [2]="push by name, prefix, address: 0 B, 1 MiB, 1 GiB, tree"
    [3]="departure: clean stop, kill -9, restart with a new id" [4]="two hosts with the same name"
    [5]="link cut mid-transfer, then resume" [6]="avahi interop (_tft._tcp, TXT, foreign services)"
    [7]="legacy push with nc and a 1024-byte header" [8]="discovery timings (appear, leave, crash)")
declare -A LIMIT=([1]=150 [2]=300 [3]=150 [4]=150 [5]=200 [6]=120 [7]=60 [8]=200)
TITLE+=([9]="TLS: no plaintext on the wire (tcpdump, nc control)" [10]="TLS: impostor announcing bravo's id gets nothing"
    [11]="TLS: clear-text native header refused (15)")
LIMIT+=([9]=150 [10]=180 [11]=60)
TITLE+=([12]="consent: first push held, accept --trust, nc after open, pair, history")
LIMIT+=([12]=300)
HOSTS=(a b c d e f g v)

# shellcheck source=lib/bed.sh
. "$HERE/lib/bed.sh"
# shellcheck source=lib/tft.sh
. "$HERE/lib/tft.sh"
# shellcheck source=lib/scenarios.sh
. "$HERE/lib/scenarios.sh"
# shellcheck source=lib/scenarios2.sh
. "$HERE/lib/scenarios2.sh"
# shellcheck source=lib/scenarios_tls.sh
. "$HERE/lib/scenarios_tls.sh"
# shellcheck source=lib/scenarios_consent.sh
. "$HERE/lib/scenarios_consent.sh"

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }

SELECTED=()
for arg in "$@"; do
    case "$arg" in
        -h|--help) usage; exit 0 ;;
        --down) DOWN_ONLY=1 ;;
        [1-9]|1[0-2]) SELECTED+=("$arg") ;;
        *) echo "systest: unknown argument '$arg'" >&2; usage >&2; exit 64 ;;
    esac
done
[ ${#SELECTED[@]} -gt 0 ] || SELECTED=("${ALL[@]}")

if [ "$(id -u)" -ne 0 ]; then
    echo "systest: SKIPPED - the system tests need root (network namespaces, veth, a bridge); run: sudo $0 $*"
    exit 0
fi

if [ -n "${DOWN_ONLY:-}" ]; then
    bed_down
    for d in $(cat /run/tftst-kept 2>/dev/null || true); do [[ "$d" == */tftst.* ]] && rm -rf "$d"; done
    rm -f /run/tftst-kept
    echo "systest: bed torn down"
    exit 0
fi

# one run per namespace prefix at a time: a second run would tear down the first one's bed
exec 9> "/run/lock/${TB_PREFIX}.lock" 2>/dev/null || exec 9> "/tmp/${TB_PREFIX}.lock"
if ! flock -n 9; then
    echo "systest: another run with namespace prefix $TB_PREFIX is active; waiting for it (max ${TFTST_LOCK_WAIT:-600} s)"
    flock -w "${TFTST_LOCK_WAIT:-600}" 9 || { echo "systest: still locked; giving up"; exit 1; }
fi

# ---------------------------------------------------------------- prerequisites
check_prereqs() {
    local missing=() pkgs=() c p
    for c in ip:iproute2 tc:iproute2 unshare:util-linux timeout:coreutils python3:python3 java:openjdk-17-jdk-headless \
             nc:netcat-openbsd avahi-daemon:avahi-daemon avahi-browse:avahi-utils \
             avahi-publish-service:avahi-utils dbus-daemon:dbus; do
        command -v "${c%%:*}" > /dev/null 2>&1 || { missing+=("${c%%:*}"); pkgs+=("${c##*:}"); }
    done
    [ -n "${TFTST_PREFIX:-}" ] || command -v mvn > /dev/null 2>&1 || { missing+=(mvn); pkgs+=(maven); }
    [ ${#missing[@]} -eq 0 ] && return 0
    p=$(printf '%s\n' "${pkgs[@]}" | sort -u | tr '\n' ' ')
    echo "systest: missing commands: ${missing[*]} (Debian packages: $p)"
    if [ "${CI:-}" = true ] && command -v apt-get > /dev/null; then
        echo "systest: CI=true: apt-get install $p"
        # never let a package's maintainer script start avahi-daemon on the machine's real interfaces
        local guard=""
        [ -e /usr/sbin/policy-rc.d ] || { printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
            chmod 755 /usr/sbin/policy-rc.d; guard=1; }
        # shellcheck disable=SC2086
        { timeout 600 apt-get update -qq && DEBIAN_FRONTEND=noninteractive timeout 900 apt-get install -y -qq $p; } \
            > "${TMPDIR:-/tmp}/tftst-apt.log" 2>&1 || echo "systest: apt-get failed, see ${TMPDIR:-/tmp}/tftst-apt.log"
        [ -z "$guard" ] || rm -f /usr/sbin/policy-rc.d
    else
        echo "systest: install them with: apt-get install $p (scenarios needing them will fail)"
    fi
    for c in ip python3 java; do
        command -v "$c" > /dev/null || { echo "systest: cannot run without $c"; exit 1; }
    done
}
check_prereqs

# ---------------------------------------------------------------- scratch space, teardown
if [ -z "${TFTST_TMP:-}" ]; then
    TFTST_TMP=/tmp
    # /dev/shm when it has room for the 1 GiB files on both sides (and more): fast and never hits a slow disk
    shm_free=$(df -Pk /dev/shm 2>/dev/null | awk 'NR==2 {print $4}')
    [ "${shm_free:-0}" -gt $((6 * 1024 * 1024)) ] && TFTST_TMP=/dev/shm
fi
WORK=$(mktemp -d "$TFTST_TMP/tftst.XXXXXX")
chmod 755 "$WORK"
export TFT_DAEMON_JAVA_OPTS=${TFT_DAEMON_JAVA_OPTS:--Xmx256m -XX:+UseSerialGC}
SCN_PID=""
PASSED=0
FAILED=0

kill_tree() {   # kill_tree PID: TERM the process and its descendants (children first), by pid only
    local c
    for c in $(pgrep -P "$1" 2>/dev/null || true); do kill_tree "$c"; done
    kill -TERM "$1" 2>/dev/null || true
}

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    [ -z "$SCN_PID" ] || kill_tree "$SCN_PID"
    if [ "${KEEP:-}" = 1 ]; then
        echo "systest: KEEP=1: bed kept. Files: $WORK; namespaces: $(bed_list | tr '\n' ' ')"
        echo "systest:   e.g. ip netns exec tftst-a env TFT_SOCKET=$WORK/h/a/run/tft.sock $TFT peers"
        echo "systest:   tear down with: $0 --down"
        echo "$WORK" >> /run/tftst-kept
    else
        bed_down
        rm -rf "$WORK"
        [ -z "$(bed_list)" ] || echo "systest: WARNING: namespaces left behind: $(bed_list | tr '\n' ' ')"
    fi
    exit "$rc"
}
trap cleanup EXIT
interrupted() {
    trap - INT TERM
    [ -z "$SCN_PID" ] || FAILED=$((FAILED + 1))
    echo
    echo "systest: interrupted (the running scenario counts as failed)"
    echo "systest: ${PASSED:-0} passed, ${FAILED:-0} failed"
    exit 130
}
trap interrupted INT TERM

# ---------------------------------------------------------------- run
RESULTS=()
record() {   # record N PASS|FAIL SECONDS [REASON]
    local line
    line=$(printf '%s  %s %-52s (%5.1f s)' "$2" "$1" "${TITLE[$1]}" "$3")
    [ -z "${4:-}" ] || line="$line: $4"
    echo "$line"
    RESULTS+=("$line")
    if [ "$2" = PASS ]; then PASSED=$((PASSED + 1)); else FAILED=$((FAILED + 1)); fi
}

run_scenario() {
    local n=$1 t0 rc=0 limit=${LIMIT[$1]} log=$WORK/s$1.log start=$SECONDS
    echo "--- scenario $n: ${TITLE[$n]}"
    t0=$(date +%s.%N)
    ( set -e; "scenario_$n" ) > >(tee "$log") 2>&1 &
    SCN_PID=$!
    while kill -0 "$SCN_PID" 2> /dev/null; do
        if [ $((SECONDS - start)) -ge "$limit" ]; then
            kill_tree "$SCN_PID"
            sleep 0.5
            rc=124
            break
        fi
        sleep 0.5
    done
    [ "$rc" = 124 ] || { wait "$SCN_PID" || rc=$?; }
    SCN_PID=""
    sleep 0.2  # let tee flush
    local secs reason
    secs=$(python3 -c "import sys,time; print('%.1f' % (time.time() - float(sys.argv[1])))" "$t0")
    if [ "$rc" = 0 ]; then
        record "$n" PASS "$secs"
    else
        reason=$(grep -m1 -o 'FAIL: .*' "$log" | cut -c7- | head -c 300 || true)
        [ -n "$reason" ] || reason=$(grep -v '^\s*$' "$log" | tail -n 1 | head -c 300 || true)
        [ "$rc" != 124 ] || reason="timed out after ${limit}s${reason:+; $reason}"
        record "$n" FAIL "$secs" "${reason:-exit $rc (see output above)}"
    fi
}

echo "systest: scratch $WORK; scenarios ${SELECTED[*]}"
T_START=$SECONDS
if ! tft_install; then
    for n in "${SELECTED[@]}"; do record "$n" FAIL 0 "tft could not be built/installed"; done
else
    echo "systest: tft = $TFT ($(timeout 30 "$TFT" --version 2>&1 | head -n 1)); install took $((SECONDS - T_START)) s"
    bed_up "${HOSTS[@]}"
    echo "systest: bed up: $(bed_list | tr '\n' ' ')"
    for n in "${SELECTED[@]}"; do run_scenario "$n"; done
fi

echo "=== summary ($((SECONDS - T_START)) s)"
for line in "${RESULTS[@]}"; do echo "$line"; done
[ ! -s "$WORK/timings.txt" ] || { echo "=== discovery timings (scenario 8)"; cat "$WORK/timings.txt"; }
echo "systest: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
