#!/bin/bash
# Every community profile of the bundled sample ([edition:profiles] of
# config/scta.ini, 402 communities with partnerships in scope) is one or two
# pages; those with more than 20 partnerships in scope (Miami, FL has 23 and
# Laredo, TX 29, counted from data/sample/partnerships.csv with CPI 2019 at most
# 45, status active, inactive, suspended or blank: plain Python csv) list the first 20 and
# say where the rest are. Slow (about a minute): left out of the ASan pass.
. "$(dirname "$0")/common.bash"

cd "$SCTA_SRC"
expect_exit 0 "$SCTA" -q -c config/scta.ini --db "$T/scta.db" import partnerships data/sample/partnerships.csv
expect_exit 0 "$SCTA" -q -c config/scta.ini --db "$T/scta.db" import responses data/sample/responses.csv
expect_exit 0 "$SCTA" -q -c config/scta.ini --db "$T/scta.db" report --out "$T/out" --edition profiles
n=0
for f in "$T"/out/report-profiles-*.pdf; do
  p=$(pdfinfo "$f" | awk '/^Pages:/ {print $2}')
  [ "$p" -ge 1 ] && [ "$p" -le 2 ] || fail "$f has $p pages, expected 1 or 2"
  n=$((n + 1))
done
same "$n" "402" "profiles written"
pass "every sample profile (402) is at most 2 pages"

# The profiles are PDFs only (templates/profile/set.ini); the study edition's
# workbook has every partnership.
for c in "FL-miami:23:Miami, FL" "TX-laredo:29:Laredo, TX"; do
  IFS=: read -r slug n name <<<"$c"
  pdftotext "$T/out/report-profiles-$slug.pdf" - | tr -s ' \n' '  ' >"$T/p.txt"
  has "$T/p.txt" "$name has $n partnerships in scope"
  has "$T/p.txt" "This list shows the first 20 of the $n partnerships in scope, for length; the workbook report-study.xlsx lists all $n on sheet Partnerships, where In scope is Yes (the rows of $name)."
done
pdftotext "$T/out/report-profiles-CA-los-angeles.pdf" - | tr -s ' \n' '  ' >"$T/p.txt"
has "$T/p.txt" "Los Angeles, CA has 17 partnerships in scope"
hasnt "$T/p.txt" "This list shows the first"
pass "Miami and Laredo list 20 and say where the rest are; Los Angeles lists its 17"
