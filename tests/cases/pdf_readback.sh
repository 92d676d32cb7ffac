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

cp out/report.pdf first.pdf
expect_exit 0 "$SCTA" -c scta.ini run
cmp first.pdf out/report.pdf || fail "a second run wrote different bytes"
pass "the same inputs give the same PDF, byte for byte"
