/*
 * xlsx.c - the GAO-style workbook (libxlsxwriter).
 *
 * Sheets, in order: Contents, Notes, one "Table N" per analysis table,
 * the detail sheets (Partnerships, Responses, Questions, Rejects, each
 * continued on "Name (2)" ... past Excel's 1,048,576 rows), and a Data
 * dictionary. Layout follows gptables practice: one table per sheet, title
 * in A1, no merged cells, numbers stored as numbers, notes and source below.
 *
 * The workbook is opened in constant-memory mode so detail sheets stream
 * with flat memory. That mode flushes a row as soon as a later row of the
 * same sheet is written and refuses to go back, so every sheet is written
 * top to bottom, but sheets need not be filled in their order. The
 * Contents sheet comes first in the workbook but is filled last, because
 * only then are the continuation sheets known; the Table sheets are added
 * before the detail sheets but filled after them, so that the analysis may
 * still be running on another thread while the details stream (see
 * render_input's plan and wait_analysis). Column widths, autofilters and print
 * settings are stored by libxlsxwriter and written when the workbook is
 * closed, so they can be set after the rows.
 *
 * Determinism: libxlsxwriter 1.1.4 stamps every zip entry 1980-01-01 and
 * takes docProps' created/modified time from the `created` property, which
 * is set from cfg->report.date; nothing else depends on the clock.
 *
 * This is the only file that includes <xlsxwriter.h>.
 */
#include "render/render.h"
#include "render/tilemap.h"

#include "analysis/analysis.h"
#include "util/table.h"
#include "config/config.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/mem.h"
#include "util/strbuf.h"
#include "util/vocab.h"
#include "util/tempfile.h"
#include "util/text.h"
#include "util/tmpstream.h"
#include "util/utf8.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <xlsxwriter.h>

#define XL_ROWS 1048576u         /* rows in a sheet */
#define XL_COLS 16384u           /* columns in a sheet */
#define XL_STR_MAX 32767u        /* characters in a cell */
#define XL_NAME_MAX 31u          /* characters in a sheet name */
#define WIDTH_MIN 8u             /* column width bounds, in characters */
#define WIDTH_MAX 60u
#define HEADER_WORD 12u          /* headers wrap, but not narrower than this */
#define LINE_PT 15.0             /* height of a line of 11-point text */
#define LINE_PX 20.0             /* the same in pixels, as drawings are measured */
#define CHART_MIN_PX 288.0       /* Excel's default chart height */
#define MAX_LINES 27u            /* Excel's tallest row, 409 points */
#define CHART_MAX_CATS 1000u     /* beyond this a bar chart is unreadable */
#define EXACT_INT 9007199254740992LL  /* 2^53: larger ints are not exact doubles */
#define SHEET_XML_BUDGET 3500000000ULL /* bytes of one sheet's XML, under zip's 4 GB */
#define DETAIL_IOBUF (256u << 10)      /* stdio buffer of a detail sheet's temporary file */

/*
 * Percent cells stay numbers; a share that is not zero but rounds to 0%
 * reads "<1%", as in the PDF (table.c's cell_format), never "0%".
 */
#define PCT_FORMAT "[=0]0%;[<0.005]\"<1%\";0%"

static const char *const notice_fmt =
	"This is not a GAO product. It was prepared by %s in the style of the U.S. "
	"Government Accountability Office's reports; GAO has not reviewed or endorsed it.";

/*
 * Cell styles. Detail sheets use the default style (no format) where they
 * can: in libxlsxwriter 1.1.4 a formatted cell costs about as much again
 * as the rest of writing it unless formats are shared (shared_format).
 * Rows with wrapped text get ST_DETAIL_TOP so all their cells align at
 * the top.
 */
enum style { ST_BODY, ST_TOTAL, ST_DETAIL, ST_DETAIL_TOP, ST__N };
enum fkind { FK_TEXT, FK_WRAP, FK_INT, FK_REAL, FK_PCT, FK__N };

/* One line of the Contents sheet. */
struct entry {
	char *name;
	char *desc;
	lxw_worksheet *ws;
};

/* A detail sheet family, for the data dictionary (copied: a spec belongs to its stream). */
struct dict_col {
	char *name, *meaning, *values;
	enum cell_kind kind;
};

struct dict {
	char *sheet;        /* first sheet's name */
	unsigned parts;
	struct dict_col *cols;
	size_t ncols;
};

struct xw {
	const struct render_input *in;
	const struct scta_config *cfg;
	const char *path;
	struct scta_err *err;
	lxw_workbook *wb;

	lxw_format *fmt[ST__N][FK__N];
	struct {                  /* the distinct cell styles (shared_format) */
		const char *num;
		int wrap, total;
		lxw_format *f;
	} shared[ST__N * FK__N + 1];
	size_t nshared;
	lxw_format *f_title, *f_cover, *f_header, *f_bold, *f_note;

	struct strbuf tbuf;     /* cell text after escaping */
	char month_year[32];
	char *footer;
	char *header;           /* a restricted edition's print header (the marking), or NULL */
	const char *marking;    /* render_marking() */

	struct entry *entries;  /* every sheet, in order */
	size_t nentries, centries;
	struct dict *dicts;
	size_t ndicts, cdicts;
	/* the map sheets' cell and conditional formats, each made once (map_format) */
	struct map_fmt {
		char num[32];
		unsigned fill, text;
		int dxf;
		lxw_format *f;
	} *mapfmt;
	size_t nmapfmt, cmapfmt;
	/* stdio buffers of the detail sheets' temporary files: freed after they are closed */
	char **iobufs;
	size_t niobufs, ciobufs;
};

struct sheet {
	lxw_worksheet *ws;
	const char *name;       /* owned by the entry */
	size_t entry;           /* index in x->entries */
	size_t ncols;
	size_t *width;          /* display width per column */
	size_t cap;             /* widest column; wider text wraps */
	size_t row_lines;       /* text lines of the row being written */
	int one_line;           /* body rows are one line: no wrapped text */
	/*
	 * Rows above the sheet's own: 1 on a restricted edition, whose marking
	 * is row 1 of every sheet (sheet_open). Every row number the writers
	 * use is the sheet's own; the calls into libxlsxwriter add r0.
	 */
	lxw_row_t r0;
};

/* ---------------------------------------------------------------- errors */

static int lx_fail(struct xw *x, lxw_error e, const struct sheet *s, lxw_row_t r, lxw_col_t c,
		   const char *what)
{
	char cell[32];

	if (!s)
		return scta_err_set(x->err, SCTA_ERR_RUNTIME, "%s: %s: %s", x->path, what,
				    lxw_strerror(e));
	lxw_rowcol_to_cell(cell, r + s->r0, c);
	return scta_err_set(x->err, SCTA_ERR_RUNTIME, "%s: sheet '%s' cell %s: %s: %s", x->path,
			    s->name, cell, what, lxw_strerror(e));
}

/* ------------------------------------------------------------ text helpers */

/* UTF-16 code units of cp: Excel's limits count these. */
static size_t cp_units(uint32_t cp)
{
	return cp > 0xFFFF ? 2 : 1;
}

/* Is p the start of "_xHHHH_", which Excel would read as an escaped character? */
static int is_xml_escape(const char *p, const char *end)
{
	int i;

	if (end - p < 7 || p[0] != '_' || p[1] != 'x' || p[6] != '_')
		return 0;
	for (i = 2; i < 6; i++) {
		char ch = p[i];

		if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F')))
			return 0;
	}
	return 1;
}

/*
 * A character of the data a cell must not carry unseen: a control other
 * than line break and tab (shown as "\x0B", as the PDF and the terminal
 * show it) or a bidirectional control, which would make the cell's text read
 * backwards (shown as "\u202E"). Line breaks and tabs stay: a wrapped cell
 * shows them as they are meant.
 */
static int hidden_cp(uint32_t cp)
{
	return cp != '\n' && cp != '\t' && cp != 0xFFFE && cp != 0xFFFF && text_unsafe_cp(cp);
}

/* The visible form of hidden character cp into buf (at least 8 bytes): its length. */
static size_t visible_cp(uint32_t cp, char *buf, size_t size)
{
	int n = cp == '\r' ? snprintf(buf, size, "\\r")
		: cp < 0x80 ? snprintf(buf, size, "\\x%02X", (unsigned)cp)
		: snprintf(buf, size, "\\u%04X", (unsigned)cp);

	return n > 0 ? (size_t)n : 0;
}

/*
 * Walk s as Excel will store it: invalid UTF-8 and the non-characters
 * U+FFFE/U+FFFF (not allowed in XML) become U+FFFD, hidden characters
 * (hidden_cp) their visible form, and a literal "_xHHHH_" gets its
 * underscore escaped as "_x005F_" so Excel shows it unchanged.
 * Appends to out (if not NULL) until `limit` UTF-16 units; returns the units
 * of the whole escaped text and sets *cps to its code points.
 */
static size_t escape_walk(const char *s, struct strbuf *out, size_t limit, size_t *cps)
{
	const char *p = s, *end = s + strlen(s);
	size_t units = 0, n = 0;
	int full = 0;

	while (p < end) {
		const char *at = p;
		uint32_t cp;
		size_t u;
		char enc[4];
		size_t nb;

		if (is_xml_escape(p, end)) {
			/* The underscore itself is written as _x005F_. */
			if (out && !full && units + 7 <= limit)
				strbuf_add(out, "_x005F_", 7);
			else
				full = 1;
			units += 7;
			n++;
			p++;
			continue;
		}
		cp = utf8_next(&p, end);
		if (hidden_cp(cp)) {
			char vis[16];
			size_t vn = visible_cp(cp, vis, sizeof(vis));

			if (out && !full && units + vn <= limit)
				strbuf_add(out, vis, vn);
			else
				full = 1;
			units += vn;
			n += vn;
			continue;
		}
		if (cp == 0xFFFE || cp == 0xFFFF)
			cp = 0xFFFD;
		u = cp_units(cp);
		if (out && !full && units + u <= limit) {
			/* Replaced characters are re-encoded; all others copied as they are. */
			if (cp == 0xFFFD) {
				nb = utf8_encode(cp, enc);
			} else {
				nb = (size_t)(p - at);
				memcpy(enc, at, nb);
			}
			strbuf_add(out, enc, nb);
		} else {
			full = 1;
		}
		units += u;
		n++;
	}
	*cps = n;
	return units;
}

/*
 * The text to hand to libxlsxwriter for s: s itself when it needs nothing,
 * else an escaped (and, past Excel's cell limit, truncated and marked) copy
 * in x->tbuf, valid until the next call.
 */
