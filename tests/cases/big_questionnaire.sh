#!/bin/bash
# A questionnaire of 10,000 choice questions (issue 15 point 5): `scta run` ends with exit 0
# and a complete workbook, JSON and PDF, whose answers tables are computed tables
# (util/table.h). Made by tests/bench/gen_questionnaire.py: 10,000 questions on one scale of
# 20 values (v1..v18 valid, "Don't know" and "Not applicable" outside the base), question i
# (from 0) in topic i mod 6 (selection, activities, transparency, expression, espionage,
# visa), and 5 responses, response r (from 0) answering question i with value index
# (7i + r) mod 20. The fifth response (Ketchikan AK, whose one partnership is with Japan, CPI
# 73) has no partnership in scope and is left out of the answers tables, so r = 0..3 count.
# [report] min_base = 4. Worked out by hand from that rule:
#
#   i = 0    SEL1:    indices 0..3   -> Value 1..Value 4 once each; valid n 4 (not below
#                     min_base); each 25%.
#   i = 8    TRA2:    indices 16..19 -> Value 17, Value 18, Don't know, Not applicable once
#                     each; valid n 2 < min_base 4: every share "n < 4".
#   i = 9999 EXP1667: 69993 mod 20 = 13 -> Value 14..Value 17 once each; valid n 4; 25% each.
#   Transparency: i = 2, 8, ..., 9998: 1,667 questions x 20 rows = 33,340 rows;
#   expression: i = 3, ..., 9999: 1,667 questions, the last EXP1667.
# The PDF prints 2,000 rows of each answers table ([pdf] table_rows) and says where all are.
# Memory is measured by tests/bench/big_questionnaire.sh, not here.
. "$(dirname "$0")/common.bash"

Q=10000 V=20
$PY "$SCTA_SRC/tests/bench/gen_questionnaire.py" "$T/gen" --questions $Q --values $V --responses 5
cat >"$T/scta.ini" <<INI
[report]
organization = Test Office
title = Big Questionnaire
number = TST-26-15
date = 2026-12
min_base = 4
[input]
partnerships = $SCTA_SRC/data/sample/partnerships.csv
responses = $T/gen/responses.csv
questionnaire = $T/gen/questionnaire.ini
[templates]
dir = $SCTA_SRC/templates
[output]
dir = $T/out
formats = xlsx, pdf, json
INI
expect_exit 0 "$SCTA" -q -c "$T/scta.ini" run
for f in report.xlsx report.pdf report.json; do
  [ -s "$T/out/$f" ] || fail "no $f"
done
pass "run of $Q questions x $V values: exit 0, three outputs"

# The JSON, parsed whole: the tables' rows as worked out above; prints the table numbers.
$PY - "$T/out/report.json" >"$T/numbers" <<'PY' || fail "JSON figures"
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
tabs = {t["id"]: t for t in doc["tables"]}
def rows_of(tid, qid):
    return [r for r in tabs[tid]["rows"] if r[0] == qid]
def expect(what, got, want):
    if got != want:
        sys.exit("%s: got %r, want %r" % (what, got, want))
tra = tabs["answers_transparency"]
expect("transparency rows", len(tra["rows"]), 1667 * 20)
expect("columns", [c["name"] for c in tra["columns"]],
       ["Question ID", "Question", "Answer", "Count", "Percent of valid answers",
        "Valid answers (n)"])
labels = ["Value %d" % k for k in range(1, 19)] + ["Don't know", "Not applicable"]
r = rows_of("answers_transparency", "TRA2")
expect("TRA2 answers", [x[2] for x in r], labels)
expect("TRA2 question", {x[1] for x in r}, {"Question 9 of the big questionnaire?"})
expect("TRA2 counts", [x[3] for x in r], [0] * 16 + [1, 1, 1, 1])
expect("TRA2 shares", [x[4] for x in r], ["n < 4"] * 18 + [None, None])
expect("TRA2 valid n", {x[5] for x in r}, {2})
if not any("withheld" in n and "min_base" in n for n in tra["notes"]):
    sys.exit("transparency: no note on withheld shares")
