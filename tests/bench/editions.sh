#!/bin/sh
# editions.sh [SIZE] - how much one run writing several editions costs next to one study
# (issue 12: the study, the restricted annex, the letter and one edition per state, from one
# run, in at most 2.5 times the time of the study alone, under 64 MiB).
#
# On the benchmark's synthetic inputs of SIZE answers (default 1000000; made by gen_inputs.py
# when missing), BENCH_RUNS times (default 3) in turn: `scta run` of the bundled configuration
# without its [edition:*] sections (the study), then with study, annex, letter (when the
# bundled letter template set exists) and states editions. Prints the medians of wall time and
# peak RSS of each and their ratio. Builds scta like run.sh (build-bench/). Not a test.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
N=${1:-1000000}
RUNS=${BENCH_RUNS:-3}
W=${TMPDIR:-/tmp}/scta-bench/editions-$N
B=$repo/build-bench
say() { printf '%s\n' "bench: $*" >&2; }
die() { say "$*"; exit 1; }
case $N in ''|*[!0-9]*) die "size '$N' is not a number of answers" ;; esac
command -v /usr/bin/time >/dev/null 2>&1 || die "needs /usr/bin/time (apt-get install time)"

say "building scta (RelWithDebInfo) in $B"
mkdir -p "$W"
{ cmake -S "$repo" -B "$B" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSCTA_TESTS=OFF &&
  cmake --build "$B" -j 2; } >"$W/build.log" 2>&1 || { cat "$W/build.log" >&2; die "build failed"; }
if [ ! -f "$W/responses.csv" ]; then
  say "generating inputs for $N answers in $W"
  python3 "$here/gen_inputs.py" "$W" "$N"
fi

# config/scta.ini with absolute paths, all formats, and no [edition:*] section.
awk -v P="$W/partnerships.csv" -v R="$W/responses.csv" -v Q="$repo/config/questionnaire.ini" \
    -v O="$W/out" -v T="$repo/templates" '
  /^[ \t]*\[/ { sec = tolower($0); gsub(/[ \t]/, "", sec) }
  sec ~ /^\[edition:/ { next }
  sec == "[input]" && /^[ \t]*partnerships[ \t]*=/ { print "partnerships = \"" P "\""; next }
  sec == "[input]" && /^[ \t]*responses[ \t]*=/ { print "responses = \"" R "\""; next }
  sec == "[input]" && /^[ \t]*questionnaire[ \t]*=/ { print "questionnaire = \"" Q "\""; next }
  sec == "[output]" && /^[ \t]*dir[ \t]*=/ { print "dir = \"" O "\""; next }
  sec == "[output]" && /^[ \t]*formats[ \t]*=/ { print "formats = xlsx, pdf, json"; next }
  sec == "[output]" && /^[ \t]*;?[ \t]*db[ \t]*=/ { next }
  sec == "[templates]" && /^[ \t]*dir[ \t]*=/ { print "dir = \"" T "\""; next }
  { print }' "$repo/config/scta.ini" >"$W/study.ini"
cp "$W/study.ini" "$W/editions.ini"
cat >>"$W/editions.ini" <<'INI'

[edition:study]
audience = public
[edition:annex]
audience = restricted
marking = RESTRICTED - NOT FOR PUBLIC RELEASE
[edition:states]
by = state
number = {number}-{state}
INI
if [ -f "$repo/templates/letter/report.md" ]; then
  printf '[edition:letter]\ntemplate = letter\nsignatory = Jane Roe, Executive Director\n' \
    >>"$W/editions.ini"
fi

one() { # one LABEL: a fresh run of LABEL.ini, "seconds KiB" appended to LABEL.times
  rm -rf "$W/out"
  /usr/bin/time -o "$W/$1.t" -f '%e %M' "$B/scta" -q -c "$W/$1.ini" run >/dev/null \
    2>"$W/$1.err" || { cat "$W/$1.err" >&2; die "$1 run failed"; }
  tail -n 1 "$W/$1.t" >>"$W/$1.times"
}
med() { sort -n -k"$2,$2" "$1" | awk -v k="$2" '{ v[NR] = $k } END { print v[int(NR / 2) + 1] }'; }
rm -f "$W"/*.times
i=0
while [ $i -lt "$RUNS" ]; do
  i=$((i + 1))
  say "run $i of $RUNS"
  one study
  one editions
done
files=$(ls "$W/out" | wc -l)
ss=$(med "$W/study.times" 1); sm=$(med "$W/study.times" 2)
es=$(med "$W/editions.times" 1); em=$(med "$W/editions.times" 2)
awk -v n="$N" -v r="$RUNS" -v c="$(nproc)" -v ss="$ss" -v sm="$sm" -v es="$es" -v em="$em" \
    -v f="$files" 'BEGIN {
  printf "editions benchmark: %s answers, %s runs each in turn, medians; %s cores\n", n, r, c
  printf "study:    %8.2f s %7.1f MiB\n", ss, sm / 1024
  printf "editions: %8.2f s %7.1f MiB  (%s files)\n", es, em / 1024, f
  printf "ratio:    %8.2fx (target: at most 2.5x, peak under 64 MiB)\n", es / ss
}'
