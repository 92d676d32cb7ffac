#!/bin/bash
# Issue 10: figures an auditor can trust after ordinary user actions. Expected
# values are worked out by hand in tests/fixtures/audit/README.md.
. "$(dirname "$0")/common.bash"

F="$SCTA_FIXTURES/audit"
mkdir -p "$T/proj/config" "$T/proj/data" "$T/elsewhere"
cp "$F/partnerships.csv" "$T/proj/data/partnerships.csv"
cat >"$T/proj/config/scta.ini" <<INI
[report]
organization = Test Office
title = Audit Fixture
number = TST-26-10
date = 2026-11
min_base = 3
[input]
partnerships = ../data/partnerships.csv
questionnaire = $SCTA_SRC/config/questionnaire.ini
[templates]
dir = $SCTA_SRC/templates
[output]
dir = ../out
formats = xlsx, pdf, json
[flag:political_clause]
label = Agreement carries a political commitment
where = political_clause = yes
INI
J="$T/proj/out/report.json"
fig() { $PY -c "import json,sys; print(json.load(open('$J'))['figures'][sys.argv[1]]['value'])" "$1"; }
rows() { $PY -c "import json,sys; t=[t for t in json.load(open('$J'))['tables'] if t['id']==sys.argv[1]][0]; print('|'.join(','.join('' if c is None else str(round(c,4)) if isinstance(c,float) else str(c) for c in r) for r in t['rows']))" "$1"; }

# 5. report on a database that does not exist: exit 1, names it and what to run, writes nothing.
cd "$T/proj"
expect_exit 1 "$SCTA" -c config/scta.ini --db "$T/typo.db" report
has "$T/stderr" "$T/typo.db: no such database"
has "$T/stderr" "scta run"
[ ! -e "$T/typo.db" ] || fail "report created the mistyped database"
[ ! -e out ] || fail "report wrote outputs for a database that does not exist"
pass "report on a missing database fails and writes nothing"

# 3. unknown stays unknown: blank status, availability and provisions are "not recorded".
expect_exit 0 "$SCTA" -c config/scta.ini run
same "$(fig in_scope)" "4"
same "$(rows scope_by_status)" "Active,Yes,1,0.25|Inactive,Yes,0,0|Suspended,Yes,1,0.25|Terminated,No,0,0|Proposed,No,0,0|Not recorded,Yes,2,0.5|Total,,4,1"
same "$(fig agreements_recorded)" "2"
# min_base = 3: a share of 2 is withheld, the count shown
same "$(fig agreements_online_pct)" "1 of 2"
same "$(rows agreement_availability | cut -d'|' -f1)" "Posted online,1,2,1 of 2 with availability recorded,n < 3"
same "$(rows agreement_availability | cut -d'|' -f6)" "Not recorded,2,4,2 of 4 in scope,0.5"
same "$(fig agreements_sentence)" "Of the 2 agreements whose availability is recorded, 1 is posted online and 1 is not available or confidential. Availability is not recorded for 2 of the 4 in-scope partnerships."
same "$(rows provisions | cut -d'|' -f1)" "Political commitment in the agreement (such as a \"One China\" clause),1,1,2,2,1 of 2 recorded,n < 3"
same "$(fig status_sentence)" "The records give no status for 2 of the 4 partnerships with countries that scored 45 or less; this report counts them as operating ([scope] unrecorded_status)."
# the PDF says it in words; the detail sheet keeps the blank
pdftotext out/report.pdf - | tr -s " \n" "  " >"$T/r.txt"
has "$T/r.txt" "Availability is not recorded for 2 of the 4 in-scope"
has "$T/r.txt" "withheld"
$PY - out/report.xlsx "$SCTA_SRC/tests/tools" >"$T/p.txt" <<'PY'
import sys, openpyxl
sys.path.insert(0, sys.argv[2])
import read_xlsx
ws = openpyxl.load_workbook(sys.argv[1], read_only=True)["Partnerships"]
for r in read_xlsx.records(ws, "Partnership ID"):
    if r["Partnership ID"] in ("A2", "A3"):
        print(r["Partnership ID"], repr(r["Status"]))
PY
has "$T/p.txt" "A2 None"
has "$T/p.txt" "A3 None"
pass "blank fields are not recorded: tables, sentences, min_base, detail sheet"

# the setting: blank status left out of scope, and said so
sed -i 's/^\[input\]/[scope]\nunrecorded_status = excluded\n[input]/' config/scta.ini
expect_exit 0 "$SCTA" -c config/scta.ini report
same "$(fig in_scope)" "2"
has "$J" "([scope] unrecorded_status = excluded)"
sed -i '/^\[scope\]/d; /^unrecorded_status/d' config/scta.ini
pass "[scope] unrecorded_status = excluded leaves blank statuses out of scope"

# 2. one input is one input: the same config by absolute path from another folder.
cd "$T/elsewhere"
expect_exit 0 "$SCTA" -c "$T/proj/config/scta.ini" run
has "$T/stderr" "../data/partnerships.csv: unchanged since it was imported"
cd "$T/proj"
$PY - out/manifest.json <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
assert [i["path"] for i in m["inputs"]] == ["../data/partnerships.csv"], m["inputs"]
assert m["inputs"][0]["rows_read"] == 4, m["inputs"]
PY
same "$(fig rows_read)" "4"
pass "a config run from another folder names each input once, in one form"

