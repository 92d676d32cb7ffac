#!/bin/bash
# The HTML edition (`html` in [output] formats) checked in a real browser and
# read back: headless Debian chromium driven by puppeteer-core runs axe-core
# with the WCAG 2.1 A and AA rules (zero violations), the Nu Html Checker
# (vnu-jar, Debian's java) reports zero errors, and a screenshot of the first
# page and a print (PDF) rendering of the first pages are kept in the test's
# output directory (build/html_a11y/). Then, against the PDF and the workbook
# of the same run: the same table and figure numbers for the same titles, the
# headings in order without a skipped level, a caption on every table, a scope
# on every header cell, a title and the PDF's description on every figure,
# links that lead somewhere, nothing fetched, no script; text from the data
# escaped (markup, an ampersand, a right-to-left override shown as \u202E);
# the same bytes from a second run.
#
# Needs chromium, java and node with tests/tools/node_modules (`./build.sh test`
# installs them: Debian packages and `npm ci` in tests/tools). Missing any is a
# failure, never a skip.
. "$(dirname "$0")/common.bash"

TOOLS="$SCTA_SRC/tests/tools"
OUT="${SCTA_BUILD:-$T}/html_a11y"
rm -rf "$OUT"
mkdir -p "$OUT"
for tool in chromium java node pdftotext pdftoppm; do
  command -v "$tool" >/dev/null || fail "$tool is not installed (./build.sh test installs it)"
done
for mod in puppeteer-core axe-core vnu-jar; do
  [ -d "$TOOLS/node_modules/$mod" ] ||
    fail "$TOOLS/node_modules/$mod is missing: run 'npm ci' in tests/tools (./build.sh test does)"
done

# 1. The bundled sample: every template, figure and the streamed appendix.
mkdir -p "$T/sample" "$T/hostile"
cat >"$T/sample/scta.ini" <<INI
[report]
organization = Test Office
title = Sample Report for the HTML Edition
number = TST-26-14
date = 2026-11
language = en-US
recommendation_1 = "Publish every agreement & its amendments."
[input]
partnerships = $SCTA_SRC/data/sample/partnerships.csv
responses = $SCTA_SRC/data/sample/responses.csv
questionnaire = $SCTA_SRC/config/questionnaire.ini
[output]
dir = out
formats = xlsx, pdf, html
[templates]
dir = $SCTA_SRC/templates
INI
# 2. Hostile text from the data: markup, an ampersand, a right-to-left
# override (U+202E), CJK; 3 partnerships in scope (CHN 41, MEX 29, VNM 37).
printf '%s\n' 'us_community,us_state,foreign_community,foreign_country' \
  '<script>alert(1)</script> City,CA,"Beijing & ""Co""",CHN' \
  "$(printf 'Evil\xe2\x80\xaeTxt,TX,\xe5\x8c\x97\xe4\xba\xac,CHN')" \
  'Springfield,IL,Toluca,MEX' >"$T/hostile/partnerships.csv"
cat >"$T/hostile/scta.ini" <<INI
[report]
organization = Test <Office> & Co
title = Hostile <b>Text</b> Report
number = TST-26-15
date = 2026-11
language = fr-CA
[input]
partnerships = partnerships.csv
questionnaire = $SCTA_SRC/config/questionnaire.ini
[output]
dir = out
formats = xlsx, pdf, html
[templates]
dir = $SCTA_SRC/templates
INI

for d in sample hostile; do
  (cd "$T/$d" && expect_exit 0 "$SCTA" -q -c scta.ini run)
  [ -s "$T/$d/out/report.html" ] || fail "$d: no report.html"
  cp "$T/$d/out/report.html" "$OUT/$d.html"
done
pass "run writes report.html beside the PDF and the workbook"

# The same bytes again (and the manifest lists the file).
(cd "$T/sample" && mv out/report.html first.html && expect_exit 0 "$SCTA" -q -c scta.ini report)
cmp -s "$T/sample/first.html" "$T/sample/out/report.html" || fail "a second run wrote other bytes"
has "$T/sample/out/manifest.json" '"report.html"'
pass "byte-identical on a second run, listed in the manifest"

# The Nu Html Checker: no error in either file.
java -jar "$TOOLS/node_modules/vnu-jar/build/dist/vnu.jar" --errors-only "$OUT/sample.html" \
  "$OUT/hostile.html" >"$T/vnu.txt" 2>&1 || { cat "$T/vnu.txt"; fail "vnu reports errors"; }
[ ! -s "$T/vnu.txt" ] || { cat "$T/vnu.txt"; fail "vnu printed errors"; }
pass "vnu: no errors"

# axe-core in chromium: no WCAG 2.1 A/AA violation; screenshots; what the browser sees.
node "$TOOLS/html_check.js" "$OUT" "$OUT/sample.html" "$OUT/hostile.html" >"$T/axe.txt" 2>&1 ||
  { cat "$T/axe.txt"; fail "axe-core found violations (or the browser failed)"; }
cat "$T/axe.txt"
for d in sample hostile; do
  [ -s "$OUT/$d.png" ] && [ -s "$OUT/$d-print.pdf" ] || fail "$d: no screenshot or print rendering"
  pdftoppm -r 40 -f 1 -l 2 -png "$OUT/$d-print.pdf" "$OUT/$d-print" || fail "$d: print rendering unreadable"
done
pass "axe-core: no violations; screenshots in $OUT"

