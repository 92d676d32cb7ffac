#!/bin/bash
# --compare PREVIOUS: two rounds of tests/fixtures/compare (its README works out
# every figure by hand). Round 1 is reported into out1/, round 2 into out2/
# comparing with round 1's database, then with its output folder; the
# workbook (openpyxl), the PDF (pdftotext) and the JSON are read back. Also: the
# earlier database is never written, an older schema's database is read, and
# bad PREVIOUS paths fail with the path named.
. "$(dirname "$0")/common.bash"

F="$SCTA_FIXTURES/compare"
round_config() { # FILE ROUND NUMBER DATE [EXTRA [report] lines]
  cat >"$1" <<INI
[report]
organization = Test Office
title = Fixture Report
number = $3
date = $4
${5:-}
[input]
partnerships = $F/round$2/partnerships.csv
responses = $F/round$2/responses.csv
questionnaire = $F/round$2/questionnaire.ini
[templates]
dir = $SCTA_SRC/templates
[output]
dir = out$2
formats = xlsx, pdf, json
INI
}
cd "$T"
round_config r1.ini 1 TST-25-01 2025-11
round_config r2.ini 2 TST-26-01 2026-11
expect_exit 0 "$SCTA" -q -c r1.ini run
sha_before=$(sha256sum out1/scta.db | cut -d' ' -f1)

# A report that does not compare has no changes: no section, no object, no tables.
hasnt <(pdftotext out1/report.pdf -) "Changes since"
$PY - <<'PY'
import json
r = json.load(open("out1/report.json"))
assert "changes" not in r, r.keys()
assert not [t for t in r["tables"] if t["id"].startswith("changes_")]
assert not [f for f in r["figures"] if f.startswith("compare_")]
PY
pass "no comparison without --compare"

expect_exit 0 "$SCTA" -q -c r2.ini run --compare out1/scta.db
same "$(sha256sum out1/scta.db | cut -d' ' -f1)" "$sha_before" "the earlier database is never written"
# The manifest names the earlier database, with the digest of what was read.
$PY - "$sha_before" <<'PY'
import json, sys
m = json.load(open("out2/manifest.json"))
assert m["compare"] == {"path": "out1/scta.db", "sha256": sys.argv[1]}, m["compare"]
assert "compare" not in json.load(open("out1/manifest.json"))
PY