static const char *xl_text(struct xw *x, const char *s)
{
	size_t len = strlen(s), i, units, cps;
	int plain = len <= XL_STR_MAX, ascii = 1;
	char marker[128];

	for (i = 0; plain && i < len; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch < 0x80) {
			if ((ch == '_' && s[i + 1] == 'x') || hidden_cp(ch))
				plain = 0;
			continue;
		}
		ascii = 0;
		if (ch == 0xEF && (unsigned char)s[i + 1] == 0xBF &&
		    ((unsigned char)s[i + 2] == 0xBE || (unsigned char)s[i + 2] == 0xBF))
			plain = 0;
	}
	/* ASCII is valid UTF-8: only other text needs the full check (and a C1 or bidi control). */
	if (plain && !ascii) {
		const char *p = s, *end = s + len;

		if (!utf8_valid(s, len, NULL))
			plain = 0;
		while (plain && p < end)
			if (hidden_cp(utf8_next(&p, end)))
				plain = 0;
	}
	if (plain)
		return s;

	units = escape_walk(s, NULL, SIZE_MAX, &cps);
	strbuf_reset(&x->tbuf);
	if (units <= XL_STR_MAX) {
		escape_walk(s, &x->tbuf, SIZE_MAX, &cps);
		return x->tbuf.buf;
	}
	/* Never silently shorter: say so in the cell itself. */
	snprintf(marker, sizeof(marker),
		 " [truncated at Excel's cell limit of 32,767 characters; the full text has %zu]",
		 cps);
	escape_walk(s, &x->tbuf, XL_STR_MAX - strlen(marker), &cps);
	strbuf_adds(&x->tbuf, marker);
	return x->tbuf.buf;
}

/* Width of a header: it wraps, so count its longest word, but at least HEADER_WORD. */
static size_t header_width(const char *s)
{
	size_t full = utf8_width(s), word = 0, best = 0;
	const char *p = s, *end = s + strlen(s);

	while (p < end) {
		uint32_t cp = utf8_next(&p, end);

		if (cp == ' ') {
			word = 0;
			continue;
		}
		word += utf8_is_wide(cp) ? 2 : 1;
		if (word > best)
			best = word;
	}
	if (best < HEADER_WORD)
		best = HEADER_WORD;
	return full < best ? full : best;
}

/*
 * Lines that s takes when wrapped in a column colw characters wide,
 * breaking at spaces and newlines as spreadsheet programs do. Neither
 * Excel nor LibreOffice fits row heights to wrapped text in a file they
 * open, so the writer sets heights from this.
 */
static size_t wrap_lines(const char *s, size_t colw)
{
	const char *p = s, *end = s + strlen(s);
	/* Text is narrower than the digit widths columns are measured in. */
	size_t avail = colw ? colw : 1, lines = 1, line = 0, word = 0;

	for (;;) {
		uint32_t cp = p < end ? utf8_next(&p, end) : '\n';
		int last = p >= end && cp == '\n';

		if (cp != ' ' && cp != '\n') {
			word += utf8_is_wide(cp) ? 2 : 1;
			continue;
		}
		if (word) {
			if (line && line + 1 + word <= avail) {
				line += 1 + word;
			} else {
				if (line)
					lines++;
				lines += (word - 1) / avail;
				line = word - (word - 1) / avail * avail;
			}
			word = 0;
		}
		if (last || lines >= MAX_LINES)
			break;
		if (cp == '\n') {
			lines++;
			line = 0;
		}
	}
	return lines < MAX_LINES ? lines : MAX_LINES;
}

static size_t int_width(int64_t v, int grouped)
{
	char buf[32];
	size_t n = (size_t)snprintf(buf, sizeof(buf), "%lld", (long long)v);
	size_t digits = v < 0 ? n - 1 : n;

	return grouped ? n + (digits - 1) / 3 : n;
}

static const char *kind_name(enum cell_kind k)
{
	switch (k) {
	case CELL_TEXT:
		return "Text";
	case CELL_INT:
		return "Whole number";
	case CELL_REAL:
		return "Number";
	case CELL_PCT:
		return "Percent (stored as a fraction from 0 to 1)";
	default:
		return "Empty";
	}
}

