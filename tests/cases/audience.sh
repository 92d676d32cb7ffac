#!/bin/bash
# [report] audience = public | restricted: a public edition leaves free text,
# respondents' names and contacts, notes, rejected values and the list of
# flagged partnerships out of every output; a restricted one keeps them and
# carries its marking on every page, sheet, property and the JSON. The
# fixture's free text is distinctive (tests/fixtures/audience/README.md, with
# the figures worked by hand), so a search of each output finds it only where
# the edition carries it.
. "$(dirname "$0")/common.bash"

F="$SCTA_FIXTURES/audience"
MARK="RESTRICTED - NOT FOR PUBLIC RELEASE"
cp "$F/partnerships.csv" "$F/responses.csv" "$T/"
# edition NAME [REPORT LINES]: a config writing to NAME/ with extra [report] lines
edition() {
  sed -e "s|^date = 2026-11|date = 2026-11${2:+\n$2}|" \
      -e "s|^\[input\]|[input]\nquestionnaire = $SCTA_SRC/config/questionnaire.ini|" \
      -e "s|^dir = out|dir = $1\ndb = scta.db|" "$F/scta.ini" >"$T/$1.ini"
  printf '\n[templates]\ndir = %s\n' "$SCTA_SRC/templates" >>"$T/$1.ini"
}
cd "$T"
edition all
edition pub "audience = public"
edition res "audience = restricted\nmarking = $MARK"
edition dflt "audience = restricted"
edition bad "audience = public\nmarking = $MARK"

# A marking claims a restriction: on any other edition it is refused, not ignored.
expect_exit 3 "$SCTA" -c bad.ini report
has "$T/stderr" "marking is printed on restricted editions only"
pass "a marking without audience = restricted is refused"

# One import (exit 4: one answer rejected), then each edition from the same store.
expect_exit 0 "$SCTA" -q -c all.ini import partnerships partnerships.csv
expect_exit 4 "$SCTA" -q -c all.ini import responses responses.csv
for e in all pub res dflt; do
  expect_exit 0 "$SCTA" -q -c $e.ini report
done
# The same inputs and edition give the same bytes.
sha256sum res/report.xlsx res/report.pdf res/report.json >sums
rm -rf res
expect_exit 0 "$SCTA" -q -c res.ini report
sha256sum -c --quiet sums || fail "the restricted edition is not byte-identical on a second run"
pass "editions written, restricted one deterministic"

# Every part of each output as text: PDF text, every XML part of the workbook
# (sharedStrings, sheets, docProps), JSON, rejects.csv.
for e in all pub res; do
  quiet pdftotext -layout $e/report.pdf $e/pdf.txt
  mkdir $e/xml && (cd $e/xml && unzip -q ../report.xlsx)
  qpdf --check $e/report.pdf >/dev/null || fail "$e/report.pdf: qpdf --check"
done
SECRETS=("Zebulon Quartermaine" "Quillfeather" "Vanderstraaten" "ovander@springfield.example"
  "Xanthippe Morrow" "Mulberry Quarantine" "Bartholomew Ashgrove" "Peregrine Tolliver"
  "Ignatius Rejectworth")
for s in "${SECRETS[@]}"; do
  for f in pub/pdf.txt pub/report.json pub/rejects.csv; do
    hasnt "$f" "$s"
  done
  ! grep -rqF -- "$s" pub/xml || fail "public workbook XML contains: $s ($(grep -rlF -- "$s" pub/xml))"
  # The restricted workbook has each one; so has a report without editions.
  grep -rqF -- "$s" res/xml || fail "restricted workbook XML lacks: $s"
  grep -rqF -- "$s" all/xml || fail "workbook without editions lacks: $s"
done
has res/rejects.csv "Ignatius Rejectworth"
same "$(head -1 pub/rejects.csv | tr -d '\r')" "file,line,column"
same "$(head -1 res/rejects.csv | tr -d '\r')" "file,line,column,value,reason"
pass "no name, comment, note or rejected value in any public file"

# Workbook cells, read back with openpyxl.
$PY - "$MARK" <<'PY'
import json, re, sys, zipfile
import openpyxl
mark = sys.argv[1]

