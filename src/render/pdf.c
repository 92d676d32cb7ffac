/*
 * pdf.c - the PDF report: libharu behind a small drawing door, and
 * pdf_write(), which runs the layout passes and saves the document.
 *
 * The only file that includes <hpdf.h>. Text is UTF-8 throughout
 * (HPDF_UseUTFEncodings) in embedded TrueType fonts: DejaVu Serif for the
 * text, DejaVu Sans for headings, tables and charts. DejaVu has no CJK
 * glyphs and libharu no font fallback, so every string is cut into runs and
 * CJK runs are drawn in a CJK font. That font must be a "flattened" copy
 * (tools/flatten_font.py, made at build time): libharu 2.3.0 reads glyph ids
 * as signed 16-bit when subsetting, so composite glyphs whose parts lie
 * above id 32767 (most of WenQuanYi's CJK glyphs) would print blank.
 * Text that needs a CJK font when none is available is an error, never a
 * row of empty boxes.
 *
 * Nothing here reads the clock: the document dates come from the report
 * date, and libharu writes no /ID, so the same inputs give the same bytes.
 *
 * The PDF is tagged. libharu has no API for it, so this file writes the
 * marked content (BDC/EMC with MCIDs) straight into each page's content
 * stream (hpdf_pages.h), keeps the structure tree in its own compact
 * arrays, and after libharu has saved the file appends the tree as an
 * incremental update (append_tree). It also replaces each font's
 * ToUnicode map, which libharu 2.3.0 writes wrongly (fix_tounicode).
 *
 * libharu keeps every page in memory until it saves the document. So that
 * a report of thousands of pages fits in a few megabytes, each finished
 * page's content stream is moved to one scratch file (spill_page) and
 * libharu reads it back from there while saving, through a stream of ours
 * (spill_read); the page objects themselves are small.
 */
#include "render/render.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include <hpdf.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>
#include <zlib.h>

#include "config/config.h"
#include "render/pdf_int.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/mem.h"
#include "util/strbuf.h"
#include "util/text.h"
#include "util/tempfile.h"
#include "util/utf8.h"

#define DEJAVU_DIR "/usr/share/fonts/truetype/dejavu/"
#ifndef SCTA_PDF_FONT_CJK
#define SCTA_PDF_FONT_CJK ""
#endif
#define MAX_PASSES 5

struct pdf_link {
	int page, target;
	double x, y, w, h, target_y;
	int tag;                 /* element it was made in, -1 none */
	int link_tag;            /* its Link element, -1 none */
};

/*
 * The structure tree is kept here, compactly, and written by scta itself
 * after libharu has saved the document (append_tree): libharu's objects
 * cost over a kilobyte each and it cannot write object streams, and the
 * appendix alone has a table cell element per field of every partnership.
 */
struct pdf_tag {
	int parent;              /* element index; -1: the tree's root */
	int page;                /* page of its /Pg, -1 none yet */
	int first_kid, last_kid; /* in pdf_gfx's kids, -1 none */
	unsigned char role;      /* in pdf_gfx.roles */
	unsigned char scope;     /* 0 none, 1 Column, 2 Row */
	unsigned char group;     /* holds elements; what is drawn in it is an artifact */
	unsigned char has_alt;   /* its text is in pdf_gfx.alts */
};

/*
 * Elements and kids are kept in blocks of PDF_BLK, never moved: a grown
 * array would hold its old and new copies at once, and an appendix has
 * hundreds of thousands of cells.
 */
#define PDF_BLK 4096

/* An element's alternative text (a figure's), looked up by element. */
struct pdf_alt {
	int tag;
	char *text;              /* UTF-8 */
};

/* A kid of an element: another element (elem >= 0), marked content
 * (elem -1: page, mcid) or an annotation (elem -2: page, mcid = its object). */
struct pdf_kid {
	int next, elem, page, mcid;
};

/* Per page: the element of each MCID, in order (the parent tree). */
struct pdf_mcids {
	int *v;
	size_t n, cap;
};

struct pdf_gfx {
	HPDF_Doc pdf;
	char *path[PDF_FONT__COUNT];
	char *cjk_path;
	int cjk_index;           /* face in a .ttc, -1 for a .ttf */
	HPDF_Font font[PDF_FONT__COUNT];
	HPDF_Font cjk;
	int drawing;

	HPDF_Page *pages;
	size_t npages, cap;
	HPDF_Page cur;
	int in_text;
	HPDF_Font cur_font;
	double cur_size;
	struct pdf_rgb fill, stroke;
	double line_w;

	HPDF_Outline *outlines;
	size_t noutlines, capo;
	struct pdf_link *links;
	size_t nlinks, capl;

	/* Code points drawn in each font (the CJK one last), one bit each:
	 * the ToUnicode map written at saving lists exactly these. */
	unsigned char *used[PDF_FONT__COUNT + 1];

	/* Glyph widths of code points below PDF_WCACHE per font (-1: not yet asked):
	 * libharu looks each one up through the font's cmap on every call. */
	int32_t *wcache[PDF_FONT__COUNT];

	char *scratch;           /* a NUL-terminated copy of one run */
	size_t scratch_cap;

	/* the structure tree: elements in the order opened, the open ones,
	 * and each page's marked content (index = MCID -> element) */
	struct pdf_tag **tagblk; /* blocks of PDF_BLK: tag_at() */
	size_t ntags, captagblk;
	struct pdf_kid **kidblk; /* blocks of PDF_BLK: kid_at() */
	size_t nkids, capkidblk;
	char *roles[256];        /* names of the roles used (owned) */
	size_t nroles;
	struct pdf_alt *alts;
	size_t nalts, capalts;
	int *stack;
	size_t nstack, capstack;
	struct pdf_mcids *mcids; /* per page */
	size_t capmcids;
	HPDF_Dict tree_root;     /* an empty placeholder; append_tree writes it */
	enum pdf_artifact artifact;
	int mc_open, mc_tag;     /* open marked content: element, or -1 artifact */
	enum pdf_artifact mc_art;
	char *lang;

	/* finished pages' content streams (spill_page): one scratch file */
	char *tmpdir;            /* where it is made; NULL: the system's */
	int spill;               /* its descriptor, -1 until the first page is done */
	off_t spill_end;

	int status;              /* first failure */
	char msg[600];
};

