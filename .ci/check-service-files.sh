#!/usr/bin/env bash
# check-service-files.sh - lint the service files as code (every line says why, docs/SECURITY-CASES.md SVC-01/SVC-04):
#   systemd/tft.service  substituted like install.sh does, then `systemd-analyze verify` (user mode) must be clean,
#                        `systemd-analyze security --user --offline=yes` exposure <= 3.0, required directives present,
#                        forbidden ones absent, every directive preceded by a comment line;
#   launchd/dev.tft.daemon.plist  substituted, parsed with python3 plistlib, required keys and values checked.
# Needs: systemd (systemd-analyze), python3. Runs unprivileged or as root; touches only a temp dir.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MAX_EXPOSURE=${MAX_EXPOSURE:-3.0}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/tft-svc-check.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
fail=0
ok() { printf 'check-service-files: ok   %s\n' "$*"; }
bad() { printf 'check-service-files: FAIL %s\n' "$*" >&2; fail=1; }

# ---------------------------------------------------------------- systemd
unit_src=$ROOT/systemd/tft.service
prefix=$TMP/prefix
mkdir -p "$prefix/bin" "$TMP/run" "$TMP/home"
chmod 700 "$TMP/run"
# verify checks that ExecStart's program exists and is executable: give it a stand-in launcher.
printf '#!/bin/sh\nexit 0\n' > "$prefix/bin/tft"
chmod 755 "$prefix/bin/tft"
sed "s|@PREFIX@|$prefix|g" "$unit_src" > "$TMP/tft.service"

if grep -n '@[A-Z_]*@' "$TMP/tft.service" >/dev/null; then bad "unsubstituted placeholder left in the unit"; fi
if grep -q '^ExecStart=@PREFIX@/bin/tft daemon$' "$unit_src"; then
    ok "ExecStart uses the @PREFIX@ placeholder install.sh substitutes"
else
    bad "ExecStart must be exactly 'ExecStart=@PREFIX@/bin/tft daemon' (install.sh substitutes it)"
fi

# systemd-analyze needs XDG_RUNTIME_DIR in --user mode even offline; a private one keeps the real one untouched.
if out=$(cd "$TMP" && XDG_RUNTIME_DIR=$TMP/run HOME=$TMP/home systemd-analyze --user verify ./tft.service 2>&1) \
        && [ -z "$out" ]; then
    ok "systemd-analyze --user verify: clean"
else
    bad "systemd-analyze --user verify reported:"; printf '%s\n' "$out" >&2
fi

sec=$(cd "$TMP" && XDG_RUNTIME_DIR=$TMP/run HOME=$TMP/home \
    systemd-analyze security --user --offline=yes ./tft.service 2>&1) || true
score=$(printf '%s\n' "$sec" | sed -n 's/.*Overall exposure level for tft.service: \([0-9.]*\).*/\1/p')
if [ -z "$score" ]; then
    bad "systemd-analyze security printed no exposure level:"; printf '%s\n' "$sec" | tail -n 20 >&2
elif awk -v s="$score" -v m="$MAX_EXPOSURE" 'BEGIN { exit !(s <= m) }'; then
    ok "systemd-analyze security --user --offline=yes: exposure $score <= $MAX_EXPOSURE"
else
    bad "exposure $score > $MAX_EXPOSURE"; printf '%s\n' "$sec" | grep '✗' >&2 || true
fi

# Musts: locale, restart and stop budgets, umask, sandbox (exact lines, so a typo cannot pass silently).
for line in 'Environment=LANG=C.UTF-8' 'SuccessExitStatus=143' 'UMask=0077' 'NoNewPrivileges=yes' \
        'ProtectSystem=strict' 'ProtectHome=read-only' 'ReadWritePaths=%h/Downloads/tft %h/.local/state/tft' \
        'RuntimeDirectory=tft' 'RuntimeDirectoryMode=0700' 'Restart=on-failure' 'StartLimitIntervalSec=300' \
        'StartLimitBurst=5' 'TimeoutStopSec=15s' 'KillMode=mixed' 'WantedBy=default.target'; do
    if grep -qxF "$line" "$unit_src"; then ok "unit has $line"; else bad "unit lacks the line: $line"; fi
