#!/bin/bash
# State laws on sister-city agreements (data/reference/state_laws.csv) and the
# state tile-grid map, on tests/fixtures/laws: every bundled law applied to
# partnerships in and out of scope, before and after its deadline (the working
# is in tests/fixtures/laws/README.md); flag rules on `law`; the map read back
# from the workbook (openpyxl: values, number formats, conditional formats),
# the PDF (pdftotext word boxes, the fill of rendered squares, pdffonts, qpdf)
# and the JSON; a database of schema 2 gains the laws on its next report.
. "$(dirname "$0")/common.bash"

F="$SCTA_FIXTURES/laws"
cp "$F/partnerships.csv" "$T/partnerships.csv"
config() { # config FILE DATE [DB]
  cat >"$1" <<INI
[report]
organization = Test Office
title = State Law Fixture
number = TST-26-13
date = $2
[input]
partnerships = partnerships.csv
questionnaire = $SCTA_SRC/config/questionnaire.ini
[templates]
dir = $SCTA_SRC/templates
[output]
dir = out
formats = xlsx, pdf, json
${3:+db = $3}
[flag:law_any]
label = Covered by a state law
where = law = any
[flag:law_tx]
label = Covered by Texas ch. 795
where = law = TX-795
[flag:no_law]
label = Covered by no state law
where = law = none
[flag:other_law]
label = Covered by a law other than Texas ch. 795
where = law = any and law != TX-795
INI
}
cd "$T"
config scta.ini 2026-11
expect_exit 0 "$SCTA" -c scta.ini run
has stderr "partnerships.csv: 13 rows read, 13 loaded, 0 rejected"

# 1. the tables, figures and flags after TX-795's deadline (report date 2026-11)
$PY - out/report.json <<'PY' || fail "law tables (2026-11)"
import json, sys
j = json.load(open(sys.argv[1]))
T = {t["id"]: t for t in j["tables"]}
f = {k: v["value"] for k, v in j["figures"].items()}
s = T["state_law_summary"]
assert s["rows"] == [
    ["TX-795 (Texas)", "Tex. Gov't Code ch. 795", "Terminate existing agreements", "2025-10-01",
     "Yes", 3, 1, 4, 3],
    ["AR-14-1-116 (Arkansas)", "Ark. Code Ann. \u00a7 14-1-116", "Terminate existing agreements",
     "None", "No deadline", 1, 1, 2, 2],
    ["FL-288-860 (Florida)", "Fla. Stat. \u00a7 288.860", "Review agreements", "None",
     "No deadline", 1, 3, 4, 3],
    ["Total", None, None, None, None, 5, 5, 10, 8]], s["rows"]
assert s["figure"] and s["chart"] == {"type": "bar", "column": 7}, s
assert any("report date (2026-11) is later than the deadline" in n for n in s["notes"]), s["notes"]
st = {(r[0], r[3]): r[4:] for r in T["state_law_status"]["rows"]}
want = {
    ("TX-795", "Active"): [1, 0, 1], ("TX-795", "Suspended"): [1, 0, 1],
    ("TX-795", "Terminated"): [0, 1, 1], ("TX-795", "Not recorded"): [1, 0, 1],
    ("AR-14-1-116", "Active"): [1, 1, 2],
    ("FL-288-860", "Inactive"): [0, 1, 1], ("FL-288-860", "Terminated"): [0, 1, 1],
    ("FL-288-860", "Proposed"): [0, 1, 1], ("FL-288-860", "Not recorded"): [1, 0, 1],
    ("All laws", "Active"): [2, 1, 3], ("All laws", "Inactive"): [0, 1, 1],
    ("All laws", "Suspended"): [1, 0, 1], ("All laws", "Terminated"): [0, 2, 2],
    ("All laws", "Proposed"): [0, 1, 1], ("All laws", "Not recorded"): [2, 0, 2],
}
assert len(st) == 24, len(st)
for k, v in st.items():
    assert v == want.get(k, [0, 0, 0]), (k, v)
assert [r[0] for r in T["state_laws"]["rows"]] == ["TX-795", "AR-14-1-116", "FL-288-860"]
assert f["state_law_covered"] == 10 and f["state_law_covered_in_scope"] == 5, f
assert f["state_law_overdue"] == 3, f
assert f["state_law_sentence"] == (
    "State laws on sister-city agreements cover 10 partnerships in the records, 5 in scope; "
    "2 are recorded as terminated, and 2 have no recorded status. Of the 4 covered by a law whose termination deadline had "
    "passed by the report date, 3 are not recorded as terminated."), f["state_law_sentence"]
