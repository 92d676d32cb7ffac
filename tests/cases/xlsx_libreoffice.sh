#!/bin/sh
# xlsx_libreoffice.sh - a second real client opens the workbook: LibreOffice
# converts it to PDF, and every sheet to CSV with values as displayed, which
# must match the hand-derived tables in tests/fixtures/xlsx/lo_table*.csv
# (formula-like text stays text, "_x0041_" stays literal, percents round).
# The workbook is the one test_xlsx writes (SCTA_XLSX_KEEP keeps it).
# Skips only when soffice is not installed (package libreoffice-calc-nogui).
set -eu

if ! command -v soffice >/dev/null 2>&1; then
	echo "skipped: soffice not installed"
	exit 0
fi
: "${SCTA_BUILD:?SCTA_BUILD is not set}"
: "${SCTA_FIXTURES:?SCTA_FIXTURES is not set}"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() {
	echo "FAIL: $*"
	exit 1
}

unit="$SCTA_BUILD/tests/test_xlsx"
[ -x "$unit" ] || fail "$unit is not built"
SCTA_XLSX_KEEP="$tmp/wb" "$unit" >"$tmp/unit.log" 2>&1 || {
	cat "$tmp/unit.log"
	fail "test_xlsx did not write its workbook"
}
wb="$tmp/wb/basic.xlsx"
[ -s "$wb" ] || fail "no workbook at $wb"

# A private profile, so a user's LibreOffice settings cannot change the result.
lo() {
	soffice -env:UserInstallation="file://$tmp/profile" --headless "$@" >>"$tmp/lo.log" 2>&1
}

lo --convert-to pdf --outdir "$tmp/pdf" "$wb" || { cat "$tmp/lo.log"; fail "PDF conversion"; }
[ -s "$tmp/pdf/basic.pdf" ] || { cat "$tmp/lo.log"; fail "LibreOffice wrote no PDF"; }
pdftotext "$tmp/pdf/basic.pdf" "$tmp/pdf/basic.txt"
for want in "Table 1: In-scope partnerships by foreign country" \
	"This is not a GAO product." "Data dictionary"; do
	grep -qF "$want" "$tmp/pdf/basic.txt" || fail "PDF text lacks '$want'"
done

# Field 9 "true": cell contents as shown; field 12 "-1": every sheet to its own file.
lo --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1' \
	--outdir "$tmp/csv" "$wb" || { cat "$tmp/lo.log"; fail "CSV conversion"; }
for sheet in Contents Notes "Table 1" "Table 2" "Table 3" "Table 4" Partnerships Responses \
	Questions Rejects "Data dictionary"; do
	[ -f "$tmp/csv/basic-$sheet.csv" ] || fail "no CSV for sheet '$sheet'"
done
diff -u "$SCTA_FIXTURES/xlsx/lo_table1.csv" "$tmp/csv/basic-Table 1.csv" || fail "Table 1 as LibreOffice shows it"
diff -u "$SCTA_FIXTURES/xlsx/lo_table3.csv" "$tmp/csv/basic-Table 3.csv" || fail "Table 3 as LibreOffice shows it"
grep -qF '"=HYPERLINK(""http://x"")"' "$tmp/csv/basic-Partnerships.csv" ||
	fail "formula-like text in Partnerships"
echo "ok: LibreOffice converted the workbook to PDF and CSV"
