# shellcheck shell=bash
# systest/faults/lib.sh - helpers for faults.sh: one network namespace with only lo up, real installed daemons
# inside it, and the global pass criteria G1-G6 of docs/SECURITY-CASES.md as shell assertions.
# Needs: WORK (scratch dir), NS (namespace name), TFT (installed launcher). Sourced, never run.

MDNS_PORT=${MDNS_PORT:-$((20000 + RANDOM % 20000))}
declare -A DPORT=()       # daemon name -> transfer port
declare -A DPID=()        # daemon name -> our child's pid (ip netns exec, env and the launcher exec; strace forks)
declare -A JPID=()        # daemon name -> the JVM's pid (differs from DPID when the daemon runs under strace)
NEXT_PORT=15001

inns() { ip netns exec "$NS" "$@"; }
now_ms() { date +%s%3N; }
sha() { sha256sum "$1" | cut -d' ' -f1; }
mkrand() { head -c "$2" /dev/urandom > "$1"; }

ns_up() {
    ip netns add "$NS"
    ip -n "$NS" link set lo up
}

ns_down() {
    ip netns pids "$NS" 2>/dev/null | xargs -r kill -9 2>/dev/null || true
    ip netns del "$NS" 2>/dev/null || true
}

# ---------------------------------------------------------------- daemons
hhome() { echo "$WORK/h/$1/home"; }
hinbox() { echo "${INBOX_OVERRIDE[$1]:-$WORK/h/$1/home/Downloads/tft}"; }
hsock() { echo "$WORK/h/$1/run/tft.sock"; }
hlog() { echo "$WORK/h/$1/daemon.log"; }
declare -A INBOX_OVERRIDE=()

# d_prepare NAME: the per-daemon tree, canaries for G1 and a config file (limits go in $WORK/h/NAME/limits.json).
d_prepare() {
    local n=$1 h
    h=$(hhome "$n")
    [ -d "$h" ] && return 0
    mkdir -p "$h/.ssh" "$h/.config/autostart" "$h/outside" "$WORK/h/$n/run" "$(hinbox "$n")"
    echo "# canary" > "$h/.bashrc"
    echo "ssh-ed25519 AAAA canary" > "$h/.ssh/authorized_keys"
    echo "canary" > "$h/outside/keep.txt"
    echo "pre-existing $n" > "$(hinbox "$n")/existing.txt"
    DPORT[$n]=$NEXT_PORT
    NEXT_PORT=$((NEXT_PORT + 1))
}

# d_start NAME [ENV=VAL...] [-- DAEMON_ARGS...]: d_launch + d_wait.
d_start() { d_launch "$@" && d_wait "$1"; }

