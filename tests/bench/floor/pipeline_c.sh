#!/bin/sh
# pipeline_c.sh, copied from the team's shared bench baselines (/work/shared/bench); the project must not depend on that directory at run time.
# The "physical floor" pipeline: the minimal C steps run back to back.
# usage: pipeline_c.sh CSV OUTDIR [direct|cube]
#   CSV -> SQLite (sq_ins, journal off) -> 3 GROUP BY crosstabs (sq_agg)
#   -> detail sheet xlsx (xlsx_c, constant_memory) -> 20-page table PDF
#   (pdf_c, DejaVu TTF, UTF-8). The C side skips the 3 summary sheets
#   (~850 rows in all: well under 10 ms with libxlsxwriter).
set -e
here=$(dirname "$0")
csv=$1 out=$2 agg=${3:-direct}
mkdir -p "$out"
"$here/sq_ins" "$out/c.db" "$csv" off
"$here/sq_agg" "$out/c.db" "$agg"
"$here/xlsx_c" "$out/c.db" "$out/report_c.xlsx" const
"$here/pdf_c" "$out/c.db" "$out/summary_c.pdf" 20 ttf
