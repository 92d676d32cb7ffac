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

# The survey-export paths (several header rows, derived ids, partly loaded rows).
S="$SCTA_FIXTURES/surveys"
cp "$S"/qualtrics.csv "$S"/surveymonkey.csv "$S"/googleforms.csv "$T/"
sed -e "s#^questionnaire = .*#questionnaire = $S/questionnaire.ini#" scta.ini >surveys.ini
expect_exit 4 valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
  "$SCTA" -c surveys.ini check qualtrics.csv surveymonkey.csv
has stdout "qualtrics.csv:1: responses, layout qualtrics (3 header rows)"
expect_exit 4 valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
  "$SCTA" -c surveys.ini --db g.db import responses googleforms.csv
has stderr "googleforms.csv: 4 rows read, 3 loaded, 1 rejected"
pass "survey exports are clean under valgrind"
