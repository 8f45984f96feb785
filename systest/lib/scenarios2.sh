# shellcheck shell=bash
# scenarios2.sh - scenarios 6 (avahi interop), 7 (legacy nc push) and 8 (discovery timings); see scenarios.sh.

# ---------------------------------------------------------------- 6: avahi interop
# Policy (PROTOCOL.md B §2): a _tft._tcp service is a peer only if its TXT has a valid `id`
# (16-64 chars of [a-z0-9]); without it the service is refused (not listed).
scenario_6() {
    local bus out avid ver p1 p2 l
    for c in avahi-daemon avahi-browse avahi-publish-service dbus-daemon unshare; do
        command -v "$c" > /dev/null || fail "$c is not installed (apt-get install avahi-daemon avahi-utils dbus)"
    done
    ensure_daemons a b
    wait_peers a 30 up bravo "$(bed_addr b)" > /dev/null || fail "alpha does not see bravo"
    bus=$(bed_avahi v "$WORK/avahi") || fail "avahi-daemon did not start in $(bed_ns v)"
    trap 'kill $(ip netns pids "$(bed_ns v)") 2>/dev/null || true' EXIT
    info "avahi-daemon + private dbus-daemon up in $(bed_ns v)"
    out=$WORK/avahi/browse.txt
    local end=$((SECONDS + 20)) ok=""
    while [ $SECONDS -lt $end ]; do
        timeout 10 ip netns exec "$(bed_ns v)" env DBUS_SYSTEM_BUS_ADDRESS="$bus" avahi-browse -rpt _tft._tcp \
            > "$out" 2> "$out.err" || true
        if python3 "$HERE/lib/avahi_check.py" "$out" "alpha=$(hid a)=$(bed_addr a)" "bravo=$(hid b)=$(bed_addr b)" \
                > "$out.check" 2>&1; then
            ok=1
            break
        fi
        sleep 1
    done
    [ -n "$ok" ] || fail "avahi-browse -rpt _tft._tcp does not show alpha and bravo with TXT id/version/name/os: $(cat "$out.check" "$out.err" | head -c 600)"
    sed 's/^/    /' "$out.check"
    ver=$(grep -o 'version=[^ ]*' "$out.check" | head -n 1 | cut -d= -f2)
    # a foreign peer with our TXT keys, and a bare service without them; a listener on 5001 stands in for it
    avid=$(python3 -c 'import secrets, string; print("avahi" + "".join(secrets.choice(string.ascii_lowercase + string.digits) for _ in range(21)))')
    spawn /dev/null ip netns exec "$(bed_ns v)" timeout 120 nc -lk 5001
    spawn "$WORK/avahi/pub1.log" ip netns exec "$(bed_ns v)" env DBUS_SYSTEM_BUS_ADDRESS="$bus" timeout 120 \
        avahi-publish-service -s avahi-peer _tft._tcp 5001 "id=$avid" "name=avahi-peer" "version=${ver:-1}" "os=linux"
    p1=$!
    spawn "$WORK/avahi/pub2.log" ip netns exec "$(bed_ns v)" env DBUS_SYSTEM_BUS_ADDRESS="$bus" timeout 120 \
        avahi-publish-service -s avahi-bare _tft._tcp 5001
    p2=$!
    l=$(wait_peers a 20 up avahi-peer "$(bed_addr v)") \
        || fail "a service published with avahi-publish-service (valid TXT id) is not listed by alpha"
    info "avahi-publish-service peer (id=$avid) listed by alpha after ${l} s with address $(bed_addr v)"
    sleep 3
    out=$(python3 "$PEERCTL" peers "$(hsock a)")
    if grep -q '"avahi-bare"' <<< "$out"; then
        fail "a _tft._tcp service without our TXT keys is listed (docs say it is refused)"
    fi
    info "service without a TXT id (avahi-bare) refused: not listed by alpha 3 s after avahi-peer was"
    kill "$p1" "$p2" 2> /dev/null || true
}

