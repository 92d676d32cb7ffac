/* sq_agg.c, copied from the team's shared bench baselines (/work/shared/bench); the project must not depend on that directory at run time. */
/* sq_agg.c - the three GROUP BY crosstabs of the report, timed one by one.
 * usage: sq_agg DB [direct|cube] [print]
 *   direct: each crosstab is its own GROUP BY over all rows (3 sorts of N rows)
 *   cube  : one GROUP BY to the finest grain (country,state,city,question,item,
 *           answer: ~4k groups) into a TEMP table, the 3 crosstabs roll that up
 * Prints "qN groups=G secs=S" per query to stderr; with "print" the
 * result rows go to stdout (CSV-ish).                                      */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec / 1e9; }

const char *Q[] = {
    /* q1: country x answer */
    "SELECT country, COUNT(*), SUM(answer='Yes'), SUM(answer='No'), SUM(answer='Partial'),"
    " SUM(answer='Unknown'), ROUND(AVG(score),3) FROM t GROUP BY country ORDER BY country",
    /* q2: question/item x answer */
    "SELECT question_id, item_id, COUNT(*), SUM(answer='Yes'), SUM(answer='No'), SUM(answer='Partial'),"
    " SUM(answer='Unknown'), ROUND(AVG(score),3), MIN(score), MAX(score) FROM t"
    " GROUP BY question_id, item_id ORDER BY 1, 2",
    /* q3: place x question */
    "SELECT country, state, city, question_id, COUNT(*), SUM(answer='Yes'), SUM(answer='No'),"
    " ROUND(AVG(score),3) FROM t GROUP BY country, state, city, question_id ORDER BY 1, 2, 3, 4",
};

const char *CUBE =
    "CREATE TEMP TABLE cube AS SELECT country, state, city, question_id, item_id, answer,"
    " COUNT(*) AS n, SUM(score) AS s, MIN(score) AS mn, MAX(score) AS mx FROM t"
    " GROUP BY country, state, city, question_id, item_id, answer";
const char *QC[] = {
    "SELECT country, SUM(n), SUM(n*(answer='Yes')), SUM(n*(answer='No')), SUM(n*(answer='Partial')),"
    " SUM(n*(answer='Unknown')), ROUND(SUM(s)/SUM(n),3) FROM cube GROUP BY country ORDER BY country",
    "SELECT question_id, item_id, SUM(n), SUM(n*(answer='Yes')), SUM(n*(answer='No')), SUM(n*(answer='Partial')),"
    " SUM(n*(answer='Unknown')), ROUND(SUM(s)/SUM(n),3), MIN(mn), MAX(mx) FROM cube"
    " GROUP BY question_id, item_id ORDER BY 1, 2",
    "SELECT country, state, city, question_id, SUM(n), SUM(n*(answer='Yes')), SUM(n*(answer='No')),"
    " ROUND(SUM(s)/SUM(n),3) FROM cube GROUP BY country, state, city, question_id ORDER BY 1, 2, 3, 4",
};

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: sq_agg DB [direct|cube] [print]\n"); return 2; }
    int cube = argc > 2 && !strcmp(argv[2], "cube");
    int print = argc > 3 && !strcmp(argv[3], "print");
    sqlite3 *db;
    if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY, 0) != SQLITE_OK) { fprintf(stderr, "open\n"); return 1; }
    double tall = now();
    if (cube) {
        double t0 = now();
        if (sqlite3_exec(db, CUBE, 0, 0, 0) != SQLITE_OK) { fprintf(stderr, "%s\n", sqlite3_errmsg(db)); return 1; }
        sqlite3_stmt *c;
        sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM cube", -1, &c, 0);
        sqlite3_step(c);
        fprintf(stderr, "cube groups=%d secs=%.3f\n", sqlite3_column_int(c, 0), now() - t0);
        sqlite3_finalize(c);
    }
    for (int q = 0; q < 3; q++) {
        double t0 = now();
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(db, cube ? QC[q] : Q[q], -1, &st, 0) != SQLITE_OK) { fprintf(stderr, "%s\n", sqlite3_errmsg(db)); return 1; }
        long g = 0;
        while (sqlite3_step(st) == SQLITE_ROW) {
            g++;
            if (print) {
                int nc = sqlite3_column_count(st);
                for (int i = 0; i < nc; i++) printf("%s%s", i ? "," : "", (const char *)sqlite3_column_text(st, i));
                putchar('\n');
            }
        }
        sqlite3_finalize(st);
        fprintf(stderr, "q%d groups=%ld secs=%.3f\n", q + 1, g, now() - t0);
    }
    fprintf(stderr, "all secs=%.3f\n", now() - tall);
    sqlite3_close(db);
    return 0;
}
