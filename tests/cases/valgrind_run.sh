#!/bin/bash
# The whole pipeline under valgrind on the CLI fixture: no invalid reads or
# writes, no leaks (docs/DESIGN.md section 6, rule 7). Skipped only when valgrind is absent.
. "$(dirname "$0")/common.bash"
command -v valgrind >/dev/null || { echo "skipped: valgrind not installed"; exit 0; }

cp "$SCTA_FIXTURES/cli/partnerships.csv" "$T/"
fixture_config "$T/scta.ini"
cd "$T"
expect_exit 4 valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
  "$SCTA" -c scta.ini run
has stderr "partnerships.csv: 12 rows read, 10 loaded, 2 rejected"
expect_exit 4 valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
  "$SCTA" -c scta.ini check partnerships.csv
pass "run and check are clean under valgrind"
