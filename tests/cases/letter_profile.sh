#!/bin/bash
# The association's letter (templates/letter/) and the community profiles
# (templates/profile/) on the analysis fixture's data: the letter's sentences
# with their counts and grammar, its pages and attachment rows, [scope]
# respondents = in_scope and all, a profile's figures beside all respondents.
# Every count is worked out in tests/fixtures/letter/README.md.
. "$(dirname "$0")/common.bash"

A="$SCTA_FIXTURES/analysis"
L="$SCTA_FIXTURES/letter"
# letter_config FILE TEMPLATES RESPONDENTS [EXTRA]: EXTRA lines end [report].
letter_config() {
  cat >"$1" <<INI
[report]
organization = Association of Test Mayors
title = Sister City Partnerships of Our Members
number = ATM-26-01
date = 2026-11-15
min_base = 3
${4:-}
[scope]
respondents = $3
[input]
partnerships = $A/partnerships.csv
responses = $A/responses.csv
questionnaire = $L/questionnaire.ini
[templates]
dir = $SCTA_SRC/templates/$2
[output]
dir = out
formats = pdf, json
db = scta.db
INI
}
SIGN="signatory = Jane Roe, Executive Director
addressee_1 = The Honorable Ann Smith, United States Senate
addressee_2 = The Honorable Bob Jones, United States Senate"
cd "$T"

# pdftext FILE: the PDF's text with runs of white space made one space.
pdftext() { pdftotext "$1" - | tr -s ' \n' '  ' >"$1.txt"; }

letter_config scta.ini letter in_scope "$SIGN"
expect_exit 4 "$SCTA" -q -c scta.ini run
quiet pdfinfo out/report.pdf >/dev/null
pages=$(pdfinfo out/report.pdf | awk '/^Pages:/ {print $2}')
[ "$pages" -ge 2 ] && [ "$pages" -le 6 ] || fail "letter has $pages pages, expected 2 to 6"
qpdf --check out/report.pdf >/dev/null || fail "qpdf --check"
pdftext out/report.pdf
X=out/report.pdf.txt
# A letter: date, addressees, salutation, the four answers, signature block.
has $X "Association of Test Mayors November 2026 The Honorable Ann Smith, United States Senate The Honorable Bob Jones, United States Senate"
has $X "Dear Senators:"
has $X "6 member communities with partnerships in scope answered our questionnaire, of 9 communities with such partnerships (67%). This letter counts their answers."
has $X "4 member communities answered at least one of our questions on this. Of the members that answered each question, 2 of 4 answered Posted online to “Agreement public” (50%) and 2 of 3 answered Yes to “Council approved it” (67%). Members differ most on “Agreement public”: 2 of 4 answered Posted online and 2 did not."
has $X "2 of 4 answered No to “Political commitment” (50%)"
has $X "Members differ most on “Political commitment”: 2 of 4 answered No and 2 did not."
has $X "Our questionnaire asked no question with a safeguard answer on this."
has $X "Of the 4 member communities with an overall safeguard index, 2 are in the Strong tier and 2 in the Limited tier."
has $X "Sincerely, Jane Roe, Executive Director Association of Test Mayors"
has $X "This letter is not a product of the U.S. Government Accountability Office (GAO)."
hasnt $X "Highlights"
hasnt $X "Contents"
pass "letter: sentences, counts and grammar (in_scope)"

# The attachment: one row per member, by state (README's table; [index]
# labels are the defaults, Strong, Partial, Limited; an empty cell prints "—").
members() {
  pdftotext -layout "$1" - | sed -n "/Attachment: Our Members' Answers/,\$p" |
    grep -E '^ *[A-Z][a-z]+ +[A-Z][A-Z] ' | tr -s ' ' | sed 's/^ //; s/ $//'
}
members out/report.pdf >members.txt
same "$(cat members.txt)" "Phoenix AZ 1 — — — — —
Denver CO 1 1 of 2 1 of 2 — — Limited
Boise ID 1 — — — — —
Springfield IL 1 2 of 2 2 of 2 — — Strong
Kansas KS 1 1 of 1 1 of 2 — — Strong
Austin TX 2 0 of 2 1 of 2 — — Limited"
has $X "Association of Test Mayors analysis of questionnaire responses. | ATM-26-01"
pass "letter: attachment rows"

# min_base = 3: a share of fewer than 3 answers is left out, the counts stay.
has $X "2 of 3 answered Yes to “Council approved it” (67%)"

# respondents = all: Portland counted (7 members; TRA1 3 of 5).
rm -rf out scta.db
letter_config scta.ini letter all "$SIGN"
expect_exit 4 "$SCTA" -q -c scta.ini run
pdftext out/report.pdf
has $X "7 member communities answered our questionnaire: 6 with partnerships in scope and 1 without. This letter counts the answers of all of them."
has $X "5 member communities answered at least one of our questions on this. Of the members that answered each question, 3 of 5 answered Posted online to “Agreement public” (60%)"
has $X "Of the 5 member communities with an overall safeguard index, 3 are in the Strong tier and 2 in the Limited tier."
members out/report.pdf >members.txt
has members.txt "Kansas KS 1 1 of 1 1 of 2 — — Strong
Portland OR 1 1 of 1 — — — Strong
Austin TX 2"
$PY - <<'PY'
import json
j = json.load(open("out/report.json"))
cov = {r[0]: r[1] for r in {t["id"]: t for t in j["tables"]}["coverage"]["rows"]}
assert cov["Communities that responded"] == 6, cov
assert cov["Communities with no partnership in scope that responded (counted)"] == 1, cov
assert j["figures"]["members_responded"]["value"] == 7
assert "[scope] respondents = all" in {t["id"]: t for t in j["tables"]}["answers_transparency"]["base"]
PY
pass "letter: respondents = all"

