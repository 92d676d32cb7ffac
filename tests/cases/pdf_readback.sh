#!/bin/bash
# `scta run` writing the PDF report from the default templates, read back by
# independent clients: pdftotext (names in UTF-8, CJK), pdfinfo (properties,
# dates from the config), pdffonts (every font embedded), qpdf --check,
# tests/tools/check_glyphs.py (no blank CJK glyph), pdftoppm (pages render),
# and a second run that must give the same bytes.
# Fixture: tests/fixtures/pdf/case/partnerships.csv, 8 partnerships of which
# 6 are in scope (CHN 41, BRA 35, MEX 29, VNM 37 <= 45; CHE 85, SWE 85 not).
. "$(dirname "$0")/common.bash"

F="$SCTA_FIXTURES/pdf/case"
cat >"$T/scta.ini" <<INI
[report]
organization = Test Office
title = Fixture Report for the PDF
short_title = Fixture Report
number = TST-26-02
date = 2026-11
[input]
partnerships = $F/partnerships.csv
questionnaire = $SCTA_SRC/config/questionnaire.ini
[output]
dir = out
formats = pdf
[templates]
dir = $SCTA_SRC/templates
INI
cd "$T"

expect_exit 0 "$SCTA" -c scta.ini run
[ -s out/report.pdf ] || fail "no out/report.pdf"
pass "run writes out/report.pdf"

quiet pdftotext -layout out/report.pdf text.txt
for want in "This report is not a product of the U.S. Government Accountability Office (GAO)." \
            "Test Office" "November 2026" "Table 1:" "Figure 1:" "Contents" \
            "Appendix IV: Partnerships in Scope" "Hagåtña" "São Paulo" "Thành phố Hồ Chí Minh" \
            "北京" "重庆" "河南" "TST-26-02 FIXTURE REPORT"; do
  has text.txt "$want"
done
# out of scope: scored above 45, so never listed among the partnerships in scope
hasnt text.txt "Zürich"
hasnt text.txt "Linköping"
pass "pdftotext finds the cover, numbered tables and figures, UTF-8 and CJK names"

quiet pdfinfo out/report.pdf >info.txt
grep -q '^Title: *Fixture Report for the PDF$' info.txt || fail "title: $(grep Title info.txt)"
grep -q '^Author: *Test Office$' info.txt || fail "author: $(grep Author info.txt)"
grep -q '^CreationDate: *Sun Nov  1 00:00:00 2026 UTC$' info.txt || fail "date: $(grep Creation info.txt)"
grep -q '^Page size: *612 x 792 pts (letter)$' info.txt || fail "not letter size"
pages=$(sed -n 's/^Pages: *//p' info.txt)
[ "$pages" -ge 10 ] || fail "only $pages pages"
pass "pdfinfo: title, author, fixed date, letter size, $pages pages"

quiet pdffonts out/report.pdf >fonts.all
tail -n +3 fonts.all >fonts.txt
[ -s fonts.txt ] || fail "no fonts listed"
while read -r line; do
  # emb, sub, uni: embedded, subset, with a ToUnicode map
  case "$line" in *"CID TrueType"*" yes yes yes "*) ;; *) fail "font not embedded or no ToUnicode: $line" ;; esac
done <fonts.txt
has fonts.txt "WenQuanYi"
pass "pdffonts: every font embedded ($(wc -l <fonts.txt) fonts)"

qpdf --check out/report.pdf >qpdf.txt 2>&1 || { cat qpdf.txt; fail "qpdf --check"; }
has qpdf.txt "No syntax or stream encoding errors found"
$PY "$SCTA_SRC/tests/tools/check_glyphs.py" out/report.pdf "$pages" >glyphs.txt ||
  { cat glyphs.txt; fail "blank glyphs"; }
has glyphs.txt "WenQuanYi"
quiet pdftoppm -png -r 30 -f 1 -l 3 out/report.pdf page
[ -s page-01.png ] || [ -s page-1.png ] || fail "pdftoppm rendered nothing"
pass "qpdf --check, check_glyphs.py and pdftoppm are content"

# Copied text equals the source: raw pdftotext (reading order, no layout)
# gives each name exactly as in partnerships.csv, and every font's ToUnicode
# map is bfrange/bfchar mapping each code to itself and covers the names.
quiet pdftotext -raw out/report.pdf raw.txt
for want in "Hagåtña" "São Paulo" "Thành phố Hồ Chí Minh" "北京" "重庆" "河南"; do
  grep -qxF -- "$want" <(grep -oF -- "$want" raw.txt) || fail "raw text lacks $want"
done
$PY "$SCTA_SRC/tests/tools/check_tounicode.py" out/report.pdf "Hagåtña" "São Paulo" \
  "Thành phố Hồ Chí Minh" "北京" "重庆" "河南" "Table 1:" >tounicode.txt ||
  { cat tounicode.txt; fail "ToUnicode maps"; }
has tounicode.txt "WenQuanYi"
pass "no warnings from poppler; ToUnicode maps with bfrange/bfchar; copied text equals the source"