# ---------------------------------------------------------------- 7: legacy push (seed header) with nc
scenario_7() {
    local src file size name end got=""
    command -v nc > /dev/null || fail "nc is not installed (apt-get install netcat-openbsd)"
    ensure_daemons b
    src=$(htmp a)/s7
    mkdir -p "$src"
    name=legacy-push.bin
    file=$src/$name
    mkrand "$file" 300000
    size=$(stat -c %s "$file")
    # exactly the seed's sender: a 1024-byte space-padded "name|size" header, then the bytes
    # shellcheck disable=SC2016  # $1..$4 are the inner bash's arguments, expanded there
    in_host a timeout 30 bash -c '{ printf "%-1024s" "$1|$2"; cat "$3"; } | nc "$4" 5001' _ \
        "$name" "$size" "$file" "$(bed_addr b)" > "$src/nc.out" 2>&1 &
    local ncpid=$! t0
    t0=$(date +%s.%N)
    end=$((SECONDS + 30))
    while [ $SECONDS -lt $end ]; do
        if [ -f "$(hinbox b)/$name" ] && [ "$(stat -c %s "$(hinbox b)/$name")" = "$size" ]; then got=1; break; fi
        sleep 0.2
    done
    [ -n "$got" ] || fail "the legacy push did not store $name in bravo's inbox within 30 s (inbox: $(find "$(hinbox b)" -mindepth 1 -maxdepth 1 -printf '%f\n' | sort | head -c 300); nc: $(head -c 200 "$src/nc.out"))"
    [ "$(sha "$(hinbox b)/$name")" = "$(sha "$file")" ] || fail "legacy push: sha256 differs"
    info "legacy nc push stored $name ($size B, sha256 equal) after $(elapsed "$t0") s"
    local rc=0
    for _ in $(seq 1 50); do kill -0 "$ncpid" 2> /dev/null || break; sleep 0.1; done
    if kill -0 "$ncpid" 2> /dev/null; then
        info "note: nc still connected 5 s after the file was stored (the receiver keeps the connection open)"
        kill "$ncpid" 2> /dev/null || true
    else
        wait "$ncpid" || rc=$?
        info "nc exited with $rc"
    fi
}