/* Append s to sb with '&' doubled, as Excel's header/footer codes need. */
static void add_hf(struct strbuf *sb, const char *s)
{
	for (; *s; s++) {
		if (*s == '&')
			strbuf_addch(sb, '&');
		strbuf_addch(sb, *s);
	}
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int parse_report_date(struct xw *x, time_t *created)
{
	static const char *const months[12] = {
		"January", "February", "March", "April", "May", "June", "July",
		"August", "September", "October", "November", "December"
	};
	const char *s = x->cfg->report.date;
	struct date d;

	if (!s || text_date(s, &d) != 0)
		return scta_err_set(x->err, SCTA_ERR_CONFIG,
				    "[report] date '%s' is not YYYY-MM or YYYY-MM-DD", s ? s : "");
	if (d.m)
		snprintf(x->month_year, sizeof(x->month_year), "%s %d", months[d.m - 1], d.y);
	else
		snprintf(x->month_year, sizeof(x->month_year), "%d", d.y);
	*created = (time_t)(days_from_civil(d.y, d.m ? d.m : 1, d.d ? d.d : 1) * 86400);
	return 0;
}

/* ------------------------------------------------------------ sheets */

static int name_taken(const struct xw *x, const char *name)
{
	size_t i;

	for (i = 0; i < x->nentries; i++)
		if (text_ieq(x->entries[i].name, name))
			return 1;
	return 0;
}

/*
 * A valid, unique sheet name from base plus " (part)" when part > 1:
 * characters Excel forbids become '_', and base is cut so the whole stays
 * within 31 characters. Caller frees.
 */
static char *sheet_name(const struct xw *x, const char *base, unsigned part)
{
	struct strbuf clean = STRBUF_INIT, name = STRBUF_INIT;
	const char *p = base && *base ? base : "Sheet", *end = p + strlen(p);
	char suffix[32];
	unsigned k = part;

	while (p < end) {
		const char *at = p;
		uint32_t cp = utf8_next(&p, end);

		if (cp < 0x20 || strchr("[]:*?/\\", (int)cp) || cp == 0xFFFD)
			strbuf_addch(&clean, '_');
		else
			strbuf_add(&clean, at, (size_t)(p - at));
	}
	if (clean.buf[0] == '\'')
		clean.buf[0] = '_';
	for (;;) {
		size_t room, units = 0;

		suffix[0] = '\0';
		if (k > 1)
			snprintf(suffix, sizeof(suffix), " (%u)", k);
		room = XL_NAME_MAX - strlen(suffix);
		strbuf_reset(&name);
		p = clean.buf;
		end = p + clean.len;
		while (p < end) {
			const char *at = p;
			uint32_t cp = utf8_next(&p, end);

			if (units + cp_units(cp) > room)
				break;
			units += cp_units(cp);
			strbuf_add(&name, at, (size_t)(p - at));
		}
		while (name.len && (name.buf[name.len - 1] == ' ' || name.buf[name.len - 1] == '\''))
			name.buf[--name.len] = '\0';
		if (!name.len)
			strbuf_adds(&name, "Sheet");
		strbuf_adds(&name, suffix);
		if (!name_taken(x, name.buf))
			break;
		k = k < 2 ? 2 : k + 1;
	}
	strbuf_release(&clean);
	return strbuf_detach(&name);
}

static void set_footer(struct xw *x, struct sheet *s)
{
	struct strbuf sb = STRBUF_INIT;

	/*
	 * A footer over 255 characters is refused; it is only decoration then,
	 * but a restricted edition's marking stays (config.c keeps it short).
	 */
	if (worksheet_set_footer(s->ws, x->footer) != LXW_NO_ERROR) {
		strbuf_adds(&sb, "&C");
		if (x->marking) {
			add_hf(&sb, x->marking);
			strbuf_adds(&sb, "\n");
		}
		strbuf_adds(&sb, "Page &P of &N");
		worksheet_set_footer(s->ws, sb.buf);
	}
	if (x->header)
		worksheet_set_header(s->ws, x->header);
	strbuf_release(&sb);
}

/*
 * Add a worksheet named from base/part and list it on the Contents sheet;
 * *entry is its index in x->entries. Its rows can be written later
 * (sheet_open): a sheet's place in the workbook is the order of adding.
 */
static int sheet_reserve(struct xw *x, const char *base, unsigned part, const char *desc,
			 size_t *entry)
{
	char *name = sheet_name(x, base, part);
	lxw_worksheet *ws = NULL;
	lxw_error e;

	e = workbook_validate_sheet_name(x->wb, name);
	if (e != LXW_NO_ERROR || !(ws = workbook_add_worksheet(x->wb, name))) {
		scta_err_set(x->err, SCTA_ERR_RUNTIME, "%s: cannot add sheet '%s': %s", x->path,
			     name, lxw_strerror(e != LXW_NO_ERROR ? e : LXW_ERROR_MEMORY_MALLOC_FAILED));
		free(name);
		return SCTA_ERR_RUNTIME;
	}
	XGROW(x->entries, x->centries, x->nentries + 1);
	x->entries[x->nentries].name = name;
	x->entries[x->nentries].desc = xstrdup(desc ? desc : "");
	x->entries[x->nentries].ws = ws;
	*entry = x->nentries++;
	return 0;
}

/* Start writing the reserved sheet `entry`, ncols wide. */
static int sheet_open(struct xw *x, size_t entry, size_t ncols, struct sheet *s)
{
	struct entry *en = &x->entries[entry];

	memset(s, 0, sizeof(*s));
	if (ncols > XL_COLS)
		return scta_err_set(x->err, SCTA_ERR_RUNTIME,
				    "%s: sheet '%s' needs %zu columns; a sheet holds %u", x->path,
				    en->name, ncols, XL_COLS);
	s->ws = en->ws;
	s->entry = entry;
	s->name = en->name;
	s->ncols = ncols ? ncols : 1;
	s->width = xcalloc(s->ncols, sizeof(*s->width));
	s->cap = WIDTH_MAX;
	worksheet_set_paper(s->ws, 1);          /* US Letter */
	worksheet_fit_to_pages(s->ws, 1, 0);    /* one page wide, as long as needed */
	set_footer(x, s);
	/*
	 * A restricted edition's marking is the first row of every sheet, so
	 * it is seen (and read by a screen reader) before anything else; the
	 * sheet's title or header row follows in row 2. No cell is merged.
	 */
	if (x->marking) {
		lxw_error e = worksheet_write_string(s->ws, 0, 0, xl_text(x, x->marking), x->f_bold);

		if (e != LXW_NO_ERROR)
			return lx_fail(x, e, s, 0, 0, "marking");
		s->r0 = 1;
	}
	return 0;
}

/* Add a worksheet (sheet_reserve) and start writing it (sheet_open). */
static int sheet_add(struct xw *x, const char *base, unsigned part, const char *desc,
		     size_t ncols, struct sheet *s)
{
	size_t entry;
	int rc;

	memset(s, 0, sizeof(*s));
	if ((rc = sheet_reserve(x, base, part, desc, &entry)))
		return rc;
	return sheet_open(x, entry, ncols, s);
}

static void track(struct sheet *s, lxw_col_t c, size_t w)
{
	if (c < s->ncols && w > s->width[c])
		s->width[c] = w;
}

/* The width column c will get from what has been seen so far. */
static size_t width_guess(const struct sheet *s, lxw_col_t c)
{
	size_t w = c < s->ncols ? s->width[c] + 2 : WIDTH_MIN;

	return w < WIDTH_MIN ? WIDTH_MIN : w > s->cap ? s->cap : w;
}

/* Fit column widths to the content seen, and choose the page orientation. */
static int sheet_finish(struct xw *x, struct sheet *s)
{
	size_t c, total = 0;
	lxw_error e;

	for (c = 0; c < s->ncols; c++) {
		size_t w = width_guess(s, (lxw_col_t)c);

		total += w;
		e = worksheet_set_column(s->ws, (lxw_col_t)c, (lxw_col_t)c, (double)w, NULL);
		if (e != LXW_NO_ERROR)
			return lx_fail(x, e, s, 0, (lxw_col_t)c, "column width");
	}
	/* About 100 characters fit across a portrait Letter page. */
	if (total > 100)
		worksheet_set_landscape(s->ws);
	return 0;
}

static void want_lines(struct sheet *s, size_t lines)
{
	if (lines > s->row_lines)
		s->row_lines = lines;
}

/* Finish row r: make it tall enough for its wrapped text. */
static int row_done(struct xw *x, struct sheet *s, lxw_row_t r)
{
	lxw_error e = LXW_NO_ERROR;

	if (s->row_lines > 1)
		e = worksheet_set_row(s->ws, r + s->r0, LINE_PT * (double)s->row_lines, NULL);
	s->row_lines = 0;
	return e == LXW_NO_ERROR ? 0 : lx_fail(x, e, s, r, 0, "row height");
}

static void sheet_release(struct sheet *s)
{
	free(s->width);
	s->width = NULL;
}

/* ------------------------------------------------------------ cells */

static int put_str(struct xw *x, struct sheet *s, lxw_row_t r, lxw_col_t c, const char *str,
		   lxw_format *f)
{
	lxw_error e = worksheet_write_string(s->ws, r + s->r0, c, xl_text(x, str), f);

	return e == LXW_NO_ERROR ? 0 : lx_fail(x, e, s, r, c, "text");
}

static int put_num(struct xw *x, struct sheet *s, lxw_row_t r, lxw_col_t c, double v,
		   lxw_format *f)
{
	lxw_error e;

	if (!isfinite(v))
		return scta_err_set(x->err, SCTA_ERR_RUNTIME,
				    "%s: sheet '%s' row %u column %u: value is not a finite number",
				    x->path, s->name, (unsigned)r + 1, (unsigned)c + 1);
	e = worksheet_write_number(s->ws, r + s->r0, c, v, f);
	return e == LXW_NO_ERROR ? 0 : lx_fail(x, e, s, r, c, "number");
}

static int put_header(struct xw *x, struct sheet *s, lxw_row_t r, lxw_col_t c, const char *name)
{
	const char *h = name ? name : "";

	track(s, c, header_width(h));
	want_lines(s, wrap_lines(h, width_guess(s, c)));
	return put_str(x, s, r, c, h, x->f_header);
}

static int is_detail(enum style st)
{
	return st == ST_DETAIL || st == ST_DETAIL_TOP;
}

/* Display width of a cell as put_cell shows it. */
static size_t cell_width(const struct cell *cell, enum style st)
{
	char buf[64];

	switch (cell->kind) {
	case CELL_TEXT:
		return cell->s ? utf8_width(cell->s) : 0;
	case CELL_INT:
		if (cell->i > EXACT_INT || cell->i < -EXACT_INT)
			return (size_t)snprintf(buf, sizeof(buf), "%lld", (long long)cell->i);
		return int_width(cell->i, !is_detail(st));
	case CELL_REAL:
		return (size_t)snprintf(buf, sizeof(buf), is_detail(st) ? "%.10g" : "%.2f", cell->d);
	case CELL_PCT:
		return (size_t)snprintf(buf, sizeof(buf), "%.0f%%", cell->d * 100.0);
	default:
		return 0;
	}
}

/* Write one typed cell in style st, tracking its display width. */
static int put_cell(struct xw *x, struct sheet *s, lxw_row_t r, lxw_col_t c,
		    const struct cell *cell, enum style st)
{
	lxw_format **f = x->fmt[st];
	char buf[64];
	size_t w;
	lxw_error e;

	switch (cell->kind) {
	case CELL_TEXT: {
		const char *str = cell->s ? cell->s : "";
		size_t len = strlen(str);
		int wrap;

		/*
		 * Bytes bound the width, so short text needs no measuring; nor
		 * does any text in a full-width column of a sheet that never wraps.
		 */
		if (s->one_line && c < s->ncols && s->width[c] + 2 >= s->cap)
			w = 0;
		else if (len <= s->cap && (c >= s->ncols || len <= s->width[c]))
			w = len;
		else
			w = utf8_width(str);
		wrap = !s->one_line && (w > s->cap || memchr(str, '\n', len) != NULL);
		track(s, c, w);
		if (wrap)
			want_lines(s, wrap_lines(str, width_guess(s, c)));
		return put_str(x, s, r, c, str, f[wrap ? FK_WRAP : FK_TEXT]);
	}
	case CELL_INT:
		track(s, c, cell_width(cell, st));
		if (cell->i > EXACT_INT || cell->i < -EXACT_INT) {
			/* A double would round it; keep every digit as text. */
			snprintf(buf, sizeof(buf), "%lld", (long long)cell->i);
			return put_str(x, s, r, c, buf, f[FK_TEXT]);
		}
		return put_num(x, s, r, c, (double)cell->i, f[FK_INT]);
	case CELL_REAL:
		track(s, c, cell_width(cell, st));
		return put_num(x, s, r, c, cell->d, f[FK_REAL]);
	case CELL_PCT:
		track(s, c, cell_width(cell, st));
		return put_num(x, s, r, c, cell->d, f[FK_PCT]);
	default:
		if (st != ST_TOTAL)
			return 0;
		/* Keep the total row's rule unbroken across empty cells. */
		e = worksheet_write_blank(s->ws, r + s->r0, c, f[FK_TEXT]);
		return e == LXW_NO_ERROR ? 0 : lx_fail(x, e, s, r, c, "blank");
	}
}

/* ------------------------------------------------------------ formats */

static lxw_format *new_format(struct xw *x)
{
	return workbook_add_format(x->wb);
}

/*
 * libxlsxwriter 1.1.4 caches a format's index only in the first format of
 * each set of properties; a second, identical format is looked up by hash
 * on every cell it writes. So every distinct style is made once and shared.
 */
static lxw_format *shared_format(struct xw *x, const char *num, int wrap, int total)
{
	size_t i;
	lxw_format *f;

	for (i = 0; i < x->nshared; i++)
		if (x->shared[i].wrap == wrap && x->shared[i].total == total &&
		    ((!num && !x->shared[i].num) || (num && x->shared[i].num &&
						    !strcmp(num, x->shared[i].num))))
			return x->shared[i].f;
	if (x->nshared == sizeof(x->shared) / sizeof(x->shared[0]) || !(f = new_format(x)))
		return NULL;
	format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
	if (num)
		format_set_num_format(f, num);
	if (wrap)
		format_set_text_wrap(f);
	if (total) {
		format_set_bold(f);
		format_set_top(f, LXW_BORDER_THIN);
	}
	x->shared[x->nshared].num = num;
	x->shared[x->nshared].wrap = wrap;
	x->shared[x->nshared].total = total;
	x->shared[x->nshared++].f = f;
	return f;
}

static int make_formats(struct xw *x)
{
	static const char *const num[ST__N][FK__N] = {
		[ST_BODY] = { NULL, NULL, "#,##0", "0.00", PCT_FORMAT },
		[ST_TOTAL] = { NULL, NULL, "#,##0", "0.00", PCT_FORMAT },
		[ST_DETAIL] = { NULL, NULL, NULL, NULL, PCT_FORMAT },
		[ST_DETAIL_TOP] = { NULL, NULL, NULL, NULL, PCT_FORMAT },
	};
	int st, k;

	for (st = 0; st < ST__N; st++) {
		for (k = 0; k < FK__N; k++) {
			if (st == ST_DETAIL && k != FK_WRAP && k != FK_PCT) {
				x->fmt[st][k] = NULL;   /* the default style */
				continue;
			}
			x->fmt[st][k] = shared_format(x, num[st][k], k == FK_WRAP, st == ST_TOTAL);
			if (!x->fmt[st][k])
				return scta_err_set(x->err, SCTA_ERR_RUNTIME, "%s: cannot add a format",
						    x->path);
		}
	}
	x->f_note = shared_format(x, NULL, 1, 0);
	if (!(x->f_title = new_format(x)) || !(x->f_cover = new_format(x)) ||
	    !(x->f_header = new_format(x)) || !(x->f_bold = new_format(x)) || !x->f_note)
		return scta_err_set(x->err, SCTA_ERR_RUNTIME, "%s: cannot add a format", x->path);
	format_set_bold(x->f_title);
	format_set_font_size(x->f_title, 12);
	format_set_bold(x->f_cover);
	format_set_font_size(x->f_cover, 14);
	format_set_bold(x->f_header);
	format_set_text_wrap(x->f_header);
	format_set_align(x->f_header, LXW_ALIGN_VERTICAL_BOTTOM);
	format_set_bg_color(x->f_header, 0xDCE6F1);
	format_set_bottom(x->f_header, LXW_BORDER_THIN);
	format_set_bold(x->f_bold);
	format_set_align(x->f_bold, LXW_ALIGN_VERTICAL_TOP);
	return 0;
}

/* ------------------------------------------------------------ notes sheet */

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

static const char *organization(const struct xw *x)
{
	const char *o = x->cfg->report.organization;

	return o && *o ? o : "the issuing organization";
}

static int note_row(struct xw *x, struct sheet *s, lxw_row_t *r, const char *topic,
		    const char *text)
{
	int rc;

	if ((rc = put_str(x, s, *r, 0, topic, x->f_bold)))
		return rc;
	track(s, 0, utf8_width(topic));
	if ((rc = put_str(x, s, *r, 1, text, x->f_note)))
		return rc;
	track(s, 1, WIDTH_MAX);   /* notes wrap in a column of the usual cap */
	want_lines(s, wrap_lines(text, width_guess(s, 1)));
	if ((rc = row_done(x, s, *r)))
		return rc;
	(*r)++;
	return 0;
}

/* The fixed rows of the Notes sheet: the Act's definitions and the methodology. */
static const struct { const char *term, *text; } fixed_notes[] = {
	{ "Foreign community",
	  "A unit of government below the national level (such as a province, "
	  "state, county or city) in a country other than the United States; "
	  "definition from the Sister City Transparency Act." },
	{ "Sister city partnership",
	  "A formal agreement between a U.S. community and a foreign community "
	  "that Sister Cities International recognizes and that operates within "
	  "the United States; definition from the Act." },
	{ "United States community",
	  "A State, county, city, or other unit of local government in the United "
	  "States; definition from the Act. Communities in the U.S. territories "
	  "are counted as U.S. communities." },
	{ "Community (in counts)",
	  "Communities are counted as distinct pairs of U.S. state and U.S. "
	  "community name." },
	{ "The Act",
	  "The Sister City Transparency Act (S.710, 117th Congress; S.1184, 118th; "
	  "S.1351, 119th) would direct GAO to study such partnerships. It has not "
	  "been enacted." },
	{ "Methodology",
	  "Input files were checked row by row. Rows that failed a check were not "
	  "loaded; each is listed with its file and line on the Rejects sheet (with "
	  "its reason, except in a public edition), and the row counts per file are "
	  "given below." },
	{ "Methodology", NULL },   /* the base of percentages: named from the questionnaire */
	{ "Methodology",
	  "Cells hold unrounded values; percentages are displayed rounded, so shown "
	  "percentages may not add to exactly 100." },
	{ "Methodology",
	  "Every figure comes from one analysis of the study database; the PDF "
	  "report prints the same numbers." },
};

static int write_notes(struct xw *x)
{
	const struct scta_config *cfg = x->cfg;
	struct sheet s;
	struct strbuf sb = STRBUF_INIT, statuses = STRBUF_INIT;
	lxw_row_t r = 0;
	size_t i;
	int rc;
	static const char *const file_hdr[] = {
		"Input", "File", "SHA-256", "Rows read", "Rows loaded", "Rows rejected",
		"Records removed"
	};

	if ((rc = sheet_add(x, "Notes", 0,
			    "Scope rule, definitions, methodology, data sources and input files", 7, &s)))
		return rc;
	s.cap = 70;   /* a SHA-256 (64 characters) stays on one line */
	for (i = 0; i < cfg->scope.nstatuses; i++)
		strbuf_addf(&statuses, "%s%s", i ? ", " : "", cfg->scope.statuses[i]);

	if ((rc = put_str(x, &s, r++, 0, "Notes", x->f_cover)))
		goto out;
	r++;
	if ((rc = put_header(x, &s, r, 0, "Topic")) || (rc = put_header(x, &s, r, 1, "Note")) ||
	    (rc = row_done(x, &s, r)))
		goto out;
	r++;

	if (cfg->report.data_note && *cfg->report.data_note &&
	    (rc = note_row(x, &s, &r, "About the data", cfg->report.data_note)))
		goto out;
	if (render_audience_note(cfg) &&
	    (rc = note_row(x, &s, &r, "Public edition", render_audience_note(cfg))))
		goto out;
	if (x->marking) {
		strbuf_addf(&sb, "This edition is marked \"%s\". It carries respondents' names and "
			    "contact details, comments, partnership notes and the list of flagged "
			    "partnerships, which a public edition leaves out.", x->marking);
		rc = note_row(x, &s, &r, "Restricted edition", sb.buf);
		strbuf_reset(&sb);
		if (rc)
			goto out;
	}
	strbuf_addf(&sb,
		    "A partnership is in scope when its foreign country scored %d or less on "
		    "Transparency International's Corruption Perceptions Index (CPI) %d "
		    "(0 = highly corrupt, 100 = very clean) and its status is one counted as "
		    "operating: %s.",
		    cfg->scope.cpi_max, cfg->scope.cpi_year,
		    statuses.len ? statuses.buf : "(none configured)");
	if ((rc = note_row(x, &s, &r, "Scope", sb.buf)))
		goto out;
	strbuf_reset(&sb);
	strbuf_addf(&sb,
		    "Partnerships whose foreign country has no CPI %d score are reported as not "
		    "scored: they are listed in their own table, never silently dropped.",
		    cfg->scope.cpi_year);
	if ((rc = note_row(x, &s, &r, "Not scored", sb.buf)))
		goto out;
	if (cfg->scope.nbands) {
		strbuf_reset(&sb);
		strbuf_adds(&sb, "Tables by CPI score band group the scores as: ");
		for (i = 0; i < cfg->scope.nbands; i++)
			strbuf_addf(&sb, "%s%s (%d to %d)", i ? ", " : "",
				    or_empty(cfg->scope.bands[i].label), cfg->scope.bands[i].lo,
				    cfg->scope.bands[i].hi);
		strbuf_adds(&sb, ".");
		if ((rc = note_row(x, &s, &r, "CPI score bands", sb.buf)))
			goto out;
	}
	for (i = 0; i < sizeof(fixed_notes) / sizeof(fixed_notes[0]); i++) {
		const char *text = fixed_notes[i].text;

		if (!text) {
			/* The answers kept out of bases are the questionnaire's, e.g. "Not sure". */
			struct strbuf ob = STRBUF_INIT;

			questionnaire_out_of_base(x->in->q, NULL, &ob);
			strbuf_reset(&sb);
			strbuf_adds(&sb, "Percentages of questionnaire answers use valid answers as their "
				    "base");
			if (ob.len)
				strbuf_addf(&sb, ": %s answers are counted but kept out of the base", ob.buf);
			strbuf_adds(&sb, ". Each table states its base (n) below the table.");
			strbuf_release(&ob);
			text = sb.buf;
		}
		if ((rc = note_row(x, &s, &r, fixed_notes[i].term, text)))
			goto out;
	}
	strbuf_reset(&sb);
	strbuf_addf(&sb,
		    "Corruption Perceptions Index %d by Transparency International is licensed "
		    "under CC BY-ND 4.0 (https://creativecommons.org/licenses/by-nd/4.0/). Scores "
		    "are used as published.",
		    cfg->scope.cpi_year);
	if ((rc = note_row(x, &s, &r, "Data source", sb.buf)) ||
	    (rc = note_row(x, &s, &r, "Data source",
			   "Partnership records derived from Wikipedia's lists of twin towns and "
			   "sister cities reuse Wikipedia text, available under CC BY-SA 4.0 "
			   "(https://creativecommons.org/licenses/by-sa/4.0/).")))
		goto out;
	strbuf_reset(&sb);
	strbuf_addf(&sb, "Questionnaire responses were collected by %s.", organization(x));
	if ((rc = note_row(x, &s, &r, "Data source", sb.buf)))
		goto out;
	/* Shown from the config's directory: the same workbook from any current directory. */
	if (x->in->q && x->in->q->path) {
		char *shown = render_path_shown(cfg, x->in->q->path);

		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s (SHA-256 %s)", shown, x->in->q->sha256);
		free(shown);
		if ((rc = note_row(x, &s, &r, "Questionnaire", sb.buf)))
			goto out;
	}
	if (cfg->path) {
		char *shown = render_path_shown(cfg, cfg->path);

		rc = note_row(x, &s, &r, "Configuration", shown);
		free(shown);
		if (rc)
			goto out;
	}
	strbuf_reset(&sb);
	strbuf_addf(&sb, "All dates in this workbook are fixed by the report date, %s.",
		    x->month_year);
	if ((rc = note_row(x, &s, &r, "Report date", sb.buf)))
		goto out;

	r++;
	if ((rc = put_str(x, &s, r++, 0, "Input files", x->f_title)))
		goto out;
	for (i = 0; i < 7; i++)
		if ((rc = put_header(x, &s, r, (lxw_col_t)i, file_hdr[i])))
			goto out;
	if ((rc = row_done(x, &s, r)))
		goto out;
	r++;
	if (!x->in->nsources && (rc = put_str(x, &s, r++, 0, "No input files recorded.", NULL)))
		goto out;
	for (i = 0; i < x->in->nsources; i++, r++) {
		const struct render_source *src = &x->in->sources[i];
		struct cell c = { CELL_TEXT, 0, 0, NULL };
		long long n[4] = { src->rows_read, src->rows_loaded, src->rows_rejected,
				   src->rows_removed };
		int k;

		c.s = (char *)or_empty(src->kind);
		if ((rc = put_cell(x, &s, r, 0, &c, ST_BODY)))
			goto out;
		c.s = (char *)or_empty(src->path);
		if ((rc = put_cell(x, &s, r, 1, &c, ST_BODY)))
			goto out;
		c.s = (char *)or_empty(src->sha256);
		if ((rc = put_cell(x, &s, r, 2, &c, ST_BODY)))
			goto out;
		for (k = 0; k < 4; k++) {
			struct cell v = { CELL_INT, n[k], 0, NULL };

			if ((rc = put_cell(x, &s, r, (lxw_col_t)(3 + k), &v, ST_BODY)))
				goto out;
		}
		if ((rc = row_done(x, &s, r)))
			goto out;
	}
	worksheet_freeze_panes(s.ws, 3 + s.r0, 0);
	rc = sheet_finish(x, &s);
out:
	sheet_release(&s);
	strbuf_release(&sb);
	strbuf_release(&statuses);
	return rc;
}

/* ------------------------------------------------------------ charts */

static lxw_series_data_point *cache_point(void)
{
	/* libxlsxwriter frees cache points and their strings with free(). */
	return xcalloc(1, sizeof(lxw_series_data_point));
}

/*
 * In constant-memory mode libxlsxwriter cannot read cells back, so it would
 * write chart ranges with no cached values, and text categories as a
 * numeric reference. The table is in memory, so fill the caches here: the
 * chart then shows correctly in every reader, including those that do not
 * recalculate.
 */
static void cache_categories(lxw_series_range *range, const struct table *t, size_t nrows)
{
	size_t i;
	char buf[64];

	if (!range || !range->data_cache)
		return;
	for (i = 0; i < nrows; i++) {
		const struct cell *c = table_cell(t, i, 0);
		lxw_series_data_point *pt = cache_point();

		pt->is_string = 1;
		if (c->kind == CELL_TEXT) {
			pt->string = xstrdup(c->s ? c->s : "");
		} else {
			cell_format(c, buf, sizeof(buf));
			pt->string = xstrdup(buf);
		}
		STAILQ_INSERT_TAIL(range->data_cache, pt, list_pointers);
	}
	range->has_string_cache = 1;
	range->num_data_points = (uint16_t)nrows;
}

static void cache_values(lxw_series_range *range, const struct table *t, size_t nrows,
			 size_t col)
{
	size_t i;

	if (!range || !range->data_cache)
		return;
	for (i = 0; i < nrows; i++) {
		const struct cell *c = table_cell(t, i, col);
		lxw_series_data_point *pt = cache_point();

		if (c->kind == CELL_INT)
			pt->number = (double)c->i;
		else if ((c->kind == CELL_REAL || c->kind == CELL_PCT) && isfinite(c->d))
			pt->number = c->d;
		else
			pt->no_data = 1;
		STAILQ_INSERT_TAIL(range->data_cache, pt, list_pointers);
	}
	range->num_data_points = (uint16_t)nrows;
}

static const char *value_num_format(enum cell_kind k)
{
	return k == CELL_PCT ? PCT_FORMAT : k == CELL_INT ? "#,##0" : "General";
}

/* Alt text: what the chart shows (render_chart_alt), and where its numbers are. */
static void chart_alt_text(const struct table *t, size_t n, size_t nrows, struct strbuf *sb)
{
	char of[32];

	snprintf(of, sizeof of, "Table %zu", n);
	render_chart_alt(t, of, nrows, sb);
	strbuf_adds(sb, "The numbers are in the table on this sheet.");
}

/*
 * A chart beside the table, from the chart hint; rows first..first+nrows-1
 * are data. Its top is level with the header row and it is as tall as the
 * table (table_px from the header down), but not shorter than Excel's
 * default; *height_px gets its height, or 0 when there is no chart.
 */
static int add_chart(struct xw *x, const struct table *t, size_t n, struct sheet *s,
		     lxw_row_t first, size_t nrows, double table_px, double *height_px)
{
	lxw_chart *chart;
	lxw_chart_axis *cat_axis, *val_axis;
	lxw_chart_options opt;
	struct strbuf alt = STRBUF_INIT;
	size_t k, nser, col, fig = 0;
	double h;
	lxw_error e;
	int bar = t->chart == CHART_BAR;

	*height_px = 0;
	if (t->chart == CHART_NONE)
		return 0;
	nser = bar ? 1 : t->chart_ncols;
	if (t->chart_col == 0 || nser == 0 || t->chart_col + nser > t->ncols)
		return scta_err_set(x->err, SCTA_ERR_RUNTIME,
				    "%s: table '%s': chart columns %zu..%zu are outside its %zu "
				    "columns", x->path, t->id, t->chart_col, t->chart_col + nser - 1,
				    t->ncols);
	if (nrows == 0 || nrows > CHART_MAX_CATS)
		return 0;

	chart = workbook_add_chart(x->wb, bar ? LXW_CHART_BAR : LXW_CHART_BAR_STACKED_PERCENT);
	if (!chart)
		return scta_err_set(x->err, SCTA_ERR_RUNTIME, "%s: table '%s': cannot add a chart",
				    x->path, t->id);
	for (k = 0; k < nser; k++) {
		lxw_chart_series *ser = chart_add_series(chart, NULL, NULL);
		const char *hn;

		col = t->chart_col + k;
		hn = or_empty(t->cols[col].name);
		if (!ser)
			return scta_err_set(x->err, SCTA_ERR_RUNTIME,
					    "%s: table '%s': cannot add a chart series", x->path, t->id);
		chart_series_set_categories(ser, s->name, first + s->r0, 0,
					    (lxw_row_t)(first + s->r0 + nrows - 1), 0);
		chart_series_set_values(ser, s->name, first + s->r0, (lxw_col_t)col,
					(lxw_row_t)(first + s->r0 + nrows - 1), (lxw_col_t)col);
		/* A leading '=' would make libxlsxwriter read the name as a formula. */
		if (hn[0] == '=')
			chart_series_set_name_range(ser, s->name, first - 1 + s->r0, (lxw_col_t)col);
		else
			chart_series_set_name(ser, hn);
		cache_categories(ser->categories, t, nrows);
		cache_values(ser->values, t, nrows, col);
	}
	(void)render_table_number(x->in, t->id, &fig);
	if (fig) {
		/* The figure's number in every output (the PDF shows the same chart). */
		strbuf_reset(&x->tbuf);
		strbuf_addf(&x->tbuf, "Figure %zu: %s", fig, t->title);
		chart_title_set_name(chart, x->tbuf.buf);
	} else if (t->title[0] == '=') {
		chart_title_set_name_range(chart, s->name, s->r0, 0);
	} else {
		chart_title_set_name(chart, t->title);
	}
	/*
	 * In libxlsxwriter's (horizontal) bar charts x_axis is the value axis
	 * along the bottom and y_axis the category axis.
	 */
	cat_axis = chart->y_axis;
	val_axis = chart->x_axis;
	if (t->cols[0].name && t->cols[0].name[0] == '=')
		chart_axis_set_name_range(cat_axis, s->name, first - 1 + s->r0, 0);
	else
		chart_axis_set_name(cat_axis, or_empty(t->cols[0].name));
	/* Bars read top to bottom in table order; the value axis stays at the bottom. */
	chart_axis_set_reverse(cat_axis);
	chart_axis_set_crossing_max(cat_axis);
	if (bar) {
		const char *vn = or_empty(t->cols[t->chart_col].name);

		if (vn[0] == '=')
			chart_axis_set_name_range(val_axis, s->name, first - 1 + s->r0,
						  (lxw_col_t)t->chart_col);
		else
			chart_axis_set_name(val_axis, vn);
		chart_axis_set_num_format(val_axis, value_num_format(t->cols[t->chart_col].kind));
		chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
	} else {
		chart_axis_set_name(val_axis, "Percent");
		chart_axis_set_num_format(val_axis, "0%");
		chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
	}

	chart_alt_text(t, n, nrows, &alt);
	memset(&opt, 0, sizeof(opt));
	opt.x_offset = 16;
	opt.x_scale = 1.25;
	h = table_px < CHART_MIN_PX ? CHART_MIN_PX : table_px;
	opt.y_scale = h / CHART_MIN_PX;
	opt.description = alt.buf;
	e = worksheet_insert_chart_opt(s->ws, first - 1 + s->r0, (lxw_col_t)(t->ncols + 1), chart,
				       &opt);
	strbuf_release(&alt);
	if (e != LXW_NO_ERROR)
		return lx_fail(x, e, s, first - 1, (lxw_col_t)(t->ncols + 1), "chart");
	*height_px = h;
	return 0;
}

/* ------------------------------------------------------------ table sheets */

/* A note without the "Note:" or "Notes:" it may begin with. */
static const char *note_text(const char *note)
{
	if (strncmp(note, "Note:", 5) == 0)
		note += 5;
	else if (strncmp(note, "Notes:", 6) == 0)
		note += 6;
	while (*note == ' ')
		note++;
	return note;
}

/* Reserve the sheet of table n (from 1), described from the plan. */
static int reserve_table(struct xw *x, const struct table *t, size_t n, size_t *entry)
{
	char base[32];

	snprintf(base, sizeof(base), "Table %zu", n);
	return sheet_reserve(x, base, 0, t->title, entry);
}

/*
 * "Source: ..." below a table in sb, closed with the report number as GAO
 * does (unless the analysis's line has it); 0 when the table has none.
 */
static int source_line(const struct table *t, const char *number, struct strbuf *sb)
{
	if (!t->source || !*t->source)
		return 0;
	strbuf_reset(sb);
	strbuf_addf(sb, "Source: %s", t->source);
	if (number && *number && !strstr(t->source, number))
		strbuf_addf(sb, " | %s", number);
	return 1;
}

/* Write table n into its reserved sheet `entry`. */
static int write_table(struct xw *x, const struct table *t, size_t n, size_t entry)
{
	struct sheet s;
	struct strbuf sb = STRBUF_INIT;
	const char *number = x->cfg->report.number;
	lxw_row_t r = 0, first;
	size_t i, c, ndata;
	double table_px = 0, chart_px = 0;
	int rc;

	memset(&s, 0, sizeof(s));
	free(x->entries[entry].desc);
	x->entries[entry].desc = xstrdup(t->title ? t->title : "");
	if ((rc = sheet_open(x, entry, t->ncols, &s)))
		goto out;
	if (t->nrows + t->nnotes + 8 + s.r0 > XL_ROWS) {
		rc = scta_err_set(x->err, SCTA_ERR_RUNTIME,
				  "%s: table '%s' has %zu rows; a sheet holds %u", x->path, t->id,
				  t->nrows, XL_ROWS);
		goto out;
	}
	/* Measure first, so the header row's height fits the final widths. */
	for (c = 0; c < t->ncols; c++) {
		track(&s, (lxw_col_t)c, header_width(t->cols[c].name));
		for (i = 0; i < t->nrows; i++)
			track(&s, (lxw_col_t)c, cell_width(table_cell(t, i, c), ST_BODY));
	}
	strbuf_addf(&sb, "Table %zu: %s", n, t->title);
	/* The notes qualify the whole table: their markers go in its title
	 * (the UK Analysis Function's "[note 1]" form), the notes below it. */
	for (i = 0; i < t->nnotes; i++)
		strbuf_addf(&sb, " [note %zu]", i + 1);
	if ((rc = put_str(x, &s, r++, 0, sb.buf, x->f_title)))
		goto out;
	for (c = 0; c < t->ncols; c++)
		if ((rc = put_header(x, &s, r, (lxw_col_t)c, t->cols[c].name)))
			goto out;
	table_px += LINE_PX * (double)(s.row_lines > 1 ? s.row_lines : 1);
	if ((rc = row_done(x, &s, r)))
		goto out;
	r++;
	first = r;
	for (i = 0; i < t->nrows; i++, r++) {
		enum style st = (t->has_total && i + 1 == t->nrows) ? ST_TOTAL : ST_BODY;

		for (c = 0; c < t->ncols; c++)
			if ((rc = put_cell(x, &s, r, (lxw_col_t)c, table_cell(t, i, c), st)))
				goto out;
		table_px += LINE_PX * (double)(s.row_lines > 1 ? s.row_lines : 1);
		if ((rc = row_done(x, &s, r)))
			goto out;
	}
	ndata = t->has_total && t->nrows ? t->nrows - 1 : t->nrows;
	if ((rc = add_chart(x, t, n, &s, first, ndata, table_px, &chart_px)))
		goto out;
	/*
	 * Notes are long lines: start them below the chart, which would hide
	 * them. In constant-memory mode libxlsxwriter anchors a chart as if
	 * every row had the default height, so count rows the same way.
	 */
	{
		lxw_row_t below = first + (lxw_row_t)ceil(chart_px / LINE_PX);

		r = r + 1 > below ? r + 1 : below;
	}
	if (t->base && *t->base && (rc = put_str(x, &s, r++, 0, t->base, NULL)))
		goto out;
	for (i = 0; i < t->nnotes; i++) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "Note %zu: %s", i + 1, note_text(t->notes[i]));
		if ((rc = put_str(x, &s, r++, 0, sb.buf, NULL)))
			goto out;
	}
	if (source_line(t, number, &sb) && (rc = put_str(x, &s, r++, 0, sb.buf, NULL)))
		goto out;

	worksheet_freeze_panes(s.ws, first + s.r0, 0);
	if (worksheet_repeat_rows(s.ws, s.r0, first - 1 + s.r0) != LXW_NO_ERROR) {
		rc = scta_err_set(x->err, SCTA_ERR_RUNTIME, "%s: sheet '%s': cannot repeat rows",
				  x->path, s.name);
		goto out;
	}
	rc = sheet_finish(x, &s);