# A tagged PDF. The tree is read back with qpdf (tests/tools/pdf_struct.py,
# which also fails on a broken parent tree) and its text with poppler
# (pdfinfo -struct-text), both independent of libharu.
grep -q '^Tagged: *yes$' info.txt || fail "pdfinfo: $(grep Tagged info.txt)"
$PY "$SCTA_SRC/tests/tools/pdf_struct.py" out/report.pdf >tree.txt || { cat tree.txt; fail "structure tree"; }
has tree.txt "Lang: en-US"
has tree.txt "Marked: True"
has tree.txt "DisplayDocTitle: True"
# headings: the first is H1 and none is more than one level below the one before
grep -o '^ *H[1-6]' tree.txt | tr -d ' ' >headings.txt
$PY - headings.txt <<'PY' || fail "heading levels skip: $(tr '\n' ' ' <headings.txt)"
import sys
levels = [int(l[1]) for l in open(sys.argv[1])]
assert levels and levels[0] == 1, levels
assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), levels
PY
# tables: Table > Caption, then a header row of TH scope=Column, then rows
$PY - tree.txt <<'PY' || fail "table structure"
import sys
lines = [l.rstrip("\n") for l in open(sys.argv[1])]
tables = 0
for i, l in enumerate(lines):
    if l.strip() != "Table":
        continue
    tables += 1
    d = len(l) - len(l.lstrip())
    kids = []
    for m in lines[i + 1:]:
        md = len(m) - len(m.lstrip())
        if md <= d:
            break
        kids.append((md - d) // 2 * "+" + m.strip().split(" text=")[0])
    assert kids[0] == "+Caption", kids[:3]
    assert kids[1] == "+TR", kids[:3]
    j = 2
    while j < len(kids) and kids[j].startswith("++"):
        assert kids[j] == "++TH scope=Column", kids[j]
        j += 1
    assert j > 2 and kids[j] == "+TR", kids[:j + 1]
    assert all(k in ("+TR", "++TD", "++TH scope=Row") for k in kids[j:]), kids[j:]
assert tables >= 10, tables
print(tables, "tables")
PY
# figures carry the chart's description: 6 partnerships in scope, China's 3 the most
has tree.txt 'Figure alt="Bar chart of Partnerships by Country: In-scope partnerships by foreign country. 4 bars; the largest is China (3)."'
has tree.txt 'Figure alt="Bar chart of Partnerships by Decade: In-scope partnerships by decade established. 5 bars; the largest is 1980s (2)."'
[ "$(grep -c '^ *Figure' tree.txt)" = "$(grep -c '^ *Figure alt="[^"]' tree.txt)" ] || fail "a Figure without alt text"
pass "tagged: language, title shown, headings in order, tables with header scope, figures with alt text"

# running footers and page numbers are artifacts: on the page, not in the tree
has text.txt "TST-26-02 FIXTURE REPORT"
hasnt tree.txt "FIXTURE REPORT"
grep -q 'text="Page [0-9ivx]*"' tree.txt && fail "a page number is tagged as text"
# a table running on to the next page repeats caption and header row as
# artifacts (the table check above finds one header row per table)
has text.txt "Table 8: Item non-response by question (continued)"
hasnt tree.txt "(continued)"
# tagged text equals the source text, lines joined by spaces
has tree.txt 'P text="This study analyzed 8 partnership records and the answers of 0 U.S. communities to a questionnaire."'
has tree.txt 'TD text="Thành phố Hồ Chí Minh"'
has tree.txt 'TD text="北京"'
# reading order of the two-column Highlights: left column, then right
$PY - tree.txt <<'PY' || fail "Highlights reading order"
import sys
t = open(sys.argv[1], encoding="utf-8").read()
order = ['H3 text="Why This Study Was Done"', 'P text="This study analyzed',
         'H3 text="What Is Recommended"', 'H3 text="What Was Found"',
         'P text="In-scope partnerships by foreign country"', 'Figure alt=',
         'answered the questionnaire']
at = [t.find(s) for s in order]
assert all(a >= 0 for a in at) and at == sorted(at), list(zip(order, at))
PY
# the contents are a TOC of TOCI entries
has tree.txt 'TOCI text="Letter 1"'
# each entry's link annotation sits in a Link element of the entry, and the
# annotation's /StructParent leads back to it (pdf_struct.py checks)
[ "$(grep -c '^ *TOCI' tree.txt)" = "$(grep -c '^ *Link annotations=1$' tree.txt)" ] ||
  fail "$(grep -c '^ *TOCI' tree.txt) entries, $(grep -c '^ *Link annotations=1$' tree.txt) tagged links"
pass "footers are artifacts; Highlights read left column first; contents tagged"

cp out/report.pdf first.pdf
expect_exit 0 "$SCTA" -c scta.ini run
cmp first.pdf out/report.pdf || fail "a second run wrote different bytes"
pass "the same inputs give the same PDF, byte for byte"

# A character above U+FFFF cannot be written by libharu (two-byte codes): the
# PDF shows it escaped (as it shows control characters), never drops it; the
# workbook keeps it as it is.
mkdir astral
sed 's/^PDF-02,Seattle,WA,重庆,/PDF-02,Seattle,WA,重庆𠀋,/' "$F/partnerships.csv" >astral/p.csv
grep -q '重庆𠀋' astral/p.csv || fail "fixture edit"
sed -e "s#^partnerships = .*#partnerships = $T/astral/p.csv#" \
  -e "s#^formats = pdf\$#formats = pdf, xlsx#" scta.ini >astral/scta.ini
expect_exit 0 "$SCTA" -c astral/scta.ini --db astral/scta.db run
pdftotext astral/out/report.pdf - | grep -qF '重庆\U0002000B' ||
  fail "the PDF does not show U+2000B escaped after 重庆"
pdftotext astral/out/report.pdf - | grep -qF '𠀋' && fail "the PDF has the raw U+2000B"
$PY - astral/out/report.xlsx <<'PY' || fail "the workbook lost U+2000B"
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
sys.exit(not any("重庆𠀋" in z.read(n).decode() for n in z.namelist()
                 if n.startswith("xl/worksheets/")))
PY
pass "a character above U+FFFF is shown escaped in the PDF, kept in the workbook"