done
# Forbidden: MemoryDenyWriteExecute breaks the JIT; IPAddressDeny/Allow are not enforced in user units (SVC-04).
for key in MemoryDenyWriteExecute IPAddressDeny IPAddressAllow; do
    if grep -q "^$key=" "$unit_src"; then bad "unit must not set $key="; else ok "unit does not set $key="; fi
done
# Every directive has a comment on the line above saying why (service files are code).
uncommented=$(awk '/^[A-Za-z]/ && prev !~ /^#/ { print FILENAME ":" NR ": " $0 } { prev = $0 }' "$unit_src")
if [ -z "$uncommented" ]; then ok "every directive has a comment line above it"
else bad "directives without a comment line above them:"; printf '%s\n' "$uncommented" >&2; fi

# ---------------------------------------------------------------- launchd
plist_src=$ROOT/launchd/dev.tft.daemon.plist
sed -e "s|@PREFIX@|/Users/someone/.local|g" -e "s|@HOME@|/Users/someone|g" "$plist_src" > "$TMP/agent.plist"
if python3 - "$TMP/agent.plist" "$plist_src" <<'PY'
import plistlib, sys
path, src = sys.argv[1], sys.argv[2]
with open(path, "rb") as f:
    p = plistlib.load(f)
errors = []
def need(cond, msg):
    if not cond:
        errors.append(msg)
need(p.get("Label") == "dev.tft.daemon", "Label must be dev.tft.daemon")
args = p.get("ProgramArguments")
need(isinstance(args, list) and args[:2] == ["/Users/someone/.local/bin/tft", "daemon"],
     "ProgramArguments must be [@PREFIX@/bin/tft, daemon]")
need(p.get("RunAtLoad") is True, "RunAtLoad must be true")
ka = p.get("KeepAlive")
need(isinstance(ka, dict) and ka.get("Crashed") is True and ka.get("SuccessfulExit") is False,
     "KeepAlive must be {Crashed: true, SuccessfulExit: false} (restart on crash, not after a clean stop)")
need(isinstance(p.get("ThrottleInterval"), int) and p["ThrottleInterval"] >= 10, "ThrottleInterval >= 10")
need(isinstance(p.get("ExitTimeOut"), int) and p["ExitTimeOut"] >= 10, "ExitTimeOut >= 10")
need(p.get("Umask") == 63, "Umask must be 63 (decimal for 0077)")
env = p.get("EnvironmentVariables", {})
need("UTF-8" in env.get("LANG", ""), "EnvironmentVariables.LANG must be a UTF-8 locale")
for key in ("StandardOutPath", "StandardErrorPath"):
    need(p.get(key, "").startswith("/Users/someone/Library/Logs/tft/"), key + " must be under ~/Library/Logs/tft/")
need("~" not in str(p), "launchd does not expand ~: use @HOME@")
with open(src, encoding="utf-8") as f:
    text = f.read()
need("@PREFIX@" in text and "@HOME@" in text, "template must use the @PREFIX@ and @HOME@ placeholders")
for e in errors:
    print("plist: " + e, file=sys.stderr)
sys.exit(1 if errors else 0)
PY
then ok "launchd plist parses (plistlib) and has the required keys"
else bad "launchd plist check failed"; fi
if command -v plutil >/dev/null 2>&1; then
    if plutil -lint "$TMP/agent.plist" >/dev/null; then ok "plutil -lint"; else bad "plutil -lint failed"; fi
fi

if [ "$fail" = 0 ]; then echo "check-service-files: all checks passed"; else echo "check-service-files: FAILED" >&2; fi
exit "$fail"