fl = {r[1]: r[2] for r in T["flag_summary"]["rows"] if r[1]}
assert fl == {"[flag:law_any]": 5, "[flag:law_tx]": 3, "[flag:no_law]": 1,
              "[flag:other_law]": 2}, fl
flagged = {r[0]: r[5] for r in T["flagged"]["rows"]}
assert flagged == {
    "L01": "Covered by a state law; Covered by Texas ch. 795",
    "L03": "Covered by a state law; Covered by Texas ch. 795",
    "L04": "Covered by a state law; Covered by Texas ch. 795",
    "L06": "Covered by a state law; Covered by a law other than Texas ch. 795",
    "L13": "Covered by a state law; Covered by a law other than Texas ch. 795",
    "L12": "Covered by no state law"}, flagged
# the map: of scope_by_state, its default column
m = T["scope_by_state"]["map"]
assert m["column"] == "Partnerships" and m["figure"], m
PY
pass "law tables, figures and flag rules after the deadline"

# 2. before the deadline: a month counts as its first day, so 2025-10 has not passed 2025-10-01
for d in 2025-10 2025-10-01 2025-10-02; do
  config scta.ini $d
  expect_exit 0 "$SCTA" -c scta.ini report
  $PY - out/report.json $d <<'PY' || fail "law tables ($d)"
import json, sys
j = json.load(open(sys.argv[1]))
T = {t["id"]: t for t in j["tables"]}
f = {k: v["value"] for k, v in j["figures"].items()}
passed = sys.argv[2] == "2025-10-02"
tx = T["state_law_summary"]["rows"][0]
assert tx[4] == ("Yes" if passed else "No"), tx
assert f["state_law_overdue"] == (3 if passed else 0), f
assert ("Of the 4 covered" in f["state_law_sentence"]) == passed, f["state_law_sentence"]
assert all(r[2] == ("Yes" if passed else "No") for r in T["state_law_status"]["rows"][:6])
PY
done
pass "deadline passed: 2025-10 no, 2025-10-01 no, 2025-10-02 yes"

# 3. the workbook's map sheet: each square's value with its code, classes by conditional format
config scta.ini 2026-11
expect_exit 0 "$SCTA" -c scta.ini report
$PY - out/report.xlsx out/report.json <<'PY' || fail "workbook map"
import json, re, sys, openpyxl
j = json.load(open(sys.argv[2]))
n = [t for t in j["tables"] if t["id"] == "scope_by_state"][0]["map"]["figure"]
ws = openpyxl.load_workbook(sys.argv[1])["Figure %d" % n]
assert ws["A1"].value == "Figure %d: Map: In-scope partnerships by U.S. state [note 1]" % n, ws["A1"].value
# grid A3:L11: TX at column 5 row 8 of the grid, AR, WA, FL; an absent state as text
cells = {"E10": ("TX", 3), "F8": ("AR", 1), "B5": ("WA", 1), "J10": ("FL", 1)}
for ref, (code, v) in cells.items():
    c = ws[ref]
    assert c.value == v and c.data_type == "n", (ref, c.value)
    assert c.number_format == '"%s "#,##0' % code, (ref, c.number_format)
for ref, code in {"A3": "AK", "L3": "ME", "D5": "MT", "A11": "GU", "L11": "VI"}.items():
    assert ws[ref].value == code and ws[ref].data_type == "s", (ref, ws[ref].value)
codes = [c.value for row in ws["A3:L11"] for c in row if c.value is not None]
assert len(codes) == 56, len(codes)
rules = [(str(cf.sqref), r.formula[0], r.dxf.fill.bgColor.rgb[-6:]) for cf in ws.conditional_formatting for r in cf.rules]
assert len(rules) == 5 and all(r[0] == "A3:L11" for r in rules), rules
assert [r[2] for r in rules] == ["EFF3FF", "BDD7E7", "6BAED6", "3182BD", "08519C"], rules
# evaluate each rule (relative to A3) on a square: exactly one holds, with the expected fill
def holds(formula, v):
    if not isinstance(v, (int, float)):
        return False
    lo = re.search(r"A3>=(\d+)", formula); hi = re.search(r"A3<(\d+)", formula)
    return v >= int(lo.group(1)) and (not hi or v < int(hi.group(1)))
for ref, want in {"E10": "BDD7E7", "F8": "BDD7E7", "D5": None}.items():
    got = [r[2] for r in rules if holds(r[1], ws[ref].value)]
    assert got == ([want] if want else []), (ref, got)