out:
	sheet_release(&s);
	strbuf_release(&sb);
	return rc;
}

/* ------------------------------------------------------------ map sheets */

/*
 * A format of the map sheets, made once per distinct style: a square
 * (centred, thin border) with number format num (NULL: text), fill and
 * text colour; or (dxf) the fill and font of a conditional format.
 */
static lxw_format *map_format(struct xw *x, const char *num, unsigned fill, unsigned text,
			      int dxf)
{
	struct map_fmt *mf;
	lxw_format *f;
	size_t i;

	for (i = 0; i < x->nmapfmt; i++) {
		mf = &x->mapfmt[i];
		if (mf->dxf == dxf && mf->fill == fill && mf->text == text &&
		    !strcmp(mf->num, num ? num : ""))
			return mf->f;
	}
	if (!(f = new_format(x)))
		return NULL;
	if (dxf) {
		format_set_bg_color(f, (lxw_color_t)fill);
		format_set_font_color(f, (lxw_color_t)text);
	} else {
		format_set_align(f, LXW_ALIGN_CENTER);
		format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
		format_set_border(f, LXW_BORDER_THIN);
		format_set_border_color(f, TILEMAP_EDGE);
		if (fill != TILEMAP_ABSENT_FILL)
			format_set_bg_color(f, (lxw_color_t)fill);
		format_set_font_color(f, (lxw_color_t)text);
		if (num)
			format_set_num_format(f, num);
	}
	XGROW(x->mapfmt, x->cmapfmt, x->nmapfmt + 1);
	mf = &x->mapfmt[x->nmapfmt++];
	snprintf(mf->num, sizeof(mf->num), "%s", num ? num : "");
	mf->fill = fill;
	mf->text = text;
	mf->dxf = dxf;
	mf->f = f;
	return f;
}

