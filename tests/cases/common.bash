# common.bash - shared by the case tests: a scratch directory and assertions.
# Sourced; expects SCTA (the binary) and SCTA_SRC, SCTA_FIXTURES from ctest.
set -eu
: "${SCTA:?run through ctest}" "${SCTA_SRC:?}" "${SCTA_FIXTURES:?}"
T=$(mktemp -d "${TMPDIR:-/tmp}/scta-case-XXXXXX")
trap 'rm -rf "$T"' EXIT
PY=/usr/bin/python3

fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }
pass() { printf 'ok: %s\n' "$*"; }

# expect_exit CODE CMD...: run CMD, capture stdout/stderr in $T/out, $T/err
expect_exit() {
  want=$1; shift
  set +e
  "$@" >"$T/stdout" 2>"$T/stderr"
  got=$?
  set -e
  if [ "$got" -ne "$want" ]; then
    echo "--- stdout"; cat "$T/stdout"; echo "--- stderr"; cat "$T/stderr"
    fail "expected exit $want, got $got: $*"
  fi
}

# quiet CMD...: run CMD and fail if it prints anything on stderr (poppler's
# warnings, such as a malformed ToUnicode map, go there and exit 0)
quiet() {
  "$@" 2>"$T/quiet.err" || { cat "$T/quiet.err"; fail "failed: $*"; }
  [ ! -s "$T/quiet.err" ] || { cat "$T/quiet.err"; fail "warnings from: $*"; }
}

# has FILE TEXT: FILE contains the fixed string TEXT
has() { grep -qF -- "$2" "$1" || { echo "--- $1:"; cat "$1"; fail "$1 lacks: $2"; }; }
hasnt() { ! grep -qF -- "$2" "$1" || fail "$1 should not contain: $2"; }
same() { [ "$1" = "$2" ] || fail "expected '$2', got '$1'${3:+ ($3)}"; }

# fixture_config FILE [EXTRA]: the CLI fixture's configuration (see
# tests/fixtures/cli/scta.ini for the hand-worked figures), with absolute
# paths, writing to out/ beside FILE; EXTRA lines are added to [output].
fixture_config() {
  cat >"$1" <<INI
[report]
organization = Test Office
title = Fixture Report
number = TST-26-01
date = 2026-11
[input]
partnerships = partnerships.csv
questionnaire = $SCTA_SRC/config/questionnaire.ini
[templates]
dir = $SCTA_SRC/templates
[output]
dir = out
${2:-formats = xlsx, pdf, json, html}
INI
}
