#!/bin/bash
# A report of one's own, as a mayors' association would make it (issue 11):
# a starter folder from `scta init`, run from inside it and from another
# directory; a five-question questionnaire over three topics, whose report
# leaves out the other topics; problems found before the database is
# touched; and the installed program under a temporary prefix, moved
# elsewhere, finding its own data. Expected values worked out by hand below.
. "$(dirname "$0")/common.bash"
: "${SCTA_BUILD:?run through ctest}"
txt() { pdftotext -layout "$1" - 2>/dev/null; }

# ---- scta init: a folder that works from inside and from anywhere ----
cd "$T"
expect_exit 0 "$SCTA" init club
for f in scta.ini questionnaire.ini data/partnerships.csv data/responses.csv; do
  [ -s "club/$f" ] || fail "init did not write club/$f"
  has "$T/stdout" "wrote club/$f"
done
[ ! -e club/templates ] || fail "init wrote templates without --templates"
hasnt club/scta.ini "../"
cmp -s club/questionnaire.ini "$SCTA_SRC/config/questionnaire.ini" || fail "questionnaire not the bundled one"
# Nothing is overwritten.
echo "; mine" >>club/scta.ini
cp club/scta.ini kept.ini
expect_exit 1 "$SCTA" init club
has "$T/stderr" "club/scta.ini already exists; nothing was written"
cmp -s club/scta.ini kept.ini || fail "a second init changed scta.ini"
pass "init writes a starter folder and never overwrites"

# Inside the folder: plain `scta run` finds ./scta.ini (the sample: 2,336 partnerships).
(cd club && expect_exit 0 "$SCTA" -q run)
has "$T/stderr" "data/partnerships.csv: 2336 rows read, 2336 loaded, 0 rejected"
for f in report.xlsx report.pdf report.json rejects.csv manifest.json; do
  [ -s "club/output/$f" ] || fail "missing club/output/$f"
done
mkdir first
cp club/output/report.* club/output/manifest.json first/
# From another directory, with the same database and with a fresh one: byte-identical
# outputs in the folder's output/ (paths are shown from the folder, not from where scta ran).
mkdir -p elsewhere && cd elsewhere
for db in same fresh; do
  [ "$db" = fresh ] && rm -rf "$T/club/output"
  expect_exit 0 "$SCTA" -q -c "$T/club/scta.ini" run
  [ ! -e output ] && [ ! -e out ] || fail "a run from elsewhere wrote into the current directory"
  for f in report.pdf report.xlsx report.json manifest.json; do
    cmp -s "$T/first/$f" "$T/club/output/$f" || fail "$f from elsewhere ($db database) differs"
  done
done
cd "$T"
$PY - first/report.json <<'PY'
import json, sys
assert json.load(open(sys.argv[1]))['figures']['partnerships_total']['value'] == 2336
PY
pass "the folder runs from inside and from another directory"

# --templates: a copy to edit, and the report uses it.
expect_exit 0 "$SCTA" init mine --templates
[ -s mine/templates/report.md ] && [ -s mine/templates/letter.md ] || fail "no templates copied"
has mine/scta.ini "dir = templates"
sed -i 's/^## Background$/## Background\n\nOur association edited this letter./' mine/templates/letter.md
(cd / && expect_exit 0 "$SCTA" -q -c "$T/mine/scta.ini" run)
txt mine/output/report.pdf >mine.txt
has mine.txt "Our association edited this letter."
pass "init --templates: the report uses the folder's own templates"

# ---- five questions over three topics ----
# In scope (tests/fixtures/cli/scta.ini): Tacoma WA, Seattle WA, Portland OR,
# Boise ID, Denver CO, Tulsa OK, Miami FL. Houston is not: R3 is left out.
#   Q1 selection (Third party proposed it): R1 yes, R2 no        -> 50% / 50%, n = 2
#   Q2 transparency (Agreement online):     R1 yes, R2 no        -> 50% / 50%, n = 2
#   Q3 transparency (Council approved):     R1 not_sure, R2 yes  -> 100% / 0%, n = 1
#   Q4 visa (count):                        4, 0  -> 2 answers, total 4, median 2, mean 2
#   Q5 visa (text). No activities, expression or espionage question.
mkdir five
cp "$SCTA_FIXTURES/cli/partnerships.csv" five/partnerships.csv
cat >five/questionnaire.ini <<'INI'
[scale:yns]
values = yes, no, not_sure
labels = Yes, No, Not sure
valid  = yes, no

[topic:transparency]
title = Openness of our partnerships
summary = We asked members whether agreements are published and whether the council approved them.

[question:Q1]
topic = selection
text  = Did a third party propose the partnership?
label = Third party proposed it
scale = yns

[question:Q2]
topic = transparency
text  = Is the agreement published online?
label = Agreement online
scale = yns
safeguard = yes

[question:Q3]
topic = transparency
text  = Did the council approve the agreement?
label = Council approved
scale = yns
safeguard = yes

[question:Q4]
topic = visa
text  = How many visitors did you invite last year?
type  = count

[question:Q5]
topic = visa
text  = Describe your visa checks.
type  = text
INI
cat >five/responses.csv <<'CSV'
response_id,us_community,us_state,Q1,Q2,Q3,Q4,Q5
R1,Tacoma,WA,yes,yes,not_sure,4,We check ids
R2,Seattle,WA,no,no,yes,0,
R3,Houston,TX,not_sure,yes,yes,2,None
CSV
cat >five/scta.ini <<'INI'
[report]
organization = Mayors Association
title = Our Partnerships
number = MA-1
date = 2026-11
[input]
partnerships = partnerships.csv
responses = responses.csv
questionnaire = questionnaire.ini
[output]
dir = out
formats = xlsx, pdf, json
INI
(cd / && expect_exit 4 "$SCTA" -q -c "$T/five/scta.ini" run)   # 2 partnership rows rejected
$PY - "$T/five/out/report.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
t = {x['id']: x for x in j['tables']}
for gone in ('answers_activities', 'answers_expression', 'answers_espionage',
             'answers_chart_activities', 'answers_chart_expression',
             'answers_chart_espionage', 'answers_chart_visa'):
    assert gone not in t, gone
