#!/bin/bash
# The main job on the bundled sample, as a user runs it, with the outputs read
# back by independent clients (openpyxl, pdftotext, pdfinfo, pdffonts, qpdf).
# Expected figures were counted from data/sample/partnerships.csv with plain
# Python csv and data/reference/cpi.csv (see data/SOURCES.md), not by scta:
# 2,336 partnerships, 944 in scope in 402 communities; Mexico 160, China 110,
# Russia 108; California 164, Florida 98, Texas 80; 15 not scored.
# The bundled config writes five editions (README "Editions"); this reads its study, the
# public edition of the whole store (tests/cases/editions.sh and audience.sh test the others).
. "$(dirname "$0")/common.bash"

cd "$SCTA_SRC"
expect_exit 0 "$SCTA" -c config/scta.ini --out "$T/out" --db "$T/scta.db" run --edition study
has "$T/stderr" "data/sample/partnerships.csv: 2336 rows read, 2336 loaded, 0 rejected"
has "$T/stderr" "data/sample/responses.csv: 161 rows read, 161 loaded, 0 rejected"
has "$T/stdout" "wrote $T/out/report-study.xlsx"
has "$T/stdout" "wrote $T/out/report-study.pdf"
pass "sample loads with no rejects"

$PY - "$T/out/report-study.xlsx" <<'PY'
import re, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
def table(title):
    for ws in wb.worksheets:
        if re.sub(r"( \[note \d+\])+$", "", str(ws["A1"].value or "")).endswith(": " + title):
            return ws
    raise SystemExit("no sheet titled " + title)
def rows(ws):
    hdr = None
    for r in ws.iter_rows(values_only=True):
        if hdr is None:
            if r and r[0] is not None and r[1] is not None and isinstance(r[1], str) and r[0] != ws["A1"].value:
                hdr = list(r)
            continue
        if r[0] is None:
            break
        yield dict(zip(hdr, r))
c = {r["Country"]: r for r in rows(table("In-scope partnerships by foreign country"))}
assert c["Mexico"]["Partnerships"] == 160 and isinstance(c["Mexico"]["Partnerships"], int), c["Mexico"]
assert c["China"]["Partnerships"] == 110, c["China"]
assert c["Russia"]["Partnerships"] == 108, c["Russia"]
assert c["China"]["CPI score"] == 41, c["China"]
total = [r for k, r in c.items() if k and k.startswith("Total")]
assert total and total[0]["Partnerships"] == 944, total
s = {r["State"]: r for r in rows(table("In-scope partnerships by U.S. state"))}
assert (s["CA"]["Partnerships"], s["FL"]["Partnerships"], s["TX"]["Partnerships"]) == (164, 98, 80), (s["CA"], s["FL"], s["TX"])
assert sum(r["Partnerships"] for k, r in s.items() if k and not k.startswith("Total")) == 944
names = wb.sheetnames
for n in ("Contents", "Notes", "Partnerships", "Responses", "Questions", "Rejects", "Data dictionary"):
    assert n in names, (n, names)
p = wb["Partnerships"]
assert p.max_row == 2337, p.max_row          # header + 2,336 partnerships
contents = " ".join(str(v) for r in wb["Contents"].iter_rows(values_only=True) for v in r if v)
assert "not a GAO product" in contents, contents[:300]
print("workbook ok")
PY
pass "workbook figures read back with openpyxl"

# Every cell of every analysis table in report.json appears, with its type,
# in the workbook sheet "Table N" (N in report order).
$PY - "$T/out/report-study.json" "$T/out/report-study.xlsx" <<'PY'
import json, math, re, sys, openpyxl
r = json.load(open(sys.argv[1]))
wb = openpyxl.load_workbook(sys.argv[2])
checked = 0
for n, t in enumerate(r["tables"], 1):
    ws = wb[f"Table {n}"]
    # the table's notes are marked in its title and numbered below it
    marks = "".join(f" [note {k}]" for k in range(1, len(t["notes"]) + 1))
    assert str(ws["A1"].value) == f"Table {n}: {t['title']}{marks}", (ws["A1"].value, t["title"])
    grid = [list(row) for row in ws.iter_rows(values_only=True)]
    col_a = [str(row[0]) for row in grid if row and row[0] is not None]
    for k, note in enumerate(t["notes"], 1):
        note = re.sub(r"^Notes?: *", "", note)
        assert f"Note {k}: {note}" in col_a, (t["id"], k, note)
    names = [c["name"] for c in t["columns"]]
    hdr = next(i for i, row in enumerate(grid) if [str(v) if v is not None else None for v in row[:len(names)]] == names)
    for i, row in enumerate(t["rows"]):
        got = grid[hdr + 1 + i][:len(names)]
        for j, (want, have) in enumerate(zip(row, got)):
            kind = t["columns"][j]["kind"]
            if want is None:
                assert have in (None, ""), (t["id"], i, j, want, have)
            elif kind == "text" or isinstance(want, str):
                assert have == want, (t["id"], i, j, want, have)
            else:
                assert isinstance(have, (int, float)) and not isinstance(have, bool), (t["id"], i, j, want, have)
                assert math.isclose(have, want, rel_tol=1e-12, abs_tol=1e-12), (t["id"], i, j, want, have)
            checked += 1
