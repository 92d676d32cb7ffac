/* xlsx_c.c, copied from the team's shared bench baselines (/work/shared/bench); the project must not depend on that directory at run time. */
/* xlsx_c.c - floor for the detail sheet: all rows of table t (10 columns,
 * 7 strings + 3 numbers) from SQLite into one worksheet with libxlsxwriter.
 * usage: xlsx_c DB OUT.xlsx [const|default|null] [limit]
 *   const   : constant_memory = true (row-by-row flush, inline strings)
 *   default : libxlsxwriter default (whole sheet in memory, shared strings)
 *   null    : read the rows, write nothing (source-scan cost)
 * env XLSX_TMPDIR: directory for libxlsxwriter temp files (default: tmpfile()) */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec / 1e9; }

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: xlsx_c DB OUT.xlsx [const|default|null] [limit]\n"); return 2; }
    const char *mode = argc > 3 ? argv[3] : "const";
    long limit = argc > 4 ? atol(argv[4]) : -1;
    int nul = !strcmp(mode, "null");
    double t0 = now();
    sqlite3 *db;
    if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY, 0) != SQLITE_OK) { fprintf(stderr, "open\n"); return 1; }
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT response_id, city, state, country, question_id, item_id, answer,"
             " score, free_text, date FROM t ORDER BY rowid LIMIT %ld", limit);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, 0) != SQLITE_OK) { fprintf(stderr, "%s\n", sqlite3_errmsg(db)); return 1; }

    lxw_workbook *wb = NULL; lxw_worksheet *ws = NULL; lxw_format *bold = NULL;
    if (!nul) {
        lxw_workbook_options opt = {.constant_memory = !strcmp(mode, "const"), .tmpdir = getenv("XLSX_TMPDIR"), .use_zip64 = LXW_FALSE};
        wb = workbook_new_opt(argv[2], &opt);
        if (!wb) { fprintf(stderr, "workbook_new_opt failed\n"); return 1; }
        ws = workbook_add_worksheet(wb, "Answers");
        bold = workbook_add_format(wb);
        format_set_bold(bold);
        static const char *hdr[] = {"response_id", "city", "state", "country", "question_id",
                                    "item_id", "answer", "score", "free_text", "date"};
        for (int c = 0; c < 10; c++) worksheet_write_string(ws, 0, c, hdr[c], bold);
        worksheet_freeze_panes(ws, 1, 0);
    }
    lxw_row_t r = 1;
    long bytes = 0; double sum = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (nul) { /* touch every value so the scan is not optimised away */
            for (int c = 0; c < 10; c++) {
                if (c == 0 || c == 5 || c == 7) sum += sqlite3_column_double(st, c);
                else { sqlite3_column_text(st, c); bytes += sqlite3_column_bytes(st, c); }
            }
        } else {
            for (int c = 0; c < 10; c++) {
                if (c == 0 || c == 5 || c == 7)
                    worksheet_write_number(ws, r, (lxw_col_t)c, sqlite3_column_double(st, c), NULL);
                else
                    worksheet_write_string(ws, r, (lxw_col_t)c, (const char *)sqlite3_column_text(st, c), NULL);
            }
        }
        r++;
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    if (!nul) {
        worksheet_autofilter(ws, 0, 0, r - 1, 9);
        lxw_error e = workbook_close(wb);
        if (e) { fprintf(stderr, "workbook_close: %s\n", lxw_strerror(e)); return 1; }
    }
    fprintf(stderr, "mode=%s rows=%u secs=%.3f%s\n", mode, r - 1, now() - t0, nul ? (bytes + sum > 0 ? "" : " ?") : "");
    return 0;
}