/*
 * The map sheet of table t (tnum: its number) as Figure fig: the tile grid
 * in cells A3:L11, each square the value with its postal code in the number
 * format ("TX "#,##0), shaded by one conditional format per class; a square
 * whose state the table lacks holds its code as text. Then the legend, the
 * note and the source.
 */
static int write_map(struct xw *x, const struct table *t, const char *column, size_t fig,
		     size_t tnum, size_t entry)
{
	const lxw_row_t top = 2;
	struct tilemap m;
	struct sheet s;
	struct strbuf sb = STRBUF_INIT;
	lxw_conditional_format cf;
	lxw_format *f;
	const char *number = x->cfg->report.number;
	char num[32], formula[160];
	lxw_row_t r = 0;
	lxw_col_t c;
	size_t i, k;
	int pct, rc;

	memset(&s, 0, sizeof(s));
	if ((rc = tilemap_make(t, column, &m, x->err)))
		return rc;
	pct = t->cols[m.value_col].kind == CELL_PCT;
	free(x->entries[entry].desc);
	x->entries[entry].desc = xstrdup(m.title);
	if ((rc = sheet_open(x, entry, TILEMAP_COLS, &s)))
		goto out;
	strbuf_addf(&sb, "Figure %zu: %s [note 1]", fig, m.title);
	if ((rc = put_str(x, &s, r++, 0, sb.buf, x->f_title)))
		goto out;
	strbuf_reset(&sb);
	strbuf_addf(&sb, "Each square: the postal code and the column %s of Table %zu.",
		    t->cols[m.value_col].name, tnum);
	if ((rc = put_str(x, &s, r++, 0, sb.buf, NULL)))
		goto out;
	for (r = top; r < top + TILEMAP_ROWS; r++) {
		for (i = 0; i < TILEMAP_NTILES; i++) {
			const struct tilemap_square *q = &m.sq[i];
			const struct cell *v;

			if ((lxw_row_t)q->row != r - top)
				continue;
			if (q->cls < 0) {
				f = map_format(x, NULL, TILEMAP_ABSENT_FILL, TILEMAP_ABSENT_TEXT, 0);
				rc = f ? put_str(x, &s, r, (lxw_col_t)q->col, q->code, f)
				       : scta_err_set(x->err, SCTA_ERR_RUNTIME, "%s: cannot add a format",
						      x->path);
			} else {
				for (k = 0; k < t->nrows; k++) {
					const struct cell *sc = table_cell(t, k, m.state_col);

					if (sc->kind == CELL_TEXT && sc->s && !strcmp(sc->s, q->code))
						break;
				}
				if (k == t->nrows)   /* tilemap_make found it: unreachable */
					continue;
				v = table_cell(t, k, m.value_col);
				snprintf(num, sizeof(num), "\"%s \"%s", q->code, pct ? "0%" : "#,##0");
				f = map_format(x, num, TILEMAP_ABSENT_FILL, 0x000000u, 0);
				rc = f ? put_num(x, &s, r, (lxw_col_t)q->col,
						 v->kind == CELL_INT ? (double)v->i : v->d, f)
				       : scta_err_set(x->err, SCTA_ERR_RUNTIME, "%s: cannot add a format",
						      x->path);
			}
			if (rc)
				goto out;
		}
		/* put_str() writes below the marking row of a restricted edition: so must this. */
		if (worksheet_set_row(s.ws, r + s.r0, 30, NULL) != LXW_NO_ERROR) {
			rc = lx_fail(x, LXW_ERROR_PARAMETER_VALIDATION, &s, r, 0, "row height");
			goto out;
		}
	}
	/*
	 * One conditional format per class, relative to the grid's first cell
	 * (A3, or A4 below a restricted edition's marking row).
	 */
	for (k = 0; k < m.nclasses; k++) {
		char a1[16], v[40];

		snprintf(a1, sizeof(a1), "A%u", (unsigned)(top + s.r0 + 1));
		snprintf(v, sizeof(v), pct ? "ROUND(%s*100,0)" : "%s", a1);
		if (k + 1 < m.nclasses)
			snprintf(formula, sizeof(formula), "=AND(ISNUMBER(%s),%s>=%g,%s<%g)", a1, v,
				 m.classes[k].lo, v, m.classes[k + 1].lo);
		else
			snprintf(formula, sizeof(formula), "=AND(ISNUMBER(%s),%s>=%g)", a1, v,
				 m.classes[k].lo);
		memset(&cf, 0, sizeof(cf));
		cf.type = LXW_CONDITIONAL_TYPE_FORMULA;
		cf.value_string = formula;
		cf.format = map_format(x, NULL, m.classes[k].fill, m.classes[k].text, 1);
		if (!cf.format) {
			rc = scta_err_set(x->err, SCTA_ERR_RUNTIME, "%s: cannot add a format", x->path);
			goto out;
		}
		if (worksheet_conditional_format_range(s.ws, top + s.r0, 0,
						       top + s.r0 + TILEMAP_ROWS - 1,
						       TILEMAP_COLS - 1, &cf) != LXW_NO_ERROR) {
			rc = lx_fail(x, LXW_ERROR_PARAMETER_VALIDATION, &s, top, 0,
				     "conditional format");
			goto out;
		}
	}
	r = top + TILEMAP_ROWS;
	if ((rc = put_str(x, &s, r, 0, t->cols[m.value_col].name, x->f_bold)))
		goto out;
	for (k = 0, c = 1; k <= m.nclasses && c < TILEMAP_COLS; k++, c += 2) {
		int absent = k == m.nclasses;

		f = map_format(x, NULL, absent ? TILEMAP_ABSENT_FILL : m.classes[k].fill,
			       absent ? TILEMAP_ABSENT_TEXT : m.classes[k].text, 0);
		if (!f) {
			rc = scta_err_set(x->err, SCTA_ERR_RUNTIME, "%s: cannot add a format", x->path);
			goto out;
		}
		if ((rc = put_str(x, &s, r, c, absent ? m.absent_label : m.classes[k].label, f)))
			goto out;
	}
	r++;
	strbuf_reset(&sb);
	strbuf_addf(&sb, "Note 1: %s", m.note);
	if ((rc = put_str(x, &s, r++, 0, sb.buf, NULL)))
		goto out;
	if (source_line(t, number, &sb) && (rc = put_str(x, &s, r++, 0, sb.buf, NULL)))
		goto out;
	for (c = 0; c < TILEMAP_COLS; c++)
		track(&s, c, 9);
	rc = sheet_finish(x, &s);
out:
	sheet_release(&s);
	strbuf_release(&sb);
	tilemap_release(&m);
	return rc;
}

