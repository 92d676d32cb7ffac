#!/bin/bash
# Issue 10 point 4: a file that loads nothing is not a success. Fixtures in
# tests/fixtures/nothing_loaded/, questionnaire tests/fixtures/import/
# (T1 choice yes/no, E1 count, A1 amount, S1 text). Worked out by hand:
# - partnerships.csv: Tacoma WA - Fuzhou (China, CPI 41) and Boise ID - Harbin
#   (China): both in scope, 2 U.S. communities in scope.
# - responses_text_headers.csv: the question columns are headed "Is the
#   agreement public?" and "How many incidents?", which are neither an id,
#   an alias nor the exact text of a question: no column is a question, so
#   the file fails (exit 1) and the message names the ids it expected.
#   (Before: "2 rows read, 2 loaded, 0 rejected", exit 0, a response rate of
#   100% over 0 answers.)
# - responses_unanswered.csv: R1 (Tacoma) answers T1 and E1; R2 (Boise)
#   answers nothing: R2 is rejected ("no answer"), and only Tacoma counts as
#   responded: 1 of 2 communities, 50%, 1 response, 2 answers.
#   (Before: 2 loaded, exit 0, 2 of 2 communities responded, 100%.)
. "$(dirname "$0")/common.bash"

F="$SCTA_FIXTURES/nothing_loaded"
cp "$F"/*.csv "$T/"
cd "$T"
# conf RESPONSES: a config importing the partnerships and RESPONSES, JSON only.
conf() {
  cat <<INI
[report]
organization = Test Office
title = Fixture Report
number = TST-26-03
date = 2026-11
[input]
partnerships = partnerships.csv
responses = $1
questionnaire = $SCTA_FIXTURES/import/questionnaire.ini
[templates]
dir = $SCTA_SRC/templates
[output]
dir = out
formats = json
INI
}

conf responses_text_headers.csv >text.ini
expect_exit 1 "$SCTA" -c text.ini run
has stderr "responses_text_headers.csv:1: no column is a question of the questionnaire"
has stderr "headed by its id (T1, E1, A1, S1), one of its aliases, or its exact text"
has stderr "columns that match none: 'Is the agreement public?', 'How many incidents?'"
[ ! -e out/report.json ] || fail "a report was written from a file that loaded nothing"
expect_exit 1 "$SCTA" -c text.ini --strict run
has stderr "no column is a question of the questionnaire"
expect_exit 1 "$SCTA" -c text.ini check responses_text_headers.csv
has stderr "no column is a question of the questionnaire"
pass "a responses file with no question column fails and names what it expected"

conf responses_unanswered.csv >unanswered.ini
rm -rf out
expect_exit 4 "$SCTA" -c unanswered.ini run
has stderr "responses_unanswered.csv: 2 rows read, 1 loaded, 1 rejected"
has out/rejects.csv "responses_unanswered.csv,3,,,\"no answer: the question columns (T1, E1) are empty\""
$PY - out/report.json <<'PY'
import json, sys
f = {k: v["value"] for k, v in json.load(open(sys.argv[1]))["figures"].items()}
assert f["in_scope_communities"] == 2, f
assert f["communities_responded"] == 1, f
assert f["response_rate"] == 0.5, f
assert f["responses_total"] == 1 and f["answers_total"] == 2, f
PY
expect_exit 4 "$SCTA" -c unanswered.ini --strict run
has stderr "with --strict nothing is stored or written"
pass "a row with no answer is rejected and never counts as responded (1 of 2, 50%)"
