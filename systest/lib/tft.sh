# shellcheck shell=bash
# tft.sh - install tft once and drive real daemons and CLIs inside the bed's namespaces (sourced by run.sh).
# Needs: WORK (scratch dir), SRC (repo root), PEERCTL (python3 helper), bed.sh sourced.

# ---------------------------------------------------------------- install
# tft_install: sets TFT (the launcher). Order: TFTST_PREFIX (an existing install, for quick re-runs), then
# `PREFIX=$WORK/prefix ./install.sh --no-service`, then (fallback) a plain Maven build + a launcher of our own
# with install.sh's layout (bin/tft, lib/tft/{cli,daemon}/*.jar).
tft_install() {
    if [ -n "${TFTST_PREFIX:-}" ]; then
        TFT=$TFTST_PREFIX/bin/tft
        [ -x "$TFT" ] || { echo "systest: TFTST_PREFIX=$TFTST_PREFIX has no bin/tft" >&2; return 1; }
        echo "systest: using the existing install $TFTST_PREFIX"
        return 0
    fi
    local prefix=$WORK/prefix
    if [ -x "$SRC/install.sh" ]; then
        echo "systest: PREFIX=$prefix ./install.sh --no-service (log: $WORK/install.log)"
        if (cd "$SRC" && PREFIX=$prefix timeout 900 ./install.sh --no-service) > "$WORK/install.log" 2>&1 \
                && [ -x "$prefix/bin/tft" ]; then
            TFT=$prefix/bin/tft
            return 0
        fi
        echo "systest: install.sh failed (last lines below); falling back to mvn package + own launcher" >&2
        tail -n 15 "$WORK/install.log" | sed 's/^/  | /' >&2
    else
        echo "systest: no install.sh yet; using mvn package + own launcher" >&2
    fi
    tft_install_fallback "$prefix"
}

tft_install_fallback() {
    local prefix=$1 m jar f
    echo "systest: mvn -q -B -DskipTests package (log: $WORK/build.log)"
    if ! (cd "$SRC" && timeout 900 mvn -q -B -DskipTests package) > "$WORK/build.log" 2>&1; then
        echo "systest: the Maven build failed:" >&2
        tail -n 30 "$WORK/build.log" | sed 's/^/  | /' >&2
        return 1
    fi
    rm -rf "$prefix/lib/tft"
    mkdir -p "$prefix/bin"
    for m in cli daemon; do
        jar=""
        for f in "$SRC/$m/target/tft-$m-"*.jar; do
            case $f in *-sources*|*-tests*|*-javadoc*) continue ;; esac
            if [ -e "$f" ]; then jar=$f; break; fi
        done
        [ -n "$jar" ] || { echo "systest: no $SRC/$m/target/tft-$m-*.jar after the build" >&2; return 1; }
        mkdir -p "$prefix/lib/tft/$m"
        cp "$jar" "$prefix/lib/tft/$m/"
        cp "$SRC/$m/target/lib/"*.jar "$prefix/lib/tft/$m/" 2>/dev/null || true
    done
    # a launcher like install.sh's: `tft daemon ...` -> daemon JVM; anything else -> fast CLI JVM
    cat > "$prefix/bin/tft" <<EOF
#!/usr/bin/env bash
# systest fallback launcher (same layout and dispatch as install.sh's); install.sh writes the real one
LIB='$prefix/lib/tft'
if [ -n "\${JAVA_HOME:-}" ] && [ -x "\$JAVA_HOME/bin/java" ]; then JAVA=\$JAVA_HOME/bin/java; else JAVA=java; fi
case "\${LC_ALL:-\${LC_CTYPE:-\${LANG:-}}}" in ""|C|POSIX) export LC_ALL=C.UTF-8 ;; esac
if [ "\${1-}" = daemon ]; then
    shift
    exec "\$JAVA" \${TFT_DAEMON_JAVA_OPTS-} -cp "\$LIB/daemon/*" dev.tft.daemon.Main "\$@"