static void gfx_fail(struct pdf_gfx *g, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void gfx_fail(struct pdf_gfx *g, int code, const char *fmt, ...)
{
	va_list ap;

	if (g->status)
		return;
	g->status = code;
	va_start(ap, fmt);
	vsnprintf(g->msg, sizeof g->msg, fmt, ap);
	va_end(ap);
}

/* libharu's error codes that a user can act on, in words. */
static const char *hpdf_words(HPDF_STATUS code)
{
	switch (code) {
	case HPDF_FAILD_TO_ALLOC_MEM: return "out of memory";
	case HPDF_ARRAY_COUNT_ERR:
		return "too many items for one PDF array (libharu allows 32,767: more than 32,767 pages?)";
	case HPDF_FILE_OPEN_ERROR: return "cannot create the file";
	case HPDF_FILE_IO_ERROR: return "cannot write the file";
	case HPDF_ZLIB_ERROR: return "cannot compress a stream";
	case HPDF_TTF_CANNOT_EMBEDDING_FONT: return "the font's license does not allow embedding";
	case HPDF_INVALID_TTC_FILE: case HPDF_INVALID_TTC_INDEX: case HPDF_TTF_INVALID_CMAP:
	case HPDF_TTF_INVALID_FOMAT: case HPDF_TTF_MISSING_TABLE:
		return "the font file is not a usable TrueType font";
	case HPDF_INVALID_CHAR_MATRICS_DATA: case HPDF_INVALID_FONTDEF_DATA:
		return "the font's metrics are not usable";
	case HPDF_PAGE_OUT_OF_RANGE: return "a page size out of range";
	case HPDF_STRING_OUT_OF_RANGE: return "a text too long for one PDF string";
	default: return NULL;
	}
}

static void on_hpdf_error(HPDF_STATUS code, HPDF_STATUS detail, void *user)
{
	struct pdf_gfx *g = user;
	int e = errno;    /* a failed fwrite's reason, before anything else runs */
	const char *words = hpdf_words(code);

	/* A write that failed under compression is reported as a zlib error, detail the I/O error. */
	if (code == HPDF_FILE_IO_ERROR || code == HPDF_FILE_OPEN_ERROR ||
	    (code == HPDF_ZLIB_ERROR && detail == HPDF_FILE_IO_ERROR))
		gfx_fail(g, SCTA_ERR_RUNTIME, "%s: %s", hpdf_words(code == HPDF_FILE_OPEN_ERROR ?
			 code : HPDF_FILE_IO_ERROR), e ? strerror(e) : "input/output error");
	else if (words)
		gfx_fail(g, SCTA_ERR_RUNTIME, "%s (libharu error 0x%04X, detail %u)", words,
			 (unsigned)code, (unsigned)detail);
	else
		gfx_fail(g, SCTA_ERR_RUNTIME, "libharu error 0x%04X (detail %u)", (unsigned)code,
			 (unsigned)detail);
}

/* Does the file at path end with "%%EOF" (and an end of line)? errno says why not. */
static int ends_with_eof(const char *path)
{
	char tail[16];
	FILE *fp = fopen(path, "rb");
	long size;
	size_t n;
	int ok = 0;

	if (!fp)
		return 0;
	if (!fseek(fp, 0, SEEK_END) && (size = ftell(fp)) >= 0) {
		errno = 0;
		n = size < (long)sizeof(tail) ? (size_t)size : sizeof(tail);
		if (!fseek(fp, -(long)n, SEEK_END) && fread(tail, 1, n, fp) == n) {
			while (n && (tail[n - 1] == '\n' || tail[n - 1] == '\r'))
				n--;
			ok = n >= 5 && !memcmp(tail + n - 5, "%%EOF", 5);
		}
	}
	fclose(fp);
	return ok;
}

int pdf_gfx_error(const struct pdf_gfx *g, struct scta_err *err)
{
	if (!g->status)
		return 0;
	return scta_err_set(err, g->status, "%s", g->msg);
}

int pdf_gfx_new(const struct pdf_fonts *fonts, struct pdf_gfx **out, struct scta_err *err)
{
	struct pdf_gfx *g = xcalloc(1, sizeof *g);
	int i;

	*out = NULL;
	for (i = 0; i < PDF_FONT__COUNT; i++)
		g->path[i] = xstrdup(fonts->path[i]);
	g->cjk_index = -1;
	g->spill = -1;
	if (fonts->cjk && *fonts->cjk) {
		const char *colon = strrchr(fonts->cjk, ':');
		int64_t idx;

		if (colon && colon - fonts->cjk > 4 && !strncmp(colon - 4, ".ttc", 4) &&
		    text_int(colon + 1, 0, 64, &idx) == 0) {
			g->cjk_path = xstrndup(fonts->cjk, (size_t)(colon - fonts->cjk));
			g->cjk_index = (int)idx;
		} else {
			g->cjk_path = xstrdup(fonts->cjk);
			if (strlen(g->cjk_path) > 4 &&
			    !strcmp(g->cjk_path + strlen(g->cjk_path) - 4, ".ttc"))
				g->cjk_index = 0;
		}
	}
	g->pdf = HPDF_New(on_hpdf_error, g);
	if (!g->pdf) {
		pdf_gfx_free(g);
		return scta_err_set(err, SCTA_ERR_RUNTIME, "libharu: cannot create a document");
	}
	HPDF_SetCompressionMode(g->pdf, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(g->pdf);
	HPDF_SetCurrentEncoder(g->pdf, "UTF-8");
	HPDF_SetPageMode(g->pdf, HPDF_PAGE_MODE_USE_OUTLINE);
	if (g->status) {
		int rc = pdf_gfx_error(g, err);

		pdf_gfx_free(g);
		return rc;
	}
	*out = g;
	return 0;
}

void pdf_gfx_free(struct pdf_gfx *g)
{
	int i;
	size_t k;

	if (!g)
		return;
	if (g->pdf)
		HPDF_Free(g->pdf);
	for (i = 0; i < PDF_FONT__COUNT; i++) {
		free(g->path[i]);
		free(g->wcache[i]);
	}
	free(g->cjk_path);
	free(g->pages);
	free(g->outlines);
	free(g->links);
	for (i = 0; i <= PDF_FONT__COUNT; i++)
		free(g->used[i]);
	free(g->scratch);
	for (k = 0; k * PDF_BLK < g->ntags; k++)
		free(g->tagblk[k]);
	free(g->tagblk);
	for (k = 0; k * PDF_BLK < g->nkids; k++)
		free(g->kidblk[k]);
	free(g->kidblk);
	for (k = 0; k < g->nroles; k++)
		free(g->roles[k]);
	for (k = 0; k < g->nalts; k++)
		free(g->alts[k].text);
	free(g->alts);
	free(g->stack);
	for (k = 0; k < g->npages && g->mcids; k++)
		free(g->mcids[k].v);
	free(g->mcids);
	free(g->lang);
	/* after HPDF_Free: the spilled streams read the file until then */
	if (g->spill >= 0)
		close(g->spill);
	free(g->tmpdir);
	free(g);
}

void pdf_gfx_tmpdir(struct pdf_gfx *g, const char *dir)
{
	free(g->tmpdir);
	g->tmpdir = dir ? xstrdup(dir) : NULL;
}

/*
 * A page's content stream once it is in the scratch file: libharu reads
 * it while saving (HPDF_Stream_WriteToStream: size, seek, read to EOF).
 */
struct spilled {
	struct pdf_gfx *g;
	off_t off;
	HPDF_UINT len, pos;
};

static HPDF_STATUS spill_read(HPDF_Stream st, HPDF_BYTE *ptr, HPDF_UINT *size)
{
	struct spilled *sp = st->attr;
	HPDF_UINT want = *size < sp->len - sp->pos ? *size : sp->len - sp->pos, got = 0;

	while (got < want) {
		ssize_t n = pread(sp->g->spill, ptr + got, want - got,
				  sp->off + (off_t)(sp->pos + got));

		if (n <= 0) {
			*size = got;
			return HPDF_SetError(st->error, HPDF_FILE_IO_ERROR, n < 0 ? errno : EIO);
		}
		got += (HPDF_UINT)n;
	}
	sp->pos += got;
	*size = got;
	return sp->pos >= sp->len ? HPDF_STREAM_EOF : HPDF_OK;
}

static HPDF_STATUS spill_seek(HPDF_Stream st, HPDF_INT pos, HPDF_WhenceMode mode)
{
	struct spilled *sp = st->attr;
	long at = mode == HPDF_SEEK_CUR ? (long)sp->pos + pos :
		  mode == HPDF_SEEK_END ? (long)sp->len + pos : pos;

	if (at < 0 || at > (long)sp->len)
		return HPDF_SetError(st->error, HPDF_STREAM_EOF, 0);
	sp->pos = (HPDF_UINT)at;
	return HPDF_OK;
}

static HPDF_INT32 spill_tell(HPDF_Stream st)
{
	return (HPDF_INT32)((struct spilled *)st->attr)->pos;
}

static HPDF_UINT32 spill_size(HPDF_Stream st)
{
	return ((struct spilled *)st->attr)->len;
}

static void spill_free(HPDF_Stream st)
{
	HPDF_FreeMem(st->mmgr, st->attr);
}

/* The scratch file, made (O_EXCL) and at once unlinked: nothing is left after a crash. */
static int spill_open(struct pdf_gfx *g)
{
	struct scta_err e = SCTA_ERR_INIT;
	char *base = xasprintf("%s/pdf-pages", g->tmpdir ? g->tmpdir : "/tmp"), *path = NULL;

	if (tempfile_create(base, &path, &g->spill, &e)) {
		g->spill = -1;
		gfx_fail(g, SCTA_ERR_RUNTIME, "%s", e.msg);
	} else {
		tempfile_remove(path);
	}
	free(base);
	free(path);
	return g->status;
}

/*
 * Move the finished page's content stream to the scratch file, leaving
 * libharu a stream that reads it back. A page left in a text or path
 * object, or inside a saved graphics state, stays in memory: libharu's
 * own page-end code would still write to it.
 */
static void spill_page(struct pdf_gfx *g, HPDF_Page page)
{
	HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
	HPDF_Stream mem = attr->stream, st;
	struct spilled *sp;
	HPDF_BYTE buf[8192];
	HPDF_UINT32 len;
	HPDF_STATUS hs;

	if (g->status || !mem || mem->type != HPDF_STREAM_MEMORY || !attr->contents ||
	    attr->contents->stream != mem || attr->gmode != HPDF_GMODE_PAGE_DESCRIPTION ||
	    (attr->gstate && attr->gstate->prev))
		return;
	if (g->spill < 0 && spill_open(g))
		return;
	len = HPDF_Stream_Size(mem);
	if (HPDF_Stream_Seek(mem, 0, HPDF_SEEK_SET) != HPDF_OK)
		return;
	sp = HPDF_GetMem(g->pdf->mmgr, sizeof *sp);
	st = HPDF_GetMem(g->pdf->mmgr, sizeof *st);
	if (!sp || !st) {
		HPDF_FreeMem(g->pdf->mmgr, sp);
		HPDF_FreeMem(g->pdf->mmgr, st);
		return;
	}
	sp->g = g;
	sp->off = g->spill_end;
	sp->len = 0;
	sp->pos = 0;
	do {
		HPDF_UINT n = sizeof buf;
		size_t put = 0;

		hs = HPDF_Stream_Read(mem, buf, &n);
		while (put < n) {
			ssize_t w = pwrite(g->spill, buf + put, n - put,
					   g->spill_end + (off_t)put);

			if (w <= 0) {
				gfx_fail(g, SCTA_ERR_RUNTIME, "cannot write a scratch file in %s: %s",
					 g->tmpdir ? g->tmpdir : "the temporary directory",
					 strerror(w < 0 ? errno : EIO));
				HPDF_FreeMem(g->pdf->mmgr, sp);
				HPDF_FreeMem(g->pdf->mmgr, st);
				return;
			}
			put += (size_t)w;
		}
		g->spill_end += (off_t)n;
		sp->len += n;
	} while (hs == HPDF_OK);
	if (hs != HPDF_STREAM_EOF || sp->len != len) {
		gfx_fail(g, SCTA_ERR_RUNTIME, "libharu: cannot read a page's content stream");
		HPDF_FreeMem(g->pdf->mmgr, sp);
		HPDF_FreeMem(g->pdf->mmgr, st);
		return;
	}
	memset(st, 0, sizeof *st);
	st->sig_bytes = HPDF_STREAM_SIG_BYTES;
	st->type = HPDF_STREAM_CALLBACK;
	st->mmgr = g->pdf->mmgr;
	st->error = mem->error;
	st->size = len;
	st->read_fn = spill_read;
	st->seek_fn = spill_seek;
	st->tell_fn = spill_tell;
	st->size_fn = spill_size;
	st->free_fn = spill_free;
	st->attr = sp;
	attr->contents->stream = st;
	attr->stream = st;
	HPDF_Stream_Free(mem);
}

void pdf_gfx_set_drawing(struct pdf_gfx *g, int on)
{
	g->drawing = on;
}

static const char *const font_keys[PDF_FONT__COUNT] = {
	"font_regular", "font_bold", "font_italic", "font_bold_italic",
	"DejaVu Sans", "DejaVu Sans Bold", "DejaVu Sans Oblique", "DejaVu Sans Bold Oblique"
};

static HPDF_Font get_font(struct pdf_gfx *g, enum pdf_font f)
{
	const char *name;

	if (g->font[f] || g->status)
		return g->font[f];
	if (!g->path[f] || !fs_is_file(g->path[f])) {
		gfx_fail(g, SCTA_ERR_CONFIG, "font file not found: %s (%s%s)",
			 g->path[f] ? g->path[f] : "(none)", f < PDF_SANS ? "[pdf] " : "",
			 font_keys[f]);
		return NULL;
	}
	name = HPDF_LoadTTFontFromFile(g->pdf, g->path[f], HPDF_TRUE);
	if (name)
		g->font[f] = HPDF_GetFont(g->pdf, name, "UTF-8");
	if (!g->font[f]) {
		g->status = 0;
		gfx_fail(g, SCTA_ERR_CONFIG, "cannot load TrueType font %s (%s%s)", g->path[f],
			 f < PDF_SANS ? "[pdf] " : "", font_keys[f]);
	}
	return g->font[f];
}

/* Code points DejaVu has no glyph for and a CJK font has: Han, kana, Hangul,
 * CJK symbols and punctuation, full-width forms. */
static int is_cjk(uint32_t cp)
{
	return (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x2E80 && cp <= 0x303F) ||
	       (cp >= 0x3040 && cp <= 0x9FFF) || (cp >= 0xA960 && cp <= 0xA97F) ||
	       (cp >= 0xAC00 && cp <= 0xD7FF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	       (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFFEF) ||
	       (cp >= 0x20000 && cp <= 0x3FFFF);
}

static HPDF_Font get_cjk(struct pdf_gfx *g, const char *s, size_t len)
{
	const char *name;

	if (g->cjk || g->status)
		return g->cjk;
	if (!g->cjk_path || !fs_is_file(g->cjk_path)) {
		gfx_fail(g, SCTA_ERR_CONFIG,
			 "text '%.*s' needs a CJK font, and none was found%s%s: set [pdf] font_cjk "
			 "to a flattened font (tools/flatten_font.py)",
			 (int)(len > 60 ? 60 : len), s, g->cjk_path ? " at " : "",
			 g->cjk_path ? g->cjk_path : "");
		return NULL;
	}
	if (g->cjk_index >= 0)
		name = HPDF_LoadTTFontFromFile2(g->pdf, g->cjk_path, (HPDF_UINT)g->cjk_index,
						HPDF_TRUE);
	else
		name = HPDF_LoadTTFontFromFile(g->pdf, g->cjk_path, HPDF_TRUE);
	if (name)
		g->cjk = HPDF_GetFont(g->pdf, name, "UTF-8");
	if (!g->cjk) {
		g->status = 0;
		gfx_fail(g, SCTA_ERR_CONFIG, "cannot load CJK font %s ([pdf] font_cjk)", g->cjk_path);
	}
	return g->cjk;
}

/* Length of the run at s[0..len) that shares one font, and whether it is CJK. */
static size_t next_run(const char *s, size_t len, int *cjk)
{
	const char *p = s, *end = s + len, *q;
	int first;

	first = is_cjk(utf8_next(&p, end));
	while (p < end) {
		q = p;
		if (is_cjk(utf8_next(&q, end)) != first)
			break;
		p = q;
	}
	*cjk = first;
	return (size_t)(p - s);
}

static double run_width(HPDF_Font font, const char *s, size_t n)
{
	HPDF_TextWidth tw = HPDF_Font_TextWidth(font, (const HPDF_BYTE *)s, (HPDF_UINT)n);

	return (double)tw.width;
}

#define PDF_WCACHE 0x3000

/*
 * The width of a run in font f, in thousandths of the size: libharu sums
 * its characters' widths, so summing cached widths gives the same number.
 */
static double cached_width(struct pdf_gfx *g, enum pdf_font f, HPDF_Font font, const char *s,
			   size_t n)
{
	const char *p = s, *end = s + n;
	double w = 0;

	if (!g->wcache[f]) {
		size_t i;

		g->wcache[f] = xmalloc(PDF_WCACHE * sizeof(*g->wcache[f]));
		for (i = 0; i < PDF_WCACHE; i++)
			g->wcache[f][i] = -1;
	}
	while (p < end) {
		const char *c = p;
		uint32_t cp = utf8_next(&p, end);

		if (cp >= PDF_WCACHE) {
			w += run_width(font, c, (size_t)(p - c));
			continue;
		}
		if (g->wcache[f][cp] < 0)
			g->wcache[f][cp] = (int32_t)run_width(font, c, (size_t)(p - c));
		w += g->wcache[f][cp];
	}
	return w;
}

/*
 * Text the PDF shows escaped rather than as it is: control and bidi-override
 * characters (text_unsafe), and characters above U+FFFF (rare Han
 * ideographs, emoji), which libharu 2.3.0 writes as two-byte codes so they
 * would vanish from the page: shown as \U0002000B, like the others, while
 * the workbook and the JSON keep the text as it is.
 */
static int needs_escape(const char *s, size_t len)
{
	const char *p = s, *end = s + len;

	if (text_unsafe(s, len, NULL))
		return 1;
	while (p < end)
		if (utf8_next(&p, end) > 0xFFFF)
			return 1;
	return 0;
}

static void visible(const char *s, size_t len, struct strbuf *out)
{
	const char *p = s, *end = s + len, *run = s;

	while (p < end) {
		const char *at = p;
		uint32_t cp = utf8_next(&p, end);

		if (cp <= 0xFFFF)
			continue;
		text_visible(run, (size_t)(at - run), out);
		strbuf_addf(out, "\\U%08X", (unsigned)cp);
		run = p;
	}
	text_visible(run, (size_t)(end - run), out);
}

double pdf_gfx_width(struct pdf_gfx *g, enum pdf_font f, double size, const char *s, size_t len)
{
	double w = 0;
	size_t n;
	int cjk;

	/* As pdf_gfx_text() draws it. */
	if (needs_escape(s, len)) {
		struct strbuf vis = STRBUF_INIT;

		visible(s, len, &vis);
		w = pdf_gfx_width(g, f, size, vis.buf, vis.len);
		strbuf_release(&vis);
		return w;
	}

	while (len) {
		HPDF_Font font;

		n = next_run(s, len, &cjk);
		font = cjk ? get_cjk(g, s, n) : get_font(g, f);
		if (!font)
			return 0;
		w += cjk ? run_width(font, s, n) : cached_width(g, f, font, s, n);
		s += n;
		len -= n;
	}
	return w * size / 1000.0;
}

static void end_text(struct pdf_gfx *g)
{
	if (g->in_text) {
		HPDF_Page_EndText(g->cur);
		g->in_text = 0;
	}
}

/* ---------- the structure tree (tagged PDF) ---------- */

/* Operators written straight into the open page's content stream. */
static void raw(struct pdf_gfx *g, const char *s)
{
	HPDF_PageAttr attr = (HPDF_PageAttr)g->cur->attr;

	if (HPDF_Stream_WriteStr(attr->stream, s) != HPDF_OK)
		gfx_fail(g, SCTA_ERR_RUNTIME, "libharu: cannot write marked content");
}

/* End the open marked-content sequence (before another, or at a page's end). */
static void mc_end(struct pdf_gfx *g)
{
	if (!g->mc_open || !g->cur)
		return;
	end_text(g);
	raw(g, "EMC\n");
	g->mc_open = 0;
}

/* Roles that hold other elements: what is drawn while one is innermost
 * (rules, fills) is no content of it, so it is marked as an artifact. */
static int group_role(const char *role)
{
	static const char *const groups[] = { "Document", "Part", "Sect", "Div", "L", "LI",
					      "Table", "THead", "TBody", "TR", "TOC" };
	size_t i;

	for (i = 0; i < sizeof groups / sizeof *groups; i++)
		if (!strcmp(role, groups[i]))
			return 1;
	return 0;
}

static struct pdf_tag *tag_at(const struct pdf_gfx *g, size_t i)
{
	return &g->tagblk[i / PDF_BLK][i % PDF_BLK];
}

static struct pdf_kid *kid_at(const struct pdf_gfx *g, size_t i)
{
	return &g->kidblk[i / PDF_BLK][i % PDF_BLK];
}

/* The index of role in g->roles, added when new (the layout uses a few dozen). */
static int role_id(struct pdf_gfx *g, const char *role)
{
	size_t i;

	for (i = 0; i < g->nroles; i++)
		if (!strcmp(g->roles[i], role))
			return (int)i;
	if (g->nroles == sizeof g->roles / sizeof *g->roles) {
		gfx_fail(g, SCTA_ERR_RUNTIME, "more than %zu structure roles", g->nroles);
		return 0;
	}
	g->roles[g->nroles] = xstrdup(role);
	return (int)g->nroles++;
}

static void add_kid(struct pdf_gfx *g, int tag, int elem, int page, int mcid)
{
	struct pdf_tag *t = tag_at(g, (size_t)tag);
	struct pdf_kid *k;

	if (g->nkids % PDF_BLK == 0) {
		XGROW(g->kidblk, g->capkidblk, g->nkids / PDF_BLK + 1);
		g->kidblk[g->nkids / PDF_BLK] = xmalloc(PDF_BLK * sizeof **g->kidblk);
	}
	k = kid_at(g, g->nkids);
	k->next = -1;
	k->elem = elem;
	k->page = page;
	k->mcid = mcid;
	if (t->last_kid >= 0)
		kid_at(g, (size_t)t->last_kid)->next = (int)g->nkids;
	else
		t->first_kid = (int)g->nkids;
	t->last_kid = (int)g->nkids++;
}

static int new_tag(struct pdf_gfx *g, int parent, const char *role)
{
	struct pdf_tag *t;
	int id = (int)g->ntags;

	if (g->ntags % PDF_BLK == 0) {
		XGROW(g->tagblk, g->captagblk, g->ntags / PDF_BLK + 1);
		g->tagblk[g->ntags / PDF_BLK] = xmalloc(PDF_BLK * sizeof **g->tagblk);
	}
	t = tag_at(g, g->ntags++);
	memset(t, 0, sizeof *t);
	t->parent = parent;
	t->page = -1;
	t->first_kid = t->last_kid = -1;
	t->role = (unsigned char)role_id(g, role);
	t->group = (unsigned char)group_role(role);
	if (parent >= 0)
		add_kid(g, parent, id, -1, -1);
	return id;
}

/* The alternative text of element id, or NULL. */
static const char *tag_alt(const struct pdf_gfx *g, int id)
{
	size_t i;

	if (!tag_at(g, (size_t)id)->has_alt)
		return NULL;
	for (i = 0; i < g->nalts; i++)
		if (g->alts[i].tag == id)
			return g->alts[i].text;
	return NULL;
}

static int push_tag(struct pdf_gfx *g, int parent, const char *role)
{
	int id = new_tag(g, parent, role);

	XGROW(g->stack, g->capstack, g->nstack + 1);
	g->stack[g->nstack++] = id;
	return id;
}

/* The Document element, and the placeholder of the tree's root in the
 * catalog, made when first needed. */
static int tag_ready(struct pdf_gfx *g)
{
	if (!g->drawing || g->status)
		return 0;
	if (g->ntags)
		return 1;
	g->tree_root = HPDF_Dict_New(g->pdf->mmgr);
	/* HPDF_Xref_Add frees the object when it fails */
	if (!g->tree_root || HPDF_Xref_Add(g->pdf->xref, g->tree_root) != HPDF_OK) {
		g->tree_root = NULL;
		gfx_fail(g, SCTA_ERR_RUNTIME, "libharu: out of memory for the structure tree");
		return 0;
	}
	push_tag(g, -1, "Document");
	return !g->status;
}

int pdf_gfx_tag_open(struct pdf_gfx *g, const char *role)
{
	if (!tag_ready(g) || !g->nstack)
		return -1;
	return push_tag(g, g->stack[g->nstack - 1], role);
}

void pdf_gfx_tag_close(struct pdf_gfx *g)
{
	if (g->drawing && g->nstack > 1)
		g->nstack--;
}

void pdf_gfx_tag_resume(struct pdf_gfx *g, int id)
{
	if (!g->drawing || id < 0 || (size_t)id >= g->ntags)
		return;
	XGROW(g->stack, g->capstack, g->nstack + 1);
	g->stack[g->nstack++] = id;
}

void pdf_gfx_tag_attr(struct pdf_gfx *g, int id, const char *alt, const char *scope)
{
	struct pdf_tag *t;

	if (!g->drawing || id < 0 || (size_t)id >= g->ntags)
		return;
	t = tag_at(g, (size_t)id);
	if (alt) {
		size_t i;

		for (i = 0; i < g->nalts && g->alts[i].tag != id; i++)
			;
		if (i == g->nalts) {
			XGROW(g->alts, g->capalts, g->nalts + 1);
			g->alts[g->nalts++].tag = id;
		} else {
			free(g->alts[i].text);
		}
		g->alts[i].text = xstrdup(alt);
		t->has_alt = 1;
	}
	if (scope)
		t->scope = !strcmp(scope, "Row") ? 2 : 1;
}

enum pdf_artifact pdf_gfx_artifact(struct pdf_gfx *g, enum pdf_artifact a)
{
	enum pdf_artifact prev = g->artifact;

	g->artifact = a;
	return prev;
}

/*
 * Before anything is drawn: open the marked content it belongs to, the
 * innermost open element that takes content (with the page's next MCID,
 * recorded in the page's parent-tree entry and the element's kids), else
 * an artifact. Text objects always sit inside one sequence.
 */
static void mark(struct pdf_gfx *g)
{
	enum pdf_artifact art = g->artifact ? g->artifact : PDF_ART_LAYOUT;
	int want = -1, page = (int)g->npages - 1, mcid;
	struct pdf_tag *t;
	char buf[64];

	if (!g->artifact && g->nstack && !tag_at(g, (size_t)g->stack[g->nstack - 1])->group)
		want = g->stack[g->nstack - 1];
	if (g->mc_open && g->mc_tag == want && (want >= 0 || g->mc_art == art))
		return;
	mc_end(g);
	end_text(g);
	if (want < 0) {
		raw(g, art == PDF_ART_HEADER ? "/Artifact <</Type /Pagination /Subtype /Header>> BDC\n"
		       : art == PDF_ART_FOOTER ? "/Artifact <</Type /Pagination /Subtype /Footer>> BDC\n"
		       : art == PDF_ART_PAGINATION ? "/Artifact <</Type /Pagination>> BDC\n"
						   : "/Artifact <</Type /Layout>> BDC\n");
	} else {
		struct pdf_mcids *m = &g->mcids[page];

		mcid = (int)m->n;
		XGROW(m->v, m->cap, m->n + 1);
		m->v[m->n++] = want;
		t = tag_at(g, (size_t)want);
		if (t->page < 0)
			t->page = page;
		add_kid(g, want, -1, page, mcid);
		snprintf(buf, sizeof buf, "/%s <</MCID %d>> BDC\n", g->roles[t->role], mcid);
		raw(g, buf);
	}
	g->mc_open = 1;
	g->mc_tag = want;
	g->mc_art = art;
}

/* The catalog's tagging entries: tree (a placeholder), language, title shown. */
static void finish_catalog(struct pdf_gfx *g)
{
	HPDF_Dict cat = g->pdf->catalog, mi, vp;

	g->pdf->pdf_version = HPDF_VER_17;
	if (g->tree_root) {
		HPDF_Dict_Add(cat, "StructTreeRoot", g->tree_root);
		mi = HPDF_Dict_New(g->pdf->mmgr);
		if (mi) {
			HPDF_Dict_Add(mi, "Marked", HPDF_Boolean_New(g->pdf->mmgr, HPDF_TRUE));
			HPDF_Dict_Add(cat, "MarkInfo", mi);
		}
	}
	if (g->lang)
		HPDF_Dict_Add(cat, "Lang", HPDF_String_New(g->pdf->mmgr, g->lang, NULL));
	vp = HPDF_Dict_New(g->pdf->mmgr);
	if (vp) {
		HPDF_Dict_Add(vp, "DisplayDocTitle", HPDF_Boolean_New(g->pdf->mmgr, HPDF_TRUE));
		HPDF_Dict_Add(cat, "ViewerPreferences", vp);
	}
}

int pdf_gfx_in_artifact(const struct pdf_gfx *g)
{
	return g->artifact != PDF_ART_NONE;
}

void pdf_gfx_lang(struct pdf_gfx *g, const char *lang)
{
	free(g->lang);
	g->lang = lang ? xstrdup(lang) : NULL;
}

static int same_rgb(const struct pdf_rgb *a, const struct pdf_rgb *b)
{
	return a->r == b->r && a->g == b->g && a->b == b->b;
}

static const char *scratch(struct pdf_gfx *g, const char *s, size_t n)
{
	XGROW(g->scratch, g->scratch_cap, n + 1);
	memcpy(g->scratch, s, n);
	g->scratch[n] = 0;
	return g->scratch;
}

/* libharu writes each character as its UCS-2 code (Identity-H, codes are
 * Unicode): remember which, for the font's ToUnicode map. */
static void mark_used(struct pdf_gfx *g, int slot, const char *s, size_t n)
{
	const char *p = s, *end = s + n;

	if (!g->used[slot])
		g->used[slot] = xcalloc(65536 / 8, 1);
	while (p < end) {
		uint32_t cp = utf8_next(&p, end);

		if (cp <= 0xFFFF)
			g->used[slot][cp >> 3] |= (unsigned char)(1u << (cp & 7));
	}
}

void pdf_gfx_text(struct pdf_gfx *g, enum pdf_font f, double size, double x, double y,
		  const char *s, size_t len, const struct pdf_rgb *color)
{
	size_t n;
	int cjk;

	if (!g->drawing || !g->cur || g->status || !len)
		return;
	/* Control and bidi-override characters, and those above U+FFFF, are shown escaped. */
	if (needs_escape(s, len)) {
		struct strbuf vis = STRBUF_INIT;

		visible(s, len, &vis);
		pdf_gfx_text(g, f, size, x, y, vis.buf, vis.len, color);
		strbuf_release(&vis);
		return;
	}
	mark(g);
	if (!g->in_text) {
		HPDF_Page_BeginText(g->cur);
		g->in_text = 1;
	}
	if (!same_rgb(&g->fill, color)) {
		HPDF_Page_SetRGBFill(g->cur, (HPDF_REAL)color->r, (HPDF_REAL)color->g,
				     (HPDF_REAL)color->b);
		g->fill = *color;
	}
	while (len) {
		HPDF_Font font;

		n = next_run(s, len, &cjk);
		font = cjk ? get_cjk(g, s, n) : get_font(g, f);
		if (!font)
			return;
		if (font != g->cur_font || size != g->cur_size) {
			HPDF_Page_SetFontAndSize(g->cur, font, (HPDF_REAL)size);
			g->cur_font = font;
			g->cur_size = size;
		}
		mark_used(g, cjk ? PDF_FONT__COUNT : (int)f, s, n);
		HPDF_Page_TextOut(g->cur, (HPDF_REAL)x, (HPDF_REAL)y, scratch(g, s, n));
		x += run_width(font, s, n) * size / 1000.0;
		s += n;
		len -= n;
	}
}

void pdf_gfx_fill_rect(struct pdf_gfx *g, double x, double y, double w, double h,
		       const struct pdf_rgb *color)
{
	if (!g->drawing || !g->cur || g->status)
		return;
	mark(g);
	end_text(g);
	if (!same_rgb(&g->fill, color)) {
		HPDF_Page_SetRGBFill(g->cur, (HPDF_REAL)color->r, (HPDF_REAL)color->g,
				     (HPDF_REAL)color->b);
		g->fill = *color;
	}
	HPDF_Page_Rectangle(g->cur, (HPDF_REAL)x, (HPDF_REAL)y, (HPDF_REAL)w, (HPDF_REAL)h);
	HPDF_Page_Fill(g->cur);
}

void pdf_gfx_line(struct pdf_gfx *g, double x1, double y1, double x2, double y2, double width,
		  const struct pdf_rgb *color)
{
	if (!g->drawing || !g->cur || g->status)
		return;
	mark(g);
	end_text(g);
	if (!same_rgb(&g->stroke, color)) {
		HPDF_Page_SetRGBStroke(g->cur, (HPDF_REAL)color->r, (HPDF_REAL)color->g,
				       (HPDF_REAL)color->b);
		g->stroke = *color;
	}
	if (width != g->line_w) {
		HPDF_Page_SetLineWidth(g->cur, (HPDF_REAL)width);
		g->line_w = width;
	}
	HPDF_Page_MoveTo(g->cur, (HPDF_REAL)x1, (HPDF_REAL)y1);
	HPDF_Page_LineTo(g->cur, (HPDF_REAL)x2, (HPDF_REAL)y2);
	HPDF_Page_Stroke(g->cur);
}

int pdf_gfx_add_page(struct pdf_gfx *g)
{
	if (!g->drawing)
		return -1;
	mc_end(g);
	end_text(g);
	if (g->cur)
		spill_page(g, g->cur);
	g->cur = HPDF_AddPage(g->pdf);
	if (!g->cur)
		return -1;
	HPDF_Page_SetSize(g->cur, HPDF_PAGE_SIZE_LETTER, HPDF_PAGE_PORTRAIT);
	XGROW(g->pages, g->cap, g->npages + 1);
	XGROW(g->mcids, g->capmcids, g->npages + 1);
	memset(&g->mcids[g->npages], 0, sizeof *g->mcids);
	HPDF_Dict_AddNumber(g->cur, "StructParents", (HPDF_INT32)g->npages);
	g->pages[g->npages++] = g->cur;
	/* A new page starts from the default graphics state. */
	g->cur_font = NULL;
	g->cur_size = 0;
	g->fill.r = g->fill.g = g->fill.b = 0;
	g->stroke = g->fill;
	g->line_w = 1;
	return (int)g->npages - 1;
}

int pdf_gfx_outline(struct pdf_gfx *g, int parent, const char *title, int page, double y)
{
	HPDF_Outline o;
	HPDF_Destination d;

	if (!g->drawing || g->status || page < 0 || (size_t)page >= g->npages)
		return -1;
	o = HPDF_CreateOutline(g->pdf, parent >= 0 ? g->outlines[parent] : NULL, title,
			       HPDF_GetEncoder(g->pdf, "UTF-8"));
	if (!o)
		return -1;
	d = HPDF_Page_CreateDestination(g->pages[page]);
	if (d) {
		HPDF_Destination_SetFitH(d, (HPDF_REAL)y);
		HPDF_Outline_SetDestination(o, d);
	}
	XGROW(g->outlines, g->capo, g->noutlines + 1);
	g->outlines[g->noutlines++] = o;
	return (int)g->noutlines - 1;
}

void pdf_gfx_link(struct pdf_gfx *g, int page, double x, double y, double w, double h,
		  int target, double target_y)
{
	struct pdf_link *l;

	if (!g->drawing)
		return;
	XGROW(g->links, g->capl, g->nlinks + 1);
	l = &g->links[g->nlinks++];
	l->page = page;
	l->x = x;
	l->y = y;
	l->w = w;
	l->h = h;
	l->target = target;
	l->target_y = target_y;
	l->tag = g->nstack > 1 ? g->stack[g->nstack - 1] : -1;
	l->link_tag = -1;
}

int pdf_gfx_info(struct pdf_gfx *g, const char *title, const char *author, const char *subject,
		 const char *keywords, const char *creator, int year, int month, int day,
		 struct scta_err *err)
{
	HPDF_Date d;

	memset(&d, 0, sizeof d);
	d.year = year;
	d.month = month;
	d.day = day;
	d.ind = 'Z';
	if (title)
		HPDF_SetInfoAttr(g->pdf, HPDF_INFO_TITLE, title);
	if (author)
		HPDF_SetInfoAttr(g->pdf, HPDF_INFO_AUTHOR, author);
	if (subject)
		HPDF_SetInfoAttr(g->pdf, HPDF_INFO_SUBJECT, subject);
	if (keywords)
		HPDF_SetInfoAttr(g->pdf, HPDF_INFO_KEYWORDS, keywords);
	if (creator)
		HPDF_SetInfoAttr(g->pdf, HPDF_INFO_CREATOR, creator);
	HPDF_SetInfoDateAttr(g->pdf, HPDF_INFO_CREATION_DATE, d);
	HPDF_SetInfoDateAttr(g->pdf, HPDF_INFO_MOD_DATE, d);
	return pdf_gfx_error(g, err);
}

/* ---------- ToUnicode maps ---------- */

static int code_used(const unsigned char *used, unsigned c)
{
	return used && (used[c >> 3] >> (c & 7) & 1);
}

/* One block of up to 100 mappings ("bfrange" or "bfchar") from r[0..n). */
static void cmap_block(struct strbuf *sb, const char *kind, unsigned (*r)[2], size_t n)
{
	size_t i;

	strbuf_addf(sb, "%zu begin%s\n", n, kind);
	for (i = 0; i < n; i++) {
		if (r[i][0] == r[i][1])
			strbuf_addf(sb, "<%04X> <%04X>\n", r[i][0], r[i][0]);
		else
			strbuf_addf(sb, "<%04X> <%04X> <%04X>\n", r[i][0], r[i][1], r[i][0]);
	}
	strbuf_addf(sb, "end%s\n", kind);
}

/*
 * The ToUnicode CMap for a font whose codes are the UCS-2 values of its
 * characters: every code drawn maps to itself, consecutive codes as one
 * bfrange (never across a change of the first byte, as CMaps require), the
 * rest as bfchar. libharu 2.3.0 writes a code-to-CID map here instead
 * (begincidrange), which poppler rejects and copy-and-paste cannot use.
 */
static void tounicode_cmap(const unsigned char *used, struct strbuf *sb)
{
	unsigned (*ranges)[2] = NULL, (*singles)[2] = NULL;
	size_t nr = 0, capr = 0, ns = 0, caps = 0, i;
	unsigned c = 0, lo;

	while (c < 65536) {
		if (!code_used(used, c)) {
			c++;
			continue;
		}
		lo = c;
		while (c + 1 < 65536 && (c + 1) >> 8 == lo >> 8 && code_used(used, c + 1))
			c++;
		if (c > lo) {
			XGROW(ranges, capr, nr + 1);
			ranges[nr][0] = lo;
			ranges[nr++][1] = c;
		} else {
			XGROW(singles, caps, ns + 1);
			singles[ns][0] = singles[ns][1] = lo;
			ns++;
		}
		c++;
	}
	strbuf_adds(sb, "/CIDInit /ProcSet findresource begin\n"
		    "12 dict begin\n"
		    "begincmap\n"
		    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
		    "/CMapName /Adobe-Identity-UCS def\n"
		    "/CMapType 2 def\n"
		    "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	for (i = 0; i < nr; i += 100)
		cmap_block(sb, "bfrange", ranges + i, nr - i < 100 ? nr - i : 100);
	for (i = 0; i < ns; i += 100)
		cmap_block(sb, "bfchar", singles + i, ns - i < 100 ? ns - i : 100);
	strbuf_adds(sb, "endcmap\n"
		    "CMapName currentdict /CMap defineresource pop\n"
		    "end\n"
		    "end\n");
	free(ranges);
	free(singles);
}

/* Replace the contents and the keys of each font's ToUnicode stream. */
static void fix_tounicode(struct pdf_gfx *g)
{
	static const char *const stale[] = { "Type", "CMapName", "CIDSystemInfo", "WMode" };
	struct strbuf sb = STRBUF_INIT;
	int i;
	size_t k;

	for (i = 0; i <= PDF_FONT__COUNT && !g->status; i++) {
		HPDF_Font font = i < PDF_FONT__COUNT ? g->font[i] : g->cjk;
		HPDF_Dict cmap;

		if (!font)
			continue;
		cmap = HPDF_Dict_GetItem(font, "ToUnicode", HPDF_OCLASS_DICT);
		if (!cmap || !cmap->stream) {
			gfx_fail(g, SCTA_ERR_RUNTIME, "libharu wrote a font without a ToUnicode map");
			break;
		}
		/* not found is no error: the keys are only libharu's leftovers */
		for (k = 0; k < sizeof stale / sizeof *stale; k++)
			(void)HPDF_Dict_RemoveElement(cmap, stale[k]);
		strbuf_reset(&sb);
		tounicode_cmap(g->used[i], &sb);
		HPDF_MemStream_FreeData(cmap->stream);
		if (HPDF_Stream_Write(cmap->stream, (const HPDF_BYTE *)sb.buf, (HPDF_UINT)sb.len) !=
		    HPDF_OK)
			gfx_fail(g, SCTA_ERR_RUNTIME, "cannot write a ToUnicode map");
	}
	strbuf_release(&sb);
}

/* ---------- writing the structure tree ---------- */

/*
 * After libharu's file, an incremental update: the tree's root (the
 * placeholder's object number, now defined, a plain object), one object
 * per element, in object streams, and a cross-reference stream. It adds no byte that
 * depends on anything but the document.
 */
struct tree_out {
	FILE *fp;
	long pos;                /* bytes written to the file so far */
	struct strbuf objs;      /* the objects of the open object stream */
	struct strbuf head;      /* its "number offset" pairs */
	int nin;                 /* objects in it */
	int stm_first;           /* number of the first object stream */
	int nstm;
	long *stm_off;           /* offsets of the object streams */
	size_t capstm;
	int *where;              /* per object from `first`: its stream, index */
	int first;               /* number of the first element object */
	int root;                /* the root's number (a plain object) */
	int fail;
};

static unsigned obj_num(const void *obj)
{
	return ((const HPDF_Obj_Header *)obj)->obj_id & 0x00FFFFFF;
}

static void out_bytes(struct tree_out *o, const void *p, size_t n)
{
	if (!o->fail && fwrite(p, 1, n, o->fp) != n)
		o->fail = errno ? errno : EIO;
	o->pos += (long)n;
}

static void out_str(struct tree_out *o, const char *s)
{
	out_bytes(o, s, strlen(s));
}

/* A deflated stream object `num` with dictionary entries `dict`. */
static void out_stream(struct tree_out *o, int num, const char *dict, const char *data, size_t n)
{
	uLongf zn = compressBound((uLong)n);
	unsigned char *z = xmalloc(zn);
	char buf[512];              /* dict is at most 256 bytes */

	if (compress2(z, &zn, (const Bytef *)data, (uLong)n, Z_DEFAULT_COMPRESSION) != Z_OK) {
		o->fail = ENOMEM;
		free(z);
		return;
	}
	snprintf(buf, sizeof buf, "%d 0 obj\n<<%s /Filter /FlateDecode /Length %lu>>\nstream\n",
		 num, dict, (unsigned long)zn);
	out_str(o, buf);
	out_bytes(o, z, zn);
	out_str(o, "\nendstream\nendobj\n");
	free(z);
}

static void flush_objstm(struct tree_out *o)
{
	struct strbuf all = STRBUF_INIT;
	char dict[96];

	if (!o->nin)
		return;
	XGROW(o->stm_off, o->capstm, (size_t)o->nstm + 1);
	o->stm_off[o->nstm] = o->pos;
	strbuf_add(&all, o->head.buf, o->head.len);
	strbuf_add(&all, o->objs.buf, o->objs.len);
	snprintf(dict, sizeof dict, "/Type /ObjStm /N %d /First %zu", o->nin, o->head.len);
	out_stream(o, o->stm_first + o->nstm, dict, all.buf, all.len);
	strbuf_release(&all);
	strbuf_reset(&o->head);
	strbuf_reset(&o->objs);
	o->nin = 0;
	o->nstm++;
}

#define OBJS_PER_STREAM 400

/* Object `num` (text in body) into the open object stream. */
static void put_obj(struct tree_out *o, int num, const struct strbuf *body)
{
	strbuf_addf(&o->head, "%d %zu ", num, o->objs.len);
	strbuf_add(&o->objs, body->buf, body->len);
	strbuf_addch(&o->objs, '\n');
	o->where[2 * (num - o->first)] = o->nstm;
	o->where[2 * (num - o->first) + 1] = o->nin;
	if (++o->nin == OBJS_PER_STREAM)
		flush_objstm(o);
}

/* A PDF text string: UTF-16BE with its byte order mark, in hex. */
static void pdf_text_string(struct strbuf *sb, const char *s)
{
	const char *p = s, *end = s + strlen(s);

	strbuf_adds(sb, "<FEFF");
	while (p < end) {
		uint32_t cp = utf8_next(&p, end);

		if (cp >= 0x10000) {
			cp -= 0x10000;
			strbuf_addf(sb, "%04X%04X", 0xD800 + (unsigned)(cp >> 10),
				    0xDC00 + (unsigned)(cp & 0x3FF));
		} else {
			strbuf_addf(sb, "%04X", (unsigned)cp);
		}
	}
	strbuf_addch(sb, '>');
}

/* The last value of "key N" (as "/Size 12" or "startxref\n345") in s. */
static int tail_long(const char *s, const char *key, long *out)
{
	const char *p = NULL, *q = s;
	char *end;
	long v;

	while ((q = strstr(q, key)) != NULL)
		p = q++;
	if (!p)
		return -1;
	errno = 0;
	v = strtol(p + strlen(key), &end, 10);
	if (errno || end == p + strlen(key) || v < 0)
		return -1;
	*out = v;
	return 0;
}

static void tag_object(struct pdf_gfx *g, struct tree_out *o, size_t i, struct strbuf *sb)
{
	const struct pdf_tag *t = tag_at(g, i);
	const char *alt = tag_alt(g, (int)i);
	int k;

	strbuf_reset(sb);
	strbuf_addf(sb, "<</S /%s /P %d 0 R", g->roles[t->role],
		    t->parent < 0 ? o->root : o->first + t->parent);
	if (t->page >= 0)
		strbuf_addf(sb, " /Pg %u 0 R", obj_num(g->pages[t->page]));
	if (alt) {
		strbuf_adds(sb, " /Alt ");
		pdf_text_string(sb, alt);
	}
	if (t->scope)
		strbuf_addf(sb, " /A <</O /Table /Scope /%s>>", t->scope == 2 ? "Row" : "Column");
	strbuf_adds(sb, " /K [");
	for (k = t->first_kid; k >= 0; k = kid_at(g, (size_t)k)->next) {
		const struct pdf_kid *kid = kid_at(g, (size_t)k);

		if (kid->elem >= 0)
			strbuf_addf(sb, " %d 0 R", o->first + kid->elem);
		else if (kid->elem == -2)
			strbuf_addf(sb, " <</Type /OBJR /Obj %d 0 R /Pg %u 0 R>>", kid->mcid,
				    obj_num(g->pages[kid->page]));
		else if (kid->page == t->page)
			strbuf_addf(sb, " %d", kid->mcid);
		else
			strbuf_addf(sb, " <</Type /MCR /Pg %u 0 R /MCID %d>>",
				    obj_num(g->pages[kid->page]), kid->mcid);
	}
	strbuf_adds(sb, " ]>>");
}

static void xref_entry(struct strbuf *x, int type, unsigned long f2, unsigned f3)
{
	unsigned char e[7];

	e[0] = (unsigned char)type;
	e[1] = (unsigned char)(f2 >> 24);
	e[2] = (unsigned char)(f2 >> 16);
	e[3] = (unsigned char)(f2 >> 8);
	e[4] = (unsigned char)f2;
	e[5] = (unsigned char)(f3 >> 8);
	e[6] = (unsigned char)f3;
	strbuf_add(x, (const char *)e, sizeof e);
}

static int append_tree(struct pdf_gfx *g, const char *path, struct scta_err *err)
{
	struct tree_out o;
	struct strbuf sb = STRBUF_INIT, x = STRBUF_INIT;
	char tail[1025], dict[256];
	long size, prev, rootref = 0, inforef = 0, rootoff;
	size_t n, i;
	int xnum, rc = 0, k;

	memset(&o, 0, sizeof o);
	strbuf_init(&o.objs);
	strbuf_init(&o.head);
	o.fp = fopen(path, "r+b");
	if (!o.fp)
		return scta_err_set(err, SCTA_ERR_RUNTIME, "%s: %s", path, strerror(errno));
	/* libharu's trailer: its /Size, /Root, /Info and where its xref is */
	if (fseek(o.fp, 0, SEEK_END) || (o.pos = ftell(o.fp)) < 0 ||
	    fseek(o.fp, o.pos > 1024 ? o.pos - 1024 : 0, SEEK_SET)) {
		rc = scta_err_set(err, SCTA_ERR_RUNTIME, "%s: %s", path, strerror(errno));
		goto out;
	}
	n = fread(tail, 1, sizeof tail - 1, o.fp);
	tail[n] = 0;
	if (tail_long(tail, "/Size ", &size) || tail_long(tail, "startxref\n", &prev) ||
	    tail_long(tail, "/Root ", &rootref) || tail_long(tail, "/Info ", &inforef) ||
	    fseek(o.fp, 0, SEEK_END)) {
		rc = scta_err_set(err, SCTA_ERR_RUNTIME, "%s: cannot read libharu's trailer", path);
		goto out;
	}
	o.root = (int)obj_num(g->tree_root);
	o.first = (int)size;
	o.stm_first = o.first + (int)g->ntags;
	o.where = xcalloc(2 * g->ntags + 2, sizeof *o.where);

	/*
	 * The root, with the parent tree: per page, the element of each MCID. A
	 * plain object written as it is made: it grows with the pages (a page
	 * of a long table marks hundreds of cells), and in an object stream it
	 * would be held whole, copied and compressed at once.
	 */
	rootoff = o.pos;
	strbuf_addf(&sb, "%d 0 obj\n<</Type /StructTreeRoot /K %d 0 R /ParentTree <</Nums [", o.root,
		    o.first);
	for (i = 0; i < g->npages; i++) {
		strbuf_addf(&sb, " %zu [", i);
		for (n = 0; n < g->mcids[i].n; n++)
			strbuf_addf(&sb, " %d 0 R", o.first + g->mcids[i].v[n]);
		strbuf_adds(&sb, " ]");
		out_bytes(&o, sb.buf, sb.len);
		strbuf_reset(&sb);
	}
	/* then each tagged link annotation's /StructParent: its Link element */
	for (i = 0, n = g->npages; i < g->nlinks; i++)
		if (g->links[i].link_tag >= 0)
			strbuf_addf(&sb, " %zu %d 0 R", n++, o.first + g->links[i].link_tag);
	strbuf_addf(&sb, " ]>> /ParentTreeNextKey %zu>>\nendobj\n", n);
	out_bytes(&o, sb.buf, sb.len);
	for (i = 0; i < g->ntags; i++) {
		tag_object(g, &o, i, &sb);
		put_obj(&o, o.first + (int)i, &sb);
	}
	flush_objstm(&o);

	/* the cross-reference stream: the root, the elements, the streams, itself */
	xnum = o.stm_first + o.nstm;
	xref_entry(&x, 1, (unsigned long)rootoff, 0);
	for (i = 0; i < g->ntags; i++)
		xref_entry(&x, 2, (unsigned long)(o.stm_first + o.where[2 * i]),
			   (unsigned)o.where[2 * i + 1]);
	for (k = 0; k < o.nstm; k++)
		xref_entry(&x, 1, (unsigned long)o.stm_off[k], 0);
	{
		long at = o.pos;

		xref_entry(&x, 1, (unsigned long)at, 0);
		snprintf(dict, sizeof dict,
			 "/Type /XRef /Size %d /Root %ld 0 R /Info %ld 0 R /Prev %ld "
			 "/Index [%d 1 %d %d] /W [1 4 2]",
			 xnum + 1, rootref, inforef, prev, o.root, o.first, xnum + 1 - o.first);
		out_stream(&o, xnum, dict, x.buf, x.len);
		snprintf(dict, sizeof dict, "startxref\n%ld\n%%%%EOF\n", at);
		out_str(&o, dict);
	}
	if (o.fail || fflush(o.fp))
		rc = scta_err_set(err, SCTA_ERR_RUNTIME, "%s: %s", path,
				  strerror(o.fail ? o.fail : errno));
out:
	if (fclose(o.fp) && !rc)
		rc = scta_err_set(err, SCTA_ERR_RUNTIME, "%s: %s", path, strerror(errno));
	strbuf_release(&o.objs);
	strbuf_release(&o.head);
	strbuf_release(&sb);
	strbuf_release(&x);
	free(o.stm_off);
	free(o.where);
	return rc;
}

int pdf_gfx_save(struct pdf_gfx *g, const char *path, struct scta_err *err)
{
	size_t i, nlinked = 0;

	mc_end(g);
	end_text(g);
	if (g->cur)
		spill_page(g, g->cur);
	for (i = 0; i < g->nlinks && !g->status; i++) {
		struct pdf_link *l = &g->links[i];
		HPDF_Rect r;
		HPDF_Destination d;
		HPDF_Annotation a;

		if (l->page < 0 || (size_t)l->page >= g->npages || l->target < 0 ||
		    (size_t)l->target >= g->npages)
			continue;
		r.left = (HPDF_REAL)l->x;
		r.bottom = (HPDF_REAL)l->y;
		r.right = (HPDF_REAL)(l->x + l->w);
		r.top = (HPDF_REAL)(l->y + l->h);
		d = HPDF_Page_CreateDestination(g->pages[l->target]);
		if (!d)
			break;
		HPDF_Destination_SetFitH(d, (HPDF_REAL)l->target_y);
		a = HPDF_Page_CreateLinkAnnot(g->pages[l->page], r, d);
		if (a)
			HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0);
		/* in the tree: a Link element in the element it was made in (a
		 * contents entry), holding the annotation */
		if (a && l->tag >= 0 && g->tree_root) {
			l->link_tag = new_tag(g, l->tag, "Link");
			add_kid(g, l->link_tag, -2, l->page, (int)obj_num(a));
			HPDF_Dict_AddNumber(a, "StructParent", (HPDF_INT32)(g->npages + nlinked++));
		}
	}
	if (!g->status)
		fix_tounicode(g);
	if (!g->status)
		finish_catalog(g);
	errno = 0;
	if (!g->status && HPDF_SaveToFile(g->pdf, path) != HPDF_OK && !g->status)
		gfx_fail(g, SCTA_ERR_RUNTIME, "cannot write the file: %s",
			 errno ? strerror(errno) : "input/output error");
	/*
	 * libharu does not check fclose(), where stdio writes its last buffer:
	 * a file that does not end with the trailer was cut short.
	 */
	if (!g->status && !ends_with_eof(path))
		gfx_fail(g, SCTA_ERR_RUNTIME, "cannot write the file: %s",
			 errno ? strerror(errno) : "it was cut short (is the disk full?)");
	if (g->status)
		return scta_err_set(err, g->status, "%s: %s", path, g->msg);
	return g->tree_root ? append_tree(g, path, err) : 0;
}

/* ---------- the writer ---------- */

/*
 * Fonts from [pdf] of the configuration, else Debian's DejaVu files: the
 * configured regular/bold/italic/bold_italic set the text (serif) family;
 * headings, tables and charts use DejaVu Sans. The CJK fallback defaults to
 * the flattened copy made at build time.
 */
static void choose_fonts(const struct scta_config *cfg, struct pdf_fonts *f)
{
	f->path[PDF_SERIF] = cfg->pdf.font_regular ? cfg->pdf.font_regular
						    : DEJAVU_DIR "DejaVuSerif.ttf";
	f->path[PDF_SERIF_BOLD] = cfg->pdf.font_bold ? cfg->pdf.font_bold
						      : DEJAVU_DIR "DejaVuSerif-Bold.ttf";
	f->path[PDF_SERIF_ITALIC] = cfg->pdf.font_italic ? cfg->pdf.font_italic
							  : DEJAVU_DIR "DejaVuSerif-Italic.ttf";
	f->path[PDF_SERIF_BOLD_ITALIC] = cfg->pdf.font_bold_italic
						 ? cfg->pdf.font_bold_italic
						 : DEJAVU_DIR "DejaVuSerif-BoldItalic.ttf";
	f->path[PDF_SANS] = DEJAVU_DIR "DejaVuSans.ttf";
	f->path[PDF_SANS_BOLD] = DEJAVU_DIR "DejaVuSans-Bold.ttf";
	f->path[PDF_SANS_ITALIC] = DEJAVU_DIR "DejaVuSans-Oblique.ttf";
	f->path[PDF_SANS_BOLD_ITALIC] = DEJAVU_DIR "DejaVuSans-BoldOblique.ttf";
	f->cjk = cfg->pdf.font_cjk ? cfg->pdf.font_cjk : SCTA_PDF_FONT_CJK;
}

static int set_info(struct pdf_gfx *g, const struct scta_config *cfg, struct scta_err *err)
{
	struct strbuf subject = STRBUF_INIT, keywords = STRBUF_INIT, creator = STRBUF_INIT;
	struct date d = { 0, 0, 0 };
	int rc;

	if (!cfg->report.date || text_date(cfg->report.date, &d) != 0)
		return scta_err_set(err, SCTA_ERR_CONFIG,
				    "[report] date: expected YYYY-MM or YYYY-MM-DD (got '%s')",
				    cfg->report.date ? cfg->report.date : "");
	if (render_marking(cfg))
		strbuf_addf(&subject, "%s: ", render_marking(cfg));
	if (cfg->report.number)
		strbuf_addf(&subject, "%s: ", cfg->report.number);
	strbuf_adds(&subject, cfg->report.topic ? cfg->report.topic
						: "Sister city partnerships");
	strbuf_addf(&keywords, "sister city partnerships; Sister City Transparency Act; "
		    "Corruption Perceptions Index %d", cfg->scope.cpi_year);
	if (cfg->report.number)
		strbuf_addf(&keywords, "; %s", cfg->report.number);
	if (render_marking(cfg))
		strbuf_addf(&keywords, "; %s", render_marking(cfg));
	strbuf_addf(&creator, "scta %s", SCTA_VERSION);
	rc = pdf_gfx_info(g, cfg->report.title,
			  cfg->report.author ? cfg->report.author : cfg->report.organization,
			  subject.buf, keywords.buf, creator.buf, d.y, d.m ? d.m : 1, d.d ? d.d : 1,
			  err);
	strbuf_release(&subject);
	strbuf_release(&keywords);
	strbuf_release(&creator);
	return rc;
}

int pdf_order(const struct render_input *in, char ***tables, size_t *ntables, char ***figures,
	      size_t *nfigures, struct scta_err *err)
{
	struct pdf_fonts fonts;
	struct pdf_gfx *g = NULL;
	struct pdf_toc prev, cur;
	char *tpl = NULL;
	size_t i, capt = 0, capf = 0;
	int rc;

	*tables = *figures = NULL;
	*ntables = *nfigures = 0;
	memset(&prev, 0, sizeof prev);
	memset(&cur, 0, sizeof cur);
	tpl = fs_resolve(in->cfg->templates_dir, "report.md");
	choose_fonts(in->cfg, &fonts);
	rc = pdf_gfx_new(&fonts, &g, err);
	if (!rc)
		rc = pdf_layout_run(g, in, tpl, &prev, 0, &cur, err);
	for (i = 0; !rc && i < cur.n; i++) {
		const struct pdf_toc_entry *e = &cur.v[i];

		if (e->number <= 0 || !e->id)
			continue;
		if (e->kind == PDF_TOC_TABLE) {
			XGROW(*tables, capt, *ntables + 1);
			(*tables)[(*ntables)++] = xstrdup(e->id);
		} else if (e->kind == PDF_TOC_FIGURE) {
			XGROW(*figures, capf, *nfigures + 1);
			(*figures)[(*nfigures)++] = xstrdup(e->id);
		}
	}
	pdf_toc_release(&cur);
	pdf_gfx_free(g);
	free(tpl);
	return rc;
}

int pdf_write(const struct render_input *in, const char *path, struct scta_err *err)
{
	const struct scta_config *cfg = in->cfg;
	struct pdf_fonts fonts;
	struct pdf_gfx *g = NULL;
	struct pdf_toc prev, cur;
	char *tpl = NULL;
	int rc = 0, pass;

	memset(&prev, 0, sizeof prev);
	memset(&cur, 0, sizeof cur);
	if (!cfg->templates_dir) {
		rc = scta_err_set(err, SCTA_ERR_CONFIG, "no templates directory configured");
		goto out;
	}
	tpl = fs_resolve(cfg->templates_dir, "report.md");
	choose_fonts(cfg, &fonts);
	rc = pdf_gfx_new(&fonts, &g, err);
	if (rc)
		goto out;
	pdf_gfx_lang(g, cfg->report.language ? cfg->report.language : "en-US");
	pdf_gfx_tmpdir(g, in->tmpdir);
	/*
	 * Measuring passes draw nothing: each learns where every heading, table
	 * and figure falls, printing the contents from the pass before, until
	 * a pass finds what the one before it found (the contents moved
	 * nothing). Then one drawing pass, which must agree with them.
	 */
	for (pass = 0; pass < MAX_PASSES; pass++) {
		rc = pdf_layout_run(g, in, tpl, &prev, 0, &cur, err);
		if (rc)
			goto out;
		if (pass > 0 && pdf_toc_equal(&prev, &cur))
			break;
		pdf_toc_release(&prev);
		prev = cur;
		memset(&cur, 0, sizeof cur);
	}
	if (pass == MAX_PASSES) {
		rc = scta_err_set(err, SCTA_ERR_RUNTIME,
				  "%s: the page numbers of the contents did not settle", path);
		goto out;
	}
	pdf_toc_release(&prev);
	prev = cur;
	memset(&cur, 0, sizeof cur);
	rc = pdf_layout_run(g, in, tpl, &prev, 1, &cur, err);
	if (rc)
		goto out;
	if (!pdf_toc_equal(&prev, &cur)) {
		rc = scta_err_set(err, SCTA_ERR_RUNTIME,
				  "%s: the drawn pages differ from the measured ones", path);
		goto out;
	}
	rc = set_info(g, cfg, err);
	if (!rc)
		rc = pdf_gfx_save(g, path, err);
out:
	pdf_toc_release(&prev);
	pdf_toc_release(&cur);
	pdf_gfx_free(g);
	free(tpl);
	return rc;
}