def sheet_rows(path, name, skip):
    ws = openpyxl.load_workbook(path)[name]
    rows = [list(r) for r in ws.iter_rows(values_only=True)][skip:]
    return rows[0], rows[1:]

def col(hdr, rows, name):
    i = hdr.index(name)
    return [r[i] for r in rows]

# Restricted: marking in row 1, the detail sheets' header row in row 2.
hdr, rows = sheet_rows("res/report.xlsx", "Partnerships", 1)
assert col(hdr, rows, "Notes") == ["Zebulon Quartermaine briefed the council in private",
                                   None, None, None], col(hdr, rows, "Notes")
assert col(hdr, rows, "Status reason")[1] == "Quillfeather dispute over funding"
hdr, rows = sheet_rows("res/report.xlsx", "Responses", 1)
assert len(rows) == 5, rows
want = [("R3", "Bartholomew Ashgrove", "TRA1", "not_available",
         "Kept in the desk of Councilman Peregrine Tolliver"),
        ("R1", "Ophelia Vanderstraaten <ovander@springfield.example>", "SEL1", "us_side",
         "Proposed by Councilwoman Xanthippe Morrow"),
        ("R1", "Ophelia Vanderstraaten <ovander@springfield.example>", "SEL6",
         "They admired our Mulberry Quarantine Festival", None),
        ("R1", "Ophelia Vanderstraaten <ovander@springfield.example>", "TRA1", "online", None),
        ("R2", None, "SEL1", "foreign_side", None)]
got = list(zip(col(hdr, rows, "Response ID"), col(hdr, rows, "Respondent"),
               col(hdr, rows, "Question ID"), col(hdr, rows, "Answer"), col(hdr, rows, "Comment")))
assert got == want, got
hdr, rows = sheet_rows("res/report.xlsx", "Rejects", 1)
assert hdr == ["File", "Line", "Column", "Value", "Reason"], hdr
assert [r[:4] for r in rows] == [["responses.csv", 7, "answer", "Ignatius Rejectworth"]], rows

# Public: the columns are not there (not blank), nor the free-text answer.
hdr, rows = sheet_rows("pub/report.xlsx", "Partnerships", 0)
assert "Notes" not in hdr and "Status reason" not in hdr and len(rows) == 4, hdr
assert "Source" in hdr and "Intermediary" in hdr, hdr
# The columns after those left out keep their values (each from its own query column).
assert col(hdr, rows, "Source line") == [2, 3, 4, 5], col(hdr, rows, "Source line")
assert col(hdr, rows, "In scope") == ["Yes", "Yes", "Yes", "No"], col(hdr, rows, "In scope")
hdr, rows = sheet_rows("pub/report.xlsx", "Responses", 0)
assert "Respondent" not in hdr and "Comment" not in hdr, hdr
got = list(zip(col(hdr, rows, "Response ID"), col(hdr, rows, "Question ID"),
               col(hdr, rows, "Answer")))
assert got == [("R3", "TRA1", "not_available"), ("R1", "SEL1", "us_side"),
               ("R1", "TRA1", "online"), ("R2", "SEL1", "foreign_side")], got
assert col(hdr, rows, "Source line") == [6, 2, 4, 5], col(hdr, rows, "Source line")
assert col(hdr, rows, "Source file") == ["responses.csv"] * 4, col(hdr, rows, "Source file")
hdr, rows = sheet_rows("pub/report.xlsx", "Rejects", 0)
assert hdr == ["File", "Line", "Column"] and rows == [["responses.csv", 7, "answer"]], (hdr, rows)
hdr, rows = sheet_rows("pub/report.xlsx", "Data dictionary", 0)
cols = {(r[0], r[1]) for r in rows}
for sheet, c in [("Partnerships", "Notes"), ("Partnerships", "Status reason"),
                 ("Responses", "Respondent"), ("Responses", "Comment"),
                 ("Rejects", "Value"), ("Rejects", "Reason")]:
    assert (sheet, c) not in cols, (sheet, c)
