#!/usr/bin/env bash
# bench/run.sh - tft beside nc, socat, scp, rsync and curl on this machine, in the same run (issue 7).
# Writes bench/RESULTS.md (markdown tables, ratios to nc / tar|nc / socat / scp measured in the same run, goals
# met/missed), and prints the goal tables and the encrypted-push rows at the end.
#
#   bench/run.sh                 full run: 2 GiB file, 10,000 x 4 KiB, 5 rounds after 1 warm-up, 60 s idle window;
#                                about 10-12 min on 2 cores (sections have time budgets: a slow box gets fewer rounds)
#   QUICK=1 bench/run.sh         try-out: 256 MiB, 1,000 files, 3 rounds, 10 s idle window (RESULTS-QUICK.md)
#   QUICK=1 RUNS=1 SKIP_DISCOVERY=1 bench/run.sh    shortest end-to-end check of the script (3-4 min)
# Env: RUNS, WARMUP, SIZE_MIB, SMALL_FILES, IDLE_SECS override; TFT_PREFIX=DIR reuses an installed tft instead of
#      building; BENCH_DAEMON_JAVA_OPTS replaces the daemon JVM flags (default: those of systemd/tft.service);
#      RESULTS=FILE writes elsewhere; SKIP_DISCOVERY=1 skips the namespaces part; NO_TFT=1 = baselines only;
#      NO_SSH=1 skips the scp rows (as when sshd cannot be had);
#      HS_WARMUP (200) / HS_RUNS (20): TLS handshakes timed by lib/TlsHandshake.java; ZERO_RUNS (20): 0-byte pushes;
#      TLS_THROUGHPUT=1 also runs transfer/.../bench/TlsThroughput (in-process TLS vs plain, ~1 min more).
# Needs root for apt-get (missing tools) and for the discovery part (network namespaces); everything else runs on
# 127.0.0.1 only. Without sshd (not installed and not installable) the scp rows are skipped and RESULTS.md says so.
# Cleans up on exit (daemons, sshd, rsyncd, upload server, namespaces, /dev/shm files, temp PREFIX).
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$BENCH")
LIB=$BENCH/lib
START_EPOCH=$(date +%s)
QUICK=${QUICK:-0}
if [ "$QUICK" = 1 ]; then
    RUNS=${RUNS:-3} WARMUP=${WARMUP:-1} SIZE_MIB=${SIZE_MIB:-256} SMALL_FILES=${SMALL_FILES:-1000}
    IDLE_SECS=${IDLE_SECS:-10} LAT_RUNS=${LAT_RUNS:-10}
    RESULTS=${RESULTS:-$BENCH/out/RESULTS-QUICK.md}
else
    RUNS=${RUNS:-5} WARMUP=${WARMUP:-1} SIZE_MIB=${SIZE_MIB:-2048} SMALL_FILES=${SMALL_FILES:-10000}
    IDLE_SECS=${IDLE_SECS:-60} LAT_RUNS=${LAT_RUNS:-20}
    RESULTS=${RESULTS:-$BENCH/RESULTS.md}
fi
HS_WARMUP=${HS_WARMUP:-200} HS_RUNS=${HS_RUNS:-20} ZERO_RUNS=${ZERO_RUNS:-20}
CONC=32                                   # concurrent pushes; each SIZE/32, so the total equals the big file
SIZE=$((SIZE_MIB * 1024 * 1024))
CHUNK=$((SIZE / CONC))
SMALL_SIZE=4096

OUT=$BENCH/out/run-$$                     # scratch: keys, configs, logs, JSON, disk destination (git-ignored)
SHM=/dev/shm/tftbench-$$                  # tmpfs side: sources, destinations, inboxes
DISK=$OUT/disk                            # the repo's file system (ext4 here) for the to-disk rows
mkdir -p "$OUT" "$SHM" "$DISK"
PIDS=()                                   # every background process this script started (killed by pid on exit)
POLICY_RC_OURS=0                          # 1 while /usr/sbin/policy-rc.d is this script's (see apt_install)

say() { printf '[bench %3ds] %s\n' "$(( $(date +%s) - START_EPOCH ))" "$*" >&2; }
die() { say "error: $*"; exit 1; }

