#!/bin/sh
# run.sh [SECONDS] - build the libFuzzer targets with clang (build-fuzz/) and run each
# for SECONDS (default 60) from a corpus kept in build-fuzz/corpus/ (so longer runs
# build on earlier ones), seeded from the fixtures, the hostile corpus and the shipped
# configuration and templates. Exits 1 when a target crashes (the input that did is
# saved as build-fuzz/crash-*), 77 when clang with libFuzzer is not available.
#
#   tests/fuzz/run.sh 600              ten minutes for each target
#   FUZZ_TARGETS="fuzz_template" tests/fuzz/run.sh 3600
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
secs=${1:-60}
B=$repo/build-fuzz
TARGETS=${FUZZ_TARGETS:-"fuzz_partnerships fuzz_responses fuzz_config fuzz_template"}

say() { printf '%s\n' "fuzz: $*" >&2; }
case $secs in ''|*[!0-9]*) say "SECONDS '$secs' is not a number"; exit 2 ;; esac
if ! command -v clang >/dev/null 2>&1 ||
   ! echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n){(void)d;(void)n;return 0;}' |
     clang -x c -fsanitize=fuzzer -o /dev/null - >/dev/null 2>&1; then
  say "clang with libFuzzer is not available (apt-get install clang); skipped"
  exit 77
fi
CC=clang cmake -S "$repo" -B "$B" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSCTA_TESTS=OFF \
  -DSCTA_FUZZ=ON >/dev/null
cmake --build "$B" -j "$(nproc)" --target $TARGETS >/dev/null

# seeds TARGET DIR: copy the target's seed inputs into DIR (numbered: names repeat)
seeds() {
  mkdir -p "$2"
  d=$2 F=$repo/tests/fixtures H=$repo/tests/hostile
  n=0
  put() { for f in "$@"; do n=$((n + 1)); cp "$f" "$d/$n-$(basename "$f")"; done; }
  case $1 in
    fuzz_partnerships)
      put "$F"/cli/partnerships.csv "$F"/analysis/partnerships.csv "$F"/import/*.csv "$H"/*
      head -40 "$repo/data/sample/partnerships.csv" >"$d/sample_head.csv" ;;
    fuzz_responses)
      put "$F"/analysis/responses.csv "$F"/import/responses_*.csv "$F"/surveys/*.csv "$H"/*
      head -40 "$repo/data/sample/responses.csv" >"$d/sample_head.csv" ;;
    fuzz_config)
      put "$repo"/config/*.ini "$F"/config/*.ini "$F"/cli/scta.ini "$F"/analysis/*.ini \
        "$F"/import/questionnaire.ini ;;
    fuzz_template)
      put "$repo"/templates/*.md "$F"/pdf/*/*.md ;;
  esac
}

status=0
for t in $TARGETS; do
  corpus=$B/corpus/$t
  mkdir -p "$corpus"
  rm -rf "$B/seeds/$t"
  seeds "$t" "$B/seeds/$t"
  say "$t: $secs s"
  if ! (cd "$B" && "./tests/fuzz/$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
          -max_len=65536 -print_final_stats=1 -artifact_prefix="$B/crash-$t-" \
          "$corpus" "$B/seeds/$t" >"$B/$t.log" 2>&1); then
    tail -40 "$B/$t.log" >&2
    say "$t: FAILED (log: $B/$t.log)"
    status=1
  else
    say "$t: $(grep -E '^stat::number_of_executed_units' "$B/$t.log" | sed 's/.*: *//') runs, no crash"
  fi
done
exit $status
