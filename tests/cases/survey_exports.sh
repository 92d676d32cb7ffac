#!/bin/bash
# Survey-tool exports imported as they come (issue 11 points 5-6): one sample
# per tool in tests/fixtures/surveys/, written from the tools' documented
# export shapes, over a five-question questionnaire with aliases. Every
# expected figure is worked out by hand from the rows of the samples:
#
# qualtrics.csv (3 header rows; 4 responses):
#   R_1 Tacoma WA: PUB Yes, VET No, DELEG 12, SPEND 15,250.50, REVIEW "Not sure"
#                  (+ comment in Q5_3_TEXT)                     -> 5 answers
#   R_2 Boise ID:  SPEND "1,20" is not a number: that answer only -> 4 answers
#   R_3 Austin TX: unfinished, no answer                        -> row rejected
#   R_4 Fresno CA: PUB "Maybe" rejected, VET blank             -> 3 answers
#   = 4 read, 3 loaded, 1 rejected; 2 answers rejected; 12 answers;
#     DELEG 12 + 3 + 2000 = 2015.
# surveymonkey.csv (2 header rows; 3 responses):
#   114000001: Yes, No (+ "Other (please specify)" comment), 1,200, 500, No -> 5
#   114000002: No, VET "Perhaps" rejected, 7, SPEND blank, "Not sure"       -> 3
#   114000003: Y, N, 0, 2,500.75, U (scale aliases)                         -> 5
#   = 3 read, 3 loaded, 0 rejected; 1 answer rejected; 13 answers.
# googleforms.csv (no response id; 4 rows, the last a copy of the first):
#   Tacoma 5 answers; Boise DELEG "2,5" rejected -> 3; Fresno 5; copy rejected
#   = 4 read, 3 loaded, 1 rejected; 1 answer rejected; 13 answers.
# limesurvey_codes.csv: 2 answered (Y/N/U codes), 1 not submitted
#   = 3 read, 2 loaded, 1 rejected; 10 answers.
# limesurvey_full.csv: 2 answered with full headings and answers = 2/2/0; 10.
. "$(dirname "$0")/common.bash"

