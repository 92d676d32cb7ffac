#!/bin/bash
# Hostile inputs through the real binary: `scta import partnerships FILE` and
# `scta check FILE` on the files of tests/hostile/ and a few made here (too
# big to commit). Each must end with its documented exit code and message -
# 1 refused, 4 rows rejected, 0 loaded - and never a crash. Expected counts
# are worked out by hand from the files (see tests/unit/test_import_hostile.c).
. "$(dirname "$0")/common.bash"

H="$SCTA_SRC/tests/hostile"
cat >"$T/scta.ini" <<INI
[report]
organization = Test Office
title = Hostile Inputs
number = TST-26-02
date = 2026-11
[input]
questionnaire = $SCTA_SRC/config/questionnaire.ini
[output]
dir = out
INI
cd "$T"
for f in "$H"/*; do cp "$f" .; done

imp() { want=$1; shift; expect_exit "$want" "$SCTA" -c scta.ini --db db/scta.db "$@"; }

imp 1 import partnerships empty.csv
has "$T/stderr" "scta: empty.csv: empty file, expected a header row"
imp 1 import partnerships bom_only.csv
has "$T/stderr" "scta: bom_only.csv: empty file, expected a header row"
pass "empty files are refused"

imp 0 import partnerships header_only.csv
has "$T/stderr" "header_only.csv: 0 rows read, 0 loaded, 0 rejected"
pass "a header alone is zero rows"

imp 4 import partnerships nul_byte.csv
has "$T/stderr" "nul_byte.csv: 2 rows read, 1 loaded, 1 rejected"
imp 4 check nul_byte.csv
has "$T/stdout" "nul_byte.csv:2: column 'foreign_community': value contains a NUL byte (got 'Fu')"
pass "a NUL byte rejects its row"

imp 1 import partnerships unterminated_quote.csv
has "$T/stderr" "scta: unterminated_quote.csv:3: unterminated quoted field"
pass "an unterminated quote is refused at the line it opens"

imp 4 import partnerships ragged.csv
has "$T/stderr" "ragged.csv: 4 rows read, 2 loaded, 2 rejected"
imp 4 check ragged.csv
has "$T/stdout" "ragged.csv:2: row has 3 fields, header has 4"
has "$T/stdout" "ragged.csv:4: row has 6 fields, header has 4"
pass "ragged rows are rejected"

imp 4 import partnerships malformed_quote.csv
has "$T/stderr" "malformed_quote.csv: 3 rows read, 1 loaded, 2 rejected"
pass "broken quoting rejects only its row"

imp 1 import partnerships binary_junk.bin
has "$T/stderr" "scta: binary_junk.bin:1: not valid UTF-8 (byte 0xB4); if the file was saved by Excel on Windows, try --encoding cp1252"
# Read as cp1252 nearly every byte is text: still no header worth the name.
expect_exit 1 "$SCTA" -c scta.ini --db db/scta.db --encoding cp1252 import partnerships binary_junk.bin
has "$T/stderr" "scta: binary_junk.bin"
pass "binary junk is refused"

imp 0 import partnerships formula.csv
has "$T/stderr" "formula.csv: 2 rows read, 2 loaded, 0 rejected"
pass "formula-looking values load as text"

imp 4 import partnerships cr_only.csv
has "$T/stderr" "cr_only.csv: 4 rows read, 2 loaded, 2 rejected"
imp 4 check cr_only.csv
has "$T/stdout" "cr_only.csv:3: column 'us_state': unknown U.S. state or territory 'ZZ' (got 'ZZ')"
has "$T/stdout" "cr_only.csv:6: column 'foreign_country': unknown country 'Narnia' (got 'Narnia')"
pass "CR-only line endings count lines"

$PY - <<'PY'
hdr = "us_community,us_state,foreign_community,foreign_country"
with open("huge.csv", "w") as f:
    f.write(hdr + "\nTacoma,WA,Fuzhou,China\nSeattle,WA,\"" + "A" * (2 << 20) + "\",China\n")
with open("cols.csv", "w") as f:
    f.write(hdr + "".join(",extra%d" % i for i in range(4, 10000)) + "\n")
    f.write("Tacoma,WA,Fuzhou,China" + ",v" * 9996 + "\n")
with open("longline.csv", "w") as f:
    f.write(hdr + "\n" + ",".join(["cell"] * 200000) + "\nTacoma,WA,Fuzhou,China\n")
PY
imp 1 import partnerships huge.csv
has "$T/stderr" "scta: huge.csv:3: field longer than 1048576 bytes"
pass "a 2 MiB field is refused"

imp 0 import partnerships cols.csv
has "$T/stderr" "cols.csv: 1 rows read, 1 loaded, 0 rejected"
has "$T/stderr" "cols.csv: warning: unknown column 'extra4' ignored"
has "$T/stderr" "cols.csv: warning: 9976 more unknown columns ignored"
pass "10,000 columns"

imp 4 import partnerships longline.csv
has "$T/stderr" "longline.csv: 2 rows read, 1 loaded, 1 rejected"
pass "a line of 200,000 fields"

# The store is intact and consistent after all of that.
imp 0 import partnerships formula.csv
has "$T/stderr" "unchanged since it was imported"
pass "store intact"