check_json() { # FILE: the hand-worked figures of tests/fixtures/compare/README.md
$PY - "$1" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
c = r["changes"]
want = {"round": "TST-25-01", "date": "2025-11", "database": "out1/scta.db",
        "partnerships_then": 6, "partnerships_now": 6, "added": 1, "removed": 1,
        "key_changed": 1, "status_changed": 3, "terminated": 1, "suspended": 0,
        "reactivated": 1, "availability_changed": 1, "panel": 2, "questions": 2,
        "not_compared": 3}
for k, v in want.items():
    assert c[k] == v, (k, c[k], v)
assert abs(c["response_rate_then"] - 4 / 6) < 1e-12 and abs(c["response_rate_now"] - 3 / 5) < 1e-12, c
tables = {t["id"]: t for t in r["tables"]}
# The changes tables are numbered in the one numbering, as "tables" lists them.
for tid, n in c["tables"].items():
    assert tables[tid]["number"] == n, (tid, n)
rows = lambda tid: tables[tid]["rows"]
assert rows("changes_partnerships") == [
    ["Added", "C9", "San Diego", "CA", "Yantai", "China", None],
    ["Removed", "C4", "Miami", "FL", "Moscow", "Russia", None],
    ["Key changed", "OK-TUL-BEI", "TULSA", "OK", "Beihai", "China", "OK-001"]], rows("changes_partnerships")
assert rows("changes_status") == [
    ["C1", "Tacoma", "WA", "Fuzhou", "China", "Active", "Terminated", "2025-06-30", "Terminated"],
    ["C2", "Portland", "OR", "Guadalajara", "Mexico", "Suspended", "Active", "2025-03", "Reactivated"],
    ["C6", "Seattle", "WA", "Chongqing", "China", "Not recorded", "Active", "Not recorded", "Other change"]], rows("changes_status")
assert rows("changes_availability") == [
    ["C3", "Denver", "CO", "Kunming", "China", "Not available", "Posted online"]], rows("changes_availability")
summary = {row[0]: row[1] for row in rows("changes_summary")}
assert summary["Partnerships in TST-25-01"] == 6 and summary["Partnerships in this report"] == 6
assert summary["Matched by partnership key"] == 4 and summary["Added"] == 1 and summary["Removed"] == 1
assert summary["In scope (operating) in TST-25-01"] == 6 and summary["In scope (operating) in this report"] == 5
resp = rows("changes_response")
assert resp[0][1:] == [6, 5, -1] and resp[1][1:] == [4, 3, -1], resp
assert abs(resp[2][1] - 4 / 6) < 1e-12 and resp[2][2] == 0.6 and resp[2][3] == -6.7, resp
assert resp[3][1:3] == [2, 2], resp
def shares(tid):
    return [(q, a, round(p0 * 100, 4), b0, round(p1 * 100, 4), b1, d)
            for q, a, p0, b0, p1, b1, d in rows(tid)]
assert shares("changes_answers") == [
    ("Q1", "Yes (published)", 75.0, 4, 33.3333, 3, -41.7),
    ("Q1", "No", 25.0, 4, 66.6667, 3, 41.7),
    ("Q2", "Yes", 66.6667, 3, 50.0, 2, -16.7),
    ("Q2", "No", 33.3333, 3, 50.0, 2, 16.7)], shares("changes_answers")
assert shares("changes_answers_panel") == [
    ("Q1", "Yes (published)", 50.0, 2, 0.0, 2, -50.0),
    ("Q1", "No", 50.0, 2, 100.0, 2, 50.0),
    ("Q2", "Yes", 0.0, 1, 50.0, 2, 50.0),
    ("Q2", "No", 100.0, 1, 50.0, 2, -50.0)], shares("changes_answers_panel")
nc = rows("changes_not_compared")
assert [(x[0], x[3]) for x in nc] == [
    ("Q3", "the answer scale changed (its values or which of them are valid)"),
    ("Q5", "not asked in TST-25-01"),
    ("Q4", "not asked in this report's questionnaire")], nc
assert nc[0][1:3] == ["great, some, little", "great, some, little, none"], nc
PY
}
check_json out2/report.json
pass "JSON: the hand-worked changes"

# The workbook: the same tables on their numbered sheets, read with openpyxl.
$PY - <<'PY'
import json, openpyxl
r = json.load(open("out2/report.json"))
n = r["changes"]["tables"]
wb = openpyxl.load_workbook("out2/report.xlsx")
def sheet_rows(tid):
    ws = wb[f"Table {n[tid]}"]
    assert ws["A1"].value.startswith(f"Table {n[tid]}: "), ws["A1"].value
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    return rows
rows = sheet_rows("changes_summary")
assert rows[0][0].startswith(f"Table {n['changes_summary']}: Changes in partnerships since TST-25-01"), rows[0]
got = {row[0]: row[1] for row in rows if row[0] and isinstance(row[1], int)}
assert got["Added"] == 1 and got["Removed"] == 1 and got["Status changed: terminated"] == 1, got
assert got["Matched by U.S. community, state, foreign community and country (key changed)"] == 1, got
rows = sheet_rows("changes_status")
assert ["C1", "Tacoma", "WA", "Fuzhou", "China", "Active", "Terminated", "2025-06-30", "Terminated"] in rows, rows
rows = sheet_rows("changes_answers_panel")
q2 = [row for row in rows if row[0] == "Q2"]
assert [(x[1], x[2], x[3], x[4], x[5], x[6]) for x in q2] == [
    ("Yes", 0, 1, 0.5, 2, 50), ("No", 1, 1, 0.5, 2, -50)], q2