cleanup() {
    local rc=$? p
    set +e
    for p in "${PIDS[@]+"${PIDS[@]}"}"; do kill -TERM "$p" 2>/dev/null; done
    for p in "${PIDS[@]+"${PIDS[@]}"}"; do
        for _ in $(seq 1 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$p" 2>/dev/null
    done
    for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep "^tftb$(( $$ % 100000 ))" ); do ip netns del "$ns"; done
    [ "$POLICY_RC_OURS" = 1 ] && rm -f /usr/sbin/policy-rc.d
    rm -rf "$SHM"
    # keep the small evidence (JSON, logs) in bench/out/last, drop the big/temporary parts
    rm -rf "$BENCH/out/last" && mkdir -p "$BENCH/out/last"
    cp "$OUT"/*.json "$OUT"/*.jsonl "$OUT"/*.log "$BENCH/out/last/" 2>/dev/null
    cp -r "$OUT/disc" "$BENCH/out/last/" 2>/dev/null
    rm -rf "$OUT"
    [ "$rc" = 0 ] || say "exited with status $rc (logs kept in bench/out/last)"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# ------------------------------------------------------------------------------------------- baselines (apt)
# apt_install PKG...: installs without starting any service. openssh-server's postinst would otherwise start a
# system sshd on port 22 of every interface (on a box without systemd, through invoke-rc.d); a policy-rc.d that
# forbids every start (exit 101, the Debian mechanism for chroots and containers) is put in place for the install
# only, and only when the box has none of its own.
apt_install() {
    local rc=0
    export DEBIAN_FRONTEND=noninteractive
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\n# bench/run.sh: no service starts during its apt-get install (removed afterwards)\nexit 101\n' \
            > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d && POLICY_RC_OURS=1
    fi
    apt-get install -y -qq "$@" >>"$OUT/apt.log" 2>&1 \
        || { apt-get update -qq >>"$OUT/apt.log" 2>&1; apt-get install -y -qq "$@" >>"$OUT/apt.log" 2>&1; } || rc=$?
    if [ "$POLICY_RC_OURS" = 1 ]; then rm -f /usr/sbin/policy-rc.d; POLICY_RC_OURS=0; fi
    return "$rc"
}

SSH_SKIP=""                               # why the scp rows are skipped (empty: they run)
ensure_tools() {
    local missing=() pair t
    for pair in nc:netcat-openbsd socat:socat /usr/sbin/sshd:openssh-server scp:openssh-client rsync:rsync \
                curl:curl hyperfine:hyperfine python3:python3 ss:iproute2 ip:iproute2; do
        command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}")
    done
    if ! nc -h 2>&1 | grep -q -- '-N'; then missing+=(netcat-openbsd); fi
    if [ ${#missing[@]} -gt 0 ]; then
        if [ "$(id -u)" = 0 ]; then
            say "installing with apt-get: ${missing[*]}"
            apt_install "${missing[@]}" || say "apt-get install ${missing[*]} failed: $(tail -n 3 "$OUT/apt.log" | tr '\n' ' ')"
        else
            say "missing ${missing[*]} and not root: cannot install them"
        fi
    fi
    for t in nc socat rsync curl hyperfine python3 ss ip; do
        command -v "$t" >/dev/null 2>&1 || die "$t is missing (install: ${missing[*]})"
    done
    nc -h 2>&1 | grep -q -- '-N' || die "nc is not netcat-openbsd (no -N)"
    # sshd is only needed for the scp rows: without it they are skipped, with a note in RESULTS.md.
    if [ "${NO_SSH:-0}" = 1 ]; then
        SSH_SKIP="NO_SSH=1 was set"
    elif [ ! -x /usr/sbin/sshd ] || ! command -v scp >/dev/null 2>&1 || ! command -v ssh-keygen >/dev/null 2>&1; then
        SSH_SKIP="sshd/scp (openssh-server, openssh-client) not installed and not installable here"
        say "scp rows skipped: $SSH_SKIP"
    fi
}

# ------------------------------------------------------------------------------------------- tft install
TFT="" TFT_ERR="" DAEMON_CP=""              # DAEMON_CP: the daemon's jars (for lib/TlsHandshake.java)
install_tft() {
    if [ "${NO_TFT:-0}" = 1 ]; then TFT_ERR="NO_TFT=1 was set (baselines only)"; return; fi
    if [ -n "${TFT_PREFIX:-}" ]; then
        TFT=$TFT_PREFIX/bin/tft DAEMON_CP="$TFT_PREFIX/lib/tft/daemon/*"
        [ -x "$TFT" ] || die "no $TFT"
        return
    fi
    say "installing tft into a temp PREFIX (./install.sh --no-service; builds with Maven)"
    if (cd "$REPO" && PREFIX="$OUT/prefix" ./install.sh --no-service) >"$OUT/install.log" 2>&1; then
        TFT=$OUT/prefix/bin/tft DAEMON_CP="$OUT/prefix/lib/tft/daemon/*"
        return
    fi
    say "install.sh failed ($(tail -n 2 "$OUT/install.log" | tr '\n' ' ')); fallback: mvn package + jars"
    if (cd "$REPO" && mvn -q -B -DskipTests package) >"$OUT/mvn.log" 2>&1 \
            && ls "$REPO"/cli/target/tft-cli-*.jar "$REPO"/daemon/target/tft-daemon-*.jar >/dev/null 2>&1; then
        TFT=$OUT/tft-jars DAEMON_CP="$REPO/daemon/target/*:$REPO/daemon/target/lib/*"
        cat > "$TFT" <<EOF
#!/usr/bin/env bash
# fallback launcher (as install.sh's: tft daemon -> daemon JVM, else the CLI; jars straight from target/)
if [ "\${1-}" = daemon ]; then shift; exec java \${TFT_DAEMON_JAVA_OPTS-} -cp "$REPO/daemon/target/*:$REPO/daemon/target/lib/*" dev.tft.daemon.Main "\$@"; fi
exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$REPO/cli/target/*:$REPO/cli/target/lib/*" dev.tft.cli.Main "\$@"
EOF
        chmod +x "$TFT"; return
    fi
    TFT_ERR="build failed: install.sh: $(tail -n 3 "$OUT/install.log" | tr '\n' ' ') / mvn: $(grep -m 3 ERROR "$OUT/mvn.log" | tr '\n' ' ')"
    say "tft unavailable: $TFT_ERR"
}

# Daemon JVM flags: the ones the shipped systemd unit uses, so memory figures match what users run.
DJOPTS=${BENCH_DAEMON_JAVA_OPTS-$(sed -n 's/^Environment="TFT_DAEMON_JAVA_OPTS=\(.*\)"$/\1/p' "$REPO/systemd/tft.service" 2>/dev/null | head -n 1)}
MDNS_PORT=$(( 20000 + RANDOM % 30000 ))

# start_daemon NAME PORT INBOX: prints the pid; the daemon answers status on $OUT/NAME.sock when this returns 0
start_daemon() {
    local name=$1 port=$2 inbox=$3 home=$OUT/home-$1 pid i
    mkdir -p "$home" "$inbox"
    HOME=$home TFT_DAEMON_JAVA_OPTS="$DJOPTS" TFT_SOCKET='' "$TFT" daemon --name "$name" --port "$port" \
        --bind 127.0.0.1 --socket "$OUT/$name.sock" --inbox "$inbox" --state-dir "$home/state" \
        --loopback-only --mdns-port "$MDNS_PORT" --accept anyone >"$OUT/daemon-$name.log" 2>&1 </dev/null &
    pid=$!
    for i in $(seq 1 300); do
        if python3 "$LIB/ctl.py" "$OUT/$name.sock" '{"op":"status"}' 1 >/dev/null 2>&1; then echo "$pid"; return 0; fi
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    say "daemon $name did not answer status: $(tail -n 5 "$OUT/daemon-$name.log" | tr '\n' ' ')"
    kill -TERM "$pid" 2>/dev/null
    return 1
}

# ------------------------------------------------------------------------------------------- servers
SSH_PORT="" RSYNC_PORT="" HTTP_PORT=""
# A throwaway sshd for the scp rows: 127.0.0.1 and a free high port only, its own generated ed25519 host key and one
# authorized client key, all under $OUT/ssh (deleted on exit); runs in the foreground (-D) as a child of this
# script, stopped by the exit trap. Any failure skips the scp rows (SSH_SKIP) instead of the whole run.
start_sshd() {
    local d=$OUT/ssh pid
    mkdir -p "$d" /run/sshd
    chmod 700 "$d"
    ssh-keygen -q -t ed25519 -N '' -f "$d/host_key" -C bench-host
    ssh-keygen -q -t ed25519 -N '' -f "$d/client_key" -C bench-client
    cp "$d/client_key.pub" "$d/authorized_keys"
    SSH_PORT=$(free_port)
    cat > "$d/sshd_config" <<EOF
ListenAddress 127.0.0.1
Port $SSH_PORT
HostKey $d/host_key
AuthorizedKeysFile $d/authorized_keys
AllowUsers $(id -un)
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
LoginGraceTime 30
MaxStartups 10:30:60
PidFile $d/sshd.pid
Subsystem sftp internal-sftp
EOF
    printf '[127.0.0.1]:%s %s\n' "$SSH_PORT" "$(cut -d' ' -f1,2 "$d/host_key.pub")" > "$d/known_hosts"
    cat > "$d/ssh_config" <<EOF
Host perf
  HostName 127.0.0.1
  Port $SSH_PORT
  User $(id -un)
  IdentityFile $d/client_key
  IdentitiesOnly yes
  UserKnownHostsFile $d/known_hosts
  StrictHostKeyChecking yes
  BatchMode yes
EOF
    /usr/sbin/sshd -D -e -f "$d/sshd_config" >"$OUT/sshd.log" 2>&1 &
    pid=$!
    PIDS+=("$pid")
    for _ in $(seq 1 100); do
        if ss -Hltn "sport = :$SSH_PORT" | grep -q .; then
            if timeout 30 ssh -F "$d/ssh_config" perf true >"$OUT/ssh-test.log" 2>&1; then return 0; fi
            SSH_SKIP="ssh to the throwaway sshd failed: $(tail -n 2 "$OUT/ssh-test.log" "$OUT/sshd.log" | tr '\n' ' ')"
            return 1
        fi
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    SSH_SKIP="the throwaway sshd did not start: $(tail -n 3 "$OUT/sshd.log" | tr '\n' ' ')"
    return 1
}

start_servers() {
    local i
    if [ -z "$SSH_SKIP" ] && ! start_sshd; then say "scp rows skipped: $SSH_SKIP"; fi
    RSYNC_PORT=$(free_port)
    cat > "$OUT/rsyncd.conf" <<EOF
pid file = $OUT/rsyncd.pid
use chroot = no
uid = $(id -u)
gid = $(id -g)
[dst]
path = $SHM/dst
read only = false
EOF
    rsync --daemon --no-detach --config="$OUT/rsyncd.conf" --port="$RSYNC_PORT" --address=127.0.0.1 \
        --log-file="$OUT/rsyncd.log" &
    PIDS+=("$!")
    HTTP_PORT=$(free_port)
    python3 "$LIB/put_server.py" "$HTTP_PORT" "$SHM/dst" &
    PIDS+=("$!")
    for i in $(seq 1 100); do
        if ss -Hltn "sport = :$RSYNC_PORT" | grep -q . && ss -Hltn "sport = :$HTTP_PORT" | grep -q .; then
            return 0
        fi
        sleep 0.1
    done
    die "rsyncd/upload server did not start (logs in $OUT)"
}

# ------------------------------------------------------------------------------------------- test data
make_data() {
    say "test data: $SIZE_MIB MiB file (= $CONC x $((CHUNK / 1048576)) MiB random chunk) and $SMALL_FILES x 4 KiB files in $SHM"
    mkdir -p "$SHM/dst" "$SHM/conc" "$SHM/srcsmall/small"
    head -c "$CHUNK" /dev/urandom > "$SHM/chunk.bin"
    # The big file repeats one random chunk: nothing on the path compresses or deduplicates, and the 32
    # concurrent-push sources (hard links to the chunk) add no memory.
    for _ in $(seq 1 "$CONC"); do cat "$SHM/chunk.bin"; done > "$SHM/src.bin"
    for i in $(seq -w 0 $((CONC - 1))); do ln "$SHM/chunk.bin" "$SHM/conc/c$i.bin"; done
    python3 - "$SHM/srcsmall/small" "$SMALL_FILES" "$SMALL_SIZE" <<'EOF'
import os, sys
d, n, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
for i in range(n):
    with open(os.path.join(d, "f%05d.bin" % i), "wb") as f:
        f.write(os.urandom(size))
EOF
}

# ------------------------------------------------------------------------------------------- main
say "mode: $( [ "$QUICK" = 1 ] && echo QUICK || echo full ) runs=$RUNS warm-up=$WARMUP size=${SIZE_MIB}MiB files=$SMALL_FILES"
ensure_tools
install_tft
make_data
start_servers
T0=$(date +%s)   # the per-section deadlines (rounds.py stops starting new rounds) count from here, after the build

TFT_UP=0 PID_A="" PID_B="" PID_C=""
PORT_A=$(free_port) PORT_B=$(free_port) PORT_C=$(free_port)
if [ -n "$TFT" ]; then
    say "starting daemons A (sender), B (receiver, inbox on tmpfs), C (receiver, inbox on disk); mDNS port $MDNS_PORT on 127.0.0.1"
    # start_daemon runs in $(...), a subshell: its PIDS+= is lost there, so the pids are recorded here (each as
    # soon as it is known, so the exit trap stops them whatever happens next).
    if PID_A=$(start_daemon A "$PORT_A" "$SHM/inboxA"); then PIDS+=("$PID_A")
        if PID_B=$(start_daemon B "$PORT_B" "$SHM/inboxB"); then PIDS+=("$PID_B")
            if PID_C=$(start_daemon C "$PORT_C" "$DISK/inboxC"); then PIDS+=("$PID_C"); TFT_UP=1; fi
        fi
    fi
    [ "$TFT_UP" = 1 ] || TFT_ERR="a tft daemon did not answer status within 30 s (bench/out/last/daemon-*.log)"
fi
export TFT TFT_SOCKET=$OUT/A.sock
SSHCFG=$OUT/ssh/ssh_config
CIPHER=aes128-gcm@openssh.com
Q() { printf '%q' "$1"; }   # shell-quote for the JSON specs

# 5. idle window first, on fresh daemons (nothing else of this script runs meanwhile)
if [ "$TFT_UP" = 1 ]; then
    if [ $(( $(date +%s) - START_EPOCH )) -gt 240 ] && [ "$IDLE_SECS" -gt 30 ]; then IDLE_SECS=30; fi
    say "5. idle window: ${IDLE_SECS} s, RSS and CPU of daemons A and B"
    sleep 5   # let start-up settle (JIT, first mDNS announcements) before the window opens
    python3 "$LIB/procstat.py" window "$IDLE_SECS" A="$PID_A" B="$PID_B" > "$OUT/idle.json"
    python3 "$LIB/procstat.py" reset A="$PID_A" B="$PID_B" C="$PID_C"
fi

# 1. one big file
say "1. one ${SIZE_MIB} MiB file, tmpfs -> tmpfs (and to disk), interleaved rounds"
RSYNC_URL=rsync://127.0.0.1:$RSYNC_PORT/dst
PEER_B=127.0.0.1:$PORT_B PEER_C=127.0.0.1:$PORT_C
SSH_OK=$([ -z "$SSH_SKIP" ] && echo 1 || echo 0)
# The tft rows come after the tmpfs baselines in the spec, so the warm-up round (spec order) makes "tft push" the first
# push after the daemons started: rounds.py reports it apart ("first") from the measured rounds. cpu_pids: the
# daemons' CPU per push (/proc/PID/stat before and after). Each done event is appended to push1*-done.jsonl.
python3 - "$OUT/spec1.json" <<EOF
import json, sys
shm, out, disk, size = "$SHM", "$OUT", "$DISK", $SIZE
src = shm + "/src.bin"
cmp = lambda p: "cmp %s %s" % (src, p)
size_ok = lambda p: "python3 $LIB/check.py size %s %d" % (p, size)
c = []
c.append(dict(name="nc", cmd="$LIB/pipe.sh nc %d %s %s/dst/nc.bin" % ($(free_port), src, shm),
              prepare="rm -f %s/dst/nc.bin" % shm, check=size_ok(shm + "/dst/nc.bin"), final_check=cmp(shm + "/dst/nc.bin"),
              after="rm -f %s/dst/nc.bin" % shm))
c.append(dict(name="socat -b 1048576", cmd="$LIB/pipe.sh socat %d %s %s/dst/socat.bin" % ($(free_port), src, shm),
              prepare="rm -f %s/dst/socat.bin" % shm, check=size_ok(shm + "/dst/socat.bin"),
              final_check=cmp(shm + "/dst/socat.bin"), after="rm -f %s/dst/socat.bin" % shm))
if $SSH_OK:
    c.append(dict(name="scp aes128-gcm", cmd="scp -q -F $SSHCFG -c $CIPHER %s perf:%s/dst/scp.bin" % (src, shm),
                  prepare="rm -f %s/dst/scp.bin" % shm, check=size_ok(shm + "/dst/scp.bin"),
                  final_check=cmp(shm + "/dst/scp.bin"), after="rm -f %s/dst/scp.bin" % shm))
c.append(dict(name="rsync daemon", cmd="rsync %s $RSYNC_URL/rsync.bin" % src,
              prepare="rm -f %s/dst/rsync.bin" % shm, check=size_ok(shm + "/dst/rsync.bin"),
              final_check=cmp(shm + "/dst/rsync.bin"), after="rm -f %s/dst/rsync.bin" % shm))
c.append(dict(name="curl PUT", cmd="curl -sS -f -H Expect: -T %s http://127.0.0.1:$HTTP_PORT/curl.bin" % src,
              prepare="rm -f %s/dst/curl.bin" % shm, check=size_ok(shm + "/dst/curl.bin"),
              final_check=cmp(shm + "/dst/curl.bin"), after="rm -f %s/dst/curl.bin" % shm))
if $TFT_UP:
    inb = shm + "/inboxB"
    done = lambda ev: "python3 $LIB/check.py done %s/%s.json && tail -n 1 %s/%s.json >> %s/%s-done.jsonl" % (out, ev, out, ev, out, ev)
    c.append(dict(name="tft push", cmd="\"\$TFT\" push $PEER_B %s --json > %s/push1.json" % (src, out),
                  prepare="find %s -mindepth 1 -delete" % inb,
                  check="%s && %s" % (done("push1"), size_ok(inb + "/src.bin")),
                  final_check=cmp(inb + "/src.bin"), after="find %s -mindepth 1 -delete" % inb,
                  cpu_pids={"sender": ${PID_A:-0}, "receiver": ${PID_B:-0}}, daemons="A → B"))
    c.append(dict(name="tft push (socket, no CLI JVM)",
                  cmd="python3 $LIB/ctl.py \"\$TFT_SOCKET\" '{\"op\":\"push\",\"peer\":\"$PEER_B\",\"paths\":[\"%s\"]}' 600 > %s/push1s.json" % (src, out),
                  prepare="find %s -mindepth 1 -delete" % inb,
                  check="%s && %s" % (done("push1s"), size_ok(inb + "/src.bin")),
                  final_check=cmp(inb + "/src.bin"), after="find %s -mindepth 1 -delete" % inb,
                  cpu_pids={"sender": ${PID_A:-0}, "receiver": ${PID_B:-0}}, daemons="A → B"))
    inc = disk + "/inboxC"
    c.append(dict(name="tft push to disk", cmd="\"\$TFT\" push $PEER_C %s --json > %s/push1d.json" % (src, out),
                  prepare="find %s -mindepth 1 -delete; sync" % inc,
                  check="%s && %s" % (done("push1d"), size_ok(inc + "/src.bin")),
                  final_check=cmp(inc + "/src.bin"), after="find %s -mindepth 1 -delete" % inc,
                  cpu_pids={"sender": ${PID_A:-0}, "receiver": ${PID_C:-0}}, daemons="A → C"))
c.append(dict(name="nc to disk", cmd="$LIB/pipe.sh nc %d %s %s/nc.bin" % ($(free_port), src, disk),
              prepare="rm -f %s/nc.bin; sync" % disk, check=size_ok(disk + "/nc.bin"), final_check=cmp(disk + "/nc.bin"),
              after="rm -f %s/nc.bin" % disk))
for x in c:
    x["bytes"] = size
refs = [x for x in ("socat -b 1048576", "scp aes128-gcm") if any(y["name"] == x for y in c)]
json.dump(dict(runs=$RUNS, warmup=$WARMUP, timeout=60 if $SIZE_MIB <= 2048 else 600, deadline=$T0 + 330, ref="nc",
               refs=refs, commands=c), open(sys.argv[1], "w"), indent=1)
EOF
python3 "$LIB/rounds.py" "$OUT/spec1.json" "$OUT/big.json"
if [ "$TFT_UP" = 1 ]; then
    python3 "$LIB/procstat.py" hwm A="$PID_A" B="$PID_B" C="$PID_C" > "$OUT/peak.json"
fi

# 7. the TLS handshake and the fixed cost of one push (daemons warm from section 1)
if [ "$TFT_UP" = 1 ]; then
    JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
    say "7. TLS handshake: lib/TlsHandshake.java on the daemon's jars ($HS_WARMUP warm-up + $HS_RUNS handshakes)"
    # DJOPTS: the daemon's JVM flags, word-split on purpose (a list of flags, as in the systemd unit).
    # shellcheck disable=SC2086
    if ! timeout 300 "$JAVA" $DJOPTS -cp "$DAEMON_CP" "$LIB/TlsHandshake.java" "$HS_WARMUP" "$HS_RUNS" \
            >"$OUT/handshake.json" 2>"$OUT/handshake.log"; then
        say "TlsHandshake failed: $(tail -n 3 "$OUT/handshake.log" | tr '\n' ' ')"
        rm -f "$OUT/handshake.json"
    fi
    say "7. $ZERO_RUNS pushes of a 0-byte file A -> B over the control socket (3 warm-up), TLS and raw (legacy, plain)"
    : > "$SHM/empty.bin"
    find "$SHM/inboxB" -mindepth 1 -delete
    python3 "$LIB/ctl.py" pushloop "$TFT_SOCKET" "$PEER_B" "$SHM/empty.bin" "$SHM/inboxB" "$ZERO_RUNS" 3 \
        "$OUT/zero.json" 2>"$OUT/zero.log" || say "0-byte pushes failed: $(tail -n 2 "$OUT/zero.log" | tr '\n' ' ')"
    python3 "$LIB/ctl.py" pushloop "$TFT_SOCKET" "$PEER_B" "$SHM/empty.bin" "$SHM/inboxB" "$ZERO_RUNS" 3 \
        "$OUT/zero-raw.json" raw 2>"$OUT/zero-raw.log" \
        || say "0-byte raw pushes failed: $(tail -n 2 "$OUT/zero-raw.log" | tr '\n' ' ')"
    find "$SHM/inboxB" -mindepth 1 -delete
    TT_CLASSES=$REPO/transfer/target/test-classes
    if [ "${TLS_THROUGHPUT:-0}" = 1 ]; then
        if [ -f "$TT_CLASSES/dev/tft/transfer/bench/TlsThroughput.class" ]; then
            say "7. TLS_THROUGHPUT=1: transfer/.../bench/TlsThroughput (in-process TLS vs plain, 3 x 2 GiB each)"
            mkdir -p "$OUT/tlskeys"
            # shellcheck disable=SC2086
            timeout 600 "$JAVA" $DJOPTS -cp "$TT_CLASSES:$DAEMON_CP" dev.tft.transfer.bench.TlsThroughput \
                "$OUT/tlskeys" >"$OUT/tlsthroughput.log" 2>&1 \
                || say "TlsThroughput failed: $(tail -n 3 "$OUT/tlsthroughput.log" | tr '\n' ' ')"
        else
            echo "not run: no $TT_CLASSES/dev/tft/transfer/bench/TlsThroughput.class (mvn test-compile builds it)" \
                > "$OUT/tlsthroughput.log"
        fi
    fi
fi

# 2. many small files
say "2. $SMALL_FILES files of 4 KiB in one directory, interleaved rounds"
python3 - "$OUT/spec2.json" <<EOF
import json, sys
shm, out, n, fs = "$SHM", "$OUT", $SMALL_FILES, $SMALL_SIZE
src = shm + "/srcsmall/small"
tree = lambda d: "python3 $LIB/check.py tree %s %d %d" % (d, n, n * fs)
fresh = lambda d: "rm -rf %s && mkdir -p %s" % (d, d)
diff = lambda d: "diff -r %s %s/small" % (src, d)
c = []
c.append(dict(name="tar | nc", cmd="$LIB/pipe.sh tarnc %d %s %s/dst/tarnc" % ($(free_port), src, shm),
              prepare=fresh(shm + "/dst/tarnc"), check=tree(shm + "/dst/tarnc"), final_check=diff(shm + "/dst/tarnc"),
              after="rm -rf %s/dst/tarnc" % shm))
if $SSH_OK:
    c.append(dict(name="scp -r aes128-gcm", cmd="scp -q -r -F $SSHCFG -c $CIPHER %s perf:%s/dst/scp/" % (src, shm),
                  prepare=fresh(shm + "/dst/scp"), check=tree(shm + "/dst/scp"), final_check=diff(shm + "/dst/scp"),
                  after="rm -rf %s/dst/scp" % shm))
c.append(dict(name="rsync -a (daemon)", cmd="rsync -a %s $RSYNC_URL/rsync/" % src,
              prepare=fresh(shm + "/dst/rsync"), check=tree(shm + "/dst/rsync"), final_check=diff(shm + "/dst/rsync"),
              after="rm -rf %s/dst/rsync" % shm))
if $TFT_UP:
    inb = shm + "/inboxB"
    c.append(dict(name="tft push (directory)", cmd="\"\$TFT\" push $PEER_B %s --json > %s/push2.json" % (src, out),
                  prepare="find %s -mindepth 1 -delete" % inb,
                  check="python3 $LIB/check.py done %s/push2.json && %s" % (out, tree(inb)),
                  final_check=diff(inb), after="find %s -mindepth 1 -delete" % inb))
for x in c:
    x["files"] = n
    x["bytes"] = n * fs
json.dump(dict(runs=$RUNS, warmup=$WARMUP, timeout=60, deadline=$T0 + 450, ref="tar | nc", commands=c), open(sys.argv[1], "w"), indent=1)
EOF
python3 "$LIB/rounds.py" "$OUT/spec2.json" "$OUT/small.json"

# 3. control latency
if [ "$TFT_UP" = 1 ]; then
    say "3. tft peers / tft status latency (hyperfine, $LAT_RUNS runs) vs socat on the same socket"
    printf '{"op":"peers"}\n' > "$OUT/req-peers.json"
    printf '{"op":"status"}\n' > "$OUT/req-status.json"
    "$TFT" peers > "$OUT/peers.txt" 2>&1 || true
    "$TFT" status > "$OUT/status.txt" 2>&1 || true
    hyperfine -N --style basic --warmup 3 --runs "$LAT_RUNS" --export-json "$OUT/latency.json" \
        -n "tft peers" "$TFT peers" -n "tft status" "$TFT status" \
        -n "socat peers" "socat OPEN:$OUT/req-peers.json!!STDOUT UNIX-CONNECT:$TFT_SOCKET" \
        -n "socat status" "socat OPEN:$OUT/req-status.json!!STDOUT UNIX-CONNECT:$TFT_SOCKET" \
        >"$OUT/hyperfine.log" 2>&1 || say "hyperfine failed: $(tail -n 3 "$OUT/hyperfine.log")"
fi

# 6. concurrency
if [ "$TFT_UP" = 1 ]; then
    say "6. $CONC concurrent pushes of $((CHUNK / 1048576)) MiB into daemon B, interleaved rounds"
    python3 - "$OUT/spec6.json" <<EOF
import json, sys
shm, out, conc, chunk = "$SHM", "$OUT", $CONC, $CHUNK
inb = shm + "/inboxB"
files = " ".join("%s/conc/c%02d.bin" % (shm, i) for i in range(conc))
verify = ("python3 $LIB/check.py tree %s %d %d && for f in %s/c*.bin; do cmp %s/chunk.bin \$f || exit 1; done"
          % (inb, conc, conc * chunk, inb, shm))
c = [dict(name="%d x tft push (CLI)" % conc, cmd="$LIB/par.sh cli %s/par-cli $PEER_B %s" % (out, files),
          prepare="find %s -mindepth 1 -delete" % inb, check=verify, after="find %s -mindepth 1 -delete" % inb),
     dict(name="%d x push (socket)" % conc, cmd="$LIB/par.sh socket %s/par-sock $PEER_B %s" % (out, files),
          prepare="find %s -mindepth 1 -delete" % inb, check=verify, after="find %s -mindepth 1 -delete" % inb)]
for x in c:
    x["bytes"] = conc * chunk
json.dump(dict(runs=$RUNS, warmup=$WARMUP, timeout=90, deadline=$T0 + 520, ref=None, commands=c), open(sys.argv[1], "w"), indent=1)
EOF
    python3 "$LIB/rounds.py" "$OUT/spec6.json" "$OUT/conc.json"
    python3 "$LIB/procstat.py" window 10 A="$PID_A" B="$PID_B" > "$OUT/after.json"
fi

# 4. discovery (namespaces)
DISC_SKIP=""
if [ "${SKIP_DISCOVERY:-0}" = 1 ]; then DISC_SKIP="SKIP_DISCOVERY=1 was set"
elif [ "$TFT_UP" != 1 ]; then DISC_SKIP="tft is not running (see above)"
elif [ "$(id -u)" != 0 ]; then DISC_SKIP="not root: network namespaces cannot be made"
elif ! ip netns add "tftb$(( $$ % 100000 ))probe" 2>"$OUT/netns.err"; then DISC_SKIP="ip netns add failed: $(cat "$OUT/netns.err")"
else ip netns del "tftb$(( $$ % 100000 ))probe"; fi
if [ -z "$DISC_SKIP" ]; then
    say "4. discovery in two network namespaces (veth, 10.203.77.0/24 inside only)"
    python3 "$LIB/discovery.py" "$TFT" "$OUT/disc" "$RUNS" 1 "$OUT/discovery.json" "$DJOPTS" || true
else
    say "4. discovery skipped: $DISC_SKIP"
fi

# report
END_EPOCH=$(date +%s)
python3 "$LIB/report.py" --out "$RESULTS" --dir "$OUT" --quick "$QUICK" --elapsed $((END_EPOCH - START_EPOCH)) \
    --tft "$TFT" --tft-error "$TFT_ERR" --disc-skip "$DISC_SKIP" --idle-secs "$IDLE_SECS" --djopts "$DJOPTS" \
    --size "$SIZE" --small "$SMALL_FILES" --conc "$CONC" --chunk "$CHUNK" --runs "$RUNS" --warmup "$WARMUP" \
    --repo "$REPO" --ssh-port "$SSH_PORT" --shm "$SHM" --ssh-skip "$SSH_SKIP" --summary "$OUT/summary.md"
# the goal tables and the encrypted-push rows, also on the terminal
cat "$OUT/summary.md" 2>/dev/null || say "no summary (report.py failed?)"
say "done in $((END_EPOCH - START_EPOCH)) s: $RESULTS"