assert ("Responses", "Answer") in cols
hdr, rows = sheet_rows("res/report.xlsx", "Data dictionary", 1)
assert ("Responses", "Respondent") in {(r[0], r[1]) for r in rows}

# The one sentence on what a public edition leaves out, in the notes.
note = json.load(open("pub/report.json"))["report"]["audience_note"]
assert note.startswith("This public edition leaves out respondents' names"), note
notes = [r for r in openpyxl.load_workbook("pub/report.xlsx")["Notes"].iter_rows(values_only=True)
         if r[0] == "Public edition"]
assert notes and notes[0][1] == note, notes

# Flagged partnerships: the row names A01 in the restricted edition only; the
# counts (flagged_n = 1 by hand) and every other table are equal in both.
pub, res = json.load(open("pub/report.json")), json.load(open("res/report.json"))
pt = {t["id"]: t for t in pub["tables"]}
rt = {t["id"]: t for t in res["tables"]}
assert rt["flagged"]["rows"] == [["A01", "Springfield", "IL", "Harbin", "China",
                                  "Agreement carries a political commitment"]], rt["flagged"]
assert pt["flagged"]["rows"] == [], pt["flagged"]
assert pt["flagged"]["base"] == rt["flagged"]["base"] == "n = 1 flagged partnership of 3 in scope"
assert any("public edition leaves out the list" in n for n in pt["flagged"]["notes"])
assert pub["figures"] == res["figures"], "figures differ between editions"
assert pub["figures"]["flagged_n"]["value"] == 1 and pub["figures"]["in_scope"]["value"] == 3
assert [r[2] for r in pt["flag_summary"]["rows"]] == [1]
for k in rt:
    if k != "flagged":
        assert pt[k]["rows"] == rt[k]["rows"], k
for name, title_row in (("pub/report.xlsx", 1), ("res/report.xlsx", 2)):
    wb = openpyxl.load_workbook(name)
    fl = [ws for ws in wb.worksheets
          if re.match(r"Table \d+: Flagged partnerships \[", str(ws.cell(title_row, 1).value))]
    assert len(fl) == 1, name
    ids = [r[0] for r in fl[0].iter_rows(values_only=True)]
    assert ("A01" in ids) == (title_row == 2), (name, ids)

# Restricted marking: the first row of every sheet (the title or header row
# follows), the print header and footer, the document properties.
wb = openpyxl.load_workbook("res/report.xlsx")
for ws in wb.worksheets:
    assert ws["A1"].value == mark, (ws.title, ws["A1"].value)
    assert ws["A2"].value, ws.title
    assert mark in ws.oddHeader.center.text, (ws.title, ws.oddHeader.center.text)
    assert mark in ws.oddFooter.center.text, (ws.title, ws.oddFooter.center.text)
    if ws.title.startswith("Table "):
        assert ws["A2"].value.startswith(ws.title + ":"), ws["A2"].value
assert not any(ws.merged_cells.ranges for ws in wb.worksheets)
assert mark in wb.properties.subject and mark in wb.properties.keywords
z = zipfile.ZipFile("res/report.xlsx")
custom = z.read("docProps/custom.xml").decode()
assert "Marking" in custom and mark in custom and "restricted" in custom, custom
# Public and no-edition workbooks keep the convention: the title in A1.
for name in ("pub/report.xlsx", "all/report.xlsx"):
    wb = openpyxl.load_workbook(name)
    assert wb["Table 1"]["A1"].value.startswith("Table 1:"), name
    assert not any(mark in str(ws["A1"].value) for ws in wb.worksheets), name
# JSON: the marking first; a restricted edition without one is marked RESTRICTED.
assert list(res)[0] == "marking" and res["marking"] == mark, list(res)
assert res["report"]["audience"] == "restricted"
assert json.load(open("dflt/report.json"))["marking"] == "RESTRICTED"
assert "marking" not in pub and "marking" not in json.load(open("all/report.json"))
print("workbook and JSON ok")
PY
pass "workbook cells and JSON"

