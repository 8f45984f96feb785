#!/usr/bin/env bash
# par.sh MODE OUTDIR PEER FILE... - one push per FILE, all started at once, into the same peer; waits for all.
#   cli     `tft push PEER FILE --json` per file (a CLI JVM each; TFT and TFT_SOCKET from the environment)
#   socket  the same push requests written straight to the control socket by one python process (lib/ctl.py
#           pushall: a thread per push, no CLI JVM per push)
# Exit 0 only when every push exited 0 and its last event is {"event":"done","ok":true}; OUTDIR/N.json keeps each
# push's event stream, OUTDIR/N.rc its exit code.
set -uo pipefail
mode=$1 outdir=$2 peer=$3; shift 3
rm -rf "$outdir"; mkdir -p "$outdir"
if [ "$mode" = socket ]; then
    exec python3 "$(dirname "${BASH_SOURCE[0]}")/ctl.py" pushall "$TFT_SOCKET" "$peer" "$outdir" "$@"
fi
pids=() i=0
for f in "$@"; do
    ( "$TFT" push "$peer" "$f" --json > "$outdir/$i.json" 2> "$outdir/$i.err"; echo $? > "$outdir/$i.rc" ) &
    pids+=($!); i=$((i + 1))
done
for p in "${pids[@]}"; do wait "$p"; done
bad=0
for ((j = 0; j < i; j++)); do
    rc=$(cat "$outdir/$j.rc" 2>/dev/null || echo missing)
    if [ "$rc" != 0 ] || ! tail -n 1 "$outdir/$j.json" | grep -q '"ok":true'; then
        bad=$((bad + 1))
        [ "$bad" -le 3 ] && echo "push $j (${*:$((j + 1)):1}) failed: exit $rc; $(tail -c 300 "$outdir/$j.json") $(tail -c 300 "$outdir/$j.err")" >&2
    fi
done
[ "$bad" = 0 ] || { echo "$bad of $i pushes failed" >&2; exit 1; }
