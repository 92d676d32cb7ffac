#!/bin/bash
# [edition:NAME]: one run writes every configured edition from one analysis,
# each file named <name>-<edition>[-<unit>].<ext>, each unit with its own
# number; --edition NAME writes one; the manifest says which file is what.
. "$(dirname "$0")/common.bash"

cp "$SCTA_FIXTURES/cli/partnerships.csv" "$T/"
fixture_config "$T/scta.ini" "formats = json
db = scta.db"
cat >> "$T/scta.ini" <<'INI'

[edition:study]
audience = public
[edition:annex]
audience = restricted
marking = RESTRICTED - NOT FOR PUBLIC RELEASE
formats = json, html
[edition:states]
by = state
number = {number}-{state}
formats = json, pdf, xlsx
INI
cd "$T"
expect_exit 4 "$SCTA" -q -c scta.ini import partnerships partnerships.csv

# In scope, by hand (tests/fixtures/cli/scta.ini): WA 2, OR 1, ID 1, CO 1, OK 1, FL 1.
expect_exit 0 "$SCTA" -q -c scta.ini report
same "$(cd out && ls *.json *.csv | tr '\n' ' ')" \
  "manifest.json rejects.csv report-annex.json report-states-CO.json report-states-FL.json report-states-ID.json report-states-OK.json report-states-OR.json report-states-WA.json report-study.json "
same "$(cd out && ls *.pdf | wc -l)" "6"
same "$(cd out && ls *.xlsx | wc -l)" "6"
# The restricted annex's HTML carries its marking first and last; the JSON at its top.
same "$(grep -c '<p class="marking"><strong>RESTRICTED - NOT FOR PUBLIC RELEASE</strong></p>' out/report-annex.html)" "2"
$PY - <<'PY'
import json
want = {"CO": 1, "FL": 1, "ID": 1, "OK": 1, "OR": 1, "WA": 2}
for st, n in want.items():
    r = json.load(open(f"out/report-states-{st}.json"))
    assert r["figures"]["in_scope"]["value"] == n, (st, r["figures"]["in_scope"])
    assert r["report"]["number"] == f"TST-26-01-{st}", r["report"]["number"]
    assert r["report"]["edition"] == "states", r["report"]
for ed in ("study", "annex"):
    r = json.load(open(f"out/report-{ed}.json"))
    assert r["figures"]["in_scope"]["value"] == 7, r["figures"]["in_scope"]
    assert r["report"]["number"] == "TST-26-01", r["report"]["number"]
    assert r["report"]["edition"] == ed and "unit" not in r["report"], r["report"]
m = json.load(open("out/manifest.json"))
outs = {o["path"]: o for o in m["outputs"]}
assert outs["report-states-WA.json"]["edition"] == "states", outs["report-states-WA.json"]
assert outs["report-states-WA.json"]["unit"] == "Washington", outs["report-states-WA.json"]
assert outs["report-states-WA.json"]["format"] == "json"
assert outs["report-annex.json"]["edition"] == "annex" and "unit" not in outs["report-annex.json"]
assert "edition" not in outs["rejects.csv"] and len(outs) == 22, sorted(outs)
print("editions ok")
PY
pass "every edition, with its units and numbers"

# A state's edition fits its state: its number on every page, what it left out
# said once, the state compared with the nation (7 in scope, 7 communities).
pdftotext out/report-states-FL.pdf fl.txt 2>/dev/null || fail "pdftotext"
pages=$(pdfinfo out/report-states-FL.pdf 2>/dev/null | awk '/^Pages:/ {print $2}')
footers=$(grep -c 'TST-26-01-FL' fl.txt)
[ "$footers" -ge "$pages" ] || fail "the state's number is on $footers lines for $pages pages"
tr '\n' ' ' < fl.txt | tr -s ' ' > fl1.txt
has fl1.txt "Florida accounts for 1 partnership of the 7 in scope nationwide, held by 1 U.S. community of the nation's 7"
has fl1.txt "This edition for Florida leaves out Tables"
has fl1.txt "which have nothing to show for it (no partnership, answer or flag in Florida)"
grep -q "leaves out Tables\? 1[ ,]" fl1.txt && fail "Table 1 (Florida's one partnership by country) was left out"
grep -q "Flagged partnerships by rule" fl1.txt && fail "an empty flag table was kept"
qpdf --check out/report-states-FL.pdf >/dev/null 2>&1 || fail "qpdf --check report-states-FL.pdf"
pass "a state's edition leaves out what it cannot show, and says so"

# Washington's workbook, read with openpyxl: its state table has WA alone, 2 in scope; the
# study's number is not on its cover sheet, the state's is.
$PY - <<'PY'
import openpyxl
wb = openpyxl.load_workbook("out/report-states-WA.xlsx", read_only=True)
found = None
for ws in wb.worksheets:
    rows = [r for r in ws.iter_rows(values_only=True)]
    titles = [str(c) for r in rows[:3] for c in r if c]
    if any("by U.S. state" in t for t in titles):
        found = [r for r in rows if r and r[0] in ("WA", "OR", "Total")]
        break