print(f"{len(r['tables'])} tables, {checked} cells match report.json")
PY
pass "every table cell in the workbook equals the analysis value"

# Accessible workbook (UK Analysis Function checklist where it applies): document
# properties with the language, no merged cells, no blank row inside a table
# (header row to last row), every chart with alt text.
$PY "$SCTA_SRC/tests/tools/read_xlsx.py" dump "$T/out/report-study.xlsx" >"$T/wb.json"
$PY - "$T/wb.json" "$T/out/report-study.json" <<'PY'
import json, sys
wb = json.load(open(sys.argv[1]))
r = json.load(open(sys.argv[2]))
p = wb["properties"]
assert p["title"] == "U.S. Sister City Partnerships with Communities in Countries Scoring 45 or Less on the 2019 Corruption Perceptions Index", p
assert p["subject"] and p["keywords"] and "SCTA-26-01" in p["keywords"], p
# A public edition says so in its custom properties (audience.sh tests a restricted one).
assert wb["custom"] == {"Language": "en-US", "Audience": "public"}, wb["custom"]
assert wb["merged"] == [], wb["merged"][:5]
charts = 0
for n, t in enumerate(r["tables"], 1):
    sh = wb["sheet"][f"Table {n}"]
    cells = sh["cells"]
    rows = sorted({int("".join(ch for ch in k if ch.isdigit())) for k, v in cells.items() if v["v"] not in (None, "")})
    hdr = 2                                   # title in row 1, header row 2
    last = hdr + len(t["rows"])
    blank = [i for i in range(hdr, last + 1) if i not in rows]
    assert not blank, (t["id"], blank)
    for c in sh["charts"]:
        assert c["descr"] and len(c["descr"]) > 40, (t["id"], c["descr"])
        charts += 1
assert charts >= 10, charts
print(charts, "charts with alt text")
PY
pass "workbook: title, subject, keywords, language; no merged cells or blank rows in tables; charts with alt text"

quiet pdftotext -layout "$T/out/report-study.pdf" "$T/report.txt"
has "$T/report.txt" "944"
has "$T/report.txt" "not a product of the U.S. Government Accountability Office"
has "$T/report.txt" "SCTA-26-01"
has "$T/report.txt" "Table 1:"
has "$T/report.txt" "Figure 1:"
# 80 countries have in-scope partnerships (counted with plain Python over the sample);
# the letter's chart shows the first 15 and says so.
has "$T/report.txt" "The figure shows the first 15 of the table's 80 rows."
# A table too wide for its longest words squeezes its widest column (the digest), not the
# numbers or the headers: the input files' row counts and headers stay whole.
$PY - "$T/report.txt" <<'PY' || fail "the input files table cut a number or a header"
import re, sys
t = open(sys.argv[1]).read()
i = t.rindex("Input files analyzed, with")   # the table, not its contents entry
part = t[i:t.index("Source:", i)]
assert re.search(r"\bread\s+loaded\s+rejected\s+removed\b", part), part
assert re.search(r"partnerships\s+[0-9a-f]{20,}\s+2,336\s+2,336\s+0\s+0", part), part
assert re.search(r"responses\s+[0-9a-f]{20,}\s+161\s+161\s+0\s+0", part), part
PY
quiet pdfinfo "$T/out/report-study.pdf" >"$T/info.txt"
has "$T/info.txt" "Title:           U.S. Sister City Partnerships"
has "$T/info.txt" "Author:          Sister City Review Office"
quiet pdffonts "$T/out/report-study.pdf" >"$T/fonts.txt"
awk 'NR > 2 && ($(NF-4) != "yes" || $(NF-2) != "yes") { bad = 1; print } END { exit bad }' \
  "$T/fonts.txt" || fail "a font is not embedded or has no ToUnicode map"
$PY "$SCTA_SRC/tests/tools/check_tounicode.py" "$T/out/report-study.pdf" "SCTA-26-01" >"$T/tounicode.txt" ||
  { cat "$T/tounicode.txt"; fail "ToUnicode maps"; }
qpdf --check "$T/out/report-study.pdf" >"$T/qpdf.txt" 2>&1 || { cat "$T/qpdf.txt"; fail "qpdf --check"; }
pass "PDF read back with pdftotext, pdfinfo, pdffonts, qpdf"

# Tagged, and the letter's figure described: Mexico's 160 operating partnerships
# are the most among countries scoring 45 or less (JPN 277, FRA 129, DEU 122
# score above 45; counted with plain Python over the sample).
has "$T/info.txt" "Tagged:          yes"
$PY "$SCTA_SRC/tests/tools/pdf_struct.py" "$T/out/report-study.pdf" >"$T/tree.txt" ||
  { tail "$T/tree.txt"; fail "structure tree"; }
has "$T/tree.txt" 'Figure alt="Bar chart of Partnerships by Country: In-scope partnerships by foreign country. 15 bars; the largest is Mexico (160). The figure shows the first 15 of the table'"'"'s 80 rows."'
hasnt "$T/tree.txt" "(continued)"
has "$T/report.txt" "SCTA-26-01 SISTER CITY PARTNERSHIPS"
hasnt "$T/tree.txt" 'text="SCTA-26-01  SISTER CITY PARTNERSHIPS"'
hasnt "$T/tree.txt" 'text="Page i"'
pass "PDF tagged: the figure's alt text, no running footer or repeated caption in the tree"
