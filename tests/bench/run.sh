#!/bin/sh
# run.sh [SIZES...] - benchmark scta's main job against the floor (minimal C steps) and the
# peer (the same work in Python), at each size (answers in the responses file; default
# "10000 100000 1000000"; 5000000 is the opt-in large size). BENCH_PEER=0 skips the Python
# peer (minutes at 5M). See tests/bench/README.md.
#
# For each size: scta, the floor and the peer run BENCH_RUNS times (default 3) in turn
# (scta floor peer scta floor peer ...), each from scratch (database and outputs deleted),
# under /usr/bin/time; the table shows the median wall time and median peak RSS of each.
# Work files go to ${TMPDIR:-/tmp}/scta-bench; scta is built (RelWithDebInfo) into build-bench/.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
SIZES=${*:-10000 100000 1000000}
RUNS=${BENCH_RUNS:-3}
W=${TMPDIR:-/tmp}/scta-bench
B=$repo/build-bench

say() { printf '%s\n' "bench: $*" >&2; }
die() { say "$*"; exit 1; }

for n in $SIZES; do
  case $n in ''|*[!0-9]*) die "size '$n' is not a number of answers" ;; esac
done
case $RUNS in ''|*[!0-9]*|0) die "BENCH_RUNS '$RUNS' is not a positive number" ;; esac

# --- packages ----------------------------------------------------------------------------
missing_pkgs() {
  m=""
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || m="$m $p"
  done
  printf '%s' "$m"
}
# install PKG...: 0 when all are installed afterwards
install_pkgs() {
  m=$(missing_pkgs "$@")
  [ -z "$m" ] && return 0
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { say "not root and no sudo: cannot install$m"; return 1; }
    SUDO="sudo"
  fi
  say "installing:$m"
  $SUDO apt-get update -qq >/dev/null 2>&1 || true
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $m \
    >/dev/null 2>&1 || return 1
  [ -z "$(missing_pkgs "$@")" ]
}

# scta's own build dependencies are ../../build.sh's business; these are the bench's.
install_pkgs time make gcc cmake python3 libsqlite3-dev libxlsxwriter-dev libhpdf-dev \
  fonts-dejavu-core || die "cannot install the packages the benchmark needs"
PEER_SKIP=""
if [ "${BENCH_PEER:-1}" = 0 ]; then
  PEER_SKIP="BENCH_PEER=0"
elif ! install_pkgs python3-xlsxwriter python3-reportlab; then
  PEER_SKIP="cannot install:$(missing_pkgs python3-xlsxwriter python3-reportlab)"
elif ! /usr/bin/python3 -c 'import xlsxwriter, reportlab' 2>/dev/null; then
  PEER_SKIP="python3 cannot import xlsxwriter and reportlab"
fi

# --- builds --------------------------------------------------------------------------------
# The same build type as build.sh gives users (RelWithDebInfo, -O2).
say "building scta (RelWithDebInfo) in $B"
mkdir -p "$W"
{ cmake -S "$repo" -B "$B" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSCTA_TESTS=OFF &&
  cmake --build "$B" -j 2; } >"$W/build.log" 2>&1 || { cat "$W/build.log" >&2; die "scta build failed"; }
SCTA=$B/scta
[ -x "$SCTA" ] || die "no $SCTA after the build"

say "building the floor programs in $B/floor"
mkdir -p "$B/floor"
make -s -C "$B/floor" -f "$here/floor/Makefile" VPATH="$here/floor" all >&2 || die "floor build failed"
cp "$here/floor/pipeline_c.sh" "$B/floor/pipeline_c.sh"
chmod +x "$B/floor/pipeline_c.sh"