# ---------------------------------------------------------------- 8: discovery timings
# measured from the kernel clock shared by all namespaces; observers alpha and bravo poll their tables over the
# control socket every 50 ms. Goals (discovery issue): appear <= 2 s, clean leave <= 2 s, crash <= 15 s.
# Asserted: liveness (appears within 30 s, leaves within 20 s after a clean stop) and the crash bound 15 s.
scenario_8() {
    local reps=${TFTST_REPS:-1} t0 ta tb ready id tab=$WORK/timings.txt bad="" pids
    ensure_daemons a b
    daemon_stop g TERM || true
    wait_peers a 30 gone golf -- up bravo "$(bed_addr b)" > /dev/null || fail "alpha: golf still listed or bravo missing"
    : > "$tab.rows"
    for _ in $(seq 1 "$reps"); do
        # appear: launch -> listed up (with its address) by each observer
        measure_start a 30 up golf "$(bed_addr g)"; measure_start b 30 up golf "$(bed_addr g)"
        t0=$(date +%s.%N)
        daemon_start g golf || fail "golf did not start"
        ta=$(measure_end a "$t0") || fail "liveness: golf did not appear at alpha within 30 s"
        tb=$(measure_end b "$t0") || fail "liveness: golf did not appear at bravo within 30 s"
        ready=$(ready_offset g "$t0")
        echo "appear|<= 2 s|$ta|$tb|launch -> listed up (JVM start incl.; 'daemon ready' logged after $ready s)" >> "$tab.rows"
        echo "appear after ready|<= 2 s|$(minus "$ta" "$ready")|$(minus "$tb" "$ready")|'daemon ready' log line -> listed up" >> "$tab.rows"
        # clean leave: SIGTERM -> gone
        measure_start a 20 gone golf; measure_start b 20 gone golf
        t0=$(date +%s.%N)
        mapfile -t pids < <(daemon_pids g)
        kill -TERM "${pids[@]}"
        ta=$(measure_end a "$t0") || fail "liveness: golf still up at alpha 20 s after a clean stop"
        tb=$(measure_end b "$t0") || fail "liveness: golf still up at bravo 20 s after a clean stop"
        daemon_stop g TERM || true
        echo "clean leave|<= 2 s|$ta|$tb|SIGTERM -> absent or gone" >> "$tab.rows"
        # crash: kill -9 -> gone
        daemon_start g golf || fail "golf did not restart"
        id=$(hid g)
        { wait_peers a 30 up golf > /dev/null && wait_peers b 30 up golf > /dev/null; } || fail "golf not back at alpha and bravo"
        measure_start a 20 idgone "$id"; measure_start b 20 idgone "$id"
        t0=$(date +%s.%N)
        mapfile -t pids < <(daemon_pids g)
        kill -KILL "${pids[@]}"
        ta=$(measure_end a "$t0") || ta=">20"
        tb=$(measure_end b "$t0") || tb=">20"
        echo "crash (kill -9)|<= 15 s|$ta|$tb|asserted" >> "$tab.rows"
        python3 -c "import sys; sys.exit(0 if all(x[0] != '>' and float(x) <= 15 for x in sys.argv[1:]) else 1)" "$ta" "$tb" \
            || bad="crash not detected within 15 s (alpha $ta s, bravo $tb s)"
        daemon_stop g KILL || true
    done
    { printf '%-19s %-8s %-9s %-9s %s\n' event goal alpha bravo note
      while IFS='|' read -r ev goal a b note; do
          printf '%-19s %-8s %-9s %-9s %s\n' "$ev" "$goal" "$a s" "$b s" "$note"
      done < "$tab.rows"; } > "$tab"
    sed 's/^/    /' "$tab"
    [ -z "$bad" ] || fail "$bad"
}

# measure_start OBS TIMEOUT COND ARGS...: starts a background poller; measure_end OBS T0 prints seconds since T0
measure_start() {
    local h=$1 t=$2
    shift 2
    ( PEERCTL_EPOCH=1 wait_peers "$h" "$t" "$@" > "$WORK/measure.$h" 2> "$WORK/measure.$h.err"; echo $? > "$WORK/measure.$h.rc" ) &
    echo $! > "$WORK/measure.$h.pid"
    sleep 0.2
}

measure_end() {
    local h=$1 t0=$2 pid
    pid=$(cat "$WORK/measure.$h.pid")
    while kill -0 "$pid" 2> /dev/null; do sleep 0.05; done
    [ "$(cat "$WORK/measure.$h.rc")" = 0 ] || return 1
    python3 -c "import sys; print('%.2f' % (float(sys.argv[1]) - float(sys.argv[2])))" "$(cat "$WORK/measure.$h")" "$t0"
}

# ready_offset HOST T0: seconds from T0 (epoch) to the last "tft daemon ready" line of the host's daemon log
# (the log stamps HH:MM:SS.mmm in local time; "?" when there is none)
ready_offset() {
    python3 - "$(hdir "$1")/daemon.log" "$2" <<'EOF' || echo "?"
import datetime, re, sys
t0 = float(sys.argv[2])
stamp = None
for line in open(sys.argv[1], errors="replace"):
    m = re.match(r"(\d\d):(\d\d):(\d\d)\.(\d{3}) .*tft daemon ready", line)
    if m:
        stamp = m
if not stamp:
    sys.exit(1)
day = datetime.datetime.fromtimestamp(t0)
h, mi, se, ms = (int(x) for x in stamp.groups())
ready = day.replace(hour=h, minute=mi, second=se, microsecond=ms * 1000).timestamp()
print("%.2f" % (ready - t0))
EOF
}

minus() { python3 -c "import sys; print('%.2f' % (float(sys.argv[1]) - float(sys.argv[2])))" "$1" "$2" 2> /dev/null || echo "?"; }
