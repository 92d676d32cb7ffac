#!/bin/bash
# `scta run` on a hand-worked fixture: the import lines, exit 4 with rejects,
# rejects.csv, manifest.json, atomic outputs, re-import, --strict and check.
# Expected values are worked out by hand in tests/fixtures/cli/scta.ini.
. "$(dirname "$0")/common.bash"

F="$SCTA_FIXTURES/cli"
cp "$F/partnerships.csv" "$T/partnerships.csv"
fixture_config "$T/scta.ini"
cd "$T"

# --strict: rejects are a failure before anything is stored or written.
expect_exit 4 "$SCTA" -c scta.ini --strict run
has stderr "partnerships.csv: 12 rows read, 0 loaded, 2 rejected, 10 valid but not stored (--strict)"
has stderr "with --strict nothing is stored or written"
[ ! -e out/report.xlsx ] || fail "--strict wrote outputs"
pass "--strict stores and writes nothing"

# check lists every problem and writes nothing.
rm -rf out
expect_exit 4 "$SCTA" -c scta.ini check partnerships.csv
has stdout "partnerships.csv:12: column 'us_state': "
has stdout "(got 'XX')"
has stdout "partnerships.csv:12: column 'foreign_country': "
has stdout "(got 'Narnia')"
has stdout "partnerships.csv:13: "
has stdout "line 2"
[ ! -e out ] || fail "check created the output directory"
pass "check lists problems, writes nothing"

# The main job: exit 4 because two rows were rejected, outputs still written.
expect_exit 4 "$SCTA" -c scta.ini run
has stderr "partnerships.csv: 12 rows read, 10 loaded, 2 rejected"
has stderr "2 rows were rejected"
for f in report.xlsx report.pdf report.json rejects.csv manifest.json; do
  [ -s "out/$f" ] || fail "missing out/$f"
  has stdout "wrote out/$f"
done
ls out | grep -q 'tmp-' && fail "temporary files left behind: $(ls out)"
grep -q $'\r' stderr && fail "progress output on stderr that is not a terminal"
pass "run writes every output, no temporary files, no progress bar off a terminal"

# rejects.csv: one line per problem, header first.
same "$(head -1 out/rejects.csv | tr -d '\r')" "file,line,column,value,reason"
same "$(grep -c ',12,' out/rejects.csv)" "2" "problems on line 12"
same "$(grep -c ',13,' out/rejects.csv)" "1" "problems on line 13"
same "$(cut -d, -f2 out/rejects.csv | sort -u | grep -v line | tr '\n' ' ')" "12 13 " "rejected lines"
pass "rejects.csv"

# manifest.json: inputs with sha256 and counts, outputs with their sha256.
$PY - "$T" <<'PY'
import hashlib, json, sys, os
t = sys.argv[1]
m = json.load(open(os.path.join(t, "out/manifest.json")))
def sha(p): return hashlib.sha256(open(p, "rb").read()).hexdigest()
assert m["version"], m
inp = m["inputs"]
assert len(inp) == 1, inp
assert inp[0]["path"] == "partnerships.csv", inp
assert inp[0]["sha256"] == sha(os.path.join(t, "partnerships.csv"))
assert (inp[0]["rows_read"], inp[0]["rows_loaded"], inp[0]["rows_rejected"]) == (12, 10, 2), inp
names = sorted(o["path"] for o in m["outputs"])
assert names == ["rejects.csv", "report.html", "report.json", "report.pdf", "report.xlsx"], names
for o in m["outputs"]:
    assert o["sha256"] == sha(os.path.join(t, "out", o["path"])), o
print("manifest ok")
PY
pass "manifest.json matches the files"

# The figures, read back from the JSON (worked out by hand, see the fixture).
$PY - "$T/out/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
figs = {k: v["value"] for k, v in r["figures"].items()}
assert figs["in_scope"] == 7, figs["in_scope"]
assert figs["not_scored"] == 1, figs["not_scored"]
assert figs["partnerships_total"] == 10, figs["partnerships_total"]
t = {x["id"]: x for x in r["tables"]}["scope_by_country"]
names = [c["name"] for c in t["columns"]]
rows = {x["ISO3"]: x["Partnerships"] for x in (dict(zip(names, row)) for row in t["rows"]) if x["ISO3"]}
assert rows == {"RUS": 3, "CHN": 2, "COL": 1, "KEN": 1}, rows
print("figures ok")
PY
pass "headline figures and table by country"

# Same inputs and config: byte-identical outputs.
for f in report.xlsx report.pdf report.json; do cp "out/$f" "$T/first-$f"; done
rm -f out/scta.db
expect_exit 4 "$SCTA" -c scta.ini run
for f in report.xlsx report.pdf report.json; do
  cmp -s "out/$f" "$T/first-$f" || fail "$f differs between two identical runs"
done
pass "deterministic outputs"

# Re-importing the identical file changes nothing.
$PY -c "import sqlite3,sys; c=sqlite3.connect('out/scta.db'); print(c.execute('select count(*) from batch').fetchone()[0])" >batches1
expect_exit 4 "$SCTA" -c scta.ini import partnerships partnerships.csv
has stderr "partnerships.csv: 12 rows read, 10 loaded, 2 rejected"
has stderr "unchanged"
$PY -c "import sqlite3,sys; c=sqlite3.connect('out/scta.db'); print(c.execute('select count(*) from batch').fetchone()[0])" >batches2
cmp -s batches1 batches2 || fail "an identical re-import added a batch"

# A changed file updates by key and is a new batch.
sed -i 's/^F3,Portland,OR,Khabarovsk,Russia,suspended/F3,Portland,OR,Khabarovsk,Russia,terminated/' partnerships.csv
expect_exit 4 "$SCTA" -c scta.ini import partnerships partnerships.csv
$PY - <<'PY'
import sqlite3
c = sqlite3.connect("out/scta.db")
assert c.execute("select count(*) from batch").fetchone()[0] == 2
assert c.execute("select status from partnership where id='F3'").fetchone()[0] == "terminated"
assert c.execute("select count(*) from partnership").fetchone()[0] == 10
print("update ok")
PY
pass "identical re-import changes nothing; a changed file updates by key"

# Missing templates are found before anything is read or written (preflight).
cp out/report.xlsx before.xlsx
cp scta.ini good.ini
sed -i "s|^dir = $SCTA_SRC/templates|dir = $T/no-templates|" scta.ini
set +e; "$SCTA" -c scta.ini report >/dev/null 2>stderr; rc=$?; set -e
same "$rc" 3 "exit code of a report with missing templates"
has stderr "scta: scta.ini: [templates] dir: no such directory $T/no-templates"
cmp -s out/report.xlsx before.xlsx || fail "a report with missing templates changed the workbook"
pass "missing templates: exit 3 before any output"

# A failing report leaves the previous outputs untouched. A title in Chinese
# with no CJK font fails only when the PDF prints it, on the second thread
# while the workbook is being written on the first.
cp good.ini scta.ini
sed -i "s|^title = Fixture Report|title = Fixture Report 北京|" scta.ini
printf '[pdf]\nfont_cjk = %s/none.ttf\n' "$T" >>scta.ini
set +e; "$SCTA" -c scta.ini report >/dev/null 2>stderr; rc=$?; set -e
same "$rc" 3 "exit code of a report whose PDF fails"
has stderr "needs a CJK font, and none was found at $T/none.ttf"
cmp -s out/report.xlsx before.xlsx || fail "a failed report changed the previous workbook"
ls out | grep -q 'tmp-' && fail "a failed report left temporary files: $(ls out)"
pass "failed report keeps previous outputs"
