#!/bin/bash
# Hostile text from configs and data: control characters in settings are refused
# naming the key; [output] name '.'/'..' refused; names from data make bounded file
# names without control or bidi characters; such characters are shown escaped on the
# terminal, in the PDF and in workbook cells, and the workbook stays well-formed; every rejects.csv cell
# that starts like a formula is protected; check prints one line per problem.
. "$(dirname "$0")/common.bash"

cd "$T"
cp "$SCTA_FIXTURES/cli/partnerships.csv" base.csv
$PY - <<'EOF'
import csv
rows = list(csv.reader(open("base.csv", newline="")))
hdr = rows[0]
def row(pid, comm, state="WA", country="China"):
    r = dict(zip(hdr, rows[1]))
    r.update(partnership_id=pid, us_community=comm, us_state=state, foreign_country=country)
    return [r[h] for h in hdr]
rows.append(row("H1", "Llan" + "gollen" * 50))                  # 304 characters
rows.append(row("H2", "Evil\u202egnp.exe"))                        # right-to-left override
rows.append(row("H3", "Bad\u0085Next"))                            # C1 control (NEL)
rows.append(row("H4", "New\nLine", state="XX"))                    # rejected, newline in a value
rows.append(row("H5", "Esc\x1b[2J", state="ZZ\x1b[31m"))           # rejected, escape sequence
with open("=1+1.csv", "w", newline="") as f:
    csv.writer(f).writerows(rows)
EOF
fixture_config scta.ini
sed -i 's/^partnerships = .*/partnerships = =1+1.csv/' scta.ini

# ---- settings ----
for key in title short_title number organization author topic; do
  cp scta.ini bad.ini
  if grep -q "^$key = " bad.ini; then
    sed -i "s/^$key = \(.*\)$/$key = \1"$'\v'"x/" bad.ini
  else
    sed -i "s/^\[report\]$/[report]\n$key = a"$'\v'"b/" bad.ini
  fi
  expect_exit 3 "$SCTA" -c bad.ini run
  has stderr "bad.ini: [report] $key: character U+000B"
  [ ! -e out ] || fail "a refused setting still wrote outputs"
done
cp scta.ini bad.ini
sed -i "s/^title = .*/title = Fixture $(printf '\u202e')Report/" bad.ini
expect_exit 3 "$SCTA" -c bad.ini run
has stderr "[report] title: character U+202E"
pass "control and bidi-override characters in settings are refused, naming the key"

for name in . ..; do
  cp scta.ini bad.ini
  printf 'name = %s\n' "$name" >>bad.ini
  expect_exit 3 "$SCTA" -c bad.ini run
  has stderr "[output] name: a file stem, not empty, '.' or '..' (got '$name')"
done
pass "[output] name = . and .. are refused"

# ---- check: one line per problem, control characters escaped ----
expect_exit 4 "$SCTA" -c scta.ini check '=1+1.csv'
has stdout "=1+1.csv:17: column 'us_state': "
has stdout "(got 'ZZ\\x1B[31m')"
$PY - "$T/stdout" <<'EOF' || fail "check's output has a line that is not a problem"
import re, sys
data = open(sys.argv[1], "rb").read()
assert b"\x1b" not in data, "raw escape sequence"
for line in data.decode().splitlines():
    assert re.match(r"^=1\+1\.csv:\d+: ", line), line
EOF
pass "check prints one line per problem, escape sequences shown escaped"

# ---- the run: rejects.csv protects every cell ----
expect_exit 4 "$SCTA" -c scta.ini run
$PY - out/rejects.csv <<'EOF' || fail "rejects.csv has an unprotected cell"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
assert rows[0] == ["file", "line", "column", "value", "reason"], rows[0]
assert len(rows) > 3, rows
for r in rows[1:]:
    assert r[0] == "'=1+1.csv", r
    for cell in r:
        assert cell[:1] not in ("=", "+", "-", "@"), r
EOF
pass "rejects.csv: the file column is protected like the values"

# ---- the workbook shows control and bidi characters from the data visibly ----
$PY - out/report.xlsx "$SCTA_SRC/tests/tools" <<'EOF' || fail "workbook cells carry hidden characters"
import sys, zipfile, openpyxl
sys.path.insert(0, sys.argv[2])
import read_xlsx
path = sys.argv[1]
ws = openpyxl.load_workbook(path, read_only=True)["Partnerships"]
got = {r["Partnership ID"]: r["U.S. community"] for r in read_xlsx.records(ws, "Partnership ID")
       if r["Partnership ID"] in ("H2", "H3")}
assert got == {"H2": "Evil\\u202Egnp.exe", "H3": "Bad\\u0085Next"}, got
with zipfile.ZipFile(path) as z:
    for part in z.namelist():
        text = z.read(part).decode("utf-8", "replace")
        assert "\u202e" not in text and "\u0085" not in text, part
EOF
pass "workbook: a bidi override and a C1 control from the data are shown escaped (\\u202E, \\u0085)"

# ---- --by community: bounded, clean file names; escaped text; well-formed workbooks ----
expect_exit 0 "$SCTA" -q -c scta.ini --out by report --by community
$PY - by <<'EOF' || fail "file names or workbooks from hostile names"
import os, re, sys, unicodedata, zipfile
import xml.dom.minidom as minidom
d = sys.argv[1]
names = os.listdir(d)
assert any(n.startswith("report-WA-evilgnpexe-") for n in names), names
assert any(n.startswith("report-WA-llangollen") for n in names), names
for n in names:
    assert len(n.encode()) <= 120, n
    for ch in n:
        assert unicodedata.category(ch) not in ("Cc", "Cf"), (n, hex(ord(ch)))
    if n.endswith(".xlsx"):
        with zipfile.ZipFile(os.path.join(d, n)) as z:
            for part in z.namelist():
                if part.endswith(".xml") or part.endswith(".rels"):
                    minidom.parseString(z.read(part))
EOF
evil=$(ls by | grep '^report-WA-evilgnpexe-.*\.pdf$')
pdftotext "by/$evil" - 2>/dev/null | grep -qF 'Evil\u202Egnp.exe, WA' ||
  fail "the PDF title should show the override escaped"
pdftotext "by/$evil" - 2>/dev/null | grep -q $'\u202e' && fail "the PDF carries a raw U+202E"
pass "--by community: bounded file names, no control or bidi characters; PDF shows them escaped"

# The same names give the same files (a stable hash).
expect_exit 0 "$SCTA" -q -c scta.ini --out by2 --format json report --by community
same "$(ls by2 | grep '^report-.*json$')" "$(ls by | grep '^report-.*json$')" "file names of a second run"
pass "file names from data are stable"
