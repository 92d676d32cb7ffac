#!/bin/bash
# report --by state|community: one report per unit, each restricted to its
# partnerships and responses; rejects.csv and manifest.json written once.
. "$(dirname "$0")/common.bash"

cp "$SCTA_FIXTURES/cli/partnerships.csv" "$T/"
fixture_config "$T/scta.ini" "formats = json
db = scta.db"
cd "$T"
expect_exit 2 "$SCTA" -c scta.ini report --by county
has "$T/stderr" "--by: expected state or community (got 'county')"
expect_exit 4 "$SCTA" -q -c scta.ini import partnerships partnerships.csv

# In scope (worked out by hand, see tests/fixtures/cli/scta.ini): WA 2 (Tacoma,
# Seattle), OR 1, ID 1, CO 1, OK 1, FL 1; seven communities, one each but WA.
expect_exit 0 "$SCTA" -q -c scta.ini report --by state
same "$(cd out && ls report-*.json | tr '\n' ' ')" \
  "report-CO.json report-FL.json report-ID.json report-OK.json report-OR.json report-WA.json "
$PY - <<'PY'
import json
want = {"CO": 1, "FL": 1, "ID": 1, "OK": 1, "OR": 1, "WA": 2}
for st, n in want.items():
    r = json.load(open(f"out/report-{st}.json"))
    got = r["figures"]["in_scope"]["value"]
    assert got == n, (st, got)
    # Each state's report carries its own number (not the study's).
    assert r["report"]["number"] == f"TST-26-01-{st}", r["report"]["number"]
    rows = {x["id"]: x for x in r["tables"]}["scope_by_state"]["rows"]
    t = {x["id"]: x for x in r["tables"]}["scope_by_state"]
    states = [dict(zip([c["name"] for c in t["columns"]], row))["State"] for row in rows]
    assert [s for s in states if s != "Total"] == [st], rows
    assert r["report"]["title"].endswith(": " + json.load(open(f"out/report-{st}.json"))["report"]["title"].split(": ")[-1])
m = json.load(open("out/manifest.json"))
names = sorted(o["path"] for o in m["outputs"])
assert names == sorted([f"report-{s}.json" for s in want] + ["rejects.csv"]), names
print("by state ok")
PY
pass "--by state"

rm -rf out
expect_exit 0 "$SCTA" -q -c scta.ini report --by community
same "$(cd out && ls report-*.json | tr '\n' ' ')" \
  "report-CO-denver.json report-FL-miami.json report-ID-boise.json report-OK-tulsa.json report-OR-portland.json report-WA-seattle.json report-WA-tacoma.json "
$PY - <<'PY'
import json
r = json.load(open("out/report-WA-tacoma.json"))
assert r["figures"]["in_scope"]["value"] == 1, r["figures"]["in_scope"]
assert r["report"]["number"] == "TST-26-01-WA-tacoma", r["report"]["number"]
t = {x["id"]: x for x in r["tables"]}["scope_by_country"]
codes = [dict(zip([c["name"] for c in t["columns"]], row))["ISO3"] for row in t["rows"]]
assert [c for c in codes if c] == ["CHN"], t
print("by community ok")
PY
pass "--by community"