legend = [ws.cell(row=12, column=c).value for c in range(1, 13)]
assert legend[0] == "Partnerships" and "1 to 4" in legend and "Not in the table" in legend, legend
assert ws["A13"].value.startswith("Note 1: Each square is a state"), ws["A13"].value
assert ws["A14"].value.startswith("Source: Test Office analysis"), ws["A14"].value
PY
pass "workbook: map sheet values, codes and conditional formats"

# 4. the PDF page with the map: each value drawn in its square, squares filled by class
quiet pdffonts out/report.pdf >/dev/null
qpdf --check out/report.pdf >/dev/null || fail "qpdf --check"
page=$(for p in $(seq 1 60); do pdftotext -f $p -l $p out/report.pdf - 2>/dev/null | grep -q "Not in the table" && { echo $p; break; }; done)
[ -n "$page" ] || fail "no page with the map"
quiet pdftotext -f "$page" -l "$page" -bbox out/report.pdf words.html
quiet pdftoppm -f "$page" -l "$page" -r 72 out/report.pdf map
$PY - words.html map-*.ppm <<'PY' || fail "PDF map"
import re, sys
words = [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in re.findall(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
    open(sys.argv[1]).read())]
codes = ["AK","AL","AR","AS","AZ","CA","CO","CT","DC","DE","FL","GA","GU","HI","IA","ID","IL",
         "IN","KS","KY","LA","MA","MD","ME","MI","MN","MO","MP","MS","MT","NC","ND","NE","NH",
         "NJ","NM","NV","NY","OH","OK","OR","PA","PR","RI","SC","SD","TN","TX","UT","VA","VI",
         "VT","WA","WI","WV","WY"]
at = {}
for x0, y0, x1, y1, w in words:
    if w in codes and w not in at:
        at[w] = ((x0 + x1) / 2, y0, y1)
assert sorted(at) == codes, sorted(set(codes) - set(at))
def value_under(code):
    xc, y0, y1 = at[code]
    return [w for a, b, c, d, w in words if abs((a + c) / 2 - xc) < 3 and -2 <= b - y1 < 4]
for code, v in {"TX": "3", "AR": "1", "WA": "1", "FL": "1"}.items():
    assert value_under(code) == [v], (code, value_under(code))
for code in ("MT", "CA", "NY", "PR"):
    assert value_under(code) == [], (code, value_under(code))
# relative positions: west to east, north to south
assert at["WA"][0] < at["MT"][0] < at["MN"][0] < at["MI"][0] < at["NY"][0] < at["MA"][0]
assert at["ND"][1] < at["SD"][1] < at["NE"][1] < at["KS"][1] < at["OK"][1] < at["TX"][1]
# the rendered fill left of each code (inside its square, clear of the text)
data = open(sys.argv[2], "rb").read()
m = re.match(rb"P6\s+(\d+)\s+(\d+)\s+255\s", data)
W, off = int(m.group(1)), m.end()
def px(x, y):
    i = off + 3 * (int(y) * W + int(x))
    return tuple(data[i:i + 3])
for code, rgb in {"TX": (0xBD, 0xD7, 0xE7), "AR": (0xBD, 0xD7, 0xE7),
                  "MT": (255, 255, 255), "AK": (255, 255, 255)}.items():
    xc, y0, y1 = at[code]
    got = px(xc - 13, (y0 + y1) / 2)
    assert all(abs(a - b) <= 2 for a, b in zip(got, rgb)), (code, got, rgb)
PY
pass "PDF: 56 squares in place, values in their squares, fills by class, fonts and structure clean"

# 5. a database made before the state laws (schema 2) is upgraded and its report has them
cp "$SCTA_FIXTURES/store/v2.db" old.db
config old.ini 2026-11 old.db
expect_exit 0 "$SCTA" -c old.ini report
$PY - out/report.json <<'PY' || fail "laws on an upgraded database"
import json, sys
j = json.load(open(sys.argv[1]))
T = {t["id"]: t for t in j["tables"]}
assert [r[0] for r in T["state_laws"]["rows"]] == ["TX-795", "AR-14-1-116", "FL-288-860"]
# v2.db's partnerships: Austin TX - Saltillo (MEX) is covered by no law
assert T["state_law_summary"]["rows"][-1][5:] == [0, 0, 0, 0], T["state_law_summary"]["rows"]
PY
same "$($PY -c "import sqlite3; print(sqlite3.connect('old.db').execute(\"SELECT value FROM meta WHERE key = 'schema_version'\").fetchone()[0])")" "3"
pass "a schema-2 database gains the state laws on its next report"