/* ------------------------------------------------------------ detail sheets */

static int detail_begin(struct xw *x, const struct detail_spec *spec, const char *base,
			unsigned part, struct sheet *s)
{
	size_t c, entry;
	int rc;

	memset(s, 0, sizeof(*s));
	if ((rc = sheet_reserve(x, base, part, spec->desc, &entry)))
		return rc;
	/*
	 * A detail sheet's rows go to libxlsxwriter's temporary file through
	 * stdio, a 4 KiB write() at a time by default: hundreds of thousands
	 * of system calls for a million rows. A larger buffer, set before the
	 * file's first use (nothing is written to it until a second row
	 * starts), cuts them about sixtyfold.
	 */
	if (x->entries[entry].ws->optimize_tmpfile) {
		/* glibc ignores the size unless it is given the buffer. */
		XGROW(x->iobufs, x->ciobufs, x->niobufs + 1);
		x->iobufs[x->niobufs] = xmalloc(DETAIL_IOBUF);
		setvbuf(x->entries[entry].ws->optimize_tmpfile, x->iobufs[x->niobufs++], _IOFBF,
			DETAIL_IOBUF);
	}
	if ((rc = sheet_open(x, entry, spec->ncols, s)))
		return rc;
	for (c = 0; c < spec->ncols; c++)
		if ((rc = put_header(x, s, 0, (lxw_col_t)c, spec->cols[c].name)))
			return rc;
	if ((rc = row_done(x, s, 0)))
		return rc;
	s->one_line = spec->one_line;
	return 0;
}

static int detail_end(struct xw *x, const struct detail_spec *spec, struct sheet *s,
		      lxw_row_t last)
{
	lxw_error e;

	worksheet_freeze_panes(s->ws, 1 + s->r0, 0);
	e = worksheet_autofilter(s->ws, s->r0, 0, last + s->r0, (lxw_col_t)(spec->ncols - 1));
	if (e != LXW_NO_ERROR)
		return lx_fail(x, e, s, 0, 0, "autofilter");
	e = worksheet_repeat_rows(s->ws, s->r0, s->r0);
	if (e != LXW_NO_ERROR)
		return lx_fail(x, e, s, 0, 0, "repeat rows");
	return sheet_finish(x, s);
}

/*
 * Look at a row before writing it: return an upper bound of the XML bytes
 * it adds to its sheet (escaping can grow text up to 7 times, "_x0001_",
 * and a cell's markup is under 64 bytes), and set *wraps when some text
 * may wrap (too wide, or with a line break) on a sheet that wraps: the
 * whole row then aligns at the top.
 */
static uint64_t row_scan(const struct sheet *s, const struct cell *row, size_t ncols, int *wraps)
{
	uint64_t n = 64;
	size_t c, len;

	*wraps = 0;
	for (c = 0; c < ncols; c++) {
		n += 64;
		if (row[c].kind != CELL_TEXT || !row[c].s)
			continue;
		len = strlen(row[c].s);
		n += 7 * (uint64_t)len;
		if (!s->one_line && (len > s->cap || memchr(row[c].s, '\n', len)))
			*wraps = 1;
	}
	return n;
}

static void dict_add(struct xw *x, const struct detail_spec *spec, const char *sheet,
		     unsigned parts)
{
	struct dict *dc;
	size_t c;

	XGROW(x->dicts, x->cdicts, x->ndicts + 1);
	dc = &x->dicts[x->ndicts++];
	dc->sheet = xstrdup(sheet);
	dc->parts = parts;
	dc->ncols = spec->ncols;
	dc->cols = xcalloc(spec->ncols, sizeof(*dc->cols));
	for (c = 0; c < spec->ncols; c++) {
		dc->cols[c].name = xstrdup(or_empty(spec->cols[c].name));
		dc->cols[c].meaning = xstrdup(or_empty(spec->cols[c].meaning));
		if (spec->cols[c].vocab) {
			/* The vocabulary as the importer accepts it (util/vocab.c). */
			struct strbuf sb = STRBUF_INIT;

			vocab_list(spec->cols[c].vocab, NULL, &sb);
			strbuf_adds(&sb, "; empty when not recorded");
			dc->cols[c].values = strbuf_detach(&sb);
		} else {
			dc->cols[c].values = xstrdup(or_empty(spec->cols[c].values));
		}
		dc->cols[c].kind = spec->cols[c].kind;
	}
}