# PDF: the marking in the header and the footer of every page (twice per
# page, cover included), on the cover as text, and in the properties; the
# public edition's methodology states what it leaves out.
n=$(pdfinfo res/report.pdf | awk '/^Pages:/ {print $2}')
[ "$n" -gt 10 ] || fail "restricted PDF has $n pages"
for p in $(seq 1 "$n"); do
  c=$(pdftotext -f "$p" -l "$p" res/report.pdf - | grep -cF "$MARK" || true)
  [ "$c" -ge 2 ] || fail "page $p of $n: marking $c times"
done
[ "$(pdftotext -f 1 -l 1 res/report.pdf - | grep -cF "$MARK")" -ge 3 ] ||
  fail "the cover does not state the marking in its text"
pdfinfo res/report.pdf >info
grep -q "^Subject: *$MARK: AUD-26-01" info || { cat info; fail "PDF Subject lacks the marking"; }
grep -q "^Keywords:.*$MARK" info || fail "PDF Keywords lack the marking"
hasnt pub/pdf.txt "$MARK"
hasnt pub/pdf.txt "RESTRICTED"
tr -s ' \n' ' ' <pub/pdf.txt >pub/flat.txt
has pub/flat.txt "This public edition leaves out respondents' names and contact details"
has pub/flat.txt "Left out of the public"
# The flagged table's row names A01 in the restricted PDF only.
sed -n '/Table [0-9]*: Flagged partnerships$/,/^Source:/p' res/pdf.txt >res/flagged.txt
sed -n '/Table [0-9]*: Flagged partnerships$/,/^Source:/p' pub/pdf.txt >pub/flagged.txt
has res/flagged.txt "A01"
has res/flagged.txt "Harbin"
hasnt pub/flagged.txt "A01"
hasnt pub/flagged.txt "Harbin"
# A page drawn: the cover renders (looked at by hand when this test was written).
pdftoppm -r 40 -f 1 -l 1 -png res/report.pdf res/cover
[ -s res/cover-01.png ] || [ -s res/cover-1.png ] || fail "pdftoppm drew no cover"
pass "PDF marking on every page, public notes, flagged list"

# The same through [edition:NAME] sections, as the bundled config writes them:
# one run, a public and a restricted edition side by side.
{
  sed -e "s|^\[input\]|[input]\nquestionnaire = $SCTA_SRC/config/questionnaire.ini|" \
      -e "s|^dir = out|dir = eds\ndb = scta.db|" "$F/scta.ini"
  printf '\n[templates]\ndir = %s\n' "$SCTA_SRC/templates"
  printf '[edition:study]\naudience = public\n[edition:annex]\naudience = restricted\n'
  printf 'marking = %s\n' "$MARK"
} >eds.ini
expect_exit 0 "$SCTA" -q -c eds.ini report
for f in eds/report-study.pdf eds/report-annex.pdf; do pdftotext -layout $f ${f%.pdf}.txt; done
mkdir eds/study eds/annex
(cd eds/study && unzip -q ../report-study.xlsx) && (cd eds/annex && unzip -q ../report-annex.xlsx)
for s in "${SECRETS[@]}"; do
  hasnt eds/report-study.txt "$s"
  hasnt eds/report-study.json "$s"
  ! grep -rqF -- "$s" eds/study || fail "public edition's workbook XML contains: $s"
  grep -rqF -- "$s" eds/annex || fail "restricted edition's workbook XML lacks: $s"
done
has eds/report-annex.json "\"marking\": \"$MARK\""
hasnt eds/report-study.json "$MARK"
hasnt eds/report-study.txt "$MARK"
[ "$(pdftotext -f 2 -l 2 eds/report-annex.pdf - | grep -cF "$MARK")" -ge 2 ] ||
  fail "the annex edition's pages lack the marking"
# A marking on a public edition is refused.
printf '[edition:leak]\naudience = public\nmarking = %s\n' "$MARK" >>eds.ini
expect_exit 3 "$SCTA" -q -c eds.ini report
has "$T/stderr" "[edition:leak] marking: a marking is printed on restricted editions only"
pass "[edition:NAME] audience = public and restricted in one run"