ws = wb[f"Table {n['changes_answers']}"]
fmt = {c.value: ws.cell(row=c.row + 1, column=c.column).number_format for c in ws[2] if c.value}
assert "%" in fmt["Percent then"] and "%" in fmt["Percent now"], fmt
rows = sheet_rows("changes_response")
assert rows[3][0] == "Communities that responded" and rows[3][1:4] == [4, 3, -1], rows
print("workbook ok")
PY
pass "workbook: the changes tables on their numbered sheets"

# The computed changes tables (rows made on demand, compare.c) read back from the
# workbook by column name: the hand-worked shares and changes of the fixture's README,
# the questions not compared with both scales' values, and min_base's note.
$PY - "$SCTA_SRC/tests/tools" <<'PY'
import json, sys, openpyxl
sys.path.insert(0, sys.argv[1])
import read_xlsx
n = json.load(open("out2/report.json"))["changes"]["tables"]
wb = openpyxl.load_workbook("out2/report.xlsx")
got = [(r["Question"], r["Answer"], round(r["Percent then"] * 100, 4), r["Valid answers then"],
        round(r["Percent now"] * 100, 4), r["Valid answers now"], r["Change (percentage points)"])
       for r in read_xlsx.records(wb[f"Table {n['changes_answers']}"], "Percent then")]
assert got == [
    ("Q1", "Yes (published)", 75.0, 4, 33.3333, 3, -41.7),
    ("Q1", "No", 25.0, 4, 66.6667, 3, 41.7),
    ("Q2", "Yes", 66.6667, 3, 50.0, 2, -16.7),
    ("Q2", "No", 33.3333, 3, 50.0, 2, 16.7)], got
got = [(r["Question"], r["Answer"], r["Percent then"], r["Valid answers then"], r["Percent now"],
        r["Valid answers now"], r["Change (percentage points)"])
       for r in read_xlsx.records(wb[f"Table {n['changes_answers_panel']}"], "Percent then")]
assert got == [
    ("Q1", "Yes (published)", 0.5, 2, 0, 2, -50), ("Q1", "No", 0.5, 2, 1, 2, 50),
    ("Q2", "Yes", 0, 1, 0.5, 2, 50), ("Q2", "No", 1, 1, 0.5, 2, -50)], got
got = [(r["Question"], r["Answers then"], r["Answers now"], r["Reason"])
       for r in read_xlsx.records(wb[f"Table {n['changes_not_compared']}"], "Reason")]
assert got == [
    ("Q3", "great, some, little", "great, some, little, none",
     "the answer scale changed (its values or which of them are valid)"),
    ("Q5", "not asked", "yes, no, dont_know", "not asked in TST-25-01"),
    ("Q4", "count", "not asked", "not asked in this report's questionnaire")], got
print("computed tables ok")
PY
pass "workbook: the computed changes tables read back with the hand-worked values"

# The PDF: the section, its sentences and its tables.
pdftotext -layout out2/report.pdf "$T/r2.txt"
has "$T/r2.txt" "Changes since TST-25-01"
# One line of text; the running footers ("Page 8 TST-26-01 FIXTURE REPORT") are not the text's.
$PY - "$T/r2.txt" "$T/r2.flat" <<'PY'
import re, sys
t = open(sys.argv[1], encoding="utf-8").read()
t = re.sub(r"\s+", " ", t.replace("\f", " "))
open(sys.argv[2], "w", encoding="utf-8").write(re.sub(r"Page [0-9ivx]+ TST-26-01 FIXTURE REPORT ", "", t))
PY
n_summary=$($PY -c 'import json; print(json.load(open("out2/report.json"))["changes"]["tables"]["changes_summary"])')
has "$T/r2.flat" "We compared this report with TST-25-01, made from the database out1/scta.db"
has "$T/r2.flat" "6 were in the earlier round and 6 are in this one: 1 partnership was added and 1 removed."
has "$T/r2.flat" "1 partnership whose key changed was matched by U.S. community, state, foreign community, and country rather than counted"
has "$T/r2.flat" "3 partnerships changed status: 1 terminated, 0 suspended, and 1 reactivated"
has "$T/r2.flat" "The response rate was 67% in TST-25-01 and is 60% now; 2 communities responded in both rounds"
has "$T/r2.flat" "Table $n_summary: Changes in partnerships since TST-25-01"
has "$T/r2.flat" "Key changed OK-TUL-BEI TULSA OK Beihai China OK-001"
has "$T/r2.flat" "C1 Tacoma WA Fuzhou China Active Terminated 2025-06-30 Terminated"
has "$T/r2.flat" "Response rate (change in percentage points) 67% 60% -6.70"
has "$T/r2.flat" "Q1 Yes (published) 75% 4 33% 3 -41.70 Q1 No 25% 4 67% 3 41.70"
has "$T/r2.flat" "Q5 not asked yes, no, dont_know not asked in TST-25-01"
quiet pdfinfo out2/report.pdf >/dev/null
qpdf --check out2/report.pdf >/dev/null || fail "qpdf --check out2/report.pdf"
pass "PDF: the changes section read back"

