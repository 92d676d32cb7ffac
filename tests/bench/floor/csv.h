/* csv.h, copied from the team's shared bench baselines (/work/shared/bench); the project must not depend on that directory at run time. */
/* csv.h - minimal streaming RFC 4180 reader (quotes, "" escapes, CR/LF,
 * newlines inside quotes). Single header, no allocation per row.
 * Fields are NUL-terminated copies in an internal row buffer.          */
#ifndef CSV_H
#define CSV_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CSV_MAXF 64
typedef struct {
    FILE *f;
    char *buf; size_t len, pos;          /* input buffer */
    char *row; size_t rowcap;            /* unescaped fields */
    int nf; size_t off[CSV_MAXF]; size_t flen[CSV_MAXF];
    char *field[CSV_MAXF];
} csv_t;

static int csv_open(csv_t *c, const char *path) {
    memset(c, 0, sizeof *c);
    c->f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    if (!c->f) return -1;
    c->buf = malloc(1 << 20);
    c->rowcap = 4096; c->row = malloc(c->rowcap);
    return 0;
}
static inline int csv_getc(csv_t *c) {
    if (c->pos == c->len) {
        c->len = fread(c->buf, 1, 1 << 20, c->f); c->pos = 0;
        if (!c->len) return EOF;
    }
    return (unsigned char)c->buf[c->pos++];
}
/* returns number of fields, 0 at EOF */
static int csv_next(csv_t *c) {
    size_t rl = 0; int ch = csv_getc(c);
    if (ch == EOF) return 0;
    c->nf = 0;
    for (;;) {
        size_t start = rl;
        if (ch == '"') {
            for (;;) {
                ch = csv_getc(c);
                if (ch == EOF) break;
                if (ch == '"') { ch = csv_getc(c); if (ch != '"') break; }
                if (rl + 2 >= c->rowcap) c->row = realloc(c->row, c->rowcap *= 2);
                c->row[rl++] = (char)ch;
            }
        } else {
            while (ch != ',' && ch != '\n' && ch != '\r' && ch != EOF) {
                if (rl + 2 >= c->rowcap) c->row = realloc(c->row, c->rowcap *= 2);
                c->row[rl++] = (char)ch; ch = csv_getc(c);
            }
        }
        if (c->nf < CSV_MAXF) { c->off[c->nf] = start; c->flen[c->nf] = rl - start; c->nf++; }
        if (rl + 2 >= c->rowcap) c->row = realloc(c->row, c->rowcap *= 2);
        c->row[rl++] = 0;
        if (ch == ',') { ch = csv_getc(c); continue; }
        if (ch == '\r') { ch = csv_getc(c); if (ch != '\n' && ch != EOF) c->pos--; }
        break;
    }
    for (int i = 0; i < c->nf; i++) c->field[i] = c->row + c->off[i];
    return c->nf;
}
static void csv_close(csv_t *c) { if (c->f != stdin) fclose(c->f); free(c->buf); free(c->row); }
#endif