/*
 * Stream one detail kind onto as many sheets as its rows need. A sheet
 * also ends before its XML could pass 4 GB, so the zip container never
 * needs ZIP64 extensions, which some readers cannot open.
 */
static int write_detail(struct xw *x, enum detail_kind kind)
{
	struct detail *d = NULL;
	const struct detail_spec *spec;
	const struct cell *row;
	struct sheet s;
	struct strbuf sb = STRBUF_INIT;
	const char *base;
	size_t first_entry = 0, c;
	unsigned part = 1, p;
	lxw_row_t r = 1;
	uint64_t bytes = 0, rb;
	int64_t done = 0;
	int rc, wraps;

	memset(&s, 0, sizeof(s));
	if ((rc = x->in->detail_open(x->in, kind, &d, x->err)))
		goto out;
	spec = d ? d->spec : NULL;
	if (!spec || !spec->ncols || !spec->cols || !d->next) {
		rc = scta_err_set(x->err, SCTA_ERR_RUNTIME,
				  "%s: detail stream %d has no column specification", x->path,
				  (int)kind);
		goto out;
	}
	/* A stream without a sheet name takes the standard one for its kind. */
	base = spec->sheet && *spec->sheet ? spec->sheet
	       : detail_spec(kind) ? detail_spec(kind)->sheet : "Details";
	if ((rc = detail_begin(x, spec, base, 1, &s)))
		goto out;
	first_entry = s.entry;
	for (;;) {
		if ((rc = d->next(d, &row, x->err)))
			goto out;
		if (!row)
			break;
		rb = row_scan(&s, row, spec->ncols, &wraps);
		if (r + s.r0 == XL_ROWS || (r > 1 && bytes + rb > SHEET_XML_BUDGET)) {
			/* The sheet is full: carry on, header repeated, on "Name (2)". */
			if ((rc = detail_end(x, spec, &s, r - 1)))
				goto out;
			sheet_release(&s);
			if ((rc = detail_begin(x, spec, base, ++part, &s)))
				goto out;
			r = 1;
			bytes = 0;
		}
		bytes += rb;
		if (x->in->progress && ++done % 20000 == 0)
			x->in->progress(x->in->progress_ctx, base, done);
		for (c = 0; c < spec->ncols; c++)
			if ((rc = put_cell(x, &s, r, (lxw_col_t)c, &row[c],
					   wraps ? ST_DETAIL_TOP : ST_DETAIL)))
				goto out;
		if ((rc = row_done(x, &s, r)))
			goto out;
		r++;
	}
	if ((rc = detail_end(x, spec, &s, r - 1)))
		goto out;

	if (part > 1) {
		for (p = 0; p < part; p++) {
			struct entry *en = &x->entries[first_entry + p];

			strbuf_reset(&sb);
			strbuf_addf(&sb, "%s (part %u of %u)", or_empty(spec->desc), p + 1, part);
			free(en->desc);
			en->desc = strbuf_detach(&sb);
		}
	}
	dict_add(x, spec, x->entries[first_entry].name, part);
out:
	sheet_release(&s);
	strbuf_release(&sb);
	if (d && d->close)
		d->close(d);
	return rc;
}

static int write_dictionary(struct xw *x)
{
	static const char *const hdr[] = { "Sheet", "Column", "Type", "Meaning", "Allowed values" };
	struct sheet s;
	struct strbuf sb = STRBUF_INIT;
	lxw_row_t r = 1;
	size_t i, c;
	int rc;
	lxw_error e;

	if ((rc = sheet_add(x, "Data dictionary", 0,
			    "Every column of the detail sheets: type, meaning and allowed values", 5,
			    &s)))
		return rc;
	for (c = 0; c < 5; c++)
		if ((rc = put_header(x, &s, 0, (lxw_col_t)c, hdr[c])))
			goto out;
	if ((rc = row_done(x, &s, 0)))
		goto out;
	for (i = 0; i < x->ndicts; i++) {
		const struct dict *dc = &x->dicts[i];

		strbuf_reset(&sb);
		strbuf_adds(&sb, dc->sheet);
		if (dc->parts > 1)
			strbuf_addf(&sb, " (continued on %u more sheet%s)", dc->parts - 1,
				    dc->parts > 2 ? "s" : "");
		for (c = 0; c < dc->ncols; c++, r++) {
			const struct dict_col *col = &dc->cols[c];
			struct cell v = { CELL_TEXT, 0, 0, NULL };

			v.s = sb.buf;
			if ((rc = put_cell(x, &s, r, 0, &v, ST_DETAIL_TOP)))
				goto out;
			v.s = col->name;
			if ((rc = put_cell(x, &s, r, 1, &v, ST_DETAIL_TOP)))
				goto out;
			v.s = (char *)kind_name(col->kind);
			if ((rc = put_cell(x, &s, r, 2, &v, ST_DETAIL_TOP)))
				goto out;
			v.s = col->meaning;
			if ((rc = put_cell(x, &s, r, 3, &v, ST_DETAIL_TOP)))
				goto out;
			v.s = col->values;
			if ((rc = put_cell(x, &s, r, 4, &v, ST_DETAIL_TOP)) || (rc = row_done(x, &s, r)))
				goto out;
		}
	}
	worksheet_freeze_panes(s.ws, 1 + s.r0, 0);
	e = worksheet_autofilter(s.ws, s.r0, 0, r - 1 + s.r0, 4);
	if (e != LXW_NO_ERROR) {
		rc = lx_fail(x, e, &s, 0, 0, "autofilter");
		goto out;
	}
	if ((e = worksheet_repeat_rows(s.ws, s.r0, s.r0)) != LXW_NO_ERROR) {
		rc = lx_fail(x, e, &s, 0, 0, "repeat rows");
		goto out;
	}
	rc = sheet_finish(x, &s);
out:
	sheet_release(&s);
	strbuf_release(&sb);
	return rc;
}

/* ------------------------------------------------------------ contents */

/* Fill the Contents sheet, created first, once every sheet is known. */
static int write_contents(struct xw *x, struct sheet *s)
{
	const struct scta_config *cfg = x->cfg;
	struct strbuf sb = STRBUF_INIT, url = STRBUF_INIT;
	lxw_row_t r = 0;
	size_t i;
	const char *p;
	int rc = 0;
	lxw_error e;

	if ((rc = put_str(x, s, r++, 0, organization(x), x->f_cover)))
		goto out;
	if (cfg->report.topic && *cfg->report.topic &&
	    (rc = put_str(x, s, r++, 0, cfg->report.topic, x->f_bold)))
		goto out;
	if ((rc = put_str(x, s, r++, 0, or_empty(cfg->report.title), x->f_title)))
		goto out;
	if (cfg->report.number && *cfg->report.number) {
		strbuf_addf(&sb, "Report number: %s", cfg->report.number);
		if ((rc = put_str(x, s, r++, 0, sb.buf, NULL)))
			goto out;
	}
	if ((rc = put_str(x, s, r++, 0, x->month_year, NULL)))
		goto out;
	if (cfg->report.addressee && *cfg->report.addressee &&
	    (rc = put_str(x, s, r++, 0, cfg->report.addressee, NULL)))
		goto out;
	r++;
	strbuf_reset(&sb);
	strbuf_addf(&sb, notice_fmt, organization(x));
	if ((rc = put_str(x, s, r++, 0, sb.buf, x->f_bold)))
		goto out;
	r++;
	if ((rc = put_header(x, s, r, 0, "Sheet")) || (rc = put_header(x, s, r, 1, "Contents")) ||
	    (rc = row_done(x, s, r)))
		goto out;
	r++;
	for (i = 0; i < x->nentries; i++, r++) {
		const struct entry *en = &x->entries[i];
		struct cell v = { CELL_TEXT, 0, 0, NULL };

		strbuf_reset(&url);
		strbuf_adds(&url, "internal:'");
		for (p = en->name; *p; p++) {
			if (*p == '\'')
				strbuf_addch(&url, '\'');
			strbuf_addch(&url, *p);
		}
		strbuf_adds(&url, "'!A1");
		e = worksheet_write_url_opt(s->ws, r + s->r0, 0, url.buf, NULL, en->name, NULL);
		if (e != LXW_NO_ERROR) {
			rc = lx_fail(x, e, s, r, 0, "link");
			goto out;
		}
		track(s, 0, utf8_width(en->name));
		v.s = en->desc;
		if ((rc = put_cell(x, s, r, 1, &v, ST_BODY)) || (rc = row_done(x, s, r)))
			goto out;
	}
	rc = sheet_finish(x, s);
out:
	strbuf_release(&sb);
	strbuf_release(&url);
	return rc;
}

/* ------------------------------------------------------------ properties */

static int set_properties(struct xw *x, time_t created)
{
	const struct scta_config *cfg = x->cfg;
	lxw_doc_properties props;
	struct strbuf notice = STRBUF_INIT, kw = STRBUF_INIT;
	char *title = xstrdup(or_empty(cfg->report.title));
	char *subject = x->marking ?
			xasprintf("%s: %s", x->marking, cfg->report.topic && *cfg->report.topic ?
				  cfg->report.topic : "Sister city partnerships") :
			xstrdup(cfg->report.topic && *cfg->report.topic ?
				cfg->report.topic : "Sister city partnerships");
	char *author = xstrdup(cfg->report.author && *cfg->report.author ?
			       cfg->report.author : organization(x));
	char *company = xstrdup(organization(x));
	char *category = xstrdup("Report workbook");
	lxw_error e;

	strbuf_addf(&notice, notice_fmt, organization(x));
	strbuf_adds(&kw, "sister city partnerships, Sister City Transparency Act, "
		    "Corruption Perceptions Index");
	if (cfg->report.number && *cfg->report.number)
		strbuf_addf(&kw, ", %s", cfg->report.number);
	if (x->marking)
		strbuf_addf(&kw, ", %s", x->marking);
	memset(&props, 0, sizeof(props));
	props.title = title;
	props.subject = subject;
	props.author = author;
	props.company = company;
	props.category = category;
	props.keywords = kw.buf;
	props.comments = notice.buf;
	props.created = created;
	e = workbook_set_properties(x->wb, &props);
	/* libxlsxwriter has no dc:language; a custom property carries it */
	if (e == LXW_NO_ERROR)
		e = workbook_set_custom_property_string(
			x->wb, "Language", cfg->report.language ? cfg->report.language : "en-US");
	/* Who the edition is for, where a document management system looks. */
	if (e == LXW_NO_ERROR && cfg->report.audience != AUDIENCE_ALL)
		e = workbook_set_custom_property_string(
			x->wb, "Audience",
			cfg->report.audience == AUDIENCE_PUBLIC ? "public" : "restricted");
	if (e == LXW_NO_ERROR && x->marking)
		e = workbook_set_custom_property_string(x->wb, "Marking", x->marking);
	free(title);
	free(subject);
	free(author);
	free(company);
	free(category);
	strbuf_release(&notice);
	strbuf_release(&kw);
	return e == LXW_NO_ERROR ? 0 : lx_fail(x, e, NULL, 0, 0, "document properties");
}