r = rows_of("answers_selection", "SEL1")
expect("SEL1 counts", [x[3] for x in r], [1] * 4 + [0] * 16)
expect("SEL1 shares", [x[4] for x in r], [0.25] * 4 + [0.0] * 14 + [None, None])
expect("SEL1 valid n", {x[5] for x in r}, {4})
exp = tabs["answers_expression"]["rows"]
expect("expression rows", len(exp), 1667 * 20)
expect("last expression question", exp[-1][0], "EXP1667")
r = rows_of("answers_expression", "EXP1667")
expect("EXP1667 counts", [x[3] for x in r], [0] * 13 + [1] * 4 + [0] * 3)
expect("EXP1667 shares", [x[4] for x in r], [0.0] * 13 + [0.25] * 4 + [0.0, None, None])
ch = rows_of("answers_chart_transparency", "TRA2")
expect("chart TRA2", ch, [["TRA2"] + ["n < 4"] * 18 + [2]])
ch = rows_of("answers_chart_selection", "SEL1")
expect("chart SEL1", ch, [["SEL1"] + [0.25] * 4 + [0.0] * 14 + [4]])
expect("chart rows", len(tabs["answers_chart_selection"]["rows"]), 1667)
print(tabs["answers_transparency"]["number"], tabs["answers_expression"]["number"])
PY
read -r NTRA NEXP <"$T/numbers"
pass "JSON: TRA2, SEL1, EXP1667 and the charts' rows as worked out (Tables $NTRA, $NEXP)"

# The workbook, read back with openpyxl: the same rows on the tables' sheets.
$PY - "$T/out/report.xlsx" "$NTRA" "$NEXP" "$SCTA_SRC/tests/tools" <<'PY' || fail "workbook figures"
import sys
sys.path.insert(0, sys.argv[4])
import openpyxl, read_xlsx
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
def expect(what, got, want):
    if got != want:
        sys.exit("%s: got %r, want %r" % (what, got, want))
def recs(n):
    return read_xlsx.records(wb["Table %s" % n], "Question ID")
tra = recs(sys.argv[2])
expect("transparency rows", len(tra), 1667 * 20)
r = [x for x in tra if x["Question ID"] == "TRA2"]
expect("TRA2 counts", [x["Count"] for x in r], [0] * 16 + [1, 1, 1, 1])
expect("TRA2 shares", [x["Percent of valid answers"] for x in r], ["n < 4"] * 18 + [None, None])
expect("TRA2 valid n", {x["Valid answers (n)"] for x in r}, {2})
exp = recs(sys.argv[3])
expect("expression rows", len(exp), 1667 * 20)
r = [x for x in exp if x["Question ID"] == "EXP1667"]
expect("EXP1667 answers", [x["Answer"] for x in r][13:17], ["Value %d" % k for k in range(14, 18)])
expect("EXP1667 counts", [x["Count"] for x in r], [0] * 13 + [1] * 4 + [0] * 3)
expect("EXP1667 shares", [x["Percent of valid answers"] for x in r],
       [0] * 13 + [0.25] * 4 + [0, None, None])
PY
pass "workbook: Tables $NTRA and $NEXP have every row, TRA2 and EXP1667 as worked out"

# The PDF: well formed, and an answers table says how many rows it prints and where all are.
qpdf --check "$T/out/report.pdf" >"$T/qpdf" 2>&1 || { cat "$T/qpdf"; fail "qpdf --check"; }
pdftotext "$T/out/report.pdf" - | tr -s ' \n' '  ' >"$T/pdf.txt"
has "$T/pdf.txt" "The PDF shows the first 2,000 of the table's 33,340 rows ([pdf] table_rows); every row is in the workbook (sheet \"Table $NTRA\") and the JSON."
pages=$(pdfinfo "$T/out/report.pdf" | awk '/^Pages:/ { print $2 }')
[ "$pages" -lt 2000 ] || fail "the PDF has $pages pages"
pass "PDF: qpdf --check clean, $pages pages, the row bound stated"
