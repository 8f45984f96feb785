#!/usr/bin/env bash
# systest/faults/fuzz-long.sh - longer Jazzer fuzzing of every @FuzzTest target (cases HDR-12, CTL-03/06).
#
#   systest/faults/fuzz-long.sh [SECONDS_PER_TARGET] [module:Class#method ...]
#
# Default: 300 s per target, all targets below. Each runs as `JAZZER_FUZZ=1 mvn test -Dtest=Class#method` with
# -Djazzer.max_duration, so the run is bounded (plus build/JVM start). Findings land in the module's
# src/test/resources/<package>/<Class>Inputs/<method>/ as crash-* files: commit them and they replay in every
# `mvn verify`. Exit: 0 no finding, 1 some target failed, 64 bad arguments.
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRC=$(cd "$HERE/../.." && pwd)
SECS=${1:-300}
case "$SECS" in ''|*[!0-9]*) echo "usage: $0 [SECONDS_PER_TARGET] [module:Class#method ...]" >&2; exit 64 ;; esac
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(
    transfer:WireCodecFuzzTest#headerParserThrowsOnlyProtocolExceptions
    transfer:WireCodecFuzzTest#frameParserThrowsOnlyProtocolExceptions
    transfer:NamePolicyFuzzTest
    control:ControlCodecFuzzTest#decodeRequest
    daemon:ControlLineFuzzTest#everyLineGetsAWellFormedReply
)
# the receiver's connection handler, once its target exists
[ $# -eq 0 ] && [ -f "$SRC/transfer/src/test/java/dev/tft/transfer/ReceiverFuzzTest.java" ] \
    && TARGETS+=(transfer:ReceiverFuzzTest)

cd "$SRC" || exit 1
# the modules a target depends on must be installed for `-pl`; build them once, tests skipped
timeout 900 mvn -q -B -DskipTests install > /tmp/tft-fuzz-build.log 2>&1 \
    || { echo "fuzz-long: build failed, see /tmp/tft-fuzz-build.log"; exit 1; }
failed=0
for t in "${TARGETS[@]}"; do
    module=${t%%:*}; test=${t#*:}
    echo "fuzz-long: $module $test for ${SECS}s"
    if ! JAZZER_FUZZ=1 timeout $((SECS + 300)) mvn -q -B -pl "$module" test -Dtest="$test" \
            -Dsurefire.failIfNoSpecifiedTests=false -Djazzer.max_duration="${SECS}s" \
            -DargLine="-Xmx1g -Djazzer.max_duration=${SECS}s" > "/tmp/tft-fuzz-$module-${test//[#:]/_}.log" 2>&1; then
        echo "fuzz-long: FINDING or failure in $t (log: /tmp/tft-fuzz-$module-${test//[#:]/_}.log)"
        failed=1
    fi
done
echo "fuzz-long: done, $([ $failed = 0 ] && echo "no findings" || echo "see the logs above")"
exit $failed