S="$SCTA_FIXTURES/surveys"
cp "$S"/*.csv "$T/"
cat >"$T/scta.ini" <<INI
[report]
organization = Test Office
title = Survey Report
number = TST-26-02
date = 2026-11
[input]
questionnaire = $S/questionnaire.ini
[templates]
dir = $SCTA_SRC/templates
[output]
dir = out
formats = json
INI
cd "$T"

# sql DB QUERY: the rows of QUERY, one per line, fields joined by '|'.
sql() {
  $PY - "$1" "$2" <<'PY'
import sqlite3, sys
for row in sqlite3.connect(sys.argv[1]).execute(sys.argv[2]):
    print("|".join("" if v is None else str(v) for v in row))
PY
}

# import_one FILE EXIT "SUMMARY": import FILE into its own database.
import_one() {
  rm -f "$1.db"
  expect_exit "$2" "$SCTA" -c scta.ini --db "$1.db" import responses "$1"
  has stderr "$3"
}

# --- Qualtrics ---------------------------------------------------------------
expect_exit 4 "$SCTA" -c scta.ini check qualtrics.csv
has stdout "qualtrics.csv:1: responses, layout qualtrics (3 header rows)"
has stdout "qualtrics.csv:1: column 1 'StartDate | Start Date | {\"ImportId\":\"startDate\",\"timeZone\":\"America/Denver\"}' ignored: Qualtrics metadata"
has stdout "qualtrics.csv:1: column 9 'ResponseId | Response ID | {\"ImportId\":\"_recordId\"}' -> response_id"
has stdout "qualtrics.csv:1: column 18 'City | City | {\"ImportId\":\"QID10_TEXT\"}' -> us_community"
has stdout "-> question PUB (by alias)"
has stdout "qualtrics.csv:1: column 21 'Q2 | Did the city vet the foreign partner before signing? - Selected Choice | {\"ImportId\":\"QID2\"}' -> question VET (by text)"
has stdout "qualtrics.csv:1: column 25 'Q5_3_TEXT | Has a federal agency reviewed the partnership's activities? - Not sure - Text | {\"ImportId\":\"QID5_3_TEXT\"}' -> comments on question REVIEW (by alias)"
has stdout "qualtrics.csv:5: column 'Q4': not a non-negative number (got '1,20')"
has stdout "qualtrics.csv:6: no answer: the question columns (PUB, VET, DELEG, SPEND, REVIEW) are empty"
has stdout "qualtrics.csv:7: column 'QPUBLISH': 'Maybe' is not an answer of scale yesno"
has stderr "qualtrics.csv: 4 rows read, 3 loaded, 1 rejected"
has stderr "qualtrics.csv: 2 answers rejected in loaded rows"
[ "$(grep -c "column" stdout)" -ge 25 ] || fail "check did not list all 25 columns"
pass "check prints the Qualtrics mapping, every ignored column and every problem"

import_one qualtrics.csv 4 "qualtrics.csv: 4 rows read, 3 loaded, 1 rejected"
has stderr "2 answers rejected in loaded rows"
same "$(sql qualtrics.csv.db "SELECT id || ' ' || us_community || ' ' || us_state FROM response ORDER BY id" | tr '\n' ';')" \
  "R_1a2B3c4D5e6F7g8 Tacoma WA;R_2b3C4d5E6f7G8h9 Boise ID;R_4d5E6f7G8h9I0j1 Fresno CA;" "responses"
same "$(sql qualtrics.csv.db "SELECT count(*) FROM answer")" "12" "answers"
same "$(sql qualtrics.csv.db "SELECT group_concat(question_id || '=' || value, ' ') FROM (SELECT * FROM answer WHERE response_id = 'R_1a2B3c4D5e6F7g8' ORDER BY question_id)")" \
  "DELEG=12 PUB=yes REVIEW=unsure SPEND=15,250.50 VET=no" "R_1 answers (scale values from labels)"
same "$(sql qualtrics.csv.db "SELECT CAST(num * 100 AS INTEGER) FROM answer WHERE question_id = 'SPEND' AND response_id = 'R_1a2B3c4D5e6F7g8'")" "1525050" "15,250.50"
same "$(sql qualtrics.csv.db "SELECT sum(num) FROM answer WHERE question_id = 'DELEG'")" "2015.0" "delegations"
same "$(sql qualtrics.csv.db "SELECT comment FROM answer WHERE question_id = 'REVIEW' AND response_id = 'R_1a2B3c4D5e6F7g8'")" "asked the FBI, no answer yet" "Q5_3_TEXT comment"
same "$(sql qualtrics.csv.db "SELECT group_concat(question_id, ' ') FROM (SELECT * FROM answer WHERE response_id = 'R_2b3C4d5E6f7G8h9' ORDER BY question_id)")" \
  "DELEG PUB REVIEW VET" "R_2 keeps its other answers"
same "$(sql qualtrics.csv.db "SELECT submitted FROM response WHERE id = 'R_4d5E6f7G8h9I0j1'")" "2026-11-04 09:06:12" "RecordedDate"
same "$(sql qualtrics.csv.db "SELECT count(*) FROM reject")" "3" "rejects"
pass "Qualtrics: 3 responses, 12 answers, one bad answer rejects that answer only"

# Unchanged on a second import: the same counts, the same exit code.
expect_exit 4 "$SCTA" -c scta.ini --db qualtrics.csv.db import responses qualtrics.csv
has stderr "qualtrics.csv: 4 rows read, 3 loaded, 1 rejected"
has stderr "2 answers rejected in loaded rows"
has stderr "unchanged since it was imported"
pass "an unchanged file reports its rejected answers again"

# --- SurveyMonkey -----------------------------------------------------------
expect_exit 4 "$SCTA" -c scta.ini check surveymonkey.csv
has stdout "surveymonkey.csv:1: responses, layout surveymonkey (2 header rows)"
has stdout "surveymonkey.csv:1: column 1 'Respondent ID' -> response_id"
has stdout "surveymonkey.csv:1: column 11 'City/Town' -> us_community"
has stdout "surveymonkey.csv:1: column 12 'State/Province' -> us_state"
has stdout "surveymonkey.csv:1: column 14 'Is the full text of the partnership agreement publicly available? | Response' -> question PUB (by text)"
has stdout "surveymonkey.csv:1: column 16 'Other (please specify)' -> comments on question VET (by text)"
has stdout "surveymonkey.csv:1: column 17 'Which activities took place? | Culture' ignored"
has stdout "surveymonkey.csv:4: column 'Did the city vet the foreign partner before signing?': 'Perhaps' is not an answer of scale yesno"
# A question that takes several answers (one column per option) is not a scta question type.
cat "$S/questionnaire.ini" - >multi.ini <<'INI'
[question:ACTS]
topic = activities
text  = Which activities took place?
type  = text
INI
sed -e "s#^questionnaire = .*#questionnaire = multi.ini#" scta.ini >multi_scta.ini
expect_exit 4 "$SCTA" -c multi_scta.ini check surveymonkey.csv
has stdout "surveymonkey.csv:1: column 17 'Which activities took place? | Culture' ignored: an answer option of a question that takes several answers: scta questions take one"
has stdout "surveymonkey.csv:1: column 18 'Trade' ignored: an answer option of a question that takes several answers"
pass "check prints the SurveyMonkey mapping (continued titles, sub-labels, several-answer questions)"

import_one surveymonkey.csv 4 "surveymonkey.csv: 3 rows read, 3 loaded, 0 rejected"
has stderr "1 answer rejected in loaded rows"
same "$(sql surveymonkey.csv.db "SELECT count(*) FROM answer")" "13" "answers"
same "$(sql surveymonkey.csv.db "SELECT group_concat(question_id || '=' || value, ' ') FROM (SELECT * FROM answer WHERE response_id = '114000003' ORDER BY question_id)")" \
  "DELEG=0 PUB=yes REVIEW=unsure SPEND=2,500.75 VET=no" "scale aliases Y, N, U"
same "$(sql surveymonkey.csv.db "SELECT num FROM answer WHERE question_id = 'DELEG' AND response_id = '114000001'")" "1200.0" "1,200"
same "$(sql surveymonkey.csv.db "SELECT comment FROM answer WHERE question_id = 'VET' AND response_id = '114000001'")" "we used a broker" "comment"
same "$(sql surveymonkey.csv.db "SELECT us_state || ' ' || us_community FROM response WHERE id = '114000002'")" "ID Boise" "state by name"
# --strict: a rejected answer is a failure too, and nothing is stored.
rm -f strict.db
expect_exit 4 "$SCTA" -c scta.ini --db strict.db --strict import responses surveymonkey.csv
has stderr "surveymonkey.csv: 1 answer rejected; with --strict nothing is stored or written"
same "$(sql strict.db "SELECT count(*) FROM response")" "0" "nothing stored under --strict"
pass "SurveyMonkey: 3 responses, 13 answers; --strict refuses a rejected answer"

# --- Google Forms -----------------------------------------------------------
import_one googleforms.csv 4 "googleforms.csv: 4 rows read, 3 loaded, 1 rejected"
has stderr "1 answer rejected in loaded rows"
same "$(sql googleforms.csv.db "SELECT count(*) FROM answer")" "13" "answers"
same "$(sql googleforms.csv.db "SELECT count(*) FROM response WHERE id GLOB 'gf-[0-9a-f]*' AND length(id) = 19")" "3" "derived ids"
same "$(sql googleforms.csv.db "SELECT reason FROM reject WHERE line = 5")" \
  "duplicate of line 2 (the same fields: the same response exported twice)" "the copied row"
same "$(sql googleforms.csv.db "SELECT submitted FROM response WHERE us_community = 'Fresno'")" "2026/11/04 9:30:00 AM GMT-5" "Timestamp"
# The derived id does not depend on the database or the file's name.
cp googleforms.csv renamed.csv
import_one renamed.csv 4 "renamed.csv: 4 rows read, 3 loaded, 1 rejected"
same "$(sql renamed.csv.db "SELECT group_concat(id) FROM (SELECT id FROM response ORDER BY id)")" \
  "$(sql googleforms.csv.db "SELECT group_concat(id) FROM (SELECT id FROM response ORDER BY id)")" "ids are deterministic"
pass "Google Forms: ids derived from the row, the same in every import"

# --- LimeSurvey -------------------------------------------------------------
import_one limesurvey_codes.csv 4 "limesurvey_codes.csv: 3 rows read, 2 loaded, 1 rejected"
same "$(sql limesurvey_codes.csv.db "SELECT count(*) FROM answer")" "10" "answers"
same "$(sql limesurvey_codes.csv.db "SELECT group_concat(question_id || '=' || value, ' ') FROM (SELECT * FROM answer WHERE response_id = '1' ORDER BY question_id)")" \
  "DELEG=4 PUB=yes REVIEW=unsure SPEND=3,000 VET=no" "codes"
import_one limesurvey_full.csv 0 "limesurvey_full.csv: 2 rows read, 2 loaded, 0 rejected"
same "$(sql limesurvey_full.csv.db "SELECT group_concat(question_id || '=' || value, ' ') FROM (SELECT * FROM answer WHERE response_id = '1' ORDER BY question_id)")" \
  "DELEG=4 PUB=yes REVIEW=unsure SPEND=3,000 VET=no" "full headings"
pass "LimeSurvey: question codes and full headings"

# --- scta's long layout: question_id by id, alias or text ---------------------
printf '%s\n' "response_id,us_community,us_state,question_id,answer" "L1,Tacoma,WA,Q1,Y" \
  "L1,Tacoma,WA,Did the city vet the foreign partner before signing?,no" 'L1,Tacoma,WA,Q3,"1,500"' \
  "L1,Tacoma,WA,Q9,yes" >long.csv
import_one long.csv 4 "long.csv: 4 rows read, 3 loaded, 1 rejected"
same "$(sql long.csv.db "SELECT group_concat(question_id || '=' || value || '=' || coalesce(num, ''), ' ') FROM (SELECT * FROM answer ORDER BY question_id)")" \
  "DELEG=1,500=1500.0 PUB=yes= VET=no=" "long answers"
same "$(sql long.csv.db "SELECT reason FROM reject")" "unknown question 'Q9'" "unknown question"
pass "long layout: question ids by alias and text"

# --- [columns:responses]: a long file with its own headers ------------------------
printf '%s\n' "Submission,Member City,us_state,Question,Reply" "S1,Tacoma,WA,PUB,yes" \
  'S1,Tacoma,WA,Q3,"2,000"' >own.csv
cat scta.ini - >own.ini <<'INI'
[columns:responses]
response_id  = submission
us_community = Member City
question_id  = Question
answer       = Reply
INI
expect_exit 0 "$SCTA" -c own.ini check own.csv
has stdout "own.csv:1: column 1 'Submission' -> response_id"
has stdout "own.csv:1: column 4 'Question' -> question_id"
rm -f own.db
expect_exit 0 "$SCTA" -c own.ini --db own.db import responses own.csv
has stderr "own.csv: 2 rows read, 2 loaded, 0 rejected"
same "$(sql own.db "SELECT group_concat(question_id || '=' || value, ' ') FROM (SELECT * FROM answer WHERE response_id = 'S1' ORDER BY question_id)")" \
  "DELEG=2,000 PUB=yes" "mapped long file"
pass "[columns:responses] maps a long file's own headers"

# --- --layout names the layout ------------------------------------------------
expect_exit 2 "$SCTA" -c scta.ini --layout typeform check googleforms.csv
has stderr "--layout: expected scta, qualtrics, surveymonkey, googleforms or limesurvey (got 'typeform')"
expect_exit 1 "$SCTA" -c scta.ini --layout scta check googleforms.csv
has stderr "missing required column 'response_id'"
expect_exit 4 "$SCTA" -c scta.ini --layout googleforms check googleforms.csv
has stdout "googleforms.csv:1: responses, layout googleforms (1 header row)"
pass "--layout overrides the recognised layout"

# --- the report counts what was loaded ----------------------------------------
printf '%s\n' "partnership_id,us_community,us_state,foreign_community,foreign_country,status" \
  "P1,Tacoma,WA,Fuzhou,China,active" "P2,Boise,ID,Harbin,China,active" \
  "P3,Fresno,CA,Kursk,Russia,active" "P4,Austin,TX,Omsk,Russia,active" >p.csv
sed -e "s#^\[input\]#[input]\npartnerships = p.csv\nresponses = qualtrics.csv#" \
  -e "s#^formats = json#formats = json, pdf#" scta.ini >run.ini
expect_exit 4 "$SCTA" -c run.ini run
pdftotext out/report.pdf out/report.txt
has out/report.txt "a response rate of 75%"
$PY - out/report.json <<'PY'
import json, sys
f = {k: v["value"] for k, v in json.load(open(sys.argv[1]))["figures"].items()}
# 4 in-scope communities; Austin's unfinished response has no answer: 3 responded.
assert f["in_scope_communities"] == 4, f
assert f["communities_responded"] == 3, f
assert f["responses_total"] == 3 and f["answers_total"] == 12, f
PY
same "$(grep -c qualtrics.csv out/rejects.csv)" "3" "rejects.csv lines"
pass "run: 3 of 4 communities responded, 12 answers (JSON and PDF over the five-question questionnaire)"

# --- [columns:partnerships], total and empty rows -----------------------------
printf '%s\r\n' "Member City,State,Partner City,Partner Country,Status" \
  "Tacoma,WA,Fuzhou,China,active" "Boise,ID,Gutenberg,Germany,active" ",,,," " , , , , " \
  "Total,,,,2" >members.csv
expect_exit 1 "$SCTA" -c scta.ini check members.csv
has stderr "cannot tell the kind of file"
cat scta.ini - >mapped.ini <<'INI'
[columns:partnerships]
us_community      = member city
us_state          = State
foreign_community = Partner City
foreign_country   =  Partner Country
INI
expect_exit 4 "$SCTA" -c mapped.ini check members.csv
has stdout "members.csv:1: column 1 'Member City' -> us_community"
has stdout "members.csv:1: column 4 'Partner Country' -> foreign_country"
has stdout "members.csv:6: total row, not a partnership (a sum below the data is not counted)"
has stderr "members.csv: warning: 2 empty rows skipped (the first at line 4, the last at line 5)"
has stderr "members.csv: 3 rows read, 2 loaded, 1 rejected"
expect_exit 4 "$SCTA" -c mapped.ini --db m.db import partnerships members.csv
same "$(sql m.db "SELECT group_concat(us_community || '-' || foreign_country) FROM (SELECT * FROM partnership ORDER BY 1)")" \
  "Boise-DEU,Tacoma-CHN" "mapped partnerships"
same "$(sql m.db "SELECT reason FROM reject")" "total row, not a partnership (a sum below the data is not counted)" "reject reason"
pass "[columns:partnerships] maps headers; total row and empty rows named for what they are"

# Every missing required column is named at once.
printf 'Town,Partner,Country\nTacoma,Fuzhou,China\n' >bad.csv
cat scta.ini - >bad.ini <<'INI'
[columns:partnerships]
foreign_country = Country
INI
expect_exit 1 "$SCTA" -c bad.ini check bad.csv
has stderr "bad.csv:1: missing required columns 'us_community', 'us_state', 'foreign_community'"
# A mapping must name a column of the contract.
cat scta.ini - >badkey.ini <<'INI'
[columns:responses]
town = Member City
INI
expect_exit 3 "$SCTA" -c badkey.ini check qualtrics.csv
has stderr "[columns:responses] town"
pass "every missing column listed at once; a mapping of an unknown column is a config error"