static void make_footer(struct xw *x)
{
	struct strbuf sb = STRBUF_INIT;
	const char *num = x->cfg->report.number;
	const char *st = x->cfg->report.short_title && *x->cfg->report.short_title ?
			 x->cfg->report.short_title : x->cfg->report.title;

	strbuf_adds(&sb, "&L");
	add_hf(&sb, or_empty(num));
	strbuf_adds(&sb, "&C");
	if (x->marking) {
		add_hf(&sb, x->marking);
		strbuf_adds(&sb, "\n");
	}
	strbuf_adds(&sb, "Page &P of &N&R");
	add_hf(&sb, or_empty(st));
	x->footer = strbuf_detach(&sb);
	if (x->marking) {
		strbuf_adds(&sb, "&C&B");
		add_hf(&sb, x->marking);
		x->header = strbuf_detach(&sb);
	}
}

/* ------------------------------------------------------------ entry point */

/*
 * libxlsxwriter opens the output only when the workbook is closed, and
 * reports a failure there on stderr. Try the path first, so the common
 * cause (a missing directory, no permission) is a normal error, found
 * before any work is done. A file already there (the caller's exclusively
 * created temporary file) is kept, not truncated.
 */
static int check_path(struct xw *x)
{
	int existed = !access(x->path, F_OK);
	FILE *fp = fopen(x->path, "ab");

	if (!fp)
		return scta_err_set(x->err, SCTA_ERR_RUNTIME, "%s: cannot create: %s", x->path,
				    strerror(errno));
	fclose(fp);
	if (!existed)
		remove(x->path);
	return 0;
}

/*
 * libxlsxwriter writes its scratch files (each constant-memory sheet's
 * rows, each XML part before it is zipped) with unchecked fprintf/fwrite,
 * so on a full disk a part comes back short and the workbook is silently
 * cut off. The shared library calls lxw_tmpfile() through its PLT, so this
 * definition replaces its own: the files are tmpstreams in xlsx_write's
 * private directory, whose first failed write xlsx_write checks.
 */
FILE *lxw_tmpfile(char *tmpdir)
{
	return tmpstream_open(tmpdir);
}

/*
 * Write the workbook to `path` (the caller picks a temporary name and
 * renames it; a file already there is replaced). Returns 0 or a
 * scta_status with err filled; on failure no workbook is left at path
 * (unless writing the zip itself failed part-way) and nothing is left to
 * free. The caller keeps ownership of `in`.
 */
int xlsx_write(const struct render_input *in, const char *path, struct scta_err *err)
{
	struct xw x;
	struct sheet contents;
	lxw_workbook_options opt;
	const struct analysis *layout, *an;
	const struct render_numbering *nb;
	char *tmpdir = NULL;
	struct tmpwatch *watch = NULL;
	unsigned nscratch = 0;
	int scratch_errno, close_errno;
	size_t *table_entry = NULL, *map_entry = NULL, *map_order = NULL, nmaps = 0, j;
	time_t created = 0;
	size_t i;
	int rc = 0;
	lxw_error e;
	static const enum detail_kind details[] = {
		DETAIL_PARTNERSHIPS, DETAIL_RESPONSES, DETAIL_QUESTIONS, DETAIL_REJECTS
	};

	memset(&x, 0, sizeof(x));
	memset(&contents, 0, sizeof(contents));
	strbuf_init(&x.tbuf);
	x.in = in;
	x.path = path ? path : "";
	x.err = err;
	layout = in ? (in->an ? in->an : in->plan) : NULL;
	if (!in || !in->cfg || !layout || (!in->an && !in->wait_analysis) || !in->detail_open ||
	    !path) {
		rc = scta_err_set(err, SCTA_ERR_RUNTIME,
				  "xlsx: nothing to write (missing configuration, analysis, detail "
				  "streams or path)");
		goto out;
	}
	x.cfg = in->cfg;
	x.marking = render_marking(x.cfg);
	if ((rc = parse_report_date(&x, &created)) || (rc = check_path(&x)))
		goto out;
	make_footer(&x);

	memset(&opt, 0, sizeof(opt));
	opt.constant_memory = LXW_TRUE;
	/* The scratch files go in a private directory (see lxw_tmpfile()). */
	{
		char *parent = in->tmpdir ? xstrdup(in->tmpdir) : fs_dirname(path);

		rc = tempfile_mkdir(parent, &tmpdir, err);
		free(parent);
		if (rc)
			goto out;
	}
	watch = tmpwatch_new(tmpdir);
	opt.tmpdir = tmpdir;
	/* No ZIP64: write_detail keeps every sheet's XML under 4 GB instead. */
	opt.use_zip64 = LXW_FALSE;
	x.wb = workbook_new_opt(path, &opt);
	if (!x.wb) {
		rc = scta_err_set(err, SCTA_ERR_RUNTIME, "%s: cannot start the workbook", path);
		goto out;
	}
	if ((rc = make_formats(&x)) || (rc = set_properties(&x, created)))
		goto out;

	if ((rc = sheet_add(&x, "Contents", 0, "This list: the report and every sheet", 2,
			    &contents)))
		goto out;
	if ((rc = write_notes(&x)))
		goto out;
	/*
	 * Sheets in report order, but the tables are written last: with a
	 * plan, the analysis is still running while the details stream.
	 */
	nb = in->numbering;
	if (nb && nb->n != layout->ntables) {
		rc = scta_err_set(err, SCTA_ERR_RUNTIME,
				  "%s: the numbering has %zu tables, the report %zu", path, nb->n,
				  layout->ntables);
		goto out;
	}
	/* Sheets "Table N" in the report's numbering (render_number), shared with the PDF. */
	table_entry = xcalloc(layout->ntables + 1, sizeof(*table_entry));
	for (i = 0; i < layout->ntables; i++) {
		size_t k = nb ? nb->order[i] : i;

		if ((rc = reserve_table(&x, layout->tables[k], i + 1, &table_entry[k])))
			goto out;
	}
	/* Sheets "Figure N" of the maps (render/tilemap.h), in figure order, after the tables. */
	map_entry = xcalloc(layout->ntables + 1, sizeof(*map_entry));
	map_order = xcalloc(layout->ntables + 1, sizeof(*map_order));
	for (i = 0; nb && nb->map && i < layout->ntables; i++)
		if (nb->map[i])
			map_order[nmaps++] = i;
	for (i = 1; i < nmaps; i++)   /* a handful: insertion sort by figure number */
		for (j = i; j > 0 && nb->map[map_order[j - 1]] > nb->map[map_order[j]]; j--) {
			size_t tmp = map_order[j];

			map_order[j] = map_order[j - 1];
			map_order[j - 1] = tmp;
		}
	for (i = 0; i < nmaps; i++) {
		char base[32];

		snprintf(base, sizeof(base), "Figure %zu", nb->map[map_order[i]]);
		if ((rc = sheet_reserve(&x, base, 0, layout->tables[map_order[i]]->title,
					&map_entry[map_order[i]])))
			goto out;
	}
	for (i = 0; i < sizeof(details) / sizeof(details[0]); i++)
		if ((rc = write_detail(&x, details[i])))
			goto out;
	if ((rc = write_dictionary(&x)))
		goto out;
	an = in->an;
	if (!an && (rc = in->wait_analysis(in, &an, err)))
		goto out;
	if (!analysis_same_tables(an, layout)) {
		rc = scta_err_set(err, SCTA_ERR_RUNTIME,
				  "%s: the analysis's tables (%zu) are not those of the plan the "
				  "workbook was laid out from (%zu): does a table depend on the data?",
				  path, an ? an->ntables : 0, layout->ntables);
		goto out;
	}
	for (i = 0; i < an->ntables; i++) {
		size_t k = nb ? nb->order[i] : i;

		if ((rc = write_table(&x, an->tables[k], i + 1, table_entry[k])))
			goto out;
	}
	for (i = 0; i < nmaps; i++) {
		size_t k = map_order[i];

		if ((rc = write_map(&x, an->tables[k], nb->map_col[k], nb->map[k], nb->table[k],
				    map_entry[k])))
			goto out;
	}
	if ((rc = write_contents(&x, &contents)))
		goto out;

	errno = 0;
	e = workbook_close(x.wb);
	close_errno = errno;
	x.wb = NULL;   /* closed and freed, even on error */
	/* A short scratch file is the first cause of whatever failed after it. */
	scratch_errno = tmpwatch_free(watch, &nscratch);
	watch = NULL;
	if (scratch_errno)
		rc = scta_err_set(err, SCTA_ERR_RUNTIME,
				  "%s: cannot write the workbook's temporary files in %s: %s", path,
				  tmpdir, strerror(scratch_errno));
	else if (e != LXW_NO_ERROR && close_errno)
		rc = scta_err_set(err, SCTA_ERR_RUNTIME, "%s: cannot write the workbook: %s (%s)",
				  path, strerror(close_errno), lxw_strerror(e));
	else if (e != LXW_NO_ERROR)
		rc = lx_fail(&x, e, NULL, 0, 0, "cannot write the workbook");
	else if (!nscratch)
		rc = scta_err_set(err, SCTA_ERR_RUNTIME,
				  "%s: libxlsxwriter did not write its temporary files through "
				  "lxw_tmpfile(), so a failed write could go unnoticed (is it "
				  "linked statically?)", path);
out:
	if (x.wb) {
		/*
		 * lxw_workbook_free() discards a workbook without writing it, but
		 * leaves each constant-memory sheet's temporary file open; only
		 * workbook_close() closes them.
		 */
		for (i = 0; i < x.nentries; i++) {
			if (x.entries[i].ws && x.entries[i].ws->optimize_tmpfile) {
				fclose(x.entries[i].ws->optimize_tmpfile);
				x.entries[i].ws->optimize_tmpfile = NULL;
			}
		}
		lxw_workbook_free(x.wb);
	}
	sheet_release(&contents);
	for (i = 0; i < x.nentries; i++) {
		free(x.entries[i].name);
		free(x.entries[i].desc);
	}
	free(x.entries);
	for (i = 0; i < x.ndicts; i++) {
		size_t c;

		for (c = 0; c < x.dicts[i].ncols; c++) {
			free(x.dicts[i].cols[c].name);
			free(x.dicts[i].cols[c].meaning);
			free(x.dicts[i].cols[c].values);
		}
		free(x.dicts[i].cols);
		free(x.dicts[i].sheet);
	}
	free(x.dicts);
	free(x.footer);
	free(x.header);
	tmpwatch_free(watch, NULL);
	if (tmpdir)
		tempfile_remove(tmpdir);
	free(tmpdir);
	free(table_entry);
	free(map_entry);
	free(map_order);
	free(x.mapfmt);
	for (i = 0; i < x.niobufs; i++)
		free(x.iobufs[i]);
	free(x.iobufs);
	strbuf_release(&x.tbuf);
	return rc;
}
