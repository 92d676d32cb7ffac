/* pdf_c.c, copied from the team's shared bench baselines (/work/shared/bench); the project must not depend on that directory at run time. */
/* pdf_c.c - floor for tabular PDF pages with libharu (HPDF).
 * usage: pdf_c DB OUT.pdf PAGES base14|ttf|ttf+cjk [comp|nocomp]
 *   base14  : Helvetica / Helvetica-Bold, WinAnsiEncoding; UTF-8 input is
 *             converted to CP1252, anything else becomes '?'
 *   ttf     : DejaVuSans(.ttf, -Bold) embedded, HPDF_UseUTFEncodings, UTF-8
 *   ttf+cjk : as ttf, plus a CJK font ($CJK_FONT, default WenQuanYi Micro Hei
 *             .ttc face 0) embedded and used, run by run, for codepoints DejaVu
 *             lacks (CJK, Hangul). NB libharu <= 2.4 drops composite-glyph
 *             components with glyph id > 32767 when subsetting (signed int16):
 *             such glyphs render blank unless the font is flattened first
 *             (flatten_font.py).
 * 40 rows x 6 columns per page, rows taken from table t in rowid order.   */
#include <hpdf.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DEJAVU "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
#define DEJAVU_B "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
#define WQY "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
#define ROWS 40
static const char *TEST = "Linköping – Zürich – 北京 – Łódź – 서울";

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec / 1e9; }

static void on_err(HPDF_STATUS e, HPDF_STATUS d, void *u) {
    fprintf(stderr, "libharu error 0x%04X detail %u\n", (unsigned)e, (unsigned)d);
    exit(1);
}

/* UTF-8 -> CP1252 for base-14 fonts (WinAnsiEncoding). */
static const char *to1252(const char *s, char *out, size_t cap) {
    size_t o = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p && o + 1 < cap) {
        unsigned cp; int n;
        if (*p < 0x80) { cp = *p; n = 1; }
        else if ((*p & 0xE0) == 0xC0) { cp = *p & 0x1F; n = 2; }
        else if ((*p & 0xF0) == 0xE0) { cp = *p & 0x0F; n = 3; }
        else { cp = *p & 0x07; n = 4; }
        for (int i = 1; i < n && p[i]; i++) cp = (cp << 6) | (p[i] & 0x3F);
        p += n;
        unsigned char b = '?';
        if (cp < 0x80 || (cp >= 0xA0 && cp <= 0xFF)) b = (unsigned char)cp;
        else if (cp == 0x2013) b = 0x96; else if (cp == 0x2014) b = 0x97;
        else if (cp == 0x20AC) b = 0x80; else if (cp == 0x2019) b = 0x92;
        else if (cp == 0x0160) b = 0x8A; else if (cp == 0x0161) b = 0x9A;
        else if (cp == 0x0152) b = 0x8C; else if (cp == 0x0153) b = 0x9C;
        else if (cp == 0x017D) b = 0x8E; else if (cp == 0x017E) b = 0x9E;
        out[o++] = (char)b;
    }
    out[o] = 0;
    return out;
}
/* decode one UTF-8 codepoint */
static unsigned u8(const unsigned char **pp) {
    const unsigned char *p = *pp; unsigned cp; int n;
    if (*p < 0x80) { cp = *p; n = 1; }
    else if ((*p & 0xE0) == 0xC0) { cp = *p & 0x1F; n = 2; }
    else if ((*p & 0xF0) == 0xE0) { cp = *p & 0x0F; n = 3; }
    else { cp = *p & 0x07; n = 4; }
    for (int i = 1; i < n && p[i]; i++) cp = (cp << 6) | (p[i] & 0x3F);
    *pp = p + n;
    return cp;
}
/* codepoints DejaVu Sans has no glyph for: CJK, kana, Hangul, fullwidth */
static int is_cjk(unsigned cp) {
    return (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x2E80 && cp <= 0x9FFF) ||
           (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0xFF00 && cp <= 0xFFEF);
}
static int needs_cjk(const char *s) {
    for (const unsigned char *p = (const unsigned char *)s; *p;) if (is_cjk(u8(&p))) return 1;
    return 0;
}
/* draw s at (x,y) inside a text object, switching to fc for CJK runs (font
 * fallback by runs: libharu does none itself). Leaves font f selected.     */
static void text_runs(HPDF_Page pg, float x, float y, const char *s, HPDF_Font f, HPDF_Font fc, float fs) {
    char run[512];
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        const unsigned char *q = p, *start = p;
        int c = is_cjk(u8(&q));
        const unsigned char *end = q;
        while (*end) { const unsigned char *r = end; if (is_cjk(u8(&r)) != c) break; end = r; }
        size_t n = (size_t)(end - start); if (n >= sizeof run) n = sizeof run - 1;
        memcpy(run, start, n); run[n] = 0;
        HPDF_Page_SetFontAndSize(pg, c ? fc : f, fs);
        HPDF_Page_TextOut(pg, x, y, run);
        x += HPDF_Page_TextWidth(pg, run);
        p = end;
    }
    HPDF_Page_SetFontAndSize(pg, f, fs);
}

