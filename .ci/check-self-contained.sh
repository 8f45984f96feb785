#!/usr/bin/env bash
# check-self-contained.sh - the repository must be understandable without any file outside it. Fails (exit 1) and
# prints FILE:LINE: reason for every tracked file (this script excepted) that
#   * names one of the working notes that were never part of the repository (the OUTSIDE pattern below lists
#     their names, which is all this check needs of them), or the case catalogue by any other name than its path
#     here, docs/SECURITY-CASES.md;
#   * cites a case ID (PATH-01, HDR-12, RES-05, PROTO-07, CTL-07, DISC-02, FAULT-04, CONC-01, SVC-01, ...; also the
#     short forms RES-01/03/04 and FAULT-05…08, whose listed numbers and range ends are checked) that
#     docs/SECURITY-CASES.md does not define. A case is defined by a list item that starts with its bold ID,
#     "* **PATH-01** — ...". The catalogue must also define the global criteria G1-G6 ("* **G1 ...").
#
#   .ci/check-self-contained.sh              tracked files (what CI sees)
#   .ci/check-self-contained.sh --untracked  also untracked files that are not ignored (before `git add`)
#
# Needs: git, grep, sed, coreutils (sort, paste, tr). Reads files only; bash >= 4.4.
set -euo pipefail
export LC_ALL=C

usage() { sed -n '2,/^$/s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2; }

UNTRACKED=()
case "${1-}" in
    "") ;;
    --untracked) UNTRACKED=(--untracked) ;;
    -h|--help) usage; exit 0 ;;
    *) usage; exit 2 ;;
esac

ROOT=$(git -C "$(dirname "${BASH_SOURCE[0]}")" rev-parse --show-toplevel) \
    || { echo "check-self-contained: not inside a git work tree" >&2; exit 2; }
cd "$ROOT"
SELF=.ci/check-self-contained.sh
CATALOGUE=docs/SECURITY-CASES.md
FAMILIES='PATH|HDR|RES|PROTO|CTL|DISC|FAULT|CONC|SVC'
# Names of working notes kept outside the repository (the only place they may appear). "shared/" only as a path
# component (not "unshared/"). The catalogue's name is filtered below: its in-repo path is fine, nothing else is.
OUTSIDE='PERF-NOTES|STYLE\.md|JMDNS-NOTES|daemon-spec|docs/protocol/|(^|[^[:alnum:]_.-])shared/|/work/notes|dev notes|SECURITY-CASES'
# A case citation: ID, then optional /NN list items or a …NN / ...NN / ..NN / –NN range end (with or without the
# family prefix again, e.g. SVC-02…SVC-06). The leading group keeps "XPATH-01" from counting.
CITE="(^|[^[:alnum:]_])($FAMILIES)-[0-9]+((/|…|\.\.\.?|–)(($FAMILIES)-)?[0-9]+)*"

problems=0
report() { printf '%s:%s: %s\n' "$1" "$2" "$3"; problems=$((problems + 1)); }

# files_matching ERE: sets FILES to the text files (tracked, plus untracked with --untracked) that match ERE.
files_matching() {
    local rc=0 list
    list=$(git grep ${UNTRACKED[@]+"${UNTRACKED[@]}"} -z -l -I -E "$1" -- . ":(exclude)$SELF" | tr '\0' '\n') || rc=$?
    [ "$rc" -le 1 ] || { echo "check-self-contained: git grep failed ($rc)" >&2; exit 2; }
    FILES=()
    [ -z "$list" ] || mapfile -t FILES <<< "$list"
}

# ---------------------------------------------------------------- the catalogue
declare -A DEFINED=()
if [ ! -f "$CATALOGUE" ]; then
    report "$CATALOGUE" 0 "missing: it defines every case ID the repository cites"
else
    while IFS=: read -r n id; do
        id=${id#\* \*\*}; id=${id%\*\*}
        if [ -n "${DEFINED[$id]-}" ]; then report "$CATALOGUE" "$n" "$id defined twice (first on line ${DEFINED[$id]})"
        else DEFINED[$id]=$n; fi
    done < <(grep -noE "^\* \*\*($FAMILIES)-[0-9]+\*\*" "$CATALOGUE" || true)
    [ "${#DEFINED[@]}" -gt 0 ] || report "$CATALOGUE" 0 "defines no case (expected list items like '* **PATH-01** — ...')"
    for g in 1 2 3 4 5 6; do
        grep -qE "^\* \*\*G$g " "$CATALOGUE" || report "$CATALOGUE" 0 "does not define the global criterion G$g"
    done
fi

# ---------------------------------------------------------------- documents outside the repository
files_matching "$OUTSIDE"
for f in ${FILES[@]+"${FILES[@]}"}; do
    while IFS=: read -r n text; do
        rest=${text//docs\/SECURITY-CASES.md/}
        names=$(grep -oiE "$OUTSIDE" <<< "$rest" | sed 's/^[^[:alnum:]/.]//' | sort -u | paste -sd, -) || true
        [ -z "$names" ] || report "$f" "$n" "refers to a document outside the repository: $names"
    done < <(grep -niE "$OUTSIDE" -- "$f" || true)
done

# ---------------------------------------------------------------- case IDs the catalogue does not define
files_matching "($FAMILIES)-[0-9]"
for f in ${FILES[@]+"${FILES[@]}"}; do
    while IFS=: read -r n token; do
        token=${token#"${token%%[A-Z]*}"}            # drop the leading non-ID character
        list=$token
        for sep in … ... .. –; do list=${list//"$sep"//}; done
        IFS=/ read -r -a parts <<< "$list"
        family=
        for part in "${parts[@]}"; do              # PATH-01, then 02 (same family) or CTL-03 (a new one)
            case $part in
                *-*) family=${part%%-*} num=${part#*-} ;;
                "") continue ;;
                *) num=$part ;;
            esac
            [ -n "${DEFINED[$family-$num]-}" ] \
                || report "$f" "$n" "cites $family-$num ('$token'), which $CATALOGUE does not define"
        done
    done < <(grep -noE "$CITE" -- "$f" || true)
done

if [ "$problems" -gt 0 ]; then
    echo "check-self-contained: $problems problem(s). Say what an outside document meant in a few words, or point to" \
        "a file in the repository (PROTOCOL.md part/section, $CATALOGUE, SECURITY.md, CONCURRENCY.md," \
        "bench/RESULTS.md); define new case IDs in $CATALOGUE." >&2
    exit 1
fi
echo "check-self-contained: ok (${#DEFINED[@]} cases defined in $CATALOGUE; no outside documents named)"
