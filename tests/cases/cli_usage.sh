#!/bin/bash
# Command line contract: help, version, usage errors (exit 2), config errors (exit 3).
. "$(dirname "$0")/common.bash"

expect_exit 0 "$SCTA" --help
has "$T/stdout" "usage: scta"
has "$T/stdout" "import partnerships|responses FILE"
[ ! -s "$T/stderr" ] || fail "--help wrote to stderr"
expect_exit 0 "$SCTA" --version
has "$T/stdout" "scta 0."
expect_exit 0 "$SCTA" help check
has "$T/stdout" "usage: scta [options] check FILE..."

expect_exit 2 "$SCTA"
has "$T/stderr" "usage: scta"
[ ! -s "$T/stdout" ] || fail "misuse wrote usage to stdout"
expect_exit 2 "$SCTA" --bogus run
has "$T/stderr" "unknown option '--bogus'"
expect_exit 2 "$SCTA" frobnicate
has "$T/stderr" "unknown command 'frobnicate'"
expect_exit 2 "$SCTA" import widgets x.csv
has "$T/stderr" "expected 'partnerships' or 'responses'"
expect_exit 2 "$SCTA" import partnerships
expect_exit 2 "$SCTA" -c
has "$T/stderr" "option '-c' needs a value"
pass "usage errors exit 2"

expect_exit 3 "$SCTA" -c "$T/none.ini" run
has "$T/stderr" "none.ini: no such configuration file"
cp "$SCTA_FIXTURES/cli/scta.ini" "$T/bad.ini"
sed -i 's/^date = 2026-11/date = November/' "$T/bad.ini"
expect_exit 3 "$SCTA" -c "$T/bad.ini" run
has "$T/stderr" "bad.ini: [report] date: expected YYYY-MM or YYYY-MM-DD (got 'November')"
printf '[scope]\ncpi_max = high\n' >>"$T/bad.ini"
sed -i 's/^date = November/date = 2026-11/' "$T/bad.ini"
expect_exit 3 "$SCTA" -c "$T/bad.ini" run
has "$T/stderr" "[scope] cpi_max: not a whole number from 0 to 100 (got 'high')"
pass "config errors exit 3 naming file, section and key"

# one list of encodings: what the config and the importer take, the command line takes
mkdir -p "$T/enc" && cp "$SCTA_FIXTURES/cli/partnerships.csv" "$T/enc/" && cd "$T/enc"
fixture_config scta.ini
for e in Latin1 latin-1 win1252 UTF8; do
  expect_exit 4 "$SCTA" -c scta.ini --encoding "$e" check partnerships.csv
done
expect_exit 2 "$SCTA" -c scta.ini --encoding ebcdic check partnerships.csv
has "$T/stderr" "--encoding: expected utf-8, cp1252 or latin1 (got 'ebcdic')"
pass "--encoding takes every spelling the config and the importer take"
