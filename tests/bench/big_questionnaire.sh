#!/bin/sh
# big_questionnaire.sh [QUESTIONS [VALUES [RESPONSES]]] - peak memory of scta with a large
# questionnaire: QUESTIONS choice questions (default 10000) on one scale of VALUES values
# (default 150), RESPONSES responses (default 5) answering every question, the bundled
# sample's partnerships, all three outputs of one report (the bundled config without its
# editions; SCTA_BIGQ_EDITIONS=1 keeps them: some fifty reports, an hour at 10,000
# questions). Made by gen_questionnaire.py under ${TMPDIR:-/tmp}/scta-bigq; the scale's
# lists go on in numbered keys (values_2, ...).
#
# Prints the wall time, the peak resident memory (/usr/bin/time) and scta's --timings, and
# whether the peak is within SCTA_BIGQ_LIMIT_MIB (default 64). Exit 0 when scta succeeded
# within the limit, 1 otherwise. A measurement, not a test: ctest does not run it.
#
# SCTA_BIGQ_COMPARE=1 (or =same) then also runs `report --compare` against a copy of the
# run's own database as the earlier round (every question compared: the answers tables of
# the comparison have a row per valid value of every question); SCTA_BIGQ_COMPARE=changed
# against an earlier round made from the same questionnaire on a scale of one value more
# (no question compared: the list of questions not compared names every value of both
# scales for every question). Its peak is reported and held to the limit like the run's.
# SCTA_BIGQ_FORMATS (e.g. "pdf, json") sets [output] formats for the runs measured.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
Q=${1:-10000} V=${2:-150} R=${3:-5}
LIMIT=${SCTA_BIGQ_LIMIT_MIB:-64}
W=${TMPDIR:-/tmp}/scta-bigq/$Q-$V-$R
B=$repo/build-bench

say() { printf '%s\n' "bigq: $*" >&2; }
CMP=${SCTA_BIGQ_COMPARE:-}
case $CMP in ''|0) CMP= ;; 1|same) CMP=same ;; changed) ;;
  *) printf '%s\n' "bigq: SCTA_BIGQ_COMPARE is 1, same or changed, not '$CMP'" >&2; exit 2 ;; esac
for n in "$Q" "$V" "$R" "$LIMIT"; do
  case $n in ''|*[!0-9]*) say "'$n' is not a number"; exit 2 ;; esac
done
command -v /usr/bin/time >/dev/null 2>&1 || { say "needs /usr/bin/time (apt-get install time)"; exit 2; }
say "building scta (RelWithDebInfo) in $B"
{ cmake -S "$repo" -B "$B" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSCTA_TESTS=OFF &&
  cmake --build "$B" -j 2 --target scta; } >/dev/null
rm -rf "$W"
mkdir -p "$W"
ed=
[ "${SCTA_BIGQ_EDITIONS:-0}" = 1 ] && ed=--editions
python3 "$here/gen_questionnaire.py" "$W" --questions "$Q" --values "$V" --responses "$R" $ed
if [ -n "${SCTA_BIGQ_FORMATS:-}" ]; then
  sed -i "s/^formats = .*/formats = $SCTA_BIGQ_FORMATS/" "$W/scta.ini"
fi
say "$Q questions on a $V-value scale, $R responses ($(wc -l <"$W/responses.csv") lines)"
# timed WHAT ARGS...: scta ARGS under /usr/bin/time; sets secs and mib, prints its timings,
# and exits 1 (saying so) when scta failed.
timed() {
  what=$1
  shift
  st=0
  /usr/bin/time -o "$W/time" -f '%e %M' "$B/scta" -q --timings -c "$W/scta.ini" "$@" \
    >"$W/stdout" 2>"$W/stderr" || st=$?
  read -r secs kib <<EOF || { secs=? kib=0; }
$(tail -n 1 "$W/time")
EOF
  mib=$(awk -v k="$kib" 'BEGIN { printf "%.1f", k / 1024 }')
  grep '^timings:' "$W/stderr" >&2 || true
  if [ "$st" -ne 0 ]; then
    grep -v '^timings:' "$W/stderr" | tail -3 >&2
    say "$what failed (exit $st) after $secs s, peak $mib MiB"
    exit 1
  fi
}
timed scta run
pages=$(pdfinfo "$W/output/report.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }') || pages=?
say "$secs s, peak $mib MiB (limit $LIMIT MiB), PDF ${pages:-?} pages"
awk -v k="$kib" -v l="$LIMIT" 'BEGIN { exit !(k <= l * 1024) }' || { say "over the limit"; exit 1; }
[ -n "$CMP" ] || exit 0

# The comparison with an earlier round: this run's database, or one on another scale.
E=$W/earlier
rm -rf "$E"
if [ "$CMP" = same ]; then
  mkdir -p "$E/output"
  cp "$W/output/scta.db" "$E/output/scta.db"
else
  python3 "$here/gen_questionnaire.py" "$E" --questions "$Q" --values "$((V + 1))" --responses "$R"
  sed -i 's/^formats = .*/formats = json/' "$E/scta.ini"
  "$B/scta" -q -c "$E/scta.ini" run >"$E/stdout" 2>"$E/stderr" ||
    { tail -3 "$E/stderr" >&2; say "the earlier round failed"; exit 1; }
fi
timed "report --compare ($CMP)" report --compare "$E/output/scta.db"
say "report --compare ($CMP): $secs s, peak $mib MiB (limit $LIMIT MiB)"
awk -v k="$kib" -v l="$LIMIT" 'BEGIN { exit !(k <= l * 1024) }' || { say "over the limit"; exit 1; }
