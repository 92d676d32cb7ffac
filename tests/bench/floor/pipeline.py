#!/usr/bin/python3
# pipeline.py, copied from the team's shared bench baselines (/work/shared/bench); the project must not depend on that directory at run time.
"""Whole-pipeline peer ("what a user would pick instead"), Debian python3 only:
CSV -> SQLite (csv module + executemany, or pandas read_csv + to_sql),
3 GROUP BY crosstabs, XLSX (XlsxWriter constant_memory: detail sheet of all
rows + 3 summary sheets), PDF summary with ReportLab platypus tables.
usage: pipeline.py CSV OUTDIR [csv|pandas]
Prints per-stage seconds to stderr."""
import csv, os, sqlite3, sys, time

T0 = time.monotonic()
stamps = []
def stage(name):
    stamps.append((name, time.monotonic()))

src, outdir = sys.argv[1], sys.argv[2]
engine = sys.argv[3] if len(sys.argv) > 3 else "csv"
os.makedirs(outdir, exist_ok=True)
dbp = os.path.join(outdir, "py.db")
for suf in ("", "-wal", "-shm", "-journal"):
    if os.path.exists(dbp + suf): os.remove(dbp + suf)

# 1. import ---------------------------------------------------------------
db = sqlite3.connect(dbp)  # implicit BEGIN before DML, commit() ends it
db.execute("PRAGMA journal_mode=OFF"); db.execute("PRAGMA synchronous=OFF")
db.execute("CREATE TABLE t(response_id INTEGER, city TEXT, state TEXT, country TEXT,"
           " question_id TEXT, item_id INTEGER, answer TEXT, score REAL, free_text TEXT, date TEXT)")
if engine == "pandas":
    import pandas as pd
    df = pd.read_csv(src, dtype={"response_id": "int64", "item_id": "int64", "score": "float64"},
                     keep_default_na=False)
    df.to_sql("t", db, if_exists="append", index=False, chunksize=100_000)
    db.commit()
    del df
else:
    with open(src, newline="", encoding="utf-8") as fh:
        rd = csv.reader(fh)
        next(rd)
        db.executemany("INSERT INTO t VALUES(?,?,?,?,?,?,?,?,?,?)",
                       ((int(r[0]), r[1], r[2], r[3], r[4], int(r[5]), r[6], float(r[7]), r[8], r[9])
                        for r in rd))
        db.commit()
stage("import")

# 2. crosstabs ---------------------------------------------------------------
Q = {
    "by_country": ("SELECT country, COUNT(*), SUM(answer='Yes'), SUM(answer='No'), SUM(answer='Partial'),"
                   " SUM(answer='Unknown'), ROUND(AVG(score),3) FROM t GROUP BY country ORDER BY country",
                   ["Country", "N", "Yes", "No", "Partial", "Unknown", "Avg score"]),
    "by_question": ("SELECT question_id, item_id, COUNT(*), SUM(answer='Yes'), SUM(answer='No'),"
                    " SUM(answer='Partial'), SUM(answer='Unknown'), ROUND(AVG(score),3), MIN(score), MAX(score)"
                    " FROM t GROUP BY question_id, item_id ORDER BY 1, 2",
                    ["Question", "Item", "N", "Yes", "No", "Partial", "Unknown", "Avg", "Min", "Max"]),
    "by_place": ("SELECT country, state, city, question_id, COUNT(*), SUM(answer='Yes'), SUM(answer='No'),"
                 " ROUND(AVG(score),3) FROM t GROUP BY country, state, city, question_id ORDER BY 1, 2, 3, 4",
                 ["Country", "State", "City", "Question", "N", "Yes", "No", "Avg score"]),
}
res = {k: db.execute(sql).fetchall() for k, (sql, _) in Q.items()}
stage("aggregate")

# 3. xlsx ---------------------------------------------------------------------
import xlsxwriter
wb = xlsxwriter.Workbook(os.path.join(outdir, "report_py.xlsx"), {"constant_memory": True})
bold = wb.add_format({"bold": True})
ws = wb.add_worksheet("Answers")
HDR = ["response_id", "city", "state", "country", "question_id", "item_id", "answer", "score", "free_text", "date"]
ws.write_row(0, 0, HDR, bold); ws.freeze_panes(1, 0)
wn, wst = ws.write_number, ws.write_string
r = 1
for row in db.execute("SELECT * FROM t ORDER BY rowid"):
    wn(r, 0, row[0]); wst(r, 1, row[1]); wst(r, 2, row[2]); wst(r, 3, row[3]); wst(r, 4, row[4])
    wn(r, 5, row[5]); wst(r, 6, row[6]); wn(r, 7, row[7]); wst(r, 8, row[8]); wst(r, 9, row[9])
    r += 1
ws.autofilter(0, 0, r - 1, 9)
for k, (_, hdr) in Q.items():
    s = wb.add_worksheet(k)
    s.write_row(0, 0, hdr, bold)
    for i, row in enumerate(res[k], 1):
        s.write_row(i, 0, row)
wb.close()
stage("xlsx")

# 4. pdf summary --------------------------------------------------------------
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle
pdfmetrics.registerFont(TTFont("DejaVu", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))
pdfmetrics.registerFont(TTFont("DejaVu-Bold", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"))
st = getSampleStyleSheet()
h = st["Heading2"]; h.fontName = "DejaVu-Bold"
story = []
style = TableStyle([("FONT", (0, 0), (-1, -1), "DejaVu", 8), ("FONT", (0, 0), (-1, 0), "DejaVu-Bold", 8),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.grey),
                    ("ALIGN", (1, 0), (-1, -1), "RIGHT")])
for k, (_, hdr) in Q.items():
    story.append(Paragraph(f"Crosstab {k} — {len(res[k])} groups", h))
    data = [hdr] + [[f"{v:.3f}" if isinstance(v, float) else v for v in row] for row in res[k]]
    story.append(Table(data, repeatRows=1, style=style))
    story.append(PageBreak())
doc = SimpleDocTemplate(os.path.join(outdir, "summary_py.pdf"), pagesize=A4,
                        topMargin=30, bottomMargin=30)
doc.build(story)
stage("pdf")
db.close()

prev = T0
parts = []
for name, t in stamps:
    parts.append(f"{name}={t - prev:.3f}"); prev = t
print(f"engine={engine} rows={r - 1} " + " ".join(parts) + f" total={time.monotonic() - T0:.3f}", file=sys.stderr)