int main(int argc, char **argv) {
    if (argc < 5) { fprintf(stderr, "usage: pdf_c DB OUT.pdf PAGES base14|ttf|ttf+cjk [comp|nocomp]\n"); return 2; }
    const char *mode = argv[4];
    int pages = atoi(argv[3]);
    int comp = !(argc > 5 && !strcmp(argv[5], "nocomp"));
    int b14 = !strcmp(mode, "base14"), cjk = !strcmp(mode, "ttf+cjk");
    double t0 = now();

    sqlite3 *db;
    if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY, 0) != SQLITE_OK) { fprintf(stderr, "open\n"); return 1; }
    sqlite3_stmt *st;
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT response_id, city, country, question_id, answer, score FROM t ORDER BY rowid LIMIT %d", pages * ROWS);
    if (sqlite3_prepare_v2(db, sql, -1, &st, 0) != SQLITE_OK) { fprintf(stderr, "%s\n", sqlite3_errmsg(db)); return 1; }

    HPDF_Doc pdf = HPDF_New(on_err, NULL);
    if (!pdf) return 1;
    HPDF_SetCompressionMode(pdf, comp ? HPDF_COMP_ALL : HPDF_COMP_NONE);
    HPDF_Font f, fb, fc = NULL;
    if (b14) {
        f = HPDF_GetFont(pdf, "Helvetica", "WinAnsiEncoding");
        fb = HPDF_GetFont(pdf, "Helvetica-Bold", "WinAnsiEncoding");
    } else {
        HPDF_UseUTFEncodings(pdf);
        HPDF_SetCurrentEncoder(pdf, "UTF-8");
        f = HPDF_GetFont(pdf, HPDF_LoadTTFontFromFile(pdf, DEJAVU, HPDF_TRUE), "UTF-8");
        fb = HPDF_GetFont(pdf, HPDF_LoadTTFontFromFile(pdf, DEJAVU_B, HPDF_TRUE), "UTF-8");
        if (cjk) { /* CJK_FONT env: a .ttf, or a .ttc (face 0); default WenQuanYi Micro Hei */
            const char *p = getenv("CJK_FONT"); if (!p || !*p) p = WQY;
            size_t l = strlen(p);
            const char *nm = (l > 4 && !strcmp(p + l - 4, ".ttc")) ? HPDF_LoadTTFontFromFile2(pdf, p, 0, HPDF_TRUE)
                                                                   : HPDF_LoadTTFontFromFile(pdf, p, HPDF_TRUE);
            fc = HPDF_GetFont(pdf, nm, "UTF-8");
        }
    }
    static const char *hdr[] = {"Response", "City", "Country", "Question", "Answer", "Score"};
    static const float colx[] = {40, 110, 260, 390, 455, 555}; /* left edges; col 0 and 5 right-aligned at next edge */
    const float top = 780, rh = 18, fs = 10;
    char buf[512], num[32];
    int rows = 0, done = 0;
    for (int pg = 0; pg < pages && !done; pg++) {
        HPDF_Page page = HPDF_AddPage(pdf);
        HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
        /* header band + row rules */
        HPDF_Page_SetRGBFill(page, 0.85f, 0.85f, 0.85f);
        HPDF_Page_Rectangle(page, 36, top - 4, 523, rh);
        HPDF_Page_Fill(page);
        HPDF_Page_SetLineWidth(page, 0.3f);
        HPDF_Page_SetRGBStroke(page, 0.6f, 0.6f, 0.6f);
        for (int i = 1; i <= ROWS; i++) {
            HPDF_Page_MoveTo(page, 36, top - 4 - i * rh);
            HPDF_Page_LineTo(page, 559, top - 4 - i * rh);
        }
        HPDF_Page_Stroke(page);
        HPDF_Page_SetRGBFill(page, 0, 0, 0);
        HPDF_Page_BeginText(page);
        /* title line: the UTF-8 probe string */
        HPDF_Page_SetFontAndSize(page, fb, 12);
        if (fc) text_runs(page, 40, 805, TEST, fb, fc, 12);
        else HPDF_Page_TextOut(page, 40, 805, b14 ? to1252(TEST, buf, sizeof buf) : TEST);
        HPDF_Page_SetFontAndSize(page, fb, fs);
        for (int c = 0; c < 6; c++) {
            float x = colx[c];
            if (c == 0 || c == 5) x = (c == 0 ? 100 : 555) - HPDF_Page_TextWidth(page, hdr[c]);
            HPDF_Page_TextOut(page, x, top, hdr[c]);
        }
        HPDF_Page_SetFontAndSize(page, f, fs);
        for (int i = 0; i < ROWS; i++) {
            if (sqlite3_step(st) != SQLITE_ROW) { done = 1; break; }
            float y = top - (i + 1) * rh;
            for (int c = 0; c < 6; c++) {
                const char *s;
                if (c == 0) { snprintf(num, sizeof num, "%lld", sqlite3_column_int64(st, 0)); s = num; }
                else if (c == 5) { snprintf(num, sizeof num, "%.1f", sqlite3_column_double(st, 5)); s = num; }
                else s = (const char *)sqlite3_column_text(st, c);
                if (b14) s = to1252(s, buf, sizeof buf);
                float x = colx[c];
                if (c == 0 || c == 5) x = (c == 0 ? 100 : 555) - HPDF_Page_TextWidth(page, s);
                if (fc && needs_cjk(s)) text_runs(page, x, y, s, f, fc, fs);
                else HPDF_Page_TextOut(page, x, y, s);
            }
            rows++;
        }
        snprintf(num, sizeof num, "Page %d / %d", pg + 1, pages);
        HPDF_Page_TextOut(page, 500, 30, num);
        HPDF_Page_EndText(page);
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    if (HPDF_SaveToFile(pdf, argv[2]) != HPDF_OK) { fprintf(stderr, "save failed\n"); return 1; }
    HPDF_Free(pdf);
    fprintf(stderr, "mode=%s comp=%d pages=%d rows=%d secs=%.3f\n", mode, comp, pages, rows, now() - t0);
    return 0;
}
