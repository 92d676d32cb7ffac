#!/bin/bash
# Faults: kill -9 at the import, the workbook and the PDF; SIGTERM and SIGHUP;
# a full output directory (also under pipelined and background editions) and a full
# database (a small tmpfs when run as root, else RLIMIT_FSIZE); a read-only output
# directory; two runs at once.
# After each: the previous outputs are byte-identical, the database passes
# PRAGMA integrity_check, no temporary file is left (by the next run at the
# latest) and the next run succeeds with the same outputs.
. "$(dirname "$0")/common.bash"

MNT="$T/mnt" DBMNT="$T/dbmnt"
cleanup() {
  for m in "$MNT" "$DBMNT"; do mountpoint -q "$m" 2>/dev/null && umount "$m"; done
  rm -rf "$T"
}
trap cleanup EXIT

# 40,000 answers: each stage lasts long enough to be caught by a poll.
$PY "$SCTA_SRC/tests/bench/gen_inputs.py" "$T" 40000 --partnerships 4000 --communities 2500 \
  >/dev/null 2>&1 || fail "gen_inputs.py failed"
cat >"$T/scta.ini" <<INI
[report]
organization = Test Office
title = Fault Report
number = TST-26-02
date = 2026-11
[input]
partnerships = partnerships.csv
responses = responses.csv
questionnaire = $SCTA_SRC/config/questionnaire.ini
[templates]
dir = $SCTA_SRC/templates
[output]
dir = out
formats = xlsx, pdf, json
INI
cd "$T"
OUTS="report.xlsx report.pdf report.json rejects.csv manifest.json"