# --- inputs --------------------------------------------------------------------------------
stamp_of() { # stamp_of N: what the inputs of size N are made from
  cat "$here/gen_inputs.py" "$here/floor/gen.c" "$repo/config/questionnaire.ini" \
    "$repo/data/reference/countries.csv" "$repo/data/reference/cpi.csv" \
    "$repo/data/reference/states.csv" | sha256sum | cut -d' ' -f1
  printf '%s %s\n' "$1" "$W"
}
# write_config N: config/scta.ini with the inputs, output directory and templates replaced
# by absolute paths (quoted: a value ends at ';' or '#' otherwise) and all three formats.
write_config() {
  d=$W/$1
  awk -v P="$d/partnerships.csv" -v R="$d/responses.csv" -v Q="$repo/config/questionnaire.ini" \
      -v O="$d/out-scta" -v T="$repo/templates" '
    /^[ \t]*\[/ { sec = tolower($0); gsub(/[ \t]/, "", sec) }
    sec == "[report]" && /^[ \t]*data_note[ \t]*=/ {
      print "data_note = \"Synthetic benchmark data made by tests/bench/gen_inputs.py: not real partnerships or answers.\""; next }
    sec == "[input]" && /^[ \t]*partnerships[ \t]*=/ { print "partnerships = \"" P "\""; next }
    sec == "[input]" && /^[ \t]*responses[ \t]*=/ { print "responses = \"" R "\""; next }
    sec == "[input]" && /^[ \t]*questionnaire[ \t]*=/ { print "questionnaire = \"" Q "\""; next }
    sec == "[output]" && /^[ \t]*dir[ \t]*=/ { print "dir = \"" O "\""; next }
    sec == "[output]" && /^[ \t]*formats[ \t]*=/ { print "formats = xlsx, pdf, json"; next }
    sec == "[output]" && /^[ \t]*;?[ \t]*db[ \t]*=/ { next }
    sec == "[templates]" && /^[ \t]*dir[ \t]*=/ { print "dir = \"" T "\""; next }
    { print }' "$repo/config/scta.ini" >"$d/bench.ini"
  for k in partnerships responses questionnaire; do
    grep -q "^$k = \"" "$d/bench.ini" || die "config/scta.ini has no [input] $k to replace"
  done
}
for n in $SIZES; do
  d=$W/$n
  mkdir -p "$d"
  want=$(stamp_of "$n")
  if [ ! -f "$d/.stamp" ] || [ "$(cat "$d/.stamp")" != "$want" ]; then
    say "generating inputs for $n answers in $d"
    rm -f "$d/.stamp"
    python3 "$here/gen_inputs.py" "$d" "$n"
    "$B/floor/gen" "$n" >"$d/answers.csv"
    printf '%s\n' "$want" >"$d/.stamp"
  fi
  write_config "$n"
done

# --- runs ----------------------------------------------------------------------------------
# timed LABEL DIR CMD...: run CMD under /usr/bin/time, append "seconds KiB" to DIR/LABEL.times;
# CMD's stderr goes to DIR/LABEL.err. Returns CMD's exit status.
timed() {
  t_lab=$1 t_dir=$2; shift 2
  t_st=0
  /usr/bin/time -o "$t_dir/$t_lab.time1" -f '%e %M' "$@" >/dev/null 2>"$t_dir/$t_lab.err" || t_st=$?
  tail -n 1 "$t_dir/$t_lab.time1" >>"$t_dir/$t_lab.times"
  rm -f "$t_dir/$t_lab.time1"
  return $t_st
}
run_scta() { # run_scta N I
  d=$W/$1
  rm -rf "$d/out-scta"
  st=0
  timed scta "$d" "$SCTA" -q --timings -c "$d/bench.ini" run || st=$?
  if [ $st -ne 0 ]; then
    cat "$d/scta.err" >&2
    die "scta failed on $1 answers (exit $st; 4 means rows were rejected: see $d/out-scta/rejects.csv)"
  fi
  # Every row loaded, none rejected, every output written: from scta's own manifest.
  /usr/bin/python3 - "$d/out-scta" "$1" <<'EOF' || die "scta's run on $1 answers is not complete"
import json, os, sys
out, n = sys.argv[1], int(sys.argv[2])
m = json.load(open(os.path.join(out, "manifest.json"), encoding="utf-8"))
bad = ["%s: %d read, %d loaded, %d rejected" % (i["path"], i["rows_read"], i["rows_loaded"],
       i["rows_rejected"]) for i in m["inputs"]
       if i["rows_rejected"] or (i["kind"] == "responses" and i["rows_loaded"] != n)]
bad += ["no %s" % f for f in ("report.xlsx", "report.pdf", "report.json")
        if not os.path.isfile(os.path.join(out, f))]
if bad or len(m["inputs"]) != 2:
    sys.exit("bench: " + "; ".join(bad or ["expected 2 inputs in manifest.json"]))
EOF
  # "timings: ..." of this run, kept with its wall time to pick the median run's line
  t=$(grep '^timings:' "$d/scta.err" | sed 's/^timings: *//')
  printf '%s\t%s\n' "$(tail -n 1 "$d/scta.times" | cut -d' ' -f1)" "$t" >>"$d/scta.stages"
}
run_floor() {
  d=$W/$1
  rm -rf "$d/out-floor"
  timed floor "$d" "$B/floor/pipeline_c.sh" "$d/answers.csv" "$d/out-floor" ||
    { cat "$d/floor.err" >&2; die "the floor pipeline failed on $1 rows"; }
  rm -rf "$d/out-floor"
}
run_peer() {
  d=$W/$1
  rm -rf "$d/out-peer"
  timed peer "$d" /usr/bin/python3 "$here/floor/pipeline.py" "$d/answers.csv" "$d/out-peer" ||
    { cat "$d/peer.err" >&2; die "the peer failed on $1 rows"; }
  rm -rf "$d/out-peer"
}
# med FILE COLUMN: the median (upper of the two middle values for an even count)
med() { sort -n -k"$2,$2" "$1" | awk -v k="$2" '{ v[NR] = $k } END { print v[int(NR / 2) + 1] }'; }

RES=$W/results.txt
{
  echo "scta benchmark: $("$SCTA" --version 2>&1 | head -n 1), $RUNS runs each, medians"
  echo "machine: $(nproc) cores, $(uname -m), $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
  [ -z "$PEER_SKIP" ] || echo "peer: skipped ($PEER_SKIP)"
  printf '%-9s %9s %8s | %8s %7s | %8s %7s | %10s %9s | %s\n' answers "scta s" "MiB" \
    "floor s" "MiB" "peer s" "MiB" "scta/floor" "peer/scta" "scta --timings (median run)"
} | tee "$RES"
for n in $SIZES; do
  d=$W/$n
  rm -f "$d"/*.times "$d/scta.stages"
  i=0
  while [ $i -lt "$RUNS" ]; do
    i=$((i + 1))
    say "$n answers: run $i of $RUNS"
    run_scta "$n"
    run_floor "$n"
    [ -n "$PEER_SKIP" ] || run_peer "$n"
  done
  rm -rf "$d/out-scta"
  ss=$(med "$d/scta.times" 1); sm=$(med "$d/scta.times" 2)
  fs=$(med "$d/floor.times" 1); fm=$(med "$d/floor.times" 2)
  stages=$(sort -n -k1,1 "$d/scta.stages" | awk -F'\t' '{ v[NR] = $2 } END { print v[int(NR / 2) + 1] }')
  if [ -z "$PEER_SKIP" ]; then
    ps=$(med "$d/peer.times" 1); pm=$(med "$d/peer.times" 2)
  else
    ps=- pm=-
  fi
  awk -v n="$n" -v ss="$ss" -v sm="$sm" -v fs="$fs" -v fm="$fm" -v ps="$ps" -v pm="$pm" \
      -v st="$stages" 'BEGIN {
    pr = (ps == "-") ? "-" : (ss > 0 ? sprintf("%.2fx", ps / ss) : "n/a")
    pmib = (pm == "-") ? "-" : sprintf("%.1f", pm / 1024)
    printf "%-9s %9.2f %8.1f | %8.2f %7.1f | %8s %7s | %10s %9s | %s\n", n, ss, sm / 1024,
      fs, fm / 1024, ps, pmib, (fs > 0 ? sprintf("%.1fx", ss / fs) : "n/a"), pr, st }' |
    tee -a "$RES"
done
say "results also in $RES"
