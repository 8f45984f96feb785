#!/usr/bin/env bash
# pipe.sh MODE PORT SRC DST - one transfer with a generic pipe tool over TCP 127.0.0.1:PORT (the push.sh pattern
# used for the baselines): start the listener, wait until it listens, run the sender, wait for the listener.
#   nc     nc -l > DST  /  nc -N < SRC                       (netcat-openbsd)
#   socat  socat -b 1048576 (1 MiB buffer) both ends
#   tarnc  nc -l | tar -x -C DST  /  tar -c SRC | nc -N     (SRC a directory; DST an existing directory)
set -euo pipefail
mode=$1 port=$2 src=$3 dst=$4

wait_listen() {
    for _ in $(seq 1 500); do
        if ss -Hltn "sport = :$port" 2>/dev/null | grep -q .; then return 0; fi
        kill -0 "$1" 2>/dev/null || { echo "listener exited early" >&2; exit 1; }
        sleep 0.01
    done
    echo "listener on port $port did not come up" >&2
    exit 1
}

case "$mode" in
    nc)
        nc -l 127.0.0.1 "$port" > "$dst" < /dev/null &
        l=$!; wait_listen "$l"
        nc -N 127.0.0.1 "$port" < "$src"
        wait "$l" ;;
    socat)
        socat -b 1048576 -u "TCP-LISTEN:$port,bind=127.0.0.1,reuseaddr" "OPEN:$dst,creat,trunc,wronly" &
        l=$!; wait_listen "$l"
        socat -b 1048576 -u "OPEN:$src,rdonly" "TCP:127.0.0.1:$port"
        wait "$l" ;;
    tarnc)
        ( nc -l 127.0.0.1 "$port" < /dev/null | tar -x -C "$dst" ) &
        l=$!; wait_listen "$l"
        tar -c -C "$(dirname "$src")" "$(basename "$src")" | nc -N 127.0.0.1 "$port"
        wait "$l" ;;
    *) echo "pipe.sh: unknown mode $mode" >&2; exit 64 ;;
esac