for kept in ('answers_selection', 'answers_transparency', 'answers_visa',
             'answers_chart_selection', 'answers_chart_transparency'):
    assert kept in t, kept
c = t['answers_chart_transparency']
assert c['title'] == 'Openness of our partnerships: distribution of valid answers', c['title']
assert [k['name'] for k in c['columns']] == ['Question', 'Yes', 'No', 'Valid answers (n)']
assert c['rows'] == [['Agreement online', 0.5, 0.5, 2], ['Council approved', 1, 0, 1]], c['rows']
assert t['answers_chart_selection']['rows'] == [['Third party proposed it', 0.5, 0.5, 2]]
assert any(n.startswith('Percentages are of valid answers; Not sure answers are excluded')
           for n in c['notes']), c['notes']
v = t['answers_visa']['rows']
assert [r[2:4] for r in v] == [['Responses', 2], ['Total', 4], ['Median', 2], ['Mean', 2]], v
assert "Don't know" not in json.dumps(j), "Don't know named, but the scale says Not sure"
print("five-question tables ok")
PY
txt five/out/report.pdf >five.txt
has five.txt "We asked members whether agreements are published and whether the council"
has five.txt "Third party proposed it"
has five.txt "Agreement online"
has five.txt "How Partners Were Selected"
has five.txt "Openness of our partnerships"
has five.txt "Not sure answers are shown but kept out of the base"
hasnt five.txt "Safeguards for Freedom of Expression"
hasnt five.txt "Freedom of expression"
hasnt five.txt "Activities and outcomes"
hasnt five.txt "Don't know"
# Appendix V: one answers table per topic asked about, and no empty ones for the others.
for gone in "Answers on Activities" "Answers on Freedom" "Answers on Oversight"; do
  hasnt five.txt "$gone"
done
has five.txt "Answers on Selection of U.S. partners"
has five.txt "Answers on Openness of our partnerships"
has five.txt "Answers on Visa programs"
pass "five questions over three topics: only those topics, words from the questionnaire"

# ---- problems are found before the database is touched ----
sed -e 's/^partnerships = partnerships.csv/partnerships = missing.csv/' -e 's/^dir = out/dir = bad-out/' \
  -e 's/^date = 2026-11/date = 2026-13/' five/scta.ini >five/bad.ini
printf '[crosstab:x]\nrows = state\ncols = Q9\n' >>five/bad.ini
(cd / && expect_exit 3 "$SCTA" -c "$T/five/bad.ini" run)
has "$T/stderr" "scta: $T/five/bad.ini: [report] date: expected YYYY-MM or YYYY-MM-DD (got '2026-13')"
has "$T/stderr" "scta: $T/five/bad.ini: [input] partnerships: no such file $T/five/missing.csv"
has "$T/stderr" "scta: $T/five/bad.ini: [crosstab:x] cols: question 'Q9' is not in the questionnaire $T/five/questionnaire.ini"
[ ! -e five/bad-out ] || fail "a bad run created the output directory or database"
# A template naming a topic the questionnaire lacks: the cause, before any import.
mkdir five/tpl
printf '# Report\n\n::: figure answers_chart_visa\n\nThe {{in_scop}} figure.\n' >five/tpl/report.md
sed -e 's/^dir = out/dir = bad-out/' five/scta.ini >five/badt.ini
printf '[templates]\ndir = tpl\n' >>five/badt.ini
(cd / && expect_exit 3 "$SCTA" -c "$T/five/badt.ini" run)
has "$T/stderr" "$T/five/tpl/report.md:3: no question of topic 'visa' has a choice scale, so figure answers_chart_visa does not exist"
has "$T/stderr" "[templates] dir = $T/five/tpl in $T/five/badt.ini"
has "$T/stderr" "$T/five/tpl/report.md:5: unknown placeholder {{in_scop}}"   # every problem
[ ! -e five/bad-out ] || fail "a run with a bad template touched the database"
pass "bad config, crosstab and template: every problem, exit 3, nothing written"

# ---- the installed program, moved after installing ----
cmake --install "$SCTA_BUILD" --prefix "$T/pfx" >/dev/null
[ -x pfx/bin/scta ] || fail "no pfx/bin/scta"
for f in templates/report.md questionnaire.ini sample/partnerships.csv sample/responses.csv \
         reference/cpi.csv; do
  [ -s "pfx/share/scta/$f" ] || fail "not installed: share/scta/$f"
done
mv pfx moved
# The installed templates are the ones used: mark one.
sed -i 's/^## Background$/## Background\n\nInstalled template in use./' moved/share/scta/templates/letter.md
expect_exit 0 moved/bin/scta init inst
(cd / && expect_exit 0 "$T/moved/bin/scta" -v -c "$T/inst/scta.ini" run)
has "$T/stderr" "templates: $T/moved/share/scta/templates"
txt inst/output/report.pdf >inst.txt
has inst.txt "Installed template in use."
# A config that leaves the questionnaire out gets the program's own.
grep -v '^questionnaire' inst/scta.ini >inst/noq.ini
(cd / && expect_exit 0 "$T/moved/bin/scta" -v -c "$T/inst/noq.ini" report --format json)
has "$T/stderr" "questionnaire: $T/moved/share/scta/questionnaire.ini"
pass "installed tree under a temporary prefix, moved: finds its own data"
