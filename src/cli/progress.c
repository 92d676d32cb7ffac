/*
 * progress.c - a one-line progress bar on stderr: rows done, rate and time
 * left (or rows and rate when the total is not known). Shown only when stderr is a terminal and -q was not given, and only
 * for work that has run longer than a second, so short runs stay quiet.
 */
#include "cli/cli.h"
#include "util/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

struct cli_progress {
	const char *label;       /* borrowed */
	double start, last;
	int shown;
};

struct cli_progress *cli_progress_new(const struct cli_opts *o, const char *label)
{
	struct cli_progress *p;

	if (o->quiet || !isatty(STDERR_FILENO))
		return NULL;
	p = xcalloc(1, sizeof(*p));
	p->label = label;
	p->start = p->last = cli_now();
	return p;
}

void cli_progress_update(struct cli_progress *p, int64_t rows, uint64_t done, uint64_t total)
{
	double now, el, rate, frac, left;
	char bar[31];
	int i, fill;

	if (!p)
		return;
	now = cli_now();
	el = now - p->start;
	if (el < 1.0 || now - p->last < 0.1)
		return;
	p->last = now;
	p->shown = 1;
	rate = (double)rows / el;
	if (!total) {
		/* Size unknown: rows and rate only. */
		fprintf(stderr, "\r%s  %lld rows  %.0f rows/s \033[K", p->label, (long long)rows, rate);
		fflush(stderr);
		return;
	}
	frac = (double)done / (double)total;
	if (frac > 1)
		frac = 1;
	left = frac > 0 ? el * (1 - frac) / frac : 0;
	fill = (int)(frac * 30);
	for (i = 0; i < 30; i++)
		bar[i] = i < fill ? '#' : '.';
	bar[30] = '\0';
	fprintf(stderr, "\r%s [%s] %3.0f%%  %lld rows  %.0f rows/s  %d:%02d left \033[K",
		p->label, bar, frac * 100, (long long)rows, rate, (int)left / 60, (int)left % 60);
	fflush(stderr);
}

void cli_progress_done(struct cli_progress *p)
{
	if (!p)
		return;
	if (p->shown)
		fputs("\r\033[K", stderr);
	free(p);
}
