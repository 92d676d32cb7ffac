#!/bin/bash
# Community profiles fit one or two pages whatever the number of partnerships:
# Lakeside, OH has 40 in scope (tests/fixtures/profile/README.md works out every
# figure by hand). The profile lists the first 20 (::: detail partners 20), says
# in one sentence how many it leaves out and where they are, and its workbook
# does list them all: the study's (the profile set writes a PDF only, as in the
# bundled config), the profile's own when its edition writes one, or, with
# neither, the note says no workbook lists them. Hillview, OH (2 partnerships)
# gets the whole list.
. "$(dirname "$0")/common.bash"

F="$SCTA_FIXTURES/profile"
cd "$T"
cat >scta.ini <<INI
[report]
organization = Association of Test Mayors
title = Sister City Partnerships of Our Members
number = ATM-26-01
date = 2026-11-15
min_base = 2
[scope]
cpi_year = 2019
cpi_max = 45
statuses = active, inactive, suspended
[input]
partnerships = $F/partnerships.csv
responses = $F/responses.csv
questionnaire = $SCTA_SRC/config/questionnaire.ini
[templates]
dir = $SCTA_SRC/templates
[output]
dir = out
formats = xlsx, pdf
db = scta.db
[edition:study]
[edition:profiles]
template = profile
by = community
formats = pdf, html
INI
expect_exit 0 "$SCTA" -q -c scta.ini run
L=out/report-profiles-OH-lakeside.pdf
H=out/report-profiles-OH-hillview.pdf
[ -e "$L" ] && [ -e "$H" ] || fail "profiles not written"
for f in "$L" "$H"; do
  p=$(pdfinfo "$f" | awk '/^Pages:/ {print $2}')
  [ "$p" -ge 1 ] && [ "$p" -le 2 ] || fail "$f has $p pages, expected 1 or 2"
  qpdf --check "$f" >/dev/null || fail "qpdf --check $f"
done
pass "profiles of 40 and 2 partnerships: at most 2 pages"

pdftotext "$L" - | tr -s ' \n' '  ' >l.txt
has l.txt "Sister City Profile: Lakeside, OH"
has l.txt "Lakeside, OH has 40 partnerships in scope, with communities in 10 countries."
# The first 20 by country (Brazil to Kenya), none of Mexico's onwards.
has l.txt "Belem Brazil 35 1981 Active Posted online Curitiba Brazil 35 — Active Provided on request Manaus Brazil 35 — Inactive Not recorded"
has l.txt "Nakuru Kenya 28 — Suspended Not recorded Source:"
for left_out in Merida Puebla Kano Makati Kazan Poltava Osaka Vladivostok; do
  hasnt l.txt "$left_out"
done
has l.txt "This list shows the first 20 of the 40 partnerships in scope, for length; the workbook report-study.xlsx lists all 40 on sheet Partnerships, where In scope is Yes (the rows of Lakeside, OH)."
# Its index beside all respondents': 1.00 Strong; 2 with an index, mean 0.50, 1 (50%) Strong.
has l.txt "Transparency 1 1.00 Strong 2 0.50 1 50%"
has l.txt "Visa 1 1.00 Strong 2 0.50 1 50%"
has l.txt "Overall 1 1.00 Strong 2 0.50 1 50%"
# Each safeguard: its answer, 1 of the 2 respondents answering reported it (50%).
has l.txt "Transparency Agreement text public: Posted online Posted online 1 1 2 50%"
has l.txt "Expression Political commitment: No No 1 1 2 50%"
has l.txt "Visa Record of visitors: Yes Yes 1 1 2 50%"
has l.txt "This profile is not a product of the U.S. Government Accountability Office (GAO)."
pass "profile of 40 partnerships: its figures, the first 20 listed and where the rest are"

# The workbook the sentence names lists all 40 (and Lakeside's 2 out of scope).
checkbook() { # FILE: Lakeside's rows on sheet Partnerships
$PY - "$1" <<'PY'
import sys
sys.path.insert(0, __import__("os").environ["SCTA_SRC"] + "/tests/tools")
import openpyxl, read_xlsx
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
recs = [r for r in read_xlsx.records(wb["Partnerships"], "In scope") if r["U.S. community"] == "Lakeside"]
assert len(recs) == 42, len(recs)
ins = [r for r in recs if r["In scope"] == "Yes"]
assert len(ins) == 40, len(ins)
assert sorted(r["Foreign community"] for r in recs if r["In scope"] != "Yes") == ["Osaka", "Vladivostok"]
assert "Puebla" in {r["Foreign community"] for r in ins}
PY
}
checkbook out/report-study.xlsx
[ ! -e out/report-profiles-OH-lakeside.xlsx ] || fail "the profile edition wrote a workbook"
pass "the study's workbook lists all 40 on sheet Partnerships"

# The HTML edition reads ::: detail partners 20 the same way.
has out/report-profiles-OH-lakeside.html "This list shows the first 20 of the 40 partnerships in scope, for length; the workbook report-study.xlsx lists all 40 on sheet Partnerships, where In scope is Yes (the rows of Lakeside, OH)."
has out/report-profiles-OH-lakeside.html "Nakuru"
hasnt out/report-profiles-OH-lakeside.html "Merida"
pass "HTML profile: the first 20 and the sentence"

pdftotext "$H" - | tr -s ' \n' '  ' >h.txt
has h.txt "Hillview, OH has 2 partnerships in scope, with communities in 2 countries."
has h.txt "Kyiv Ukraine 30 — Active Not recorded Hanoi Vietnam 37 — Active Posted online"
has h.txt "The workbook report-study.xlsx lists them on sheet Partnerships, where In scope is Yes (the rows of Hillview, OH)."
hasnt h.txt "This list shows the first"
has h.txt "Overall 1 0.00 Limited 2 0.50 1 50%"
has h.txt "Transparency Agreement text public: Posted online Not available 1 1 2 50%"
pass "profile of 2 partnerships: the whole list"

# The profile edition with a workbook of its own: the sentence names it, and
# it has Lakeside's rows only.
rm -rf out scta.db
sed -i 's/^formats = pdf, html$/formats = xlsx, pdf/' scta.ini
expect_exit 0 "$SCTA" -q -c scta.ini run
pdftotext "$L" - | tr -s ' \n' '  ' >l.txt
has l.txt "This list shows the first 20 of the 40 partnerships in scope, for length; the workbook lists all 40 on sheet Partnerships, where In scope is Yes."
checkbook out/report-profiles-OH-lakeside.xlsx
pdftotext "$H" - | tr -s ' \n' '  ' >h.txt
has h.txt "The workbook lists them on sheet Partnerships, where In scope is Yes."
pass "a profile edition with its own workbook names it"

# No edition writes a workbook: the note says so and names none.
rm -rf out scta.db
sed -i 's/^formats = xlsx, pdf$/formats = pdf/' scta.ini
expect_exit 0 "$SCTA" -q -c scta.ini run
ls out/*.xlsx >/dev/null 2>&1 && fail "a workbook was written"
pdftotext "$L" - | tr -s ' \n' '  ' >l.txt
has l.txt "This list shows the first 20 of the 40 partnerships in scope, for length; the configuration writes no workbook that lists the others."
pdftotext "$H" - | tr -s ' \n' '  ' >h.txt
has h.txt "whether the agreement is public. Table 1:"
hasnt h.txt "workbook lists"
pass "no workbook: the note names none"