# A letter without its addressees or signatory is refused before anything is written.
rm -rf out scta.db
letter_config scta.ini letter in_scope "signatory = Jane Roe"
expect_exit 3 "$SCTA" -q -c scta.ini run
has "$T/stderr" "::: addressees: set the letter's addressees in [report] addressee_1, addressee_2, ..."
letter_config scta.ini letter in_scope "addressee_1 = The Honorable Ann Smith"
expect_exit 3 "$SCTA" -q -c scta.ini run
has "$T/stderr" "placeholder {{signatory}} has no value: set it in [report]"
[ ! -e out/report.pdf ] || fail "a refused letter wrote a PDF"
pass "letter: addressees and signatory required"

# Profiles: one per community with partnerships in scope; Denver's figures.
rm -rf out scta.db
letter_config scta.ini profile in_scope
expect_exit 4 "$SCTA" -q -c scta.ini run
expect_exit 0 "$SCTA" -q -c scta.ini report --by community
[ -e out/report-CO-denver.pdf ] || fail "no profile of Denver"
for f in out/report-*.pdf; do
  p=$(pdfinfo "$f" | awk '/^Pages:/ {print $2}')
  [ "$p" -le 2 ] || fail "$f has $p pages"
done
pdftext out/report-CO-denver.pdf
X=out/report-CO-denver.pdf.txt
has $X "Sister City Profile: Denver, CO"
has $X "(1 responding community counted here, 1 response)"
has $X "Minsk Belarus 45 1996 Suspended"
has $X "Lagos Nigeria 26 2008 Active Provided on request"
hasnt $X "Gaza"
# Its answers beside all respondents (the whole store: 2 of 4 reporting TRA1).
has $X "Transparency Agreement public: Posted online On request 1 2 4 50%"
has $X "Expression Political commitment: No Yes 1 2 4 50%"
# Its indexes and tiers beside all respondents'.
has $X "Transparency 1 0.33 Limited 4 0.62 2 50%"
has $X "Expression 1 0.50 Partial 4 0.62 3 75%"
has $X "Overall 1 0.40 Limited 4 0.60 2 50%"
has $X "This profile is not a product of the U.S. Government Accountability Office (GAO)."
pass "profile: Denver beside all respondents"

# As editions (the issue's sections): the letter after the study and a state
# edition, with a workbook asked for (so the PDF is written on the second thread
# from the whole store's analysis the study made): its attachment reads the
# whole store, not the last state's rows. The profiles keep their template
# set's default (templates/profile/set.ini: PDF only).
rm -rf out scta.db
letter_config scta.ini study in_scope "$SIGN"
sed -i "s#^dir = $SCTA_SRC/templates/study#dir = $SCTA_SRC/templates#; s#^formats = pdf, json#formats = xlsx, pdf#" scta.ini
cat >>scta.ini <<'INI'
[edition:study]
audience = public
[edition:states]
by = state
number = {number}-{state}
[edition:memo]
template = letter
[edition:profiles]
template = profile
by = community
[edition:letter]
template = letter
signatory = Jane Roe, Executive Director
formats = xlsx, pdf
INI
expect_exit 4 "$SCTA" -q -c scta.ini run
[ -e out/report-letter.pdf ] && [ -e out/report-profiles-CO-denver.pdf ] || fail "editions not written"
[ -e out/report-letter.xlsx ] || fail "[edition:letter] formats = xlsx, pdf: no workbook"
! ls out/report-profiles-*.xlsx >/dev/null 2>&1 || fail "profiles wrote workbooks (set.ini says pdf)"
[ -e out/report-study.xlsx ] || fail "the study's workbook is missing"
members out/report-letter.pdf >members.txt
same "$(wc -l <members.txt)" "6" "attachment rows of the letter edition"
# The same letter as a PDF only (no second thread) right after the states: the whole store too.
[ ! -e out/report-memo.xlsx ] || fail "the memo edition wrote a workbook (set.ini says pdf)"
members out/report-memo.pdf >memo.txt
same "$(wc -l <memo.txt)" "6" "attachment rows of a PDF-only letter after unit editions"
# Every community with a partnership in scope got its profile (9, as the letter counts them),
# not only the last state's that the states edition left the connection on.
same "$(ls out/report-profiles-*.pdf | wc -l)" "9" "profiles written after the states edition"
has members.txt "Austin TX 2 0 of 2 1 of 2 — — Limited"
pdftext out/report-profiles-CO-denver.pdf
has out/report-profiles-CO-denver.pdf.txt "Sister City Profile: Denver, CO"
# A profile writes no workbook, so its source lines name no sheet of one.
! grep -q "Workbook sheet" out/report-profiles-CO-denver.pdf.txt ||
  fail "a PDF-only profile names a workbook sheet"
has out/report-profiles-CO-denver.pdf.txt "Transparency Agreement public: Posted online On request 1 2 4 50%"
pass "editions: letter after states, profiles"
