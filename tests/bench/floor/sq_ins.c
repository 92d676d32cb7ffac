/* sq_ins.c, copied from the team's shared bench baselines (/work/shared/bench); the project must not depend on that directory at run time. */
/* sq_ins.c - floor for CSV -> SQLite: streaming CSV parse + one prepared
 * INSERT in a single transaction.
 * usage: sq_ins DB CSV [off|wal|delete] [cache_kib]
 * DB is recreated. Prints "rows=N secs=S rows_per_s=R" to stderr.          */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "csv.h"

#define CK(x) do { int rc_ = (x); if (rc_ != SQLITE_OK && rc_ != SQLITE_DONE && rc_ != SQLITE_ROW) { \
    fprintf(stderr, "%s:%d sqlite: %s\n", __FILE__, __LINE__, sqlite3_errmsg(db)); exit(1); } } while (0)

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec / 1e9; }

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: sq_ins DB CSV [off|wal|delete] [cache_kib]\n"); return 2; }
    const char *dbp = argv[1], *jm = argc > 3 ? argv[3] : "off";
    long cache = argc > 4 ? atol(argv[4]) : 0;
    char tmp[4096];
    unlink(dbp);
    snprintf(tmp, sizeof tmp, "%s-wal", dbp); unlink(tmp);
    snprintf(tmp, sizeof tmp, "%s-shm", dbp); unlink(tmp);
    snprintf(tmp, sizeof tmp, "%s-journal", dbp); unlink(tmp);
    double t0 = now();
    sqlite3 *db;
    if (sqlite3_open(dbp, &db) != SQLITE_OK) { fprintf(stderr, "open failed\n"); return 1; }
    snprintf(tmp, sizeof tmp, "PRAGMA journal_mode=%s; PRAGMA synchronous=OFF;", jm);
    CK(sqlite3_exec(db, tmp, 0, 0, 0));
    if (cache) { snprintf(tmp, sizeof tmp, "PRAGMA cache_size=-%ld;", cache); CK(sqlite3_exec(db, tmp, 0, 0, 0)); }
    CK(sqlite3_exec(db,
        "CREATE TABLE t(response_id INTEGER, city TEXT, state TEXT, country TEXT,"
        " question_id TEXT, item_id INTEGER, answer TEXT, score REAL, free_text TEXT, date TEXT);",
        0, 0, 0));
    sqlite3_stmt *st;
    CK(sqlite3_prepare_v2(db, "INSERT INTO t VALUES(?,?,?,?,?,?,?,?,?,?)", -1, &st, 0));
    csv_t c;
    if (csv_open(&c, argv[2])) { perror(argv[2]); return 1; }
    csv_next(&c); /* header */
    CK(sqlite3_exec(db, "BEGIN", 0, 0, 0));
    long n = 0;
    while (csv_next(&c) >= 10) {
        char **f = c.field;
        sqlite3_bind_int64(st, 1, strtoll(f[0], 0, 10));
        sqlite3_bind_text(st, 2, f[1], (int)c.flen[1], SQLITE_STATIC);
        sqlite3_bind_text(st, 3, f[2], (int)c.flen[2], SQLITE_STATIC);
        sqlite3_bind_text(st, 4, f[3], (int)c.flen[3], SQLITE_STATIC);
        sqlite3_bind_text(st, 5, f[4], (int)c.flen[4], SQLITE_STATIC);
        sqlite3_bind_int(st, 6, atoi(f[5]));
        sqlite3_bind_text(st, 7, f[6], (int)c.flen[6], SQLITE_STATIC);
        sqlite3_bind_double(st, 8, strtod(f[7], 0));
        sqlite3_bind_text(st, 9, f[8], (int)c.flen[8], SQLITE_STATIC);
        sqlite3_bind_text(st, 10, f[9], (int)c.flen[9], SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE) { fprintf(stderr, "step: %s\n", sqlite3_errmsg(db)); return 1; }
        sqlite3_reset(st);
        n++;
    }
    CK(sqlite3_exec(db, "COMMIT", 0, 0, 0));
    sqlite3_finalize(st);
    csv_close(&c);
    sqlite3_close(db);
    double dt = now() - t0;
    fprintf(stderr, "rows=%ld secs=%.3f rows_per_s=%.0f\n", n, dt, n / dt);
    return 0;
}
