#!/usr/bin/env bash
# scenarios_consent.sh - scenario 12: consent and trust as a user meets them, across namespaces: a first push is
# held until the owner accepts (and trusts), the next one goes straight in; a legacy nc push waits, is rejected,
# then passes through an open window; two owners pair with the same code and push without asking.
# Sourced by run.sh after scenarios.sh (fail, info, sha, mkrand, elapsed) and tft.sh (cli, daemon_*, wait_peers).

# wait_for SECONDS COMMAND...: polls COMMAND every 0.2 s until it succeeds; fails after SECONDS
wait_for() {
    local end=$((SECONDS + $1))
    shift
    while [ $SECONDS -lt "$end" ]; do
        "$@" && return 0
        sleep 0.2
    done
    return 1
}

pending_has() { cli "$1" pending --json 2> /dev/null | grep -q "$2"; }
stored() { [ -f "$(hinbox "$1")/$2" ]; }

scenario_12() {
    local src t0 out rc code_c code_d
    ensure_daemons a
    daemon_stop c TERM || true
    daemon_stop d TERM || true
    rm -rf "$(hdir c)/state" "$(hdir d)/state"   # new machines: nothing trusted yet
    daemon_start c charlie --accept ask || fail "charlie did not start with --accept ask"
    daemon_start d delta --accept ask || fail "delta did not start with --accept ask"
    wait_peers a 30 up charlie "$(bed_addr c)" > /dev/null || fail "alpha does not see charlie"
    src=$(htmp a)/s12
    mkdir -p "$src"
    mkrand "$src/first.bin" 2000000
    mkrand "$src/second.bin" 1000

    # 1. first contact: held, nothing on disk, accepted with --trust
    t0=$(date +%s.%N)
    CLI_TIMEOUT=120 cli a push charlie "$src/first.bin" > "$src/first.out" 2>&1 &
    local pushpid=$!
    wait_for 30 pending_has c first.bin || fail "charlie: the first push is not pending ($(cat "$src/first.out"))"
    [ -z "$(find "$(hinbox c)" -mindepth 1 -print -quit)" ] || fail "charlie's inbox is not empty while the push is held"
    info "first push held on charlie: $(cli c pending | head -2 | tail -1)"
    cli c accept --trust > "$src/accept.out" 2>&1 || fail "tft accept --trust failed: $(cat "$src/accept.out")"
    rc=0; wait "$pushpid" || rc=$?
    [ "$rc" = 0 ] || fail "the held push did not succeed after accept (exit $rc): $(cat "$src/first.out")"
    grep -q "waiting for charlie to accept" "$src/first.out" || fail "the sender did not say it was waiting: $(cat "$src/first.out")"
    [ "$(sha "$(hinbox c)/first.bin")" = "$(sha "$src/first.bin")" ] || fail "first.bin differs at charlie"
    info "accepted with --trust after $(elapsed "$t0") s: $(cat "$src/accept.out")"

    # 2. trusted now: the next push goes straight in
    out=$(cli a push charlie "$src/second.bin" 2>&1) || fail "second push failed: $out"
    echo "$out" | grep -q waiting && fail "the second push waited although alpha is trusted: $out"
    stored c second.bin || fail "second.bin not stored"
    info "second push from the trusted alpha stored without asking"

    # 3. a legacy push waits for the owner: rejected, then let through by an open window
    # shellcheck disable=SC2016  # $1 and $2 are the inner bash's arguments
    in_host a timeout 60 bash -c '{ printf "%-1024s" "$1|5"; printf hello; } | nc -N "$2" 5001' _ "nc-held.txt" \
        "$(bed_addr c)" > /dev/null 2>&1 &
    local ncpid=$!
    wait_for 30 pending_has c nc-held.txt || fail "charlie: the legacy push is not pending"
    cli c pending | grep -q "legacy push from" || fail "tft pending does not name the legacy push"
    cli c reject > /dev/null || fail "tft reject failed"
    wait "$ncpid" || true
    stored c nc-held.txt && fail "a rejected legacy push was stored"
    cli c open 1m > "$src/open.out" || fail "tft open failed"
    # shellcheck disable=SC2016  # $1 and $2 are the inner bash's arguments
    in_host a timeout 30 bash -c '{ printf "%-1024s" "$1|5"; printf hello; } | nc -N "$2" 5001' _ "nc-open.txt" \
        "$(bed_addr c)" > /dev/null 2>&1 || true
    wait_for 20 stored c nc-open.txt || fail "the legacy push was not stored during the open window"
    cli c open --off > /dev/null || fail "tft open --off failed"
    info "legacy push: held, rejected (nothing stored), then stored during 'tft open' ($(head -c 120 "$src/open.out"))"

    # 4. pairing: both owners run tft pair within two minutes and see one code
    wait_peers c 30 up delta "$(bed_addr d)" > /dev/null || fail "charlie does not see delta"
    wait_peers d 30 up charlie "$(bed_addr c)" > /dev/null || fail "delta does not see charlie"
    CLI_TIMEOUT=150 cli c pair delta --yes > "$src/pair-c.out" 2>&1 &
    local pc=$!
    CLI_TIMEOUT=150 cli d pair charlie --yes > "$src/pair-d.out" 2>&1 || fail "tft pair on delta failed: $(cat "$src/pair-d.out")"
    wait "$pc" || fail "tft pair on charlie failed: $(cat "$src/pair-c.out")"
    code_c=$(grep -o 'pairing code: [0-9]\{3\} [0-9]\{3\}' "$src/pair-c.out")
    code_d=$(grep -o 'pairing code: [0-9]\{3\} [0-9]\{3\}' "$src/pair-d.out")
    if [ -z "$code_c" ] || [ "$code_c" != "$code_d" ]; then
        fail "the two screens show different codes: '$code_c' / '$code_d'"
    fi
    out=$(cli d push charlie "$src/second.bin" 2>&1) || fail "push after pairing failed: $out"
    echo "$out" | grep -q waiting && fail "a push between paired machines waited: $out"
    cli c trust | grep -q delta || fail "charlie does not list delta as trusted"
    info "paired charlie and delta ($code_c on both screens); delta's push stored without asking"

    # 5. history survives and lists all of the above
    daemon_stop c TERM || fail "charlie did not stop"
    daemon_start c charlie --accept ask || fail "charlie did not restart"
    out=$(cli c history -n 20)
    for want in first.bin second.bin nc-open.txt rejected; do
        echo "$out" | grep -q "$want" || fail "charlie's history after a restart lacks '$want': $out"
    done
    info "history after a restart: $(echo "$out" | wc -l) lines, stored and rejected pushes listed"
}