# PREVIOUS as the output folder: the same database found, the same bytes written.
cp out2/report.pdf out2/report.json out2/report.xlsx "$T/"
expect_exit 0 "$SCTA" -q -c r2.ini report --compare out1
for f in report.pdf report.json report.xlsx; do
  cmp -s "out2/$f" "$T/$f" || fail "$f differs between --compare out1 and --compare out1/scta.db"
done
check_json out2/report.json
same "$(sha256sum out1/scta.db | cut -d' ' -f1)" "$sha_before" "the earlier database is never written"
pass "--compare of the output folder: same outputs, earlier database untouched"

# [report] min_base withholds the shares of small bases and their changes.
round_config r2b.ini 2 TST-26-01 2026-11 "min_base = 3"
sed -i 's/^dir = out2$/dir = out2b/' r2b.ini
expect_exit 0 "$SCTA" -q -c r2b.ini run --compare out1
$PY - <<'PY'
import json
r = json.load(open("out2b/report.json"))
t = {x["id"]: x["rows"] for x in r["tables"]}
q2 = [row for row in t["changes_answers"] if row[0] == "Q2"]
assert [row[4] for row in q2] == ["n < 3", "n < 3"] and [row[6] for row in q2] == ["n < 3", "n < 3"], q2
assert [row[2] for row in q2] == [2 / 3, 1 / 3] and [row[5] for row in q2] == [2, 2], q2
p2 = [row for row in t["changes_answers_panel"] if row[0] == "Q2"]
assert [row[2] for row in p2] == ["n < 3", "n < 3"] and [row[6] for row in p2] == ["n < 3", "n < 3"], p2
q1 = [row for row in t["changes_answers"] if row[0] == "Q1"]
assert [row[6] for row in q1] == [-41.7, 41.7], q1
# The computed tables say why a share is missing, as analysis notes a stored table's.
notes = {x["id"]: " ".join(x["notes"]) for x in r["tables"]}
for tid in ("changes_answers", "changes_answers_panel"):
    assert "Percentages are withheld (\"n < 3\") where fewer than 3 cases" in notes[tid], notes[tid]
PY
pass "min_base withholds small bases' shares and changes"

# --by state: each state's changes from the same state of the earlier round.
rm -rf out2
expect_exit 0 "$SCTA" -q -c r2.ini run --by state --compare out1/scta.db
$PY - <<'PY'
import json
c = json.load(open("out2/report-WA.json"))["changes"]
want = {"partnerships_then": 2, "partnerships_now": 2, "added": 0, "removed": 0,
        "status_changed": 2, "terminated": 1, "panel": 0}
for k, v in want.items():
    assert c[k] == v, (k, c[k], v)
assert c["response_rate_then"] == 0.5 and c["response_rate_now"] == 1, c
c = json.load(open("out2/report-OK.json"))["changes"]
assert (c["key_changed"], c["added"], c["removed"]) == (1, 0, 0), c
PY
pass "--by state compares each state with the same state"