fi
JSA=()
[ -r "\$LIB/cli.jsa" ] && JSA=(-XX:SharedArchiveFile="\$LIB/cli.jsa")
exec "\$JAVA" "\${JSA[@]}" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -Xlog:disable \\
    -Xlog:all=warning:stderr -cp "\$LIB/cli/*" dev.tft.cli.Main "\$@"
EOF
    chmod 755 "$prefix/bin/tft"
    # AppCDS archive for the CLI (best effort; it only saves start-up time)
    TFT_SOCKET=$WORK/none.sock timeout 60 java -XX:ArchiveClassesAtExit="$prefix/lib/tft/cli.jsa" \
        -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$prefix/lib/tft/cli/*" dev.tft.cli.Main status \
        > /dev/null 2>&1 || true
    TFT=$prefix/bin/tft
}

# ---------------------------------------------------------------- per-host files and commands
hdir() { echo "$WORK/h/$1"; }
hsock() { echo "$WORK/h/$1/run/tft.sock"; }
hinbox() { echo "$WORK/h/$1/inbox"; }
htmp() { echo "$WORK/h/$1/tmp"; }
hname() { cat "$WORK/h/$1/name"; }
hid() { cat "$WORK/h/$1/id"; }

# host_cmd LETTER: sets HOSTCMD to the prefix that runs a command in the host's namespace with the host's own,
# clean environment (its HOME, XDG dirs, TMPDIR, TFT_SOCKET; nothing inherited but PATH, JAVA_HOME and locale)
host_cmd() {
    local d
    d=$(hdir "$1")
    HOSTCMD=(ip netns exec "$(bed_ns "$1")" env -i PATH="$PATH" LANG=C.UTF-8
        HOME="$d/home" XDG_RUNTIME_DIR="$d/run" XDG_CONFIG_HOME="$d/config" XDG_STATE_HOME="$d/state"
        XDG_DOWNLOAD_DIR="$d/inbox" TMPDIR="$d/tmp" TFT_SOCKET="$d/run/tft.sock")
    [ -n "${JAVA_HOME:-}" ] && HOSTCMD+=(JAVA_HOME="$JAVA_HOME")
    [ -n "${TFT_DAEMON_JAVA_OPTS:-}" ] && HOSTCMD+=(TFT_DAEMON_JAVA_OPTS="$TFT_DAEMON_JAVA_OPTS")
    return 0
}

# in_host LETTER CMD...: runs CMD in the host's namespace and environment (unbounded: callers bound it)
in_host() {
    local HOSTCMD
    host_cmd "$1"
    shift
    "${HOSTCMD[@]}" "$@"
}

# cli LETTER ARGS...: the real CLI in the host's namespace, bounded by CLI_TIMEOUT (default 30 s)
cli() {
    local HOSTCMD
    host_cmd "$1"
    shift
    timeout "${CLI_TIMEOUT:-30}" "${HOSTCMD[@]}" "$TFT" "$@"
}

# daemon_pids LETTER: pids of tft daemon JVMs inside the host's namespace
daemon_pids() {
    local p
    for p in $(ip netns pids "$(bed_ns "$1")" 2>/dev/null); do
        tr '\0' ' ' 2> /dev/null < "/proc/$p/cmdline" | grep -q 'dev.tft.daemon.Main' && echo "$p"
    done
    return 0
}

# daemon_start LETTER NAME [DAEMON ARGS...]: starts `tft daemon` in the host's namespace with its own home,
# runtime dir, config, state dir, inbox and socket; waits (bounded) until `tft status` answers; records the id.
daemon_start() {
    daemon_launch "$@" && daemon_wait_ready "$1" "${DAEMON_READY_TIMEOUT:-40}"
}

# daemon_launch LETTER NAME [DAEMON ARGS...]: daemon_start without the wait
daemon_launch() {
    local h=$1 name=$2 d t0
    shift 2
    d=$(hdir "$h")
    mkdir -p "$d/home" "$d/run" "$d/config/tft" "$d/state/tft" "$d/inbox" "$d/tmp"
    chmod 700 "$d/run"
    echo "$name" > "$d/name"
    rm -f "$d/id"
    [ -z "$(daemon_pids "$h")" ] || { echo "daemon_launch $h: a daemon already runs there" >&2; return 1; }
    echo "=== $(date +%T.%N) start $name $*" >> "$d/daemon.log"
    t0=$(date +%s.%N)
    # name and inbox come from the host's config file (exercises the config layer); the rest from flags
    printf '{"name": "%s", "inbox": "%s"}\n' "$name" "$d/inbox" > "$d/config/tft/config.json"
    local HOSTCMD
    host_cmd "$h"
    spawn "$d/daemon.log" "${HOSTCMD[@]}" "$TFT" daemon --socket "$d/run/tft.sock" --state-dir "$d/state/tft" \
        --config "$d/config/tft/config.json" --accept anyone "$@"
    echo "$t0" > "$d/started"
}

# daemon_wait_ready LETTER SECONDS: polls `tft status --json` until it answers; fails early if the JVM died
daemon_wait_ready() {
    local h=$1 limit=$2 d start
    d=$(hdir "$h")
    start=$SECONDS
    while [ $((SECONDS - start)) -lt "$limit" ]; do
        if CLI_TIMEOUT=10 cli "$h" status --json > "$d/status.json" 2>/dev/null \
                && python3 "$PEERCTL" field "$d/status.json" "id|status.id" > "$d/id" 2>/dev/null; then
            return 0
        fi
        if [ -z "$(daemon_pids "$h")" ]; then
            sleep 0.3
            if [ -z "$(daemon_pids "$h")" ] && ! CLI_TIMEOUT=10 cli "$h" status > /dev/null 2>&1; then
                echo "daemon $h exited during start-up; log: $(tail -n 8 "$d/daemon.log" | tr '\n' '|')" >&2
                return 1
            fi
        fi
        sleep 0.3
    done
    echo "daemon $h not ready after ${limit}s (tft status never answered); log: $(tail -n 8 "$d/daemon.log" | tr '\n' '|')" >&2
    return 1
}

# daemon_stop LETTER [TERM|KILL]: signals the daemon JVM(s) and waits (max 15 s) until they are gone
daemon_stop() {
    local h=$1 sig=${2:-TERM} pids
    mapfile -t pids < <(daemon_pids "$h")
    [ ${#pids[@]} -gt 0 ] || return 0
    echo "=== $(date +%T.%N) stop $sig" >> "$(hdir "$h")/daemon.log"
    kill -s "$sig" "${pids[@]}" 2>/dev/null || true
    for _ in $(seq 1 75); do
        [ -z "$(daemon_pids "$h")" ] && return 0
        sleep 0.2
    done
    echo "daemon $h still alive 15 s after SIG$sig; killing it" >&2
    mapfile -t pids < <(daemon_pids "$h")
    kill -KILL "${pids[@]}" 2>/dev/null || true
    return 1
}

# ensure_daemons LETTER...: every named host runs a daemon under its standard name (started if missing)
ensure_daemons() {
    local h started=()
    for h in "$@"; do
        if [ -z "$(daemon_pids "$h")" ]; then
            daemon_launch "$h" "$(std_name "$h")" || return 1
            started+=("$h")
        fi
    done
    for h in ${started[@]+"${started[@]}"}; do
        daemon_wait_ready "$h" "${DAEMON_READY_TIMEOUT:-40}" || return 1
    done
}

std_name() {
    case "$1" in
        a) echo alpha ;; b) echo bravo ;; c) echo charlie ;; d) echo delta ;; e|f) echo twin ;; g) echo golf ;;
        *) echo "host-$1" ;;
    esac
}

# wait_peers OBSERVER TIMEOUT COND ARGS... [-- COND ...]: polls the observer's table over its socket (50 ms);
# prints elapsed seconds; see lib/peerctl.py for the conditions (up, gone, absent, only, count, idgone)
wait_peers() {
    local h=$1 t=$2
    shift 2
    timeout $((${t%.*} + 10)) python3 "$PEERCTL" wait "$(hsock "$h")" "$t" "$@"
}