sums() { (cd "$1" && sha256sum $OUTS); }
# same_outputs DIR: DIR's outputs are byte-identical to the first run's
same_outputs() { [ "$(sums "$1")" = "$(cat "$T/base.sums")" ] || fail "outputs in $1 changed: $2"; }
temps() { ls -A "$1" | grep -e '\.scta-tmp-' || true; }
no_temps() { [ -z "$(temps "$1")" ] || fail "temporary files left in $1 ($2): $(temps "$1")"; }
integrity() {
  got=$($PY -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("PRAGMA integrity_check").fetchone()[0])' "$1")
  same "$got" ok "PRAGMA integrity_check of $1 ($2)"
}
batches() { $PY -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM batch").fetchone()[0])' "$1"; }

expect_exit 0 "$SCTA" -q -c scta.ini run
sums out >"$T/base.sums"
no_temps out "first run"
pass "first run"

# wait_for PID CMD...: poll CMD every 10 ms until it succeeds; fail if PID ends first
wait_for() {
  pid=$1; shift
  for _ in $(seq 3000); do
    "$@" && return 0
    kill -0 "$pid" 2>/dev/null || { wait "$pid" || true; cat "$T/bg.err"; fail "the run ended before: $*"; }
    sleep 0.01
  done
  fail "timed out waiting for: $*"
}
in_workbook() { ls -A out | grep -q '^\.scta-tmp-.*\.d$'; }
in_pdf() { ls -A out | grep -q '^report\.pdf\.scta-tmp-'; }
in_import() { grep -q 'partnerships.csv: 4000 rows read' "$T/bg.err" && [ -e out/scta.db-journal ]; }

# after_crash WHAT: the state a dead run left is sound, and the next run cleans up and succeeds.
after_crash() {
  same_outputs out "$1"
  integrity out/scta.db "$1"
  left=$(temps out | wc -l)
  expect_exit 0 "$SCTA" -c scta.ini run
  if [ "$left" -gt 0 ]; then has stderr "removed $left temporary file"; fi
  no_temps out "after the run that followed $1"
  same_outputs out "the run after $1"
}

# kill -9 while the responses are being imported (into a new database).
rm out/scta.db
"$SCTA" -c scta.ini run >/dev/null 2>"$T/bg.err" &
pid=$!
wait_for $pid in_import
kill -9 $pid; wait $pid || true
after_crash "kill -9 at import"
pass "kill -9 at import: outputs and database intact, next run succeeds"

for stage in workbook pdf; do
  "$SCTA" -q -c scta.ini report >/dev/null 2>"$T/bg.err" &
  pid=$!
  wait_for $pid in_$stage
  kill -9 $pid; wait $pid || true
  [ -n "$(temps out)" ] || fail "kill -9 at $stage: expected the dead run's temporary files"
  after_crash "kill -9 at $stage"
  pass "kill -9 at $stage: outputs intact, next run removes its temporary files"
done

# SIGTERM and SIGHUP: the run removes its own temporary files and dies of the signal.
for sig in TERM HUP; do
  "$SCTA" -q -c scta.ini report >/dev/null 2>"$T/bg.err" &
  pid=$!
  wait_for $pid in_workbook
  kill -$sig $pid
  set +e; wait $pid; rc=$?; set -e
  same $rc $((128 + $(kill -l $sig))) "exit status after SIG$sig"
  no_temps out "SIG$sig"
  same_outputs out "SIG$sig"
  integrity out/scta.db "SIG$sig"
  pass "SIG$sig: no temporary file left, outputs intact"
done

# A run writing several editions, stopped part-way (SIGTERM once a state edition is being
# written, the study's files done under their temporary names): nothing is renamed into
# place, no temporary file is left, every output of the run before is byte-identical.
sed 's#^dir = out$#dir = edout#' scta.ini >ed.ini
printf '[edition:study]\n[edition:states]\nby = state\n' >>ed.ini
expect_exit 0 "$SCTA" -q -c ed.ini --db out/scta.db report
[ -e edout/report-study.pdf ] && [ -e edout/report-states-CA.pdf ] || fail "editions not written"
(cd edout && sha256sum -- *) >"$T/ed.sums"
in_states() { ls -A edout | grep -q '^report-states-.*\.scta-tmp-'; }
"$SCTA" -q -c ed.ini --db out/scta.db report >/dev/null 2>"$T/bg.err" &
pid=$!
wait_for $pid in_states
kill -TERM $pid
set +e; wait $pid; rc=$?; set -e
same $rc 143 "exit status after SIGTERM between editions"
no_temps edout "SIGTERM between editions"
(cd edout && sha256sum -- *) | cmp -s - "$T/ed.sums" || fail "SIGTERM between editions changed the outputs"
integrity out/scta.db "SIGTERM between editions"
pass "SIGTERM between editions: nothing renamed into place, no temporary file left"

# Two runs at once: the second fails at once, naming the database; the first is unharmed.
nb=$(batches out/scta.db)
cp out/scta.db "$T/other.db"
"$SCTA" -c scta.ini run >/dev/null 2>"$T/bg.err" &
pid=$!
in_run() { grep -q 'partnerships.csv: 4000 rows read' "$T/bg.err"; }
wait_for $pid in_run
expect_exit 1 "$SCTA" -q -c scta.ini run
has stderr "out/scta.db: the database is in use by another scta run"
# Another database, the same output directory: refused when the report begins.
wait_for $pid in_workbook
expect_exit 1 "$SCTA" -q -c scta.ini --db "$T/other.db" report
has stderr "out: the output directory is in use by another scta run"
wait $pid || fail "the first run failed: $(cat "$T/bg.err")"
same "$(batches out/scta.db)" "$nb" "batches after two runs at once"
same_outputs out "two runs at once"
no_temps out "two runs at once"
integrity out/scta.db "two runs at once"
pass "two runs at once: the second is refused, the outputs are one run's"

# ---- a full disk, a read-only directory ----
if [ "$(id -u)" -eq 0 ] && mkdir -p "$MNT" && mount -t tmpfs -o size=64m tmpfs "$MNT" 2>/dev/null; then
  expect_exit 0 "$SCTA" -q -c scta.ini --out "$MNT" report
  same_outputs "$MNT" "first report on the tmpfs"
  total=$(du -cb "$MNT"/* | tail -1 | cut -f1)
  fails=0 scratch=0
  # Free space from none to 15 times the outputs (libxlsxwriter's scratch files take about
  # ten times the workbook): every write must be checked.
  for pct in 0 30 100 400 700 1500; do
    avail=$(df -B1 --output=avail "$MNT" | tail -1)
    want=$((total * pct / 100))
    [ "$avail" -gt "$want" ] && head -c $((avail - want)) /dev/zero >"$MNT/filler" 2>/dev/null || true
    set +e; "$SCTA" -q -c scta.ini --out "$MNT" report >"$T/stdout" 2>"$T/stderr"; rc=$?; set -e
    rm -f "$MNT/filler"
    if [ $rc -ne 0 ]; then
      same $rc 1 "exit status with $pct% of the outputs' size free"
      has "$T/stderr" "No space left on device"
      has "$T/stderr" "scta: $MNT/"
      grep -q "temporary files in" "$T/stderr" && scratch=$((scratch + 1))
      fails=$((fails + 1))
    fi
    same_outputs "$MNT" "a full disk with $pct% free (exit $rc)"
    no_temps "$MNT" "a full disk with $pct% free"
  done
  [ $fails -ge 3 ] || fail "expected a full disk to fail at least 3 runs, got $fails"
  [ $fails -le 5 ] || fail "expected a run with 15 times the outputs' size free to succeed"
  [ $scratch -ge 1 ] || fail "no run failed on libxlsxwriter's temporary files"
  expect_exit 0 "$SCTA" -q -c scta.ini --out "$MNT" report
  same_outputs "$MNT" "the run after a full disk"
  pass "full output directory: exit 1 naming the file, $fails runs; outputs intact"

  mount -o remount,ro "$MNT"
  expect_exit 1 "$SCTA" -q -c scta.ini --out "$MNT" report
  has stderr "Read-only file system"
  same_outputs "$MNT" "read-only output directory"
  mount -o remount,rw "$MNT"
  expect_exit 0 "$SCTA" -q -c scta.ini --out "$MNT" report
  pass "read-only output directory: exit 1, outputs intact"

  # A full disk under a run of several editions: the states are pipelined (a state's PDF
  # written on its thread while the next state's workbook is) and "brief", a PDF-only edition
  # from the study's analysis, is written in the background beside them. Wherever the space
  # runs out: exit 1 naming the file, no temporary file left, the earlier outputs unchanged.
  cp ed.ini ed2.ini
  printf '[edition:brief]\nformats = pdf\n' >>ed2.ini
  rm -rf "${MNT:?}"/*
  mount -o remount,size=400m "$MNT"     # the earlier outputs stay while a run writes new ones
  expect_exit 0 "$SCTA" -q -c ed2.ini --db out/scta.db --out "$MNT" report
  [ -e "$MNT/report-brief.pdf" ] && [ -e "$MNT/report-states-CA.pdf" ] || fail "editions not written"
  (cd "$MNT" && sha256sum -- *) >"$T/ed2.sums"
  total=$(du -cb "$MNT"/* | tail -1 | cut -f1)
  fails=0 late=0
  # (A run of these editions needs about the outputs' size free: the states fail near 100%.)
  for pct in 60 92 96 100 104 108 400; do
    avail=$(df -B1 --output=avail "$MNT" | tail -1)
    want=$((total * pct / 100))
    [ "$avail" -gt "$want" ] && head -c $((avail - want)) /dev/zero >"$MNT/filler" 2>/dev/null || true
    set +e; "$SCTA" -q -c ed2.ini --db out/scta.db --out "$MNT" report >"$T/stdout" 2>"$T/stderr"
    rc=$?; set -e
    rm -f "$MNT/filler"
    if [ $rc -ne 0 ]; then
      same $rc 1 "editions: exit status with $pct% of the outputs' size free"
      has "$T/stderr" "No space left on device"
      fails=$((fails + 1))
      grep -Eq "report-(states-[A-Z]{2}|brief)\." "$T/stderr" && late=$((late + 1))
    fi
    (cd "$MNT" && sha256sum -- *) | cmp -s - "$T/ed2.sums" ||
      fail "editions: a full disk with $pct% free changed the outputs (exit $rc)"
    no_temps "$MNT" "editions, a full disk with $pct% free"
  done
  [ $fails -ge 1 ] || fail "expected a full disk to fail an editions run"
  [ $late -ge 1 ] || fail "no run failed on a state's or the background edition's file"
  expect_exit 0 "$SCTA" -q -c ed2.ini --db out/scta.db --out "$MNT" report
  (cd "$MNT" && sha256sum -- *) | cmp -s - "$T/ed2.sums" || fail "editions: the run after a full disk"
  pass "full disk under pipelined and background editions: exit 1, $fails runs ($late on them)"
  umount "$MNT"

  # A database on a full disk: the import fails naming the input, nothing is half-stored.
  mkdir -p "$DBMNT" && mount -t tmpfs -o size=2m tmpfs "$DBMNT"
  expect_exit 1 "$SCTA" -q -c scta.ini --db "$DBMNT/scta.db" run
  has stderr "database or disk is full"
  grep -Eq "scta: (partnerships|responses)\.csv(:[0-9]+)?: cannot store" "$T/stderr" ||
    fail "a full database should name the input file: $(cat "$T/stderr")"
  integrity "$DBMNT/scta.db" "full database"
  same_outputs out "full database"
  mount -o remount,size=64m "$DBMNT"
  expect_exit 0 "$SCTA" -q -c scta.ini --db "$DBMNT/scta.db" run
  same_outputs out "the run after a full database"
  integrity "$DBMNT/scta.db" "after a full database"
  umount "$DBMNT"
  pass "full database: exit 1 naming the input, integrity ok, next run succeeds"
else
  # Not root (or no tmpfs): a file size limit makes writes fail instead (EFBIG).
  size=$(du -cb out/report.xlsx | tail -1 | cut -f1)
  set +e
  (trap '' XFSZ; ulimit -f $((size / 1024 / 2)); exec "$SCTA" -q -c scta.ini report) \
    >"$T/stdout" 2>"$T/stderr"
  rc=$?
  set -e
  same $rc 1 "exit status over RLIMIT_FSIZE"
  has "$T/stderr" "File too large"
  same_outputs out "RLIMIT_FSIZE"
  no_temps out "RLIMIT_FSIZE"
  pass "writes over RLIMIT_FSIZE: exit 1 naming the reason, outputs intact"
  chmod a-w out
  expect_exit 1 "$SCTA" -q -c scta.ini --out out report
  has stderr "Permission denied"
  chmod u+w out
  same_outputs out "read-only output directory"
  pass "read-only output directory: exit 1, outputs intact"
fi