# Editions: each edition and unit compares, from the same earlier round.
round_config r2e.ini 2 TST-26-01 2026-11
sed -i 's/^dir = out2$/dir = out2e/; s/^formats = .*/formats = json/' r2e.ini
cat >>r2e.ini <<'INI'
[edition:study]
audience = public
[edition:states]
by = state
number = {number}-{state}
INI
expect_exit 0 "$SCTA" -q -c r2e.ini run --compare out1
$PY - <<'PY'
import json
s = json.load(open("out2e/report-study.json"))["changes"]
assert (s["added"], s["removed"], s["key_changed"], s["status_changed"], s["panel"]) == (1, 1, 1, 3, 2), s
w = json.load(open("out2e/report-states-WA.json"))
assert w["report"]["number"] == "TST-26-01-WA", w["report"]
assert (w["changes"]["partnerships_then"], w["changes"]["status_changed"], w["changes"]["panel"]) == (2, 2, 0), w["changes"]
PY
pass "editions compare, each unit with its own part of the earlier round"

# An earlier round of an older schema (scta 0.1.0's version 1) is read from a
# copy in memory; the file itself is not touched. It names no report number.
cp "$SCTA_FIXTURES/store/v1.db" old.db
sha_old=$(sha256sum old.db | cut -d' ' -f1)
cp "$SCTA_FIXTURES/cli/partnerships.csv" p.csv
cat >r3.ini <<INI
[report]
organization = Test Office
title = Older Round
number = TST-26-09
date = 2026-11
[input]
partnerships = p.csv
questionnaire = $SCTA_SRC/config/questionnaire.ini
[templates]
dir = $SCTA_SRC/templates
[output]
dir = out3
formats = json, pdf
INI
expect_exit 4 "$SCTA" -q -c r3.ini run --compare old.db
same "$(sha256sum old.db | cut -d' ' -f1)" "$sha_old" "an older earlier database is never migrated in place"
$PY - <<'PY'
import json
c = json.load(open("out3/report.json"))["changes"]
# F1..F8 have scored countries at or below 45 in both (F9 Japan 73, F10 Palestine unscored);
# version 1 stored a blank agreement_public as 'unknown', now it is not recorded: F3 F4 F6 F8.
want = {"round": "the earlier round", "date": "Not recorded", "partnerships_then": 8,
        "partnerships_now": 8, "added": 0, "removed": 0, "key_changed": 0,
        "status_changed": 0, "availability_changed": 4}
for k, v in want.items():
    assert c[k] == v, (k, c[k], v)
PY
has <(pdftotext out3/report.pdf - | tr -s ' \n' ' ') "Changes since the earlier round"
pass "an older schema's database compared, unchanged"

# Bad PREVIOUS paths: each named, nothing written.
expect_exit 1 "$SCTA" -q -c r2.ini report --compare nowhere.db
has "$T/stderr" "--compare nowhere.db: no such file or folder ($T/nowhere.db)"
expect_exit 1 "$SCTA" -q -c r2.ini report --compare "$F/round1/partnerships.csv"
has "$T/stderr" "$F/round1/partnerships.csv: not an SQLite database (--compare wants the earlier round's database"
: >empty.db
expect_exit 1 "$SCTA" -q -c r2.ini report --compare empty.db
has "$T/stderr" "empty.db: not an SQLite database"
$PY -c 'import sqlite3; c = sqlite3.connect("other.db"); c.execute("CREATE TABLE t (x)"); c.commit()'
expect_exit 1 "$SCTA" -q -c r2.ini report --compare other.db
has "$T/stderr" "other.db: not an scta database (it has no table meta)"
mkdir nodb
expect_exit 1 "$SCTA" -q -c r2.ini report --compare nodb
has "$T/stderr" "--compare nodb: no database $T/nodb/scta.db in this folder"
expect_exit 2 "$SCTA" -q -c r2.ini report --compare out2/scta.db
has "$T/stderr" "that is the database this report reads"
expect_exit 2 "$SCTA" -q -c r2.ini check p.csv --compare out1
has "$T/stderr" "option '--compare' belongs to 'scta run' and 'scta report'"
pass "bad --compare paths fail, naming the path"