assert found is not None, "no state table in the WA workbook"
assert [r[0] for r in found] == ["WA", "Total"], found
assert found[0][2] == 2, found[0]
cover = " ".join(str(c) for r in wb.worksheets[0].iter_rows(values_only=True) for c in r if c)
assert "TST-26-01-WA" in cover, cover[:300]
print("WA workbook ok")
PY
pass "a state's workbook, read back"

# The same inputs give the same bytes.
sha256sum out/*.json > first.sha
expect_exit 0 "$SCTA" -q -c scta.ini report
sha256sum out/*.json | cmp -s - first.sha || fail "a second run wrote other bytes"
pass "deterministic"

# --edition NAME writes that edition only (and rejects.csv, the manifest).
rm -rf out
expect_exit 0 "$SCTA" -q -c scta.ini report --edition annex
same "$(cd out && ls | tr "\n" " ")" "manifest.json rejects.csv report-annex.html report-annex.json "
expect_exit 2 "$SCTA" -q -c scta.ini report --edition annexe
has "$T/stderr" "--edition annexe: no such edition (the configuration has study, annex, states)"
expect_exit 2 "$SCTA" -q -c scta.ini report --by state
has "$T/stderr" "--by: this configuration has editions"
pass "--edition, and --by refused beside editions"

# Mistakes in an edition are configuration errors naming the key (exit 3).
cp scta.ini good.ini
printf '\n[edition:bad name]\n' >> scta.ini
expect_exit 3 "$SCTA" -q -c scta.ini report
has "$T/stderr" "[edition:bad name]: an edition's name is part of file names"
cp good.ini scta.ini
printf '\n[edition:x]\nby = county\nnumber = {number}-{county}\n' >> scta.ini
expect_exit 3 "$SCTA" -q -c scta.ini report
has "$T/stderr" "[edition:x] by: expected none, state or community (got 'county')"
cp good.ini scta.ini
printf '\n[edition:x]\nnumber = {number}-{state}\n' >> scta.ini
expect_exit 3 "$SCTA" -q -c scta.ini report
has "$T/stderr" "[edition:x] number: {state} needs by = state or community"
cp good.ini scta.ini
printf '\n[edition:x]\ntemplate = nosuchset\n' >> scta.ini
expect_exit 3 "$SCTA" -q -c scta.ini report
has "$T/stderr" "[edition:x] template: no such template set"
cp good.ini scta.ini
printf '\n[edition:x]\naudience = everyone\n' >> scta.ini
expect_exit 3 "$SCTA" -q -c scta.ini report
has "$T/stderr" "[edition:x] audience: expected public or restricted (got 'everyone')"
pass "edition mistakes"

# Two editions for the same audience with numbers of their own: each table's
# source line ends with its own edition's number (the whole store's analysis
# is shared only between editions that print the same number), and a state
# edition written between them changes nothing.
cp good.ini scta.ini
sed -i '/^\[edition:/,$d' scta.ini
cat >> scta.ini <<'INI'
[edition:study]
[edition:states]
by = state
[edition:brief]
number = {number}-B
[edition:again]
INI
rm -rf out
expect_exit 0 "$SCTA" -q -c scta.ini report
$PY - <<'PY'
import json
for ed, num in (("study", "TST-26-01"), ("brief", "TST-26-01-B"), ("again", "TST-26-01")):
    r = json.load(open(f"out/report-{ed}.json"))
    assert r["report"]["number"] == num, (ed, r["report"]["number"])
    srcs = [t["source"] for t in r["tables"] if t.get("source")]
    assert srcs, ed
    for s in srcs:
        assert s.endswith("| " + num), (ed, s)
r = json.load(open("out/report-states-WA.json"))
assert all(t["source"].endswith("| TST-26-01-WA") for t in r["tables"] if t.get("source"))
print("numbers ok")
PY
pass "source lines carry each edition's own number"

# An edition by state when no partnership is in scope: the run fails naming the edition, and
# the study written before it is not put in place (the outputs of a run go in together).
cp good.ini scta.ini
sed -i '/^\[edition:/,$d' scta.ini
printf '[scope]\ncpi_max = 0\n[edition:study]\n[edition:states]\nby = state\n' >> scta.ini
rm -rf out
expect_exit 1 "$SCTA" -q -c scta.ini report
has "$T/stderr" "[edition:states] by = state: no partnership is in scope"
! ls out/report-study.* >/dev/null 2>&1 || fail "the study was put in place by a failed run"
[ -z "$(ls -A out | grep -e '\.scta-tmp-' || true)" ] || fail "temporary files left"
pass "a unit edition with no unit fails the run, and nothing is put in place"