# d_launch NAME [ENV=VAL...] [-- DAEMON_ARGS...]: starts the daemon in the namespace with LANG=C.UTF-8 and a PATH
# (later ENV words override; ENV_MODE=empty runs it under a truly empty `env -i`). The array WRAP, if set, prefixes
# the launcher (strace for a slow sender).
d_launch() {
    local n=$1; shift
    local envs=() extra=()
    while [ $# -gt 0 ]; do
        if [ "$1" = -- ]; then shift; extra=("$@"); break; fi
        envs+=("$1"); shift
    done
    d_prepare "$n"
    local cfg=$WORK/h/$n/config.json
    [ -f "$cfg" ] || echo '{}' > "$cfg"
    local base=(HOME="$(hhome "$n")" PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8)
    [ "${ENV_MODE:-}" = empty ] && base=()
    # setsid: the daemon has its own process group, so a signal meant for it never reaches this script.
    inns env -i "${base[@]}" "${envs[@]}" TFT_DAEMON_JAVA_OPTS="${TFT_DAEMON_JAVA_OPTS:--Xmx256m -XX:+UseSerialGC}" \
        setsid "${WRAP[@]}" "$TFT" daemon --name "$n" --port "${DPORT[$n]}" --loopback-only --mdns-port "$MDNS_PORT" \
        --socket "$(hsock "$n")" --inbox "$(hinbox "$n")" --state-dir "$WORK/h/$n/state" --config "$cfg" --accept anyone \
        "${extra[@]}" >> "$(hlog "$n")" 2>&1 < /dev/null &
    DPID[$n]=$!
    JPID[$n]=
}

# d_wait NAME: until `tft status` answers (20 s), or fail if the JVM died.
d_wait() {
    local n=$1
    for _ in $(seq 1 100); do
        if cli "$n" status > /dev/null 2>&1; then
            JPID[$n]=$(jvm_of "${DPID[$n]}")
            return 0
        fi
        kill -0 "${DPID[$n]}" 2>/dev/null || { echo "daemon $n died at start: $(tail -n 3 "$(hlog "$n")")"; return 1; }
        sleep 0.2
    done
    echo "daemon $n not ready within 20 s"; return 1
}

# jvm_of PID: PID if it is a java process, else its java descendant (strace -> launcher -> java).
jvm_of() {
    local p=$1 c
    [ "$(cat "/proc/$p/comm" 2>/dev/null)" = java ] && { echo "$p"; return; }
    for c in $(pgrep -P "$p"); do
        c=$(jvm_of "$c"); [ -n "$c" ] && { echo "$c"; return; }
    done
}

# d_kill NAME SIGNAL: signals the JVM. d_reap NAME SECS: waits for its exit and sets REAP_RC to the exit code
# (or "timeout"); not in $(...): only this shell can wait for its child.
d_kill() { kill -"$2" "${JPID[$1]:-${DPID[$1]}}" 2>/dev/null || true; }
d_reap() {
    local n=$1 secs=$2 jpid=${JPID[$1]:-${DPID[$1]}} t0 rc
    t0=$(now_ms)
    while kill -0 "$jpid" 2>/dev/null && [ "$(awk '{print $3}' "/proc/$jpid/stat" 2>/dev/null)" != Z ]; do
        [ $(( $(now_ms) - t0 )) -gt $((secs * 1000)) ] && { REAP_RC=timeout; return 0; }
        sleep 0.05
    done
    wait "${DPID[$n]}" 2>/dev/null; rc=$?
    REAP_RC=$rc
}
d_stop() {
    local n=$1
    [ -n "${DPID[$n]:-}" ] || return 0
    d_kill "$n" TERM
    d_reap "$n" 12
    [ "$REAP_RC" = timeout ] && { d_kill "$n" KILL; kill -9 "${DPID[$n]}" 2>/dev/null; }
    wait "${DPID[$n]}" 2>/dev/null
    unset "DPID[$n]" "JPID[$n]"
}
d_stop_all() { local n; for n in "${!DPID[@]}"; do d_stop "$n"; done; }

# cli NAME ARGS...: the CLI against NAME's socket, bounded.
cli() {
    local n=$1; shift
    TFT_SOCKET=$(hsock "$n") HOME=$(hhome "$n") LANG=C.UTF-8 timeout "${CLI_TIMEOUT:-60}" "$TFT" "$@"
}

# push FROM TO FILE...: native push FROM's daemon -> TO's port by address; JSON events on stdout.
push() {
    local from=$1 to=$2; shift 2
    cli "$from" push "127.0.0.1:${DPORT[$to]}" "$@" --json
}

# ---------------------------------------------------------------- global criteria (G1-G6, docs/SECURITY-CASES.md)
# G1 snapshot: every entry of the test HOME except the inbox and the daemon's state (path, inode, size, mtime, sha).
g1_snap() {
    local h
    h=$(hhome "$1")
    (cd "$h" && find . \( -path ./Downloads/tft -o -path ./.local/state \) -prune -o -printf '%p %i %s %T@\n' \
        | sort; find . -path ./Downloads/tft -prune -o -type f -print0 | sort -z | xargs -0 -r sha256sum)
}
g1_save() { g1_snap "$1" > "$WORK/g1.$1"; }
g1_check() { diff <(g1_snap "$1") "$WORK/g1.$1" > /dev/null || { echo "G1: entries outside the inbox changed"; return 1; }; }

# G2: no .tft-partial-* in the inbox; every listed final name has the expected sha.  g2_check NAME [file sha]...
g2_check() {
    local n=$1 in; shift
    in=$(hinbox "$n")
    if compgen -G "$in/.tft-partial-*" > /dev/null; then echo "G2: partial temp left in $in: $(ls -A "$in")"; return 1; fi
    while [ $# -gt 1 ]; do
        if [ -e "$in/$1" ] && [ "$(sha "$in/$1")" != "$2" ]; then echo "G2: $1 present but not complete"; return 1; fi
        shift 2
    done
}
# finals NAME: final (non-temp) names in the inbox besides existing.txt
finals() { find "$(hinbox "$1")" -mindepth 1 -maxdepth 1 ! -name '.tft-*' ! -name existing.txt -printf '%f\n' | sort || true; }
temps() { find "$(hinbox "$1")" -mindepth 1 -maxdepth 1 -name '.tft-*' -printf '%f\n' | sort || true; }

# g3_uds NAME: ms for one status round trip over the control socket (no CLI JVM start), or "fail".
g3_uds() {
    local r
    r=$(timeout 10 /usr/bin/python3 "$HOSTILE" status "$(hsock "$1")" 2>/dev/null) || { echo fail; return; }
    # shellcheck disable=SC2001  # a capture group: not a job for ${r//...}
    case "$r" in *'"ok": true'*) echo "$r" | sed 's/.*"ms": \([0-9]*\).*/\1/' ;; *) echo fail ;; esac
}

# G3: the daemon answers a status request over its socket within 1 s, and `tft status` (the CLI) exits 0 within
# $2 ms (default 5000: a CLI JVM start is ~0.7 s on an idle machine, more on a loaded 2-core CI).
g3_check() {
    local n=$1 limit=${2:-5000} t0 t ms
    ms=$(g3_uds "$n")
    { [ "$ms" != fail ] && [ "$ms" -lt 1000 ]; } || { echo "G3: status over the socket: $ms ms"; return 1; }
    t0=$(now_ms)
    cli "$n" status > /dev/null 2>&1 || { echo "G3: tft status failed"; return 1; }
    t=$(( $(now_ms) - t0 ))
    [ "$t" -le "$limit" ] || { echo "G3: tft status took $t ms (> $limit)"; return 1; }
}

# G6: the pre-existing inbox file is unchanged.
g6_check() {
    [ "$(cat "$(hinbox "$1")/existing.txt" 2>/dev/null)" = "pre-existing $1" ] || { echo "G6: existing.txt changed"; return 1; }
}

# wait_for SECS CMD...: polls CMD every 20 ms until it succeeds; non-zero after SECS.
wait_for() {
    local secs=$1 t0; shift
    t0=$(now_ms)
    until "$@" > /dev/null 2>&1; do
        [ $(( $(now_ms) - t0 )) -gt $((secs * 1000)) ] && return 1
        sleep 0.02
    done
}
has_temp() { [ -n "$(temps "$1")" ]; }