# What the browser sees, against the PDF and the workbook of the same run.
for d in sample hostile; do
  pdftotext -raw "$T/$d/out/report.pdf" "$T/$d/pdf.txt"
  "$PY" "$TOOLS/read_xlsx.py" dump "$T/$d/out/report.xlsx" >"$T/$d/xlsx.json"
done
"$PY" - "$OUT" "$T" <<'PY' || fail "the HTML read back differs (above)"
import json, re, sys
out, t = sys.argv[1], sys.argv[2]
bad = []
def check(cond, msg):
    if not cond:
        bad.append(msg)

for d, lang, title in (("sample", "en-US", "Sample Report for the HTML Edition"),
                       ("hostile", "fr-CA", "Hostile <b>Text</b> Report")):
    s = json.load(open(f"{out}/{d}.json"))
    check(s["lang"] == lang, f"{d}: lang {s['lang']!r}")
    check(s["title"] == title, f"{d}: title {s['title']!r}")
    check(s["scripts"] == 0, f"{d}: {s['scripts']} scripts")
    check(s["requests"] == [], f"{d}: network requests {s['requests']}")
    check(s["dead_links"] == [], f"{d}: links to nothing {s['dead_links']}")
    check(s["th"] > 0 and s["th_without_scope"] == 0, f"{d}: {s['th_without_scope']} th without scope")
    # headings in order: start at h1, never skip a level going down
    levels = [h[0] for h in s["headings"]]
    check(levels and levels[0] == 1, f"{d}: first heading h{levels[:1]}")
    for a, b in zip(levels, levels[1:]):
        check(b <= a + 1, f"{d}: h{a} then h{b}")
    names = [h[1] for h in s["headings"]]
    for want in ("Highlights", "Contents", "Letter", "Appendix I: Objectives, Scope, and Methodology",
                 "Appendix II: The Questionnaire", "Appendix IV: Partnerships in Scope"):
        check(want in names, f"{d}: no heading {want!r}")
    check(names.index("Contents") < names.index("Letter") < names.index("Appendix IV: Partnerships in Scope"),
          f"{d}: headings out of order")
    # every contents link is a heading, table or figure of the page
    check(len(s["contents"]) >= 10, f"{d}: {len(s['contents'])} contents links")
    # tables: every one captioned; numbered ones as in the PDF and the workbook
    check(all(c for c in s["captions"]), f"{d}: a table without caption")
    pdf = re.sub(r"\s+", " ", open(f"{t}/{d}/pdf.txt").read())
    xl = json.load(open(f"{t}/{d}/xlsx.json"))
    numbered = [c for c in s["captions"] if re.match(r"Table \d+: ", c)]
    check(len(numbered) >= 3, f"{d}: only {len(numbered)} numbered tables")
    for c in numbered:
        n, rest = re.match(r"Table (\d+): (.*)", c).groups()
        pdf_n = re.findall(r"Table (\d+): " + re.escape(rest), pdf)
        check(pdf_n and set(pdf_n) == {n}, f"{d}: {c!r}: the PDF numbers it {pdf_n}")
        a1 = xl["sheet"].get(f"Table {n}", {}).get("cells", {}).get("A1", {}).get("v", "")
        check(a1 == c or a1.startswith(c + " [note"), f"{d}: {c!r}: workbook sheet Table {n} A1 is {a1!r}")
    # figures: SVG title = caption, description = the PDF's alt text words, and the table drawn
    check(len(s["figures"]) >= 2, f"{d}: {len(s['figures'])} figures")
    for f in s["figures"]:
        if f["svg_title"] is None:
            continue   # "No data to chart."
        check(f["svg_title"] == f["caption"], f"{d}: figure title {f['svg_title']!r} vs caption {f['caption']!r}")
        check(re.match(r"(Bar chart of|100 percent stacked bar chart|Tile-grid map of the United States)", f["svg_desc"] or ""), f"{d}: desc {f['svg_desc']!r}")
        check(f["tables"] == 1, f"{d}: figure {f['caption']!r} has {f['tables']} tables")
        m = re.match(r"Figure (\d+): (.*)", f["caption"])
        if m:
            pdf_n = re.findall(r"Figure (\d+): " + re.escape(m.group(2)), pdf)
            check(set(pdf_n) == {m.group(1)}, f"{d}: {f['caption']!r}: the PDF numbers it {pdf_n}")
for b in bad:
    print("FAIL:", b)
sys.exit(1 if bad else 0)
PY
pass "lang, title, headings in order, captions, th scope, figure titles and descriptions, numbers as the PDF's and the workbook's"

# Text from the data and the configuration is escaped, controls shown as the PDF shows them.
H="$OUT/hostile.html"
has "$H" '&lt;script&gt;alert(1)&lt;/script&gt; City'
has "$H" 'Beijing &amp; &quot;Co&quot;'
has "$H" 'Evil\u202ETxt'
has "$H" '<title>Hostile &lt;b&gt;Text&lt;/b&gt; Report</title>'
has "$H" 'Test &lt;Office&gt; &amp; Co'
has "$H" '北京'
hasnt "$H" '<script'
hasnt "$H" "$(printf '\xe2\x80\xae')"
has "$OUT/sample.html" 'Publish every agreement &amp; its amendments.'
has "$OUT/sample.html" 'This report is not a product of the U.S. Government Accountability Office (GAO).'
has "$OUT/sample.html" '@media print'
pass "data and settings escaped, the right-to-left override shown, the GAO notice, a print stylesheet"