# 1. the latest import of a file is that file's truth.
cp "$F/partnerships_fixed.csv" data/partnerships.csv
expect_exit 0 "$SCTA" -c config/scta.ini run
has "$T/stderr" "../data/partnerships.csv: 3 rows read, 3 loaded, 0 rejected"
has "$T/stderr" "../data/partnerships.csv: 1 partnership removed since the last import of this file"
same "$(fig in_scope)" "3"
same "$(fig partnerships_total)" "3"
$PY - out/manifest.json <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
i = m["inputs"]
assert len(i) == 1 and i[0]["rows_read"] == 3 and i[0]["records_removed"] == 1, i
PY
$PY - out/report.xlsx "$SCTA_SRC/tests/tools" <<'PY'
import sys, openpyxl
sys.path.insert(0, sys.argv[2])
import read_xlsx
ws = openpyxl.load_workbook(sys.argv[1], read_only=True)["Partnerships"]
ids = read_xlsx.column(ws, "Partnership ID")
assert ids == ["A1", "A2", "A4"], ids
PY
pass "a corrected file re-imported retires the row it no longer has"

# 7. one numbering: Table N and Figure N are the same table in the PDF, the workbook and the JSON.
pdftotext out/report.pdf "$T/r2.txt" 2>"$T/poppler.err"
$PY - out/report.xlsx out/report.json "$T/r2.txt" <<'PY'
import json, re, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
sheets = {}
for ws in wb.worksheets:
    if ws.title.startswith("Table "):
        sheets[int(ws.title.split()[1])] = next(ws.iter_rows(values_only=True))[0]
j = json.load(open(sys.argv[2]))
txt = open(sys.argv[3]).read()
tables = j["tables"]
# the JSON lists every table once, numbered 1..N in order; each has its sheet
assert [t["number"] for t in tables] == list(range(1, len(tables) + 1)), [t["number"] for t in tables]
assert sorted(sheets) == list(range(1, len(tables) + 1)), sorted(sheets)
for t in tables:
    # the title, then a "[note N]" marker for each of the table's notes
    marks = "".join(" [note %d]" % k for k in range(1, len(t["notes"]) + 1))
    assert sheets[t["number"]] == "Table %d: %s%s" % (t["number"], t["title"], marks), (t["number"], sheets[t["number"]], t["title"])
# every numbered PDF table is that JSON table, and names its sheet
pdf = {}
for m in re.finditer(r"^Table (\d+): (.+)$", txt, re.M):
    pdf.setdefault(int(m.group(1)), m.group(2))
assert pdf, "no numbered table in the PDF"
for n, title in pdf.items():
    want = tables[n - 1]["title"]
    assert want.startswith(title.split(" . ")[0].strip()[:25]), (n, title, want)
    assert "Workbook sheet: Table %d" % n in txt, n
# the PDF's tables come first: 1..k, the workbook-only ones after
assert sorted(pdf) == list(range(1, len(pdf) + 1)), sorted(pdf)
# figures: numbered alike in the PDF and the JSON, the workbook's chart titles too;
# a state map is a figure of its own ("Map: title"), on the workbook sheet "Figure N"
figs = {t["figure"]: t["title"] for t in tables if t["figure"]}
maps = {t["map"]["figure"]: "Map: " + t["title"] for t in tables if t["map"]}
assert maps and not set(maps) & set(figs), (maps, figs)
figs.update(maps)
assert sorted(figs) == list(range(1, len(figs) + 1)), sorted(figs)
for m in re.finditer(r"^Figure (\d+): (.+)$", txt, re.M):
    n = int(m.group(1))
    assert figs[n].startswith(m.group(2).split(" . ")[0].strip()[:25]), (n, m.group(2))
for n, title in maps.items():
    ws = wb["Figure %d" % n]
    assert next(ws.iter_rows(values_only=True))[0] == "Figure %d: %s [note 1]" % (n, title), n
# flag rules read by their labels, never their section ids
flagged = [t for t in tables if t["id"] == "flagged"][0]
assert flagged["rows"][0][5] == "Agreement carries a political commitment", flagged["rows"]
PY
tr -s ' \n' '  ' <"$T/r2.txt" >"$T/r3.txt"
has "$T/r3.txt" "Agreement carries a political commitment"
hasnt "$T/r3.txt" "political_clause"
pass "one numbering of tables and figures in the PDF, the workbook and the JSON"

# 8. words agree in number.
printf 'partnership_id,us_community,us_state,foreign_community,foreign_country\nB1,Nowhere,XX,Atlantis,Narnia\n' >data/bad.csv
expect_exit 4 "$SCTA" -c config/scta.ini import partnerships data/bad.csv
has "$T/stderr" "1 row was rejected:"
pass "one rejected row is one row"

# 5. a report over no partnership in scope says so plainly, never "not available".
mkdir -p "$T/zero" && cd "$T/zero"
printf 'partnership_id,us_community,us_state,foreign_community,foreign_country,status\nZ1,Boston,MA,Kyoto,Japan,active\n' >p.csv
sed -e 's|^partnerships = .*|partnerships = p.csv|' -e 's|^dir = ../out|dir = out|' "$T/proj/config/scta.ini" >scta.ini
expect_exit 0 "$SCTA" -q -c scta.ini run
pdftotext out/report.pdf - 2>/dev/null | tr -s ' \n' '  ' >z.txt
has z.txt "Of the 1 partnership whose foreign country has a 2019 CPI score, none is both operating and with a country scoring 45 or less."
has z.txt "No U.S. community has a partnership in scope, so no questionnaire answers were analyzed."
has z.txt "No partnership in the records is in scope, so no agreement was analyzed."
hasnt z.txt "response rate of not available"
hasnt z.txt "Of the 0 "
hasnt z.txt "(not available)"
pass "a report with nothing in scope says so in words"
