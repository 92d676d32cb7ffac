#!/bin/bash
# Command line contract: help, version, usage errors (exit 2), config errors (exit 3).
. "$(dirname "$0")/lib.sh"

expect_exit 0 "$SCTA" --help
has "$T/out" "usage: scta"
has "$T/out" "import partnerships|responses FILE"
[ ! -s "$T/err" ] || fail "--help wrote to stderr"
expect_exit 0 "$SCTA" --version
has "$T/out" "scta 0."
expect_exit 0 "$SCTA" help check
has "$T/out" "usage: scta [options] check FILE..."

expect_exit 2 "$SCTA"
has "$T/err" "usage: scta"
[ ! -s "$T/out" ] || fail "misuse wrote usage to stdout"
expect_exit 2 "$SCTA" --bogus run
has "$T/err" "unknown option '--bogus'"
expect_exit 2 "$SCTA" frobnicate
has "$T/err" "unknown command 'frobnicate'"
expect_exit 2 "$SCTA" import widgets x.csv
has "$T/err" "expected 'partnerships' or 'responses'"
expect_exit 2 "$SCTA" import partnerships
expect_exit 2 "$SCTA" -c
has "$T/err" "option '-c' needs a value"
pass "usage errors exit 2"

expect_exit 3 "$SCTA" -c "$T/none.ini" run
has "$T/err" "none.ini: no such configuration file"
cp "$SCTA_FIXTURES/cli/scta.ini" "$T/bad.ini"
sed -i 's/^date = 2026-11/date = November/' "$T/bad.ini"
expect_exit 3 "$SCTA" -c "$T/bad.ini" run
has "$T/err" "bad.ini: [report] date: expected YYYY-MM or YYYY-MM-DD (got 'November')"
printf '[scope]\ncpi_max = high\n' >>"$T/bad.ini"
sed -i 's/^date = November/date = 2026-11/' "$T/bad.ini"
expect_exit 3 "$SCTA" -c "$T/bad.ini" run
has "$T/err" "[scope] cpi_max: not a whole number from 0 to 100 (got 'high')"
pass "config errors exit 3 naming file, section and key"
